// The delivery benchmark's paced producer in C: offers RATE events/s (open loop, ~0.5 ms ticks) for SECONDS over
// CONNECTIONS pipelined connections to Herald's Unix socket. Each line's detail carries its send time
// (`bench_t_ns`, CLOCK_REALTIME ns) for the sink's end-to-end latency. Acks are counted by newlines; errors by
// `ErrorCode`. It mirrors run.py's asyncio producer, which took a fifth of the 2 cores at 10,000 events/s.
//
//   producer --unix PATH --source S --rate R --seconds T [--size 1024] [--connections 8]
//
// Prints {"sent":…,"acked":…,"errors":…,"send_seconds":…,"acked_seconds":…} once every ack is in (or after 30 s).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    int fd;
    char *out;
    size_t out_length, out_capacity;
} connection_t;

static double now_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int64_t wall_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static void append(connection_t *c, const char *bytes, size_t length) {
    if (c->out_length + length > c->out_capacity) {
        c->out_capacity = (c->out_length + length) * 2;
        c->out = realloc(c->out, c->out_capacity);
    }
    memcpy(c->out + c->out_length, bytes, length);
    c->out_length += length;
}

static int flush(connection_t *c) {
    while (c->out_length > 0) {
        ssize_t n = write(c->fd, c->out, c->out_length);
        if (n < 0) return errno == EAGAIN ? 0 : -1;
        memmove(c->out, c->out + n, c->out_length - (size_t)n);
        c->out_length -= (size_t)n;
    }
    return 0;
}

int main(int argc, char **argv) {
    const char *path = NULL, *source = "bench";
    double rate = 1000, seconds = 5;
    int size = 1024, count = 8;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--unix")) path = argv[i + 1];
        else if (!strcmp(argv[i], "--source")) source = argv[i + 1];
        else if (!strcmp(argv[i], "--rate")) rate = atof(argv[i + 1]);
        else if (!strcmp(argv[i], "--seconds")) seconds = atof(argv[i + 1]);
        else if (!strcmp(argv[i], "--size")) size = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--connections")) count = atoi(argv[i + 1]);
        else { fprintf(stderr, "unknown option %s\n", argv[i]); return 2; }
    }
    if (!path || rate <= 0 || count < 1) {
        fprintf(stderr, "usage: producer --unix PATH --source S --rate R --seconds T [--size N] [--connections C]\n");
        return 2;
    }
    connection_t *connections = calloc((size_t)count, sizeof(connection_t));
    struct pollfd *polls = calloc((size_t)count, sizeof(struct pollfd));
    for (int i = 0; i < count; i++) {
        struct sockaddr_un address = {.sun_family = AF_UNIX};
        strncpy(address.sun_path, path, sizeof(address.sun_path) - 1);
        int fd = socket(AF_UNIX, SOCK_STREAM, 0);
        if (fd < 0 || connect(fd, (struct sockaddr *)&address, sizeof(address)) != 0) { perror("connect"); return 1; }
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
        connections[i].fd = fd;
        polls[i].fd = fd;
    }
    char head[512], line[1 << 17], buffer[1 << 16];
    int64_t sent = 0, acked = 0, errors = 0;
    int per_turn = (int)(rate / 1000 / count) + 1, turn = 0;
    double start = now_seconds(), send_end = start + seconds, drain_end = 0, send_seconds = 0;
    for (;;) {
        double now = now_seconds();
        if (now < send_end) {
            int64_t due = (int64_t)((now - start) * rate) - sent;
            while (due > 0) {
                connection_t *c = &connections[turn++ % count];
                int k = due < per_turn ? (int)due : per_turn;
                int64_t stamp = wall_ns();
                int head_length = snprintf(head, sizeof(head),
                    "{\"Source\":\"%s\",\"DetailType\":\"bench\",\"Detail\":{\"bench_t_ns\":%lld,\"pad\":\"", source, (long long)stamp);
                int pad = size - head_length - 4;
                if (pad < 0) pad = 0;
                if (head_length + pad + 4 > (int)sizeof(line)) pad = (int)sizeof(line) - head_length - 4;
                memcpy(line, head, (size_t)head_length);
                memset(line + head_length, 'x', (size_t)pad);
                memcpy(line + head_length + pad, "\"}}\n", 4);
                for (int j = 0; j < k; j++) append(c, line, (size_t)(head_length + pad + 4));
                if (flush(c) != 0) { perror("write"); return 1; }
                sent += k;
                due -= k;
            }
        } else if (drain_end == 0) {
            send_seconds = now - start;
            drain_end = now + 30;
        }
        if (drain_end != 0 && (acked >= sent || now >= drain_end)) break;
        for (int i = 0; i < count; i++) polls[i].events = POLLIN | (connections[i].out_length ? POLLOUT : 0);
        struct timespec tick = {.tv_sec = 0, .tv_nsec = 500000};
        if (ppoll(polls, (nfds_t)count, &tick, NULL) < 0 && errno != EINTR) { perror("ppoll"); return 1; }
        for (int i = 0; i < count; i++) {
            if (polls[i].revents & POLLOUT && flush(&connections[i]) != 0) { perror("write"); return 1; }
            if (!(polls[i].revents & (POLLIN | POLLHUP))) continue;
            for (;;) {
                ssize_t n = read(polls[i].fd, buffer, sizeof(buffer));
                if (n <= 0) break;
                for (ssize_t j = 0; j < n; j++) acked += buffer[j] == '\n';
                for (char *at = buffer; (at = memmem(at, (size_t)(buffer + n - at), "ErrorCode", 9)); at += 9) errors++;
            }
        }
    }
    printf("{\"sent\":%lld,\"acked\":%lld,\"errors\":%lld,\"send_seconds\":%.6f,\"acked_seconds\":%.6f}\n", (long long)sent,
        (long long)acked, (long long)errors, send_seconds, now_seconds() - start);
    return 0;
}
