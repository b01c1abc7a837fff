DESC="xen-disk's queues: with max-queues=0 (one for each vCPU) and 2 vCPUs blkfront asks for the 2 queues offered (multi-queue-max-queues), each with its own ring and event channel under queue-N/, and the block layer has 2 hardware queues; direct reads from vCPU 0 and then from vCPU 1 come whole (the image's MD5), each raising its own queue's interrupt; a write from vCPU 1 reaches the image; a second disk with max-queues=1 (the default) keeps its one queue's nodes at the top; QEMU exits 0"
KIND=lab
DISK_MB=16
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 2 -m 256 -drive file=/tmp/xk-disk.img,if=none,id=d0,file.locking=off,format=raw,cache=none -device xen-disk,drive=d0,vdev=xvda,max-queues=0 -drive file=/tmp/xk-disk.img,if=none,id=d1,file.locking=off,format=raw,readonly=on -device xen-disk,drive=d1,vdev=xvdb,max-queues=1"
APPEND="quiet"
TIMEOUT=300
guest() {
  xen-blk load
  xen-blk wait xvda
  xen-blk wait xvdb
  for v in 51712 51728; do
    be=$(xenstore-read device/vbd/$v/backend)
    echo "XK-MQ-FRONT $v $(xenstore-ls device/vbd/$v | grep -E '^(multi-queue-num-queues|ring-ref|event-channel|queue-[0-9]+) ' | tr -s ' \n' ' ')"
    echo "XK-MQ-BACK $v $(xenstore-read $be/multi-queue-max-queues) $(xenstore-read $be/state)"
  done
  echo "XK-MQ-QUEUE1 $(xenstore-ls device/vbd/51712/queue-1 | tr -s ' \n' ' ')"
  echo "XK-MQ-HCTX xvda $(ls /sys/block/xvda/mq | tr '\n' ' ')"
  echo "XK-MQ-HCTX xvdb $(ls /sys/block/xvdb/mq | tr '\n' ' ')"
  # Each vCPU's reads go through its own queue: the blkif interrupts that grew, by IRQ.
  for c in 0 1; do
    grep blkif /proc/interrupts > /tmp/before
    sum=$(taskset -c $c dd if=/dev/xvda bs=64k count=256 iflag=direct 2>/dev/null | md5sum | cut -d' ' -f1)
    grep blkif /proc/interrupts > /tmp/after
    grew=$(awk 'NR == FNR { b[$1] = $2 + $3; next } $2 + $3 > b[$1] { printf "%s ", $1 }' /tmp/before /tmp/after)
    echo "XK-MQ-READ cpu$c $sum"
    echo "$grew" > /tmp/grew$c
    echo "XK-MQ-GREW cpu$c $grew"
  done
  [ -n "$(cat /tmp/grew0)" ] && [ -n "$(cat /tmp/grew1)" ] && [ "$(cat /tmp/grew0)" != "$(cat /tmp/grew1)" ] &&
    echo "XK-MQ-SPLIT yes"
  echo "XK-WRITE-FROM-CPU1" | taskset -c 1 dd of=/dev/xvda bs=512 seek=300 oflag=direct conv=sync,notrunc 2>/dev/null
  echo "XK-MQ-READBACK $(taskset -c 0 dd if=/dev/xvda bs=512 skip=300 count=1 iflag=direct 2>/dev/null | head -1)"
}
after() {
  echo "XK-L1-IMAGE $(dd if=/tmp/xk-disk.img bs=512 skip=300 count=1 2>/dev/null | head -1)"
}
EXPECT=('XK-MQ-FRONT 51712 multi-queue-num-queues = "2" queue-0 = "" queue-1 = "" $'
        'XK-MQ-BACK 51712 2 4$'
        'XK-MQ-FRONT 51728 ring-ref = "[0-9]+" event-channel = "[0-9]+" $'
        'XK-MQ-BACK 51728 1 4$'
        'XK-MQ-QUEUE1 ring-ref = "[0-9]+" event-channel = "[0-9]+" $'
        'XK-MQ-HCTX xvda 0 1 $' 'XK-MQ-HCTX xvdb 0 $'
        'XK-MQ-READ cpu0 daa9ea9da45d47c1f1a1dbe36ee8f653$' 'XK-MQ-READ cpu1 daa9ea9da45d47c1f1a1dbe36ee8f653$'
        'XK-MQ-GREW cpu0 [0-9]+: $' 'XK-MQ-GREW cpu1 [0-9]+: $' 'XK-MQ-SPLIT yes'
        'XK-MQ-READBACK XK-WRITE-FROM-CPU1$'
        'XK-GUEST-EXIT 0' 'XK-L1-IMAGE XK-WRITE-FROM-CPU1$')
REJECT=('Kernel panic' 'BUG:' 'Assertion' 'qemu-system-x86_64: .*(error|fail)')
