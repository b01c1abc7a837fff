DESC="command line: xen-gnttab-max-frames=4097 is refused, naming the cause (Linux maps the whole table into the platform device's 16MiB BAR)"
KIND=host
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split,xen-gnttab-max-frames=4097"
EXPECT_RC='!0'
EXPECT=('xen-gnttab-max-frames must be at least 1 and at most 4096')
