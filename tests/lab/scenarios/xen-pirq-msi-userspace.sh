# xen-pirq-msi with the kernel's Xen accelerations ignored: QEMU sets the PIRQs' events itself,
# and takes the irqfds' MSIs (the iothread's disk) too, as the kernel routes none to a port.
. "$(dirname "${BASH_SOURCE[0]}")/xen-pirq-msi.sh"
QEMU_ARGS="${QEMU_ARGS/kernel-irqchip=split/kernel-irqchip=split,x-xen-ignore-kernel-accel=on}"
DESC="userspace: $DESC"
EXPECT=("${EXPECT[@]/xen_evtchn_pirq_route*/XK-GUEST-EXIT 0}")
REJECT+=('xen_evtchn_pirq_route')
