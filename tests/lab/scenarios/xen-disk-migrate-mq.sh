DESC="xen-disk's two queues (max-queues=2) across live migration in the middle of I/O: with 2 vCPUs, one writer pinned to each (so each queue has requests in flight), writing, reading back and verifying block after block while the guest moves; the destination takes both rings and event channels up where they stood (no request lost or replayed), the guest carries on and powers off, QEMU exits 0"
KIND=lab
DISK_MB=16
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 2 -m 256 -drive file=/tmp/xk-disk.img,if=none,id=disk,file.locking=off,format=raw,cache=none -device xen-disk,drive=disk,vdev=xvda,max-queues=2"
APPEND="quiet"
TIMEOUT=420
guest() {
  xen-blk load
  xen-blk wait xvda
  echo "XK-MQ-HCTX $(ls /sys/block/xvda/mq | tr '\n' ' ')"
  # Enough that both are still writing when the guest lands (the move took 9 s of the
  # ~20 s 100 took in the lab, and over 20 s in a CI run on a busier machine).
  n=250
  io() {  # CPU BASE: $n direct writes, each read back, at sectors BASE+1..
    i=0
    while [ $i -lt $n ]; do
      i=$((i + 1))
      echo "XK-IO-$1-$i" | dd of=/dev/xvda bs=512 seek=$(($2 + i)) oflag=direct conv=sync,notrunc 2>/dev/null
      r=$(dd if=/dev/xvda bs=512 skip=$(($2 + i)) count=1 iflag=direct 2>/dev/null | head -1)
      [ "$r" = "XK-IO-$1-$i" ] && echo "XK-IO-OK cpu$1 $i" || echo "XK-IO-BAD cpu$1 $i $r"
    done
  }
  # Each writer pinned before it starts: its dd's then run on its vCPU.
  ( sleep 1; io 0 1000 ) & taskset -pc 0 $! >/dev/null
  ( sleep 1; io 1 2000 ) & taskset -pc 1 $! >/dev/null
  wait
  bad=0
  for c in 0 1; do
    j=0
    while [ $j -lt $n ]; do
      j=$((j + 1))
      r=$(dd if=/dev/xvda bs=512 skip=$((1000 * (c + 1) + j)) count=1 iflag=direct 2>/dev/null | head -1)
      [ "$r" = "XK-IO-$c-$j" ] || bad=$((bad + 1))
    done
  done
  echo "XK-IO-VERIFIED bad $bad"
}
monitor() {
  wait_guest "^XK-IO-OK cpu1 10$" >/dev/null && migrate_l2
}
EXPECT=('XK-MQ-HCTX 0 1 $' 'XK-MIGRATED [0-9]+ bytes' 'XK-DEST XK-IO-OK cpu0 250([^0-9]|$)' 'XK-DEST XK-IO-OK cpu1 250([^0-9]|$)'
        'XK-DEST XK-IO-VERIFIED bad 0([^0-9]|$)' 'XK-DEST XK-GUEST-EXIT 0' 'XK-DEST-EXIT 0$')
REJECT=('Kernel panic' 'BUG:' 'XK-IO-BAD' 'XK-MONITOR-TIMEOUT' 'qemu-system-x86_64: .*(rror|fail)' 'cannot take up')
