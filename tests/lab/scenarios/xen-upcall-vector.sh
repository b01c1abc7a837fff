DESC="xen-version=0x40011 (4.17): each vCPU registers its own upcall vector (HVMOP_set_evtchn_upcall_vector); timers and IPIs arrive"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x40011,kernel-irqchip=split -cpu host -smp 2 -m 512 -trace kvm_xen_hypercall"
guest() {
  xen-probe cpuid | grep '0x40000004\.0'
  xen-irqs save /tmp/irqs; xen-irqs work; xen-irqs grew /tmp/irqs timer resched
  echo "XK-CLOCKSOURCE $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
}
EXPECT=('XK-CPUID 0x40000004\.0 eax=0x000000[46][8b]'
        'kvm_xen_hypercall cpu 0 cpl 0 input 34 a0 0x17 .* ret 0x0$'
        'XK-IRQ-GREW timer0 ' 'XK-IRQ-GREW timer1 ' 'XK-IRQ-GREW resched0 ' 'XK-IRQ-GREW resched1 '
        'XK-CLOCKSOURCE xen$')
# hvm_op (34) HVMOP_set_evtchn_upcall_vector (0x17) succeeds for each vCPU: vCPU 0 makes the
# call for vCPU 1 too, as it brings it up, so the calls are counted
EXPECT_COUNT=('2 kvm_xen_hypercall cpu [01] cpl 0 input 34 a0 0x17 .* ret 0x0$')
REJECT=('Kernel panic' 'BUG:' 'kvm_xen_hypercall .* input 34 a0 0x17 .* ret 0xf')
