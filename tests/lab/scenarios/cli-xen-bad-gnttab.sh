DESC="command line: -M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split,xen-gnttab-max-frames=0 is refused, naming the cause"
KIND=host
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split,xen-gnttab-max-frames=0"
EXPECT_RC='!0'
EXPECT=("xen-gnttab-max-frames must be at least 1 and at most 4096")
