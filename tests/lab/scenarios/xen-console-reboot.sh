DESC="the primary console across a reboot: the reset re-creates it (a clean ring, a fresh port in HVM_PARAM_CONSOLE_EVTCHN and console/port); each boot's hvc0 reaches the chardev (a file), the second boot's too"
KIND=lab
NO_REBOOT=0
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 1 -m 256 -chardev file,id=c0,path=/tmp/hvc0.out -device xen-console,chardev=c0"
APPEND="quiet"
guest() {
  # The emulated RTC keeps its time across the reset: it tells the two boots apart.
  y=$(cut -c1-4 /sys/class/rtc/rtc0/date)
  echo "XK-HVC0-BOOT rtc=$y port=$(xenstore-read console/port)" > /dev/hvc0
  echo "XK-BOOT rtc=$y"
  if [ "$y" != 2001 ]; then
    date -u -s "2001-01-01 00:00:00" >/dev/null && hwclock -u -w
    reboot -f
  fi
  echo "XK-SECOND-BOOT-DONE"
}
after() {
  sed 's/^/XK-FILE /' /tmp/hvc0.out
}
EXPECT=('XK-BOOT rtc=2001' 'XK-SECOND-BOOT-DONE' 'XK-FILE XK-HVC0-BOOT rtc=2001 port=[0-9]+')
EXPECT_COUNT=('2 XK-FILE XK-HVC0-BOOT rtc=[0-9]+ port=[0-9]+')
REJECT=('Kernel panic' 'BUG:' 'qemu-system-x86_64: .*(error|fail)')
