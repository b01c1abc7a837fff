DESC="PIRQs across live migration in the middle of I/O: a VirtIO disk whose level INTx is a PIRQ's event is read round after round while the guest moves; on the destination its interrupts keep coming through the PIRQ (the map, the port and the line's level moved with it), every round reads right, QEMU exits 0"
KIND=lab
DISK_MB=16
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 2 -m 256 -drive file=/tmp/xk-disk.img,if=none,id=vd,file.locking=off,format=raw,cache=none -device virtio-blk-pci,drive=vd,vectors=0"
APPEND="quiet xen_emul_unplug=never"
TIMEOUT=420
guest() {
  xen-blk load
  xen-blk wait vda
  # Its interrupt: virtio0 (INTx), or virtio0-req.0 (MSI-X, xen-pirq-msi-migrate)
  irqs() { awk '$NF ~ /^virtio0(-req\.0)?$/ { s = 0; for (i = 2; $i ~ /^[0-9]+$/; i++) s += $i; print s }' /proc/interrupts; }
  echo "XK-IRQ virtio0 $(grep -E ' virtio0(-req\.0)?$' /proc/interrupts | sed 's/^ *[0-9]*:[ 0-9]*//')"
  i=0
  while [ $i -lt 40 ]; do
    i=$((i + 1))
    [ $i = 25 ] && before=$(irqs)
    echo 3 > /proc/sys/vm/drop_caches
    echo "XK-ROUND $i $(dd if=/dev/vda bs=1M count=2 2>/dev/null | md5sum | cut -d' ' -f1)"
  done
  after=$(irqs)
  [ "$after" -gt $((before + 8)) ] && echo "XK-PIRQ-GREW virtio0 $before $after" || echo "XK-PIRQ-STUCK virtio0 $before $after"
}
monitor() {
  wait_guest '^XK-ROUND 5 ' >/dev/null && migrate_l2
}
EXPECT=('XK-IRQ virtio0 +xen-pirq +[0-9]+-ioapic-level' 'XK-MIGRATED [0-9]+ bytes'
        'XK-DEST XK-ROUND 40 ' 'XK-DEST XK-PIRQ-GREW virtio0 ' 'XK-DEST XK-GUEST-EXIT 0' 'XK-DEST-EXIT 0$')
EXPECT_COUNT=('40 XK-ROUND [0-9]+ 6dc3ca98e69516b0c89671e5608501cd$')
REJECT=('Kernel panic' 'BUG:' 'XK-PIRQ-STUCK' 'XK-MONITOR-TIMEOUT' 'nobody cared'
        'qemu-system-x86_64: .*(rror|fail)' 'XK-DEST .*qemu-system-x86_64:.*(rror|fail|not restored)')
