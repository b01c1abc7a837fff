/*
 * TCP throughput between L2 and L1 (static, in L2's and L1's /bin by tests/lab/run): a
 * benchmark, not a test.
 *   net-bench serve PORT                in L1 (a monitor function), in the background:
 *                                       serves one connection after the other
 *   net-bench run HOST PORT MIB ROUNDS  in L2: each round sends MIB MiB to the server (tx,
 *                                       timed until the server has them all) and receives
 *                                       MIB MiB from it (rx); prints "XK-NETBENCH round N tx
 *                                       <MB/s> rx <MB/s>" and then "XK-NETBENCH median tx
 *                                       <MB/s> rx <MB/s>"
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static char buf[1 << 16];

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int full_write(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);

        if (w <= 0) {
            return -1;
        }
        p += w;
        n -= w;
    }
    return 0;
}

/* Reads @n bytes (0: until EOF); how many it got. */
static long long drain(int fd, long long n)
{
    long long got = 0;
    ssize_t r;

    while ((!n || got < n) && (r = read(fd, buf, sizeof(buf))) > 0) {
        got += r;
    }
    return got;
}

static int serve(int port)
{
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port) };
    int one = 1, s = socket(AF_INET, SOCK_STREAM, 0);

    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(s, (struct sockaddr *)&sa, sizeof(sa)) || listen(s, 4)) {
        perror("net-bench: bind");
        return 1;
    }
    memset(buf, 'x', sizeof(buf));
    for (;;) {
        int c = accept(s, NULL, NULL);
        char cmd[16] = "";
        long long mib, i;

        if (c < 0) {
            continue;
        }
        if (read(c, cmd, sizeof(cmd) - 1) > 0 && sscanf(cmd + 1, "%lld", &mib) == 1) {
            if (cmd[0] == 'T' && drain(c, mib << 20) == mib << 20) {
                full_write(c, "k", 1);
            } else if (cmd[0] == 'R') {
                for (i = 0; i < mib << 4; i++) {
                    if (full_write(c, buf, sizeof(buf))) {
                        break;
                    }
                }
            }
        }
        close(c);
    }
}

/* One transfer of @mib MiB, @dir 'T' (to the server) or 'R': MB/s, or -1. */
static double transfer(const char *host, int port, char dir, long long mib)
{
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port) };
    int s = socket(AF_INET, SOCK_STREAM, 0);
    char cmd[16];
    double t0, mb = (mib << 20) / 1e6;
    long long i;
    int ok;

    inet_pton(AF_INET, host, &sa.sin_addr);
    if (connect(s, (struct sockaddr *)&sa, sizeof(sa))) {
        perror("net-bench: connect");
        return -1;
    }
    snprintf(cmd, sizeof(cmd), "%c%lld", dir, mib);
    /* The command fills a 16-byte read on the server's side, whatever comes after. */
    memset(cmd + strlen(cmd), ' ', sizeof(cmd) - 1 - strlen(cmd));
    t0 = now();
    full_write(s, cmd, sizeof(cmd) - 1);
    if (dir == 'T') {
        memset(buf, 'y', sizeof(buf));
        for (i = 0; i < mib << 4 && !full_write(s, buf, sizeof(buf)); i++) {
        }
        ok = read(s, cmd, 1) == 1;
    } else {
        ok = drain(s, 0) == mib << 20;
    }
    close(s);
    return ok ? mb / (now() - t0) : -1;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc == 3 && !strcmp(argv[1], "serve")) {
        return serve(atoi(argv[2]));
    }
    if (argc == 6 && !strcmp(argv[1], "run")) {
        int port = atoi(argv[3]), rounds = atoi(argv[5]), i;
        long long mib = atoll(argv[4]);
        double tx[64], rx[64];

        if (rounds < 1 || rounds > 64) {
            return 2;
        }
        for (i = 0; i < rounds; i++) {
            tx[i] = transfer(argv[2], port, 'T', mib);
            rx[i] = transfer(argv[2], port, 'R', mib);
            printf("XK-NETBENCH round %d tx %.1f rx %.1f\n", i + 1, tx[i], rx[i]);
            if (tx[i] < 0 || rx[i] < 0) {
                return 1;
            }
        }
        qsort(tx, rounds, sizeof(double), cmp);
        qsort(rx, rounds, sizeof(double), cmp);
        printf("XK-NETBENCH median tx %.1f MB/s rx %.1f MB/s\n", tx[rounds / 2], rx[rounds / 2]);
        return 0;
    }
    fprintf(stderr, "usage: net-bench serve PORT | run HOST PORT MIB ROUNDS\n");
    return 2;
}
