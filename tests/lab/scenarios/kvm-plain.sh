DESC="plain KVM guest (no Xen) boots and runs its script"
KIND=lab
QEMU_ARGS="-M pc -accel kvm -cpu host -smp 1 -m 256"
guest() {
  uname -r
  echo "XK-RESULT ok"
}
EXPECT=('XK-RESULT ok')
REJECT=('Kernel panic' 'BUG:')
