/*
 * lmdb_direct.c — the floor Herald's ingest is compared with: durable LMDB commits straight through the C API,
 * no Herald code. `lmdb_direct DIR BATCH SECONDS [SIZE]` appends SIZE-byte records (default 1024) with
 * MDB_APPEND, BATCH records per fsynced commit (no MDB_NOSYNC), for SECONDS, and prints "records=N seconds=S".
 */
#include <lmdb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#define CHECK(call) do { int rc_ = (call); if (rc_) { fprintf(stderr, "%s: %s\n", #call, mdb_strerror(rc_)); return 1; } } while (0)

int main(int argc, char **argv) {
    if (argc < 4) { fprintf(stderr, "usage: lmdb_direct DIR BATCH SECONDS [SIZE]\n"); return 2; }
    int batch = atoi(argv[2]);
    double seconds = atof(argv[3]);
    size_t size = argc > 4 ? (size_t)atoi(argv[4]) : 1024;
    MDB_env *env;
    MDB_dbi dbi;
    CHECK(mdb_env_create(&env));
    CHECK(mdb_env_set_mapsize(env, (size_t)8 << 30));
    CHECK(mdb_env_open(env, argv[1], 0, 0644));
    char *value = malloc(size);
    memset(value, 'x', size);
    uint64_t seq = 0, records = 0;
    double start = now(), end = start + seconds, t;
    do {
        MDB_txn *txn;
        CHECK(mdb_txn_begin(env, NULL, 0, &txn));
        CHECK(mdb_dbi_open(txn, NULL, 0, &dbi));
        for (int i = 0; i < batch; i++) {
            uint64_t be = __builtin_bswap64(++seq);
            MDB_val k = {sizeof be, &be}, v = {size, value};
            CHECK(mdb_put(txn, dbi, &k, &v, MDB_APPEND));
        }
        CHECK(mdb_txn_commit(txn));
        records += (uint64_t)batch;
    } while ((t = now()) < end);
    printf("records=%llu seconds=%.4f\n", (unsigned long long)records, t - start);
    mdb_env_close(env);
    return 0;
}
