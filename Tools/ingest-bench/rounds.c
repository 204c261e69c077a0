// A C load generator for the rounds workloads of Tools/ingest-bench (one blocking connection per thread: send a
// round of requests, wait for every reply, repeat), so that on a 2-core box the generator takes little of the CPU
// the server under test needs. It mirrors benchlib._rounds_worker: replies are counted by newlines (`--newlines`
// per reply), errors by a marker string; only rounds finished inside the measured window count.
//
//   rounds (--unix PATH | --tcp PORT) --op FILE --connections N --batch B --newlines K --error-marker S
//          --warmup SECONDS --seconds SECONDS --latencies OUT [--http 1]
//
// With `--http 1` each reply is an HTTP/1.1 response framed by its Content-Length (as benchlib.HTTPCounter reads
// them); one is an error when its status is not 200 or its body reports a failed entry (`"FailedEntryCount":`
// other than 0).
//
// Prints `events=E errors=X seconds=S` and writes each measured round's latency (int64 ns) to OUT.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static const char *unix_path, *error_marker = "Error";
static int tcp_port, connections = 16, batch = 1, newlines_per_reply = 1, wait_with_poll = 0, http = 0;
static double warmup = 0.5, seconds = 3.0;
static char *op;
static size_t op_length;
static pthread_barrier_t barrier;
static int64_t measure_from, measure_to;

typedef struct {
    int64_t events, errors, count, capacity;
    int64_t *latencies;
} worker_t;

static int64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static int open_connection(void) {
    int fd;
    if (unix_path) {
        struct sockaddr_un address = {.sun_family = AF_UNIX};
        strncpy(address.sun_path, unix_path, sizeof(address.sun_path) - 1);
        fd = socket(AF_UNIX, SOCK_STREAM, 0);
        if (fd < 0 || connect(fd, (struct sockaddr *)&address, sizeof(address)) != 0) return -1;
    } else {
        struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons(tcp_port)};
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0 || connect(fd, (struct sockaddr *)&address, sizeof(address)) != 0) return -1;
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    }
    struct timeval timeout = {.tv_sec = 30};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    return fd;
}

// One read of the reply stream; with --wait poll it first waits in poll(), as an event-loop client does, instead of
// blocking in read().
static ssize_t wait_and_read(int fd, char *buffer, size_t length) {
    if (wait_with_poll) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, -1) < 0) return -1;
    }
    return read(fd, buffer, length);
}

// Reads until `needed` newlines have arrived on `fd`, counting a reply that carries the error marker as an error.
// Returns -1 on a read error.
static int read_lines(int fd, int64_t needed, worker_t *worker) {
    char buffer[1 << 16];
    size_t marker_length = strlen(error_marker);
    int64_t newlines = 0;
    while (newlines < needed) {
        ssize_t n = wait_and_read(fd, buffer, sizeof(buffer));
        if (n <= 0) return -1;
        for (ssize_t i = 0; i < n; i++) newlines += buffer[i] == '\n';
        if (marker_length && memmem(buffer, (size_t)n, error_marker, marker_length)) worker->errors++;
    }
    return 0;
}

// Reads until `replies` complete HTTP responses have arrived on `fd` (leftover bytes of a response never run into the
// next round: the next request is sent only after the whole response was read). Returns -1 on a read error.
static int read_http(int fd, int replies, worker_t *worker) {
    static __thread char *held;
    static __thread size_t capacity;
    size_t length = 0;
    while (replies > 0) {
        if (capacity - length < 65536) {
            capacity = capacity ? capacity * 2 : 1 << 17;
            held = realloc(held, capacity);
        }
        ssize_t n = wait_and_read(fd, held + length, capacity - length);
        if (n <= 0) return -1;
        length += (size_t)n;
        for (;;) {
            char *end = memmem(held, length, "\r\n\r\n", 4);
            if (!end) break;
            size_t head = (size_t)(end - held) + 4, body = 0;
            for (char *line = held; line < end; line++) {
                if ((line == held || line[-1] == '\n') && !strncasecmp(line, "content-length:", 15)) body = strtoul(line + 15, NULL, 10);
            }
            if (length < head + body) break;
            char *failed = memmem(held + head, body, "\"FailedEntryCount\":", 19);
            if (strncmp(held, "HTTP/1.1 200", 12) || (failed && (failed + 19 >= held + head + body || failed[19] != '0'))) worker->errors++;
            memmove(held, held + head + body, length - head - body);
            length -= head + body;
            if (--replies == 0) break;
        }
    }
    return 0;
}

static void *run(void *argument) {
    worker_t *worker = argument;
    int fd = open_connection();
    pthread_barrier_wait(&barrier);
    if (fd < 0) {
        worker->errors++;
        return NULL;
    }
    size_t payload_length = op_length * batch;
    char *payload = malloc(payload_length);
    for (int i = 0; i < batch; i++) memcpy(payload + i * op_length, op, op_length);
    const int64_t needed = (int64_t)batch * newlines_per_reply;
    for (;;) {
        int64_t sent = now_ns();
        if (sent >= measure_to) break;
        for (size_t off = 0; off < payload_length;) {
            ssize_t n = write(fd, payload + off, payload_length - off);
            if (n <= 0) goto failed;
            off += (size_t)n;
        }
        if ((http ? read_http(fd, batch, worker) : read_lines(fd, needed, worker)) != 0) goto failed;
        int64_t done = now_ns();
        if (done >= measure_from && done < measure_to) {
            worker->events += batch;
            if (worker->count == worker->capacity) {
                worker->capacity = worker->capacity ? worker->capacity * 2 : 65536;
                worker->latencies = realloc(worker->latencies, (size_t)worker->capacity * sizeof(int64_t));
            }
            worker->latencies[worker->count++] = done - sent;
        }
    }
    close(fd);
    free(payload);
    return NULL;
failed:
    worker->errors++;
    close(fd);
    free(payload);
    return NULL;
}

int main(int argc, char **argv) {
    const char *op_file = NULL, *latencies_file = NULL;
    for (int i = 1; i + 1 < argc; i += 2) {
        const char *name = argv[i], *value = argv[i + 1];
        if (!strcmp(name, "--unix")) unix_path = value;
        else if (!strcmp(name, "--tcp")) tcp_port = atoi(value);
        else if (!strcmp(name, "--op")) op_file = value;
        else if (!strcmp(name, "--connections")) connections = atoi(value);
        else if (!strcmp(name, "--batch")) batch = atoi(value);
        else if (!strcmp(name, "--newlines")) newlines_per_reply = atoi(value);
        else if (!strcmp(name, "--error-marker")) error_marker = value;
        else if (!strcmp(name, "--warmup")) warmup = atof(value);
        else if (!strcmp(name, "--seconds")) seconds = atof(value);
        else if (!strcmp(name, "--latencies")) latencies_file = value;
        else if (!strcmp(name, "--wait")) wait_with_poll = !strcmp(value, "poll");
        else if (!strcmp(name, "--http")) http = atoi(value);
        else { fprintf(stderr, "unknown option %s\n", name); return 2; }
    }
    if (!op_file || (!unix_path && !tcp_port) || connections < 1 || batch < 1) {
        fprintf(stderr, "usage: rounds (--unix PATH | --tcp PORT) --op FILE [--connections N --batch B ...]\n");
        return 2;
    }
    FILE *file = fopen(op_file, "rb");
    if (!file) { perror(op_file); return 2; }
    fseek(file, 0, SEEK_END);
    op_length = (size_t)ftell(file);
    rewind(file);
    op = malloc(op_length);
    if (fread(op, 1, op_length, file) != op_length) { perror("read op"); return 2; }
    fclose(file);

    pthread_barrier_init(&barrier, NULL, (unsigned)connections + 1);
    worker_t *workers = calloc((size_t)connections, sizeof(worker_t));
    pthread_t *threads = calloc((size_t)connections, sizeof(pthread_t));
    measure_from = measure_to = INT64_MAX;
    for (int i = 0; i < connections; i++) pthread_create(&threads[i], NULL, run, &workers[i]);
    // Every connection is open before the clock starts.
    int64_t start = now_ns();
    measure_from = start + (int64_t)(warmup * 1e9);
    measure_to = measure_from + (int64_t)(seconds * 1e9);
    pthread_barrier_wait(&barrier);
    int64_t events = 0, errors = 0;
    FILE *out = latencies_file ? fopen(latencies_file, "wb") : NULL;
    for (int i = 0; i < connections; i++) {
        pthread_join(threads[i], NULL);
        events += workers[i].events;
        errors += workers[i].errors;
        if (out && workers[i].count) fwrite(workers[i].latencies, sizeof(int64_t), (size_t)workers[i].count, out);
    }
    if (out) fclose(out);
    printf("events=%lld errors=%lld seconds=%.3f\n", (long long)events, (long long)errors, seconds);
    return 0;
}
