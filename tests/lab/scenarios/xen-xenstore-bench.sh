DESC="benchmark (not a timed test): XenStore request round trips from the guest through /dev/xen/xenbus, reads and writes, microseconds each, and the floor under them: a hypercall the kernel answers, one QEMU answers, and a pipe round trip between two processes (two thread switches, as xenbus costs) (run it with --qemu to compare another QEMU)"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 1 -m 256"
APPEND="quiet"
guest() {
  xs-probe bench 100 >/dev/null    # warm up
  xs-probe bench 2000
  xs-probe bench 2000
  # The floor: a hypercall QEMU answers (the guest's kick to the store is one), and
  # two thread switches (xenbus: the caller to the xenbus thread and back).
  insmod /lib/modules/$(uname -r)/xen-privcmd.ko unrestricted=1 2>/dev/null
  xen-probe hcall-bench 2000
}
EXPECT=('XK-XS-BENCH 2000 read [0-9.]+ us write [0-9.]+ us'
        'XK-HCALL-BENCH 2000 kernel [0-9.]+ us qemu [0-9.]+ us'
        'XK-SWITCH-BENCH 2000 pipe round trip [0-9.]+ us')
REJECT=('Kernel panic' 'BUG:')
