DESC="command line: -xen-domid with something that is not a number is refused, naming the option (it was read as 0, then 1)"
KIND=host
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -xen-domid one"
EXPECT_RC='!0'
EXPECT=('-xen-domid one: not a domain id')
