/*
 * Xen HVM guest support under KVM: the Xen platform PCI device's part.
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 */

#ifndef QEMU_XEN_PLATFORM_H
#define QEMU_XEN_PLATFORM_H

#include "hw/pci/pci.h"

/* The device of hw/i386/xen/xen_platform.c, shared with real Xen. */
#define TYPE_XEN_PLATFORM "xen-platform"

/* On the machine's PCI root bus, if it has one. */
void xen_platform_create(void);

/*
 * The event channel upcall through the device's INTx line: whether the
 * guest's HVM_PARAM_CALLBACK_IRQ names it (as a GSI, or as a PCI
 * slot and pin: Xen ignores bus and function), and driving it.
 * Caller holds the BQL.
 */
bool xen_platform_is_callback_gsi(uint32_t gsi);
bool xen_platform_is_callback_intx(uint32_t slot, uint32_t pin);
void xen_platform_set_callback_level(bool level);

#endif /* QEMU_XEN_PLATFORM_H */
