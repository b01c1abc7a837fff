/*
 * Xen HVM guest support under KVM: a backend's use of a version 1 grant
 * entry, as Xen's _set_status_v1() and reduce_status_for_pin() in
 * xen/common/grant_table.c.
 *
 * Pure functions over the guest's entry, so that they can be unit-tested.
 * The guest rewrites its entries at any time, on any vCPU: flags and domid
 * are read as one 32-bit word and only ever changed atomically.
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 */

#ifndef QEMU_XEN_GNTTAB_ENTRY_H
#define QEMU_XEN_GNTTAB_ENTRY_H

#include "qemu/atomic.h"
#include "hw/xen/xen-abi.h"

/* Flags and domid as one word, as Xen's union grant_combo. */
typedef union XenGntCombo {
    uint32_t raw;
    struct {
        uint16_t flags;
        domid_t domid;
    };
} XenGntCombo;

QEMU_BUILD_BUG_ON(sizeof(grant_entry_v1_t) != 8);
QEMU_BUILD_BUG_ON(offsetof(grant_entry_v1_t, domid) != 2);
QEMU_BUILD_BUG_ON(offsetof(XenGntCombo, domid) != 2);

/* Entries per 4KiB frame of the table. */
#define XEN_GNT_ENTRIES_PER_FRAME (XEN_PAGE_SIZE / sizeof(grant_entry_v1_t))

/*
 * A backend domain's uses of one entry (mappings, copies in progress), as
 * Xen's act->pin: the entry was checked when the first began.
 */
typedef struct XenGntPin {
    uint32_t readers;
    uint32_t writers;
} XenGntPin;

/* Compare-and-swap attempts before the entry is deemed unstable, as Xen. */
#define XEN_GNT_CMPXCHG_TRIES 5

static inline uint32_t xen_gnt_entry_word(grant_entry_v1_t *e)
{
    return qatomic_read((uint32_t *)e);
}

/*
 * Xen's _set_status_v1(): set GTF_reading, and GTF_writing if @writable,
 * in @e for domain @domid. Unless @pinned (in use by @domid already), the
 * entry must be GTF_permit_access (and, for a mapping, not GTF_sub_page)
 * for @domid; GTF_readonly refuses writing. @seen is the entry's word as
 * last read: whatever the guest changed since is checked again before the
 * update, which only succeeds on the word that was checked. Bounded
 * retries: a guest rewriting its entry could otherwise keep us looping.
 * Returns GNTST_okay or GNTST_general_error.
 */
static inline int16_t xen_gnt_set_status(grant_entry_v1_t *e, uint32_t seen,
                                         domid_t domid, bool writable,
                                         bool map, bool pinned)
{
    uint16_t mask = GTF_type_mask | (map ? GTF_sub_page : 0);
    XenGntCombo cur = { .raw = seen };
    unsigned tries;

    for (tries = 0; tries < XEN_GNT_CMPXCHG_TRIES; tries++) {
        XenGntCombo new = cur;
        uint32_t prev;

        if (!pinned && ((cur.flags & mask) != GTF_permit_access ||
                        cur.domid != domid)) {
            return GNTST_general_error;
        }
        if (writable && (cur.flags & GTF_readonly)) {
            return GNTST_general_error;
        }
        new.flags |= GTF_reading | (writable ? GTF_writing : 0);
        prev = qatomic_cmpxchg((uint32_t *)e, cur.raw, new.raw);
        if (prev == cur.raw) {
            return GNTST_okay;
        }
        cur.raw = prev;
    }
    return GNTST_general_error;
}

/*
 * A use of @e begins (map_grant_ref(), acquire_grant_for_copy()): the
 * entry's flags are only updated when the pin does not cover it yet.
 * On GNTST_okay, the caller reads the frame if the entry was not pinned.
 */
static inline int16_t xen_gnt_entry_acquire(grant_entry_v1_t *e,
                                            XenGntPin *pin, domid_t domid,
                                            bool writable, bool map)
{
    bool pinned = pin->readers || pin->writers;
    uint32_t *count = writable ? &pin->writers : &pin->readers;
    int16_t rc;

    if (*count == UINT32_MAX) {
        return GNTST_general_error;     /* as Xen, before it overflows */
    }
    if (!pinned || (writable && !pin->writers)) {
        rc = xen_gnt_set_status(e, xen_gnt_entry_word(e), domid, writable,
                                map, pinned);
        if (rc != GNTST_okay) {
            return rc;
        }
    }
    (*count)++;
    return GNTST_okay;
}

/*
 * A use of @e ends: as Xen's reduce_status_for_pin(), GTF_writing goes
 * with the last writable use, GTF_reading with the last use of any kind.
 */
static inline void xen_gnt_entry_release(grant_entry_v1_t *e,
                                         XenGntPin *pin, bool writable)
{
    uint16_t clear = 0;

    if (writable) {
        assert(pin->writers);
        if (!--pin->writers) {
            clear |= GTF_writing;
        }
    } else {
        assert(pin->readers);
        pin->readers--;
    }
    if (!pin->readers && !pin->writers) {
        clear |= GTF_reading;
    }
    if (clear) {
        qatomic_and(&e->flags, (uint16_t)~clear);
    }
}

#endif /* QEMU_XEN_GNTTAB_ENTRY_H */
