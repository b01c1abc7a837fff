DESC="reboot inside the guest: the machine resets and boots again as a Xen guest, then powers off"
KIND=lab
NO_REBOOT=0
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host -smp 2 -m 512"
APPEND="quiet"
guest() {
  # The emulated RTC keeps its time across the reset: it tells the two boots apart.
  y=$(cut -c1-4 /sys/class/rtc/rtc0/date)
  echo "XK-BOOT rtc=$y $(cat /sys/hypervisor/type) $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
  if [ "$y" != 2001 ]; then
    date -u -s "2001-01-01 00:00:00" >/dev/null && hwclock -u -w
    echo "XK-REBOOTING"
    reboot -f
  fi
  echo "XK-SECOND-BOOT-DONE"
}
# Domain 0 (QMP) sees the domain released at the reboot, as xenstored tells. (One QMP
# client: every monitor gets every event.)
monitor() {
  /bin/qmp /tmp/qmp.sock '{"execute":"xen-xenstore-watch","arguments":{"path":"@releaseDomain","token":"rel"}}' 300
}
EXPECT=('XK-REBOOTING' 'XK-BOOT rtc=2001 xen xen$' 'XK-SECOND-BOOT-DONE')
# Once when watched, then at the reboot (the first boot released nothing).
EXPECT_COUNT=('2 XK-QMP-EVENT .*XEN_XENSTORE_WATCH.*"token": "rel"')
REJECT=('Kernel panic' 'BUG:')
