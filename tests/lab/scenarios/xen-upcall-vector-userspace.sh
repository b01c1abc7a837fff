DESC="per-vCPU upcall vectors with the kernel's accelerations ignored: QEMU sends each upcall to the vCPU's APIC"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x40011,kernel-irqchip=split,x-xen-ignore-kernel-accel=on -cpu host -smp 2 -m 512 -trace kvm_xen_hypercall"
guest() {
  echo 0 > /sys/devices/system/cpu/cpu1/online && echo 1 > /sys/devices/system/cpu/cpu1/online && echo "XK-HOTPLUG ok"
  # Counts, not names (there either way), taken after the hotplug that made vCPU 1's anew.
  xen-irqs save /tmp/irqs; xen-irqs work; xen-irqs grew /tmp/irqs timer resched callfuncsingle
}
EXPECT=('kvm_xen_hypercall cpu 0 cpl 0 input 34 a0 0x17 .* ret 0x0$' 'XK-HOTPLUG ok'
        'XK-IRQ-GREW timer0 ' 'XK-IRQ-GREW timer1 ' 'XK-IRQ-GREW resched0 ' 'XK-IRQ-GREW resched1 '
        'XK-IRQ-GREW callfuncsingle0 ' 'XK-IRQ-GREW callfuncsingle1 ')
# hvm_op (34) HVMOP_set_evtchn_upcall_vector (0x17) succeeds for each vCPU, vCPU 1 again
# when it comes back online: counted, as vCPU 0 makes the call for vCPU 1 as it brings it up
EXPECT_COUNT=('3 kvm_xen_hypercall cpu [01] cpl 0 input 34 a0 0x17 .* ret 0x0$')
REJECT=('Kernel panic' 'BUG:' 'kvm_xen_hypercall .* input 34 a0 0x17 .* ret 0xf')
