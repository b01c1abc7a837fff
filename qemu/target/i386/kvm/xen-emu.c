/*
 * Xen HVM guest support under KVM: accelerator properties, CPUID, and the
 * one dispatcher for every hypercall the kernel hands to userspace.
 *
 * The kernel (KVM_CAP_XEN_HVM) fills the hypercall page and intercepts the
 * hypercall instruction; each call it does not accelerate itself arrives
 * here as a KVM_EXIT_XEN exit. Each family of hypercalls has a helper that
 * says whether it handled the call and writes the guest's result; what no
 * helper handles leaves through one path, -ENOSYS, as Xen answers.
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 */

#include "qemu/osdep.h"
#include "qemu/cutils.h"
#include "qemu/log.h"
#include "qemu/main-loop.h"
#include "qemu-version.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "qom/object.h"
#include "hw/boards.h"
#include "hw/i386/pc.h"
#include "sysemu/kvm_int.h"
#include "sysemu/sysemu.h"
#include "standard-headers/asm-x86/kvm_para.h"
#include "hw/xen/xen-abi.h"
#include "hw/i386/kvm/xen_overlay.h"
#include "cpu.h"
#include "kvm_i386.h"
#include "xen-emu.h"
#include "trace.h"

/* The hypercall-page MSR in use; Hyper-V moves it (first vCPU decides). */
static uint32_t xen_hypercall_msr = XEN_HYPERCALL_MSR;

uint32_t kvm_xen_get_version(void)
{
    return kvm_state ? kvm_state->xen_version : 0;
}

uint32_t kvm_xen_get_caps(void)
{
    return kvm_state ? kvm_state->xen_caps : 0;
}

uint16_t kvm_xen_get_gnttab_max_frames(void)
{
    return kvm_state ? kvm_state->xen_gnttab_max_frames : 0;
}

uint16_t kvm_xen_get_evtchn_max_pirq(void)
{
    return kvm_state ? kvm_state->xen_evtchn_max_pirq : 0;
}

/* Accelerator properties */

static bool kvm_xen_props_settable(KVMState *s, Error **errp)
{
    if (s->fd != -1) {
        error_setg(errp, "Cannot set properties after the accelerator has "
                   "been initialized");
        return false;
    }
    return true;
}

static void kvm_xen_get_version_prop(Object *obj, Visitor *v, const char *name,
                                     void *opaque, Error **errp)
{
    uint32_t value = KVM_STATE(obj)->xen_version;

    visit_type_uint32(v, name, &value, errp);
}

static void kvm_xen_set_version_prop(Object *obj, Visitor *v, const char *name,
                                     void *opaque, Error **errp)
{
    KVMState *s = KVM_STATE(obj);
    uint32_t value;

    if (!kvm_xen_props_settable(s, errp) ||
        !visit_type_uint32(v, name, &value, errp)) {
        return;
    }
    /* Linux guests refuse anything older than Xen 3.0's interface. */
    if (value < XEN_VERSION(3, 0)) {
        error_setg(errp, "xen-version 0x%x is not a Xen version", value);
        error_append_hint(errp, "Give (major << 16) | minor, major 3 or more: "
                          "xen-version=0x4000a for Xen 4.10\n");
        return;
    }
    s->xen_version = value;
}

static void kvm_xen_get_u16_prop(Object *obj, Visitor *v, const char *name,
                                 void *opaque, Error **errp)
{
    uint16_t value = *(uint16_t *)((char *)obj + (uintptr_t)opaque);

    visit_type_uint16(v, name, &value, errp);
}

static void kvm_xen_set_u16_prop(Object *obj, Visitor *v, const char *name,
                                 void *opaque, Error **errp)
{
    KVMState *s = KVM_STATE(obj);
    uint16_t value;

    if (!kvm_xen_props_settable(s, errp) ||
        !visit_type_uint16(v, name, &value, errp)) {
        return;
    }
    /* A guest needs at least one grant frame; 0 PIRQs is a valid choice. */
    if (value == 0 && (uintptr_t)opaque ==
        offsetof(KVMState, xen_gnttab_max_frames)) {
        error_setg(errp, "xen-gnttab-max-frames must be at least 1");
        return;
    }
    *(uint16_t *)((char *)obj + (uintptr_t)opaque) = value;
}

void kvm_xen_accel_class_init(ObjectClass *oc)
{
    object_class_property_add(oc, "xen-version", "uint32",
                              kvm_xen_get_version_prop,
                              kvm_xen_set_version_prop, NULL, NULL);
    object_class_property_set_description(oc, "xen-version",
        "Xen version to emulate, (major << 16) | minor; enables Xen HVM "
        "guest support (requires kernel-irqchip=split)");

    object_class_property_add(oc, "xen-evtchn-max-pirq", "uint16",
        kvm_xen_get_u16_prop, kvm_xen_set_u16_prop, NULL,
        (void *)offsetof(KVMState, xen_evtchn_max_pirq));
    object_class_property_set_description(oc, "xen-evtchn-max-pirq",
        "Number of PIRQs a Xen guest may route to event channels "
        "(default: 256)");

    object_class_property_add(oc, "xen-gnttab-max-frames", "uint16",
        kvm_xen_get_u16_prop, kvm_xen_set_u16_prop, NULL,
        (void *)offsetof(KVMState, xen_gnttab_max_frames));
    object_class_property_set_description(oc, "xen-gnttab-max-frames",
        "Maximum number of grant table frames of a Xen guest (default: 64)");
}

/* Start-up */

int kvm_xen_check_config(MachineState *ms, KVMState *s)
{
    MachineClass *mc = MACHINE_GET_CLASS(ms);
    bool split = s->kernel_irqchip_split == ON_OFF_AUTO_ON ||
        (s->kernel_irqchip_split == ON_OFF_AUTO_AUTO &&
         mc->default_kernel_irqchip_split);

    if (!s->xen_version) {
        return 0;
    }
    /* Event channel upcalls are injected as vectors the I/O APIC doesn't own. */
    if (!split || !s->kernel_irqchip_allowed) {
        error_report("kvm: xen-version requires kernel-irqchip=split");
        return -EINVAL;
    }
    /* The Xen platform device, and unplug, exist on PC machines only. */
    if (!object_dynamic_cast(OBJECT(ms), TYPE_PC_MACHINE)) {
        error_report("kvm: xen-version requires a PC machine (-M pc or "
                     "-M q35), not '%s'", mc->name);
        return -EINVAL;
    }
    return 0;
}

static int kvm_xen_set_hypercall_msr(KVMState *s, uint32_t msr)
{
    struct kvm_xen_hvm_config cfg = {
        .msr = msr,
        .flags = KVM_XEN_HVM_CONFIG_INTERCEPT_HCALL,
    };
    int ret = kvm_vm_ioctl(s, KVM_XEN_HVM_CONFIG, &cfg);

    if (ret < 0) {
        error_report("kvm: KVM_XEN_HVM_CONFIG failed: %s", strerror(-ret));
        return ret;
    }
    xen_hypercall_msr = msr;
    return 0;
}

int kvm_xen_init(KVMState *s)
{
    int caps = kvm_check_extension(s, KVM_CAP_XEN_HVM);
    int ret;

    if ((caps & KVM_XEN_HVM_CONFIG_REQUIRED) != KVM_XEN_HVM_CONFIG_REQUIRED) {
        error_report("kvm: xen-version needs the host kernel's Xen support "
                     "(KVM_CAP_XEN_HVM with hypercall MSR, hypercall "
                     "intercept and shared info: Linux 5.12 or newer built "
                     "with CONFIG_KVM_XEN); this host offers 0x%x", caps);
        return -ENOSYS;
    }
    s->xen_caps = caps;

    ret = kvm_xen_set_hypercall_msr(s, XEN_HYPERCALL_MSR);
    if (ret < 0) {
        return ret;
    }

    /* Where the kernel can answer XENVER_version itself, let it. */
    if (caps & KVM_XEN_HVM_CONFIG_EVTCHN_SEND) {
        struct kvm_xen_hvm_attr ha = {
            .type = KVM_XEN_ATTR_TYPE_XEN_VERSION,
            .u.xen_version = s->xen_version,
        };
        ret = kvm_vm_ioctl(s, KVM_XEN_HVM_SET_ATTR, &ha);
        if (ret < 0) {
            error_report("kvm: setting the Xen version failed: %s",
                         strerror(-ret));
            return ret;
        }
    }
    trace_kvm_xen_init(s->xen_version, caps);
    return 0;
}

int kvm_xen_init_vcpu(CPUState *cs, bool hyperv)
{
    uint32_t msr = hyperv ? XEN_HYPERCALL_MSR_HYPERV : XEN_HYPERCALL_MSR;

    if (msr != xen_hypercall_msr) {
        return kvm_xen_set_hypercall_msr(cs->kvm_state, msr);
    }
    return 0;
}

uint32_t kvm_xen_fill_cpuids(CPUState *cs, struct kvm_cpuid_entry2 *c,
                             bool hyperv)
{
    X86CPU *cpu = X86_CPU(cs);
    CPUX86State *env = &cpu->env;
    uint32_t base = hyperv ? XEN_CPUID_BASE_HYPERV : XEN_CPUID_BASE;
    uint32_t hvm_features = XEN_HVM_CPUID_VCPU_ID_PRESENT;
    int i;

    if (cpu->xen_vapic) {
        hvm_features |= XEN_HVM_CPUID_APIC_ACCESS_VIRT |
                        XEN_HVM_CPUID_X2APIC_VIRT;
    }
    /* KVM's own leaves are hidden, so say it here if MSIs may use it. */
    if (env->features[FEAT_KVM] & (1U << KVM_FEATURE_MSI_EXT_DEST_ID)) {
        hvm_features |= XEN_HVM_CPUID_EXT_DEST_ID;
    }

    c[0] = (struct kvm_cpuid_entry2) {
        .function = base,
        .eax = base + XEN_CPUID_MAX_NUM_LEAVES,
        .ebx = XEN_CPUID_SIGNATURE_EBX,
        .ecx = XEN_CPUID_SIGNATURE_ECX,
        .edx = XEN_CPUID_SIGNATURE_EDX,
    };
    c[1] = (struct kvm_cpuid_entry2) {
        .function = base + 1,
        .eax = kvm_xen_get_version(),
    };
    c[2] = (struct kvm_cpuid_entry2) {
        .function = base + 2,
        .eax = 1,                       /* one hypercall page */
        .ebx = xen_hypercall_msr,
    };
    /*
     * TSC leaf: we never emulate the TSC, but claim Xen's default mode as
     * Xen does, so guests keep the Xen PV clock. The kernel fills the
     * scaling of sub-leaf 1 and the host frequency of sub-leaf 2.
     */
    for (i = 0; i < 3; i++) {
        c[3 + i] = (struct kvm_cpuid_entry2) {
            .function = base + 3,
            .index = i,
            .flags = KVM_CPUID_FLAG_SIGNIFCANT_INDEX,
        };
    }
    c[3].ecx = env->tsc_khz;
    c[5].eax = env->tsc_khz;
    c[6] = (struct kvm_cpuid_entry2) {
        .function = base + 4,
        .eax = hvm_features,
        .ebx = cs->cpu_index,           /* Xen's vCPU id */
    };
    c[7] = (struct kvm_cpuid_entry2) {  /* PV-only parameters: none */
        .function = base + 5,
    };
    return 8;
}

/* Guest memory, addressed as the vCPU addresses it */

static int kvm_xen_rw_guest(CPUState *cs, uint64_t gva, void *buf, size_t len,
                            bool is_write)
{
    uint8_t *p = buf;

    while (len) {
        struct kvm_translation tr = { .linear_address = gva };
        size_t chunk = MIN(len, TARGET_PAGE_SIZE - (gva & ~TARGET_PAGE_MASK));
        MemTxResult res;

        if (kvm_vcpu_ioctl(cs, KVM_TRANSLATE, &tr) || !tr.valid) {
            return -EFAULT;
        }
        /* Only guest memory: RAM or ROM of this guest, never I/O. */
        res = address_space_rw(&address_space_memory, tr.physical_address,
                               MEMTXATTRS_UNSPECIFIED, p, chunk, is_write);
        if (res != MEMTX_OK) {
            return -EFAULT;
        }
        gva += chunk;
        p += chunk;
        len -= chunk;
    }
    return 0;
}

int kvm_xen_copy_from_guest(CPUState *cs, uint64_t gva, void *buf, size_t len)
{
    return kvm_xen_rw_guest(cs, gva, buf, len, false);
}

int kvm_xen_copy_to_guest(CPUState *cs, uint64_t gva, const void *buf,
                          size_t len)
{
    return kvm_xen_rw_guest(cs, gva, (void *)buf, len, true);
}

/* HYPERVISOR_xen_version */

/* The features of XENVER_get_features submap 0 that we implement. */
static uint32_t xen_features_submap0(void)
{
    /* Properties of any HVM guest: hardware translates its memory. */
    return 1U << XENFEAT_writable_page_tables |
           1U << XENFEAT_auto_translated_physmap |
           1U << XENFEAT_not_direct_mapped;
}

/* A stable identity of this hypervisor build, as a 20-byte build id. */
static void xen_build_id(uint8_t id[20])
{
    gsize len = 20;
    GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA1);

    g_checksum_update(sum, (const guchar *)"qemu " QEMU_FULL_VERSION,
                      strlen("qemu " QEMU_FULL_VERSION));
    g_checksum_get_digest(sum, id, &len);
    g_checksum_free(sum);
}

static int xen_copy_string(CPUState *cs, uint64_t arg, const char *str,
                           size_t size)
{
    g_autofree char *buf = g_malloc0(size);

    pstrcpy(buf, size, str);
    return kvm_xen_copy_to_guest(cs, arg, buf, size);
}

static int64_t xen_version_op(CPUState *cs, bool long_mode, int cmd,
                              uint64_t arg)
{
    switch (cmd) {
    case XENVER_version:
        return kvm_xen_get_version();

    case XENVER_extraversion:
        return xen_copy_string(cs, arg, ".0-qemu", sizeof(xen_extraversion_t));

    case XENVER_compile_info: {
        struct xen_compile_info info = {};

        pstrcpy(info.compiler, sizeof(info.compiler), "gcc " __VERSION__);
        pstrcpy(info.compile_by, sizeof(info.compile_by), "qemu");
        pstrcpy(info.compile_domain, sizeof(info.compile_domain), "kvm");
        return kvm_xen_copy_to_guest(cs, arg, &info, sizeof(info));
    }

    case XENVER_capabilities:
        return xen_copy_string(cs, arg,
                               "hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64 ",
                               sizeof(xen_capabilities_info_t));

    case XENVER_changeset:
        return xen_copy_string(cs, arg, "qemu " QEMU_FULL_VERSION,
                               sizeof(xen_changeset_info_t));

    case XENVER_platform_parameters:
        /* The start of the hypervisor's hole in a PV guest's address space. */
        if (long_mode) {
            struct xen_platform_parameters pp = {
                .virt_start = 0xffff800000000000ULL,
            };
            return kvm_xen_copy_to_guest(cs, arg, &pp, sizeof(pp));
        } else {
            struct compat_xen_platform_parameters pp = {
                .virt_start = 0xf5800000,
            };
            return kvm_xen_copy_to_guest(cs, arg, &pp, sizeof(pp));
        }

    case XENVER_get_features: {
        struct xen_feature_info fi;

        if (kvm_xen_copy_from_guest(cs, arg, &fi, sizeof(fi))) {
            return -EFAULT;
        }
        if (fi.submap_idx != 0) {
            return -EINVAL;
        }
        fi.submap = xen_features_submap0();
        return kvm_xen_copy_to_guest(cs, arg, &fi, sizeof(fi));
    }

    case XENVER_pagesize:
        return arg ? -EINVAL : XEN_PAGE_SIZE;

    case XENVER_guest_handle:
        return kvm_xen_copy_to_guest(cs, arg, qemu_uuid.data,
                                     sizeof(xen_domain_handle_t));

    case XENVER_commandline:
        /* There is no hypervisor command line: an empty one. */
        return xen_copy_string(cs, arg, "", sizeof(xen_commandline_t));

    case XENVER_build_id: {
        uint8_t id[20];
        uint32_t len;

        xen_build_id(id);
        if (!arg) {
            return sizeof(id);              /* the size, to allocate */
        }
        if (kvm_xen_copy_from_guest(cs, arg, &len, sizeof(len))) {
            return -EFAULT;
        }
        if (len == 0) {
            return -EINVAL;
        }
        if (len < sizeof(id)) {
            return -ENOBUFS;
        }
        if (kvm_xen_copy_to_guest(cs, arg + offsetof(xen_build_id_t, buf),
                                  id, sizeof(id))) {
            return -EFAULT;
        }
        return sizeof(id);
    }
    }
    return -ENOSYS;
}

static bool kvm_xen_hcall_xen_version(struct kvm_xen_exit *exit, X86CPU *cpu,
                                      int cmd, uint64_t arg)
{
    int64_t ret = xen_version_op(CPU(cpu), exit->u.hcall.longmode, cmd, arg);

    if (ret == -ENOSYS) {
        return false;
    }
    exit->u.hcall.result = ret;
    return true;
}

/* HYPERVISOR_memory_op */

static int add_to_physmap_one(uint16_t domid, uint32_t space, uint64_t idx,
                              uint64_t gpfn, bool long_mode)
{
    if (domid != DOMID_SELF) {
        return -ESRCH;
    }
    switch (space) {
    case XENMAPSPACE_shared_info:
        if (idx) {
            return -EINVAL;
        }
        return xen_overlay_map_shinfo_page(gpfn << XEN_PAGE_SHIFT, long_mode);
    default:
        qemu_log_mask(LOG_UNIMP, "%s: unsupported space %u\n", __func__, space);
        return -ENOSYS;
    }
}

static int do_add_to_physmap(CPUState *cs, bool long_mode, uint64_t arg)
{
    struct xen_add_to_physmap xatp;
    int ret;

    if (long_mode) {
        ret = kvm_xen_copy_from_guest(cs, arg, &xatp, sizeof(xatp));
    } else {
        struct compat_xen_add_to_physmap c;

        ret = kvm_xen_copy_from_guest(cs, arg, &c, sizeof(c));
        xatp = (struct xen_add_to_physmap) {
            .domid = c.domid, .size = c.size, .space = c.space,
            .idx = c.idx, .gpfn = c.gpfn,
        };
    }
    if (ret) {
        return -EFAULT;
    }
    /* The overlay is device state: it moves memory regions under the BQL. */
    qemu_mutex_lock_iothread();
    ret = add_to_physmap_one(xatp.domid, xatp.space, xatp.idx, xatp.gpfn,
                             long_mode);
    qemu_mutex_unlock_iothread();
    return ret;
}

static bool kvm_xen_hcall_memory_op(struct kvm_xen_exit *exit, X86CPU *cpu,
                                    int cmd, uint64_t arg)
{
    int ret;

    switch (cmd) {
    case XENMEM_add_to_physmap:
        ret = do_add_to_physmap(CPU(cpu), exit->u.hcall.longmode, arg);
        break;
    default:
        return false;
    }
    exit->u.hcall.result = ret;
    return true;
}

/* The dispatcher */

static int kvm_xen_hcall(X86CPU *cpu, struct kvm_xen_exit *exit)
{
    uint64_t code = exit->u.hcall.input;
    uint64_t a[6];
    bool handled = false;

    memcpy(a, exit->u.hcall.params, sizeof(a));

    /* As Xen: a guest's user space may not make hypercalls. */
    if (exit->u.hcall.cpl > 0) {
        exit->u.hcall.result = -EPERM;
        goto out;
    }

    switch (code) {
    case __HYPERVISOR_xen_version:
        handled = kvm_xen_hcall_xen_version(exit, cpu, a[0], a[1]);
        break;
    case __HYPERVISOR_memory_op:
        handled = kvm_xen_hcall_memory_op(exit, cpu, a[0], a[1]);
        break;
    }

    if (!handled) {
        qemu_log_mask(LOG_UNIMP, "Xen hypercall %" PRIu64
                      " (0x%" PRIx64 " 0x%" PRIx64 " 0x%" PRIx64 ") from "
                      "vCPU %d not implemented\n", code, a[0], a[1], a[2],
                      CPU(cpu)->cpu_index);
        trace_kvm_xen_unimplemented(CPU(cpu)->cpu_index, code, a[0], a[1]);
        exit->u.hcall.result = -ENOSYS;
    }
out:
    trace_kvm_xen_hypercall(CPU(cpu)->cpu_index, exit->u.hcall.cpl, code,
                            a[0], a[1], a[2], exit->u.hcall.result);
    return 0;
}

int kvm_xen_handle_exit(X86CPU *cpu, struct kvm_xen_exit *exit)
{
    if (exit->type != KVM_EXIT_XEN_HCALL) {
        error_report("kvm: unknown Xen exit type %u", exit->type);
        return -1;
    }
    return kvm_xen_hcall(cpu, exit);
}
