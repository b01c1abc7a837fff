DESC="a guest with xen-disk reboots (no -no-reboot): the store and the backend start afresh, blkfront connects again on the second boot, which finds what the first wrote"
KIND=lab
DISK_MB=16
NO_REBOOT=0
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 1 -m 256 -drive file=/tmp/xk-disk.img,if=none,id=disk,file.locking=off,format=raw -device xen-disk,drive=disk,vdev=xvda"
APPEND="quiet"
TIMEOUT=400
guest() {
  xen-blk load
  xen-blk wait xvda
  xen-blk list
  if dd if=/dev/xvda bs=512 skip=400 count=1 2>/dev/null | grep -q XK-FIRST-BOOT; then
    echo "XK-SECOND-BOOT"
    xen-blk show xvda
    poweroff -f
  fi
  xen-blk write xvda 400 XK-FIRST-BOOT
  reboot -f
}
EXPECT=('XK-BLK-READBACK xvda 400 XK-FIRST-BOOT$' 'XK-SECOND-BOOT')
EXPECT_COUNT=('2 XK-XENBUS vbd-51712 $' '2 XK-BLK-WAIT xvda present')
REJECT=('Kernel panic' 'BUG:' 'Assertion' 'qemu-system-x86_64: .*(error|fail)')
