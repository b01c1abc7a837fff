# xen-pirq-migrate with MSI-X: the disk on an iothread, whose MSI-X the kernel routes from an
# irqfd to its PIRQ's port; on the destination the routes are made again from the migrated
# PIRQs and ports.
. "$(dirname "${BASH_SOURCE[0]}")/xen-pirq-migrate.sh"
QEMU_ARGS="${QEMU_ARGS/-cpu host,+xen-vapic/-cpu host} -object iothread,id=io0 -trace xen_evtchn_pirq_route"
QEMU_ARGS="${QEMU_ARGS/virtio-blk-pci,drive=vd,vectors=0/virtio-blk-pci,drive=vd,iothread=io0}"
DESC="MSI PIRQs across live migration in the middle of I/O: a VirtIO disk on an iothread, whose MSI-X the kernel routes to its PIRQ's port from an irqfd, is read round after round while the guest moves; on the destination the routes are made again, its interrupts keep coming, every round reads right, QEMU exits 0"
EXPECT=("${EXPECT[@]/XK-IRQ virtio0 +xen-pirq +\[0-9\]+-ioapic-level/XK-IRQ virtio0 +xen-pirq +.*-msi-x +virtio0-req\\.0}"
        'xen_evtchn_pirq_route pirq [0-9]+ port [1-9]' 'XK-DEST .*xen_evtchn_pirq_route pirq [0-9]+ port [1-9]')
