# xen-hypercalls with the kernel's Xen accelerations ignored (QEMU polls, for one).
. "$(dirname "${BASH_SOURCE[0]}")/xen-hypercalls.sh"
QEMU_ARGS="${QEMU_ARGS/kernel-irqchip=split/kernel-irqchip=split,x-xen-ignore-kernel-accel=on}"
DESC="userspace: $DESC"
# Not allowed to poll, the kernel (5.19 on) yields and answers 0 itself:
# QEMU's SCHEDOP_poll serves only kernels that pass the call on.
unset 'EXPECT[-1]'
EXPECT+=('XK-HCALL sched-poll-200-ports 0$')
