/*
 * Xen HVM guest support under KVM: the guest's PIRQs, emulated interrupts
 * that an HVM guest routes to event channels, as Xen keeps them for an HVM
 * domain (physdev_hvm_map_pirq and get_free_pirq in xen/arch/x86/physdev.c
 * and irq.c, send_guest_pirq's callers in xen/arch/x86/hvm/irq.c). Pure
 * logic on a table, so that it can be tested alone
 * (tests/unit/test-xen-pirq.c); binding ports and raising them is the event
 * channel device's business (xen_evtchn.c).
 *
 * Every PIRQ number comes from the guest: each is checked against the
 * table's size before it is used as an index.
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 */

#ifndef QEMU_XEN_PIRQ_H
#define QEMU_XEN_PIRQ_H

#include "hw/xen/xen-abi.h"

/* The GSIs an HVM guest may map: the pins of Xen's emulated IOAPIC. */
#define XEN_PIRQ_NR_GSI         48
/*
 * Xen's nr_irqs_gsi: PIRQs below it are GSIs' own, get_free_pirq hands
 * out those from 16 for GSIs only; the others come from the top down.
 * QEMU's IOAPIC has 24 pins.
 */
#define XEN_PIRQ_NR_IRQS_GSI    24
#define XEN_PIRQ_FIRST_FREE_GSI 16

/* What a PIRQ may be mapped to besides a GSI: Xen's emuirq values. */
#define XEN_PIRQ_UNMAPPED       (-1)    /* IRQ_UNBOUND */
#define XEN_PIRQ_MSI            (-3)    /* IRQ_MSI_EMU: named by MSIs */

/*
 * A PCI device's MSI whose vector is 0 names a PIRQ (Linux's
 * xen_msi_compose_msg): bits 8-31 in the address's high half, 0-7 in the
 * APIC destination ID's bits (19-12).
 */
#define XEN_PIRQ_OF_MSI(addr)   ((((addr) >> 32) & 0xffffff00) | \
                                 (((addr) >> 12) & 0xff))

typedef struct XenPirq {
    /* the GSI mapped to it, XEN_PIRQ_MSI or XEN_PIRQ_UNMAPPED */
    int16_t gsi;
    uint16_t port;      /* the event channel bound to it; 0: none */
    /* Handed out by get_free_pirq: never free again, as in Xen. */
    bool allocated;
} XenPirq;

typedef struct XenPirqs {
    uint32_t nr;                        /* the guest's PIRQs: 0 to nr - 1 */
    XenPirq *pirq;                      /* [nr] */
    int32_t gsi_pirq[XEN_PIRQ_NR_GSI];  /* each GSI's PIRQ, or -1 */
    uint64_t gsi_level;                 /* mapped GSIs whose line is high */
} XenPirqs;

static inline void xen_pirq_reset(XenPirqs *t)
{
    uint32_t i;

    for (i = 0; i < t->nr; i++) {
        t->pirq[i] = (XenPirq) { .gsi = XEN_PIRQ_UNMAPPED };
    }
    for (i = 0; i < XEN_PIRQ_NR_GSI; i++) {
        t->gsi_pirq[i] = -1;
    }
    t->gsi_level = 0;
}

static inline bool xen_pirq_valid(const XenPirqs *t, int64_t pirq)
{
    return pirq >= 0 && pirq < t->nr;
}

/* Whether Xen would have a struct pirq for it (an EOI of none: -EINVAL) */
static inline bool xen_pirq_exists(const XenPirqs *t, int64_t pirq)
{
    return xen_pirq_valid(t, pirq) &&
           (t->pirq[pirq].allocated || t->pirq[pirq].port ||
            t->pirq[pirq].gsi != XEN_PIRQ_UNMAPPED);
}

/* Mapped to a GSI (not unmapped, not an MSI's) */
static inline bool xen_pirq_has_gsi(const XenPirqs *t, uint32_t pirq)
{
    return t->pirq[pirq].gsi >= 0;
}

static inline bool xen_pirq_free(const XenPirqs *t, uint32_t pirq)
{
    return !t->pirq[pirq].allocated && t->pirq[pirq].gsi == XEN_PIRQ_UNMAPPED;
}

/*
 * A free PIRQ for @type, as Xen's get_free_pirq: for a GSI the lowest from
 * 16 below XEN_PIRQ_NR_IRQS_GSI, else (and for any other type, which Xen
 * does not check) the highest above; -ENOSPC if none.
 */
static inline int xen_pirq_find_free(const XenPirqs *t, int type)
{
    uint32_t i;

    if (type == MAP_PIRQ_TYPE_GSI) {
        for (i = XEN_PIRQ_FIRST_FREE_GSI;
             i < XEN_PIRQ_NR_IRQS_GSI && i < t->nr; i++) {
            if (xen_pirq_free(t, i)) {
                return i;
            }
        }
    }
    for (i = t->nr; i-- > XEN_PIRQ_NR_IRQS_GSI;) {
        if (xen_pirq_free(t, i)) {
            return i;
        }
    }
    return -ENOSPC;
}

/* PHYSDEVOP_get_free_pirq: the PIRQ found is the guest's for good. */
static inline int xen_pirq_get_free(XenPirqs *t, int type, uint32_t *pirq)
{
    int p = xen_pirq_find_free(t, type);

    if (p < 0) {
        return p;
    }
    t->pirq[p].allocated = true;
    *pirq = p;
    return 0;
}

/*
 * PHYSDEVOP_map_pirq of a GSI for the domain itself: @pirq in, the PIRQ
 * used out (with a negative one, a free one; if none, -ENOSPC out and
 * -EINVAL returned, as Xen does). A PIRQ or GSI mapped already to another
 * is left as it is and the call succeeds: Xen's "already mapped" quirk.
 */
static inline int xen_pirq_map_gsi(XenPirqs *t, int index, int *pirq)
{
    int gsi = index;

    if (gsi < 0 || gsi >= XEN_PIRQ_NR_GSI) {
        return -EINVAL;
    }
    if (*pirq < 0) {
        *pirq = xen_pirq_find_free(t, MAP_PIRQ_TYPE_GSI);
    }
    if (!xen_pirq_valid(t, *pirq)) {
        return -EINVAL;
    }
    if (t->pirq[*pirq].gsi != XEN_PIRQ_UNMAPPED || t->gsi_pirq[gsi] >= 0) {
        return 0;
    }
    t->pirq[*pirq].gsi = gsi;
    t->gsi_pirq[gsi] = *pirq;
    t->gsi_level &= ~(1ULL << gsi);
    return 0;
}

/*
 * PHYSDEVOP_unmap_pirq for the domain itself: the GSI goes back to its
 * IOAPIC (an MSI's PIRQ is mapped again by its next MSI); the port stays
 * bound. Any PIRQ, mapped or not: 0.
 */
static inline int xen_pirq_unmap(XenPirqs *t, int pirq)
{
    int gsi;

    if (!xen_pirq_valid(t, pirq)) {
        return 0;
    }
    gsi = t->pirq[pirq].gsi;
    t->pirq[pirq].gsi = XEN_PIRQ_UNMAPPED;
    if (gsi < 0) {
        return 0;
    }
    t->gsi_pirq[gsi] = -1;
    t->gsi_level &= ~(1ULL << gsi);
    return 0;
}

/*
 * A soft reset (Xen's domain_soft_reset): every PIRQ unmapped, those
 * handed out stay so. Returns the GSIs that were mapped, for the I/O APIC
 * to have again.
 */
static inline uint64_t xen_pirq_unmap_all(XenPirqs *t)
{
    uint64_t mapped = 0;
    uint32_t i;

    for (i = 0; i < t->nr; i++) {
        if (xen_pirq_has_gsi(t, i)) {
            mapped |= 1ULL << t->pirq[i].gsi;
        }
        xen_pirq_unmap(t, i);
    }
    return mapped;
}

/* PHYSDEVOP_irq_status_query: mapped PIRQs only; each needs its EOI. */
static inline int xen_pirq_status_query(const XenPirqs *t, uint32_t pirq,
                                        uint32_t *flags)
{
    if (!xen_pirq_valid(t, pirq) || t->pirq[pirq].gsi == XEN_PIRQ_UNMAPPED) {
        return -EINVAL;
    }
    *flags = XENIRQSTAT_needs_eoi;
    return 0;
}

/*
 * PHYSDEVOP_eoi: 1 if the PIRQ's GSI is to be raised again, its line being
 * still high; else 0 or -EINVAL. Xen does so from GSI 16 only, where its
 * PCI interrupts are; QEMU's PC routes them to GSIs 5, 9, 10 and 11, which
 * devices may share: the event of a device raising a line another holds
 * already would be lost. QEMU's other lines are high only while their
 * device wants service, so each is raised again whatever its number.
 */
static inline int xen_pirq_eoi(const XenPirqs *t, uint32_t pirq)
{
    int gsi;

    if (!xen_pirq_exists(t, pirq)) {
        return -EINVAL;
    }
    gsi = t->pirq[pirq].gsi;
    return gsi >= 0 && (t->gsi_level & (1ULL << gsi));
}

/*
 * An MSI naming @pirq (Xen's hvm_inject_msi): the first maps it for MSIs.
 * 0: its port is to be raised; else it is dropped: -ERANGE for PIRQ 0,
 * -EINVAL past the bound or for a GSI's PIRQ.
 */
static inline int xen_pirq_msi(XenPirqs *t, int64_t pirq)
{
    if (pirq <= 0) {
        return -ERANGE;
    }
    if (!xen_pirq_valid(t, pirq)) {
        return -EINVAL;
    }
    if (t->pirq[pirq].gsi == XEN_PIRQ_UNMAPPED) {
        t->pirq[pirq].gsi = XEN_PIRQ_MSI;
    }
    return t->pirq[pirq].gsi == XEN_PIRQ_MSI ? 0 : -EINVAL;
}

/* EVTCHNOP_bind_pirq's checks: -EINVAL out of range, -EEXIST if bound. */
static inline int xen_pirq_bind_check(const XenPirqs *t, uint32_t pirq)
{
    if (!xen_pirq_valid(t, pirq)) {
        return -EINVAL;
    }
    return t->pirq[pirq].port ? -EEXIST : 0;
}

/*
 * A GSI's line moved to @level. -1: no PIRQ has it, the IOAPIC takes it;
 * else the PIRQ has it and the IOAPIC does not, and @raise says whether its
 * port is to be raised: on each rise, as Xen sends an event per assertion.
 */
static inline int xen_pirq_gsi(XenPirqs *t, unsigned gsi, bool level,
                               bool *raise)
{
    uint64_t bit = 1ULL << gsi;

    if (gsi >= XEN_PIRQ_NR_GSI || t->gsi_pirq[gsi] < 0) {
        return -1;
    }
    *raise = level && !(t->gsi_level & bit);
    t->gsi_level = level ? t->gsi_level | bit : t->gsi_level & ~bit;
    return t->gsi_pirq[gsi];
}

/*
 * The port an MSI naming @pirq would raise, the table left as it is (for
 * a route the kernel follows): 0 if it would be dropped.
 */
static inline uint32_t xen_pirq_msi_port(const XenPirqs *t, int64_t pirq)
{
    if (pirq <= 0 || !xen_pirq_valid(t, pirq) || xen_pirq_has_gsi(t, pirq)) {
        return 0;
    }
    return t->pirq[pirq].port;
}

/*
 * After a migration: whether what came in is a table this one could have
 * made (each mapping both ways, ports in range); the device checks ports.
 */
static inline bool xen_pirq_consistent(const XenPirqs *t)
{
    uint32_t i;
    int n = 0;

    if (t->gsi_level >> XEN_PIRQ_NR_GSI) {
        return false;
    }
    for (i = 0; i < t->nr; i++) {
        int gsi = t->pirq[i].gsi;

        if (gsi == XEN_PIRQ_UNMAPPED || (gsi == XEN_PIRQ_MSI && i)) {
            continue;
        }
        if (gsi < 0 || gsi >= XEN_PIRQ_NR_GSI || t->gsi_pirq[gsi] != i) {
            return false;
        }
        n++;
    }
    for (i = 0; i < XEN_PIRQ_NR_GSI; i++) {
        n -= t->gsi_pirq[i] >= 0;
    }
    return n == 0;
}

#endif
