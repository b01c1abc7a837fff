DESC="hostile MSIs: the guest programs QEMU's edu device with MSIs naming PIRQs (xen-evtchn-max-pirq=64) and sends each: PIRQ 40 bound to a port (the event pending on it, the first MSI mapping it), unbound (dropped, not latched), past the bound (64, and 0x12345 in the address's high half), a GSI's PIRQ, PIRQ 0 (an MSI of vector 0 for the APIC): each dropped as Xen drops it, QEMU logs it and carries on, the guest too"
KIND=lab
# QEMU's edu test device: its register 0x60 sends its MSI.
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split,xen-evtchn-max-pirq=64 -cpu host -smp 1 -m 256 -device edu,addr=0x6 -d guest_errors -trace xen_evtchn_pirq"
APPEND="quiet"
guest() {
  insmod /lib/modules/$(uname -r)/xen-privcmd.ko unrestricted=1
  for d in /sys/bus/pci/devices/*; do
    [ "$(cat $d/vendor):$(cat $d/device)" = 0x1234:0x11e8 ] && edu=$d
  done
  xen-probe msi "$edu"
  echo "XK-ALIVE $(cat /proc/uptime | cut -d' ' -f1)"
}
monitor() {
  wait_guest '^XK-MSI-DONE' >/dev/null
  qmp '{"execute":"xen-event-list"}' | grep -o '{[^{}]*}' | grep '"type": "pirq"' |
    grep -E '"target": 40[,}]' | sed 's/^/XK-MSI-EVENT /'
}
EXPECT=('XK-PIRQ msi-map-gsi 0 pirq 41 ' 'XK-MSI bind 0$' 'XK-MSI send bound pirq 40$'
        'xen_evtchn_pirq pirq 40 port [1-9][0-9]*$' 'XK-MSI status 0 flags 1$'
        'XK-MSI close 0$' 'xen_evtchn_pirq pirq 40 port 0$'
        'MSI of PIRQ 64 dropped: past xen-evtchn-max-pirq' 'MSI of PIRQ 74565 dropped: past xen-evtchn-max-pirq'
        'MSI of PIRQ 41 dropped: mapped to a GSI' 'XK-MSI send pirq-0 pirq 0$' 'XK-MSI bind-again 0$'
        'XK-MSI-EVENT .*"pending": true' 'XK-MSI-EVENT .*"masked": true'
        'XK-ALIVE ' 'XK-GUEST-EXIT 0')
EXPECT_COUNT=('2 xen_evtchn_pirq pirq 40 port [1-9][0-9]*$')
REJECT=('Kernel panic' 'BUG:' 'XK-MSI-ERROR' 'KVM: injection failed' 'XK-MONITOR-TIMEOUT'
        'qemu-system-x86_64: .*(rror|fail)')
