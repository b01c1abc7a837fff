/*
 * XenStore monitor commands where Xen emulation is not built.
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-commands-misc-target.h"
#include "monitor/hmp-target.h"
#include "monitor/monitor.h"

#define XS_UNAVAILABLE "XenStore is not available in this QEMU"

XenXenstoreValue *qmp_xen_xenstore_read(const char *path, Error **errp)
{
    error_setg(errp, XS_UNAVAILABLE);
    return NULL;
}

void qmp_xen_xenstore_write(const char *path, const char *value,
                            Error **errp)
{
    error_setg(errp, XS_UNAVAILABLE);
}

XenXenstoreChildren *qmp_xen_xenstore_list(const char *path, Error **errp)
{
    error_setg(errp, XS_UNAVAILABLE);
    return NULL;
}

void qmp_xen_xenstore_rm(const char *path, Error **errp)
{
    error_setg(errp, XS_UNAVAILABLE);
}

XenXenstorePerms *qmp_xen_xenstore_get_perms(const char *path, Error **errp)
{
    error_setg(errp, XS_UNAVAILABLE);
    return NULL;
}

void qmp_xen_xenstore_set_perms(const char *path, strList *perms,
                                Error **errp)
{
    error_setg(errp, XS_UNAVAILABLE);
}

void qmp_xen_xenstore_watch(const char *path, const char *token,
                            Error **errp)
{
    error_setg(errp, XS_UNAVAILABLE);
}

void qmp_xen_xenstore_unwatch(const char *path, const char *token,
                              Error **errp)
{
    error_setg(errp, XS_UNAVAILABLE);
}

void hmp_xen_xenstore_read(Monitor *mon, const QDict *qdict)
{
    monitor_printf(mon, XS_UNAVAILABLE "\n");
}

void hmp_xen_xenstore_write(Monitor *mon, const QDict *qdict)
{
    monitor_printf(mon, XS_UNAVAILABLE "\n");
}

void hmp_xen_xenstore_ls(Monitor *mon, const QDict *qdict)
{
    monitor_printf(mon, XS_UNAVAILABLE "\n");
}
