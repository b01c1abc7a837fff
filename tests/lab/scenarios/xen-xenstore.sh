DESC="XenStore: the guest's xenbus connects, Xen's xenstore-utils read, write, list, rm, chmod and watch through /dev/xen/xenbus; permissions refuse; the toolstack's tree is there; a QMP write fires the guest's watch and a guest write fires QMP's"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 2 -m 512 -name xk-guest -uuid 5b9c2a5e-4c6e-4b4f-9d1e-7a3f00c0ffee -global xen-xenstore.quota-nodes=60 -qmp unix:/tmp/qmp2.sock,server=on,wait=off"
APPEND="quiet"
guest() {
  dmesg | grep -i xenbus
  echo "XK-DOMID $(xenstore-read domid)"
  echo "XK-NAME $(xenstore-read name)"
  echo "XK-VM $(xenstore-read vm)"
  echo "XK-UUID $(xenstore-read "$(xenstore-read vm)/uuid")"
  echo "XK-DOMPATH $(xenstore-read store/ring-ref) $(xenstore-read store/port)"
  xenstore-ls -p /local/domain/1/control | sed 's/^/XK-LS /'
  # Write, read back, list, remove.
  xenstore-write data/a one data/b/c two && echo "XK-READ $(xenstore-read data/a) $(xenstore-read data/b/c)"
  echo "XK-LIST $(xenstore-list data | tr '\n' ' ')"
  xenstore-rm data/b && { xenstore-read data/b/c 2>&1 | sed 's/^/XK-AFTER-RM /'; }
  # The store's own answers (xs-probe: raw requests on /dev/xen/xenbus).
  xs-probe write domid 7; xs-probe write /vm/x y; xs-probe read /local/domain/0/name
  xs-probe read data/nothing; xs-probe dompath 1; xs-probe introduced 1
  xs-probe introduce 2 1234 5; xs-probe getperms data; xs-probe mkdir data/d
  xs-probe dir data
  # chmod: the owner lets domain 0 read; it may not give the node away (EPERM).
  xenstore-write data/p v && xenstore-chmod data/p n1 r0 && echo "XK-PERMS $(xenstore-ls -p data | grep '^p ')"
  xs-probe setperms data/p n0
  # Transactions: the second of two to commit conflicts, and succeeds when retried.
  xenstore-write data/t zero; xs-probe conflict data/t
  # The guest's node quota (quota-nodes=60 below): refused, not grown.
  xs-probe quota data/many 100
  xenstore-rm data/many
  # Watches: the guest's own write, then the host's (QMP) fire it.
  xenstore-watch -n 3 data/w > /tmp/watch &
  sleep 1
  xenstore-write data/w/x 1
  echo "XK-WATCHING"
  n=0; while [ $n -lt 60 ] && [ "$(wc -l < /tmp/watch)" -lt 3 ]; do sleep 1; n=$((n + 1)); done
  sed 's/^/XK-WATCH /' /tmp/watch
  echo "XK-HOSTVALUE $(xenstore-read data/w/host)"
  # QMP's watch on data/q fires when the guest writes there.
  xenstore-write data/q/guest 1
  echo "XK-QWRITTEN"
  # Until the monitor is done with its commands.
  n=0; until xenstore-read data/done >/dev/null 2>&1 || [ $n -ge 120 ]; do sleep 1; n=$((n + 1)); done
  echo "XK-DONE $(xenstore-read data/done)"
}
monitor() {
  wait_guest '^XK-WATCHING' >/dev/null
  # QMP's own watch on a second monitor (a QMP socket takes one client at a
  # time), its events printed until QEMU ends.
  echo "XK-QMP $(/bin/qmp /tmp/qmp2.sock '{"execute":"xen-xenstore-watch","arguments":{"path":"/local/domain/1/data/q","token":"tq"}}' 120)" &
  sleep 2
  qmp '{"execute":"xen-xenstore-write","arguments":{"path":"/local/domain/1/data/w/host","value":"from-qmp"}}'
  qmp '{"execute":"xen-xenstore-read","arguments":{"path":"/local/domain/1/data/a"}}'
  qmp '{"execute":"xen-xenstore-list","arguments":{"path":"/local/domain/1/memory"}}'
  qmp '{"execute":"xen-xenstore-get-perms","arguments":{"path":"/local/domain/1"}}'
  qmp '{"execute":"xen-xenstore-read","arguments":{"path":"/local/domain/1/nothing"}}'
  qmp '{"execute":"human-monitor-command","arguments":{"command-line":"xen-xenstore-ls /local/domain/1/memory"}}'
  qmp '{"execute":"xen-xenstore-read","arguments":{"path":"/local/domain/1/control/sysrq"}}'
  qmp '{"execute":"xen-xenstore-set-perms","arguments":{"path":"/local/domain/1/data/a","perms":["n0","b1"]}}'
  qmp '{"execute":"xen-xenstore-get-perms","arguments":{"path":"/local/domain/1/data/a"}}'
  qmp '{"execute":"xen-xenstore-rm","arguments":{"path":"/local/domain/1/data/a"}}'
  qmp '{"execute":"xen-xenstore-list","arguments":{"path":"/local/domain/1/data"}}'
  qmp '{"execute":"xen-xenstore-write","arguments":{"path":"bad//path","value":"x"}}'
  qmp '{"execute":"xen-xenstore-write","arguments":{"path":"/local/domain/1/data/done","value":"yes"}}'
  wait
}
EXPECT_COUNT=('2 XK-XS write ERR EACCES')
EXPECT=('XK-DOMID 1$' 'XK-NAME xk-guest$' 'XK-VM /vm/5b9c2a5e-4c6e-4b4f-9d1e-7a3f00c0ffee$'
        'XK-UUID 5b9c2a5e-4c6e-4b4f-9d1e-7a3f00c0ffee$'
        'XK-DOMPATH 1044468 [0-9]+$'
        'XK-LS shutdown = "" .*\(n1\)' 'XK-LS platform-feature-xs_reset_watches = "1"'
        'XK-READ one two$' 'XK-LIST a b $' "XK-AFTER-RM .*couldn't read path data/b/c"
        'XK-XS write ERR EACCES' 'XK-XS read ERR EACCES' 'XK-XS read ERR ENOENT'
        'XK-XS dompath OK /local/domain/1\|$' 'XK-XS introduced ERR EACCES' 'XK-XS introduce ERR EACCES'
        'XK-XS getperms OK n1\|' 'XK-XS mkdir OK OK' 'XK-XS dir OK .*\|d\|'
        'XK-PERMS p = "v" .*\(n1,r0\)' 'XK-XS setperms ERR EPERM'
        'XK-XS commit1 OK OK' 'XK-XS commit2 ERR EAGAIN' 'XK-XS retried 1$' 'XK-XS final OK two$'
        'XK-XS quota refused after [1-5][0-9] nodes: (ENOSPC|EQUOTA)'
        'XK-WATCH data/w$' 'XK-WATCH data/w/x$' 'XK-WATCH data/w/host$' 'XK-HOSTVALUE from-qmp$'
        'XK-QMP \{"return": \{"value": "one"\}\}'
        'XK-QMP \{"return": \{"children": \["static-max", "target", "videoram"\]\}\}'
        'XK-QMP \{"return": \{"perms": \["n0", "r1"\]\}\}' 'XK-QMP .*"error".*ENOENT'
        'XK-QMP .*static-max = \\"524288\\"'
        'XK-QMP \{"return": \{"value": ""\}\}' 'XK-QMP \{"return": \{"perms": \["n0", "b1"\]\}\}'
        'XK-QMP \{"return": \{"children": \[[^]]*"d"[^]]*\]\}\}' 'XK-QMP .*"error".*bad//path: EINVAL'
        'XK-QMP-EVENT .*XEN_XENSTORE_WATCH.*"token": "tq", "path": "/local/domain/1/data/q"\}'
        'XK-QMP-EVENT .*XEN_XENSTORE_WATCH.*"path": "/local/domain/1/data/q/guest"'
        'XK-DONE yes$' 'XK-GUEST-EXIT 0')
REJECT=('Kernel panic' 'BUG:' 'WARNING:' 'XK-MONITOR-TIMEOUT' 'xenbus.*(fail|error)'
        'XK-QMP .*"children": \[[^]]*"a"[],]')
