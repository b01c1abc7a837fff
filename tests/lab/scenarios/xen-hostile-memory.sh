DESC="hostile frames: shared info and grant frames beyond the address width (-EINVAL), over the local APIC or KVM's own pages (-EPERM), vcpu_info in ROM/MMIO/nothing (-EINVAL): Xen's errors, QEMU lives and says nothing on stderr; a batch maps what it may; vcpu_info moves as Xen's"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split,xen-gnttab-max-frames=32 -cpu host,+xen-vapic -smp 2 -m 512"
# vCPU 1 stays offline, so its vcpu_info is still ours to place.
APPEND="quiet maxcpus=1"
guest() {
  insmod /lib/modules/$(uname -r)/xen-privcmd.ko unrestricted=1
  xen-probe hostile
  # The guest still has its clock and timer: the shared info page did not move.
  t0=$(awk '/timer0/ { print $2 }' /proc/interrupts)
  sleep 1
  echo "XK-ALIVE timer0 grew $(awk -v t0="$t0" '/timer0/ { print ($2 > t0) }' /proc/interrupts)"
  echo "XK-CLOCKSOURCE $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
}
EXPECT=('XK-HCALL shinfo-beyond -22$' 'XK-HCALL shinfo-apic -1$'
        'XK-HCALL shinfo-kvm-identity-map -1$' 'XK-HCALL shinfo-kvm-tss -1$'
        'XK-HCALL gnttab0-beyond -22$' 'XK-HCALL gnttab0-apic -1$'
        'XK-HCALL gnttab31-kvm-tss -1$' 'XK-HCALL gnttab-frame-max -22$'
        'XK-HCALL batch 0 errs 0 -1$'
        # frame 5 mapped: the table has grown to at least 6 frames
        'XK-HCALL gnttab-query_size 0 frames ([6-9]|[1-3][0-9])$'
        'XK-HCALL vcpu_info-rom -22$' 'XK-HCALL vcpu_info-mmio-hpet -22$'
        'XK-HCALL vcpu_info-unassigned -22$' 'XK-HCALL vcpu_info-apic -22$'
        'XK-HCALL vcpu_info-beyond -22$'
        'XK-HCALL vcpu_info-ram 0 mfn>0 1 upcall 1 sel-all 1 mask 0 copied 1$'
        'XK-HCALL vcpu_info-ram-again -22$'
        'XK-ALIVE timer0 grew 1$' 'XK-CLOCKSOURCE xen$')
REJECT=('Kernel panic' 'BUG:' 'XK-HCALL-ERROR' 'KVM_SET_USER_MEMORY_REGION' 'shared info at 0x')
