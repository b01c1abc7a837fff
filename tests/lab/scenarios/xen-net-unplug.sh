DESC="NIC unplug: beside xen-net-device the machine has an emulated e1000 on its own user netdev; Linux unplugs emulated NICs through the platform device at boot (the e1000 leaves the PCI bus, its netdev with it), and the PV NIC, whose netdev the unplug must leave alone, takes a lease and pings the gateway"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 1 -m 256 -netdev user,id=n0 -device xen-net-device,netdev=n0 -netdev user,id=n1 -device e1000,netdev=n1,mac=52:54:00:00:00:e1,romfile="
APPEND="quiet"
TIMEOUT=300
guest() {
  echo "XK-PCI-NICS $(grep -l 0x020000 /sys/bus/pci/devices/*/class | wc -l)"
  dmesg | grep platform_pci_unplug | sed 's/^/XK-DMESG /'
  xen-net load
  xen-net up
  xen-net ping 10.0.2.2 3
}
EXPECT=('XK-PCI-NICS 0$' 'XK-DMESG .*[Uu]nplug.*NIC' 'XK-NET-LEASE 10\.0\.2\.15$' 'XK-NET-PING 3 3$' 'XK-GUEST-EXIT 0')
REJECT=('Kernel panic' 'BUG:' 'Assertion' 'qemu-system-x86_64: .*(error|fail)')
