DESC="xen-net-device hot-plug and unplug: netdev_add and device_add give the running guest a second vif (netfront makes eth1, which takes a lease and pings the gateway); device_del goes through xenbus (the backend Closing, netfront lets go: DEVICE_DELETED) and eth1 disappears while eth0 carries on"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 1 -m 256 -netdev user,id=n0 -device xen-net-device,netdev=n0"
APPEND="quiet"
TIMEOUT=300
guest() {
  xen-net load
  xen-net up
  echo "XK-READY-PLUG"
  n=0
  until [ -e /sys/class/net/eth1 ] || [ $n -ge 60 ]; do sleep 1; n=$((n + 1)); done
  echo "XK-XENBUS $(ls /sys/bus/xen/devices | tr '\n' ' ')"
  ip addr add 10.0.3.15/24 dev eth1 && ip link set eth1 up
  echo "XK-PING-ETH1 $(ping -c 3 -W 5 10.0.3.2 2>/dev/null | sed -n 's/.* \([0-9]*\) packets received.*/\1/p')"
  echo "XK-READY-UNPLUG"
  n=0
  while [ -e /sys/class/net/eth1 ] && [ $n -lt 60 ]; do sleep 1; n=$((n + 1)); done
  echo "XK-NETDEVS $(ls /sys/class/net | tr '\n' ' ')"
  echo "XK-XENBUS $(ls /sys/bus/xen/devices | tr '\n' ' ')"
  xen-net ping 10.0.2.2 3
}
monitor() {
  wait_guest "^XK-READY-PLUG" >/dev/null || return
  qmp '{"execute":"netdev_add","arguments":{"type":"user","id":"n1","net":"10.0.3.0/24"}}'
  qmp '{"execute":"device_add","arguments":{"driver":"xen-net-device","netdev":"n1","id":"vif1"}}'
  wait_guest "^XK-READY-UNPLUG" >/dev/null || return
  qmp '{"execute":"device_del","arguments":{"id":"vif1"}}' 20
}
EXPECT=('XK-NET-LEASE 10\.0\.2\.15$' 'XK-XENBUS vif-0 vif-1 $' 'XK-PING-ETH1 3$'
        'XK-QMP-EVENT .*DEVICE_DELETED.*vif1' 'XK-NETDEVS eth0 lo $' 'XK-XENBUS vif-0 $'
        'XK-NET-PING 3 3$' 'XK-GUEST-EXIT 0')
REJECT=('Kernel panic' 'BUG:' 'Assertion' 'qemu-system-x86_64: .*(error|fail)' '"error"')
