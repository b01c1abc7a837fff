/*
 * Runs inside an L2 guest: shows what a program sees of the hypervisor.
 *   xen-probe cpuid     hypervisor CPUID leaves 0x40000000.. (each base that answers)
 *   xen-probe user-hcall  a Xen hypercall (xen_version) from user space: Xen says -EPERM
 * Built statically on the host and put into the L2 initramfs by tests/lab/run.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cpuid.h>

static void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
    __cpuid_count(leaf, sub, r[0], r[1], r[2], r[3]);
}

static int show_cpuid(void)
{
    for (uint32_t base = 0x40000000; base < 0x40010000; base += 0x100) {
        uint32_t r[4];
        char sig[13];

        cpuid(base, 0, r);
        memcpy(sig, &r[1], 4);
        memcpy(sig + 4, &r[2], 4);
        memcpy(sig + 8, &r[3], 4);
        sig[12] = 0;
        if (r[0] < base || r[0] > base + 0xff) {
            continue;
        }
        printf("XK-CPUID-SIG 0x%08x %s max=0x%08x\n", base, sig, r[0]);
        for (uint32_t leaf = base + 1; leaf <= r[0]; leaf++) {
            for (uint32_t sub = 0; sub < (leaf == base + 3 ? 3 : 1); sub++) {
                uint32_t v[4];

                cpuid(leaf, sub, v);
                printf("XK-CPUID 0x%08x.%u eax=0x%08x ebx=0x%08x ecx=0x%08x edx=0x%08x\n",
                       leaf, sub, v[0], v[1], v[2], v[3]);
            }
        }
    }
    return 0;
}

/* __HYPERVISOR_xen_version(XENVER_version), issued as the hypercall page would. */
static int user_hcall(void)
{
    uint32_t r[4];
    long ret;
    int amd;

    cpuid(0, 0, r);
    amd = r[1] == 0x68747541;  /* "Auth"enticAMD */
    if (amd) {
        __asm__ volatile("vmmcall" : "=a"(ret) : "a"(17L), "D"(0L), "S"(0L) : "memory");
    } else {
        __asm__ volatile("vmcall" : "=a"(ret) : "a"(17L), "D"(0L), "S"(0L) : "memory");
    }
    printf("XK-USER-HCALL %ld\n", ret);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 2 && !strcmp(argv[1], "cpuid")) {
        return show_cpuid();
    }
    if (argc == 2 && !strcmp(argv[1], "user-hcall")) {
        return user_hcall();
    }
    fprintf(stderr, "usage: xen-probe cpuid|user-hcall\n");
    return 2;
}
