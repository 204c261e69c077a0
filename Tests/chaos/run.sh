#!/usr/bin/env bash
# CI smoke for crash safety: `herald serve` is SIGKILLed 10 times under socket + HTTP load with healthy, flaky, slow
# and dead targets; fails if any acknowledged event is lost, a dead letter is unexplained, or the run exceeds 90 s.
# Expects `swift build` to have built the herald binary (HERALD=path overrides). See Docs/chaos-and-soak.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN="${HERALD:-$(swift build --show-bin-path)/herald}"
if [ ! -x "$BIN" ]; then
    echo "chaos: no herald binary at $BIN (run swift build first)" >&2
    exit 1
fi
# --dead-retries 0: the dead target's events dead-letter on their first attempt, so the drain stays short (its retries
# are sent one at a time, each a refused connect held for the 1 s timeout; the full runs keep 2).
timeout --kill-after=5 90 python3 Tools/chaos/herald-chaos --herald "$BIN" --kills 10 --rate 100 --min-gap 0.3 --max-gap 1.0 \
    --dead-retries 0 --drain-timeout 50
# Disk full with the receiver down: producers get ThrottlingException while the 4 MiB map is full, the retry queue
# drains once the receiver recovers, writes are accepted again, nothing is lost or re-sent.
# It usually takes 12-20 s. Three CI runs (sessions 5 and 6) hit the 180 s limit instead; the last, caught by this
# guard, was a full-map wedge since fixed (Docs/chaos-and-soak.md). A failed run still prints its server's log, to make
# any next one diagnosable, and the step is tried once more; a second failure fails CI.
disk_full() {
    local keep
    keep="$(mktemp -d "${TMPDIR:-/tmp}/herald-disk-full-XXXXXX")"
    if TMPDIR="$keep" timeout --kill-after=5 180 python3 Tools/chaos/herald-chaos --herald "$BIN" --disk-full --receiver-down \
        --drain-timeout 120 --keep; then
        rm -rf "$keep"
        return 0
    fi
    echo "chaos: the disk-full run failed or timed out; the end of its server log:" >&2
    find "$keep" -name herald.log -exec tail -n 60 {} \; >&2 || true
    rm -rf "$keep"
    return 1
}
disk_full || { echo "chaos: trying the disk-full run once more" >&2; disk_full; }
