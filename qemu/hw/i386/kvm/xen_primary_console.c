/*
 * Xen HVM guest support under KVM: the primary console.
 *
 * Under Xen the toolstack gives a new domain a console page and a port
 * (HVM_PARAM_CONSOLE_PFN and _EVTCHN) before it runs, and writes them in
 * the domain's console/ node for xenconsoled, which serves the ring. Here
 * this device plays the toolstack's part: it owns the page, placed where
 * a toolstack puts it, outside the guest's RAM, and after each reset (and
 * soft reset, which closes the guest's ports) hands the guest a clean ring
 * and a fresh port and writes the nodes. The ring itself is served by the first
 * xen-console device, as on real Xen, from those nodes.
 *
 * Only when that device exists: a guest with console=hvc0 and nobody
 * reading its ring would wait for room in it for ever.
 *
 * Locking: the BQL (reset, soft reset in a hypercall holding it).
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "hw/boards.h"
#include "sysemu/reset.h"
#include "sysemu/sysemu.h"
#include "hw/sysbus.h"
#include "hw/xen/xen.h"
#include "hw/xen/interface/io/console.h"
#include "sysemu/kvm_xen.h"
#include "hw/xen/xen-abi.h"
#include "target/i386/kvm/xen-emu.h"
#include "xen_overlay.h"
#include "xen_evtchn.h"
#include "xen_xenstore.h"
#include "xen_primary_console.h"
#include "trace.h"

OBJECT_DECLARE_SIMPLE_TYPE(XenPrimaryConsoleState, XEN_PRIMARY_CONSOLE)

struct XenPrimaryConsoleState {
    SysBusDevice busdev;
    MemoryRegion page;          /* the ring, at XEN_SPECIAL_PFN(CONSOLE) */
    Notifier soft_reset, init_done;
};

static int xen_primary_console_find(Object *obj, void *opaque)
{
    return object_dynamic_cast(obj, "xen-console") &&
           object_property_get_int(obj, "idx", NULL) == 0;
}

/* Whether a xen-console backend serves the primary console. */
static bool xen_primary_console_wanted(void)
{
    return object_child_foreach_recursive(qdev_get_machine(),
                                          xen_primary_console_find, NULL);
}

/* The toolstack's nodes: domain 0's, the guest may read them, as libxl. */
static void xen_primary_console_protect(void)
{
    static const char *const keys[] = {
        "", "/ring-ref", "/port", "/limit", "/type",
    };
    g_autofree char *owner = g_strdup_printf("n0");
    g_autofree char *reader = g_strdup_printf("r%u", xen_domid);
    GList *perms = g_list_append(g_list_append(NULL, owner), reader);
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(keys); i++) {
        g_autofree char *path = g_strdup_printf("%s/console%s",
                                                xen_xenstore_domain_path(),
                                                keys[i]);

        xen_xenstore_set_perms(XS_TRANSACTION_NONE, path, perms);
    }
    g_list_free(perms);
}

/* A clean ring and a new port, in the HVM params and the store. */
static void xen_primary_console_give(XenPrimaryConsoleState *s)
{
    g_autofree char *path = NULL;
    evtchn_port_t port = 0;

    if (!xen_primary_console_wanted()) {
        return;
    }
    memset(memory_region_get_ram_ptr(&s->page), 0, XEN_PAGE_SIZE);
    memory_region_set_dirty(&s->page, 0, XEN_PAGE_SIZE);
    if (xen_be_evtchn_alloc_guest_port(&port)) {
        error_report("xen-primary-console: no event channel for the guest");
        return;
    }
    kvm_xen_set_hvm_param(HVM_PARAM_CONSOLE_PFN, XEN_SPECIAL_PFN(CONSOLE));
    kvm_xen_set_hvm_param(HVM_PARAM_CONSOLE_EVTCHN, port);

    /* As libxl writes them for a console QEMU serves; the guest owns them. */
    path = g_strdup_printf("%s/console/ring-ref", xen_xenstore_domain_path());
    xen_xenstore_printf(XS_TRANSACTION_NONE, path, "%" PRIu64,
                        (uint64_t)XEN_SPECIAL_PFN(CONSOLE));
    g_free(path);
    path = g_strdup_printf("%s/console/limit", xen_xenstore_domain_path());
    xen_xenstore_printf(XS_TRANSACTION_NONE, path, "%u", 1048576);
    g_free(path);
    path = g_strdup_printf("%s/console/type", xen_xenstore_domain_path());
    xen_xenstore_printf(XS_TRANSACTION_NONE, path, "%s", "ioemu");
    g_free(path);
    /* Last: the backend takes the ring up when the port is written. */
    path = g_strdup_printf("%s/console/port", xen_xenstore_domain_path());
    xen_xenstore_printf(XS_TRANSACTION_NONE, path, "%u", port);
    xen_primary_console_protect();
    trace_xen_primary_console_give(port);
}

/*
 * After every device's reset, the event channels' and the store's among
 * them (which empties it), and after xen-bus's, whose xen-console takes
 * the nodes up as they come (and would remove them as it goes): this
 * device is created before the bus, so its machine-init-done notifier,
 * which registers this handler, runs after the bus's (notifiers run last
 * added first).
 */
static void xen_primary_console_reset(void *opaque)
{
    xen_primary_console_give(opaque);
}

static void xen_primary_console_init_done(Notifier *n, void *data)
{
    XenPrimaryConsoleState *s = container_of(n, XenPrimaryConsoleState,
                                             init_done);

    qemu_register_reset(xen_primary_console_reset, s);
}

static void xen_primary_console_soft_reset(Notifier *n, void *opaque)
{
    xen_primary_console_give(container_of(n, XenPrimaryConsoleState,
                                          soft_reset));
}

static void xen_primary_console_realize(DeviceState *dev, Error **errp)
{
    XenPrimaryConsoleState *s = XEN_PRIMARY_CONSOLE(dev);
    Error *err = NULL;

    if (!kvm_xen_enabled()) {
        error_setg(errp, "xen-primary-console requires Xen emulation "
                   "(-accel kvm,xen-version=...)");
        return;
    }
    memory_region_init_ram(&s->page, OBJECT(dev), "xen:console",
                           XEN_PAGE_SIZE, &err);
    if (err) {
        error_propagate(errp, err);
        return;
    }
    /* Where the toolstack puts it, for good: reserved in the e820 map. */
    if (xen_overlay_do_map_page(&s->page,
                                XEN_SPECIAL_PFN(CONSOLE) << XEN_PAGE_SHIFT)) {
        error_setg(errp, "xen-primary-console: cannot place the ring page");
        return;
    }
    s->soft_reset.notify = xen_primary_console_soft_reset;
    kvm_xen_add_soft_reset_notifier(&s->soft_reset);
    s->init_done.notify = xen_primary_console_init_done;
    qemu_add_machine_init_done_notifier(&s->init_done);
}

static void xen_primary_console_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = xen_primary_console_realize;
    dc->user_creatable = false;
}

static const TypeInfo xen_primary_console_info = {
    .name = TYPE_XEN_PRIMARY_CONSOLE,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(XenPrimaryConsoleState),
    .class_init = xen_primary_console_class_init,
};

void xen_primary_console_create(void)
{
    sysbus_create_simple(TYPE_XEN_PRIMARY_CONSOLE, -1, NULL);
}

static void xen_primary_console_register_types(void)
{
    type_register_static(&xen_primary_console_info);
}

type_init(xen_primary_console_register_types)
