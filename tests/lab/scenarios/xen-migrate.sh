DESC="live migration: a Xen guest moves to a second QEMU mid-run and carries on there: its Xen timers fire (sleep returns), the xen clock goes on from where it was, event channels still work"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 2 -m 256"
APPEND="quiet"
TIMEOUT=360
guest() {
  echo "XK-CLOCKSOURCE $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
  # Ticks on sleep (the Xen timer); the monitor migrates the guest after the 10th. The
  # guest's clock stops while it is paused: a 1 s sleep that took over 4 s of it is a
  # timer that fired late (armed on the new host before its clock had the guest's time).
  n=0; last=
  while [ $n -lt 30 ]; do
    sleep 1; n=$((n + 1))
    u=$(cut -d' ' -f1 /proc/uptime); cs=${u%.*}${u#*.}
    echo "XK-TICK $n $u"
    [ -n "$last" ] && [ $((cs - last)) -gt 400 ] && echo "XK-SLOW-TICK $n $((cs - last))0 ms"
    last=$cs
    # Counts from the 20th tick on, which the destination prints (EXPECT), must grow.
    [ $n = 20 ] && xen-irqs save /tmp/irqs
  done
  # Timers and IPIs (event channels) on both vCPUs, after the move.
  xen-irqs work; xen-irqs grew /tmp/irqs timer resched callfuncsingle
  echo "XK-CLOCKSOURCE-AFTER $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
}
monitor() {
  wait_guest '^XK-TICK 10 ' >/dev/null && migrate_l2
}
EXPECT=('XK-MIGRATED [0-9]+ bytes'
        # the second QEMU runs the guest to its end
        'XK-DEST XK-TICK 20 ' 'XK-DEST XK-TICK 30 ' 'XK-DEST XK-CLOCKSOURCE-AFTER xen$'
        'XK-DEST XK-IRQ-GREW timer0 ' 'XK-DEST XK-IRQ-GREW timer1 '
        'XK-DEST XK-IRQ-GREW resched0 ' 'XK-DEST XK-IRQ-GREW resched1 '
        'XK-DEST XK-IRQ-GREW callfuncsingle0 ' 'XK-DEST XK-IRQ-GREW callfuncsingle1 '
        'XK-DEST-EXIT 0$')
REJECT=('Kernel panic' 'BUG:' 'WARNING:.*xen' 'XK-MONITOR-TIMEOUT' 'XK-SLOW-TICK' 'XK-DEST .*qemu-system-x86_64:.*(rror|fail|not restored)')
