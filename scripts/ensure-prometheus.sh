#!/usr/bin/env bash
# Makes sure promtool (Debian's prometheus package, 2.42) is on this machine, installing the package when it is not.
# Also python3-yaml. scripts/test.sh uses them to unit-test the alert rules (promtool test rules), to parse every PromQL expression of the
# rules and dashboards (promtool check rules) and to lint the exported metrics (promtool check metrics).
set -euo pipefail

# scripts/check-observability.py reads the rules with Debian's python3-yaml (PyPI is not reachable).
packages=()
command -v promtool >/dev/null 2>&1 || packages+=(prometheus)
python3 -c 'import yaml' >/dev/null 2>&1 || packages+=(python3-yaml)
if [ "${#packages[@]}" -eq 0 ]; then
    echo "promtool found: $(command -v promtool); python3-yaml found"
    exit 0
fi

echo "installing ${packages[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update
$sudo apt-get install -y --no-install-recommends "${packages[@]}"
# The package starts a Prometheus server where systemd runs; this project needs only promtool.
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    $sudo systemctl disable --now prometheus >/dev/null 2>&1 || true
fi
command -v promtool >/dev/null 2>&1 || { echo "promtool still missing after installing prometheus" >&2; exit 1; }
echo "promtool installed: $(command -v promtool)"
