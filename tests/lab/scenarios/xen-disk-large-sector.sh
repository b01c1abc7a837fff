DESC="blkif requests on a disk of 4 KiB sectors (logical_block_size=4096, to a frontend that asks for feature-large-sector-size; blk-probe, no blkfront): sectors count in 4 KiB, a segment must be whole sectors within its page: sector 0 of a page is read (once, 11 times in a request, 128 times by indirect segments: 512 KiB), sector 1 or 0-1 of a page is refused; QEMU lives and exits 0"
KIND=lab
DISK_MB=16
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 1 -m 256 -drive file=/tmp/xk-disk.img,if=none,id=d4k,file.locking=off,format=raw -device xen-disk,drive=d4k,vdev=xvda,logical_block_size=4096,physical_block_size=4096 -d guest_errors"
APPEND="quiet"
TIMEOUT=200
guest() {
  insmod /lib/modules/$(uname -r)/xen-evtchn.ko
  insmod /lib/modules/$(uname -r)/xen-gntalloc.ko
  blk-probe large 51712
  echo "XK-ALIVE $(xenstore-read domid)"
}
EXPECT=('XK-BLKIF sector-size 4096$' 'XK-BLKIF 4096-sector-0 status 0 data XK-DISK-PATTERN$'
        'XK-BLKIF 4096-sector-1 status -1$' 'XK-BLKIF 4096-sectors-0-1 status -1$'
        'XK-BLKIF 4096-sector-0-x11 status 0 data XK-DISK-PATTERN$'
        'XK-BLKIF 4096-indirect status 0 data XK-DISK-PATTERN$' 'XK-BLKIF 4096-read-again status 0 data XK-DISK-PATTERN$'
        'xen-block: page crossing' 'XK-ALIVE 1$' 'XK-GUEST-EXIT 0')
REJECT=('Kernel panic' 'BUG:' 'XK-BLKIF-ERROR' 'Assertion' 'qemu-system-x86_64: ')
