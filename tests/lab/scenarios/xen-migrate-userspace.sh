# xen-migrate with the kernel's Xen accelerations ignored: QEMU's timers and event delivery.
. "$(dirname "${BASH_SOURCE[0]}")/xen-migrate.sh"
QEMU_ARGS="${QEMU_ARGS/kernel-irqchip=split/kernel-irqchip=split,x-xen-ignore-kernel-accel=on}"
DESC="userspace: $DESC"
