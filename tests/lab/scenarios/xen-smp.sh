DESC="2 vCPUs: each one's Xen vCPU id is in CPUID leaf 4; timers and IPIs arrive on each"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host -smp 2 -m 512"
guest() {
  echo "XK-CPUS $(grep -c ^processor /proc/cpuinfo)"
  for c in 0 1; do taskset -c $c xen-probe cpuid | grep '0x40000004\.0' | sed "s/^/XK-ON-CPU$c /"; done
  xen-irqs save /tmp/irqs; xen-irqs work; xen-irqs grew /tmp/irqs timer resched callfuncsingle
}
EXPECT=('Hypervisor detected: Xen HVM' 'XK-CPUS 2$'
        'XK-ON-CPU0 XK-CPUID 0x40000004\.0 eax=0x000000[02]8 ebx=0x00000000'
        'XK-ON-CPU1 XK-CPUID 0x40000004\.0 eax=0x000000[02]8 ebx=0x00000001'
        'XK-IRQ-GREW timer0 ' 'XK-IRQ-GREW timer1 ' 'XK-IRQ-GREW resched0 ' 'XK-IRQ-GREW resched1 '
        'XK-IRQ-GREW callfuncsingle0 ' 'XK-IRQ-GREW callfuncsingle1 ')
REJECT=('Kernel panic' 'BUG:')
