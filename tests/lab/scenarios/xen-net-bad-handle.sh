DESC="command line: two xen-net-device with the same handle: QEMU refuses the second, naming the property, and exits 1 before the guest runs"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 1 -m 256 -netdev user,id=n0 -device xen-net-device,netdev=n0,handle=0 -netdev user,id=n1 -device xen-net-device,netdev=n1,handle=0"
EXPECT_RC=1
EXPECT=('-device xen-net-device,netdev=n1,handle=0: .*handle 0 is taken by another xen-net-device')
guest() {
  echo "XK-GUEST-RAN"
}
REJECT=('XK-GUEST-RAN')
