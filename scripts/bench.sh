#!/usr/bin/env bash
# Measures throughput, latency and durable writes per workflow on this machine (see docs/performance.md).
#   scripts/bench.sh                 starts the system (scripts/system.sh start), runs the scenarios, stops it
#   scripts/bench.sh --no-system     runs against a system that is already up (API at BENCH_API, PostgreSQL from
#                                    BENCH_PG or the connection string that scripts/system.sh start wrote; the
#                                    access token from BENCH_TOKEN, else scripts/token.sh)
# Scenarios (override with the environment):
#   transform: a chain of BENCH_TRANSFORM_STEPS (3, as issue 6 defines it) transform steps, burst BENCH_TRANSFORM_BURST (2000) workflows,
#              then sequential BENCH_TRANSFORM_SEQUENTIAL (300)
#   transform-engine: the same, started as an Orleans client of the cluster (--start-via orleans) instead of over
#              HTTP: the engine without the API's request in front of it (BENCH_ENGINE_SCENARIO=0 skips it)
#   delay:     a chain of BENCH_DELAY_STEPS (3) delay steps of 10ms, burst BENCH_DELAY_BURST (1000),
#              then sequential BENCH_DELAY_SEQUENTIAL (100)
#   task:      a chain of BENCH_TASK_STEPS (3) http steps (task grain path) calling a no-op endpoint that the bench
#              hosts on 127.0.0.1, burst BENCH_TASK_BURST (2000), then sequential BENCH_TASK_SEQUENTIAL (200), then
#              the same sequential workflows started with POST ?wait= (one request each: "sequential-wait")
#   agent:     a chain of BENCH_AGENT_STEPS (3) agent steps pulled by BENCH_AGENTS (8) agents the bench runs (16
#              slots each; each task completed at once), burst BENCH_AGENT_BURST (1000), then sequential
#              BENCH_AGENT_SEQUENTIAL (100), with the hand-off latency (task enqueued -> agent received it)
# The system it starts runs on a new database in <state>/bench-system (BENCH_FRESH_DATABASE=0: on <state> itself);
# BENCH_SETTLE=N lets it run N seconds before the first scenario.
# All run with BENCH_CONCURRENCY (64) concurrent HTTP callers in the burst. Before its own phases, every scenario
# measures the raw-PostgreSQL floor on the same server (--floor: workflows of 5 single-row autocommitted writes,
# as many workflows and connections as its burst, then its sequential count one at a time) and prints every
# throughput also as a ratio to it. Results: plain text on stdout (one `summary` line per phase, collected at the
# end), text and JSON in <state>/bench/<scenario>.{txt,json}, where <state> is AUTOMATION_STATE_DIR (default
# .data). Exits non-zero if any workflow did not complete.
# After its burst, every scenario runs BENCH_RATIO_ROUNDS (4) paired rounds: a floor burst and a burst of the scenario,
# same size and concurrency, back to back (alternating which goes first); the summary line gives the median of the
# rounds' ratios ("paired ... x floor") beside the ratio to the floor measured before the warm-up. On a shared VM
# whose speed drifts between minutes, the paired ratio compares like with like.
# Each scenario first runs BENCH_WARMUP (8000) workflows of its own kind, not counted: the figures are the engine's
# steady state. A silo's code paths take thousands of workflows to reach the JIT's optimized tier (tiered compilation
# with dynamic PGO, the .NET default); with a warm-up of 50, a scenario measured the JIT's ramp as much as the engine
# (docs/performance.md, "Warm-up").
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
api="${BENCH_API:-http://127.0.0.1:${AUTOMATION_API_PORT:-5000}}"
concurrency="${BENCH_CONCURRENCY:-64}"
state="${AUTOMATION_STATE_DIR:-$repo/.data}" # where scripts/system.sh keeps the connection string and the logs
out="$state/bench"
manage_system=1
if [ "${1:-}" = "--no-system" ]; then
    manage_system=0
fi
if [ "$manage_system" -eq 1 ] && [ "${BENCH_FRESH_DATABASE:-1}" = "1" ]; then
    # The system the bench starts gets a database of its own, new for each run (as issue 6's figures were taken:
    # "fresh databases"): a database that has kept every earlier run's workflows (12 GB after a week of runs here)
    # measured the transform scenario a quarter to a third lower against the same floor (docs/performance.md, "A
    # fresh database per run"). Its database and logs stay in <state>/bench-system until the next run.
    # BENCH_FRESH_DATABASE=0 uses <state> as is.
    system_state="$state/bench-system"
    if [ -d "$system_state" ]; then # whatever an interrupted run left running there
        AUTOMATION_STATE_DIR="$system_state" "$repo/scripts/system.sh" stop >/dev/null 2>&1 || true
    fi
    rm -rf "$system_state"
    mkdir -p "$system_state"
    export AUTOMATION_STATE_DIR="$system_state"
    state="$system_state"
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
    # The bench is one principal at the machine's full rate: lift the API's per-principal rate limit (default 200/s,
    # burst 400) for the system it starts. With --no-system, start that system with the same two variables.
    export Automation__Api__RateLimits__PermitsPerSecond="${Automation__Api__RateLimits__PermitsPerSecond:-1000000}"
    export Automation__Api__RateLimits__Burst="${Automation__Api__RateLimits__Burst:-1000000}"
    trap '"$repo/scripts/system.sh" stop >/dev/null 2>&1 || true' EXIT
    # One token serves the whole run (about 10 minutes); the default lifetime is 15 minutes.
    Automation__Auth__AccessTokenLifetime=02:00:00 "$repo/scripts/system.sh" start
    echo
fi
# Every /api/v1 call needs a token: BENCH_TOKEN, or the local first admin's (scripts/token.sh).
if [ -n "${system_state:-}" ]; then
    unset BENCH_TOKEN # a new system has a new signing key: a token from before cannot be valid for it
fi
export BENCH_TOKEN="${BENCH_TOKEN:-$("$repo/scripts/token.sh")}"
if [ "$manage_system" -eq 1 ] && [ "${BENCH_SETTLE:-0}" -gt 0 ]; then
    echo "Letting the new system run ${BENCH_SETTLE} s before the scenarios (BENCH_SETTLE)..."
    sleep "$BENCH_SETTLE"
fi
if [ -n "${BENCH_PG:-}" ]; then
    connection="$BENCH_PG"
elif [ -f "$state/connection-string" ]; then
    connection="$(cat "$state/connection-string")"
else
    echo "No $state/connection-string: start the system with scripts/system.sh start (same AUTOMATION_STATE_DIR) or set BENCH_PG" >&2
    exit 1
fi

mkdir -p "$out"
echo "Building the bench (Release)..."
dotnet build "$repo/bench/Automation.Bench" -c Release -v quiet -nologo >"$state/bench-build.log" 2>&1 || { tail -n 30 "$state/bench-build.log"; exit 1; }

status=0
run() { # scenario, then bench arguments
    local scenario="$1"
    shift
    echo
    echo "== Scenario: $scenario"
    rm -f "$out/$scenario.json" "$out/$scenario.txt"
    dotnet run -c Release --no-build --project "$repo/bench/Automation.Bench" -- \
        --scenario "$scenario" --api "$api" --concurrency "$concurrency" --warmup "${BENCH_WARMUP:-8000}" \
        --ratio-rounds "${BENCH_RATIO_ROUNDS:-4}" \
        --mode both --floor --pg "$connection" \
        --json "$out/$scenario.json" "$@" | tee "$out/$scenario.txt" || status=1
}

started_at=$SECONDS
run transform --step-type transform --steps "${BENCH_TRANSFORM_STEPS:-3}" \
    --workflows "${BENCH_TRANSFORM_BURST:-2000}" --sequential-workflows "${BENCH_TRANSFORM_SEQUENTIAL:-300}"
if [ "${BENCH_ENGINE_SCENARIO:-1}" != "0" ]; then
    run transform-engine --step-type transform --steps "${BENCH_TRANSFORM_STEPS:-3}" --start-via orleans \
        --workflows "${BENCH_TRANSFORM_BURST:-2000}" --sequential-workflows "${BENCH_TRANSFORM_SEQUENTIAL:-300}"
fi
run delay --step-type delay --delay 10ms --steps "${BENCH_DELAY_STEPS:-3}" \
    --workflows "${BENCH_DELAY_BURST:-1000}" --sequential-workflows "${BENCH_DELAY_SEQUENTIAL:-100}"
run task --step-type http --steps "${BENCH_TASK_STEPS:-3}" --start-wait \
    --workflows "${BENCH_TASK_BURST:-2000}" --sequential-workflows "${BENCH_TASK_SEQUENTIAL:-200}"
run agent --step-type agent --steps "${BENCH_AGENT_STEPS:-3}" --agents "${BENCH_AGENTS:-8}" \
    --workflows "${BENCH_AGENT_BURST:-1000}" --sequential-workflows "${BENCH_AGENT_SEQUENTIAL:-100}"

echo
echo "== Summary (client completions/s; x floor: ratio to the raw-PostgreSQL floor of the same scenario and mode;"
echo "   latency: client start->complete, floor: one floor workflow; rows and commits from pg_stat)"
scenarios="transform transform-engine delay task agent"
[ "${BENCH_ENGINE_SCENARIO:-1}" != "0" ] || scenarios="transform delay task agent"
for scenario in $scenarios; do
    grep -h '^summary ' "$out/$scenario.txt" 2>/dev/null | sed 's/^summary /  /' || echo "  $scenario: no results"
done
echo "  scenarios took $((SECONDS - started_at)) s"

if [ "$manage_system" -eq 1 ]; then
    echo
    echo "== Engine log check"
    echo "  silo.log: $(grep -cE '^(fail|crit)|Exception' "$state/silo.log" || true) error/exception lines"
    echo "  api.log:  $(grep -cE '^(fail|crit)|Exception' "$state/api.log" || true) error/exception lines"
fi
exit "$status"
