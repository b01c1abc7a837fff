DESC="xen_emul_unplug=never on the guest's command line: the emulated e1000 stays on the PCI bus and netfront declines the vif, as under Xen, since the emulated NICs were not unplugged"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 1 -m 256 -netdev user,id=n0 -device xen-net-device,netdev=n0 -netdev user,id=n1 -device e1000,netdev=n1,mac=52:54:00:00:00:e1,romfile="
APPEND="quiet xen_emul_unplug=never"
TIMEOUT=300
guest() {
  echo "XK-PCI-NICS $(grep -l 0x020000 /sys/bus/pci/devices/*/class | wc -l)"
  xen-net load 2>&1 | sed 's/^/XK-LOAD /'
  sleep 2
  echo "XK-NETDEVS $(ls /sys/class/net | tr '\n' ' ')"
}
EXPECT=('XK-PCI-NICS 1$' 'XK-NETDEVS lo $' 'XK-GUEST-EXIT 0')
REJECT=('Kernel panic' 'BUG:' 'Assertion' 'qemu-system-x86_64: .*(error|fail)')
