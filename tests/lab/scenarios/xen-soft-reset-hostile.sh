DESC="SHUTDOWN_soft_reset under a live 2-vCPU kernel (every event channel, timer and vcpu_info in use): QEMU takes it; afterwards a running vCPU's vcpu_info may be registered only by itself (Xen's -EINVAL for another); the guest powers off, QEMU exits 0"
KIND=lab
# No PIRQs: the soft reset would unmap the serial port's GSI, and the live kernel, which knows
# nothing of it, would lose its console (as under Xen) before it could say what it saw.
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split,xen-evtchn-max-pirq=0 -cpu host,+xen-vapic -smp 2 -m 512"
APPEND="quiet"
guest() {
  insmod /lib/modules/$(uname -r)/xen-privcmd.ko unrestricted=1
  xen-probe soft-reset
}
EXPECT=('XK-HCALL vcpu_info-vcpu1-registered -22$' 'XK-HCALL soft_reset 0$'
        # vCPU 1 runs (hypercalls in a loop): up, so only it may register its vcpu_info
        'XK-HCALL vcpu_info-vcpu1-online -22$'
        'XK-SOFT-RESET done')
REJECT=('Kernel panic' 'BUG:' 'XK-HCALL-ERROR' 'qemu-system-x86_64: .*(rror|fail)' 'Assertion')
