/*
 * Xen HVM guest support under KVM: grant table frames.
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 */

#ifndef QEMU_XEN_GNTTAB_H
#define QEMU_XEN_GNTTAB_H

#include "hw/xen/xen-abi.h"

#define TYPE_XEN_GNTTAB "xen-gnttab"

typedef struct XenHostGrantCopy XenHostGrantCopy;
typedef struct XenHostGrantPages XenHostGrantPages;

void xen_gnttab_create(void);

/*
 * XENMAPSPACE_grant_table: put shared frame @idx of the table at guest
 * frame @gfn, growing the table to it. Caller holds the BQL.
 */
int xen_gnttab_map_page(uint64_t idx, uint64_t gfn);

/* GNTTABOP_*: arguments copied in, results out; 0 or -errno as Xen. */
int xen_gnttab_set_version_op(struct gnttab_set_version *set);
int xen_gnttab_get_version_op(struct gnttab_get_version *get);
int xen_gnttab_query_size_op(struct gnttab_query_size *size);
/* Fills @gfns[0..nr_frames) with where each frame is mapped. */
int xen_gnttab_setup_table_op(struct gnttab_setup_table *setup,
                              uint64_t *gfns);

/*
 * Backends in QEMU, as domain 0: the guest's grants mapped or copied as
 * Xen's GNTTABOP_map_grant_ref, unmap_grant_ref and copy give them to a
 * backend domain. Any thread, with or without the BQL. A mapping keeps
 * the guest's RAM it maps alive until unmapped, with the same @nr.
 */
/*
 * @nr grants (@refs) mapped contiguously: they must grant consecutive
 * frames of one RAM region. NULL with *@status a GNTST_*.
 */
void *xen_be_gnttab_map_refs(const uint32_t *refs, unsigned nr,
                             bool writable, int16_t *status);
/* What xen_be_gnttab_map_refs() gave: 0, or -EINVAL if it is not. */
int xen_be_gnttab_unmap(void *addr, unsigned nr);
/*
 * @nr copies, each of @len bytes at @offset of the page granted by @ref,
 * in order: true, or false at the first that fails, its @status a GNTST_*
 * (those before it GNTST_okay, copied; those after it GNTST_general_error,
 * not copied).
 */
bool xen_be_gnttab_copy(XenHostGrantCopy *segs, unsigned nr, bool to_guest,
                        int16_t *status);
/*
 * @nr grants (@refs) mapped each on its own page, wherever the guest's
 * frames are, for I/O in place: @pages[i] is where refs[i]'s frame is.
 * A handle for xen_be_gnttab_unmap_pages(), or NULL with *@status a
 * GNTST_* and nothing mapped.
 */
XenHostGrantPages *xen_be_gnttab_map_pages(const uint32_t *refs, unsigned nr,
                                           bool writable, void **pages,
                                           int16_t *status);
void xen_be_gnttab_unmap_pages(XenHostGrantPages *gp);
/* Guest frames by number (foreign memory, no grant), contiguously. */
void *xen_be_foreign_map(const uint64_t *gfns, unsigned nr, bool writable);
int xen_be_foreign_unmap(void *addr, unsigned nr);

#endif /* QEMU_XEN_GNTTAB_H */
