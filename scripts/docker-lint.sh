#!/usr/bin/env bash
# Lints Dockerfile.silo and Dockerfile.api with dockerfilelint (npm, pinned in tools/deploy). Exits non-zero on any
# issue. This machine has no container engine: the build stage's commands themselves are run by
# tests/Automation.System.Tests/ImagePublishTests.cs.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$repo/scripts/deploy-tools.sh"
cd "$repo"
output="$(tools/deploy/node_modules/.bin/dockerfilelint Dockerfile.silo Dockerfile.api)" || status=$?
echo "$output"
if [ "${status:-0}" -ne 0 ] || ! [ "$(grep -c 'Issues: None found' <<<"$output")" -eq 2 ]; then
    echo "dockerfilelint found issues" >&2
    exit 1
fi
