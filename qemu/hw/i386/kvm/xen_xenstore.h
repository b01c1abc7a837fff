/*
 * Xen HVM guest support under KVM: the XenStore device, and its API for
 * QEMU's own clients (PV backends, the console), which act as domain 0.
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 */

#ifndef QEMU_XEN_XENSTORE_H
#define QEMU_XEN_XENSTORE_H

#include "xenstore_impl.h"

#define TYPE_XEN_XENSTORE "xen-xenstore"

void xen_xenstore_create(void);

/*
 * Domain 0's operations, with xenstored's semantics: 0 or -errno, the
 * error xenstored gives (-ENOENT, -EACCES, -EAGAIN...), or -ENOTSUP
 * without the device. Paths are absolute. Caller holds the BQL.
 */
int xen_xenstore_read(XsTransaction tx, const char *path, GByteArray *data);
/* The value as a C string (g_free it), or NULL. */
char *xen_xenstore_read_str(XsTransaction tx, const char *path);
int xen_xenstore_write(XsTransaction tx, const char *path, const void *data,
                       size_t len);
int xen_xenstore_printf(XsTransaction tx, const char *path,
                        const char *fmt, ...) G_GNUC_PRINTF(3, 4);
int xen_xenstore_mkdir(XsTransaction tx, const char *path);
int xen_xenstore_rm(XsTransaction tx, const char *path);
int xen_xenstore_directory(XsTransaction tx, const char *path,
                           GList **items);
int xen_xenstore_get_perms(XsTransaction tx, const char *path,
                           GList **perms);
int xen_xenstore_set_perms(XsTransaction tx, const char *path,
                           GList *perms);
int xen_xenstore_transaction_start(XsTransaction *tx);
int xen_xenstore_transaction_end(XsTransaction tx, bool commit);

/*
 * A watch on @path (and below): @fn runs in the main loop, first once
 * after registration as xenstored does, then for each change, with the
 * path that changed.
 */
typedef void XenXenstoreWatchFn(void *opaque, const char *path);
typedef struct XenXenstoreWatch XenXenstoreWatch;
XenXenstoreWatch *xen_xenstore_watch(const char *path, XenXenstoreWatchFn *fn,
                                     void *opaque);
void xen_xenstore_unwatch(XenXenstoreWatch *w);

/* The guest's home, "/local/domain/<domid>". */
const char *xen_xenstore_domain_path(void);

#endif /* QEMU_XEN_XENSTORE_H */
