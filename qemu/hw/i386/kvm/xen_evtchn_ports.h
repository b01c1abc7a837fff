/*
 * Xen HVM guest support under KVM: the event channel port table and its
 * state machine, after Xen's xen/common/event_channel.c. Pure logic on a
 * table, so that it can be tested alone (tests/unit/test-xen-evtchn-ports.c);
 * what a change means for the kernel, for backends and for the guest's
 * bitmaps is the device's business (xen_evtchn.c).
 *
 * @max is the number of ports of the guest's ABI: evtchn_2l_nr_ports().
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 */

#ifndef QEMU_XEN_EVTCHN_PORTS_H
#define QEMU_XEN_EVTCHN_PORTS_H

#include "hw/xen/xen-abi.h"
#include "xen_evtchn_2l.h"

/*
 * A port's state: Xen's ECS_* states, named as EVTCHNSTAT_* reports them.
 *   closed       free
 *   unbound      allocated, waiting for a peer (value: the peer's domid)
 *   interdomain  connected: to another port of the guest (loopback), or to
 *                a backend in QEMU (value: the peer port, or PORT_QEMU|its
 *                backend port)
 *   pirq         bound to a PIRQ (value: the PIRQ, checked by the device)
 *   virq         bound to a virtual IRQ (value: the VIRQ)
 *   ipi          an inter-vCPU channel
 */
typedef struct XenEvtchnPort {
    uint32_t vcpu;      /* the vCPU notified */
    uint16_t type;      /* EVTCHNSTAT_* */
    uint16_t value;     /* per type, see above */
} XenEvtchnPort;

/* Peer of an interdomain port whose other end is a QEMU backend. */
#define PORT_QEMU       0x8000

typedef struct XenEvtchnPorts {
    uint32_t nr_ports;  /* one above the highest port ever used */
    XenEvtchnPort table[EVTCHN_2L_NR_PORTS_64];
} XenEvtchnPorts;

/* VIRQs of the domain (bound on vCPU 0, movable) or of each vCPU. */
static inline bool evtchn_virq_is_global(uint32_t virq)
{
    switch (virq) {
    case VIRQ_TIMER:
    case VIRQ_DEBUG:
    case VIRQ_XENOPROF:
    case VIRQ_XENPMU:
        return false;
    default:
        return true;
    }
}

/* A port the guest may name: in range and not port 0, which is never used. */
static inline bool evtchn_port_valid(const XenEvtchnPorts *t, unsigned max,
                                     evtchn_port_t port)
{
    return port && port < max && port < t->nr_ports;
}

/* The lowest free port, as Xen picks; -ENOSPC when the ABI's are used up. */
static inline int evtchn_port_alloc(XenEvtchnPorts *t, unsigned max,
                                    uint32_t vcpu, uint16_t type,
                                    uint16_t value, evtchn_port_t *port)
{
    unsigned p;

    for (p = 1; p < max && p < EVTCHN_2L_NR_PORTS_64; p++) {
        if (t->table[p].type == EVTCHNSTAT_closed) {
            t->table[p] = (XenEvtchnPort) {
                .vcpu = vcpu, .type = type, .value = value,
            };
            t->nr_ports = MAX(t->nr_ports, p + 1);
            *port = p;
            return 0;
        }
    }
    return -ENOSPC;
}

/*
 * The port bound to @virq on @vcpu, or 0; a global VIRQ's port wherever
 * EVTCHNOP_bind_vcpu moved it.
 */
static inline evtchn_port_t evtchn_port_find_virq(const XenEvtchnPorts *t,
                                                  uint32_t virq, uint32_t vcpu)
{
    bool global = evtchn_virq_is_global(virq);
    unsigned p;

    for (p = 1; p < t->nr_ports; p++) {
        if (t->table[p].type == EVTCHNSTAT_virq &&
            t->table[p].value == virq &&
            (global || t->table[p].vcpu == vcpu)) {
            return p;
        }
    }
    return 0;
}

/*
 * EVTCHNOP_bind_interdomain within the guest: @rport must be unbound and
 * meant for the guest itself. A new port @lport is connected to it.
 */
static inline int evtchn_port_bind_loopback(XenEvtchnPorts *t, unsigned max,
                                            evtchn_port_t rport,
                                            evtchn_port_t *lport)
{
    int ret;

    if (!evtchn_port_valid(t, max, rport) ||
        t->table[rport].type != EVTCHNSTAT_unbound ||
        t->table[rport].value != DOMID_SELF) {
        return -EINVAL;
    }
    ret = evtchn_port_alloc(t, max, 0, EVTCHNSTAT_interdomain, rport, lport);
    if (!ret) {
        t->table[rport].type = EVTCHNSTAT_interdomain;
        t->table[rport].value = *lport;
    }
    return ret;
}

/*
 * EVTCHNOP_close: the port is free again; @old says what it was, for the
 * caller to undo. As Xen, a loopback peer is left waiting for a new
 * partner (a backend's end is the device's to update).
 */
static inline int evtchn_port_close(XenEvtchnPorts *t, unsigned max,
                                    evtchn_port_t port, XenEvtchnPort *old)
{
    XenEvtchnPort *p;

    if (!evtchn_port_valid(t, max, port) ||
        t->table[port].type == EVTCHNSTAT_closed) {
        return -EINVAL;
    }
    p = &t->table[port];
    *old = *p;
    if (p->type == EVTCHNSTAT_interdomain && !(p->value & PORT_QEMU) &&
        p->value != port) {
        t->table[p->value].type = EVTCHNSTAT_unbound;
        t->table[p->value].value = DOMID_SELF;
    }
    *p = (XenEvtchnPort) { 0 };
    return 0;
}

/* EVTCHNOP_bind_vcpu: which ports Xen lets the guest move. */
static inline int evtchn_port_bind_vcpu(XenEvtchnPorts *t, unsigned max,
                                        evtchn_port_t port, uint32_t vcpu)
{
    XenEvtchnPort *p;

    if (!evtchn_port_valid(t, max, port)) {
        return -EINVAL;
    }
    p = &t->table[port];
    switch (p->type) {
    case EVTCHNSTAT_virq:
        /* Per-vCPU VIRQs stay on their vCPU. */
        if (!evtchn_virq_is_global(p->value)) {
            return -EINVAL;
        }
        /* fall through */
    case EVTCHNSTAT_unbound:
    case EVTCHNSTAT_interdomain:
    case EVTCHNSTAT_pirq:
        p->vcpu = vcpu;
        return 0;
    default:
        return -EINVAL;
    }
}

/*
 * Whether a table from a migration stream holds only what the operations
 * above can make, @nr_be being the number of backend ports.
 */
static inline bool evtchn_ports_consistent(const XenEvtchnPorts *t,
                                           unsigned nr_be)
{
    unsigned p;

    if (t->nr_ports > EVTCHN_2L_NR_PORTS_64) {
        return false;
    }
    for (p = 0; p < t->nr_ports; p++) {
        const XenEvtchnPort *e = &t->table[p];

        switch (e->type) {
        case EVTCHNSTAT_closed:
        case EVTCHNSTAT_unbound:
        case EVTCHNSTAT_ipi:
        case EVTCHNSTAT_pirq:
            break;
        case EVTCHNSTAT_interdomain:
            if (e->value & PORT_QEMU ? !(e->value & ~PORT_QEMU) ||
                (e->value & ~PORT_QEMU) >= nr_be :
                !e->value || e->value >= t->nr_ports ||
                /* a loopback's peer is its peer's */
                t->table[e->value].type != EVTCHNSTAT_interdomain ||
                t->table[e->value].value != p) {
                return false;
            }
            break;
        case EVTCHNSTAT_virq:
            if (e->value >= NR_VIRQS) {
                return false;
            }
            break;
        default:
            return false;
        }
        if (!p && e->type != EVTCHNSTAT_closed) {
            return false;
        }
    }
    return true;
}

/* EVTCHNOP_status of a port (the caller checked the domain). */
/*
 * Ports Xen has entries for (its valid_evtchns): reserved port 0 and whole
 * buckets up to the highest port used. Asked about, those not in use are
 * closed ports, not -EINVAL.
 */
#define EVTCHN_PORTS_PER_BUCKET 64

static inline bool evtchn_port_exists(const XenEvtchnPorts *t, unsigned max,
                                      evtchn_port_t port)
{
    return port < max &&
           port < ROUND_UP(MAX(t->nr_ports, 1), EVTCHN_PORTS_PER_BUCKET);
}

static inline int evtchn_port_status(const XenEvtchnPorts *t, unsigned max,
                                     struct evtchn_status *status)
{
    static const XenEvtchnPort closed = { .type = EVTCHNSTAT_closed };
    const XenEvtchnPort *p;

    if (!evtchn_port_exists(t, max, status->port)) {
        return -EINVAL;
    }
    p = evtchn_port_valid(t, max, status->port) ? &t->table[status->port] :
                                                  &closed;
    status->status = p->type;
    status->vcpu = p->vcpu;
    memset(&status->u, 0, sizeof(status->u));
    switch (p->type) {
    case EVTCHNSTAT_unbound:
        status->u.unbound.dom = p->value;
        break;
    case EVTCHNSTAT_interdomain:
        if (p->value & PORT_QEMU) {
            status->u.interdomain.dom = 0;
            status->u.interdomain.port = p->value & ~PORT_QEMU;
        } else {
            status->u.interdomain.dom = DOMID_SELF;
            status->u.interdomain.port = p->value;
        }
        break;
    case EVTCHNSTAT_virq:
        status->u.virq = p->value;
        break;
    case EVTCHNSTAT_pirq:
        status->u.pirq = p->value;
        break;
    }
    return 0;
}

#endif /* QEMU_XEN_EVTCHN_PORTS_H */
