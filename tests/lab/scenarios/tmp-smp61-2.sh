# xen-evtchn-smp with Debian 12's own 6.1 cloud kernel as L2.
. "$(dirname "${BASH_SOURCE[0]}")/xen-evtchn-smp.sh"
L2_KERNEL=6.1
DESC="6.1 kernel: $DESC"
