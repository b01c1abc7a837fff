DESC="a guest that closed its end of the XenStore's event channel still migrates (nothing to serve until it binds again, as under Xen), and the destination's store answers QMP"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 1 -m 256"
APPEND="quiet"
TIMEOUT=420
guest() {
  insmod /lib/modules/$(uname -r)/xen-privcmd.ko unrestricted=1
  xenstore-write data/kept yes
  xen-probe xenstore-close
  n=0
  while [ $n -lt 12 ]; do sleep 1; n=$((n + 1)); echo "XK-TICK $n of 12"; done
}
monitor() {
  wait_guest "^XK-TICK 4 of" >/dev/null && migrate_l2 &
  n=0
  until [ -S /tmp/qmp-dest.sock ] && grep -q 'XK-TICK 8 of' /tmp/l2.out; do
    sleep 1; n=$((n + 1)); [ $n -lt 320 ] || { echo "XK-MONITOR-TIMEOUT dest"; break; }
  done
  echo "XK-QMP-DEST $(/bin/qmp /tmp/qmp-dest.sock '{"execute":"xen-xenstore-read","arguments":{"path":"/local/domain/1/data/kept"}}')"
  wait
}
EXPECT=('XK-XSCLOSE port [0-9]+: 0$' 'XK-MIGRATED [0-9]+ bytes' 'XK-DEST XK-TICK 12 of 12'
        'XK-QMP-DEST \{"return": \{"value": "yes"\}\}' 'XK-DEST-EXIT 0$')
REJECT=('Kernel panic' 'BUG:' 'XK-MONITOR-TIMEOUT' 'does not take Xen event channel sends' 'XK-DEST .*qemu-system-x86_64:.*(rror|fail)')
