#!/usr/bin/env python3
"""Draws the benchmark figures recorded in Docs/benchmarks-*.md as PNGs in Docs/img/ (matplotlib).

The numbers are read from the result tables the benchmark tools' runs were recorded in, so a re-run of a tool,
recorded in its page, and then `python3 Tools/bench-plots/plot.py` keep the pictures true.

    python3 -m pip install matplotlib     # once
    python3 Tools/bench-plots/plot.py
"""
import os
import re
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
DOCS = os.path.join(ROOT, "Docs")
OUT = os.path.join(DOCS, "img")


def rows(page, header_start):
    """The rows (lists of cell texts) of the first table in `page` whose header starts with `header_start`."""
    lines = open(os.path.join(DOCS, page), encoding="utf-8").read().splitlines()
    for index, line in enumerate(lines):
        if line.startswith("| " + header_start):
            table = []
            for row in lines[index + 2:]:
                if not row.startswith("|"):
                    break
                table.append([cell.strip() for cell in row.strip().strip("|").split("|")])
            return table
    sys.exit(f"plot: no table starting with '{header_start}' in Docs/{page}")


def number(text):
    """The first number in a cell ('**21,916** [17,767 … 25,797]' → 21916.0)."""
    match = re.search(r"[\d,]+(?:\.\d+)?", text.replace("*", ""))
    if not match:
        sys.exit(f"plot: no number in '{text}'")
    return float(match.group(0).replace(",", ""))


def patterns():
    table = rows("benchmarks-patterns.md", "rules | AWS fixed")
    counts = [number(row[0]) for row in table]
    plt.figure(figsize=(6.4, 4.0))
    plt.plot(counts, [number(r[2]) for r in table], "o-", label="Herald, fixed mix")
    plt.plot(counts, [number(r[4]) for r in table], "o-", label="Herald, scaled mix")
    plt.plot(counts, [number(r[1]) for r in table], "s--", label="AWS event-ruler, fixed mix")
    plt.plot(counts, [number(r[3]) for r in table], "s--", label="AWS event-ruler, scaled mix")
    naive = rows("benchmarks-patterns.md", "variant | rules")
    naive = [(number(r[1]), number(r[5])) for r in naive if r[0] == "fixed"]
    plt.plot([c for c, _ in naive], [v for _, v in naive], "x:", label="naive (every rule, every event)")
    plt.xscale("log")
    plt.yscale("log")
    plt.xlabel("rules")
    plt.ylabel("events matched per CPU-second")
    plt.title("Pattern matching as rules grow (herald-pattern-bench)")
    plt.grid(True, which="both", alpha=0.3)
    plt.legend(fontsize=8)
    plt.tight_layout()
    plt.savefig(os.path.join(OUT, "patterns-scaling.png"), dpi=110)
    plt.close()


def ingest():
    table = rows("benchmarks-ingest.md", "Workload | System | events/s")
    workloads = []
    for row in table:
        if row[0] not in workloads and row[0] != "—":
            workloads.append(row[0])
    systems = [("Herald", "Herald"), ("Redis", "Redis Streams (appendfsync always)"), ("NATS", "NATS JetStream (sync_interval: always)"),
               ("lmdb-c", "bare LMDB server in C (lmdb_server.c, socket only)")]
    systems = [s for s in systems if any(s[0] in r[1].replace("*", "") for r in table)]
    plt.figure(figsize=(6.8, 4.0))
    width = 0.8 / len(systems)
    for offset, (key, label) in enumerate(systems):
        values = []
        for workload in workloads:
            match = [r for r in table if r[0] == workload and key in r[1].replace("*", "")]
            values.append(number(match[0][2]) if match else 0)
        plt.bar([i + (offset - (len(systems) - 1) / 2) * width for i in range(len(workloads))], values, width, label=label)
    plt.xticks(range(len(workloads)), [w.replace(" × ", "×") for w in workloads], fontsize=8)
    plt.ylabel("durable events/s (median)")
    plt.title("Ingest, same run, same box (Tools/ingest-bench)")
    plt.legend(fontsize=8)
    plt.grid(True, axis="y", alpha=0.3)
    plt.tight_layout()
    plt.savefig(os.path.join(OUT, "ingest-comparison.png"), dpi=110)
    plt.close()


def delivery():
    table = rows("benchmarks-delivery.md", "Figure | now (ledger on)")
    capacity = [r for r in table if r[0].startswith("deliveries/s at capacity")][0]
    ratio_row = [r for r in table if r[0].startswith("capacity / `wrk -t2 -c64`")][0][0]
    wrk64 = number(re.search(r"\(([\d,]+) req/s\)", ratio_row).group(1))
    labels = ["Herald then\n(66b7a0e)", "Herald now\n(ledger on)", "Herald now\n(--no-ledger)", "wrk -c64\n(same sink)"]
    values = [number(capacity[3]), number(capacity[1]), number(capacity[2]), wrk64]
    plt.figure(figsize=(6.4, 3.8))
    plt.bar(labels, values, color=["#aec7e8", "#1f77b4", "#2ca02c", "#777777"])
    plt.axhline(20_000, color="red", linestyle="--", linewidth=1, label="target: 20,000/s")
    plt.ylabel("HTTP requests/s to a loopback sink")
    plt.title("Delivery (10 targets, capacity) vs a direct load generator")
    plt.legend(fontsize=8)
    plt.grid(True, axis="y", alpha=0.3)
    plt.tight_layout()
    plt.savefig(os.path.join(OUT, "delivery-vs-wrk.png"), dpi=110)
    plt.close()


def main():
    os.makedirs(OUT, exist_ok=True)
    patterns()
    ingest()
    delivery()
    for name in sorted(os.listdir(OUT)):
        print(os.path.join("Docs/img", name))


if __name__ == "__main__":
    main()
