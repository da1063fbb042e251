#!/usr/bin/env bash
# Prints an access token of the local system's first admin (started by scripts/system.sh or scripts/run.sh), for
#   TOKEN=$(scripts/token.sh); curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:5000/api/v1/workflows
# The password is AUTOMATION_ADMIN_PASSWORD, or the one scripts/system.sh generated into $AUTOMATION_STATE_DIR
# (default <repo>/.data)/admin-password. The API is at AUTOMATION_API_PORT (5000).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
state="${AUTOMATION_STATE_DIR:-$repo/.data}"
api="http://127.0.0.1:${AUTOMATION_API_PORT:-5000}"
user="${AUTOMATION_ADMIN_USER:-admin}"
if [ -n "${AUTOMATION_ADMIN_PASSWORD:-}" ]; then
    password="$AUTOMATION_ADMIN_PASSWORD"
elif [ -s "$state/admin-password" ]; then
    password="$(cat "$state/admin-password")"
else
    echo "No password: set AUTOMATION_ADMIN_PASSWORD, or start the system with scripts/system.sh start (same AUTOMATION_STATE_DIR)" >&2
    exit 1
fi

body="$(python3 -c 'import json, sys; print(json.dumps({"username": sys.argv[1], "password": sys.argv[2]}))' "$user" "$password")"
# The first admin is created moments after the API starts; retry briefly.
for _ in $(seq 1 30); do
    if answer="$(curl -fsS -X POST "$api/api/v1/auth/token" -H 'Content-Type: application/json' --data-binary @- <<<"$body" 2>/dev/null)"; then
        python3 -c 'import json, sys; print(json.load(sys.stdin)["accessToken"])' <<<"$answer"
        exit 0
    fi
    sleep 1
done
echo "Could not sign in as $user at $api" >&2
exit 1
