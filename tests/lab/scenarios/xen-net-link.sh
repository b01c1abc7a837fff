DESC="link state: QMP set_link takes xen-net-device's link down (the gateway no longer answers the guest's pings, both ways lost) and up again (it answers again)"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 1 -m 256 -netdev user,id=n0 -device xen-net-device,netdev=n0,id=vif0"
APPEND="quiet"
TIMEOUT=300
guest() {
  xen-net load
  xen-net up
  xen-net ping 10.0.2.2 2
  echo "XK-LINK-TAKE-DOWN"
  until [ "$(xenstore-read data/link 2>/dev/null)" = down ]; do sleep 1; done
  xen-net ping 10.0.2.2 2
  echo "XK-LINK-TAKE-UP"
  until [ "$(xenstore-read data/link 2>/dev/null)" = up ]; do sleep 1; done
  xen-net ping 10.0.2.2 2
}
monitor() {
  wait_guest '^XK-LINK-TAKE-DOWN' >/dev/null || return
  qmp '{"execute":"set_link","arguments":{"name":"vif0","up":false}}'
  qmp '{"execute":"xen-xenstore-write","arguments":{"path":"/local/domain/1/data/link","value":"down"}}' >/dev/null
  wait_guest '^XK-LINK-TAKE-UP' >/dev/null || return
  qmp '{"execute":"set_link","arguments":{"name":"vif0","up":true}}'
  qmp '{"execute":"xen-xenstore-write","arguments":{"path":"/local/domain/1/data/link","value":"up"}}' >/dev/null
}
EXPECT=('XK-NET-LEASE 10\.0\.2\.15$' 'XK-GUEST-EXIT 0')
EXPECT_COUNT=('2 XK-NET-PING 2 2$' '1 XK-NET-PING 2 0$')
REJECT=('Kernel panic' 'BUG:' 'Assertion' 'qemu-system-x86_64: .*(error|fail)' '"error"' 'XK-MONITOR-TIMEOUT')
