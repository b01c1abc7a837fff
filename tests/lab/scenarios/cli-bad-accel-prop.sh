DESC="an unknown -accel kvm property is refused"
KIND=host
QEMU_ARGS="-accel kvm,no-such-prop=1"
EXPECT_RC='!0'
EXPECT=("no-such-prop.*not found")
