/*
 * Xen HVM guest support under KVM: grant table frames.
 *
 * Under Xen the grant table belongs to the hypervisor; an HVM guest maps
 * its frames into its physical address space (XENMAPSPACE_grant_table),
 * usually inside the platform device's MMIO BAR, and writes its grant
 * entries there. Here the frames are one block of QEMU RAM, of
 * xen-gnttab-max-frames pages (reserved, only touched pages cost memory),
 * each mapped where the guest asks through the overlay. Only the version 1
 * layout is offered: Xen lets a domain be limited to it.
 *
 * QEMU's backends, as domain 0, map and copy the guest's grants: Xen's
 * checks and updates of the entries (xen_gnttab_entry.h), with the guest's
 * RAM in place of Xen's page references.
 *
 * Locking: hypercalls change the table under the BQL. Backends call in
 * from any thread, with or without the BQL: their pins and mappings are
 * under XenGnttabState.map_lock, and entries, which the guest rewrites
 * concurrently, are updated atomically as Xen does. Lock order: the BQL,
 * then map_lock; never the BQL with map_lock held. Pins and mapping
 * records are only made by backends, never by the guest, so the guest
 * cannot grow QEMU's memory through them.
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/thread.h"
#include "qapi/error.h"
#include "exec/address-spaces.h"
#include "hw/sysbus.h"
#include "migration/vmstate.h"
#include "sysemu/kvm.h"
#include "sysemu/kvm_xen.h"
#include "hw/xen/xen-host-ops.h"
#include "xen_overlay.h"
#include "xen_gnttab.h"
#include "xen_gnttab_entry.h"
#include "trace.h"

OBJECT_DECLARE_SIMPLE_TYPE(XenGnttabState, XEN_GNTTAB)

/* The backends' domain. */
#define GNTTAB_BE_DOMID 0

/* A ref in use by backends, as Xen's active grant entry. */
typedef struct XenGnttabActive {
    XenGntPin pin;
    uint32_t gfn;               /* the entry's frame when first pinned */
} XenGnttabActive;

/* A backend's mapping; the same grants mapped twice share an address. */
typedef struct XenGnttabMapping XenGnttabMapping;
struct XenGnttabMapping {
    XenGnttabMapping *next;     /* another at the same address */
    MemoryRegion *mr;           /* referenced until unmapped */
    hwaddr offset;              /* of the mapping in mr */
    unsigned nr;
    bool writable;
    bool foreign;               /* xen_be_foreign_map(): no refs */
    uint32_t gen;               /* the table's, when mapped */
    uint32_t refs[];
};

/* xen_be_gnttab_map_pages(): grants each mapped on its own page. */
struct XenHostGrantPages {
    QLIST_ENTRY(XenHostGrantPages) next;    /* in XenGnttabState.pages */
    uint32_t gen;               /* the table's, when mapped */
    bool writable;
    unsigned nr;
    struct {
        uint32_t ref;
        uint64_t gfn;
        MemoryRegion *mr;       /* referenced until unmapped */
        hwaddr offset;          /* of the page in mr */
    } page[];
};

struct XenGnttabState {
    SysBusDevice busdev;

    uint32_t max_frames;        /* xen-gnttab-max-frames */
    uint32_t nr_frames;         /* frames in use: the table's size */
    uint64_t *frame_gpa;        /* where each frame is mapped, or INVALID_GPA */
    MemoryRegion frames;        /* the table, max_frames pages of RAM */
    MemoryRegion *frame_alias;  /* one page of it each, for the overlay */

    grant_entry_v1_t *entries;  /* the table, in frames */
    MemoryListener dirty_listener;
    QemuMutex map_lock;
    GHashTable *active;         /* ref -> XenGnttabActive, under map_lock */
    GHashTable *mappings;       /* address -> XenGnttabMapping, ditto */
    QLIST_HEAD(, XenHostGrantPages) pages;  /* ditto */
    uint32_t gen;               /* table replaced (reset, incoming), ditto */
};

static XenGnttabState *xen_gnttab_singleton;

static int gnttab_map_frame(XenGnttabState *s, uint32_t idx, uint64_t gpa)
{
    MemoryRegion *alias = &s->frame_alias[idx];
    int ret;

    /*
     * Made on first use: most of up to 65535 frames never are, and each
     * has a name of its own, as QOM numbers same-named children slowly.
     */
    if (!memory_region_size(alias)) {
        g_autofree char *name = g_strdup_printf("xen:grant_frame.%u", idx);

        memory_region_init_alias(alias, OBJECT(s), name, &s->frames,
                                 (uint64_t)idx * XEN_PAGE_SIZE, XEN_PAGE_SIZE);
    }
    ret = xen_overlay_do_map_page(alias, gpa);
    if (!ret) {
        s->frame_gpa[idx] = gpa;
        trace_xen_gnttab_map_frame(idx, gpa);
    }
    return ret;
}

int xen_gnttab_map_page(uint64_t idx, uint64_t gfn)
{
    XenGnttabState *s = xen_gnttab_singleton;
    int ret;

    if (!s) {
        return -ENOSYS;
    }
    /* Status frames exist only in the version 2 layout. */
    if (idx & XENMAPIDX_grant_table_status) {
        return -EINVAL;
    }
    if (idx >= s->max_frames || gfn >= (1ULL << (52 - XEN_PAGE_SHIFT))) {
        return -EINVAL;
    }
    ret = gnttab_map_frame(s, idx, gfn << XEN_PAGE_SHIFT);
    if (!ret) {
        /* As Xen: mapping a frame grows the table up to it. */
        qatomic_set(&s->nr_frames, MAX(s->nr_frames, idx + 1));
    }
    return ret;
}

int xen_gnttab_set_version_op(struct gnttab_set_version *set)
{
    int ret;

    if (!xen_gnttab_singleton) {
        return -ENOTSUP;
    }
    switch (set->version) {
    case 1:
        ret = 0;
        break;
    case 2:
        ret = -ENOSYS;      /* as Xen, for a domain limited to version 1 */
        break;
    default:
        ret = -EINVAL;
        break;
    }
    set->version = 1;       /* the guest learns the version in force */
    return ret;
}

int xen_gnttab_get_version_op(struct gnttab_get_version *get)
{
    if (!xen_gnttab_singleton) {
        return -ENOTSUP;
    }
    if (get->dom != DOMID_SELF) {
        return -ESRCH;
    }
    get->version = 1;
    return 0;
}

int xen_gnttab_query_size_op(struct gnttab_query_size *size)
{
    XenGnttabState *s = xen_gnttab_singleton;

    if (!s) {
        return -ENOTSUP;
    }
    if (size->dom != DOMID_SELF) {
        size->status = GNTST_bad_domain;
        return 0;
    }
    size->nr_frames = s->nr_frames;
    size->max_nr_frames = s->max_frames;
    size->status = GNTST_okay;
    return 0;
}

int xen_gnttab_setup_table_op(struct gnttab_setup_table *setup,
                              uint64_t *gfns)
{
    XenGnttabState *s = xen_gnttab_singleton;
    uint32_t i;

    if (!s) {
        return -ENOSYS;
    }
    if (setup->dom != DOMID_SELF) {
        setup->status = GNTST_bad_domain;
        return 0;
    }
    if (setup->nr_frames > s->max_frames) {
        setup->status = GNTST_general_error;
        return 0;
    }
    qatomic_set(&s->nr_frames, MAX(s->nr_frames, setup->nr_frames));
    /* A translated guest gets the frames where it mapped them. */
    for (i = 0; i < setup->nr_frames; i++) {
        gfns[i] = s->frame_gpa[i] == INVALID_GPA ? ~0ULL :
                  s->frame_gpa[i] >> XEN_PAGE_SHIFT;
    }
    setup->status = GNTST_okay;
    return 0;
}

/* Backends */

static uint32_t gnttab_nr_entries(XenGnttabState *s)
{
    return qatomic_read(&s->nr_frames) * XEN_GNT_ENTRIES_PER_FRAME;
}

/*
 * Xen's checks of @ref before a map or copy, pinning it: the frame it
 * grants, as read when first pinned. Under map_lock.
 */
static int16_t gnttab_acquire(XenGnttabState *s, uint32_t ref, bool writable,
                              bool map, uint64_t *gfn)
{
    gpointer key = GUINT_TO_POINTER(ref);
    XenGnttabActive *act;
    bool pinned;
    int16_t rc;

    if (ref >= gnttab_nr_entries(s)) {
        qemu_log_mask(LOG_GUEST_ERROR, "xen-gnttab: bad grant ref %u\n", ref);
        return GNTST_bad_gntref;
    }
    act = g_hash_table_lookup(s->active, key);
    if (!act) {
        act = g_new0(XenGnttabActive, 1);
        g_hash_table_insert(s->active, key, act);
    }
    pinned = act->pin.readers || act->pin.writers;
    rc = xen_gnt_entry_acquire(&s->entries[ref], &act->pin, GNTTAB_BE_DOMID,
                               writable, map);
    if (rc != GNTST_okay) {
        XenGntCombo c = { .raw = xen_gnt_entry_word(&s->entries[ref]) };

        qemu_log_mask(LOG_GUEST_ERROR, "xen-gnttab: grant ref %u (flags 0x%x"
                      " domid %u) refused to domain %u for %s%s\n", ref,
                      c.flags, c.domid, GNTTAB_BE_DOMID,
                      map ? "mapping" : "copying",
                      writable ? " writable" : "");
        if (!pinned) {
            g_hash_table_remove(s->active, key);
        }
        return rc;
    }
    if (!pinned) {
        act->gfn = qatomic_read(&s->entries[ref].frame);
    }
    *gfn = act->gfn;
    return GNTST_okay;
}

/* Under map_lock. */
static void gnttab_release(XenGnttabState *s, uint32_t ref, bool writable)
{
    gpointer key = GUINT_TO_POINTER(ref);
    XenGnttabActive *act = g_hash_table_lookup(s->active, key);

    xen_gnt_entry_release(&s->entries[ref], &act->pin, writable);
    if (!act->pin.readers && !act->pin.writers) {
        g_hash_table_remove(s->active, key);
    }
}

/*
 * Frames @gfn.. @gfn + @nr - 1 as one range of the guest's RAM: a host
 * pointer, or NULL with *@status a GNTST_*. Either way @sec->mr, if set,
 * is referenced: the caller drops it, outside map_lock, when done. @sec
 * is the RAM from @gfn to the end of its region, so that copies of a
 * batch can find their frames in it without looking each up.
 */
static void *gnttab_find_ram(uint64_t gfn, unsigned nr, bool writable,
                             MemoryRegionSection *sec, int16_t *status)
{
    uint64_t gpa = gfn << XEN_PAGE_SHIFT;
    uint64_t len = (uint64_t)nr << XEN_PAGE_SHIFT;

    sec->mr = NULL;
    if (gfn > (UINT64_MAX >> XEN_PAGE_SHIFT) - nr) {
        *status = GNTST_bad_page;
        return NULL;
    }
    *sec = memory_region_find(get_system_memory(), gpa, UINT64_MAX - gpa);
    if (!sec->mr || sec->offset_within_address_space != gpa ||
        !memory_region_is_ram(sec->mr) ||
        memory_region_is_ram_device(sec->mr)) {
        /* As get_paged_frame(): not the guest's RAM. */
        qemu_log_mask(LOG_GUEST_ERROR, "xen-gnttab: frame 0x%" PRIx64
                      " is not RAM\n", gfn);
        *status = GNTST_bad_page;
    } else if (writable && (sec->readonly || memory_region_is_rom(sec->mr))) {
        /* As map_grant_ref(), gnttab_copy_claim_buf(): not writable. */
        qemu_log_mask(LOG_GUEST_ERROR, "xen-gnttab: frame 0x%" PRIx64
                      " is read-only\n", gfn);
        *status = GNTST_general_error;
    } else if (int128_lt(sec->size, int128_make64(len))) {
        qemu_log_mask(LOG_GUEST_ERROR, "xen-gnttab: frames 0x%" PRIx64
                      "+%u are not all in one RAM region\n", gfn, nr);
        *status = GNTST_general_error;
    } else {
        *status = GNTST_okay;
        return (uint8_t *)memory_region_get_ram_ptr(sec->mr) +
               sec->offset_within_region;
    }
    return NULL;
}

/*
 * Frames of a batch found one after another: a region is looked up only
 * when a frame falls outside the last one found. @sec.mr, once set, is
 * referenced until gnttab_ram_end().
 */
typedef struct GnttabRamCursor {
    MemoryRegionSection sec;
    uint64_t gpa, len;          /* of the RAM at ptr */
    uint8_t *ptr;
} GnttabRamCursor;

/*
 * Frame @gfn's page, its offset in sec.mr in *@offset; or NULL, *@status
 * set (left as it was otherwise).
 */
static uint8_t *gnttab_ram_page(GnttabRamCursor *c, uint64_t gfn,
                                bool writable, hwaddr *offset,
                                int16_t *status)
{
    uint64_t gpa = gfn << XEN_PAGE_SHIFT;

    if (!c->ptr || gpa < c->gpa || gpa - c->gpa > c->len - XEN_PAGE_SIZE) {
        int16_t found;

        if (c->sec.mr) {
            memory_region_unref(c->sec.mr);
        }
        c->ptr = gnttab_find_ram(gfn, 1, writable, &c->sec, &found);
        if (!c->ptr) {
            *status = found;
            return NULL;
        }
        c->gpa = gpa;
        c->len = int128_get64(int128_min(c->sec.size,
                                         int128_make64(UINT64_MAX)));
    }
    *offset = c->sec.offset_within_region + (gpa - c->gpa);
    return c->ptr + (gpa - c->gpa);
}

static void gnttab_ram_end(GnttabRamCursor *c)
{
    if (c->sec.mr) {
        memory_region_unref(c->sec.mr);
    }
}

/* Under map_lock. */
static void gnttab_add_mapping(XenGnttabState *s, void *addr,
                               XenGnttabMapping *m)
{
    m->next = g_hash_table_lookup(s->mappings, addr);
    g_hash_table_insert(s->mappings, addr, m);
}

/* Under map_lock. */
static XenGnttabMapping *gnttab_take_mapping(XenGnttabState *s, void *addr,
                                             unsigned nr, bool foreign)
{
    XenGnttabMapping *head = g_hash_table_lookup(s->mappings, addr);
    XenGnttabMapping **pm, *m;

    for (pm = &head; *pm; pm = &(*pm)->next) {
        m = *pm;
        if (m->nr == nr && m->foreign == foreign) {
            *pm = m->next;
            if (head) {
                g_hash_table_insert(s->mappings, addr, head);
            } else {
                g_hash_table_remove(s->mappings, addr);
            }
            return m;
        }
    }
    return NULL;
}

static XenGnttabMapping *gnttab_new_mapping(XenGnttabState *s, void *addr,
                                            MemoryRegionSection *sec,
                                            unsigned nr, unsigned nr_refs,
                                            bool writable)
{
    XenGnttabMapping *m = g_malloc(sizeof(*m) + nr_refs * sizeof(m->refs[0]));

    m->mr = sec->mr;
    m->offset = sec->offset_within_region;
    m->nr = nr;
    m->writable = writable;
    m->foreign = !nr_refs;
    m->gen = s->gen;
    gnttab_add_mapping(s, addr, m);
    return m;
}

void *xen_be_gnttab_map_refs(const uint32_t *refs, unsigned nr,
                             bool writable, int16_t *status)
{
    XenGnttabState *s = xen_gnttab_singleton;
    MemoryRegionSection sec = { .mr = NULL };
    XenGnttabMapping *m;
    uint64_t gfn, gfn0 = 0;
    int16_t rc = GNTST_okay;
    void *addr = NULL;
    unsigned i;

    /* More refs than the table holds: some must be bad or repeated. */
    if (!s || !nr || nr > s->max_frames * XEN_GNT_ENTRIES_PER_FRAME) {
        *status = GNTST_general_error;
        trace_xen_gnttab_be_map(nr ? refs[0] : 0, nr, writable, NULL,
                                *status);
        return NULL;
    }

    qemu_mutex_lock(&s->map_lock);
    for (i = 0; i < nr; i++) {
        rc = gnttab_acquire(s, refs[i], writable, true, &gfn);
        if (rc != GNTST_okay) {
            break;
        }
        if (!i) {
            gfn0 = gfn;
        } else if (gfn != gfn0 + i) {
            /* Rings of several pages: Linux allocates them contiguous. */
            qemu_log_mask(LOG_GUEST_ERROR, "xen-gnttab: grant refs %u, %u "
                          "are of frames 0x%" PRIx64 ", 0x%" PRIx64
                          ": not contiguous\n", refs[0], refs[i], gfn0, gfn);
            gnttab_release(s, refs[i], writable);
            rc = GNTST_general_error;
            break;
        }
    }
    if (rc == GNTST_okay) {
        addr = gnttab_find_ram(gfn0, nr, writable, &sec, &rc);
    }
    if (addr) {
        m = gnttab_new_mapping(s, addr, &sec, nr, nr, writable);
        memcpy(m->refs, refs, nr * sizeof(refs[0]));
    } else {
        while (i--) {
            gnttab_release(s, refs[i], writable);
        }
    }
    qemu_mutex_unlock(&s->map_lock);

    if (!addr && sec.mr) {
        memory_region_unref(sec.mr);
    }
    *status = rc;
    trace_xen_gnttab_be_map(refs[0], nr, writable, addr, rc);
    return addr;
}

static int gnttab_unmap(void *addr, unsigned nr, bool foreign)
{
    XenGnttabState *s = xen_gnttab_singleton;
    XenGnttabMapping *m;
    unsigned i;

    if (!s) {
        return -ENOTSUP;
    }
    qemu_mutex_lock(&s->map_lock);
    m = gnttab_take_mapping(s, addr, nr, foreign);
    /* A table replaced since holds none of its pins. */
    if (m && !foreign && m->gen == s->gen) {
        for (i = 0; i < nr; i++) {
            gnttab_release(s, m->refs[i], m->writable);
        }
    }
    qemu_mutex_unlock(&s->map_lock);

    trace_xen_gnttab_be_unmap(addr, nr, foreign, m ? 0 : -EINVAL);
    if (!m) {
        return -EINVAL;
    }
    /* For migration, as Xen's gnttab_mark_dirty(). */
    if (m->writable) {
        memory_region_set_dirty(m->mr, m->offset,
                                (hwaddr)nr << XEN_PAGE_SHIFT);
    }
    memory_region_unref(m->mr);
    g_free(m);
    return 0;
}

int xen_be_gnttab_unmap(void *addr, unsigned nr)
{
    return gnttab_unmap(addr, nr, false);
}

/*
 * Up to GNTTAB_COPY_BATCH copies of xen_be_gnttab_copy(): their grants
 * pinned under one hold of map_lock and released under another, their
 * frames found in as few RAM lookups as regions they fall in. Per copy,
 * the lock and the lookup cost more than a page's memcpy.
 */
#define GNTTAB_COPY_BATCH 32

static bool gnttab_copy_batch(XenGnttabState *s, XenHostGrantCopy *segs,
                              unsigned nr, bool to_guest, int16_t *status)
{
    GnttabRamCursor ram = { .sec.mr = NULL };
    uint64_t gfn[GNTTAB_COPY_BATCH];
    unsigned held, i;
    int16_t rc = GNTST_okay;
    uint32_t gen;

    /* Pinned only for the copy, as Xen's acquire_grant_for_copy(). */
    qemu_mutex_lock(&s->map_lock);
    gen = s->gen;
    for (held = 0; held < nr; held++) {
        rc = gnttab_acquire(s, segs[held].ref, to_guest, false, &gfn[held]);
        /* Checked once the grant is held, as Xen's gnttab_copy_buf(). */
        if (rc == GNTST_okay &&
            segs[held].offset + segs[held].len > XEN_PAGE_SIZE) {
            gnttab_release(s, segs[held].ref, to_guest);
            rc = GNTST_bad_copy_arg;
        }
        if (rc != GNTST_okay) {
            break;
        }
    }
    qemu_mutex_unlock(&s->map_lock);

    for (i = 0; i < held; i++) {
        hwaddr offset;
        uint8_t *page = gnttab_ram_page(&ram, gfn[i], to_guest, &offset,
                                        &rc);

        if (!page) {
            break;
        }
        if (to_guest) {
            memcpy(page + segs[i].offset, segs[i].virt, segs[i].len);
            memory_region_set_dirty(ram.sec.mr, offset + segs[i].offset,
                                    segs[i].len);
        } else {
            memcpy(segs[i].virt, page + segs[i].offset, segs[i].len);
        }
        status[i] = GNTST_okay;
    }

    qemu_mutex_lock(&s->map_lock);
    /* A table replaced meanwhile holds none of these pins. */
    while (s->gen == gen && held--) {
        gnttab_release(s, segs[held].ref, to_guest);
    }
    qemu_mutex_unlock(&s->map_lock);

    gnttab_ram_end(&ram);
    if (i < nr) {
        status[i] = rc;
        trace_xen_gnttab_be_copy_fail(segs[i].ref, segs[i].offset,
                                      segs[i].len, to_guest, rc);
        while (++i < nr) {      /* not reached */
            status[i] = GNTST_general_error;
        }
        return false;
    }
    return true;
}

bool xen_be_gnttab_copy(XenHostGrantCopy *segs, unsigned nr, bool to_guest,
                        int16_t *status)
{
    XenGnttabState *s = xen_gnttab_singleton;
    unsigned done, n;

    for (done = 0; done < nr; done += n) {
        n = MIN(nr - done, GNTTAB_COPY_BATCH);
        if (!s) {
            n = 0;
            break;
        }
        if (!gnttab_copy_batch(s, segs + done, n, to_guest, status + done)) {
            break;
        }
    }
    if (done == nr) {
        return true;
    }
    /* As the libxen side: what was not reached must not read as copied. */
    for (done += n; done < nr; done++) {
        status[done] = GNTST_general_error;
    }
    return false;
}

/* Under map_lock. */
static void gnttab_release_pages(XenGnttabState *s, XenHostGrantPages *gp,
                                 unsigned nr)
{
    /* A table replaced since holds none of its pins. */
    while (gp->gen == s->gen && nr--) {
        gnttab_release(s, gp->page[nr].ref, gp->writable);
    }
}

static void gnttab_unref_pages(XenHostGrantPages *gp, unsigned nr)
{
    while (nr--) {
        memory_region_unref(gp->page[nr].mr);
    }
}

/*
 * As a mapping of each grant (GTF_reading/GTF_writing set until
 * unmapped), with the RAM found as gnttab_copy_batch() finds it: pinned
 * under one hold of map_lock, the frames looked up outside it, one lookup
 * per RAM region they fall in. Its own record, freed only at unmap, so
 * that a frame granted twice cannot unmap another's grant.
 */
XenHostGrantPages *xen_be_gnttab_map_pages(const uint32_t *refs, unsigned nr,
                                           bool writable, void **pages,
                                           int16_t *status)
{
    XenGnttabState *s = xen_gnttab_singleton;
    GnttabRamCursor ram = { .sec.mr = NULL };
    XenHostGrantPages *gp;
    int16_t rc = GNTST_okay;
    unsigned held, i;

    /* More refs than the table holds: some must be bad or repeated. */
    if (!s || !nr || nr > s->max_frames * XEN_GNT_ENTRIES_PER_FRAME) {
        *status = GNTST_general_error;
        return NULL;
    }
    gp = g_malloc(sizeof(*gp) + nr * sizeof(gp->page[0]));
    gp->writable = writable;
    gp->nr = nr;

    qemu_mutex_lock(&s->map_lock);
    gp->gen = s->gen;
    for (held = 0; held < nr; held++) {
        gp->page[held].ref = refs[held];
        rc = gnttab_acquire(s, refs[held], writable, true,
                            &gp->page[held].gfn);
        if (rc != GNTST_okay) {
            break;
        }
    }
    qemu_mutex_unlock(&s->map_lock);

    for (i = 0; held == nr && i < nr; i++) {
        pages[i] = gnttab_ram_page(&ram, gp->page[i].gfn, writable,
                                   &gp->page[i].offset, &rc);
        if (!pages[i]) {
            break;
        }
        memory_region_ref(ram.sec.mr);
        gp->page[i].mr = ram.sec.mr;
    }
    gnttab_ram_end(&ram);

    qemu_mutex_lock(&s->map_lock);
    if (i < nr) {
        gnttab_release_pages(s, gp, held);
    } else {
        QLIST_INSERT_HEAD(&s->pages, gp, next);
    }
    qemu_mutex_unlock(&s->map_lock);

    trace_xen_gnttab_be_map_pages(refs[0], nr, writable, i < nr ? rc : 0);
    *status = rc;
    if (i < nr) {
        gnttab_unref_pages(gp, i);
        g_free(gp);
        return NULL;
    }
    return gp;
}

void xen_be_gnttab_unmap_pages(XenHostGrantPages *gp)
{
    XenGnttabState *s = xen_gnttab_singleton;
    unsigned i;

    qemu_mutex_lock(&s->map_lock);
    QLIST_REMOVE(gp, next);
    gnttab_release_pages(s, gp, gp->nr);
    qemu_mutex_unlock(&s->map_lock);

    /* For migration, as Xen's gnttab_mark_dirty(). */
    for (i = 0; gp->writable && i < gp->nr; i++) {
        memory_region_set_dirty(gp->page[i].mr, gp->page[i].offset,
                                XEN_PAGE_SIZE);
    }
    gnttab_unref_pages(gp, gp->nr);
    g_free(gp);
}

void *xen_be_foreign_map(const uint64_t *gfns, unsigned nr, bool writable)
{
    XenGnttabState *s = xen_gnttab_singleton;
    MemoryRegionSection sec = { .mr = NULL };
    void *addr = NULL;
    int16_t rc;
    unsigned i;

    if (!s || !nr) {
        return NULL;
    }
    for (i = 1; i < nr; i++) {
        if (gfns[i] != gfns[0] + i) {
            qemu_log_mask(LOG_GUEST_ERROR, "xen-gnttab: frames 0x%" PRIx64
                          ", 0x%" PRIx64 ": not contiguous\n",
                          gfns[0], gfns[i]);
            goto out;
        }
    }
    addr = gnttab_find_ram(gfns[0], nr, writable, &sec, &rc);
    if (addr) {
        qemu_mutex_lock(&s->map_lock);
        gnttab_new_mapping(s, addr, &sec, nr, 0, writable);
        qemu_mutex_unlock(&s->map_lock);
    } else if (sec.mr) {
        memory_region_unref(sec.mr);
    }
out:
    trace_xen_gnttab_be_foreign_map(gfns[0], nr, writable, addr);
    return addr;
}

int xen_be_foreign_unmap(void *addr, unsigned nr)
{
    return gnttab_unmap(addr, nr, true);
}

/*
 * Backends write through their writable mappings at any time: migration
 * must see those pages dirty whenever it looks.
 */
static void gnttab_log_sync(MemoryListener *listener,
                            MemoryRegionSection *sec)
{
    XenGnttabState *s = container_of(listener, XenGnttabState,
                                     dirty_listener);
    uint64_t start = sec->offset_within_region;
    uint64_t end = start + int128_get64(sec->size);
    GHashTableIter iter;
    XenGnttabMapping *m;
    XenHostGrantPages *gp;
    gpointer value;
    unsigned i;

    qemu_mutex_lock(&s->map_lock);
    QLIST_FOREACH(gp, &s->pages, next) {
        for (i = 0; gp->writable && i < gp->nr; i++) {
            if (gp->page[i].mr == sec->mr && gp->page[i].offset >= start &&
                gp->page[i].offset < end) {
                memory_region_set_dirty(sec->mr, gp->page[i].offset,
                                        XEN_PAGE_SIZE);
            }
        }
    }
    g_hash_table_iter_init(&iter, s->mappings);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        for (m = value; m; m = m->next) {
            uint64_t lo = MAX(start, m->offset);
            uint64_t hi = MIN(end, m->offset +
                                   ((uint64_t)m->nr << XEN_PAGE_SHIFT));

            if (m->writable && m->mr == sec->mr && lo < hi) {
                memory_region_set_dirty(m->mr, lo, hi - lo);
            }
        }
    }
    qemu_mutex_unlock(&s->map_lock);
}

/*
 * The table is being replaced: backends' mappings keep their memory until
 * unmapped, but no longer pin entries of the new table. Under map_lock.
 */
static void gnttab_forget_pins(XenGnttabState *s)
{
    s->gen++;
    g_hash_table_remove_all(s->active);
}

/* The device */

static void xen_gnttab_realize(DeviceState *dev, Error **errp)
{
    XenGnttabState *s = XEN_GNTTAB(dev);
    Error *err = NULL;
    uint32_t i;

    if (!kvm_xen_enabled()) {
        error_setg(errp, "xen-gnttab requires Xen emulation "
                   "(-accel kvm,xen-version=...)");
        return;
    }
    s->max_frames = kvm_xen_get_gnttab_max_frames();
    memory_region_init_ram(&s->frames, OBJECT(dev), "xen:grant_table",
                           (uint64_t)s->max_frames * XEN_PAGE_SIZE, &err);
    if (err) {
        error_propagate(errp, err);
        return;
    }
    s->entries = memory_region_get_ram_ptr(&s->frames);
    s->frame_gpa = g_new(uint64_t, s->max_frames);
    s->frame_alias = g_new0(MemoryRegion, s->max_frames);
    for (i = 0; i < s->max_frames; i++) {
        s->frame_gpa[i] = INVALID_GPA;
    }

    qemu_mutex_init(&s->map_lock);
    s->active = g_hash_table_new_full(NULL, NULL, NULL, g_free);
    s->mappings = g_hash_table_new(NULL, NULL);
    QLIST_INIT(&s->pages);
    s->dirty_listener = (MemoryListener) {
        .name = "xen-gnttab",
        .log_sync = gnttab_log_sync,
    };
    memory_listener_register(&s->dirty_listener, &address_space_memory);
}

/* A new domain's table: one frame, nothing mapped, no grants. */
static void xen_gnttab_reset(DeviceState *dev)
{
    XenGnttabState *s = XEN_GNTTAB(dev);
    uint32_t i;

    for (i = 0; i < s->max_frames; i++) {
        if (s->frame_gpa[i] != INVALID_GPA) {
            gnttab_map_frame(s, i, INVALID_GPA);
        }
    }
    qemu_mutex_lock(&s->map_lock);
    gnttab_forget_pins(s);
    /* Frames past the table were never mapped, so never written. */
    memset(s->entries, 0, (size_t)s->nr_frames * XEN_PAGE_SIZE);
    qatomic_set(&s->nr_frames, 1);
    qemu_mutex_unlock(&s->map_lock);
}

static int xen_gnttab_pre_load(void *opaque)
{
    XenGnttabState *s = opaque;
    uint32_t i;

    qemu_mutex_lock(&s->map_lock);
    gnttab_forget_pins(s);
    qemu_mutex_unlock(&s->map_lock);

    for (i = 0; i < s->max_frames; i++) {
        if (s->frame_gpa[i] != INVALID_GPA) {
            gnttab_map_frame(s, i, INVALID_GPA);
        }
    }
    return 0;
}

static int xen_gnttab_post_load(void *opaque, int version_id)
{
    XenGnttabState *s = opaque;
    uint32_t i;

    if (s->nr_frames > s->max_frames) {
        return -EINVAL;
    }
    for (i = 0; i < s->max_frames; i++) {
        uint64_t gpa = s->frame_gpa[i];

        s->frame_gpa[i] = INVALID_GPA;
        if (gpa != INVALID_GPA && gnttab_map_frame(s, i, gpa)) {
            return -EINVAL;
        }
    }
    return 0;
}

static const VMStateDescription vmstate_xen_gnttab = {
    .name = "xen-emu/gnttab",
    .version_id = 1,
    .minimum_version_id = 1,
    .pre_load = xen_gnttab_pre_load,
    .post_load = xen_gnttab_post_load,
    .fields = (VMStateField[]) {
        /* Both ends must agree on xen-gnttab-max-frames. */
        VMSTATE_UINT32_EQUAL(max_frames, XenGnttabState, NULL),
        VMSTATE_UINT32(nr_frames, XenGnttabState),
        VMSTATE_VARRAY_UINT32(frame_gpa, XenGnttabState, max_frames, 0,
                              vmstate_info_uint64, uint64_t),
        VMSTATE_END_OF_LIST()
    }
};

static void xen_gnttab_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = xen_gnttab_realize;
    dc->reset = xen_gnttab_reset;
    dc->vmsd = &vmstate_xen_gnttab;
    dc->user_creatable = false;
}

static const TypeInfo xen_gnttab_info = {
    .name          = TYPE_XEN_GNTTAB,
    .parent        = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(XenGnttabState),
    .class_init    = xen_gnttab_class_init,
};

void xen_gnttab_create(void)
{
    xen_gnttab_singleton = XEN_GNTTAB(sysbus_create_simple(TYPE_XEN_GNTTAB,
                                                           -1, NULL));
}

static void xen_gnttab_register_types(void)
{
    type_register_static(&xen_gnttab_info);
}

type_init(xen_gnttab_register_types)
