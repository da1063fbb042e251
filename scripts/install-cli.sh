#!/usr/bin/env bash
# Packs the `automation` CLI (src/Automation.Cli) into artifacts/cli and installs it as a global .NET tool from that
# local package, replacing an earlier install. Then: `automation --help`. See docs/cli.md.
#   scripts/install-cli.sh                 install globally (~/.dotnet/tools must be on PATH)
#   scripts/install-cli.sh --tool-path D   install into folder D instead
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
packages="$repo/artifacts/cli"
rm -rf "$packages"
dotnet pack src/Automation.Cli -c Release -o "$packages" -nologo -v minimal
version="$(ls "$packages" | sed -n 's/^Automation\.Cli\.\(.*\)\.nupkg$/\1/p')"
if [ "${1:-}" = "--tool-path" ]; then
    where=(--tool-path "$2")
else
    where=(-g)
fi
dotnet tool uninstall "${where[@]}" Automation.Cli >/dev/null 2>&1 || true
dotnet tool install "${where[@]}" Automation.Cli --add-source "$packages" --version "$version" --ignore-failed-sources
