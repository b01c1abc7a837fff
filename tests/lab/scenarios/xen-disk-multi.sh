DESC="three xen-disks with three of Xen's vdev forms (xvda, xvdb read-only, d20p0: 51712, 51728 and the extended 268440576: xvdu); the guest finds each as its vbd and reads the image through each"
KIND=lab
DISK_MB=16
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 1 -m 256 -drive file=/tmp/xk-disk.img,if=none,id=d0,file.locking=off,format=raw -device xen-disk,drive=d0,vdev=xvda -drive file=/tmp/xk-disk.img,if=none,id=d1,file.locking=off,format=raw,readonly=on -device xen-disk,drive=d1,vdev=xvdb -drive file=/tmp/xk-disk.img,if=none,id=d2,file.locking=off,format=raw -device xen-disk,drive=d2,vdev=d20p0"
APPEND="quiet"
TIMEOUT=300
guest() {
  xen-blk load
  xen-blk wait xvda
  xen-blk wait xvdb
  xen-blk wait xvdu
  xen-blk list
  xen-blk show xvda xvdb xvdu
  echo "XK-RO $(cat /sys/block/xvdb/ro) $(cat /sys/block/xvda/ro)"
  echo x | dd of=/dev/xvdb bs=512 seek=300 conv=notrunc,fsync 2>/dev/null || echo "XK-RO-WRITE refused"
}
EXPECT=('XK-XENBUS vbd-268440576 vbd-51712 vbd-51728 $' 'XK-BLK xvda 32768 daa9ea9da45d47c1f1a1dbe36ee8f653'
        'XK-BLK xvdb 32768 daa9ea9da45d47c1f1a1dbe36ee8f653' 'XK-BLK xvdu 32768 daa9ea9da45d47c1f1a1dbe36ee8f653' 'XK-RO 1 0' 'XK-RO-WRITE refused'
        'XK-GUEST-EXIT 0')
REJECT=('Kernel panic' 'BUG:' 'Assertion' 'qemu-system-x86_64: .*(error|fail)')
