DESC="a PV guest through Xen's PV shim: xen-shim (Debian's Xen 4.17) boots by multiboot with xen-version=0x40011, runs L2's kernel as a PV guest with 2 vCPUs; the shim's console and the guest's hvc0 come out of the primary xen-console, the shim's console_io writes out of the trace, no hypercall it makes is missing; timers and IPIs reach both vCPUs; blkfront reads the image's known contents through xen-disk, writes, reads back; netfront takes a lease through xen-net-device and pings the gateway; the guest powers off and QEMU exits 0 with the write in the image"
KIND=lab
PV_SHIM=1
DISK_MB=16
QEMU_ARGS="-M pc -accel kvm,xen-version=0x40011,kernel-irqchip=split -cpu host,+xen-vapic -smp 2 -m 512 -drive file=/tmp/xk-disk.img,if=none,id=disk,format=raw -device xen-disk,drive=disk,vdev=xvda -netdev user,id=n0 -device xen-net-device,netdev=n0 -d unimp -trace kvm_xen_console_io"
TIMEOUT=400
guest() {
  echo "XK-PV $(cat /sys/hypervisor/guest_type) $(dmesg | grep -m1 -o 'Hypervisor detected: .*')"
  echo "XK-PV-CPUS $(cat /sys/devices/system/cpu/online)"
  xen-irqs save /tmp/irqs
  xen-irqs work
  xen-irqs grew /tmp/irqs timer resched
  xen-blk load
  xen-blk wait xvda
  xen-blk list
  xen-blk show xvda
  xen-blk write xvda 100 XK-WRITTEN-BY-GUEST
  xen-net load
  xen-net up
  xen-net ping 10.0.2.2 3
}
after() {
  echo "XK-L1-IMAGE $(dd if=/tmp/xk-disk.img bs=512 skip=100 count=1 2>/dev/null | head -1)"
}
EXPECT=('^\(XEN\) Xen version 4\.17' 'kvm_xen_console_io cpu 0: .*Xen version 4\.17' 'XK-PV PV Hypervisor detected: Xen PV' 'XK-PV-CPUS 0-1$' 'XK-IRQ-GREW timer0 ' 'XK-IRQ-GREW timer1 ' 'XK-IRQ-GREW resched1 ' 'XK-BLK-WAIT xvda present'
        'XK-BLK-LIST xvda $' 'XK-BLK xvda 32768 daa9ea9da45d47c1f1a1dbe36ee8f653'
        'XK-BLK-READBACK xvda 100 XK-WRITTEN-BY-GUEST$' 'XK-NET-LEASE 10\.0\.2\.15' 'XK-NET-PING 3 3' 'XK-GUEST-EXIT 0'
        'XK-L1-IMAGE XK-WRITTEN-BY-GUEST$')
# The shim asks for HVMOP_flush_tlbs (hvm_op 34, op 5) before each remote flush, then uses
# IPIs: no other hypercall it makes may be missing.
REJECT=('Xen hypercall ([0-24-9][0-9]?|3|3[0-35-9]|[0-9]{3,}) \(.*not implemented' 'Xen hypercall 34 \(0x([0-46-9a-f]|[0-9a-f]{2,}) .*not implemented' 'XK-IRQ-STUCK' 'Kernel panic' 'BUG:' 'Assertion' 'qemu-system-x86_64: .*(error|fail)' 'Panic on CPU')
