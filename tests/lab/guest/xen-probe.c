/*
 * Runs inside an L2 guest: shows what a program sees of the hypervisor.
 *   xen-probe cpuid     hypervisor CPUID leaves 0x40000000.. (each base that answers)
 *   xen-probe user-hcall  a Xen hypercall (xen_version) from user space: Xen says -EPERM
 *   xen-probe evtchn-loopback N  a channel from the guest to itself (/dev/xen/evtchn):
 *                       N sends on one end, counting the events that reach the other
 *   xen-probe evtchn-wait N SECS  a port waiting for domain 0 (a QEMU backend): prints
 *                       it, then counts events on it (xen-event-inject) until N or SECS
 * Built statically on the host and put into the L2 initramfs by tests/lab/run.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cpuid.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>

/* Linux's include/uapi/xen/evtchn.h */
struct ioctl_evtchn_bind_interdomain { uint32_t remote_domain, remote_port; };
struct ioctl_evtchn_bind_unbound_port { uint32_t remote_domain; };
struct ioctl_evtchn_notify { uint32_t port; };
#define IOCTL_EVTCHN_BIND_INTERDOMAIN \
    _IOC(_IOC_NONE, 'E', 1, sizeof(struct ioctl_evtchn_bind_interdomain))
#define IOCTL_EVTCHN_BIND_UNBOUND_PORT \
    _IOC(_IOC_NONE, 'E', 2, sizeof(struct ioctl_evtchn_bind_unbound_port))
#define IOCTL_EVTCHN_NOTIFY \
    _IOC(_IOC_NONE, 'E', 4, sizeof(struct ioctl_evtchn_notify))
#define DOMID_SELF 0x7ff0

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

static int evtchn_open(void)
{
    int fd = open("/dev/xen/evtchn", O_RDWR);

    if (fd < 0) {
        printf("XK-EVTCHN-ERROR open /dev/xen/evtchn: %s\n", strerror(errno));
        exit(1);
    }
    return fd;
}

/* Waits up to @ms for an event; returns its port (re-enabled), or -1. */
static int evtchn_next(int fd, int ms)
{
    struct pollfd pfd = { .fd = fd, .events = POLLIN };
    uint32_t port;

    if (poll(&pfd, 1, ms) <= 0 || read(fd, &port, sizeof(port)) != sizeof(port)) {
        return -1;
    }
    /* The driver masks a port that fired until it is written back. */
    if (write(fd, &port, sizeof(port)) != sizeof(port)) {
        return -1;
    }
    return port;
}

static int evtchn_loopback(int n)
{
    int fd = evtchn_open(), a, b, got = 0, i;
    struct ioctl_evtchn_bind_unbound_port ub = { .remote_domain = DOMID_SELF };
    struct ioctl_evtchn_bind_interdomain bi = { .remote_domain = DOMID_SELF };

    a = ioctl(fd, IOCTL_EVTCHN_BIND_UNBOUND_PORT, &ub);
    bi.remote_port = a;
    b = a < 0 ? -1 : ioctl(fd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &bi);
    if (a < 0 || b < 0) {
        printf("XK-EVTCHN-ERROR bind: %s\n", strerror(errno));
        return 1;
    }
    printf("XK-LOOPBACK ports %d %d\n", a, b);
    /* Binding raises an event on the new end, as Xen does: take it. */
    while (evtchn_next(fd, 200) >= 0) {
    }
    for (i = 0; i < n; i++) {
        struct ioctl_evtchn_notify nt = { .port = b };

        if (ioctl(fd, IOCTL_EVTCHN_NOTIFY, &nt) < 0) {
            printf("XK-EVTCHN-ERROR notify: %s\n", strerror(errno));
            return 1;
        }
        if (evtchn_next(fd, 2000) == a) {
            got++;
        }
    }
    printf("XK-LOOPBACK sent %d received %d\n", n, got);
    return got == n ? 0 : 1;
}

static int evtchn_wait(int n, int secs)
{
    int fd = evtchn_open(), port, got = 0;
    struct ioctl_evtchn_bind_unbound_port ub = { .remote_domain = 0 };
    time_t end = time(NULL) + secs;

    port = ioctl(fd, IOCTL_EVTCHN_BIND_UNBOUND_PORT, &ub);
    if (port < 0) {
        printf("XK-EVTCHN-ERROR bind: %s\n", strerror(errno));
        return 1;
    }
    printf("XK-PORT %d\n", port);
    fflush(stdout);
    while (got < n && time(NULL) < end) {
        if (evtchn_next(fd, 1000) == port) {
            got++;
            printf("XK-EVENT %d on port %d\n", got, port);
            fflush(stdout);
        }
    }
    printf("XK-EVENTS %d\n", got);
    return got == n ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "evtchn-loopback")) {
        return evtchn_loopback(atoi(argv[2]));
    }
    if (argc == 4 && !strcmp(argv[1], "evtchn-wait")) {
        return evtchn_wait(atoi(argv[2]), atoi(argv[3]));
    }
    if (argc == 2 && !strcmp(argv[1], "cpuid")) {
        return show_cpuid();
    }
    if (argc == 2 && !strcmp(argv[1], "user-hcall")) {
        return user_hcall();
    }
    fprintf(stderr, "usage: xen-probe cpuid|user-hcall|evtchn-loopback N|"
            "evtchn-wait N SECS\n");
    return 2;
}
