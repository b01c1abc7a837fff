/*
 * Xen HVM guest support under KVM: the x86 KVM code's side.
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 */

#ifndef QEMU_I386_KVM_XEN_EMU_H
#define QEMU_I386_KVM_XEN_EMU_H

#include "sysemu/kvm_xen.h"
#include "migration/vmstate.h"
#include "qemu/notify.h"

/* Hypercall-page MSR; moved above Hyper-V's MSR range when that is on. */
#define XEN_HYPERCALL_MSR          0x40000000
#define XEN_HYPERCALL_MSR_HYPERV   0x40000200

/* Base of the Xen CPUID leaves; moved when Hyper-V owns 0x40000000. */
#define XEN_CPUID_BASE             0x40000000
#define XEN_CPUID_BASE_HYPERV      0x40000100

/* KVM_CAP_XEN_HVM flags without which Xen emulation cannot work. */
#define KVM_XEN_HVM_CONFIG_REQUIRED (KVM_XEN_HVM_CONFIG_HYPERCALL_MSR |  \
                                     KVM_XEN_HVM_CONFIG_INTERCEPT_HCALL | \
                                     KVM_XEN_HVM_CONFIG_SHARED_INFO)

void kvm_xen_accel_class_init(ObjectClass *oc);
int kvm_xen_init(KVMState *s);
int kvm_xen_init_vcpu(CPUState *cs, bool hyperv);
uint32_t kvm_xen_fill_cpuids(CPUState *cs, struct kvm_cpuid_entry2 *entries,
                             bool hyperv);
int kvm_xen_handle_exit(X86CPU *cpu, struct kvm_xen_exit *exit);

/* Per-vCPU state: back to boot state, and into the kernel (vCPU thread). */
void kvm_xen_reset_vcpu(X86CPU *cpu);
void kvm_xen_destroy_vcpu(CPUState *cs);
int kvm_xen_put_vcpu_state(CPUState *cs);

/* The port of @cs's VIRQ_TIMER, for the kernel to raise (0: none). */
void kvm_xen_set_vcpu_timer_port(CPUState *cs, uint16_t port);
/* The timer goes to the kernel or to QEMU, as kernel_runs_timer() now says. */
void kvm_xen_resync_vcpu_timer(CPUState *cs);

/*
 * SHUTDOWN_soft_reset: told once every event channel is closed (a device
 * that binds one for the guest binds it again).
 */
void kvm_xen_add_soft_reset_notifier(Notifier *n);

/* Per-vCPU Xen state, a subsection of the CPU's. */
extern const VMStateDescription vmstate_xen_vcpu;

/* KVM_EXIT_IOAPIC_EOI: the event channel callback line may go down. */
void kvm_xen_ioapic_eoi(void);

/*
 * kvm_arch_fixup_msi_route() of an MSI that names a PIRQ (vector 0): the
 * route goes to the PIRQ's event channel. 0, as the fixup returns.
 */
struct kvm_irq_routing_entry;
int kvm_xen_fixup_msi_route(struct kvm_irq_routing_entry *route,
                            uint64_t address);

/* SHUTDOWN_soft_reset: Xen's state starts afresh, guest memory stays. */
void kvm_xen_soft_reset(void);

/* Guest memory at a guest-virtual address, as the vCPU sees it now. */
int kvm_xen_copy_from_guest(CPUState *cs, uint64_t gva, void *buf, size_t len);
int kvm_xen_copy_to_guest(CPUState *cs, uint64_t gva, const void *buf,
                          size_t len);

/* The vCPU of Xen id @vcpu_id, or NULL (none, or being unplugged). */
CPUState *kvm_xen_vcpu(uint32_t vcpu_id);

/* Where @cs's vcpu_info is (registered, or its default), or INVALID_GPA. */
uint64_t kvm_xen_vcpu_info_gpa(CPUState *cs);

/*
 * Guest RAM at @gpa mapped in place (NULL unless all @len bytes are
 * writable RAM): never through a bounce buffer, so it may be used with
 * device locks held. Unmap with whether it was @written.
 */
void *kvm_xen_map_ram(uint64_t gpa, hwaddr len);
void kvm_xen_unmap_ram(void *p, hwaddr len, bool written);

#endif /* QEMU_I386_KVM_XEN_EMU_H */
