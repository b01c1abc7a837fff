DESC="kexec under Xen (SHUTDOWN_soft_reset) with 2 vCPUs and event channels live (timers, IPIs, XenStore, a PV disk, a port of /dev/xen/evtchn): the new kernel registers its vCPUs anew, its timers, IPIs and event channels count, blkfront reads the disk again; each kernel maps the serial port's GSI 4 to a PIRQ of its own, the second after the soft reset unmapped the first's, and its console goes on"
KIND=lab
# The PV disks are the L2 kernel and initramfs themselves: what the guest kexecs.
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 2 -m 512 -drive file=/l2/vmlinuz-6.12,if=none,id=k,format=raw,readonly=on -device xen-disk,drive=k,vdev=xvdb -drive file=/l2/initrd-amd64,if=none,id=i,format=raw,readonly=on -device xen-disk,drive=i,vdev=xvdc -trace xen_evtchn_map_pirq"
APPEND="quiet"
TIMEOUT=300
guest() {
  insmod /lib/modules/$(uname -r)/xen-evtchn.ko
  xen-blk load
  xen-blk wait xvdb
  xen-blk wait xvdc
  sum=$(md5sum < /dev/xvdb | cut -d' ' -f1)
  old=$(sed -n 's/.*xk\.md5=\([0-9a-f]*\).*/\1/p' /proc/cmdline)
  if [ -z "$old" ]; then
    xen-probe evtchn-loopback 20
    xen-probe evtchn-wait 1 600 &       # a port left open across the kexec
    cat /dev/xvdb > /tmp/vmlinuz
    cat /dev/xvdc > /tmp/initrd
    sleep 1
    xen-probe kexec /tmp/vmlinuz /tmp/initrd "$(cat /proc/cmdline) xk.md5=$sum"
    exit 1
  fi
  echo "XK-KEXECED disk-same $([ "$sum" = "$old" ] && echo yes || echo no)"
  xen-irqs save /tmp/irqs
  xen-irqs work
  xen-irqs grew /tmp/irqs timer resched
  xen-probe evtchn-loopback 20 | sed 's/^/XK-2 /'
  dmesg | grep -iE 'xen.*(fail|error)|vcpu_info' | sed 's/^/XK-DMESG /'
}
EXPECT=('xen_evtchn_map_pirq gsi 4 pirq 2[0-3]: 0' 'XK-LOOPBACK sent 20 received 20' 'XK-PORT [0-9]+' 'XK-KEXEC loaded'
        'XK-KEXECED disk-same yes'
        'XK-IRQ-GREW timer0 ' 'XK-IRQ-GREW timer1 ' 'XK-IRQ-GREW resched0 ' 'XK-IRQ-GREW resched1 '
        'XK-2 XK-LOOPBACK sent 20 received 20' 'XK-GUEST-EXIT 0')
EXPECT_COUNT=('2 xen_evtchn_map_pirq gsi 4 pirq [0-9]+: 0$')
REJECT=('Kernel panic' 'BUG:' 'WARNING: CPU:' 'XK-IRQ-STUCK' 'XK-KEXEC-ERROR' 'XK-DMESG'
        'qemu-system-x86_64: .*(rror|fail)' 'Assertion')
