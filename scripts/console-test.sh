#!/usr/bin/env bash
# Browser tests of the web console (every src/Automation.Console/tests/*.test.mjs, one file at a time, playwright-core driving Debian's headless Chromium):
# starts the whole system (scripts/system.sh start) from the existing Release build, on free ports and in a private
# temporary AUTOMATION_STATE_DIR, runs the tests against it, and always stops it. Screenshots go to
# artifacts/console/. Fails when a test fails, or when the API or silo logged an error (fail:/crit:, an unhandled
# exception) while they ran. CONSOLE_KEEP_STATE=1 keeps the state folder (logs, database). See docs/console.md.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

if ! command -v npm >/dev/null 2>&1; then
    echo "npm not found; installing Debian's nodejs and npm packages" >&2
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        sudo="sudo"
    fi
    $sudo apt-get update -qq && $sudo apt-get install -y -qq nodejs npm >/dev/null
fi
chromium="$(scripts/ensure-chromium.sh)"
npm ci --prefix src/Automation.Console --prefer-offline --no-audit --no-fund --loglevel=error >/dev/null
if [ ! -f src/Automation.Api/bin/"${AUTOMATION_CONFIGURATION:-Release}"/net10.0/console/index.html ]; then
    echo "The API's build has no console/index.html: build src/Automation.Api with npm on the PATH" >&2
    exit 1
fi

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

state="$(mktemp -d /tmp/automation-console-XXXXXX)"
export AUTOMATION_STATE_DIR="$state"
export AUTOMATION_API_PORT="$(free_port)" AUTOMATION_SILO_PORT="$(free_port)" AUTOMATION_PG_PORT="$(free_port)"
export Orleans__SiloPort="$(free_port)" Orleans__GatewayPort="$(free_port)"
export AUTOMATION_NO_BUILD=1 AUTOMATION_CONFIGURATION="${AUTOMATION_CONFIGURATION:-Release}"
export AUTOMATION_ADMIN_PASSWORD="console-$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')"
# Every sign-in of the run comes from 127.0.0.1, and scripts/token.sh retries while the first admin is created: on a
# slow start those retries used up the per-address budget (10 a minute) before the tests' own sign-ins. The limit
# has its own tests (tests/Automation.Api.Tests); here it would only make the run depend on the machine's speed.
export Automation__Api__RateLimits__SignInsPerMinute=10000

stop_system() {
    local status=$?
    scripts/system.sh stop >/dev/null 2>&1 || echo "scripts/system.sh stop failed; state in $state" >&2
    if [ "$status" -eq 0 ] && [ "${CONSOLE_KEEP_STATE:-}" != 1 ]; then
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
scripts/token.sh >/dev/null # waits until the first admin exists

declare -A log_start
for name in api silo; do
    log_start[$name]=$(wc -l <"$state/$name.log")
done

mkdir -p artifacts/console
status=0
CONSOLE_BASE_URL="$api" CONSOLE_ADMIN_USER="${AUTOMATION_ADMIN_USER:-admin}" CONSOLE_ADMIN_PASSWORD="$AUTOMATION_ADMIN_PASSWORD" \
    CONSOLE_CHROMIUM="$chromium" CONSOLE_ARTIFACTS="$repo/artifacts/console" \
    node --test --test-concurrency=1 --test-reporter=spec src/Automation.Console/tests/*.test.mjs || status=$?

for name in api silo; do
    errors="$(tail -n +"$((log_start[$name] + 1))" "$state/$name.log" | grep -nE -A 12 '^(fail|crit): |Unhandled exception' || true)"
    if [ -n "$errors" ]; then
        echo "FAILED: the $name logged errors during the browser tests ($state/$name.log):" >&2
        printf '%s\n' "$errors" | head -n 80 >&2 || true
        status=1
    fi
done
exit "$status"
