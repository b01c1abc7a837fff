/*
 * Xen's 2-level event channel ABI: the pending and mask bitmaps in shared
 * info and the selector in vcpu_info, as the guest sees them.
 *
 * Pure functions over memory the guest shares with us, so that they can be
 * unit-tested. Every update is atomic: the guest changes the same words
 * concurrently on other vCPUs.
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 */

#ifndef QEMU_XEN_EVTCHN_2L_H
#define QEMU_XEN_EVTCHN_2L_H

#include "qemu/atomic.h"
#include "hw/xen/xen-abi.h"

/* 64 ports a word for 64-bit guests, 32 for 32-bit ones. */
#define EVTCHN_2L_NR_PORTS_64   4096
#define EVTCHN_2L_NR_PORTS_32   1024

/* 32-bit guests: shared info and vcpu_info laid out with 32-bit words. */
#define COMPAT_SHINFO_EVTCHN_PENDING    2048
#define COMPAT_SHINFO_EVTCHN_MASK       (2048 + 32 * 4)
#define COMPAT_VCPU_INFO_PENDING_SEL    4

QEMU_BUILD_BUG_ON(offsetof(struct shared_info, evtchn_pending) != 2048);
QEMU_BUILD_BUG_ON(offsetof(struct shared_info, evtchn_mask) != 2048 + 512);
QEMU_BUILD_BUG_ON(offsetof(struct vcpu_info, evtchn_pending_sel) != 8);
QEMU_BUILD_BUG_ON(offsetof(struct vcpu_info, evtchn_upcall_pending) != 0);

static inline unsigned evtchn_2l_nr_ports(bool long_mode)
{
    return long_mode ? EVTCHN_2L_NR_PORTS_64 : EVTCHN_2L_NR_PORTS_32;
}

/*
 * Sets @port's selector bit in @vcpu_info and then its upcall flag.
 * Returns true when the flag was clear: the vCPU must be told.
 */
static inline bool evtchn_2l_mark_vcpu(void *vcpu_info, bool long_mode,
                                       unsigned port)
{
    uint8_t *upcall = (uint8_t *)vcpu_info +
                      offsetof(struct vcpu_info, evtchn_upcall_pending);

    if (long_mode) {
        uint64_t *sel = (uint64_t *)((char *)vcpu_info +
                                     offsetof(struct vcpu_info,
                                              evtchn_pending_sel));
        uint64_t bit = 1ULL << (port / 64);

        if (qatomic_fetch_or(sel, bit) & bit) {
            return false;
        }
    } else {
        uint32_t *sel = (uint32_t *)((char *)vcpu_info +
                                     COMPAT_VCPU_INFO_PENDING_SEL);
        uint32_t bit = 1U << (port / 32);

        if (qatomic_fetch_or(sel, bit) & bit) {
            return false;
        }
    }
    return qatomic_xchg(upcall, 1) == 0;
}

/* Every selector bit, then the upcall flag: the guest scans every port. */
static inline void evtchn_2l_mark_all(void *vcpu_info, bool long_mode)
{
    char *vi = vcpu_info;

    if (long_mode) {
        qatomic_or((uint64_t *)(vi + offsetof(struct vcpu_info,
                                              evtchn_pending_sel)), ~0ULL);
    } else {
        qatomic_or((uint32_t *)(vi + COMPAT_VCPU_INFO_PENDING_SEL), ~0U);
    }
    qatomic_set((uint8_t *)vi + offsetof(struct vcpu_info,
                                         evtchn_upcall_pending), 1);
}

/* Whether @port's bit is set in the pending (or with @mask, mask) bitmap. */
static inline bool evtchn_2l_test(void *shinfo, bool long_mode, unsigned port,
                                  bool mask)
{
    if (port >= evtchn_2l_nr_ports(long_mode)) {
        return false;       /* beyond this ABI's bitmaps: no such port */
    }
    if (long_mode) {
        uint64_t *w = (uint64_t *)((char *)shinfo + (mask ?
                                   offsetof(struct shared_info, evtchn_mask) :
                                   offsetof(struct shared_info,
                                            evtchn_pending)));
        return qatomic_read(&w[port / 64]) & (1ULL << (port % 64));
    } else {
        uint32_t *w = (uint32_t *)((char *)shinfo + (mask ?
                                   COMPAT_SHINFO_EVTCHN_MASK :
                                   COMPAT_SHINFO_EVTCHN_PENDING));
        return qatomic_read(&w[port / 32]) & (1U << (port % 32));
    }
}

/* Sets (or clears) @port's bit; returns whether it was set before. */
static inline bool evtchn_2l_change(void *shinfo, bool long_mode,
                                    unsigned port, bool mask, bool set)
{
    /*
     * A port the guest's ABI cannot address (left by a switch from the
     * 64-bit layout) is in no bitmap: reported set, so nothing follows.
     */
    if (port >= evtchn_2l_nr_ports(long_mode)) {
        return true;
    }
    if (long_mode) {
        uint64_t *w = (uint64_t *)((char *)shinfo + (mask ?
                                   offsetof(struct shared_info, evtchn_mask) :
                                   offsetof(struct shared_info,
                                            evtchn_pending)));
        uint64_t bit = 1ULL << (port % 64);

        return (set ? qatomic_fetch_or(&w[port / 64], bit) :
                      qatomic_fetch_and(&w[port / 64], ~bit)) & bit;
    } else {
        uint32_t *w = (uint32_t *)((char *)shinfo + (mask ?
                                   COMPAT_SHINFO_EVTCHN_MASK :
                                   COMPAT_SHINFO_EVTCHN_PENDING));
        uint32_t bit = 1U << (port % 32);

        return (set ? qatomic_fetch_or(&w[port / 32], bit) :
                      qatomic_fetch_and(&w[port / 32], ~bit)) & bit;
    }
}

/*
 * Xen's evtchn_2l_set_pending(): pending bit, then (unless masked) the
 * selector and the upcall flag. Returns true when the vCPU must be told.
 */
static inline bool evtchn_2l_set_pending(void *shinfo, void *vcpu_info,
                                         bool long_mode, unsigned port)
{
    if (evtchn_2l_change(shinfo, long_mode, port, false, true)) {
        return false;                   /* already pending */
    }
    if (evtchn_2l_test(shinfo, long_mode, port, true)) {
        return false;                   /* masked: seen when unmasked */
    }
    return evtchn_2l_mark_vcpu(vcpu_info, long_mode, port);
}

/*
 * Xen's evtchn_2l_unmask(): a port unmasked while pending is delivered now.
 * Returns true when the vCPU must be told.
 */
static inline bool evtchn_2l_unmask(void *shinfo, void *vcpu_info,
                                    bool long_mode, unsigned port)
{
    if (!evtchn_2l_change(shinfo, long_mode, port, true, false) ||
        !evtchn_2l_test(shinfo, long_mode, port, false)) {
        return false;
    }
    return evtchn_2l_mark_vcpu(vcpu_info, long_mode, port);
}

/*
 * SCHEDOP_poll's test, in Xen's do_poll() order: 1 (done) once @vcpu_info
 * (NULL: none mapped) has an upcall pending or one of @ports is pending,
 * masked or not; -EINVAL at the first port past this ABI's unless done
 * before it; 0 while the vCPU waits. (Xen waits on while the upcall cannot
 * be delivered, interrupts off: ending early only makes the guest poll
 * again.)
 */
static inline int evtchn_2l_poll_done(void *shinfo, void *vcpu_info,
                                      bool long_mode, const uint32_t *ports,
                                      unsigned nr)
{
    unsigned i;

    if (vcpu_info && qatomic_read((uint8_t *)vcpu_info +
                                  offsetof(struct vcpu_info,
                                           evtchn_upcall_pending))) {
        return 1;
    }
    for (i = 0; i < nr; i++) {
        if (ports[i] >= evtchn_2l_nr_ports(long_mode)) {
            return -EINVAL;
        }
        if (evtchn_2l_test(shinfo, long_mode, ports[i], false)) {
            return 1;
        }
    }
    return 0;
}

/*
 * How long a poll may wait, in ns, at Xen system time @now: its @timeout is
 * a system time, 0 for none (-1 here); one already past ends it at once.
 */
static inline int64_t evtchn_poll_wait_ns(uint64_t timeout, uint64_t now)
{
    if (!timeout) {
        return -1;
    }
    return timeout > now ? MIN(timeout - now, (uint64_t)INT64_MAX) : 0;
}

#endif /* QEMU_XEN_EVTCHN_2L_H */
