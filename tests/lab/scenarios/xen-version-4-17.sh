DESC="xen-version=0x40011: the guest sees Xen 4.17 in CPUID and /sys/hypervisor"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x40011,kernel-irqchip=split -cpu host -smp 1 -m 512"
guest() {
  echo "XK-VERSION $(cat /sys/hypervisor/version/major).$(cat /sys/hypervisor/version/minor)"
  xen-probe cpuid
}
EXPECT=('Hypervisor detected: Xen HVM' 'XK-VERSION 4\.17$'
        'XK-CPUID 0x40000001\.0 eax=0x00040011'
        'XK-CPUID 0x40000004\.0 eax=0x000000[46]8 ebx=0x00000000')
REJECT=('KVMKVMKVM' 'Kernel panic' 'BUG:')
