/* The ceiling baseline for ci/bench: libevent's evhttp with nothing of ours, answering every request with
 * the same JSON body from N loops (one thread and SO_REUSEPORT socket each, as skillsmock does).
 * With HEARTBEATS and INTERVAL_MS, a request whose path holds "/sse/" gets a chunked stream of HEARTBEATS
 * ": hb" comments INTERVAL_MS apart (each timer armed from the moment the previous one fired, as skillsmock
 * does), and GET /lateness answers how late every heartbeat timer fired (ms): the same workload and
 * figure as skillsmock's `late_ms`, with nothing of ours in between.
 * Usage: bare-evhttp PORT LOOPS BODY [HEARTBEATS INTERVAL_MS] */
#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

static const char *reply_body;
static int listen_port;
static int heartbeats;
static double interval_ms;

/* Every heartbeat's lateness, from all loops. */
static pthread_mutex_t late_lock = PTHREAD_MUTEX_INITIALIZER;
static double *late_samples;
static size_t late_count, late_capacity;

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void note_lateness(double late) {
    pthread_mutex_lock(&late_lock);
    if (late_count == late_capacity) {
        late_capacity = late_capacity ? 2 * late_capacity : 65536;
        late_samples = realloc(late_samples, late_capacity * sizeof(double));
    }
    late_samples[late_count++] = late;
    pthread_mutex_unlock(&late_lock);
}

/* One heartbeat stream: its request, its timer, how many heartbeats went out, when the next is due. */
struct stream {
    struct evhttp_request *request;
    struct event *timer;
    int sent;
    double due_ms;
};

static void arm(struct stream *stream) {
    event_base_update_cache_time(event_get_base(stream->timer));
    stream->due_ms = now_ms() + interval_ms;
    long micros = (long)(interval_ms * 1000);
    struct timeval tv = {micros / 1000000, micros % 1000000};
    event_add(stream->timer, &tv);
}

static void stream_closed(struct evhttp_connection *connection, void *arg) {
    (void)connection;
    struct stream *stream = arg;
    event_free(stream->timer);
    free(stream);
}

static void heartbeat(evutil_socket_t fd, short what, void *arg) {
    (void)fd;
    (void)what;
    struct stream *stream = arg;
    double late = now_ms() - stream->due_ms;
    note_lateness(late > 0 ? late : 0);
    struct evbuffer *chunk = evbuffer_new();
    evbuffer_add(chunk, ": hb\n\n", 6);
    evhttp_send_reply_chunk(stream->request, chunk);
    evbuffer_free(chunk);
    if (++stream->sent < heartbeats) {
        arm(stream);
        return;
    }
    evhttp_connection_set_closecb(evhttp_request_get_connection(stream->request), NULL, NULL);
    evhttp_send_reply_end(stream->request);
    event_free(stream->timer);
    free(stream);
}

static void start_stream(struct evhttp_request *request) {
    struct stream *stream = calloc(1, sizeof *stream);
    stream->request = request;
    struct evhttp_connection *connection = evhttp_request_get_connection(request);
    stream->timer = event_new(evhttp_connection_get_base(connection), -1, 0, heartbeat, stream);
    evhttp_connection_set_closecb(connection, stream_closed, stream);
    evhttp_add_header(evhttp_request_get_output_headers(request), "Content-Type", "text/event-stream");
    evhttp_send_reply_start(request, 200, "OK");
    arm(stream);
}

static void answer_lateness(struct evhttp_request *request) {
    struct evbuffer *out = evhttp_request_get_output_buffer(request);
    pthread_mutex_lock(&late_lock);
    evbuffer_add_printf(out, "{\"samples\": [");
    for (size_t i = 0; i < late_count; i++) evbuffer_add_printf(out, i ? ",%.4f" : "%.4f", late_samples[i]);
    pthread_mutex_unlock(&late_lock);
    evbuffer_add_printf(out, "]}");
    evhttp_send_reply(request, 200, "OK", NULL);
}

static void answer(struct evhttp_request *request, void *unused) {
    (void)unused;
    const char *uri = evhttp_request_get_uri(request);
    if (heartbeats > 0 && strstr(uri, "/sse/")) {
        start_stream(request);
        return;
    }
    if (heartbeats > 0 && strcmp(uri, "/lateness") == 0) {
        answer_lateness(request);
        return;
    }
    evhttp_add_header(evhttp_request_get_output_headers(request), "Content-Type", "application/json");
    evbuffer_add(evhttp_request_get_output_buffer(request), reply_body, strlen(reply_body));
    evhttp_send_reply(request, 200, "OK", NULL);
}

static void *serve(void *unused) {
    (void)unused;
    struct event_config *config = event_config_new();
    event_config_set_flag(config, EVENT_BASE_FLAG_EPOLL_USE_CHANGELIST);
    event_config_set_flag(config, EVENT_BASE_FLAG_PRECISE_TIMER);
    struct event_base *base = event_base_new_with_config(config);
    event_config_free(config);
    struct evhttp *http = evhttp_new(base);
    evhttp_set_gencb(http, answer, NULL);
    int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    struct sockaddr_in address = {0};
    address.sin_family = AF_INET;
    address.sin_port = htons(listen_port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, (struct sockaddr *)&address, sizeof address) != 0 || listen(fd, 1024) != 0) {
        perror("bare-evhttp: bind/listen");
        exit(1);
    }
    evutil_make_socket_nonblocking(fd);
    evhttp_accept_socket_with_handle(http, fd);
    event_base_dispatch(base);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 4 && argc != 6) {
        fprintf(stderr, "usage: bare-evhttp PORT LOOPS BODY [HEARTBEATS INTERVAL_MS]\n");
        return 2;
    }
    if (argc == 6) {
        heartbeats = atoi(argv[4]);
        interval_ms = atof(argv[5]);
    }
    listen_port = atoi(argv[1]);
    int loops = atoi(argv[2]);
    reply_body = argv[3];
    pthread_t threads[16];
    if (loops < 1 || loops > 16) loops = 1;
    for (int i = 0; i < loops; i++) pthread_create(&threads[i], NULL, serve, NULL);
    pthread_join(threads[0], NULL);
    return 0;
}
