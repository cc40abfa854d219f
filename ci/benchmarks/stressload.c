#define _GNU_SOURCE
// Stress load for ci/stress: many requests at once, of four kinds, against one server, each counted.
//   keep-alive: KA connections, each sends GET /api/v1/credits with its own key, one after another, reading each
//               answer whole (Content-Length);
//   fresh:      FRESH threads, each opens a new connection per request (Connection: close) and reads to EOF;
//   reset:      RESET threads send a whole request and hang up with a TCP RST (SO_LINGER 0) at once;
//   abandon:    ABANDON threads connect and leave: without a byte, after half a request line, or after half the
//               headers (then FIN).
// Every keep-alive and fresh request must get a 200 within 10 s; any that does not is reported as lost.
// Usage: stressload PORT REQUESTS KA FRESH RESET ABANDON
//   REQUESTS is split evenly over the keep-alive connections and the fresh threads; resets and abandons are one
//   tenth of it each, over their threads.
// Prints one JSON line: answered counts per keep-alive connection and per fresh thread (keys sk-stress-ka-I and
// sk-stress-fresh-I), resets and abandons done, and lost / bad answers with the first problem seen.
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int port;
static atomic_long lost, bad, resets, abandons;
static char problem[256];
static pthread_mutex_t problem_lock = PTHREAD_MUTEX_INITIALIZER;

struct worker {
    pthread_t thread;
    int index;
    long requests;
    long answered;
};

static void note(const char *what, const char *key, long n) {
    pthread_mutex_lock(&problem_lock);
    if (!problem[0]) snprintf(problem, sizeof problem, "%s (key %s, request %ld, errno %d)", what, key, n, errno);
    pthread_mutex_unlock(&problem_lock);
}

static int dial(void) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static int send_all(int fd, const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

// Reads into buf (appending at *len) within 10 s; returns bytes read, 0 at EOF, -1 on error, -2 on timeout.
static ssize_t read_some(int fd, char *buf, size_t cap, size_t *len) {
    struct pollfd p = {.fd = fd, .events = POLLIN};
    int r;
    do r = poll(&p, 1, 10000);
    while (r < 0 && errno == EINTR);
    if (r == 0) return -2;
    if (r < 0) return -1;
    ssize_t n = recv(fd, buf + *len, cap - *len - 1, 0);
    if (n > 0) {
        *len += (size_t)n;
        buf[*len] = 0;
    }
    return n;
}

// Reads one answer with a Content-Length body; returns its status, -1 on a broken answer, -2 on timeout.
static int read_answer(int fd, char *buf, size_t cap) {
    size_t len = 0;
    buf[0] = 0;
    for (;;) {
        char *end = strstr(buf, "\r\n\r\n");
        if (len > 0 && end) {
            char *cl = strcasestr(buf, "\r\ncontent-length:");
            if (!cl || cl > end) return -1;
            size_t want = (size_t)(end + 4 - buf) + (size_t)atol(cl + 17);
            while (len < want) {
                ssize_t n = read_some(fd, buf, cap, &len);
                if (n == -2) return -2;
                if (n <= 0) return -1;
            }
            return atoi(buf + 9);
        }
        ssize_t n = read_some(fd, buf, cap, &len);
        if (n == -2) return -2;
        if (n <= 0) return -1;
    }
}

static void *keep_alive(void *arg) {
    struct worker *w = arg;
    char key[64], req[256], buf[8192];
    snprintf(key, sizeof key, "sk-stress-ka-%d", w->index);
    int n = snprintf(req, sizeof req, "GET /api/v1/credits HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n\r\n", key);
    int fd = -1;
    for (long i = 0; i < w->requests; i++) {
        if (fd < 0 && (fd = dial()) < 0) {
            atomic_fetch_add(&lost, 1);
            note("keep-alive connect failed", key, i);
            continue;
        }
        if (send_all(fd, req, (size_t)n) != 0) {
            atomic_fetch_add(&lost, 1);
            note("keep-alive send failed", key, i);
            close(fd);
            fd = -1;
            continue;
        }
        int status = read_answer(fd, buf, sizeof buf);
        if (status == 200) {
            w->answered++;
        } else {
            atomic_fetch_add(status == -2 ? &lost : &bad, 1);
            note(status == -2 ? "keep-alive answer never came" : "keep-alive answer broken or not 200", key, i);
            close(fd);
            fd = -1;
        }
    }
    if (fd >= 0) close(fd);
    return NULL;
}

static void *fresh(void *arg) {
    struct worker *w = arg;
    char key[64], req[256], buf[8192];
    snprintf(key, sizeof key, "sk-stress-fresh-%d", w->index);
    int n = snprintf(req, sizeof req,
                     "GET /api/v1/credits HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\nConnection: close\r\n\r\n", key);
    for (long i = 0; i < w->requests; i++) {
        int fd = dial();
        if (fd < 0 || send_all(fd, req, (size_t)n) != 0) {
            atomic_fetch_add(&lost, 1);
            note("fresh connect or send failed", key, i);
            if (fd >= 0) close(fd);
            continue;
        }
        int status = read_answer(fd, buf, sizeof buf);
        if (status == 200) {
            // The server closes after the answer: EOF must follow.
            size_t len = 0;
            ssize_t r;
            while ((r = read_some(fd, buf, sizeof buf, &len)) > 0) len = 0;
            if (r == -2) {
                atomic_fetch_add(&lost, 1);
                note("fresh connection never closed after its answer", key, i);
            } else {
                w->answered++;
            }
        } else {
            atomic_fetch_add(status == -2 ? &lost : &bad, 1);
            note(status == -2 ? "fresh answer never came" : "fresh answer broken or not 200", key, i);
        }
        close(fd);
    }
    return NULL;
}

static void *resetter(void *arg) {
    struct worker *w = arg;
    char req[256];
    int n = snprintf(req, sizeof req,
                     "GET /api/v1/credits HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer sk-stress-reset-%d\r\n\r\n", w->index);
    for (long i = 0; i < w->requests; i++) {
        int fd = dial();
        if (fd < 0) continue;
        send_all(fd, req, (size_t)n);
        struct linger l = {.l_onoff = 1, .l_linger = 0};
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
        close(fd);
        atomic_fetch_add(&resets, 1);
    }
    return NULL;
}

static void *abandoner(void *arg) {
    struct worker *w = arg;
    static const char *partial[] = {"", "GET /api/v1/cre", "GET /api/v1/credits HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthor"};
    for (long i = 0; i < w->requests; i++) {
        int fd = dial();
        if (fd < 0) continue;
        const char *p = partial[i % 3];
        if (*p) send_all(fd, p, strlen(p));
        close(fd);
        atomic_fetch_add(&abandons, 1);
    }
    return NULL;
}

static struct worker *start(int count, long requests, void *(*body)(void *)) {
    struct worker *ws = calloc((size_t)(count > 0 ? count : 1), sizeof *ws);
    for (int i = 0; i < count; i++) {
        ws[i].index = i;
        ws[i].requests = requests / count + (i < requests % count ? 1 : 0);
        pthread_create(&ws[i].thread, NULL, body, &ws[i]);
    }
    return ws;
}

static void print_answered(const char *name, struct worker *ws, int count) {
    printf("\"%s\":[", name);
    for (int i = 0; i < count; i++) printf("%s%ld", i ? "," : "", ws[i].answered);
    printf("],");
}

int main(int argc, char **argv) {
    if (argc != 7) {
        fprintf(stderr, "usage: stressload PORT REQUESTS KA FRESH RESET ABANDON\n");
        return 2;
    }
    port = atoi(argv[1]);
    long requests = atol(argv[2]);
    int ka = atoi(argv[3]), fr = atoi(argv[4]), rs = atoi(argv[5]), ab = atoi(argv[6]);
    if (port <= 0 || requests <= 0 || ka <= 0 || fr <= 0 || rs < 0 || ab < 0) {
        fprintf(stderr, "stressload: PORT, REQUESTS, KA and FRESH must be positive\n");
        return 2;
    }
    long ka_requests = requests * ka / (ka + fr);
    struct worker *kas = start(ka, ka_requests, keep_alive);
    struct worker *frs = start(fr, requests - ka_requests, fresh);
    struct worker *rss = start(rs, rs ? requests / 10 : 0, resetter);
    struct worker *abs = start(ab, ab ? requests / 10 : 0, abandoner);
    for (int i = 0; i < ka; i++) pthread_join(kas[i].thread, NULL);
    for (int i = 0; i < fr; i++) pthread_join(frs[i].thread, NULL);
    for (int i = 0; i < rs; i++) pthread_join(rss[i].thread, NULL);
    for (int i = 0; i < ab; i++) pthread_join(abs[i].thread, NULL);
    printf("{");
    print_answered("keep_alive", kas, ka);
    print_answered("fresh", frs, fr);
    printf("\"resets\":%ld,\"abandons\":%ld,\"lost\":%ld,\"bad\":%ld,\"problem\":\"%s\"}\n", atomic_load(&resets),
           atomic_load(&abandons), atomic_load(&lost), atomic_load(&bad), problem);
    return 0;
}
