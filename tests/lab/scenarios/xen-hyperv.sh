DESC="Xen with Hyper-V enlightenments: Hyper-V at 0x40000000, Xen at 0x40000100 with its MSR at 0x40000200"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,hv-relaxed,hv-vpindex -smp 1 -m 512"
guest() {
  echo "XK-VERSION $(cat /sys/hypervisor/version/major).$(cat /sys/hypervisor/version/minor)"
  xen-probe cpuid
}
EXPECT=('Hypervisor detected: Xen HVM' 'XK-VERSION 4\.10$'
        'XK-CPUID-SIG 0x40000000 Microsoft Hv'
        'XK-CPUID-SIG 0x40000100 XenVMMXenVMM max=0x40000105'
        'XK-CPUID 0x40000102\.0 eax=0x00000001 ebx=0x40000200')
REJECT=('KVMKVMKVM' 'Kernel panic' 'BUG:')
