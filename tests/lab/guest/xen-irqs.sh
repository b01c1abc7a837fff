#!/bin/sh
# Runs inside an L2 guest (busybox sh; put in L2's /bin as xen-irqs by tests/lab/run): do the
# vCPUs' Xen timers and IPIs (event channels) really arrive? Their names in /proc/interrupts
# appear whether or not they do; their counts grow only if they do.
#   xen-irqs save FILE    keeps the counts of the per-vCPU Xen interrupts (xen-percpu lines)
#   xen-irqs work         makes timer ticks and IPIs on every online vCPU: a busy pipe between
#                         vCPU 0 and each other one, both ways (wakeups across vCPUs: resched,
#                         callfuncsingle), a module loaded and unloaded from vCPU 0 and from vCPU 1
#                         (TLB flushes on every vCPU: callfunc, with 3 or more vCPUs)
#   xen-irqs grew FILE KIND...  for each KIND (timer, resched, callfunc...) and vCPU N, whether
#                         KIND<N> grew on vCPU N since FILE: "XK-IRQ-GREW KIND<N> BEFORE AFTER",
#                         else "XK-IRQ-STUCK KIND<N> BEFORE AFTER" (- if not there)
case "$1" in
save)
  grep xen-percpu /proc/interrupts > "$2" ;;
work)
  for c in $(seq 1 $(($(grep -c ^processor /proc/cpuinfo) - 1))); do
    taskset -c 0 yes | taskset -c "$c" head -c 200000 >/dev/null
    taskset -c "$c" yes | taskset -c 0 head -c 200000 >/dev/null
  done
  ko=/lib/modules/$(uname -r)/xen-evtchn.ko
  # From vCPU 0, then from vCPU 1: the flushes reach every vCPU but the loader's.
  if ! grep -q '^xen_evtchn ' /proc/modules; then
    for c in 0 1; do taskset -c "$c" insmod "$ko" && taskset -c "$c" rmmod xen_evtchn; done
  fi
  sleep 1 ;;
grew)
  f=$2; shift 2
  grep xen-percpu /proc/interrupts | awk -v kinds="$*" '
    # Fields: "IRQ:", one count per CPU, "xen-percpu", type, name (e.g. timer1: CPU 1 own).
    function count(line,   a, n, cpu) {
      n = split(line, a); match(a[n], /[0-9]+$/); cpu = substr(a[n], RSTART) + 0
      return a[cpu + 2]
    }
    function name(line,   a, n) { n = split(line, a); return a[n] }
    NR == FNR { before[name($0)] = count($0); next }
    { after[name($0)] = count($0); if (!(name($0) in before)) before[name($0)] = "-" }
    END {
      split(kinds, k)
      for (cpu = 0; cpu < 64; cpu++) for (i = 1; i in k; i++) {
        n = k[i] cpu
        if (!(n in before) && !(n in after)) continue
        b = (n in before) ? before[n] : "-"; a = (n in after) ? after[n] : "-"
        print ((b != "-" && a != "-" && a + 0 > b + 0) ? "XK-IRQ-GREW " : "XK-IRQ-STUCK ") n " " b " " a
      }
    }' "$f" - ;;
*)
  echo "usage: xen-irqs save FILE | work | grew FILE KIND..." >&2; exit 2 ;;
esac
