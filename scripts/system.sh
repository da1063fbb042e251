#!/usr/bin/env bash
# Starts or stops the whole system in the background: PostgreSQL (scripts/postgres.sh), one silo and the API.
#   scripts/system.sh start   builds (Release), starts everything, waits until /ready answers, prints the URLs
#   scripts/system.sh stop    stops the API, the silo and PostgreSQL
# Ports: API 5000 (AUTOMATION_API_PORT), silo HTTP 9090 (AUTOMATION_SILO_PORT), PostgreSQL 5432 (AUTOMATION_PG_PORT).
# Logs and pids go to .data/ (git-ignored).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
state="$repo/.data"
api_port="${AUTOMATION_API_PORT:-5000}"
silo_port="${AUTOMATION_SILO_PORT:-9090}"
config="${AUTOMATION_CONFIGURATION:-Release}"
mkdir -p "$state"

wait_ready() { # url name pid
    for _ in $(seq 1 240); do
        if curl -fsS "$1" >/dev/null 2>&1; then
            return 0
        fi
        if ! kill -0 "$3" 2>/dev/null; then
            echo "$2 exited during start-up; see $state/$2.log" >&2
            tail -n 30 "$state/$2.log" >&2 || true
            return 1
        fi
        sleep 0.5
    done
    echo "$2 did not become ready at $1; see $state/$2.log" >&2
    return 1
}

start() {
    "$repo/scripts/ensure-postgres.sh" >/dev/null
    connection="$("$repo/scripts/postgres.sh" start | tail -n 1)"
    echo "$connection" >"$state/connection-string"
    echo "Building ($config)..."
    dotnet build "$repo/src/Automation.Silo" -c "$config" -v quiet -nologo >"$state/build.log" 2>&1 || { tail -n 30 "$state/build.log"; exit 1; }
    dotnet build "$repo/src/Automation.Api" -c "$config" -v quiet -nologo >>"$state/build.log" 2>&1 || { tail -n 30 "$state/build.log"; exit 1; }

    Automation__Postgres__ConnectionString="$connection" \
        dotnet "$repo/src/Automation.Silo/bin/$config/net10.0/Automation.Silo.dll" --urls "http://127.0.0.1:$silo_port" \
        >"$state/silo.log" 2>&1 &
    echo $! >"$state/silo.pid"
    wait_ready "http://127.0.0.1:$silo_port/ready" silo "$(cat "$state/silo.pid")"

    Automation__Postgres__ConnectionString="$connection" \
        dotnet "$repo/src/Automation.Api/bin/$config/net10.0/Automation.Api.dll" --urls "http://127.0.0.1:$api_port" \
        >"$state/api.log" 2>&1 &
    echo $! >"$state/api.pid"
    wait_ready "http://127.0.0.1:$api_port/ready" api "$(cat "$state/api.pid")"

    cat <<MSG
Automation is running.
  API          http://127.0.0.1:$api_port/api/v1   (OpenAPI: http://127.0.0.1:$api_port/openapi/v1.json)
  Dashboard    http://127.0.0.1:$silo_port/dashboard/
  Metrics      http://127.0.0.1:$silo_port/metrics  and  http://127.0.0.1:$api_port/metrics
  PostgreSQL   $connection
  Logs         $state/silo.log, $state/api.log
MSG
}

stop_pid() {
    local file="$state/$1.pid"
    if [ -f "$file" ]; then
        local pid
        pid="$(cat "$file")"
        if kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
            for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
            kill -9 "$pid" 2>/dev/null || true
        fi
        rm -f "$file"
    fi
}

stop() {
    stop_pid api
    stop_pid silo
    "$repo/scripts/postgres.sh" stop
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
