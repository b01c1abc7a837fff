# xen-hypercalls with the kernel's Xen accelerations ignored (QEMU polls, for one).
. "$(dirname "${BASH_SOURCE[0]}")/xen-hypercalls.sh"
QEMU_ARGS="${QEMU_ARGS/kernel-irqchip=split/kernel-irqchip=split,x-xen-ignore-kernel-accel=on}"
DESC="userspace: $DESC"
