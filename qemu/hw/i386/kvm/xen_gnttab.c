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
 * Locking: hypercalls change the table under the BQL.
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qapi/error.h"
#include "hw/sysbus.h"
#include "migration/vmstate.h"
#include "sysemu/kvm.h"
#include "sysemu/kvm_xen.h"
#include "xen_overlay.h"
#include "xen_gnttab.h"
#include "trace.h"

OBJECT_DECLARE_SIMPLE_TYPE(XenGnttabState, XEN_GNTTAB)

struct XenGnttabState {
    SysBusDevice busdev;

    uint32_t max_frames;        /* xen-gnttab-max-frames */
    uint32_t nr_frames;         /* frames in use: the table's size */
    uint64_t *frame_gpa;        /* where each frame is mapped, or INVALID_GPA */
    MemoryRegion frames;        /* the table, max_frames pages of RAM */
    MemoryRegion *frame_alias;  /* one page of it each, for the overlay */
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
        s->nr_frames = MAX(s->nr_frames, idx + 1);
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
    s->nr_frames = MAX(s->nr_frames, setup->nr_frames);
    /* A translated guest gets the frames where it mapped them. */
    for (i = 0; i < setup->nr_frames; i++) {
        gfns[i] = s->frame_gpa[i] == INVALID_GPA ? ~0ULL :
                  s->frame_gpa[i] >> XEN_PAGE_SHIFT;
    }
    setup->status = GNTST_okay;
    return 0;
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
    s->frame_gpa = g_new(uint64_t, s->max_frames);
    s->frame_alias = g_new0(MemoryRegion, s->max_frames);
    for (i = 0; i < s->max_frames; i++) {
        s->frame_gpa[i] = INVALID_GPA;
    }
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
    /* Frames past the table were never mapped, so never written. */
    memset(memory_region_get_ram_ptr(&s->frames), 0,
           (size_t)s->nr_frames * XEN_PAGE_SIZE);
    s->nr_frames = 1;
}

static int xen_gnttab_pre_load(void *opaque)
{
    XenGnttabState *s = opaque;
    uint32_t i;

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
