DESC="2 vCPUs with the kernel's Xen accelerations ignored: QEMU delivers every event (IPIs) and runs the Xen timers itself"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split,x-xen-ignore-kernel-accel=on -cpu host,+xen-vapic -smp 2 -m 512"
guest() {
  echo "XK-CPUS $(grep -c ^processor /proc/cpuinfo)"
  echo 0 > /sys/devices/system/cpu/cpu1/online && echo 1 > /sys/devices/system/cpu/cpu1/online && echo "XK-HOTPLUG ok"
  for c in 0 1; do taskset -c $c true; done
  grep -E 'xen-percpu' /proc/interrupts | sed 's/^ *[0-9]*: *//; s/^/XK-IRQ /'
  echo "XK-CLOCKSOURCE $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
  echo "XK-FEATURES $(cat /sys/hypervisor/properties/features)"
}
EXPECT=('xen:events: Xen HVM callback vector for event delivery is enabled'
        'XK-CPUS 2$' 'XK-HOTPLUG ok'
        'XK-IRQ .*resched0' 'XK-IRQ .*resched1' 'XK-IRQ .*callfunc1'
        # QEMU's Xen timers tick on both vCPUs (counts not zero)
        'XK-IRQ +[1-9][0-9]* +[0-9]+ .*timer0' 'XK-IRQ +[0-9]+ +[1-9][0-9]* .*timer1'
        'XK-CLOCKSOURCE xen$'
        # hvm_safe_pvclock (bit 9) is offered with QEMU's timers too
        'XK-FEATURES 00010305$')
REJECT=('Kernel panic' 'BUG:' 'WARNING:.*xen')
