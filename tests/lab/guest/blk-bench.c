/*
 * Runs inside an L2 guest (static, in L2's /bin by tests/lab/run): a block device benchmark
 * (not a test) with O_DIRECT, as the xen-disk issue asks for:
 *   blk-bench DEV MIB RANDOPS ROUNDS   each round: MIB MiB written then read sequentially in
 *                                      1 MiB requests, then RANDOPS random 4 KiB reads within
 *                                      them; prints "XK-BENCH round N seq-write W MB/s seq-read R
 *                                      MB/s rand-read I IOPS", then the medians:
 *                                      "XK-BENCH median seq-write W MB/s seq-read R MB/s
 *                                      rand-read I IOPS"
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, n, sizeof(*v), cmp);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char **argv)
{
    char path[64];
    int fd, mib, ops, rounds, r, i;
    double w[16], rd[16], rr[16], t;
    char *buf;

    if (argc != 5 || (rounds = atoi(argv[4])) < 1 || rounds > 16) {
        fprintf(stderr, "usage: blk-bench DEV MIB RANDOPS ROUNDS (at most 16)\n");
        return 2;
    }
    mib = atoi(argv[2]);
    ops = atoi(argv[3]);
    snprintf(path, sizeof(path), "/dev/%s", argv[1]);
    fd = open(path, O_RDWR | O_DIRECT);
    if (fd < 0 || posix_memalign((void **)&buf, 4096, 1 << 20)) {
        perror("blk-bench");
        return 1;
    }
    memset(buf, 0x5a, 1 << 20);
    srand(1);
    for (r = 0; r < rounds; r++) {
        t = now();
        for (i = 0; i < mib; i++) {
            if (pwrite(fd, buf, 1 << 20, (off_t)i << 20) != 1 << 20) {
                perror("blk-bench: write");
                return 1;
            }
        }
        fdatasync(fd);
        w[r] = mib / (now() - t);
        t = now();
        for (i = 0; i < mib; i++) {
            if (pread(fd, buf, 1 << 20, (off_t)i << 20) != 1 << 20) {
                perror("blk-bench: read");
                return 1;
            }
        }
        rd[r] = mib / (now() - t);
        t = now();
        for (i = 0; i < ops; i++) {
            off_t off = (off_t)(rand() % (mib * 256)) << 12;

            if (pread(fd, buf, 4096, off) != 4096) {
                perror("blk-bench: random read");
                return 1;
            }
        }
        rr[r] = ops / (now() - t);
        printf("XK-BENCH round %d seq-write %.1f MB/s seq-read %.1f MB/s rand-read %.0f IOPS\n",
               r + 1, w[r], rd[r], rr[r]);
        fflush(stdout);
    }
    printf("XK-BENCH median seq-write %.1f MB/s seq-read %.1f MB/s rand-read %.0f IOPS\n",
           median(w, rounds), median(rd, rounds), median(rr, rounds));
    return 0;
}
