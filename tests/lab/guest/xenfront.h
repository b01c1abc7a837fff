/*
 * For the lab's own Xen frontends in L2 (blk-probe, net-probe): pages granted to the
 * backend domain (/dev/xen/gntalloc), an unbound port for it (/dev/xen/evtchn), and
 * XenStore through Xen's xenstore-* tools. Define XF_TAG (the tool's output prefix,
 * e.g. "XK-BLKIF") before including it: errors print "<XF_TAG>-ERROR ..." and exit.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

/* Linux's include/uapi/xen/gntalloc.h and evtchn.h */
struct ioctl_gntalloc_alloc_gref {
    uint16_t domid, flags;
    uint32_t count;
    uint64_t index;
    uint32_t gref_ids[1];
};
#define IOCTL_GNTALLOC_ALLOC_GREF \
    _IOC(_IOC_NONE, 'G', 5, sizeof(struct ioctl_gntalloc_alloc_gref))
#define GNTALLOC_FLAG_WRITABLE 1
struct ioctl_evtchn_bind_unbound_port { uint32_t remote_domain; };
struct ioctl_evtchn_notify { uint32_t port; };
#define IOCTL_EVTCHN_BIND_UNBOUND_PORT \
    _IOC(_IOC_NONE, 'E', 2, sizeof(struct ioctl_evtchn_bind_unbound_port))
#define IOCTL_EVTCHN_NOTIFY \
    _IOC(_IOC_NONE, 'E', 4, sizeof(struct ioctl_evtchn_notify))

static int xf_gnt_fd = -1, xf_evt_fd = -1, xf_port = -1;

static void xf_fail(const char *what)
{
    printf(XF_TAG "-ERROR %s: %s\n", what, strerror(errno));
    exit(1);
}

/* A page granted to domain 0 (writable with GNTALLOC_FLAG_WRITABLE): its reference. */
static uint32_t xf_grant(uint16_t flags, void **page)
{
    struct ioctl_gntalloc_alloc_gref a = { .domid = 0, .flags = flags, .count = 1 };

    if (xf_gnt_fd < 0 && (xf_gnt_fd = open("/dev/xen/gntalloc", O_RDWR)) < 0) {
        xf_fail("open gntalloc");
    }
    if (ioctl(xf_gnt_fd, IOCTL_GNTALLOC_ALLOC_GREF, &a)) {
        xf_fail("gntalloc");
    }
    *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, xf_gnt_fd, a.index);
    if (*page == MAP_FAILED) {
        xf_fail("mmap");
    }
    return a.gref_ids[0];
}

/* A port of ours, unbound, for domain 0 to bind. */
static int xf_bind(void)
{
    struct ioctl_evtchn_bind_unbound_port ub = { .remote_domain = 0 };

    if ((xf_evt_fd = open("/dev/xen/evtchn", O_RDWR)) < 0) {
        xf_fail("open evtchn");
    }
    if ((xf_port = ioctl(xf_evt_fd, IOCTL_EVTCHN_BIND_UNBOUND_PORT, &ub)) < 0) {
        xf_fail("bind");
    }
    return xf_port;
}

static void xf_notify(void)
{
    struct ioctl_evtchn_notify n = { .port = xf_port };

    ioctl(xf_evt_fd, IOCTL_EVTCHN_NOTIFY, &n);
}

/* Runs the shell command @fmt (with @a and @b): its first line of output. */
static char *xf_sh(const char *fmt, const char *a, const char *b)
{
    static char out[256];
    char cmd[512];
    FILE *f;

    snprintf(cmd, sizeof(cmd), fmt, a, b);
    f = popen(cmd, "r");
    out[0] = 0;
    if (f && fgets(out, sizeof(out), f)) {
        out[strcspn(out, "\n")] = 0;
    }
    if (f) {
        pclose(f);
    }
    return out;
}

/*
 * Before connecting afresh: removes multi-queue-num-queues and the @stale nodes
 * (NULL-terminated) under @path, then writes @queues (NULL: none) as the queues asked for.
 */
static void xf_set_queues(const char *path, const char *queues, const char *const *stale)
{
    xf_sh("xenstore-rm %s/%s 2>/dev/null", path, "multi-queue-num-queues");
    for (; *stale; stale++) {
        xf_sh("xenstore-rm %s/%s 2>/dev/null", path, *stale);
    }
    if (queues) {
        xf_sh("xenstore-write %s/multi-queue-num-queues %s", path, queues);
    }
}

/*
 * Connects the frontend at @path: Initialised, then waits for the backend's Connected,
 * or its Closing (a backend refuses a connection so).
 */
static const char *xf_connect(const char *path, const char *be)
{
    const char *state;
    int i;

    xf_sh("xenstore-write %s/state %s", path, "3");
    for (i = 0; i < 100; i++) {
        state = xf_sh("xenstore-read %s/%s", be, "state");
        if (!strcmp(state, "4") || !strcmp(state, "5")) {
            break;
        }
        usleep(100000);
    }
    return xf_sh("xenstore-read %s/%s", be, "state");
}
