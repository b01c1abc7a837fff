DESC="the spec's recipe with Debian 12's 6.1 kernel as the guest: IDE unplugged, xvda read and written"
KIND=lab
L2_KERNEL=6.1
DISK_MB=16
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 1 -m 256 -drive file=/tmp/xk-disk.img,if=none,id=disk,file.locking=off -device xen-disk,drive=disk,vdev=xvda -drive file=/tmp/xk-disk.img,index=2,media=disk,file.locking=off,if=ide"
APPEND="quiet"
TIMEOUT=300
guest() {
  xen-blk load
  xen-blk wait xvda
  xen-blk list
  xen-blk show xvda
  xen-blk write xvda 200 XK-WRITTEN-BY-6.1
}
after() {
  echo "XK-L1-IMAGE $(dd if=/tmp/xk-disk.img bs=512 skip=200 count=1 2>/dev/null | head -1)"
}
EXPECT=('XK-BLK-WAIT xvda present' 'XK-XENBUS vbd-51712 $' 'XK-BLK-LIST xvda $'
        'XK-BLK xvda 32768 daa9ea9da45d47c1f1a1dbe36ee8f653' 'XK-BLK-READBACK xvda 200 XK-WRITTEN-BY-6.1$'
        'XK-GUEST-EXIT 0' 'XK-L1-IMAGE XK-WRITTEN-BY-6.1$')
REJECT=('Kernel panic' 'BUG:' 'Assertion' 'qemu-system-x86_64: .*(error|fail)')
