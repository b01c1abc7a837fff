DESC="hypercalls from the guest kernel (privcmd) with good and hostile arguments get Xen's answers: console_io (writes traced), memory, grant table, event channel, sched poll, vcpu (timers too) and hvm ops; with xen-evtchn-max-pirq=0, every PIRQ op is -ENOSYS"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split,xen-gnttab-max-frames=32,xen-evtchn-max-pirq=0 -cpu host,+xen-vapic -smp 2 -m 512 -trace kvm_xen_console_io"
APPEND="quiet"
guest() {
  insmod /lib/modules/$(uname -r)/xen-privcmd.ko unrestricted=1
  xen-probe hypercalls
  taskset -c 0 xen-probe timers
  # xen-evtchn-max-pirq=0: no PIRQs, as Xen for a domain without them
  xen-probe pirqs 256
}
EXPECT=('XK-HCALL xen_version 262154$'
        'XK-PIRQ get_free-msi -38 ' 'XK-PIRQ map-gsi -38 ' 'XK-PIRQ eoi-last -38$'
        'XK-PIRQ status-last -38 ' 'XK-PIRQ bind -38$' 'XK-PIRQ unmap -38$'
        'XK-HCALL unknown-hypercall -38$'
        'XK-HCALL console_io-write 0$' 'kvm_xen_console_io cpu [01]: XK-CONSOLE-IO hello\.'
        'XK-HCALL console_io-write-bad-pointer -14$' 'XK-HCALL console_io-read -1$'
        'XK-HCALL console_io-unknown -38$'
        # 512 MiB of RAM: 131072 pages, the last frame 0x1ffff
        'XK-HCALL maximum_reservation 131072$' 'XK-HCALL current_reservation 131072$'
        'XK-HCALL reservation-other-domain -3$'
        'XK-HCALL maximum_gpfn 131071$' 'XK-HCALL maximum_ram_page 131071$'
        'XK-HCALL get_sharing_freed_pages 0$'
        'XK-HCALL memory_map 0 entries [1-9][0-9]* first 0x0\+0x20000000 type 1$'
        'XK-HCALL memory_map-bad-pointer -14$'
        'XK-HCALL add_to_physmap_batch-gmfn_range -95$'
        'XK-HCALL memory_op-unknown -38$'
        # xen-gnttab-max-frames=32 reaches the guest
        'XK-HCALL gnttab-query_size 0 status 0 frames [1-9][0-9]* max 32$'
        'XK-HCALL gnttab-query_size-count-2 -22$'
        'XK-HCALL gnttab-set_version-2 -38 version 1$'
        'XK-HCALL evtchn-close-4000 -22$'
        'XK-HCALL evtchn-bind_virq-timer-again -17$'
        'XK-HCALL evtchn-bind_virq-99 -22$'
        'XK-HCALL evtchn-bind_ipi-vcpu-99 -2$'
        'XK-HCALL evtchn-alloc_unbound 0 port>0 1$'
        'XK-HCALL evtchn-alloc_unbound-remote-7 0 port>0 1$' 'XK-HCALL evtchn-close-remote-7 0$'
        'XK-HCALL evtchn-status-port-0 0 status 0$' 'XK-HCALL evtchn-status-closed 0 status 0$'
        'XK-HCALL evtchn-unmask-port-0 0$' 'XK-HCALL evtchn-unmask-closed 0$'
        'XK-HCALL xenver-commandline 0 <denied>$' 'XK-HCALL xenver-build_id -1$'
        'XK-HCALL gnttab-get_version-count-0 0 version 1$'
        'XK-HCALL evtchn-close 0$' 'XK-HCALL evtchn-close-again -22$'
        'XK-HCALL vcpu_op-vcpu-99 -2$'
        'XK-HCALL hvm-get_param-callback 0 type 2$'
        'XK-HCALL hvm-set_param-store_pfn -1$'
        'XK-HCALL hvm-get_param-9999 -22$'
        # timers: Xen's limits; QEMU's periodic timer raises the timer VIRQ
        'XK-HCALL periodic-0.5ms -22$' 'XK-HCALL periodic-vcpu-99 -2$'
        'XK-HCALL singleshot-other-vcpu -22$' 'XK-HCALL stop-singleshot-other-vcpu -22$'
        'XK-HCALL periodic-4ms 0$' 'XK-HCALL stop-periodic 0$'
        'XK-PERIODIC base .* more>=100 1$' 'XK-PERIODIC stopped .* back 1$'
        # SCHEDOP_poll: the kernel's (KVM_XEN_HVM_CONFIG_EVTCHN_SEND)
        'XK-HCALL sched-poll-timeout 0 back<1s 1$' 'XK-HCALL sched-poll-200-ports -22$')
REJECT=('Kernel panic' 'BUG:' 'WARNING:.*xen' 'XK-HCALL-ERROR')
