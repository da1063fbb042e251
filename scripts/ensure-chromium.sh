#!/usr/bin/env bash
# Makes sure the browser the console's browser tests drive is installed: Debian's chromium (and chromium-driver, for
# WebDriver clients). Idempotent; installs with apt-get only when /usr/bin/chromium is missing. Prints its path.
# Playwright's own browser download is never used (it cannot be fetched here): the tests point playwright-core at it.
set -euo pipefail

browser="${AUTOMATION_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$browser" ]; then
    echo "$browser not found; installing Debian's chromium and chromium-driver" >&2
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        sudo="sudo"
    fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq >/dev/null
    $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
fi
echo "$browser"
