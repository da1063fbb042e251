#!/usr/bin/env bash
# Runs every test: unit, cluster and integration tiers, and the process-level crash test.
# PostgreSQL: the tests start a private server from this machine's binaries (installed here if missing),
# or use the server named by AUTOMATION_TEST_POSTGRES (a connection string of a user who may CREATE DATABASE).
# Ends with one line: "N passed, N failed".
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
results="$repo/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

if [ -z "${AUTOMATION_TEST_POSTGRES:-}" ]; then
    scripts/ensure-postgres.sh
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Automation.sln -c Release -nologo -v minimal

status=0
dotnet test Automation.sln -c Release --no-build -nologo \
    --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" || status=$?

# Count outcomes from the TRX files, so a run that executed no test is visible.
python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for path in glob.glob(f"{sys.argv[1]}/**/*.trx", recursive=True):
    for result in ET.parse(path).getroot().iterfind(".//t:UnitTestResult", ns):
        outcome = result.get("outcome")
        if outcome == "Passed":
            passed += 1
        elif outcome in ("NotExecuted", "Inconclusive"):
            skipped += 1
        else:
            failed += 1
            print(f"FAILED: {result.get('testName')}")
line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
PY
if [ "$status" -eq 0 ] && ! ls "$results"/*.trx >/dev/null 2>&1; then
    echo "no test results were written" >&2
    status=1
fi
exit "$status"
