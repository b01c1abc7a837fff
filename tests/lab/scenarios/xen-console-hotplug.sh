DESC="a secondary console hot-plugged (chardev-add, then device_add xen-console, which takes idx 1 as the primary console can only be there from boot): the guest's hvc_xen connects it over xenbus and what it writes lands in the chardev's file; device_del goes through xenbus (DEVICE_DELETED) and the console leaves the guest"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 1 -m 256"
APPEND="quiet"
TIMEOUT=300
guest() {
  echo "XK-READY-PLUG"
  n=0
  until ls /sys/bus/xen/devices | grep -q console || [ $n -ge 60 ]; do sleep 1; n=$((n + 1)); done
  sleep 1
  echo "XK-XENBUS $(ls /sys/bus/xen/devices | tr '\n' ' ')"
  for t in /dev/hvc*; do echo "XK-HOTPLUGGED-CONSOLE" 2>/dev/null > $t && break; done
  echo "XK-READY-UNPLUG"
  n=0
  while ls /sys/bus/xen/devices | grep -q console && [ $n -lt 60 ]; do sleep 1; n=$((n + 1)); done
  echo "XK-XENBUS-AFTER $(ls /sys/bus/xen/devices | tr '\n' ' ')"
}
monitor() {
  wait_guest "^XK-READY-PLUG" >/dev/null || return
  qmp '{"execute":"chardev-add","arguments":{"id":"c1","backend":{"type":"file","data":{"out":"/tmp/hvc-hot.out"}}}}'
  qmp '{"execute":"device_add","arguments":{"driver":"xen-console","chardev":"c1","id":"con1"}}'
  qmp '{"execute":"qom-get","arguments":{"path":"/machine/peripheral/con1","property":"idx"}}' | sed 's/^XK-QMP/XK-IDX/'
  wait_guest "^XK-READY-UNPLUG" >/dev/null || return
  qmp '{"execute":"device_del","arguments":{"id":"con1"}}' 20
}
after() {
  echo "XK-FILE $(cat /tmp/hvc-hot.out)"
}
EXPECT=('XK-IDX \{"return": 1\}' 'XK-XENBUS console-1 $' 'XK-FILE XK-HOTPLUGGED-CONSOLE'
        'XK-QMP-EVENT .*DEVICE_DELETED.*con1' 'XK-XENBUS-AFTER $' 'XK-GUEST-EXIT 0')
REJECT=('Kernel panic' 'BUG:' 'Assertion' 'qemu-system-x86_64: .*(error|fail)' '"error"' 'XK-MONITOR-TIMEOUT')
