/*
 * Xen HVM guest support under KVM: the primary console's ring and event
 * channel, as a toolstack gives them to a new domain.
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 */

#ifndef QEMU_XEN_PRIMARY_CONSOLE_H
#define QEMU_XEN_PRIMARY_CONSOLE_H

#define TYPE_XEN_PRIMARY_CONSOLE "xen-primary-console"

void xen_primary_console_create(void);

#endif /* QEMU_XEN_PRIMARY_CONSOLE_H */
