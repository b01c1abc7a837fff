/*
 * Xen HVM guest support under KVM: the XenStore itself.
 *
 * The tree, permissions, watches, transactions and quotas of a XenStore,
 * with xenstored's semantics (docs/misc/xenstore.txt), and the wire
 * protocol of one connection (xs_wire.h). Nothing here knows about rings,
 * event channels or devices: xen_xenstore.c feeds it the bytes a guest
 * writes and takes back the bytes to answer, and QEMU's own clients call
 * the operations directly as domain 0. Not thread-safe: the caller
 * serialises (xen_xenstore.c: the BQL).
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 */

#ifndef QEMU_XENSTORE_IMPL_H
#define QEMU_XENSTORE_IMPL_H

#include <xen/io/xs_wire.h>

typedef struct XsStore XsStore;
typedef struct XsConn XsConn;
typedef uint32_t XsTransaction;

#define XS_TRANSACTION_NONE 0

/*
 * Limits on what one domain may hold; domain 0 is not limited. The error
 * a request over a limit gets is in brackets. Where xenstored checks
 * "count > limit" before adding (watches, transactions) a domain may hold
 * one more than the limit, as with xenstored. A node's size is counted as
 * xenstored stores it: 24 bytes, 8 per permission, value, children names.
 * Output: a request counts as outstanding until its answer and the watch
 * events it caused are read; while @outstanding are, input waits. Watch
 * events that would take queued output to @memory bytes are dropped.
 */
typedef struct XsQuota {
    uint32_t nodes;             /* nodes the domain owns (ENOSPC) */
    uint32_t node_size;         /* bytes a node may not reach (ENOSPC) */
    uint32_t watches;           /* watches registered (E2BIG) */
    uint32_t transactions;      /* transactions open (ENOSPC) */
    uint32_t outstanding;       /* requests outstanding */
    uint32_t path_len;          /* path below /local/domain/N/ (EINVAL) */
    uint32_t perms;             /* permissions of a node (ENOSPC) */
    uint32_t transaction_nodes; /* nodes a transaction touches (ENOSPC) */
    uint32_t memory;            /* bytes of queued output */
} XsQuota;

/* xenstored's defaults (Xen 4.17 cxenstored). */
#define XS_QUOTA_DEFAULT_NODES          1000
#define XS_QUOTA_DEFAULT_NODE_SIZE      2048
#define XS_QUOTA_DEFAULT_WATCHES        128
#define XS_QUOTA_DEFAULT_TRANSACTIONS   10
#define XS_QUOTA_DEFAULT_OUTSTANDING    20
#define XS_QUOTA_DEFAULT_PATH_LEN       XENSTORE_REL_PATH_MAX
#define XS_QUOTA_DEFAULT_PERMS          5
#define XS_QUOTA_DEFAULT_TRANSACTION_NODES 1024
#define XS_QUOTA_DEFAULT_MEMORY         (2 * 1024 * 1024 + 512 * 1024)

/* All of them. */
extern const XsQuota xs_quota_defaults;

/*
 * Errors are positive errno values from xs_wire.h's xsd_errors (ENOENT,
 * EACCES, EEXIST, EINVAL, EAGAIN, E2BIG, ENOSPC, EQUOTA as ENOSPC...);
 * 0 is success.
 */

/*
 * A store for guest @domid (its home: /local/domain/@domid), empty but "/"
 * (owned by domain 0, "n0"). @quota NULL: the defaults. Free the store's
 * connections before the store.
 */
XsStore *xs_store_new(unsigned int domid, const XsQuota *quota);
void xs_store_free(XsStore *s);

/*
 * Called for every watch that fires, with the path that changed as the
 * watcher sees it (relative if the watch was) and the watch's token. It
 * must not call back into the store: queue the event and act later.
 */
typedef void XsWatchFn(void *opaque, const char *path, const char *token);

/*
 * The operations, as domain @dom (0: privileged) inside transaction @tx
 * (XS_TRANSACTION_NONE: none). A path is absolute or relative to @dom's
 * home. Lists are GList of g_malloc'd strings the caller frees
 * (g_list_free_full(l, g_free)); data is a GByteArray the caller owns.
 */
int xs_impl_read(XsStore *s, unsigned int dom, XsTransaction tx,
                 const char *path, GByteArray *data);
int xs_impl_write(XsStore *s, unsigned int dom, XsTransaction tx,
                  const char *path, GByteArray *data);
int xs_impl_mkdir(XsStore *s, unsigned int dom, XsTransaction tx,
                  const char *path);
int xs_impl_rm(XsStore *s, unsigned int dom, XsTransaction tx,
               const char *path);
int xs_impl_directory(XsStore *s, unsigned int dom, XsTransaction tx,
                      const char *path, uint64_t *gencnt, GList **items);
/* Permissions as on the wire: "n0", "r1", "w2", "b3"; the first is owner. */
int xs_impl_get_perms(XsStore *s, unsigned int dom, XsTransaction tx,
                      const char *path, GList **perms);
int xs_impl_set_perms(XsStore *s, unsigned int dom, XsTransaction tx,
                      const char *path, GList *perms);
int xs_impl_transaction_start(XsStore *s, unsigned int dom,
                              XsTransaction *tx);
int xs_impl_transaction_end(XsStore *s, unsigned int dom, XsTransaction tx,
                            bool commit);
/* Fires once at once, as xenstored does on registration. */
int xs_impl_watch(XsStore *s, unsigned int dom, const char *path,
                  const char *token, XsWatchFn *fn, void *opaque);
int xs_impl_unwatch(XsStore *s, unsigned int dom, const char *path,
                    const char *token, XsWatchFn *fn, void *opaque);
/*
 * Every watch of @dom's clients whose opaque is @opaque, and every
 * transaction of theirs: those a connection started are its own (opaque:
 * the XsConn), those xs_impl_transaction_start() started have opaque NULL.
 */
int xs_impl_reset_watches(XsStore *s, unsigned int dom, void *opaque);
/* Fire "@introduceDomain"/"@releaseDomain" watches. */
void xs_impl_fire_special(XsStore *s, const char *special);

/*
 * One guest connection speaking the wire protocol. Requests come in as
 * bytes, in any pieces; answers and watch events go out as bytes. A
 * request is handled as soon as it is whole, unless the quota's
 * outstanding requests are pending (then the bytes wait: xs_conn_write
 * takes fewer).
 * @notify is called (not from within xs_conn_write) when a watch queues an
 * event, so the caller can push it to the guest; it may call
 * xs_conn_read() and xs_conn_has_output() but nothing else of the store.
 */
XsConn *xs_conn_new(XsStore *s, unsigned int domid,
                    void (*notify)(void *opaque), void *opaque);
void xs_conn_free(XsConn *c);
/* Takes up to @len request bytes; returns how many it took. */
size_t xs_conn_write(XsConn *c, const void *buf, size_t len);
/* Gives up to @len answer bytes; returns how many it gave. */
size_t xs_conn_read(XsConn *c, void *buf, size_t len);
bool xs_conn_has_output(XsConn *c);
/*
 * The guest sent a header it may not (payload beyond XENSTORE_PAYLOAD_MAX,
 * or another protocol violation): the connection takes nothing more until
 * xs_conn_reset(), and this is XENSTORE_ERROR_PROTO, else _NONE.
 */
uint32_t xs_conn_error(XsConn *c);
/*
 * A fresh start (XENSTORE_RECONNECT, reset): watches, transactions,
 * partial input and queued output of the connection all gone.
 */
void xs_conn_reset(XsConn *c);

/*
 * Migration: the whole store (tree, permissions, generation counts, open
 * transactions with their view) and the guest connection (its watches,
 * partial request, queued output). In-QEMU watchers register again on
 * the destination; their watches and transactions are not in the stream
 * and stay as they are on deserialise. @c may be NULL (no connection).
 * 0 or -EINVAL for a stream that does not parse; then nothing changed.
 */
GByteArray *xs_store_serialise(XsStore *s, XsConn *c);
int xs_store_deserialise(XsStore *s, XsConn *c, const uint8_t *data,
                         size_t len);

#endif /* QEMU_XENSTORE_IMPL_H */
