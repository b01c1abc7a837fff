DESC="the spec's recipe verbatim: the boot disk as an IDE disk and as xen-disk xvda; the guest unplugs the IDE disk through the platform device (no sd/hd disk left), blkfront finds vbd-51712, reads the image's known contents through /dev/xvda, writes, syncs and reads back; QEMU exits 0 and the write is in the image"
KIND=lab
DISK_MB=16
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 1 -m 256 -drive file=/tmp/xk-disk.img,if=none,id=disk,file.locking=off -device xen-disk,drive=disk,vdev=xvda -drive file=/tmp/xk-disk.img,index=2,media=disk,file.locking=off,if=ide"
APPEND="quiet"
TIMEOUT=300
guest() {
  xen-blk load
  xen-blk wait xvda
  dmesg | grep -E 'platform_pci_unplug|blkfront' | sed 's/^/XK-DMESG /'
  xenstore-ls -f device/vbd | sed 's/^/XK-XS-FRONTEND /'
  xen-blk list
  xen-blk show xvda
  xen-blk write xvda 100 XK-WRITTEN-BY-GUEST
  echo "XK-NEXT $(dd if=/dev/xvda bs=512 skip=101 count=1 2>/dev/null | head -1)"
}
after() {
  echo "XK-L1-IMAGE $(dd if=/tmp/xk-disk.img bs=512 skip=100 count=1 2>/dev/null | head -1)"
}
EXPECT=('XK-DMESG .*unplug emulated disks' 'XK-BLK-WAIT xvda present' 'XK-XENBUS vbd-51712 $'
        'XK-BLK-LIST xvda $' 'XK-BLK xvda 32768 daa9ea9da45d47c1f1a1dbe36ee8f653'
        'XK-BLK-READBACK xvda 100 XK-WRITTEN-BY-GUEST$' 'XK-NEXT XK-DISK-PATTERN$'
        'XK-GUEST-EXIT 0' 'XK-L1-IMAGE XK-WRITTEN-BY-GUEST$')
REJECT=('Kernel panic' 'BUG:' 'Assertion' 'qemu-system-x86_64: .*(error|fail)')
