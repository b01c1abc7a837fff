DESC="xen_emul_unplug=never on the guest's command line: nothing is unplugged, the IDE disk and a VirtIO disk stay and read the image's contents; xen-disk is offered (vbd-51712) but Linux's blkfront declines it, as under Xen, since the emulated disks were not unplugged"
KIND=lab
DISK_MB=16
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 1 -m 256 -drive file=/tmp/xk-disk.img,if=none,id=disk,file.locking=off -device xen-disk,drive=disk,vdev=xvda -drive file=/tmp/xk-disk.img,index=2,media=disk,file.locking=off,if=ide,format=raw -drive file=/tmp/xk-disk.img,if=none,id=vd,file.locking=off,format=raw -device virtio-blk-pci,drive=vd"
APPEND="quiet xen_emul_unplug=never"
TIMEOUT=300
guest() {
  xen-blk load
  xen-blk wait xvda 5
  xen-blk wait vda
  xen-blk wait sda
  xen-blk list
  xen-blk show vda sda
}
EXPECT=('XK-BLK-WAIT xvda missing' 'XK-XENBUS vbd-51712 $' 'XK-BLK-LIST sda vda $' 'XK-BLK-WAIT vda present' 'XK-BLK-WAIT sda present'
        'XK-BLK vda 32768 daa9ea9da45d47c1f1a1dbe36ee8f653' 'XK-BLK sda 32768 daa9ea9da45d47c1f1a1dbe36ee8f653'
        'XK-GUEST-EXIT 0')
REJECT=('Kernel panic' 'BUG:' 'Assertion' 'qemu-system-x86_64: .*(error|fail)' 'unplug emulated disks')
