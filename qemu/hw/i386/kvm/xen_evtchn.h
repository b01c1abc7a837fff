/*
 * Xen HVM guest support under KVM: event channels.
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 */

#ifndef QEMU_XEN_EVTCHN_H
#define QEMU_XEN_EVTCHN_H

#include "hw/xen/xen-abi.h"

#define TYPE_XEN_EVTCHN "xen-evtchn"

void xen_evtchn_create(void);

/* HVM_PARAM_CALLBACK_IRQ: how the guest wants its upcall. Returns 0/-errno. */
int xen_evtchn_set_callback_param(uint64_t param);
uint64_t xen_evtchn_get_callback_param(void);

/*
 * The guest signalled end-of-interrupt to the I/O APIC: a callback line
 * (GSI or platform INTx) is lowered once the upcall is no longer pending.
 * Called on a vCPU thread, BQL held or not.
 */
void xen_evtchn_callback_eoi(void);
/* vCPU 0's events raise a callback line: QEMU, not the kernel, sends them. */
bool xen_evtchn_line_serves_vcpu0(void);
/* After vCPU 0's vector was reset: does a line serve it now? */
void xen_evtchn_reroute_vcpu0(void);

/* Make a port pending for the guest, as a send from its peer would. */
int xen_evtchn_set_port(evtchn_port_t port);

/* The hypercall operations: arguments already copied in, results out. */
int xen_evtchn_alloc_unbound_op(struct evtchn_alloc_unbound *alloc);
int xen_evtchn_bind_interdomain_op(struct evtchn_bind_interdomain *bind);
int xen_evtchn_bind_virq_op(struct evtchn_bind_virq *bind);
int xen_evtchn_bind_ipi_op(struct evtchn_bind_ipi *bind);
int xen_evtchn_bind_vcpu_op(struct evtchn_bind_vcpu *bind);
int xen_evtchn_bind_pirq_op(struct evtchn_bind_pirq *bind);
int xen_evtchn_close_op(struct evtchn_close *close);
int xen_evtchn_send_op(struct evtchn_send *send);
int xen_evtchn_status_op(struct evtchn_status *status);
int xen_evtchn_unmask_op(struct evtchn_unmask *unmask);

/* PHYSDEVOP_* of the PIRQs, as Xen answers an HVM guest. */
int xen_physdev_map_pirq(struct physdev_map_pirq *map);
int xen_physdev_unmap_pirq(struct physdev_unmap_pirq *unmap);
int xen_physdev_get_free_pirq(struct physdev_get_free_pirq *get);
int xen_physdev_irq_status_query(struct physdev_irq_status_query *query);
int xen_physdev_eoi(struct physdev_eoi *eoi);

/*
 * As Xen's map_vcpu_info(): @vcpu's vcpu_info moves to @gpa (guest RAM,
 * else -EINVAL) with the contents of the one in use (or masked, if none).
 * Registered by the vCPU itself (@self), every selector bit and the upcall
 * are raised: nothing pending is lost, the guest copes with a spurious
 * upcall. Not for another vCPU, which is offline (Linux registers it
 * before starting it): the upcall would be lost with its local APIC's
 * state when it starts, and the flag, left set, would hold back the next.
 */
int xen_evtchn_move_vcpu_info(uint32_t vcpu, uint64_t gpa, bool self);

/* @vcpu's upcall is raised again (its vector has changed), as Xen does. */
void xen_evtchn_reassert_upcall(uint32_t vcpu);
int xen_evtchn_reset_op(struct evtchn_reset *reset);

/*
 * SCHEDOP_poll for vCPU @cs, on its thread: returns once an upcall or one
 * of @ports is pending, at Xen system time @timeout (0: none; it is
 * @xen_now now), or early when QEMU needs the vCPU. 0, or -EINVAL for a
 * bad port.
 */
int xen_evtchn_poll(CPUState *cs, const evtchn_port_t *ports, unsigned nr,
                    uint64_t timeout, uint64_t xen_now);

/*
 * Backends in QEMU (XenStore, console, PV devices) are domain 0's end of
 * channels with the guest, as their Xen counterparts with libxenevtchn.
 * Ports are backend port numbers; @fn runs in the main loop when the
 * guest sends, or, if NULL, the backend polls the port's file descriptor
 * itself, in any thread. 0 or -errno as Xen. Any thread.
 */
typedef void XenEvtchnNotifyFn(void *opaque);

/*
 * Connect to @guest_port, which the guest allocated unbound for domain 0.
 * @in_sender: @fn runs, under the BQL, in the thread of the vCPU that
 * sends, before its hypercall returns (no kernel fast path then).
 */
int xen_be_evtchn_bind_interdomain(evtchn_port_t guest_port,
                                   XenEvtchnNotifyFn *fn, void *opaque,
                                   bool in_sender, evtchn_port_t *be_port);
/* Disconnect: the guest's end waits for domain 0 again. */
int xen_be_evtchn_unbind(evtchn_port_t be_port);
/* An event for the guest; dropped if the guest closed its end. */
int xen_be_evtchn_notify(evtchn_port_t be_port);
/* A descriptor readable when the guest sent; test_and_clear reads it. */
int xen_be_evtchn_fd(evtchn_port_t be_port);
bool xen_be_evtchn_test_and_clear(evtchn_port_t be_port);
/* Whether @be_port is connected to @guest_port (after migration, say). */
bool xen_be_evtchn_bound_to(evtchn_port_t be_port, evtchn_port_t guest_port);
/*
 * As a toolstack does for XenStore and the console: a guest port, unbound
 * for domain 0, to hand the guest (HVM params) and then bind.
 */
int xen_be_evtchn_alloc_guest_port(evtchn_port_t *guest_port);

/*
 * An irqfd's MSI route that names a PIRQ (kvm_arch_fixup_msi_route), under
 * the BQL: to the PIRQ's port, in the kernel. 0.
 */
struct kvm_irq_routing_entry;
int xen_evtchn_pirq_route(struct kvm_irq_routing_entry *route,
                          uint64_t address);

/* SHUTDOWN_soft_reset: every port closed. */
void xen_evtchn_soft_reset(void);

#endif /* QEMU_XEN_EVTCHN_H */
