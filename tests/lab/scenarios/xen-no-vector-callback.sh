DESC="xen_no_vector_callback: the upcall comes through the xen-platform device's INTx (GSI callback), also for vCPU 0's IPIs and timer that the kernel would deliver itself; grant table set up in its BAR"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,-xen-vapic -smp 1 -m 512"
APPEND="xen_no_vector_callback"
guest() {
  # Events on a loopback channel arrive through the platform device's INTx.
  insmod /lib/modules/$(uname -r)/xen-evtchn.ko
  xen-probe evtchn-loopback 50
  # vCPU 0's IPI and timer, which the kernel would deliver itself, raise the line too.
  insmod /lib/modules/$(uname -r)/xen-privcmd.ko unrestricted=1
  xen-probe line-vcpu0
  grep -E 'xen|evtchn' /proc/interrupts | sed 's/^/XK-IRQ /'
  lspci 2>/dev/null | sed 's/^/XK-PCI /'
  for d in /sys/bus/pci/devices/*; do
    echo "XK-PCIDEV $(cat $d/vendor):$(cat $d/device) driver=$(basename "$(readlink $d/driver)")"
  done
}
# The platform device's magic I/O port answers: the kernel unplugs emulated NICs and disks.
EXPECT=('platform_pci_unplug: .*unplug emulated'
        'Grant table initialized'
        'XK-PCIDEV 0x5853:0x0001 driver=xen-platform-pci'
        'XK-LOOPBACK sent 50 received 50'
        'XK-HCALL bind_ipi-vcpu0 0 port [1-9]' 'XK-HCALL send-ipi 0$' 'XK-LINE ipi raised'
        'XK-HCALL bind_virq-timer-vcpu0 0 port [1-9]' 'XK-HCALL singleshot-10ms 0$' 'XK-LINE timer raised'
        # the INTx interrupt counted (at least the 50 events)
        'XK-IRQ +[0-9]+: +[1-9][0-9]+ .*xen-platform-pci')
REJECT=('Kernel panic' 'BUG:' 'WARNING:.*xen' 'callback vector for event delivery is enabled'
        'probe of .* failed' 'Xen Platform PCI: unrecognised magic')
