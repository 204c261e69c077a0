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
