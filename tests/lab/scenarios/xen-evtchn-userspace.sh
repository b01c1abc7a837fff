DESC="2 vCPUs with the kernel's Xen accelerations ignored: QEMU delivers every event (IPIs) itself"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split,x-xen-ignore-kernel-accel=on -cpu host,+xen-vapic -smp 2 -m 512"
guest() {
  echo "XK-CPUS $(grep -c ^processor /proc/cpuinfo)"
  echo 0 > /sys/devices/system/cpu/cpu1/online && echo 1 > /sys/devices/system/cpu/cpu1/online && echo "XK-HOTPLUG ok"
  grep -E 'xen-percpu' /proc/interrupts | sed 's/^ *[0-9]*: *//; s/^/XK-IRQ /'
  echo "XK-FEATURES $(cat /sys/hypervisor/properties/features)"
}
EXPECT=('xen:events: Xen HVM callback vector for event delivery is enabled'
        'XK-CPUS 2$' 'XK-HOTPLUG ok'
        'XK-IRQ .*resched0' 'XK-IRQ .*resched1' 'XK-IRQ .*callfunc1'
        # no Xen timers without the kernel's: the PV clock is not offered
        'XK-FEATURES 00010105$')
REJECT=('Kernel panic' 'BUG:' 'WARNING:.*xen')
