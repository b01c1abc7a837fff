DESC="benchmark (not a timed test): xen-disk throughput from the guest with O_DIRECT, 128 MiB written and read in 1 MiB requests and 2000 random 4 KiB reads, on our QEMU and on Debian's QEMU 10 in turn, one round per boot, 5 boots each (COMPARE), each's medians and ours over QEMU 10's; the reader pinned to the vCPU that takes the disk's interrupt; the guest's negotiated ring, segments and queues shown from sysfs"
KIND=lab
DISK_MB=128
COMPARE=5
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 2 -m 512 -drive file=/tmp/xk-disk.img,if=none,id=disk,file.locking=off,format=raw,cache=none,aio=threads -device xen-disk,drive=disk,vdev=xvda"
APPEND="quiet"
TIMEOUT=900
guest() {
  xen-blk load
  xen-blk wait xvda
  dmesg | grep -i 'blkfront:' | sed 's/^/XK-BLKFRONT /'
  echo "XK-QUEUE max_sectors_kb $(cat /sys/block/xvda/queue/max_sectors_kb) max_segments $(cat /sys/block/xvda/queue/max_segments) hw_queues $(ls /sys/block/xvda/mq | wc -l)"
  # The reader on the vCPU that takes the disk's interrupt: on the other one, each
  # completion would wake it by an IPI (rand-read rounds of both QEMUs split into two
  # modes, about 400 and 700 IOPS, as the scheduler placed it).
  irq=$(awk '/blkif/ { sub(":", "", $1); print $1; exit }' /proc/interrupts)
  cpu=$(cat /proc/irq/$irq/effective_affinity_list)
  [ -n "$irq" ] && [ -n "$cpu" ] || echo "blk-bench: no blkif interrupt"
  echo "XK-BENCH-PIN reader on vCPU $cpu, with interrupt $irq"
  taskset $(printf %x $((1 << cpu))) blk-bench xvda 128 2000 1
}
EXPECT_COUNT=('2 XK-GUEST-EXIT 0')
EXPECT=('XK-BENCH-AB ours [0-9]+ round\(s\), medians: seq-write [0-9.]+ MB/s seq-read [0-9.]+ MB/s rand-read [0-9]+ IOPS'
        'XK-BENCH-AB debian-[^ ]+ [0-9]+ round\(s\), medians: '
        'XK-BENCH-AB ours/debian-[^ ]+: seq-write [0-9.]+x seq-read [0-9.]+x rand-read [0-9.]+x')
REJECT=('Kernel panic' 'BUG:' 'blk-bench:')
