#!/usr/bin/env bash
# Runs every test: unit, cluster and integration tiers, and the process-level crash test; then lints the API's
# OpenAPI document, checks that the checked-in generated API client is up to date, fuzzes the running API from the
# document, drives the web console in headless Chromium, unit-tests the Prometheus alert rules and checks every rule
# and dashboard expression (one result each).
# PostgreSQL: the tests start a private server from this machine's binaries (installed here if missing),
# or use the server named by AUTOMATION_TEST_POSTGRES (a connection string of a user who may CREATE DATABASE).
# Ends with one line: "N passed, N failed".
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
results="$repo/artifacts/test-results"
rm -rf "$results" artifacts/openapi.json
mkdir -p "$results"

if [ -z "${AUTOMATION_TEST_POSTGRES:-}" ]; then
    scripts/ensure-postgres.sh
fi
# promtool: the alert-rule checks below, and ExportedMetricsTests (promtool check metrics on a live scrape).
scripts/ensure-prometheus.sh

# The API's build runs npm to build the web console (src/Automation.Console); without npm it would build without it.
if ! command -v npm >/dev/null 2>&1; then
    echo "npm not found; installing Debian's nodejs and npm packages" >&2
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        sudo="sudo"
    fi
    $sudo apt-get update -qq && $sudo apt-get install -y -qq nodejs npm >/dev/null
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Automation.sln -c Release -nologo -v minimal

status=0
# The console output is also kept: when a test host crashes, what it printed is the only account of why, and the
# summary at the end repeats it (CI shows the end of the output). --blame names the tests that were running then.
set +e
dotnet test Automation.sln -c Release --no-build -nologo --blame \
    --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" 2>&1 | tee "$results/dotnet-test.log"
dotnet_status=${PIPESTATUS[0]}
status=$dotnet_status
set -e

# Checks that are not xunit tests, each counted as one result. The API tests wrote artifacts/openapi.json (the
# document the API serves); it must pass the linter, the checked-in Kiota client must be what it generates, and the
# system started from the Release build must hold to it under fuzzing.
check_passed=0
check_failed=0
check_failures=()
check() {
    local name="$1"
    shift
    echo "== $name"
    if "$@"; then
        check_passed=$((check_passed + 1))
    else
        check_failed=$((check_failed + 1))
        check_failures+=("$name")
        status=1
    fi
}
check "OpenAPI document passes redocly lint" scripts/openapi-lint.sh
check "Generated API client is up to date" scripts/api-client.sh --check
check "API fuzzing from the OpenAPI document (fast-check + Ajv)" scripts/api-fuzz.sh
check "Dockerfiles pass dockerfilelint" scripts/docker-lint.sh
check "k8s/ renders with kustomize v2 and v5 and validates against the Kubernetes schemas" scripts/k8s-validate.sh
check "backup.sh and restore.sh against a password-authenticated (scram-sha-256) server" scripts/backup-auth-check.sh
check "Point-in-time recovery drill (WAL archive, pg_basebackup, recovery_target_time)" scripts/pitr-drill.sh
check "Web console end to end in headless Chromium (playwright-core, axe-core)" scripts/console-test.sh
check "Alert rules pass their unit tests (promtool test rules)" promtool test rules deploy/prometheus/tests/automation.rules.test.yml
check "Rule and dashboard expressions parse and read exported metrics" scripts/check-observability.py

# Count outcomes from the TRX files (one <UnitTestResult outcome="..."> per test), so a run that executed no test
# is visible. Plain grep/sed: no other tool needed on a fresh machine.
trx_files=("$results"/*.trx)
if [ -e "${trx_files[0]}" ]; then
    outcomes="$({ grep -ho '<UnitTestResult [^>]*>' "${trx_files[@]}" || true; } | sed -n 's/.*outcome="\([A-Za-z]*\)".*/\1/p')"
    { grep -ho '<UnitTestResult [^>]*outcome="Failed"[^>]*>' "${trx_files[@]}" || true; } \
        | sed -n 's/.*testName="\([^"]*\)".*/FAILED: \1/p'
else
    outcomes=""
fi
for name in "${check_failures[@]}"; do
    echo "FAILED: $name"
done
# Every test project must have written results: a project whose test host crashed or whose run was aborted writes
# none (or no file), which the outcome count alone would not show. Each such project counts as one failure, and what
# the test platform said about it is repeated here.
aborted=0
for project in tests/*/*Tests.csproj; do
    dll="$(basename "$project" .csproj).dll"
    count=0
    for trx in "${trx_files[@]}"; do
        if [ -e "$trx" ] && grep -qi "storage=\"[^\"]*/${dll}\"" "$trx"; then
            results_in_file=$(grep -c '<UnitTestResult ' "$trx" || true)
            count=$(( count + results_in_file ))
        fi
    done
    if [ "$count" -eq 0 ]; then
        echo "FAILED: $(basename "$project" .csproj): no test results (its test run was aborted or never started)"
        aborted=$((aborted + 1))
        status=1
    fi
done
if [ "$dotnet_status" -ne 0 ] && [ "$aborted" -eq 0 ] && ! grep -qvE '^(Passed|NotExecuted|Inconclusive|)$' <<<"$outcomes"; then
    echo "FAILED: dotnet test exited with $dotnet_status although every project wrote results and none failed (see $results/dotnet-test.log)"
    aborted=$((aborted + 1))
fi
platform_said="test run was aborted\|Test host process crashed\|Testhost process exited"
if grep -q "$platform_said" "$results/dotnet-test.log"; then
    echo "What the test platform said:"
    grep -n -A 25 "$platform_said" "$results/dotnet-test.log" | head -60 || true
elif [ "$aborted" -gt 0 ]; then
    echo "What the test platform said last:"
    tail -n 30 "$results/dotnet-test.log" || true
fi
passed=$(( $(printf '%s\n' "$outcomes" | grep -c '^Passed$' || true) + check_passed ))
skipped=$(printf '%s\n' "$outcomes" | grep -cE '^(NotExecuted|Inconclusive)$' || true)
failed=$(( $(printf '%s\n' "$outcomes" | grep -cvE '^(Passed|NotExecuted|Inconclusive|)$' || true) + check_failed + aborted ))
if [ "$skipped" -gt 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped"
else
    echo "$passed passed, $failed failed"
fi
if [ "$status" -eq 0 ] && ! ls "$results"/*.trx >/dev/null 2>&1; then
    echo "no test results were written" >&2
    status=1
fi
exit "$status"
