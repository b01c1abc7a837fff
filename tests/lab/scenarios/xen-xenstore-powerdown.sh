DESC="system_powerdown in Xen mode writes control/shutdown = poweroff as a toolstack does: the guest's xenbus sees it and powers off in order (its poweroff_cmd runs) (ACPI's power button does nothing here: the guest runs no acpid, and only Xen's shutdown watch calls the kernel's orderly poweroff)"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 1 -m 256"
APPEND="quiet"
guest() {
  printf '#!/bin/sh\necho XK-ORDERLY-POWEROFF > /dev/console\npoweroff -f\n' > /tmp/xk-off
  chmod +x /tmp/xk-off
  echo /tmp/xk-off > /proc/sys/kernel/poweroff_cmd
  echo "XK-FEATURE $(xenstore-read control/feature-poweroff)"
  echo "XK-READY"
  sleep 120
  echo "XK-NOT-POWERED-OFF"
}
monitor() {
  wait_guest '^XK-READY' >/dev/null
  qmp '{"execute":"system_powerdown"}'
}
EXPECT=('XK-ORDERLY-POWEROFF')
REJECT=('Kernel panic' 'BUG:' 'XK-NOT-POWERED-OFF' 'XK-MONITOR-TIMEOUT')
