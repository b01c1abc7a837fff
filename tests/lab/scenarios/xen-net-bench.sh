DESC="benchmark (not a timed test): TCP throughput through xen-net-device and QEMU's user network between the guest and a server in L1, 32 MiB each way per round, 5 rounds and their medians (run it with --qemu to compare another QEMU); the features netfront negotiated shown from the store"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 2 -m 512 -netdev user,id=n0 -device xen-net-device,netdev=n0"
APPEND="quiet"
TIMEOUT=600
guest() {
  xen-net load
  xen-net up
  xen-net features
  net-bench run 10.0.2.2 5001 32 5
}
monitor() {
  net-bench serve 5001 &
  wait_guest '^XK-NETBENCH median|XK-GUEST-EXIT' 550 >/dev/null
  kill $!
}
EXPECT=('XK-NETBENCH median tx [0-9.]+ MB/s rx [0-9.]+ MB/s' 'XK-GUEST-EXIT 0')
REJECT=('Kernel panic' 'BUG:' 'net-bench:')
