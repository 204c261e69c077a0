"""Bad input gets EventBridge's error codes, nothing is stored, and the server keeps serving."""

import json
import os
import urllib.error
import urllib.request

import pytest
from botocore.exceptions import ClientError

from conftest import ENDPOINT, error_code


def raw_call(operation, body, content_type="application/x-amz-json-1.1"):
    request = urllib.request.Request(
        ENDPOINT + "/", data=body, method="POST",
        headers={"X-Amz-Target": "AWSEvents." + operation, "Content-Type": content_type},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def test_oversized_entry_is_rejected(events):
    detail = json.dumps({"blob": "x" * (1024 * 1024 + 10)})
    with pytest.raises(ClientError) as excinfo:
        events.put_events(Entries=[{"Source": "big.test", "DetailType": "t", "Detail": detail}])
    assert error_code(excinfo) == "ValidationException"
    assert events.list_event_buses()["EventBuses"]  # still serving


# Raw (unsigned) requests only make sense against a server in developer mode.
unsigned_only = pytest.mark.skipif(bool(os.environ.get("HERALD_ACCESS_KEY_ID")), reason="raw requests are unsigned")


@unsigned_only
def test_malformed_json_is_a_serialization_error():
    status, body = raw_call("PutEvents", b'{"Entries": [ {"Source": ')
    assert status == 400
    assert body["__type"].endswith("SerializationException")


@unsigned_only
def test_wrong_member_type_is_refused():
    status, body = raw_call("PutRule", json.dumps({"Name": 5}).encode())
    assert status == 400
    assert body["__type"].endswith(("SerializationException", "ValidationException"))


def test_unknown_rule_is_not_found(events, name):
    with pytest.raises(ClientError) as excinfo:
        events.describe_rule(Name=name)
    assert error_code(excinfo) == "ResourceNotFoundException"
    with pytest.raises(ClientError) as excinfo:
        events.put_targets(Rule=name, Targets=[{"Id": "t", "Arn": "http://127.0.0.1:9/x"}])
    assert error_code(excinfo) == "ResourceNotFoundException"


def test_bad_entries_store_nothing_and_good_ones_are_stored(events):
    result = events.put_events(Entries=[
        {"Source": "mixed.test", "DetailType": "t", "Detail": "not json"},
        {"Source": "mixed.test", "DetailType": "t", "Detail": "[1, 2]"},
        {"Source": "mixed.test", "DetailType": "t", "Detail": "{\"ok\": true}"},
    ])
    assert result["FailedEntryCount"] == 2
    assert [entry.get("ErrorCode") for entry in result["Entries"]] == ["MalformedDetail", "MalformedDetail", None]
    assert "EventId" in result["Entries"][2]


# AWS's documented examples (EventBridge user guide, "Content filtering in Amazon EventBridge event patterns").
EC2_EVENT = {
    "version": "0", "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718", "detail-type": "EC2 Instance State-change Notification",
    "source": "aws.ec2", "account": "111122223333", "time": "2017-12-22T18:43:48Z", "region": "us-west-1",
    "resources": ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
    "detail": {"instance-id": "i-1234567890abcdef0", "state": "terminated", "c-count": 5, "d-count": 3,
               "x-limit": 301.8, "source-ip": "10.0.0.123"},
}

DOCUMENTED = [
    ({"source": ["aws.ec2"]}, True),
    ({"detail": {"state": [{"prefix": "ter"}]}}, True),
    ({"detail": {"state": [{"suffix": "ated"}]}}, True),
    ({"detail": {"state": [{"equals-ignore-case": "TERMINATED"}]}}, True),
    ({"detail": {"state": [{"anything-but": "initializing"}]}}, True),
    ({"detail": {"state": [{"anything-but": ["stopped", "terminated"]}]}}, False),
    ({"detail": {"c-count": [{"numeric": [">", 0, "<=", 5]}], "d-count": [{"numeric": ["<", 10]}],
                 "x-limit": [{"numeric": ["=", 3.018e2]}]}}, True),
    ({"detail": {"source-ip": [{"cidr": "10.0.0.0/24"}]}}, True),
    ({"detail": {"state": [{"exists": True}]}}, True),
    ({"detail": {"missing": [{"exists": False}]}}, True),
    ({"detail": {"state": [{"wildcard": "term*ed"}]}}, True),
    ({"$or": [{"detail": {"c-count": [{"numeric": [">", 10]}]}}, {"detail": {"d-count": [3]}}]}, True),
]


@pytest.mark.parametrize("pattern,expected", DOCUMENTED)
def test_documented_pattern_examples(events, pattern, expected):
    result = events.test_event_pattern(EventPattern=json.dumps(pattern), Event=json.dumps(EC2_EVENT))
    assert result["Result"] is expected
