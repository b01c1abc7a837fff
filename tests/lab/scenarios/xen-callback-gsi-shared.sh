DESC="a GSI callback on a GSI a PCI device drives too: neither overrides the other at the I/O APIC (Xen counts assertions)"
KIND=lab
# QEMU's edu test device: its INTx is raised and lowered through its registers.
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,-xen-vapic -smp 1 -m 512 -device edu,addr=0x6"
APPEND="xen_no_vector_callback"
guest() {
  insmod /lib/modules/$(uname -r)/xen-privcmd.ko unrestricted=1
  for d in /sys/bus/pci/devices/*; do
    echo "XK-PCIDEV $(cat $d/vendor):$(cat $d/device) irq $(cat $d/irq)"
    [ "$(cat $d/vendor):$(cat $d/device)" = 0x1234:0x11e8 ] && edu=$d
  done
  xen-probe gsi-share "$edu"
  # Events still arrive once the callback is back on the platform device.
  insmod /lib/modules/$(uname -r)/xen-evtchn.ko
  xen-probe evtchn-loopback 20
}
monitor() {
  # Rising edges the I/O APIC saw on pin $1 (HMP "info irq").
  ioapic_edges() {
    /bin/qmp /tmp/qmp.sock '{"execute":"human-monitor-command","arguments":{"command-line":"info irq"}}' |
      sed 's/\\r\\n/\n/g' | awk -v pin="$1:" '/IRQ statistics/ { on = /ioapic/ } on && $1 == pin { n = $2 } END { print n + 0 }'
  }
  gsi=$(wait_guest '^XK-GSI-READY [0-9]+' | awk '{ print $2 }')
  a=$(ioapic_edges "$gsi")
  wait_guest '^XK-GSI-DONE' >/dev/null
  echo "XK-GSI-EDGES $(($(ioapic_edges "$gsi") - a)) (from $a)"
}
EXPECT=('XK-GSI-READY [0-9]+ callback-gsi [0-9]+'
        'XK-HCALL bind_ipi-vcpu0 0$' 'XK-HCALL bind_ipi2-vcpu0 0$' 'XK-HCALL set_param-callback-gsi 0$' 'XK-HCALL set_param-callback-back 0$'
        # the edu's five drops and raises hidden by the asserted callback, no drop when
        # the callback left nor edge when it came back; then the edu's own edge (the
        # control, which also shows the count was taken before the window)
        'XK-GSI-EDGES 1 \(from [1-9]'
        'XK-LOOPBACK sent 20 received 20')
REJECT=('Kernel panic' 'BUG:' 'WARNING:.*xen' 'XK-GSI-ERROR' 'XK-MONITOR-TIMEOUT')
