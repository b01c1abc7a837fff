# xen-pirq-gsi with Debian 12's own 6.1 cloud kernel as L2, on one vCPU: two 6.1 guests of
# 2 vCPUs hung in CI with vCPU 0 waiting in SCHEDOP_poll for a spinlock and vCPU 1 idle,
# one of them without PIRQs (xen-evtchn-smp-6.1, which keeps 2 vCPUs); see the lab's
# hang diagnostics. PIRQs are what this variant tests.
. "$(dirname "${BASH_SOURCE[0]}")/xen-pirq-gsi.sh"
QEMU_ARGS="${QEMU_ARGS/-smp 2/-smp 1}"
L2_KERNEL=6.1
DESC="6.1 kernel, 1 vCPU: $DESC"
