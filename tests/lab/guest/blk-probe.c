/*
 * Runs inside an L2 guest (static, in L2's /bin by tests/lab/run): a hostile Xen block
 * frontend. Without Linux's blkfront loaded, it connects to a xen-disk backend itself, on
 * pages it grants (/dev/xen/gntalloc) and a port it binds (/dev/xen/evtchn), then sends
 * requests a well-behaved frontend never would, and prints what the backend answered:
 *   blk-probe hostile [VDEV]   "XK-BLKIF <test> status <S> [data <first line>]" for each
 *                              test (S: 0 okay, -1 error, -2 not supported, none: no answer),
 *                              then breaks the ring (req_prod far ahead): "XK-BLKIF
 *                              overflow answers <N>" (0: the backend halted the ring).
 *                              Then connects again asking for 99 queues, 0, 2 with the
 *                              second's nodes missing and 2 on one port ("XK-BLKIF
 *                              queues-99 <backend state>"), then as one queue and as two,
 *                              reading through the only one and through the second.
 *   blk-probe large VDEV       as a frontend that takes any sector size: "XK-BLKIF
 *                              sector-size <N>", then reads of sector 0, 1, 0-1 of a
 *                              page, 11 and 128 (indirect) segments of sector 0 each.
 * The vbd (default 51712) must be the one QEMU's xen-disk offers, its image
 * "XK-DISK-PATTERN\n" over and over, 16 MiB.
 */
#define XF_TAG "XK-BLKIF"
#include <poll.h>
#include "xenfront.h"

/* Xen's io/blkif.h and io/ring.h, x86_64 ABI: one page of ring, 32 entries. */
struct seg { uint32_t gref; uint8_t first_sect, last_sect; uint16_t pad; };
struct req {
    uint8_t operation, nr_segments;
    uint16_t handle;
    uint32_t pad;
    uint64_t id, sector_number;
    struct seg seg[11];
};
struct rsp { uint64_t id; uint8_t operation, pad; int16_t status; uint32_t pad2; };
struct ireq {                      /* BLKIF_OP_INDIRECT */
    uint8_t operation, indirect_op;
    uint16_t nr_segments;
    uint32_t pad;
    uint64_t id, sector_number;
    uint16_t handle, pad2;
    uint32_t indirect_grefs[8];
    uint32_t pad3;
};
union entry { struct req req; struct ireq ireq; struct rsp rsp; };
struct sring {
    volatile uint32_t req_prod, req_event, rsp_prod, rsp_event;
    uint8_t pad[48];
    union entry ring[32];
};
#define RING_SIZE 32
#define OP_READ 0
#define OP_WRITE 1
#define OP_FLUSH 3
#define OP_INDIRECT 6

static struct sring *sring;
static char *data;                 /* a page granted writable */
static uint32_t gref_ring, gref_data, gref_ro, gref_ind;
static struct seg *ind;            /* a page of indirect segments */
static int last_op;
static uint32_t req_prod, rsp_cons;

/* Sends @r; waits up to 3 s for its answer: its status, or 1 for none. */
static int send(union entry *r)
{
    static uint64_t id = 100;
    int i;

    r->req.id = ++id;
    sring->ring[req_prod % RING_SIZE] = *r;
    __sync_synchronize();
    sring->req_prod = ++req_prod;
    __sync_synchronize();
    xf_notify();
    for (i = 0; i < 300; i++) {
        if (sring->rsp_prod != rsp_cons) {
            struct rsp p;

            __sync_synchronize();
            p = sring->ring[rsp_cons % RING_SIZE].rsp;
            rsp_cons++;
            if (p.id != id) {
                printf("XK-BLKIF-ERROR answer for id %llu, not %llu\n",
                       (unsigned long long)p.id, (unsigned long long)id);
            }
            last_op = p.operation;
            return p.status;
        }
        usleep(10000);
    }
    return 1;
}

static void test(const char *name, uint8_t op, uint8_t nr_segments, uint64_t sector,
                 uint32_t gref, uint8_t first, uint8_t last)
{
    union entry r = { .req = { .operation = op, .nr_segments = nr_segments, .handle = 0,
                               .sector_number = sector } };
    int i, s;

    for (i = 0; i < 11; i++) {
        r.req.seg[i] = (struct seg) { .gref = gref, .first_sect = first, .last_sect = last };
    }
    s = send(&r);
    if (s == 1) {
        printf("XK-BLKIF %s status none\n", name);
    } else if (op == OP_READ && !s) {
        printf("XK-BLKIF %s status %d data %.*s\n", name, s,
               (int)strcspn(data + first * 512, "\n"), data + first * 512);
    } else {
        printf("XK-BLKIF %s status %d\n", name, s);
    }
}

/*
 * @n one-sector requests put on the ring at once, one kick: @op on sectors @sector..,
 * each through sector i of the data page (a backend may do them as one I/O). Prints
 * each one's status, by id, and for reads the sector's first line.
 */
static void batch(const char *name, uint8_t op, uint64_t sector, int n)
{
    uint64_t first_id = 1000 + req_prod;
    int i, got = 0, status[8];

    for (i = 0; i < n; i++) {
        union entry r = { .req = { .operation = op, .nr_segments = 1,
                                   .id = first_id + i, .sector_number = sector + i } };

        r.req.seg[0] = (struct seg) { .gref = gref_data, .first_sect = i, .last_sect = i };
        sring->ring[(req_prod + i) % RING_SIZE] = r;
        status[i] = 1;
    }
    __sync_synchronize();
    req_prod += n;
    sring->req_prod = req_prod;
    __sync_synchronize();
    xf_notify();
    for (i = 0; i < 300 && got < n; i++) {
        while (sring->rsp_prod != rsp_cons) {
            struct rsp p;

            __sync_synchronize();
            p = sring->ring[rsp_cons++ % RING_SIZE].rsp;
            if (p.id - first_id < (uint64_t)n) {
                status[p.id - first_id] = p.status;
                got++;
            }
        }
        usleep(10000);
    }
    for (i = 0; i < n; i++) {
        if (status[i] == 1) {
            printf("XK-BLKIF %s %d status none\n", name, i);
            continue;
        }
        printf("XK-BLKIF %s %d status %d", name, i, status[i]);
        if (op == OP_READ && !status[i]) {
            printf(" data %.*s", (int)strcspn(data + i * 512, "\n"), data + i * 512);
        }
        printf("\n");
    }
}

/* BLKIF_OP_INDIRECT: @nr segments, each one sector i % 8 of the data page. */
static void itest(const char *name, uint8_t iop, uint16_t nr, uint32_t ind_gref)
{
    union entry r = { .ireq = { .operation = OP_INDIRECT, .indirect_op = iop,
                                .nr_segments = nr, .sector_number = 0 } };
    int i, s;

    for (i = 0; i < 512; i++) {
        ind[i] = (struct seg) { .gref = gref_data, .first_sect = i % 8, .last_sect = i % 8 };
    }
    r.ireq.indirect_grefs[0] = ind_gref;
    memset(data, 0, 4096);
    s = send(&r);
    if (s == 1) {
        printf("XK-BLKIF %s status none\n", name);
    } else {
        printf("XK-BLKIF %s status %d op %d data %.*s\n", name, s, last_op,
               (int)strcspn(data, "\n"), data);
    }
}

/*
 * Connects afresh, the ring emptied: Closed, then Initialised with
 * multi-queue-num-queues @queues (NULL: none) and the nodes of @nodes queues,
 * under queue-N/ if @queues is given: queue 0 on a spare ring and port,
 * queue 1 (or the only one) on ours; with @same_port, queue 0 on our port too.
 */
static const char *connect_as(const char *path, const char *be, const char *queues,
                              int nodes, int same_port)
{
    static uint32_t gref_spare;
    static int spare_port = -1;
    char val[64], dir[160];
    void *spare;
    int i, port;

    if (spare_port < 0) {
        int fd = xf_evt_fd;

        port = xf_port;
        gref_spare = xf_grant(GNTALLOC_FLAG_WRITABLE, &spare);
        memset(spare, 0, 4096);
        spare_port = xf_bind();
        xf_evt_fd = fd;
        xf_port = port;
    }
    xf_sh("xenstore-write %s/state %s", path, "6");
    usleep(300000);
    memset(sring, 0, 4096);
    req_prod = rsp_cons = 0;
    xf_set_queues(path, queues, (const char *const[]) { "queue-0", "queue-1", "ring-ref",
                                                         "event-channel", NULL });
    for (i = 0; i < nodes; i++) {
        port = i == nodes - 1 || same_port ? xf_port : spare_port;
        snprintf(dir, sizeof(dir), "%s/queue-%d", path, i);
        snprintf(val, sizeof(val), "%u", i == nodes - 1 ? gref_ring : gref_spare);
        xf_sh("xenstore-write %s/ring-ref %s", queues ? dir : path, val);
        snprintf(val, sizeof(val), "%d", port);
        xf_sh("xenstore-write %s/event-channel %s", queues ? dir : path, val);
    }
    return xf_connect(path, be);
}

/*
 * Grants the ring and data pages, binds a port and connects to @vdev's
 * backend as a frontend that takes sectors of any size if @large: its
 * path in @path, its backend's returned.
 */
static char *attach(const char *vdev, char *path, size_t len, int large)
{
    char val[64], *be;
    void *ro;

    gref_ring = xf_grant(GNTALLOC_FLAG_WRITABLE, (void **)&sring);
    gref_data = xf_grant(GNTALLOC_FLAG_WRITABLE, (void **)&data);
    gref_ro = xf_grant(0, &ro);
    gref_ind = xf_grant(0, (void **)&ind);
    memset(sring, 0, 4096);
    xf_bind();
    snprintf(path, len, "device/vbd/%s", vdev);
    be = strdup(xf_sh("xenstore-read %s/%s", path, "backend"));
    printf("XK-BLKIF backend %s state %s\n", be, xf_sh("xenstore-read %s/%s", be, "state"));
    snprintf(val, sizeof(val), "%u", gref_ring);
    xf_sh("xenstore-write %s/ring-ref %s", path, val);
    snprintf(val, sizeof(val), "%d", xf_port);
    xf_sh("xenstore-write %s/event-channel %s", path, val);
    xf_sh("xenstore-write %s/protocol %s", path, "x86_64-abi");
    if (large) {
        xf_sh("xenstore-write %s/feature-large-sector-size %s", path, "1");
    }
    printf("XK-BLKIF connected %s\n", xf_connect(path, be));
    return be;
}

/*
 * A disk of large sectors (4 KiB): a segment is whole sectors within its
 * page, sector 0 of it only.
 */
static int large(const char *vdev)
{
    char path[128], *be = attach(vdev, path, sizeof(path), 1);
    int size = atoi(xf_sh("xenstore-read %s/%s", be, "sector-size"));
    union entry r = { .ireq = { .operation = OP_INDIRECT, .indirect_op = OP_READ,
                                .nr_segments = 128 } };
    char name[64];
    int i;

#define LARGE(what) (snprintf(name, sizeof(name), "%d-%s", size, what), name)
    printf("XK-BLKIF sector-size %d\n", size);
    memset(data, 0, 4096);
    test(LARGE("sector-0"), OP_READ, 1, 0, gref_data, 0, 0);
    test(LARGE("sector-1"), OP_READ, 1, 0, gref_data, 1, 1);
    test(LARGE("sectors-0-1"), OP_READ, 1, 0, gref_data, 0, 1);
    memset(data, 0, 4096);
    test(LARGE("sector-0-x11"), OP_READ, 11, 0, gref_data, 0, 0);
    /* 128 segments, each sector 0: 512 KiB of 4 KiB sectors. */
    for (i = 0; i < 128; i++) {
        ind[i] = (struct seg) { .gref = gref_data, .first_sect = 0, .last_sect = 0 };
    }
    r.ireq.indirect_grefs[0] = gref_ind;
    memset(data, 0, 4096);
    i = send(&r);
    printf("XK-BLKIF %s status %d data %.*s\n", LARGE("indirect"), i,
           (int)strcspn(data, "\n"), data);
    memset(data, 0, 4096);
    test(LARGE("read-again"), OP_READ, 1, 0, gref_data, 0, 0);
#undef LARGE
    return 0;
}

static int hostile(const char *vdev)
{
    char path[128], *be = attach(vdev, path, sizeof(path), 0);
    union entry r;
    int answers, i;

    test("read", OP_READ, 1, 0, gref_data, 0, 7);
    strcpy(data + 512, "XK-HOSTILE-WRITE\n");
    test("write", OP_WRITE, 1, 600, gref_data, 1, 1);
    memset(data, 0, 4096);
    test("read-back", OP_READ, 1, 600, gref_data, 2, 2);
    test("bad-gref", OP_READ, 1, 0, 0x7fffffff, 0, 7);
    test("unallocated-gref", OP_READ, 1, 0, gref_ro + 500, 0, 7);
    /* A good segment before a bad one: the backend lets the good one go. */
    r = (union entry) { .req = { .operation = OP_READ, .nr_segments = 2 } };
    r.req.seg[0] = (struct seg) { .gref = gref_data, .first_sect = 0, .last_sect = 7 };
    r.req.seg[1] = (struct seg) { .gref = 0x7fffffff, .first_sect = 0, .last_sect = 7 };
    printf("XK-BLKIF good-then-bad-gref status %d\n", send(&r));
    test("read-into-readonly-grant", OP_READ, 1, 0, gref_ro, 0, 7);
    test("write-from-readonly-grant", OP_WRITE, 1, 700, gref_ro, 0, 0);
    test("zero-segments", OP_READ, 0, 0, gref_data, 0, 7);
    test("twelve-segments", OP_READ, 12, 0, gref_data, 0, 0);
    test("first-after-last", OP_READ, 1, 0, gref_data, 5, 2);
    test("past-the-page", OP_READ, 1, 0, gref_data, 0, 8);
    test("past-the-end", OP_READ, 1, 32768, gref_data, 0, 7);
    test("huge-sector", OP_READ, 1, 1ULL << 63, gref_data, 0, 7);
    test("wrapping-sector", OP_READ, 1, (1ULL << 55) - 1, gref_data, 0, 7);
    test("unknown-op", 42, 1, 0, gref_data, 0, 7);
    printf("XK-BLKIF backend max-indirect-segments %s\n",
           xf_sh("xenstore-read %s/%s", be, "feature-max-indirect-segments"));
    itest("indirect-read", OP_READ, 8, gref_ind);
    itest("indirect-zero-segments", OP_READ, 0, gref_ind);
    itest("indirect-too-many", OP_READ, 129, gref_ind);
    itest("indirect-bad-page", OP_READ, 8, 0x7fffffff);
    itest("indirect-flush", OP_FLUSH, 8, gref_ind);
    itest("indirect-indirect", OP_INDIRECT, 8, gref_ind);
    test("read-again", OP_READ, 1, 0, gref_data, 0, 7);

    /* Consecutive sectors in one kick, written then read back: each its own. */
    for (i = 0; i < 4; i++) {
        snprintf(data + i * 512, 512, "XK-BATCH-%d\n", i);
    }
    batch("batch-write", OP_WRITE, 800, 4);
    memset(data, 0, 4096);
    batch("batch-read", OP_READ, 800, 4);

    /* req_prod far past what the ring holds: a backend must not chase it. */
    sring->req_prod = req_prod + 1000;
    xf_notify();
    sleep(2);
    answers = sring->rsp_prod - rsp_cons;
    printf("XK-BLKIF overflow answers %d\n", answers);

    /* Queues: more than offered, none, one short of its nodes; then two. */
    printf("XK-BLKIF queues-99 %s\n", connect_as(path, be, "99", 2, 0));
    printf("XK-BLKIF queues-0 %s\n", connect_as(path, be, "0", 1, 0));
    printf("XK-BLKIF queues-2-one-missing %s\n", connect_as(path, be, "2", 1, 0));
    printf("XK-BLKIF queues-2-one-port %s\n", connect_as(path, be, "2", 2, 1));
    printf("XK-BLKIF reconnected %s\n", connect_as(path, be, NULL, 1, 0));
    test("read-reconnected", OP_READ, 1, 600, gref_data, 0, 0);
    printf("XK-BLKIF queues-2 %s\n", connect_as(path, be, "2", 2, 0));
    test("read-queue-1", OP_READ, 1, 802, gref_data, 0, 0);
    return 0;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc >= 2 && !strcmp(argv[1], "hostile")) {
        return hostile(argc > 2 ? argv[2] : "51712");
    }
    if (argc >= 3 && !strcmp(argv[1], "large")) {
        return large(argv[2]);
    }
    fprintf(stderr, "usage: blk-probe hostile [VDEV] | large VDEV\n");
    return 2;
}
