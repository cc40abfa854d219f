// timerjitter: the machine's own timer floor for ci/bench. Arms a timerfd COUNT times, INTERVAL_MS apart
// (each from the moment the previous one fired), waits in epoll, and prints one JSON line with how late it
// woke (ms): p50, p99, max. No server, no load: whatever lateness this shows, every server here has too.
// Usage: timerjitter COUNT INTERVAL_MS
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int ascending(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    int count = argc == 3 ? atoi(argv[1]) : 0;
    double interval = argc == 3 ? atof(argv[2]) : 0;
    if (count <= 0 || count > 1000000 || interval <= 0) {
        fprintf(stderr, "usage: %s COUNT INTERVAL_MS\n", argv[0]);
        return 2;
    }
    double *late = malloc((size_t)count * sizeof(double));
    int timer = timerfd_create(CLOCK_MONOTONIC, 0), poll = epoll_create1(0);
    struct epoll_event event = {.events = EPOLLIN};
    epoll_ctl(poll, EPOLL_CTL_ADD, timer, &event);
    long nanos = (long)(interval * 1e6);
    for (int i = 0; i < count; i++) {
        struct itimerspec when = {.it_value = {nanos / 1000000000, nanos % 1000000000}};
        double due = now_ms() + interval;
        timerfd_settime(timer, 0, &when, NULL);
        epoll_wait(poll, &event, 1, -1);
        unsigned long long expirations;
        if (read(timer, &expirations, sizeof expirations) < 0) return 1;
        late[i] = now_ms() - due;
    }
    qsort(late, (size_t)count, sizeof(double), ascending);
    // Nearest rank, as the server's LatenessSummary does.
    int p50 = (count * 50 + 99) / 100, p99 = (count * 99 + 99) / 100;
    printf("{\"count\": %d, \"p50\": %.4f, \"p99\": %.4f, \"max\": %.4f}\n", count, late[p50 - 1], late[p99 - 1],
           late[count - 1]);
    free(late);
    return 0;
}
