DESC="command line: -M pc -accel kvm,xen-version=0x4000a is refused, naming the cause"
KIND=host
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a"
EXPECT_RC='!0'
EXPECT=('xen-version requires kernel-irqchip=split')
