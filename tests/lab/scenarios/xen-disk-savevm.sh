DESC="savevm and loadvm (HMP) of a guest writing to xen-disk (savevm in the middle of its writes): loadvm brings back the disk as it was at savevm with the guest's memory, blkfront carries on over the restored ring (no request lost or replayed), the guest finishes and powers off, QEMU exits 0"
KIND=lab
DISK_MB=16
# snapshot=on: a temporary qcow2 over the image, where savevm keeps the snapshot.
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 1 -m 256 -drive file=/tmp/xk-disk.img,if=none,id=disk,file.locking=off,format=raw,snapshot=on -device xen-disk,drive=disk,vdev=xvda"
APPEND="quiet"
TIMEOUT=420
guest() {
  xen-blk load
  xen-blk wait xvda
  rd() { echo 3 > /proc/sys/vm/drop_caches; dd if=/dev/xvda bs=512 skip=$1 count=1 2>/dev/null | head -1; }
  xen-blk write xvda 100 XK-A
  # Writes go on (12 s of them) while the monitor saves the VM.
  echo "XK-SAVE-ME"
  i=0; t0=$(date +%s)
  while [ $(($(date +%s) - t0)) -lt 12 ] && [ $i -lt 20000 ]; do
    i=$((i + 1))
    echo "XK-IO-$i" | dd of=/dev/xvda bs=512 seek=$((1000 + i)) conv=notrunc,fsync 2>/dev/null
  done
  # Printed twice: first on the way, then again once loadvm has brought the guest back
  # into the loop above and the disk with it (sector 100 was XK-A then; XK-B comes after).
  echo "XK-AT-SAVE-POINT $(rd 100) last-write $([ "$(rd $((1000 + i)))" = "XK-IO-$i" ] && echo ok || echo bad)"
  xen-blk write xvda 100 XK-B
  echo "XK-WROTE-B"
  sleep 8
  j=0; bad=0; [ $i -gt 200 ] && j=$((i - 200))
  while [ $j -lt $i ]; do
    j=$((j + 1))
    [ "$(rd $((1000 + j)))" = "XK-IO-$j" ] || bad=$((bad + 1))
  done
  echo "XK-IO-VERIFIED bad $bad of $i"
}
monitor() {
  wait_guest '^XK-SAVE-ME' >/dev/null
  qmp '{"execute":"human-monitor-command","arguments":{"command-line":"savevm s1"}}'
  wait_guest '^XK-WROTE-B' >/dev/null
  qmp '{"execute":"human-monitor-command","arguments":{"command-line":"loadvm s1"}}'
  qmp '{"execute":"human-monitor-command","arguments":{"command-line":"info snapshots"}}'
}
EXPECT=('XK-QMP .*s1 ' 'XK-IO-VERIFIED bad 0 of [0-9]+$' 'XK-GUEST-EXIT 0')
EXPECT_COUNT=('2 XK-AT-SAVE-POINT XK-A last-write ok$' '2 XK-WROTE-B')
REJECT=('Kernel panic' 'BUG:' 'XK-AT-SAVE-POINT XK-B' 'XK-MONITOR-TIMEOUT'
        'qemu-system-x86_64: .*(rror|fail)' 'XK-QMP .*"error"' 'cannot take up')
