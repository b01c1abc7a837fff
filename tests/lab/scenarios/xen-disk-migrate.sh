DESC="xen-disk across live migration in the middle of I/O: the guest writes, reads back and verifies block after block while it moves; the destination takes the ring and the event channel up where they stood (no request lost or replayed), the guest carries on and powers off, QEMU exits 0"
KIND=lab
DISK_MB=16
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 1 -m 256 -drive file=/tmp/xk-disk.img,if=none,id=disk,file.locking=off,format=raw,cache=none -device xen-disk,drive=disk,vdev=xvda"
APPEND="quiet"
TIMEOUT=420
guest() {
  xen-blk load
  xen-blk wait xvda
  i=0
  while [ $i -lt 150 ]; do
    i=$((i + 1))
    echo "XK-IO-$i" | dd of=/dev/xvda bs=512 seek=$((1000 + i)) conv=notrunc,fsync 2>/dev/null
    echo 3 > /proc/sys/vm/drop_caches
    r=$(dd if=/dev/xvda bs=512 skip=$((1000 + i)) count=1 2>/dev/null | head -1)
    [ "$r" = "XK-IO-$i" ] && echo "XK-IO-OK $i" || echo "XK-IO-BAD $i $r"
    dd if=/dev/xvda bs=1M skip=8 count=4 2>/dev/null | md5sum | sed 's/^/XK-IO-MD5 /'
  done
  j=0; bad=0
  while [ $j -lt 150 ]; do
    j=$((j + 1))
    r=$(dd if=/dev/xvda bs=512 skip=$((1000 + j)) count=1 2>/dev/null | head -1)
    [ "$r" = "XK-IO-$j" ] || bad=$((bad + 1))
  done
  echo "XK-IO-VERIFIED bad $bad"
}
monitor() {
  wait_guest "^XK-IO-OK 10" >/dev/null && migrate_l2
}
EXPECT=('XK-MIGRATED [0-9]+ bytes' 'XK-DEST XK-IO-OK 150([^0-9]|$)' 'XK-DEST XK-IO-VERIFIED bad 0([^0-9]|$)'
        'XK-DEST XK-GUEST-EXIT 0' 'XK-DEST-EXIT 0$')
EXPECT_COUNT=('150 XK-IO-MD5 78cfd0b14ff47247ff3224b8204d24c9')
REJECT=('Kernel panic' 'BUG:' 'XK-IO-BAD' 'XK-MONITOR-TIMEOUT' 'qemu-system-x86_64: .*(rror|fail)' 'cannot take up')
