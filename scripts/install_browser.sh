#!/usr/bin/env bash
# Install Debian's chromium and chromedriver for the report's browser tests, if missing.
# Idempotent and quick when both are present. Needs root (CI runs as root); no browser
# is ever downloaded from anywhere but the Debian archive.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" != 0 ]; then
    echo "install_browser: chromium/chromedriver missing and not root;" \
        "run: sudo apt-get install -y chromium chromium-driver" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium chromium-driver >/dev/null
command -v chromium && command -v chromedriver
