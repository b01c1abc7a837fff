DESC="a frontend the backend cannot serve: xvdb has 4096-byte sectors, which Linux's blkfront does not say it takes (feature-large-sector-size); the backend refuses it (logged) and goes Closing, as Xen's do, so blkfront lets it go at once instead of waiting minutes for it, and both end Closed; xvda beside it works; QEMU exits 0"
KIND=lab
DISK_MB=16
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 1 -m 256 -drive file=/tmp/xk-disk.img,if=none,id=d0,file.locking=off,format=raw -device xen-disk,drive=d0,vdev=xvda -drive file=/tmp/xk-disk.img,if=none,id=d1,file.locking=off,format=raw -device xen-disk,drive=d1,vdev=xvdb,logical_block_size=4096,physical_block_size=4096 -d guest_errors"
APPEND="quiet"
TIMEOUT=150
guest() {
  xen-blk load
  xen-blk wait xvda
  xen-blk list
  be=$(xenstore-read device/vbd/51728/backend)
  echo "XK-REFUSED front $(xenstore-read device/vbd/51728/state) back $(xenstore-read $be/state)"
  xen-blk show xvda
}
EXPECT=('51728: frontend change error: logical_block_size != 512 not supported by frontend'
        'XK-BLK-WAIT xvda present' 'XK-BLK-LIST xvda $' 'XK-REFUSED front 6 back 6$'
        'XK-BLK xvda 32768 daa9ea9da45d47c1f1a1dbe36ee8f653' 'XK-GUEST-EXIT 0')
REJECT=('Kernel panic' 'BUG:' 'Assertion' 'qemu-system-x86_64: .*(error|fail)')
