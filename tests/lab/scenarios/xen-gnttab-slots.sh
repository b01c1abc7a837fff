DESC="xen-gnttab-max-frames at its largest (4096): Linux maps them all in the platform device's BAR, then places every frame on a page of its own (4096 KVM memory slots and more); the table is at its maximum, QEMU and the guest live"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split,xen-gnttab-max-frames=4096 -cpu host,+xen-vapic -smp 1 -m 512"
APPEND="quiet"
TIMEOUT=420
guest() {
  insmod /lib/modules/$(uname -r)/xen-privcmd.ko unrestricted=1
  xen-probe gnttab-scatter 4096
  echo "XK-CLOCKSOURCE $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
}
EXPECT=('XK-HCALL gnttab-scatter 0 frames 4096 refused 0$'
        'XK-HCALL gnttab-query_size 0 frames 4096 max 4096$' 'XK-CLOCKSOURCE xen$')
REJECT=('Kernel panic' 'BUG:' 'XK-HCALL-ERROR' 'KVM_SET_USER_MEMORY_REGION' 'no free slot')
