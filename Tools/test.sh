#!/usr/bin/env bash
# One command to run every Herald test: installs dependencies if missing, builds, runs the Swift test suite,
# then the compatibility tests that drive a real `herald serve` with boto3 and the AWS CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Tools/setup.sh
swift build --build-tests
swift test --skip-build
if [ -x Tests/compat/run.sh ]; then
    bash Tests/compat/run.sh
fi
BIN="$(swift build --show-bin-path)"
# The examples set up the AWS way and the config way, checked against loopback provider sinks.
HERALD_BIN="$BIN/herald" bash Tests/examples/run.sh
# The web console in a real headless Chromium (screenshots in .build/console-artifacts).
HERALD_BIN="$BIN/herald" bash Tests/console/run.sh
# Crash safety smoke: 10 SIGKILLs under load, no acknowledged event lost.
HERALD="$BIN/herald" bash Tests/chaos/run.sh
# herald demo runs all three scenarios end to end; its output is checked, not just its exit code.
bash Tests/demo/run.sh "$BIN/herald"
