DESC="reboot inside the guest: the machine resets and boots again as a Xen guest, then powers off"
KIND=lab
NO_REBOOT=0
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host -smp 2 -m 512 -qmp unix:/tmp/qmprelease.sock,server=on,wait=off -qmp unix:/tmp/qmpintroduce.sock,server=on,wait=off"
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
# Domain 0 (QMP) sees the domain released and a new one introduced, as xenstored tells.
monitor() {
  for w in releaseDomain introduceDomain; do
    /bin/qmp /tmp/qmp${w%Domain}.sock "{\"execute\":\"xen-xenstore-watch\",\"arguments\":{\"path\":\"@$w\",\"token\":\"$w\"}}" 300 &
  done
  wait
}
EXPECT=('XK-REBOOTING' 'XK-BOOT rtc=2001 xen xen$' 'XK-SECOND-BOOT-DONE')
# Each fires once when watched, then once more at the reboot (the first boot released nothing).
EXPECT_COUNT=('2 XK-QMP-EVENT .*XEN_XENSTORE_WATCH.*"token": "releaseDomain"'
              '2 XK-QMP-EVENT .*XEN_XENSTORE_WATCH.*"token": "introduceDomain"')
REJECT=('Kernel panic' 'BUG:')
