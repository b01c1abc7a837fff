# xen-pirq-msi with Debian 12's own 6.1 cloud kernel as L2, on one vCPU (see xen-pirq-gsi-6.1):
# 6.1's MSI PIRQs, sent by QEMU and routed by the kernel.
. "$(dirname "${BASH_SOURCE[0]}")/xen-pirq-msi.sh"
QEMU_ARGS="${QEMU_ARGS/-smp 2/-smp 1}"
L2_KERNEL=6.1
DESC="6.1 kernel, 1 vCPU, no AHCI driver (MSI-X only): $DESC"
EXPECT=("${EXPECT[@]/*ahci*/XK-GUEST-EXIT 0}")
EXPECT=("${EXPECT[@]/XK-BLK sda*/XK-GUEST-EXIT 0}")
