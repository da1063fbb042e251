#!/usr/bin/env bash
# Runs the whole system locally: PostgreSQL (from this machine's binaries, data in .data/), one silo and the API,
# registers the sample definition docs/examples/hello.json, runs it once, and keeps everything up until Ctrl-C.
# It starts and stops through scripts/system.sh (same environment variables; logs in .data/silo.log and .data/api.log;
# the local key that encrypts secrets in .data/secrets-key).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
api="http://127.0.0.1:${AUTOMATION_API_PORT:-5000}"

cleanup() {
    echo
    echo "Stopping..."
    "$repo/scripts/system.sh" stop
}

# A refused or failed start leaves nothing of ours running (and must not stop a system that was already up),
# so the clean-up is installed only once the start has succeeded.
"$repo/scripts/system.sh" start
trap cleanup EXIT
trap 'exit 130' INT TERM

token="$("$repo/scripts/token.sh")"
auth="Authorization: Bearer $token"
echo
echo "Signed in as the first admin (scripts/token.sh prints a fresh token; it expires after 15 minutes)."
echo "Creating an API key that may read definitions, kept as the secret 'helloApiKey' the sample's http step sends:"
key="$(curl -fsS -X POST "$api/api/v1/api-keys" -H "$auth" -H 'Content-Type: application/json' \
    -d '{"name":"hello-sample","permissions":["definitions:read"]}' | python3 -c 'import json, sys; print(json.load(sys.stdin)["key"])')"
python3 -c 'import json, sys; print(json.dumps({"value": sys.argv[1]}))' "$key" \
    | curl -fsS -X PUT "$api/api/v1/secrets/helloApiKey" -H "$auth" -H 'Content-Type: application/json' --data-binary @- | head -c 300
echo
echo "Registering the sample definition 'hello' (docs/examples/hello.json):"
curl -fsS -X PUT "$api/api/v1/definitions/hello" -H "$auth" -H 'Content-Type: application/json' --data-binary @"$repo/docs/examples/hello.json" \
    | head -c 300
echo " ..."
echo
echo "Starting it and waiting for the result:"
id="$(curl -fsS -X POST "$api/api/v1/workflows" -H "$auth" -H 'Content-Type: application/json' \
    -d "{\"definition\":\"hello\",\"input\":{\"name\":\"Ada\",\"items\":[1,2,3],\"api\":\"$api\"}}" | sed -E 's/.*"workflowId":"([^"]+)".*/\1/')"
curl -fsS -H "$auth" "$api/api/v1/workflows/$id?wait=30s"
echo
cat <<MSG

Try it yourself (every /api/v1 call needs a token):
  TOKEN=\$(scripts/token.sh)
  curl -s -X POST $api/api/v1/workflows -H "Authorization: Bearer \$TOKEN" -H 'Content-Type: application/json' \\
       -d '{"definition":"hello","input":{"name":"Grace","items":[],"api":"$api"}}'
  curl -s -H "Authorization: Bearer \$TOKEN" "$api/api/v1/workflows/<workflowId>?wait=30s"
  curl -s -H "Authorization: Bearer \$TOKEN" "$api/api/v1/workflows?limit=10"

Press Ctrl-C to stop everything.
MSG
while true; do sleep 3600; done
