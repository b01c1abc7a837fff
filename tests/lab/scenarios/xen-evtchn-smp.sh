DESC="4 vCPUs: Xen timers (VIRQ) and IPIs (event channels) on every vCPU, also after CPU offline/online"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 4 -m 512"
guest() {
  echo "XK-CPUS $(grep -c ^processor /proc/cpuinfo)"
  echo 0 > /sys/devices/system/cpu/cpu2/online && echo 1 > /sys/devices/system/cpu/cpu2/online && echo "XK-HOTPLUG ok"
  for c in 0 1 2 3; do taskset -c $c true; done
  grep -E 'xen-percpu' /proc/interrupts | sed 's/^ *[0-9]*: *//; s/^/XK-IRQ /'
  echo "XK-CLOCKSOURCE $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
}
EXPECT=('XK-CPUS 4$' 'XK-HOTPLUG ok'
        'XK-IRQ .*timer0' 'XK-IRQ .*timer3' 'XK-IRQ .*resched0' 'XK-IRQ .*resched3'
        'XK-IRQ .*callfunc0' 'XK-IRQ .*callfunc3' 'XK-CLOCKSOURCE xen$')
REJECT=('Kernel panic' 'BUG:' 'WARNING:.*xen')
