DESC="hostile console rings: the guest moves the primary ring's input producer (its own page) 5000 bytes ahead and L1 types into the chardev: QEMU logs it, writes nothing past the ring and stops it; the console/ nodes are the toolstack's, the guest's write to its port refused; a secondary console's frontend, moved behind its driver's back to Closed and Initialised with a bad grant as its ring-ref, is refused (logged), then with its own ring-ref taken up again (Connected); QEMU lives and exits 0"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 1 -m 256 -chardev socket,id=con0,host=127.0.0.1,port=4556,server=on,wait=on -device xen-console,chardev=con0 -chardev file,id=con1,path=/tmp/hvc1.out -device xen-console,chardev=con1 -d guest_errors"
APPEND="quiet"
TIMEOUT=300
guest() {
  n=0
  until [ -e /dev/hvc1 ] || [ $n -ge 20 ]; do sleep 1; n=$((n + 1)); done
  # The secondary console: a bad grant, then its own ring again.
  f=device/console/1
  ref=$(xenstore-read $f/ring-ref)
  xenstore-write $f/state 6; sleep 1
  xenstore-write $f/ring-ref 2147483647 $f/state 3; sleep 1
  echo "XK-BAD-REF backend state $(xenstore-read $(xenstore-read $f/backend)/state)"
  xenstore-write $f/state 6; sleep 1
  xenstore-write $f/ring-ref $ref $f/state 3; sleep 1
  echo "XK-GOOD-REF backend state $(xenstore-read $(xenstore-read $f/backend)/state)"
  # The primary console: its nodes are the toolstack's, read-only here.
  xenstore-write console/port 99 2>/dev/null && echo "XK-PORT-WRITE accepted" || echo "XK-PORT-WRITE refused"
  # Its input producer far ahead.
  base=$(( $(xenstore-read console/ring-ref) * 4096 ))
  cons=$(devmem $((base + 3072)) 32)
  devmem $((base + 3076)) 32 $((cons + 5000))
  echo "XK-HVC0-CORRUPTED"
  sleep 3
  echo "XK-HVC0-AFTER" > /dev/hvc0
  echo "XK-ALIVE $(xenstore-read domid)"
  monitor-done
}
monitor() {
  ( until nc 127.0.0.1 4556 </dev/zero >/dev/null; do sleep 0.2; done ) &
  wait_guest '^XK-HVC0-CORRUPTED' >/dev/null
  sleep 2
  killall nc
  qmp '{"execute":"xen-xenstore-write","arguments":{"path":"/local/domain/1/data/monitor-done","value":"1"}}' >/dev/null
}
EXPECT=('XK-PORT-WRITE refused' 'XK-BAD-REF backend state [^4]' 'XK-GOOD-REF backend state 4' 'bad grant ref 2147483647'
        'xen-console 0: in ring producer [0-9]+ bytes ahead' 'XK-ALIVE 1$' 'XK-GUEST-EXIT 0')
REJECT=('Kernel panic' 'BUG:' 'Assertion' 'XK-MONITOR-TIMEOUT' 'XK-MONITOR-NOT-DONE')
