DESC="hostile netif rings: a frontend of the guest's own (net-probe, no netfront) sends bad and unallocated grants, a packet shorter than an Ethernet header, a slot crossing its page, fragments larger than their packet, GSO of an MSS under 64 (0 here), of an unknown type, of a packet that is no TCP segment: each is answered NETIF_RSP_ERROR (the extra slot RSP_NULL), an RX page it cannot write gets an error response; good ARP requests around them are answered by the gateway on the RX ring, and a good GSO TCP segment is cut into segments whose checksums the gateway accepts (it resets them). Packets of 19 and 21 slots (netfront sends 18 at most) are dropped, each slot answered NETIF_RSP_ERROR, as Linux's netback drops them; an extra info slot of no known type, a 22-slot packet and producers far ahead halt the rings (no answer, good packets neither) until the frontend connects again. Asking for more queues than offered, for none, or for two with the second's nodes missing is refused (logged; the backend goes Closing, as Xen's do); split event channels connect. The error counters grew; QEMU lives and exits 0"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 1 -m 256 -netdev user,id=n0 -device xen-net-device,netdev=n0,id=vif0,mac=52:54:00:12:34:56,max-queues=2 -d guest_errors"
APPEND="quiet"
TIMEOUT=300
guest() {
  insmod /lib/modules/$(uname -r)/xen-evtchn.ko
  insmod /lib/modules/$(uname -r)/xen-gntalloc.ko
  net-probe hostile
  echo "XK-ALIVE $(xenstore-read domid)"
  monitor-done
}
monitor() {
  wait_guest '^XK-ALIVE' >/dev/null
  for c in tx-packets rx-packets tx-errors rx-dropped tx-gso-packets; do
    qmp "{\"execute\":\"qom-get\",\"arguments\":{\"path\":\"/machine/peripheral/vif0\",\"property\":\"$c\"}}" |
      sed "s/^XK-QMP/XK-COUNTER $c/"
  done
  qmp '{"execute":"xen-xenstore-write","arguments":{"path":"/local/domain/1/data/monitor-done","value":"1"}}' >/dev/null
}
EXPECT=('XK-NETIF connected 4$'
        'XK-NETIF good status 0 rx 6[04] arp-reply$' 'XK-NETIF readonly-grant status 0 rx 6[04] arp-reply$'
        'XK-NETIF bad-gref status -1$' 'XK-NETIF unallocated-gref status -1$'
        'XK-NETIF short status -1$' 'XK-NETIF crosses-page status -1$'
        'XK-NETIF fragment-past-packet status -1 -1$' 'XK-NETIF gso-mss-0 status -1 1$'
        'XK-NETIF gso-bad-type status -1 1$' 'XK-NETIF gso-not-tcp status -1 1$'
        'XK-NETIF gso-tcp status 0 1 rx [0-9]+ other$'
        'XK-NETIF rx-bad-gref status 0 rx -1 error$' 'XK-NETIF good-after-drops status 0 rx 6[04] arp-reply$'
        'XK-NETIF extra-of-no-type status none$' 'XK-NETIF good-on-halted-ring status none rx none$'
        "XK-NETIF nineteen-slots status( -1){19}\$" "XK-NETIF twenty-one-slots status( -1){21}\$"
        'XK-NETIF good-after-slots status 0 rx 6[04] arp-reply$'
        'XK-NETIF twenty-two-slots status none$' 'XK-NETIF overflow answers 0 0$'
        'XK-NETIF queues-99 5$' 'XK-NETIF queues-0 5$'
        'XK-NETIF queues-2-one-missing 5$' 'XK-NETIF split-channels 4$'
        'XK-NETIF good-split status 0 rx 6[04] arp-reply$'
        '99 queues asked for, 1 to 2 offered' '0 queues asked for, 1 to 2 offered'
        'queue 1: no tx-ring-ref or rx-ring-ref'
        'XK-ALIVE 1$' 'XK-GUEST-EXIT 0'
        'XK-COUNTER tx-errors \{"return": 10\}' 'XK-COUNTER tx-gso-packets \{"return": 1\}' 'XK-COUNTER rx-dropped \{"return": 1\}')
EXPECT_COUNT=('4 XK-NETIF reconnected 4$' '4 XK-NETIF good-reconnected status 0 rx 6[04] arp-reply$')
REJECT=('Kernel panic' 'BUG:' 'Assertion' 'XK-NETIF-ERROR' 'XK-MONITOR-TIMEOUT' 'XK-MONITOR-NOT-DONE')
