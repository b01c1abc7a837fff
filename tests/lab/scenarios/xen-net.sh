DESC="xen-net-device on QEMU's user network: Linux's netfront connects (the features it negotiated read from the store), takes a DHCP lease, pings the gateway; a 4 MB file crosses both ways with its bytes checked (L1 fetches it from the guest's HTTP server through a hostfwd, the guest fetches L1's copy); the device's packet counters grew with no error, large TCP segments (GSO, which netfront takes up) among the guest's; QEMU exits 0"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 2 -m 256 -netdev user,id=n0,hostfwd=tcp:127.0.0.1:8080-:80 -device xen-net-device,netdev=n0,id=vif0,mac=52:54:00:12:34:56 -d guest_errors"
APPEND="quiet"
TIMEOUT=300
guest() {
  xen-net load
  xen-net up
  xen-net features
  cat /sys/class/net/eth0/address | sed 's/^/XK-NET-MAC /'
  xen-net ping 10.0.2.2 3
  xen-net blob
  xen-net serve
  echo "XK-NET-SERVING"
  xen-net fetch http://10.0.2.2:8081/blob
  monitor-done
}
monitor() {
  mkdir -p /tmp/www
  seq 1 600000 > /tmp/www/blob
  httpd -f -p 127.0.0.1:8081 -h /tmp/www &  # in the monitor's session, which ends with it
  wait_guest '^XK-NET-SERVING' >/dev/null
  wget -q -O /tmp/fetched http://127.0.0.1:8080/blob
  echo "XK-L1-FETCH $(wc -c < /tmp/fetched) $(md5sum < /tmp/fetched | cut -d' ' -f1)"
  wait_guest '^XK-NET-FETCH' >/dev/null
  for c in tx-packets rx-packets tx-errors rx-dropped tx-gso-packets; do
    qmp "{\"execute\":\"qom-get\",\"arguments\":{\"path\":\"/machine/peripheral/vif0\",\"property\":\"$c\"}}" |
      sed "s/^XK-QMP/XK-COUNTER $c/"
  done
  qmp '{"execute":"xen-xenstore-write","arguments":{"path":"/local/domain/1/data/monitor-done","value":"1"}}' >/dev/null
}
EXPECT=('XK-NET-LEASE 10\.0\.2\.15$' 'XK-NET-MAC 52:54:00:12:34:56'
        'XK-NET-FRONT .*request-rx-copy=1 .*feature-sg=1' 'XK-NET-BACK .*feature-rx-copy=1 .*state=4'
        'XK-NET-PING 3 3$'
        'XK-L1-FETCH 4088895 4227a6765b501c1623bcfe623a7bc9e5$'
        'XK-NET-FETCH 4088895 4227a6765b501c1623bcfe623a7bc9e5$'
        'XK-COUNTER tx-packets \{"return": [1-9][0-9]{2,}\}' 'XK-COUNTER tx-gso-packets \{"return": [1-9][0-9]*\}' 'XK-COUNTER rx-packets \{"return": [1-9][0-9]{3,}\}'
        'XK-COUNTER tx-errors \{"return": 0\}' 'XK-COUNTER rx-dropped \{"return": 0\}'
        'XK-GUEST-EXIT 0')
REJECT=('Kernel panic' 'BUG:' 'Assertion' 'qemu-system-x86_64: .*(error|fail)' 'xen-net-device vif' 'XK-MONITOR-TIMEOUT' 'XK-MONITOR-NOT-DONE')
