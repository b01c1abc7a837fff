/*
 * Xen HVM guest support under KVM: event channels, 2-level ABI.
 *
 * The port table and its state machine follow Xen's
 * xen/common/event_channel.c; the bitmaps are in xen_evtchn_2l.h.
 * Events reach the guest through the kernel (KVM_XEN_HVM_EVTCHN_SEND)
 * where it can, else QEMU sets the bits and the upcall itself.
 *
 * Locking: the port table is protected by XenEvtchnState.port_lock, taken
 * by hypercalls on vCPU threads (which do not hold the BQL) and by
 * backends. Kernel state of other vCPUs is changed on their own threads.
 * Lock order: the BQL, then port_lock; never the BQL with port_lock held.
 * So nothing under port_lock may dispatch MMIO: vcpu_info is only ever
 * accessed where it is RAM (kvm_xen_map_ram), never through a bounce
 * buffer, and the callback line is driven from a bottom half.
 * The PIRQ table is port_lock's too. Its GSI mappings change under the
 * BQL as well (map, unmap, reset, load), so that the GSI path, which
 * device code calls under the BQL, may look them up without port_lock;
 * an MSI maps its PIRQ under port_lock only, on any thread.
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/error-report.h"
#include "sysemu/runstate.h"
#include "qemu/thread.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"
#include "qemu/event_notifier.h"
#include "qapi/qapi-commands-misc-target.h"
#include "monitor/hmp.h"
#include "monitor/hmp-target.h"
#include "monitor/monitor.h"
#include "qapi/qmp/qdict.h"
#include "qapi/error.h"
#include "exec/address-spaces.h"
#include "hw/sysbus.h"
#include "hw/irq.h"
#include "hw/core/cpu.h"
#include "migration/vmstate.h"
#include "sysemu/kvm.h"
#include "hw/i386/apic-msidef.h"
#include "hw/pci/msi.h"
#include "hw/i386/x86.h"
#include "hw/xen/xen.h"
#include "sysemu/kvm_xen.h"
#include "cpu.h"
#include "target/i386/kvm/xen-emu.h"
#include "kvm/kvm_i386.h"
#include "xen_overlay.h"
#include "xen_evtchn.h"
#include "xen_evtchn_2l.h"
#include "xen_evtchn_ports.h"
#include "xen_pirq.h"
#include "xen_platform.h"
#include "trace.h"

OBJECT_DECLARE_SIMPLE_TYPE(XenEvtchnState, XEN_EVTCHN)

/*
 * A backend's port: domain 0's end of a channel with the guest. The
 * guest's sends set the notifier: in the kernel, without leaving the
 * guest, where it can; the backend's callback runs in the main loop.
 */
typedef struct XenEvtchnBackend {
    bool in_use;
    XenEvtchnNotifyFn *fn;      /* NULL: the backend polls the notifier */
    void *opaque;
    bool in_sender;             /* fn runs in the sending vCPU's thread */
    evtchn_port_t guest_port;   /* 0 while unbound */
    EventNotifier notifier;
} XenEvtchnBackend;

/* Backend ports are QEMU's devices', a few each: a fixed table. */
#define XEN_BE_NR_PORTS 64

/* HVM_PARAM_CALLBACK_IRQ: its type in the top byte. */
#define CALLBACK_VIA_TYPE_SHIFT     56
#define HVM_PARAM_CALLBACK_TYPE_GSI     0
#define HVM_PARAM_CALLBACK_TYPE_PCI_INTX 1
#define HVM_PARAM_CALLBACK_TYPE_VECTOR  2

/* GSIs a callback may name: the I/O APIC's pins. */
#define XEN_CALLBACK_NR_GSIS            GSI_NUM_PINS
QEMU_BUILD_BUG_ON(XEN_CALLBACK_NR_GSIS > XEN_PIRQ_NR_GSI);

/* Where vCPU 0's upcall goes when it is a level-triggered line. */
typedef enum {
    CALLBACK_LINE_NONE,         /* a vector, or no callback */
    CALLBACK_LINE_PLATFORM,     /* the platform device's INTx */
    CALLBACK_LINE_GSI,          /* a GSI of the I/O APIC, driven directly */
} CallbackLine;

struct XenEvtchnState {
    SysBusDevice busdev;

    uint64_t callback_param;    /* HVM_PARAM_CALLBACK_IRQ as the guest set it */
    CallbackLine callback_line; /* derived from callback_param */
    bool vcpu0_in_qemu;         /* line_serves_vcpu(0) when last looked */
    uint32_t callback_gsi;      /* for CALLBACK_LINE_GSI */
    bool callback_level;        /* the line is asserted; read without BQL */
    bool callback_resync;       /* loaded: drive the line when the VM runs */
    uint32_t gsi_dev_levels;    /* GSIs as their devices drive them */
    QEMUBH *callback_bh;        /* re-evaluates the line under the BQL */
    QemuMutex port_lock;        /* protects ports, be_ports, nr_pollers */
    QemuCond poll_cond;         /* SCHEDOP_poll in QEMU: woken by deliveries */
    uint32_t nr_pollers;
    bool pirq_routes_stale;     /* a PIRQ's port changed: routes follow */
    XenEvtchnPorts ports;
    XenEvtchnBackend be_ports[XEN_BE_NR_PORTS];    /* [0] unused */
    XenPirqs pirqs;             /* xen-evtchn-max-pirq of them */
};

static XenEvtchnState *xen_evtchn_singleton;

/* The guest's ABI decides how many ports it has. */
static unsigned max_ports(void)
{
    return evtchn_2l_nr_ports(xen_overlay_long_mode());
}

static bool valid_port(XenEvtchnState *s, evtchn_port_t port)
{
    return evtchn_port_valid(&s->ports, max_ports(), port);
}

static bool valid_vcpu(uint32_t vcpu)
{
    return kvm_xen_vcpu(vcpu) != NULL;
}

/* Delivery */

/*
 * The kernel knows vCPUs by KVM's vcpu_id (the APIC ID), Xen by index;
 * false where there is no such vCPU (any more) for the kernel to find.
 */
static bool kernel_vcpu_id(uint32_t vcpu, uint32_t *id)
{
    CPUState *cs = kvm_xen_vcpu(vcpu);

    if (cs) {
        *id = kvm_arch_vcpu_id(cs);
    }
    return cs;
}

static bool kernel_sends_events(void)
{
    return kvm_xen_get_caps() & KVM_XEN_HVM_CONFIG_EVTCHN_SEND;
}

/*
 * Xen asserts a callback line while vCPU 0 has an upcall pending and no
 * vector of its own: only QEMU's own deliveries drive it, so events for
 * vCPU 0 must not go through the kernel then (its IPIs here, its timer in
 * xen-emu.c). Linux with per-vCPU vectors names GSI 1 "to trick the
 * toolstack": no line serves it, and its PV spinlocks poll in the kernel,
 * which only the kernel's deliveries wake.
 */
static bool line_serves_vcpu(XenEvtchnState *s, uint32_t vcpu)
{
    CPUState *cs = vcpu ? NULL : kvm_xen_vcpu(0);

    return cs && s->callback_line != CALLBACK_LINE_NONE &&
           !X86_CPU(cs)->env.xen_vcpu_callback_vector;
}

/*
 * Tell @vcpu it has events: its own upcall vector goes through its local
 * APIC; the global one the kernel injects when it sees evtchn_upcall_pending
 * on entry.
 */
static void xen_evtchn_kick(XenEvtchnState *s, uint32_t vcpu)
{
    CPUState *cs = kvm_xen_vcpu(vcpu);
    uint8_t vector;

    if (!cs) {
        return;
    }
    vector = X86_CPU(cs)->env.xen_vcpu_callback_vector;
    if (line_serves_vcpu(s, vcpu)) {
        /* The line; and the vCPU, which may be polling in the kernel. */
        qemu_bh_schedule(s->callback_bh);
        qemu_cpu_kick(cs);
    } else if (vector) {
        MSIMessage msg = {
            .address = APIC_DEFAULT_ADDRESS |
                       (X86_CPU(cs)->apic_id << MSI_ADDR_DEST_ID_SHIFT),
            .data = vector,
        };
        kvm_irqchip_send_msi(kvm_state, msg);
    } else {
        qemu_cpu_kick(cs);
    }
}

/* A view of @vcpu's vcpu_info, wherever the guest put it. */
static void *vcpu_info_map(uint32_t vcpu, hwaddr *len)
{
    CPUState *cs = kvm_xen_vcpu(vcpu);
    uint64_t gpa;

    if (!cs) {
        return NULL;
    }
    gpa = kvm_xen_vcpu_info_gpa(cs);
    if (gpa == INVALID_GPA) {
        return NULL;
    }
    *len = sizeof(struct vcpu_info);
    return kvm_xen_map_ram(gpa, *len);
}

static void vcpu_info_unmap(void *p, hwaddr len)
{
    kvm_xen_unmap_ram(p, len, true);
}

/* Make @port pending on @vcpu. Caller holds port_lock. */
static int deliver_port(XenEvtchnState *s, evtchn_port_t port, uint32_t vcpu)
{
    uint32_t id;
    void *shinfo = xen_overlay_get_shinfo_ptr();
    bool long_mode = xen_overlay_long_mode();
    void *vi;
    hwaddr len;
    bool kick;

    trace_xen_evtchn_deliver(port, vcpu);
    if (s->nr_pollers) {
        qemu_cond_broadcast(&s->poll_cond);
    }
    /*
     * With a callback line serving vCPU 0, QEMU raises it as the guest's
     * bits say; the kernel may defer its bits to the vCPU's next entry, too
     * late for that. So QEMU sets them itself, as it does without the
     * kernel. Other vCPUs' events, and all with vectors, go through the
     * kernel, which also wakes vCPUs polling in it; but not before the
     * guest has placed its shared info, which the kernel would write to
     * (and warns it cannot): the page is QEMU's until then.
     */
    if (kernel_sends_events() && !line_serves_vcpu(s, vcpu) &&
        xen_overlay_shinfo_gpa() != INVALID_GPA &&
        kernel_vcpu_id(vcpu, &id)) {
        struct kvm_irq_routing_xen_evtchn evt = {
            .port = port,
            .vcpu = id,
            .priority = KVM_IRQ_ROUTING_XEN_EVTCHN_PRIO_2LEVEL,
        };
        return kvm_vm_ioctl(kvm_state, KVM_XEN_HVM_EVTCHN_SEND, &evt);
    }

    vi = vcpu_info_map(vcpu, &len);
    if (!vi || len < sizeof(struct vcpu_info)) {
        if (vi) {
            vcpu_info_unmap(vi, len);
        }
        /* No vcpu_info yet: pending, found when the guest looks. */
        evtchn_2l_change(shinfo, long_mode, port, false, true);
        xen_overlay_shinfo_written();
        return 0;
    }
    kick = evtchn_2l_set_pending(shinfo, vi, long_mode, port);
    xen_overlay_shinfo_written();
    vcpu_info_unmap(vi, len);
    if (kick) {
        xen_evtchn_kick(s, vcpu);
    }
    return 0;
}

/*
 * Xen's evtchn_send() on a port of ours. Caller holds port_lock. A
 * backend that serves in the sender's thread is left in *@serve for the
 * caller to call once it has dropped the lock.
 */
static int send_port(XenEvtchnState *s, evtchn_port_t port,
                     XenEvtchnBackend **serve)
{
    XenEvtchnPort *p = &s->ports.table[port];

    switch (p->type) {
    case EVTCHNSTAT_interdomain:
        if (p->value & PORT_QEMU) {
            XenEvtchnBackend *be = &s->be_ports[p->value & ~PORT_QEMU];

            trace_xen_evtchn_send(port, be->in_sender ? "backend-served" :
                                                        "backend");
            if (be->in_sender) {
                *serve = be;
            } else {
                event_notifier_set(&be->notifier);
            }
            return 0;
        }
        trace_xen_evtchn_send(port, "interdomain");
        return deliver_port(s, p->value,
                            s->ports.table[p->value].vcpu);
    case EVTCHNSTAT_ipi:
        trace_xen_evtchn_send(port, "ipi");
        return deliver_port(s, port, p->vcpu);
    case EVTCHNSTAT_unbound:
        /* As Xen: a notification with no peer is dropped silently. */
        trace_xen_evtchn_send(port, "unbound");
        return 0;
    default:
        return -EINVAL;
    }
}

/*
 * Ports whose sends the kernel handles without an exit to QEMU: IPIs it
 * delivers, backend ports it signals (@efd). Should it refuse, QEMU still
 * handles them. Undoing what the kernel was never told (-ENOENT) is fine.
 */
static void kernel_port(evtchn_port_t port, uint32_t type, uint32_t vcpu,
                        int efd, uint32_t flags)
{
    int ret;

    struct kvm_xen_hvm_attr xa = {
        .type = KVM_XEN_ATTR_TYPE_EVTCHN,
        .u.evtchn.send_port = port,
        .u.evtchn.type = type,
        .u.evtchn.flags = flags,
    };

    if (type == EVTCHNSTAT_ipi) {
        if (!kernel_vcpu_id(vcpu, &xa.u.evtchn.deliver.port.vcpu) &&
            !(flags & KVM_XEN_EVTCHN_DEASSIGN)) {
            return;             /* no such vCPU: QEMU takes the sends */
        }
        xa.u.evtchn.deliver.port.port = port;
        xa.u.evtchn.deliver.port.priority =
            KVM_IRQ_ROUTING_XEN_EVTCHN_PRIO_2LEVEL;
    } else {
        xa.u.evtchn.deliver.eventfd.fd = efd;   /* .port 0: an eventfd */
    }
    if (!kernel_sends_events()) {
        return;
    }
    ret = kvm_vm_ioctl(kvm_state, KVM_XEN_HVM_SET_ATTR, &xa);
    if (ret && !(ret == -ENOENT && (flags & KVM_XEN_EVTCHN_DEASSIGN))) {
        warn_report_once("kvm: the kernel does not take Xen event channel "
                         "sends; QEMU does");
    }
}

bool xen_evtchn_line_serves_vcpu0(void)
{
    XenEvtchnState *s = xen_evtchn_singleton;

    return s && line_serves_vcpu(s, 0);
}

static void kernel_ipi_port(evtchn_port_t port, uint32_t vcpu, uint32_t flags)
{
    XenEvtchnState *s = xen_evtchn_singleton;

    if (!(flags & (KVM_XEN_EVTCHN_DEASSIGN | KVM_XEN_EVTCHN_RESET)) &&
        line_serves_vcpu(s, vcpu)) {
        return;                 /* QEMU delivers it, and drives the line */
    }
    kernel_port(port, EVTCHNSTAT_ipi, vcpu, -1, flags);
}

/*
 * vCPU 0's IPIs and timer change hands between the kernel and QEMU when a
 * line starts or stops serving it. Caller holds port_lock.
 */
static void vcpu0_reroute(XenEvtchnState *s)
{
    bool serves = line_serves_vcpu(s, 0);
    unsigned p;

    if (serves == s->vcpu0_in_qemu) {
        return;
    }
    s->vcpu0_in_qemu = serves;
    for (p = 1; p < s->ports.nr_ports; p++) {
        if (s->ports.table[p].type == EVTCHNSTAT_ipi &&
            s->ports.table[p].vcpu == 0) {
            kernel_ipi_port(p, 0, serves ? KVM_XEN_EVTCHN_DEASSIGN : 0);
        }
    }
    kvm_xen_resync_vcpu_timer(kvm_xen_vcpu(0));
}

/* Port allocation */

static int alloc_port(XenEvtchnState *s, uint32_t vcpu, uint16_t type,
                      uint16_t value, evtchn_port_t *port)
{
    return evtchn_port_alloc(&s->ports, max_ports(), vcpu, type, value, port);
}

/* Timer VIRQs: raised by the kernel's timer, or by QEMU's. */
static void set_kernel_timer_port(XenEvtchnState *s, uint32_t vcpu,
                                  evtchn_port_t port)
{
    CPUState *cs = kvm_xen_vcpu(vcpu);

    /* Recorded for QEMU's timers too; the kernel is told if it has them. */
    if (cs) {
        kvm_xen_set_vcpu_timer_port(cs, port);
    }
}

/* What a port held, undone once it is closed. Caller holds port_lock. */
static void port_freed(XenEvtchnState *s, evtchn_port_t port,
                       const XenEvtchnPort *old)
{
    void *shinfo = xen_overlay_get_shinfo_ptr();

    if (old->type == EVTCHNSTAT_virq && old->value == VIRQ_TIMER) {
        set_kernel_timer_port(s, old->vcpu, 0);
    } else if (old->type == EVTCHNSTAT_ipi) {
        kernel_ipi_port(port, old->vcpu, KVM_XEN_EVTCHN_DEASSIGN);
    } else if (old->type == EVTCHNSTAT_interdomain &&
               (old->value & PORT_QEMU)) {
        /* As Xen: the backend's end is left unbound. */
        kernel_port(port, EVTCHNSTAT_interdomain, 0, -1,
                    KVM_XEN_EVTCHN_DEASSIGN);
        s->be_ports[old->value & ~PORT_QEMU].guest_port = 0;
    } else if (old->type == EVTCHNSTAT_pirq &&
               xen_pirq_valid(&s->pirqs, old->value)) {
        /* As Xen: the PIRQ keeps its GSI, whose events are dropped now. */
        s->pirqs.pirq[old->value].port = 0;
        qatomic_set(&s->pirq_routes_stale, true);
    }
    /* As Xen: a freed port leaves nothing pending. */
    if (shinfo) {
        evtchn_2l_change(shinfo, xen_overlay_long_mode(), port, false, false);
        xen_overlay_shinfo_written();
    }
}

static int close_port(XenEvtchnState *s, evtchn_port_t port)
{
    XenEvtchnPort old;
    int ret = evtchn_port_close(&s->ports, max_ports(), port, &old);

    if (!ret) {
        port_freed(s, port, &old);
    }
    return ret;
}

/*
 * A PIRQ's port was bound, closed or moved (pirq_routes_stale): the kernel
 * routes of irqfds' MSIs that name PIRQs are made again
 * (xen_evtchn_pirq_route), before the guest is told, so that none of its
 * events goes to a port it has left. Takes the BQL; not under port_lock.
 */
static void pirq_routes_sync(XenEvtchnState *s)
{
    bool locked = qemu_mutex_iothread_locked();

    if (!qatomic_read(&s->pirq_routes_stale) ||
        !kvm_msi_via_irqfd_enabled()) {
        return;
    }
    /*
     * The flag is taken under the BQL, so that a change made since another
     * thread took it is in the routes that thread makes, or in ours.
     */
    if (!locked) {
        qemu_mutex_lock_iothread();
    }
    if (qatomic_xchg(&s->pirq_routes_stale, false)) {
        kvm_update_msi_routes();
    }
    if (!locked) {
        qemu_mutex_unlock_iothread();
    }
}

static XenEvtchnState *evtchn_state(void)
{
    XenEvtchnState *s = xen_evtchn_singleton;

    /* No device: the guest's calls fail as an unbound port would. */
    return s && xen_overlay_get_shinfo_ptr() ? s : NULL;
}

/* Operations, Xen's semantics and errors */

int xen_evtchn_alloc_unbound_op(struct evtchn_alloc_unbound *alloc)
{
    XenEvtchnState *s = evtchn_state();
    int ret;

    if (!s) {
        return -ENOTSUP;
    }
    /*
     * Only ourselves may allocate. As Xen, any peer domain is taken: us
     * (loopback), a backend's (dom0), or one that will never bind.
     */
    if (alloc->dom != DOMID_SELF) {
        return -ESRCH;
    }
    qemu_mutex_lock(&s->port_lock);
    ret = alloc_port(s, 0, EVTCHNSTAT_unbound, alloc->remote_dom,
                     &alloc->port);
    qemu_mutex_unlock(&s->port_lock);
    return ret;
}

int xen_evtchn_bind_interdomain_op(struct evtchn_bind_interdomain *bind)
{
    XenEvtchnState *s = evtchn_state();
    evtchn_port_t rport = bind->remote_port;
    int ret;

    if (!s) {
        return -ENOTSUP;
    }
    /* A backend domain (dom0) is not there yet: only loopback. */
    if (bind->remote_dom != DOMID_SELF) {
        return -ESRCH;
    }
    qemu_mutex_lock(&s->port_lock);
    ret = evtchn_port_bind_loopback(&s->ports, max_ports(), rport,
                                    &bind->local_port);
    if (!ret) {
        /* As Xen: the new channel starts with an event, so none is lost. */
        deliver_port(s, bind->local_port, 0);
    }
    qemu_mutex_unlock(&s->port_lock);
    return ret;
}

int xen_evtchn_bind_virq_op(struct evtchn_bind_virq *bind)
{
    XenEvtchnState *s = evtchn_state();
    int ret;

    if (!s) {
        return -ENOTSUP;
    }
    if (bind->virq >= NR_VIRQS) {
        return -EINVAL;
    }
    if (evtchn_virq_is_global(bind->virq) && bind->vcpu != 0) {
        return -EINVAL;
    }
    if (!valid_vcpu(bind->vcpu)) {
        return -ENOENT;
    }
    qemu_mutex_lock(&s->port_lock);
    if (evtchn_port_find_virq(&s->ports, bind->virq, bind->vcpu)) {
        ret = -EEXIST;
    } else {
        ret = alloc_port(s, bind->vcpu, EVTCHNSTAT_virq, bind->virq,
                         &bind->port);
    }
    if (!ret && bind->virq == VIRQ_TIMER) {
        set_kernel_timer_port(s, bind->vcpu, bind->port);
    }
    qemu_mutex_unlock(&s->port_lock);
    return ret;
}

int xen_evtchn_bind_ipi_op(struct evtchn_bind_ipi *bind)
{
    XenEvtchnState *s = evtchn_state();
    int ret;

    if (!s) {
        return -ENOTSUP;
    }
    if (!valid_vcpu(bind->vcpu)) {
        return -ENOENT;
    }
    qemu_mutex_lock(&s->port_lock);
    ret = alloc_port(s, bind->vcpu, EVTCHNSTAT_ipi, 0, &bind->port);
    if (!ret) {
        kernel_ipi_port(bind->port, bind->vcpu, 0);
    }
    qemu_mutex_unlock(&s->port_lock);
    return ret;
}

int xen_evtchn_bind_pirq_op(struct evtchn_bind_pirq *bind)
{
    XenEvtchnState *s = evtchn_state();
    int ret;

    if (!s) {
        return -ENOTSUP;
    }
    /*
     * As Xen for an HVM guest: the PIRQ need not be mapped, the flags
     * (BIND_PIRQ__WILL_SHARE) change nothing; on vCPU 0.
     */
    qemu_mutex_lock(&s->port_lock);
    ret = xen_pirq_bind_check(&s->pirqs, bind->pirq);
    if (!ret) {
        ret = alloc_port(s, 0, EVTCHNSTAT_pirq, bind->pirq, &bind->port);
    }
    if (!ret) {
        s->pirqs.pirq[bind->pirq].port = bind->port;
        qatomic_set(&s->pirq_routes_stale, true);
    }
    qemu_mutex_unlock(&s->port_lock);
    pirq_routes_sync(s);
    return ret;
}

int xen_evtchn_bind_vcpu_op(struct evtchn_bind_vcpu *bind)
{
    XenEvtchnState *s = evtchn_state();
    int ret;

    if (!s) {
        return -ENOTSUP;
    }
    if (!valid_vcpu(bind->vcpu)) {
        return -ENOENT;
    }
    qemu_mutex_lock(&s->port_lock);
    ret = evtchn_port_bind_vcpu(&s->ports, max_ports(), bind->port,
                                bind->vcpu);
    if (!ret && s->ports.table[bind->port].type == EVTCHNSTAT_pirq) {
        qatomic_set(&s->pirq_routes_stale, true);
    }
    qemu_mutex_unlock(&s->port_lock);
    pirq_routes_sync(s);
    return ret;
}

int xen_evtchn_close_op(struct evtchn_close *close)
{
    XenEvtchnState *s = evtchn_state();
    int ret;

    if (!s) {
        return -ENOTSUP;
    }
    qemu_mutex_lock(&s->port_lock);
    ret = close_port(s, close->port);
    qemu_mutex_unlock(&s->port_lock);
    pirq_routes_sync(s);
    return ret;
}

int xen_evtchn_send_op(struct evtchn_send *send)
{
    XenEvtchnState *s = evtchn_state();
    XenEvtchnBackend *serve = NULL;
    int ret;

    if (!s) {
        return -ENOTSUP;
    }
    qemu_mutex_lock(&s->port_lock);
    ret = valid_port(s, send->port) ? send_port(s, send->port, &serve)
                                    : -EINVAL;
    qemu_mutex_unlock(&s->port_lock);
    if (serve) {
        /*
         * Served before the hypercall returns: the answer is there when the
         * guest looks, and its vCPU need not sleep and be woken for it.
         * Backends bind and unbind under the BQL.
         */
        qemu_mutex_lock_iothread();
        if (serve->in_use && serve->in_sender) {
            serve->fn(serve->opaque);
        }
        qemu_mutex_unlock_iothread();
    }
    return ret;
}

int xen_evtchn_set_port(evtchn_port_t port)
{
    XenEvtchnState *s = evtchn_state();
    int ret = -EINVAL;

    if (!s) {
        return -ENOTSUP;
    }
    qemu_mutex_lock(&s->port_lock);
    if (valid_port(s, port) &&
        s->ports.table[port].type != EVTCHNSTAT_closed) {
        ret = deliver_port(s, port, s->ports.table[port].vcpu);
    }
    qemu_mutex_unlock(&s->port_lock);
    return ret;
}

int xen_evtchn_status_op(struct evtchn_status *status)
{
    XenEvtchnState *s = evtchn_state();
    int ret;

    if (!s) {
        return -ENOTSUP;
    }
    if (status->dom != DOMID_SELF) {
        return -ESRCH;
    }
    qemu_mutex_lock(&s->port_lock);
    ret = evtchn_port_status(&s->ports, max_ports(), status);
    qemu_mutex_unlock(&s->port_lock);
    return ret;
}

int xen_evtchn_unmask_op(struct evtchn_unmask *unmask)
{
    XenEvtchnState *s = evtchn_state();
    void *vi;
    hwaddr len;
    bool kick = false;
    int ret = 0;

    if (!s) {
        return -ENOTSUP;
    }
    qemu_mutex_lock(&s->port_lock);
    if (!evtchn_port_exists(&s->ports, max_ports(), unmask->port)) {
        ret = -EINVAL;
        goto out;
    }
    vi = vcpu_info_map(s->ports.table[unmask->port].vcpu, &len);
    if (vi && len == sizeof(struct vcpu_info)) {
        kick = evtchn_2l_unmask(xen_overlay_get_shinfo_ptr(), vi,
                                xen_overlay_long_mode(), unmask->port);
    } else {
        /* As Xen: unmasked all the same; the vCPU looks when it has one. */
        evtchn_2l_change(xen_overlay_get_shinfo_ptr(), xen_overlay_long_mode(),
                         unmask->port, true, false);
    }
    xen_overlay_shinfo_written();
    if (vi) {
        vcpu_info_unmap(vi, len);
    }
    if (kick) {
        xen_evtchn_kick(s, s->ports.table[unmask->port].vcpu);
    }
out:
    qemu_mutex_unlock(&s->port_lock);
    return ret;
}

void xen_evtchn_reroute_vcpu0(void)
{
    XenEvtchnState *s = xen_evtchn_singleton;

    if (s) {
        qemu_mutex_lock(&s->port_lock);
        vcpu0_reroute(s);
        qemu_mutex_unlock(&s->port_lock);
    }
}

void xen_evtchn_reassert_upcall(uint32_t vcpu)
{
    XenEvtchnState *s = evtchn_state();

    if (!s) {
        return;
    }
    qemu_mutex_lock(&s->port_lock);
    if (vcpu == 0) {
        vcpu0_reroute(s);       /* a vector of its own: no line serves it */
    }
    xen_evtchn_kick(s, vcpu);
    qemu_mutex_unlock(&s->port_lock);
}

int xen_evtchn_move_vcpu_info(uint32_t vcpu, uint64_t gpa, bool self)
{
    XenEvtchnState *s = evtchn_state();
    CPUState *cs = kvm_xen_vcpu(vcpu);
    struct vcpu_info *new, *old;
    hwaddr len;

    if (!s || !cs) {
        return -ENOTSUP;
    }
    new = kvm_xen_map_ram(gpa, sizeof(*new));
    if (!new) {
        return -EINVAL;
    }
    qemu_mutex_lock(&s->port_lock);
    old = vcpu_info_map(vcpu, &len);
    if (old) {
        memmove(new, old, sizeof(*new));
        vcpu_info_unmap(old, len);
    } else {
        memset(new, 0, sizeof(*new));
        new->evtchn_upcall_mask = 1;
    }
    X86_CPU(cs)->env.xen_vcpu_info_gpa = gpa;
    if (self) {
        evtchn_2l_mark_all(new, xen_overlay_long_mode());
    }
    kvm_xen_unmap_ram(new, sizeof(*new), true);
    if (self) {
        xen_evtchn_kick(s, vcpu);
    }
    qemu_mutex_unlock(&s->port_lock);
    return 0;
}

/*
 * SCHEDOP_poll, when the kernel does not block it itself: done once an
 * upcall is pending for @vcpu or one of @ports is (masked or not), as Xen.
 * Caller holds port_lock.
 */
static bool poll_done(XenEvtchnState *s, uint32_t vcpu,
                      const evtchn_port_t *ports, unsigned nr, int *err)
{
    hwaddr len;
    struct vcpu_info *vi = vcpu_info_map(vcpu, &len);
    int ret = evtchn_2l_poll_done(xen_overlay_get_shinfo_ptr(),
                                  vi && len == sizeof(*vi) ? vi : NULL,
                                  xen_overlay_long_mode(), ports, nr);

    if (vi) {
        vcpu_info_unmap(vi, len);
    }
    *err = MIN(ret, 0);
    return ret != 0;
}

/* Slices of a poll, so that a vCPU QEMU wants back is not held up. */
#define POLL_SLICE_MS 10

int xen_evtchn_poll(CPUState *cs, const evtchn_port_t *ports, unsigned nr,
                    uint64_t timeout, uint64_t xen_now)
{
    XenEvtchnState *s = evtchn_state();
    int64_t timeout_ns = evtchn_poll_wait_ns(timeout, xen_now);
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_REALTIME);
    int64_t deadline = timeout_ns < 0 || timeout_ns > INT64_MAX - now ?
                       INT64_MAX : now + timeout_ns;
    int err = 0;

    if (!s) {
        return -ENOTSUP;
    }
    qemu_mutex_lock(&s->port_lock);
    s->nr_pollers++;
    while (!poll_done(s, cs->cpu_index, ports, nr, &err)) {
        int64_t left = deadline - qemu_clock_get_ns(QEMU_CLOCK_REALTIME);

        /* Xen may end a poll early too: the guest polls again. */
        if (left <= 0 || qatomic_read(&cs->exit_request) ||
            qatomic_read(&cs->thread_kicked)) {
            break;
        }
        qemu_cond_timedwait(&s->poll_cond, &s->port_lock,
                            MIN(POLL_SLICE_MS,
                                (left + SCALE_MS - 1) / SCALE_MS));
    }
    s->nr_pollers--;
    qemu_mutex_unlock(&s->port_lock);
    return err;
}

static void reset_ports(XenEvtchnState *s)
{
    unsigned p;

    for (p = 1; p < s->ports.nr_ports; p++) {
        close_port(s, p);   /* -EINVAL for the closed ones */
    }
    s->ports.nr_ports = 0;
}

int xen_evtchn_reset_op(struct evtchn_reset *reset)
{
    XenEvtchnState *s = evtchn_state();

    if (!s) {
        return -ENOTSUP;
    }
    if (reset->dom != DOMID_SELF) {
        return -ESRCH;
    }
    qemu_mutex_lock(&s->port_lock);
    reset_ports(s);
    qemu_mutex_unlock(&s->port_lock);
    pirq_routes_sync(s);
    return 0;
}

void xen_evtchn_soft_reset(void)
{
    XenEvtchnState *s = xen_evtchn_singleton;

    uint64_t gsis;
    int gsi;

    if (s) {
        /*
         * As Xen's evtchn_reset(); the callback, an HVM param, stays. Its
         * domain_soft_reset() unmaps every GSI, which the I/O APIC then
         * has again, as their devices hold them. Caller holds the BQL.
         */
        qemu_mutex_lock(&s->port_lock);
        reset_ports(s);
        gsis = xen_pirq_unmap_all(&s->pirqs);
        qemu_mutex_unlock(&s->port_lock);
        pirq_routes_sync(s);
        for (gsi = 0; gsi < XEN_CALLBACK_NR_GSIS; gsi++) {
            if (gsis & (1ULL << gsi)) {
                qemu_set_irq(X86_MACHINE(qdev_get_machine())->gsi[gsi],
                             extract32(s->gsi_dev_levels, gsi, 1));
            }
        }
    }
}

/* Backends in QEMU: domain 0's side */

static void be_notified(EventNotifier *n)
{
    XenEvtchnBackend *be = container_of(n, XenEvtchnBackend, notifier);

    if (event_notifier_test_and_clear(n) && be->fn) {
        be->fn(be->opaque);
    }
}

/* The kernel signals a backend's notifier, unless it serves in the sender. */
static void kernel_be_port(XenEvtchnBackend *be, evtchn_port_t guest_port)
{
    if (!be->in_sender) {
        kernel_port(guest_port, EVTCHNSTAT_interdomain, 0,
                    event_notifier_get_fd(&be->notifier), 0);
    }
}

int xen_be_evtchn_bind_interdomain(evtchn_port_t guest_port,
                                   XenEvtchnNotifyFn *fn, void *opaque,
                                   bool in_sender, evtchn_port_t *be_port)
{
    XenEvtchnState *s = evtchn_state();
    XenEvtchnBackend *be = NULL;
    unsigned i;
    int ret;

    if (!s) {
        return -ENOTSUP;
    }
    qemu_mutex_lock(&s->port_lock);
    /* As Xen: the guest's port must be waiting for domain 0. */
    if (!valid_port(s, guest_port) ||
        s->ports.table[guest_port].type != EVTCHNSTAT_unbound ||
        s->ports.table[guest_port].value != 0) {
        ret = -EINVAL;
        goto out;
    }
    for (i = 1; i < XEN_BE_NR_PORTS && !be; i++) {
        be = s->be_ports[i].in_use ? NULL : &s->be_ports[i];
    }
    if (!be) {
        ret = -ENOSPC;
        goto out;
    }
    ret = event_notifier_init(&be->notifier, false);
    if (ret) {
        goto out;
    }
    *be = (XenEvtchnBackend) {
        .in_use = true, .fn = fn, .opaque = opaque, .guest_port = guest_port,
        .notifier = be->notifier, .in_sender = fn && in_sender,
    };
    if (fn) {
        event_notifier_set_handler(&be->notifier, be_notified);
    }
    *be_port = be - s->be_ports;
    s->ports.table[guest_port].type = EVTCHNSTAT_interdomain;
    s->ports.table[guest_port].value = *be_port | PORT_QEMU;
    kernel_be_port(be, guest_port);
    trace_xen_evtchn_be_bind(guest_port, *be_port);
out:
    qemu_mutex_unlock(&s->port_lock);
    return ret;
}

static XenEvtchnBackend *be_lookup(XenEvtchnState *s, evtchn_port_t be_port)
{
    return be_port && be_port < XEN_BE_NR_PORTS &&
           s->be_ports[be_port].in_use ? &s->be_ports[be_port] : NULL;
}

int xen_be_evtchn_unbind(evtchn_port_t be_port)
{
    XenEvtchnState *s = evtchn_state();
    XenEvtchnBackend *be;
    int ret = 0;

    if (!s) {
        return -ENOTSUP;
    }
    qemu_mutex_lock(&s->port_lock);
    be = be_lookup(s, be_port);
    if (!be) {
        ret = -EINVAL;
    } else {
        if (be->guest_port) {
            /* As Xen: the guest's end now waits for domain 0 again. */
            XenEvtchnPort *p = &s->ports.table[be->guest_port];

            kernel_port(be->guest_port, EVTCHNSTAT_interdomain, 0, -1,
                        KVM_XEN_EVTCHN_DEASSIGN);
            p->type = EVTCHNSTAT_unbound;
            p->value = 0;
        }
        if (be->fn) {
            event_notifier_set_handler(&be->notifier, NULL);
        }
        event_notifier_cleanup(&be->notifier);
        *be = (XenEvtchnBackend) { 0 };
    }
    qemu_mutex_unlock(&s->port_lock);
    return ret;
}

int xen_be_evtchn_notify(evtchn_port_t be_port)
{
    XenEvtchnState *s = evtchn_state();
    XenEvtchnBackend *be;
    int ret = 0;

    if (!s) {
        return -ENOTSUP;
    }
    qemu_mutex_lock(&s->port_lock);
    be = be_lookup(s, be_port);
    if (!be) {
        ret = -EINVAL;
    } else if (be->guest_port) {
        ret = deliver_port(s, be->guest_port,
                           s->ports.table[be->guest_port].vcpu);
    }
    /* Unbound: dropped, as Xen drops a send with no peer. */
    qemu_mutex_unlock(&s->port_lock);
    return ret;
}

int xen_be_evtchn_fd(evtchn_port_t be_port)
{
    XenEvtchnState *s = evtchn_state();
    XenEvtchnBackend *be;
    int ret;

    if (!s) {
        return -ENOTSUP;
    }
    qemu_mutex_lock(&s->port_lock);
    be = be_lookup(s, be_port);
    ret = be ? event_notifier_get_fd(&be->notifier) : -EINVAL;
    qemu_mutex_unlock(&s->port_lock);
    return ret;
}

bool xen_be_evtchn_test_and_clear(evtchn_port_t be_port)
{
    XenEvtchnState *s = evtchn_state();
    XenEvtchnBackend *be;
    bool ret;

    if (!s) {
        return false;
    }
    qemu_mutex_lock(&s->port_lock);
    be = be_lookup(s, be_port);
    ret = be && event_notifier_test_and_clear(&be->notifier);
    qemu_mutex_unlock(&s->port_lock);
    return ret;
}

bool xen_be_evtchn_bound_to(evtchn_port_t be_port, evtchn_port_t guest_port)
{
    XenEvtchnState *s = evtchn_state();
    XenEvtchnBackend *be;
    bool ret;

    if (!s) {
        return false;
    }
    qemu_mutex_lock(&s->port_lock);
    be = be_lookup(s, be_port);
    ret = be && be->guest_port == guest_port;
    qemu_mutex_unlock(&s->port_lock);
    return ret;
}

int xen_be_evtchn_alloc_guest_port(evtchn_port_t *guest_port)
{
    XenEvtchnState *s = evtchn_state();
    int ret;

    if (!s) {
        return -ENOTSUP;
    }
    qemu_mutex_lock(&s->port_lock);
    ret = alloc_port(s, 0, EVTCHNSTAT_unbound, 0, guest_port);
    qemu_mutex_unlock(&s->port_lock);
    return ret;
}

/* Monitor commands */

XenEventChannelInfoList *qmp_xen_event_list(Error **errp)
{
    XenEvtchnState *s = evtchn_state();
    XenEventChannelInfoList *head = NULL, **tail = &head;
    void *shinfo = xen_overlay_get_shinfo_ptr();
    bool long_mode = xen_overlay_long_mode();
    unsigned p;

    if (!s) {
        error_setg(errp, "Xen event channels are not in use (needs "
                   "-accel kvm,xen-version=... and a guest using them)");
        return NULL;
    }
    qemu_mutex_lock(&s->port_lock);
    for (p = 1; p < s->ports.nr_ports; p++) {
        XenEvtchnPort *port = &s->ports.table[p];
        XenEventChannelInfo *info;

        if (port->type == EVTCHNSTAT_closed) {
            continue;
        }
        info = g_new0(XenEventChannelInfo, 1);
        info->port = p;
        info->vcpu = port->vcpu;
        info->type = port->type;    /* EVTCHNSTAT_* order, as the enum */
        info->pending = evtchn_2l_test(shinfo, long_mode, p, false);
        info->masked = evtchn_2l_test(shinfo, long_mode, p, true);
        switch (port->type) {
        case EVTCHNSTAT_unbound:
            info->remote_domain = port->value == DOMID_SELF ?
                g_strdup("self") : g_strdup_printf("%u", port->value);
            break;
        case EVTCHNSTAT_interdomain:
            info->remote_domain = g_strdup(port->value & PORT_QEMU ?
                                           "qemu" : "self");
            info->target = port->value & ~PORT_QEMU;
            break;
        default:
            info->remote_domain = g_strdup("");
            info->target = port->value;
            break;
        }
        QAPI_LIST_APPEND(tail, info);
    }
    qemu_mutex_unlock(&s->port_lock);
    return head;
}

void qmp_xen_event_inject(uint32_t port, Error **errp)
{
    int ret;

    if (!evtchn_state()) {
        error_setg(errp, "Xen event channels are not in use (needs "
                   "-accel kvm,xen-version=... and a guest using them)");
        return;
    }
    ret = xen_evtchn_set_port(port);
    if (ret) {
        error_setg(errp, "cannot raise an event on port %u: %s", port,
                   ret == -EINVAL ? "the guest has no such port open" :
                   strerror(-ret));
    }
}

void hmp_xen_event_list(Monitor *mon, const QDict *qdict)
{
    Error *err = NULL;
    XenEventChannelInfoList *list = qmp_xen_event_list(&err), *l;

    if (hmp_handle_error(mon, err)) {
        return;
    }
    for (l = list; l; l = l->next) {
        XenEventChannelInfo *i = l->value;

        monitor_printf(mon, "port %4u: vcpu %u %s", i->port, i->vcpu,
                       XenEventChannelType_str(i->type));
        if (i->type == XEN_EVENT_CHANNEL_TYPE_INTERDOMAIN) {
            monitor_printf(mon, " (%s port %u)", i->remote_domain, i->target);
        } else if (i->type == XEN_EVENT_CHANNEL_TYPE_UNBOUND) {
            monitor_printf(mon, " (for %s)", i->remote_domain);
        } else if (i->type != XEN_EVENT_CHANNEL_TYPE_IPI) {
            monitor_printf(mon, " %u", i->target);
        }
        monitor_printf(mon, "%s%s\n", i->pending ? " PENDING" : "",
                       i->masked ? " MASKED" : "");
    }
    qapi_free_XenEventChannelInfoList(list);
}

void hmp_xen_event_inject(Monitor *mon, const QDict *qdict)
{
    Error *err = NULL;

    qmp_xen_event_inject(qdict_get_int(qdict, "port"), &err);
    if (!hmp_handle_error(mon, err)) {
        monitor_printf(mon, "event raised on port %" PRId64 "\n",
                       qdict_get_int(qdict, "port"));
    }
}

/* PIRQs: the guest's GSIs as events, PHYSDEVOP_* */

/* Xen's send_guest_pirq: dropped if no port is bound. Holds port_lock. */
static void raise_pirq(XenEvtchnState *s, uint32_t pirq)
{
    evtchn_port_t port = s->pirqs.pirq[pirq].port;

    trace_xen_evtchn_pirq(pirq, port);
    if (port) {
        deliver_port(s, port, s->ports.table[port].vcpu);
    }
}

/*
 * Xen maps PIRQs only for a guest whose events come by vector
 * (is_hvm_pv_evtchn_domain): HVM_PARAM_CALLBACK_IRQ's vector type, or
 * vCPU 0's own.
 */
static bool events_by_vector(XenEvtchnState *s)
{
    CPUState *cs = kvm_xen_vcpu(0);

    return s->callback_param >> CALLBACK_VIA_TYPE_SHIFT ==
           HVM_PARAM_CALLBACK_TYPE_VECTOR ||
           (cs && X86_CPU(cs)->env.xen_vcpu_callback_vector);
}

/*
 * Another domain's PIRQs: one that is there (ourselves by number, domain
 * 0) is not ours to touch; the others do not exist.
 */
static int other_domain(domid_t domid)
{
    return domid == xen_domid || domid == 0 ? -EPERM : -ESRCH;
}

int xen_physdev_map_pirq(struct physdev_map_pirq *map)
{
    XenEvtchnState *s = evtchn_state();
    int ret;

    if (!s) {
        return -ENOTSUP;
    }
    if (map->domid != DOMID_SELF) {
        return other_domain(map->domid);
    }
    if (!events_by_vector(s)) {
        return -EINVAL;
    }
    /* An HVM guest maps GSIs only; its MSIs name their PIRQ themselves. */
    if (map->type != MAP_PIRQ_TYPE_GSI) {
        return -EINVAL;
    }
    qemu_mutex_lock_iothread();
    qemu_mutex_lock(&s->port_lock);
    ret = xen_pirq_map_gsi(&s->pirqs, map->index, &map->pirq);
    if (!ret && map->index < XEN_CALLBACK_NR_GSIS &&
        s->pirqs.gsi_pirq[map->index] == map->pirq) {
        /* The line as its devices hold it; no event until it rises. */
        s->pirqs.gsi_level |= (uint64_t)extract32(s->gsi_dev_levels,
                                                  map->index, 1) << map->index;
    }
    /* A GSI's PIRQ takes no MSI */
    qatomic_set(&s->pirq_routes_stale, true);
    qemu_mutex_unlock(&s->port_lock);
    pirq_routes_sync(s);
    qemu_mutex_unlock_iothread();
    trace_xen_evtchn_map_pirq(map->index, map->pirq, ret);
    return ret;
}

int xen_physdev_unmap_pirq(struct physdev_unmap_pirq *unmap)
{
    XenEvtchnState *s = evtchn_state();
    int gsi = -1;

    if (!s) {
        return -ENOTSUP;
    }
    if (unmap->domid != DOMID_SELF) {
        return other_domain(unmap->domid);
    }
    qemu_mutex_lock_iothread();
    qemu_mutex_lock(&s->port_lock);
    if (xen_pirq_valid(&s->pirqs, unmap->pirq)) {
        gsi = s->pirqs.pirq[unmap->pirq].gsi;
    }
    xen_pirq_unmap(&s->pirqs, unmap->pirq);
    qatomic_set(&s->pirq_routes_stale, true);
    qemu_mutex_unlock(&s->port_lock);
    pirq_routes_sync(s);
    /* The I/O APIC has the line again, as its devices hold it. */
    if (gsi >= 0 && gsi < XEN_CALLBACK_NR_GSIS) {
        qemu_set_irq(X86_MACHINE(qdev_get_machine())->gsi[gsi],
                     extract32(s->gsi_dev_levels, gsi, 1));
    }
    qemu_mutex_unlock_iothread();
    return 0;
}

int xen_physdev_get_free_pirq(struct physdev_get_free_pirq *get)
{
    XenEvtchnState *s = evtchn_state();
    int ret;

    if (!s) {
        return -ENOTSUP;
    }
    qemu_mutex_lock(&s->port_lock);
    ret = xen_pirq_get_free(&s->pirqs, get->type, &get->pirq);
    qemu_mutex_unlock(&s->port_lock);
    return ret;
}

int xen_physdev_irq_status_query(struct physdev_irq_status_query *query)
{
    XenEvtchnState *s = evtchn_state();
    int ret;

    if (!s) {
        return -ENOTSUP;
    }
    qemu_mutex_lock(&s->port_lock);
    ret = xen_pirq_status_query(&s->pirqs, query->irq, &query->flags);
    qemu_mutex_unlock(&s->port_lock);
    return ret;
}

/* A level GSI still high at its EOI raises its event again. */
int xen_physdev_eoi(struct physdev_eoi *eoi)
{
    XenEvtchnState *s = evtchn_state();
    int ret;

    if (!s) {
        return -ENOTSUP;
    }
    qemu_mutex_lock(&s->port_lock);
    ret = xen_pirq_eoi(&s->pirqs, eoi->irq);
    if (ret > 0) {
        raise_pirq(s, eoi->irq);
        ret = 0;
    }
    qemu_mutex_unlock(&s->port_lock);
    return ret;
}

/*
 * A PCI device's MSI of vector 0 (msi_send_message, any thread): the event
 * of the PIRQ it names, as Xen's hvm_inject_msi makes it. It never
 * reaches an APIC, even when it is dropped: it names PIRQ 0, one past the
 * bound or a GSI's, or the PIRQ has no port.
 */
static bool pirq_msi(MSIMessage msg)
{
    XenEvtchnState *s = xen_evtchn_singleton;
    int64_t pirq = XEN_PIRQ_OF_MSI(msg.address);
    int ret;

    qemu_mutex_lock(&s->port_lock);
    ret = xen_pirq_msi(&s->pirqs, pirq);
    if (!ret) {
        raise_pirq(s, pirq);
    }
    qemu_mutex_unlock(&s->port_lock);
    if (ret) {
        qemu_log_mask(LOG_GUEST_ERROR, "xen-evtchn: MSI of PIRQ %" PRId64
                      " dropped: %s\n", pirq,
                      ret == -ERANGE ? "no PIRQ" :
                      xen_pirq_valid(&s->pirqs, pirq) ? "mapped to a GSI" :
                      "past xen-evtchn-max-pirq");
    }
    return true;
}

/*
 * The same message from an irqfd (vhost, iothreads, VFIO): the kernel
 * delivers it to the PIRQ's port (KVM_IRQ_ROUTING_XEN_EVTCHN), with no exit
 * to QEMU. Where the PIRQ has no port, or the kernel could not deliver to
 * it (see deliver_port), the route goes nowhere, as Xen drops an unbound
 * PIRQ's MSI. Unlike an MSI sent by QEMU, a route does not map its PIRQ:
 * the guest, as under Xen, has not seen it yet. Routes follow the ports
 * (pirq_routes_sync); without the kernel's event channels QEMU takes the
 * irqfds' MSIs itself (xen_evtchn_realize).
 */
int xen_evtchn_pirq_route(struct kvm_irq_routing_entry *route,
                          uint64_t address)
{
    XenEvtchnState *s = xen_evtchn_singleton;
    int64_t pirq = XEN_PIRQ_OF_MSI(address);
    evtchn_port_t port;
    uint32_t vcpu, id;

    if (!s) {
        return 0;
    }
    qemu_mutex_lock(&s->port_lock);
    port = xen_pirq_msi_port(&s->pirqs, pirq);
    vcpu = s->ports.table[port].vcpu;
    /*
     * Ports both ABIs have only: KVM refuses a route past the 32-bit
     * guest's, and every later change of routes with it, as QEMU cannot.
     */
    if (port && port < EVTCHN_2L_NR_PORTS_32 && kernel_sends_events() &&
        !line_serves_vcpu(s, vcpu) &&
        xen_overlay_shinfo_gpa() != INVALID_GPA &&
        kernel_vcpu_id(vcpu, &id)) {
        memset(&route->u, 0, sizeof(route->u));
        route->type = KVM_IRQ_ROUTING_XEN_EVTCHN;
        route->u.xen_evtchn.port = port;
        route->u.xen_evtchn.vcpu = id;
        route->u.xen_evtchn.priority = KVM_IRQ_ROUTING_XEN_EVTCHN_PRIO_2LEVEL;
    } else {
        /* Logical destination 0: an MSI no APIC takes */
        route->u.msi.address_lo = APIC_DEFAULT_ADDRESS |
                                  1 << MSI_ADDR_DEST_MODE_SHIFT;
        route->u.msi.address_hi = 0;
        route->u.msi.data = 0;
        port = 0;
        if (pirq && xen_pirq_msi_port(&s->pirqs, pirq)) {
            qemu_log_mask(LOG_UNIMP, "xen-evtchn: PIRQ %" PRId64 "'s MSIs "
                          "from an irqfd are dropped: its port is not the "
                          "kernel's to raise\n", pirq);
        }
    }
    qemu_mutex_unlock(&s->port_lock);
    trace_xen_evtchn_pirq_route(pirq, port);
    return 0;
}

/* The upcall */

/* vCPU 0's evtchn_upcall_pending, which a callback line follows. */
static bool vcpu0_upcall_pending(void)
{
    hwaddr len;
    struct vcpu_info *vi = vcpu_info_map(0, &len);
    bool pending = false;

    if (vi) {
        pending = len == sizeof(*vi) &&
            qatomic_read(&vi->evtchn_upcall_pending);
        vcpu_info_unmap(vi, len);
    }
    return pending;
}

/*
 * A GSI callback shares its I/O APIC pin with the devices wired to that
 * GSI (Linux names GSI 1, the keyboard's): as Xen counts the assertions
 * of a GSI, the pin is high while the callback or a device asserts it.
 * Every GSI of the machine passes through here (qemu_irq_intercept_in),
 * so a device's level is known whenever the callback moves.
 */
static void callback_gsi_set(void *opaque, int n, int level)
{
    XenEvtchnState *s = xen_evtchn_singleton;
    qemu_irq *pin = opaque;

    s->gsi_dev_levels = deposit32(s->gsi_dev_levels, n, 1, !!level);
    /* A GSI that a PIRQ has is its event's, the I/O APIC's no more. */
    if (s->pirqs.gsi_pirq[n] >= 0) {
        bool raise = false;
        int pirq;

        qemu_mutex_lock(&s->port_lock);
        pirq = xen_pirq_gsi(&s->pirqs, n, level, &raise);
        if (raise) {
            raise_pirq(s, pirq);
        }
        qemu_mutex_unlock(&s->port_lock);
        /* As Xen: a callback goes to the I/O APIC, mapped GSI or not. */
        if (s->callback_line == CALLBACK_LINE_GSI && s->callback_gsi == n) {
            qemu_set_irq(*pin, s->callback_level);
        }
        return;
    }
    if (s->callback_line == CALLBACK_LINE_GSI && s->callback_gsi == n &&
        s->callback_level) {
        level = 1;
    }
    qemu_set_irq(*pin, level);
}

static void callback_drive(XenEvtchnState *s, bool level)
{
    qatomic_set(&s->callback_level, level);
    if (s->callback_line == CALLBACK_LINE_PLATFORM) {
        xen_platform_set_callback_level(level);
    } else if (s->callback_line == CALLBACK_LINE_GSI) {
        /* The devices' level again, with the callback's ORed in. */
        qemu_set_irq(X86_MACHINE(qdev_get_machine())->gsi[s->callback_gsi],
                     extract32(s->gsi_dev_levels, s->callback_gsi, 1));
    }
}

/*
 * As Xen: a callback line is asserted while vCPU 0 has an upcall pending
 * and no vector of its own (per-vCPU vectors take precedence). Caller
 * holds the BQL.
 */
static void callback_update(XenEvtchnState *s)
{
    bool level = line_serves_vcpu(s, 0) && vcpu0_upcall_pending();

    if (level != s->callback_level || s->callback_resync) {
        s->callback_resync = false;
        callback_drive(s, level);
    }
}

/* After a load, once every device has its state: the line as the guest's. */
static void callback_vm_state_change(void *opaque, bool running,
                                     RunState state)
{
    XenEvtchnState *s = opaque;

    if (running && s->callback_resync) {
        callback_update(s);
    }
}

static void callback_bh(void *opaque)
{
    callback_update(opaque);
}

void xen_evtchn_callback_eoi(void)
{
    XenEvtchnState *s = xen_evtchn_singleton;
    bool locked;

    /*
     * The guest acknowledged an interrupt: if it was our line and the
     * guest has cleared evtchn_upcall_pending, deassert it before the
     * I/O APIC looks at the line again.
     */
    if (!s || !qatomic_read(&s->callback_level)) {
        return;
    }
    locked = qemu_mutex_iothread_locked();
    if (!locked) {
        qemu_mutex_lock_iothread();
    }
    callback_update(s);
    if (!locked) {
        qemu_mutex_unlock_iothread();
    }
}

uint64_t xen_evtchn_get_callback_param(void)
{
    return xen_evtchn_singleton ? xen_evtchn_singleton->callback_param : 0;
}

int xen_evtchn_set_callback_param(uint64_t param)
{
    XenEvtchnState *s = xen_evtchn_singleton;
    struct kvm_xen_hvm_attr xa = {
        .type = KVM_XEN_ATTR_TYPE_UPCALL_VECTOR,
    };
    CallbackLine line = CALLBACK_LINE_NONE;
    uint32_t gsi = 0;
    int ret;

    if (!s) {
        return -ENOTSUP;
    }
    switch (param >> CALLBACK_VIA_TYPE_SHIFT) {
    case HVM_PARAM_CALLBACK_TYPE_VECTOR:
        /* The kernel injects it when it sees evtchn_upcall_pending. */
        xa.u.vector = (uint8_t)param;
        if (xa.u.vector < 0x10) {
            return -EINVAL;
        }
        break;
    case HVM_PARAM_CALLBACK_TYPE_GSI:
        /* As Xen: GSI 0, or one the I/O APIC lacks, means no callback. */
        gsi = (uint8_t)param;
        if (gsi && gsi < XEN_CALLBACK_NR_GSIS) {
            /* Sharing the platform device's line: go through the device. */
            line = xen_platform_is_callback_gsi(gsi) ? CALLBACK_LINE_PLATFORM
                                                     : CALLBACK_LINE_GSI;
        }
        break;
    case HVM_PARAM_CALLBACK_TYPE_PCI_INTX:
        /* Xen takes the slot (bits 11-15) and pin (0-1) only. */
        if (xen_platform_is_callback_intx((param >> 11) & 31, param & 3)) {
            line = CALLBACK_LINE_PLATFORM;
        } else {
            qemu_log_mask(LOG_UNIMP, "%s: callback via INTx of a PCI device "
                          "other than xen-platform (0x%" PRIx64 ") is not "
                          "delivered\n", __func__, param);
        }
        break;
    default:
        /* As Xen on x86: other types (PPI is Arm's) mean no callback. */
        qemu_log_mask(LOG_GUEST_ERROR, "%s: callback via 0x%" PRIx64
                      " is not an x86 type: no callback\n", __func__, param);
        break;
    }
    ret = kvm_vm_ioctl(kvm_state, KVM_XEN_HVM_SET_ATTR, &xa);
    if (ret) {
        return ret;
    }
    /* The old line goes quiet; the new one starts as the guest's state says. */
    if (s->callback_level) {
        callback_drive(s, false);
    }
    /* Under port_lock: binding vCPU 0's IPIs looks at the line. */
    qemu_mutex_lock(&s->port_lock);
    s->callback_param = param;
    s->callback_line = line;
    s->callback_gsi = gsi;
    vcpu0_reroute(s);
    /* vCPU 0's PIRQs may come through the kernel, or not, now */
    qatomic_set(&s->pirq_routes_stale, true);
    qemu_mutex_unlock(&s->port_lock);
    pirq_routes_sync(s);
    if (line != CALLBACK_LINE_NONE) {
        qemu_bh_schedule(s->callback_bh);
    }
    trace_xen_evtchn_set_callback(param);
    return 0;
}

/* The device */

static void xen_evtchn_realize(DeviceState *dev, Error **errp)
{
    XenEvtchnState *s = XEN_EVTCHN(dev);

    if (!kvm_xen_enabled()) {
        error_setg(errp, "xen-evtchn requires Xen emulation "
                   "(-accel kvm,xen-version=...)");
        return;
    }
    qemu_mutex_init(&s->port_lock);
    qemu_cond_init(&s->poll_cond);
    s->pirqs.nr = kvm_xen_get_evtchn_max_pirq();
    s->pirqs.pirq = g_new0(XenPirq, s->pirqs.nr);
    xen_pirq_reset(&s->pirqs);
    s->callback_bh = qemu_bh_new(callback_bh, s);
    /* Created with the machine's devices, before any drives a GSI. */
    xen_evtchn_singleton = s;
    qemu_irq_intercept_in(X86_MACHINE(qdev_get_machine())->gsi,
                          callback_gsi_set, XEN_CALLBACK_NR_GSIS);
    if (kvm_xen_pirqs_offered()) {
        msi_xen_pirq_send = pirq_msi;
        /* Routes to ports need the kernel's event channels */
        if (!kernel_sends_events()) {
            kvm_msi_via_irqfd_allowed = false;
        }
    }
    qemu_add_vm_change_state_handler(callback_vm_state_change, s);
}

static void xen_evtchn_reset(DeviceState *dev)
{
    XenEvtchnState *s = XEN_EVTCHN(dev);
    unsigned i;

    qemu_mutex_lock(&s->port_lock);
    memset(&s->ports, 0, sizeof(s->ports));
    for (i = 1; i < XEN_BE_NR_PORTS; i++) {
        s->be_ports[i].guest_port = 0;  /* the guest's ends are gone */
    }
    kernel_ipi_port(0, 0, KVM_XEN_EVTCHN_RESET);
    /* The GSIs are the I/O APIC's again; it and their devices reset. */
    xen_pirq_reset(&s->pirqs);
    qatomic_set(&s->pirq_routes_stale, true);
    qemu_mutex_unlock(&s->port_lock);
    pirq_routes_sync(s);
    /* No callback: not the line (its device resets it), nor the kernel's. */
    s->callback_level = false;
    s->callback_resync = false;
    /*
     * The devices' levels go with the I/O APIC's, which a reset forgets:
     * PIIX3 forgets its PIRQ levels without lowering the GSIs.
     */
    s->gsi_dev_levels = 0;
    if (xen_evtchn_set_callback_param(0)) {
        error_report("kvm: cannot clear the Xen upcall vector");
    }
}

static bool xen_evtchn_nr_ports_fit(void *opaque, int version_id)
{
    XenEvtchnState *s = opaque;

    return s->ports.nr_ports <= EVTCHN_2L_NR_PORTS_64;
}

/* Each PIRQ port names its PIRQ, which names it back. */
static bool pirq_ports_consistent(XenEvtchnState *s)
{
    uint32_t i;

    if (!xen_pirq_consistent(&s->pirqs)) {
        return false;
    }
    for (i = 0; i < s->pirqs.nr; i++) {
        evtchn_port_t port = s->pirqs.pirq[i].port;

        if (port && (port >= s->ports.nr_ports ||
                     s->ports.table[port].type != EVTCHNSTAT_pirq ||
                     s->ports.table[port].value != i)) {
            return false;
        }
    }
    for (i = 1; i < s->ports.nr_ports; i++) {
        const XenEvtchnPort *p = &s->ports.table[i];

        if (p->type == EVTCHNSTAT_pirq &&
            (!xen_pirq_valid(&s->pirqs, p->value) ||
             s->pirqs.pirq[p->value].port != i)) {
            return false;
        }
    }
    return true;
}

static int xen_evtchn_post_load(void *opaque, int version_id)
{
    XenEvtchnState *s = opaque;
    uint64_t param = s->callback_param;
    unsigned p;

    if (!evtchn_ports_consistent(&s->ports, XEN_BE_NR_PORTS) ||
        !pirq_ports_consistent(s)) {
        error_report("xen-evtchn: the migrated port table is inconsistent");
        return -EINVAL;
    }
    /*
     * The kernel's share: the upcall vector and the IPI ports (the timer
     * ports come with the vCPUs' state). The line is driven when the VM
     * runs, whatever level the loaded line devices hold.
     */
    s->callback_param = 0;
    s->callback_level = false;
    if (param && xen_evtchn_set_callback_param(param)) {
        return -EINVAL;
    }
    s->callback_resync = s->callback_line != CALLBACK_LINE_NONE;
    qatomic_set(&s->pirq_routes_stale, true);
    pirq_routes_sync(s);
    /*
     * Backends' ends are this QEMU's. Those bound at reset (the store's)
     * were bound in the same order as on the source, so have the same
     * numbers, and are linked again here. A port whose backend is not
     * bound here yet (a PV device's, bound when it connects) waits for
     * domain 0 again: the device binds it when it takes its connection
     * up (xen-bus's post_load, after this one).
     */
    for (p = 1; p < XEN_BE_NR_PORTS; p++) {
        /* Undo what this side's reset told the kernel. */
        if (s->be_ports[p].guest_port) {
            kernel_port(s->be_ports[p].guest_port, EVTCHNSTAT_interdomain, 0,
                        -1, KVM_XEN_EVTCHN_DEASSIGN);
        }
        s->be_ports[p].guest_port = 0;
    }
    for (p = 1; p < s->ports.nr_ports; p++) {
        XenEvtchnPort *port = &s->ports.table[p];
        XenEvtchnBackend *be;

        if (port->type == EVTCHNSTAT_ipi) {
            kernel_ipi_port(p, port->vcpu, 0);
        }
        if (port->type != EVTCHNSTAT_interdomain ||
            !(port->value & PORT_QEMU)) {
            continue;
        }
        be = be_lookup(s, port->value & ~PORT_QEMU);
        if (!be || be->guest_port) {
            port->type = EVTCHNSTAT_unbound;
            port->value = 0;
            continue;
        }
        be->guest_port = p;
        kernel_be_port(be, p);
    }
    return 0;
}

static const VMStateDescription vmstate_xen_evtchn_port = {
    .name = "xen-emu/evtchn-port",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (VMStateField[]) {
        VMSTATE_UINT32(vcpu, XenEvtchnPort),
        VMSTATE_UINT16(type, XenEvtchnPort),
        VMSTATE_UINT16(value, XenEvtchnPort),
        VMSTATE_END_OF_LIST()
    }
};

static bool xen_evtchn_gsi_levels_needed(void *opaque)
{
    XenEvtchnState *s = opaque;

    return s->gsi_dev_levels;
}

/* Without the subsections the source's devices held no GSI, nor PIRQ. */
static int xen_evtchn_pre_load(void *opaque)
{
    XenEvtchnState *s = opaque;

    s->gsi_dev_levels = 0;
    xen_pirq_reset(&s->pirqs);
    return 0;
}

/* The devices' levels under a GSI callback: the line's state after a load. */
static const VMStateDescription vmstate_xen_evtchn_gsi_levels = {
    .name = "xen-emu/evtchn/gsi-levels",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = xen_evtchn_gsi_levels_needed,
    .fields = (VMStateField[]) {
        VMSTATE_UINT32(gsi_dev_levels, XenEvtchnState),
        VMSTATE_END_OF_LIST()
    }
};

static bool xen_evtchn_pirqs_needed(void *opaque)
{
    XenEvtchnState *s = opaque;
    uint32_t i;

    for (i = 0; i < s->pirqs.nr; i++) {
        if (xen_pirq_exists(&s->pirqs, i)) {
            return true;
        }
    }
    return false;
}

static const VMStateDescription vmstate_xen_pirq = {
    .name = "xen-emu/evtchn/pirq",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (VMStateField[]) {
        VMSTATE_INT16(gsi, XenPirq),
        VMSTATE_UINT16(port, XenPirq),
        VMSTATE_BOOL(allocated, XenPirq),
        VMSTATE_END_OF_LIST()
    }
};

/* The PIRQs, mapped and bound; both sides have xen-evtchn-max-pirq alike. */
static const VMStateDescription vmstate_xen_evtchn_pirqs = {
    .name = "xen-emu/evtchn/pirqs",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = xen_evtchn_pirqs_needed,
    .fields = (VMStateField[]) {
        VMSTATE_UINT32_EQUAL(pirqs.nr, XenEvtchnState,
                             "xen-evtchn-max-pirq differs"),
        VMSTATE_STRUCT_VARRAY_POINTER_UINT32(pirqs.pirq, XenEvtchnState,
                                             pirqs.nr, vmstate_xen_pirq,
                                             XenPirq),
        VMSTATE_INT32_ARRAY(pirqs.gsi_pirq, XenEvtchnState, XEN_PIRQ_NR_GSI),
        VMSTATE_UINT64(pirqs.gsi_level, XenEvtchnState),
        VMSTATE_END_OF_LIST()
    }
};

static const VMStateDescription vmstate_xen_evtchn = {
    .name = "xen-emu/evtchn",
    .version_id = 1,
    .minimum_version_id = 1,
    .pre_load = xen_evtchn_pre_load,
    .post_load = xen_evtchn_post_load,
    .subsections = (const VMStateDescription * []) {
        &vmstate_xen_evtchn_gsi_levels,
        &vmstate_xen_evtchn_pirqs,
        NULL
    },
    .fields = (VMStateField[]) {
        VMSTATE_UINT64(callback_param, XenEvtchnState),
        VMSTATE_UINT32(ports.nr_ports, XenEvtchnState),
        /* Checked before the table is read into its fixed-size array. */
        VMSTATE_VALIDATE("nr_ports fits", xen_evtchn_nr_ports_fit),
        VMSTATE_STRUCT_VARRAY_UINT32(ports.table, XenEvtchnState,
                                     ports.nr_ports, 1,
                                     vmstate_xen_evtchn_port, XenEvtchnPort),
        VMSTATE_END_OF_LIST()
    }
};

static void xen_evtchn_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = xen_evtchn_realize;
    dc->reset = xen_evtchn_reset;
    dc->vmsd = &vmstate_xen_evtchn;
    dc->user_creatable = false;
}

static const TypeInfo xen_evtchn_info = {
    .name          = TYPE_XEN_EVTCHN,
    .parent        = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(XenEvtchnState),
    .class_init    = xen_evtchn_class_init,
};

void xen_evtchn_create(void)
{
    sysbus_create_simple(TYPE_XEN_EVTCHN, -1, NULL);   /* sets the singleton */
}

static void xen_evtchn_register_types(void)
{
    type_register_static(&xen_evtchn_info);
}

type_init(xen_evtchn_register_types)
