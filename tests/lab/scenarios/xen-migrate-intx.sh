DESC="live migration with the upcall on the xen-platform device's INTx (xen_no_vector_callback): event channels still arrive through the line on the destination"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,-xen-vapic -smp 1 -m 256"
APPEND="quiet xen_no_vector_callback"
TIMEOUT=360
guest() {
  insmod /lib/modules/$(uname -r)/xen-evtchn.ko
  intx() { awk '/xen-platform-pci/ { print $2 }' /proc/interrupts; }
  a=$(intx)
  xen-probe evtchn-loopback 20
  echo "XK-INTX-BEFORE grew $(($(intx) - a >= 20))"
  # The monitor migrates the guest after the 3rd tick (of 20: time to move).
  n=0
  while [ $n -lt 20 ]; do sleep 1; n=$((n + 1)); echo "XK-TICK $n"; done
  a=$(intx)
  xen-probe evtchn-loopback 50
  echo "XK-INTX grew $(($(intx) - a >= 50))"
}
monitor() {
  wait_guest '^XK-TICK 3' >/dev/null && migrate_l2
}
EXPECT=('XK-INTX-BEFORE grew 1$' 'XK-MIGRATED [0-9]+ bytes'
        'XK-DEST XK-TICK 20' 'XK-DEST XK-LOOPBACK sent 50 received 50$'
        'XK-DEST XK-INTX grew 1$' 'XK-DEST-EXIT 0$')
REJECT=('Kernel panic' 'BUG:' 'WARNING:.*xen' 'XK-MONITOR-TIMEOUT' 'XK-DEST .*qemu-system-x86_64:.*(rror|fail|not restored)')
