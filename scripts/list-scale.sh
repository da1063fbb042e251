#!/usr/bin/env bash
# Measures the workflows list with a large visibility table (issue 14: "the list stays responsive with 100,000
# workflows"): starts the system (scripts/system.sh, existing Release build, free ports, private state), inserts
# LIST_SCALE_ROWS (100,000) visibility rows in PostgreSQL (20 definitions, 4 statuses, tags, 4 starters, 7 days of
# creation times), then times the list API for every filter the console offers (first page and a deep cursor page),
# the status counts behind the chips, and the console's /workflows page in headless Chromium (navigation to rows and
# chips drawn). Prints a table; asserts nothing about time (see docs/performance.md "Workflows list at 100,000 rows").
# Usage: scripts/list-scale.sh            (about 2 minutes)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
# shellcheck source=scripts/pg-tools.sh
. scripts/pg-tools.sh
rows="${LIST_SCALE_ROWS:-100000}"

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
state="$(mktemp -d /tmp/automation-list-scale-XXXXXX)"
export AUTOMATION_STATE_DIR="$state"
export AUTOMATION_API_PORT="$(free_port)" AUTOMATION_SILO_PORT="$(free_port)" AUTOMATION_PG_PORT="$(free_port)"
export Orleans__SiloPort="$(free_port)" Orleans__GatewayPort="$(free_port)"
export AUTOMATION_NO_BUILD=1 AUTOMATION_CONFIGURATION="${AUTOMATION_CONFIGURATION:-Release}"
export AUTOMATION_ADMIN_PASSWORD="scale-$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')"
export Automation__Api__RateLimits__PermitsPerSecond=1000000 Automation__Api__RateLimits__Burst=1000000
export Automation__Api__RateLimits__SignInsPerMinute=10000
cleanup() {
    scripts/system.sh stop >/dev/null 2>&1 || true
    rm -rf "$state"
}
trap cleanup EXIT

scripts/system.sh start >"$state/start.log" 2>&1 || { cat "$state/start.log" >&2; exit 1; }
api="http://127.0.0.1:$AUTOMATION_API_PORT"
token="$(scripts/token.sh)"
conn="$(cat "$state/connection-string")"
pg_export_password "$conn"
psql="$(pg_bin psql)"

started=$SECONDS
"$psql" "$(pg_conninfo "$conn")" -v ON_ERROR_STOP=1 -q <<SQL
INSERT INTO automation_workflows (workflow_id, definition_name, definition_version, status, created_at, updated_at,
                                  completed_at, revision, started_by, tags)
SELECT format('scale-%s-%s', lpad(i::text, 6, '0'), md5(i::text)),
       format('scale-def-%s', i % 20),
       1,
       CASE WHEN i % 20 = 0 THEN 'Failed' WHEN i % 20 = 1 THEN 'Running' WHEN i % 50 = 2 THEN 'Cancelled' ELSE 'Completed' END,
       now() - make_interval(secs => (i * 6.048)::double precision),
       now() - make_interval(secs => (i * 6.048)::double precision) + interval '2 seconds',
       CASE WHEN i % 20 = 1 THEN NULL ELSE now() - make_interval(secs => (i * 6.048)::double precision) + interval '2 seconds' END,
       3,
       (ARRAY['admin', 'ops-a', 'ops-b', 'apikey:ci'])[1 + i % 4],
       CASE WHEN i % 10 = 0 THEN ARRAY['nightly', 'team-a'] WHEN i % 10 = 1 THEN ARRAY['team-b'] ELSE '{}' END
FROM generate_series(1, $rows) AS i;
ANALYZE automation_workflows;
SQL
echo "Inserted $rows visibility rows in $((SECONDS - started)) s"

API="$api" TOKEN="$token" python3 - <<'PY'
import json, os, statistics, time, urllib.parse, urllib.request

api, token = os.environ["API"], os.environ["TOKEN"]
def get(path):
    req = urllib.request.Request(api + path, headers={"Authorization": "Bearer " + token})
    t = time.perf_counter()
    with urllib.request.urlopen(req) as r:
        body = json.load(r)
    return (time.perf_counter() - t) * 1000, body

def measure(name, path, n=30):
    get(path)  # warm
    times = sorted(get(path)[0] for _ in range(n))
    _, body = get(path)
    items = len(body.get("items", [])) if isinstance(body, dict) else 0
    print(f"  {name:<44} p50 {statistics.median(times):6.1f} ms   p95 {times[int(n * 0.95) - 1]:6.1f} ms   {items:3d} rows")

def deep(path, pages):
    cursor, t0 = None, time.perf_counter()
    for _ in range(pages):
        sep = "&" if "?" in path else "?"
        ms, body = get(path + (f"{sep}cursor={urllib.parse.quote(cursor)}" if cursor else ""))
        cursor = body.get("nextCursor")
        if not cursor:
            break
    return ms

print("GET /api/v1/workflows (limit 50) and /api/v1/workflow-counts with the visibility table at", os.environ.get("LIST_SCALE_ROWS", "100000"), "rows:")
measure("first page, no filter", "/api/v1/workflows?limit=50")
measure("status=Failed", "/api/v1/workflows?limit=50&status=Failed")
measure("status=Cancelled (2 %)", "/api/v1/workflows?limit=50&status=Cancelled")
measure("definition=scale-def-7", "/api/v1/workflows?limit=50&definition=scale-def-7")
measure("definition + status=Failed (no match)", "/api/v1/workflows?limit=50&definition=scale-def-7&status=Failed")
measure("tag=nightly", "/api/v1/workflows?limit=50&tag=nightly")
measure("tag=nightly&tag=team-a", "/api/v1/workflows?limit=50&tag=nightly&tag=team-a")
measure("startedBy=ops-a", "/api/v1/workflows?limit=50&startedBy=ops-a")
measure("idPrefix=scale-0123", "/api/v1/workflows?limit=50&idPrefix=scale-0123")
from_ = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 3 * 86400))
to_ = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 2 * 86400))
measure("from/to: one day, 3 days ago", f"/api/v1/workflows?limit=50&from={from_}&to={to_}")
measure("counts, no filter", "/api/v1/workflow-counts")
measure("counts, definition=scale-def-7", "/api/v1/workflow-counts?definition=scale-def-7")
measure("counts, tag=nightly", "/api/v1/workflow-counts?tag=nightly")
times = sorted(deep("/api/v1/workflows?limit=50", 200) for _ in range(3))
print(f"  {'page 200 by cursor (rows 9,951-10,000)':<44} last page {times[1]:6.1f} ms (median of 3 walks)")
PY

CONSOLE_BASE_URL="$api" CONSOLE_ADMIN_USER="${AUTOMATION_ADMIN_USER:-admin}" CONSOLE_ADMIN_PASSWORD="$AUTOMATION_ADMIN_PASSWORD" \
    CONSOLE_CHROMIUM="$(scripts/ensure-chromium.sh)" node src/Automation.Console/tests/list-scale.mjs
