#!/usr/bin/env bash
# Lints the API's OpenAPI document (artifacts/openapi.json, written by OpenApiDocumentTests) with Redocly CLI's
# recommended ruleset. The CLI is pinned in tools/package.json and tools/package-lock.json and installed with npm ci
# into tools/node_modules (only the npm registry is needed). Exits non-zero on any error; warnings are printed.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
document="${1:-artifacts/openapi.json}"
if [ ! -f "$document" ]; then
    echo "$document is missing: run the API tests first (dotnet test tests/Automation.Api.Tests -c Release --filter \"FullyQualifiedName~OpenApiDocumentTests\")." >&2
    exit 1
fi

if ! command -v npm >/dev/null 2>&1; then
    echo "npm not found; installing Debian's nodejs and npm packages" >&2
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        sudo="sudo"
    fi
    $sudo apt-get update -qq && $sudo apt-get install -y -qq nodejs npm >/dev/null
fi
npm ci --prefix tools --prefer-offline --no-audit --no-fund --loglevel=error >/dev/null

# No telemetry and no update notice (the registry is the only network here).
REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
    tools/node_modules/.bin/redocly lint "$document" --format=stylish
