/*
 * Xen HVM guest support under KVM: the overlay of Xen-provided pages.
 *
 * Under Xen, the shared info page belongs to the hypervisor and appears in
 * the guest's physical address space wherever the guest asks
 * (XENMEM_add_to_physmap). Here it is a page of QEMU RAM, mapped over
 * whatever is at that address (RAM, or nothing: Windows picks holes), and
 * handed to KVM, which writes PV clock and event bits into it.
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 */

#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "qemu/log.h"
#include "qapi/error.h"
#include "exec/address-spaces.h"
#include "hw/sysbus.h"
#include "migration/vmstate.h"
#include "sysemu/kvm.h"
#include "sysemu/kvm_xen.h"
#include "qemu/range.h"
#include "hw/i386/apic-msidef.h"
#include "hw/xen/xen-abi.h"
#include "cpu.h"
#include "xen_overlay.h"
#include "trace.h"

OBJECT_DECLARE_SIMPLE_TYPE(XenOverlayState, XEN_OVERLAY)

struct XenOverlayState {
    SysBusDevice busdev;

    MemoryRegion shinfo_mem;    /* the shared info page, our RAM */
    void *shinfo_ptr;           /* QEMU's mapping of it */
    uint64_t shinfo_gpa;        /* where the guest sees it, or INVALID_GPA */
    bool long_mode;             /* guest uses the 64-bit layouts */
};

static XenOverlayState *xen_overlay_singleton;

/* Above RAM and anything else a PC maps there. */
#define OVERLAY_PRIORITY 0x7fffffff

/* KVM_SET_IDENTITY_MAP_ADDR and KVM_SET_TSS_ADDR pages (target/i386/kvm). */
#define XEN_KVM_PRIVATE_BASE 0xfeffc000ULL
#define XEN_KVM_PRIVATE_SIZE 0x4000ULL

static int xen_overlay_set_be_shinfo(uint64_t gfn)
{
    struct kvm_xen_hvm_attr xa = {
        .type = KVM_XEN_ATTR_TYPE_SHARED_INFO,
        .u.shared_info.gfn = gfn,
    };

    return kvm_vm_ioctl(kvm_state, KVM_XEN_HVM_SET_ATTR, &xa);
}

static int xen_overlay_set_long_mode(XenOverlayState *s, bool long_mode)
{
    struct kvm_xen_hvm_attr xa = {
        .type = KVM_XEN_ATTR_TYPE_LONG_MODE,
        .u.long_mode = long_mode,
    };
    int ret = kvm_vm_ioctl(kvm_state, KVM_XEN_HVM_SET_ATTR, &xa);

    if (!ret) {
        s->long_mode = long_mode;
    }
    return ret;
}

/*
 * Whether a Xen page may be placed at @gpa. KVM refuses a memory slot
 * beyond the host's physical address width or over its own pages (the
 * local APIC access page, VMX's TSS and identity map), and QEMU aborts
 * when KVM refuses: so such frames are refused first, with Xen's errors
 * for a frame its p2m cannot hold (-EINVAL) and for one over the APIC
 * access page (-EPERM).
 */
static int xen_overlay_check_gpa(uint64_t gpa)
{
    uint32_t eax, ebx, ecx, edx;
    unsigned bits = X86_CPU(first_cpu)->phys_bits;

    host_cpuid(0x80000008, 0, &eax, &ebx, &ecx, &edx);
    bits = MIN(bits, eax & 0xff);
    if (gpa & (XEN_PAGE_SIZE - 1) || !bits || bits >= 64 || gpa >> bits ||
        (gpa + XEN_PAGE_SIZE - 1) >> bits) {
        return -EINVAL;
    }
    if (ranges_overlap(gpa, XEN_PAGE_SIZE, APIC_DEFAULT_ADDRESS,
                       XEN_PAGE_SIZE) ||
        ranges_overlap(gpa, XEN_PAGE_SIZE, XEN_KVM_PRIVATE_BASE,
                       XEN_KVM_PRIVATE_SIZE)) {
        return -EPERM;
    }
    return 0;
}

int xen_overlay_do_map_page(MemoryRegion *page, uint64_t gpa)
{
    int ret = gpa == INVALID_GPA ? 0 : xen_overlay_check_gpa(gpa);

    if (ret) {
        return ret;
    }
    memory_region_transaction_begin();
    if (memory_region_is_mapped(page)) {
        memory_region_del_subregion(get_system_memory(), page);
    }
    if (gpa != INVALID_GPA) {
        memory_region_add_subregion_overlap(get_system_memory(), gpa, page,
                                            OVERLAY_PRIORITY);
    }
    memory_region_transaction_commit();
    return 0;
}

/* Move the page in the memory map and tell KVM; caller holds the BQL. */
static int xen_overlay_do_map(XenOverlayState *s, uint64_t gpa)
{
    uint64_t old = s->shinfo_gpa;
    int ret = xen_overlay_do_map_page(&s->shinfo_mem, gpa);

    if (ret) {
        return ret;
    }
    /* The kernel finds the page through the memslot just created. */
    if (xen_overlay_set_be_shinfo(gpa == INVALID_GPA ? KVM_XEN_NO_GFN :
                                  gpa >> XEN_PAGE_SHIFT)) {
        xen_overlay_do_map_page(&s->shinfo_mem, old);   /* where it was */
        return -EINVAL;
    }
    s->shinfo_gpa = gpa;
    trace_xen_overlay_map_shinfo(gpa);
    return 0;
}

int xen_overlay_map_shinfo_page(uint64_t gpa, bool long_mode)
{
    XenOverlayState *s = xen_overlay_singleton;
    int ret;

    if (!s) {
        return -ENOENT;
    }
    if (long_mode != s->long_mode) {
        ret = xen_overlay_set_long_mode(s, long_mode);
        if (ret) {
            return ret;
        }
    }
    if (gpa == s->shinfo_gpa) {
        return 0;
    }
    ret = xen_overlay_do_map(s, gpa);
    if (ret) {
        qemu_log_mask(LOG_GUEST_ERROR, "xen: shared info at 0x%" PRIx64
                      " refused: %s\n", gpa, strerror(-ret));
    }
    return ret;
}

uint64_t xen_overlay_shinfo_gpa(void)
{
    return xen_overlay_singleton ? xen_overlay_singleton->shinfo_gpa :
                                   INVALID_GPA;
}

void *xen_overlay_get_shinfo_ptr(void)
{
    return xen_overlay_singleton ? xen_overlay_singleton->shinfo_ptr : NULL;
}

void xen_overlay_shinfo_written(void)
{
    /* KVM's dirty log sees the guest's writes, not ours. */
    if (xen_overlay_singleton) {
        memory_region_set_dirty(&xen_overlay_singleton->shinfo_mem, 0,
                                XEN_PAGE_SIZE);
    }
}

bool xen_overlay_long_mode(void)
{
    return xen_overlay_singleton && xen_overlay_singleton->long_mode;
}

static void xen_overlay_realize(DeviceState *dev, Error **errp)
{
    XenOverlayState *s = XEN_OVERLAY(dev);
    Error *err = NULL;

    if (!kvm_xen_enabled()) {
        error_setg(errp, "xen-overlay requires Xen emulation "
                   "(-accel kvm,xen-version=...)");
        return;
    }
    memory_region_init_ram(&s->shinfo_mem, OBJECT(dev), "xen:shared_info",
                           XEN_PAGE_SIZE, &err);
    if (err) {
        error_propagate(errp, err);
        return;
    }
    s->shinfo_ptr = memory_region_get_ram_ptr(&s->shinfo_mem);
    s->shinfo_gpa = INVALID_GPA;
    s->long_mode = false;
    memset(s->shinfo_ptr, 0, XEN_PAGE_SIZE);
}

/* A reset guest starts with no shared info mapped, as a new domain does. */
static void xen_overlay_reset(DeviceState *dev)
{
    XenOverlayState *s = XEN_OVERLAY(dev);

    if (s->shinfo_gpa != INVALID_GPA) {
        xen_overlay_do_map(s, INVALID_GPA);
    }
    memset(s->shinfo_ptr, 0, XEN_PAGE_SIZE);
    xen_overlay_set_long_mode(s, false);
}

static int xen_overlay_post_load(void *opaque, int version_id)
{
    XenOverlayState *s = opaque;
    uint64_t gpa = s->shinfo_gpa;

    /* Incoming state says where the page is; put it there for KVM too. */
    s->shinfo_gpa = INVALID_GPA;
    if (gpa != INVALID_GPA && xen_overlay_do_map(s, gpa)) {
        return -EINVAL;
    }
    return xen_overlay_set_long_mode(s, s->long_mode) ? -EINVAL : 0;
}

static const VMStateDescription vmstate_xen_overlay = {
    .name = "xen-emu/overlay",
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = xen_overlay_post_load,
    .fields = (VMStateField[]) {
        VMSTATE_UINT64(shinfo_gpa, XenOverlayState),
        VMSTATE_BOOL(long_mode, XenOverlayState),
        VMSTATE_END_OF_LIST()
    }
};

static void xen_overlay_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = xen_overlay_realize;
    dc->reset = xen_overlay_reset;
    dc->vmsd = &vmstate_xen_overlay;
    /* One per machine, created with it: not for -device. */
    dc->user_creatable = false;
}

static const TypeInfo xen_overlay_info = {
    .name          = TYPE_XEN_OVERLAY,
    .parent        = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(XenOverlayState),
    .class_init    = xen_overlay_class_init,
};

void xen_overlay_create(void)
{
    xen_overlay_singleton = XEN_OVERLAY(sysbus_create_simple(TYPE_XEN_OVERLAY,
                                                             -1, NULL));
}

static void xen_overlay_register_types(void)
{
    type_register_static(&xen_overlay_info);
}

type_init(xen_overlay_register_types)
