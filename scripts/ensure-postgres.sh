#!/usr/bin/env bash
# Makes sure the PostgreSQL server binaries (initdb, pg_ctl) are on this machine, installing the
# distribution's postgresql package when they are not. The integration tests start a private
# server from them (tests/Automation.Testing/PostgresServer.cs) unless AUTOMATION_TEST_POSTGRES is set.
set -euo pipefail

find_binaries() {
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        echo "$(dirname "$(command -v pg_ctl)")"
        return 0
    fi
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -V -r); do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
            echo "$dir"
            return 0
        fi
    done
    return 1
}

if dir=$(find_binaries); then
    echo "PostgreSQL binaries found in $dir"
    exit 0
fi

echo "PostgreSQL binaries not found; installing the postgresql package" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update
$sudo apt-get install -y --no-install-recommends postgresql

if dir=$(find_binaries); then
    echo "PostgreSQL binaries found in $dir"
    exit 0
fi

echo "PostgreSQL binaries still not found after installing postgresql" >&2
exit 1
