/*
 * Runs in L2: XenStore requests through the guest kernel's /dev/xen/xenbus,
 * with the store's own answers (error names included), which Xen's
 * xenstore-utils do not print.
 *   xs-probe OP [TX] ARG...  one request: read, write, mkdir, rm, dir, getperms,
 *                            setperms, watch, unwatch, txstart, txend, dompath,
 *                            introduced; TX as "t=N"; the arguments are joined
 *                            by NULs (write's value is not NUL-terminated)
 *                            prints "XK-XS OP OK <payload>" or "XK-XS OP ERR <name>"
 *   xs-probe conflict PATH   two transactions on PATH; the second to commit
 *                            gets EAGAIN and succeeds when retried
 *   xs-probe quota PATH N    writes PATH/0..N-1 until the store refuses
 *   xs-probe bench N         N reads and N writes, microseconds per round trip
 * Built statically on the host by tests/lab/run.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct xsd_sockmsg {
    uint32_t type, req_id, tx_id, len;
};

enum {
    XS_CONTROL, XS_DIRECTORY, XS_READ, XS_GET_PERMS, XS_WATCH, XS_UNWATCH,
    XS_TRANSACTION_START, XS_TRANSACTION_END, XS_INTRODUCE, XS_RELEASE,
    XS_GET_DOMAIN_PATH, XS_WRITE, XS_MKDIR, XS_RM, XS_SET_PERMS,
    XS_WATCH_EVENT, XS_ERROR, XS_IS_DOMAIN_INTRODUCED,
};

static const struct { const char *name; uint32_t type; } ops[] = {
    { "read", XS_READ }, { "write", XS_WRITE }, { "mkdir", XS_MKDIR },
    { "rm", XS_RM }, { "dir", XS_DIRECTORY }, { "getperms", XS_GET_PERMS },
    { "setperms", XS_SET_PERMS }, { "watch", XS_WATCH },
    { "unwatch", XS_UNWATCH }, { "txstart", XS_TRANSACTION_START },
    { "txend", XS_TRANSACTION_END }, { "dompath", XS_GET_DOMAIN_PATH },
    { "introduced", XS_IS_DOMAIN_INTRODUCED }, { "introduce", XS_INTRODUCE },
};

static int fd;
static char payload[4097];
static uint32_t req_id;

/* One request; its answer's payload in payload[], its length returned. */
static int request(uint32_t type, uint32_t tx, const char *data, uint32_t len,
                   uint32_t *rtype)
{
    struct xsd_sockmsg m = { type, ++req_id, tx, len };
    char buf[sizeof(m) + 4096];

    memcpy(buf, &m, sizeof(m));
    memcpy(buf + sizeof(m), data, len);
    if (write(fd, buf, sizeof(m) + len) != (ssize_t)(sizeof(m) + len)) {
        perror("xs-probe: write");
        exit(1);
    }
    /* Watch events may come first: skip them. */
    for (;;) {
        if (read(fd, &m, sizeof(m)) != sizeof(m) || m.len > 4096 ||
            read(fd, payload, m.len) != (ssize_t)m.len) {
            perror("xs-probe: read");
            exit(1);
        }
        payload[m.len] = 0;
        if (m.type != XS_WATCH_EVENT) {
            *rtype = m.type;
            return m.len;
        }
    }
}

/* Prints the answer, NULs shown as '|'. Returns 0 for success. */
static int show(const char *op, uint32_t rtype, int len)
{
    int i;

    if (rtype == XS_ERROR) {
        printf("XK-XS %s ERR %s\n", op, payload);
        return 1;
    }
    for (i = 0; i < len; i++) {
        if (!payload[i]) {
            payload[i] = '|';
        }
    }
    printf("XK-XS %s OK %.*s\n", op, len, payload);
    return 0;
}

static uint32_t simple(uint32_t type, uint32_t tx, const char *s, int nul)
{
    uint32_t rtype;

    request(type, tx, s, strlen(s) + nul, &rtype);
    return rtype;
}

static int conflict(const char *path)
{
    char buf[256];
    uint32_t t1, t2, rtype;
    int len, tries;

    request(XS_TRANSACTION_START, 0, "", 1, &rtype);
    t1 = strtoul(payload, NULL, 10);
    request(XS_TRANSACTION_START, 0, "", 1, &rtype);
    t2 = strtoul(payload, NULL, 10);
    simple(XS_READ, t1, path, 1);
    simple(XS_READ, t2, path, 1);
    len = snprintf(buf, sizeof(buf), "%s%cone", path, 0);
    request(XS_WRITE, t1, buf, len, &rtype);
    len = snprintf(buf, sizeof(buf), "%s%ctwo", path, 0);
    request(XS_WRITE, t2, buf, len, &rtype);
    rtype = simple(XS_TRANSACTION_END, t1, "T", 1);
    show("commit1", rtype, strlen(payload));
    rtype = simple(XS_TRANSACTION_END, t2, "T", 1);
    show("commit2", rtype, strlen(payload));
    /* Retried as a client does, until it commits. */
    for (tries = 1; tries < 10; tries++) {
        request(XS_TRANSACTION_START, 0, "", 1, &rtype);
        t2 = strtoul(payload, NULL, 10);
        simple(XS_READ, t2, path, 1);
        request(XS_WRITE, t2, buf, len, &rtype);
        if (simple(XS_TRANSACTION_END, t2, "T", 1) != XS_ERROR) {
            break;
        }
    }
    printf("XK-XS retried %d\n", tries);
    rtype = simple(XS_READ, 0, path, 1);
    return show("final", rtype, strlen(payload));
}

static int quota(const char *path, int n)
{
    char buf[256];
    uint32_t rtype;
    int i, len;

    for (i = 0; i < n; i++) {
        len = snprintf(buf, sizeof(buf), "%s/%d%cx", path, i, 0);
        request(XS_WRITE, 0, buf, len, &rtype);
        if (rtype == XS_ERROR) {
            printf("XK-XS quota refused after %d nodes: %s\n", i, payload);
            return 0;
        }
    }
    printf("XK-XS quota all %d nodes written\n", n);
    return 1;
}

static double now_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int bench(int n)
{
    static const char w[] = "data/bench\0value";
    uint32_t rtype;
    double t0, t1, t2;
    int i;

    simple(XS_WRITE, 0, "data/bench", 1);
    t0 = now_us();
    for (i = 0; i < n; i++) {
        simple(XS_READ, 0, "domid", 1);
    }
    t1 = now_us();
    for (i = 0; i < n; i++) {
        request(XS_WRITE, 0, w, sizeof(w) - 1, &rtype);
    }
    t2 = now_us();
    printf("XK-XS-BENCH %d read %.1f us write %.1f us\n", n,
           (t1 - t0) / n, (t2 - t1) / n);
    return 0;
}

int main(int argc, char **argv)
{
    char buf[4096];
    uint32_t tx = 0, rtype;
    int i, a = 2, len = 0;

    fd = open("/dev/xen/xenbus", O_RDWR);
    if (fd < 0) {
        perror("xs-probe: /dev/xen/xenbus");
        return 1;
    }
    if (argc >= 3 && !strcmp(argv[1], "conflict")) {
        return conflict(argv[2]);
    }
    if (argc >= 4 && !strcmp(argv[1], "quota")) {
        return quota(argv[2], atoi(argv[3]));
    }
    if (argc >= 3 && !strcmp(argv[1], "bench")) {
        return bench(atoi(argv[2]));
    }
    if (argc >= 3 && !strncmp(argv[2], "t=", 2)) {
        tx = strtoul(argv[2] + 2, NULL, 10);
        a = 3;
    }
    for (i = 0; argc > 1 && i < (int)(sizeof(ops) / sizeof(ops[0])); i++) {
        if (strcmp(argv[1], ops[i].name)) {
            continue;
        }
        for (; a < argc; a++) {
            int n = strlen(argv[a]) + (ops[i].type == XS_WRITE &&
                                       a == argc - 1 ? 0 : 1);

            if (len + n > (int)sizeof(buf)) {
                return 2;
            }
            memcpy(buf + len, argv[a], n);
            len += n;
        }
        if (!len) {
            buf[len++] = 0;
        }
        len = request(ops[i].type, tx, buf, len, &rtype);
        return show(argv[1], rtype, len);
    }
    fprintf(stderr, "usage: see the comment at the top of xs-probe.c\n");
    return 2;
}
