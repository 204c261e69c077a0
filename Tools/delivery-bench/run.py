#!/usr/bin/env python3
"""Herald delivery benchmark: deliveries/s and end-to-end latency to a loopback HTTP sink, `wrk` straight at the
same sink for the ratio, and (unless --no-recovery) the restart figure after `kill -9` with a large backlog.

    python3 Tools/delivery-bench/run.py                 # builds herald in .build-bench
    python3 Tools/delivery-bench/run.py --herald PATH --json out.json

Phases (everything on 127.0.0.1 / Unix sockets in temp dirs; every loop bounded in time):
  fan-out     1 rule → 10 http targets on the sink; events offered at --fanout-rate (2,000/s) for --fanout-seconds,
              then a burst of --burst events as fast as the socket takes them: deliveries/s sustained and at capacity
  latency     1 rule → 1 target; events offered at 1,000 / 5,000 / 10,000 per s; each event's detail carries its
              send time (CLOCK_REALTIME ns); the sink records receive − send: end-to-end p50/p99
  wrk         wrk -t2 -c64 straight at the same sink (keep-alive): the ceiling of this box's loopback HTTP
              (the fan-out phase also runs wrk -c64 right before its burst, once the ledger has caught up, and gives
              the capacity ratio against that too: the box's speed drifts within minutes)
  recovery    put --recovery-events with the target held (the sink reads requests but never answers), kill -9,
              restart: time until the socket acks a new event, and until the sink receives the first delivery
"""
from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import multiprocessing as mp
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "ingest-bench"))
import benchlib as B  # noqa: E402


# ---------------------------------------------------------------------------------------------- helpers


def api(port: int, operation: str, body: dict) -> dict:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("POST", "/", json.dumps(body), {"X-Amz-Target": f"AWSEvents.{operation}",
                                                       "Content-Type": "application/x-amz-json-1.1"})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"{operation} failed: {response.status} {data[:300]!r}")
    return json.loads(data or b"{}")


def log_commits(http_port: int) -> float:
    """The log writer's commits since start (`herald_log_commits` on /metrics), or NaN if not exposed."""
    try:
        connection = http.client.HTTPConnection("127.0.0.1", http_port, timeout=10)
        connection.request("GET", "/metrics")
        text = connection.getresponse().read().decode()
        connection.close()
        for line in text.splitlines():
            if line.startswith("herald_log_commits "):
                return float(line.split()[1])
    except OSError:
        pass
    return float("nan")


def out_cpu_us(cpu_seconds_used: float, deliveries: int) -> float:
    """CPU microseconds per delivery."""
    return cpu_seconds_used * 1e6 / max(1, deliveries)


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def sink_get(port: int, path: str) -> dict:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path)
    data = connection.getresponse().read()
    connection.close()
    return json.loads(data)


def start_sink(binary: str, port: int = 0, hold: bool = False, out: str | None = None) -> tuple[subprocess.Popen, int]:
    args = [binary, "--http", str(port)] + (["--hold"] if hold else []) + (["--out", out] if out else [])
    process = subprocess.Popen(args, stdout=subprocess.PIPE)
    return process, int(B.wait_line(process, "sink ready", 10).split("port=")[1])


def setup_rule(http_port: int, name: str, source: str, urls: list[str]) -> None:
    api(http_port, "PutRule", {"Name": name, "EventPattern": json.dumps({"source": [source]}), "State": "ENABLED"})
    result = api(http_port, "PutTargets", {"Rule": name, "Targets": [{"Id": f"t{i}", "Arn": url} for i, url in enumerate(urls)]})
    if result.get("FailedEntryCount"):
        raise RuntimeError(f"PutTargets failed: {result}")


def event_line(source: str, size: int, stamp: int) -> bytes:
    head = '{"Source":"' + source + '","DetailType":"bench","Detail":{"bench_t_ns":' + str(stamp) + ',"pad":"'
    tail = '"}}\n'
    return (head + "x" * max(0, size - len(head) - len(tail)) + tail).encode()


# ---------------------------------------------------------------------------------------------- paced producer


async def _produce(socket_path: str, source: str, rate: float, seconds: float, size: int, connections: int, max_events: int) -> dict:
    """Offers `rate` events/s (open loop, 1 ms ticks) over `connections` pipelined socket connections; each line is
    stamped with its send time. rate <= 0 means as fast as the acks allow (≤ 256 in flight per connection)."""
    streams = [await asyncio.open_unix_connection(socket_path, limit=1 << 22) for _ in range(connections)]
    acked = [0]
    errors = [0]
    progress = asyncio.Event()
    sent = 0
    in_flight = [0] * connections

    async def read_acks(i: int) -> None:
        reader = streams[i][0]
        while True:
            data = await reader.read(1 << 20)
            if not data:
                return
            n = data.count(b"\n")
            errors[0] += data.count(b"ErrorCode")
            acked[0] += n
            in_flight[i] -= n
            progress.set()

    readers = [asyncio.create_task(read_acks(i)) for i in range(connections)]
    start = time.perf_counter()
    deadline = start + seconds
    turn = 0
    while sent < max_events:
        now = time.perf_counter()
        if now >= deadline:
            break
        if rate > 0:
            due = min(max_events, int((now - start) * rate)) - sent
        else:
            due = min(max_events - sent, sum(max(0, 256 - f) for f in in_flight))
        while due > 0:
            i = turn % connections
            turn += 1
            k = min(due, 64) if rate <= 0 else min(due, max(1, int(rate / 1000 / connections) + 1))
            if rate <= 0 and in_flight[i] >= 256:
                k = 0
            if k:
                stamp = time.time_ns()
                streams[i][1].write(b"".join(event_line(source, size, stamp) for _ in range(k)))
                in_flight[i] += k
                sent += k
                due -= k
            elif all(f >= 256 for f in in_flight):
                break
        if rate > 0:
            await asyncio.sleep(0.0005)
        elif all(f >= 256 for f in in_flight):
            progress.clear()  # single-threaded: no ack can slip in between the check and the wait
            try:
                await asyncio.wait_for(progress.wait(), timeout=1.0)
            except TimeoutError:
                pass
        else:
            await asyncio.sleep(0)
    send_seconds = time.perf_counter() - start
    drain_deadline = time.perf_counter() + 30
    while acked[0] < sent and time.perf_counter() < drain_deadline:
        await asyncio.sleep(0.005)
    for r in readers:
        r.cancel()
    for _, writer in streams:
        writer.close()
    return {"sent": sent, "acked": acked[0], "errors": errors[0], "send_seconds": send_seconds,
            "acked_seconds": time.perf_counter() - start}


def _produce_process(queue, *args) -> None:
    try:
        queue.put(asyncio.run(_produce(*args)))
    except BaseException as error:
        queue.put({"error": repr(error)})


# The C paced producer (producer.c), compiled by main(); None: the asyncio producer above.
PRODUCER_C: str | None = None


class Producer:
    """The paced producer in its own process (so the parent can poll the sink meanwhile): the C one (producer.c) for
    paced runs when it was built, else the asyncio one (always for rate <= 0, the burst)."""

    def __init__(self, socket_path: str, source: str, rate: float, seconds: float, size: int = 1024, connections: int = 8,
                 max_events: int = 10_000_000):
        self.c_process = None
        if PRODUCER_C and rate > 0 and max_events >= rate * seconds:
            self.c_process = subprocess.Popen(
                [PRODUCER_C, "--unix", socket_path, "--source", source, "--rate", str(rate), "--seconds", str(seconds),
                 "--size", str(size), "--connections", str(connections)], stdout=subprocess.PIPE, text=True)
            return
        ctx = mp.get_context("fork")
        self.queue = ctx.Queue()
        self.process = ctx.Process(target=_produce_process,
                                   args=(self.queue, socket_path, source, rate, seconds, size, connections, max_events))
        self.process.start()

    def result(self, timeout: float) -> dict:
        if self.c_process:
            out, _ = self.c_process.communicate(timeout=timeout)
            if self.c_process.returncode != 0:
                raise RuntimeError(f"producer failed ({self.c_process.returncode}): {out[:300]}")
            return json.loads(out)
        result = self.queue.get(timeout=timeout)
        self.process.join(timeout=10)
        if "error" in result:
            raise RuntimeError(f"producer failed: {result['error']}")
        return result


def wait_count(sink_port: int, expected: int, timeout: float, samples: list | None = None) -> dict:
    """Polls the sink until it has `expected` requests or `timeout` passes; returns the last stats."""
    deadline = time.monotonic() + timeout
    while True:
        stats = sink_get(sink_port, "/__stats")
        if samples is not None:
            samples.append((time.monotonic(), stats["count"]))
        if stats["count"] >= expected or time.monotonic() >= deadline:
            return stats
        time.sleep(0.1)


# ---------------------------------------------------------------------------------------------- phases


def phase_fanout(args, herald: B.Server, sink_port: int) -> dict:
    http_port, sock = herald.info["http_port"], herald.info["socket"]
    urls = [f"http://127.0.0.1:{sink_port}/t{i}" for i in range(10)]
    setup_rule(http_port, "bench-fanout", "bench.fanout", urls)
    time.sleep(1.0)  # let the engine start the ten target workers
    out = {}
    # (a) offered rate
    sink_reset(sink_port)
    load = B.loadavg()
    samples: list = []
    producer = Producer(sock, "bench.fanout", args.fanout_rate, args.fanout_seconds)
    wait_count(sink_port, 1 << 62, args.fanout_seconds, samples)
    produced = producer.result(60)
    expected = produced["acked"] * 10
    stats = wait_count(sink_port, expected, 60, samples)
    window = [(t, c) for t, c in samples if samples[0][0] + 1.0 <= t <= samples[0][0] + args.fanout_seconds]
    steady = (window[-1][1] - window[0][1]) / (window[-1][0] - window[0][0]) if len(window) > 1 else float("nan")
    lag_end = expected - next((c for t, c in samples if t >= samples[0][0] + args.fanout_seconds), stats["count"])
    out["offered"] = {"rate": args.fanout_rate, "seconds": args.fanout_seconds, "events_acked": produced["acked"],
                      "put_errors": produced["errors"], "deliveries_expected": expected, "delivered": stats["count"],
                      "steady_deliveries_per_s": steady, "backlog_when_puts_stopped": lag_end,
                      "drain_s_after_puts": samples[-1][0] - samples[0][0] - args.fanout_seconds, "loadavg": load}
    B.log(f"  offered {args.fanout_rate:,}/s × 10 targets: steady {steady:,.0f} deliveries/s; "
          f"{stats['count']:,}/{expected:,} delivered; backlog when puts stopped {lag_end:,}; load {load}")
    # The baseline for the capacity ratio, measured right before the burst (the box's speed drifts within minutes):
    # wrk -c64 at the same sink, once the ledger has taken the offered phase's events (so it does not run meanwhile).
    # (wrk is installed at start, by ensure_commands.)
    B.wait_ledger_caught_up(http_port, timeout=60)
    out["wrk_before_burst"] = run_wrk(args, sink_port, 64)
    B.log(f"  wrk -t2 -c64 right before the burst: {out['wrk_before_burst']['requests_per_s']:,.0f} req/s; "
          f"load {out['wrk_before_burst']['loadavg']}")
    # (b) burst: as fast as the socket takes them, then the delivery rate until everything is delivered
    sink_reset(sink_port)
    load = B.loadavg()
    samples = []
    cpu_before, cpu_t0 = cpu_seconds(herald.process.pid), time.monotonic()
    producer = Producer(sock, "bench.fanout", 0, 30, max_events=args.burst)
    produced = producer.result(90)
    expected = produced["acked"] * 10
    stats = wait_count(sink_port, expected, args.burst_timeout, samples)
    cpu_used = cpu_seconds(herald.process.pid) - cpu_before
    cpu_cores = cpu_used / (time.monotonic() - cpu_t0)
    seconds = (stats["last_ns"] - stats["first_ns"]) / 1e9 if stats["count"] > 1 else float("nan")
    rate = stats["count"] / seconds if seconds else float("nan")
    out["burst"] = {"events": produced["acked"], "put_seconds": produced["acked_seconds"], "deliveries_expected": expected,
                    "delivered": stats["count"], "delivery_seconds": seconds, "deliveries_per_s": rate, "loadavg": load, "herald_cpu_cores": cpu_cores,
                    "herald_cpu_us_per_delivery": cpu_used * 1e6 / max(1, stats["count"]), "loadavg_end": B.loadavg()}
    B.log(f"  burst of {produced['acked']:,} events (put in {produced['acked_seconds']:.1f} s): {stats['count']:,}/{expected:,} "
          f"delivered at {rate:,.0f} deliveries/s (first→last receive {seconds:.1f} s); herald used {cpu_cores:.2f} cores "
          f"(ingest + delivery), {out_cpu_us(cpu_used, stats['count']):.1f} CPU µs per delivery; load {load}")
    api(http_port, "RemoveTargets", {"Rule": "bench-fanout", "Ids": [f"t{i}" for i in range(10)]})
    api(http_port, "DeleteRule", {"Name": "bench-fanout"})
    return out


def phase_latency(args, herald: B.Server, sink_port: int, dump: str) -> list:
    http_port, sock = herald.info["http_port"], herald.info["socket"]
    setup_rule(http_port, "bench-latency", "bench.latency", [f"http://127.0.0.1:{sink_port}/lat"])
    time.sleep(1.0)
    rows = []
    for rate in args.latency_rates:
        # The ledger indexes every event and delivery after the fact; after the fan-out burst (or the previous rate)
        # it may still be catching up. Wait for it, as the ingest bench does, so that each rate is measured with the
        # ledger keeping pace with that rate, not digesting the previous phase.
        waited = B.wait_ledger_caught_up(http_port)
        if waited is not None and waited >= 0.5:
            B.log(f"  (ledger caught up {waited:.1f} s before this rate)")
        sink_reset(sink_port)
        load = B.loadavg()
        cpu_before, started, commits_before = cpu_seconds(herald.process.pid), time.monotonic(), log_commits(http_port)
        producer = Producer(sock, "bench.latency", rate, args.latency_seconds, size=args.latency_size)
        produced = producer.result(args.latency_seconds + 60)
        stats = wait_count(sink_port, produced["acked"], 30)
        cpu_used, elapsed = cpu_seconds(herald.process.pid) - cpu_before, time.monotonic() - started
        commits = log_commits(http_port) - commits_before
        sink_get(sink_port, "/__dump")
        with open(dump, "rb") as f:
            data = f.read()
        lat = sorted(struct.unpack(f"{len(data) // 8}q", data))
        skip = int(len(lat) * 0)  # all samples count (the first ones include the workers' wake-up)
        lat = lat[skip:]
        row = {"offered_per_s": rate, "achieved_put_per_s": produced["acked"] / produced["send_seconds"], "events": produced["acked"],
               "delivered": stats["count"], "p50_ms": B.percentile(lat, 50) / 1e6, "p90_ms": B.percentile(lat, 90) / 1e6,
               "p99_ms": B.percentile(lat, 99) / 1e6, "max_ms": (lat[-1] / 1e6) if lat else float("nan"), "loadavg": load,
               "herald_cpu_cores": cpu_used / elapsed, "herald_cpu_us_per_event": out_cpu_us(cpu_used, produced["acked"]),
               "log_commits_per_s": commits / elapsed}
        rows.append(row)
        B.log(f"  {rate:>6,}/s offered ({row['achieved_put_per_s']:,.0f}/s put): {stats['count']:,}/{produced['acked']:,} delivered, "
              f"e2e p50 {row['p50_ms']:.2f} ms p90 {row['p90_ms']:.2f} ms p99 {row['p99_ms']:.2f} ms max {row['max_ms']:.1f} ms; "
              f"herald {row['herald_cpu_cores']:.2f} cores, {row['herald_cpu_us_per_event']:.0f} µs CPU/event (put + deliver + ledger), "
              f"{row['log_commits_per_s']:,.0f} log commits/s; load {load}")
    api(http_port, "RemoveTargets", {"Rule": "bench-latency", "Ids": ["t0"]})
    api(http_port, "DeleteRule", {"Name": "bench-latency"})
    return rows


def run_wrk(args, sink_port: int, connections: int) -> dict:
    """`wrk -t2 -cN` straight at the sink for --wrk-seconds: requests/s."""
    load = B.loadavg()
    out = subprocess.run([B.which("wrk"), "-t2", f"-c{connections}", f"-d{args.wrk_seconds}s", "--latency",
                          f"http://127.0.0.1:{sink_port}/wrk"], capture_output=True, text=True, timeout=args.wrk_seconds + 30).stdout
    rps = float(next(line.split()[1] for line in out.splitlines() if line.startswith("Requests/sec")))
    return {"connections": connections, "requests_per_s": rps, "loadavg": load}


def phase_wrk(args, sink_port: int) -> list:
    rows = []
    for connections in (64, 10):
        row = run_wrk(args, sink_port, connections)
        rows.append(row)
        B.log(f"  wrk -t2 -c{connections}: {row['requests_per_s']:,.0f} req/s; load {row['loadavg']}")
    return rows


def try_put(path: str, line: bytes, timeout: float) -> bool:
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(timeout)
            s.connect(path)
            s.sendall(line)
            return b"EventId" in s.recv(4096)
    except OSError:
        return False


def phase_recovery(args, binary: str, sink_binary: str, work: str) -> dict:
    data = os.path.join(work, "recovery-data")
    hold, port = start_sink(sink_binary, hold=True)
    herald = B.start_herald(binary, data, log_path=os.path.join(work, "recovery.log"))
    sink = None
    try:
        setup_rule(herald.info["http_port"], "bench-recovery", "bench.recovery", [f"http://127.0.0.1:{port}/rec"])
        time.sleep(1.0)
        load = B.loadavg()
        producer = Producer(herald.info["socket"], "bench.recovery", 0, args.recovery_put_seconds, size=args.recovery_size,
                            connections=16, max_events=args.recovery_events)
        produced = producer.result(args.recovery_put_seconds + 60)
        B.log(f"  put {produced['acked']:,} events of {args.recovery_size} B in {produced['acked_seconds']:.1f} s "
              f"({produced['acked'] / produced['acked_seconds']:,.0f}/s) with the target held; load {load}")
        herald.stop(kill=True)  # kill -9
        hold.kill()
        hold.wait()
        sink, _ = start_sink(sink_binary, port=port)
        line = event_line("bench.recovery-probe", 256, time.time_ns())
        t0 = time.monotonic()
        log = open(os.path.join(work, "recovery.log"), "ab")
        process = subprocess.Popen([binary, "serve", "--data-dir", data, "--http", f"127.0.0.1:{B.free_port()}", "--log-level", "warning"],
                                   stdout=subprocess.DEVNULL, stderr=log)
        restarted = B.Server("herald", process)
        accepted = delivered = None
        deadline = t0 + 60
        while time.monotonic() < deadline and (accepted is None or delivered is None):
            if accepted is None and try_put(herald.info["socket"], line, 1.0):
                accepted = time.monotonic() - t0
            if delivered is None and sink_get(port, "/__stats")["count"] > 0:
                delivered = time.monotonic() - t0
            time.sleep(0.001)
        # the backlog's delivery rate for a few seconds
        c0, t1 = sink_get(port, "/__stats")["count"], time.monotonic()
        time.sleep(args.recovery_drain_seconds)
        c1, t2 = sink_get(port, "/__stats")["count"], time.monotonic()
        restarted.stop(kill=True)
        out = {"events": produced["acked"], "event_size": args.recovery_size, "put_seconds": produced["acked_seconds"],
               "socket_acks_after_s": accepted, "first_delivery_after_s": delivered,
               "backlog_deliveries_per_s": (c1 - c0) / (t2 - t1), "loadavg": load, "loadavg_end": B.loadavg(),
               "data_bytes": sum(os.path.getsize(os.path.join(dp, f)) for dp, _, fs in os.walk(data) for f in fs)}
        fmt = lambda v: f"{v * 1000:,.0f} ms" if v is not None else "never (60 s)"  # noqa: E731
        B.log(f"  after kill -9 and restart: socket acked a new event after {fmt(accepted)}, first delivery after {fmt(delivered)}; "
              f"backlog then delivered at {out['backlog_deliveries_per_s']:,.0f}/s")
        return out
    finally:
        herald.stop(kill=True)
        hold.kill()
        if sink:
            sink.send_signal(signal.SIGTERM)
            sink.wait(timeout=10)


# ---------------------------------------------------------------------------------------------- allocations

DELIVERED_BEFORE_RESETS = 0


def sink_reset(port: int) -> None:
    """Zeroes the sink's counters, keeping the running total of deliveries (for per-delivery figures)."""
    global DELIVERED_BEFORE_RESETS
    DELIVERED_BEFORE_RESETS += sink_get(port, "/__stats")["count"]
    sink_get(port, "/__reset")


def delivered_total(port: int) -> int:
    return DELIVERED_BEFORE_RESETS + sink_get(port, "/__stats")["count"]


JEMALLOC = "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2"


def malloc_stats_env() -> dict[str, str]:
    """The environment that runs herald on jemalloc, printing its statistics as JSON at exit."""
    if not os.path.exists(JEMALLOC):
        B.install_packages(["libjemalloc2"])
    # J: JSON; a, d, x, e: leave out per-arena, destroyed-arena, mutex and extent sections (the merged bins remain).
    return dict(os.environ, LD_PRELOAD=JEMALLOC, MALLOC_CONF="stats_print:true,stats_print_opts:Jadxe")


def malloc_report(log_path: str, deliveries: int) -> dict:
    """Reads jemalloc's exit statistics from herald's log: allocations (tcache included) and bytes per delivery."""
    with open(log_path, errors="replace") as f:
        text = f.read()
    start = text.rfind('{"jemalloc"')
    if start < 0 or deliveries == 0:
        B.log("  allocations: no jemalloc statistics in herald's log (did it exit gracefully?)")
        return {}
    stats, _ = json.JSONDecoder().raw_decode(text[start:])
    merged, sizes = stats["jemalloc"]["stats.arenas"]["merged"], stats["jemalloc"]["arenas"]
    counts = [(b["nrequests"], sizes["bin"][i]["size"]) for i, b in enumerate(merged["bins"])]
    counts += [(l.get("nrequests", 0), sizes["lextent"][i]["size"]) for i, l in enumerate(merged.get("lextents", []))]
    total = sum(n for n, _ in counts)
    size_bytes = sum(n * size for n, size in counts)
    top = sorted(counts, reverse=True)[:8]
    out = {"deliveries": deliveries, "allocations": total, "allocations_per_delivery": total / deliveries,
           "bytes_per_delivery": size_bytes / deliveries, "top_size_classes": [{"size": s, "per_delivery": n / deliveries} for n, s in top]}
    B.log(f"  allocations (jemalloc, whole run incl. ingest and the ledger, over {deliveries:,} deliveries): "
          f"{out['allocations_per_delivery']:.1f} per delivery, {out['bytes_per_delivery']:,.0f} bytes per delivery; "
          "most frequent size classes: " + ", ".join(f"{s} B × {n / deliveries:.2f}" for n, s in top))
    return out


# ---------------------------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--herald", help="a built herald binary (default: build release in .build-bench)")
    parser.add_argument("--scratch", default=os.path.join(B.REPO, ".build-bench"))
    parser.add_argument("--fanout-rate", type=int, default=2000)
    parser.add_argument("--fanout-seconds", type=float, default=10)
    parser.add_argument("--burst", type=int, default=20_000, help="events put as fast as possible for the capacity figure")
    parser.add_argument("--burst-timeout", type=float, default=60)
    parser.add_argument("--latency-rates", type=lambda s: [int(x) for x in s.split(",")], default=[1000, 5000, 10000])
    parser.add_argument("--latency-seconds", type=float, default=5)
    parser.add_argument("--latency-size", type=int, default=1024)
    parser.add_argument("--wrk-seconds", type=int, default=5)
    parser.add_argument("--no-recovery", action="store_true")
    parser.add_argument("--recovery-events", type=int, default=1_000_000)
    parser.add_argument("--recovery-size", type=int, default=256, help="bytes per socket line in the recovery phase")
    parser.add_argument("--recovery-put-seconds", type=float, default=90)
    parser.add_argument("--recovery-drain-seconds", type=float, default=3)
    parser.add_argument("--phases", default="fanout,latency,wrk,recovery")
    parser.add_argument("--herald-args", default="", help="extra `herald serve` flags, e.g. --herald-args=--no-ledger")
    parser.add_argument("--json", help="write all raw figures here")
    parser.add_argument("--python-producer", action="store_true", help="pace events with the asyncio producer (as before session 4)")
    parser.add_argument("--malloc-stats", action="store_true",
                        help="run herald on jemalloc (LD_PRELOAD, installs libjemalloc2) and print its allocations per delivery "
                             "over the fan-out and latency phases (timings then come from jemalloc, not glibc's malloc)")
    args = parser.parse_args()
    phases = set(args.phases.split(",")) - ({"recovery"} if args.no_recovery else set())
    started = time.monotonic()

    B.ensure_commands({"wrk": "wrk", "gcc": "gcc"})
    binary = args.herald or B.build_herald(args.scratch)
    work = B.tempdir("herald-delivery-bench-")
    sink_binary = B.compile_c(os.path.join(HERE, "sink.c"), os.path.join(work, "sink"))
    global PRODUCER_C
    PRODUCER_C = None if args.python_producer else B.compile_c(os.path.join(HERE, "producer.c"), os.path.join(work, "producer"))
    B.log("paced producer: " + ("asyncio (Python)" if args.python_producer else "C (producer.c)"))
    report = {"machine": B.machine(), "command": " ".join(sys.argv), "args": vars(args)}
    B.log(f"machine: {report['machine']}")
    dump = os.path.join(work, "latencies.bin")
    sink, sink_port = start_sink(sink_binary, out=dump)
    herald = None
    try:
        if phases & {"fanout", "latency"}:
            herald = B.start_herald(binary, os.path.join(work, "herald-data"), ("--max-targets-per-rule", "10", *args.herald_args.split()),
                                    log_path=os.path.join(work, "herald.log"), env=malloc_stats_env() if args.malloc_stats else None)
            B.log(f"herald: {herald.ready_line} (ready after {herald.info['ready_s'] * 1000:.0f} ms)")
        if "fanout" in phases:
            B.log("fan-out: 1 rule → 10 targets")
            report["fanout"] = phase_fanout(args, herald, sink_port)
        if "latency" in phases:
            B.log("end-to-end latency: 1 rule → 1 target (socket put → sink receives)")
            report["latency"] = phase_latency(args, herald, sink_port, dump)
        if herald:
            herald.stop()
            herald = None
            if args.malloc_stats:
                report["malloc"] = malloc_report(os.path.join(work, "herald.log"), delivered_total(sink_port))
        if "wrk" in phases:
            B.log("wrk straight at the sink (keep-alive)")
            report["wrk"] = phase_wrk(args, sink_port)
        if "recovery" in phases:
            B.log(f"recovery: {args.recovery_events:,} pending events, kill -9, restart")
            report["recovery"] = phase_recovery(args, binary, sink_binary, work)
    finally:
        if herald:
            herald.stop()
        sink.send_signal(signal.SIGTERM)
        sink.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
    report["elapsed_s"] = time.monotonic() - started
    print_summary(report)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=1)


def print_summary(report: dict) -> None:
    B.log("\n## Summary\n")
    B.log("| Figure | Value | Target | load avg (1 min) |")
    B.log("|---|---|---|---|")
    wrk = {r["connections"]: r for r in report.get("wrk", [])}
    if "fanout" in report:
        o, b = report["fanout"]["offered"], report["fanout"]["burst"]
        B.log(f"| deliveries/s, {o['rate']:,} events/s offered × 10 targets (steady) | {o['steady_deliveries_per_s']:,.0f} "
              f"(backlog when puts stopped: {o['backlog_when_puts_stopped']:,}) | ≥ 20,000 | {o['loadavg'].split()[0]} |")
        B.log(f"| deliveries/s at capacity (burst of {b['events']:,} events × 10 targets) | {b['deliveries_per_s']:,.0f} "
              f"(herald {b['herald_cpu_cores']:.2f} cores, {b.get('herald_cpu_us_per_delivery', float('nan')):.1f} CPU µs per delivery, incl. ingest) "
              f"| ≥ 20,000 | {b['loadavg'].split()[0]} |")
        before = report["fanout"].get("wrk_before_burst")
        if before:
            B.log(f"| herald capacity / wrk -c64 at the same sink, measured right before the burst | "
                  f"{b['deliveries_per_s'] / before['requests_per_s']:.0%} (wrk {before['requests_per_s']:,.0f} req/s) | ≥ 50% | "
                  f"{before['loadavg'].split()[0]} |")
        if 64 in wrk:
            B.log(f"| herald capacity / wrk -c64 at the same sink (wrk phase) | {b['deliveries_per_s'] / wrk[64]['requests_per_s']:.0%} | ≥ 50% | |")
    for r in report.get("latency", []):
        B.log(f"| end-to-end p50 / p99 at {r['offered_per_s']:,}/s offered | {r['p50_ms']:.2f} / {r['p99_ms']:.2f} ms "
              f"({r['delivered']:,}/{r['events']:,} delivered) | ≤ 1 / ≤ 5 ms | {r['loadavg'].split()[0]} |")
    for c, r in sorted(wrk.items(), reverse=True):
        B.log(f"| wrk -t2 -c{c} straight at the sink | {r['requests_per_s']:,.0f} req/s | | {r['loadavg'].split()[0]} |")
    if "recovery" in report:
        r = report["recovery"]
        ms = lambda v: f"{v * 1000:,.0f} ms" if v is not None else "never"  # noqa: E731
        B.log(f"| restart after kill -9, {r['events']:,} pending: socket acks a new event | {ms(r['socket_acks_after_s'])} | ≤ 100 ms | "
              f"{r['loadavg'].split()[0]} |")
        B.log(f"| … first delivery reaches the sink | {ms(r['first_delivery_after_s'])} | ≤ 1 s | |")
        B.log(f"| … backlog delivery rate (1 target) | {r['backlog_deliveries_per_s']:,.0f}/s | | |")
    if report.get("malloc"):
        m = report["malloc"]
        B.log(f"| allocations per delivery (jemalloc; whole run, incl. ingest and ledger) | {m['allocations_per_delivery']:.1f} "
              f"({m['bytes_per_delivery']:,.0f} bytes) | | |")
    B.log(f"\nelapsed {report['elapsed_s']:.0f} s; load average at the end {B.loadavg()}")


if __name__ == "__main__":
    main()
