/*
 * lmdb_server.c — the floor for Herald's socket ingest: a minimal group-commit server on LMDB, no Herald code, the
 * design the ingest issue's targets were set with. It speaks Herald's socket protocol closely enough for the
 * benchmark's generators: each request line is stored as it is (no JSON parsing, no envelope), and each gets one
 * reply line `{"EventId":"N"}` once the commit holding it is durable.
 *
 *     lmdb_server SOCKET DIR [--headroom-mib N] [--acks-from-writer]
 *
 * - One epoll thread reads every connection and queues complete lines.
 * - One writer thread takes everything queued (no linger, as Redis's event loop: whatever arrived during the last
 *   commit is the next group), appends it with MDB_APPEND in one transaction and commits with LMDB's default,
 *   fully durable settings (data pages fdatasync'ed, then the meta page written through LMDB's O_DSYNC descriptor:
 *   two device flushes; never MDB_NOSYNC / MDB_NOMETASYNC / MDB_WRITEMAP).
 * - The writer hands each committed group to the epoll thread (a list and an eventfd, as Herald hands its acks to
 *   the connection's event loop), which writes the replies, and starts the next commit at once.
 *   --acks-from-writer makes the writer write the replies itself instead: measured slower on a 2-vCPU box (each
 *   reply wakes a producer that preempts the writer before its next commit; session 21: 20.3k against 26.2k events/s,
 *   5 alternating pairs of 16 one-at-a-time producers).
 * - A third thread keeps data.mdb written ahead of LMDB's last page (256 KiB of zeros at a time, under LMDB's write
 *   lock, up to --headroom-mib, default 64), as Herald's DataFilePreallocator does, so that a commit's fdatasync
 *   overwrites written blocks instead of extending the file (on ext4 an extending fdatasync also commits the
 *   journal, or writes the inode without one). --headroom-mib 0 turns it off.
 *
 * Prints "lmdb-server ready socket=PATH" once listening; SIGTERM/SIGINT exits, printing
 * "lmdb-server commits=N events=M" to stderr. A benchmark reference, not a product:
 * no limits beyond a 1 MiB line, no auth.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <lmdb.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define MAX_LINE (1 << 20)
#define CHECK(call) do { int rc_ = (call); if (rc_) { fprintf(stderr, "%s: %s\n", #call, mdb_strerror(rc_)); exit(1); } } while (0)

typedef struct connection {
    int fd;
    char *buffer;             /* bytes read, not yet a complete line */
    size_t length, capacity;
    int pending;              /* lines queued, not yet answered (guarded by queue_lock) */
    int closed;               /* the reader saw EOF or an error (guarded by queue_lock) */
} connection_t;

typedef struct request {
    connection_t *connection;
    char *line;
    size_t length;
    uint64_t id;              /* the sequence assigned at commit */
    struct request *next;
} request_t;

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t queue_ready = PTHREAD_COND_INITIALIZER;
static request_t *queue_head, *queue_tail;
static MDB_env *env;
static MDB_dbi dbi;
static char data_file[4096];
static size_t headroom;
static volatile sig_atomic_t stopping;
static uint64_t commits, committed_events; /* writer thread only; printed at exit */
static int ack_hop = 1, hop_fd;            /* committed groups go to the epoll thread through hop_fd (unless --acks-from-writer) */
static request_t *done_head, *done_tail;   /* committed groups waiting for their replies; guarded by queue_lock */

static void release_if_done(connection_t *c) {
    /* Called with queue_lock held. */
    if (c->closed && c->pending == 0) {
        close(c->fd);
        free(c->buffer);
        free(c);
    }
}

/* Writes all of `bytes` to a non-blocking socket, waiting in poll() while it is full (bounded: 10 s). */
static void write_all(int fd, const char *bytes, size_t length) {
    while (length > 0) {
        ssize_t n = write(fd, bytes, length);
        if (n > 0) {
            bytes += n;
            length -= (size_t)n;
        } else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
            struct pollfd p = {.fd = fd, .events = POLLOUT};
            if (poll(&p, 1, 10000) <= 0) return;
        } else {
            return; /* the peer went away: its replies are dropped, as a server drops them */
        }
    }
}

/* Writes each committed request's reply, in order, and frees the requests. */
static void answer_group(request_t *r) {
    char reply[64];
    while (r) {
        int length = snprintf(reply, sizeof reply, "{\"EventId\":\"%llu\"}\n", (unsigned long long)r->id);
        write_all(r->connection->fd, reply, (size_t)length);
        pthread_mutex_lock(&queue_lock);
        r->connection->pending--;
        release_if_done(r->connection);
        pthread_mutex_unlock(&queue_lock);
        request_t *next = r->next;
        free(r);
        r = next;
    }
}

static void *writer_main(void *unused) {
    (void)unused;
    uint64_t sequence = 0;
    for (;;) {
        pthread_mutex_lock(&queue_lock);
        while (!queue_head && !stopping) pthread_cond_wait(&queue_ready, &queue_lock);
        request_t *group = queue_head;
        queue_head = queue_tail = NULL;
        pthread_mutex_unlock(&queue_lock);
        if (!group) return NULL;

        MDB_txn *txn;
        CHECK(mdb_txn_begin(env, NULL, 0, &txn));
        uint64_t first = sequence + 1;
        for (request_t *r = group; r; r = r->next) {
            r->id = ++sequence;
            uint64_t key = __builtin_bswap64(r->id);
            MDB_val k = {sizeof key, &key}, v = {r->length, r->line};
            CHECK(mdb_put(txn, dbi, &k, &v, MDB_APPEND));
        }
        CHECK(mdb_txn_commit(txn)); /* durable: data synced, then the meta page through the O_DSYNC descriptor */
        commits++;
        committed_events += sequence - first + 1;

        request_t *last = group;
        for (request_t *r = group; r; r = r->next) {
            free(r->line);
            r->line = NULL;
            last = r;
        }
        if (!ack_hop) {
            answer_group(group);
            continue;
        }
        pthread_mutex_lock(&queue_lock);
        int was_empty = done_head == NULL;
        if (done_tail) done_tail->next = group; else done_head = group;
        done_tail = last;
        pthread_mutex_unlock(&queue_lock);
        if (was_empty) {
            uint64_t one = 1;
            (void)!write(hop_fd, &one, sizeof one);
        }
    }
}

/* Keeps data.mdb zero-filled ahead of LMDB's last page (see the header comment). */
static void *preallocator_main(void *unused) {
    (void)unused;
    static char zeros[256 << 10];
    int fd = open(data_file, O_WRONLY | O_CLOEXEC);
    if (fd < 0) { perror("open data.mdb"); return NULL; }
    while (!stopping) {
        int wrote = 0;
        for (;;) {
            MDB_txn *txn;
            if (mdb_txn_begin(env, NULL, 0, &txn) != 0) break; /* holds LMDB's write lock until the abort */
            MDB_envinfo info;
            MDB_stat st;
            mdb_env_info(env, &info);
            mdb_env_stat(env, &st);
            struct stat file;
            fstat(fd, &file);
            off_t live_end = (off_t)(info.me_last_pgno + 1) * st.ms_psize;
            off_t from = file.st_size > live_end ? file.st_size : live_end;
            from = (from + st.ms_psize - 1) / st.ms_psize * st.ms_psize;
            int more = from < live_end + (off_t)headroom && from + (off_t)sizeof zeros <= (off_t)info.me_mapsize;
            if (more) more = pwrite(fd, zeros, sizeof zeros, from) == (ssize_t)sizeof zeros;
            mdb_txn_abort(txn);
            if (!more) break;
            wrote = 1;
        }
        if (wrote) fdatasync(fd); /* the new size, so that commits overwriting these blocks find it done */
        usleep(10000);
    }
    close(fd);
    return NULL;
}

static void on_signal(int signal) {
    (void)signal;
    stopping = 1;
}

/* Queues every complete line in the connection's buffer. */
static void queue_lines(connection_t *c) {
    size_t start = 0;
    request_t *head = NULL, *tail = NULL;
    int count = 0;
    for (;;) {
        char *newline = memchr(c->buffer + start, '\n', c->length - start);
        if (!newline) break;
        size_t length = (size_t)(newline - (c->buffer + start));
        request_t *r = malloc(sizeof *r);
        r->connection = c;
        r->length = length;
        r->line = malloc(length ? length : 1);
        memcpy(r->line, c->buffer + start, length);
        r->next = NULL;
        if (tail) tail->next = r; else head = r;
        tail = r;
        count++;
        start += length + 1;
    }
    if (start > 0) {
        memmove(c->buffer, c->buffer + start, c->length - start);
        c->length -= start;
    }
    if (!head) return;
    pthread_mutex_lock(&queue_lock);
    c->pending += count;
    if (queue_tail) queue_tail->next = head; else queue_head = head;
    queue_tail = tail;
    pthread_cond_signal(&queue_ready);
    pthread_mutex_unlock(&queue_lock);
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: lmdb_server SOCKET DIR [--headroom-mib N] [--acks-from-writer]\n"); return 2; }
    const char *socket_path = argv[1], *directory = argv[2];
    headroom = (size_t)64 << 20;
    for (int i = 3; i < argc; i++) {
        if (strcmp(argv[i], "--headroom-mib") == 0 && i + 1 < argc) headroom = (size_t)atoi(argv[++i]) << 20;
        else if (strcmp(argv[i], "--acks-from-writer") == 0) ack_hop = 0;
    }
    signal(SIGPIPE, SIG_IGN);
    struct sigaction action = {.sa_handler = on_signal};
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGINT, &action, NULL);

    mkdir(directory, 0700);
    snprintf(data_file, sizeof data_file, "%s/data.mdb", directory);
    CHECK(mdb_env_create(&env));
    CHECK(mdb_env_set_mapsize(env, (size_t)64 << 30));
    CHECK(mdb_env_open(env, directory, MDB_NOTLS, 0600));
    MDB_txn *txn;
    CHECK(mdb_txn_begin(env, NULL, 0, &txn));
    CHECK(mdb_dbi_open(txn, NULL, 0, &dbi));
    CHECK(mdb_txn_commit(txn));

    int listener = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    struct sockaddr_un address = {.sun_family = AF_UNIX};
    strncpy(address.sun_path, socket_path, sizeof address.sun_path - 1);
    unlink(socket_path);
    if (bind(listener, (struct sockaddr *)&address, sizeof address) != 0 || listen(listener, 1024) != 0) {
        perror("bind/listen");
        return 1;
    }
    int epoll = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event event = {.events = EPOLLIN, .data.ptr = NULL};
    epoll_ctl(epoll, EPOLL_CTL_ADD, listener, &event);
    if (ack_hop) {
        hop_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        struct epoll_event e = {.events = EPOLLIN, .data.ptr = &hop_fd};
        epoll_ctl(epoll, EPOLL_CTL_ADD, hop_fd, &e);
    }

    pthread_t writer, preallocator;
    pthread_create(&writer, NULL, writer_main, NULL);
    if (headroom > 0) pthread_create(&preallocator, NULL, preallocator_main, NULL);
    printf("lmdb-server ready socket=%s\n", socket_path);
    fflush(stdout);

    struct epoll_event events[64];
    while (!stopping) {
        int n = epoll_wait(epoll, events, 64, 200);
        for (int i = 0; i < n; i++) {
            connection_t *c = events[i].data.ptr;
            if (c == (connection_t *)&hop_fd) {
                uint64_t count;
                (void)!read(hop_fd, &count, sizeof count);
                pthread_mutex_lock(&queue_lock);
                request_t *group = done_head;
                done_head = done_tail = NULL;
                pthread_mutex_unlock(&queue_lock);
                answer_group(group);
                continue;
            }
            if (!c) {
                int fd;
                while ((fd = accept4(listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
                    connection_t *fresh = calloc(1, sizeof *fresh);
                    fresh->fd = fd;
                    fresh->capacity = 64 << 10;
                    fresh->buffer = malloc(fresh->capacity);
                    struct epoll_event e = {.events = EPOLLIN, .data.ptr = fresh};
                    epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &e);
                }
                continue;
            }
            for (;;) {
                if (c->capacity - c->length < 16 << 10 && c->capacity < MAX_LINE * 2) {
                    c->capacity *= 2;
                    c->buffer = realloc(c->buffer, c->capacity);
                }
                ssize_t got = read(c->fd, c->buffer + c->length, c->capacity - c->length);
                if (got > 0) {
                    c->length += (size_t)got;
                    queue_lines(c);
                    if (c->length >= MAX_LINE) c->length = 0; /* an over-long line is dropped */
                    continue;
                }
                if (got < 0 && errno == EAGAIN) break;
                if (got < 0 && errno == EINTR) continue;
                epoll_ctl(epoll, EPOLL_CTL_DEL, c->fd, NULL);
                pthread_mutex_lock(&queue_lock);
                c->closed = 1;
                release_if_done(c);
                pthread_mutex_unlock(&queue_lock);
                break;
            }
        }
    }
    pthread_mutex_lock(&queue_lock);
    pthread_cond_broadcast(&queue_ready);
    pthread_mutex_unlock(&queue_lock);
    pthread_join(writer, NULL);
    if (headroom > 0) pthread_join(preallocator, NULL);
    mdb_env_close(env);
    unlink(socket_path);
    fprintf(stderr, "lmdb-server commits=%llu events=%llu\n", (unsigned long long)commits, (unsigned long long)committed_events);
    return 0;
}
