#!/usr/bin/env python3
"""Stand-in providers for the examples, on 127.0.0.1 only (Python 3 stdlib, no accounts, no network).

    python3 Examples/fake_providers.py            # every fake on its example port; prints each request it gets

| Fake     | Port  | Answers                                     | Example variable it stands in for |
|----------|-------|---------------------------------------------|-----------------------------------|
| Supabase | 54321 | 201                                         | SUPABASE_URL                      |
| CRM      | 9101  | 200                                         | CRM_URL                           |
| DingTalk | 9102  | {"errcode":0} (checks `sign` if it has one) | DINGTALK_WEBHOOK_URL              |
| Lark     | 9103  | {"code":0} (checks `sign` if it has one)    | DINGTALK_WEBHOOK_URL (Type lark)  |
| Twilio   | 9201  | 201 {"sid": "SM…"}, then status callbacks   | TWILIO_BASE_URL                   |
| Resend   | 9202  | 200 {"id": "…"}, then Svix-signed webhooks  | RESEND_BASE_URL                   |
| Tracking | 9203  | 200 (prints the receipt events Herald routes) | TRACKING_SINK_URL               |

Like the real services, the Twilio fake calls the message's `StatusCallback` (sent, delivered) signed with
`X-Twilio-Signature` (TWILIO_AUTH_TOKEN), and the Resend fake posts `email.sent`, `email.delivered`, `email.opened` to
`$HERALD_PUBLIC_URL/webhooks/resend` signed with RESEND_WEBHOOK_SECRET. Secrets and URLs come from the same environment
variables as the example configs (defaults: the values the examples' READMEs export).

As a module, `Sink` is the recording HTTP server that Tests/examples/run_examples.py uses for its checks.
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

    def __init__(self, name, respond, port=0):
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

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
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


# ------------------------------------------------------------------------------------------- command line

def _now_iso():
    now = time.time()
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now)) + f".{int(now * 1000) % 1000:03d}Z"


def _post(url, body, headers):
    import urllib.error
    import urllib.request
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError as error:
        return f"unreachable ({error})"


def _later(seconds, action):
    timer = threading.Timer(seconds, action)
    timer.daemon = True
    timer.start()


def main():
    import os
    import sys
    env = os.environ
    account = env.get("TWILIO_ACCOUNT_SID", "AC00000000000000000000000000000000")
    token = env.get("TWILIO_AUTH_TOKEN", "local-twilio-token")
    svix_secret = env.get("RESEND_WEBHOOK_SECRET", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    herald = env.get("HERALD_PUBLIC_URL", "http://127.0.0.1:4010").rstrip("/")
    ding_secret = env.get("DINGTALK_SECRET", "SEC-local-example-secret")

    def log(name, request, note=""):
        sys.stdout.write(f"{name:9} {request.method} {request.target} {request.body[:160].decode(errors='replace')}{note}\n")
        sys.stdout.flush()

    def twilio_auto(request):
        status, payload = twilio(request)
        form = request.form()
        log("twilio", request)
        callback = form.get("StatusCallback")
        if callback:
            def send(state):
                params = {"AccountSid": account, "MessageSid": payload["sid"], "SmsSid": payload["sid"],
                          "MessageStatus": state, "SmsStatus": state, "To": form.get("To", ""),
                          "From": form.get("From", ""), "ApiVersion": "2010-04-01"}
                body = urllib.parse.urlencode(params).encode()
                answer = _post(callback, body, {"Content-Type": "application/x-www-form-urlencoded",
                                                "X-Twilio-Signature": twilio_signature(token, callback, params)})
                sys.stdout.write(f"twilio    -> callback {state} for {payload['sid']}: {answer}\n")
                sys.stdout.flush()
            _later(0.5, lambda: send("sent"))
            _later(1.0, lambda: send("delivered"))
        return status, payload

    def resend_auto(request):
        status, payload = resend(request)
        log("resend", request)
        try:
            email = request.json()
        except ValueError:
            return 422, {"name": "validation_error", "message": "invalid JSON"}
        to = email.get("to") if isinstance(email.get("to"), list) else [email.get("to")]

        def send(kind):
            created = _now_iso()
            body = json.dumps({"type": kind, "created_at": created, "data": {
                "email_id": payload["id"], "to": to, "from": email.get("from"), "subject": email.get("subject"),
                "created_at": created, "tags": email.get("tags", [])}}).encode()
            answer = _post(herald + "/webhooks/resend", body, svix_headers(svix_secret, body))
            sys.stdout.write(f"resend    -> webhook {kind} for {payload['id']}: {answer}\n")
            sys.stdout.flush()
        for delay, kind in ((0.5, "email.sent"), (1.0, "email.delivered"), (1.5, "email.opened")):
            _later(delay, lambda kind=kind: send(kind))
        return status, payload

    def dingtalk_checked(request):
        ts, sign = request.query.get("timestamp", [None])[0], request.query.get("sign", [None])[0]
        if sign is not None and not dingtalk_sign_ok(ding_secret, ts or "0", sign):
            log("dingtalk", request, "  <- sign not match")
            return 200, {"errcode": 310000, "errmsg": "sign not match"}
        log("dingtalk", request, "  (signed)" if sign else "")
        return dingtalk(request)

    def lark_checked(request):
        try:
            body = request.json()
        except ValueError:
            return 400, {"code": 9499, "msg": "Bad Request"}
        if "sign" in body and not lark_sign_ok(ding_secret, body.get("timestamp", "0"), body["sign"]):
            log("lark", request, "  <- sign match fail")
            return 200, {"code": 19021, "msg": "sign match fail or timestamp is not within one hour from current time"}
        log("lark", request, "  (signed)" if "sign" in body else "")
        return lark(request)

    def logged(name, status):
        def respond(request):
            log(name, request)
            return status, {"ok": True}
        return respond

    fakes = [("supabase", 54321, logged("supabase", 201)), ("crm", 9101, logged("crm", 200)),
             ("dingtalk", 9102, dingtalk_checked), ("lark", 9103, lark_checked), ("twilio", 9201, twilio_auto),
             ("resend", 9202, resend_auto), ("tracking", 9203, logged("tracking", 200))]
    running = []
    for name, port, respond in fakes:
        try:
            running.append(Sink(name, respond, port=port))
        except OSError as error:
            sys.stdout.write(f"{name}: port {port} unavailable ({error}); skipped\n")
    sys.stdout.write("fake providers on 127.0.0.1: " + ", ".join(f"{s.name} :{s.port}" for s in running) +
                     f" (receipts go to {herald}); Ctrl-C stops\n")
    sys.stdout.flush()
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        for sink in running:
            sink.close()


if __name__ == "__main__":
    main()
