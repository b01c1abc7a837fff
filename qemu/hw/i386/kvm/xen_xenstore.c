/*
 * Xen HVM guest support under KVM: XenStore.
 *
 * Under Xen, xenstored runs in domain 0 and the toolstack hands the guest
 * a ring page and an event channel to reach it (HVM_PARAM_STORE_PFN and
 * _EVTCHN). Here QEMU is both: this device owns the page, placed where a
 * toolstack would, outside the guest's RAM; the store itself, and the wire
 * protocol, are xenstore_impl.c's. The device moves bytes between the ring
 * and the guest's connection, writes the tree a toolstack writes for an
 * HVM domain, and gives QEMU's own clients (backends, the monitor) domain
 * 0's access.
 *
 * Locking: everything runs under the BQL, in the main loop (the event
 * channel's notification, bottom halves, the monitor) or in a hypercall
 * holding it. Watch callbacks of QEMU's clients run from a bottom half, so
 * they may use the store again.
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"
#include "qemu/uuid.h"
#include "qapi/error.h"
#include "qapi/qapi-commands-misc-target.h"
#include "qapi/qapi-events-misc-target.h"
#include "qapi/qmp/qdict.h"
#include "monitor/hmp.h"
#include "monitor/hmp-target.h"
#include "monitor/monitor.h"
#include "qemu/units.h"
#include "hw/boards.h"
#include "hw/sysbus.h"
#include "hw/qdev-properties.h"
#include "hw/xen/xen.h"
#include "migration/vmstate.h"
#include "sysemu/kvm.h"
#include "sysemu/kvm_xen.h"
#include "sysemu/runstate.h"
#include "sysemu/sysemu.h"
#include "hw/xen/xen-abi.h"
#include "target/i386/kvm/xen-emu.h"
#include "xen_overlay.h"
#include "xen_evtchn.h"
#include "xen_xenstore.h"
#include "trace.h"

OBJECT_DECLARE_SIMPLE_TYPE(XenXenstoreState, XEN_XENSTORE)

typedef struct XenXenstoreEvent {
    XenXenstoreWatch *watch;
    char *path;
    QSIMPLEQ_ENTRY(XenXenstoreEvent) next;
} XenXenstoreEvent;

struct XenXenstoreWatch {
    XenXenstoreWatchFn *fn;
    void *opaque;
    char *path;
    char token[32];
    unsigned int queued;        /* its events waiting for event_bh */
};

/*
 * Events queued for one of QEMU's watches, at most: the main loop may be
 * held up (a block layer's nested poll) while the guest writes on.
 */
#define XS_CLIENT_EVENTS_MAX 64

struct XenXenstoreState {
    SysBusDevice busdev;

    XsQuota quota;              /* properties */

    MemoryRegion page;          /* the ring, at XEN_SPECIAL_PFN(XENSTORE) */
    struct xenstore_domain_interface *xi;
    XsStore *store;
    XsConn *conn;               /* the guest's */
    char *home;                 /* /local/domain/<domid> */
    evtchn_port_t guest_port;   /* HVM_PARAM_STORE_EVTCHN */
    evtchn_port_t be_port;      /* our end of it; 0 while unbound */
    QEMUBH *serve_bh;           /* serve the ring outside the store */
    Notifier powerdown;         /* system_powerdown: control/shutdown */
    Notifier soft_reset;        /* SHUTDOWN_soft_reset: a new port */
    bool introduced;            /* a domain was, which a reset releases */

    QEMUBH *event_bh;           /* run QEMU's own watchers' callbacks */
    QSIMPLEQ_HEAD(, XenXenstoreEvent) events;
    uint64_t next_token;

    /* Migration: the store and the connection, serialised. */
    uint8_t *mig_data;
    uint32_t mig_len;
};

static XenXenstoreState *xen_xenstore_singleton;

/* The ring */

static void xs_ring_error(XenXenstoreState *s, uint32_t error)
{
    qemu_log_mask(LOG_GUEST_ERROR, "xen-xenstore: ring error %u: the "
                  "connection waits for the guest to reconnect\n", error);
    trace_xen_xenstore_ring_error(error);
    qatomic_set(&s->xi->error, error);
}

/*
 * Move what the guest wrote into its connection and the connection's
 * answers into the ring, until neither moves. The guest owns the producer
 * of requests and the consumer of answers: both are checked every time,
 * as xenstored does, and the data is copied before it is parsed.
 */
static void xs_serve(XenXenstoreState *s)
{
    struct xenstore_domain_interface *xi = s->xi;
    bool notify = false, progress;
    unsigned int rounds = 0;

    /*
     * Not while the VM is stopped: the ring is guest RAM, which migration
     * may have sent already. A VM start serves what waited.
     */
    if (!s->be_port || !s->conn || !runstate_is_running()) {
        return;
    }
    if (qatomic_read(&xi->connection) == XENSTORE_RECONNECT) {
        /* The guest starts afresh: nothing of the old connection stays. */
        xs_conn_reset(s->conn);
        xi->req_cons = xi->req_prod = 0;
        xi->rsp_cons = xi->rsp_prod = 0;
        xi->error = XENSTORE_ERROR_NONE;
        smp_wmb();      /* the indices are reset before the guest sees it */
        qatomic_set(&xi->connection, XENSTORE_CONNECTED);
        notify = true;
        trace_xen_xenstore_reconnect();
    }
    if (qatomic_read(&xi->error) != XENSTORE_ERROR_NONE) {
        goto out;
    }
    do {
        XENSTORE_RING_IDX cons, prod;
        uint8_t buf[XENSTORE_RING_SIZE];
        size_t avail, n;

        progress = false;

        cons = qatomic_read(&xi->req_cons);
        prod = qatomic_read(&xi->req_prod);
        smp_rmb();      /* the request bytes are read after req_prod */
        avail = prod - cons;
        if (avail > XENSTORE_RING_SIZE) {
            xs_ring_error(s, XENSTORE_ERROR_RINGIDX);
            notify = true;
            break;
        }
        while (avail) {
            size_t chunk = MIN(avail, XENSTORE_RING_SIZE -
                               MASK_XENSTORE_IDX(cons));

            memcpy(buf, &xi->req[MASK_XENSTORE_IDX(cons)], chunk);
            n = xs_conn_write(s->conn, buf, chunk);
            cons += n;
            avail -= n;
            if (n) {
                progress = true;
            }
            if (n < chunk) {
                break;
            }
        }
        smp_mb();       /* the bytes are copied before the slots are freed */
        qatomic_set(&xi->req_cons, cons);

        if (xs_conn_error(s->conn) != XENSTORE_ERROR_NONE) {
            xs_ring_error(s, xs_conn_error(s->conn));
            notify = true;
            break;
        }

        cons = qatomic_read(&xi->rsp_cons);
        prod = qatomic_read(&xi->rsp_prod);
        smp_mb();       /* slots are written after the guest freed them */
        if (prod - cons > XENSTORE_RING_SIZE) {
            xs_ring_error(s, XENSTORE_ERROR_RINGIDX);
            notify = true;
            break;
        }
        avail = XENSTORE_RING_SIZE - (prod - cons);
        while (avail && xs_conn_has_output(s->conn)) {
            size_t chunk = MIN(avail, XENSTORE_RING_SIZE -
                               MASK_XENSTORE_IDX(prod));

            n = xs_conn_read(s->conn, &xi->rsp[MASK_XENSTORE_IDX(prod)],
                             chunk);
            if (!n) {
                break;
            }
            prod += n;
            avail -= n;
            progress = true;
        }
        smp_wmb();      /* the answer bytes are there before rsp_prod */
        qatomic_set(&xi->rsp_prod, prod);
        notify |= progress;
        /* A guest that keeps the ring busy does not keep the main loop. */
        if (progress && ++rounds == 16) {
            qemu_bh_schedule(s->serve_bh);
            break;
        }
    } while (progress);
out:
    if (notify) {
        memory_region_set_dirty(&s->page, 0, XEN_PAGE_SIZE);
        xen_be_evtchn_notify(s->be_port);
    }
}

static void xs_guest_notified(void *opaque)
{
    xs_serve(opaque);
}

static void xs_serve_bh(void *opaque)
{
    xs_serve(opaque);
}

/* A watch queued an event on the guest's connection. */
static void xs_conn_notify(void *opaque)
{
    XenXenstoreState *s = opaque;

    qemu_bh_schedule(s->serve_bh);
}

/* QEMU's own clients, as domain 0 */

/* A node's value as a C string: empty (never NULL) for an empty node. */
static char *xs_value_str(GByteArray *data)
{
    return g_strndup(data->len ? (const char *)data->data : "", data->len);
}

static XenXenstoreState *xs_state(void)
{
    return xen_xenstore_singleton && xen_xenstore_singleton->store ?
           xen_xenstore_singleton : NULL;
}

/* Changes made by domain 0 may fire the guest's watches. */
static void xs_changed(XenXenstoreState *s)
{
    qemu_bh_schedule(s->serve_bh);
}

int xen_xenstore_read(XsTransaction tx, const char *path, GByteArray *data)
{
    XenXenstoreState *s = xs_state();

    return s ? -xs_impl_read(s->store, 0, tx, path, data) : -ENOTSUP;
}

char *xen_xenstore_read_str(XsTransaction tx, const char *path)
{
    g_autoptr(GByteArray) data = g_byte_array_new();

    if (xen_xenstore_read(tx, path, data)) {
        return NULL;
    }
    return xs_value_str(data);
}

int xen_xenstore_write(XsTransaction tx, const char *path, const void *data,
                       size_t len)
{
    XenXenstoreState *s = xs_state();
    g_autoptr(GByteArray) value = g_byte_array_new();
    int ret;

    if (!s) {
        return -ENOTSUP;
    }
    g_byte_array_append(value, data, len);
    ret = -xs_impl_write(s->store, 0, tx, path, value);
    xs_changed(s);
    return ret;
}

int xen_xenstore_printf(XsTransaction tx, const char *path,
                        const char *fmt, ...)
{
    g_autofree char *value = NULL;
    va_list ap;

    va_start(ap, fmt);
    value = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    return xen_xenstore_write(tx, path, value, strlen(value));
}

int xen_xenstore_mkdir(XsTransaction tx, const char *path)
{
    XenXenstoreState *s = xs_state();
    int ret;

    if (!s) {
        return -ENOTSUP;
    }
    ret = -xs_impl_mkdir(s->store, 0, tx, path);
    xs_changed(s);
    return ret;
}

int xen_xenstore_rm(XsTransaction tx, const char *path)
{
    XenXenstoreState *s = xs_state();
    int ret;

    if (!s) {
        return -ENOTSUP;
    }
    ret = -xs_impl_rm(s->store, 0, tx, path);
    xs_changed(s);
    return ret;
}

int xen_xenstore_directory(XsTransaction tx, const char *path, GList **items)
{
    XenXenstoreState *s = xs_state();
    uint64_t gencnt;

    return s ? -xs_impl_directory(s->store, 0, tx, path, &gencnt, items)
             : -ENOTSUP;
}

int xen_xenstore_get_perms(XsTransaction tx, const char *path, GList **perms)
{
    XenXenstoreState *s = xs_state();

    return s ? -xs_impl_get_perms(s->store, 0, tx, path, perms) : -ENOTSUP;
}

int xen_xenstore_set_perms(XsTransaction tx, const char *path, GList *perms)
{
    XenXenstoreState *s = xs_state();
    int ret;

    if (!s) {
        return -ENOTSUP;
    }
    ret = -xs_impl_set_perms(s->store, 0, tx, path, perms);
    xs_changed(s);
    return ret;
}

int xen_xenstore_transaction_start(XsTransaction *tx)
{
    XenXenstoreState *s = xs_state();

    return s ? -xs_impl_transaction_start(s->store, 0, tx) : -ENOTSUP;
}

int xen_xenstore_transaction_end(XsTransaction tx, bool commit)
{
    XenXenstoreState *s = xs_state();
    int ret;

    if (!s) {
        return -ENOTSUP;
    }
    ret = -xs_impl_transaction_end(s->store, 0, tx, commit);
    xs_changed(s);
    return ret;
}

const char *xen_xenstore_domain_path(void)
{
    XenXenstoreState *s = xs_state();

    return s ? s->home : NULL;
}

/* The store calls this; the client's callback runs later, from event_bh. */
static void xs_watch_fired(void *opaque, const char *path, const char *token)
{
    XenXenstoreWatch *w = opaque;
    XenXenstoreState *s = xen_xenstore_singleton;
    XenXenstoreEvent *ev;

    if (w->queued >= XS_CLIENT_EVENTS_MAX) {
        return;                 /* its callback will read the tree anyway */
    }
    w->queued++;
    ev = g_new(XenXenstoreEvent, 1);
    ev->watch = w;
    ev->path = g_strdup(path);
    QSIMPLEQ_INSERT_TAIL(&s->events, ev, next);
    qemu_bh_schedule(s->event_bh);
}

static void xs_event_bh(void *opaque)
{
    XenXenstoreState *s = opaque;
    XenXenstoreEvent *ev;

    /* A callback may unwatch, which drops that watch's queued events. */
    while ((ev = QSIMPLEQ_FIRST(&s->events))) {
        QSIMPLEQ_REMOVE_HEAD(&s->events, next);
        ev->watch->queued--;
        ev->watch->fn(ev->watch->opaque, ev->path);
        g_free(ev->path);
        g_free(ev);
    }
}

XenXenstoreWatch *xen_xenstore_watch(const char *path, XenXenstoreWatchFn *fn,
                                     void *opaque)
{
    XenXenstoreState *s = xs_state();
    XenXenstoreWatch *w;

    if (!s) {
        return NULL;
    }
    w = g_new0(XenXenstoreWatch, 1);
    w->fn = fn;
    w->opaque = opaque;
    w->path = g_strdup(path);
    snprintf(w->token, sizeof(w->token), "qemu-%" PRIu64, s->next_token++);
    if (xs_impl_watch(s->store, 0, path, w->token, xs_watch_fired, w)) {
        g_free(w->path);
        g_free(w);
        return NULL;
    }
    return w;
}

void xen_xenstore_unwatch(XenXenstoreWatch *w)
{
    XenXenstoreState *s = xs_state();
    XenXenstoreEvent *ev, *tmp;

    if (!s || !w) {
        return;
    }
    xs_impl_unwatch(s->store, 0, w->path, w->token, xs_watch_fired, w);
    QSIMPLEQ_FOREACH_SAFE(ev, &s->events, next, tmp) {
        if (ev->watch == w) {
            QSIMPLEQ_REMOVE(&s->events, ev, XenXenstoreEvent, next);
            g_free(ev->path);
            g_free(ev);
        }
    }
    g_free(w->path);
    g_free(w);
}

/* Monitor commands: domain 0's access */

/* xenstored's name for @err, as a guest would see it. */
static const char *xs_errname(int err)
{
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(xsd_errors); i++) {
        if (xsd_errors[i].errnum == err) {
            return xsd_errors[i].errstring;
        }
    }
    return "EINVAL";
}

static bool xs_qmp_check(int ret, const char *path, Error **errp)
{
    if (ret == -ENOTSUP) {
        error_setg(errp, "XenStore is not available: Xen emulation is off "
                   "(-accel kvm,xen-version=...)");
    } else if (ret) {
        error_setg(errp, "XenStore: %s: %s (%s)", path, xs_errname(-ret),
                   strerror(-ret));
    }
    return !ret;
}

XenXenstoreValue *qmp_xen_xenstore_read(const char *path, Error **errp)
{
    g_autoptr(GByteArray) data = g_byte_array_new();
    XenXenstoreValue *v;

    if (!xs_qmp_check(xen_xenstore_read(XS_TRANSACTION_NONE, path, data),
                      path, errp)) {
        return NULL;
    }
    v = g_new0(XenXenstoreValue, 1);
    v->value = xs_value_str(data);
    return v;
}

void qmp_xen_xenstore_write(const char *path, const char *value,
                            Error **errp)
{
    xs_qmp_check(xen_xenstore_write(XS_TRANSACTION_NONE, path, value,
                                    strlen(value)), path, errp);
}

static strList *xs_strlist(GList *items)
{
    strList *head = NULL, **tail = &head;
    GList *l;

    for (l = items; l; l = l->next) {
        QAPI_LIST_APPEND(tail, g_strdup(l->data));
    }
    g_list_free_full(items, g_free);
    return head;
}

XenXenstoreChildren *qmp_xen_xenstore_list(const char *path, Error **errp)
{
    XenXenstoreChildren *c;
    GList *items = NULL;

    if (!xs_qmp_check(xen_xenstore_directory(XS_TRANSACTION_NONE, path,
                                             &items), path, errp)) {
        return NULL;
    }
    c = g_new0(XenXenstoreChildren, 1);
    c->children = xs_strlist(items);
    return c;
}

void qmp_xen_xenstore_rm(const char *path, Error **errp)
{
    xs_qmp_check(xen_xenstore_rm(XS_TRANSACTION_NONE, path), path, errp);
}

XenXenstorePerms *qmp_xen_xenstore_get_perms(const char *path, Error **errp)
{
    XenXenstorePerms *p;
    GList *perms = NULL;

    if (!xs_qmp_check(xen_xenstore_get_perms(XS_TRANSACTION_NONE, path,
                                             &perms), path, errp)) {
        return NULL;
    }
    p = g_new0(XenXenstorePerms, 1);
    p->perms = xs_strlist(perms);
    return p;
}

void qmp_xen_xenstore_set_perms(const char *path, strList *perms,
                                Error **errp)
{
    GList *l = NULL;

    for (; perms; perms = perms->next) {
        l = g_list_append(l, perms->value);
    }
    xs_qmp_check(xen_xenstore_set_perms(XS_TRANSACTION_NONE, path, l),
                 path, errp);
    g_list_free(l);
}

/*
 * The monitor's watches, by path and token. A guest writing in a loop
 * must not fill the monitor's output: each watch sends at most
 * XS_QMP_EVENTS_PER_SEC events a second, and one for the watched path
 * itself when the second is over if it had to hold back more.
 */
#define XS_QMP_EVENTS_PER_SEC 10

typedef struct XsQmpWatch {
    char *path;
    char *token;
    XenXenstoreWatch *watch;
    int64_t window_start;       /* QEMU_CLOCK_REALTIME, ms */
    unsigned int sent;          /* events sent in this window */
    bool held_back;             /* more came: one for @path at its end */
    QEMUTimer *timer;
} XsQmpWatch;

static GList *xs_qmp_watches;

static void xs_qmp_send(XsQmpWatch *qw, const char *path, bool coalesced)
{
    trace_xen_xenstore_qmp_event(path, qw->token, coalesced);
    qapi_event_send_xen_xenstore_watch(path, qw->token);
}

static void xs_qmp_watch_fired(void *opaque, const char *path)
{
    XsQmpWatch *qw = opaque;
    int64_t now = qemu_clock_get_ms(QEMU_CLOCK_REALTIME);

    if (now - qw->window_start >= 1000) {
        qw->window_start = now;
        qw->sent = 0;
    }
    if (qw->sent < XS_QMP_EVENTS_PER_SEC) {
        qw->sent++;
        xs_qmp_send(qw, path, false);
    } else if (!qw->held_back) {
        qw->held_back = true;
        timer_mod(qw->timer, qw->window_start + 1000);
    }
}

static void xs_qmp_window_over(void *opaque)
{
    XsQmpWatch *qw = opaque;

    qw->held_back = false;
    qw->window_start = qemu_clock_get_ms(QEMU_CLOCK_REALTIME);
    qw->sent = 1;
    xs_qmp_send(qw, qw->path, true);
}

static void xs_qmp_watch_free(XsQmpWatch *qw)
{
    timer_free(qw->timer);
    g_free(qw->path);
    g_free(qw->token);
    g_free(qw);
}

static GList *xs_qmp_find(const char *path, const char *token)
{
    GList *l;

    for (l = xs_qmp_watches; l; l = l->next) {
        XsQmpWatch *qw = l->data;

        if (!strcmp(qw->path, path) && !strcmp(qw->token, token)) {
            return l;
        }
    }
    return NULL;
}

void qmp_xen_xenstore_watch(const char *path, const char *token,
                            Error **errp)
{
    XsQmpWatch *qw;

    if (!xs_qmp_check(xs_state() ? 0 : -ENOTSUP, path, errp)) {
        return;
    }
    if (xs_qmp_find(path, token)) {
        xs_qmp_check(-EEXIST, path, errp);
        return;
    }
    qw = g_new0(XsQmpWatch, 1);
    qw->path = g_strdup(path);
    qw->token = g_strdup(token);
    qw->timer = timer_new_ms(QEMU_CLOCK_REALTIME, xs_qmp_window_over, qw);
    qw->watch = xen_xenstore_watch(path, xs_qmp_watch_fired, qw);
    if (!qw->watch) {
        error_setg(errp, "XenStore: cannot watch %s", path);
        xs_qmp_watch_free(qw);
        return;
    }
    xs_qmp_watches = g_list_prepend(xs_qmp_watches, qw);
}

void qmp_xen_xenstore_unwatch(const char *path, const char *token,
                              Error **errp)
{
    GList *l = xs_qmp_find(path, token);
    XsQmpWatch *qw;

    if (!l) {
        xs_qmp_check(-ENOENT, path, errp);
        return;
    }
    qw = l->data;
    xs_qmp_watches = g_list_delete_link(xs_qmp_watches, l);
    xen_xenstore_unwatch(qw->watch);
    xs_qmp_watch_free(qw);
}

/* A guest's bytes for a terminal: printable ASCII, the rest escaped. */
static char *xs_escape(GByteArray *data)
{
    GString *out = g_string_new(NULL);
    unsigned int i;

    for (i = 0; i < data->len; i++) {
        uint8_t c = data->data[i];

        if (c >= 0x20 && c < 0x7f && c != '\\' && c != '"') {
            g_string_append_c(out, c);
        } else {
            g_string_append_printf(out, "\\x%02x", c);
        }
    }
    return g_string_free(out, false);
}

void hmp_xen_xenstore_read(Monitor *mon, const QDict *qdict)
{
    const char *path = qdict_get_str(qdict, "path");
    g_autoptr(GByteArray) data = g_byte_array_new();
    g_autofree char *value = NULL;
    Error *err = NULL;

    if (!xs_qmp_check(xen_xenstore_read(XS_TRANSACTION_NONE, path, data),
                      path, &err)) {
        hmp_handle_error(mon, err);
        return;
    }
    value = xs_escape(data);
    monitor_printf(mon, "%s\n", value);
}

void hmp_xen_xenstore_write(Monitor *mon, const QDict *qdict)
{
    Error *err = NULL;

    qmp_xen_xenstore_write(qdict_get_str(qdict, "path"),
                           qdict_get_str(qdict, "value"), &err);
    hmp_handle_error(mon, err);
}

static void xs_hmp_ls(Monitor *mon, const char *path, int depth)
{
    g_autoptr(GByteArray) data = g_byte_array_new();
    GList *items = NULL, *perms = NULL, *l;
    g_autofree char *value = NULL;

    xen_xenstore_read(XS_TRANSACTION_NONE, path, data);
    value = xs_escape(data);
    xen_xenstore_get_perms(XS_TRANSACTION_NONE, path, &perms);
    monitor_printf(mon, "%*s%s = \"%s\" (", depth * 2, "",
                   depth ? strrchr(path, '/') + 1 : path, value);
    for (l = perms; l; l = l->next) {
        monitor_printf(mon, "%s%s", (char *)l->data, l->next ? "," : "");
    }
    monitor_printf(mon, ")\n");
    g_list_free_full(perms, g_free);
    if (xen_xenstore_directory(XS_TRANSACTION_NONE, path, &items)) {
        return;
    }
    for (l = items; l; l = l->next) {
        g_autofree char *child = g_strdup_printf("%s%s%s", path,
                                                 strcmp(path, "/") ? "/" : "",
                                                 (char *)l->data);

        xs_hmp_ls(mon, child, depth + 1);
    }
    g_list_free_full(items, g_free);
}

void hmp_xen_xenstore_ls(Monitor *mon, const QDict *qdict)
{
    const char *path = qdict_get_try_str(qdict, "path");

    if (!xs_state()) {
        monitor_printf(mon, "XenStore is not available: Xen emulation is "
                       "off\n");
        return;
    }
    xs_hmp_ls(mon, path ? path : "/", 0);
}

/* The tree a Xen toolstack (libxl) writes for a new HVM domain */

static void xs_mknod(XenXenstoreState *s, const char *path, bool guest_rw)
{
    unsigned int domid = xen_domid;
    g_autofree char *owner_guest = g_strdup_printf("n%u", domid);
    g_autofree char *read_guest = g_strdup_printf("r%u", domid);
    GList *perms = NULL;

    /* libxl's roperm: domain 0's, readable by the guest; rwperm: its own. */
    if (guest_rw) {
        perms = g_list_append(perms, owner_guest);
    } else {
        perms = g_list_append(perms, (char *)"n0");
        perms = g_list_append(perms, read_guest);
    }
    if (xs_impl_mkdir(s->store, 0, 0, path) ||
        xs_impl_set_perms(s->store, 0, 0, path, perms)) {
        error_report("xen-xenstore: cannot create %s", path);
    }
    g_list_free(perms);
}

/* Write @value at @s->home + @rel ("" for the home itself), or elsewhere. */
static void xs_put(XenXenstoreState *s, bool home, const char *rel,
                   const char *fmt, ...)
{
    g_autofree char *path = g_strdup_printf("%s%s", home ? s->home : "", rel);
    g_autoptr(GByteArray) data = g_byte_array_new();
    g_autofree char *value = NULL;
    va_list ap;

    va_start(ap, fmt);
    value = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_byte_array_append(data, (const uint8_t *)value, strlen(value));
    if (xs_impl_write(s->store, 0, XS_TRANSACTION_NONE, path, data)) {
        error_report("xen-xenstore: cannot write %s", path);
    }
}

/*
 * As libxl__domain_make() and libxl__build_post() for an HVM domain: the
 * guest may read its home and write only where libxl lets it.
 */
static void xs_populate(XenXenstoreState *s)
{
    static const char *const ro_dirs[] = {
        "", "/cpu", "/memory", "/device", "/control", "/hvmloader",
    };
    static const char *const rw_dirs[] = {
        "/device/suspend/event-channel", "/control/shutdown",
        "/control/feature-poweroff", "/control/feature-reboot",
        "/control/feature-suspend", "/control/feature-s3",
        "/control/feature-s4", "/control/sysrq", "/data", "/drivers",
        "/feature", "/attr", "/error",
    };
    g_autofree char *uuid = qemu_uuid_unparse_strdup(&qemu_uuid);
    g_autofree char *vm = g_strdup_printf("/vm/%s", uuid);
    MachineState *ms = MACHINE(qdev_get_machine());
    uint64_t ram_kb = ms->ram_size / KiB;
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(ro_dirs); i++) {
        g_autofree char *path = g_strdup_printf("%s%s", s->home, ro_dirs[i]);

        xs_mknod(s, path, false);
    }
    xs_mknod(s, vm, false);
    for (i = 0; i < ARRAY_SIZE(rw_dirs); i++) {
        g_autofree char *path = g_strdup_printf("%s%s", s->home, rw_dirs[i]);

        xs_mknod(s, path, true);
    }
    xs_put(s, true, "/vm", "%s", vm);
    xs_put(s, true, "/name", "%s", qemu_name ? qemu_name : "");
    xs_put(s, true, "/domid", "%u", xen_domid);
    xs_put(s, true, "/memory/static-max", "%" PRIu64, ram_kb);
    xs_put(s, true, "/memory/target", "%" PRIu64, ram_kb);
    xs_put(s, true, "/memory/videoram", "%d", 0);
    xs_put(s, true, "/store/port", "%u", s->guest_port);
    xs_put(s, true, "/store/ring-ref", "%" PRIu64,
           (uint64_t)XEN_SPECIAL_PFN(XENSTORE));
    for (i = 0; i < ms->smp.max_cpus; i++) {
        g_autofree char *rel = g_strdup_printf("/cpu/%u/availability", i);

        xs_put(s, true, rel, "%s", i < ms->smp.cpus ? "online" : "offline");
    }
    xs_put(s, true, "/control/platform-feature-multiprocessor-suspend",
           "1");
    xs_put(s, true, "/control/platform-feature-xs_reset_watches", "1");
    xs_put(s, true, "/platform/acpi", "%d", 1);
    xs_put(s, true, "/platform/acpi_s3", "%d", 0);
    xs_put(s, true, "/platform/acpi_s4", "%d", 0);
    xs_put(s, true, "/platform/device-model", "qemu_xen");
    {
        g_autofree char *vm_uuid = g_strdup_printf("%s/uuid", vm);
        g_autofree char *vm_name = g_strdup_printf("%s/name", vm);
        g_autofree char *vm_ostype = g_strdup_printf("%s/image/ostype", vm);

        xs_put(s, false, vm_uuid, "%s", uuid);
        xs_put(s, false, vm_name, "%s", qemu_name ? qemu_name : "");
        xs_put(s, false, vm_ostype, "hvm");
    }
    xs_put(s, false, "/local/domain/0/name", "Domain-0");
    xs_put(s, false, "/local/domain/0/domid", "0");
}

/* Everything but the root, as domain 0 may remove it. */
static void xs_clear(XenXenstoreState *s)
{
    GList *items = NULL, *l;
    uint64_t gencnt;

    if (xs_impl_directory(s->store, 0, XS_TRANSACTION_NONE, "/", &gencnt,
                          &items)) {
        return;
    }
    for (l = items; l; l = l->next) {
        g_autofree char *path = g_strdup_printf("/%s", (char *)l->data);

        xs_impl_rm(s->store, 0, XS_TRANSACTION_NONE, path);
    }
    g_list_free_full(items, g_free);
}

/* The device */

/*
 * A fresh connection on a clean ring, and a port for the guest
 * (HVM_PARAM_STORE_EVTCHN) that this end binds, as a toolstack gives a new
 * domain, or a domain after a soft reset (which closed its ports).
 */
static void xs_connect_guest(XenXenstoreState *s)
{
    if (s->be_port) {
        xen_be_evtchn_unbind(s->be_port);
        s->be_port = 0;
    }
    /* The guest's watches and transactions go with its connection. */
    xs_conn_reset(s->conn);

    memset(s->xi, 0, XEN_PAGE_SIZE);
    s->xi->server_features = XENSTORE_SERVER_FEATURE_RECONNECTION |
                             XENSTORE_SERVER_FEATURE_ERROR;
    memory_region_set_dirty(&s->page, 0, XEN_PAGE_SIZE);

    s->guest_port = 0;
    if (xen_be_evtchn_alloc_guest_port(&s->guest_port) ||
        xen_be_evtchn_bind_interdomain(s->guest_port, xs_guest_notified, s,
                                       true, &s->be_port)) {
        error_report("xen-xenstore: no event channel for the guest");
        s->guest_port = s->be_port = 0;
    }
    kvm_xen_set_hvm_param(HVM_PARAM_STORE_PFN, XEN_SPECIAL_PFN(XENSTORE));
    kvm_xen_set_hvm_param(HVM_PARAM_STORE_EVTCHN, s->guest_port);
    trace_xen_xenstore_connect(s->guest_port, s->be_port);
}

/*
 * A new domain's store: the toolstack's tree and a fresh connection. In
 * the exit phase of reset, once the event channels have been reset. The
 * tree is emptied, which QEMU's own watchers see; their watches stay, and
 * see the old domain released and the new one introduced.
 */
static void xen_xenstore_reset_exit(Object *obj)
{
    XenXenstoreState *s = XEN_XENSTORE(obj);
    XenXenstoreEvent *ev;

    while ((ev = QSIMPLEQ_FIRST(&s->events))) {
        QSIMPLEQ_REMOVE_HEAD(&s->events, next);
        ev->watch->queued--;    /* else a watch at its cap stays silent */
        g_free(ev->path);
        g_free(ev);
    }
    /* As xenstored when the toolstack destroys the domain it restarts. */
    if (s->introduced) {
        xs_impl_fire_special(s->store, "@releaseDomain");
    }
    xs_connect_guest(s);
    xs_clear(s);
    xs_populate(s);
    /* As xenstored when the toolstack introduces the domain. */
    xs_impl_fire_special(s->store, "@introduceDomain");
    s->introduced = true;
}

/*
 * SHUTDOWN_soft_reset closed the guest's ports: as libxl does, a new port
 * for the store, so that the kexec'd kernel finds it in the HVM param.
 */
static void xen_xenstore_soft_reset(Notifier *n, void *opaque)
{
    XenXenstoreState *s = container_of(n, XenXenstoreState, soft_reset);

    xs_connect_guest(s);
    xs_put(s, true, "/store/port", "%u", s->guest_port);
}

static void xen_xenstore_vm_state(void *opaque, bool running, RunState state)
{
    XenXenstoreState *s = opaque;

    if (running) {
        qemu_bh_schedule(s->serve_bh);
    }
}

/* As a toolstack asks a guest to shut down: the guest's watch sees it. */
static void xen_xenstore_powerdown(Notifier *n, void *opaque)
{
    XenXenstoreState *s = container_of(n, XenXenstoreState, powerdown);
    g_autofree char *path = g_strdup_printf("%s/control/shutdown", s->home);

    xen_xenstore_write(XS_TRANSACTION_NONE, path, "poweroff",
                       strlen("poweroff"));
}

static void xen_xenstore_realize(DeviceState *dev, Error **errp)
{
    XenXenstoreState *s = XEN_XENSTORE(dev);
    Error *err = NULL;

    if (!kvm_xen_enabled()) {
        error_setg(errp, "xen-xenstore requires Xen emulation "
                   "(-accel kvm,xen-version=...)");
        return;
    }
    /* A guest with none of these could not use the store at all. */
    if (!s->quota.outstanding || !s->quota.perms || !s->quota.path_len ||
        !s->quota.memory) {
        error_setg(errp, "xen-xenstore: quota-%s must be at least 1",
                   !s->quota.outstanding ? "outstanding" :
                   !s->quota.perms ? "perms" :
                   !s->quota.path_len ? "path-len" : "memory");
        return;
    }
    if (s->quota.path_len > XENSTORE_REL_PATH_MAX) {
        error_setg(errp, "xen-xenstore: quota-path-len must be at most %u, "
                   "the protocol's limit", XENSTORE_REL_PATH_MAX);
        return;
    }
    memory_region_init_ram(&s->page, OBJECT(dev), "xen:xenstore",
                           XEN_PAGE_SIZE, &err);
    if (err) {
        error_propagate(errp, err);
        return;
    }
    s->xi = memory_region_get_ram_ptr(&s->page);
    /* Where the toolstack puts it, for good: reserved in the e820 map. */
    if (xen_overlay_do_map_page(&s->page,
                                XEN_SPECIAL_PFN(XENSTORE) << XEN_PAGE_SHIFT)) {
        error_setg(errp, "xen-xenstore: cannot place the ring page");
        return;
    }
    s->home = g_strdup_printf("/local/domain/%u", xen_domid);
    s->store = xs_store_new(xen_domid, &s->quota);
    s->conn = xs_conn_new(s->store, xen_domid, xs_conn_notify, s);
    s->serve_bh = qemu_bh_new_guarded(xs_serve_bh, s,
                                      &dev->mem_reentrancy_guard);
    /*
     * Clients' watch callbacks run from the main loop proper, as from
     * libxenstore's descriptor, never from a block layer's nested poll
     * (a backend's realize reading its disk must not see its own watches).
     */
    s->event_bh = aio_bh_new_guarded(iohandler_get_aio_context(), xs_event_bh,
                                     s, &dev->mem_reentrancy_guard);
    QSIMPLEQ_INIT(&s->events);
    qemu_add_vm_change_state_handler(xen_xenstore_vm_state, s);
    s->powerdown.notify = xen_xenstore_powerdown;
    qemu_register_powerdown_notifier(&s->powerdown);
    s->soft_reset.notify = xen_xenstore_soft_reset;
    kvm_xen_add_soft_reset_notifier(&s->soft_reset);
}

static int xen_xenstore_pre_save(void *opaque)
{
    XenXenstoreState *s = opaque;
    GByteArray *data = xs_store_serialise(s->store, s->conn);

    g_free(s->mig_data);
    s->mig_len = data->len;
    s->mig_data = g_byte_array_free(data, false);
    return 0;
}

static int xen_xenstore_post_save(void *opaque)
{
    XenXenstoreState *s = opaque;

    g_free(s->mig_data);
    s->mig_data = NULL;
    s->mig_len = 0;
    return 0;
}

static int xen_xenstore_post_load(void *opaque, int version_id)
{
    XenXenstoreState *s = opaque;
    int ret;

    /* QEMU's watchers registered on this side's store keep their watches. */
    ret = xs_store_deserialise(s->store, s->conn, s->mig_data, s->mig_len);
    g_free(s->mig_data);
    s->mig_data = NULL;
    s->mig_len = 0;
    if (ret) {
        error_report("xen-xenstore: the migrated store does not parse");
        return ret;
    }
    /*
     * The guest's port comes with the event channels, relinked to this
     * side's end (the store's, bound at reset on both sides). A guest
     * may have closed it: then there is nothing to serve until it binds
     * again, as under Xen.
     */
    if (s->guest_port && !xen_be_evtchn_bound_to(s->be_port, s->guest_port)) {
        trace_xen_xenstore_port_gone(s->guest_port);
    }
    return 0;
}

static const VMStateDescription vmstate_xen_xenstore = {
    .name = "xen-emu/xenstore",
    .version_id = 1,
    .minimum_version_id = 1,
    .pre_save = xen_xenstore_pre_save,
    .post_save = xen_xenstore_post_save,
    .post_load = xen_xenstore_post_load,
    .fields = (VMStateField[]) {
        VMSTATE_UINT32(guest_port, XenXenstoreState),
        VMSTATE_UINT32(mig_len, XenXenstoreState),
        VMSTATE_VBUFFER_ALLOC_UINT32(mig_data, XenXenstoreState, 0, NULL,
                                     mig_len),
        VMSTATE_END_OF_LIST()
    }
};

static Property xen_xenstore_properties[] = {
    DEFINE_PROP_UINT32("quota-nodes", XenXenstoreState, quota.nodes,
                       XS_QUOTA_DEFAULT_NODES),
    DEFINE_PROP_UINT32("quota-node-size", XenXenstoreState,
                       quota.node_size, XS_QUOTA_DEFAULT_NODE_SIZE),
    DEFINE_PROP_UINT32("quota-watches", XenXenstoreState,
                       quota.watches, XS_QUOTA_DEFAULT_WATCHES),
    DEFINE_PROP_UINT32("quota-transactions", XenXenstoreState,
                       quota.transactions, XS_QUOTA_DEFAULT_TRANSACTIONS),
    DEFINE_PROP_UINT32("quota-outstanding", XenXenstoreState,
                       quota.outstanding, XS_QUOTA_DEFAULT_OUTSTANDING),
    DEFINE_PROP_UINT32("quota-path-len", XenXenstoreState, quota.path_len,
                       XS_QUOTA_DEFAULT_PATH_LEN),
    DEFINE_PROP_UINT32("quota-perms", XenXenstoreState, quota.perms,
                       XS_QUOTA_DEFAULT_PERMS),
    DEFINE_PROP_UINT32("quota-transaction-nodes", XenXenstoreState,
                       quota.transaction_nodes,
                       XS_QUOTA_DEFAULT_TRANSACTION_NODES),
    DEFINE_PROP_UINT32("quota-memory", XenXenstoreState, quota.memory,
                       XS_QUOTA_DEFAULT_MEMORY),
    DEFINE_PROP_END_OF_LIST(),
};

static void xen_xenstore_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->realize = xen_xenstore_realize;
    rc->phases.exit = xen_xenstore_reset_exit;
    dc->vmsd = &vmstate_xen_xenstore;
    device_class_set_props(dc, xen_xenstore_properties);
    dc->user_creatable = false;
}

static const TypeInfo xen_xenstore_info = {
    .name          = TYPE_XEN_XENSTORE,
    .parent        = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(XenXenstoreState),
    .class_init    = xen_xenstore_class_init,
};

void xen_xenstore_create(void)
{
    xen_xenstore_singleton =
        XEN_XENSTORE(sysbus_create_simple(TYPE_XEN_XENSTORE, -1, NULL));
}

static void xen_xenstore_register_types(void)
{
    type_register_static(&xen_xenstore_info);
}

type_init(xen_xenstore_register_types)
