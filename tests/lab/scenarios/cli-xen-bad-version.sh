DESC="command line: -M pc -accel kvm,xen-version=0x20000,kernel-irqchip=split is refused, naming the cause"
KIND=host
QEMU_ARGS="-M pc -accel kvm,xen-version=0x20000,kernel-irqchip=split"
EXPECT_RC='!0'
EXPECT=('xen-version 0x20000 is not a Xen version')
