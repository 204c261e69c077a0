"""End to end through boto3: a rule with an API-destination target delivers to a loopback HTTP sink."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class Sink:
    """A loopback HTTP server recording every request."""

    def __init__(self):
        self.requests = []
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                sink.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                self.send_response(200)
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
