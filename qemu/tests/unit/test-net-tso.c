/*
 * net/tso.c: segments whose lengths, sequence numbers, flags and checksums
 * are those a sender's TCP would have made, and frames that lie about
 * their lengths refused.
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "net/checksum.h"
#include "net/eth.h"
#include "net/tso.h"

#define SEQ 0xfffff000u     /* wraps within the segments */
#define ID 0xfffe

typedef struct Segments {
    GByteArray *payload;    /* every segment's, in order */
    unsigned int n;
    size_t l3, hdr_len, mss;
    bool ipv6;
    uint8_t flags[64];
} Segments;

/* An Ethernet frame (@vlan-tagged) of a TCP segment of @payload bytes. */
static size_t make_frame(uint8_t *buf, bool ipv6, bool vlan, size_t payload,
                         uint8_t flags)
{
    size_t l3 = vlan ? 18 : 14, l4 = l3 + (ipv6 ? 40 : 20), i;

    memset(buf, 0, l4 + 20 + payload);
    memset(buf, 0xaa, 12);
    if (vlan) {
        stw_be_p(buf + 12, ETH_P_VLAN);
        stw_be_p(buf + 14, 42);
    }
    stw_be_p(buf + l3 - 2, ipv6 ? ETH_P_IPV6 : ETH_P_IP);
    if (ipv6) {
        buf[l3] = 0x60;
        stw_be_p(buf + l3 + 4, 20 + payload);
        buf[l3 + 6] = IP_PROTO_TCP;
        buf[l3 + 7] = 64;
        for (i = 0; i < 32; i++) {
            buf[l3 + 8 + i] = i * 7;
        }
    } else {
        buf[l3] = 0x45;
        stw_be_p(buf + l3 + 2, 20 + 20 + payload);
        stw_be_p(buf + l3 + 4, ID);
        stw_be_p(buf + l3 + 6, 0x4000);     /* DF */
        buf[l3 + 8] = 64;
        buf[l3 + 9] = IP_PROTO_TCP;
        stl_be_p(buf + l3 + 12, 0x0a000202);
        stl_be_p(buf + l3 + 16, 0x0a00020f);
    }
    stw_be_p(buf + l4, 80);
    stw_be_p(buf + l4 + 2, 40000);
    stl_be_p(buf + l4 + 4, SEQ);
    buf[l4 + 12] = 5 << 4;
    buf[l4 + 13] = flags;
    stw_be_p(buf + l4 + 16, 0x1234);    /* a partial sum, as a guest leaves */
    for (i = 0; i < payload; i++) {
        buf[l4 + 20 + i] = i * 13 + i / 256;
    }
    return l4 + 20 + payload;
}

/* Whether the TCP checksum of a segment holds, pseudo-header included. */
static bool tcp_checksum_ok(const uint8_t *seg, size_t len, size_t l3,
                            bool ipv6)
{
    size_t l4 = l3 + (ipv6 ? 40 : 20);
    uint32_t sum = net_checksum_add(len - l4, (uint8_t *)seg + l4);

    sum += ipv6 ? net_checksum_add(32, (uint8_t *)seg + l3 + 8) :
                  net_checksum_add(8, (uint8_t *)seg + l3 + 12);
    sum += IP_PROTO_TCP + len - l4;
    return net_checksum_finish(sum) == 0;
}

static void check_segment(void *opaque, const uint8_t *seg, size_t len)
{
    Segments *s = opaque;
    size_t l4 = s->l3 + (s->ipv6 ? 40 : 20);
    size_t n_bytes = len - s->hdr_len;

    g_assert_cmpuint(s->n, <, G_N_ELEMENTS(s->flags));
    g_assert_cmpuint(n_bytes, <=, s->mss);
    if (s->ipv6) {
        g_assert_cmpuint(lduw_be_p(seg + s->l3 + 4), ==, len - l4);
    } else {
        g_assert_cmpuint(lduw_be_p(seg + s->l3 + 2), ==, len - s->l3);
        g_assert_cmpuint(lduw_be_p(seg + s->l3 + 4), ==,
                         (uint16_t)(ID + s->n));
        g_assert_cmpuint(net_raw_checksum((uint8_t *)seg + s->l3, 20), ==, 0);
    }
    g_assert_cmpuint((uint32_t)ldl_be_p(seg + l4 + 4), ==,
                     (uint32_t)(SEQ + s->payload->len));
    g_assert_true(tcp_checksum_ok(seg, len, s->l3, s->ipv6));
    s->flags[s->n++] = seg[l4 + 13];
    g_byte_array_append(s->payload, seg + s->hdr_len, n_bytes);
}

static void check_segmentation(bool ipv6, bool vlan, size_t payload,
                               unsigned int mss, unsigned int nr_segs)
{
    g_autofree uint8_t *frame = g_malloc(70000);
    Segments s = {
        .payload = g_byte_array_new(), .l3 = vlan ? 18 : 14, .mss = mss,
        .ipv6 = ipv6,
    };
    size_t len = make_frame(frame, ipv6, vlan, payload, 0x80 | 0x18 | 0x01);
    unsigned int i;

    s.hdr_len = len - payload;
    g_assert_cmpint(net_tso_segment(frame, len, mss, ipv6, check_segment, &s),
                    ==, nr_segs);
    g_assert_cmpuint(s.n, ==, nr_segs);
    g_assert_cmpuint(s.payload->len, ==, payload);
    g_assert_cmpmem(s.payload->data, payload, frame + s.hdr_len, payload);
    for (i = 0; i < nr_segs; i++) {
        bool first = i == 0, last = i + 1 == nr_segs;

        /* ACK always; CWR on the first; PSH and FIN on the last */
        g_assert_cmphex(s.flags[i], ==, 0x10 | (first ? 0x80 : 0) |
                        (last ? 0x08 | 0x01 : 0));
    }
    g_byte_array_free(s.payload, true);
}

static void test_ipv4(void)
{
    check_segmentation(false, false, 3000, 1000, 3);
    check_segmentation(false, false, 2500, 1000, 3);
    check_segmentation(false, false, 1460, 1460, 1);
    check_segmentation(false, false, 65535 - 40, 1448, 46);
    check_segmentation(false, true, 4000, 1448, 3);
}

static void test_ipv6(void)
{
    check_segmentation(true, false, 3000, 1000, 3);
    check_segmentation(true, true, 5000, 1440, 4);
}

static void test_no_payload(void)
{
    check_segmentation(false, false, 0, 1000, 1);
}

static int emitted;

static void count(void *opaque, const uint8_t *seg, size_t len)
{
    emitted++;
}

static void assert_refused(const uint8_t *frame, size_t len, unsigned int mss,
                           bool ipv6)
{
    emitted = 0;
    g_assert_cmpint(net_tso_segment(frame, len, mss, ipv6, count, NULL), ==,
                    -EINVAL);
    g_assert_cmpint(emitted, ==, 0);
}

static void test_refused(void)
{
    uint8_t frame[4200];
    size_t len = make_frame(frame, false, false, 3000, 0x10);

    assert_refused(frame, len, 0, false);               /* no MSS */
    assert_refused(frame, len, 1000, true);             /* not IPv6 */
    assert_refused(frame, 10, 1000, false);             /* no Ethernet header */
    assert_refused(frame, 30, 1000, false);             /* no IP header */
    assert_refused(frame, len - 1, 1000, false);        /* IP length past it */
    frame[14] = 0x44;                                   /* IHL 4 */
    assert_refused(frame, len, 1000, false);
    frame[14] = 0x4f;                                   /* IHL 15: options */
    stw_be_p(frame + 16, 60 + 10);                      /* over TCP header */
    assert_refused(frame, len, 1000, false);
    stw_be_p(frame + 16, 20 + 20 + 3000);
    frame[14] = 0x45;
    stw_be_p(frame + 20, 0x2000);                       /* more fragments */
    assert_refused(frame, len, 1000, false);
    stw_be_p(frame + 20, 0);
    frame[23] = IP_PROTO_UDP;
    assert_refused(frame, len, 1000, false);
    frame[23] = IP_PROTO_TCP;
    stw_be_p(frame + 16, 20 + 10);                      /* TCP header cut */
    assert_refused(frame, len, 1000, false);
    stw_be_p(frame + 16, 20 + 20 + 3000);
    frame[34 + 12] = 15 << 4;                           /* data offset 60 */
    assert_refused(frame, 34 + 40, 1000, false);
    frame[34 + 12] = 4 << 4;                            /* data offset 16 */
    assert_refused(frame, len, 1000, false);
    frame[34 + 12] = 5 << 4;
    stw_be_p(frame + 12, 0x0806);                       /* ARP */
    assert_refused(frame, len, 1000, false);

    len = make_frame(frame, true, false, 100, 0x10);
    frame[14 + 6] = 0;                                  /* hop-by-hop options */
    assert_refused(frame, len, 1000, true);
    frame[14 + 6] = IP_PROTO_TCP;
    stw_be_p(frame + 18, 2000);                         /* payload past it */
    assert_refused(frame, len, 1000, true);
}

static void test_fill_checksum(void)
{
    uint8_t frame[2000];
    size_t len = make_frame(frame, true, true, 1000, 0x10);
    size_t l4;

    g_assert_true(net_tso_fill_checksum(frame, len));
    g_assert_true(tcp_checksum_ok(frame, len, 18, true));
    len = make_frame(frame, false, false, 1000, 0x10);
    g_assert_true(net_tso_fill_checksum(frame, len));
    g_assert_true(tcp_checksum_ok(frame, len, 14, false));

    /* UDP over IPv4: 8 bytes of header, its checksum at 6 */
    l4 = 34;
    frame[23] = IP_PROTO_UDP;
    stw_be_p(frame + l4 + 4, len - l4);
    g_assert_true(net_tso_fill_checksum(frame, len));
    g_assert_cmphex(lduw_be_p(frame + l4 + 6), !=, 0);
    stw_be_p(frame + 16, 20 + 4);                       /* UDP header cut */
    g_assert_false(net_tso_fill_checksum(frame, len));
    g_assert_false(net_tso_fill_checksum(frame, 20));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/net/tso/ipv4", test_ipv4);
    g_test_add_func("/net/tso/ipv6", test_ipv6);
    g_test_add_func("/net/tso/no-payload", test_no_payload);
    g_test_add_func("/net/tso/refused", test_refused);
    g_test_add_func("/net/tso/fill-checksum", test_fill_checksum);
    return g_test_run();
}
