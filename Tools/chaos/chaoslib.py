"""Shared pieces of Herald's chaos and soak tools (Python 3 standard library only).

- `Sink`: a loopback HTTP receiver that behaves as a healthy, flaky or slow target and counts what it received.
- `HeraldServer`: one `herald serve` child process on a fixed data directory and port; start, SIGKILL, restart.
- `Producers`: threads putting events over the Unix socket (NDJSON) and HTTP PutEvents, with a shared pace, keeping
  a `Ledger` of what was acknowledged, refused (per-entry error) or left unknown (connection dropped mid-request).
- Admin helpers: `/admin/status`, `/admin/dlq`, target pause/resume.

Everything talks to 127.0.0.1 or Unix sockets in temp directories only; every wait is bounded in time.
"""
from __future__ import annotations

import collections
import http.client
import http.server
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from typing import Callable, Iterable

SOURCE = "herald.chaos"


def log(message: str) -> None:
    """Prints a time-stamped progress line to stderr (stdout is kept for the summary)."""
    sys.stderr.write(f"[{time.strftime('%H:%M:%S')}] {message}\n")
    sys.stderr.flush()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def copy_binary(binary: str, workdir: str) -> str:
    """Copies the herald binary into `workdir` so a rebuild of the original cannot change it mid-run."""
    target = os.path.join(workdir, "herald")
    shutil.copy2(binary, target)
    return target


def default_binary() -> str:
    """The repository's debug build (the tools live at Tools/<name>/)."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    return os.path.join(root, ".build", "debug", "herald")


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an unsorted list (nan when empty)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(fraction * len(ordered) + 0.5)) - 1))]


# ---------------------------------------------------------------------------------------------- sink


class SinkStats:
    """What one sink received, guarded by one lock. `receipts` counts 2xx answers per event id (our detail id)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.receipts: dict[str, int] = {}
        self.requests = 0
        self.answered_2xx = 0
        self.answered_error: collections.Counter[int] = collections.Counter()
        self.failures_per_id: collections.Counter[str] = collections.Counter()
        self.latencies_ms: list[float] = []  # put → receipt for 2xx answers, drained by the soak tool
        self.unparsable = 0
        self.truncated = 0
        self.active = 0  # requests being handled now
        self.max_active = 0
        self.first_attempt: dict[str, str] = {}  # X-Herald-Attempt of each id's first 2xx receipt
        self.duplicate_attempts: list[tuple[str, str, str]] = []  # (id, first 2xx attempt, this attempt) of repeats

    def snapshot(self) -> dict:
        """Counters (not the id map) as a plain dict."""
        with self.lock:
            return {"requests": self.requests, "delivered": self.answered_2xx, "unique": len(self.receipts),
                    "duplicates": self.answered_2xx - len(self.receipts),
                    "errors": dict(self.answered_error), "unparsable": self.unparsable,
                    "truncated": self.truncated, "max_concurrent": self.max_active,
                    "duplicate_attempt_pairs": {f"{a}->{b}": n for (a, b), n in collections.Counter(
                        (first, again) for _, first, again in self.duplicate_attempts).most_common(8)}}

    def take_latencies(self) -> list[float]:
        """The latencies recorded since the last call."""
        with self.lock:
            taken, self.latencies_ms = self.latencies_ms, []
            return taken


class _SinkHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: "_SinkServer"

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - silence the default access log
        pass

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _answer(self, status: int, headers: dict[str, str] | None = None) -> None:
        body = b"{}" if status < 300 else json.dumps({"error": status}).encode()
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        stats = self.server.stats
        with stats.lock:
            stats.active += 1
            stats.max_active = max(stats.max_active, stats.active)
        try:
            self._post()
        finally:
            with stats.lock:
                stats.active -= 1

    def _post(self) -> None:
        received_ns = time.time_ns()
        body = self._body()
        sink = self.server
        stats = sink.stats
        expected = self.headers.get("Content-Length")
        if expected is not None and len(body) < int(expected):
            with stats.lock:
                stats.truncated += 1  # the sender died mid-request (a SIGKILL): nothing to answer
            self.close_connection = True
            return
        event_id, stamp = None, None
        attempt = self.headers.get("X-Herald-Attempt", "")
        try:
            detail = json.loads(body).get("detail") or {}
            event_id, stamp = detail.get("id"), detail.get("t")
        except (ValueError, AttributeError):
            pass
        with stats.lock:
            stats.requests += 1
            if event_id is None:
                stats.unparsable += 1
        status, headers = 200, None
        if sink.down:
            status = 503
        elif sink.mode == "flaky" and event_id is not None:
            with stats.lock:
                failed_before = stats.failures_per_id[event_id]
                fail = failed_before < sink.max_failures and sink.random.random() < sink.failure_rate
                if fail:
                    stats.failures_per_id[event_id] += 1
                    roll = sink.random.random()
            if fail:
                status, headers = (429, {"Retry-After": "1"}) if roll < 0.25 else ((500, None) if roll < 0.6 else (503, None))
        elif sink.mode == "slow":
            time.sleep(sink.random.uniform(sink.slow_min, sink.slow_max))
        with stats.lock:
            if 200 <= status < 300:
                stats.answered_2xx += 1
                if event_id is not None:
                    stats.receipts[event_id] = stats.receipts.get(event_id, 0) + 1
                    if stats.receipts[event_id] == 1:
                        stats.first_attempt[event_id] = attempt
                    elif len(stats.duplicate_attempts) < 10_000:
                        stats.duplicate_attempts.append((event_id, stats.first_attempt.get(event_id, ""), attempt))
                if stamp is not None:
                    stats.latencies_ms.append((received_ns - int(stamp)) / 1e6)
            else:
                stats.answered_error[status] += 1
        self._answer(status, headers)


class _SinkServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 512

    def handle_error(self, request, client_address) -> None:
        pass  # Herald was SIGKILLed mid-request: a reset connection is expected here


class Sink:
    """A loopback HTTP target: `healthy` answers 200; `flaky` fails `failure_rate` of attempts (500/503, a quarter
    429 with `Retry-After: 1`), but at most `max_failures` times per event; `slow` answers 200 after 1–3 s."""

    def __init__(self, mode: str, failure_rate: float = 0.3, max_failures: int = 3, slow: tuple[float, float] = (1.0, 3.0),
                 seed: int | None = None) -> None:
        self.server = _SinkServer(("127.0.0.1", 0), _SinkHandler)
        self.server.mode = mode
        self.server.failure_rate = failure_rate
        self.server.max_failures = max_failures
        self.server.slow_min, self.server.slow_max = slow
        self.server.random = random.Random(seed)
        self.server.stats = SinkStats()
        self.server.down = False  # when set, every request is answered 503 (a receiver outage)
        self.mode = mode
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
        self.thread.start()

    @property
    def stats(self) -> SinkStats:
        """The counters."""
        return self.server.stats

    @property
    def url(self) -> str:
        """The URL Herald posts to."""
        return f"http://127.0.0.1:{self.server.server_address[1]}/{self.mode}"

    def close(self) -> None:
        """Stops serving."""
        self.server.shutdown()
        self.server.server_close()


def refused_url() -> str:
    """A loopback URL nobody listens on (connection refused): the dead target."""
    return f"http://127.0.0.1:{free_port()}/dead"


# ---------------------------------------------------------------------------------------------- server process


class HeraldServer:
    """`herald serve` on a fixed data directory and HTTP port, restartable after SIGKILL."""

    def __init__(self, binary: str, data_dir: str, port: int, config: str | None, log_path: str,
                 map_size_mib: int | None = None, log_level: str = "warning") -> None:
        self.binary, self.data_dir, self.port, self.config = binary, data_dir, port, config
        self.log_path, self.map_size_mib, self.log_level = log_path, map_size_mib, log_level
        self.process: subprocess.Popen | None = None
        self.socket_path = os.path.join(data_dir, "herald.sock")
        self.ready_times: list[float] = []
        self.failed_starts: list[str] = []
        self.unexpected_exits: list[str] = []

    def _command(self) -> list[str]:
        command = [self.binary, "serve", "--data-dir", self.data_dir, "--http", f"127.0.0.1:{self.port}",
                   "--log-level", self.log_level]
        if self.config:
            command += ["--config", self.config]
        if self.map_size_mib:
            command += ["--map-size-mib", str(self.map_size_mib)]
        return command

    def start(self, timeout: float = 60.0, attempts: int = 5) -> float:
        """Starts the server and waits for its `herald ready` line; returns the seconds it took. A start that exits
        before ready (e.g. it lost a lock race) is recorded and retried, up to `attempts` times."""
        for _ in range(attempts):
            began = time.monotonic()
            with open(self.log_path, "ab") as err:
                self.process = subprocess.Popen(self._command(), stdout=subprocess.PIPE, stderr=err, stdin=subprocess.DEVNULL)
            ready = threading.Event()
            lines: list[str] = []

            def read(process: subprocess.Popen = self.process) -> None:
                for raw in process.stdout:  # type: ignore[union-attr]
                    line = raw.decode(errors="replace").rstrip()
                    lines.append(line)
                    if line.startswith("herald ready"):
                        ready.set()

            threading.Thread(target=read, daemon=True).start()
            while time.monotonic() - began < timeout:
                if ready.wait(0.01):
                    elapsed = time.monotonic() - began
                    self.ready_times.append(elapsed)
                    return elapsed
                if self.process.poll() is not None:
                    break
            code = self.process.poll()
            if code is None:
                self.process.kill()
                self.process.wait()
            self.failed_starts.append(f"exit {code} after {time.monotonic() - began:.1f}s: {self.stderr_tail(3)}")
            log(f"herald did not become ready (exit {code}); retrying")
            time.sleep(0.5)
        raise RuntimeError(f"herald did not start after {attempts} attempts; see {self.log_path}")

    def alive(self) -> bool:
        """Whether the current process is running."""
        return self.process is not None and self.process.poll() is None

    @property
    def pid(self) -> int | None:
        """The current process id."""
        return self.process.pid if self.process else None

    def check_exit(self) -> None:
        """Records an exit nobody asked for (a crash) and restarts the server."""
        if self.process is not None and self.process.poll() is not None:
            self.unexpected_exits.append(f"exit {self.process.returncode}: {self.stderr_tail(3)}")
            log(f"herald exited unexpectedly with {self.process.returncode}; restarting")
            self.start()

    def kill(self) -> None:
        """SIGKILL and reap."""
        if self.alive():
            self.process.send_signal(signal.SIGKILL)  # type: ignore[union-attr]
        if self.process is not None:
            self.process.wait(30)

    def stop(self, timeout: float = 30.0) -> int | None:
        """SIGTERM and wait; returns the exit code (None if it had to be killed)."""
        if not self.alive():
            return self.process.returncode if self.process else None
        self.process.send_signal(signal.SIGTERM)  # type: ignore[union-attr]
        try:
            return self.process.wait(timeout)  # type: ignore[union-attr]
        except subprocess.TimeoutExpired:
            self.kill()
            return None

    def stderr_tail(self, lines: int = 5) -> str:
        """The last lines of the server's log."""
        try:
            with open(self.log_path, "rb") as f:
                f.seek(max(0, os.path.getsize(self.log_path) - 8192))
                return " | ".join(f.read().decode(errors="replace").strip().splitlines()[-lines:])
        except OSError:
            return ""

    def rss_kib(self) -> int | None:
        """VmRSS of the current process in KiB."""
        if not self.alive():
            return None
        try:
            with open(f"/proc/{self.pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1])
        except OSError:
            return None
        return None

    def data_file_bytes(self) -> int:
        """Size of data.mdb on disk."""
        try:
            return os.path.getsize(os.path.join(self.data_dir, "data.mdb"))
        except OSError:
            return 0


# ---------------------------------------------------------------------------------------------- admin


def http_json(port: int, method: str, path: str, body: dict | None = None, headers: dict | None = None,
              timeout: float = 10.0) -> tuple[int, dict]:
    """One JSON request to the server; returns (status, decoded body or {"raw": text})."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, None if body is None else json.dumps(body),
                           {"Content-Type": "application/json", **(headers or {})})
        response = connection.getresponse()
        data = response.read()
    finally:
        connection.close()
    try:
        return response.status, json.loads(data or b"{}")
    except ValueError:
        return response.status, {"raw": data[:300].decode(errors="replace")}


def admin_status(port: int) -> dict:
    """`GET /admin/status` (raises on a non-200)."""
    status, body = http_json(port, "GET", "/admin/status")
    if status != 200:
        raise RuntimeError(f"/admin/status answered {status}: {body}")
    return body


def dead_letters(port: int, target: str, page: int = 1000, most: int = 1_000_000) -> list[dict]:
    """Every DLQ entry of one target (`GET /admin/dlq`, paged with `after`)."""
    entries: list[dict] = []
    after = None
    while len(entries) < most:
        query = f"/admin/dlq?target={target}&limit={page}" + (f"&after={after}" if after is not None else "")
        status, body = http_json(port, "GET", query, timeout=30)
        if status != 200:
            raise RuntimeError(f"{query} answered {status}: {body}")
        entries += body.get("entries", [])
        after = body.get("nextAfter")
        if after is None:
            return entries
    return entries


def dead_letter_detail(port: int, target: str, sequence: int) -> dict:
    """`GET /admin/dlq/entry`: the stored envelope and attempts of one entry."""
    status, body = http_json(port, "GET", f"/admin/dlq/entry?target={target}&sequence={sequence}")
    if status != 200:
        raise RuntimeError(f"dlq entry {target} {sequence} answered {status}: {body}")
    return body


def target_action(port: int, action: str, target: str) -> None:
    """`POST /admin/targets/{pause,resume}`."""
    status, body = http_json(port, "POST", f"/admin/targets/{action}", {"target": target})
    if status != 200:
        raise RuntimeError(f"{action} {target} answered {status}: {body}")


def wait_drained(server: HeraldServer, sinks: Iterable[Sink], timeout: float, quiet_seconds: float = 1.0,
                 progress: Callable[[dict], None] | None = None) -> tuple[bool, dict]:
    """Waits until every target has lag 0, an empty retry queue and nothing in flight, and the sinks' counters have
    not moved for `quiet_seconds`. Returns (drained, last status)."""
    deadline = time.monotonic() + timeout
    last: dict = {}
    stable_since, last_counts = None, None
    next_progress = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            last = admin_status(server.port)
        except (OSError, RuntimeError, http.client.HTTPException) as error:
            log(f"status failed while draining: {error}")
            server.check_exit()
            time.sleep(0.5)
            continue
        idle = all(t.get("lagEvents", 1) == 0 and t.get("retryQueueSize", 1) == 0 and t.get("inFlight", 1) == 0
                   for t in last.get("targets", []))
        counts = tuple(s.stats.requests for s in sinks)
        if idle and counts == last_counts:
            stable_since = stable_since or time.monotonic()
            if time.monotonic() - stable_since >= quiet_seconds:
                return True, last
        else:
            stable_since = None
        last_counts = counts
        if progress and time.monotonic() >= next_progress:
            progress(last)
            next_progress = time.monotonic() + 10
        time.sleep(0.25)
    return False, last


# ---------------------------------------------------------------------------------------------- producers


class Ledger:
    """What producers were told. `acked` maps our id → Herald's EventId; `refused` our id → error code; `unknown`
    holds ids whose request got no answer (connection dropped: may or may not be stored)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.acked: dict[str, str] = {}
        self.refused: dict[str, str] = {}
        self.unknown: set[str] = set()
        self.lane: dict[str, str] = {}
        self.errors: collections.Counter[str] = collections.Counter()
        self.messages: dict[str, str] = {}
        self.by_channel: collections.Counter[str] = collections.Counter()
        self.put_times: dict[str, int] = {}

    def acked_count(self) -> int:
        """Acknowledged so far."""
        with self.lock:
            return len(self.acked)

    def note_error(self, code: str, message: str) -> None:
        """Counts an error answer and keeps the first message of each code."""
        with self.lock:
            self.errors[code] += 1
            self.messages.setdefault(code, message[:240])


class Pace:
    """A shared open-loop pace: `take(k)` sleeps until k more events may go at `rate` events/s (rate ≤ 0: no pace)."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self.lock = threading.Lock()
        self.next = time.monotonic()

    def take(self, k: int) -> None:
        """Waits for room for k events."""
        if self.rate <= 0:
            return
        with self.lock:
            now = time.monotonic()
            self.next = max(self.next, now - 0.5) + k / self.rate
            wait = self.next - now
        if wait > 0:
            time.sleep(min(wait, 1.0))


class Producers:
    """Socket and HTTP producer threads. Each event's detail carries `id` (unique), `lane` and `t` (put time, ns)."""

    def __init__(self, server: HeraldServer, ledger: Ledger, rate: float, socket_producers: int, http_producers: int,
                 lanes: list[tuple[str, float]], batch: int = 10, pad: int = 200, run_tag: str = "") -> None:
        self.server, self.ledger, self.pace = server, ledger, Pace(rate)
        self.socket_producers, self.http_producers = socket_producers, http_producers
        self.lanes, self.batch, self.pad = lanes, batch, "x" * pad
        self.run_tag = run_tag or f"{os.getpid():x}{int(time.time()) % 100000:x}"
        self.stop_event = threading.Event()
        self.threads: list[threading.Thread] = []

    def start(self) -> None:
        """Starts every producer thread."""
        self.stop_event.clear()
        for i in range(self.socket_producers):
            self.threads.append(threading.Thread(target=self._socket_loop, args=(i,), daemon=True))
        for i in range(self.http_producers):
            self.threads.append(threading.Thread(target=self._http_loop, args=(i,), daemon=True))
        for thread in self.threads:
            thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Asks every producer to stop and waits (bounded) for them."""
        self.stop_event.set()
        deadline = time.monotonic() + timeout
        for thread in self.threads:
            thread.join(max(0.1, deadline - time.monotonic()))
        self.threads = []

    def _events(self, prefix: str, counter: list[int], k: int, rng: random.Random) -> list[tuple[str, str, dict]]:
        events = []
        for _ in range(k):
            counter[0] += 1
            roll, lane = rng.random(), self.lanes[-1][0]
            for name, share in self.lanes:
                if roll < share:
                    lane = name
                    break
                roll -= share
            event_id = f"{self.run_tag}-{prefix}-{counter[0]}"
            events.append((event_id, lane, {"id": event_id, "lane": lane, "t": time.time_ns(), "pad": self.pad}))
        with self.ledger.lock:
            for event_id, lane, _ in events:
                self.ledger.lane[event_id] = lane
        return events

    def _record(self, channel: str, event_id: str, answer: dict) -> None:
        ledger = self.ledger
        if "EventId" in answer and answer["EventId"]:
            with ledger.lock:
                ledger.acked[event_id] = answer["EventId"]
                ledger.by_channel[channel] += 1
        else:
            code = answer.get("ErrorCode") or "NoErrorCode"
            with ledger.lock:
                ledger.refused[event_id] = code
            ledger.note_error(code, answer.get("ErrorMessage") or "")

    def _socket_loop(self, index: int) -> None:
        rng, counter = random.Random(), [0]
        connection, reader = None, None
        while not self.stop_event.is_set():
            if connection is None:
                try:
                    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                    connection.settimeout(10)
                    connection.connect(self.server.socket_path)
                    reader = connection.makefile("rb")
                except OSError:
                    connection.close()
                    connection = None
                    time.sleep(0.05)
                    continue
            k = rng.randint(1, self.batch)
            self.pace.take(k)
            events = self._events(f"s{index}", counter, k, rng)
            lines = b"".join(json.dumps({"Source": SOURCE, "DetailType": "chaos", "Detail": detail}).encode() + b"\n"
                             for _, _, detail in events)
            answered = 0
            try:
                connection.sendall(lines)
                for event_id, _, _ in events:
                    raw = reader.readline()  # type: ignore[union-attr]
                    if not raw:
                        raise ConnectionError("closed")
                    self._record("socket", event_id, json.loads(raw))
                    answered += 1
            except (OSError, ValueError, ConnectionError):
                with self.ledger.lock:
                    self.ledger.unknown.update(event_id for event_id, _, _ in events[answered:])
                try:
                    connection.close()
                except OSError:
                    pass
                connection, reader = None, None
                time.sleep(0.05)
        if connection is not None:
            connection.close()

    def _http_loop(self, index: int) -> None:
        rng, counter = random.Random(), [0]
        connection = None
        headers = {"X-Amz-Target": "AWSEvents.PutEvents", "Content-Type": "application/x-amz-json-1.1"}
        while not self.stop_event.is_set():
            if connection is None:
                # Connect before making events: a refused connect (server down) sends nothing, so nothing is unknown.
                connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
                try:
                    connection.connect()
                except OSError:
                    connection.close()
                    connection = None
                    time.sleep(0.05)
                    continue
            k = rng.randint(1, min(10, self.batch))
            self.pace.take(k)
            events = self._events(f"h{index}", counter, k, rng)
            body = json.dumps({"Entries": [{"Source": SOURCE, "DetailType": "chaos", "Detail": json.dumps(detail)}
                                           for _, _, detail in events]})
            try:
                connection.request("POST", "/", body, headers)
                response = connection.getresponse()
                data = response.read()
                if response.status != 200:
                    try:
                        answer = json.loads(data)
                    except ValueError:
                        answer = {}
                    code = str(answer.get("__type") or f"HTTP{response.status}").split("#")[-1]
                    self.ledger.note_error(f"{code} (HTTP {response.status})", str(answer.get("message") or answer.get("Message") or data[:200]))
                    with self.ledger.lock:
                        self.ledger.unknown.update(event_id for event_id, _, _ in events)
                    time.sleep(0.05)
                    continue
                entries = json.loads(data).get("Entries", [])
                if len(entries) != len(events):
                    raise ValueError(f"{len(entries)} answers for {len(events)} entries")
                for (event_id, _, _), entry in zip(events, entries):
                    self._record("http", event_id, entry)
            except (OSError, ValueError, http.client.HTTPException):
                with self.ledger.lock:
                    self.ledger.unknown.update(event_id for event_id, _, _ in events)
                if connection is not None:
                    connection.close()
                connection = None
                time.sleep(0.05)
        if connection is not None:
            connection.close()


def make_workdir(prefix: str, keep: bool) -> str:
    """A temp directory (kept at the end only when asked)."""
    path = tempfile.mkdtemp(prefix=prefix)
    if keep:
        log(f"work directory: {path}")
    return path
