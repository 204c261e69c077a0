import json

import pytest
from botocore.exceptions import ClientError

from conftest import error_code

PATTERN = json.dumps({"source": ["app.cdp"], "detail-type": ["order_placed", "user_activity"]})


def test_rule_lifecycle(events, name):
    arn = events.put_rule(Name=name, EventPattern=PATTERN, Description="fan out")["RuleArn"]
    assert arn.endswith(":rule/" + name)
    rule = events.describe_rule(Name=name)
    assert rule["State"] == "ENABLED"
    assert json.loads(rule["EventPattern"]) == json.loads(PATTERN)
    events.disable_rule(Name=name)
    assert events.describe_rule(Name=name)["State"] == "DISABLED"
    events.enable_rule(Name=name)
    assert [r["Name"] for r in events.list_rules(NamePrefix=name)["Rules"]] == [name]
    events.delete_rule(Name=name)
    with pytest.raises(ClientError) as excinfo:
        events.describe_rule(Name=name)
    assert error_code(excinfo) == "ResourceNotFoundException"


def test_invalid_pattern_is_rejected(events, name):
    with pytest.raises(ClientError) as excinfo:
        events.put_rule(Name=name, EventPattern='{"source": "not-a-list"}')
    assert error_code(excinfo) == "InvalidEventPatternException"


def test_schedule_rule(events, name):
    events.put_rule(Name=name, ScheduleExpression="rate(5 minutes)")
    assert events.describe_rule(Name=name)["ScheduleExpression"] == "rate(5 minutes)"
    events.delete_rule(Name=name)


def test_list_rules_paginates(events, name):
    for index in range(7):
        events.put_rule(Name=f"{name}-{index}", EventPattern=PATTERN)
    paginator = events.get_paginator("list_rules")
    pages = list(paginator.paginate(NamePrefix=name, PaginationConfig={"PageSize": 3}))
    assert len(pages) == 3
    assert [r["Name"] for page in pages for r in page["Rules"]] == [f"{name}-{i}" for i in range(7)]
    for index in range(7):
        events.delete_rule(Name=f"{name}-{index}")


def test_targets(events, name):
    events.put_rule(Name=name, EventPattern=PATTERN)
    target_arn = "arn:aws:events:us-east-1:000000000000:api-destination/crm/abc"
    result = events.put_targets(
        Rule=name,
        Targets=[
            {
                "Id": "crm",
                "Arn": target_arn,
                "RetryPolicy": {"MaximumRetryAttempts": 3},
                "InputTransformer": {
                    "InputPathsMap": {"m": "$.detail.msg"},
                    "InputTemplate": '{"msgtype":"text","text":{"content":"ALERT: <m>"}}',
                },
            },
            {"Id": "broken", "Arn": target_arn, "Input": "{not json"},
        ],
    )
    assert result["FailedEntryCount"] == 1
    assert result["FailedEntries"][0]["TargetId"] == "broken"
    targets = events.list_targets_by_rule(Rule=name)["Targets"]
    assert [t["Id"] for t in targets] == ["crm"]
    assert targets[0]["RetryPolicy"]["MaximumRetryAttempts"] == 3
    assert name in events.list_rule_names_by_target(TargetArn=target_arn)["RuleNames"]
    with pytest.raises(ClientError) as excinfo:
        events.delete_rule(Name=name)
    assert error_code(excinfo) == "ValidationException"
    removed = events.remove_targets(Rule=name, Ids=["crm", "missing"])
    assert removed["FailedEntryCount"] == 1
    events.delete_rule(Name=name)


def test_too_many_targets(events, name):
    events.put_rule(Name=name, EventPattern=PATTERN)
    with pytest.raises(ClientError) as excinfo:
        events.put_targets(Rule=name, Targets=[{"Id": f"t{i}", "Arn": "arn:x"} for i in range(6)])
    assert error_code(excinfo) == "LimitExceededException"
    events.delete_rule(Name=name)
