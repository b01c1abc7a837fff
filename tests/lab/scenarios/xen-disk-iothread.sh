DESC="xen-disk on an iothread (iothread=io0): the guest writes, reads back and checks blocks through it, then QEMU is told to quit (QMP quit) while the guest reads and writes non-stop, so the quit's drain lands on requests the iothread is taking: QEMU exits 0 with no I/O error and no crash"
KIND=lab
DISK_MB=16
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 2 -m 256 -object iothread,id=io0 -drive file=/tmp/xk-disk.img,if=none,id=disk,file.locking=off,format=raw -device xen-disk,drive=disk,vdev=xvda,iothread=io0"
APPEND="quiet"
TIMEOUT=300
guest() {
  xen-blk load
  xen-blk wait xvda
  xen-blk show xvda
  for i in 1 2 3; do xen-blk write xvda $((300 + i)) "XK-IOTHREAD-$i"; done
  xen-blk churn xvda
}
monitor() {
  wait_guest "^XK-ROUND 3" >/dev/null || return
  qmp '{"execute":"quit"}'
}
after() {
  echo "XK-L1-IMAGE $(dd if=/tmp/xk-disk.img bs=512 skip=303 count=1 2>/dev/null | head -1)"
}
EXPECT=('XK-BLK xvda 32768 daa9ea9da45d47c1f1a1dbe36ee8f653' 'XK-BLK-READBACK xvda 303 XK-IOTHREAD-3$'
        'XK-ROUND 3' 'XK-QMP .*"return"' 'XK-L1-IMAGE XK-IOTHREAD-3$')
REJECT=('Kernel panic' 'BUG:' 'Assertion' 'qemu-system-x86_64: .*(rror|fail)' 'XK-STACK')
