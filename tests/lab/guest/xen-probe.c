/*
 * Runs inside an L2 guest: shows what a program sees of the hypervisor.
 *   xen-probe cpuid     hypervisor CPUID leaves 0x40000000.. (each base that answers)
 *   xen-probe user-hcall  a Xen hypercall (xen_version) from user space: Xen says -EPERM
 *   xen-probe evtchn-loopback N  a channel from the guest to itself (/dev/xen/evtchn):
 *                       N sends on one end, counting the events that reach the other
 *   xen-probe hypercalls  hypercalls through /dev/xen/privcmd (loaded unrestricted), good
 *                       and bad arguments: prints "XK-HCALL name result [details]"
 *   xen-probe hostile   frames and vcpu_info where no guest may put them: Xen's errors
 *   xen-probe gnttab-scatter N  the grant table's last N frames, each on a page of its own
 *   xen-probe timers    (pinned to CPU 0) Xen timer ops, bad arguments, and a periodic
 *                       timer's events counted on timer0 in /proc/interrupts
 *   xen-probe line-vcpu0  (on CPU 0, callback line) vCPU 0's IPI and timer VIRQ, sent by
 *                       the kernel's accelerations, counted on the line's interrupt
 *   xen-probe gsi-share PCIDEV  (callback line) the callback on the GSI of QEMU's edu
 *                       device at sysfs PCIDEV, which raises and lowers it meanwhile
 *   xen-probe kexec KERNEL INITRD CMDLINE  boots KERNEL (kexec_file_load): under Xen a
 *                       soft reset of the domain
 *   xen-probe soft-reset  (2 vCPUs) SHUTDOWN_soft_reset under a live kernel, a running
 *                       vCPU's vcpu_info registered by another after it, then powers off
 *   xen-probe pirqs MAX  PHYSDEVOP_* and EVTCHNOP_bind_pirq through privcmd, at both sides
 *                       of the bound MAX (xen-evtchn-max-pirq) and with bad arguments:
 *                       "XK-PIRQ name result [details]"; without PIRQs, each is -ENOSYS
 *   xen-probe msi PCIDEV  (xen-evtchn-max-pirq=64) MSIs of QEMU's edu device at sysfs PCIDEV
 *                       naming PIRQs, good and hostile: "XK-MSI name [result]" before each;
 *                       QEMU's trace and log say what became of them (see xen-pirq-msi-hostile)
 *   xen-probe hcall-bench N  (privcmd) N hypercalls the kernel answers (XENVER_version,
 *                       where it has Xen support and QEMU gave it the version) and N it
 *                       leaves to QEMU (XENVER_get_features): microseconds each, the
 *                       floor under any round trip to a backend in QEMU; and N round
 *                       trips between two processes over pipes (two thread switches
 *                       each, as /dev/xen/xenbus costs the guest whatever the store does)
 *   xen-probe evtchn-wait N SECS  a port waiting for domain 0 (a QEMU backend): prints
 *                       it, then counts events on it (xen-event-inject) until N or SECS
 * Built statically on the host and put into the L2 initramfs by tests/lab/run, for
 * 64-bit and 32-bit (i386) guests: a 32-bit guest speaks Xen's compat ABI.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cpuid.h>
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <sys/wait.h>

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

/* Linux's include/uapi/xen/privcmd.h (the same on i386) */
struct privcmd_hypercall { uint64_t op, arg[5]; };
#define IOCTL_PRIVCMD_HYPERCALL \
    _IOC(_IOC_NONE, 'P', 0, sizeof(struct privcmd_hypercall))

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

#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

static int privcmd_fd = -1;

/* A hypercall as the kernel makes it; Xen's -errno comes back as -errno. */
static long hcall(uint64_t op, uint64_t a0, uint64_t a1, uint64_t a2)
{
    struct privcmd_hypercall h = { .op = op, .arg = { a0, a1, a2 } };
    long ret = ioctl(privcmd_fd, IOCTL_PRIVCMD_HYPERCALL, &h);

    return ret == -1 ? -errno : ret;
}

static uint64_t ptr(const void *p)
{
    return (uintptr_t)p;
}

/*
 * Xen's XEN_GUEST_HANDLE: a pointer, 64 bits in a 64-bit guest and 32 in a 32-bit one (the
 * compat ABI), as is xen_ulong_t. Structures holding one are laid out naturally with it
 * (and i386 aligns uint64_t to 4 bytes, as Xen's compat structures do).
 */
typedef uintptr_t xen_handle_t;

/* Xen's system time, HVMOP_get_time. */
static uint64_t xen_now(void)
{
    static uint64_t now;

    return hcall(34, 10, ptr(&now), 0) ? 0 : now;
}

/* Xen's public/memory.h: XENMEM_add_to_physmap and _batch (size is 16 bits there). */
struct xen_add_to_physmap {
    uint16_t domid, size; uint32_t space; xen_handle_t idx, gpfn;
};
struct xen_add_to_physmap_batch {
    uint16_t domid, space, size, foreign_domid; xen_handle_t idxs, gpfns, errs;
};

/* "XK-HCALL name result", then any details after fmt. */
static void show(const char *name, long ret, const char *fmt, ...)
{
    va_list ap;

    printf("XK-HCALL %s %ld", name, ret);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
}

/* Xen's public/physdev.h; map_pirq's table_base is 4-aligned in a 32-bit guest. */
struct physdev_map_pirq {
    uint16_t domid; int32_t type, index, pirq, bus, devfn, entry_nr; uint64_t table_base;
};

static long physdev(int op, void *arg)
{
    return hcall(33, op, ptr(arg), 0);
}

/* map_pirq of @type, @index (a GSI), @pirq for @domid: "XK-PIRQ name result pirq N". */
static void map_pirq(const char *name, uint16_t domid, int type, int index, int pirq,
                     uint64_t table_base)
{
    static struct physdev_map_pirq m;
    long r;

    /* Each result is read after its call returns, never as the call's sibling argument. */
    m = (struct physdev_map_pirq) { .domid = domid, .type = type, .index = index,
                                    .pirq = pirq, .table_base = table_base };
    r = physdev(13, &m);
    printf("XK-PIRQ %s %ld pirq %d type %d\n", name, r, m.pirq, m.type);
}

static int pirqs(int max)
{
    static struct { uint16_t domid; int32_t pirq; } unmap;
    static struct { int32_t type; uint32_t pirq; } free_;
    static struct { uint32_t irq, flags; } query;
    static struct { uint32_t irq; } eoi;
    static struct { uint32_t pirq, flags, port; } bind;
    static struct { uint16_t dom; uint32_t port, status, vcpu, u[2]; } st;
    static struct { uint32_t port; } cl;
    static uint64_t junk[8];
    int msi, gsi;
    long r;

    privcmd_fd = open("/dev/xen/privcmd", O_RDWR);
    if (privcmd_fd < 0) {
        printf("XK-PIRQ-ERROR open /dev/xen/privcmd: %s\n", strerror(errno));
        return 1;
    }
    /*
     * Free ones: for an MSI from the top down; for a GSI the lowest from 16, but Linux has
     * taken 16 to 23 for its GSIs and MAX - 1 for its ninth, so from the top down too.
     */
    free_.type = 0;
    r = physdev(23, &free_);
    msi = free_.pirq;
    printf("XK-PIRQ get_free-msi %ld pirq %d\n", r, msi);
    free_.type = 1;
    r = physdev(23, &free_);
    gsi = free_.pirq;
    printf("XK-PIRQ get_free-gsi %ld pirq %d\n", r, gsi);
    /* GSI 40 (no device has it) on the first; the bound refused, and bad arguments */
    map_pirq("map-gsi", DOMID_SELF, 1, 40, msi, 0);
    map_pirq("map-gsi-bound", DOMID_SELF, 1, 41, max, 0);
    map_pirq("map-gsi-past-bound", DOMID_SELF, 1, 41, 0x7fffffff, 0);
    map_pirq("map-gsi-48", DOMID_SELF, 1, 48, -1, 0);
    map_pirq("map-gsi-negative", DOMID_SELF, 1, -1, -1, 0);
    map_pirq("map-msi", DOMID_SELF, 0, 0, -1, 0);
    map_pirq("map-msi-seg", DOMID_SELF, 3, 0, -1, 0);
    map_pirq("map-multi-msi-table", DOMID_SELF, 4, 0, -1, 0x1000);
    map_pirq("map-other-domain", 7, 1, 41, -1, 0);
    map_pirq("map-own-domid", 1, 1, 41, -1, 0);
    /* Mapped already, either way: Xen's "already mapped" success, nothing changes */
    map_pirq("map-gsi-again", DOMID_SELF, 1, 40, gsi, 0);
    /* MAX - 1 (Linux's) answers; MAX does not */
    query.irq = max - 1;
    r = physdev(5, &query);
    printf("XK-PIRQ status-last %ld flags %u\n", r, query.flags);
    query = (typeof(query)) { .irq = max };
    printf("XK-PIRQ status-bound %ld\n", physdev(5, &query));
    query = (typeof(query)) { .irq = gsi };
    printf("XK-PIRQ status-unmapped %ld\n", physdev(5, &query));
    eoi.irq = max - 1;
    printf("XK-PIRQ eoi-last %ld\n", physdev(12, &eoi));
    eoi.irq = max;
    printf("XK-PIRQ eoi-bound %ld\n", physdev(12, &eoi));
    eoi.irq = max - 10;
    printf("XK-PIRQ eoi-never-used %ld\n", physdev(12, &eoi));
    /* bind_pirq: on vCPU 0, once; status tells the PIRQ */
    bind = (typeof(bind)) { .pirq = msi, .flags = 1 };
    printf("XK-PIRQ bind %ld\n", hcall(32, 2, ptr(&bind), 0));
    st = (typeof(st)) { .dom = DOMID_SELF, .port = bind.port };
    r = hcall(32, 5, ptr(&st), 0);
    printf("XK-PIRQ bound-status %ld status %u vcpu %u pirq-is-msi %d\n", r, st.status,
           st.vcpu, (int)st.u[0] == msi);
    printf("XK-PIRQ bind-again %ld\n", hcall(32, 2, ptr(&bind), 0));
    /* MAX - 1, Linux's: bound then closed, or bound already by a driver of Linux's */
    bind = (typeof(bind)) { .pirq = max - 1 };
    r = hcall(32, 2, ptr(&bind), 0);
    printf("XK-PIRQ bind-last %ld\n", r);
    cl.port = bind.port;
    printf("XK-PIRQ close-last %ld\n", r ? r : hcall(32, 3, ptr(&cl), 0));
    bind = (typeof(bind)) { .pirq = max };
    printf("XK-PIRQ bind-bound %ld\n", hcall(32, 2, ptr(&bind), 0));
    bind = (typeof(bind)) { .pirq = 0xffffffff };
    printf("XK-PIRQ bind-past-bound %ld\n", hcall(32, 2, ptr(&bind), 0));
    cl.port = st.port;
    printf("XK-PIRQ close %ld\n", hcall(32, 3, ptr(&cl), 0));
    /* unmap: any PIRQ of our own is 0; another domain's refused */
    unmap = (typeof(unmap)) { .domid = DOMID_SELF, .pirq = msi };
    printf("XK-PIRQ unmap %ld\n", physdev(14, &unmap));
    query.irq = msi;
    printf("XK-PIRQ status-after-unmap %ld\n", physdev(5, &query));
    unmap.pirq = max;
    printf("XK-PIRQ unmap-bound %ld\n", physdev(14, &unmap));
    unmap.pirq = -5;
    printf("XK-PIRQ unmap-negative %ld\n", physdev(14, &unmap));
    unmap = (typeof(unmap)) { .domid = 7, .pirq = 16 };
    printf("XK-PIRQ unmap-other-domain %ld\n", physdev(14, &unmap));
    /* Ops Xen does not let an HVM guest have */
    printf("XK-PIRQ setup_gsi %ld\n", physdev(21, junk));
    printf("XK-PIRQ pirq_eoi_gmfn_v2 %ld\n", physdev(28, junk));
    printf("XK-PIRQ physdev-unknown %ld\n", physdev(99, junk));
    return 0;
}

static double seconds(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static int hcall_bench(int n)
{
    static struct { uint32_t index, map; } fi;
    int ping[2], pong[2];
    double t0, t1, t2;
    pid_t child;
    char c = 0;
    int i;

    privcmd_fd = open("/dev/xen/privcmd", O_RDWR);
    if (privcmd_fd < 0) {
        perror("xen-probe: /dev/xen/privcmd");
        return 1;
    }
    n = MAX(n, 1);
    t0 = seconds();
    for (i = 0; i < n; i++) {
        hcall(17, 0, 0, 0);                     /* XENVER_version */
    }
    t1 = seconds();
    for (i = 0; i < n; i++) {
        hcall(17, 6, ptr(&fi), 0);              /* XENVER_get_features */
    }
    t2 = seconds();
    printf("XK-HCALL-BENCH %d kernel %.1f us qemu %.1f us\n", n,
           (t1 - t0) * 1e6 / n, (t2 - t1) * 1e6 / n);

    if (pipe(ping) || pipe(pong)) {
        perror("xen-probe: pipe");
        return 1;
    }
    child = fork();
    if (!child) {
        close(ping[1]);         /* the parent's close of it ends this loop */
        while (read(ping[0], &c, 1) == 1 && write(pong[1], &c, 1) == 1) {
        }
        _exit(0);
    }
    close(ping[0]);
    close(pong[1]);
    t0 = seconds();
    for (i = 0; i < n; i++) {
        if (write(ping[1], &c, 1) != 1 || read(pong[0], &c, 1) != 1) {
            perror("xen-probe: ping-pong");
            return 1;
        }
    }
    t1 = seconds();
    close(ping[1]);
    waitpid(child, NULL, 0);
    printf("XK-SWITCH-BENCH %d pipe round trip %.1f us\n", n, (t1 - t0) * 1e6 / n);
    return 0;
}

static int hypercalls(void)
{
    /* Hypercalls touch our memory without faulting it in: keep it static. */
    static uint16_t domid = DOMID_SELF, other = 7;
    static struct { uint32_t nr; xen_handle_t buffer; } map;
    static struct { uint64_t addr, size; uint32_t type; } __attribute__((packed)) e820[32];
    static struct { uint16_t dom; uint16_t pad; uint32_t nr, max; int16_t status; } qs;
    static uint32_t version;
    static uint32_t port4000[2] = { 4000 };
    static struct { uint16_t dom, rdom; uint32_t port; } au;
    static struct { uint32_t virq, vcpu, port; } bv;
    static struct { uint32_t vcpu, port; } bi;
    static struct { xen_handle_t ports; uint32_t nr; uint64_t timeout; } poll_;
    static uint32_t poll_port, closed_port, port0;
    static struct { uint16_t dom; uint32_t port, status, vcpu, u[2]; } st;
    static struct { uint16_t dom, pad; uint32_t version; } gv;
    static char cmdline[1024];
    static const char hello[] = "XK-CONSOLE-IO hello\x01\n";
    static struct { uint16_t domid; uint16_t pad; uint32_t index; uint64_t value; } hp;
    static struct xen_add_to_physmap_batch batch;
    static uint64_t junk[8];
    long r;
    uint64_t t0, t1;

    privcmd_fd = open("/dev/xen/privcmd", O_RDWR);
    if (privcmd_fd < 0) {
        printf("XK-HCALL-ERROR open /dev/xen/privcmd: %s\n", strerror(errno));
        return 1;
    }
    show("xen_version", hcall(17, 0, 0, 0), "");
    show("unknown-hypercall", hcall(50, 0, 0, 0), "");
    /* console_io: writes reach the trace (non-printables as '.'), reads are refused */
    show("console_io-write", hcall(18, 0, sizeof(hello) - 1, ptr(hello)), "");
    show("console_io-write-bad-pointer", hcall(18, 0, 16, 16), "");
    show("console_io-read", hcall(18, 1, sizeof(cmdline), ptr(cmdline)), "");
    show("console_io-unknown", hcall(18, 7, 0, 0), "");
    /* memory_op */
    show("maximum_reservation", hcall(12, 4, ptr(&domid), 0), "");
    show("current_reservation", hcall(12, 3, ptr(&domid), 0), "");
    show("reservation-other-domain", hcall(12, 4, ptr(&other), 0), "");
    show("maximum_gpfn", hcall(12, 14, ptr(&domid), 0), "");
    show("maximum_ram_page", hcall(12, 2, 0, 0), "");
    show("get_sharing_freed_pages", hcall(12, 18, 0, 0), "");
    map.nr = 32;
    map.buffer = ptr(e820);
    r = hcall(12, 9, ptr(&map), 0);
    show("memory_map", r, " entries %u first 0x%llx+0x%llx type %u", map.nr,
         (unsigned long long)e820[0].addr, (unsigned long long)e820[0].size, e820[0].type);
    show("memory_map-bad-pointer", hcall(12, 9, 16, 0), "");
    batch.domid = DOMID_SELF;
    batch.space = 3;    /* XENMAPSPACE_gmfn_range */
    show("add_to_physmap_batch-gmfn_range", hcall(12, 23, ptr(&batch), 0), "");
    show("memory_op-unknown", hcall(12, 63, ptr(junk), 0), "");
    /* grant_table_op */
    qs.dom = DOMID_SELF;
    r = hcall(20, 6, ptr(&qs), 1);
    show("gnttab-query_size", r, " status %d frames %u max %u", qs.status, qs.nr, qs.max);
    show("gnttab-query_size-count-2", hcall(20, 6, ptr(&qs), 2), "");
    version = 2;
    r = hcall(20, 8, ptr(&version), 1);
    show("gnttab-set_version-2", r, " version %u", version);
    /* event_channel_op */
    show("evtchn-close-4000", hcall(32, 3, ptr(port4000), 0), "");
    bv.virq = 0;    /* VIRQ_TIMER, which the kernel has bound on vCPU 0 */
    show("evtchn-bind_virq-timer-again", hcall(32, 1, ptr(&bv), 0), "");
    bv.virq = 99;
    show("evtchn-bind_virq-99", hcall(32, 1, ptr(&bv), 0), "");
    bi.vcpu = 99;
    show("evtchn-bind_ipi-vcpu-99", hcall(32, 7, ptr(&bi), 0), "");
    au.dom = DOMID_SELF;
    au.rdom = DOMID_SELF;
    r = hcall(32, 6, ptr(&au), 0);
    show("evtchn-alloc_unbound", r > 0 ? -1 : r, " port>0 %d", au.port > 0);
    poll_port = au.port;
    /* As Xen: any peer domain, even one that will never bind. */
    au.rdom = 7;
    r = hcall(32, 6, ptr(&au), 0);
    show("evtchn-alloc_unbound-remote-7", r > 0 ? -1 : r, " port>0 %d", au.port > 0);
    closed_port = au.port;
    show("evtchn-close-remote-7", hcall(32, 3, ptr(&closed_port), 0), "");
    /* As Xen: port 0 and a free port are closed ones; unmasking them does nothing. */
    st.dom = DOMID_SELF;
    st.port = 0;
    r = hcall(32, 5, ptr(&st), 0);
    show("evtchn-status-port-0", r, " status %u", st.status);
    st.port = closed_port;
    st.status = 99;
    r = hcall(32, 5, ptr(&st), 0);
    show("evtchn-status-closed", r, " status %u", st.status);
    show("evtchn-unmask-port-0", hcall(32, 9, ptr(&port0), 0), "");
    show("evtchn-unmask-closed", hcall(32, 9, ptr(&closed_port), 0), "");
    /* xen_version: the host's command line and build id are privileged. */
    r = hcall(17, 9, ptr(cmdline), 0);
    show("xenver-commandline", r, " %s", cmdline);
    show("xenver-build_id", hcall(17, 10, 0, 0), "");
    /* GNTTABOP get/set_version do not look at the count. */
    gv.dom = DOMID_SELF;
    r = hcall(20, 10, ptr(&gv), 0);
    show("gnttab-get_version-count-0", r, " version %u", gv.version);
    /*
     * SCHEDOP_poll on that quiet port, 50ms on: it may return earlier (on
     * any interrupt for the vCPU, as Xen may), but not later than ~1s.
     */
    poll_.ports = ptr(&poll_port);
    poll_.nr = 1;
    t0 = xen_now();
    poll_.timeout = t0 + 50000000;
    r = hcall(29, 3, ptr(&poll_), 0);
    t1 = xen_now();
    show("sched-poll-timeout", r, " back<1s %d", t1 - t0 < 1000000000);
    poll_.nr = 200;
    show("sched-poll-200-ports", hcall(29, 3, ptr(&poll_), 0), "");
    show("evtchn-close", hcall(32, 3, ptr(&poll_port), 0), "");
    show("evtchn-close-again", hcall(32, 3, ptr(&poll_port), 0), "");
    /* vcpu_op, hvm_op */
    show("vcpu_op-vcpu-99", hcall(24, 10, 99, ptr(junk)), "");
    hp.domid = DOMID_SELF;
    hp.index = 0;   /* HVM_PARAM_CALLBACK_IRQ */
    r = hcall(34, 1, ptr(&hp), 0);
    show("hvm-get_param-callback", r, " type %llu", (unsigned long long)(hp.value >> 56));
    hp.index = 1;   /* HVM_PARAM_STORE_PFN: the toolstack's */
    show("hvm-set_param-store_pfn", hcall(34, 0, ptr(&hp), 0), "");
    hp.index = 9999;
    show("hvm-get_param-9999", hcall(34, 1, ptr(&hp), 0), "");
    return 0;
}

static long add_to_physmap(unsigned space, unsigned long idx, unsigned long long gfn)
{
    static struct xen_add_to_physmap xatp;

    xatp = (struct xen_add_to_physmap) {
        .domid = DOMID_SELF, .space = space, .idx = idx, .gpfn = gfn,
    };
    return hcall(12, 7, ptr(&xatp), 0);
}

/* The guest frame of our page @p (root reads PFNs in /proc/self/pagemap). */
static uint64_t gfn_of(void *p)
{
    uint64_t e = 0;
    int fd = open("/proc/self/pagemap", O_RDONLY);

    if (fd < 0 || pread(fd, &e, 8, (uintptr_t)p / 4096 * 8) != 8) {
        e = 0;
    }
    close(fd);
    return e >> 63 ? e & ((1ULL << 55) - 1) : 0;
}

/*
 * Frames and vcpu_info a guest may not choose: beyond the physical address width, over the
 * local APIC, over KVM's own pages (identity map, TSS), ROM, MMIO, nothing at all. QEMU
 * must refuse them as Xen does and live on. Expects vCPU 1 never brought up (maxcpus=1).
 */
static int hostile(void)
{
    static struct xen_add_to_physmap_batch batch;
    static xen_handle_t idxs[2] = { 5, 6 }, gfns[2] = { 0x80000, 0xfee00 };
    static int32_t errs[2] = { 99, 99 };
    static struct { uint16_t dom; uint16_t pad; uint32_t nr, max; int16_t status; } qs;
    static struct { uint64_t mfn; uint32_t offset, rsvd; } rvi;
    static const struct { const char *name; uint64_t mfn; } bad_vi[] = {
        { "rom", 0xfffff }, { "mmio-hpet", 0xfed00 }, { "unassigned", 0x90000 },
        { "apic", 0xfee00 }, { "beyond", 0xffffffffffULL },
    };
    static const struct { const char *name; unsigned space, idx; uint64_t gfn; } bad[] = {
        { "shinfo-beyond", 0, 0, 0xffffffffffULL }, { "shinfo-apic", 0, 0, 0xfee00 },
        { "shinfo-kvm-identity-map", 0, 0, 0xfeffc }, { "shinfo-kvm-tss", 0, 0, 0xfefff },
        { "gnttab0-beyond", 1, 0, 0xffffffffffULL }, { "gnttab0-apic", 1, 0, 0xfee00 },
        { "gnttab31-kvm-tss", 1, 31, 0xfeffd }, { "gnttab-frame-max", 1, 32, 0x80000 },
    };
    uint8_t *page;
    unsigned i;
    long r;

    privcmd_fd = open("/dev/xen/privcmd", O_RDWR);
    if (privcmd_fd < 0) {
        printf("XK-HCALL-ERROR open /dev/xen/privcmd: %s\n", strerror(errno));
        return 1;
    }
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        show(bad[i].name, add_to_physmap(bad[i].space, bad[i].idx, bad[i].gfn), "");
    }
    /* A batch: frame 5 into a hole (fine), frame 6 over the local APIC (refused). */
    batch = (struct xen_add_to_physmap_batch) {
        .domid = DOMID_SELF, .space = 1, .size = 2,
        .idxs = ptr(idxs), .gpfns = ptr(gfns), .errs = ptr(errs),
    };
    r = hcall(12, 23, ptr(&batch), 0);
    show("batch", r, " errs %d %d", errs[0], errs[1]);
    qs.dom = DOMID_SELF;
    r = hcall(20, 6, ptr(&qs), 1);
    show("gnttab-query_size", r, " frames %u", qs.nr);
    /* vCPU 1's vcpu_info (never registered: it is offline) anywhere but RAM. */
    for (i = 0; i < sizeof(bad_vi) / sizeof(bad_vi[0]); i++) {
        char name[64];

        rvi.mfn = bad_vi[i].mfn;
        rvi.offset = 0;
        snprintf(name, sizeof(name), "vcpu_info-%s", bad_vi[i].name);
        show(name, hcall(24, 10, 1, ptr(&rvi)), "");
    }
    /*
     * Then in RAM, a page of ours: the old one is copied (vCPU 1 is offline: nothing is
     * marked pending, which its start would lose and then hold back).
     */
    page = aligned_alloc(4096, 4096);
    memset(page, 0x5a, 4096);
    rvi.mfn = gfn_of(page);
    rvi.offset = 64;
    r = hcall(24, 10, 1, ptr(&rvi));
    /* Copied from vCPU 1's slot in shared info (zeros, unmasked), not made up (masked). */
    show("vcpu_info-ram", r, " mfn>0 %d upcall %u sel-all %d mask %u copied %d", rvi.mfn > 0,
         page[64], *(uint64_t *)(page + 72) == ~0ULL, page[65], page[64 + 20] == 0);
    show("vcpu_info-ram-again", hcall(24, 10, 1, ptr(&rvi)), "");
    /* The guest's page stays vCPU 1's vcpu_info: never give it back. */
    return 0;
}

/*
 * @n grant frames, the table's last ones first, each on its own page with a hole between
 * (no two share a KVM memory slot), above 4GiB, in batches: the table reaches its maximum.
 */
static int gnttab_scatter(unsigned n)
{
    static struct xen_add_to_physmap_batch batch;
    static xen_handle_t idxs[256], gfns[256];
    static int32_t errs[256];
    static struct { uint16_t dom; uint16_t pad; uint32_t nr, max; int16_t status; } qs;
    unsigned done = 0, bad = 0, i;
    long r = 0;

    privcmd_fd = open("/dev/xen/privcmd", O_RDWR);
    if (privcmd_fd < 0) {
        printf("XK-HCALL-ERROR open /dev/xen/privcmd: %s\n", strerror(errno));
        return 1;
    }
    qs.dom = DOMID_SELF;
    if (hcall(20, 6, ptr(&qs), 1) || qs.max < n) {
        printf("XK-HCALL-ERROR query_size: max %u\n", qs.max);
        return 1;
    }
    while (done < n && !r) {
        unsigned k = n - done < 256 ? n - done : 256;

        for (i = 0; i < k; i++) {
            idxs[i] = qs.max - 1 - (done + i);
            gfns[i] = 0x100000 + 2ULL * (done + i);
            errs[i] = 99;
        }
        batch = (struct xen_add_to_physmap_batch) {
            .domid = DOMID_SELF, .space = 1, .size = k,
            .idxs = ptr(idxs), .gpfns = ptr(gfns), .errs = ptr(errs),
        };
        r = hcall(12, 23, ptr(&batch), 0);
        for (i = 0; i < k; i++) {
            bad += errs[i] != 0;
        }
        done += k;
    }
    show("gnttab-scatter", r, " frames %u refused %u", done, bad);
    r = hcall(20, 6, ptr(&qs), 1);
    show("gnttab-query_size", r, " frames %u max %u", qs.nr, qs.max);
    return 0;
}

/* CPU @cpu's count of the interrupt named @name in /proc/interrupts. */
static long irq_count(const char *name, int cpu)
{
    char line[4096];
    long count = -1;
    FILE *f = fopen("/proc/interrupts", "r");

    while (f && fgets(line, sizeof(line), f)) {
        char *p = strchr(line, ':');
        int i;

        if (!p || !strstr(line, name)) {
            continue;
        }
        for (i = 0, p++; i <= cpu; i++) {
            count = strtol(p, &p, 10);
        }
        break;
    }
    if (f) {
        fclose(f);
    }
    return count;
}

static int timers(void)
{
    static uint64_t period;
    static struct { uint64_t timeout; uint32_t flags; } sshot;
    long before, with, base;
    int i;

    privcmd_fd = open("/dev/xen/privcmd", O_RDWR);
    if (privcmd_fd < 0) {
        printf("XK-HCALL-ERROR open /dev/xen/privcmd: %s\n", strerror(errno));
        return 1;
    }
    /* vcpu_op(cmd, vcpu, arg): 6 set_periodic, 7 stop_periodic, 8/9 singleshot. */
    period = 500000;    /* below Xen's 1ms minimum */
    show("periodic-0.5ms", hcall(24, 6, 0, ptr(&period)), "");
    period = 4000000;
    show("periodic-vcpu-99", hcall(24, 6, 99, ptr(&period)), "");
    sshot.timeout = xen_now() + 1000000000;
    show("singleshot-other-vcpu", hcall(24, 8, 1, ptr(&sshot)), "");
    show("stop-singleshot-other-vcpu", hcall(24, 9, 1, 0), "");
    /*
     * A periodic timer on vCPU 0 (us): its events come as timer0's. The guest's own ticks
     * vary with what else it does: the quietest of three seconds without, the busiest of
     * two with.
     */
    base = LONG_MAX;
    for (i = 0; i < 3; i++) {
        before = irq_count("timer0", 0);
        sleep(1);
        base = MIN(base, irq_count("timer0", 0) - before);
    }
    show("periodic-4ms", hcall(24, 6, 0, ptr(&period)), "");
    with = 0;
    for (i = 0; i < 2; i++) {
        before = irq_count("timer0", 0);
        sleep(1);
        with = MAX(with, irq_count("timer0", 0) - before);
    }
    show("stop-periodic", hcall(24, 7, 0, 0), "");
    printf("XK-PERIODIC base %ld with %ld more>=100 %d\n", base, with, with - base >= 100);
    with = LONG_MAX;
    for (i = 0; i < 2; i++) {
        before = irq_count("timer0", 0);
        sleep(1);
        with = MIN(with, irq_count("timer0", 0) - before);
    }
    printf("XK-PERIODIC stopped %ld back %d\n", with, with - base < 100);
    return 0;
}

/*
 * With a callback line (xen_no_vector_callback) serving vCPU 0, its events must raise the
 * line whoever sends them, the kernel's accelerations too: an IPI port of vCPU 0 and its
 * timer VIRQ, each unmasked while idle and then fired once; the line's interrupt
 * (xen-platform-pci in /proc/interrupts) must count each. The ports are closed after, as
 * no driver handles them. Run on vCPU 0.
 */
static int line_vcpu0(void)
{
    static struct { uint32_t vcpu, port; } ipi;             /* evtchn_bind_ipi */
    static struct { uint32_t virq, vcpu, port; } virq;      /* evtchn_bind_virq */
    static struct { uint64_t timeout; uint32_t flags; } sshot;
    static uint32_t port;                   /* evtchn_send, _unmask, _close: a port */
    long before, after, ret;

    privcmd_fd = open("/dev/xen/privcmd", O_RDWR);
    if (privcmd_fd < 0) {
        printf("XK-HCALL-ERROR open /dev/xen/privcmd: %s\n", strerror(errno));
        return 1;
    }
    /* event_channel_op(cmd, arg): 7 bind_ipi, 1 bind_virq, 9 unmask, 4 send, 3 close. */
    ipi.vcpu = 0;       /* written first: a hypercall does not fault our pages in */
    ret = hcall(32, 7, ptr(&ipi), 0);
    show("bind_ipi-vcpu0", ret, " port %u", ipi.port);
    port = ipi.port;
    show("unmask-ipi", hcall(32, 9, ptr(&port), 0), "");
    usleep(200000);
    before = irq_count("xen-platform-pci", 0);
    show("send-ipi", hcall(32, 4, ptr(&port), 0), "");
    usleep(200000);
    after = irq_count("xen-platform-pci", 0);
    printf("XK-LINE ipi %s %ld %ld\n", after > before ? "raised" : "silent", before, after);
    show("close-ipi", hcall(32, 3, ptr(&port), 0), "");

    virq.virq = 0;      /* VIRQ_TIMER */
    ret = hcall(32, 1, ptr(&virq), 0);
    show("bind_virq-timer-vcpu0", ret, " port %u", virq.port);
    port = virq.port;
    show("unmask-timer", hcall(32, 9, ptr(&port), 0), "");
    usleep(200000);
    before = irq_count("xen-platform-pci", 0);
    /* vcpu_op(8: set_singleshot_timer, vCPU 0): 10ms from now. */
    sshot.timeout = xen_now() + 10000000;
    show("singleshot-10ms", hcall(24, 8, 0, ptr(&sshot)), "");
    usleep(300000);
    after = irq_count("xen-platform-pci", 0);
    printf("XK-LINE timer %s %ld %ld\n", after > before ? "raised" : "silent", before, after);
    show("close-timer", hcall(32, 3, ptr(&port), 0), "");
    return 0;
}

/* HVMOP_set_param / _get_param (0 / 1) of one of our HVM params. */
static long hvm_param_op(unsigned op, uint32_t index, uint64_t *value)
{
    static struct { uint16_t domid; uint32_t index; uint64_t value; } p;
    long ret;

    p.domid = DOMID_SELF;
    p.index = index;
    p.value = *value;
    ret = hcall(34, op, ptr(&p), 0);
    *value = p.value;
    return ret;
}

static long sysfs_long(const char *dev, const char *name)
{
    char path[256];
    long v = -1;
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", dev, name);
    f = fopen(path, "r");
    if (f) {
        if (fscanf(f, "%li", &v) != 1) {
            v = -1;
        }
        fclose(f);
    }
    return v;
}

static void spin_ms(int ms)
{
    struct timespec t0, t;

    clock_gettime(CLOCK_MONOTONIC, &t0);
    do {
        clock_gettime(CLOCK_MONOTONIC, &t);
    } while ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000 < ms);
}

/*
 * privcmd opened and PCI device @dev (sysfs) enabled, its BAR 0 mapped: its registers, or
 * NULL with "@tag path: error" printed.
 */
static volatile uint32_t *pci_dev_open(const char *dev, const char *tag)
{
    volatile uint32_t *regs = MAP_FAILED;
    char path[256];
    int fd;

    privcmd_fd = open("/dev/xen/privcmd", O_RDWR);
    snprintf(path, sizeof(path), "%s/enable", dev);
    fd = open(path, O_WRONLY);
    if (privcmd_fd < 0 || fd < 0 || write(fd, "1", 1) != 1) {
        printf("%s privcmd or %s: %s\n", tag, path, strerror(errno));
        return NULL;
    }
    close(fd);
    snprintf(path, sizeof(path), "%s/resource0", dev);
    fd = open(path, O_RDWR | O_SYNC);
    if (fd >= 0) {
        regs = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    }
    if (regs == MAP_FAILED) {
        printf("%s %s: %s\n", tag, path, strerror(errno));
        return NULL;
    }
    return regs;
}

/*
 * A GSI callback on a GSI a device drives too (@dev: QEMU's "edu" test device, whose INTx
 * its registers raise and lower): with vCPU 0's upcall pending the line is the callback's,
 * so the device's lowering and raising it again must not reach the I/O APIC as edges (Xen
 * counts the assertions of a GSI). The monitor counts the pin's edges between READY and
 * DONE. While the callback is on the device's GSI the kernel hears no events: kept short.
 */
static int gsi_share(const char *dev)
{
    static struct { uint32_t vcpu, port; } ipi;             /* evtchn_bind_ipi */
    static uint32_t port, port2;
    volatile uint32_t *regs = pci_dev_open(dev, "XK-GSI-ERROR");
    uint64_t orig = 0, via;
    long gsi = sysfs_long(dev, "irq");
    int i;

    if (!regs || gsi <= 0 || gsi >= 24) {
        printf("XK-GSI-ERROR %s: gsi %ld\n", dev, gsi);
        return 1;
    }
    show("get_param-callback", hvm_param_op(1, 0, &orig), "");
    if ((orig & 0xff) == (uint64_t)gsi) {
        printf("XK-GSI-ERROR the device shares the platform device's GSI %ld\n", gsi);
        return 1;
    }
    /* edu: 0x60 raises its interrupt, 0x64 acknowledges (lowers) it. */
    regs[0x60 / 4] = 1;
    printf("XK-GSI-READY %ld callback-gsi %llu\n", gsi, (unsigned long long)(orig & 0xff));
    fflush(stdout);
    sleep(3);
    ipi.vcpu = 0;                                   /* fault the statics in */
    port = port2 = 0;
    show("bind_ipi-vcpu0", hcall(32, 7, ptr(&ipi), 0), "");
    port = ipi.port;
    hcall(32, 9, ptr(&port), 0);                    /* unmask */
    via = gsi;                                      /* HVM_PARAM_CALLBACK_TYPE_GSI */
    show("set_param-callback-gsi", hvm_param_op(0, 0, &via), "");
    hcall(32, 4, ptr(&port), 0);                    /* send: vCPU 0's upcall pending */
    spin_ms(20);
    /* The device's drops and raises are hidden by the asserted callback. */
    for (i = 0; i < 5; i++) {
        regs[0x64 / 4] = 1;
        spin_ms(1);
        regs[0x60 / 4] = 1;
        spin_ms(1);
    }
    /* The callback leaves: the pin stays the device's (no drop, so no edge next). */
    show("set_param-callback-back", hvm_param_op(0, 0, &orig), "");
    spin_ms(20);
    /* A port of its own: the first stays pending (the kernel does not know it). */
    ipi.vcpu = 0;
    show("bind_ipi2-vcpu0", hcall(32, 7, ptr(&ipi), 0), "");
    port2 = ipi.port;
    hcall(32, 9, ptr(&port2), 0);                   /* unmask */
    via = gsi;
    hvm_param_op(0, 0, &via);
    hcall(32, 4, ptr(&port2), 0);
    spin_ms(20);
    hvm_param_op(0, 0, &orig);
    spin_ms(20);
    /* The control: the device alone, one edge the monitor must count. */
    regs[0x64 / 4] = 1;
    spin_ms(1);
    regs[0x60 / 4] = 1;
    spin_ms(1);
    show("close-ipi", hcall(32, 3, ptr(&port), 0), "");
    hcall(32, 3, ptr(&port2), 0);
    printf("XK-GSI-DONE\n");
    fflush(stdout);
    sleep(3);
    regs[0x64 / 4] = 1;
    return 0;
}

/* A 32-bit word of @fd's PCI config space at @off, read or written. */
static uint32_t cfg_read(int fd, int off, int len)
{
    uint32_t v = 0;

    return pread(fd, &v, len, off) == len ? v : 0;
}

static void cfg_write(int fd, int off, uint32_t v, int len)
{
    if (pwrite(fd, &v, len, off) != len) {
        printf("XK-MSI-ERROR config write at %#x: %s\n", off, strerror(errno));
    }
}

/*
 * PIRQs named by MSIs (Linux's encoding: vector 0, delivery ExtINT, PIRQ bits 0-7 in the
 * destination ID, 8-31 in the high address) from QEMU's edu device, whose register 0x60
 * sends its MSI: PIRQ 40 bound to a port (masked, as Linux masks every port it has not
 * bound, so the event stays pending: the monitor reads it), then unbound (dropped, not
 * latched), past the bound 64 (64, and 0x12345 with high address bits), a GSI's (41, mapped
 * here to GSI 40), and PIRQ 0 (an MSI of vector 0 to the APIC, which KVM drops). Every one
 * must leave QEMU and the guest running; the last binds 40 again and sends it.
 */
static int msi(const char *dev)
{
    static struct { uint32_t pirq, flags, port; } bind;
    static struct { uint32_t port; } cl;
    static struct { uint32_t irq, flags; } query;
    static struct { uint16_t domid; int32_t pirq; } unmap;
    static const struct { const char *name; uint32_t pirq; } hostile[] = {
        { "unbound", 40 }, { "past-bound", 64 }, { "high-bits", 0x12345 },
        { "gsi-pirq", 41 }, { "pirq-0", 0 },
    };
    volatile uint32_t *regs = pci_dev_open(dev, "XK-MSI-ERROR");
    char path[256];
    int cfg, cap, i;

    if (!regs) {
        return 1;
    }
    snprintf(path, sizeof(path), "%s/config", dev);
    cfg = open(path, O_RDWR);
    if (cfg < 0) {
        printf("XK-MSI-ERROR %s: %s\n", path, strerror(errno));
        return 1;
    }
    /* The MSI capability (ID 5; edu's has 64-bit addresses), and bus mastering on */
    for (cap = cfg_read(cfg, 0x34, 1); cap && cfg_read(cfg, cap, 1) != 5;
         cap = cfg_read(cfg, cap + 1, 1)) {
    }
    if (!cap || !(cfg_read(cfg, cap + 2, 2) & 0x80)) {
        printf("XK-MSI-ERROR no 64-bit MSI capability\n");
        return 1;
    }
    cfg_write(cfg, 4, cfg_read(cfg, 4, 2) | 4, 2);
    map_pirq("msi-map-gsi", DOMID_SELF, 1, 40, 41, 0);
    bind = (typeof(bind)) { .pirq = 40 };
    printf("XK-MSI bind %ld\n", hcall(32, 2, ptr(&bind), 0));
    for (i = -1; i < (int)(sizeof(hostile) / sizeof(hostile[0])) + 1; i++) {
        uint32_t pirq = i < 0 || i == 5 ? 40 : hostile[i].pirq;

        if (i == 0) {
            cl.port = bind.port;
            printf("XK-MSI close %ld\n", hcall(32, 3, ptr(&cl), 0));
        } else if (i == 5) {
            bind = (typeof(bind)) { .pirq = 40 };
            printf("XK-MSI bind-again %ld\n", hcall(32, 2, ptr(&bind), 0));
        }
        cfg_write(cfg, cap + 4, 0xfee00000 | (pirq & 0xff) << 12, 4);
        cfg_write(cfg, cap + 8, pirq & 0xffffff00, 4);
        cfg_write(cfg, cap + 12, 0x700, 2);
        cfg_write(cfg, cap + 2, cfg_read(cfg, cap + 2, 2) | 1, 2);
        printf("XK-MSI send %s pirq %u\n", i < 0 ? "bound" : i == 5 ? "rebound" :
               hostile[i].name, pirq);
        fflush(stdout);
        regs[0x60 / 4] = 1;
        usleep(200000);
        regs[0x64 / 4] = 1;
        if (i < 0) {
            /* Its first MSI has mapped it: a status to query */
            long r;

            query.irq = 40;
            r = physdev(5, &query);
            printf("XK-MSI status %ld flags %u\n", r, query.flags);
        }
    }
    printf("XK-MSI-DONE port %u\n", bind.port);
    fflush(stdout);
    sleep(4);
    cfg_write(cfg, cap + 2, cfg_read(cfg, cap + 2, 2) & ~1, 2);
    cl.port = bind.port;
    hcall(32, 3, ptr(&cl), 0);
    unmap = (typeof(unmap)) { .domid = DOMID_SELF, .pirq = 41 };
    physdev(14, &unmap);
    return 0;
}

/*
 * kexec into @kernel with @initrd and @cmdline (kexec_file_load, then reboot): under Xen
 * the kernel asks for SHUTDOWN_soft_reset on its way out, with its event channels live.
 */
static int kexec(const char *kernel, const char *initrd, const char *cmdline)
{
#ifdef __NR_kexec_file_load
    int kfd = open(kernel, O_RDONLY), ifd = open(initrd, O_RDONLY);

    if (kfd < 0 || ifd < 0 ||
        syscall(__NR_kexec_file_load, kfd, ifd, strlen(cmdline) + 1, cmdline, 0UL)) {
        printf("XK-KEXEC-ERROR load %s %s: %s\n", kernel, initrd, strerror(errno));
        return 1;
    }
    printf("XK-KEXEC loaded\n");
    fflush(stdout);
    sync();
    reboot(RB_KEXEC);
    printf("XK-KEXEC-ERROR reboot: %s\n", strerror(errno));
#else
    printf("XK-KEXEC-ERROR no kexec_file_load on this architecture\n");
#endif
    return 1;
}

static void pin_to(int cpu)
{
    cpu_set_t set;

    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    sched_setaffinity(0, sizeof(set), &set);
}

/* Waits @ms of Xen time: after a soft reset the guest's own clock may stand still. */
static void spin_xen_ms(int ms)
{
    uint64_t t0 = xen_now();

    while (xen_now() - t0 < ms * 1000000ULL) {
    }
}

/*
 * SHUTDOWN_soft_reset from a running kernel (a kexec that never comes), with vCPU 1 busy
 * in hypercalls (so up, as Xen sees it) and every event channel live: QEMU takes it, and
 * vCPU 1's vcpu_info can be registered anew only by itself (Xen: -EINVAL while it is up);
 * then powers off. (Not vCPU 0's from here: the kernel would not see its upcalls there and
 * take them for ever.) The kernel has no events any more: no sleeping here.
 */
static int soft_reset(void)
{
    static struct { uint64_t mfn; uint32_t offset, rsvd; } rvi;
    static uint32_t reason;
    uint8_t *page = aligned_alloc(4096, 4096);
    pid_t child;

    privcmd_fd = open("/dev/xen/privcmd", O_RDWR);
    if (privcmd_fd < 0 || !page || mlock(page, 4096)) {
        printf("XK-HCALL-ERROR privcmd or page: %s\n", strerror(errno));
        return 1;
    }
    memset(page, 0, 4096);
    rvi.mfn = gfn_of(page);
    show("vcpu_info-vcpu1-registered", hcall(24, 10, 1, ptr(&rvi)), "");
    child = fork();
    if (child == 0) {
        pin_to(1);
        for (;;) {
            xen_now();
        }
    }
    pin_to(0);
    usleep(300000);
    reason = 5;         /* SHUTDOWN_soft_reset */
    show("soft_reset", hcall(29, 2, ptr(&reason), 0), "");
    spin_xen_ms(100);
    show("vcpu_info-vcpu1-online", hcall(24, 10, 1, ptr(&rvi)), "");
    printf("XK-SOFT-RESET done\n");
    fflush(stdout);
    spin_xen_ms(1000);  /* the serial port drains on its interrupts */
    kill(child, SIGKILL);
    reason = 0;         /* SHUTDOWN_poweroff */
    hcall(29, 2, ptr(&reason), 0);
    return 1;
}

/* Xen's public/io/xs_wire.h */
struct xs_ring {
    char req[1024], rsp[1024];
    volatile uint32_t req_cons, req_prod, rsp_cons, rsp_prod;
    volatile uint32_t server_features, connection, error;
};

static long hvm_param(uint32_t index, uint64_t *value)
{
    return hvm_param_op(1, index, value);      /* HVMOP_get_param */
}

static void kick(uint32_t port)
{
    static uint32_t send;

    send = port;
    hcall(32, 4, ptr(&send), 0);        /* EVTCHNOP_send */
    usleep(200000);
}

/* As a guest does after a fault: XENSTORE_RECONNECT, until CONNECTED. */
static void reconnect(struct xs_ring *r, uint32_t port, const char *what)
{
    int n;

    r->connection = 1;
    kick(port);
    for (n = 0; n < 50 && r->connection; n++) {
        usleep(100000);
    }
    printf("XK-XSRING %s reconnect connection %u error %u indices %u %u %u %u\n",
           what, r->connection, r->error, r->req_cons, r->req_prod, r->rsp_cons,
           r->rsp_prod);
}

/*
 * A guest that breaks the XenStore ring's protocol, on the ring itself
 * (/dev/mem), behind its kernel's back: the store must set the ring's error
 * and wait for the guest to reconnect, not crash, hang or read out of bounds.
 */
static int xenstore_ring(void)
{
    uint64_t pfn, port;
    struct xs_ring *r;
    uint32_t hdr[4];
    int fd, i;

    privcmd_fd = open("/dev/xen/privcmd", O_RDWR);
    if (privcmd_fd < 0 || hvm_param(1, &pfn) || hvm_param(2, &port)) {
        perror("xen-probe: privcmd or HVM params");
        return 1;
    }
    printf("XK-XSRING pfn 0x%llx port %llu\n", (unsigned long long)pfn,
           (unsigned long long)port);
    fd = open("/dev/mem", O_RDWR | O_SYNC);
    r = fd < 0 ? MAP_FAILED : mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
                                   pfn << 12);
    if (r == MAP_FAILED) {
        perror("xen-probe: /dev/mem");
        return 1;
    }
    printf("XK-XSRING features %u connection %u error %u\n", r->server_features,
           r->connection, r->error);

    /* A producer index too far ahead of the consumer. */
    r->req_prod = r->req_cons + 5000;
    kick(port);
    printf("XK-XSRING bad-req-index error %u\n", r->error);
    reconnect(r, port, "bad-req-index");

    /* A header whose payload is larger than XENSTORE_PAYLOAD_MAX. */
    hdr[0] = 2; hdr[1] = 77; hdr[2] = 0; hdr[3] = 100000;
    memcpy(r->req + (r->req_prod & 1023), hdr, sizeof(hdr));
    r->req_prod += sizeof(hdr);
    kick(port);
    printf("XK-XSRING oversized error %u\n", r->error);
    reconnect(r, port, "oversized");

    /* An answer consumer index beyond what was produced, with a request waiting. */
    hdr[0] = 2; hdr[1] = 78; hdr[2] = 0; hdr[3] = 6;
    memcpy(r->req + (r->req_prod & 1023), hdr, sizeof(hdr));
    memcpy(r->req + ((r->req_prod + 16) & 1023), "domid", 6);
    r->rsp_cons = r->rsp_prod + 3000;
    r->req_prod += 22;
    kick(port);
    printf("XK-XSRING bad-rsp-index error %u\n", r->error);
    reconnect(r, port, "bad-rsp-index");

    /* Garbage (random request types and lengths) is answered or refused. */
    for (i = 0; i < 40; i++) {
        hdr[0] = i * 7 % 40; hdr[1] = i; hdr[2] = i % 3 ? 0 : i; hdr[3] = i % 9;
        memcpy(r->req + (r->req_prod & 1023), hdr, sizeof(hdr));
        r->req_prod += sizeof(hdr) + hdr[3];
        kick(port);
        r->rsp_cons = r->rsp_prod;      /* the answers are not ours to read */
    }
    printf("XK-XSRING garbage error %u\n", r->error);
    reconnect(r, port, "garbage");
    return 0;
}

/* The guest closes its end of the XenStore's channel, as a buggy or dying kernel may. */
static int xenstore_close(void)
{
    static uint32_t close_port;
    uint64_t port;

    privcmd_fd = open("/dev/xen/privcmd", O_RDWR);
    if (privcmd_fd < 0 || hvm_param(2, &port)) {
        perror("xen-probe: privcmd or HVM params");
        return 1;
    }
    close_port = port;
    printf("XK-XSCLOSE port %u: %ld\n", close_port, hcall(32, 3, ptr(&close_port), 0));
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 2 && !strcmp(argv[1], "xenstore-ring")) {
        return xenstore_ring();
    }
    if (argc == 2 && !strcmp(argv[1], "xenstore-close")) {
        return xenstore_close();
    }
    if (argc == 2 && !strcmp(argv[1], "timers")) {
        return timers();
    }
    if (argc == 2 && !strcmp(argv[1], "line-vcpu0")) {
        return line_vcpu0();
    }
    if (argc == 3 && !strcmp(argv[1], "gsi-share")) {
        return gsi_share(argv[2]);
    }
    if (argc == 5 && !strcmp(argv[1], "kexec")) {
        return kexec(argv[2], argv[3], argv[4]);
    }
    if (argc == 2 && !strcmp(argv[1], "soft-reset")) {
        return soft_reset();
    }
    if (argc == 3 && !strcmp(argv[1], "hcall-bench")) {
        return hcall_bench(atoi(argv[2]));
    }
    if (argc == 2 && !strcmp(argv[1], "hypercalls")) {
        return hypercalls();
    }
    if (argc == 3 && !strcmp(argv[1], "msi")) {
        return msi(argv[2]);
    }
    if (argc == 3 && !strcmp(argv[1], "pirqs")) {
        return pirqs(atoi(argv[2]));
    }
    if (argc == 2 && !strcmp(argv[1], "hostile")) {
        return hostile();
    }
    if (argc == 3 && !strcmp(argv[1], "gnttab-scatter")) {
        return gnttab_scatter(atoi(argv[2]));
    }
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
    fprintf(stderr, "usage: xen-probe cpuid|user-hcall|hypercalls|hostile|gnttab-scatter N|timers|"
            "line-vcpu0|gsi-share PCIDEV|kexec KERNEL INITRD CMDLINE|soft-reset|"
            "xenstore-ring|xenstore-close|"
            "evtchn-loopback N|pirqs MAX|msi PCIDEV|"
            "evtchn-wait N SECS\n");
    return 2;
}
