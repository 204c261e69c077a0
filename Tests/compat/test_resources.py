from datetime import datetime, timezone

import pytest
from botocore.exceptions import ClientError

from conftest import error_code


def test_event_bus_and_tags(events, name):
    arn = events.create_event_bus(Name=name, Tags=[{"Key": "team", "Value": "a"}])["EventBusArn"]
    assert arn.endswith(":event-bus/" + name)
    assert events.describe_event_bus(Name=name)["Name"] == name
    assert name in [b["Name"] for b in events.list_event_buses(NamePrefix=name)["EventBuses"]]
    events.tag_resource(ResourceARN=arn, Tags=[{"Key": "env", "Value": "dev"}])
    events.untag_resource(ResourceARN=arn, TagKeys=["team"])
    assert events.list_tags_for_resource(ResourceARN=arn)["Tags"] == [{"Key": "env", "Value": "dev"}]
    with pytest.raises(ClientError) as excinfo:
        events.create_event_bus(Name=name)
    assert error_code(excinfo) == "ResourceAlreadyExistsException"
    events.delete_event_bus(Name=name)


def test_connection_secrets_are_never_returned(events, name):
    created = events.create_connection(
        Name=name,
        AuthorizationType="API_KEY",
        AuthParameters={
            "ApiKeyAuthParameters": {"ApiKeyName": "apikey", "ApiKeyValue": "very-secret"},
            "InvocationHttpParameters": {
                "HeaderParameters": [{"Key": "Authorization", "Value": "Bearer hidden", "IsValueSecret": True}]
            },
        },
    )
    assert created["ConnectionState"] == "AUTHORIZED"
    described = events.describe_connection(Name=name)
    assert "very-secret" not in repr(described)
    assert "Bearer hidden" not in repr(described)
    assert described["AuthParameters"]["ApiKeyAuthParameters"] == {"ApiKeyName": "apikey"}

    destination = events.create_api_destination(
        Name=name, ConnectionArn=created["ConnectionArn"], InvocationEndpoint="https://example.com/rest/v1/events",
        HttpMethod="POST", InvocationRateLimitPerSecond=20,
    )
    assert destination["ApiDestinationState"] == "ACTIVE"
    assert events.describe_api_destination(Name=name)["InvocationRateLimitPerSecond"] == 20
    events.update_api_destination(Name=name, HttpMethod="PUT")
    events.delete_api_destination(Name=name)
    assert events.deauthorize_connection(Name=name)["ConnectionState"] == "DEAUTHORIZED"
    events.delete_connection(Name=name)
    with pytest.raises(ClientError) as excinfo:
        events.describe_connection(Name=name)
    assert error_code(excinfo) == "ResourceNotFoundException"


def test_archive_and_replay(events, name):
    bus_arn = events.describe_event_bus()["Arn"]
    archive_arn = events.create_archive(ArchiveName=name, EventSourceArn=bus_arn, RetentionDays=1)["ArchiveArn"]
    assert events.describe_archive(ArchiveName=name)["State"] == "ENABLED"
    started = events.start_replay(
        ReplayName=name, EventSourceArn=archive_arn,
        EventStartTime=datetime(2026, 11, 1, tzinfo=timezone.utc), EventEndTime=datetime(2026, 11, 2, tzinfo=timezone.utc),
        Destination={"Arn": bus_arn},
    )
    assert started["State"] == "STARTING"
    replay = events.describe_replay(ReplayName=name)
    assert replay["EventStartTime"] == datetime(2026, 11, 1, tzinfo=timezone.utc)
    # The replayer may already have finished this (empty) replay; otherwise it is cancelled.
    try:
        assert events.cancel_replay(ReplayName=name)["State"] == "CANCELLING"
    except ClientError as error:
        assert error.response["Error"]["Code"] == "IllegalStatusException"
        assert events.describe_replay(ReplayName=name)["State"] == "COMPLETED"
    events.delete_archive(ArchiveName=name)


def test_unknown_operation_is_a_clear_error(events):
    with pytest.raises(ClientError) as excinfo:
        events.put_permission(Action="events:PutEvents", Principal="123456789012", StatementId="s")
    assert error_code(excinfo) == "UnknownOperationException"
