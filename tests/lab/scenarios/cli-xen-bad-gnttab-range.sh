DESC="command line: -M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split,xen-gnttab-max-frames=65536 is refused, naming the cause"
KIND=host
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split,xen-gnttab-max-frames=65536"
EXPECT_RC='!0'
EXPECT=("Parameter 'xen-gnttab-max-frames' expects uint16_t")
