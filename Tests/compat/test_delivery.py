"""End to end through boto3: a rule with an API-destination target delivers to a loopback HTTP sink."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class Sink:
    """A loopback HTTP server recording every request."""

    def __init__(self, statuses=()):
        self.requests = []
        self.statuses = list(statuses)  # answered in order, then 200
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                sink.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                self.send_response(sink.statuses.pop(0) if sink.statuses else 200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def wait_for(self, count, timeout=15.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(self.requests) < count:
            time.sleep(0.05)
        return self.requests

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def sink():
    server = Sink()
    yield server
    server.close()


def api_destination_rule(events, name, url, auth, retry=None):
    """Connection + API destination + rule on source `name` with one target; returns nothing."""
    kind, params = auth
    connection = events.create_connection(Name=name, AuthorizationType=kind, AuthParameters=params)
    destination = events.create_api_destination(
        Name=name, ConnectionArn=connection["ConnectionArn"], InvocationEndpoint=url, HttpMethod="POST",
    )
    events.put_rule(Name=name, EventPattern=json.dumps({"source": [name]}))
    target = {"Id": "sink", "Arn": destination["ApiDestinationArn"]}
    if retry is not None:
        target["RetryPolicy"] = retry
    assert events.put_targets(Rule=name, Targets=[target])["FailedEntryCount"] == 0


def put_one(events, name, detail):
    result = events.put_events(Entries=[{"Source": name, "DetailType": "t", "Detail": json.dumps(detail)}])
    assert result["FailedEntryCount"] == 0
    return result["Entries"][0]["EventId"]


BASIC = ("BASIC", {"BasicAuthParameters": {"Username": "AC123", "Password": "pw"}})


def test_rule_delivers_transformed_event_to_api_destination(events, name, sink):
    connection = events.create_connection(
        Name=name, AuthorizationType="API_KEY",
        AuthParameters={"ApiKeyAuthParameters": {"ApiKeyName": "apikey", "ApiKeyValue": "sink-key"}},
    )
    destination = events.create_api_destination(
        Name=name, ConnectionArn=connection["ConnectionArn"],
        InvocationEndpoint=f"http://127.0.0.1:{sink.port}/hook", HttpMethod="POST",
    )
    events.put_rule(Name=name, EventPattern=json.dumps({"source": [name], "detail": {"order_amount": [{"numeric": [">", 10000]}]}}))
    events.put_targets(Rule=name, Targets=[{
        "Id": "sink", "Arn": destination["ApiDestinationArn"],
        "InputTransformer": {"InputPathsMap": {"m": "$.detail.msg"}, "InputTemplate": '{"text": "ALERT: <m>"}'},
    }])
    result = events.put_events(Entries=[
        {"Source": name, "DetailType": "order", "Detail": json.dumps({"order_amount": 500, "msg": "small"})},
        {"Source": name, "DetailType": "order", "Detail": json.dumps({"order_amount": 12000, "msg": "big"})},
    ])
    assert result["FailedEntryCount"] == 0
    received = sink.wait_for(1)
    time.sleep(0.5)  # a wrongly matched second event would arrive by now
    assert len(received) == 1
    assert received[0]["path"] == "/hook"
    assert received[0]["headers"].get("apikey") == "sink-key"
    assert json.loads(received[0]["body"]) == {"text": "ALERT: big"}
    events.remove_targets(Rule=name, Ids=["sink"])
    events.delete_rule(Name=name)


@pytest.fixture
def flaky_sink():
    server = Sink(statuses=[503, 429])
    yield server
    server.close()


@pytest.fixture
def rejecting_sink():
    server = Sink(statuses=[400] * 10)
    yield server
    server.close()


def test_retries_then_delivers_with_basic_auth(events, name, flaky_sink):
    api_destination_rule(events, name, f"http://127.0.0.1:{flaky_sink.port}/retry", BASIC, retry={"MaximumRetryAttempts": 3})
    event_id = put_one(events, name, {"n": 1})
    received = flaky_sink.wait_for(3, timeout=20)
    assert len(received) == 3
    bodies = [json.loads(r["body"]) for r in received]
    assert all(body["id"] == event_id for body in bodies)
    assert received[-1]["headers"].get("Authorization") == "Basic QUMxMjM6cHc="


def test_client_errors_are_not_retried(events, name, rejecting_sink):
    api_destination_rule(events, name, f"http://127.0.0.1:{rejecting_sink.port}/reject", BASIC, retry={"MaximumRetryAttempts": 3})
    put_one(events, name, {"n": 2})
    assert len(rejecting_sink.wait_for(1)) == 1
    time.sleep(3.5)  # longer than the first retries' backoff would take
    assert len(rejecting_sink.requests) == 1
