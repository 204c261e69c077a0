#!/usr/bin/env bash
# Scenario B, the AWS way: the same connections, API destinations, rules and targets as
# Examples/config/scenario-b.yaml, created with `aws events` against a running Herald. Safe to run twice.
#
#   herald serve &
#   HERALD_ENDPOINT=http://127.0.0.1:4010 Examples/scenario-b/setup-aws.sh
#
# Environment (all optional; the defaults point at local fakes on 127.0.0.1, never at the real providers):
#   TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM_NUMBER, TWILIO_BASE_URL (https://api.twilio.com for real),
#   RESEND_API_KEY, RESEND_BASE_URL (https://api.resend.com for real), HERALD_PUBLIC_URL (where Twilio can reach
#   this Herald's /webhooks/twilio), TRACKING_SINK_URL.
# The receipt endpoints (/webhooks/twilio, /webhooks/resend) are not EventBridge resources: their secrets come from
# the `webhooks:` section of a config file (see README.md, "Receipts").
set -euo pipefail

: "${AWS_ACCESS_KEY_ID:=test}" "${AWS_SECRET_ACCESS_KEY:=test}" "${AWS_DEFAULT_REGION:=us-east-1}"
export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_DEFAULT_REGION
ENDPOINT="${HERALD_ENDPOINT:-http://127.0.0.1:4010}"
E=(--endpoint-url "$ENDPOINT")
TWILIO_ACCOUNT_SID="${TWILIO_ACCOUNT_SID:-AC00000000000000000000000000000000}"
TWILIO_AUTH_TOKEN="${TWILIO_AUTH_TOKEN:-local-twilio-token}"
TWILIO_FROM_NUMBER="${TWILIO_FROM_NUMBER:-+15550000001}"
TWILIO_BASE_URL="${TWILIO_BASE_URL:-http://127.0.0.1:9201}"
RESEND_API_KEY="${RESEND_API_KEY:-re_local_key}"
RESEND_BASE_URL="${RESEND_BASE_URL:-http://127.0.0.1:9202}"
HERALD_PUBLIC_URL="${HERALD_PUBLIC_URL:-$ENDPOINT}"
TRACKING_SINK_URL="${TRACKING_SINK_URL:-http://127.0.0.1:9203/tracking}"
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

# 1. Connections: Twilio uses Basic auth (Account SID : Auth Token); Resend a Bearer API key.
TWILIO_CONN=$(upsert connection --name twilio --authorization-type BASIC \
    --auth-parameters "{\"BasicAuthParameters\": {\"Username\": \"$TWILIO_ACCOUNT_SID\", \"Password\": \"$TWILIO_AUTH_TOKEN\"}}" \
    --query ConnectionArn --output text)
RESEND_CONN=$(upsert connection --name resend --authorization-type API_KEY \
    --auth-parameters "{\"ApiKeyAuthParameters\": {\"ApiKeyName\": \"Authorization\", \"ApiKeyValue\": \"Bearer $RESEND_API_KEY\"}}" \
    --query ConnectionArn --output text)

# 2. API destinations; `*` in the Twilio path is filled from the target's PathParameterValues (the account SID).
TWILIO_DEST=$(upsert api-destination --cli-input-json "{
    \"Name\": \"twilio-sms\", \"ConnectionArn\": \"$TWILIO_CONN\", \"HttpMethod\": \"POST\",
    \"InvocationEndpoint\": \"$TWILIO_BASE_URL/2010-04-01/Accounts/*/Messages.json\", \"InvocationRateLimitPerSecond\": 10}" \
    --query ApiDestinationArn --output text)
RESEND_DEST=$(upsert api-destination --cli-input-json "{
    \"Name\": \"resend-email\", \"ConnectionArn\": \"$RESEND_CONN\", \"HttpMethod\": \"POST\",
    \"InvocationEndpoint\": \"$RESEND_BASE_URL/emails\", \"InvocationRateLimitPerSecond\": 10}" \
    --query ApiDestinationArn --output text)

# 3. order-fanout: one OrderPlaced event becomes an SMS (form-encoded: Herald encodes the transformed JSON object
#    because of the Content-Type) and an email. Both carry the order id so receipts correlate back to it.
aws events put-rule "${E[@]}" --name order-fanout \
    --event-pattern '{"source":["com.app"],"detail-type":["OrderPlaced"]}' >/dev/null
SMS_TEMPLATE="{\\\"To\\\": \\\"<phone>\\\", \\\"From\\\": \\\"$TWILIO_FROM_NUMBER\\\", \\\"Body\\\": \\\"Order <order> confirmed, total <total>.\\\", \\\"StatusCallback\\\": \\\"$HERALD_PUBLIC_URL/webhooks/twilio?cid=<order>\\\"}"
EMAIL_TEMPLATE="{\\\"from\\\": \\\"Orders <orders@example.com>\\\", \\\"to\\\": [\\\"<email>\\\"], \\\"subject\\\": \\\"Order <order> confirmed\\\", \\\"html\\\": \\\"\\\\u003cp>Hi <name>, your order <order> is confirmed.</p>\\\", \\\"tags\\\": [{\\\"name\\\": \\\"correlation_id\\\", \\\"value\\\": \\\"<order>\\\"}]}"
aws events put-targets "${E[@]}" --rule order-fanout --targets "[
    {\"Id\": \"sms\", \"Arn\": \"$TWILIO_DEST\", \"RoleArn\": \"$ROLE_ARN\",
     \"HttpParameters\": {\"PathParameterValues\": [\"$TWILIO_ACCOUNT_SID\"],
                          \"HeaderParameters\": {\"Content-Type\": \"application/x-www-form-urlencoded\"}},
     \"InputTransformer\": {\"InputPathsMap\": {\"phone\": \"\$.detail.customer.phone\", \"order\": \"\$.detail.order_id\",
                                               \"total\": \"\$.detail.total\"},
                           \"InputTemplate\": \"$SMS_TEMPLATE\"},
     \"RetryPolicy\": {\"MaximumRetryAttempts\": 10, \"MaximumEventAgeInSeconds\": 3600}},
    {\"Id\": \"email\", \"Arn\": \"$RESEND_DEST\", \"RoleArn\": \"$ROLE_ARN\",
     \"HttpParameters\": {\"HeaderParameters\": {\"Content-Type\": \"application/json\"}},
     \"InputTransformer\": {\"InputPathsMap\": {\"email\": \"\$.detail.customer.email\", \"name\": \"\$.detail.customer.name\",
                                               \"order\": \"\$.detail.order_id\"},
                           \"InputTemplate\": \"$EMAIL_TEMPLATE\"}}]" >/dev/null

# 4. delivery-tracking: receipts come back as com.notifications events; route them on (here: to one HTTP sink).
aws events put-rule "${E[@]}" --name delivery-tracking \
    --event-pattern '{"source":["com.notifications"],"detail-type":["DeliveryStatus","Bounce","Open","Click","Complaint"]}' >/dev/null
aws events put-targets "${E[@]}" --rule delivery-tracking \
    --targets "[{\"Id\": \"tracking-sink\", \"Arn\": \"$TRACKING_SINK_URL\"}]" >/dev/null

echo "scenario B ready on $ENDPOINT: rules order-fanout (sms, email) and delivery-tracking (tracking-sink)"
