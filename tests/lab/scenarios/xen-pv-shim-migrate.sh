DESC="a PV guest in Xen's PV shim across live migration while it writes and reads back disk blocks through xen-disk and prints to its console: the shim and its guest carry on at the destination (the console, the disk, timers and IPIs on both vCPUs), the guest powers off, QEMU exits 0 and every block is in the image"
KIND=lab
PV_SHIM=1
DISK_MB=16
QEMU_ARGS="-M pc -accel kvm,xen-version=0x40011,kernel-irqchip=split -cpu host,+xen-vapic -smp 2 -m 512 -drive file=/tmp/xk-disk.img,if=none,id=disk,file.locking=off,format=raw,cache=none -device xen-disk,drive=disk,vdev=xvda"
TIMEOUT=420
guest() {
  xen-blk load
  xen-blk wait xvda
  i=0
  while [ $i -lt 30 ]; do
    i=$((i + 1))
    xen-blk write xvda $((200 + i)) "XK-BLOCK-$i"
    echo "XK-LOOP $i"
    sleep 0.2
  done
  xen-irqs save /tmp/irqs
  xen-irqs work
  xen-irqs grew /tmp/irqs timer resched
}
monitor() {
  wait_guest "^XK-LOOP 5" >/dev/null && migrate_l2
}
after() {
  echo "XK-L1-IMAGE $(for i in $(seq 1 30); do dd if=/tmp/xk-disk.img bs=512 skip=$((200 + i)) count=1 2>/dev/null | head -1; done | grep -c '^XK-BLOCK-')"
}
EXPECT=('XK-MIGRATED [0-9]+ bytes' 'XK-DEST XK-BLK-READBACK xvda 230 XK-BLOCK-30$' 'XK-DEST XK-LOOP 30'
        'XK-DEST XK-IRQ-GREW timer0 ' 'XK-DEST XK-IRQ-GREW timer1 ' 'XK-DEST XK-IRQ-GREW resched1 '
        'XK-DEST XK-GUEST-EXIT 0' 'XK-DEST-EXIT 0' 'XK-L1-IMAGE 30$')
REJECT=('XK-IRQ-STUCK' 'XK-BLK-READBACK xvda [0-9]+ $' 'Kernel panic' 'BUG:' 'Assertion' 'qemu-system-x86_64: .*(error|fail)' 'Panic on CPU' 'XK-MONITOR-TIMEOUT')
