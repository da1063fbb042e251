#!/usr/bin/env bash
# Measures throughput, latency and durable writes per workflow on this machine (see docs/performance.md).
#   scripts/bench.sh                 starts the system (scripts/system.sh start), runs both scenarios, stops it
#   scripts/bench.sh --no-system     runs against a system that is already up (API at BENCH_API)
# Scenarios (override with the environment):
#   transform: a chain of BENCH_TRANSFORM_STEPS (5) transform steps, burst BENCH_TRANSFORM_BURST (2000) workflows,
#              then sequential BENCH_TRANSFORM_SEQUENTIAL (300)
#   delay:     a chain of BENCH_DELAY_STEPS (3) delay steps of 10ms (task grain path), burst BENCH_DELAY_BURST (1000),
#              then sequential BENCH_DELAY_SEQUENTIAL (100)
# Both run with BENCH_CONCURRENCY (64) concurrent HTTP callers in the burst. Results: plain text on stdout, JSON in
# .data/bench/<scenario>.json. Exits non-zero if any workflow did not complete.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
api="${BENCH_API:-http://127.0.0.1:${AUTOMATION_API_PORT:-5000}}"
concurrency="${BENCH_CONCURRENCY:-64}"
out="$repo/.data/bench"
manage_system=1
if [ "${1:-}" = "--no-system" ]; then
    manage_system=0
fi

echo "== Machine"
echo "  cores:      $(nproc)"
echo "  memory:     $(free -m | awk '/^Mem:/ {print $2 " MiB total, " $7 " MiB available"}')"
echo "  cpu:        $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
echo "  kernel:     $(uname -sr)"
echo "  dotnet:     $(dotnet --version)"
pg_bin="$("$repo/scripts/ensure-postgres.sh" | sed -n 's/^PostgreSQL binaries found in //p')"
echo "  postgresql: $("${pg_bin:-/usr/bin}/postgres" --version 2>/dev/null || echo unknown)"
echo

if [ "$manage_system" -eq 1 ]; then
    trap '"$repo/scripts/system.sh" stop >/dev/null 2>&1 || true' EXIT
    "$repo/scripts/system.sh" start
    echo
fi
connection="$(cat "$repo/.data/connection-string")"

echo "Building the bench (Release)..."
dotnet build "$repo/bench/Automation.Bench" -c Release -v quiet -nologo >"$repo/.data/bench-build.log" 2>&1 || { tail -n 30 "$repo/.data/bench-build.log"; exit 1; }
mkdir -p "$out"

status=0
run() { # scenario, then bench arguments
    local scenario="$1"
    shift
    echo
    echo "== Scenario: $scenario"
    dotnet run -c Release --no-build --project "$repo/bench/Automation.Bench" -- \
        --api "$api" --concurrency "$concurrency" --mode both --pg "$connection" --json "$out/$scenario.json" "$@" || status=1
}

run transform --step-type transform --steps "${BENCH_TRANSFORM_STEPS:-5}" \
    --workflows "${BENCH_TRANSFORM_BURST:-2000}" --sequential-workflows "${BENCH_TRANSFORM_SEQUENTIAL:-300}"
run delay --step-type delay --delay 10ms --steps "${BENCH_DELAY_STEPS:-3}" \
    --workflows "${BENCH_DELAY_BURST:-1000}" --sequential-workflows "${BENCH_DELAY_SEQUENTIAL:-100}"

if [ "$manage_system" -eq 1 ]; then
    echo
    echo "== Engine log check"
    echo "  silo.log: $(grep -cE '^(fail|crit)|Exception' "$repo/.data/silo.log" || true) error/exception lines"
    echo "  api.log:  $(grep -cE '^(fail|crit)|Exception' "$repo/.data/api.log" || true) error/exception lines"
fi
exit "$status"
