DESC="xen-disk hot-unplug and replug: device_del goes through xenbus (the backend Closing, blkfront lets go, the device gone: DEVICE_DELETED) and xvda disappears from the guest; blockdev-add and device_add bring it back and the guest reads it"
KIND=lab
DISK_MB=16
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 1 -m 256 -drive file=/tmp/xk-disk.img,if=none,id=disk,file.locking=off,format=raw -device xen-disk,drive=disk,vdev=xvda,id=xd0"
APPEND="quiet"
TIMEOUT=300
guest() {
  xen-blk load
  xen-blk wait xvda
  xen-blk show xvda
  echo "XK-READY-UNPLUG"
  xen-blk gone xvda 60
  xen-blk list
  xen-blk wait xvda 60
  xen-blk list
  xen-blk show xvda
}
monitor() {
  wait_guest "^XK-READY-UNPLUG" >/dev/null || return
  qmp '{"execute":"device_del","arguments":{"id":"xd0"}}' 20
  wait_guest "^XK-BLK-LIST" >/dev/null || return
  qmp '{"execute":"blockdev-add","arguments":{"driver":"raw","node-name":"d2","file":{"driver":"file","filename":"/tmp/xk-disk.img","locking":"off"}}}'
  qmp '{"execute":"device_add","arguments":{"driver":"xen-disk","drive":"d2","vdev":"xvda","id":"xd1"}}'
}
EXPECT=('XK-BLK-WAIT xvda present' 'XK-QMP-EVENT .*DEVICE_DELETED.*xd0' 'XK-BLK-GONE xvda yes'
        'XK-BLK-LIST $' 'XK-XENBUS $' 'XK-BLK-LIST xvda $' 'XK-XENBUS vbd-51712 $' 'XK-GUEST-EXIT 0')
EXPECT_COUNT=('2 XK-BLK xvda 32768 daa9ea9da45d47c1f1a1dbe36ee8f653')
REJECT=('Kernel panic' 'BUG:' 'Assertion' 'qemu-system-x86_64: .*(error|fail)' '"error"')
