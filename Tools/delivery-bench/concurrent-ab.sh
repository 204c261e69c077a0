#!/bin/bash
# Compares two herald binaries' CPU per delivery on a noisy box by running the fan-out capacity burst of both at
# the same time (each with its own sink and data directory), so both see the same contention; repeated REPS times.
# Usage: Tools/delivery-bench/concurrent-ab.sh REPS BINARY_A BINARY_B [extra run.py flags]
# Prints, per repetition, each binary's deliveries/s and herald CPU µs per delivery; compare the CPU figures.
set -u
cd "$(dirname "$0")/../.."
reps=$1; a=$2; b=$3; shift 3
one() {
    timeout 600 python3 Tools/delivery-bench/run.py --herald "$1" --phases fanout --fanout-seconds 3 --burst 40000 "${@:2}" 2>&1 \
        | grep "burst of" | head -1 | grep -oE "at [0-9,]+ deliveries/s|[0-9.]+ CPU µs per delivery" | tr '\n' ' '
}
for i in $(seq 1 "$reps"); do
    sync; sleep 3
    out_a=$(mktemp); out_b=$(mktemp)
    one "$a" "$@" > "$out_a" & one "$b" "$@" > "$out_b"; wait
    echo "rep $i | A $(cat "$out_a")| B $(cat "$out_b")"
    rm -f "$out_a" "$out_b"
done
