DESC="2 vCPUs: Xen timers (VIRQ) and IPIs (event channels, sent in the kernel) on every vCPU, also after CPU offline/online"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 2 -m 512 -trace xen_evtchn_send"
guest() {
  echo "XK-CPUS $(grep -c ^processor /proc/cpuinfo)"
  echo 0 > /sys/devices/system/cpu/cpu1/online && echo 1 > /sys/devices/system/cpu/cpu1/online && echo "XK-HOTPLUG ok"
  # Counts, not names (there either way), taken after the hotplug that made vCPU 1's anew.
  # With 2 vCPUs the kernel's function-call IPIs are callfuncsingle, never callfunc.
  xen-irqs save /tmp/irqs; xen-irqs work; xen-irqs grew /tmp/irqs timer resched callfuncsingle
  echo "XK-CLOCKSOURCE $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
}
EXPECT=('XK-CPUS 2$' 'XK-HOTPLUG ok'
        'XK-IRQ-GREW timer0 ' 'XK-IRQ-GREW timer1 ' 'XK-IRQ-GREW resched0 ' 'XK-IRQ-GREW resched1 '
        'XK-IRQ-GREW callfuncsingle0 ' 'XK-IRQ-GREW callfuncsingle1 ' 'XK-CLOCKSOURCE xen$')
REJECT=('Kernel panic' 'BUG:' 'WARNING:.*xen'
        # IPIs are sent by the kernel: no EVTCHNOP_send reaches QEMU but the
        # XenStore's, which QEMU serves in the sending vCPU
        'xen_evtchn_send port [0-9]+ to (ipi|interdomain|backend|unbound)$')
