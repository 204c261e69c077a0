#!/usr/bin/env bash
# Runs the compatibility suite against real `herald serve` processes: once in developer mode, once with SigV4
# credentials, plus a few AWS CLI calls. Expects `swift build` to have built the herald binary.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN="$(swift build --show-bin-path)/herald"
WORK="$(mktemp -d)"
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

# start NAME [ENV=VALUE...]: starts a server on a free port, waits for its ready line, sets PORT.
start() {
    local name="$1"; shift
    env "$@" "$BIN" serve --data-dir "$WORK/$name" --http 127.0.0.1:0 --log-level warning >"$WORK/$name.out" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 1 300); do
        if grep -q '^herald ready' "$WORK/$name.out" 2>/dev/null; then
            PORT="$(sed -n 's/^herald ready http=127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/$name.out")"
            return 0
        fi
        sleep 0.1
    done
    cat "$WORK/$name.out"; echo "compat: $name did not become ready" >&2; return 1
}

start dev
DEV_PORT="$PORT"
echo "compat: developer-mode server on 127.0.0.1:$DEV_PORT"
HERALD_ENDPOINT="http://127.0.0.1:$DEV_PORT" python3 -m pytest -q -p no:cacheprovider Tests/compat

start signed HERALD_ACCESS_KEY_ID=AKIDHERALDTEST HERALD_SECRET_ACCESS_KEY=herald-compat-secret
echo "compat: SigV4 server on 127.0.0.1:$PORT"
HERALD_ENDPOINT="http://127.0.0.1:$PORT" HERALD_ACCESS_KEY_ID=AKIDHERALDTEST HERALD_SECRET_ACCESS_KEY=herald-compat-secret \
    python3 -m pytest -q -p no:cacheprovider Tests/compat

# The AWS CLI, as a newcomer would use it.
AWS=(aws); command -v aws >/dev/null || AWS=(python3 -m awscli)
export AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x AWS_DEFAULT_REGION=us-east-1
E=(--endpoint-url "http://127.0.0.1:$DEV_PORT")
"${AWS[@]}" events put-rule "${E[@]}" --name cli-rule --event-pattern '{"source":["cli.test"]}' | grep -q 'rule/cli-rule'
"${AWS[@]}" events describe-rule "${E[@]}" --name cli-rule | grep -q '"State": "ENABLED"'
"${AWS[@]}" events put-events "${E[@]}" --entries '[{"Source":"cli.test","DetailType":"x","Detail":"{\"a\":1}"}]' | grep -q '"FailedEntryCount": 0'
if "${AWS[@]}" events put-rule "${E[@]}" --name bad --event-pattern '{"source":"not-an-array"}' 2>"$WORK/cli.err"; then
    echo "compat: an invalid pattern was accepted by put-rule" >&2; exit 1
fi
grep -q InvalidEventPatternException "$WORK/cli.err"
echo "compat: AWS CLI calls behaved as expected"
