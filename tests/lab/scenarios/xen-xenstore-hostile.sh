DESC="hostile XenStore ring: a guest that writes bad ring indices, an oversized message and garbage straight into the ring (behind its kernel's back) finds the ring's error set (RINGIDX 2, PROTO 3) until it reconnects; QEMU lives, the guest's xenbus works again"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 1 -m 256"
APPEND="quiet"
guest() {
  insmod /lib/modules/$(uname -r)/xen-privcmd.ko unrestricted=1
  echo "XK-BEFORE $(xenstore-read domid)"
  xen-probe xenstore-ring
  echo "XK-AFTER $(xenstore-read domid)"
  xenstore-write data/after ok && echo "XK-AFTER-WRITE $(xenstore-read data/after)"
}
EXPECT=('XK-BEFORE 1$' 'XK-XSRING features 3 connection 0 error 0'
        'XK-XSRING bad-req-index error 2$' 'XK-XSRING bad-req-index reconnect connection 0 error 0 indices 0 0 0 0'
        'XK-XSRING oversized error 3$' 'XK-XSRING oversized reconnect connection 0 error 0 indices 0 0 0 0'
        'XK-XSRING bad-rsp-index error 2$' 'XK-XSRING bad-rsp-index reconnect connection 0 error 0'
        'XK-XSRING garbage reconnect connection 0 error 0'
        'XK-AFTER 1$' 'XK-AFTER-WRITE ok$' 'XK-GUEST-EXIT 0')
REJECT=('Kernel panic' 'BUG:' 'qemu-system-x86_64:')
