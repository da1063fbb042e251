#!/usr/bin/env bash
# Measures monitored-service probing (issue 11; docs/performance.md, "Service probes"): registers SERVICES_COUNT
# (1000) services with http probes every SERVICES_INTERVAL (5s) against a no-op endpoint the bench hosts on
# 127.0.0.1, waits SERVICES_WARMUP (30) seconds, measures SERVICES_MEASURE (60) seconds, and reports from the silo's
# own probe rows (automation_service_probes): scheduling overhead (due -> started) and probe latency, p50/p99.
#   scripts/services-probe-bench.sh              starts the system (scripts/system.sh start), measures, stops it
#   scripts/services-probe-bench.sh --no-system  uses a running system (BENCH_API, BENCH_PG or the state's connection
#                                                string, BENCH_TOKEN or scripts/token.sh)
# Run it when nothing else heavy runs (uptime's load average below 2): the figure is the engine's overhead.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
api="${BENCH_API:-http://127.0.0.1:${AUTOMATION_API_PORT:-5000}}"
state="${AUTOMATION_STATE_DIR:-$repo/.data}"
manage_system=1
if [ "${1:-}" = "--no-system" ]; then
    manage_system=0
fi

echo "== Machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), dotnet $(dotnet --version)"
if [ "$manage_system" -eq 1 ]; then
    # 1,000 registrations from one principal: lift the API's per-principal rate limit for the system started here.
    export Automation__Api__RateLimits__PermitsPerSecond="${Automation__Api__RateLimits__PermitsPerSecond:-1000000}"
    export Automation__Api__RateLimits__Burst="${Automation__Api__RateLimits__Burst:-1000000}"
    trap '"$repo/scripts/system.sh" stop >/dev/null 2>&1 || true' EXIT
    "$repo/scripts/system.sh" start
fi
export BENCH_TOKEN="${BENCH_TOKEN:-$("$repo/scripts/token.sh")}"
if [ -n "${BENCH_PG:-}" ]; then
    connection="$BENCH_PG"
elif [ -f "$state/connection-string" ]; then
    connection="$(cat "$state/connection-string")"
else
    echo "No $state/connection-string: start the system with scripts/system.sh start or set BENCH_PG" >&2
    exit 1
fi

mkdir -p "$state/bench"
dotnet build "$repo/bench/Automation.Bench" -c Release -v quiet -nologo >"$state/bench-build.log" 2>&1 || { tail -n 30 "$state/bench-build.log"; exit 1; }
dotnet run -c Release --no-build --project "$repo/bench/Automation.Bench" -- services \
    --api "$api" --pg "$connection" --count "${SERVICES_COUNT:-1000}" --interval "${SERVICES_INTERVAL:-5s}" \
    --warmup "${SERVICES_WARMUP:-30}" --measure "${SERVICES_MEASURE:-60}" | tee "$state/bench/services.txt"
echo "== Load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
