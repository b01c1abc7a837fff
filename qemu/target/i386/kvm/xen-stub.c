/*
 * Stubs for CONFIG_XEN_EMU=n: Xen emulation is never on.
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 */

#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "sysemu/kvm_int.h"
#include "cpu.h"
#include "xen-emu.h"

uint32_t kvm_xen_get_version(void)
{
    return 0;
}

uint32_t kvm_xen_get_caps(void)
{
    return 0;
}

uint16_t kvm_xen_get_gnttab_max_frames(void)
{
    return 0;
}

uint16_t kvm_xen_get_evtchn_max_pirq(void)
{
    return 0;
}

void kvm_xen_accel_class_init(ObjectClass *oc)
{
}

int kvm_xen_check_config(MachineState *ms, KVMState *s)
{
    return 0;
}

int kvm_xen_init(KVMState *s)
{
    error_report("kvm: this QEMU was built without Xen emulation");
    return -ENOSYS;
}

int kvm_xen_init_vcpu(CPUState *cs, bool hyperv)
{
    return -ENOSYS;
}

uint32_t kvm_xen_fill_cpuids(CPUState *cs, struct kvm_cpuid_entry2 *entries,
                             bool hyperv)
{
    return 0;
}

int kvm_xen_handle_exit(X86CPU *cpu, struct kvm_xen_exit *exit)
{
    return -1;
}

void kvm_xen_reset_vcpu(X86CPU *cpu)
{
}

void kvm_xen_destroy_vcpu(CPUState *cs)
{
}

void kvm_xen_ioapic_eoi(void)
{
}

int kvm_xen_fixup_msi_route(struct kvm_irq_routing_entry *route,
                            uint64_t address)
{
    return 0;
}

static bool xen_vcpu_needed(void *opaque)
{
    return false;
}

const VMStateDescription vmstate_xen_vcpu = {
    .name = "cpu/xen_vcpu",
    .needed = xen_vcpu_needed,
    .fields = (VMStateField[]) {
        VMSTATE_END_OF_LIST()
    }
};

int kvm_xen_put_vcpu_state(CPUState *cs)
{
    return 0;
}
