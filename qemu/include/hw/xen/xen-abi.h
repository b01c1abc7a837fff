/*
 * The Xen guest ABI, as Xen's public headers (Debian's libxen-dev) define
 * it, for QEMU's emulation of Xen under KVM.
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 */

#ifndef QEMU_HW_XEN_ABI_H
#define QEMU_HW_XEN_ABI_H

/* The newest interface version, as Xen's own tools see it. */
#undef __XEN_TOOLS__
#define __XEN_TOOLS__ 1

#include <xen/xen.h>
#include <xen/version.h>
#include <xen/features.h>
#include <xen/memory.h>
#include <xen/vcpu.h>
#include <xen/sched.h>
#include <xen/hvm/hvm_op.h>
#include <xen/hvm/params.h>
#include <xen/event_channel.h>
#include <xen/physdev.h>
#include <xen/grant_table.h>
#include <xen/io/xs_wire.h>
#include <xen/arch-x86/cpuid.h>

/* Xen's pages are 4KiB whatever the host's are. */
#ifndef XEN_PAGE_SHIFT
#define XEN_PAGE_SHIFT 12
#endif
#define XEN_PAGE_SIZE (1UL << XEN_PAGE_SHIFT)

/* An ABI change under our feet would corrupt guests: pin what we rely on. */
QEMU_BUILD_BUG_ON(sizeof(struct xen_add_to_physmap) != 24);
QEMU_BUILD_BUG_ON(offsetof(struct xen_add_to_physmap, idx) != 8);
QEMU_BUILD_BUG_ON(offsetof(struct xen_add_to_physmap, gpfn) != 16);
QEMU_BUILD_BUG_ON(sizeof(struct xen_feature_info) != 8);
QEMU_BUILD_BUG_ON(sizeof(struct xen_compile_info) != 144);
QEMU_BUILD_BUG_ON(sizeof(xen_domain_handle_t) != 16);
QEMU_BUILD_BUG_ON(sizeof(struct vcpu_info) != 64);
QEMU_BUILD_BUG_ON(sizeof(struct vcpu_register_vcpu_info) != 16);
QEMU_BUILD_BUG_ON(sizeof(struct vcpu_register_runstate_memory_area) != 8);
QEMU_BUILD_BUG_ON(sizeof(struct vcpu_register_time_memory_area) != 8);
QEMU_BUILD_BUG_ON(sizeof(struct vcpu_time_info) != 32);
QEMU_BUILD_BUG_ON(sizeof(struct vcpu_runstate_info) != 48);
/* These are laid out alike for 32-bit guests. */
QEMU_BUILD_BUG_ON(sizeof(struct xen_hvm_param) != 16);
QEMU_BUILD_BUG_ON(offsetof(struct xen_hvm_param, value) != 8);
QEMU_BUILD_BUG_ON(offsetof(struct xen_hvm_pagetable_dying, gpa) != 8);
QEMU_BUILD_BUG_ON(sizeof(struct sched_shutdown) != 4);
QEMU_BUILD_BUG_ON(offsetof(struct xen_hvm_evtchn_upcall_vector, vector) != 4);
QEMU_BUILD_BUG_ON(sizeof(struct gnttab_query_size) != 16);
QEMU_BUILD_BUG_ON(sizeof(struct gnttab_set_version) != 4);
QEMU_BUILD_BUG_ON(sizeof(struct gnttab_get_version) != 8);
QEMU_BUILD_BUG_ON(sizeof(struct gnttab_setup_table) != 24);
QEMU_BUILD_BUG_ON(offsetof(struct gnttab_setup_table, frame_list) != 16);

/*
 * 32-bit (compat) guests: where a structure holds xen_ulong_t or
 * xen_pfn_t, those are 32 bits wide and the layout differs.
 */
struct compat_xen_add_to_physmap {
    uint16_t domid;
    uint16_t size;
    uint32_t space;
    uint32_t idx;
    uint32_t gpfn;
};
QEMU_BUILD_BUG_ON(sizeof(struct compat_xen_add_to_physmap) != 16);

struct compat_gnttab_setup_table {
    uint16_t dom;
    uint32_t nr_frames;
    int16_t status;
    uint32_t frame_list;        /* handle of 32-bit frame numbers */
};
QEMU_BUILD_BUG_ON(sizeof(struct compat_gnttab_setup_table) != 16);

/* A 32-bit guest's runstate area: 4 bytes shorter, no padding after state. */
#define COMPAT_VCPU_RUNSTATE_INFO_SIZE 44

struct compat_xen_platform_parameters {
    uint32_t virt_start;
};

#endif /* QEMU_HW_XEN_ABI_H */
