/*
 * Xen HVM guest support under KVM: pages that Xen provides and the guest
 * places in its physical address space (shared info, later grant frames).
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 */

#ifndef QEMU_XEN_OVERLAY_H
#define QEMU_XEN_OVERLAY_H

#include "exec/memory.h"

#define TYPE_XEN_OVERLAY "xen-overlay"

void xen_overlay_create(void);

/*
 * Map the shared info page at @gpa (INVALID_GPA unmaps it), laid out for a
 * 64-bit guest if @long_mode. Caller holds the BQL. Returns 0 or -errno.
 */
int xen_overlay_map_shinfo_page(uint64_t gpa, bool long_mode);

/*
 * Place @page (a Xen-owned page: shared info, a grant frame) at @gpa over
 * whatever the guest has there, moving it if it was elsewhere; INVALID_GPA
 * only removes it. Leaves @page where it was for a frame no page may take:
 * -EINVAL beyond the physical address width, -EPERM over the local APIC
 * or KVM's own pages. Caller holds the BQL.
 */
int xen_overlay_do_map_page(MemoryRegion *page, uint64_t gpa);

/* Where the guest has put the shared info page, or INVALID_GPA. */
uint64_t xen_overlay_shinfo_gpa(void);

/* QEMU's view of the shared info page (NULL before the device exists). */
void *xen_overlay_get_shinfo_ptr(void);
/* QEMU wrote to the page through that pointer: migration must resend it. */
void xen_overlay_shinfo_written(void);

/* Whether the guest uses the 64-bit layout of shared structures. */
bool xen_overlay_long_mode(void);

#endif /* QEMU_XEN_OVERLAY_H */
