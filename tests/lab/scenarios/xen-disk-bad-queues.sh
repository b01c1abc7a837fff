DESC="command line: xen-disk with max-queues=17: QEMU refuses it, naming the device and the most queues it takes, and exits 1 before the guest runs"
KIND=lab
DISK_MB=16
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 1 -m 256 -drive file=/tmp/xk-disk.img,if=none,id=disk,file.locking=off,format=raw -device xen-disk,drive=disk,vdev=xvda,max-queues=17"
EXPECT_RC=1
EXPECT=('-device xen-disk,drive=disk,vdev=xvda,max-queues=17: max-queues 17 is more than 16')
guest() {
  echo "XK-GUEST-RAN"
}
REJECT=('XK-GUEST-RAN')
