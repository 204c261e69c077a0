#!/usr/bin/env bash
# CI check of the examples (Examples/scenario-{a,b,c}): each scenario set up the AWS way (setup-aws.sh against a
# config-less `herald serve`) and the config way (Examples/config/scenario-X.yaml), with sample events, loopback
# provider sinks, signed receipts and, for C, the ledger's SQL question. 127.0.0.1 only; bounded to 170 s.
#   Tests/examples/run.sh [a] [b] [c]        HERALD_BIN=path/to/herald (default .build/debug/herald)
set -euo pipefail
cd "$(dirname "$0")/../.."
export HERALD_BIN="${HERALD_BIN:-.build/debug/herald}"
exec timeout --kill-after=10 170 python3 Tests/examples/run_examples.py "$@"
