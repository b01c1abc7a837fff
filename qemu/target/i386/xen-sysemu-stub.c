/*
 * Xen event channel monitor commands where Xen emulation is not built.
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-commands-misc-target.h"
#include "monitor/hmp-target.h"
#include "monitor/monitor.h"

XenEventChannelInfoList *qmp_xen_event_list(Error **errp)
{
    error_setg(errp, "Xen event channels are not available in this QEMU");
    return NULL;
}

void qmp_xen_event_inject(uint32_t port, Error **errp)
{
    error_setg(errp, "Xen event channels are not available in this QEMU");
}

void hmp_xen_event_list(Monitor *mon, const QDict *qdict)
{
    monitor_printf(mon, "Xen event channels are not available in this QEMU\n");
}

void hmp_xen_event_inject(Monitor *mon, const QDict *qdict)
{
    monitor_printf(mon, "Xen event channels are not available in this QEMU\n");
}
