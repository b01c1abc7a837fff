DESC="xen-console: the first is the primary console (HVM_PARAM_CONSOLE_PFN/EVTCHN, console/ in the store), which Linux's hvc0 uses from early boot (its first kernel line reaches the chardev, a TCP socket in L1); a shell on hvc0 runs what L1 types into the socket; a second xen-console is a secondary console over xenbus (device/console/1, hvc1), whose output lands in a file; QEMU exits 0"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 1 -m 256 -chardev socket,id=con0,host=127.0.0.1,port=4555,server=on,wait=on -device xen-console,chardev=con0 -chardev file,id=con1,path=/tmp/hvc1.out -device xen-console,chardev=con1"
APPEND="console=hvc0 console=ttyS0"
TIMEOUT=300
guest() {
  echo "XK-HVC-PARAMS $(xenstore-ls console 2>/dev/null | tr -s ' \n' ' ')"
  n=0
  until [ -e /dev/hvc1 ] || [ $n -ge 20 ]; do sleep 1; n=$((n + 1)); done
  echo "XK-XENBUS $(ls /sys/bus/xen/devices | tr '\n' ' ')"
  echo XK-HVC1-HELLO > /dev/hvc1 && echo "XK-HVC1-WRITTEN"
  setsid sh -c 'exec sh -i </dev/hvc0 >/dev/hvc0 2>&1' &
  sleep 1
  echo "XK-HVC-SHELL"
  monitor-done
}
monitor() {
  rm -f /tmp/hvc.in
  mkfifo /tmp/hvc.in
  exec 3<>/tmp/hvc.in
  ( until nc 127.0.0.1 4555 <&3 >/tmp/hvc.out; do sleep 0.2; done ) &
  wait_guest '^XK-HVC-SHELL' >/dev/null
  echo 'echo XK-TYPED-$((6*7))' >&3
  n=0
  until grep -q 'XK-TYPED-42' /tmp/hvc.out || [ $n -ge 20 ]; do sleep 1; n=$((n + 1)); done
  echo "XK-HVC0-BOOT $(grep -m1 'Linux version' /tmp/hvc.out | cut -c1-60)"
  echo "XK-HVC0-TYPED $(grep -m1 -o 'XK-TYPED-42' /tmp/hvc.out)"
  qmp '{"execute":"xen-xenstore-write","arguments":{"path":"/local/domain/1/data/monitor-done","value":"1"}}' >/dev/null
}
after() {
  echo "XK-HVC1-FILE $(cat /tmp/hvc1.out)"
}
EXPECT=('XK-HVC-PARAMS .*ring-ref = "1044471"' 'XK-XENBUS console-1 $' 'XK-HVC1-WRITTEN'
        'XK-HVC0-BOOT .*Linux version' 'XK-HVC0-TYPED XK-TYPED-42$' 'XK-HVC1-FILE XK-HVC1-HELLO'
        'XK-GUEST-EXIT 0')
REJECT=('Kernel panic' 'BUG:' 'Assertion' 'qemu-system-x86_64: .*(error|fail)' 'XK-MONITOR-TIMEOUT' 'XK-MONITOR-NOT-DONE')
