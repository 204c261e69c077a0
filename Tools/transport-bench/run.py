#!/usr/bin/env python3
"""Herald transport benchmark: requests/s and CPU µs per request of the delivery transports (PooledHTTP1Transport
and AsyncHTTPClientTransport) against the loopback C sink, and `wrk` straight at the same sink for the ratio.

    python3 Tools/transport-bench/run.py                      # builds herald-transport-bench (release) in .build-bench
    python3 Tools/transport-bench/run.py --bench PATH --requests 100000 --repetitions 5 --json out.json

Everything runs on 127.0.0.1; the sink is Tools/delivery-bench/sink.c (compiled with gcc), wrk runs -t2 -c64
before and after the transports (the median of all wrk runs is the reference). Figures are medians over the
repetitions.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "ingest-bench"))
import benchlib as B  # noqa: E402


def build_bench(scratch: str) -> str:
    B.log(f"building herald-transport-bench (release, scratch {scratch}) …")
    started = time.time()
    subprocess.run(["swift", "build", "-c", "release", "--product", "herald-transport-bench", "--scratch-path", scratch],
                   cwd=B.REPO, check=True, stdout=subprocess.DEVNULL)
    B.log(f"  built in {time.time() - started:.0f} s")
    return os.path.join(scratch, "release", "herald-transport-bench")


def run_wrk(port: int, seconds: int, connections: int) -> dict:
    load = B.loadavg()
    out = subprocess.run([B.which("wrk"), "-t2", f"-c{connections}", f"-d{seconds}s", f"http://127.0.0.1:{port}/wrk"],
                         capture_output=True, text=True, timeout=seconds + 30).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    B.log(f"  wrk -t2 -c{connections}: {rate:,.0f} req/s; load {load}")
    return {"requests_per_s": rate, "loadavg": load}


def median(values: list) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", help="a built herald-transport-bench binary (default: build release in .build-bench)")
    parser.add_argument("--scratch", default=os.path.join(B.REPO, ".build-bench"))
    parser.add_argument("--requests", type=int, default=100_000, help="requests per repetition and transport")
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--body-bytes", type=int, default=1024)
    parser.add_argument("--threads", type=int, default=1, help="event loop threads of the transports")
    parser.add_argument("--loops-per-host", type=int, default=1, help="PooledHTTP1Transport's eventLoopsPerHost")
    parser.add_argument("--transports", default="pooled,ahc")
    parser.add_argument("--wrk-seconds", type=int, default=5)
    parser.add_argument("--wrk-repetitions", type=int, default=3, help="wrk runs before and again after the transports")
    parser.add_argument("--json", help="write the raw figures here")
    args = parser.parse_args()

    B.ensure_commands({"wrk": "wrk", "gcc": "gcc"})
    binary = args.bench or build_bench(args.scratch)
    work = B.tempdir("herald-transport-bench-")
    sink_binary = B.compile_c(os.path.join(os.path.dirname(HERE), "delivery-bench", "sink.c"), os.path.join(work, "sink"))
    report = {"machine": B.machine(), "command": " ".join(sys.argv), "args": vars(args)}
    B.log(f"machine: {report['machine']}")
    sink = subprocess.Popen([sink_binary, "--http", "0"], stdout=subprocess.PIPE)
    process = None
    try:
        port = int(B.wait_line(sink, "sink ready", 10).split("port=")[1])
        B.log(f"wrk straight at the sink (-t2 -c64, {args.wrk_seconds} s × {args.wrk_repetitions})")
        wrk_runs = [run_wrk(port, args.wrk_seconds, 64) for _ in range(args.wrk_repetitions)]
        report["wrk"] = {"runs": wrk_runs, "median_requests_per_s": median([r["requests_per_s"] for r in wrk_runs])}
        B.log("transports")
        command = [binary, "--url", f"http://127.0.0.1:{port}/bench", "--requests", str(args.requests), "--repetitions",
                   str(args.repetitions), "--concurrency", str(args.concurrency), "--body-bytes", str(args.body_bytes),
                   "--threads", str(args.threads), "--loops-per-host", str(args.loops_per_host), "--transports", args.transports]
        B.log("  " + " ".join(command))
        process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        results = {}
        for line in process.stdout:
            B.log("  " + line.rstrip())
            if line.startswith("RESULT "):
                fields = {key: quoted or plain for key, quoted, plain in re.findall(r'(\w+)=(?:"([^"]*)"|(\S+))', line[len("RESULT "):])}
                results[fields["transport"]] = {"requests_per_s": float(fields["requests_per_s"]),
                                                "cpu_us_per_request": float(fields["cpu_us_per_request"]), "loadavg": fields["load"]}
        if process.wait(timeout=1800) != 0:
            raise SystemExit(f"herald-transport-bench failed with {process.returncode}")
        report["transports"] = results
        B.log(f"wrk again after the transports ({args.wrk_repetitions} runs), so the ratio is taken over comparable load")
        wrk_runs += [run_wrk(port, args.wrk_seconds, 64) for _ in range(args.wrk_repetitions)]
        report["wrk"] = {"runs": wrk_runs, "median_requests_per_s": median([r["requests_per_s"] for r in wrk_runs])}
    finally:
        if process is not None and process.poll() is None:
            process.kill()
            process.wait(timeout=10)
        sink.terminate()
        sink.wait(timeout=10)
    wrk = report["wrk"]["median_requests_per_s"]
    B.log("")
    B.log("| Transport | requests/s (median) | CPU µs/request (median) | / wrk -t2 -c64 | Load avg at end |")
    B.log("|---|---|---|---|---|")
    for name, r in results.items():
        B.log(f"| {name} | {r['requests_per_s']:,.0f} | {r['cpu_us_per_request']:.1f} | {r['requests_per_s'] / wrk:.0%} | {r['loadavg'].split()[0]} |")
    B.log(f"| wrk -t2 -c64 straight at the sink | {wrk:,.0f} | | 100% | {wrk_runs[-1]['loadavg'].split()[0]} |")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=2)


if __name__ == "__main__":
    main()
