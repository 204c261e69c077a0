/*
 * sink.c — a tiny single-threaded epoll sink for Herald's benchmark tools (loopback only).
 *
 *   sink --http PORT [--hold] [--body TEXT] [--out FILE]
 *       HTTP/1.1 keep-alive server on 127.0.0.1:PORT (0 picks a free port). Answers every request with
 *       200 and TEXT (default "ok"), counts requests, and when a request body holds "bench_t_ns":N (a send
 *       time in CLOCK_REALTIME nanoseconds) records the latency receive-time − N.
 *       --hold: read requests but never answer (a "paused" target that lets requests time out).
 *       Control paths (not counted): GET /__stats → {"count":…,"first_ns":…,"last_ns":…,"latencies":…}
 *       GET /__reset → zero everything; GET /__dump → write the latencies (int64 ns, native order) to FILE.
 *   sink --unix PATH
 *       Newline-delimited line server on a Unix socket: answers every line at once with a fixed
 *       {"EventId":…} line, no storage. Measures a socket load generator's own ceiling.
 *
 * Prints "sink ready port=N" (or "sink ready unix=PATH") on stdout once listening. Stops on SIGTERM/SIGINT.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define MAX_LAT (8u << 20)
#define INBUF (4u << 20)

typedef struct {
    int fd;
    char *in;
    size_t in_len;
    char *out;
    size_t out_len, out_cap, out_off;
} conn_t;

static volatile sig_atomic_t stopping = 0;
static int hold = 0, unix_mode = 0;
static const char *body = "ok";
static const char *out_path = NULL;
static uint64_t count = 0, first_ns = 0, last_ns = 0;
static int64_t *lat;
static size_t lat_n = 0;
static const char UNIX_ACK[] = "{\"EventId\":\"00000000-0000-0000-0000-000000000000\"}\n";

static void on_signal(int s) { (void)s; stopping = 1; }

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void out_append(conn_t *c, const char *data, size_t n) {
    if (c->out_len + n > c->out_cap) {
        size_t cap = c->out_cap ? c->out_cap : 65536;
        while (cap < c->out_len + n) cap *= 2;
        c->out = realloc(c->out, cap);
        c->out_cap = cap;
    }
    memcpy(c->out + c->out_len, data, n);
    c->out_len += n;
}

static int flush_out(conn_t *c) {
    while (c->out_off < c->out_len) {
        ssize_t w = write(c->fd, c->out + c->out_off, c->out_len - c->out_off);
        if (w < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
            if (errno == EINTR) continue;
            return -1;
        }
        c->out_off += (size_t)w;
    }
    c->out_off = c->out_len = 0;
    return 0;
}

static void respond(conn_t *c, const char *text) {
    char head[160];
    int n = snprintf(head, sizeof head, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n\r\n", strlen(text));
    out_append(c, head, (size_t)n);
    out_append(c, text, strlen(text));
}

static void control(conn_t *c, const char *path) {
    char text[256];
    if (strncmp(path, "/__reset", 8) == 0) {
        count = first_ns = last_ns = 0;
        lat_n = 0;
    } else if (strncmp(path, "/__dump", 7) == 0 && out_path) {
        FILE *f = fopen(out_path, "wb");
        if (f) {
            fwrite(lat, sizeof(int64_t), lat_n, f);
            fclose(f);
        }
    }
    snprintf(text, sizeof text, "{\"count\":%llu,\"first_ns\":%llu,\"last_ns\":%llu,\"latencies\":%zu}",
             (unsigned long long)count, (unsigned long long)first_ns, (unsigned long long)last_ns, lat_n);
    respond(c, text);
}

/* Content-Length or chunked total; returns bytes consumed for a whole request, 0 if incomplete, -1 on error. */
static long parse_request(conn_t *c, uint64_t recv_ns) {
    char *buf = c->in;
    char *end = memmem(buf, c->in_len, "\r\n\r\n", 4);
    if (!end) return c->in_len > 65536 ? -1 : 0;
    size_t head_len = (size_t)(end - buf) + 4;
    size_t content_length = 0;
    int chunked = 0;
    for (char *line = memchr(buf, '\n', head_len); line && line < end; line = memchr(line + 1, '\n', (size_t)(end - line))) {
        char *h = line + 1;
        if (strncasecmp(h, "content-length:", 15) == 0) content_length = strtoul(h + 15, NULL, 10);
        else if (strncasecmp(h, "transfer-encoding:", 18) == 0 && memmem(h, 40, "chunked", 7)) chunked = 1;
    }
    const char *body_start = buf + head_len;
    size_t total, body_len;
    if (chunked) {
        size_t pos = head_len;
        body_len = 0;
        for (;;) {
            char *crlf = memmem(buf + pos, c->in_len - pos, "\r\n", 2);
            if (!crlf) return 0;
            size_t size = strtoul(buf + pos, NULL, 16);
            pos = (size_t)(crlf - buf) + 2;
            if (size == 0) {
                char *fin = memmem(buf + pos, c->in_len - pos, "\r\n", 2);
                if (!fin) return 0;
                pos = (size_t)(fin - buf) + 2;
                break;
            }
            if (pos + size + 2 > c->in_len) return 0;
            body_len += size; /* the latency key is looked up in the raw chunked text below */
            pos += size + 2;
        }
        total = pos;
        body_len = total - head_len;
    } else {
        total = head_len + content_length;
        if (total > INBUF) return -1;
        if (c->in_len < total) return 0;
        body_len = content_length;
    }
    if (strncmp(buf, "GET /__", 7) == 0) {
        char path[64] = {0};
        sscanf(buf + 4, "%63s", path);
        control(c, path);
        return (long)total;
    }
    count++;
    if (!first_ns) first_ns = recv_ns;
    last_ns = recv_ns;
    char *key = memmem(body_start, body_len, "\"bench_t_ns\"", 12);
    if (key) {
        char *p = key + 12;
        while (p < body_start + body_len && (*p == ' ' || *p == ':')) p++;
        long long sent = strtoll(p, NULL, 10);
        if (sent > 0 && lat_n < MAX_LAT) lat[lat_n++] = (int64_t)(recv_ns - (uint64_t)sent);
    }
    if (!hold) respond(c, body);
    return (long)total;
}

static long parse_lines(conn_t *c) {
    size_t consumed = 0;
    for (char *nl; (nl = memchr(c->in + consumed, '\n', c->in_len - consumed)); consumed = (size_t)(nl - c->in) + 1) {
        out_append(c, UNIX_ACK, sizeof UNIX_ACK - 1);
        count++;
    }
    return (long)consumed;
}

static void close_conn(int ep, conn_t *c) {
    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    free(c->in);
    free(c->out);
    free(c);
}

int main(int argc, char **argv) {
    int port = -1;
    const char *unix_path = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--http") && i + 1 < argc) port = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--unix") && i + 1 < argc) unix_path = argv[++i];
        else if (!strcmp(argv[i], "--hold")) hold = 1;
        else if (!strcmp(argv[i], "--body") && i + 1 < argc) body = argv[++i];
        else if (!strcmp(argv[i], "--out") && i + 1 < argc) out_path = argv[++i];
        else { fprintf(stderr, "usage: sink --http PORT [--hold] [--body TEXT] [--out FILE] | --unix PATH\n"); return 2; }
    }
    if ((port < 0) == (unix_path == NULL)) { fprintf(stderr, "sink: give exactly one of --http or --unix\n"); return 2; }
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    signal(SIGPIPE, SIG_IGN);
    lat = malloc(sizeof(int64_t) * MAX_LAT);
    int lfd;
    if (unix_path) {
        unix_mode = 1;
        lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
        struct sockaddr_un a = {.sun_family = AF_UNIX};
        snprintf(a.sun_path, sizeof a.sun_path, "%s", unix_path);
        unlink(unix_path);
        if (bind(lfd, (struct sockaddr *)&a, sizeof a) < 0) { perror("bind"); return 1; }
    } else {
        lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        int one = 1;
        setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (bind(lfd, (struct sockaddr *)&a, sizeof a) < 0) { perror("bind"); return 1; }
        socklen_t len = sizeof a;
        getsockname(lfd, (struct sockaddr *)&a, &len);
        port = ntohs(a.sin_port);
    }
    if (listen(lfd, 1024) < 0) { perror("listen"); return 1; }
    if (unix_mode) printf("sink ready unix=%s\n", unix_path); else printf("sink ready port=%d\n", port);
    fflush(stdout);

    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL};
    epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev);
    struct epoll_event events[256];
    while (!stopping) {
        int n = epoll_wait(ep, events, 256, 200);
        if (n < 0 && errno != EINTR) break;
        uint64_t recv_ns = n > 0 ? now_ns() : 0;
        for (int i = 0; i < n; i++) {
            conn_t *c = events[i].data.ptr;
            if (!c) {
                for (;;) {
                    int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK);
                    if (fd < 0) break;
                    if (!unix_mode) { int one = 1; setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one); }
                    conn_t *nc = calloc(1, sizeof *nc);
                    nc->fd = fd;
                    nc->in = malloc(INBUF);
                    struct epoll_event cev = {.events = EPOLLIN | EPOLLOUT | EPOLLET, .data.ptr = nc};
                    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &cev);
                }
                continue;
            }
            int dead = 0;
            if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
                for (;;) {
                    if (c->in_len == INBUF) { dead = 1; break; }
                    ssize_t r = read(c->fd, c->in + c->in_len, INBUF - c->in_len);
                    if (r == 0) { dead = 1; break; }
                    if (r < 0) { if (errno == EINTR) continue; if (errno != EAGAIN) dead = 1; break; }
                    c->in_len += (size_t)r;
                    size_t off = 0;
                    for (;;) {
                        /* parse from the front: shift the window instead of copying per request */
                        char *saved = c->in;
                        size_t saved_len = c->in_len;
                        c->in += off;
                        c->in_len -= off;
                        long used = unix_mode ? parse_lines(c) : parse_request(c, recv_ns);
                        c->in = saved;
                        c->in_len = saved_len;
                        if (used < 0) { dead = 1; break; }
                        if (used == 0) break;
                        off += (size_t)used;
                        if (unix_mode) break;
                    }
                    if (dead) break;
                    if (off) {
                        memmove(c->in, c->in + off, c->in_len - off);
                        c->in_len -= off;
                    }
                }
            }
            if (!dead && c->out_len && flush_out(c) < 0) dead = 1;
            if (dead) close_conn(ep, c);
        }
    }
    close(lfd);
    if (unix_path) unlink(unix_path);
    return 0;
}
