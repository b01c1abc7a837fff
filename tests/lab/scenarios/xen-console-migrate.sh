DESC="the primary console across live migration while the guest writes lines to hvc0: the destination takes the ring and its port up from the migrated store (its chardev, a file, appended to), and the lines written there arrive, the last one too; QEMU exits 0"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 1 -m 256 -chardev file,id=c0,path=/tmp/hvc0.out,append=on -device xen-console,chardev=c0"
APPEND="quiet"
TIMEOUT=420
guest() {
  i=0
  while [ $i -lt 80 ]; do
    i=$((i + 1))
    echo "XK-HVC-LINE $i" > /dev/hvc0
    echo "XK-LOOP $i"
    sleep 0.3
  done
}
monitor() {
  rm -f /tmp/hvc0.out
  wait_guest "^XK-LOOP 5" >/dev/null && migrate_l2
}
after() {
  echo "XK-FILE-LAST $(grep XK-HVC-LINE /tmp/hvc0.out | tail -1)"
  echo "XK-FILE-COUNT $(grep -c XK-HVC-LINE /tmp/hvc0.out)"
}
EXPECT=('XK-MIGRATED [0-9]+ bytes' 'XK-DEST XK-LOOP 80' 'XK-DEST XK-GUEST-EXIT 0' 'XK-DEST-EXIT 0'
        'XK-FILE-LAST XK-HVC-LINE 80$' 'XK-FILE-COUNT 80$')
REJECT=('Kernel panic' 'BUG:' 'Assertion' 'qemu-system-x86_64: .*(error|fail)' 'XK-MONITOR-TIMEOUT')
