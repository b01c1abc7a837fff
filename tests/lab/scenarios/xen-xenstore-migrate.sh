DESC="XenStore across live migration: a watch set before the move fires on the destination for the guest's and the host's writes; the store's contents come along"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 1 -m 256"
APPEND="quiet"
TIMEOUT=420
guest() {
  xenstore-write data/m/before kept
  xenstore-watch -n 3 data/m > /tmp/watch &
  n=0
  while [ $n -lt 15 ]; do sleep 1; n=$((n + 1)); echo "XK-TICK $n of 15"; done
  # On the destination from the 5th tick on.
  xenstore-write data/m/after 1
  echo "XK-AFTER-WRITTEN"
  n=0; while [ $n -lt 60 ] && [ "$(wc -l < /tmp/watch)" -lt 3 ]; do sleep 1; n=$((n + 1)); done
  sed 's/^/XK-WATCH /' /tmp/watch
  echo "XK-BEFORE $(xenstore-read data/m/before)"
  echo "XK-HOST $(xenstore-read data/m/host)"
  xs-probe bench 200
}
monitor() {
  wait_guest "^XK-TICK 5 of" >/dev/null && migrate_l2 &
  n=0
  until [ -S /tmp/qmp-dest.sock ] && grep -q 'XK-AFTER-WRITTEN' /tmp/l2.out; do
    sleep 1; n=$((n + 1)); [ $n -lt 320 ] || { echo "XK-MONITOR-TIMEOUT dest"; break; }
  done
  echo "XK-QMP-DEST $(/bin/qmp /tmp/qmp-dest.sock '{"execute":"xen-xenstore-write","arguments":{"path":"/local/domain/1/data/m/host","value":"h"}}')"
  wait
}
EXPECT=('XK-MIGRATED [0-9]+ bytes' 'XK-DEST XK-TICK 15 of 15'
        'XK-DEST XK-WATCH data/m$' 'XK-DEST XK-WATCH data/m/after$' 'XK-DEST XK-WATCH data/m/host$'
        'XK-DEST XK-BEFORE kept$' 'XK-DEST XK-HOST h$' 'XK-DEST XK-XS-BENCH'
        'XK-DEST-EXIT 0$')
REJECT=('Kernel panic' 'BUG:' 'WARNING:.*xen' 'XK-MONITOR-TIMEOUT' 'does not take Xen event channel sends' 'XK-DEST .*qemu-system-x86_64:.*(rror|fail)')
