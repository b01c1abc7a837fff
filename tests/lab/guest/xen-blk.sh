#!/bin/sh
# Runs inside an L2 guest (busybox sh; in L2's /bin as xen-blk): the disk scenarios' steps.
#   xen-blk load            loads the block drivers (IDE, SCSI disk, virtio, Xen's blkfront)
#   xen-blk wait DEV [S]    waits up to S seconds (default 30) for /dev/DEV; prints
#                           "XK-BLK-WAIT DEV present|missing"
#   xen-blk gone DEV [S]    waits for /dev/DEV to go: "XK-BLK-GONE DEV yes|no"
#   xen-blk show DEV...     for each: "XK-BLK DEV SECTORS MD5" (MD5 of its first 16 MiB)
#   xen-blk write DEV SECTOR TEXT   writes TEXT (one line) at SECTOR, synced, caches dropped;
#                           reads it back: "XK-BLK-READBACK DEV SECTOR LINE"
#   xen-blk list            the block devices and the Xen devices the guest has:
#                           "XK-BLK-LIST <block devices>" and "XK-XENBUS <xenbus devices>"
#   xen-blk churn DEV       I/O for ever: synced writes of 4 MiB at 8 MiB in the background,
#                           reads of its first 16 MiB, "XK-ROUND N" after each
mods=/lib/modules/$(uname -r)
case "$1" in
load)
  for m in scsi_common scsi_mod libata ata_piix sd_mod virtio_ring virtio \
           virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci virtio_blk libahci ahci \
           xen-blkfront; do
    [ -f "$mods/$m.ko" ] && insmod "$mods/$m.ko" 2>/dev/null
  done
  : ;;
wait)
  n=0
  until [ -b "/dev/$2" ] || [ $n -ge "${3:-30}" ]; do sleep 1; n=$((n + 1)); done
  [ -b "/dev/$2" ] && echo "XK-BLK-WAIT $2 present" || echo "XK-BLK-WAIT $2 missing" ;;
gone)
  n=0
  while [ -b "/dev/$2" ] && [ $n -lt "${3:-30}" ]; do sleep 1; n=$((n + 1)); done
  [ -b "/dev/$2" ] && echo "XK-BLK-GONE $2 no" || echo "XK-BLK-GONE $2 yes" ;;
show)
  shift
  for d in "$@"; do
    echo "XK-BLK $d $(cat /sys/block/$d/size) $(head -c 16777216 /dev/$d | md5sum | cut -d' ' -f1)"
  done ;;
write)
  echo "$4" | dd of="/dev/$2" bs=512 seek="$3" conv=notrunc,fsync 2>/dev/null
  sync
  echo 3 > /proc/sys/vm/drop_caches
  echo "XK-BLK-READBACK $2 $3 $(dd if=/dev/$2 bs=512 skip=$3 count=1 2>/dev/null | head -1)" ;;
churn)
  ( while :; do dd if=/dev/zero of="/dev/$2" bs=64k seek=128 count=64 conv=fsync 2>/dev/null; done ) &
  n=0
  while :; do
    dd if="/dev/$2" of=/dev/null bs=1M count=16 2>/dev/null
    n=$((n + 1)); echo "XK-ROUND $n"
    echo 3 > /proc/sys/vm/drop_caches
  done ;;
list)
  echo "XK-BLK-LIST $(ls /sys/block | grep -v -E '^(loop|ram)' | tr '\n' ' ')"
  echo "XK-XENBUS $(ls /sys/bus/xen/devices 2>/dev/null | tr '\n' ' ')" ;;
*)
  echo "usage: xen-blk load|wait|gone|show|write|list|churn" >&2; exit 2 ;;
esac
