DESC="QEMU told to quit (QMP quit) while the guest's netfront fetches from L1 non-stop exits 0, with no crash at exit (Debian's QEMU 10 segfaults at exit with xen-net-device)"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 2 -m 256 -netdev user,id=n0 -device xen-net-device,netdev=n0"
APPEND="quiet"
TIMEOUT=300
guest() {
  xen-net load
  xen-net up
  ( while :; do ping -q -c 20 -i 0.05 10.0.2.2 >/dev/null 2>&1; done ) &
  n=0
  while :; do
    wget -q -O /dev/null http://10.0.2.2:8081/blob
    n=$((n + 1)); echo "XK-ROUND $n"
  done
}
monitor() {
  mkdir -p /tmp/www
  seq 1 600000 > /tmp/www/blob
  httpd -f -p 127.0.0.1:8081 -h /tmp/www &  # in the monitor's session, which ends with it
  wait_guest "^XK-ROUND 2" >/dev/null || return
  qmp '{"execute":"quit"}'
}
EXPECT=('XK-NET-LEASE 10\.0\.2\.15$' 'XK-ROUND 2' 'XK-QMP .*"return"')
REJECT=('Kernel panic' 'BUG:' 'Assertion' 'qemu-system-x86_64: .*(rror|fail)' 'XK-STACK')
