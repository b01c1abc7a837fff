# xen-no-vector-callback with the kernel's Xen accelerations ignored: QEMU runs timers, delivery, polls.
. "$(dirname "${BASH_SOURCE[0]}")/xen-no-vector-callback.sh"
QEMU_ARGS="${QEMU_ARGS/kernel-irqchip=split/kernel-irqchip=split,x-xen-ignore-kernel-accel=on}"
DESC="userspace: $DESC"
