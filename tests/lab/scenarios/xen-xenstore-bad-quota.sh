DESC="a XenStore quota no guest could work with (-global xen-xenstore.quota-outstanding=0) is refused at start, naming the property"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -smp 1 -m 128 -global xen-xenstore.quota-outstanding=0"
EXPECT_RC='!0'
TIMEOUT=60
guest() {
  echo "XK-BOOTED"
}
EXPECT=('xen-xenstore: quota-outstanding must be at least 1')
REJECT=('XK-BOOTED')
