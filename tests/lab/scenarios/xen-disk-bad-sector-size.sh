DESC="command line: xen-disk with logical_block_size=8192: QEMU refuses it, naming the property and the page it is over (no segment of a blkif request could hold a sector), and exits 1 before the guest runs"
KIND=lab
DISK_MB=16
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 1 -m 256 -drive file=/tmp/xk-disk.img,if=none,id=disk,file.locking=off,format=raw -device xen-disk,drive=disk,vdev=xvda,logical_block_size=8192,physical_block_size=8192"
EXPECT_RC=1
EXPECT=('-device xen-disk,.*logical_block_size=8192.*: logical_block_size 8192 is more than a page \(4096\)')
guest() {
  echo "XK-GUEST-RAN"
}
REJECT=('XK-GUEST-RAN')
