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
#include "qemu/units.h"
#include "qemu/log.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"
#include "qemu/thread.h"
#include "qemu/rcu.h"
#include "exec/address-spaces.h"
#include "hw/core/cpu.h"
#include "migration/vmstate.h"
#include "sysemu/reset.h"
#include "sysemu/runstate.h"
#include "qemu-version.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "qom/object.h"
#include "hw/boards.h"
#include "hw/i386/pc.h"
#include "hw/i386/e820_memory_layout.h"
#include "sysemu/kvm_int.h"
#include "sysemu/sysemu.h"
#include "standard-headers/asm-x86/kvm_para.h"
#include "hw/xen/xen.h"
#include "hw/xen/xen-abi.h"
#include "hw/i386/kvm/xen_overlay.h"
#include "hw/i386/kvm/xen_evtchn.h"
#include "hw/i386/kvm/xen_gnttab.h"
#include "cpu.h"
#include "kvm_i386.h"
#include "xen-emu.h"
#include "trace.h"

/* The hypercall-page MSR in use; Hyper-V moves it (first vCPU decides). */
static uint32_t xen_hypercall_msr = XEN_HYPERCALL_MSR;

/*
 * vCPUs that Xen would not take as down (_VPF_down), by index: each made a
 * hypercall that reached QEMU since its reset. Xen's APs are down until
 * their SIPI, and go down again on INIT or a halt with interrupts off (a
 * kexec stops them so); the kernel runs those, so a vCPU counts as up once
 * QEMU sees it running. One whose hypercalls the kernel answers all counts
 * as down: the lenient side. Not migrated: on the destination each is up
 * again at its next hypercall.
 */
static unsigned long *xen_vcpus_up;

/*
 * State of the emulated domain as a whole; per-vCPU state lives in
 * CPUX86State. Migrated, and cleared on reset as a new domain's would be.
 * Written by hypercalls under the BQL.
 */
/*
 * HVM params migrated: a number of our own, so that new Xen headers do not
 * change the migration stream.
 */
#define XEN_EMU_NR_HVM_PARAMS 64
QEMU_BUILD_BUG_ON(HVM_NR_PARAMS > XEN_EMU_NR_HVM_PARAMS);

/* No SCHEDOP_shutdown_code given yet (Xen's SHUTDOWN_CODE_INVALID). */
#define XEN_SHUTDOWN_CODE_NONE UINT32_MAX

static struct {
    uint64_t hvm_params[XEN_EMU_NR_HVM_PARAMS];
    uint32_t shutdown_code;     /* SCHEDOP_shutdown_code: the reason given */
} xen_domain;

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

/* A uint16 property of KVMState: its field and the values allowed. */
typedef struct {
    size_t offset;
    uint16_t min, max;
} KVMXenU16Prop;

static const KVMXenU16Prop xen_evtchn_max_pirq_prop = {
    offsetof(KVMState, xen_evtchn_max_pirq), 0, UINT16_MAX,
};
/*
 * A guest needs one frame. Linux maps the whole table into the Xen
 * platform device's 16MiB memory BAR, and panics when it does not fit.
 */
static const KVMXenU16Prop xen_gnttab_max_frames_prop = {
    offsetof(KVMState, xen_gnttab_max_frames), 1, 4096,
};

static void kvm_xen_get_u16_prop(Object *obj, Visitor *v, const char *name,
                                 void *opaque, Error **errp)
{
    const KVMXenU16Prop *p = opaque;
    uint16_t value = *(uint16_t *)((char *)obj + p->offset);

    visit_type_uint16(v, name, &value, errp);
}

static void kvm_xen_set_u16_prop(Object *obj, Visitor *v, const char *name,
                                 void *opaque, Error **errp)
{
    const KVMXenU16Prop *p = opaque;
    uint16_t value;

    if (!kvm_xen_props_settable(KVM_STATE(obj), errp) ||
        !visit_type_uint16(v, name, &value, errp)) {
        return;
    }
    if (value < p->min || value > p->max) {
        error_setg(errp, "%s must be at least %u and at most %u", name,
                   p->min, p->max);
        return;
    }
    *(uint16_t *)((char *)obj + p->offset) = value;
}

/*
 * PIRQs (XENFEAT_hvm_pirqs, PHYSDEVOP_*, EVTCHNOP_bind_pirq), which Xen's
 * toolstack gives every HVM domain: unless xen-evtchn-max-pirq is 0.
 */
bool kvm_xen_pirqs_offered(void)
{
    return kvm_xen_get_evtchn_max_pirq();
}

static bool kvm_xen_get_ignore_accel(Object *obj, Error **errp)
{
    return KVM_STATE(obj)->xen_ignore_kernel_accel;
}

static void kvm_xen_set_ignore_accel(Object *obj, bool value, Error **errp)
{
    KVMState *s = KVM_STATE(obj);

    if (kvm_xen_props_settable(s, errp)) {
        s->xen_ignore_kernel_accel = value;
    }
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
        (void *)&xen_evtchn_max_pirq_prop);
    object_class_property_set_description(oc, "xen-evtchn-max-pirq",
        "Number of PIRQs a Xen guest may route to event channels "
        "(default: 256; 0: none)");

    object_class_property_add_bool(oc, "x-xen-ignore-kernel-accel",
                                   kvm_xen_get_ignore_accel,
                                   kvm_xen_set_ignore_accel);
    object_class_property_set_description(oc, "x-xen-ignore-kernel-accel",
        "Experimental, for testing: handle in QEMU what the kernel could "
        "accelerate for Xen guests (event delivery, timers, IPIs)");

    object_class_property_add(oc, "xen-gnttab-max-frames", "uint16",
        kvm_xen_get_u16_prop, kvm_xen_set_u16_prop, NULL,
        (void *)&xen_gnttab_max_frames_prop);
    object_class_property_set_description(oc, "xen-gnttab-max-frames",
        "Maximum number of grant table frames of a Xen guest (default: 64)");
}

/* Start-up */

static const VMStateDescription vmstate_xen_domain;
static void xen_domain_reset(void *opaque);
static void xen_singleshot_fire(void *opaque);
static void xen_periodic_fire(void *opaque);

int kvm_xen_check_config(MachineState *ms, KVMState *s)
{
    MachineClass *mc = MACHINE_GET_CLASS(ms);
    bool split = s->kernel_irqchip_split == ON_OFF_AUTO_ON ||
        (s->kernel_irqchip_split == ON_OFF_AUTO_AUTO &&
         mc->default_kernel_irqchip_split);

    if (!s->xen_version) {
        return 0;
    }
    /* Event channel upcalls are vectors the I/O APIC doesn't own. */
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
        /* EVTCHN_SEND: the kernel also blocks SCHEDOP_poll itself. */
        .flags = KVM_XEN_HVM_CONFIG_INTERCEPT_HCALL |
                 (s->xen_caps & KVM_XEN_HVM_CONFIG_EVTCHN_SEND),
    };
    int ret = kvm_vm_ioctl(s, KVM_XEN_HVM_CONFIG, &cfg);

    if (ret < 0) {
        error_report("kvm: KVM_XEN_HVM_CONFIG failed: %s", strerror(-ret));
        return ret;
    }
    xen_hypercall_msr = msr;
    return 0;
}

static void xen_timers_vm_state(void *opaque, bool running, RunState state);

/* KVM memory slots kept for the machine's own RAM, ROMs and BARs. */
#define XEN_MACHINE_MEMSLOTS 128

/*
 * KVM changes a memory slot only once every vCPU inside KVM_RUN has left
 * its SRCU read section (synchronize_srcu). A vCPU halted in the kernel's
 * SCHEDOP_poll (Linux's PV spinlocks wait so) stays in it until its event
 * comes; if that is owed by a vCPU waiting for the BQL that the thread
 * changing the slot holds, or by that thread itself (Linux maps grant
 * frames holding a spinlock other vCPUs poll on), neither ever moves: seen
 * in the lab as a guest stalled until a debugger attached. So a memory map
 * update that lasts over a millisecond kicks the other vCPUs out of the
 * kernel every millisecond until it is done; they wait for the BQL instead.
 * A poll may end early, in Xen as here.
 */
static struct {
    QemuMutex lock;
    QemuCond cond;
    bool active;                /* a memory map update is under way */
    unsigned gen;               /* which one */
    CPUState *self;             /* the vCPU making it, if one is */
} poll_kick;

static void *poll_kick_thread(void *opaque)
{
    qemu_mutex_lock(&poll_kick.lock);
    for (;;) {
        unsigned gen;

        while (!poll_kick.active) {
            qemu_cond_wait(&poll_kick.cond, &poll_kick.lock);
        }
        gen = poll_kick.gen;
        qemu_cond_timedwait(&poll_kick.cond, &poll_kick.lock, 1);
        while (poll_kick.active && poll_kick.gen == gen) {
            CPUState *cs, *self = poll_kick.self;

            qemu_mutex_unlock(&poll_kick.lock);
            WITH_RCU_READ_LOCK_GUARD() {
                CPU_FOREACH(cs) {
                    /* Not one being created (no halt_cond yet) or unplugged. */
                    if (cs != self && qatomic_read(&cs->created) &&
                        !qatomic_read(&cs->unplug)) {
                        qemu_cpu_kick(cs);
                    }
                }
            }
            qemu_mutex_lock(&poll_kick.lock);
            qemu_cond_timedwait(&poll_kick.cond, &poll_kick.lock, 1);
        }
    }
    return NULL;
}

static void poll_kick_begin(MemoryListener *listener)
{
    qemu_mutex_lock(&poll_kick.lock);
    poll_kick.active = true;
    poll_kick.gen++;
    poll_kick.self = current_cpu;
    qemu_cond_signal(&poll_kick.cond);
    qemu_mutex_unlock(&poll_kick.lock);
}

static void poll_kick_commit(MemoryListener *listener)
{
    qemu_mutex_lock(&poll_kick.lock);
    poll_kick.active = false;
    qemu_mutex_unlock(&poll_kick.lock);
}

static MemoryListener poll_kick_listener = {
    .name = "xen-poll-kick",
    .begin = poll_kick_begin,
    .commit = poll_kick_commit,
};

static void poll_kick_init(void)
{
    static QemuThread thread;

    qemu_mutex_init(&poll_kick.lock);
    qemu_cond_init(&poll_kick.cond);
    qemu_thread_create(&thread, "xen-poll-kick", poll_kick_thread, NULL,
                       QEMU_THREAD_DETACHED);
    memory_listener_register(&poll_kick_listener, &address_space_memory);
}

int kvm_xen_init(KVMState *s)
{
    int caps = kvm_check_extension(s, KVM_CAP_XEN_HVM);
    int max_pages, ret;

    if ((caps & KVM_XEN_HVM_CONFIG_REQUIRED) != KVM_XEN_HVM_CONFIG_REQUIRED) {
        error_report("kvm: xen-version needs the host kernel's Xen support "
                     "(KVM_CAP_XEN_HVM with hypercall MSR, hypercall "
                     "intercept and shared info: Linux 5.12 or newer built "
                     "with CONFIG_KVM_XEN); this host offers 0x%x", caps);
        return -ENOSYS;
    }
    /*
     * What we use of the kernel's optional accelerations is what it
     * offers, unless told to ignore them (to test QEMU's own paths).
     */
    if (s->xen_ignore_kernel_accel) {
        caps &= ~(KVM_XEN_HVM_CONFIG_EVTCHN_SEND |
                  KVM_XEN_HVM_CONFIG_EVTCHN_2LEVEL);
    }
    s->xen_caps = caps;

    /*
     * Every page a guest places (shared info, each grant frame) may split
     * a RAM slot: two more KVM memory slots each, and QEMU cannot run out
     * of slots without aborting. So the table must fit this host's slots.
     */
    max_pages = (s->nr_slots - XEN_MACHINE_MEMSLOTS) / 2 - 1;
    if (s->xen_gnttab_max_frames > max_pages) {
        error_report("kvm: xen-gnttab-max-frames=%u is too large: a guest "
                     "may place each grant frame apart, which takes two KVM "
                     "memory slots, and this host's KVM has %d: at most %d",
                     s->xen_gnttab_max_frames, s->nr_slots, MAX(max_pages, 0));
        return -EINVAL;
    }

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

        poll_kick_init();       /* the kernel answers SCHEDOP_poll too */
        ret = kvm_vm_ioctl(s, KVM_XEN_HVM_SET_ATTR, &ha);
        if (ret < 0) {
            error_report("kvm: setting the Xen version failed: %s",
                         strerror(-ret));
            return ret;
        }
    }
    /* Domain 0 is the backends' (QEMU's); the guest is 1 unless told. */
    if (!xen_domid) {
        xen_domid = 1;
    }
    if (xen_domid >= DOMID_FIRST_RESERVED) {
        error_report("kvm: -xen-domid %u is not a guest's domain id: give "
                     "1 to %u", xen_domid, DOMID_FIRST_RESERVED - 1);
        return -EINVAL;
    }
    if (e820_add_entry(XEN_SPECIAL_AREA_ADDR, XEN_SPECIAL_AREA_SIZE,
                       E820_RESERVED) < 0) {
        error_report("kvm: no room in the e820 map for Xen's special pages");
        return -ENOSPC;
    }
    xen_vcpus_up = bitmap_new(current_machine->smp.max_cpus);
    vmstate_register(NULL, 0, &vmstate_xen_domain, &xen_domain);
    qemu_register_reset(xen_domain_reset, NULL);
    qemu_add_vm_change_state_handler_prio(xen_timers_vm_state, NULL, 1);
    trace_kvm_xen_init(s->xen_version, caps);
    return 0;
}

/* An unplugged vCPU's timers must not fire on it. */
void kvm_xen_destroy_vcpu(CPUState *cs)
{
    CPUX86State *env = &X86_CPU(cs)->env;

    timer_free(env->xen_singleshot_timer);
    timer_free(env->xen_periodic_timer);
    env->xen_singleshot_timer = env->xen_periodic_timer = NULL;
}

int kvm_xen_init_vcpu(CPUState *cs, bool hyperv)
{
    uint32_t msr = hyperv ? XEN_HYPERCALL_MSR_HYPERV : XEN_HYPERCALL_MSR;
    CPUX86State *env = &X86_CPU(cs)->env;

    env->xen_singleshot_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL,
                                             xen_singleshot_fire, cs);
    env->xen_periodic_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL,
                                           xen_periodic_fire, cs);
    kvm_xen_reset_vcpu(X86_CPU(cs));

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
    /* Per-vCPU upcall vectors (HVMOP_set_evtchn_upcall_vector), from 4.17. */
    if (kvm_xen_get_version() >= XEN_VERSION(4, 17)) {
        hvm_features |= XEN_HVM_CPUID_UPCALL_VECTOR;
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

/*
 * The vCPU of Xen id @vcpu_id (QEMU's index), or NULL; not one being
 * unplugged, whose Xen timers may already be gone.
 */
CPUState *kvm_xen_vcpu(uint32_t vcpu_id)
{
    CPUState *cs = vcpu_id < INT_MAX ? qemu_get_cpu(vcpu_id) : NULL;

    return cs && !qatomic_read(&cs->unplug) ? cs : NULL;
}

/* Guest memory, addressed as the vCPU addresses it */

/*
 * Guest RAM (or, to read, ROM) at @gpa for @len bytes: its region and
 * offset, or NULL where the range is anything else. Caller holds RCU.
 */
static MemoryRegion *xen_ram_at(uint64_t gpa, hwaddr len, bool is_write,
                                hwaddr *xlat)
{
    hwaddr l = len;
    MemoryRegion *mr = address_space_translate(&address_space_memory, gpa,
                                               xlat, &l, is_write,
                                               MEMTXATTRS_UNSPECIFIED);

    return l >= len && memory_access_is_direct(mr, is_write) ? mr : NULL;
}

/*
 * Only guest RAM, never I/O: a hypercall must not make QEMU touch a device
 * on the guest's behalf. Reads may come from ROM, writes go to RAM only.
 */
static int kvm_xen_rw_guest(CPUState *cs, uint64_t gva, void *buf, size_t len,
                            bool is_write)
{
    uint8_t *p = buf;

    while (len) {
        struct kvm_translation tr = { .linear_address = gva };
        size_t chunk = MIN(len, TARGET_PAGE_SIZE - (gva & ~TARGET_PAGE_MASK));
        MemoryRegion *mr;
        hwaddr xlat;

        if (kvm_vcpu_ioctl(cs, KVM_TRANSLATE, &tr) || !tr.valid) {
            return -EFAULT;
        }
        RCU_READ_LOCK_GUARD();
        mr = xen_ram_at(tr.physical_address, chunk, is_write, &xlat);
        if (!mr) {
            return -EFAULT;
        }
        if (is_write) {
            memcpy(qemu_map_ram_ptr(mr->ram_block, xlat), p, chunk);
            memory_region_set_dirty(mr, xlat, chunk);
        } else {
            memcpy(p, qemu_map_ram_ptr(mr->ram_block, xlat), chunk);
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

/*
 * Guest RAM at @gpa, to read and write in place, or NULL where the range
 * is anything else (ROM, MMIO, nothing). Never a bounce buffer, whose
 * write-back would dispatch MMIO under the BQL while the caller may hold
 * the event channels' port_lock.
 */
void *kvm_xen_map_ram(uint64_t gpa, hwaddr len)
{
    MemoryRegion *mr;
    hwaddr xlat;

    RCU_READ_LOCK_GUARD();
    mr = xen_ram_at(gpa, len, true, &xlat);
    if (!mr) {
        return NULL;
    }
    memory_region_ref(mr);
    return qemu_map_ram_ptr(mr->ram_block, xlat);
}

void kvm_xen_unmap_ram(void *p, hwaddr len, bool written)
{
    address_space_unmap(&address_space_memory, p, len, written,
                        written ? len : 0);
}

static bool kvm_xen_gpa_is_ram(uint64_t gpa, hwaddr len)
{
    hwaddr xlat;

    RCU_READ_LOCK_GUARD();
    return xen_ram_at(gpa, len, true, &xlat);
}

/* Per-vCPU state the kernel keeps for us */

/* An address attribute, or the upcall vector (@val is a GPA or a vector). */
static struct kvm_xen_vcpu_attr xen_vcpu_attr(uint16_t type, uint64_t val)
{
    struct kvm_xen_vcpu_attr xva = { .type = type };

    if (type == KVM_XEN_VCPU_ATTR_TYPE_UPCALL_VECTOR) {
        xva.u.vector = val;
    } else {
        xva.u.gpa = val;
    }
    return xva;
}

static int kvm_xen_set_vcpu_attr(CPUState *cs, uint16_t type, uint64_t val)
{
    struct kvm_xen_vcpu_attr xva = xen_vcpu_attr(type, val);

    return kvm_vcpu_ioctl(cs, KVM_XEN_VCPU_SET_ATTR, &xva);
}

/* The first 32 vCPUs' default vcpu_info: their slot in shared info. */
static uint64_t xen_default_vcpu_info_gpa(CPUState *cs, uint64_t shinfo_gpa)
{
    if (shinfo_gpa == INVALID_GPA || cs->cpu_index >= XEN_LEGACY_MAX_VCPUS) {
        return INVALID_GPA;
    }
    return shinfo_gpa + offsetof(struct shared_info, vcpu_info[cs->cpu_index]);
}

/*
 * The vcpu_info in use: the registered one, else the default one where
 * shared info is now (so a vCPU added later finds its slot too).
 */
uint64_t kvm_xen_vcpu_info_gpa(CPUState *cs)
{
    CPUX86State *env = &X86_CPU(cs)->env;

    return env->xen_vcpu_info_gpa != INVALID_GPA ? env->xen_vcpu_info_gpa :
           xen_default_vcpu_info_gpa(cs, xen_overlay_shinfo_gpa());
}

/* Xen timers */

/* Xen's system time: what the kernel puts in the PV clock (kvmclock). */
static int64_t xen_system_time_ns(void)
{
    struct kvm_clock_data clock = {};

    return kvm_vm_ioctl(kvm_state, KVM_GET_CLOCK, &clock) ? 0 : clock.clock;
}

/*
 * The kernel runs a vCPU's singleshot timer (set_timer_op,
 * VCPUOP_set_singleshot_timer) once it knows the timer VIRQ's port; until
 * then, without the kernel's timers, or for vCPU 0 while a callback line
 * serves it (which only QEMU's deliveries drive), QEMU does. Periodic
 * timers are always QEMU's.
 */
static bool kernel_runs_timer(CPUX86State *env)
{
    return (kvm_xen_get_caps() & KVM_XEN_HVM_CONFIG_EVTCHN_SEND) &&
           env->xen_virq_timer_port &&
           !(env_cpu(env) == kvm_xen_vcpu(0) &&
             xen_evtchn_line_serves_vcpu0());
}

/*
 * Timer state is shared by the vCPU's hypercalls and the timers' callbacks,
 * which run in the main loop: both hold the BQL.
 */
static void xen_timer_arm(QEMUTimer *t, int64_t xen_deadline, int64_t xen_now)
{
    /* QEMU's virtual clock stops with the guest, as the PV clock does. */
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    /* As Xen, a deadline beyond INT64_MAX is a negative one: past. */
    int64_t delta = xen_deadline <= xen_now ? 0 : xen_deadline - xen_now;

    timer_mod_ns(t, delta < INT64_MAX - now ? now + delta : INT64_MAX);
}

static void xen_timer_virq(X86CPU *cpu)
{
    uint16_t port = qatomic_read(&cpu->env.xen_virq_timer_port);

    trace_kvm_xen_timer_fire(CPU(cpu)->cpu_index, port);
    /* No VIRQ_TIMER bound: as Xen, the event goes nowhere. */
    if (port) {
        xen_evtchn_set_port(port);
    }
}

static void xen_singleshot_fire(void *opaque)
{
    X86CPU *cpu = opaque;

    cpu->env.xen_singleshot_timer_ns = 0;
    xen_timer_virq(cpu);
}

static void xen_periodic_fire(void *opaque)
{
    X86CPU *cpu = opaque;
    uint64_t period = cpu->env.xen_periodic_timer_period;

    if (period) {
        timer_mod_ns(cpu->env.xen_periodic_timer,
                     qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + period);
        xen_timer_virq(cpu);
    }
}

/* Fire at Xen time @deadline (Xen time now: @now); 0 stops the timer. */
static void xen_singleshot_set(X86CPU *cpu, uint64_t deadline, int64_t now)
{
    CPUX86State *env = &cpu->env;

    env->xen_singleshot_timer_ns = deadline;
    if (deadline) {
        xen_timer_arm(env->xen_singleshot_timer, deadline, now);
    } else {
        timer_del(env->xen_singleshot_timer);
    }
}

static void xen_periodic_set(X86CPU *cpu, uint64_t period)
{
    CPUX86State *env = &cpu->env;

    env->xen_periodic_timer_period = period;
    if (period) {
        timer_mod_ns(env->xen_periodic_timer,
                     qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + period);
    } else {
        timer_del(env->xen_periodic_timer);
    }
}

/* __HYPERVISOR_set_timer_op, with Xen's handling of odd timeouts. */
static int xen_set_timer_op(X86CPU *cpu, int64_t timeout)
{
    int64_t now = xen_system_time_ns();
    int64_t offset = timeout - now;

    if (timeout == 0) {
        xen_singleshot_set(cpu, 0, now);
    } else if (timeout < 0 || (offset > 0 && (uint32_t)(offset >> 50))) {
        /*
         * A timeout wrapped negative or some 13 days away: Linux's jiffies
         * wrapping, or an old guest with nothing to wait for. Xen settles
         * for an event in 100ms; so do we.
         */
        xen_singleshot_set(cpu, now + 100 * SCALE_MS, now);
    } else {
        /* One in the past fires at once. */
        xen_singleshot_set(cpu, timeout, now);
    }
    return 0;
}

/*
 * Loaded timers hold Xen (kvmclock) times, which mean nothing until the
 * VM runs and kvmclock has the migrated clock: they are armed then. So
 * are those a stopped VM had: held in env from the stop on.
 */
static bool xen_timers_loaded;

/* The kernel raises this vCPU's timer VIRQ on the port we tell it. */
static int kvm_xen_put_vcpu_timer(CPUState *cs)
{
    X86CPU *cpu = X86_CPU(cs);
    CPUX86State *env = &cpu->env;
    struct kvm_xen_vcpu_attr va = {
        .type = KVM_XEN_VCPU_ATTR_TYPE_TIMER,
        .u.timer.port = env->xen_virq_timer_port,
        .u.timer.priority = KVM_IRQ_ROUTING_XEN_EVTCHN_PRIO_2LEVEL,
    };

    if (!(kvm_xen_get_caps() & KVM_XEN_HVM_CONFIG_EVTCHN_SEND)) {
        return 0;
    }
    if (!kernel_runs_timer(env)) {
        bool takeover = env->xen_virq_timer_port && !xen_timers_loaded;
        int ret;

        /*
         * QEMU's from now on (a line serves vCPU 0): it takes over what the
         * kernel had armed, and looks at the line again, as the kernel may
         * have raised the timer's event in between.
         */
        if (takeover && !kvm_vcpu_ioctl(cs, KVM_XEN_VCPU_GET_ATTR, &va) &&
            va.u.timer.port && va.u.timer.expires_ns) {
            xen_singleshot_set(cpu, va.u.timer.expires_ns,
                               xen_system_time_ns());
        }
        va.u.timer.port = 0;
        va.u.timer.expires_ns = 0;
        ret = kvm_vcpu_ioctl(cs, KVM_XEN_VCPU_SET_ATTR, &va);
        if (takeover) {
            xen_evtchn_reassert_upcall(cs->cpu_index);
        }
        return ret;
    }
    /*
     * The kernel takes over a singleshot timer QEMU had running (and is
     * asked for it back by pre_save); a loaded one waits for the migrated
     * clock (xen_timers_vm_state).
     */
    if (env->xen_virq_timer_port && env->xen_singleshot_timer_ns &&
        !xen_timers_loaded) {
        va.u.timer.expires_ns = env->xen_singleshot_timer_ns;
        env->xen_singleshot_timer_ns = 0;
        timer_del(env->xen_singleshot_timer);
    }
    return kvm_vcpu_ioctl(cs, KVM_XEN_VCPU_SET_ATTR, &va);
}

/* The kernel's runstate times, carried over by migration. */
static int kvm_xen_get_runstate(CPUState *cs)
{
    uint64_t *rs = X86_CPU(cs)->env.xen_runstate;
    struct kvm_xen_vcpu_attr va = {
        .type = KVM_XEN_VCPU_ATTR_TYPE_RUNSTATE_DATA,
    };
    int ret = kvm_vcpu_ioctl(cs, KVM_XEN_VCPU_GET_ATTR, &va);

    if (!ret) {
        rs[0] = va.u.runstate.state;
        rs[1] = va.u.runstate.state_entry_time;
        rs[2] = va.u.runstate.time_running;
        rs[3] = va.u.runstate.time_runnable;
        rs[4] = va.u.runstate.time_blocked;
        rs[5] = va.u.runstate.time_offline;
    }
    return ret;
}

static void kvm_xen_put_runstate(CPUState *cs)
{
    uint64_t *rs = X86_CPU(cs)->env.xen_runstate;
    struct kvm_xen_vcpu_attr va = {
        .type = KVM_XEN_VCPU_ATTR_TYPE_RUNSTATE_DATA,
        .u.runstate.state = rs[0],
        .u.runstate.state_entry_time = rs[1],
        .u.runstate.time_running = rs[2],
        .u.runstate.time_runnable = rs[3],
        .u.runstate.time_blocked = rs[4],
        .u.runstate.time_offline = rs[5],
    };

    if (kvm_vcpu_ioctl(cs, KVM_XEN_VCPU_SET_ATTR, &va)) {
        warn_report("kvm: vCPU %d's Xen runstate times were not restored",
                    cs->cpu_index);
    }
}

/*
 * Push this vCPU's Xen state into the kernel; on the vCPU's own thread.
 * After a reset every address is invalid, which unregisters them.
 */
/*
 * An area the guest placed where the kernel will not have it (migrated
 * from a QEMU that let it be, or no longer RAM): dropped, as the guest
 * must not keep the vCPU's other state from being loaded.
 */
static void kvm_xen_put_area(CPUState *cs, uint16_t type, uint64_t *gpa)
{
    if (kvm_xen_set_vcpu_attr(cs, type, *gpa)) {
        qemu_log_mask(LOG_GUEST_ERROR, "kvm: vCPU %d's Xen area %u at 0x%"
                      PRIx64 " is not usable: dropped\n", cs->cpu_index,
                      type, *gpa);
        *gpa = INVALID_GPA;
        kvm_xen_set_vcpu_attr(cs, type, INVALID_GPA);
    }
}

int kvm_xen_put_vcpu_state(CPUState *cs)
{
    CPUX86State *env = &X86_CPU(cs)->env;
    uint64_t vcpu_info = kvm_xen_vcpu_info_gpa(cs);
    int ret;

    if (kvm_xen_get_caps() & KVM_XEN_HVM_CONFIG_EVTCHN_SEND) {
        struct kvm_xen_vcpu_attr va = {
            .type = KVM_XEN_VCPU_ATTR_TYPE_VCPU_ID,
            .u.vcpu_id = cs->cpu_index,
        };
        ret = kvm_vcpu_ioctl(cs, KVM_XEN_VCPU_SET_ATTR, &va);
        if (ret) {
            return ret;
        }
    }
    kvm_xen_put_area(cs, KVM_XEN_VCPU_ATTR_TYPE_VCPU_INFO, &vcpu_info);
    if (vcpu_info == INVALID_GPA && env->xen_vcpu_info_gpa != INVALID_GPA) {
        /* A registered one dropped: back to the default slot, if any. */
        env->xen_vcpu_info_gpa = INVALID_GPA;
        vcpu_info = kvm_xen_vcpu_info_gpa(cs);
        kvm_xen_put_area(cs, KVM_XEN_VCPU_ATTR_TYPE_VCPU_INFO, &vcpu_info);
    }
    kvm_xen_put_area(cs, KVM_XEN_VCPU_ATTR_TYPE_VCPU_TIME_INFO,
                     &env->xen_vcpu_time_info_gpa);
    if (kvm_xen_get_caps() & KVM_XEN_HVM_CONFIG_RUNSTATE) {
        kvm_xen_put_area(cs, KVM_XEN_VCPU_ATTR_TYPE_RUNSTATE_ADDR,
                         &env->xen_vcpu_runstate_gpa);
    }
    if (kvm_xen_get_caps() & KVM_XEN_HVM_CONFIG_EVTCHN_SEND) {
        ret = kvm_xen_set_vcpu_attr(cs, KVM_XEN_VCPU_ATTR_TYPE_UPCALL_VECTOR,
                                    env->xen_vcpu_callback_vector);
        if (ret) {
            return ret;
        }
    }
    return kvm_xen_put_vcpu_timer(cs);
}

static void do_set_timer_port(CPUState *cs, run_on_cpu_data data)
{
    X86_CPU(cs)->env.xen_virq_timer_port = data.host_int;
    if (kvm_xen_put_vcpu_timer(cs)) {
        error_report("kvm: cannot set the Xen timer port of vCPU %d",
                     cs->cpu_index);
    }
}

void kvm_xen_set_vcpu_timer_port(CPUState *cs, uint16_t port)
{
    /* On the vCPU's thread: the kernel's timer state is the vCPU's. */
    async_run_on_cpu(cs, do_set_timer_port, RUN_ON_CPU_HOST_INT(port));
}

static void do_resync_vcpu_timer(CPUState *cs, run_on_cpu_data data)
{
    do_set_timer_port(cs, RUN_ON_CPU_HOST_INT(
                          X86_CPU(cs)->env.xen_virq_timer_port));
}

void kvm_xen_resync_vcpu_timer(CPUState *cs)
{
    if (cs) {
        async_run_on_cpu(cs, do_resync_vcpu_timer, RUN_ON_CPU_NULL);
    }
}

void kvm_xen_reset_vcpu(X86CPU *cpu)
{
    CPUX86State *env = &cpu->env;

    /* Atomic: other vCPUs set their bits meanwhile, without the BQL. */
    qatomic_and(&xen_vcpus_up[BIT_WORD(CPU(cpu)->cpu_index)],
                ~BIT_MASK(CPU(cpu)->cpu_index));

    env->xen_vcpu_info_gpa = INVALID_GPA;
    env->xen_vcpu_time_info_gpa = INVALID_GPA;
    env->xen_vcpu_runstate_gpa = INVALID_GPA;
    env->xen_virq_timer_port = 0;
    env->xen_vcpu_callback_vector = 0;
    env->xen_singleshot_timer_ns = 0;
    env->xen_periodic_timer_period = 0;
    if (env->xen_singleshot_timer) {
        timer_del(env->xen_singleshot_timer);
        timer_del(env->xen_periodic_timer);
    }
}

/* Migration: the kernel's timer is read back, all are re-armed on start. */
static int xen_vcpu_pre_save(void *opaque)
{
    X86CPU *cpu = opaque;
    CPUX86State *env = &cpu->env;
    struct kvm_xen_vcpu_attr va = { .type = KVM_XEN_VCPU_ATTR_TYPE_TIMER };

    /* Loaded and not yet run, the kernel has not been given it yet. */
    if (kernel_runs_timer(env) && !xen_timers_loaded) {
        if (kvm_vcpu_ioctl(CPU(cpu), KVM_XEN_VCPU_GET_ATTR, &va)) {
            return -EIO;
        }
        env->xen_singleshot_timer_ns = va.u.timer.expires_ns;
    }
    if (env->xen_vcpu_runstate_gpa != INVALID_GPA &&
        (kvm_xen_get_caps() & KVM_XEN_HVM_CONFIG_RUNSTATE) &&
        !xen_timers_loaded && kvm_xen_get_runstate(CPU(cpu))) {
        return -EIO;
    }
    return 0;
}

static int xen_vcpu_post_save(void *opaque)
{
    X86CPU *cpu = opaque;

    /* Still the kernel's, should this VM run on. */
    if (kernel_runs_timer(&cpu->env) && !xen_timers_loaded) {
        cpu->env.xen_singleshot_timer_ns = 0;
    }
    return 0;
}

static int xen_vcpu_post_load(void *opaque, int version_id)
{
    X86CPU *cpu = opaque;

    /* Not QEMU's timers of before the load, nor the kernel's. */
    timer_del(cpu->env.xen_singleshot_timer);
    timer_del(cpu->env.xen_periodic_timer);
    xen_timers_loaded = true;
    return 0;
}

/*
 * Once the VM runs after a load: kvmclock has the migrated time, which the
 * timers' deadlines and the runstate times (the guest's steal time, which
 * the kernel refuses from the future) are in.
 */
static void do_xen_timers_restore(CPUState *cs, run_on_cpu_data data)
{
    X86CPU *cpu = X86_CPU(cs);
    CPUX86State *env = &cpu->env;

    if (env->xen_vcpu_runstate_gpa != INVALID_GPA &&
        (kvm_xen_get_caps() & KVM_XEN_HVM_CONFIG_RUNSTATE)) {
        kvm_xen_put_runstate(cs);
    }

    if (kernel_runs_timer(env)) {
        if (kvm_xen_put_vcpu_timer(cs)) {
            error_report("kvm: cannot restore the Xen timer of vCPU %d",
                         cs->cpu_index);
        }
    } else {
        xen_singleshot_set(cpu, env->xen_singleshot_timer_ns,
                           xen_system_time_ns());
    }
    xen_periodic_set(cpu, env->xen_periodic_timer_period);
}

/*
 * The VM stops: the kernel's timer and runstate times come back to env, the
 * timer disarmed. Should it fire while the VM is stopped, the event would
 * land in RAM a migration may have sent already, and the guest sleep on.
 */
static void do_xen_timers_hold(CPUState *cs, run_on_cpu_data data)
{
    CPUX86State *env = &X86_CPU(cs)->env;
    struct kvm_xen_vcpu_attr va = { .type = KVM_XEN_VCPU_ATTR_TYPE_TIMER };

    if (kernel_runs_timer(env)) {
        if (kvm_vcpu_ioctl(cs, KVM_XEN_VCPU_GET_ATTR, &va)) {
            error_report("kvm: cannot read the Xen timer of vCPU %d",
                         cs->cpu_index);
            return;
        }
        env->xen_singleshot_timer_ns = va.u.timer.expires_ns;
        va.u.timer.expires_ns = 0;
        if (kvm_vcpu_ioctl(cs, KVM_XEN_VCPU_SET_ATTR, &va)) {
            error_report("kvm: cannot hold the Xen timer of vCPU %d",
                         cs->cpu_index);
        }
    }
    if (env->xen_vcpu_runstate_gpa != INVALID_GPA &&
        (kvm_xen_get_caps() & KVM_XEN_HVM_CONFIG_RUNSTATE) &&
        kvm_xen_get_runstate(cs)) {
        error_report("kvm: cannot read the Xen runstate of vCPU %d",
                     cs->cpu_index);
    }
}

/*
 * After kvmclock's handler (priority 0), which takes the clock on a stop
 * and has restored it on a start.
 */
static void xen_timers_vm_state(void *opaque, bool running, RunState state)
{
    CPUState *cs;

    if (!running && !xen_timers_loaded) {
        CPU_FOREACH(cs) {
            run_on_cpu(cs, do_xen_timers_hold, RUN_ON_CPU_NULL);
        }
        xen_timers_loaded = true;
    } else if (running && xen_timers_loaded) {
        xen_timers_loaded = false;
        CPU_FOREACH(cs) {
            run_on_cpu(cs, do_xen_timers_restore, RUN_ON_CPU_NULL);
        }
    }
}

static bool xen_vcpu_needed(void *opaque)
{
    return kvm_xen_enabled();
}

const VMStateDescription vmstate_xen_vcpu = {
    .name = "cpu/xen-emu-vcpu",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = xen_vcpu_needed,
    .pre_save = xen_vcpu_pre_save,
    .post_save = xen_vcpu_post_save,
    .post_load = xen_vcpu_post_load,
    .fields = (VMStateField[]) {
        VMSTATE_UINT64(env.xen_vcpu_info_gpa, X86CPU),
        VMSTATE_UINT64(env.xen_vcpu_time_info_gpa, X86CPU),
        VMSTATE_UINT64(env.xen_vcpu_runstate_gpa, X86CPU),
        VMSTATE_UINT16(env.xen_virq_timer_port, X86CPU),
        VMSTATE_UINT8(env.xen_vcpu_callback_vector, X86CPU),
        VMSTATE_UINT64(env.xen_singleshot_timer_ns, X86CPU),
        VMSTATE_UINT64(env.xen_periodic_timer_period, X86CPU),
        VMSTATE_UINT64_ARRAY(env.xen_runstate, X86CPU, 6),
        VMSTATE_END_OF_LIST()
    }
};

static void do_put_vcpu_state(CPUState *cs, run_on_cpu_data data)
{
    if (kvm_xen_put_vcpu_state(cs)) {
        error_report("kvm: cannot restore the Xen state of vCPU %d",
                     cs->cpu_index);
    }
}

/* Work on another vCPU's kernel state runs on that vCPU's thread. */
static void do_set_vcpu_attr(CPUState *cs, run_on_cpu_data data)
{
    struct kvm_xen_vcpu_attr *xva = data.host_ptr;

    if (kvm_vcpu_ioctl(cs, KVM_XEN_VCPU_SET_ATTR, xva)) {
        error_report("kvm: cannot set Xen attribute %u of vCPU %d",
                     xva->type, cs->cpu_index);
    }
    g_free(xva);
}

/*
 * Another vCPU's attribute is set when that vCPU next runs: the caller
 * checks what the kernel could refuse (an address that is not RAM) first.
 */
static int xen_set_vcpu_attr_on(CPUState *cs, CPUState *target, uint16_t type,
                                uint64_t val)
{
    struct kvm_xen_vcpu_attr xva = xen_vcpu_attr(type, val);

    if (target == cs) {
        return kvm_vcpu_ioctl(cs, KVM_XEN_VCPU_SET_ATTR, &xva);
    }
    async_run_on_cpu(target, do_set_vcpu_attr,
                     RUN_ON_CPU_HOST_PTR(g_memdup2(&xva, sizeof(xva))));
    return 0;
}

/* Shared info is mapped (or not): the first 32 vCPUs' default vcpu_info. */
static void xen_set_default_vcpu_info(CPUState *self, uint64_t shinfo_gpa)
{
    CPUState *cs;

    CPU_FOREACH(cs) {
        if (X86_CPU(cs)->env.xen_vcpu_info_gpa == INVALID_GPA) {
            xen_set_vcpu_attr_on(self, cs, KVM_XEN_VCPU_ATTR_TYPE_VCPU_INFO,
                                 xen_default_vcpu_info_gpa(cs, shinfo_gpa));
        }
    }
}

/* A guest-virtual area as one guest-physical range, as the kernel needs. */
static int xen_translate_area(CPUState *cs, uint64_t gva, size_t len,
                              uint64_t *gpa)
{
    struct kvm_translation first = { .linear_address = gva };
    struct kvm_translation last = { .linear_address = gva + len - 1 };

    if (kvm_vcpu_ioctl(cs, KVM_TRANSLATE, &first) || !first.valid ||
        kvm_vcpu_ioctl(cs, KVM_TRANSLATE, &last) || !last.valid) {
        return -EFAULT;
    }
    if (last.physical_address - first.physical_address != len - 1) {
        return -EINVAL;         /* split over pages not contiguous in RAM */
    }
    *gpa = first.physical_address;
    return 0;
}

/* Domain state */

static void xen_domain_reset(void *opaque)
{
    memset(&xen_domain, 0, sizeof(xen_domain));
    xen_domain.shutdown_code = XEN_SHUTDOWN_CODE_NONE;
}

void kvm_xen_set_hvm_param(unsigned int index, uint64_t value)
{
    assert(index < XEN_EMU_NR_HVM_PARAMS);
    xen_domain.hvm_params[index] = value;
}

static NotifierList soft_reset_notifiers =
    NOTIFIER_LIST_INITIALIZER(soft_reset_notifiers);

void kvm_xen_add_soft_reset_notifier(Notifier *n)
{
    notifier_list_add(&soft_reset_notifiers, n);
}

/*
 * As Xen's domain_soft_reset(): event channels closed, shared info
 * unmapped, vcpu_info back in its slot, time and runstate areas dropped.
 * HVM params (the callback, XenStore's and the console's) and the grant
 * table stay, for the kexec'd kernel to find.
 */
void kvm_xen_soft_reset(void)
{
    CPUState *cs;

    xen_domain.shutdown_code = XEN_SHUTDOWN_CODE_NONE;
    xen_evtchn_soft_reset();
    notifier_list_notify(&soft_reset_notifiers, NULL);
    xen_overlay_map_shinfo_page(INVALID_GPA, xen_overlay_long_mode());
    CPU_FOREACH(cs) {
        kvm_xen_reset_vcpu(X86_CPU(cs));
        async_run_on_cpu(cs, do_put_vcpu_state, RUN_ON_CPU_NULL);
    }
    /* The callback stays, vCPU 0's vector does not: a line may serve it. */
    xen_evtchn_reroute_vcpu0();
}

static const VMStateDescription vmstate_xen_domain = {
    .name = "xen-emu/domain",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (VMStateField[]) {
        VMSTATE_UINT64_ARRAY(hvm_params, typeof(xen_domain),
                             XEN_EMU_NR_HVM_PARAMS),
        VMSTATE_UINT32(shutdown_code, typeof(xen_domain)),
        VMSTATE_END_OF_LIST()
    }
};

/* HYPERVISOR_xen_version */

/* The features of XENVER_get_features submap 0 that we implement. */
static uint32_t xen_features_submap0(void)
{
    /* Properties of any HVM guest: hardware translates its memory. */
    uint32_t f = 1U << XENFEAT_writable_page_tables |
                 1U << XENFEAT_auto_translated_physmap |
                 1U << XENFEAT_not_direct_mapped |
                 1U << XENFEAT_hvm_callback_vector;
    uint32_t caps = kvm_xen_get_caps();

    /*
     * With the PV clock Linux also registers its runstate area, and BUGs
     * if it cannot: offered where the kernel keeps runstate.
     */
    if (caps & KVM_XEN_HVM_CONFIG_RUNSTATE) {
        f |= 1U << XENFEAT_hvm_safe_pvclock;
    }
    if (kvm_xen_pirqs_offered()) {
        f |= 1U << XENFEAT_hvm_pirqs;
    }
    return f;
}

/* A stable identity of this hypervisor build, as a 20-byte build id. */
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
        /* As Xen's XSM for a guest without privilege: copied, but denied. */
        return kvm_xen_copy_to_guest(cs, arg, "<denied>", sizeof("<denied>"));

    case XENVER_build_id:
        return -EPERM;          /* privileged, as in Xen's XSM */
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

static int add_to_physmap_one(CPUState *cs, uint16_t domid, uint32_t space,
                              uint64_t idx, uint64_t gpfn, bool long_mode)
{
    int ret;

    if (domid != DOMID_SELF) {
        return -ESRCH;
    }
    switch (space) {
    case XENMAPSPACE_shared_info:
        if (idx || gpfn >= (1ULL << (52 - XEN_PAGE_SHIFT))) {
            return -EINVAL;
        }
        ret = xen_overlay_map_shinfo_page(gpfn << XEN_PAGE_SHIFT, long_mode);
        if (!ret) {
            xen_set_default_vcpu_info(cs, gpfn << XEN_PAGE_SHIFT);
        }
        return ret;
    case XENMAPSPACE_grant_table:
        return xen_gnttab_map_page(idx, gpfn);
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
    ret = add_to_physmap_one(cs, xatp.domid, xatp.space, xatp.idx, xatp.gpfn,
                             long_mode);
    qemu_mutex_unlock_iothread();
    return ret;
}

/*
 * XENMEM_add_to_physmap_batch: one error per entry in errs[], 0 overall.
 * Entries from @extent on (Xen's continuation point, which a guest may
 * also give).
 */
static int do_add_to_physmap_batch(CPUState *cs, bool long_mode, uint64_t arg,
                                   uint32_t extent)
{
    /* Either ABI: the header, then three handles of 8 or 4 bytes. */
    struct {
        uint16_t domid, space, size, res0;
    } hdr;
    uint64_t handles[3] = { 0 };
    size_t w = long_mode ? 8 : 4;   /* xen_ulong_t, xen_pfn_t, handles */
    int i, ret;

    if (kvm_xen_copy_from_guest(cs, arg, &hdr, sizeof(hdr))) {
        return -EFAULT;
    }
    for (i = 0; i < 3; i++) {
        if (kvm_xen_copy_from_guest(cs, arg + sizeof(hdr) + i * w,
                                    &handles[i], w)) {
            return -EFAULT;
        }
    }
    if (hdr.space == XENMAPSPACE_gmfn_range) {
        return -EOPNOTSUPP;
    }
    if (hdr.domid != DOMID_SELF) {
        return -ESRCH;
    }
    /* As Xen: a continuation must leave entries to do. */
    if (extent > hdr.size || (extent && extent == hdr.size)) {
        return -EILSEQ;
    }
    for (; extent < hdr.size; extent++) {
        uint64_t idx = 0, gpfn = 0;
        int32_t err;

        if (kvm_xen_copy_from_guest(cs, handles[0] + extent * w, &idx, w) ||
            kvm_xen_copy_from_guest(cs, handles[1] + extent * w, &gpfn, w)) {
            return -EFAULT;
        }
        qemu_mutex_lock_iothread();
        err = add_to_physmap_one(cs, hdr.domid, hdr.space, idx, gpfn,
                                 long_mode);
        qemu_mutex_unlock_iothread();
        ret = kvm_xen_copy_to_guest(cs, handles[2] + extent * sizeof(err),
                                    &err, sizeof(err));
        if (ret) {
            return -EFAULT;
        }
    }
    return 0;
}

static gint e820_entry_cmp(gconstpointer a, gconstpointer b)
{
    const struct e820_entry *x = a, *y = b;

    return x->address < y->address ? -1 : x->address > y->address;
}

/* XENMEM_memory_map: the guest's e820, as a toolstack would have set it. */
static int do_memory_map(CPUState *cs, bool long_mode, uint64_t arg)
{
    int n = e820_get_num_entries();
    g_autofree struct e820_entry *map = g_memdup2(e820_table,
                                                  n * sizeof(*map));
    uint32_t nr;
    uint64_t buffer = 0;

    if (kvm_xen_copy_from_guest(cs, arg, &nr, sizeof(nr)) ||
        kvm_xen_copy_from_guest(cs, arg + (long_mode ? 8 : 4), &buffer,
                                long_mode ? 8 : 4)) {
        return -EFAULT;
    }
    /* QEMU lists them as they were added; an e820 map goes by address. */
    qsort(map, n, sizeof(*map), e820_entry_cmp);
    nr = MIN(nr, (uint32_t)n);
    /* Xen's struct e820entry is QEMU's, packed, little-endian on x86. */
    QEMU_BUILD_BUG_ON(sizeof(struct e820_entry) != 20);
    if (kvm_xen_copy_to_guest(cs, buffer, map, nr * sizeof(*map)) ||
        kvm_xen_copy_to_guest(cs, arg, &nr, sizeof(nr))) {
        return -EFAULT;
    }
    return 0;
}

/* One above the guest's highest RAM frame. */
static uint64_t xen_ram_end_pfn(void)
{
    uint64_t end = 0, addr, len;
    int i;

    for (i = 0; i < e820_get_num_entries(); i++) {
        if (e820_get_entry(i, E820_RAM, &addr, &len)) {
            end = MAX(end, addr + len);
        }
    }
    return end >> XEN_PAGE_SHIFT;
}

/* Operations on a domain, named by a domid_t the argument points to. */
static int64_t xen_domain_query(CPUState *cs, int cmd, uint64_t arg)
{
    uint16_t domid;

    if (kvm_xen_copy_from_guest(cs, arg, &domid, sizeof(domid))) {
        return -EFAULT;
    }
    if (domid != DOMID_SELF) {
        return -ESRCH;
    }
    switch (cmd) {
    case XENMEM_current_reservation:
    case XENMEM_maximum_reservation:
        /* The guest's RAM, which it cannot grow (no ballooning up). */
        return current_machine->ram_size >> XEN_PAGE_SHIFT;
    default:    /* XENMEM_maximum_gpfn */
        return xen_ram_end_pfn() - 1;
    }
}

/* Xen encodes a continuation's progress above the command. */
#define MEMOP_EXTENT_SHIFT 6
#define MEMOP_CMD_MASK     ((1 << MEMOP_EXTENT_SHIFT) - 1)

static bool kvm_xen_hcall_memory_op(struct kvm_xen_exit *exit, X86CPU *cpu,
                                    uint64_t cmd, uint64_t arg)
{
    CPUState *cs = CPU(cpu);
    bool long_mode = exit->u.hcall.longmode;
    uint64_t extent = (uint32_t)cmd >> MEMOP_EXTENT_SHIFT;
    int64_t ret;

    switch (cmd & MEMOP_CMD_MASK) {
    case XENMEM_add_to_physmap:
        ret = do_add_to_physmap(cs, long_mode, arg);
        break;
    case XENMEM_add_to_physmap_batch:
        ret = extent > UINT16_MAX ? -EDOM :
              do_add_to_physmap_batch(cs, long_mode, arg, extent);
        break;
    case XENMEM_memory_map:
        ret = do_memory_map(cs, long_mode, arg);
        break;
    case XENMEM_maximum_ram_page:
        ret = extent ? -EINVAL : (int64_t)xen_ram_end_pfn() - 1;
        break;
    case XENMEM_current_reservation:
    case XENMEM_maximum_reservation:
    case XENMEM_maximum_gpfn:
        ret = extent ? -EINVAL
                     : xen_domain_query(cs, cmd & MEMOP_CMD_MASK, arg);
        break;
    case XENMEM_get_sharing_freed_pages:
    case XENMEM_get_sharing_shared_pages:
        ret = 0;        /* no memory sharing, as Xen without it */
        break;
    default:
        /* Ballooning (populate_physmap, ...) and the rest: -ENOSYS. */
        return false;
    }
    if (ret < 0 && ret != -ESRCH) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: op %" PRIu64 " failed: %" PRId64
                      "\n", __func__, cmd & MEMOP_CMD_MASK, ret);
    }
    exit->u.hcall.result = ret;
    return true;
}

/* HYPERVISOR_vcpu_op */

static int vcpuop_register_vcpu_info(CPUState *cs, CPUState *target,
                                     bool long_mode, uint64_t arg)
{
    CPUX86State *env = &X86_CPU(target)->env;
    struct vcpu_register_vcpu_info rvi;
    uint64_t gpa;
    int ret;

    if (kvm_xen_copy_from_guest(cs, arg, &rvi, sizeof(rvi))) {
        return -EFAULT;
    }
    /* As Xen: within one page, aligned for the guest's ABI, only once. */
    if (rvi.offset > XEN_PAGE_SIZE - sizeof(struct vcpu_info) ||
        rvi.offset & (long_mode ? 7 : 3)) {
        return -ENXIO;
    }
    if (env->xen_vcpu_info_gpa != INVALID_GPA) {
        return -EINVAL;
    }
    /* As Xen: on oneself, or on a vCPU that is down (not yet started). */
    if (target != cs && test_bit(target->cpu_index, xen_vcpus_up)) {
        return -EINVAL;
    }
    if (rvi.mfn >= (1ULL << (52 - XEN_PAGE_SHIFT))) {
        return -EINVAL;
    }
    gpa = (rvi.mfn << XEN_PAGE_SHIFT) + rvi.offset;
    /* Only guest RAM: QEMU writes event bits there with port_lock held. */
    if (!kvm_xen_gpa_is_ram(gpa, sizeof(struct vcpu_info))) {
        return -EINVAL;
    }
    /* QEMU's deliveries move first; the kernel's follow (on the target). */
    ret = xen_evtchn_move_vcpu_info(target->cpu_index, gpa, target == cs);
    if (!ret) {
        ret = xen_set_vcpu_attr_on(cs, target,
                                   KVM_XEN_VCPU_ATTR_TYPE_VCPU_INFO, gpa);
        if (ret) {
            env->xen_vcpu_info_gpa = INVALID_GPA;   /* the kernel refused */
        }
    }
    return ret;
}

static int vcpuop_register_area(CPUState *cs, CPUState *target,
                                bool long_mode, uint64_t arg, uint16_t type)
{
    CPUX86State *env = &X86_CPU(target)->env;
    uint64_t gva, gpa = INVALID_GPA;
    size_t len;
    int ret;

    if (type == KVM_XEN_VCPU_ATTR_TYPE_RUNSTATE_ADDR) {
        if (!(kvm_xen_get_caps() & KVM_XEN_HVM_CONFIG_RUNSTATE)) {
            return -ENOSYS;     /* the kernel cannot account runstate */
        }
        len = long_mode ? sizeof(struct vcpu_runstate_info) :
                          COMPAT_VCPU_RUNSTATE_INFO_SIZE;
    } else {
        len = sizeof(struct vcpu_time_info);
    }
    if (kvm_xen_copy_from_guest(cs, arg, &gva, sizeof(gva))) {
        return -EFAULT;
    }
    if (!long_mode) {
        gva = (uint32_t)gva;    /* a 32-bit guest's pointer */
    }
    /* A null handle unregisters the area. */
    if (gva) {
        ret = xen_translate_area(cs, gva, len, &gpa);
        if (ret) {
            return ret;
        }
        if (!kvm_xen_gpa_is_ram(gpa, len)) {
            return -EINVAL;
        }
    }
    ret = xen_set_vcpu_attr_on(cs, target, type, gpa);
    if (ret) {
        return ret;
    }
    if (type == KVM_XEN_VCPU_ATTR_TYPE_RUNSTATE_ADDR) {
        env->xen_vcpu_runstate_gpa = gpa;
    } else {
        env->xen_vcpu_time_info_gpa = gpa;
    }
    return 0;
}

/* Stop a timer, as Xen, on any vCPU; set a singleshot only on oneself. */
static int vcpuop_timer_locked(CPUState *cs, CPUState *target, int cmd,
                               uint64_t arg)
{
    X86CPU *tcpu = X86_CPU(target);

    switch (cmd) {
    case VCPUOP_set_periodic_timer: {
        struct vcpu_set_periodic_timer set;

        if (kvm_xen_copy_from_guest(cs, arg, &set, sizeof(set))) {
            return -EFAULT;
        }
        /* From 1ms to Xen's STIME_DELTA_MAX. */
        if (set.period_ns < SCALE_MS || set.period_ns > (UINT64_MAX >> 2)) {
            return -EINVAL;
        }
        xen_periodic_set(tcpu, set.period_ns);
        return 0;
    }
    case VCPUOP_stop_periodic_timer:
        xen_periodic_set(tcpu, 0);
        return 0;
    case VCPUOP_set_singleshot_timer: {
        struct vcpu_set_singleshot_timer set;

        if (target != cs) {
            return -EINVAL;
        }
        /* Just the timeout: the 32-bit ABI packs the struct tighter. */
        if (kvm_xen_copy_from_guest(cs, arg, &set.timeout_abs_ns,
                                    sizeof(set.timeout_abs_ns))) {
            return -EFAULT;
        }
        /*
         * As Xen 4.17: a timeout already past fires now, whatever flags;
         * 0 too (it is in the past), though to us 0 means stopped.
         */
        xen_singleshot_set(tcpu, MAX(set.timeout_abs_ns, 1),
                           xen_system_time_ns());
        return 0;
    }
    default:    /* VCPUOP_stop_singleshot_timer */
        if (target != cs) {
            return -EINVAL;
        }
        xen_singleshot_set(tcpu, 0, 0);
        return 0;
    }
}

static int vcpuop_timer(CPUState *cs, CPUState *target, int cmd, uint64_t arg)
{
    int ret;

    qemu_mutex_lock_iothread();
    ret = vcpuop_timer_locked(cs, target, cmd, arg);
    qemu_mutex_unlock_iothread();
    return ret;
}

static bool kvm_xen_hcall_vcpu_op(struct kvm_xen_exit *exit, X86CPU *cpu,
                                  int cmd, int vcpu_id, uint64_t arg)
{
    CPUState *cs = CPU(cpu);
    CPUState *target = kvm_xen_vcpu(vcpu_id);
    bool long_mode = exit->u.hcall.longmode;
    int ret;

    switch (cmd) {
    case VCPUOP_register_vcpu_info:
    case VCPUOP_register_vcpu_time_memory_area:
    case VCPUOP_register_runstate_memory_area:
    case VCPUOP_set_periodic_timer:
    case VCPUOP_stop_periodic_timer:
    case VCPUOP_set_singleshot_timer:
    case VCPUOP_stop_singleshot_timer:
        break;
    default:
        return false;
    }
    if (!target || vcpu_id < 0) {
        exit->u.hcall.result = -ENOENT;
        return true;
    }

    switch (cmd) {
    case VCPUOP_set_periodic_timer:
    case VCPUOP_stop_periodic_timer:
    case VCPUOP_set_singleshot_timer:
    case VCPUOP_stop_singleshot_timer:
        ret = vcpuop_timer(cs, target, cmd, arg);
        break;
    case VCPUOP_register_vcpu_info:
        ret = vcpuop_register_vcpu_info(cs, target, long_mode, arg);
        break;
    case VCPUOP_register_vcpu_time_memory_area:
        ret = vcpuop_register_area(cs, target, long_mode, arg,
                                   KVM_XEN_VCPU_ATTR_TYPE_VCPU_TIME_INFO);
        break;
    default:
        ret = vcpuop_register_area(cs, target, long_mode, arg,
                                   KVM_XEN_VCPU_ATTR_TYPE_RUNSTATE_ADDR);
        break;
    }
    if (ret && ret != -ENOSYS) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: vCPU op %d for vCPU %d at 0x%"
                      PRIx64 " failed: %d\n", __func__, cmd, vcpu_id, arg, ret);
    }
    exit->u.hcall.result = ret;
    return true;
}

/* HYPERVISOR_sched_op */

static int schedop_shutdown(CPUState *cs, uint64_t arg, bool just_code)
{
    struct sched_shutdown shutdown;
    uint32_t reason;

    if (kvm_xen_copy_from_guest(cs, arg, &shutdown, sizeof(shutdown))) {
        return -EFAULT;
    }
    trace_kvm_xen_shutdown(cs->cpu_index, shutdown.reason, just_code);
    /* As Xen: the first code given is the reason of the domain's shutdown. */
    qemu_mutex_lock_iothread();
    if (xen_domain.shutdown_code == XEN_SHUTDOWN_CODE_NONE) {
        xen_domain.shutdown_code = (uint8_t)shutdown.reason;
    }
    reason = xen_domain.shutdown_code;
    /*
     * Used up by this shutdown: one that does not end the domain (refused,
     * a crash the guest survives) leaves the next its own reason, as
     * Xen's domain_resume() does.
     */
    if (!just_code) {
        xen_domain.shutdown_code = XEN_SHUTDOWN_CODE_NONE;
    }
    qemu_mutex_unlock_iothread();
    if (just_code) {
        return 0;
    }

    switch (reason) {
    case SHUTDOWN_poweroff:
        qemu_system_shutdown_request(SHUTDOWN_CAUSE_GUEST_SHUTDOWN);
        return 0;
    case SHUTDOWN_reboot:
    case SHUTDOWN_watchdog:
        qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
        return 0;
    case SHUTDOWN_crash:
        qemu_mutex_lock_iothread();
        qemu_system_guest_panicked(NULL);
        qemu_mutex_unlock_iothread();
        return 0;
    case SHUTDOWN_soft_reset:
        /* Xen's state starts afresh; the guest (kexec) carries on. */
        qemu_mutex_lock_iothread();
        kvm_xen_soft_reset();
        qemu_mutex_unlock_iothread();
        return 0;
    default:
        /* SHUTDOWN_suspend needs a toolstack to resume the domain. */
        return -EINVAL;
    }
}

/* Xen's limit on the ports of one poll. */
#define SCHEDOP_POLL_MAX_PORTS 128

/*
 * Reached only on kernels that leave SCHEDOP_poll to userspace (before
 * Linux 5.19); later ones poll themselves, or yield where they may not.
 */
static int schedop_poll(CPUState *cs, bool long_mode, uint64_t arg)
{
    evtchn_port_t ports[SCHEDOP_POLL_MAX_PORTS];
    uint64_t handle, timeout;
    uint32_t nr_ports;

    if (long_mode) {
        struct sched_poll poll;

        if (kvm_xen_copy_from_guest(cs, arg, &poll, sizeof(poll))) {
            return -EFAULT;
        }
        memcpy(&handle, &poll.ports, sizeof(handle));
        nr_ports = poll.nr_ports;
        timeout = poll.timeout;
    } else {
        /* ports (a 32-bit handle), nr_ports, then the 64-bit timeout. */
        uint32_t c[4];

        if (kvm_xen_copy_from_guest(cs, arg, c, sizeof(c))) {
            return -EFAULT;
        }
        handle = c[0];
        nr_ports = c[1];
        timeout = c[2] | (uint64_t)c[3] << 32;
    }
    if (nr_ports > SCHEDOP_POLL_MAX_PORTS) {
        return -EINVAL;
    }
    if (kvm_xen_copy_from_guest(cs, handle, ports,
                                nr_ports * sizeof(evtchn_port_t))) {
        return -EFAULT;
    }
    return xen_evtchn_poll(cs, ports, nr_ports, timeout, xen_system_time_ns());
}

static bool kvm_xen_hcall_sched_op(struct kvm_xen_exit *exit, X86CPU *cpu,
                                   int cmd, uint64_t arg)
{
    CPUState *cs = CPU(cpu);
    int ret;

    switch (cmd) {
    case SCHEDOP_yield:
        /* The hypercall exit has given other threads their chance. */
        ret = 0;
        break;
    case SCHEDOP_shutdown:
    case SCHEDOP_shutdown_code:
        ret = schedop_shutdown(cs, arg, cmd == SCHEDOP_shutdown_code);
        break;
    case SCHEDOP_poll:
        ret = schedop_poll(cs, exit->u.hcall.longmode, arg);
        break;
    case SCHEDOP_remote_shutdown:
    case SCHEDOP_pin_override:
        /* Privileged: for the control domain only. */
        ret = -EPERM;
        break;
    default:
        return false;
    }
    exit->u.hcall.result = ret;
    return true;
}

/* HYPERVISOR_hvm_op */

/* The params an HVM guest may set or read of itself, as Xen allows. */
static int hvm_param_access(uint32_t index, bool set)
{
    switch (index) {
    case HVM_PARAM_CALLBACK_IRQ:
    case HVM_PARAM_VM86_TSS:
    case HVM_PARAM_VM86_TSS_SIZED:
    case HVM_PARAM_ACPI_IOPORTS_LOCATION:
    case HVM_PARAM_VM_GENERATION_ID_ADDR:
    case HVM_PARAM_STORE_EVTCHN:
    case HVM_PARAM_CONSOLE_EVTCHN:
    case HVM_PARAM_X87_FIP_WIDTH:
        return 0;
    case HVM_PARAM_STORE_PFN:
    case HVM_PARAM_CONSOLE_PFN:
    case HVM_PARAM_ALTP2M:
        return set ? -EPERM : 0;
    case HVM_PARAM_PAE_ENABLED:         /* deprecated */
    case HVM_PARAM_DM_DOMAIN:
    case HVM_PARAM_MEMORY_EVENT_CR0:
    case HVM_PARAM_MEMORY_EVENT_CR3:
    case HVM_PARAM_MEMORY_EVENT_CR4:
    case HVM_PARAM_MEMORY_EVENT_INT3:
    case HVM_PARAM_NESTEDHVM:
    case HVM_PARAM_MEMORY_EVENT_SINGLE_STEP:
    case HVM_PARAM_BUFIOREQ_EVTCHN:
    case HVM_PARAM_MEMORY_EVENT_MSR:
        return -EINVAL;
    default:
        return -EPERM;
    }
}

static int hvmop_param(CPUState *cs, uint64_t arg, bool set)
{
    struct xen_hvm_param hp;
    int ret;

    if (kvm_xen_copy_from_guest(cs, arg, &hp, sizeof(hp))) {
        return -EFAULT;
    }
    if (hp.index >= HVM_NR_PARAMS) {
        return -EINVAL;
    }
    if (hp.domid != DOMID_SELF) {
        return -ESRCH;
    }
    ret = hvm_param_access(hp.index, set);
    if (ret) {
        return ret;
    }
    /*
     * The callback is the event channel device's state; the others are
     * what the toolstack (our XenStore and console devices) or the guest
     * set, 0 where neither did, as under Xen.
     */
    qemu_mutex_lock_iothread();
    if (set && hp.index == HVM_PARAM_CALLBACK_IRQ) {
        ret = xen_evtchn_set_callback_param(hp.value);
    } else if (set) {
        xen_domain.hvm_params[hp.index] = hp.value;
    } else if (hp.index == HVM_PARAM_CALLBACK_IRQ) {
        hp.value = xen_evtchn_get_callback_param();
    } else {
        hp.value = xen_domain.hvm_params[hp.index];
    }
    qemu_mutex_unlock_iothread();
    if (set || ret) {
        return ret;
    }
    return kvm_xen_copy_to_guest(cs, arg, &hp, sizeof(hp));
}

static bool kvm_xen_hcall_hvm_op(struct kvm_xen_exit *exit, X86CPU *cpu,
                                 int cmd, uint64_t arg)
{
    CPUState *cs = CPU(cpu);
    int ret;

    switch (cmd) {
    case HVMOP_set_param:
    case HVMOP_get_param:
        ret = hvmop_param(cs, arg, cmd == HVMOP_set_param);
        break;
    case HVMOP_pagetable_dying: {
        struct xen_hvm_pagetable_dying pd;

        /* A hint for shadow paging; under hardware paging, as Xen: -EINVAL. */
        if (kvm_xen_copy_from_guest(cs, arg, &pd, sizeof(pd))) {
            ret = -EFAULT;
        } else {
            ret = pd.domid == DOMID_SELF ? -EINVAL : -ESRCH;
        }
        break;
    }
    case HVMOP_set_evtchn_upcall_vector: {
        struct xen_hvm_evtchn_upcall_vector uv;
        CPUState *target;

        if (kvm_xen_copy_from_guest(cs, arg, &uv, sizeof(uv))) {
            ret = -EFAULT;
            break;
        }
        target = kvm_xen_vcpu(uv.vcpu);
        if (uv.vector < 0x10) {
            ret = -EINVAL;
        } else if (!target) {
            ret = -ENOENT;
        } else {
            X86_CPU(target)->env.xen_vcpu_callback_vector = uv.vector;
            ret = 0;
            if (kvm_xen_get_caps() & KVM_XEN_HVM_CONFIG_EVTCHN_SEND) {
                ret = xen_set_vcpu_attr_on(cs, target,
                                           KVM_XEN_VCPU_ATTR_TYPE_UPCALL_VECTOR,
                                           uv.vector) ? -EINVAL : 0;
            }
            /* As Xen: the upcall raised on the new vector (spurious or not). */
            if (!ret) {
                xen_evtchn_reassert_upcall(uv.vcpu);
            }
        }
        break;
    }
    case HVMOP_get_time: {
        uint64_t now = xen_system_time_ns();

        ret = kvm_xen_copy_to_guest(cs, arg, &now, sizeof(now));
        break;
    }
    default:
        return false;
    }
    exit->u.hcall.result = ret;
    return true;
}

/* HYPERVISOR_grant_table_op */

static int gnttab_setup_table(CPUState *cs, bool long_mode, uint64_t arg)
{
    struct gnttab_setup_table st = { 0 };
    g_autofree uint64_t *gfns = NULL;
    uint64_t list;
    uint32_t i;
    int ret;

    if (long_mode) {
        if (kvm_xen_copy_from_guest(cs, arg, &st, sizeof(st))) {
            return -EFAULT;
        }
        memcpy(&list, &st.frame_list, sizeof(list));
    } else {
        struct compat_gnttab_setup_table c;

        if (kvm_xen_copy_from_guest(cs, arg, &c, sizeof(c))) {
            return -EFAULT;
        }
        st.dom = c.dom;
        st.nr_frames = c.nr_frames;
        list = c.frame_list;
    }
    /* Bounded by the op, which refuses more than xen-gnttab-max-frames. */
    gfns = g_new(uint64_t, MIN(st.nr_frames, kvm_xen_get_gnttab_max_frames()));
    qemu_mutex_lock_iothread();
    ret = xen_gnttab_setup_table_op(&st, gfns);
    qemu_mutex_unlock_iothread();
    if (ret) {
        return ret;
    }
    for (i = 0; st.status == GNTST_okay && i < st.nr_frames; i++) {
        uint32_t gfn32 = gfns[i];
        int err = long_mode ?
            kvm_xen_copy_to_guest(cs, list + i * 8, &gfns[i], 8) :
            kvm_xen_copy_to_guest(cs, list + i * 4, &gfn32, 4);

        if (err) {
            st.status = GNTST_bad_virt_addr;
        }
    }
    /* Only the status goes back; it sits at the same offset in both ABIs. */
    return kvm_xen_copy_to_guest(cs, arg + offsetof(struct gnttab_setup_table,
                                                    status),
                                 &st.status, sizeof(st.status));
}

static bool kvm_xen_hcall_gnttab_op(struct kvm_xen_exit *exit, X86CPU *cpu,
                                    int cmd, uint64_t arg, uint32_t count)
{
    CPUState *cs = CPU(cpu);
    union {
        struct gnttab_query_size query_size;
        struct gnttab_set_version set_version;
        struct gnttab_get_version get_version;
    } op;
    size_t size;
    int ret;

    switch (cmd) {
    case GNTTABOP_setup_table:
    case GNTTABOP_query_size:
    case GNTTABOP_set_version:
    case GNTTABOP_get_version:
        break;
    default:
        /* Grant mapping and copying come with the backends. */
        return false;
    }
    /*
     * As Xen: setup_table and query_size take exactly one operation;
     * set_version and get_version never look at the count (but Xen's
     * dispatcher refuses a negative one for every op).
     */
    if ((int32_t)count < 0 ||
        (count != 1 && (cmd == GNTTABOP_setup_table ||
                        cmd == GNTTABOP_query_size))) {
        exit->u.hcall.result = -EINVAL;
        return true;
    }
    if (cmd == GNTTABOP_setup_table) {
        exit->u.hcall.result = gnttab_setup_table(cs, exit->u.hcall.longmode,
                                                  arg);
        return true;
    }
    size = cmd == GNTTABOP_query_size ? sizeof(op.query_size) :
           cmd == GNTTABOP_set_version ? sizeof(op.set_version) :
           sizeof(op.get_version);
    if (kvm_xen_copy_from_guest(cs, arg, &op, size)) {
        exit->u.hcall.result = -EFAULT;
        return true;
    }
    qemu_mutex_lock_iothread();
    switch (cmd) {
    case GNTTABOP_query_size:
        ret = xen_gnttab_query_size_op(&op.query_size);
        break;
    case GNTTABOP_set_version:
        ret = xen_gnttab_set_version_op(&op.set_version);
        break;
    default:
        ret = xen_gnttab_get_version_op(&op.get_version);
        break;
    }
    qemu_mutex_unlock_iothread();
    /* set_version tells the version in force even when it fails. */
    if ((!ret || cmd == GNTTABOP_set_version) &&
        kvm_xen_copy_to_guest(cs, arg, &op, size)) {
        ret = -EFAULT;
    }
    exit->u.hcall.result = ret;
    return true;
}

/* HYPERVISOR_event_channel_op: copy in, operate, copy out */

static bool kvm_xen_hcall_evtchn_op(struct kvm_xen_exit *exit, X86CPU *cpu,
                                    int cmd, uint64_t arg)
{
    CPUState *cs = CPU(cpu);
    union {
        struct evtchn_alloc_unbound alloc_unbound;
        struct evtchn_bind_interdomain bind_interdomain;
        struct evtchn_bind_virq bind_virq;
        struct evtchn_bind_ipi bind_ipi;
        struct evtchn_bind_vcpu bind_vcpu;
        struct evtchn_close close;
        struct evtchn_send send;
        struct evtchn_status status;
        struct evtchn_unmask unmask;
        struct evtchn_reset reset;
        struct evtchn_bind_pirq bind_pirq;
    } op;
    size_t size;
    bool out = false;       /* the guest gets the struct back */
    int ret;

    switch (cmd) {
    case EVTCHNOP_alloc_unbound:
        size = sizeof(op.alloc_unbound); out = true; break;
    case EVTCHNOP_bind_interdomain:
        size = sizeof(op.bind_interdomain); out = true; break;
    case EVTCHNOP_bind_virq:
        size = sizeof(op.bind_virq); out = true; break;
    case EVTCHNOP_bind_ipi:
        size = sizeof(op.bind_ipi); out = true; break;
    case EVTCHNOP_status:
        size = sizeof(op.status); out = true; break;
    case EVTCHNOP_bind_vcpu:
        size = sizeof(op.bind_vcpu); break;
    case EVTCHNOP_close:
        size = sizeof(op.close); break;
    case EVTCHNOP_send:
        size = sizeof(op.send); break;
    case EVTCHNOP_unmask:
        size = sizeof(op.unmask); break;
    case EVTCHNOP_reset:
        size = sizeof(op.reset); break;
    case EVTCHNOP_bind_pirq:
        if (!kvm_xen_pirqs_offered()) {
            return false;
        }
        size = sizeof(op.bind_pirq); out = true; break;
    default:
        /* The FIFO ABI's ops. */
        return false;
    }
    if (kvm_xen_copy_from_guest(cs, arg, &op, size)) {
        exit->u.hcall.result = -EFAULT;
        return true;
    }

    switch (cmd) {
    case EVTCHNOP_alloc_unbound:
        ret = xen_evtchn_alloc_unbound_op(&op.alloc_unbound); break;
    case EVTCHNOP_bind_interdomain:
        ret = xen_evtchn_bind_interdomain_op(&op.bind_interdomain); break;
    case EVTCHNOP_bind_virq:
        ret = xen_evtchn_bind_virq_op(&op.bind_virq); break;
    case EVTCHNOP_bind_ipi:
        ret = xen_evtchn_bind_ipi_op(&op.bind_ipi); break;
    case EVTCHNOP_status:
        ret = xen_evtchn_status_op(&op.status); break;
    case EVTCHNOP_bind_vcpu:
        ret = xen_evtchn_bind_vcpu_op(&op.bind_vcpu); break;
    case EVTCHNOP_close:
        ret = xen_evtchn_close_op(&op.close); break;
    case EVTCHNOP_send:
        ret = xen_evtchn_send_op(&op.send); break;
    case EVTCHNOP_unmask:
        ret = xen_evtchn_unmask_op(&op.unmask); break;
    case EVTCHNOP_bind_pirq:
        ret = xen_evtchn_bind_pirq_op(&op.bind_pirq); break;
    default:
        ret = xen_evtchn_reset_op(&op.reset); break;
    }
    if (!ret && out && kvm_xen_copy_to_guest(cs, arg, &op, size)) {
        ret = -EFAULT;
    }
    if (ret) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: op %d failed: %d\n", __func__,
                      cmd, ret);
    }
    exit->u.hcall.result = ret;
    return true;
}

/*
 * HYPERVISOR_physdev_op, as Xen's hvm_physdev_op allows it an HVM guest
 * given PIRQs: their map, unmap, free one, status and EOI. Other ops, and
 * all without PIRQs, are Xen's -ENOSYS.
 */
static bool kvm_xen_hcall_physdev_op(struct kvm_xen_exit *exit, X86CPU *cpu,
                                     int cmd, uint64_t arg)
{
    CPUState *cs = CPU(cpu);
    union {
        struct physdev_map_pirq map_pirq;
        struct physdev_unmap_pirq unmap_pirq;
        struct physdev_get_free_pirq get_free_pirq;
        struct physdev_irq_status_query irq_status_query;
        struct physdev_eoi eoi;
    } op;
    size_t size, out_size = 0;  /* what the guest gets back, and when */
    bool out_always = false;
    uint64_t table_base = 0;
    int ret;

    if (!kvm_xen_pirqs_offered()) {
        return false;
    }
    switch (cmd) {
    case PHYSDEVOP_map_pirq:
        /* A 32-bit guest's table_base follows entry_nr unpadded. */
        size = exit->u.hcall.longmode ? sizeof(op.map_pirq) :
               offsetof(struct physdev_map_pirq, entry_nr) + 4 + 8;
        out_size = offsetof(struct physdev_map_pirq, entry_nr) + 4;
        out_always = true;
        break;
    case PHYSDEVOP_unmap_pirq:
        size = sizeof(op.unmap_pirq); break;
    case PHYSDEVOP_get_free_pirq:
        size = out_size = sizeof(op.get_free_pirq); break;
    case PHYSDEVOP_irq_status_query:
        size = out_size = sizeof(op.irq_status_query); break;
    case PHYSDEVOP_eoi:
        size = sizeof(op.eoi); break;
    default:
        return false;
    }
    if (kvm_xen_copy_from_guest(cs, arg, &op, size)) {
        exit->u.hcall.result = -EFAULT;
        return true;
    }

    switch (cmd) {
    case PHYSDEVOP_map_pirq:
        memcpy(&table_base, (char *)&op + size - 8, 8);
        if (op.map_pirq.type == MAP_PIRQ_TYPE_MULTI_MSI && table_base) {
            /* Refused before anything is copied back, as Xen does. */
            out_always = false;
            ret = -EINVAL;
            break;
        }
        if (op.map_pirq.type == MAP_PIRQ_TYPE_MSI_SEG) {
            op.map_pirq.type = MAP_PIRQ_TYPE_MSI;
        }
        ret = xen_physdev_map_pirq(&op.map_pirq);
        break;
    case PHYSDEVOP_unmap_pirq:
        ret = xen_physdev_unmap_pirq(&op.unmap_pirq); break;
    case PHYSDEVOP_get_free_pirq:
        ret = xen_physdev_get_free_pirq(&op.get_free_pirq); break;
    case PHYSDEVOP_irq_status_query:
        ret = xen_physdev_irq_status_query(&op.irq_status_query); break;
    default:
        ret = xen_physdev_eoi(&op.eoi); break;
    }
    if (out_size && (!ret || out_always) &&
        kvm_xen_copy_to_guest(cs, arg, &op, out_size)) {
        ret = -EFAULT;
    }
    if (ret) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: op %d failed: %d\n", __func__,
                      cmd, ret);
    }
    exit->u.hcall.result = ret;
    return true;
}

/*
 * console_io, as a debug build of Xen has it for any domain: what the guest
 * writes (Xen's PV shim with console=xen, say) goes to the
 * kvm_xen_console_io trace event, a line at a time; reading is for the
 * console's owner, which the guest is not.
 */
#define XEN_CONSOLE_IO_MAX (64 * KiB)

static int kvm_xen_console_write(CPUState *cs, uint64_t buf, uint32_t count)
{
    char chunk[128], line[sizeof(chunk) + 1];
    size_t len = 0;
    uint32_t done, i;

    if (count > XEN_CONSOLE_IO_MAX) {
        qemu_log_mask(LOG_GUEST_ERROR, "Xen console_io: write of %u bytes "
                      "cut at %u\n", count, (unsigned)XEN_CONSOLE_IO_MAX);
        count = XEN_CONSOLE_IO_MAX;
    }
    for (done = 0; done < count; done += i) {
        uint32_t n = MIN(count - done, sizeof(chunk));

        if (kvm_xen_copy_from_guest(cs, buf + done, chunk, n)) {
            return -EFAULT;
        }
        for (i = 0; i < n; i++) {
            char c = chunk[i];

            if (c != '\n') {
                line[len++] = g_ascii_isprint(c) || c == '\t' ? c : '.';
            }
            if (c == '\n' || len == sizeof(chunk)) {
                line[len] = '\0';
                trace_kvm_xen_console_io(cs->cpu_index, line);
                len = 0;
            }
        }
    }
    if (len) {
        line[len] = '\0';
        trace_kvm_xen_console_io(cs->cpu_index, line);
    }
    return 0;
}

static bool kvm_xen_hcall_console_io(struct kvm_xen_exit *exit, X86CPU *cpu,
                                     int cmd, uint64_t count, uint64_t buf)
{
    switch (cmd) {
    case CONSOLEIO_write:
        exit->u.hcall.result = kvm_xen_console_write(CPU(cpu), buf, count);
        return true;
    case CONSOLEIO_read:
        exit->u.hcall.result = -EPERM;
        return true;
    default:
        return false;
    }
}

/* The dispatcher */

/*
 * A guest may retry what we lack for ever (Xen's PV shim asks for
 * HVMOP_flush_tlbs before each remote flush): the log has each hypercall
 * and op once, the trace every time.
 */
static void kvm_xen_log_unimplemented(X86CPU *cpu, uint64_t code,
                                      const uint64_t *a)
{
    static unsigned long logged[BITS_TO_LONGS(64 * 64)];
    unsigned int bit = MIN(code, 63) * 64 + MIN(a[0], 63);
    unsigned long mask = BIT_MASK(bit);

    if (!(qatomic_fetch_or(&logged[BIT_WORD(bit)], mask) & mask)) {
        qemu_log_mask(LOG_UNIMP, "Xen hypercall %" PRIu64
                      " (0x%" PRIx64 " 0x%" PRIx64 " 0x%" PRIx64 ") from "
                      "vCPU %d not implemented (logged once)\n", code, a[0],
                      a[1], a[2], CPU(cpu)->cpu_index);
    }
}

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
    case __HYPERVISOR_set_timer_op:
        /* A 32-bit guest passes the 64-bit timeout in two halves. */
        qemu_mutex_lock_iothread();
        exit->u.hcall.result = xen_set_timer_op(cpu, exit->u.hcall.longmode ?
                                                a[0] : (uint32_t)a[0] |
                                                (uint64_t)a[1] << 32);
        qemu_mutex_unlock_iothread();
        handled = true;
        break;
    case __HYPERVISOR_memory_op:
        handled = kvm_xen_hcall_memory_op(exit, cpu, a[0], a[1]);
        break;
    case __HYPERVISOR_vcpu_op:
        handled = kvm_xen_hcall_vcpu_op(exit, cpu, a[0], a[1], a[2]);
        break;
    case __HYPERVISOR_sched_op:
        handled = kvm_xen_hcall_sched_op(exit, cpu, a[0], a[1]);
        break;
    case __HYPERVISOR_hvm_op:
        handled = kvm_xen_hcall_hvm_op(exit, cpu, a[0], a[1]);
        break;
    case __HYPERVISOR_event_channel_op:
        handled = kvm_xen_hcall_evtchn_op(exit, cpu, a[0], a[1]);
        break;
    case __HYPERVISOR_grant_table_op:
        handled = kvm_xen_hcall_gnttab_op(exit, cpu, a[0], a[1], a[2]);
        break;
    case __HYPERVISOR_console_io:
        handled = kvm_xen_hcall_console_io(exit, cpu, a[0], a[1], a[2]);
        break;
    case __HYPERVISOR_physdev_op:
        handled = kvm_xen_hcall_physdev_op(exit, cpu, a[0], a[1]);
        break;
    }

    if (!handled) {
        kvm_xen_log_unimplemented(cpu, code, a);
        trace_kvm_xen_unimplemented(CPU(cpu)->cpu_index, code, a[0], a[1]);
        exit->u.hcall.result = -ENOSYS;
    }
out:
    /* After the call: a soft reset takes every vCPU down but the caller. */
    if (!test_bit(CPU(cpu)->cpu_index, xen_vcpus_up)) {
        set_bit_atomic(CPU(cpu)->cpu_index, xen_vcpus_up);
    }
    trace_kvm_xen_hypercall(CPU(cpu)->cpu_index, exit->u.hcall.cpl, code,
                            a[0], a[1], a[2], exit->u.hcall.result);
    return 0;
}

void kvm_xen_ioapic_eoi(void)
{
    xen_evtchn_callback_eoi();
}

int kvm_xen_fixup_msi_route(struct kvm_irq_routing_entry *route,
                            uint64_t address)
{
    return xen_evtchn_pirq_route(route, address);
}

int kvm_xen_handle_exit(X86CPU *cpu, struct kvm_xen_exit *exit)
{
    if (exit->type != KVM_EXIT_XEN_HCALL) {
        error_report("kvm: unknown Xen exit type %u", exit->type);
        return -1;
    }
    return kvm_xen_hcall(cpu, exit);
}
