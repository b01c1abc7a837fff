/*
 * Xen HVM guest support under KVM: the Xen platform PCI device.
 *
 * Xen HVM guests find Xen's PV drivers' anchor in this device (vendor
 * 0x5853, device 0x0001): Linux's xen-platform-pci and Windows' PV drivers
 * bind to it, map grant table frames in its memory BAR, and, when the
 * per-vCPU or global callback vectors are not used, take event channel
 * upcalls through its INTx line. Unplugging emulated disks and NICs via
 * its I/O ports is not implemented yet: the magic port reads as absent,
 * so guests keep their emulated devices.
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qapi/error.h"
#include "hw/pci/pci.h"
#include "hw/pci/pci_ids.h"
#include "hw/pci/pci_host.h"
#include "migration/vmstate.h"
#include "sysemu/kvm_xen.h"
#include "xen_platform.h"
#include "trace.h"

OBJECT_DECLARE_SIMPLE_TYPE(XenPlatformState, XEN_PLATFORM)

struct XenPlatformState {
    PCIDevice parent_obj;

    MemoryRegion io_bar;        /* BAR 0: the platform registers */
    MemoryRegion mmio_bar;      /* BAR 1: room for guest-mapped Xen pages */
};

static XenPlatformState *xen_platform_singleton;

/* Sizes the PV drivers expect of the BARs. */
#define XEN_PLATFORM_IO_SIZE    0x100
#define XEN_PLATFORM_MMIO_SIZE  0x1000000

static uint64_t xen_platform_io_read(void *opaque, hwaddr addr, unsigned size)
{
    return 0;
}

static void xen_platform_io_write(void *opaque, hwaddr addr, uint64_t val,
                                  unsigned size)
{
    qemu_log_mask(LOG_UNIMP, "xen-platform: write 0x%" PRIx64 " to "
                  "register 0x%" HWADDR_PRIx " ignored\n", val, addr);
}

static const MemoryRegionOps xen_platform_io_ops = {
    .read = xen_platform_io_read,
    .write = xen_platform_io_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 1,
    .valid.max_access_size = 4,
};

bool xen_platform_is_callback_gsi(uint32_t gsi)
{
    XenPlatformState *s = xen_platform_singleton;

    return s && pci_device_route_intx_to_irq(PCI_DEVICE(s), 0).irq == (int)gsi;
}

bool xen_platform_is_callback_intx(uint32_t slot, uint32_t pin)
{
    XenPlatformState *s = xen_platform_singleton;

    return s && pin == 0 && slot == PCI_SLOT(PCI_DEVICE(s)->devfn);
}

void xen_platform_set_callback_level(bool level)
{
    if (xen_platform_singleton) {
        trace_xen_platform_callback_level(level);
        pci_set_irq(PCI_DEVICE(xen_platform_singleton), level);
    }
}

static void xen_platform_realize(PCIDevice *dev, Error **errp)
{
    XenPlatformState *s = XEN_PLATFORM(dev);

    if (!kvm_xen_enabled()) {
        error_setg(errp, "xen-platform requires Xen emulation "
                   "(-accel kvm,xen-version=...)");
        return;
    }
    dev->config[PCI_INTERRUPT_PIN] = 1;     /* INTA#, the upcall's line */

    memory_region_init_io(&s->io_bar, OBJECT(s), &xen_platform_io_ops, s,
                          "xen-platform-io", XEN_PLATFORM_IO_SIZE);
    pci_register_bar(dev, 0, PCI_BASE_ADDRESS_SPACE_IO, &s->io_bar);

    /* Empty: the guest maps grant frames here, which the overlay provides. */
    memory_region_init(&s->mmio_bar, OBJECT(s), "xen-platform-mmio",
                       XEN_PLATFORM_MMIO_SIZE);
    pci_register_bar(dev, 1, PCI_BASE_ADDRESS_MEM_PREFETCH, &s->mmio_bar);
}

static const VMStateDescription vmstate_xen_platform = {
    .name = "xen-platform",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (VMStateField[]) {
        VMSTATE_PCI_DEVICE(parent_obj, XenPlatformState),
        VMSTATE_END_OF_LIST()
    }
};

static void xen_platform_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(klass);

    k->realize = xen_platform_realize;
    k->vendor_id = PCI_VENDOR_ID_XEN;
    k->device_id = PCI_DEVICE_ID_XEN_PLATFORM;
    k->class_id = PCI_CLASS_OTHERS << 8 | 0x80;
    k->subsystem_vendor_id = PCI_VENDOR_ID_XEN;
    k->subsystem_id = PCI_DEVICE_ID_XEN_PLATFORM;
    k->revision = 1;
    set_bit(DEVICE_CATEGORY_MISC, dc->categories);
    dc->desc = "Xen platform device (emulated Xen)";
    dc->vmsd = &vmstate_xen_platform;
    /* One per machine, created with it in Xen mode. */
    dc->user_creatable = false;
    dc->hotpluggable = false;      /* the guest and the callback line rely on it */
}

static const TypeInfo xen_platform_info = {
    .name          = TYPE_XEN_PLATFORM,
    .parent        = TYPE_PCI_DEVICE,
    .instance_size = sizeof(XenPlatformState),
    .class_init    = xen_platform_class_init,
    .interfaces = (InterfaceInfo[]) {
        { INTERFACE_CONVENTIONAL_PCI_DEVICE },
        { },
    },
};

void xen_platform_create(void)
{
    /* PC machines have one host bridge: i440FX or Q35. */
    Object *phb = object_resolve_path_type("", TYPE_PCI_HOST_BRIDGE, NULL);

    if (phb) {
        xen_platform_singleton = XEN_PLATFORM(
            pci_create_simple(PCI_HOST_BRIDGE(phb)->bus, -1,
                              TYPE_XEN_PLATFORM));
    }
}

static void xen_platform_register_types(void)
{
    type_register_static(&xen_platform_info);
}

type_init(xen_platform_register_types)
