DESC="xen-gnttab-max-frames at the most this host's KVM memory slots allow (16317 with Linux 6.x's 32764): the guest places its last 2000 frames each on a page of its own and the table grows to its maximum; QEMU lives"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split,xen-gnttab-max-frames=16317 -cpu host,+xen-vapic -smp 1 -m 512"
APPEND="quiet"
TIMEOUT=420
guest() {
  insmod /lib/modules/$(uname -r)/xen-privcmd.ko unrestricted=1
  xen-probe gnttab-scatter 2000
  echo "XK-CLOCKSOURCE $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
}
EXPECT=('XK-HCALL gnttab-scatter 0 frames 2000 refused 0$'
        'XK-HCALL gnttab-query_size 0 frames 16317 max 16317$' 'XK-CLOCKSOURCE xen$')
REJECT=('Kernel panic' 'BUG:' 'XK-HCALL-ERROR' 'KVM_SET_USER_MEMORY_REGION' 'no free slot')
