/*
 * Runs in L1: one QMP command to the QEMU whose -qmp unix socket is SOCKET.
 *   qmp SOCKET JSON    prints the command's reply (one line), exit 0 if "return"
 *   qmp SOCKET JSON N  then prints the events that come in N seconds, a line each
 * Built statically on the host (with the L2 tools) by tests/lab/run.
 */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

int main(int argc, char **argv)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    static char line[1 << 16];
    const char *caps = "{\"execute\":\"qmp_capabilities\"}\n";
    FILE *f;
    int fd, replies = 0, tries;

    if (argc != 3 && argc != 4) {
        fprintf(stderr, "usage: qmp SOCKET JSON [SECONDS]\n");
        return 2;
    }
    snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", argv[1]);
    fd = socket(AF_UNIX, SOCK_STREAM, 0);
    /* QEMU may still be starting: try for 30 s. */
    for (tries = 0; connect(fd, (struct sockaddr *)&sa, sizeof(sa)); tries++) {
        if (tries == 300) {
            perror("qmp: connect");
            return 1;
        }
        usleep(100000);
    }
    f = fdopen(fd, "r+");
    setvbuf(f, NULL, _IONBF, 0);
    fprintf(f, "%s%s\n", caps, argv[2]);
    /* The greeting, then a reply per command; events are skipped. */
    while (fgets(line, sizeof(line), f)) {
        if (strstr(line, "\"QMP\"")) {
            continue;
        }
        if (strstr(line, "\"event\"")) {
            /* One the command caused may come before its reply. */
            if (argc == 4) {
                printf("XK-QMP-EVENT %s", line);
            }
            continue;
        }
        if (++replies == 2) {
            int ok = strstr(line, "\"return\"") != NULL;

            fputs(line, stdout);
            if (argc == 4) {
                /* Events until the alarm ends us. */
                alarm(atoi(argv[3]));
                while (fgets(line, sizeof(line), f)) {
                    if (strstr(line, "\"event\"")) {
                        printf("XK-QMP-EVENT %s", line);
                        fflush(stdout);
                    }
                }
            }
            return ok ? 0 : 1;
        }
    }
    fprintf(stderr, "qmp: no reply\n");
    return 1;
}
