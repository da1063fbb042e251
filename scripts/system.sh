#!/usr/bin/env bash
# Starts or stops the whole system in the background: PostgreSQL (scripts/postgres.sh), one silo and the API.
#   scripts/system.sh start   builds (Release), starts everything, waits until /ready answers, prints the URLs.
#                             Refuses (exit 1) while a silo or API that it started earlier is still running.
#   scripts/system.sh stop    stops the API and the silo that `start` started, and PostgreSQL if `start` started it
# Ports: API 5000 (AUTOMATION_API_PORT), silo HTTP 9090 (AUTOMATION_SILO_PORT), PostgreSQL 5432 (AUTOMATION_PG_PORT).
# The silo's Orleans ports come from its configuration (Orleans__SiloPort, Orleans__GatewayPort; 11111 and 30000).
# State (logs, pids, PostgreSQL data) goes to AUTOMATION_STATE_DIR, default <repo>/.data (git-ignored).
# Secrets (PUT /api/v1/secrets) are encrypted with a local key that start generates once into
# $AUTOMATION_STATE_DIR/secrets-key (mode 600) and gives to both hosts (Automation__Secrets__Keys__local); deleting it
# makes the stored secrets unreadable. Keys set in the environment (Automation__Secrets__Keys__<id>) are used instead.
# Outbound policy (ADR 0019): a local system's targets are on this machine (the hello sample's http step calls the API
# on 127.0.0.1), so the silo allows loopback (Automation__Outbound__Allow__0/1) unless the environment sets
# Automation__Outbound__* itself. A production silo allows no loopback or private address by default.
# AUTOMATION_CONFIGURATION picks the build (default Release); AUTOMATION_NO_BUILD=1 starts the existing build output.
# The hosts run with their output folder as content root, so the appsettings.json shipped beside each DLL applies.
# Security: the API signs its tokens with a key generated once into $state/signing-key. The first admin ("admin",
# or AUTOMATION_ADMIN_USER) gets AUTOMATION_ADMIN_PASSWORD when set; otherwise a password generated at the first
# start, printed once and kept (mode 600) in $state/admin-password for scripts/token.sh. Nothing has a default password.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
state="${AUTOMATION_STATE_DIR:-$repo/.data}"
mkdir -p "$state"
state="$(cd "$state" && pwd)"
export AUTOMATION_STATE_DIR="$state" # scripts/postgres.sh keeps its data in the same folder
api_port="${AUTOMATION_API_PORT:-5000}"
silo_port="${AUTOMATION_SILO_PORT:-9090}"
config="${AUTOMATION_CONFIGURATION:-Release}"
services=(silo api)

project_of() { # silo|api -> project name
    case "$1" in
        silo) echo Automation.Silo ;;
        api) echo Automation.Api ;;
    esac
}

output_of() { # silo|api -> build output folder
    local project
    project="$(project_of "$1")"
    echo "$repo/src/$project/bin/$config/net10.0"
}

command_line() { # pid -> its command line, empty if it is gone
    if [ -r "/proc/$1/cmdline" ]; then
        tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null || true
    else
        ps -o args= -p "$1" 2>/dev/null || true
    fi
}

running_pid() { # silo|api -> prints the pid from its pid file if that process is alive and is that service
    local file="$state/$1.pid" pid
    [ -f "$file" ] || return 1
    pid="$(tr -dc '0-9' <"$file")"
    [ -n "$pid" ] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    # A pid file outlives its process after a crash or a reboot, and the pid may then belong to something else.
    case "$(command_line "$pid")" in
        *"$(project_of "$1").dll"*) echo "$pid" ;;
        *) return 1 ;;
    esac
}

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

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

refuse_if_running() {
    local running=() name pid
    for name in "${services[@]}"; do
        if pid="$(running_pid "$name")"; then
            running+=("$name (pid $pid)")
        fi
    done
    if [ "${#running[@]}" -gt 0 ]; then
        local list
        list="$(printf '%s, ' "${running[@]}")"
        echo "Automation is already running from $state: ${list%, }." >&2
        echo "Nothing was started or changed. Stop it first with scripts/system.sh stop (same AUTOMATION_STATE_DIR)." >&2
        exit 1
    fi
    for name in "${services[@]}"; do
        rm -f "$state/$name.pid" # stale: that process is gone
    done
}

start_service() { # silo|api port connection
    local name="$1" port="$2" connection="$3" out dll
    out="$(output_of "$name")"
    dll="$out/$(project_of "$name").dll"
    if [ ! -f "$dll" ]; then
        echo "$dll is missing: build it (or unset AUTOMATION_NO_BUILD)" >&2
        return 1
    fi
    # Keep the previous run's log (it may tell why that run ended) and start a fresh one.
    if [ -f "$state/$name.log" ]; then
        mv -f "$state/$name.log" "$state/$name.previous.log"
    fi
    # --contentRoot: appsettings.json is read from the content root, which otherwise is the working directory.
    env "${secrets_env[@]}" "${outbound_env[@]}" Automation__Postgres__ConnectionString="$connection" \
        dotnet "$dll" --contentRoot "$out" --urls "http://127.0.0.1:$port" \
        </dev/null >"$state/$name.log" 2>&1 &
    local pid=$!
    echo "$pid" >"$state/$name.pid"
    started+=("$name")
    wait_ready "http://127.0.0.1:$port/ready" "$name" "$pid"
}

ensure_local_credentials() { # the token signing key and, unless given, the first admin's password: generated once
    local umask_before
    umask_before="$(umask)"
    umask 077
    if [ ! -s "$state/signing-key" ]; then
        head -c 32 /dev/urandom | base64 >"$state/signing-key"
    fi
    if [ -z "${AUTOMATION_ADMIN_PASSWORD:-}" ] && [ ! -s "$state/admin-password" ]; then
        head -c 18 /dev/urandom | base64 | tr '+/' '-_' >"$state/admin-password"
        generated_password=yes
    fi
    umask "$umask_before"
    export Automation__Auth__SigningKeys__local
    Automation__Auth__SigningKeys__local="$(cat "$state/signing-key")"
    export Automation__Auth__ActiveSigningKey=local
    export AUTOMATION_ADMIN_PASSWORD="${AUTOMATION_ADMIN_PASSWORD:-$(cat "$state/admin-password")}"
}

secrets_env=()
secrets_key() { # fills secrets_env with the local secrets key (created once), unless the environment sets keys already
    if env | grep -q '^Automation__Secrets__Keys__'; then
        return 0
    fi
    local file="$state/secrets-key"
    if [ ! -s "$file" ]; then
        (umask 077 && head -c 32 /dev/urandom | base64 | tr -d '\n' >"$file")
    fi
    secrets_env=("Automation__Secrets__Keys__local=$(cat "$file")" "Automation__Secrets__ActiveKeyId=local")
}

outbound_env=()
if ! env | grep -q '^Automation__Outbound__'; then
    outbound_env=("Automation__Outbound__Allow__0=127.0.0.0/8" "Automation__Outbound__Allow__1=::1/128")
fi

started=()
started_postgres=""
generated_password=""
abandon_start() { # undoes a start that failed half-way, so that nothing is left running
    local i
    for ((i = ${#started[@]} - 1; i >= 0; i--)); do
        stop_service "${started[$i]}" >/dev/null
    done
    if [ -n "$started_postgres" ]; then
        "$repo/scripts/postgres.sh" stop >/dev/null || true
        rm -f "$state/postgres.started"
    fi
    echo "Start failed; stopped what this start had started. Logs are in $state." >&2
}

start() {
    refuse_if_running
    for port in "$silo_port" "$api_port"; do
        if port_in_use "$port"; then
            echo "Port $port is in use by another process; set AUTOMATION_SILO_PORT / AUTOMATION_API_PORT to free ports" >&2
            exit 1
        fi
    done

    trap 'abandon_start' EXIT
    trap 'exit 130' INT TERM
    "$repo/scripts/ensure-postgres.sh" >/dev/null
    if ! "$repo/scripts/postgres.sh" status >/dev/null 2>&1; then
        started_postgres=yes
    fi
    connection="$("$repo/scripts/postgres.sh" start | tail -n 1)"
    if [ -n "$started_postgres" ]; then
        touch "$state/postgres.started" # stop stops PostgreSQL only if start started it
    fi
    echo "$connection" >"$state/connection-string"
    secrets_key
    if [ "${AUTOMATION_NO_BUILD:-}" != 1 ]; then
        echo "Building ($config)..."
        dotnet build "$repo/src/Automation.Silo" -c "$config" -v quiet -nologo >"$state/build.log" 2>&1 || { tail -n 30 "$state/build.log" >&2; exit 1; }
        dotnet build "$repo/src/Automation.Api" -c "$config" -v quiet -nologo >>"$state/build.log" 2>&1 || { tail -n 30 "$state/build.log" >&2; exit 1; }
    fi

    start_service silo "$silo_port" "$connection"
    ensure_local_credentials
    start_service api "$api_port" "$connection"
    trap - EXIT INT TERM

    cat <<MSG
Automation is running (silo pid $(cat "$state/silo.pid"), API pid $(cat "$state/api.pid")).
  Console      http://127.0.0.1:$api_port/   (web console: docs/console.md)
  API          http://127.0.0.1:$api_port/api/v1   (OpenAPI: http://127.0.0.1:$api_port/openapi/v1.json)
  Dashboard    http://127.0.0.1:$api_port/dashboard/   (admin only: send Authorization: Bearer <token>)
  Metrics      http://127.0.0.1:$silo_port/metrics  and  http://127.0.0.1:$api_port/metrics
  PostgreSQL   $connection
  Logs         $state/silo.log, $state/api.log
  Stop         scripts/system.sh stop
  Sign in      TOKEN=\$(scripts/token.sh)  then  curl -H "Authorization: Bearer \$TOKEN" ...
MSG
    if [ -n "$generated_password" ]; then
        cat <<MSG

  First admin  ${AUTOMATION_ADMIN_USER:-admin} / $(cat "$state/admin-password")
               (generated now and shown once; kept in $state/admin-password, mode 600, for scripts/token.sh;
                change it with POST /api/v1/auth/password)
MSG
    fi
}

stop_service() { # silo|api: stops it if its pid file names a live process of that service; never anything else
    local name="$1" file="$state/$1.pid" pid
    if pid="$(running_pid "$name")"; then
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
        if kill -0 "$pid" 2>/dev/null; then
            echo "$name (pid $pid) did not stop within 10 s of SIGTERM; killing it" >&2
            kill -9 "$pid" 2>/dev/null || true
        fi
        echo "Stopped $name (pid $pid)"
    elif [ -f "$file" ]; then
        echo "$name was not running (stale pid file removed)"
    fi
    rm -f "$file"
}

stop() {
    stop_service api
    stop_service silo
    if [ -f "$state/postgres.started" ]; then
        "$repo/scripts/postgres.sh" stop
        rm -f "$state/postgres.started"
    elif "$repo/scripts/postgres.sh" status >/dev/null 2>&1; then
        echo "PostgreSQL was already running when scripts/system.sh start ran; left running (scripts/postgres.sh stop)"
    fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
