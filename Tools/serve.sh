#!/usr/bin/env bash
# One command to run Herald: installs build dependencies if missing, builds, and serves on ./herald-data.
# Extra arguments are passed to `herald serve` (e.g. --http 127.0.0.1:4010 --config herald.yaml).
set -euo pipefail
cd "$(dirname "$0")/.."
bash Tools/setup.sh
swift build -c release --product herald
exec .build/release/herald serve "$@"
