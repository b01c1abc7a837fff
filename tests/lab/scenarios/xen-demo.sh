DESC="what a Xen HVM Linux guest sees (the README's main command shows this)"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 2 -m 512"
guest() {
  s() { echo "XK-SHOW $*"; }
  s "hypervisor:     $(cat /sys/hypervisor/type) $(cat /sys/hypervisor/guest_type 2>/dev/null)"
  s "Xen version:    $(cat /sys/hypervisor/version/major).$(cat /sys/hypervisor/version/minor)$(cat /sys/hypervisor/version/extra)"
  s "capabilities:   $(cat /sys/hypervisor/properties/capabilities)"
  s "features:       $(cat /sys/hypervisor/properties/features)"
  s "changeset:      $(cat /sys/hypervisor/properties/changeset)"
  s "clocksource:    $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
  s "CPUs:           $(grep -c ^processor /proc/cpuinfo)"
  grep -E 'xen' /proc/interrupts | sed 's/^ *//; s/  */ /g; s/^/XK-SHOW interrupt:      /'
  xen-probe cpuid | grep -E 'SIG|0x40000001' | sed 's/^/XK-SHOW cpuid:          /'
}
EXPECT=('Hypervisor detected: Xen HVM' 'XK-SHOW hypervisor: +xen')
REJECT=('Kernel panic' 'BUG:')
