DESC="xen-gnttab-max-frames beyond what the host's KVM memory slots allow is refused at start-up, naming the property and the most there may be"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split,xen-gnttab-max-frames=65535 -cpu host -smp 1 -m 256"
EXPECT_RC=1
TIMEOUT=60
guest() {
  echo "XK-SHOULD-NOT-BOOT"
}
EXPECT=('xen-gnttab-max-frames=65535 is too large: .* memory slots, and this host.s KVM has [0-9]+: at most [0-9]+$')
REJECT=('XK-SHOULD-NOT-BOOT')
