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

#endif /* QEMU_XEN_GNTTAB_H */
