DESC="command line: xen-net-device with max-queues=17: QEMU refuses it, naming the device and the most queues it takes, and exits 1 before the guest runs"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 1 -m 256 -netdev user,id=n0 -device xen-net-device,netdev=n0,max-queues=17"
EXPECT_RC=1
EXPECT=('-device xen-net-device,netdev=n0,max-queues=17: max-queues 17 is more than 16')
guest() {
  echo "XK-GUEST-RAN"
}
REJECT=('XK-GUEST-RAN')
