#!/usr/bin/env bash
# Browser test of the web console: headless Chromium (Debian's chromium + chromium-driver) drives a real
# `herald serve` over 127.0.0.1. Screenshots land in $CONSOLE_ARTIFACTS (default .build/console-artifacts).
#   HERALD_BIN   the herald binary (default .build/debug/herald; build it first with `swift build`)
# Exits 0 on success, 1 on failure; prints "SKIP" and exits 0 only when Chromium cannot be installed.
set -euo pipefail
cd "$(dirname "$0")/../.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else return 1; fi; }
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    if command -v apt-get >/dev/null; then
        echo "console: installing chromium and chromium-driver from Debian"
        { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; } \
            >/dev/null 2>&1 || true
    fi
fi
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    echo "console browser test: SKIP: chromium and chromium-driver are not installed and could not be installed"
    exit 0
fi

export HERALD_BIN="${HERALD_BIN:-.build/debug/herald}"
export CONSOLE_ARTIFACTS="${CONSOLE_ARTIFACTS:-.build/console-artifacts}"
# Bounded: the whole run, including Chromium start-up, gets 240 s.
PYTHONDONTWRITEBYTECODE=1 exec timeout --kill-after=10 240 python3 Tests/console/browser_test.py
