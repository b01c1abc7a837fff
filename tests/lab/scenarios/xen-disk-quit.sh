DESC="QEMU told to quit (QMP quit) while the guest reads and writes xen-disk non-stop exits 0, with no crash at exit (Debian's QEMU 10 crashes at exit with some Xen PV devices)"
KIND=lab
DISK_MB=16
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 2 -m 256 -drive file=/tmp/xk-disk.img,if=none,id=disk,file.locking=off,format=raw -device xen-disk,drive=disk,vdev=xvda"
APPEND="quiet"
TIMEOUT=300
guest() {
  xen-blk load
  xen-blk wait xvda
  xen-blk churn xvda
}
monitor() {
  wait_guest "^XK-ROUND 3" >/dev/null || return
  qmp '{"execute":"quit"}'
}
EXPECT=('XK-ROUND 3' 'XK-QMP .*"return"')
REJECT=('Kernel panic' 'BUG:' 'Assertion' 'qemu-system-x86_64: .*(rror|fail)' 'XK-STACK')
