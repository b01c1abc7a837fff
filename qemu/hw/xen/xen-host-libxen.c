/*
 * Xen PV backends' host operations on real Xen, over Xen's libraries.
 *
 * Copyright (c) 2018  Citrix Systems Inc.
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 */

#include "qemu/osdep.h"
#include "qemu/main-loop.h"
#include "qemu/queue.h"
/*
 * First: it brings Xen's full grant_table.h (GNTCOPY_*, GNTST_*), which
 * QEMU's minimal copy in xen-host-ops.h would otherwise shadow.
 */
#include "hw/xen/xen_common.h"
#include "hw/xen/xen-host-ops.h"

struct XenHostEvtchn {
    xenevtchn_handle *xeh;
};

static XenHostEvtchn *libxen_evtchn_open(void)
{
    xenevtchn_handle *xeh;
    XenHostEvtchn *h;

    xeh = xenevtchn_open(NULL, 0);
    if (!xeh) {
        return NULL;
    }

    h = g_new0(XenHostEvtchn, 1);
    h->xeh = xeh;
    return h;
}

static int libxen_evtchn_close(XenHostEvtchn *h)
{
    int rc;

    if (!h) {
        return 0;
    }

    rc = xenevtchn_close(h->xeh);
    g_free(h);
    return rc;
}

static int libxen_evtchn_bind_interdomain(XenHostEvtchn *h, domid_t domid,
                                          evtchn_port_t guest_port)
{
    return xenevtchn_bind_interdomain(h->xeh, domid, guest_port);
}

static int libxen_evtchn_unbind(XenHostEvtchn *h, evtchn_port_t port)
{
    return xenevtchn_unbind(h->xeh, port);
}

static int libxen_evtchn_notify(XenHostEvtchn *h, evtchn_port_t port)
{
    return xenevtchn_notify(h->xeh, port);
}

static int libxen_evtchn_fd(XenHostEvtchn *h)
{
    return xenevtchn_fd(h->xeh);
}

static int libxen_evtchn_pending(XenHostEvtchn *h)
{
    return xenevtchn_pending(h->xeh);
}

static int libxen_evtchn_unmask(XenHostEvtchn *h, evtchn_port_t port)
{
    return xenevtchn_unmask(h->xeh, port);
}

struct XenHostGnttab {
    xengnttab_handle *xgt;
};

static XenHostGnttab *libxen_gnttab_open(void)
{
    xengnttab_handle *xgt;
    XenHostGnttab *h;

    xgt = xengnttab_open(NULL, 0);
    if (!xgt) {
        return NULL;
    }

    h = g_new0(XenHostGnttab, 1);
    h->xgt = xgt;
    return h;
}

static int libxen_gnttab_close(XenHostGnttab *h)
{
    int rc;

    if (!h) {
        return 0;
    }

    rc = xengnttab_close(h->xgt);
    g_free(h);
    return rc;
}

static int libxen_gnttab_set_max_grants(XenHostGnttab *h, uint32_t nr)
{
    return xengnttab_set_max_grants(h->xgt, nr);
}

static void *libxen_gnttab_map_refs(XenHostGnttab *h, uint32_t nr,
                                    domid_t domid, uint32_t *refs, int prot)
{
    return xengnttab_map_domain_grant_refs(h->xgt, nr, domid, refs, prot);
}

static int libxen_gnttab_unmap(XenHostGnttab *h, void *addr, uint32_t nr)
{
    return xengnttab_unmap(h->xgt, addr, nr);
}

static int libxen_grant_copy(XenHostGnttab *h, uint32_t nr,
                             xengnttab_grant_copy_segment_t *xsegs)
{
    int rc = xengnttab_grant_copy(h->xgt, nr, xsegs);

    /* xen_common.h's stub for Xen before 4.8 returns -ENOSYS. */
    if (rc < -1) {
        errno = -rc;
        rc = -1;
    }
    return rc;
}

static int libxen_gnttab_copy(XenHostGnttab *h, bool to_domain,
                              domid_t domid, XenHostGrantCopy *segs,
                              uint32_t nr, int16_t *status)
{
    xengnttab_grant_copy_segment_t *xsegs;
    uint32_t i;
    int rc;

    if (!nr) {
        /* Copying nothing succeeds only where copying is supported. */
        return libxen_grant_copy(h, 0, NULL);
    }

    xsegs = g_new0(xengnttab_grant_copy_segment_t, nr);

    for (i = 0; i < nr; i++) {
        xengnttab_grant_copy_segment_t *xseg = &xsegs[i];

        if (to_domain) {
            xseg->flags = GNTCOPY_dest_gref;
            xseg->dest.foreign.domid = domid;
            xseg->dest.foreign.ref = segs[i].ref;
            xseg->dest.foreign.offset = segs[i].offset;
            xseg->source.virt = segs[i].virt;
        } else {
            xseg->flags = GNTCOPY_source_gref;
            xseg->source.foreign.domid = domid;
            xseg->source.foreign.ref = segs[i].ref;
            xseg->source.foreign.offset = segs[i].offset;
            xseg->dest.virt = segs[i].virt;
        }
        xseg->len = segs[i].len;
        /* Segments not reached on failure must not read as copied. */
        xseg->status = GNTST_general_error;
    }

    rc = libxen_grant_copy(h, nr, xsegs);

    for (i = 0; i < nr; i++) {
        if (status) {
            status[i] = xsegs[i].status;
        }
        if (!rc && xsegs[i].status != GNTST_okay) {
            errno = EIO;
            rc = -1;
        }
    }

    g_free(xsegs);
    return rc;
}

static void *libxen_foreignmem_map(domid_t domid, uint64_t *gfns, uint32_t nr,
                                   int prot)
{
    xen_pfn_t *pfns = g_new(xen_pfn_t, nr);
    void *addr = NULL;
    uint32_t i;

    for (i = 0; i < nr; i++) {
        pfns[i] = gfns[i];
        /* xen_pfn_t is narrower on 32-bit hosts. */
        if (pfns[i] != gfns[i]) {
            errno = EINVAL;
            goto out;
        }
    }

    addr = xenforeignmemory_map(xen_fmem, domid, prot, nr, pfns, NULL);

out:
    g_free(pfns);
    return addr;
}

static int libxen_foreignmem_unmap(void *addr, uint32_t nr)
{
    return xenforeignmemory_unmap(xen_fmem, addr, nr);
}

struct XenHostWatch {
    char *path;
    char *token;
    XenHostWatchFn *fn;
    void *opaque;
    QLIST_ENTRY(XenHostWatch) list;
};

struct XenHostStore {
    struct xs_handle *xsh;
    /* Tokens are never reused, so a stale event cannot hit a new watch. */
    uint64_t next_token;
    QLIST_HEAD(, XenHostWatch) watches;
};

static void free_watch(XenHostWatch *w)
{
    g_free(w->path);
    g_free(w->token);
    g_free(w);
}

static XenHostStore *libxen_xs_open(void)
{
    struct xs_handle *xsh = xs_open(0);
    XenHostStore *h;

    if (!xsh) {
        return NULL;
    }

    h = g_new0(XenHostStore, 1);
    h->xsh = xsh;
    QLIST_INIT(&h->watches);
    return h;
}

static void libxen_xs_close(XenHostStore *h)
{
    XenHostWatch *w, *next;

    if (!h) {
        return;
    }

    /* Closing the connection drops any watches left in xenstored. */
    if (!QLIST_EMPTY(&h->watches)) {
        qemu_set_fd_handler(xs_fileno(h->xsh), NULL, NULL, NULL);
    }
    QLIST_FOREACH_SAFE(w, &h->watches, list, next) {
        QLIST_REMOVE(w, list);
        free_watch(w);
    }

    xs_close(h->xsh);
    g_free(h);
}

static char *libxen_xs_read(XenHostStore *h, XenHostTx tx, const char *path,
                            unsigned int *len)
{
    return xs_read(h->xsh, tx, path, len);
}

static bool libxen_xs_write(XenHostStore *h, XenHostTx tx, const char *path,
                            const void *data, unsigned int len)
{
    return xs_write(h->xsh, tx, path, data, len);
}

static bool libxen_xs_rm(XenHostStore *h, XenHostTx tx, const char *path)
{
    return xs_rm(h->xsh, tx, path);
}

static char **libxen_xs_directory(XenHostStore *h, XenHostTx tx,
                                  const char *path, unsigned int *num)
{
    return xs_directory(h->xsh, tx, path, num);
}

static bool libxen_xs_set_perms(XenHostStore *h, XenHostTx tx,
                                const char *path, const XenHostPerm *perms,
                                unsigned int nr)
{
    struct xs_permissions *xperms = g_new0(struct xs_permissions, nr);
    unsigned int i;
    bool ret;

    for (i = 0; i < nr; i++) {
        xperms[i].id = perms[i].domid;
        xperms[i].perms = XS_PERM_NONE;
        if (perms[i].perms & XENHOST_PERM_READ) {
            xperms[i].perms |= XS_PERM_READ;
        }
        if (perms[i].perms & XENHOST_PERM_WRITE) {
            xperms[i].perms |= XS_PERM_WRITE;
        }
    }

    ret = xs_set_permissions(h->xsh, tx, path, xperms, nr);
    g_free(xperms);
    return ret;
}

static XenHostTx libxen_xs_transaction_start(XenHostStore *h)
{
    return xs_transaction_start(h->xsh);
}

static bool libxen_xs_transaction_end(XenHostStore *h, XenHostTx tx,
                                      bool abort)
{
    return xs_transaction_end(h->xsh, tx, abort);
}

/* libxenstore queues watch events and signals them on xs_fileno(). */
static void libxen_xs_event(void *opaque)
{
    XenHostStore *h = opaque;
    XenHostWatch *w;
    char **v;

    v = xs_check_watch(h->xsh);
    if (!v) {
        return;
    }

    QLIST_FOREACH(w, &h->watches, list) {
        if (!strcmp(w->token, v[XS_WATCH_TOKEN])) {
            /* It may unwatch, even close @h: touch neither afterwards. */
            w->fn(w->opaque, v[XS_WATCH_PATH]);
            break;
        }
    }

    free(v);
}

static XenHostWatch *libxen_xs_watch(XenHostStore *h, const char *path,
                                     XenHostWatchFn *fn, void *opaque)
{
    int fd = xs_fileno(h->xsh);
    XenHostWatch *w;

    if (fd < 0) {
        return NULL;
    }

    w = g_new0(XenHostWatch, 1);
    w->path = g_strdup(path);
    w->token = g_strdup_printf("%" PRIu64, h->next_token++);
    w->fn = fn;
    w->opaque = opaque;

    if (!xs_watch(h->xsh, path, w->token)) {
        free_watch(w);
        return NULL;
    }

    /* Events are only read in the main loop, so none is missed here. */
    if (QLIST_EMPTY(&h->watches)) {
        qemu_set_fd_handler(fd, libxen_xs_event, NULL, h);
    }
    QLIST_INSERT_HEAD(&h->watches, w, list);
    return w;
}

static void libxen_xs_unwatch(XenHostStore *h, XenHostWatch *w)
{
    xs_unwatch(h->xsh, w->path, w->token);

    QLIST_REMOVE(w, list);
    if (QLIST_EMPTY(&h->watches)) {
        qemu_set_fd_handler(xs_fileno(h->xsh), NULL, NULL, NULL);
    }
    free_watch(w);
}

const XenHostOps xen_host_libxen_ops = {
    .evtchn_open = libxen_evtchn_open,
    .evtchn_close = libxen_evtchn_close,
    .evtchn_bind_interdomain = libxen_evtchn_bind_interdomain,
    .evtchn_unbind = libxen_evtchn_unbind,
    .evtchn_notify = libxen_evtchn_notify,
    .evtchn_fd = libxen_evtchn_fd,
    .evtchn_pending = libxen_evtchn_pending,
    .evtchn_unmask = libxen_evtchn_unmask,

    .gnttab_open = libxen_gnttab_open,
    .gnttab_close = libxen_gnttab_close,
    .gnttab_set_max_grants = libxen_gnttab_set_max_grants,
    .gnttab_map_refs = libxen_gnttab_map_refs,
    .gnttab_unmap = libxen_gnttab_unmap,
    .gnttab_copy = libxen_gnttab_copy,

    .foreignmem_map = libxen_foreignmem_map,
    .foreignmem_unmap = libxen_foreignmem_unmap,

    .xs_open = libxen_xs_open,
    .xs_close = libxen_xs_close,
    .xs_read = libxen_xs_read,
    .xs_write = libxen_xs_write,
    .xs_rm = libxen_xs_rm,
    .xs_directory = libxen_xs_directory,
    .xs_set_perms = libxen_xs_set_perms,
    .xs_transaction_start = libxen_xs_transaction_start,
    .xs_transaction_end = libxen_xs_transaction_end,
    .xs_watch = libxen_xs_watch,
    .xs_unwatch = libxen_xs_unwatch,
};
