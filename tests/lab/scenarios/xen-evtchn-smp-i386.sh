# xen-evtchn-smp with Debian 12's 32-bit (i386, 686-pae) 6.1 kernel as L2: Xen's compat ABI.
. "$(dirname "${BASH_SOURCE[0]}")/xen-evtchn-smp.sh"
L2_KERNEL=6.1-i386
DESC="i386 6.1 kernel: $DESC"
