"""Shared fixtures for Herald's EventBridge compatibility tests.

Run against a live server: HERALD_ENDPOINT=http://127.0.0.1:4010 python3 -m pytest Tests/compat
Optional: HERALD_ACCESS_KEY_ID / HERALD_SECRET_ACCESS_KEY when the server checks SigV4 signatures.
"""

import os
import uuid

import boto3
import pytest
from botocore.config import Config

ENDPOINT = os.environ.get("HERALD_ENDPOINT")


def pytest_collection_modifyitems(config, items):
    if ENDPOINT:
        return
    skip = pytest.mark.skip(reason="set HERALD_ENDPOINT to run the compatibility tests against a live herald")
    for item in items:
        item.add_marker(skip)


@pytest.fixture(scope="session")
def events():
    return boto3.client(
        "events",
        endpoint_url=ENDPOINT,
        region_name=os.environ.get("HERALD_REGION", "us-east-1"),
        aws_access_key_id=os.environ.get("HERALD_ACCESS_KEY_ID", "herald-test"),
        aws_secret_access_key=os.environ.get("HERALD_SECRET_ACCESS_KEY", "herald-test-secret"),
        config=Config(retries={"max_attempts": 1}, connect_timeout=5, read_timeout=10),
    )


@pytest.fixture
def name():
    """A unique resource name, so the suite can run repeatedly against one server."""
    return "compat-" + uuid.uuid4().hex[:12]


def error_code(excinfo):
    return excinfo.value.response["Error"]["Code"]
