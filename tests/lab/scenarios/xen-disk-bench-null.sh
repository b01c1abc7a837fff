DESC="benchmark (not a timed test): xen-disk-bench's runs on a null drive (null-co, no data kept): what the PV disk path itself takes, without the copy through L1's page cache that a file costs both QEMUs alike (run it with --qemu to compare another QEMU)"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 2 -m 512 -blockdev driver=null-co,node-name=disk,size=134217728 -device xen-disk,drive=disk,vdev=xvda"
APPEND="quiet"
TIMEOUT=600
guest() {
  xen-blk load
  xen-blk wait xvda
  echo "XK-QUEUE max_sectors_kb $(cat /sys/block/xvda/queue/max_sectors_kb) max_segments $(cat /sys/block/xvda/queue/max_segments)"
  blk-bench xvda 128 2000 5
}
EXPECT=('XK-BENCH median seq-write [0-9.]+ MB/s seq-read [0-9.]+ MB/s rand-read [0-9]+ IOPS' 'XK-GUEST-EXIT 0')
REJECT=('Kernel panic' 'BUG:' 'blk-bench:')
