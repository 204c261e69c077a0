#!/usr/bin/env python3
"""Where a server's CPU goes per event, thread by thread, under one rounds workload (producers waiting for each ack).

    python3 Tools/ingest-bench/thread-cpu.py BINARY [--workload one-at-a-time|batch-10] [--seconds 4]
        [--producers 16] [--client-wait read|poll] [--args=--no-ledger]     (extra `herald serve` flags)
    python3 Tools/ingest-bench/thread-cpu.py lmdb-c [...]     the bare C group-commit server on LMDB (lmdb_server.c)

BINARY is a `herald` build (e.g. `.build-bench/release/herald`); `lmdb-c` compiles lmdb_server.c and drives it the
same way (socket only: it has no HTTP front, so no batch-10). The producers are the C generator rounds.c, as in
run.py. After a one-second warm-up it measures one window and prints:

  events/s, ack p50/p99                  what the producers saw
  flushes/s, events per flush            device cache flushes completed (/proc/diskstats) on the data directory's disk
  per thread, per event:                 user and system CPU (µs), voluntary switches (it waited for something),
                                         involuntary ones (it was preempted)
  per thread, wait for a CPU             mean time between becoming runnable and running (µs per time slice, from
                                         /proc/PID/task/TID/schedstat): on a busy box every wake-up pays it

Use it to see which thread a change made cheaper (CPU per event is far steadier than a rate on a noisy box), and
whether a server's wake-ups queue for a CPU. Run it alone: another load on the box changes every figure.
"""
import argparse
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib as B  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def start(system: str, work: str, extra: tuple[str, ...]) -> tuple[B.Server, B.Protocol]:
    """The server (its data in `work`) and the socket workload's protocol."""
    if system == "lmdb-c":
        server = B.start_lmdb_c(B.build_lmdb_server(work), work)
    else:
        server = B.start_herald(system, os.path.join(work, "data"), extra)
    return server, B.HeraldSocket(server.info["socket"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("system", help="a herald binary, or lmdb-c")
    parser.add_argument("--workload", choices=["one-at-a-time", "batch-10"], default="one-at-a-time")
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--producers", type=int, default=16)
    parser.add_argument("--client-wait", choices=["read", "poll"], default="read")
    parser.add_argument("--args", default="", help="extra server flags, e.g. --args=--no-ledger")
    args = parser.parse_args()
    if args.system == "lmdb-c" and args.workload == "batch-10":
        parser.error("lmdb-c has no HTTP front: batch-10 needs a herald binary")
    work = B.tempdir("thread-cpu-")
    server = None
    try:
        rounds = B.compile_c(os.path.join(HERE, "rounds.c"), os.path.join(work, "rounds"), ("-pthread",))
        server, protocol = start(args.system, work, tuple(args.args.split()))
        if args.workload == "batch-10":
            protocol = B.HTTPPutEvents(server.info["http_port"], per_call=10)
        B.drive_c(rounds, protocol, args.producers, batch=1, warmup=0.3, seconds=1, wait=args.client_wait)  # warm-up
        device = B.disk_name(work)
        pid = server.process.pid
        before, flushes_before, started = B.thread_times(pid), B.disk_flushes(device), time.time()
        result = B.drive_c(rounds, protocol, args.producers, batch=1, warmup=0.0, seconds=args.seconds, wait=args.client_wait)
        after, flushes_after, elapsed = B.thread_times(pid), B.disk_flushes(device), time.time() - started
        report(args, result, before, after, flushes_before, flushes_after, elapsed)
    finally:
        if server:
            server.stop()
        subprocess.run(["rm", "-rf", work], check=False)


def report(args, result: B.Result, before: dict, after: dict, flushes_before, flushes_after, elapsed: float) -> None:
    events = max(1, result.events)
    tick_us = 1e6 / os.sysconf("SC_CLK_TCK")
    line = (f"{args.system} {args.workload}, {args.producers} producers waiting in {args.client_wait}(): "
            f"{result.events / result.seconds:,.0f} events/s, ack p50 {B.percentile(result.latencies_ns, 50) / 1e6:.2f} "
            f"p99 {B.percentile(result.latencies_ns, 99) / 1e6:.2f} ms")
    if flushes_before is not None and flushes_after is not None and flushes_after > flushes_before:
        line += f"; {(flushes_after - flushes_before) / elapsed:,.0f} flushes/s, {result.events / (flushes_after - flushes_before):.1f} events/flush"
    print(line)
    print(f"  {'thread':18s} {'user':>6s} {'system':>7s} {'total':>6s}   {'waited':>6s} {'preempted':>9s}   {'wait for a CPU':>14s}")
    print(f"  {'':18s} {'µs/event':>21s}            {'switches/event':>15s}    {'µs per slice':>13s}")
    totals = [0.0, 0.0]
    for tid, now in sorted(after.items(), key=lambda item: item[1].name):
        then = before.get(tid)
        if then is None:
            continue
        user = (now.user_ticks - then.user_ticks) * tick_us / events
        system = (now.system_ticks - then.system_ticks) * tick_us / events
        slices = now.timeslices - then.timeslices
        if user + system < 0.05 and slices < events * 0.01:
            continue
        delay = (now.run_delay_ns - then.run_delay_ns) / slices / 1e3 if slices else 0.0
        totals[0] += user
        totals[1] += system
        print(f"  {now.name:18s} {user:6.1f} {system:7.1f} {user + system:6.1f}   "
              f"{(now.voluntary - then.voluntary) / events:6.2f} {(now.involuntary - then.involuntary) / events:9.2f}   {delay:14.1f}")
    print(f"  {'process':18s} {totals[0]:6.1f} {totals[1]:7.1f} {sum(totals):6.1f}")


if __name__ == "__main__":
    main()
