DESC="2 vCPUs: Xen timers (VIRQ) and IPIs (event channels, sent in the kernel) on every vCPU, also after CPU offline/online"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 2 -m 512 -trace kvm_xen_hypercall"
guest() {
  echo "XK-CPUS $(grep -c ^processor /proc/cpuinfo)"
  echo 0 > /sys/devices/system/cpu/cpu1/online && echo 1 > /sys/devices/system/cpu/cpu1/online && echo "XK-HOTPLUG ok"
  for c in 0 1; do taskset -c $c true; done
  grep -E 'xen-percpu' /proc/interrupts | sed 's/^ *[0-9]*: *//; s/^/XK-IRQ /'
  echo "XK-CLOCKSOURCE $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
}
EXPECT=('XK-CPUS 2$' 'XK-HOTPLUG ok'
        'XK-IRQ .*timer0' 'XK-IRQ .*timer1' 'XK-IRQ .*resched0' 'XK-IRQ .*resched1'
        'XK-IRQ .*callfunc0' 'XK-IRQ .*callfunc1' 'XK-CLOCKSOURCE xen$')
REJECT=('Kernel panic' 'BUG:' 'WARNING:.*xen'
        # IPIs are sent by the kernel: no EVTCHNOP_send (32/4) reaches QEMU
        'kvm_xen_hypercall cpu [0-9]+ cpl 0 input 32 a0 0x4 ')
