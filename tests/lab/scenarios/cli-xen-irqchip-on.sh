DESC="command line: -M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=on is refused, naming the cause"
KIND=host
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=on"
EXPECT_RC='!0'
EXPECT=('xen-version requires kernel-irqchip=split')
