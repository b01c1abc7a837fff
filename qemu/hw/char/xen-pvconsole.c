/*
 * xen-console: a Xen PV console backend on a chardev, as xenconsoled
 * serves a domain's consoles.
 *
 * The first one (idx 0) serves the primary console, whose ring and port
 * the toolstack gives the guest before it runs and writes in the domain's
 * console/ node (Xen emulated under KVM: xen-primary-console), which is
 * this device's frontend: it takes the ring up whenever a port is
 * written there. Further ones are secondary consoles, which the guest
 * connects through xenbus (device/console/N). Either ring is a guest
 * frame the backend maps by number.
 *
 * The ring's indices are the guest's: a producer running ahead of what
 * the ring holds stops the ring until it connects again.
 *
 * Locking: the BQL (the event channel's handler, the chardev's handlers
 * and the store's watches all run in the main loop).
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qapi/error.h"
#include "chardev/char-fe.h"
#include "hw/qdev-core.h"
#include "hw/qdev-properties.h"
#include "hw/qdev-properties-system.h"
#include "hw/xen/xen-bus.h"
#include "hw/xen/xen-bus-helper.h"
#include "hw/xen/interface/io/console.h"
#include "trace.h"

#define TYPE_XEN_CONSOLE_DEVICE "xen-console"
OBJECT_DECLARE_SIMPLE_TYPE(XenConsoleDevice, XEN_CONSOLE_DEVICE)

struct XenConsoleDevice {
    XenDevice xendev;
    CharBackend chr;
    int32_t idx;                /* 0: the primary console; -1: the first free */

    struct xencons_interface *intf;   /* while connected */
    XenEventChannel *event_channel;
    bool broken;                /* until the guest connects again */
    guint out_watch;            /* for the chardev to take more */
    XenHostWatch *port_watch;   /* primary: the toolstack's console/port */
};

static bool xen_console_is_primary(XenConsoleDevice *con)
{
    return con->idx == 0;
}

static void xen_console_notify(XenConsoleDevice *con)
{
    xen_device_notify_event_channel(&con->xendev, con->event_channel, NULL);
}

/* Whether the guest's @prod - @cons can be, in a ring of @size. */
static bool xen_console_ring_sane(XenConsoleDevice *con, const char *ring,
                                  XENCONS_RING_IDX prod, XENCONS_RING_IDX cons,
                                  size_t size)
{
    if (prod - cons <= size) {
        return true;
    }
    qemu_log_mask(LOG_GUEST_ERROR, "xen-console %d: %s ring producer %u "
                  "bytes ahead: stopped until the guest connects again\n",
                  con->idx, ring, prod - cons);
    con->broken = true;
    return false;
}

static gboolean xen_console_out_ready(void *do_not_use, GIOCondition cond,
                                      void *opaque);

/* What the guest wrote, to the chardev, as much as it takes now. */
static void xen_console_out(XenConsoleDevice *con)
{
    struct xencons_interface *intf = con->intf;
    XENCONS_RING_IDX cons, prod;
    bool moved = false;

    if (!intf || con->broken) {
        return;
    }
    cons = qatomic_read(&intf->out_cons);
    prod = qatomic_read(&intf->out_prod);
    smp_rmb(); /* the bytes after their index */
    if (!xen_console_ring_sane(con, "out", prod, cons, sizeof(intf->out))) {
        return;
    }
    while (cons != prod) {
        size_t off = MASK_XENCONS_IDX(cons, intf->out);
        size_t len = MIN(prod - cons, sizeof(intf->out) - off);
        int n = len;

        /* Without a chardev, as without a reader, the output is lost. */
        if (qemu_chr_fe_backend_connected(&con->chr)) {
            n = qemu_chr_fe_write(&con->chr, (uint8_t *)&intf->out[off], len);
            if (n < 0 && errno != EAGAIN) {
                n = len;        /* nobody there (a socket closed): lost too */
            }
        }
        if (n <= 0) {
            if (!con->out_watch) {
                con->out_watch = qemu_chr_fe_add_watch(&con->chr,
                                                       G_IO_OUT | G_IO_HUP,
                                                       xen_console_out_ready,
                                                       con);
            }
            break;
        }
        trace_xen_console_out(con->idx, n);
        cons += n;
        moved = true;
    }
    if (moved) {
        smp_mb(); /* the bytes read before the guest may reuse them */
        qatomic_set(&intf->out_cons, cons);
        xen_console_notify(con);
    }
}

static gboolean xen_console_out_ready(void *do_not_use, GIOCondition cond,
                                      void *opaque)
{
    XenConsoleDevice *con = opaque;

    con->out_watch = 0;
    xen_console_out(con);
    return G_SOURCE_REMOVE;
}

static int xen_console_can_receive(void *opaque)
{
    XenConsoleDevice *con = opaque;
    struct xencons_interface *intf = con->intf;
    XENCONS_RING_IDX cons, prod;

    if (!intf || con->broken) {
        return 0;
    }
    cons = qatomic_read(&intf->in_cons);
    prod = qatomic_read(&intf->in_prod);
    if (!xen_console_ring_sane(con, "in", prod, cons, sizeof(intf->in))) {
        return 0;
    }
    return sizeof(intf->in) - (prod - cons);
}

/* Typed into the chardev, for the guest: no more than can_receive said. */
static void xen_console_receive(void *opaque, const uint8_t *buf, int size)
{
    XenConsoleDevice *con = opaque;
    struct xencons_interface *intf = con->intf;
    int room = xen_console_can_receive(con), i;
    XENCONS_RING_IDX prod;

    if (room <= 0) {
        return;
    }
    prod = qatomic_read(&intf->in_prod);
    for (i = 0; i < MIN(size, room); i++) {
        intf->in[MASK_XENCONS_IDX(prod++, intf->in)] = buf[i];
    }
    smp_wmb(); /* the bytes before their index */
    qatomic_set(&intf->in_prod, prod);
    trace_xen_console_in(con->idx, i);
    xen_console_notify(con);
}

static bool xen_console_event(void *opaque)
{
    XenConsoleDevice *con = opaque;

    if (!con->intf) {
        return false;
    }
    trace_xen_console_event(con->idx,
                            con->intf->out_prod - con->intf->out_cons);
    xen_console_out(con);
    /* The guest took input: room for what the chardev held back. */
    qemu_chr_fe_accept_input(&con->chr);
    return true;
}

static void xen_console_disconnect(XenConsoleDevice *con)
{
    XenDevice *xendev = &con->xendev;

    qemu_chr_fe_set_handlers(&con->chr, NULL, NULL, NULL, NULL, NULL, NULL,
                             true);
    if (con->out_watch) {
        g_source_remove(con->out_watch);
        con->out_watch = 0;
    }
    if (con->event_channel) {
        xen_device_unbind_event_channel(xendev, con->event_channel, NULL);
        con->event_channel = NULL;
    }
    if (con->intf && xen_console_is_primary(con)) {
        xenhost_foreignmem_unmap(con->intf, 1);
    } else if (con->intf) {
        xen_device_unmap_grant_refs(xendev, con->intf, 1, NULL);
    }
    con->intf = NULL;
}

/*
 * The ring the frontend node names and its port. The primary console's
 * ring-ref is a guest frame (the toolstack's page); a secondary one's, a
 * grant of the guest's.
 */
static void xen_console_connect(XenConsoleDevice *con, Error **errp)
{
    ERRP_GUARD();
    XenDevice *xendev = &con->xendev;
    uint64_t ref;
    unsigned int port;

    if (xen_device_frontend_scanf(xendev, "ring-ref", "%" SCNu64,
                                  &ref) != 1 ||
        xen_device_frontend_scanf(xendev, "port", "%u", &port) != 1) {
        error_setg(errp, "no ring-ref or port in %s", xendev->frontend_path);
        return;
    }
    if (xen_console_is_primary(con)) {
        con->intf = xenhost_foreignmem_map(xendev->frontend_id, &ref, 1,
                                           PROT_READ | PROT_WRITE);
        if (!con->intf) {
            error_setg_errno(errp, errno, "cannot map the ring, frame 0x%"
                             PRIx64, ref);
            return;
        }
    } else {
        uint32_t gref = ref;

        if (gref != ref) {
            error_setg(errp, "ring-ref %" PRIu64 " is no grant reference",
                       ref);
            return;
        }
        con->intf = xen_device_map_grant_refs(xendev, &gref, 1,
                                              PROT_READ | PROT_WRITE, errp);
        if (*errp) {
            con->intf = NULL;
            return;
        }
    }
    con->event_channel = xen_device_bind_event_channel(xendev, port,
                                                       xen_console_event,
                                                       con, errp);
    if (!con->event_channel) {
        xen_console_disconnect(con);
        return;
    }
    con->broken = false;
    qemu_chr_fe_set_handlers(&con->chr, xen_console_can_receive,
                             xen_console_receive, NULL, NULL, con, NULL,
                             true);
    trace_xen_console_connect(con->idx, ref, port);
    xen_console_event(con);     /* what the guest wrote already */
}

static void xen_console_port_changed(void *opaque, const char *path);

static void xen_console_frontend_changed(XenDevice *xendev,
                                         enum xenbus_state frontend_state,
                                         Error **errp)
{
    ERRP_GUARD();
    XenConsoleDevice *con = XEN_CONSOLE_DEVICE(xendev);

    if (xen_console_is_primary(con)) {
        /*
         * No state there: its port says. Here after a migration too,
         * where the ring and port are the source's.
         */
        if (xen_device_backend_get_state(xendev) != XenbusStateConnected) {
            xen_console_port_changed(con, NULL);
        }
        return;
    }
    switch (frontend_state) {
    case XenbusStateInitialised:
    case XenbusStateConnected:
        if (xen_device_backend_get_state(xendev) == XenbusStateConnected) {
            break;
        }
        xen_console_disconnect(con);
        xen_device_set_max_grant_refs(xendev, 1, errp);
        if (*errp) {
            break;
        }
        xen_console_connect(con, errp);
        if (*errp) {
            break;
        }
        xen_device_backend_set_state(xendev, XenbusStateConnected);
        break;

    case XenbusStateClosing:
        xen_device_backend_set_state(xendev, XenbusStateClosing);
        break;

    case XenbusStateClosed:
    case XenbusStateUnknown:
        xen_console_disconnect(con);
        xen_device_backend_set_state(xendev, XenbusStateClosed);
        break;

    default:
        break;
    }
}

/* The primary console: the toolstack wrote a (new) port for it. */
static void xen_console_port_changed(void *opaque, const char *path)
{
    XenConsoleDevice *con = opaque;
    XenDevice *xendev = &con->xendev;
    Error *err = NULL;
    unsigned int port;

    if (xen_device_frontend_scanf(xendev, "port", "%u", &port) != 1) {
        return;
    }
    xen_console_disconnect(con);
    xen_console_connect(con, &err);
    if (err) {
        qemu_log_mask(LOG_GUEST_ERROR, "xen-console %d: %s\n", con->idx,
                      error_get_pretty(err));
        error_free(err);
        return;
    }
    xen_device_backend_set_state(xendev, XenbusStateConnected);
}

static int xen_console_idx_used(XenBus *bus, XenConsoleDevice *self,
                                int32_t idx)
{
    BusChild *kid;

    QTAILQ_FOREACH(kid, &bus->qbus.children, sibling) {
        Object *obj = object_dynamic_cast(OBJECT(kid->child),
                                          TYPE_XEN_CONSOLE_DEVICE);

        if (obj && XEN_CONSOLE_DEVICE(obj) != self &&
            XEN_CONSOLE_DEVICE(obj)->idx == idx) {
            return true;
        }
    }
    return false;
}

static char *xen_console_get_name(XenDevice *xendev, Error **errp)
{
    XenConsoleDevice *con = XEN_CONSOLE_DEVICE(xendev);
    XenBus *bus = XEN_BUS(qdev_get_parent_bus(DEVICE(xendev)));

    if (con->idx < 0) {
        /* The primary console is there from the start, or not at all. */
        int32_t idx = xen_host_ops->reset_with_guest &&
                      !DEVICE(con)->realized &&
                      phase_check(PHASE_MACHINE_READY);

        while (xen_console_idx_used(bus, con, idx)) {
            idx++;
        }
        con->idx = idx;         /* kept: a reset brings the same one back */
    } else if (xen_console_idx_used(bus, con, con->idx)) {
        error_setg(errp, "idx %d is taken by another xen-console", con->idx);
        return NULL;
    }
    /* The toolstack hands the guest its primary console before it runs. */
    if (xen_console_is_primary(con) && xen_host_ops->reset_with_guest &&
        !DEVICE(con)->realized && phase_check(PHASE_MACHINE_READY)) {
        error_setg(errp, "the primary console (idx 0) cannot be hot-plugged");
        con->idx = -1;
        return NULL;
    }
    return g_strdup_printf("%d", con->idx);
}

static char *xen_console_get_frontend_path(XenDevice *xendev)
{
    XenConsoleDevice *con = XEN_CONSOLE_DEVICE(xendev);

    if (xen_console_is_primary(con)) {
        return g_strdup_printf("/local/domain/%u/console",
                               xendev->frontend_id);
    }
    return g_strdup_printf("/local/domain/%u/device/console/%d",
                           xendev->frontend_id, con->idx);
}

static void xen_console_realize(XenDevice *xendev, Error **errp)
{
    XenConsoleDevice *con = XEN_CONSOLE_DEVICE(xendev);
    Chardev *cs = qemu_chr_fe_get_driver(&con->chr);

    /* As libxl writes them for a console QEMU serves. */
    xen_device_backend_printf(xendev, "type", "ioemu");
    xen_device_backend_printf(xendev, "name", "%d", con->idx);
    if (cs) {
        xen_device_backend_printf(xendev, "output", "chardev:%s",
                                  cs->label);
    }
    if (!xen_console_is_primary(con)) {
        xen_device_frontend_printf(xendev, "type", "ioemu");
        xen_device_frontend_printf(xendev, "limit", "%u", 1048576);
        return;
    }
    con->port_watch = xs_node_watch(xendev->xsh, xendev->frontend_path,
                                    "port", xen_console_port_changed, con,
                                    errp);
}

static void xen_console_unrealize(XenDevice *xendev)
{
    XenConsoleDevice *con = XEN_CONSOLE_DEVICE(xendev);

    if (con->port_watch) {
        xs_node_unwatch(xendev->xsh, con->port_watch);
        con->port_watch = NULL;
    }
    xen_console_disconnect(con);
}

static Property xen_console_props[] = {
    DEFINE_PROP_CHR("chardev", XenConsoleDevice, chr),
    DEFINE_PROP_INT32("idx", XenConsoleDevice, idx, -1),
    DEFINE_PROP_END_OF_LIST()
};

static void xen_console_class_init(ObjectClass *class, void *data)
{
    DeviceClass *dev_class = DEVICE_CLASS(class);
    XenDeviceClass *xendev_class = XEN_DEVICE_CLASS(class);

    xendev_class->backend = "console";
    xendev_class->device = "console";
    xendev_class->get_name = xen_console_get_name;
    xendev_class->get_frontend_path = xen_console_get_frontend_path;
    xendev_class->realize = xen_console_realize;
    xendev_class->frontend_changed = xen_console_frontend_changed;
    xendev_class->unrealize = xen_console_unrealize;

    dev_class->desc = "Xen PV console";
    set_bit(DEVICE_CATEGORY_INPUT, dev_class->categories);
    device_class_set_props(dev_class, xen_console_props);
}

static const TypeInfo xen_console_type_info = {
    .name = TYPE_XEN_CONSOLE_DEVICE,
    .parent = TYPE_XEN_DEVICE,
    .instance_size = sizeof(XenConsoleDevice),
    .class_init = xen_console_class_init,
};

static void xen_console_register_types(void)
{
    type_register_static(&xen_console_type_info);
}

type_init(xen_console_register_types)
