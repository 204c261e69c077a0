#!/usr/bin/env python3
"""Runs the three examples of Examples/ (scenarios A, B, C of the brief) against a real `herald serve`.

For each scenario:
  (a) the AWS way: `herald serve` with no config, the scenario's `setup-aws.sh`, then `aws events list-rules`,
      `list-targets-by-rule`, `describe-connection`, `describe-api-destination`, `describe-archive` must show what the
      script meant to create; every `events/*.json` goes in with `aws events put-events` (FailedEntryCount 0) and the
      transformed requests must reach loopback sinks standing in for the providers.
  (b) the config way: `herald serve --config Examples/config/scenario-X.yaml` with provider URLs pointed at the sinks;
      the events go in with `herald put`; the sinks must see the expected requests (paths, auth, transformed bodies,
      DingTalk/Lark signatures). B and C also send signed receipts back (Twilio `X-Twilio-Signature`, Resend Svix), check
      that forged ones get 401, and C answers the SQL question of Examples/scenario-c/question.sql with `herald query`.

Only 127.0.0.1 is used. Python 3 stdlib and the AWS CLI only. Exit status 0 when every check passed.
"""

import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "Examples"
sys.path.insert(0, str(EXAMPLES))
import fake_providers as sinks  # noqa: E402  (the examples' own stand-in providers)


def say(line):
    """One whole line to stdout (scenarios print from several threads)."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


class Failure(Exception):
    """A check that failed; the message says what was expected and what was seen."""


class Report:
    """Collects PASS/FAIL lines per scenario step."""

    def __init__(self):
        self.lines = []
        self.failed = 0
        self.passed = 0
        self._lock = threading.Lock()

    def check(self, step, condition, what):
        with self._lock:
            if condition:
                self.passed += 1
            else:
                self.failed += 1
                self.lines.append(f"FAIL {step}: {what}")
                say(f"  FAIL {step}: {what}")
        return condition

    def error(self, step, message):
        self.check(step, False, message)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Herald:
    """A `herald serve` child on 127.0.0.1:PORT with its own data directory."""

    def __init__(self, binary, work, name, extra_args=(), env=None, port=None):
        self.port = port or free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.data = work / name
        self.socket = self.data / "herald.sock"
        self.log_path = work / f"{name}.log"
        self.binary = binary
        command = [binary, "serve", "--data-dir", str(self.data), "--http", f"127.0.0.1:{self.port}",
                   "--log-level", "warning", *extra_args]
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT, env=env, cwd=work,
                                        stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise Failure(f"herald serve exited with {self.process.returncode}: {self.tail()}")
            if "herald ready" in self.log_path.read_text(errors="replace"):
                return
            time.sleep(0.1)
        raise Failure(f"herald serve did not print 'herald ready' within 30 s: {self.tail()}")

    def tail(self, lines=15):
        text = self.log_path.read_text(errors="replace").strip().splitlines()
        return " | ".join(text[-lines:])

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        return self.process.returncode


class Context:
    """What every step needs: the binary, a work directory, environments, the report, cleanup lists."""

    def __init__(self, binary, work, report):
        self.binary = binary
        self.work = work
        self.report = report
        self.heralds = []
        self.sinks = []
        aws_config = work / "aws-config"
        aws_config.write_text("[default]\nregion = us-east-1\n")
        self.aws_env = dict(os.environ, AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test",
                            AWS_DEFAULT_REGION="us-east-1", AWS_CONFIG_FILE=str(aws_config),
                            AWS_SHARED_CREDENTIALS_FILE=str(work / "aws-credentials"), AWS_PAGER="",
                            AWS_EC2_METADATA_DISABLED="true")
        for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_EVENTBRIDGE"):
            self.aws_env.pop(name, None)

    def herald(self, name, extra_args=(), env=None, port=None):
        server = Herald(self.binary, self.work, name, extra_args, env, port)
        self.heralds.append(server)
        return server

    def sink(self, name, respond):
        sink = sinks.Sink(name, respond)
        self.sinks.append(sink)
        return sink

    def cleanup(self):
        for server in self.heralds:
            try:
                server.stop()
            except Exception:  # noqa: BLE001 - best effort while cleaning up
                pass
        for sink in self.sinks:
            sink.close()

    def aws(self, endpoint, *arguments):
        """`aws events ARGS --endpoint-url ENDPOINT`, parsed; raises Failure with the CLI's error."""
        result = subprocess.run(["aws", "events", *arguments, "--endpoint-url", endpoint, "--output", "json",
                                 "--cli-read-timeout", "20", "--cli-connect-timeout", "5"],
                                env=self.aws_env, capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            raise Failure(f"aws events {arguments[0]} failed: {result.stderr.strip()}")
        return json.loads(result.stdout) if result.stdout.strip() else {}

    def api(self, endpoint, operation, body):
        """One EventBridge JSON 1.1 call without the CLI (for reads the CLI needs seconds to start for)."""
        request = urllib.request.Request(endpoint + "/", data=json.dumps(body).encode(), method="POST", headers={
            "X-Amz-Target": f"AWSEvents.{operation}", "Content-Type": "application/x-amz-json-1.1"})
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                return json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            raise Failure(f"{operation} failed: {error.code} {error.read()[:300]!r}") from None

    def setup_aws(self, scenario, endpoint, env):
        script = EXAMPLES / f"scenario-{scenario}" / "setup-aws.sh"
        result = subprocess.run(["bash", str(script)], env=dict(self.aws_env, HERALD_ENDPOINT=endpoint, **env),
                                capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise Failure(f"{script.relative_to(REPO)} failed ({result.returncode}): {result.stderr.strip()[-600:]}")
        return result.stdout.strip()

    def put_events_aws(self, step, scenario, endpoint):
        """Every events/*.json of the scenario through `aws events put-events`; returns {file: [event ids]}."""
        ids = {}
        for path in sorted((EXAMPLES / f"scenario-{scenario}" / "events").glob("*.json")):
            answer = self.aws(endpoint, "put-events", "--entries", f"file://{path}")
            self.report.check(step, answer.get("FailedEntryCount") == 0,
                              f"put-events {path.name}: FailedEntryCount {answer.get('FailedEntryCount')} ({answer})")
            ids[path.name] = [entry.get("EventId") for entry in answer.get("Entries", [])]
        return ids

    def put_events_socket(self, step, scenario, server):
        """Every events/*.json of the scenario through `herald put` (NDJSON on stdin); returns {file: [event ids]}."""
        ids = {}
        for path in sorted((EXAMPLES / f"scenario-{scenario}" / "events").glob("*.json")):
            entries = json.loads(path.read_text())
            lines = "".join(json.dumps(entry) + "\n" for entry in entries)
            result = subprocess.run([self.binary, "put", "--socket", str(server.socket)], input=lines,
                                    capture_output=True, text=True, timeout=30)
            answers = result.stdout.split()
            self.report.check(step, result.returncode == 0 and len(answers) == len(entries),
                              f"herald put {path.name}: exit {result.returncode}, output {result.stdout!r} {result.stderr!r}")
            ids[path.name] = answers
        return ids

    def herald_cli(self, *arguments, timeout=30):
        result = subprocess.run([self.binary, *arguments], capture_output=True, text=True, timeout=timeout,
                                stdin=subprocess.DEVNULL)
        return result.returncode, result.stdout, result.stderr


def post(url, body, headers):
    """POST to Herald; returns the HTTP status."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def pattern(rule):
    return json.loads(rule.get("EventPattern", "null"))


def by_id(targets):
    return {target["Id"]: target for target in targets.get("Targets", [])}


def check_resources(ctx, step, endpoint, expected):
    """Checks rules, targets, connections, API destinations and archives against `expected`.

    `aws events list-rules`, `list-targets-by-rule` and `describe-api-destination` go through the AWS CLI; connection,
    archive and bus reads use the same JSON API directly (each CLI start costs seconds on a busy CI box)."""
    check = lambda condition, what: ctx.report.check(step, condition, what)  # noqa: E731
    connections = {}
    for name, auth_type in expected["connections"].items():
        connection = ctx.api(endpoint, "DescribeConnection", {"Name": name})
        connections[name] = connection.get("ConnectionArn")
        check(connection.get("AuthorizationType") == auth_type and connection.get("ConnectionState") == "AUTHORIZED",
              f"connection {name}: {connection.get('AuthorizationType')} {connection.get('ConnectionState')}, expected {auth_type} AUTHORIZED")
        text = json.dumps(connection)
        for secret in expected.get("secrets", []):
            check(secret not in text, f"describe-connection {name} returned a secret value")
    destinations = {}
    for name, (connection, endpoint_url, method) in expected["destinations"].items():
        destination = ctx.aws(endpoint, "describe-api-destination", "--name", name)
        destinations[name] = destination.get("ApiDestinationArn")
        check(destination.get("ConnectionArn") == connections.get(connection),
              f"api destination {name}: connection {destination.get('ConnectionArn')} is not {connection}'s")
        check(destination.get("InvocationEndpoint") == endpoint_url,
              f"api destination {name}: endpoint {destination.get('InvocationEndpoint')}, expected {endpoint_url}")
        check(destination.get("HttpMethod") == method and destination.get("ApiDestinationState") == "ACTIVE",
              f"api destination {name}: {destination.get('HttpMethod')} {destination.get('ApiDestinationState')}")
    for bus, rules in expected["rules"].items():
        listed = {rule["Name"]: rule for rule in ctx.aws(endpoint, "list-rules", "--event-bus-name", bus).get("Rules", [])}
        check(sorted(listed) == sorted(rules), f"list-rules on {bus}: {sorted(listed)}, expected {sorted(rules)}")
        for name, (event_pattern, targets) in rules.items():
            rule = listed.get(name, {})
            check(pattern(rule) == event_pattern and rule.get("State") == "ENABLED",
                  f"rule {bus}/{name}: pattern {rule.get('EventPattern')} state {rule.get('State')}")
            actual = by_id(ctx.aws(endpoint, "list-targets-by-rule", "--rule", name, "--event-bus-name", bus))
            check(sorted(actual) == sorted(targets), f"targets of {name}: {sorted(actual)}, expected {sorted(targets)}")
            for target_id, want in targets.items():
                target = actual.get(target_id, {})
                arn = destinations.get(want["destination"]) if "destination" in want else want["arn"]
                check(target.get("Arn") == arn, f"target {name}/{target_id}: Arn {target.get('Arn')}, expected {arn}")
                for member, value in want.get("members", {}).items():
                    got = target
                    for part in member.split("."):
                        got = got.get(part, {}) if isinstance(got, dict) else {}
                    check(got == value, f"target {name}/{target_id}: {member} = {got!r}, expected {value!r}")
                if "template_contains" in want:
                    template = target.get("InputTransformer", {}).get("InputTemplate", "")
                    for fragment in want["template_contains"]:
                        check(fragment in template, f"target {name}/{target_id}: InputTemplate lacks {fragment!r}: {template}")
    for name, (bus, retention) in expected.get("archives", {}).items():
        archive = ctx.api(endpoint, "DescribeArchive", {"ArchiveName": name})
        check(archive.get("EventSourceArn", "").endswith(f":event-bus/{bus}") and archive.get("RetentionDays") == retention
              and archive.get("State") == "ENABLED",
              f"archive {name}: {archive.get('EventSourceArn')} {archive.get('RetentionDays')} days {archive.get('State')}")


# ---------------------------------------------------------------------------------------------- scenario A

A_ENV = {"SUPABASE_ANON_KEY": "anon-key-ci", "SUPABASE_SERVICE_KEY": "service-key-ci", "CRM_API_KEY": "crm-key-ci",
         "DINGTALK_SECRET": "SECci0123456789abcdef"}
A_ALERTS = {"ALERT: order A-1001 from u-42: 12500.00 CNY",
            "ALERT: u-77 is about to churn (viewed the cancellation page 3 times)"}


def a_sinks(ctx):
    return {"supabase": ctx.sink("supabase", sinks.plain_ok(201)), "crm": ctx.sink("crm", sinks.plain_ok(200)),
            "dingtalk": ctx.sink("dingtalk", sinks.dingtalk), "lark": ctx.sink("lark", sinks.lark)}


def a_env(s):
    return dict(A_ENV, SUPABASE_URL=s["supabase"].base_url, CRM_URL=s["crm"].base_url,
                DINGTALK_WEBHOOK_URL=s["dingtalk"].base_url + "/robot/send?access_token=ci-token")


def a_check_fanout(ctx, step, s, events):
    check = lambda condition, what: ctx.report.check(step, condition, what)  # noqa: E731
    rows = s["supabase"].wait_for(events)
    check(len(rows) == events, f"supabase received {len(rows)} requests, expected {events}")
    for request in rows:
        body = request.json()
        check(request.method == "POST" and request.path == "/rest/v1/events", f"supabase request {request.method} {request.path}")
        check(request.headers.get("apikey") == "anon-key-ci" and request.headers.get("authorization") == "Bearer service-key-ci",
              f"supabase auth headers: apikey={request.headers.get('apikey')} authorization={request.headers.get('authorization')}")
        check(request.headers.get("prefer") == "return=minimal", f"supabase Prefer header: {request.headers.get('prefer')}")
        check(body.get("source") == "app.cdp" and body.get("detail-type") in ("order_placed", "user_activity"),
              f"supabase body is not the event envelope: {request.body[:200]!r}")
    crm = s["crm"].wait_for(events)
    check(len(crm) == events, f"crm received {len(crm)} requests, expected {events}")
    for request in crm:
        check(request.path == "/sync" and request.headers.get("x-api-key") == "crm-key-ci",
              f"crm request {request.path} X-Api-Key={request.headers.get('x-api-key')}")
    alerts = s["dingtalk"].wait_for(2)
    check(len(alerts) == 2, f"dingtalk received {len(alerts)} alerts, expected 2 (big order, churn risk): {alerts}")
    contents = set()
    for request in alerts:
        body = request.json()
        contents.add(body.get("text", {}).get("content"))
        check(body.get("msgtype") == "text" and request.path == "/robot/send"
              and request.query.get("access_token") == ["ci-token"], f"dingtalk request {request.target} {body}")
    check(contents == A_ALERTS, f"dingtalk alert texts {sorted(map(str, contents))}, expected {sorted(A_ALERTS)}")
    return alerts


def scenario_a(ctx):
    step = "A (aws)"
    say(f"[{step}] herald serve (no config) + Examples/scenario-a/setup-aws.sh")
    s = a_sinks(ctx)
    server = ctx.herald("a-aws")
    ctx.setup_aws("a", server.endpoint, a_env(s))
    fanout_pattern = {"source": ["app.cdp"], "detail-type": ["order_placed", "user_activity"]}
    alerts_pattern = {"source": ["app.cdp"], "$or": [{"detail": {"order_amount": [{"numeric": [">", 10000]}]}},
                                                     {"detail": {"churn_risk": ["high"]}}]}
    check_resources(ctx, step, server.endpoint, {
        "connections": {"supabase": "API_KEY", "crm": "API_KEY"},
        "secrets": ["anon-key-ci", "service-key-ci", "crm-key-ci"],
        "destinations": {"supabase-events": ("supabase", s["supabase"].base_url + "/rest/v1/events", "POST"),
                         "crm-sync": ("crm", s["crm"].base_url + "/sync", "POST")},
        "rules": {"default": {
            "cdp-fanout": (fanout_pattern, {
                "supabase-insert": {"destination": "supabase-events",
                                    "members": {"HttpParameters.HeaderParameters.Prefer": "return=minimal"}},
                "crm-webhook": {"destination": "crm-sync", "members": {"RetryPolicy.MaximumRetryAttempts": 3}}}),
            "cdp-alerts": (alerts_pattern, {
                # ListTargetsByRule masks the robot's access token: the URL is its credential.
                "dingtalk": {"arn": s["dingtalk"].base_url + "/robot/send?access_token=****",
                             "members": {"InputTransformer.InputPathsMap": {"m": "$.detail.msg"},
                                         "RetryPolicy.MaximumRetryAttempts": 5},
                             "template_contains": ['"content":"ALERT: <m>"']}})}},
        "archives": {"cdp-archive": ("default", 30)},
    })
    ctx.put_events_aws(step, "a", server.endpoint)
    a_check_fanout(ctx, step, s, 4)
    server.stop()

    step = "A (config)"
    say(f"[{step}] herald serve --config Examples/config/scenario-a.yaml")
    s = a_sinks(ctx)
    server = ctx.herald("a-config", ["--config", str(EXAMPLES / "config" / "scenario-a.yaml")], dict(os.environ, **a_env(s)))
    ctx.put_events_socket(step, "a", server)
    alerts = a_check_fanout(ctx, step, s, 4)
    for request in alerts:
        timestamp, sign = request.query.get("timestamp", [""])[0], request.query.get("sign", [""])[0]
        ctx.report.check(step, timestamp and sign and sinks.dingtalk_sign_ok(A_ENV["DINGTALK_SECRET"], timestamp, sign),
                         f"dingtalk request is not signed with DINGTALK_SECRET: {request.target}")
    code, out, err = ctx.herald_cli("status", "--endpoint", server.endpoint)
    ctx.report.check(step, code == 0 and "cdp-alerts" in out and "crm-webhook" in out,
                     f"herald status: exit {code}, {out[:300]!r} {err[:300]!r}")
    code, out, err = ctx.herald_cli("dlq", "list", "--endpoint", server.endpoint)
    ctx.report.check(step, code == 0, f"herald dlq list: exit {code}, {out[:300]!r} {err[:300]!r}")
    server.stop()

    step = "A (config, defaults)"
    say(f"[{step}] scenario-a.yaml starts with only the variables its header names")
    minimal = {name: value for name, value in os.environ.items()
               if not name.startswith(("SUPABASE_", "CRM_", "DINGTALK_"))}
    minimal.update({name: A_ENV[name] for name in ("SUPABASE_ANON_KEY", "SUPABASE_SERVICE_KEY", "CRM_API_KEY")})
    server = ctx.herald("a-defaults", ["--config", str(EXAMPLES / "config" / "scenario-a.yaml")], minimal)
    targets = by_id(ctx.api(server.endpoint, "ListTargetsByRule", {"Rule": "cdp-alerts"}))
    signing = targets.get("dingtalk", {}).get("HeraldParameters", {}).get("Signing", {})
    ctx.report.check(step, signing == {"Type": "dingtalk", "Secret": "****"},
                     f"cdp-alerts/dingtalk HeraldParameters.Signing as listed: {signing}")
    server.stop()

    step = "A (config, Lark)"
    say(f"[{step}] the same file with Signing Type lark and a Lark hook URL")
    text = (EXAMPLES / "config" / "scenario-a.yaml").read_text()
    variant = text.replace("Type: dingtalk", "Type: lark").replace(
        """'{"msgtype":"text","text":{"content":"ALERT: <m>"}}'""", """'{"msg_type":"text","content":{"text":"ALERT: <m>"}}'""")
    if not ctx.report.check(step, "Type: dingtalk" not in variant and "'{\"msgtype\"" not in variant,
                            "scenario-a.yaml has no 'Signing: {Type: dingtalk…}' and DingTalk template to switch to Lark"):
        return
    path = ctx.work / "scenario-a-lark.yaml"
    path.write_text(variant)
    s = a_sinks(ctx)
    env = dict(os.environ, **a_env(s))
    env["DINGTALK_WEBHOOK_URL"] = s["lark"].base_url + "/open-apis/bot/v2/hook/ci-hook"
    server = ctx.herald("a-lark", ["--config", str(path)], env)
    ctx.put_events_socket(step, "a", server)
    alerts = s["lark"].wait_for(2)
    ctx.report.check(step, len(alerts) == 2, f"lark received {len(alerts)} alerts, expected 2")
    for request in alerts:
        body = request.json()
        ctx.report.check(step, request.path == "/open-apis/bot/v2/hook/ci-hook" and body.get("msg_type") == "text"
                         and body.get("content", {}).get("text") in A_ALERTS, f"lark request {request.target} {body}")
        ctx.report.check(step, sinks.lark_sign_ok(A_ENV["DINGTALK_SECRET"], body.get("timestamp", "0"), body.get("sign", "")),
                         f"lark body is not signed: timestamp={body.get('timestamp')} sign={body.get('sign')}")
    server.stop()


# ---------------------------------------------------------------------------------------------- scenarios B, C

TWILIO_SID = "AC0123456789abcdef0123456789abcdef"
TWILIO_TOKEN = "twilio-token-ci"
RESEND_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
BC_ENV = {"TWILIO_ACCOUNT_SID": TWILIO_SID, "TWILIO_AUTH_TOKEN": TWILIO_TOKEN, "TWILIO_FROM_NUMBER": "+15550000001",
          "TWILIO_WHATSAPP_FROM": "+15550000002", "RESEND_API_KEY": "re_ci_key", "RESEND_WEBHOOK_SECRET": RESEND_SECRET,
          "ONCALL_PHONE": "+15550000003", "ONCALL_EMAIL": "oncall@example.com"}
BASIC = "Basic " + base64.b64encode(f"{TWILIO_SID}:{TWILIO_TOKEN}".encode()).decode()


def bc_sinks(ctx):
    return {"twilio": ctx.sink("twilio", sinks.twilio), "resend": ctx.sink("resend", sinks.resend),
            "tracking": ctx.sink("tracking", sinks.plain_ok(200))}


def bc_env(s, public_url):
    return dict(BC_ENV, TWILIO_BASE_URL=s["twilio"].base_url, RESEND_BASE_URL=s["resend"].base_url,
                TRACKING_SINK_URL=s["tracking"].base_url + "/tracking", HERALD_PUBLIC_URL=public_url)


def check_twilio(ctx, step, requests, expected):
    """`expected`: {To: (Body, cid)}; checks path, Basic auth, form encoding and fields."""
    check = lambda condition, what: ctx.report.check(step, condition, what)  # noqa: E731
    check(len(requests) == len(expected), f"twilio received {len(requests)} messages, expected {len(expected)}: {requests}")
    seen = {}
    for request in requests:
        check(request.path == f"/2010-04-01/Accounts/{TWILIO_SID}/Messages.json", f"twilio path {request.path}")
        check(request.headers.get("authorization") == BASIC, f"twilio Authorization {request.headers.get('authorization')}")
        check(request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"),
              f"twilio Content-Type {request.headers.get('content-type')}")
        form = request.form()
        seen[form.get("To")] = (form, request)
    for to, (body, cid) in expected.items():
        form = seen.get(to, ({}, None))[0]
        check(form.get("Body") == body, f"twilio message to {to}: Body {form.get('Body')!r}, expected {body!r}")
        callback = form.get("StatusCallback", "")
        check(callback.endswith(f"/webhooks/twilio?cid={cid}"), f"twilio message to {to}: StatusCallback {callback!r}")
    return {to: (form, request) for to, (form, request) in seen.items()}


def check_resend(ctx, step, requests, expected):
    """`expected`: {to: (subject, {tag: value})}."""
    check = lambda condition, what: ctx.report.check(step, condition, what)  # noqa: E731
    check(len(requests) == len(expected), f"resend received {len(requests)} emails, expected {len(expected)}: {requests}")
    seen = {}
    for request in requests:
        check(request.path == "/emails" and request.headers.get("authorization") == "Bearer re_ci_key",
              f"resend request {request.path} Authorization {request.headers.get('authorization')}")
        body = request.json()
        seen[(body.get("to") or ["?"])[0]] = (body, request)
    for to, (subject, tags) in expected.items():
        body = seen.get(to, ({}, None))[0]
        check(body.get("subject") == subject, f"email to {to}: subject {body.get('subject')!r}, expected {subject!r}")
        got = {tag.get("name"): tag.get("value") for tag in body.get("tags", [])}
        check(all(got.get(k) == v for k, v in tags.items()), f"email to {to}: tags {got}, expected {tags}")
        check(body.get("html", "").startswith("<p>"), f"email to {to}: html {body.get('html')!r}")
    return seen


def twilio_callback(public_url, port, cid, sid, status, to, forge=False):
    """Posts a Twilio status callback to Herald, signed over the public URL; returns the HTTP status."""
    path = f"/webhooks/twilio?cid={cid}"
    params = {"AccountSid": TWILIO_SID, "MessageSid": sid, "SmsSid": sid, "MessageStatus": status, "SmsStatus": status,
              "To": to, "From": BC_ENV["TWILIO_FROM_NUMBER"], "ApiVersion": "2010-04-01"}
    signature = sinks.twilio_signature(TWILIO_TOKEN if not forge else "wrong-token", public_url + path, params)
    body = urllib.parse.urlencode(params).encode()
    return post(f"http://127.0.0.1:{port}{path}", body,
                {"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature})


def resend_webhook(port, kind, email_id, to, tags, forge=False, created_at=None):
    created_at = created_at or datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    body = json.dumps({"type": kind, "created_at": created_at,
                       "data": {"email_id": email_id, "to": [to], "created_at": created_at, "subject": "x",
                                "from": "Herald <alerts@example.com>", "tags": tags}}).encode()
    headers = sinks.svix_headers(RESEND_SECRET if not forge else "whsec_" + "QUJD" * 8, body)
    return post(f"http://127.0.0.1:{port}/webhooks/resend", body, headers)


def scenario_b(ctx):
    step = "B (aws)"
    say(f"[{step}] herald serve (no config) + Examples/scenario-b/setup-aws.sh")
    s = bc_sinks(ctx)
    server = ctx.herald("b-aws")
    ctx.setup_aws("b", server.endpoint, bc_env(s, server.endpoint))
    check_resources(ctx, step, server.endpoint, {
        "connections": {"twilio": "BASIC", "resend": "API_KEY"},
        "secrets": [TWILIO_TOKEN, "re_ci_key"],
        "destinations": {
            "twilio-sms": ("twilio", s["twilio"].base_url + "/2010-04-01/Accounts/*/Messages.json", "POST"),
            "resend-email": ("resend", s["resend"].base_url + "/emails", "POST")},
        "rules": {"default": {
            "order-fanout": ({"source": ["com.app"], "detail-type": ["OrderPlaced"]}, {
                "sms": {"destination": "twilio-sms",
                        "members": {"HttpParameters.PathParameterValues": [TWILIO_SID],
                                    "RetryPolicy.MaximumRetryAttempts": 10},
                        "template_contains": ['"StatusCallback": "' + server.endpoint + '/webhooks/twilio?cid=<order>"']},
                "email": {"destination": "resend-email",
                          "template_contains": ['{"name": "correlation_id", "value": "<order>"}']}}),
            "delivery-tracking": ({"source": ["com.notifications"],
                                   "detail-type": ["DeliveryStatus", "Bounce", "Open", "Click", "Complaint"]}, {
                "tracking-sink": {"arn": s["tracking"].base_url + "/tracking"}})}},
    })
    ctx.put_events_aws(step, "b", server.endpoint)
    b_check_sends(ctx, step, s)
    server.stop()

    step = "B (config)"
    say(f"[{step}] herald serve --config Examples/config/scenario-b.yaml + signed receipts")
    s = bc_sinks(ctx)
    port = free_port()
    public = f"http://127.0.0.1:{port}"
    server = ctx.herald("b-config", ["--config", str(EXAMPLES / "config" / "scenario-b.yaml")],
                        dict(os.environ, **bc_env(s, public)), port=port)
    ctx.put_events_socket(step, "b", server)
    messages, emails = b_check_sends(ctx, step, s)
    check = lambda condition, what: ctx.report.check(step, condition, what)  # noqa: E731
    sms = messages.get("+15551112222", ({}, None))[1]
    mail = emails.get("ann@example.com", ({}, None))[1]
    if sms is None or mail is None:
        ctx.report.error(step, "no SMS or email to answer with receipts")
        server.stop()
        return
    sid = sms.response["sid"]
    email_id = mail.response["id"]
    check(twilio_callback(public, port, "A-1001", sid, "delivered", "+15551112222", forge=True) == 401,
          "a Twilio callback with a wrong signature was not refused with 401")
    check(resend_webhook(port, "email.opened", email_id, "ann@example.com", {"correlation_id": "A-1001"}, forge=True) == 401,
          "a Resend webhook with a wrong Svix signature was not refused with 401")
    status = twilio_callback(public, port, "A-1001", sid, "delivered", "+15551112222")
    check(200 <= status < 300, f"signed Twilio callback answered {status}")
    status = resend_webhook(port, "email.opened", email_id, "ann@example.com", [{"name": "correlation_id", "value": "A-1001"}])
    check(200 <= status < 300, f"signed Resend webhook answered {status}")
    tracked = s["tracking"].wait_for(2)
    check(len(tracked) == 2, f"tracking sink received {len(tracked)} receipt events, expected 2: {tracked}")
    seen = {}
    for request in tracked:
        event = request.json()
        detail = event.get("detail", {})
        seen[(event.get("detail-type"), detail.get("channel"), detail.get("status"))] = detail
        check(event.get("source") == "com.notifications", f"receipt event source {event.get('source')}")
        check(detail.get("correlation_id") == "A-1001", f"receipt event correlation_id {detail.get('correlation_id')}")
    check(("DeliveryStatus", "sms", "delivered") in seen and ("Open", "email", "opened") in seen,
          f"receipt events {sorted(seen)}, expected DeliveryStatus/sms/delivered and Open/email/opened")
    sms_detail = seen.get(("DeliveryStatus", "sms", "delivered"), {})
    check(sms_detail.get("provider_message_id") == sid and sms_detail.get("origin_event_id"),
          f"the SMS receipt is not correlated to its send: {sms_detail}")
    # The README's ledger question: what happened to order A-1001's messages (sends and receipts). The two
    # receipt events forwarded to the tracking sink are sends of that order too (no channel: a plain URL target).
    timeline_sql = ("SELECT kind, channel, status, target FROM alert_events WHERE incident_id = :order "
                    "ORDER BY kind, target, status")
    want = [["receipt", "email", "opened", "email"], ["receipt", "sms", "delivered", "sms"],
            ["send", "email", "sent", "email"], ["send", "sms", "sent", "sms"],
            ["send", None, "sent", "tracking-sink"], ["send", None, "sent", "tracking-sink"]]
    want.sort(key=lambda row: (row[0], row[3], row[2]))
    rows = []
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        rows = [[row.get("kind"), row.get("channel"), row.get("status"), row.get("target")]
                for row in query(ctx, server, timeline_sql, order="A-1001")]
        if rows == want:
            break
        time.sleep(0.5)
    check(rows == want, f"the ledger's rows for A-1001: {rows}, expected {want}")
    server.stop()


def b_check_sends(ctx, step, s):
    messages = check_twilio(ctx, step, s["twilio"].wait_for(2), {
        "+15551112222": ("Order A-1001 confirmed, total 99.50.", "A-1001"),
        "+15553334444": ("Order A-1002 confirmed, total 12.00.", "A-1002")})
    emails = check_resend(ctx, step, s["resend"].wait_for(2), {
        "ann@example.com": ("Order A-1001 confirmed", {"correlation_id": "A-1001"}),
        "bob@example.com": ("Order A-1002 confirmed", {"correlation_id": "A-1002"})})
    return messages, emails


# ---------------------------------------------------------------------------------------------- scenario C

C_PATTERN = {"source": ["aws.ecs", "aws.rds"], "detail-type": ["Alarm State Change"], "detail": {"state": {"value": ["ALARM"]}}}
C_ALARM = "db-primary-cpu"
C_REASON = "Threshold Crossed: CPU > 95% for 5 minutes"


def c_check_pages(ctx, step, s, incident):
    messages = check_twilio(ctx, step, s["twilio"].wait_for(2), {
        "+15550000003": (f"P1 {C_ALARM}: {C_REASON} (incident {incident})", incident),
        "whatsapp:+15550000003": (f"P1 {C_ALARM} (incident {incident})", incident)})
    emails = check_resend(ctx, step, s["resend"].wait_for(1), {
        "oncall@example.com": (f"P1: {C_ALARM}", {"incident_id": incident, "channel": "email"})})
    return messages, emails


def query(ctx, server, sql, **parameters):
    """`herald query SQL --format json --param …` against `server`; returns the rows or raises Failure."""
    arguments = ["query", sql, "--endpoint", server.endpoint, "--format", "json"]
    for name, value in parameters.items():
        arguments += ["--param", f"{name}={value}"]
    code, out, err = ctx.herald_cli(*arguments)
    if code != 0:
        raise Failure(f"herald query failed ({code}): {err.strip()[:400]} {out.strip()[:200]}")
    return json.loads(out)


def iso_now(offset_seconds=0.0):
    moment = datetime.now(timezone.utc) + timedelta(seconds=offset_seconds)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def scenario_c(ctx):
    step = "C (aws)"
    say(f"[{step}] herald serve (no config) + Examples/scenario-c/setup-aws.sh")
    s = bc_sinks(ctx)
    server = ctx.herald("c-aws")
    ctx.setup_aws("c", server.endpoint, bc_env(s, server.endpoint))
    bus = ctx.api(server.endpoint, "DescribeEventBus", {"Name": "infra"})
    ctx.report.check(step, bus.get("Arn", "").endswith(":event-bus/infra"), f"describe-event-bus infra: {bus}")
    check_resources(ctx, step, server.endpoint, {
        "connections": {"twilio": "BASIC", "resend": "API_KEY"},
        "secrets": [TWILIO_TOKEN, "re_ci_key"],
        "destinations": {
            "twilio-messages": ("twilio", s["twilio"].base_url + "/2010-04-01/Accounts/*/Messages.json", "POST"),
            "resend-email": ("resend", s["resend"].base_url + "/emails", "POST")},
        "rules": {"infra": {"InfraP1Alert": (C_PATTERN, {
            "page-sms": {"destination": "twilio-messages",
                         "members": {"HttpParameters.PathParameterValues": [TWILIO_SID],
                                     "InputTransformer.InputPathsMap.incident": "$.id",
                                     "RetryPolicy.MaximumEventAgeInSeconds": 900}},
            "page-whatsapp": {"destination": "twilio-messages",
                              "template_contains": ['"To": "whatsapp:+15550000003"']},
            "page-email": {"destination": "resend-email",
                           "template_contains": ['{"name": "incident_id", "value": "<incident>"}']}})}},
        "archives": {"infra-alarms": ("infra", 90)},
    })
    ids = ctx.put_events_aws(step, "c", server.endpoint)
    incident = (ids.get("rds-cpu-alarm.json") or ["?"])[0]
    c_check_pages(ctx, step, s, incident)
    server.stop()

    step = "C (config)"
    say(f"[{step}] herald serve --config Examples/config/scenario-c.yaml + receipts + question.sql")
    s = bc_sinks(ctx)
    port = free_port()
    public = f"http://127.0.0.1:{port}"
    server = ctx.herald("c-config", ["--config", str(EXAMPLES / "config" / "scenario-c.yaml")],
                        dict(os.environ, **bc_env(s, public)), port=port)
    ids = ctx.put_events_socket(step, "c", server)
    incident = (ids.get("rds-cpu-alarm.json") or ["?"])[0]
    messages, emails = c_check_pages(ctx, step, s, incident)
    check = lambda condition, what: ctx.report.check(step, condition, what)  # noqa: E731
    sms = messages.get("+15550000003", ({}, None))[1]
    mail = emails.get("oncall@example.com", ({}, None))[1]
    if sms is None or mail is None:
        ctx.report.error(step, "no SMS or email page to answer with receipts")
        server.stop()
        return
    # The SMS is delivered (not read), the email delivered and opened, the WhatsApp page gets no receipt at all.
    for status in ("sent", "delivered"):
        code = twilio_callback(public, port, incident, sms.response["sid"], status, "+15550000003")
        check(200 <= code < 300, f"signed Twilio callback {status} answered {code}")
    tags = [{"name": "incident_id", "value": incident}, {"name": "channel", "value": "email"}]
    for kind in ("email.sent", "email.delivered", "email.opened"):
        code = resend_webhook(port, kind, mail.response["id"], "oncall@example.com", tags)
        check(200 <= code < 300, f"signed Resend webhook {kind} answered {code}")
    check(resend_webhook(port, "email.opened", mail.response["id"], "oncall@example.com", tags, forge=True) == 401,
          "a forged Resend webhook was not refused with 401")

    count_sql = "SELECT COUNT(*) AS n FROM alert_events WHERE incident_id = :incident AND kind = 'receipt'"
    deadline = time.monotonic() + 30
    receipts = 0
    while time.monotonic() < deadline:
        rows = query(ctx, server, count_sql, incident=incident)
        receipts = rows[0]["n"] if rows else 0
        if receipts >= 5:
            break
        time.sleep(0.5)
    check(receipts == 5, f"the ledger holds {receipts} receipts for the incident, expected 5 (2 SMS, 3 email)")

    question = (EXAMPLES / "scenario-c" / "question.sql").read_text()
    rows = query(ctx, server, question, incident=incident, escalation_time=iso_now(60))
    summary = [[row.get("channel"), row.get("recipient"), row.get("paged"), row.get("delivered"), row.get("opened"),
                row.get("failure")] for row in rows]
    check(summary == [["email", "oncall@example.com", 1, 1, 1, None],
                      ["sms", "+15550000003", 1, 1, 0, None],
                      ["whatsapp", "whatsapp:+15550000003", 1, 0, 0, None]],
          f"question.sql answered {summary}")
    check(all(row.get("paged_at") for row in rows) and rows and rows[0].get("opened_at"),
          f"question.sql times missing: {rows}")
    early = query(ctx, server, question, incident=incident, escalation_time="2000-01-01T00:00:00.000Z")
    check(early == [], f"question.sql with an escalation time before the alarm answered {early}")
    brief = ("SELECT incident_id, channel, status, timestamp FROM alert_events "
             "WHERE status = 'opened' AND timestamp < :escalation_time")
    opened = query(ctx, server, brief, escalation_time=iso_now(60))
    check([(row.get("incident_id"), row.get("channel"), row.get("status")) for row in opened] == [(incident, "email", "opened")],
          f"the brief's question answered {opened}")
    server.stop()


# ---------------------------------------------------------------------------------------------- main

SCENARIOS = {"a": scenario_a, "b": scenario_b, "c": scenario_c}


def main():
    selected = [name.lower() for name in sys.argv[1:]] or list(SCENARIOS)
    source = Path(os.environ.get("HERALD_BIN", str(REPO / ".build" / "debug" / "herald")))
    if not os.access(source, os.X_OK):
        print(f"examples: no herald binary at {source} (swift build first, or set HERALD_BIN)", file=sys.stderr)
        return 2
    if shutil.which("aws") is None:
        print("examples: the AWS CLI (aws) is not installed", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="herald-examples-"))
    binary = str(work / "herald")
    shutil.copy2(source, binary)  # the original may be rebuilt while we run
    report = Report()
    ctx = Context(binary, work, report)

    def terminate(signum, frame):
        raise SystemExit(f"examples: stopped by signal {signum}")

    signal.signal(signal.SIGTERM, terminate)
    started = time.monotonic()
    timings = {}

    def run(name):
        # Scenarios run side by side: most of their time is spent starting the AWS CLI and waiting for deliveries.
        begin = time.monotonic()
        step = f"scenario {name.upper()}"
        try:
            SCENARIOS[name](ctx)
        except Failure as failure:
            report.error(step, str(failure))
        except (subprocess.TimeoutExpired, OSError, ValueError, KeyError, TypeError) as error:
            report.error(step, f"{type(error).__name__}: {error}")
        timings[name] = time.monotonic() - begin

    threads = [threading.Thread(target=run, args=(name,), daemon=True) for name in selected]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        ctx.cleanup()
        if report.failed == 0:
            shutil.rmtree(work, ignore_errors=True)
    print()
    for name in selected:
        ok = not any(line.startswith(f"FAIL {name.upper()} ") or line.startswith(f"FAIL scenario {name.upper()}")
                     for line in report.lines)
        print(f"{'PASS' if ok else 'FAIL'} scenario {name.upper()} ({timings.get(name, 0):.1f} s)")
    for line in report.lines:
        print(line)
    elapsed = time.monotonic() - started
    if report.failed:
        print(f"examples: FAIL — {report.failed} of {report.passed + report.failed} checks failed in {elapsed:.0f} s; "
              f"server logs kept in {work}")
        return 1
    print(f"examples: PASS — {report.passed} checks, scenarios {', '.join(n.upper() for n in selected)}, {elapsed:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
