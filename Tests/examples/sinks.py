"""Loopback HTTP sinks standing in for the providers of the examples (Python 3 stdlib only).

Each sink records every request (method, path, query, headers, body) and answers like the provider it stands for,
closely enough for Herald's response classification: Supabase 201, a CRM 200, DingTalk/Lark `errcode`/`code` 0,
Twilio 201 with a message `sid`, Resend 200 with an email `id`. Sinks bind to 127.0.0.1 on an ephemeral port.
"""

import base64
import hashlib
import hmac
import http.server
import json
import threading
import time
import urllib.parse
import uuid


class Request:
    """One recorded request."""

    def __init__(self, method, target, headers, body):
        self.method = method
        self.target = target
        parts = urllib.parse.urlsplit(target)
        self.path = parts.path
        self.query = urllib.parse.parse_qs(parts.query, keep_blank_values=True)
        self.headers = {name.lower(): value for name, value in headers.items()}
        self.body = body
        self.response = None

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def form(self):
        return {k: v[0] for k, v in urllib.parse.parse_qs(self.body.decode("utf-8"), keep_blank_values=True).items()}

    def __repr__(self):
        return f"{self.method} {self.target} {self.body[:200]!r}"


class Sink:
    """An HTTP server on 127.0.0.1 that records requests and answers with `respond(request) -> (status, body)`."""

    def __init__(self, name, respond):
        self.name = name
        self.requests = []
        self._lock = threading.Lock()
        sink = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _handle(self):
                length = self.headers.get("Content-Length")
                if length is not None:
                    body = self.rfile.read(int(length))
                elif self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    body = b""
                    while True:
                        size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                        if size == 0:
                            self.rfile.readline()
                            break
                        body += self.rfile.read(size)
                        self.rfile.readline()
                else:
                    body = b""
                request = Request(self.command, self.path, dict(self.headers.items()), body)
                with sink._lock:
                    sink.requests.append(request)
                status, payload = respond(request)
                request.response = payload
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_POST = _handle
            do_PUT = _handle
            do_GET = _handle

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def snapshot(self):
        with self._lock:
            return list(self.requests)

    def wait_for(self, count, timeout=20.0):
        """Waits until at least `count` requests arrived; returns them."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.snapshot()) >= count:
                time.sleep(0.3)  # a duplicate would show up here
                return self.snapshot()
            time.sleep(0.1)
        return self.snapshot()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def plain_ok(status=200):
    return lambda request: (status, {"ok": True})


def dingtalk(request):
    return 200, {"errcode": 0, "errmsg": "ok"}


def lark(request):
    return 200, {"code": 0, "msg": "success", "data": {}}


def twilio(request):
    form = request.form()
    sid = "SM" + uuid.uuid4().hex
    return 201, {"sid": sid, "status": "queued", "to": form.get("To"), "from": form.get("From"), "body": form.get("Body")}


def resend(request):
    return 200, {"id": str(uuid.uuid4())}


# Signatures, as the providers compute them (see Docs/channels.md §3 and §4).

def dingtalk_sign_ok(secret, timestamp_ms, sign):
    expected = base64.b64encode(hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()).decode()
    return hmac.compare_digest(expected, sign) and abs(time.time() * 1000 - int(timestamp_ms)) < 3_600_000


def lark_sign_ok(secret, timestamp_s, sign):
    expected = base64.b64encode(hmac.new(f"{timestamp_s}\n{secret}".encode(), b"", hashlib.sha256).digest()).decode()
    return hmac.compare_digest(expected, sign) and abs(time.time() - int(timestamp_s)) < 3600


def twilio_signature(auth_token, url, params):
    data = url + "".join(name + value for name, value in sorted(params.items()))
    return base64.b64encode(hmac.new(auth_token.encode(), data.encode(), hashlib.sha1).digest()).decode()


def svix_headers(secret, body, message_id=None, timestamp=None):
    key = base64.b64decode(secret[len("whsec_"):] if secret.startswith("whsec_") else secret)
    message_id = message_id or "msg_" + uuid.uuid4().hex
    timestamp = str(int(timestamp if timestamp is not None else time.time()))
    mac = hmac.new(key, f"{message_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return {"svix-id": message_id, "svix-timestamp": timestamp, "svix-signature": "v1," + base64.b64encode(mac).decode(),
            "Content-Type": "application/json"}
