#!/usr/bin/env bash
# Installs what a fresh Debian/Ubuntu machine lacks to build and test Herald. Idempotent; safe to re-run.
set -euo pipefail

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }

need_apt=()
pkg-config --exists lmdb 2>/dev/null || need_apt+=(liblmdb-dev)
command -v pkg-config >/dev/null || need_apt+=(pkg-config)
command -v python3 >/dev/null || need_apt+=(python3 python3-pip)
# SQLite headers for the delivery ledger (GRDB links the system SQLite).
pkg-config --exists sqlite3 2>/dev/null || need_apt+=(libsqlite3-dev)
# Chromium + its driver the console's browser test; PostgreSQL the ledger export test.
command -v chromium >/dev/null || need_apt+=(chromium)
command -v chromedriver >/dev/null || need_apt+=(chromium-driver)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
if [ ${#need_apt[@]} -gt 0 ]; then
    echo "setup: installing ${need_apt[*]} from Debian"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# Python clients used by the compatibility tests (the real AWS clients).
if ! python3 -c 'import boto3, pytest' 2>/dev/null; then
    echo "setup: installing boto3 and pytest from PyPI"
    python3 -m pip install -q boto3 pytest
fi
# The AWS CLI drives the compatibility and examples checks.
if ! command -v aws >/dev/null && ! python3 -c 'import awscli' 2>/dev/null; then
    echo "setup: installing the AWS CLI from PyPI"
    python3 -m pip install -q awscli
fi
