#!/usr/bin/env bash
# A local PostgreSQL for running the silo and the API by hand.
#   scripts/postgres.sh start|stop|status
# Data lives in $AUTOMATION_STATE_DIR/postgres, default <repo>/.data/postgres (git-ignored). The port is
# AUTOMATION_PG_PORT (default 5432).
# As root, the server runs as the postgres user (initdb refuses root).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
state="${AUTOMATION_STATE_DIR:-$repo/.data}"
mkdir -p "$state"
state="$(cd "$state" && pwd)"
data="$state/postgres"
port="${AUTOMATION_PG_PORT:-5432}"
connection="Host=127.0.0.1;Port=$port;Username=postgres;Database=automation"

bin="$("$repo/scripts/ensure-postgres.sh" | sed -n 's/^PostgreSQL binaries found in //p')"
if [ -z "$bin" ]; then
    echo "PostgreSQL binaries not found" >&2
    exit 1
fi

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

is_running() {
    [ -f "$data/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1
}

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
    if is_running; then
        echo "PostgreSQL already running"
        echo "$connection"
        return 0
    fi
    if port_in_use "$port"; then
        echo "Port $port is in use; set AUTOMATION_PG_PORT to a free port" >&2
        exit 1
    fi
    mkdir -p "$data"
    if [ "$(id -u)" -eq 0 ]; then
        id -u postgres >/dev/null 2>&1 || useradd -r postgres
        chown -R postgres: "$state"
        # The server runs as postgres, which must be able to reach the state folder: a checkout under /root or a
        # mktemp folder is closed to other users. Grant search (x) permission only, on the folders that lack it.
        dir=""
        IFS=/ read -ra parts <<<"${state#/}"
        for part in "${parts[@]}"; do
            dir="$dir/$part"
            if ! runuser -u postgres -- test -x "$dir"; then
                echo "Granting other users search permission on $dir so the postgres user can reach $state" >&2
                chmod o+x "$dir"
            fi
        done
    fi
    if [ ! -f "$data/PG_VERSION" ]; then
        as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
    fi
    as_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c max_connections=300" start >/dev/null
    if ! psql_run -tAc "SELECT 1 FROM pg_database WHERE datname = 'automation'" postgres | grep -q 1; then
        psql_run -c "CREATE DATABASE automation" postgres >/dev/null
    fi
    echo "$connection"
}

psql_run() {
    if command -v psql >/dev/null 2>&1; then
        psql -h 127.0.0.1 -p "$port" -U postgres "$@"
    else
        "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres "$@"
    fi
}

stop() {
    if is_running; then
        as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
        echo "PostgreSQL stopped"
    else
        echo "PostgreSQL not running"
    fi
}

status() {
    if is_running; then
        echo "PostgreSQL running"
        echo "$connection"
    else
        echo "PostgreSQL not running"
        exit 3
    fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
