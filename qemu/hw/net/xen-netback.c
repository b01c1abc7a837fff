/*
 * xen-net-device: a Xen PV network backend (a vif, as Linux's netback
 * serves one) on any QEMU netdev.
 *
 * The guest's packets are grant-copied from the TX ring's slots into one
 * packet buffer, their checksums filled in and large TCP segments (GSO)
 * cut to their MSS, and sent to the peer; the peer's are grant-copied into
 * the pages the RX ring offers. Only the ring pages stay mapped.
 *
 * The guest may ask for several queues (a TX and an RX ring each), and
 * for a TX and an RX event channel in each. Its packets are sent in the
 * order each queue gives them; the peer's go to a queue by their flow.
 *
 * Every index and request in the rings is the guest's: a packet that
 * breaks the protocol is answered NETIF_RSP_ERROR and counted; a ring
 * whose producer runs ahead of what it can hold is left alone until the
 * frontend connects again, as netback disables such a vif.
 *
 * Locking: all of it runs in the main loop under the BQL (the event
 * channel's handler, the peer's deliveries, the store's watches).
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/main-loop.h"
#include "qapi/error.h"
#include "hw/qdev-properties.h"
#include "hw/boards.h"
#include "hw/xen/xen-bus.h"
#include "hw/xen/interface/io/netif.h"
#include "net/net.h"
#include "net/eth.h"
#include "net/tso.h"
#include "sysemu/runstate.h"
#include "trace.h"

#define TYPE_XEN_NET_DEVICE "xen-net-device"
OBJECT_DECLARE_SIMPLE_TYPE(XenNetDevice, XEN_NET_DEVICE)

/* The most slots a packet may take, either way, as netfront sends them. */
#define XEN_NETBACK_SLOTS_MAX XEN_NETIF_NR_SLOTS_MIN
/*
 * A TX packet of more is dropped, as Linux's netback drops it; past this
 * many slots, the ring is broken (netback's fatal_skb_slots, 20 beyond
 * the first).
 */
#define XEN_NETBACK_TX_SLOTS_FATAL 21
/* The most queues max-queues may offer */
#define XEN_NETBACK_QUEUES_MAX 16
/* Packets and frames sent, before the main loop gets its turn again */
#define XEN_NETBACK_TX_BUDGET 256
/* The smallest MSS a GSO packet may have: 1024 segments at most */
#define XEN_NETBACK_GSO_MSS_MIN 64

typedef struct XenNetQueue {
    XenNetDevice *nd;
    unsigned int index;
    netif_tx_back_ring_t tx_ring;
    netif_rx_back_ring_t rx_ring;
    /* The same channel, unless the frontend split them */
    XenEventChannel *tx_channel, *rx_channel;
    bool tx_broken, rx_broken;  /* until the frontend connects again */
} XenNetQueue;

struct XenNetDevice {
    XenDevice xendev;
    NICConf conf;
    int32_t handle;             /* the vif's number; -1: the first free */
    uint32_t max_queues;        /* offered; 0: one for each vCPU */
    NICState *nic;

    /* While the frontend is connected: nr_queues of max_queues */
    XenNetQueue *queues;
    unsigned int nr_queues;
    bool rx_sg;                 /* a packet may span several RX slots */
    uint8_t *tx_buf;            /* one packet, XEN_NETIF_MAX_TX_SIZE */
    /*
     * Frames the peer queued, and wants no more until it sent them (its
     * callbacks, which may come from within a send, only count them down
     * and leave the rest to tx_bh); what is left of this turn's budget.
     */
    unsigned int tx_queued;
    int tx_budget;
    unsigned int tx_next;       /* the queue tx_bh starts with */
    QEMUBH *tx_bh;

    VMChangeStateEntry *vm_state;
    uint64_t tx_packets, rx_packets, tx_errors, rx_dropped, tx_gso_packets;
};

static bool xen_netback_connected(XenNetDevice *nd)
{
    return nd->nr_queues != 0;
}

static void G_GNUC_PRINTF(2, 3) xen_netback_guest_error(XenNetQueue *q,
                                                        const char *fmt, ...)
{
    g_autofree char *msg = NULL;
    va_list ap;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    qemu_log_mask(LOG_GUEST_ERROR, "xen-net-device vif %s queue %u: %s\n",
                  q->nd->xendev.name, q->index, msg);
}

/* Requests the guest has produced past @cons; more than @size: nonsense. */
static unsigned int xen_netback_ring_pending(RING_IDX *req_prod, RING_IDX cons)
{
    RING_IDX prod = qatomic_read(req_prod);

    smp_rmb(); /* the requests after their index */
    return prod - cons;
}

static void xen_netback_tx_respond(XenNetQueue *q, uint16_t id,
                                   int16_t status)
{
    netif_tx_back_ring_t *ring = &q->tx_ring;
    netif_tx_response_t *rsp = RING_GET_RESPONSE(ring, ring->rsp_prod_pvt);

    rsp->id = id;
    rsp->status = status;
    ring->rsp_prod_pvt++;
}

static void xen_netback_tx_sent(NetClientState *nc, ssize_t len);

static void xen_netback_send(void *opaque, const uint8_t *frame, size_t len)
{
    XenNetDevice *nd = opaque;

    nd->tx_budget--;
    if (!qemu_send_packet_async(qemu_get_queue(nd->nic), frame, len,
                                xen_netback_tx_sent)) {
        nd->tx_queued++;
    }
}

/*
 * One packet from the @avail requests at the TX ring's consumer: its
 * first request, its extra info slots, its further fragments. 0: it is
 * not all there yet; -1: the ring is broken; else the slots it took.
 */
static int xen_netback_tx_packet(XenNetQueue *q, unsigned int avail)
{
    XenNetDevice *nd = q->nd;
    netif_tx_back_ring_t *ring = &q->tx_ring;
    netif_tx_request_t req[XEN_NETBACK_TX_SLOTS_FATAL];
    XenDeviceGrantCopySegment segs[XEN_NETBACK_SLOTS_MAX];
    netif_extra_info_t extra;
    unsigned int nr_req = 1, nr_extra = 0, slots = 1, i, gso_size = 0;
    uint8_t gso_type = XEN_NETIF_GSO_TYPE_NONE;
    unsigned int len, first_len, pos;
    const char *bad = NULL;
    Error *err = NULL;
    uint16_t flags;

    memcpy(&req[0], RING_GET_REQUEST(ring, ring->req_cons), sizeof(req[0]));
    flags = req[0].flags;
    if (flags & NETTXF_extra_info) {
        do {
            if (slots == avail) {
                goto incomplete;
            }
            memcpy(&extra, RING_GET_REQUEST(ring, ring->req_cons + slots),
                   sizeof(extra));
            slots++;
            nr_extra++;
            if (extra.type == XEN_NETIF_EXTRA_TYPE_NONE ||
                extra.type >= XEN_NETIF_EXTRA_TYPE_MAX ||
                nr_extra >= XEN_NETIF_EXTRA_TYPE_MAX) {
                xen_netback_guest_error(q, "TX extra info of type %u",
                                        extra.type);
                return -1;
            }
            /* Multicast filters need no action. */
            if (extra.type == XEN_NETIF_EXTRA_TYPE_GSO) {
                gso_size = extra.u.gso.size;
                gso_type = extra.u.gso.type;
                if (gso_type != XEN_NETIF_GSO_TYPE_TCPV4 &&
                    gso_type != XEN_NETIF_GSO_TYPE_TCPV6) {
                    bad = "GSO of an unknown type";
                } else if (gso_size < XEN_NETBACK_GSO_MSS_MIN) {
                    bad = "GSO with an MSS under 64";
                }
            }
        } while (extra.flags & XEN_NETIF_EXTRA_FLAG_MORE);
    }
    while (flags & NETTXF_more_data) {
        if (slots == avail) {
            goto incomplete;
        }
        if (nr_req == XEN_NETBACK_TX_SLOTS_FATAL) {
            xen_netback_guest_error(q, "TX packet of over %u slots",
                                    XEN_NETBACK_TX_SLOTS_FATAL);
            return -1;
        }
        memcpy(&req[nr_req], RING_GET_REQUEST(ring, ring->req_cons + slots),
               sizeof(req[0]));
        flags = req[nr_req].flags;
        nr_req++;
        slots++;
    }
    ring->req_cons += slots;

    if (nr_req > XEN_NETBACK_SLOTS_MAX) {
        bad = "a packet of more slots than netfront sends";
    }
    /* The first request's size is the packet's; its slot has the rest. */
    len = req[0].size;
    first_len = len;
    for (i = 1; i < nr_req && !bad; i++) {
        if (req[i].size > first_len) {
            bad = "fragments larger than the packet";
        }
        first_len -= req[i].size;
    }
    for (i = 0, pos = 0; i < nr_req && !bad; i++) {
        unsigned int size = i ? req[i].size : first_len;

        if (req[i].offset + size > XENHOST_PAGE_SIZE) {
            bad = "a slot's data crosses its page";
        }
        segs[i].source.foreign.ref = req[i].gref;
        segs[i].source.foreign.offset = req[i].offset;
        segs[i].dest.virt = nd->tx_buf + pos;
        segs[i].len = size;
        pos += size;
    }
    if (!bad && len < ETH_HLEN) {
        bad = "a packet shorter than an Ethernet header";
    }
    if (!bad) {
        xen_device_copy_grant_refs(&nd->xendev, false, segs, nr_req, &err);
        if (err) {
            bad = "a grant that cannot be copied";
            error_free(err);
        }
    }

    if (!bad && gso_type != XEN_NETIF_GSO_TYPE_NONE) {
        /* Cut to the MSS, the checksums filled in, whatever the flags say */
        if (net_tso_segment(nd->tx_buf, len, gso_size,
                            gso_type == XEN_NETIF_GSO_TYPE_TCPV6,
                            xen_netback_send, nd) < 0) {
            bad = "GSO of a packet that is no TCP segment of its type";
        } else {
            nd->tx_gso_packets++;
        }
    } else if (!bad) {
        if (req[0].flags & NETTXF_csum_blank) {
            /* Neither TCP nor UDP: nothing to fill in, it goes as it is */
            net_tso_fill_checksum(nd->tx_buf, len);
        }
        xen_netback_send(nd, nd->tx_buf, len);
    }
    if (bad) {
        xen_netback_guest_error(q, "TX packet dropped: %s", bad);
        nd->tx_errors++;
    } else {
        trace_xen_netback_tx(nd->xendev.name, q->index, len, nr_req,
                             req[0].flags, gso_size);
        nd->tx_packets++;
    }

    /* Each slot answered, in order; extra info slots with RSP_NULL. */
    xen_netback_tx_respond(q, req[0].id,
                           bad ? NETIF_RSP_ERROR : NETIF_RSP_OKAY);
    for (i = 0; i < nr_extra; i++) {
        xen_netback_tx_respond(q, req[0].id, NETIF_RSP_NULL);
    }
    for (i = 1; i < nr_req; i++) {
        xen_netback_tx_respond(q, req[i].id,
                               bad ? NETIF_RSP_ERROR : NETIF_RSP_OKAY);
    }
    return slots;

incomplete:
    if (avail >= RING_SIZE(ring)) {
        xen_netback_guest_error(q, "TX packet larger than the ring");
        return -1;
    }
    return 0;
}

/*
 * Sends what a queue's TX ring holds, within this turn's budget (tx_bh
 * takes up the rest); true if there was any.
 */
static bool xen_netback_tx(XenNetQueue *q)
{
    XenNetDevice *nd = q->nd;
    netif_tx_back_ring_t *ring = &q->tx_ring;
    bool work = false;
    int notify;

    for (;;) {
        unsigned int avail = xen_netback_ring_pending(&ring->sring->req_prod,
                                                      ring->req_cons);
        RING_IDX seen = ring->req_cons + avail;
        int slots = 0;

        if (avail > RING_SIZE(ring)) {
            xen_netback_guest_error(q, "TX ring producer %u requests ahead",
                                    avail);
            q->tx_broken = true;
        }
        while (!q->tx_broken && !nd->tx_queued && nd->tx_budget > 0 &&
               avail) {
            slots = xen_netback_tx_packet(q, avail);
            if (slots <= 0) {
                q->tx_broken = slots < 0;
                break;
            }
            avail -= slots;
            nd->tx_budget--;    /* also for a packet refused */
            work = true;
        }
        RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(ring, notify);
        if (notify) {
            xen_device_notify_event_channel(&nd->xendev, q->tx_channel, NULL);
        }
        if (q->tx_broken || nd->tx_queued) {
            return work;
        }
        if (nd->tx_budget <= 0) {
            qemu_bh_schedule(nd->tx_bh);
            return work;
        }
        /* A notification for the next request past those seen, then look. */
        ring->sring->req_event = seen + 1;
        smp_mb(); /* the event index, then the producer again */
        if (qatomic_read(&ring->sring->req_prod) == seen) {
            return work;
        }
    }
}

/* The peer sent (or dropped) a frame it had queued. */
static void xen_netback_tx_sent(NetClientState *nc, ssize_t len)
{
    XenNetDevice *nd = qemu_get_nic_opaque(nc);

    assert(nd->tx_queued);
    if (!--nd->tx_queued) {
        qemu_bh_schedule(nd->tx_bh);
    }
}

/* Every queue's TX ring, the first one in turn. */
static void xen_netback_tx_bh(void *opaque)
{
    XenNetDevice *nd = opaque;
    unsigned int i;

    if (!xen_netback_connected(nd) || !runstate_is_running()) {
        return;
    }
    nd->tx_budget = XEN_NETBACK_TX_BUDGET;
    nd->tx_next = (nd->tx_next + 1) % nd->nr_queues;
    for (i = 0; i < nd->nr_queues; i++) {
        xen_netback_tx(&nd->queues[(nd->tx_next + i) % nd->nr_queues]);
    }
}

/*
 * Whether the RX ring offers @slots requests. If not, the guest is asked
 * to notify when it does.
 */
static bool xen_netback_rx_ready(XenNetQueue *q, unsigned int slots)
{
    netif_rx_back_ring_t *ring = &q->rx_ring;
    unsigned int avail = xen_netback_ring_pending(&ring->sring->req_prod,
                                                  ring->req_cons);

    if (avail > RING_SIZE(ring)) {
        xen_netback_guest_error(q, "RX ring producer %u requests ahead",
                                avail);
        q->rx_broken = true;
        return false;
    }
    if (avail >= slots) {
        return true;
    }
    ring->sring->req_event = ring->req_cons + slots;
    smp_mb(); /* the event index, then the producer again */
    return xen_netback_ring_pending(&ring->sring->req_prod,
                                    ring->req_cons) >= slots;
}

/* Whether a queue is broken or has room for a packet of one slot. */
static bool xen_netback_rx_open(XenNetQueue *q)
{
    return q->rx_broken || xen_netback_rx_ready(q, 1);
}

static bool xen_netback_can_receive(NetClientState *nc)
{
    XenNetDevice *nd = qemu_get_nic_opaque(nc);
    unsigned int i;

    /* Unconnected, a packet is dropped, as a cable unplugged drops it. */
    if (!xen_netback_connected(nd)) {
        return true;
    }
    for (i = 0; i < nd->nr_queues; i++) {
        if (xen_netback_rx_open(&nd->queues[i])) {
            return true;
        }
    }
    return false;
}

/*
 * The queue for a packet from the peer: by its IPv4 or IPv6 addresses and
 * TCP or UDP ports where it has them, so that a flow keeps to one queue.
 */
static XenNetQueue *xen_netback_rx_queue(XenNetDevice *nd, const uint8_t *buf,
                                         size_t size)
{
    uint16_t proto = size >= ETH_HLEN ? lduw_be_p(buf + 12) : 0;
    size_t addrs = 0, addr_len = 0, l4 = 0, i;
    uint8_t ip_proto = 0;
    uint32_t hash = 0;

    if (nd->nr_queues == 1) {
        return &nd->queues[0];
    }
    if (proto == ETH_P_IP && size >= ETH_HLEN + 20) {
        const uint8_t *ip = buf + ETH_HLEN;

        addrs = ETH_HLEN + 12;
        addr_len = 8;
        ip_proto = ip[9];
        /* Fragments after the first have no ports. */
        if (!(lduw_be_p(ip + 6) & IP_OFFMASK)) {
            l4 = ETH_HLEN + (ip[0] & 0xf) * 4;
        }
    } else if (proto == ETH_P_IPV6 && size >= ETH_HLEN + 40) {
        addrs = ETH_HLEN + 8;
        addr_len = 32;
        ip_proto = buf[ETH_HLEN + 6];
        l4 = ETH_HLEN + 40;
    }
    for (i = 0; i < addr_len; i += 4) {
        hash = (hash ^ ldl_he_p(buf + addrs + i)) * 0x9e3779b1;
    }
    if (l4 && (ip_proto == IP_PROTO_TCP || ip_proto == IP_PROTO_UDP) &&
        size >= l4 + 4) {
        hash = (hash ^ ldl_he_p(buf + l4)) * 0x9e3779b1;
    }
    /* Every bit of the flow into the low ones (murmur3's finalizer) */
    hash ^= hash >> 16;
    hash *= 0x85ebca6b;
    hash ^= hash >> 13;
    hash *= 0xc2b2ae35;
    hash ^= hash >> 16;
    return &nd->queues[hash % nd->nr_queues];
}

static ssize_t xen_netback_receive(NetClientState *nc, const uint8_t *buf,
                                   size_t size)
{
    XenNetDevice *nd = qemu_get_nic_opaque(nc);
    XenNetQueue *q;
    netif_rx_back_ring_t *ring;
    netif_rx_request_t req[XEN_NETBACK_SLOTS_MAX];
    XenDeviceGrantCopySegment segs[XEN_NETBACK_SLOTS_MAX];
    unsigned int slots = DIV_ROUND_UP(size, XENHOST_PAGE_SIZE), i;
    Error *err = NULL;
    int notify;

    if (!xen_netback_connected(nd)) {
        nd->rx_dropped++;
        return size;
    }
    q = xen_netback_rx_queue(nd, buf, size);
    ring = &q->rx_ring;
    if (q->rx_broken || !slots || slots > XEN_NETBACK_SLOTS_MAX ||
        (slots > 1 && !nd->rx_sg)) {
        nd->rx_dropped++;
        return size;
    }
    if (!xen_netback_rx_ready(q, slots)) {
        if (q->rx_broken) {
            nd->rx_dropped++;
            return size;
        }
        return 0;   /* queued until the guest offers pages */
    }

    for (i = 0; i < slots; i++) {
        memcpy(&req[i], RING_GET_REQUEST(ring, ring->req_cons + i),
               sizeof(req[i]));
        segs[i].source.virt = (void *)(buf + i * XENHOST_PAGE_SIZE);
        segs[i].dest.foreign.ref = req[i].gref;
        segs[i].dest.foreign.offset = 0;
        segs[i].len = MIN(size - i * XENHOST_PAGE_SIZE, XENHOST_PAGE_SIZE);
    }
    ring->req_cons += slots;
    xen_device_copy_grant_refs(&nd->xendev, true, segs, slots, &err);
    if (err) {
        xen_netback_guest_error(q, "RX packet dropped: %s",
                                error_get_pretty(err));
        error_free(err);
        nd->rx_dropped++;
    } else {
        nd->rx_packets++;
    }
    trace_xen_netback_rx(nd->xendev.name, q->index, size, slots);

    for (i = 0; i < slots; i++) {
        netif_rx_response_t *rsp = RING_GET_RESPONSE(ring, ring->rsp_prod_pvt);

        rsp->id = req[i].id;
        rsp->offset = 0;
        rsp->flags = i + 1 < slots ? NETRXF_more_data : 0;
        rsp->status = err ? NETIF_RSP_ERROR : segs[i].len;
        ring->rsp_prod_pvt++;
    }
    RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(ring, notify);
    if (notify) {
        xen_device_notify_event_channel(&nd->xendev, q->rx_channel, NULL);
    }
    return size;
}

/* Either event channel of a queue: its TX ring, and room in its RX ring. */
static bool xen_netback_event(void *opaque)
{
    XenNetQueue *q = opaque;
    XenNetDevice *nd = q->nd;
    bool work = false;

    /* Nothing while the VM is stopped: its RAM may be on its way. */
    if (!xen_netback_connected(nd) || !runstate_is_running()) {
        return false;
    }
    nd->tx_budget = XEN_NETBACK_TX_BUDGET;
    work = xen_netback_tx(q);
    /* Room for the packets the peer holds back, or (broken) their drop. */
    if (xen_netback_rx_open(q)) {
        qemu_flush_queued_packets(qemu_get_queue(nd->nic));
    }
    return work;
}

static void xen_netback_vm_state(void *opaque, bool running, RunState state)
{
    XenNetDevice *nd = opaque;
    unsigned int i;

    for (i = 0; running && i < nd->nr_queues; i++) {
        xen_netback_event(&nd->queues[i]);
    }
}

static void xen_netback_disconnect(XenNetDevice *nd)
{
    XenDevice *xendev = &nd->xendev;
    unsigned int i;

    for (i = 0; i < nd->max_queues; i++) {
        XenNetQueue *q = &nd->queues[i];

        if (q->rx_channel && q->rx_channel != q->tx_channel) {
            xen_device_unbind_event_channel(xendev, q->rx_channel, NULL);
        }
        if (q->tx_channel) {
            xen_device_unbind_event_channel(xendev, q->tx_channel, NULL);
        }
        if (q->tx_ring.sring) {
            xen_device_unmap_grant_refs(xendev, q->tx_ring.sring, 1, NULL);
        }
        if (q->rx_ring.sring) {
            xen_device_unmap_grant_refs(xendev, q->rx_ring.sring, 1, NULL);
        }
        *q = (XenNetQueue) { .nd = nd, .index = i };
    }
    nd->nr_queues = 0;
}

/* A queue's node: at the top with one queue, in queue-N/ with several. */
static bool xen_netback_queue_read(XenNetDevice *nd, XenNetQueue *q,
                                   const char *node, unsigned int *val)
{
    g_autofree char *key = nd->nr_queues == 1 ? g_strdup(node) :
                           g_strdup_printf("queue-%u/%s", q->index, node);

    return xen_device_frontend_scanf(&nd->xendev, key, "%u", val) == 1;
}

static void xen_netback_connect_queue(XenNetDevice *nd, XenNetQueue *q,
                                      Error **errp)
{
    ERRP_GUARD();
    XenDevice *xendev = &nd->xendev;
    unsigned int tx_ref, rx_ref, tx_port, rx_port;
    void *ring;

    if (!xen_netback_queue_read(nd, q, "tx-ring-ref", &tx_ref) ||
        !xen_netback_queue_read(nd, q, "rx-ring-ref", &rx_ref)) {
        error_setg(errp, "queue %u: no tx-ring-ref or rx-ring-ref", q->index);
        return;
    }
    if (xen_netback_queue_read(nd, q, "event-channel", &tx_port)) {
        rx_port = tx_port;
    } else if (!xen_netback_queue_read(nd, q, "event-channel-tx", &tx_port) ||
               !xen_netback_queue_read(nd, q, "event-channel-rx", &rx_port)) {
        error_setg(errp, "queue %u: no event-channel, nor event-channel-tx "
                   "and -rx", q->index);
        return;
    }

    ring = xen_device_map_grant_refs(xendev, &tx_ref, 1,
                                     PROT_READ | PROT_WRITE, errp);
    if (*errp) {
        return;
    }
    BACK_RING_INIT(&q->tx_ring, (netif_tx_sring_t *)ring, XENHOST_PAGE_SIZE);
    ring = xen_device_map_grant_refs(xendev, &rx_ref, 1,
                                     PROT_READ | PROT_WRITE, errp);
    if (*errp) {
        return;
    }
    BACK_RING_INIT(&q->rx_ring, (netif_rx_sring_t *)ring, XENHOST_PAGE_SIZE);
    /*
     * A new ring's responses are at 0; one taken up again after a
     * migration goes on from its last response: every request before it
     * was answered.
     */
    q->tx_ring.req_cons = qatomic_read(&q->tx_ring.sring->rsp_prod);
    q->tx_ring.rsp_prod_pvt = q->tx_ring.req_cons;
    q->rx_ring.req_cons = qatomic_read(&q->rx_ring.sring->rsp_prod);
    q->rx_ring.rsp_prod_pvt = q->rx_ring.req_cons;

    q->tx_channel = xen_device_bind_event_channel(xendev, tx_port,
                                                  xen_netback_event, q, errp);
    if (*errp) {
        return;
    }
    q->rx_channel = q->tx_channel;
    if (rx_port != tx_port) {
        q->rx_channel = xen_device_bind_event_channel(xendev, rx_port,
                                                      xen_netback_event, q,
                                                      errp);
        if (*errp) {
            return;
        }
    }
    trace_xen_netback_connect(xendev->name, q->index, tx_ref, rx_ref,
                              tx_port, rx_port, nd->rx_sg);
}

static void xen_netback_connect(XenNetDevice *nd, Error **errp)
{
    ERRP_GUARD();
    XenDevice *xendev = &nd->xendev;
    unsigned int nr_queues = 1, val, i;

    if (xen_device_frontend_scanf(xendev, "multi-queue-num-queues", "%u",
                                  &nr_queues) == 1 &&
        (nr_queues < 1 || nr_queues > nd->max_queues)) {
        error_setg(errp, "%u queues asked for, 1 to %u offered", nr_queues,
                   nd->max_queues);
        return;
    }
    if (xen_device_frontend_scanf(xendev, "request-rx-copy", "%u",
                                  &val) != 1 || val != 1) {
        error_setg(errp, "the frontend does not ask for request-rx-copy, "
                   "the only receive mode offered");
        return;
    }
    nd->rx_sg = xen_device_frontend_scanf(xendev, "feature-sg", "%u",
                                          &val) == 1 && val;

    xen_device_set_max_grant_refs(xendev, 2 * nr_queues, errp);
    if (*errp) {
        return;
    }
    nd->nr_queues = nr_queues;
    for (i = 0; i < nr_queues; i++) {
        xen_netback_connect_queue(nd, &nd->queues[i], errp);
        if (*errp) {
            xen_netback_disconnect(nd);
            return;
        }
    }
    /* Requests may wait already, their notification gone with a migration. */
    for (i = 0; i < nr_queues; i++) {
        xen_netback_event(&nd->queues[i]);
    }
}

static void xen_netback_frontend_changed(XenDevice *xendev,
                                         enum xenbus_state frontend_state,
                                         Error **errp)
{
    ERRP_GUARD();
    XenNetDevice *nd = XEN_NET_DEVICE(xendev);

    switch (frontend_state) {
    case XenbusStateInitialised:
    case XenbusStateConnected:
        if (xen_device_backend_get_state(xendev) == XenbusStateConnected) {
            break;
        }
        xen_netback_disconnect(nd);
        xen_netback_connect(nd, errp);
        if (*errp) {
            break;
        }
        xen_device_backend_set_state(xendev, XenbusStateConnected);
        break;

    case XenbusStateClosing:
        xen_device_backend_set_state(xendev, XenbusStateClosing);
        break;

    case XenbusStateClosed:
    case XenbusStateUnknown:
        xen_netback_disconnect(nd);
        /* What the peer held back for the guest is lost now. */
        qemu_flush_queued_packets(qemu_get_queue(nd->nic));
        xen_device_backend_set_state(xendev, XenbusStateClosed);
        break;

    default:
        break;
    }
}

static bool xen_netback_handle_used(XenBus *bus, XenNetDevice *self,
                                    int32_t handle)
{
    BusChild *kid;

    QTAILQ_FOREACH(kid, &bus->qbus.children, sibling) {
        Object *obj = object_dynamic_cast(OBJECT(kid->child),
                                          TYPE_XEN_NET_DEVICE);

        if (obj && XEN_NET_DEVICE(obj) != self &&
            XEN_NET_DEVICE(obj)->handle == handle) {
            return true;
        }
    }
    return false;
}

static char *xen_netback_get_name(XenDevice *xendev, Error **errp)
{
    XenNetDevice *nd = XEN_NET_DEVICE(xendev);
    XenBus *bus = XEN_BUS(qdev_get_parent_bus(DEVICE(xendev)));

    if (nd->handle < 0) {
        int32_t handle = 0;

        while (xen_netback_handle_used(bus, nd, handle)) {
            handle++;
        }
        nd->handle = handle;   /* kept: a reset brings the same vif back */
    } else if (xen_netback_handle_used(bus, nd, nd->handle)) {
        error_setg(errp, "handle %d is taken by another xen-net-device",
                   nd->handle);
        return NULL;
    }
    return g_strdup_printf("%d", nd->handle);
}

static NetClientInfo xen_netback_info = {
    .type = NET_CLIENT_DRIVER_NIC,
    .size = sizeof(NICState),
    .can_receive = xen_netback_can_receive,
    .receive = xen_netback_receive,
};

static void xen_netback_realize(XenDevice *xendev, Error **errp)
{
    XenNetDevice *nd = XEN_NET_DEVICE(xendev);
    g_autofree char *mac = NULL;
    uint8_t *a = nd->conf.macaddr.a;
    unsigned int i;

    /* Once for the device: a reset of the guest realizes its vif again. */
    if (!nd->nic) {
        if (nd->max_queues > XEN_NETBACK_QUEUES_MAX) {
            error_setg(errp, "max-queues %u is more than %u", nd->max_queues,
                       XEN_NETBACK_QUEUES_MAX);
            return;
        }
        if (!nd->max_queues) {
            /* As netback offers one for each of its host's CPUs */
            nd->max_queues = MIN(MACHINE(qdev_get_machine())->smp.cpus,
                                 XEN_NETBACK_QUEUES_MAX);
        }
        nd->queues = g_new0(XenNetQueue, nd->max_queues);
        for (i = 0; i < nd->max_queues; i++) {
            nd->queues[i] = (XenNetQueue) { .nd = nd, .index = i };
        }
        qemu_macaddr_default_if_unset(&nd->conf.macaddr);
        nd->nic = qemu_new_nic(&xen_netback_info, &nd->conf,
                               object_get_typename(OBJECT(nd)),
                               DEVICE(nd)->id,
                               &DEVICE(nd)->mem_reentrancy_guard, nd);
        qemu_format_nic_info_str(qemu_get_queue(nd->nic), a);
        nd->tx_buf = g_malloc(XEN_NETIF_MAX_TX_SIZE); /* the largest packet */
        nd->tx_bh = qemu_bh_new_guarded(xen_netback_tx_bh, nd,
                                        &DEVICE(nd)->mem_reentrancy_guard);
        nd->vm_state = qemu_add_vm_change_state_handler(xen_netback_vm_state,
                                                        nd);
    } else {
        /* A reset: what the peer held back for the old guest is lost. */
        qemu_flush_queued_packets(qemu_get_queue(nd->nic));
    }

    /* What libxl writes for a vif, and what netback offers. */
    mac = g_strdup_printf("%02x:%02x:%02x:%02x:%02x:%02x",
                          a[0], a[1], a[2], a[3], a[4], a[5]);
    xen_device_frontend_printf(xendev, "handle", "%d", nd->handle);
    xen_device_frontend_printf(xendev, "mac", "%s", mac);
    xen_device_backend_printf(xendev, "handle", "%d", nd->handle);
    xen_device_backend_printf(xendev, "mac", "%s", mac);
    xen_device_backend_printf(xendev, "type", "vif");
    xen_device_backend_printf(xendev, "feature-rx-copy", "1");
    xen_device_backend_printf(xendev, "feature-rx-flip", "0");
    xen_device_backend_printf(xendev, "feature-sg", "1");
    xen_device_backend_printf(xendev, "feature-gso-tcpv4", "1");
    xen_device_backend_printf(xendev, "feature-gso-tcpv6", "1");
    xen_device_backend_printf(xendev, "feature-ipv6-csum-offload", "1");
    xen_device_backend_printf(xendev, "multi-queue-max-queues", "%u",
                              nd->max_queues);
    xen_device_backend_printf(xendev, "feature-split-event-channels", "1");
}

static void xen_netback_unrealize(XenDevice *xendev)
{
    XenNetDevice *nd = XEN_NET_DEVICE(xendev);

    if (nd->queues) {
        xen_netback_disconnect(nd);
    }
}

static void xen_netback_instance_init(Object *obj)
{
    XenNetDevice *nd = XEN_NET_DEVICE(obj);

    object_property_add_uint64_ptr(obj, "tx-packets", &nd->tx_packets,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(obj, "rx-packets", &nd->rx_packets,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(obj, "tx-errors", &nd->tx_errors,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(obj, "rx-dropped", &nd->rx_dropped,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(obj, "tx-gso-packets", &nd->tx_gso_packets,
                                   OBJ_PROP_FLAG_READ);
}

static void xen_netback_instance_finalize(Object *obj)
{
    XenNetDevice *nd = XEN_NET_DEVICE(obj);

    if (nd->vm_state) {
        qemu_del_vm_change_state_handler(nd->vm_state);
    }
    if (nd->nic) {
        /* What the peer still holds of ours would call back into nd */
        qemu_purge_queued_packets(qemu_get_queue(nd->nic));
        qemu_del_nic(nd->nic);
    }
    if (nd->tx_bh) {
        qemu_bh_delete(nd->tx_bh);
    }
    g_free(nd->tx_buf);
    g_free(nd->queues);
}

static Property xen_netback_props[] = {
    DEFINE_NIC_PROPERTIES(XenNetDevice, conf),
    DEFINE_PROP_INT32("handle", XenNetDevice, handle, -1),
    DEFINE_PROP_UINT32("max-queues", XenNetDevice, max_queues, 0),
    DEFINE_PROP_END_OF_LIST()
};

static void xen_netback_class_init(ObjectClass *class, void *data)
{
    DeviceClass *dev_class = DEVICE_CLASS(class);
    XenDeviceClass *xendev_class = XEN_DEVICE_CLASS(class);

    xendev_class->backend = "vif";
    xendev_class->device = "vif";
    xendev_class->get_name = xen_netback_get_name;
    xendev_class->realize = xen_netback_realize;
    xendev_class->frontend_changed = xen_netback_frontend_changed;
    xendev_class->unrealize = xen_netback_unrealize;

    dev_class->desc = "Xen PV network device (vif)";
    set_bit(DEVICE_CATEGORY_NETWORK, dev_class->categories);
    device_class_set_props(dev_class, xen_netback_props);
}

static const TypeInfo xen_netback_type_info = {
    .name = TYPE_XEN_NET_DEVICE,
    .parent = TYPE_XEN_DEVICE,
    .instance_size = sizeof(XenNetDevice),
    .instance_init = xen_netback_instance_init,
    .instance_finalize = xen_netback_instance_finalize,
    .class_init = xen_netback_class_init,
};

static void xen_netback_register_types(void)
{
    type_register_static(&xen_netback_type_info);
}

type_init(xen_netback_register_types)
