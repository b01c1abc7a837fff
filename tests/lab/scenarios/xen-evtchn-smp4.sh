DESC="4 vCPUs: Xen timers (VIRQ) and IPIs (event channels) on every vCPU, also after taking CPUs offline and online"
KIND=lab
# 4 vCPUs on the lab's single L1 CPU boot slowly.
TIMEOUT=420
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 4 -m 512"
APPEND="quiet"
guest() {
  echo "XK-CPUS $(grep -c ^processor /proc/cpuinfo)"
  for c in 1 3; do echo 0 > /sys/devices/system/cpu/cpu$c/online; done
  for c in 1 3; do echo 1 > /sys/devices/system/cpu/cpu$c/online; done && echo "XK-HOTPLUG ok"
  # Counts, not names (there either way), taken after the hotplug that made vCPU 1's and 3's anew.
  xen-irqs save /tmp/irqs; xen-irqs work; xen-irqs grew /tmp/irqs timer resched callfunc callfuncsingle
  echo "XK-CLOCKSOURCE $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
}
EXPECT=('XK-CPUS 4$' 'XK-HOTPLUG ok' 'XK-CLOCKSOURCE xen$'
        'XK-IRQ-GREW timer0 ' 'XK-IRQ-GREW timer1 ' 'XK-IRQ-GREW timer2 ' 'XK-IRQ-GREW timer3 '
        'XK-IRQ-GREW resched0 ' 'XK-IRQ-GREW resched1 ' 'XK-IRQ-GREW resched2 ' 'XK-IRQ-GREW resched3 '
        'XK-IRQ-GREW callfunc0 ' 'XK-IRQ-GREW callfunc1 ' 'XK-IRQ-GREW callfunc2 ' 'XK-IRQ-GREW callfunc3 '
        'XK-IRQ-GREW callfuncsingle0 ' 'XK-IRQ-GREW callfuncsingle1 '
        'XK-IRQ-GREW callfuncsingle2 ' 'XK-IRQ-GREW callfuncsingle3 ')
REJECT=('Kernel panic' 'BUG:' 'WARNING:.*xen')
