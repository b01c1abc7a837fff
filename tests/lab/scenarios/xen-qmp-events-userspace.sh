# xen-qmp-events with the kernel's Xen accelerations ignored.
. "$(dirname "${BASH_SOURCE[0]}")/xen-qmp-events.sh"
QEMU_ARGS="${QEMU_ARGS/kernel-irqchip=split/kernel-irqchip=split,x-xen-ignore-kernel-accel=on}"
DESC="userspace: $DESC"
