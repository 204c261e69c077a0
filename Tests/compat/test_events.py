import json
from datetime import datetime, timezone

import pytest
from botocore.exceptions import ClientError

from conftest import error_code


def entry(detail='{"order_amount": 12000}', **extra):
    value = {"Source": "app.cdp", "DetailType": "order_placed", "Detail": detail}
    value.update(extra)
    return value


def test_put_events_with_per_entry_failures(events):
    result = events.put_events(
        Entries=[entry(), entry("{not json"), entry(Time=datetime(2026, 11, 22, 10, 0, tzinfo=timezone.utc))]
    )
    assert result["FailedEntryCount"] == 1
    assert "EventId" in result["Entries"][0]
    assert result["Entries"][1]["ErrorCode"] == "MalformedDetail"
    assert "EventId" in result["Entries"][2]


def test_more_than_ten_entries_is_rejected(events):
    with pytest.raises(ClientError) as excinfo:
        events.put_events(Entries=[entry() for _ in range(11)])
    assert error_code(excinfo) == "ValidationException"


def test_unknown_bus_fails_the_entry(events):
    result = events.put_events(Entries=[entry(EventBusName="no-such-bus")])
    assert result["FailedEntryCount"] == 1
    assert result["Entries"][0]["ErrorCode"] == "ResourceNotFoundException"


def test_test_event_pattern(events):
    event = json.dumps({
        "id": "1", "account": "000000000000", "source": "app.cdp", "time": "2026-11-22T10:00:00Z",
        "region": "us-east-1", "resources": [], "detail-type": "order_placed", "detail": {"order_amount": 12000},
    })
    numeric = json.dumps({"detail": {"order_amount": [{"numeric": [">", 10000]}]}})
    assert events.test_event_pattern(EventPattern=numeric, Event=event)["Result"] is True
    assert events.test_event_pattern(EventPattern='{"source": ["other"]}', Event=event)["Result"] is False
    with pytest.raises(ClientError) as excinfo:
        events.test_event_pattern(EventPattern='{"source": "x"}', Event=event)
    assert error_code(excinfo) == "InvalidEventPatternException"
