#!/usr/bin/env bash
# Installs the deployment checks' npm tools (pinned in tools/deploy/package.json and package-lock.json) into
# tools/deploy/node_modules with npm ci, installing Debian's nodejs and npm first if npm is missing. Idempotent.
# Sourced by scripts/docker-lint.sh and scripts/k8s-validate.sh.
set -euo pipefail

deploy_tools_repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}
if ! command -v npm >/dev/null 2>&1; then
    echo "npm not found; installing Debian's nodejs and npm packages" >&2
    as_root apt-get update -qq && as_root apt-get install -y -qq nodejs npm >/dev/null
fi
if [ ! -f "$deploy_tools_repo/tools/deploy/node_modules/.package-lock.json" ] \
    || ! cmp -s "$deploy_tools_repo/tools/deploy/package-lock.json" "$deploy_tools_repo/tools/deploy/node_modules/.installed-lock.json"; then
    npm ci --prefix "$deploy_tools_repo/tools/deploy" --prefer-offline --no-audit --no-fund --loglevel=error >/dev/null
    cp "$deploy_tools_repo/tools/deploy/package-lock.json" "$deploy_tools_repo/tools/deploy/node_modules/.installed-lock.json"
fi
