#!/usr/bin/env python3
"""One-at-a-time ingest, two herald binaries alternating: events/s, ack p50/p99, and what each commit cost.

    python3 Tools/ingest-bench/commit-ab.py BINARY_A BINARY_B [--pairs 6] [--seconds 4] [--producers 16] [--client-wait poll]
        [--args-a=--no-ledger] [--args-b=...]   (extra `herald serve` flags for either)

Each run starts a fresh `herald serve` (data directory in a temp dir under $BENCH_TMP, default /tmp), drives it with
the C generator `rounds.c` (PRODUCERS connections, one 1 KiB event in flight each), and prints:

  events/s, ack p50/p99 (ms)     what the producers saw
  commits/s, events per commit   from herald's /metrics (`herald_log_commits`)
  commit ms                      mean time of a group commit (`herald_log_commit_seconds`)
  flushes/s, events per flush    device cache flushes completed (/proc/diskstats) of the data directory's disk

`--client-wait poll` makes the producers wait for each ack in `poll()` (like an event-loop client) instead of a
blocking `read()`; A and B may be the same binary to compare the two kinds of producer (pass `--client-wait-b`).

The binaries alternate (A B A B ...) with a `sync` and a pause before each run, so the disk's slow and quick phases
hit both; the medians of each are printed at the end. Sequential runs, never two at once: they would share the disk.
This is the tool that showed the one-at-a-time rate is bound by the device's flush rate (Docs/benchmarks-ingest.md,
session 8): an LMDB commit is two flushes (data pages, then the meta page), whatever else changes.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib as B  # noqa: E402


def metric(port: int, name: str) -> float:
    return B.herald_metric(port, name) or 0.0


def one_run(binary: str, rounds: str, producers: int, seconds: float, wait: str = "read", extra: tuple[str, ...] = ()) -> dict:
    work = B.tempdir("commit-ab-")
    data = os.path.join(work, "data")
    herald = B.start_herald(binary, data, extra)
    try:
        port = herald.info["http_port"]
        line = B.HeraldSocket(herald.info["socket"])
        B.drive_c(rounds, line, producers, batch=1, warmup=0.3, seconds=1, wait=wait)  # warm-up, not counted
        device = B.disk_name(work)
        f0, c0, s0, t0 = B.disk_flushes(device), metric(port, "herald_log_commits"), metric(port, "herald_log_commit_seconds"), time.time()
        result = B.drive_c(rounds, line, producers, batch=1, warmup=0.0, seconds=seconds, wait=wait)
        f1, c1, s1, elapsed = B.disk_flushes(device), metric(port, "herald_log_commits"), metric(port, "herald_log_commit_seconds"), time.time() - t0
        commits = max(1.0, c1 - c0)
        out = {
            "events_per_s": result.events / result.seconds,
            "p50_ms": B.percentile(result.latencies_ns, 50) / 1e6,
            "p99_ms": B.percentile(result.latencies_ns, 99) / 1e6,
            "commits_per_s": commits / elapsed,
            "events_per_commit": result.events / commits,
            "commit_ms": (s1 - s0) * 1e3 / commits,
        }
        if f0 is not None and f1 is not None and f1 > f0:
            out["flushes_per_s"] = (f1 - f0) / elapsed
            out["events_per_flush"] = result.events / (f1 - f0)
        return out
    finally:
        herald.stop()
        subprocess.run(["rm", "-rf", work], check=False)


def show(label: str, r: dict) -> str:
    text = (f"{label}: {r['events_per_s']:8,.0f} events/s  p50 {r['p50_ms']:.2f} p99 {r['p99_ms']:.2f} ms  "
            f"{r['commits_per_s']:6,.0f} commits/s  {r['events_per_commit']:5.1f} events/commit  commit {r['commit_ms']:.3f} ms")
    if "flushes_per_s" in r:
        text += f"  {r['flushes_per_s']:6,.0f} flushes/s  {r['events_per_flush']:4.1f} events/flush"
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary_a")
    parser.add_argument("binary_b")
    parser.add_argument("--pairs", type=int, default=6)
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--producers", type=int, default=16)
    parser.add_argument("--client-wait", choices=["read", "poll"], default="read", help="how producers wait for an ack (A)")
    parser.add_argument("--client-wait-b", choices=["read", "poll"], help="the same for B (default: as A)")
    parser.add_argument("--args-a", default="", help="extra `herald serve` flags for A, e.g. --args-a=--no-ledger")
    parser.add_argument("--args-b", default="", help="the same for B")
    args = parser.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    rounds_dir = B.tempdir("rounds-bin-")
    try:
        compare(args, B.compile_c(os.path.join(here, "rounds.c"), os.path.join(rounds_dir, "rounds"), ("-pthread",)))
    finally:
        subprocess.run(["rm", "-rf", rounds_dir], check=False)


def compare(args: argparse.Namespace, rounds: str) -> None:
    runs: dict[str, list[dict]] = {"A": [], "B": []}
    waits = {"A": args.client_wait, "B": args.client_wait_b or args.client_wait}
    extras = {"A": tuple(args.args_a.split()), "B": tuple(args.args_b.split())}
    for pair in range(args.pairs):
        for label, binary in (("A", args.binary_a), ("B", args.binary_b)):
            subprocess.run(["sync"], check=False)
            time.sleep(2)
            result = one_run(binary, rounds, args.producers, args.seconds, waits[label], extras[label])
            runs[label].append(result)
            print(show(f"pair {pair + 1} {label}", result), flush=True)
    for label, binary in (("A", args.binary_a), ("B", args.binary_b)):
        median = {key: statistics.median(r[key] for r in runs[label]) for key in runs[label][0] if all(key in r for r in runs[label])}
        flags = f", {' '.join(extras[label])}" if extras[label] else ""
        print(show(f"median {label}", median) + f"  ({binary}{flags}, producers wait in {waits[label]}())")


if __name__ == "__main__":
    main()
