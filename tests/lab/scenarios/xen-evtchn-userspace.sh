DESC="2 vCPUs with the kernel's Xen accelerations ignored: QEMU delivers every event (IPIs) and runs the Xen timers itself"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split,x-xen-ignore-kernel-accel=on -cpu host,+xen-vapic -smp 2 -m 512 -trace xen_evtchn_send"
guest() {
  echo "XK-CPUS $(grep -c ^processor /proc/cpuinfo)"
  echo 0 > /sys/devices/system/cpu/cpu1/online && echo 1 > /sys/devices/system/cpu/cpu1/online && echo "XK-HOTPLUG ok"
  # Counts, not names (there either way), taken after the hotplug that made vCPU 1's anew.
  xen-irqs save /tmp/irqs; xen-irqs work; xen-irqs grew /tmp/irqs timer resched callfuncsingle
  echo "XK-CLOCKSOURCE $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
  echo "XK-FEATURES $(cat /sys/hypervisor/properties/features)"
}
EXPECT=('xen:events: Xen HVM callback vector for event delivery is enabled'
        'XK-CPUS 2$' 'XK-HOTPLUG ok'
        # QEMU's Xen timers tick and its events (IPIs) arrive on both vCPUs
        'XK-IRQ-GREW timer0 ' 'XK-IRQ-GREW timer1 ' 'XK-IRQ-GREW resched0 ' 'XK-IRQ-GREW resched1 '
        'XK-IRQ-GREW callfuncsingle0 ' 'XK-IRQ-GREW callfuncsingle1 '
        'XK-CLOCKSOURCE xen$'
        # the guest's IPIs come to QEMU (xen-evtchn-smp rejects this line)
        'xen_evtchn_send port [0-9]+ to ipi$'
        # hvm_safe_pvclock (bit 9) is offered with QEMU's timers too, hvm_pirqs (10) always
        'XK-FEATURES 00010705$')
REJECT=('Kernel panic' 'BUG:' 'WARNING:.*xen')
