#!/usr/bin/env bash
# Scenario A, the AWS way: the same connections, API destinations, rules, targets and archive as
# Examples/config/scenario-a.yaml, created with `aws events` against a running Herald (or, with a real endpoint and
# credentials, against EventBridge). Safe to run twice: existing connections, destinations and archives are updated.
#
#   herald serve &                                  # no --config needed
#   HERALD_ENDPOINT=http://127.0.0.1:4010 Examples/scenario-a/setup-aws.sh
#
# Environment (all optional; the defaults point at local fakes on 127.0.0.1):
#   SUPABASE_URL, SUPABASE_ANON_KEY, SUPABASE_SERVICE_KEY, CRM_URL, CRM_API_KEY, DINGTALK_WEBHOOK_URL
set -euo pipefail

: "${AWS_ACCESS_KEY_ID:=test}" "${AWS_SECRET_ACCESS_KEY:=test}" "${AWS_DEFAULT_REGION:=us-east-1}"
export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_DEFAULT_REGION
E=(--endpoint-url "${HERALD_ENDPOINT:-http://127.0.0.1:4010}")
SUPABASE_URL="${SUPABASE_URL:-http://127.0.0.1:54321}"
SUPABASE_ANON_KEY="${SUPABASE_ANON_KEY:-local-anon-key}"
SUPABASE_SERVICE_KEY="${SUPABASE_SERVICE_KEY:-local-service-key}"
CRM_URL="${CRM_URL:-http://127.0.0.1:9101}"
CRM_API_KEY="${CRM_API_KEY:-local-crm-key}"
DINGTALK_WEBHOOK_URL="${DINGTALK_WEBHOOK_URL:-http://127.0.0.1:9102/robot/send?access_token=local}"
# EventBridge needs a role that may invoke API destinations; Herald records it and does not use it.
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

# 1. Connections: Supabase wants `apikey: <anon key>` and `Authorization: Bearer <service key>`; the CRM an API key.
SUPABASE_CONN=$(upsert connection --name supabase --authorization-type API_KEY \
    --auth-parameters "{\"ApiKeyAuthParameters\": {\"ApiKeyName\": \"apikey\", \"ApiKeyValue\": \"$SUPABASE_ANON_KEY\"},
        \"InvocationHttpParameters\": {\"HeaderParameters\": [
            {\"Key\": \"Authorization\", \"Value\": \"Bearer $SUPABASE_SERVICE_KEY\", \"IsValueSecret\": true}]}}" \
    --query ConnectionArn --output text)
CRM_CONN=$(upsert connection --name crm --authorization-type API_KEY \
    --auth-parameters "{\"ApiKeyAuthParameters\": {\"ApiKeyName\": \"X-Api-Key\", \"ApiKeyValue\": \"$CRM_API_KEY\"}}" \
    --query ConnectionArn --output text)

# 2. API destinations. --cli-input-json because AWS CLI v1 would try to download a parameter that starts with http://.
SUPABASE_DEST=$(upsert api-destination --cli-input-json "{
    \"Name\": \"supabase-events\", \"ConnectionArn\": \"$SUPABASE_CONN\", \"HttpMethod\": \"POST\",
    \"InvocationEndpoint\": \"$SUPABASE_URL/rest/v1/events\", \"InvocationRateLimitPerSecond\": 300}" \
    --query ApiDestinationArn --output text)
CRM_DEST=$(upsert api-destination --cli-input-json "{
    \"Name\": \"crm-sync\", \"ConnectionArn\": \"$CRM_CONN\", \"HttpMethod\": \"POST\",
    \"InvocationEndpoint\": \"$CRM_URL/sync\"}" \
    --query ApiDestinationArn --output text)

# 3. cdp-fanout: every order and activity event to Supabase and the CRM, in parallel.
aws events put-rule "${E[@]}" --name cdp-fanout \
    --description "Every order and activity event goes to Supabase and to the CRM, in parallel." \
    --event-pattern '{"source":["app.cdp"],"detail-type":["order_placed","user_activity"]}' >/dev/null
aws events put-targets "${E[@]}" --rule cdp-fanout --targets "[
    {\"Id\": \"supabase-insert\", \"Arn\": \"$SUPABASE_DEST\", \"RoleArn\": \"$ROLE_ARN\",
     \"HttpParameters\": {\"HeaderParameters\": {\"Content-Type\": \"application/json\", \"Prefer\": \"return=minimal\"}}},
    {\"Id\": \"crm-webhook\", \"Arn\": \"$CRM_DEST\", \"RoleArn\": \"$ROLE_ARN\",
     \"RetryPolicy\": {\"MaximumRetryAttempts\": 3}}]" >/dev/null

# 4. cdp-alerts: a big order OR a high churn risk pages the DingTalk bot with an InputTransformer-built message.
#    Herald takes a plain http(s) URL as the target Arn (on AWS this would be a third API destination). Request
#    signing (HeraldParameters.Signing) is a Herald extension the AWS CLI cannot send: use the config file for it.
aws events put-rule "${E[@]}" --name cdp-alerts \
    --description "Big orders or high churn risk page the team's DingTalk bot." \
    --event-pattern '{"source":["app.cdp"],"$or":[{"detail":{"order_amount":[{"numeric":[">",10000]}]}},{"detail":{"churn_risk":["high"]}}]}' >/dev/null
aws events put-targets "${E[@]}" --rule cdp-alerts --targets "[
    {\"Id\": \"dingtalk\", \"Arn\": \"$DINGTALK_WEBHOOK_URL\",
     \"HttpParameters\": {\"HeaderParameters\": {\"Content-Type\": \"application/json\"}},
     \"InputTransformer\": {\"InputPathsMap\": {\"m\": \"\$.detail.msg\"},
        \"InputTemplate\": \"{\\\"msgtype\\\":\\\"text\\\",\\\"text\\\":{\\\"content\\\":\\\"ALERT: <m>\\\"}}\"},
     \"RetryPolicy\": {\"MaximumRetryAttempts\": 5, \"MaximumEventAgeInSeconds\": 3600}}]" >/dev/null

# 5. cdp-archive: batch ETL and search indexing replay the CDP stream from here (30 days).
BUS_ARN=$(aws events describe-event-bus "${E[@]}" --name default --query Arn --output text)
archive_err=$(mktemp)
if ! aws events create-archive "${E[@]}" --archive-name cdp-archive --event-source-arn "$BUS_ARN" \
        --event-pattern '{"source":["app.cdp"]}' --retention-days 30 >/dev/null 2>"$archive_err"; then
    grep -q ResourceAlreadyExistsException "$archive_err" || { cat "$archive_err" >&2; exit 1; }
    aws events update-archive "${E[@]}" --archive-name cdp-archive \
        --event-pattern '{"source":["app.cdp"]}' --retention-days 30 >/dev/null
fi
rm -f "$archive_err"

echo "scenario A ready on ${E[1]}: rules cdp-fanout (supabase-insert, crm-webhook) and cdp-alerts (dingtalk), archive cdp-archive"
