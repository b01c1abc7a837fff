/*
 * Xen HVM guest support under KVM: what QEMU's Xen PV backends (xen-bus
 * and its devices) need from a Xen host, served by the emulated event
 * channels, grant table and XenStore, with QEMU as domain 0.
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 */

#include "qemu/osdep.h"
#include "hw/xen/xen.h"
#include "hw/xen/xen-host-ops.h"
#include "xen_evtchn.h"
#include "xen_gnttab.h"
#include "xen_xenstore.h"

/* The libraries' convention: -1 and errno. */
static int errno_ret(int ret)
{
    if (ret < 0) {
        errno = -ret;
        return -1;
    }
    return ret;
}

/* Backends serve the one guest there is. */
static bool is_guest(domid_t domid)
{
    if (domid != xen_domid) {
        errno = ESRCH;
        return false;
    }
    return true;
}

/* Event channels: a handle holds one port, as xen-bus uses them. */

struct XenHostEvtchn {
    evtchn_port_t be_port;      /* 0: none bound */
};

static XenHostEvtchn *emu_evtchn_open(void)
{
    return g_new0(XenHostEvtchn, 1);
}

static int emu_evtchn_close(XenHostEvtchn *h)
{
    if (h->be_port) {
        xen_be_evtchn_unbind(h->be_port);
    }
    g_free(h);
    return 0;
}

static int emu_evtchn_bind_interdomain(XenHostEvtchn *h, domid_t domid,
                                       evtchn_port_t guest_port)
{
    evtchn_port_t be_port;
    int ret;

    if (!is_guest(domid)) {
        return -1;
    }
    if (h->be_port) {
        errno = EBUSY;
        return -1;
    }
    ret = xen_be_evtchn_bind_interdomain(guest_port, NULL, NULL, false,
                                         &be_port);
    if (ret < 0) {
        return errno_ret(ret);
    }
    h->be_port = be_port;
    return be_port;
}

static int emu_evtchn_unbind(XenHostEvtchn *h, evtchn_port_t port)
{
    int ret;

    if (!port || port != h->be_port) {
        errno = EINVAL;
        return -1;
    }
    ret = xen_be_evtchn_unbind(port);
    h->be_port = 0;
    return errno_ret(ret);
}

static int emu_evtchn_notify(XenHostEvtchn *h, evtchn_port_t port)
{
    if (!port || port != h->be_port) {
        errno = EINVAL;
        return -1;
    }
    return errno_ret(xen_be_evtchn_notify(port));
}

static int emu_evtchn_fd(XenHostEvtchn *h)
{
    return errno_ret(h->be_port ? xen_be_evtchn_fd(h->be_port) : -EINVAL);
}

static int emu_evtchn_pending(XenHostEvtchn *h)
{
    if (h->be_port && xen_be_evtchn_test_and_clear(h->be_port)) {
        return h->be_port;
    }
    errno = EAGAIN;
    return -1;
}

static int emu_evtchn_unmask(XenHostEvtchn *h, evtchn_port_t port)
{
    /* Domain 0's ends are never masked here. */
    return 0;
}

/* Grants: the grant table device does the checks. */

struct XenHostGnttab {
    uint32_t max_grants;        /* 0: as many as the table holds */
};

static XenHostGnttab *emu_gnttab_open(void)
{
    return g_new0(XenHostGnttab, 1);
}

static int emu_gnttab_close(XenHostGnttab *h)
{
    g_free(h);
    return 0;
}

static int emu_gnttab_set_max_grants(XenHostGnttab *h, uint32_t nr)
{
    h->max_grants = nr;
    return 0;
}

static void *emu_gnttab_map_refs(XenHostGnttab *h, uint32_t nr,
                                 domid_t domid, uint32_t *refs, int prot)
{
    int16_t status;
    void *p;

    if (!is_guest(domid)) {
        return NULL;
    }
    if (h->max_grants && nr > h->max_grants) {
        errno = E2BIG;
        return NULL;
    }
    p = xen_be_gnttab_map_refs(refs, nr, prot & PROT_WRITE, &status);
    if (!p) {
        errno = status == GNTST_bad_gntref ? EINVAL : EFAULT;
    }
    return p;
}

static int emu_gnttab_unmap(XenHostGnttab *h, void *addr, uint32_t nr)
{
    return errno_ret(xen_be_gnttab_unmap(addr, nr));
}

static XenHostGrantPages *emu_gnttab_map_pages(XenHostGnttab *h,
                                               domid_t domid, uint32_t *refs,
                                               uint32_t nr, int prot,
                                               void **pages)
{
    XenHostGrantPages *gp;
    int16_t status;

    /*
     * Not counted against max_grants, which xen-bus backends set for their
     * rings: requests' pages are bounded by the requests they hold.
     */
    if (!is_guest(domid)) {
        return NULL;
    }
    gp = xen_be_gnttab_map_pages(refs, nr, prot & PROT_WRITE, pages, &status);
    if (!gp) {
        errno = status == GNTST_bad_gntref ? EINVAL : EFAULT;
    }
    return gp;
}

static void emu_gnttab_unmap_pages(XenHostGnttab *h, XenHostGrantPages *gp)
{
    xen_be_gnttab_unmap_pages(gp);
}

static int emu_gnttab_copy(XenHostGnttab *h, bool to_domain, domid_t domid,
                           XenHostGrantCopy *segs, uint32_t nr,
                           int16_t *status)
{
    if (!is_guest(domid)) {
        return -1;
    }
    if (!xen_be_gnttab_copy(segs, nr, to_domain, status)) {
        errno = EIO;
        return -1;
    }
    return 0;
}

static void *emu_foreignmem_map(domid_t domid, uint64_t *gfns, uint32_t nr,
                                int prot)
{
    void *p;

    if (!is_guest(domid)) {
        return NULL;
    }
    p = xen_be_foreign_map(gfns, nr, prot & PROT_WRITE);
    if (!p) {
        errno = EFAULT;
    }
    return p;
}

static int emu_foreignmem_unmap(void *addr, uint32_t nr)
{
    return errno_ret(xen_be_foreign_unmap(addr, nr));
}

/* XenStore, as domain 0: its relative paths are under /local/domain/0. */

struct XenHostStore {
    QLIST_HEAD(, XenHostWatch) watches;
};

struct XenHostWatch {
    XenXenstoreWatch *w;
    XenHostWatchFn *fn;
    void *opaque;
    QLIST_ENTRY(XenHostWatch) next;
};

static char *abs_path(const char *path)
{
    return path[0] == '/' ? g_strdup(path) :
           g_strdup_printf("/local/domain/0/%s", path);
}

static XenHostStore *emu_xs_open(void)
{
    XenHostStore *h = g_new0(XenHostStore, 1);

    QLIST_INIT(&h->watches);
    return h;
}

static void emu_xs_unwatch(XenHostStore *h, XenHostWatch *hw)
{
    xen_xenstore_unwatch(hw->w);
    QLIST_REMOVE(hw, next);
    g_free(hw);
}

static void emu_xs_close(XenHostStore *h)
{
    while (!QLIST_EMPTY(&h->watches)) {
        emu_xs_unwatch(h, QLIST_FIRST(&h->watches));
    }
    g_free(h);
}

static char *emu_xs_read(XenHostStore *h, XenHostTx tx, const char *path,
                         unsigned int *len)
{
    g_autofree char *p = abs_path(path);
    GByteArray *data = g_byte_array_new();
    char *value = NULL;
    int ret;

    ret = xen_xenstore_read(tx, p, data);
    if (ret < 0) {
        errno = -ret;
    } else {
        /* A C string too, as libxenstore's. */
        value = g_malloc(data->len + 1);
        memcpy(value, data->data, data->len);
        value[data->len] = '\0';
        if (len) {
            *len = data->len;
        }
    }
    g_byte_array_unref(data);
    return value;
}

static bool emu_xs_write(XenHostStore *h, XenHostTx tx, const char *path,
                         const void *data, unsigned int len)
{
    g_autofree char *p = abs_path(path);

    return !errno_ret(xen_xenstore_write(tx, p, data, len));
}

static bool emu_xs_rm(XenHostStore *h, XenHostTx tx, const char *path)
{
    g_autofree char *p = abs_path(path);

    return !errno_ret(xen_xenstore_rm(tx, p));
}

static char **emu_xs_directory(XenHostStore *h, XenHostTx tx,
                               const char *path, unsigned int *num)
{
    g_autofree char *p = abs_path(path);
    GList *items = NULL, *l;
    char **names, *strings;
    size_t size = 0;
    unsigned int i = 0;
    int ret;

    ret = xen_xenstore_directory(tx, p, &items);
    if (ret < 0) {
        errno = -ret;
        return NULL;
    }
    /* One block, as libxenstore's: the caller frees the array only. */
    *num = g_list_length(items);
    for (l = items; l; l = l->next) {
        size += strlen(l->data) + 1;
    }
    names = g_malloc((*num + 1) * sizeof(char *) + size);
    strings = (char *)&names[*num + 1];
    for (l = items; l; l = l->next, i++) {
        size_t n = strlen(l->data) + 1;

        names[i] = memcpy(strings, l->data, n);
        strings += n;
    }
    names[i] = NULL;
    g_list_free_full(items, g_free);
    return names;
}

static bool emu_xs_set_perms(XenHostStore *h, XenHostTx tx, const char *path,
                             const XenHostPerm *perms, unsigned int nr)
{
    g_autofree char *p = abs_path(path);
    GList *l = NULL;
    unsigned int i;
    int ret;

    for (i = 0; i < nr; i++) {
        char c = (perms[i].perms & XENHOST_PERM_READ) ?
                 ((perms[i].perms & XENHOST_PERM_WRITE) ? 'b' : 'r') :
                 ((perms[i].perms & XENHOST_PERM_WRITE) ? 'w' : 'n');

        l = g_list_append(l, g_strdup_printf("%c%u", c, perms[i].domid));
    }
    ret = xen_xenstore_set_perms(tx, p, l);
    g_list_free_full(l, g_free);
    return !errno_ret(ret);
}

static XenHostTx emu_xs_transaction_start(XenHostStore *h)
{
    XsTransaction tx;
    int ret = xen_xenstore_transaction_start(&tx);

    if (ret < 0) {
        errno = -ret;
        return XENHOST_XBT_NULL;
    }
    return tx;
}

static bool emu_xs_transaction_end(XenHostStore *h, XenHostTx tx, bool abort)
{
    return !errno_ret(xen_xenstore_transaction_end(tx, !abort));
}

static void emu_xs_watch_fired(void *opaque, const char *path)
{
    XenHostWatch *hw = opaque;

    hw->fn(hw->opaque, path);
}

static XenHostWatch *emu_xs_watch(XenHostStore *h, const char *path,
                                  XenHostWatchFn *fn, void *opaque)
{
    g_autofree char *p = abs_path(path);
    XenHostWatch *hw = g_new0(XenHostWatch, 1);

    hw->fn = fn;
    hw->opaque = opaque;
    hw->w = xen_xenstore_watch(p, emu_xs_watch_fired, hw);
    if (!hw->w) {
        g_free(hw);
        errno = EINVAL;
        return NULL;
    }
    QLIST_INSERT_HEAD(&h->watches, hw, next);
    return hw;
}

const XenHostOps xen_host_emu_ops = {
    .reset_with_guest = true,
    .evtchn_open = emu_evtchn_open,
    .evtchn_close = emu_evtchn_close,
    .evtchn_bind_interdomain = emu_evtchn_bind_interdomain,
    .evtchn_unbind = emu_evtchn_unbind,
    .evtchn_notify = emu_evtchn_notify,
    .evtchn_fd = emu_evtchn_fd,
    .evtchn_pending = emu_evtchn_pending,
    .evtchn_unmask = emu_evtchn_unmask,
    .gnttab_open = emu_gnttab_open,
    .gnttab_close = emu_gnttab_close,
    .gnttab_set_max_grants = emu_gnttab_set_max_grants,
    .gnttab_map_refs = emu_gnttab_map_refs,
    .gnttab_unmap = emu_gnttab_unmap,
    .gnttab_copy = emu_gnttab_copy,
    .gnttab_map_pages = emu_gnttab_map_pages,
    .gnttab_unmap_pages = emu_gnttab_unmap_pages,
    .foreignmem_map = emu_foreignmem_map,
    .foreignmem_unmap = emu_foreignmem_unmap,
    .xs_open = emu_xs_open,
    .xs_close = emu_xs_close,
    .xs_read = emu_xs_read,
    .xs_write = emu_xs_write,
    .xs_rm = emu_xs_rm,
    .xs_directory = emu_xs_directory,
    .xs_set_perms = emu_xs_set_perms,
    .xs_transaction_start = emu_xs_transaction_start,
    .xs_transaction_end = emu_xs_transaction_end,
    .xs_watch = emu_xs_watch,
    .xs_unwatch = emu_xs_unwatch,
};
