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
  for c in 0 1 2 3; do taskset -c $c true; done
  grep -E 'xen-percpu' /proc/interrupts | sed 's/^ *[0-9]*: *//; s/^/XK-IRQ /'
  echo "XK-CLOCKSOURCE $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
}
EXPECT=('XK-CPUS 4$' 'XK-HOTPLUG ok' 'XK-CLOCKSOURCE xen$'
        'XK-IRQ .*timer0$' 'XK-IRQ .*timer1$' 'XK-IRQ .*timer2$' 'XK-IRQ .*timer3$'
        'XK-IRQ .*resched0$' 'XK-IRQ .*resched1$' 'XK-IRQ .*resched2$' 'XK-IRQ .*resched3$'
        'XK-IRQ .*callfunc0$' 'XK-IRQ .*callfunc1$' 'XK-IRQ .*callfunc2$' 'XK-IRQ .*callfunc3$')
REJECT=('Kernel panic' 'BUG:' 'WARNING:.*xen')
