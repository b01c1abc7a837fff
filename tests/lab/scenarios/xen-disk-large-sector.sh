DESC="hostile blkif requests on disks of 4 KiB and 8 KiB sectors (logical_block_size, to a frontend that asks for feature-large-sector-size; blk-probe, no blkfront): a segment must be whole sectors within its page, so a 4 KiB disk reads sector 0 of a page (once, 11 times, 128 times by indirect segments) and refuses sector 1 or 0-1, and an 8 KiB disk refuses every segment (one sector would run 4 KiB past the page it maps, 128 of them 1 MiB); QEMU lives and exits 0"
KIND=lab
DISK_MB=16
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 1 -m 256 -drive file=/tmp/xk-disk.img,if=none,id=d4k,file.locking=off,format=raw -device xen-disk,drive=d4k,vdev=xvda,logical_block_size=4096,physical_block_size=4096 -drive file=/tmp/xk-disk.img,if=none,id=d8k,file.locking=off,format=raw,readonly=on -device xen-disk,drive=d8k,vdev=xvdb,logical_block_size=8192,physical_block_size=8192 -d guest_errors"
APPEND="quiet"
TIMEOUT=200
guest() {
  insmod /lib/modules/$(uname -r)/xen-evtchn.ko
  insmod /lib/modules/$(uname -r)/xen-gntalloc.ko
  blk-probe large 51728
  blk-probe large 51712
  echo "XK-ALIVE $(xenstore-read domid)"
}
EXPECT=('XK-BLKIF sector-size 8192$' 'XK-BLKIF 8192-sector-0 status -1$' 'XK-BLKIF 8192-sector-1 status -1$'
        'XK-BLKIF 8192-sectors-0-1 status -1$' 'XK-BLKIF 8192-sector-0-x11 status -1$'
        'XK-BLKIF 8192-indirect status -1$' 'XK-BLKIF 8192-read-again status -1$'
        'XK-BLKIF sector-size 4096$' 'XK-BLKIF 4096-sector-0 status 0 data XK-DISK-PATTERN$'
        'XK-BLKIF 4096-sector-1 status -1$' 'XK-BLKIF 4096-sectors-0-1 status -1$'
        'XK-BLKIF 4096-sector-0-x11 status 0 data XK-DISK-PATTERN$'
        'XK-BLKIF 4096-indirect status 0$' 'XK-BLKIF 4096-read-again status 0 data XK-DISK-PATTERN$'
        'XK-ALIVE 1$' 'XK-GUEST-EXIT 0')
REJECT=('Kernel panic' 'BUG:' 'XK-BLKIF-ERROR' 'Assertion' 'qemu-system-x86_64: ')
