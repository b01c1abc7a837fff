DESC="Linux detects Xen HVM (4.10); /sys/hypervisor shows our xen_version answers; KVM stays hidden"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 1 -m 512 -uuid 6f1e3d2c-1b2a-4c5d-8e9f-0a1b2c3d4e5f"
guest() {
  echo "XK-TYPE $(cat /sys/hypervisor/type)"
  echo "XK-VERSION $(cat /sys/hypervisor/version/major).$(cat /sys/hypervisor/version/minor)$(cat /sys/hypervisor/version/extra)"
  echo "XK-UUID $(cat /sys/hypervisor/uuid)"
  for f in capabilities changeset compiler compile_date features pagesize virtual_start buildid; do
    [ -r /sys/hypervisor/properties/$f ] && echo "XK-PROP $f=$(cat /sys/hypervisor/properties/$f)"
  done
  xen-probe cpuid
  xen-probe user-hcall
}
EXPECT=('Hypervisor detected: Xen HVM'
        'XK-TYPE xen$'
        'XK-VERSION 4\.10\.0-qemu$'
        'XK-UUID 6f1e3d2c-1b2a-4c5d-8e9f-0a1b2c3d4e5f$'
        'XK-PROP capabilities=hvm-3\.0-x86_32 hvm-3\.0-x86_32p hvm-3\.0-x86_64'
        'XK-PROP pagesize=1000$'
        'XK-CPUID-SIG 0x40000000 XenVMMXenVMM max=0x40000005'
        'XK-CPUID 0x40000001\.0 eax=0x0004000a'
        'XK-CPUID 0x40000002\.0 eax=0x00000001 ebx=0x40000000'
        'XK-CPUID 0x40000004\.0 eax=0x000000[02]b ebx=0x00000000'
        'XK-USER-HCALL -1$')
REJECT=('KVMKVMKVM' 'kvm-clock' 'Kernel panic' 'BUG:' 'Hypervisor detected: KVM')
