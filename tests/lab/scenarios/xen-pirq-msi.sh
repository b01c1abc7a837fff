DESC="PIRQs without xen-vapic: Linux programs its devices' MSIs with PIRQs (vector 0, the PIRQ in the address), which QEMU turns into events: a VirtIO NIC's MSI-X (xen-pirq-msi-x, masked at the device as Linux leaves them) carries a DHCP lease, pings and 4 MB both ways with the bytes checked, an AHCI disk's MSI (xen-pirq-msi) its reads, and a VirtIO disk on an iothread, whose MSI-X come through an irqfd, which the kernel routes to the PIRQ's port (KVM_IRQ_ROUTING_XEN_EVTCHN), its own; the interrupts' counts grow; xen-evtchn-max-pirq=64, so MSI PIRQs are taken from 63 down; QEMU exits 0"
KIND=lab
DISK_MB=16
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split,xen-evtchn-max-pirq=64 -cpu host -smp 2 -m 256 -netdev user,id=n0,hostfwd=tcp:127.0.0.1:8080-:80 -device virtio-net-pci,netdev=n0,romfile= -device ich9-ahci,id=ahci -drive file=/tmp/xk-disk.img,if=none,id=d,file.locking=off,format=raw -device ide-hd,drive=d,bus=ahci.0 -object iothread,id=io0 -drive file=/tmp/xk-disk.img,if=none,id=vd,file.locking=off,format=raw,readonly=on -device virtio-blk-pci,drive=vd,iothread=io0 -d guest_errors -trace xen_evtchn_pirq_route"
APPEND="quiet xen_emul_unplug=never"
TIMEOUT=300
guest() {
  xen-blk load
  for m in failover net_failover virtio_net; do insmod /lib/modules/$(uname -r)/$m.ko; done
  # Debian 12's 6.1 cloud kernel has no AHCI driver (xen-pirq-msi-6.1)
  ahci=sda; [ -f /lib/modules/$(uname -r)/ahci.ko ] || ahci=
  [ -n "$ahci" ] && xen-blk wait sda
  xen-blk wait vda
  # Each device's interrupts: their chip and type, and their counts on every CPU
  irqs() { awk -v n="$1" '$NF ~ n { for (i = 2; $i ~ /^[0-9]+$/; i++) s += $i } END { print s + 0 }' /proc/interrupts; }
  # virtio0 and virtio1 as they probe: the NIC is the one with input queues
  net=$(grep -o 'virtio[01]-input' /proc/interrupts | head -1 | cut -d- -f1)
  blk=virtio0; [ "$net" = virtio0 ] && blk=virtio1
  grep -E ' (virtio[01]-.*|ahci.*)$' /proc/interrupts |
    sed "s/^ *[0-9]*:[ 0-9]*/XK-IRQ /; s/$net-/net-/; s/$blk-/blk-/"
  n=$(irqs "^$net-(in|out)put"); a=$(irqs '^ahci'); b=$(irqs "^$blk-req")
  xen-net up
  xen-net ping 10.0.2.2 3
  xen-net blob
  xen-net serve
  echo "XK-NET-SERVING"
  xen-net fetch http://10.0.2.2:8081/blob
  xen-blk show $ahci vda
  n2=$(irqs "^$net-(in|out)put"); a2=$(irqs '^ahci'); b2=$(irqs "^$blk-req")
  [ "$n2" -gt $((n + 100)) ] && echo "XK-PIRQ-GREW net $n $n2" || echo "XK-PIRQ-STUCK net $n $n2"
  [ -z "$ahci" ] || [ "$a2" -gt $((a + 20)) ] && echo "XK-PIRQ-GREW ahci $a $a2" || echo "XK-PIRQ-STUCK ahci $a $a2"
  [ "$b2" -gt $((b + 20)) ] && echo "XK-PIRQ-GREW blk $b $b2" || echo "XK-PIRQ-STUCK blk $b $b2"
  monitor-done
}
monitor() {
  mkdir -p /tmp/www
  seq 1 600000 > /tmp/www/blob
  httpd -f -p 127.0.0.1:8081 -h /tmp/www &  # in the monitor's session, which ends with it
  wait_guest '^XK-NET-SERVING' >/dev/null
  wget -q -O /tmp/fetched http://127.0.0.1:8080/blob
  echo "XK-L1-FETCH $(wc -c < /tmp/fetched) $(md5sum < /tmp/fetched | cut -d' ' -f1)"
  wait_guest '^XK-PIRQ-GREW ahci' >/dev/null
  qmp '{"execute":"xen-xenstore-write","arguments":{"path":"/local/domain/1/data/monitor-done","value":"1"}}' >/dev/null
}
EXPECT=('XK-IRQ +xen-pirq +.*-msi-x +net-input\.0$' 'XK-IRQ +xen-pirq +.*-msi-x +net-output\.0$'
        'XK-IRQ +xen-pirq +.*-msi +ahci' 'XK-IRQ +xen-pirq +.*-msi-x +blk-req\.0$'
        'XK-NET-LEASE 10\.0\.2\.15$' 'XK-NET-PING 3 3$'
        'XK-L1-FETCH 4088895 4227a6765b501c1623bcfe623a7bc9e5$'
        'XK-NET-FETCH 4088895 4227a6765b501c1623bcfe623a7bc9e5$'
        'XK-BLK sda 32768 daa9ea9da45d47c1f1a1dbe36ee8f653' 'XK-BLK vda 32768 daa9ea9da45d47c1f1a1dbe36ee8f653'
        'XK-PIRQ-GREW net ' 'XK-PIRQ-GREW ahci ' 'XK-PIRQ-GREW blk '
        'xen_evtchn_pirq_route pirq (2[4-9]|[3-5][0-9]|6[0-3]) port [1-9]'
        'XK-GUEST-EXIT 0')
REJECT=('Kernel panic' 'BUG:' 'Assertion' 'XK-PIRQ-STUCK' 'xen map irq failed' 'nobody cared'
        'qemu-system-x86_64: .*(rror|fail)' 'xen-evtchn: MSI' 'XK-MONITOR-TIMEOUT' 'XK-MONITOR-NOT-DONE')
