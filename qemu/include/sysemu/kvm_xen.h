/*
 * Xen HVM guest support under KVM: what the rest of QEMU may ask of it.
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 */

#ifndef QEMU_SYSEMU_KVM_XEN_H
#define QEMU_SYSEMU_KVM_XEN_H

#include "sysemu/kvm.h"

#define XEN_VERSION(maj, min) ((maj) << 16 | (min))

/* Guest frame number that tells KVM "not mapped" (KVM_XEN_INVALID_GFN). */
#define KVM_XEN_NO_GFN UINT64_MAX
#define INVALID_GPA    UINT64_MAX

/*
 * The Xen version the guest is told, XENVER_version form, or 0 when Xen
 * emulation is off (the xen-version accelerator property is not set).
 */
uint32_t kvm_xen_get_version(void);

static inline bool kvm_xen_enabled(void)
{
    return kvm_xen_get_version() != 0;
}

/* KVM_CAP_XEN_HVM flags of the host (0 before the accelerator starts). */
uint32_t kvm_xen_get_caps(void);

/* Accelerator properties, also used by the grant-table and PIRQ code. */
uint16_t kvm_xen_get_gnttab_max_frames(void);
uint16_t kvm_xen_get_evtchn_max_pirq(void);
bool kvm_xen_pirqs_offered(void);

/*
 * Pages a Xen toolstack provides the guest (the XenStore and console
 * rings), in a region it keeps out of the guest's RAM and reserves in the
 * e820 map. Xen's toolstack uses the 8 pages below 0xff000000: KVM's own
 * pages are at the top of those here, so ours are the 8 pages below, with
 * Xen's numbering (SPECIALPAGE_*).
 */
#define XEN_SPECIAL_AREA_ADDR   0xfeff0000ULL
#define XEN_SPECIAL_AREA_SIZE   0x8000
#define XEN_SPECIALPAGE_XENSTORE 4
#define XEN_SPECIALPAGE_CONSOLE  7
#define XEN_SPECIAL_PFN(x) \
    ((XEN_SPECIAL_AREA_ADDR >> 12) + XEN_SPECIALPAGE_##x)

/* What the toolstack sets for the guest: the STORE and CONSOLE params. */
void kvm_xen_set_hvm_param(unsigned int index, uint64_t value);

/*
 * Called by kvm_init() before it opens /dev/kvm: refuses a configuration
 * Xen emulation cannot run in (error reported, -errno returned).
 */
int kvm_xen_check_config(MachineState *ms, KVMState *s);

#endif /* QEMU_SYSEMU_KVM_XEN_H */
