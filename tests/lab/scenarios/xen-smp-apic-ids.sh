DESC="4 vCPUs whose APIC IDs have a hole (0 1 2 4: 2 sockets of 3 cores): the kernel finds each by its APIC ID, so every vCPU's timer and IPI counts grow"
KIND=lab
TIMEOUT=420
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 4,maxcpus=6,sockets=2,cores=3 -m 512"
guest() {
  echo "XK-CPUS $(grep -c ^processor /proc/cpuinfo)"
  awk -F': ' '/^processor/ { p = $2 } /^apicid/ { print "XK-CPU", p, "apicid", $2 }' /proc/cpuinfo
  # CPUs taken offline and back (their event channels closed and bound again, counts
  # from 0), then each per-CPU event channel's count on its own CPU's column.
  for c in 3 2 1; do echo 0 > /sys/devices/system/cpu/cpu$c/online; echo 1 > /sys/devices/system/cpu/cpu$c/online; done
  snap() {
    awk '/xen-percpu/ && $NF ~ /^(timer|resched|callfunc)[0-9]+$/ {
      match($NF, /[0-9]+$/); print $NF, $(substr($NF, RSTART) + 2) }' /proc/interrupts
  }
  snap > /tmp/before
  # Module text and vmalloc changes flush every other CPU (call-function IPIs); tasks
  # moved between CPUs wake them (reschedule IPIs); and 1 s of Xen timer ticks.
  m=/lib/modules/$(uname -r)/xen-evtchn.ko
  for c in 1 2 3 0; do taskset -c $c insmod $m; taskset -c $c rmmod xen-evtchn; done
  for i in 1 2 3 4 5; do for c in 0 1 2 3; do taskset -c $c true; done; done
  sleep 1
  snap > /tmp/after
  awk 'NR == FNR { n[$1] = $2; next } { print "XK-GREW", $1, ($2 > n[$1]) ? "yes" : "no", n[$1], $2 }' /tmp/before /tmp/after
}
EXPECT=('XK-CPUS 4$' 'XK-CPU 3 apicid 4$')
for c in 0 1 2 3; do
  EXPECT+=("XK-GREW timer$c yes" "XK-GREW resched$c yes" "XK-GREW callfunc$c yes")
done
REJECT=('Kernel panic' 'BUG:' 'WARNING:.*xen' 'XK-GREW .* no ' 'soft lockup' 'rcu_sched self-detected stall')
