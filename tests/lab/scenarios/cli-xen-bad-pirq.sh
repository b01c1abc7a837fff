DESC="command line: -M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split,xen-evtchn-max-pirq=-1 is refused, naming the cause"
KIND=host
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split,xen-evtchn-max-pirq=-1"
EXPECT_RC='!0'
EXPECT=("Parameter 'xen-evtchn-max-pirq' expects uint16_t")
