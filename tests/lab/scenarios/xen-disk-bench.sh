DESC="benchmark (not a timed test): xen-disk throughput from the guest with O_DIRECT, 128 MiB written and read in 1 MiB requests and 2000 random 4 KiB reads, 5 rounds and their medians (run it with --qemu to compare another QEMU); the guest's negotiated ring, segments and queues shown from sysfs (the reader is not pinned: with one queue per vCPU, the default, it takes its completions where it runs)"
KIND=lab
DISK_MB=128
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 2 -m 512 -drive file=/tmp/xk-disk.img,if=none,id=disk,file.locking=off,format=raw,cache=none,aio=threads -device xen-disk,drive=disk,vdev=xvda"
APPEND="quiet"
TIMEOUT=600
guest() {
  xen-blk load
  xen-blk wait xvda
  dmesg | grep -i 'blkfront:' | sed 's/^/XK-BLKFRONT /'
  echo "XK-QUEUE max_sectors_kb $(cat /sys/block/xvda/queue/max_sectors_kb) max_segments $(cat /sys/block/xvda/queue/max_segments) hw_queues $(ls /sys/block/xvda/mq | wc -l)"
  blk-bench xvda 128 2000 5
}
EXPECT=('XK-BENCH median seq-write [0-9.]+ MB/s seq-read [0-9.]+ MB/s rand-read [0-9]+ IOPS' 'XK-GUEST-EXIT 0')
REJECT=('Kernel panic' 'BUG:' 'blk-bench:')
