// sseload: a bounded SSE load client for ci/bench.
// Opens N connections to the fake server, each POSTing to an SSE create endpoint, and checks that
// every stream receives its heartbeats on time. Prints one JSON line with the counts.
// Usage: sseload HOST PORT N PATH KEY EXPECTED_EVENTS INTERVAL_MS DEADLINE_S [SPREAD_MS]
// Without SPREAD_MS (or 0) the streams open in a burst (batches of 500), so their timers fall due together;
// with it, stream i opens at i * SPREAD_MS / N (to the next ms), evenly over the window, while the open ones
// are read.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    int fd;
    int events;        // heartbeats seen (":" comment blocks)
    int done;          // 1 = finished cleanly (terminating chunk), 2 = dropped
    double last_ms;    // arrival of the previous heartbeat
    double max_gap_ms; // largest gap between consecutive heartbeats
    char tail[8];      // last bytes seen, to find "\n\n" across reads
    int tail_len;
} conn_t;

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

// Reads whatever the ready connections hold, counting heartbeats; closes finished or dropped streams.
static void pump(int ep, conn_t *conns, int expected, int timeout_ms, int *active) {
    static char buf[65536];
    struct epoll_event evs[1024];
    int k = epoll_wait(ep, evs, 1024, timeout_ms);
    double t = now_ms();
    for (int e = 0; e < k; e++) {
        conn_t *c = &conns[evs[e].data.u32];
        for (;;) {
            ssize_t r = read(c->fd, buf, sizeof buf);
            if (r > 0) {
                // Count blank-line event ends ("\n\n") across reads; heartbeats are ": hb\n\n".
                char joined[8 + 65536];
                memcpy(joined, c->tail, (size_t)c->tail_len);
                memcpy(joined + c->tail_len, buf, (size_t)r);
                size_t len = (size_t)c->tail_len + (size_t)r;
                for (size_t j = 1; j < len; j++) {
                    if (joined[j] == '\n' && joined[j - 1] == '\n' && (size_t)j >= (size_t)c->tail_len) {
                        if (c->last_ms >= 0 && t - c->last_ms > c->max_gap_ms) c->max_gap_ms = t - c->last_ms;
                        c->last_ms = t;
                        c->events++;
                    }
                    if (joined[j] == '\n' && j >= 4 && memcmp(joined + j - 4, "\r\n0\r", 4) == 0) c->done = 1;
                }
                size_t keep = len < 6 ? len : 6;
                memcpy(c->tail, joined + len - keep, keep);
                c->tail_len = (int)keep;
                continue;
            }
            if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) {
                if (c->done != 1) c->done = c->events >= expected ? 1 : 2;
                epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
                close(c->fd);
                c->fd = -1;
                (*active)--;
            }
            break;
        }
        if (c->fd >= 0 && c->done == 1) {
            epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
            close(c->fd);
            c->fd = -1;
            (*active)--;
        }
    }
}

int main(int argc, char **argv) {
    if (argc != 9 && argc != 10) {
        fprintf(stderr, "usage: %s HOST PORT N PATH KEY EXPECTED_EVENTS INTERVAL_MS DEADLINE_S [SPREAD_MS]\n", argv[0]);
        return 2;
    }
    const char *host = argv[1];
    int port = atoi(argv[2]), n = atoi(argv[3]);
    const char *path = argv[4], *key = argv[5];
    int expected = atoi(argv[6]);
    double interval = atof(argv[7]), deadline_s = atof(argv[8]);
    double spread_ms = argc == 10 ? atof(argv[9]) : 0;
    if (n <= 0 || n > 200000 || expected <= 0 || deadline_s <= 0) { fprintf(stderr, "bad arguments\n"); return 2; }

    conn_t *conns = calloc((size_t)n, sizeof(conn_t));
    int ep = epoll_create1(0);
    char req[1024];
    int req_len = snprintf(req, sizeof req,
        "POST %s HTTP/1.1\r\nHost: %s:%d\r\nAuthorization: Bearer %s\r\nAccept: text/event-stream\r\n"
        "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}", path, host, port, key);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, host, &addr.sin_addr);

    double start = now_ms();
    int opened = 0, connect_failed = 0, active = 0;
    // Ramp: a burst opens in batches of 500 with a short pause so the listen backlog is never the bottleneck;
    // a spread opens each stream at its own moment and reads the open ones meanwhile.
    for (int i = 0; i < n; i++) {
        if (spread_ms > 0) {
            double due = start + spread_ms * i / n;
            for (double wait = due - now_ms(); wait > 0; wait = due - now_ms())
                pump(ep, conns, expected, (int)wait + 1, &active); // never a busy wait: 1 ms granularity
        }
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0) { connect_failed++; conns[i].done = 2; continue; }
        if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) { close(fd); connect_failed++; conns[i].done = 2; continue; }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        if (write(fd, req, (size_t)req_len) != req_len) { close(fd); connect_failed++; conns[i].done = 2; continue; }
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
        conns[i].fd = fd;
        conns[i].last_ms = -1;
        struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP, .data.u32 = (uint32_t)i};
        epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
        opened++;
        active++;
        if (spread_ms <= 0 && i % 500 == 499) { struct timespec p = {0, 20 * 1000000}; nanosleep(&p, NULL); }
    }
    double ramp_ms = now_ms() - start;

    while (active > 0 && now_ms() - start < deadline_s * 1000.0) pump(ep, conns, expected, 200, &active);
    int complete = 0, dropped = 0, late = 0, unfinished = 0;
    double worst_gap = 0;
    for (int i = 0; i < n; i++) {
        conn_t *c = &conns[i];
        if (c->fd > 0) { unfinished++; close(c->fd); }
        if (c->done == 1 && c->events >= expected) complete++;
        else if (c->done == 2 || (c->done == 1 && c->events < expected)) dropped++;
        if (c->max_gap_ms > interval + 1000.0) late++;
        if (c->max_gap_ms > worst_gap) worst_gap = c->max_gap_ms;
    }
    printf("{\"connections\": %d, \"opened\": %d, \"connect_failed\": %d, \"complete\": %d, \"dropped\": %d, "
           "\"unfinished\": %d, \"late\": %d, \"worst_gap_ms\": %.1f, \"ramp_ms\": %.1f, \"elapsed_ms\": %.1f}\n",
           n, opened, connect_failed, complete, dropped, unfinished, late, worst_gap, ramp_ms, now_ms() - start);
    free(conns);
    return 0;
}
