# xen-pirq-gsi with the kernel's Xen accelerations ignored: QEMU sets the PIRQs' events itself.
. "$(dirname "${BASH_SOURCE[0]}")/xen-pirq-gsi.sh"
QEMU_ARGS="${QEMU_ARGS/kernel-irqchip=split/kernel-irqchip=split,x-xen-ignore-kernel-accel=on}"
DESC="userspace: $DESC"
