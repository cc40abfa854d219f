/* The ceiling baseline for ci/bench: libevent's evhttp with nothing of ours, answering every request with
 * the same JSON body from N loops (one thread and SO_REUSEPORT socket each, as skillsmock does).
 * Usage: bare-evhttp PORT LOOPS BODY */
#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static const char *reply_body;
static int listen_port;

static void answer(struct evhttp_request *request, void *unused) {
    (void)unused;
    evhttp_add_header(evhttp_request_get_output_headers(request), "Content-Type", "application/json");
    evbuffer_add(evhttp_request_get_output_buffer(request), reply_body, strlen(reply_body));
    evhttp_send_reply(request, 200, "OK", NULL);
}

static void *serve(void *unused) {
    (void)unused;
    struct event_config *config = event_config_new();
    event_config_set_flag(config, EVENT_BASE_FLAG_EPOLL_USE_CHANGELIST);
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
    if (argc != 4) {
        fprintf(stderr, "usage: bare-evhttp PORT LOOPS BODY\n");
        return 2;
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
