DESC="per-vCPU upcall vectors with the kernel's accelerations ignored: QEMU sends each upcall to the vCPU's APIC"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x40011,kernel-irqchip=split,x-xen-ignore-kernel-accel=on -cpu host -smp 2 -m 512 -trace kvm_xen_hypercall"
guest() {
  taskset -c 1 true
  echo 0 > /sys/devices/system/cpu/cpu1/online && echo 1 > /sys/devices/system/cpu/cpu1/online && echo "XK-HOTPLUG ok"
  grep -E 'xen-percpu' /proc/interrupts | sed 's/^ *[0-9]*: *//; s/^/XK-IRQ /'
}
EXPECT=('kvm_xen_hypercall cpu 0 cpl 0 input 34 a0 0x17 .* ret 0x0$'
        'XK-HOTPLUG ok' 'XK-IRQ .*resched1' 'XK-IRQ .*callfunc1')
REJECT=('Kernel panic' 'BUG:' 'kvm_xen_hypercall .* input 34 a0 0x17 .* ret 0xf')
