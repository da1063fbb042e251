#!/usr/bin/env bash
# Fuzzes the running API from its OpenAPI document with tools/fuzz (fast-check + Ajv, pinned in tools/package.json).
# Starts the whole system (scripts/system.sh start) from the existing Release build, on free ports and in a private
# temporary AUTOMATION_STATE_DIR, signs in as the first admin (scripts/token.sh), runs the fuzzer, and always stops
# the system. Fails when the fuzzer finds a counterexample, or when the API or silo logged an error (fail:/crit:, an
# unhandled exception) while it ran.
#   scripts/api-fuzz.sh [document]   document: default artifacts/openapi.json, else the one the API serves
# FUZZ_SEED (fixed by default: reproducible) and FUZZ_RUNS (requests per operation) are passed to the fuzzer;
# FUZZ_KEEP_STATE=1 keeps the state folder (logs, database) after the run. See docs/testing.md.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
document="${1:-artifacts/openapi.json}"

if ! command -v npm >/dev/null 2>&1; then
    echo "npm not found; installing Debian's nodejs and npm packages" >&2
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        sudo="sudo"
    fi
    $sudo apt-get update -qq && $sudo apt-get install -y -qq nodejs npm >/dev/null
fi
npm ci --prefix tools --prefer-offline --no-audit --no-fund --loglevel=error >/dev/null

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

state="$(mktemp -d /tmp/automation-fuzz-XXXXXX)"
export AUTOMATION_STATE_DIR="$state"
export AUTOMATION_API_PORT="$(free_port)" AUTOMATION_SILO_PORT="$(free_port)" AUTOMATION_PG_PORT="$(free_port)"
export Orleans__SiloPort="$(free_port)" Orleans__GatewayPort="$(free_port)"
export AUTOMATION_NO_BUILD=1 AUTOMATION_CONFIGURATION="${AUTOMATION_CONFIGURATION:-Release}"
export AUTOMATION_ADMIN_PASSWORD="fuzz-$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')"
# The fuzzer is one principal on one address sending thousands of requests: lift its rate limits. Long-polls
# (GET /workflows/{id}?wait=) are capped at 2 s so that a generated wait cannot hold the run, and every GET /events
# stream ends after 0.2 s (it would otherwise last Automation:Api:EventStreamMaxDuration, 30 minutes).
export Automation__Api__RateLimits__PermitsPerSecond=1000000 Automation__Api__RateLimits__Burst=1000000
export Automation__Api__RateLimits__SignInsPerMinute=100000 Automation__Api__MaxWait=00:00:02 Automation__Api__EventStreamMaxDuration=00:00:00.2

stop_system() {
    local status=$?
    scripts/system.sh stop >/dev/null 2>&1 || echo "scripts/system.sh stop failed; state in $state" >&2
    if [ "$status" -eq 0 ] && [ "${FUZZ_KEEP_STATE:-}" != 1 ]; then
        rm -rf "$state"
    else
        echo "State (logs, database) kept in $state" >&2
    fi
    exit "$status"
}
trap stop_system EXIT
trap 'exit 130' INT TERM

started=$SECONDS
scripts/system.sh start >"$state/start.log" 2>&1 || { cat "$state/start.log" >&2; exit 1; }
api="http://127.0.0.1:$AUTOMATION_API_PORT"
echo "System started in $((SECONDS - started)) s (API $api, state $state)"

token="$(scripts/token.sh)"
if [ ! -f "$document" ]; then
    document="$api/openapi/v1.json"
fi

# Only what the logs gain while the fuzzer runs counts: remember where each log ends now.
declare -A log_start
for name in api silo; do
    log_start[$name]=$(wc -l <"$state/$name.log")
done

status=0
FUZZ_BASE_URL="$api" FUZZ_TOKEN="$token" node tools/fuzz/fuzz.mjs "$document" || status=$?

# Errors the hosts logged during the fuzz: a handled 4xx logs nothing at these levels.
for name in api silo; do
    errors="$(tail -n +"$((log_start[$name] + 1))" "$state/$name.log" | grep -nE -A 12 '^(fail|crit): |Unhandled exception' || true)"
    if [ -n "$errors" ]; then
        echo "FAILED: the $name logged errors during the fuzz ($state/$name.log):" >&2
        printf '%s\n' "$errors" | head -n 80 >&2 || true
        status=1
    fi
done
exit "$status"
