"""Archives count what they retain; a replay re-delivers the archived events, marked with replay-name."""

import json
import time
from datetime import datetime, timedelta, timezone

from test_delivery import Sink, api_destination_rule, BASIC
import pytest


@pytest.fixture
def sink():
    server = Sink()
    yield server
    server.close()


def wait_until(check, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    return check()


def test_archive_counts_and_replay_redelivers(events, name, sink):
    bus_arn = events.describe_event_bus()["Arn"]
    archive_arn = events.create_archive(
        ArchiveName=name, EventSourceArn=bus_arn, EventPattern=json.dumps({"source": [name]}),
    )["ArchiveArn"]
    api_destination_rule(events, name, f"http://127.0.0.1:{sink.port}/replay", BASIC)
    start = datetime.now(timezone.utc) - timedelta(seconds=5)
    entries = [{"Source": name, "DetailType": "t", "Detail": json.dumps({"n": n})} for n in range(3)]
    entries.append({"Source": name + "-other", "DetailType": "t", "Detail": "{}"})
    assert events.put_events(Entries=entries)["FailedEntryCount"] == 0
    assert len(sink.wait_for(3)) == 3

    archive = wait_until(lambda: (a := events.describe_archive(ArchiveName=name))["EventCount"] == 3 and a)
    assert archive and archive["EventCount"] == 3 and archive["SizeBytes"] > 0

    events.start_replay(
        ReplayName=name, EventSourceArn=archive_arn, EventStartTime=start,
        EventEndTime=datetime.now(timezone.utc) + timedelta(seconds=1), Destination={"Arn": bus_arn},
    )
    replay = wait_until(lambda: (r := events.describe_replay(ReplayName=name))["State"] == "COMPLETED" and r)
    assert replay and replay["State"] == "COMPLETED"
    assert "EventLastReplayedTime" in replay

    received = sink.wait_for(6)
    time.sleep(0.5)  # a replayed non-matching event would arrive by now
    assert len(received) == 6
    originals = [json.loads(r["body"]) for r in received[:3]]
    replayed = [json.loads(r["body"]) for r in received[3:]]
    assert all("replay-name" not in body for body in originals)
    assert sorted(b["detail"]["n"] for b in replayed) == [0, 1, 2]
    assert all(b["replay-name"] == name for b in replayed)
    assert {b["id"] for b in replayed} == {b["id"] for b in originals}
    # Replayed events are not archived again.
    time.sleep(6)
    assert events.describe_archive(ArchiveName=name)["EventCount"] == 3
    events.delete_archive(ArchiveName=name)
