DESC="event channel loopback inside the guest (/dev/xen/evtchn): alloc_unbound, bind_interdomain to itself, send, unmask, close"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 1 -m 512"
APPEND="quiet"
guest() {
  insmod /lib/modules/$(uname -r)/xen-evtchn.ko
  xen-probe evtchn-loopback 200
  grep -E 'evtchn:xen-probe' /proc/interrupts | sed 's/^/XK-IRQ /'
  # Closed with the file: the ports can be bound again.
  xen-probe evtchn-loopback 5
}
EXPECT=('XK-LOOPBACK sent 200 received 200' 'XK-LOOPBACK sent 5 received 5')
REJECT=('Kernel panic' 'BUG:' 'WARNING:.*xen' 'XK-EVTCHN-ERROR')
