DESC="command line: -M microvm -accel kvm,xen-version=0x4000a,kernel-irqchip=split is refused, naming the cause"
KIND=host
QEMU_ARGS="-M microvm -accel kvm,xen-version=0x4000a,kernel-irqchip=split"
EXPECT_RC='!0'
EXPECT=('xen-version requires a PC machine')
