#!/usr/bin/env bash
# Scenario C, the AWS way: the same event bus, connections, API destinations, rule, targets and archive as
# Examples/config/scenario-c.yaml, created with `aws events` against a running Herald. Safe to run twice.
#
#   herald serve &
#   HERALD_ENDPOINT=http://127.0.0.1:4010 Examples/scenario-c/setup-aws.sh
#
# Environment (all optional; the defaults point at local fakes on 127.0.0.1, never at the real providers):
#   TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM_NUMBER, TWILIO_WHATSAPP_FROM, TWILIO_BASE_URL,
#   RESEND_API_KEY, RESEND_BASE_URL, ONCALL_PHONE, ONCALL_EMAIL, HERALD_PUBLIC_URL.
# Receipt verification and the overdue check are not EventBridge resources: they come from the config file's
# `webhooks:` section (see README.md).
set -euo pipefail

: "${AWS_ACCESS_KEY_ID:=test}" "${AWS_SECRET_ACCESS_KEY:=test}" "${AWS_DEFAULT_REGION:=us-east-1}"
export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_DEFAULT_REGION
ENDPOINT="${HERALD_ENDPOINT:-http://127.0.0.1:4010}"
E=(--endpoint-url "$ENDPOINT")
TWILIO_ACCOUNT_SID="${TWILIO_ACCOUNT_SID:-AC00000000000000000000000000000000}"
TWILIO_AUTH_TOKEN="${TWILIO_AUTH_TOKEN:-local-twilio-token}"
TWILIO_FROM_NUMBER="${TWILIO_FROM_NUMBER:-+15550000001}"
TWILIO_WHATSAPP_FROM="${TWILIO_WHATSAPP_FROM:-+15550000002}"
TWILIO_BASE_URL="${TWILIO_BASE_URL:-http://127.0.0.1:9201}"
RESEND_API_KEY="${RESEND_API_KEY:-re_local_key}"
RESEND_BASE_URL="${RESEND_BASE_URL:-http://127.0.0.1:9202}"
ONCALL_PHONE="${ONCALL_PHONE:-+15550000003}"
ONCALL_EMAIL="${ONCALL_EMAIL:-oncall@example.com}"
HERALD_PUBLIC_URL="${HERALD_PUBLIC_URL:-$ENDPOINT}"
ROLE_ARN="${ROLE_ARN:-arn:aws:iam::000000000000:role/herald-invoke-api-destinations}"

# upsert KIND ARGS…: `aws events create-KIND ARGS`, or `update-KIND ARGS` when it already exists (so the script can
# run twice; both take the same arguments here). Prints the command's output.
upsert() {
    local kind="$1" err
    shift
    err=$(mktemp)
    if aws events "create-$kind" "${E[@]}" "$@" 2>"$err"; then rm -f "$err"; return 0; fi
    if grep -q ResourceAlreadyExistsException "$err"; then
        rm -f "$err"
        aws events "update-$kind" "${E[@]}" "$@"
    else
        cat "$err" >&2; rm -f "$err"; return 1
    fi
}

# 1. A bus of its own for infrastructure alarms (create-event-bus fails when it exists: then just look it up).
BUS_ARN=$(aws events create-event-bus "${E[@]}" --name infra --description "Infrastructure alarms" \
    --query EventBusArn --output text 2>/dev/null \
    || aws events describe-event-bus "${E[@]}" --name infra --query Arn --output text)

# 2. Connections and API destinations (one Twilio destination serves SMS and WhatsApp).
TWILIO_CONN=$(upsert connection --name twilio --authorization-type BASIC \
    --auth-parameters "{\"BasicAuthParameters\": {\"Username\": \"$TWILIO_ACCOUNT_SID\", \"Password\": \"$TWILIO_AUTH_TOKEN\"}}" \
    --query ConnectionArn --output text)
RESEND_CONN=$(upsert connection --name resend --authorization-type API_KEY \
    --auth-parameters "{\"ApiKeyAuthParameters\": {\"ApiKeyName\": \"Authorization\", \"ApiKeyValue\": \"Bearer $RESEND_API_KEY\"}}" \
    --query ConnectionArn --output text)
TWILIO_DEST=$(upsert api-destination --cli-input-json "{
    \"Name\": \"twilio-messages\", \"ConnectionArn\": \"$TWILIO_CONN\", \"HttpMethod\": \"POST\",
    \"InvocationEndpoint\": \"$TWILIO_BASE_URL/2010-04-01/Accounts/*/Messages.json\"}" \
    --query ApiDestinationArn --output text)
RESEND_DEST=$(upsert api-destination --cli-input-json "{
    \"Name\": \"resend-email\", \"ConnectionArn\": \"$RESEND_CONN\", \"HttpMethod\": \"POST\",
    \"InvocationEndpoint\": \"$RESEND_BASE_URL/emails\"}" \
    --query ApiDestinationArn --output text)

# 3. InfraP1Alert: an ECS/RDS alarm entering ALARM pages on-call by SMS, WhatsApp and email. Every message carries
#    the incident id (the event id, $.id): Twilio in the StatusCallback's `cid`, Resend as the `incident_id` tag.
aws events put-rule "${E[@]}" --name InfraP1Alert --event-bus-name infra \
    --event-pattern '{"source":["aws.ecs","aws.rds"],"detail-type":["Alarm State Change"],"detail":{"state":{"value":["ALARM"]}}}' >/dev/null
Q='\"'   # an escaped quote inside an InputTemplate inside the JSON below
CALLBACK="$HERALD_PUBLIC_URL/webhooks/twilio?cid=<incident>"
SMS="{${Q}To${Q}: ${Q}$ONCALL_PHONE${Q}, ${Q}From${Q}: ${Q}$TWILIO_FROM_NUMBER${Q}, ${Q}Body${Q}: ${Q}P1 <alarm>: <reason> (incident <incident>)${Q}, ${Q}StatusCallback${Q}: ${Q}$CALLBACK${Q}}"
WHATSAPP="{${Q}To${Q}: ${Q}whatsapp:$ONCALL_PHONE${Q}, ${Q}From${Q}: ${Q}whatsapp:$TWILIO_WHATSAPP_FROM${Q}, ${Q}Body${Q}: ${Q}P1 <alarm> (incident <incident>)${Q}, ${Q}StatusCallback${Q}: ${Q}$CALLBACK${Q}}"
EMAIL="{${Q}from${Q}: ${Q}Herald <alerts@example.com>${Q}, ${Q}to${Q}: [${Q}$ONCALL_EMAIL${Q}], ${Q}subject${Q}: ${Q}P1: <alarm>${Q}, ${Q}html${Q}: ${Q}\\\\u003cp><alarm> went to ALARM at <time>: <reason></p>\\\\u003cp>Incident <incident></p>${Q}, ${Q}tags${Q}: [{${Q}name${Q}: ${Q}incident_id${Q}, ${Q}value${Q}: ${Q}<incident>${Q}}, {${Q}name${Q}: ${Q}channel${Q}, ${Q}value${Q}: ${Q}email${Q}}]}"
FORM='{"Content-Type": "application/x-www-form-urlencoded"}'
RETRY='{"MaximumRetryAttempts": 20, "MaximumEventAgeInSeconds": 900}'
aws events put-targets "${E[@]}" --rule InfraP1Alert --event-bus-name infra --targets "[
    {\"Id\": \"page-sms\", \"Arn\": \"$TWILIO_DEST\", \"RoleArn\": \"$ROLE_ARN\", \"RetryPolicy\": $RETRY,
     \"HttpParameters\": {\"PathParameterValues\": [\"$TWILIO_ACCOUNT_SID\"], \"HeaderParameters\": $FORM},
     \"InputTransformer\": {\"InputPathsMap\": {\"incident\": \"\$.id\", \"alarm\": \"\$.detail.alarmName\",
                                               \"reason\": \"\$.detail.state.reason\"},
                           \"InputTemplate\": \"$SMS\"}},
    {\"Id\": \"page-whatsapp\", \"Arn\": \"$TWILIO_DEST\", \"RoleArn\": \"$ROLE_ARN\", \"RetryPolicy\": $RETRY,
     \"HttpParameters\": {\"PathParameterValues\": [\"$TWILIO_ACCOUNT_SID\"], \"HeaderParameters\": $FORM},
     \"InputTransformer\": {\"InputPathsMap\": {\"incident\": \"\$.id\", \"alarm\": \"\$.detail.alarmName\"},
                           \"InputTemplate\": \"$WHATSAPP\"}},
    {\"Id\": \"page-email\", \"Arn\": \"$RESEND_DEST\", \"RoleArn\": \"$ROLE_ARN\", \"RetryPolicy\": $RETRY,
     \"HttpParameters\": {\"HeaderParameters\": {\"Content-Type\": \"application/json\"}},
     \"InputTransformer\": {\"InputPathsMap\": {\"incident\": \"\$.id\", \"alarm\": \"\$.detail.alarmName\",
                                               \"reason\": \"\$.detail.state.reason\", \"time\": \"\$.time\"},
                           \"InputTemplate\": \"$EMAIL\"}}]" >/dev/null

# 4. infra-alarms: keep every alarm of the bus for 90 days (replayable).
archive_err=$(mktemp)
if ! aws events create-archive "${E[@]}" --archive-name infra-alarms --event-source-arn "$BUS_ARN" \
        --retention-days 90 >/dev/null 2>"$archive_err"; then
    grep -q ResourceAlreadyExistsException "$archive_err" || { cat "$archive_err" >&2; exit 1; }
    aws events update-archive "${E[@]}" --archive-name infra-alarms --retention-days 90 >/dev/null
fi
rm -f "$archive_err"

echo "scenario C ready on $ENDPOINT: bus infra, rule InfraP1Alert (page-sms, page-whatsapp, page-email), archive infra-alarms"
