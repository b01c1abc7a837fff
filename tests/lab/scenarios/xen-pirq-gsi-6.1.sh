# xen-pirq-gsi with Debian 12's own 6.1 cloud kernel as L2.
. "$(dirname "${BASH_SOURCE[0]}")/xen-pirq-gsi.sh"
L2_KERNEL=6.1
DESC="6.1 kernel: $DESC"
