DESC="benchmark (not a timed test): as xen-xenstore-bench, with requests served in the main loop after the kernel signals an eventfd (x-sync=off), to compare"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 1 -m 256 -global xen-xenstore.x-sync=off"
APPEND="quiet"
guest() {
  xs-probe bench 100 >/dev/null    # warm up
  xs-probe bench 2000
  xs-probe bench 2000
}
EXPECT=('XK-XS-BENCH 2000 read [0-9.]+ us write [0-9.]+ us')
REJECT=('Kernel panic' 'BUG:')
