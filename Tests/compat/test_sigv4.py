"""SigV4: with credentials configured, a wrong secret or an unknown key is refused as AWS refuses it."""

import os

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from conftest import ENDPOINT, error_code

KEY = os.environ.get("HERALD_ACCESS_KEY_ID")
SECRET = os.environ.get("HERALD_SECRET_ACCESS_KEY")

pytestmark = pytest.mark.skipif(not KEY, reason="the server under test has no credentials configured")


def client(key, secret):
    return boto3.client(
        "events", endpoint_url=ENDPOINT, region_name="us-east-1", aws_access_key_id=key, aws_secret_access_key=secret,
        config=Config(retries={"max_attempts": 1}),
    )


def test_right_secret_is_accepted():
    assert "EventBuses" in client(KEY, SECRET).list_event_buses()


def test_wrong_secret_is_rejected():
    with pytest.raises(ClientError) as excinfo:
        client(KEY, SECRET + "x").list_event_buses()
    assert error_code(excinfo) == "InvalidSignatureException"


def test_unknown_key_is_rejected():
    with pytest.raises(ClientError) as excinfo:
        client("AKIDUNKNOWN", SECRET).list_event_buses()
    assert error_code(excinfo) == "UnrecognizedClientException"


def test_nothing_is_stored_for_a_refused_put():
    bad = client(KEY, SECRET + "x")
    with pytest.raises(ClientError):
        bad.put_events(Entries=[{"Source": "sigv4.test", "DetailType": "x", "Detail": "{}"}])
