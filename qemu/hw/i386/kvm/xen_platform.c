/*
 * Xen HVM guest support under KVM: the Xen platform PCI device's part.
 *
 * The device is hw/i386/xen/xen_platform.c's "xen-platform", which real
 * Xen uses too (vendor 0x5853, device 0x0001): Linux's xen-platform-pci
 * and Windows' PV drivers bind to it, map grant table frames in its
 * memory BAR and unplug emulated disks and NICs through its I/O ports.
 * Here it is created with the machine in Xen mode, and its INTx line
 * carries event channel upcalls when the per-vCPU or global callback
 * vectors are not used.
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 */

#include "qemu/osdep.h"
#include "hw/pci/pci.h"
#include "hw/pci/pci_host.h"
#include "xen_platform.h"
#include "trace.h"

/* Not hotpluggable, so it lives as long as the machine. */
static PCIDevice *xen_platform_dev;

bool xen_platform_is_callback_gsi(uint32_t gsi)
{
    return xen_platform_dev &&
        pci_device_route_intx_to_irq(xen_platform_dev, 0).irq == (int)gsi;
}

bool xen_platform_is_callback_intx(uint32_t slot, uint32_t pin)
{
    return xen_platform_dev && pin == 0 &&
        slot == PCI_SLOT(xen_platform_dev->devfn);
}

void xen_platform_set_callback_level(bool level)
{
    if (xen_platform_dev) {
        trace_xen_platform_callback_level(level);
        pci_set_irq(xen_platform_dev, level);
    }
}

void xen_platform_create(void)
{
    /* PC machines have one host bridge: i440FX or Q35. */
    Object *phb = object_resolve_path_type("", TYPE_PCI_HOST_BRIDGE, NULL);

    if (phb) {
        xen_platform_dev = pci_create_simple(PCI_HOST_BRIDGE(phb)->bus, -1,
                                             TYPE_XEN_PLATFORM);
    }
}
