DESC="Xen PV clock and timers: the guest boots paravirtualized and switches to the xen clocksource"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 1 -m 512"
guest() {
  echo "XK-CLOCKSOURCE $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
  grep -E 'xen|timer' /proc/interrupts | sed 's/^/XK-IRQ /'
  # The clock must advance: sleep on the Xen timer and look again.
  a=$(cat /proc/uptime | cut -d' ' -f1); sleep 1; b=$(cat /proc/uptime | cut -d' ' -f1)
  echo "XK-UPTIME $a $b"
  [ "$a" != "$b" ] && echo "XK-CLOCK-ADVANCES"
}
EXPECT=('Booting paravirtualized kernel on Xen HVM'
        'clocksource: Switched to clocksource xen'
        'XK-CLOCKSOURCE xen$'
        'XK-IRQ .*xen-percpu.*timer0'
        'XK-CLOCK-ADVANCES')
REJECT=('Kernel panic' 'BUG:' 'WARNING:.*xen')
