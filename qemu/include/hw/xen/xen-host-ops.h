/*
 * What QEMU's Xen PV backends need from the host they run on: event
 * channels, grant tables, foreign memory and XenStore, acting as the
 * backend domain. Two hosts provide them: real Xen through its libraries
 * (xen-host-libxen.c), and Xen emulated under KVM (hw/i386/kvm). The
 * backends (xen-bus and its devices) call only these, so one copy of them
 * serves both.
 *
 * Calls keep the libraries' conventions, which the backends were written
 * for: NULL, false or -1 with errno set on failure; strings and arrays
 * returned are the caller's to free().
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 */

#ifndef HW_XEN_HOST_OPS_H
#define HW_XEN_HOST_OPS_H

#include "qemu/atomic.h"
#include "qemu/queue.h"
#include "hw/xen/interface/io/xenbus.h"

/*
 * The barriers of the ring macros (interface/io/ring.h), as Xen's own:
 * ordering ring indices against the entries shared with the guest.
 */
#ifndef xen_mb
#define xen_mb()  smp_mb() /* indices vs entries, both ways */
#define xen_rmb() smp_rmb() /* index read before the entries */
#define xen_wmb() smp_wmb() /* entries written before the index */
#endif

/*
 * As Xen's public headers define them; not from them, which not every
 * build has (an identical typedef may repeat).
 */
typedef uint16_t domid_t;
typedef uint32_t evtchn_port_t;
typedef uint32_t grant_ref_t;

#define XENHOST_DOMID_FIRST_RESERVED 0x7ff0U
#define XENHOST_DOMID_INVALID 0x7ff4U

/* Xen's pages are 4 KiB whatever the host's are. */
#define XENHOST_PAGE_SIZE 4096

/* A XenStore transaction; XENHOST_XBT_NULL: none. */
typedef uint32_t XenHostTx;
#define XENHOST_XBT_NULL 0U

/* A XenStore node's permissions, as xs_wire.h's 'n', 'r', 'w', 'b'. */
#define XENHOST_PERM_NONE  0U
#define XENHOST_PERM_READ  1U
#define XENHOST_PERM_WRITE 2U
typedef struct XenHostPerm {
    domid_t domid;
    unsigned int perms;         /* XENHOST_PERM_* */
} XenHostPerm;

/* A grant copy: one side a grant of @domid, the other QEMU's memory. */
typedef struct XenHostGrantCopy {
    grant_ref_t ref;
    uint16_t offset;            /* within the granted page */
    uint16_t len;
    void *virt;                 /* QEMU's side */
} XenHostGrantCopy;

typedef struct XenHostEvtchn XenHostEvtchn;
typedef struct XenHostGnttab XenHostGnttab;
typedef struct XenHostGrantPages XenHostGrantPages;
typedef struct XenHostStore XenHostStore;
typedef struct XenHostWatch XenHostWatch;

/* Runs in the main loop, for @path that changed (or once at first). */
typedef void XenHostWatchFn(void *opaque, const char *path);

typedef struct XenHostOps {
    /*
     * The guest's reset starts the store afresh, as a new domain's (Xen
     * emulated by QEMU): its backends start afresh too.
     */
    bool reset_with_guest;

    /* Event channels: one handle, a file descriptor, ports bound on it. */
    XenHostEvtchn *(*evtchn_open)(void);
    int (*evtchn_close)(XenHostEvtchn *h);
    /* The local port, or -1. */
    int (*evtchn_bind_interdomain)(XenHostEvtchn *h, domid_t domid,
                                   evtchn_port_t guest_port);
    int (*evtchn_unbind)(XenHostEvtchn *h, evtchn_port_t port);
    int (*evtchn_notify)(XenHostEvtchn *h, evtchn_port_t port);
    /* Readable when an event is pending; pending() says on which port. */
    int (*evtchn_fd)(XenHostEvtchn *h);
    int (*evtchn_pending)(XenHostEvtchn *h);
    int (*evtchn_unmask)(XenHostEvtchn *h, evtchn_port_t port);

    /* Grants of a guest, mapped or copied. */
    XenHostGnttab *(*gnttab_open)(void);
    int (*gnttab_close)(XenHostGnttab *h);
    int (*gnttab_set_max_grants)(XenHostGnttab *h, uint32_t nr);
    /* @nr grants contiguously; @prot PROT_READ, maybe | PROT_WRITE. */
    void *(*gnttab_map_refs)(XenHostGnttab *h, uint32_t nr, domid_t domid,
                             uint32_t *refs, int prot);
    int (*gnttab_unmap)(XenHostGnttab *h, void *addr, uint32_t nr);
    /*
     * Copies, to the grants if @to_domain, else from them. 0 when each
     * segment was copied; -1 with errno and @status (a GNTST_* per
     * segment) filled as far as they were tried. NULL @segs with @nr 0:
     * whether copying is supported at all.
     */
    int (*gnttab_copy)(XenHostGnttab *h, bool to_domain, domid_t domid,
                       XenHostGrantCopy *segs, uint32_t nr,
                       int16_t *status);
    /*
     * @nr grants each on its own page, for I/O in place: @pages[i] is
     * where refs[i]'s is until unmapped. A handle, or NULL with errno.
     * Optional: without it, backends copy.
     */
    XenHostGrantPages *(*gnttab_map_pages)(XenHostGnttab *h, domid_t domid,
                                           uint32_t *refs, uint32_t nr,
                                           int prot, void **pages);
    void (*gnttab_unmap_pages)(XenHostGnttab *h, XenHostGrantPages *gp);

    /* A guest's frames by number. */
    void *(*foreignmem_map)(domid_t domid, uint64_t *gfns, uint32_t nr,
                            int prot);
    int (*foreignmem_unmap)(void *addr, uint32_t nr);

    /* XenStore, as the backend domain; relative paths are under its home. */
    XenHostStore *(*xs_open)(void);
    void (*xs_close)(XenHostStore *h);
    char *(*xs_read)(XenHostStore *h, XenHostTx tx, const char *path,
                     unsigned int *len);
    bool (*xs_write)(XenHostStore *h, XenHostTx tx, const char *path,
                     const void *data, unsigned int len);
    bool (*xs_rm)(XenHostStore *h, XenHostTx tx, const char *path);
    char **(*xs_directory)(XenHostStore *h, XenHostTx tx, const char *path,
                           unsigned int *num);
    bool (*xs_set_perms)(XenHostStore *h, XenHostTx tx, const char *path,
                         const XenHostPerm *perms, unsigned int nr);
    XenHostTx (*xs_transaction_start)(XenHostStore *h);
    /* false with errno EAGAIN: a conflict, start again. */
    bool (*xs_transaction_end)(XenHostStore *h, XenHostTx tx, bool abort);
    XenHostWatch *(*xs_watch)(XenHostStore *h, const char *path,
                              XenHostWatchFn *fn, void *opaque);
    void (*xs_unwatch)(XenHostStore *h, XenHostWatch *w);
} XenHostOps;

/* The host's, once it is known (accelerator start-up); else NULL. */
extern const XenHostOps *xen_host_ops;
/* Real Xen's (CONFIG_XEN), and Xen emulated under KVM (CONFIG_XEN_EMU). */
extern const XenHostOps xen_host_libxen_ops;
extern const XenHostOps xen_host_emu_ops;

#define XENHOST_CALL(fn, fail, ...)                 \
    (xen_host_ops && xen_host_ops->fn ?             \
     xen_host_ops->fn(__VA_ARGS__) :                \
     (errno = ENOSYS, (fail)))

static inline XenHostEvtchn *xenhost_evtchn_open(void)
{
    return xen_host_ops ? xen_host_ops->evtchn_open() :
           (errno = ENOSYS, NULL);
}
static inline int xenhost_evtchn_close(XenHostEvtchn *h)
{
    return XENHOST_CALL(evtchn_close, -1, h);
}
static inline int xenhost_evtchn_bind_interdomain(XenHostEvtchn *h,
                                                  domid_t domid,
                                                  evtchn_port_t guest_port)
{
    return XENHOST_CALL(evtchn_bind_interdomain, -1, h, domid, guest_port);
}
static inline int xenhost_evtchn_unbind(XenHostEvtchn *h, evtchn_port_t port)
{
    return XENHOST_CALL(evtchn_unbind, -1, h, port);
}
static inline int xenhost_evtchn_notify(XenHostEvtchn *h, evtchn_port_t port)
{
    return XENHOST_CALL(evtchn_notify, -1, h, port);
}
static inline int xenhost_evtchn_fd(XenHostEvtchn *h)
{
    return XENHOST_CALL(evtchn_fd, -1, h);
}
static inline int xenhost_evtchn_pending(XenHostEvtchn *h)
{
    return XENHOST_CALL(evtchn_pending, -1, h);
}
static inline int xenhost_evtchn_unmask(XenHostEvtchn *h, evtchn_port_t port)
{
    return XENHOST_CALL(evtchn_unmask, -1, h, port);
}

static inline XenHostGnttab *xenhost_gnttab_open(void)
{
    return xen_host_ops ? xen_host_ops->gnttab_open() :
           (errno = ENOSYS, NULL);
}
static inline int xenhost_gnttab_close(XenHostGnttab *h)
{
    return XENHOST_CALL(gnttab_close, -1, h);
}
static inline int xenhost_gnttab_set_max_grants(XenHostGnttab *h, uint32_t nr)
{
    return XENHOST_CALL(gnttab_set_max_grants, -1, h, nr);
}
static inline void *xenhost_gnttab_map_refs(XenHostGnttab *h, uint32_t nr,
                                            domid_t domid, uint32_t *refs,
                                            int prot)
{
    return XENHOST_CALL(gnttab_map_refs, NULL, h, nr, domid, refs, prot);
}
static inline int xenhost_gnttab_unmap(XenHostGnttab *h, void *addr,
                                       uint32_t nr)
{
    return XENHOST_CALL(gnttab_unmap, -1, h, addr, nr);
}
static inline int xenhost_gnttab_copy(XenHostGnttab *h, bool to_domain,
                                      domid_t domid, XenHostGrantCopy *segs,
                                      uint32_t nr, int16_t *status)
{
    return XENHOST_CALL(gnttab_copy, -1, h, to_domain, domid, segs, nr,
                        status);
}
static inline bool xenhost_gnttab_can_map_pages(void)
{
    return xen_host_ops && xen_host_ops->gnttab_map_pages;
}
static inline XenHostGrantPages *xenhost_gnttab_map_pages(XenHostGnttab *h,
                                                          domid_t domid,
                                                          uint32_t *refs,
                                                          uint32_t nr,
                                                          int prot,
                                                          void **pages)
{
    return XENHOST_CALL(gnttab_map_pages, NULL, h, domid, refs, nr, prot,
                        pages);
}
static inline void xenhost_gnttab_unmap_pages(XenHostGnttab *h,
                                              XenHostGrantPages *gp)
{
    xen_host_ops->gnttab_unmap_pages(h, gp);
}

static inline void *xenhost_foreignmem_map(domid_t domid, uint64_t *gfns,
                                           uint32_t nr, int prot)
{
    return XENHOST_CALL(foreignmem_map, NULL, domid, gfns, nr, prot);
}
static inline int xenhost_foreignmem_unmap(void *addr, uint32_t nr)
{
    return XENHOST_CALL(foreignmem_unmap, -1, addr, nr);
}

static inline XenHostStore *xenhost_xs_open(void)
{
    return xen_host_ops ? xen_host_ops->xs_open() : (errno = ENOSYS, NULL);
}
static inline void xenhost_xs_close(XenHostStore *h)
{
    xen_host_ops->xs_close(h);
}
static inline char *xenhost_xs_read(XenHostStore *h, XenHostTx tx,
                                    const char *path, unsigned int *len)
{
    return xen_host_ops->xs_read(h, tx, path, len);
}
static inline bool xenhost_xs_write(XenHostStore *h, XenHostTx tx,
                                    const char *path, const void *data,
                                    unsigned int len)
{
    return xen_host_ops->xs_write(h, tx, path, data, len);
}
static inline bool xenhost_xs_rm(XenHostStore *h, XenHostTx tx,
                                 const char *path)
{
    return xen_host_ops->xs_rm(h, tx, path);
}
static inline char **xenhost_xs_directory(XenHostStore *h, XenHostTx tx,
                                          const char *path, unsigned int *num)
{
    return xen_host_ops->xs_directory(h, tx, path, num);
}
static inline bool xenhost_xs_set_perms(XenHostStore *h, XenHostTx tx,
                                        const char *path,
                                        const XenHostPerm *perms,
                                        unsigned int nr)
{
    return xen_host_ops->xs_set_perms(h, tx, path, perms, nr);
}
static inline XenHostTx xenhost_xs_transaction_start(XenHostStore *h)
{
    return xen_host_ops->xs_transaction_start(h);
}
static inline bool xenhost_xs_transaction_end(XenHostStore *h, XenHostTx tx,
                                              bool abort)
{
    return xen_host_ops->xs_transaction_end(h, tx, abort);
}
static inline XenHostWatch *xenhost_xs_watch(XenHostStore *h,
                                             const char *path,
                                             XenHostWatchFn *fn, void *opaque)
{
    return xen_host_ops->xs_watch(h, path, fn, opaque);
}
static inline void xenhost_xs_unwatch(XenHostStore *h, XenHostWatch *w)
{
    xen_host_ops->xs_unwatch(h, w);
}

#endif /* HW_XEN_HOST_OPS_H */
