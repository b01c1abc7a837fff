/*
 * Runs inside an L2 guest (static, in L2's /bin by tests/lab/run): a hostile Xen network
 * frontend. Without Linux's netfront loaded, it connects to QEMU's xen-net-device vif 0
 * itself, on pages it grants and a port it binds (xenfront.h), and sends what a
 * well-behaved frontend never would:
 *   net-probe hostile   "XK-NETIF <test> status <S>..." for each TX test (a status per
 *                       response: 0 okay, -1 error, 1 null, "none": no answer); the good
 *                       packet is an ARP request for QEMU's user network gateway (10.0.2.2),
 *                       whose reply shows on the RX ring ("XK-NETIF <test> rx <status>
 *                       arp-reply|other|none"); a good GSO packet, a TCP segment for
 *                       the gateway, is cut and each piece's checksums filled in, or
 *                       the gateway would not reset it ("rx <len> other"). Tests that break the ring (an extra info
 *                       slot of no known type, a packet of 22 slots, a producer far ahead)
 *                       must halt it, not be chased: each connects afresh after. Asking
 *                       for more queues than offered, for none, or for two with the
 *                       second's nodes missing does not connect ("XK-NETIF queues-99
 *                       <backend state>"); split event channels (-tx and -rx) do.
 */
#define XF_TAG "XK-NETIF"
#include "xenfront.h"

/* Xen's io/netif.h and io/ring.h, one page per ring: 256 entries each. */
struct txreq { uint32_t gref; uint16_t offset, flags, id, size; };
struct txrsp { uint16_t id; int16_t status; };
struct extra { uint8_t type, flags; uint16_t pad[5]; };
struct rxreq { uint16_t id, pad; uint32_t gref; };
struct rxrsp { uint16_t id, offset, flags; int16_t status; };
struct tx_sring {
    volatile uint32_t req_prod, req_event, rsp_prod, rsp_event;
    uint8_t pad[48];
    union { struct txreq req; struct txrsp rsp; struct extra ext; } ring[256];
};
struct rx_sring {
    volatile uint32_t req_prod, req_event, rsp_prod, rsp_event;
    uint8_t pad[48];
    union { struct rxreq req; struct rxrsp rsp; } ring[256];
};
#define TXF_MORE 4
#define TXF_EXTRA 8
#define EXTRA_GSO 1
#define GSO_TCPV4 1     /* in extra.pad[1]: gso.type, then a pad byte */

static struct tx_sring *tx;
static struct rx_sring *rx;
static uint8_t *data, *rxpage;
static uint32_t gref_tx, gref_rx, gref_data, gref_ro, gref_rxpage;
static uint32_t tx_prod, tx_cons, rx_prod, rx_cons;
static char path[64], be[128];
static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

/* An ARP request for 10.0.2.2 from 10.0.2.15, at @p. */
static uint16_t arp(uint8_t *p)
{
    static const uint8_t body[] = { 0x08, 0x06, 0, 1, 0x08, 0, 6, 4, 0, 1 };

    memset(p, 0, 60);
    memset(p, 0xff, 6);
    memcpy(p + 6, mac, 6);
    memcpy(p + 12, body, sizeof(body));
    memcpy(p + 22, mac, 6);
    memcpy(p + 28, (uint8_t[]) { 10, 0, 2, 15 }, 4);
    memcpy(p + 38, (uint8_t[]) { 10, 0, 2, 2 }, 4);
    return 60;
}

/*
 * A TCP segment (ACK, PSH) of @payload bytes from 10.0.2.15:40000 to the
 * gateway's port 80, at @p, its checksums left for the backend to fill in.
 */
static uint16_t tcp_segment(uint8_t *p, uint16_t payload)
{
    static const uint8_t gw[6] = { 0x52, 0x55, 0x0a, 0x00, 0x02, 0x02 };
    uint8_t *ip = p + 14, *tcp = ip + 20;

    memset(p, 0, 54 + payload);
    memcpy(p, gw, 6);
    memcpy(p + 6, mac, 6);
    p[12] = 0x08;
    ip[0] = 0x45;
    ip[2] = (40 + payload) >> 8;
    ip[3] = (40 + payload) & 0xff;
    ip[6] = 0x40;
    ip[8] = 64;
    ip[9] = 6;
    memcpy(ip + 12, (uint8_t[]) { 10, 0, 2, 15, 10, 0, 2, 2 }, 8);
    tcp[0] = 40000 >> 8;
    tcp[1] = 40000 & 0xff;
    tcp[3] = 80;
    tcp[7] = 1;
    tcp[11] = 1;
    tcp[12] = 5 << 4;
    tcp[13] = 0x18;
    tcp[14] = 0xff;
    memset(tcp + 20, 'x', payload);
    return 54 + payload;
}

static void post_rx(uint32_t gref)
{
    rx->ring[rx_prod % 256].req = (struct rxreq) { .id = rx_prod % 256, .gref = gref };
    __sync_synchronize();
    rx->req_prod = ++rx_prod;
}

/*
 * Connects afresh: a zeroed ring pair, Closed, then Initialised again, with
 * multi-queue-num-queues @queues (NULL: none) and its nodes in queue-0/ if
 * @in_queue0, an event channel for TX and one for RX (the same port) if @split.
 */
static const char *connect_as(const char *queues, int in_queue0, int split)
{
    char val[64], dir[96];

    xf_sh("xenstore-write %s/state %s", path, "6");
    usleep(300000);
    memset(tx, 0, 4096);
    memset(rx, 0, 4096);
    tx->req_event = rx->req_event = tx->rsp_event = rx->rsp_event = 1;
    tx_prod = tx_cons = rx_prod = rx_cons = 0;
    xf_set_queues(path, queues, (const char *const[]) { "queue-0", "event-channel",
                                                         "event-channel-tx",
                                                         "event-channel-rx", NULL });
    snprintf(dir, sizeof(dir), in_queue0 ? "%s/queue-0" : "%s", path);
    snprintf(val, sizeof(val), "%u", gref_tx);
    xf_sh("xenstore-write %s/tx-ring-ref %s", dir, val);
    snprintf(val, sizeof(val), "%u", gref_rx);
    xf_sh("xenstore-write %s/rx-ring-ref %s", dir, val);
    snprintf(val, sizeof(val), "%d", xf_port);
    xf_sh(split ? "xenstore-write %s/event-channel-tx %s" : "xenstore-write %s/event-channel %s",
          dir, val);
    if (split) {
        xf_sh("xenstore-write %s/event-channel-rx %s", dir, val);
    }
    xf_sh("xenstore-write %s/request-rx-copy %s", path, "1");
    return xf_connect(path, be);
}

static const char *connect(void)
{
    return connect_as(NULL, 0, 0);
}

/*
 * Sends the @n slots of @r as one packet, waits up to 2 s for @n answers and prints
 * their statuses; with @rx_check, what the RX ring got within 2 s more.
 */
static void send(const char *name, const struct txreq *r, int n, int rx_check)
{
    char out[256];
    int i, len, w;

    for (i = 0; i < n; i++) {
        tx->ring[(tx_prod + i) % 256].req = r[i];
    }
    __sync_synchronize();
    tx_prod += n;
    tx->req_prod = tx_prod;
    __sync_synchronize();
    xf_notify();
    len = snprintf(out, sizeof(out), "XK-NETIF %s status", name);
    for (w = 0; w < 200 && tx->rsp_prod - tx_cons < (uint32_t)n; w++) {
        usleep(10000);
    }
    __sync_synchronize();
    if (tx->rsp_prod == tx_cons) {
        len += snprintf(out + len, sizeof(out) - len, " none");
    }
    while (tx->rsp_prod != tx_cons && len < 200) {
        len += snprintf(out + len, sizeof(out) - len, " %d",
                        tx->ring[tx_cons++ % 256].rsp.status);
    }
    if (rx_check) {
        for (w = 0; w < 200 && rx->rsp_prod == rx_cons; w++) {
            usleep(10000);
        }
        __sync_synchronize();
        if (rx->rsp_prod == rx_cons) {
            len += snprintf(out + len, sizeof(out) - len, " rx none");
        } else {
            struct rxrsp p = rx->ring[rx_cons++ % 256].rsp;
            const uint8_t *f = rxpage + p.offset;
            int is_arp = p.status >= 42 && f[12] == 0x08 && f[13] == 0x06 && f[21] == 2;

            len += snprintf(out + len, sizeof(out) - len, " rx %d %s", p.status,
                            p.status < 0 ? "error" : is_arp ? "arp-reply" : "other");
        }
    }
    printf("%s\n", out);
}

static void good(const char *name)
{
    struct txreq r = { .gref = gref_data, .offset = 0, .id = 1, .size = arp(data) };

    post_rx(gref_rxpage);
    send(name, &r, 1, 1);
}

/* A packet of @n slots, one ARP request in the first, the others empty. */
static void slots(const char *name, struct txreq *r, int n)
{
    int i;

    for (i = 0; i < n; i++) {
        r[i] = (struct txreq) { .gref = gref_data, .flags = i < n - 1 ? TXF_MORE : 0,
                                .id = 20 + i, .size = i ? 0 : arp(data) };
    }
    send(name, r, n, 0);
}

static int hostile(void)
{
    struct txreq r[22];
    struct extra *e;
    void *ro;
    int i;

    gref_tx = xf_grant(GNTALLOC_FLAG_WRITABLE, (void **)&tx);
    gref_rx = xf_grant(GNTALLOC_FLAG_WRITABLE, (void **)&rx);
    gref_data = xf_grant(GNTALLOC_FLAG_WRITABLE, (void **)&data);
    gref_rxpage = xf_grant(GNTALLOC_FLAG_WRITABLE, (void **)&rxpage);
    gref_ro = xf_grant(0, &ro);
    xf_bind();
    snprintf(path, sizeof(path), "device/vif/0");
    snprintf(be, sizeof(be), "%s", xf_sh("xenstore-read %s/%s", path, "backend"));
    printf("XK-NETIF backend %s state %s\n", be, xf_sh("xenstore-read %s/%s", be, "state"));
    printf("XK-NETIF connected %s\n", connect());

    good("good");
    memcpy(ro, data, 60);   /* the guest may write its read-only grant; QEMU reads it */
    post_rx(gref_rxpage);
    send("readonly-grant", &(struct txreq) { .gref = gref_ro, .id = 2, .size = 60 }, 1, 1);
    send("bad-gref", &(struct txreq) { .gref = 0x7fffffff, .id = 3, .size = 60 }, 1, 0);
    send("unallocated-gref", &(struct txreq) { .gref = gref_ro + 500, .id = 4, .size = 60 },
         1, 0);
    send("short", &(struct txreq) { .gref = gref_data, .id = 5, .size = 10 }, 1, 0);
    send("crosses-page", &(struct txreq) { .gref = gref_data, .offset = 4000, .id = 6,
                                           .size = 200 }, 1, 0);
    r[0] = (struct txreq) { .gref = gref_data, .flags = TXF_MORE, .id = 7, .size = 60 };
    r[1] = (struct txreq) { .gref = gref_data, .offset = 100, .id = 8, .size = 100 };
    send("fragment-past-packet", r, 2, 0);
    /* GSO: an MSS of 0, an unknown type, a packet that is no TCP segment */
    r[0] = (struct txreq) { .gref = gref_data, .flags = TXF_EXTRA, .id = 9, .size = 60 };
    e = (struct extra *)&r[1];
    memset(e, 0, sizeof(r[1]));
    e->type = EXTRA_GSO;
    e->pad[1] = GSO_TCPV4;
    send("gso-mss-0", r, 2, 0);
    e->pad[0] = 1000;
    e->pad[1] = 3;
    send("gso-bad-type", r, 2, 0);
    e->pad[1] = GSO_TCPV4;
    arp(data);
    send("gso-not-tcp", r, 2, 0);
    /* The RX side: a page it cannot write, then one it can. */
    post_rx(0x7fffffff);
    send("rx-bad-gref", &(struct txreq) { .gref = gref_data, .id = 10, .size = arp(data) },
         1, 1);
    good("good-after-drops");

    /* What halts the ring until the frontend connects again: no answer, none after. */
    e->type = 9;
    send("extra-of-no-type", r, 2, 0);
    good("good-on-halted-ring");
    printf("XK-NETIF reconnected %s\n", connect());
    good("good-reconnected");
    /* Netfront sends 18 slots at most: 19 to 21 are dropped, more break the ring. */
    slots("nineteen-slots", r, 19);
    slots("twenty-one-slots", r, 21);
    good("good-after-slots");
    slots("twenty-two-slots", r, 22);
    printf("XK-NETIF reconnected %s\n", connect());
    good("good-reconnected");
    tx->req_prod = tx_prod + 1000;
    rx->req_prod = rx_prod + 1000;
    xf_notify();
    sleep(2);
    printf("XK-NETIF overflow answers %u %u\n", tx->rsp_prod - tx_cons, rx->rsp_prod - rx_cons);
    printf("XK-NETIF reconnected %s\n", connect());
    good("good-reconnected");

    /* Queues: more than offered, none, one short of its nodes; split channels. */
    printf("XK-NETIF queues-99 %s\n", connect_as("99", 1, 0));
    printf("XK-NETIF queues-0 %s\n", connect_as("0", 1, 0));
    printf("XK-NETIF queues-2-one-missing %s\n", connect_as("2", 1, 0));
    printf("XK-NETIF split-channels %s\n", connect_as("1", 0, 1));
    good("good-split");

    /*
     * A good GSO packet: 3000 bytes to the gateway's port 80 on no
     * connection, cut in 3; the gateway checks each segment's checksums,
     * then resets it. The reconnection after drops the other resets.
     */
    r[0] = (struct txreq) { .gref = gref_data, .flags = TXF_EXTRA, .id = 9,
                            .size = tcp_segment(data, 3000) };
    memset(e, 0, sizeof(r[1]));
    e->type = EXTRA_GSO;
    e->pad[0] = 1000;
    e->pad[1] = GSO_TCPV4;
    for (i = 0; i < 4; i++) {
        post_rx(gref_rxpage);
    }
    send("gso-tcp", r, 2, 1);
    printf("XK-NETIF reconnected %s\n", connect());
    good("good-reconnected");
    return 0;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc >= 2 && !strcmp(argv[1], "hostile")) {
        return hostile();
    }
    fprintf(stderr, "usage: net-probe hostile\n");
    return 2;
}
