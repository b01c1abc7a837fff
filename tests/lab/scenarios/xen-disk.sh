DESC="the spec's recipe verbatim: the boot disk as an IDE disk and as xen-disk xvda; the guest unplugs the IDE disk through the platform device (no sd/hd disk left), blkfront finds vbd-51712, reads the image's known contents through /dev/xvda, writes, syncs and reads back; QEMU exits 0 and the write is in the image"
KIND=lab
DISK_MB=16
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 1 -m 256 -drive file=/tmp/xk-disk.img,if=none,id=disk,file.locking=off -device xen-disk,drive=disk,vdev=xvda -drive file=/tmp/xk-disk.img,index=2,media=disk,file.locking=off,if=ide"
APPEND="quiet"
TIMEOUT=300
guest() {
  mods=/lib/modules/$(uname -r)
  for m in scsi_common scsi_mod libata ata_piix sd_mod xen-blkfront; do insmod $mods/$m.ko; done
  n=0
  until [ -b /dev/xvda ] || [ $n -ge 30 ]; do sleep 1; n=$((n + 1)); done
  xenstore-ls -f device 2>&1 | sed 's/^/XK-XS-FRONTEND /'
  echo "XK-XS-LIST $(xenstore-list device/vbd 2>&1) $(xenstore-read device/vbd/51712/state 2>&1)"
  xenstore-ls -f /local/domain/0/backend | sed 's/^/XK-XS-BACKEND /'
  dmesg | grep -i -E 'xen|blk|ata|unplug' | sed 's/^/XK-DMESG /'
  echo "XK-XENBUS $(ls /sys/bus/xen/devices | tr '\n' ' ')"
  echo "XK-BLOCK $(ls /sys/block | tr '\n' ' ')"
  echo "XK-SIZE $(cat /sys/block/xvda/size)"
  echo "XK-MD5 $(md5sum < /dev/xvda)"
  echo "XK-WRITTEN-BY-GUEST" | dd of=/dev/xvda bs=512 seek=100 conv=notrunc,fsync 2>/dev/null
  sync
  echo 3 > /proc/sys/vm/drop_caches
  echo "XK-READBACK $(dd if=/dev/xvda bs=512 skip=100 count=1 2>/dev/null | head -1)"
  echo "XK-NEXT $(dd if=/dev/xvda bs=512 skip=101 count=1 2>/dev/null | head -1)"
}
after() {
  echo "XK-L1-IMAGE $(dd if=/tmp/xk-disk.img bs=512 skip=100 count=1 2>/dev/null | head -1)"
}
EXPECT=('XK-XENBUS .*vbd-51712' 'XK-BLOCK xvda $' 'XK-SIZE 32768$'
        'XK-MD5 daa9ea9da45d47c1f1a1dbe36ee8f653' 'XK-READBACK XK-WRITTEN-BY-GUEST$'
        'XK-NEXT XK-DISK-PATTERN$' 'XK-GUEST-EXIT 0' 'XK-L1-IMAGE XK-WRITTEN-BY-GUEST$')
REJECT=('Kernel panic' 'BUG:' 'Assertion' 'qemu-system-x86_64: .*(error|fail)')
