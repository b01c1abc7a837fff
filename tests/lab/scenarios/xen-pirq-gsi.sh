DESC="the guest routes its GSIs through PIRQs (XENFEAT_hvm_pirqs, PHYSDEVOP_map_pirq) and its devices' interrupts come as events: a VirtIO disk's level INTx (xen-pirq-ioapic-level, EOI by PHYSDEVOP_eoi) while its contents are read, the serial console's edge IRQ; an IDE disk's GSI 14, which Linux takes as a legacy IRQ (no ACPI registration, so no PIRQ), stays the I/O APIC's and works beside them; the physdev ops and bind_pirq at both sides of xen-evtchn-max-pirq=64 and with bad arguments get Xen's answers; QEMU exits 0"
KIND=lab
DISK_MB=16
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split,xen-evtchn-max-pirq=64 -cpu host,+xen-vapic -smp 2 -m 256 -drive file=/tmp/xk-disk.img,if=none,id=vd,file.locking=off,format=raw -device virtio-blk-pci,drive=vd,vectors=0 -drive file=/tmp/xk-disk.img,if=ide,index=0,media=disk,format=raw,file.locking=off,snapshot=on -trace xen_evtchn_map_pirq"
APPEND="quiet xen_emul_unplug=never"
TIMEOUT=300
guest() {
  xen-blk load
  xen-blk wait vda
  xen-blk wait sda
  # An interrupt's count on every CPU (ata_piix: both channels')
  irqs() { awk -v n="$1" '$NF == n { for (i = 2; $i ~ /^[0-9]+$/; i++) s += $i } END { print s + 0 }' /proc/interrupts; }
  for n in virtio0 ttyS0 ata_piix; do
    echo "XK-IRQ $n $(grep " $n\$" /proc/interrupts | sed 's/^ *[0-9]*:[ 0-9]*//')"
  done
  v=$(irqs virtio0); t=$(irqs ttyS0); a=$(irqs ata_piix)
  xen-blk show vda sda
  v2=$(irqs virtio0); t2=$(irqs ttyS0); a2=$(irqs ata_piix)
  [ "$v2" -gt $((v + 20)) ] && echo "XK-PIRQ-GREW virtio0 $v $v2" || echo "XK-PIRQ-STUCK virtio0 $v $v2"
  [ "$a2" -gt $((a + 20)) ] && echo "XK-PIRQ-GREW ata_piix $a $a2" || echo "XK-PIRQ-STUCK ata_piix $a $a2"
  [ "$t2" -gt "$t" ] && echo "XK-PIRQ-GREW ttyS0 $t $t2" || echo "XK-PIRQ-STUCK ttyS0 $t $t2"
  insmod /lib/modules/$(uname -r)/xen-privcmd.ko unrestricted=1
  xen-probe pirqs 64
  # The disk still reads after all that
  xen-blk show vda
}
EXPECT=('XK-IRQ virtio0 +xen-pirq +[0-9]+-ioapic-level' 'XK-IRQ ttyS0 +xen-pirq +4-ioapic-edge'
        'XK-IRQ ata_piix +IO-APIC +14-edge'
        'XK-PIRQ-GREW virtio0 ' 'XK-PIRQ-GREW ttyS0 ' 'XK-PIRQ-GREW ata_piix '
        'xen_evtchn_map_pirq gsi 4 pirq [0-9]+: 0' 'xen_evtchn_map_pirq gsi [0-9]+ pirq 63: 0'
        'XK-PIRQ get_free-msi 0 pirq (2[4-9]|[3-5][0-9]|6[0-2])$' 'XK-PIRQ get_free-gsi 0 pirq (2[4-9]|[3-5][0-9]|6[0-2])$'
        'XK-PIRQ map-gsi 0 pirq (2[4-9]|[3-5][0-9]|6[0-2]) ' 'XK-PIRQ map-gsi-bound -22 pirq 64 '
        'XK-PIRQ map-gsi-past-bound -22 ' 'XK-PIRQ map-gsi-48 -22 ' 'XK-PIRQ map-gsi-negative -22 '
        'XK-PIRQ map-msi -22 pirq -1 type 0$' 'XK-PIRQ map-msi-seg -22 pirq -1 type 0$'
        'XK-PIRQ map-multi-msi-table -22 pirq -1 type 4$'
        'XK-PIRQ map-other-domain -3 ' 'XK-PIRQ map-own-domid -1 ' 'XK-PIRQ map-gsi-again 0 '
        'XK-PIRQ status-last 0 flags 1$' 'XK-PIRQ status-bound -22$' 'XK-PIRQ status-unmapped -22$'
        'XK-PIRQ eoi-last 0$' 'XK-PIRQ eoi-bound -22$' 'XK-PIRQ eoi-never-used -22$'
        'XK-PIRQ bind 0$' 'XK-PIRQ bound-status 0 status 3 vcpu 0 pirq-is-msi 1$'
        'XK-PIRQ bind-again -17$' 'XK-PIRQ bind-last (0|-17)$' 'XK-PIRQ close-last (0|-17)$'
        'XK-PIRQ bind-bound -22$' 'XK-PIRQ bind-past-bound -22$' 'XK-PIRQ close 0$'
        'XK-PIRQ unmap 0$' 'XK-PIRQ status-after-unmap -22$' 'XK-PIRQ unmap-bound 0$'
        'XK-PIRQ unmap-negative 0$' 'XK-PIRQ unmap-other-domain -3$'
        'XK-PIRQ setup_gsi -38$' 'XK-PIRQ pirq_eoi_gmfn_v2 -38$' 'XK-PIRQ physdev-unknown -38$'
        'XK-GUEST-EXIT 0')
EXPECT_COUNT=('2 XK-BLK vda 32768 daa9ea9da45d47c1f1a1dbe36ee8f653' '1 XK-BLK sda 32768 daa9ea9da45d47c1f1a1dbe36ee8f653')
REJECT=('Kernel panic' 'BUG:' 'Assertion' 'XK-PIRQ-STUCK' 'XK-PIRQ-ERROR' 'xen map irq failed'
        'nobody cared' 'qemu-system-x86_64: .*(rror|fail)')
