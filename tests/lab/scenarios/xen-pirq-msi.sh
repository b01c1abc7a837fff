DESC="x-xen-pirqs=on without xen-vapic: Linux programs its devices' MSIs with PIRQs (vector 0, the PIRQ in the address), which QEMU turns into events: a VirtIO NIC's MSI-X (xen-pirq-msi-x, masked at the device as Linux leaves them) carries a DHCP lease, pings and 4 MB both ways with the bytes checked, an AHCI disk's MSI (xen-pirq-msi) its reads; the interrupts' counts grow; xen-evtchn-max-pirq=64, so MSI PIRQs are taken from 63 down; QEMU exits 0"
KIND=lab
DISK_MB=16
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split,x-xen-pirqs=on,xen-evtchn-max-pirq=64 -cpu host -smp 2 -m 256 -netdev user,id=n0,hostfwd=tcp:127.0.0.1:8080-:80 -device virtio-net-pci,netdev=n0,romfile= -device ich9-ahci,id=ahci -drive file=/tmp/xk-disk.img,if=none,id=d,file.locking=off,format=raw -device ide-hd,drive=d,bus=ahci.0 -d guest_errors"
APPEND="quiet xen_emul_unplug=never"
TIMEOUT=300
guest() {
  xen-blk load
  for m in failover net_failover virtio_net; do insmod /lib/modules/$(uname -r)/$m.ko; done
  xen-blk wait sda
  # Each device's interrupts: their chip and type, and their counts on every CPU
  irqs() { awk -v n="$1" '$NF ~ n { for (i = 2; $i ~ /^[0-9]+$/; i++) s += $i } END { print s + 0 }' /proc/interrupts; }
  grep -E ' (virtio0-.*|ahci.*)$' /proc/interrupts | sed 's/^ *[0-9]*:[ 0-9]*/XK-IRQ /'
  n=$(irqs '^virtio0-(in|out)put'); a=$(irqs '^ahci')
  xen-net up
  xen-net ping 10.0.2.2 3
  xen-net blob
  xen-net serve
  echo "XK-NET-SERVING"
  xen-net fetch http://10.0.2.2:8081/blob
  xen-blk show sda
  n2=$(irqs '^virtio0-(in|out)put'); a2=$(irqs '^ahci')
  [ "$n2" -gt $((n + 100)) ] && echo "XK-PIRQ-GREW virtio0 $n $n2" || echo "XK-PIRQ-STUCK virtio0 $n $n2"
  [ "$a2" -gt $((a + 20)) ] && echo "XK-PIRQ-GREW ahci $a $a2" || echo "XK-PIRQ-STUCK ahci $a $a2"
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
EXPECT=('XK-IRQ +xen-pirq +.*-msi-x +virtio0-input\.0$' 'XK-IRQ +xen-pirq +.*-msi-x +virtio0-output\.0$'
        'XK-IRQ +xen-pirq +.*-msi +ahci'
        'XK-NET-LEASE 10\.0\.2\.15$' 'XK-NET-PING 3 3$'
        'XK-L1-FETCH 4088895 4227a6765b501c1623bcfe623a7bc9e5$'
        'XK-NET-FETCH 4088895 4227a6765b501c1623bcfe623a7bc9e5$'
        'XK-BLK sda 32768 daa9ea9da45d47c1f1a1dbe36ee8f653'
        'XK-PIRQ-GREW virtio0 ' 'XK-PIRQ-GREW ahci '
        'XK-GUEST-EXIT 0')
REJECT=('Kernel panic' 'BUG:' 'Assertion' 'XK-PIRQ-STUCK' 'xen map irq failed' 'nobody cared'
        'qemu-system-x86_64: .*(rror|fail)' 'xen-evtchn: MSI' 'XK-MONITOR-TIMEOUT' 'XK-MONITOR-NOT-DONE')
