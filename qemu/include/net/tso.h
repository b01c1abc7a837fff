/*
 * Checksum offload and TCP segmentation in software, for a device that
 * offers them to its guest whatever its peer takes.
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 */

#ifndef NET_TSO_H
#define NET_TSO_H

typedef void NetTsoEmit(void *opaque, const uint8_t *frame, size_t len);

/*
 * Fills in the TCP or UDP checksum of the Ethernet frame @frame of @len
 * bytes, over IPv4 or IPv6 (no extension headers); false if it is no such
 * frame, or its IP lengths run past @len.
 */
bool net_tso_fill_checksum(uint8_t *frame, size_t len);

/*
 * Cuts the Ethernet frame @frame of @len bytes, a TCP segment over IPv4 or
 * IPv6 (as @ipv6 says; no extension headers), into segments of at most
 * @mss bytes of its payload and hands them to @emit in order, each with
 * its lengths, IPv4 identification, sequence number, flags and checksums
 * as the sender's TCP would have made them. The checksums @frame holds
 * are ignored. Returns the number of segments, or -EINVAL if @frame is no
 * such segment or @mss is 0.
 */
int net_tso_segment(const uint8_t *frame, size_t len, unsigned int mss,
                    bool ipv6, NetTsoEmit *emit, void *opaque);

#endif
