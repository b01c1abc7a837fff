DESC="command line: -M pc -accel kvm,xen-version=four,kernel-irqchip=split is refused, naming the cause"
KIND=host
QEMU_ARGS="-M pc -accel kvm,xen-version=four,kernel-irqchip=split"
EXPECT_RC='!0'
EXPECT=("Parameter 'xen-version' expects")
