DESC="xen-net-device (2 queues, 2 vCPUs) across live migration while the guest fetches a 4 MB file from L1 over and over, checking its MD5 each round: the destination takes the rings and the event channels up where they stood, every round is whole except that the one in flight at the switch-over may be cut once (QEMU's user network carries no connection to L1 across a migration: the destination's resets it), the gateway still answers pings; QEMU exits 0"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 2 -m 256 -netdev user,id=n0 -device xen-net-device,netdev=n0"
APPEND="quiet"
TIMEOUT=420
guest() {
  xen-net load
  xen-net up
  i=0 cuts=0
  while [ $i -lt 25 ]; do
    i=$((i + 1))
    rm -f /tmp/f
    if ! wget -q -O /tmp/f http://10.0.2.2:8081/blob 2>/tmp/err; then
      cuts=$((cuts + 1))
      echo "XK-NET-ROUND $i $([ $cuts = 1 ] && echo cut || echo broken): $(cat /tmp/err)"
    elif [ "$(md5sum < /tmp/f | cut -d' ' -f1)" = 4227a6765b501c1623bcfe623a7bc9e5 ]; then
      echo "XK-NET-ROUND $i whole"
    else
      echo "XK-NET-ROUND $i broken"
    fi
  done
  xen-net ping 10.0.2.2 3
}
monitor() {
  mkdir -p /tmp/www
  seq 1 600000 > /tmp/www/blob
  httpd -f -p 127.0.0.1:8081 -h /tmp/www &  # in the monitor's session, which ends with it
  wait_guest "^XK-NET-ROUND 2 " >/dev/null && migrate_l2
}
EXPECT=('XK-MIGRATED [0-9]+ bytes' 'XK-DEST XK-NET-ROUND 25 whole$'
        'XK-DEST XK-NET-PING 3 3$' 'XK-DEST XK-GUEST-EXIT 0' 'XK-DEST-EXIT 0')
EXPECT_COUNT=('3 XK-DEST XK-NET-ROUND [0-9]+ whole$')
REJECT=('XK-NET-ROUND [0-9]+ broken' '^XK-NET-ROUND [0-9]+ cut' 'Kernel panic' 'BUG:' 'Assertion' 'qemu-system-x86_64: .*(error|fail)' 'XK-MONITOR-TIMEOUT')
