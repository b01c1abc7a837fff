# xen-kexec with x-xen-pirqs=on: the soft reset unmaps the first kernel's GSIs, so the new
# kernel maps them afresh and its serial console (whose output needs its IRQ) keeps going.
. "$(dirname "${BASH_SOURCE[0]}")/xen-kexec.sh"
QEMU_ARGS="${QEMU_ARGS/kernel-irqchip=split/kernel-irqchip=split,x-xen-pirqs=on} -trace xen_evtchn_map_pirq"
DESC="x-xen-pirqs=on: $DESC; each kernel maps the serial port's GSI 4 to a PIRQ of its own, the second after the soft reset unmapped the first's, and its console goes on"
EXPECT+=('xen_evtchn_map_pirq gsi 4 pirq 2[0-3]: 0')
EXPECT_COUNT=('2 xen_evtchn_map_pirq gsi 4 pirq [0-9]+: 0$')
