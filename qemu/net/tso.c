/*
 * Checksum offload and TCP segmentation in software.
 *
 * Every length in the frame is checked against what the frame holds: a
 * frame that lies about them is refused, never read past.
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "net/checksum.h"
#include "net/eth.h"
#include "net/tso.h"

#define TCP_FLAG_FIN 0x01
#define TCP_FLAG_PSH 0x08
#define TCP_FLAG_CWR 0x80

/* Where a frame's headers are, and where its IP packet ends. */
typedef struct NetTsoFrame {
    size_t l3, l4, end;
    bool ipv6;
    uint8_t proto;
} NetTsoFrame;

static bool net_tso_parse(const uint8_t *frame, size_t len, NetTsoFrame *f)
{
    uint16_t type;
    size_t ip_len;

    if (len < ETH_HLEN) {
        return false;
    }
    f->l3 = ETH_HLEN;
    type = lduw_be_p(frame + 12);
    if (type == ETH_P_VLAN) {
        if (len < ETH_HLEN + 4) {
            return false;
        }
        f->l3 += 4;
        type = lduw_be_p(frame + 16);
    }
    if (type == ETH_P_IP) {
        const uint8_t *ip = frame + f->l3;

        if (len < f->l3 + 20 || ip[0] >> 4 != 4 || (ip[0] & 0xf) < 5 ||
            (lduw_be_p(ip + 6) & (IP_OFFMASK | IP_MF))) {
            return false;   /* a fragment has no whole TCP or UDP header */
        }
        f->ipv6 = false;
        f->proto = ip[9];
        f->l4 = f->l3 + (ip[0] & 0xf) * 4;
        ip_len = lduw_be_p(ip + 2);
    } else if (type == ETH_P_IPV6) {
        const uint8_t *ip = frame + f->l3;

        if (len < f->l3 + 40 || ip[0] >> 4 != 6) {
            return false;
        }
        f->ipv6 = true;
        f->proto = ip[6];
        f->l4 = f->l3 + 40;
        ip_len = 40 + lduw_be_p(ip + 4);
    } else {
        return false;
    }
    f->end = f->l3 + ip_len;
    return f->l4 <= f->end && f->end <= len;
}

/* The TCP or UDP checksum of the segment at @frame + @f->l4, @f->end long. */
static void net_tso_checksum(uint8_t *frame, const NetTsoFrame *f,
                             size_t sum_offset)
{
    uint8_t *l4 = frame + f->l4;
    size_t l4_len = f->end - f->l4;
    uint32_t sum;
    uint16_t csum;

    stw_he_p(l4 + sum_offset, 0);
    sum = net_checksum_add(l4_len, l4);
    /* The pseudo-header: the addresses, the protocol and the length. */
    if (f->ipv6) {
        sum += net_checksum_add(32, frame + f->l3 + 8);
    } else {
        sum += net_checksum_add(8, frame + f->l3 + 12);
    }
    sum += f->proto + l4_len;
    csum = net_checksum_finish(sum);
    if (f->proto == IP_PROTO_UDP && !csum) {
        csum = 0xffff;  /* 0 says "no checksum" in UDP */
    }
    stw_be_p(l4 + sum_offset, csum);
}

bool net_tso_fill_checksum(uint8_t *frame, size_t len)
{
    NetTsoFrame f;

    if (!net_tso_parse(frame, len, &f)) {
        return false;
    }
    if (f.proto == IP_PROTO_TCP && f.end - f.l4 >= 20) {
        net_tso_checksum(frame, &f, 16);
    } else if (f.proto == IP_PROTO_UDP && f.end - f.l4 >= 8) {
        net_tso_checksum(frame, &f, 6);
    } else {
        return false;
    }
    return true;
}

int net_tso_segment(const uint8_t *frame, size_t len, unsigned int mss,
                    bool ipv6, NetTsoEmit *emit, void *opaque)
{
    g_autofree uint8_t *seg = NULL;
    NetTsoFrame f;
    size_t hdr_len, payload, off = 0;
    uint32_t seq;
    uint16_t id;
    uint8_t flags;
    int n = 0;

    if (!mss || !net_tso_parse(frame, len, &f) || f.ipv6 != ipv6 ||
        f.proto != IP_PROTO_TCP || f.end - f.l4 < 20 ||
        f.l4 + (frame[f.l4 + 12] >> 4) * 4 > f.end ||
        (frame[f.l4 + 12] >> 4) < 5) {
        return -EINVAL;
    }
    hdr_len = f.l4 + (frame[f.l4 + 12] >> 4) * 4;
    payload = f.end - hdr_len;
    seq = ldl_be_p(frame + f.l4 + 4);
    id = ipv6 ? 0 : lduw_be_p(frame + f.l3 + 4);
    flags = frame[f.l4 + 13];
    seg = g_malloc(hdr_len + MIN(payload, mss));

    do {
        size_t n_bytes = MIN(payload - off, mss);
        bool last = off + n_bytes == payload;
        NetTsoFrame sf = f;
        uint8_t *ip = seg + f.l3, *tcp = seg + f.l4;

        memcpy(seg, frame, hdr_len);
        memcpy(seg + hdr_len, frame + hdr_len + off, n_bytes);
        sf.end = hdr_len + n_bytes;
        if (ipv6) {
            stw_be_p(ip + 4, sf.end - f.l4);
        } else {
            stw_be_p(ip + 2, sf.end - f.l3);
            stw_be_p(ip + 4, id + n);
            stw_he_p(ip + 10, 0);
            stw_be_p(ip + 10, net_raw_checksum(ip, f.l4 - f.l3));
        }
        stl_be_p(tcp + 4, seq + off);
        /* FIN and PSH end the data, CWR is said once */
        tcp[13] = flags & ~(last ? 0 : TCP_FLAG_FIN | TCP_FLAG_PSH) &
                  ~(n ? TCP_FLAG_CWR : 0);
        net_tso_checksum(seg, &sf, 16);
        emit(opaque, seg, sf.end);
        off += n_bytes;
        n++;
    } while (off < payload);
    return n;
}
