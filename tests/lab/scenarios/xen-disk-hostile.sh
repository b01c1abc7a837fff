DESC="hostile blkif requests: a frontend of the guest's own (blk-probe, on pages it grants and a port it binds, no blkfront) sends bad grants (alone, or after a good one), a read into a read-only grant, 0 and 12 segments, sectors past the page, the disk's end and 2^63, an unknown operation, four consecutive one-sector writes and reads in one kick (each answered, in order on the disk), indirect requests of 0 or 129 segments, a bad indirect page or operation: each gets BLKIF_RSP_ERROR, good requests around them work; a ring whose req_prod runs far ahead is halted, not chased; asking for 99 queues (2 offered), for none, or for two with the second's nodes missing or both on one port is refused (logged; the backend goes Closing, as Xen's do), after which one queue and then two connect, the second queue's ring answering a read; QEMU lives and exits 0"
KIND=lab
DISK_MB=16
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 1 -m 256 -drive file=/tmp/xk-disk.img,if=none,id=disk,file.locking=off,format=raw -device xen-disk,drive=disk,vdev=xvda,max-queues=2 -d guest_errors"
APPEND="quiet"
TIMEOUT=300
guest() {
  insmod /lib/modules/$(uname -r)/xen-evtchn.ko
  insmod /lib/modules/$(uname -r)/xen-gntalloc.ko
  blk-probe hostile 51712
  echo "XK-ALIVE $(xenstore-read domid)"
}
after() {
  echo "XK-L1-IMAGE $(dd if=/tmp/xk-disk.img bs=512 skip=600 count=1 2>/dev/null | head -1)"
  echo "XK-L1-BATCH $(dd if=/tmp/xk-disk.img bs=512 skip=802 count=1 2>/dev/null | head -1)"
}
EXPECT=('XK-BLKIF connected 4' 'XK-BLKIF read status 0 data XK-DISK-PATTERN$'
        'XK-BLKIF write status 0$' 'XK-BLKIF read-back status 0 data XK-HOSTILE-WRITE$'
        'XK-BLKIF bad-gref status -1$' 'XK-BLKIF unallocated-gref status -1$'
        'XK-BLKIF good-then-bad-gref status -1$'
        'XK-BLKIF read-into-readonly-grant status -1$' 'XK-BLKIF write-from-readonly-grant status 0$'
        'XK-BLKIF zero-segments status -1$' 'XK-BLKIF twelve-segments status -1$'
        'XK-BLKIF first-after-last status -1$' 'XK-BLKIF past-the-page status -1$'
        'XK-BLKIF past-the-end status -1$' 'XK-BLKIF huge-sector status -1$'
        'XK-BLKIF wrapping-sector status -1$' 'XK-BLKIF unknown-op status -1$'
        'XK-BLKIF backend max-indirect-segments 128$'
        'XK-BLKIF indirect-read status 0 op 0 data XK-DISK-PATTERN$'
        'XK-BLKIF indirect-zero-segments status -1 ' 'XK-BLKIF indirect-too-many status -1 '
        'XK-BLKIF indirect-bad-page status -1 ' 'XK-BLKIF indirect-flush status -1 '
        'XK-BLKIF indirect-indirect status -1 '
        'XK-BLKIF read-again status 0 data XK-DISK-PATTERN$' 'XK-BLKIF overflow answers 0$'
        'XK-BLKIF queues-99 5$' 'XK-BLKIF queues-0 5$' 'XK-BLKIF queues-2-one-missing 5$' 'XK-BLKIF queues-2-one-port 5$'
        '99 queues asked for, 1 to 2 offered' '0 queues asked for, 1 to 2 offered' 'queue 1: failed to read ring-ref'
        'XK-BLKIF reconnected 4$' 'XK-BLKIF read-reconnected status 0 data XK-HOSTILE-WRITE$'
        'XK-BLKIF queues-2 4$' 'XK-BLKIF read-queue-1 status 0 data XK-BATCH-2$'
        'XK-BLKIF batch-write 0 status 0$' 'XK-BLKIF batch-write 1 status 0$'
        'XK-BLKIF batch-write 2 status 0$' 'XK-BLKIF batch-write 3 status 0$'
        'XK-BLKIF batch-read 0 status 0 data XK-BATCH-0$' 'XK-BLKIF batch-read 1 status 0 data XK-BATCH-1$'
        'XK-BLKIF batch-read 2 status 0 data XK-BATCH-2$' 'XK-BLKIF batch-read 3 status 0 data XK-BATCH-3$'
        'XK-ALIVE 1$' 'XK-GUEST-EXIT 0' 'XK-L1-IMAGE XK-HOSTILE-WRITE$' 'XK-L1-BATCH XK-BATCH-2$')
REJECT=('Kernel panic' 'BUG:' 'XK-BLKIF-ERROR' 'Assertion' 'qemu-system-x86_64: ')
