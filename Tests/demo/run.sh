#!/usr/bin/env bash
# CI check of `herald demo`: runs scenarios A, B and C end to end (in-process server, fake providers on loopback,
# temporary data directories) and checks what the demo printed, not just its exit status. Bounded to 120 s.
#   Tests/demo/run.sh [path/to/herald]
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN="${1:-.build/debug/herald}"
OUT="$(mktemp)"
trap 'rm -f "$OUT"' EXIT
if ! timeout --kill-after=5 120 "$BIN" demo >"$OUT" 2>&1; then
    cat "$OUT"
    echo "demo: FAIL (herald demo exited non-zero)" >&2
    exit 1
fi
failures=0
expect() {
    if ! grep -qF -- "$1" "$OUT"; then
        echo "demo: missing from the output: $1" >&2
        failures=$((failures + 1))
    fi
}
# A: fan-out to Supabase and Slack for every event; signed DingTalk and Lark alerts for the two that match cdp-alerts.
expect "providers received the sends (Supabase rows: 3, Slack: 3, DingTalk (signed): 2, Lark (signed): 2)"
expect "dingtalk-alert  |        2 |         2"
expect "supabase-insert |        3 |         3"
# B: both messages sent, every receipt verified and correlated to the order.
expect "providers called back: 5 signed receipts, 5 verified and accepted by Herald"
expect "email   | ann@example.com | sent → delivered → opened | ord-42"
expect "sms     | +15557654321    | sent → delivered          | ord-42"
# C: three pages; the SQL answer is exactly the opened email.
expect "providers received the sends (Twilio: 2, Resend: 1)"
expect "INC-42      | email   | oncall@example.com | opened |"
expect "twilio sms                         | +15550001          | undelivered"
answer="$(sed -n '/Did on-call receive and open/,$p' "$OUT")"
if ! grep -qx "(1 row)" <<<"$answer"; then
    echo "demo: scenario C's answer is not exactly one row" >&2
    failures=$((failures + 1))
fi
if [ "$failures" -gt 0 ]; then
    cat "$OUT"
    echo "demo: FAIL ($failures missing lines)" >&2
    exit 1
fi
echo "demo: PASS (A, B and C printed the expected timeline and answers)"
