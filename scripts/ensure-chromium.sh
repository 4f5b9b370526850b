#!/usr/bin/env bash
# Make sure Debian's Chromium is at /usr/bin/chromium for the browser tests (tests/browser).
# Idempotent: does nothing when it is already there. Otherwise installs the `chromium` package
# with apt-get, which needs root (CI runs as root). Playwright's own browser download cannot be
# used here: only the package registries are reachable, so Playwright drives this Chromium.
# Exits non-zero, saying why, when Chromium is missing and cannot be installed.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [[ -x "$CHROMIUM" ]]; then
    echo "chromium: found at $CHROMIUM"
    exit 0
fi

fail() {
    echo "error: $CHROMIUM is missing and could not be installed: $*" >&2
    echo "       Install Debian's package by hand: apt-get update && apt-get install -y chromium" >&2
    exit 1
}

if [[ "$(id -u)" -ne 0 ]]; then
    fail "installing it needs root (this is uid $(id -u))"
fi
if ! command -v apt-get >/dev/null 2>&1; then
    fail "apt-get is not available (not a Debian-based system?)"
fi

echo "chromium: not found; installing Debian's chromium package (apt-get)..."
start=$SECONDS
apt-get update -qq || fail "apt-get update failed"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
    || fail "apt-get install chromium failed"

if [[ ! -x "$CHROMIUM" ]]; then
    fail "the chromium package installed, but $CHROMIUM is still not there"
fi
echo "chromium: installed at $CHROMIUM in $((SECONDS - start)) s"
