#!/usr/bin/env bash
# Renders every kustomization under k8s/ (base, overlays/dev, overlays/prod) and validates every rendered object
# offline against the Kubernetes API schemas and the Prometheus Operator CRDs (tools/deploy/validate-k8s.mjs);
# the base and prod renderings must also carry the planned silo numbers (replicas 3, 500m/512Mi, 1000m/1Gi, probes).
# Each kustomization is rendered twice, with two kustomize generations, so the manifests keep working with both:
#   - `kubectl` on PATH (any version; if there is none, Debian's kubernetes-client is installed: kubectl 1.20);
#   - Debian's kubernetes-client 1.20 (built-in kustomize v2.0.3), fetched with apt-get download into
#     artifacts/k8s/kubernetes-client (not installed) when the kubectl on PATH is a newer one.
# Rendered output goes to artifacts/k8s/. Exits non-zero on any failure.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$repo/scripts/deploy-tools.sh"
cd "$repo"
out="$repo/artifacts/k8s"
mkdir -p "$out"

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}
if ! command -v kubectl >/dev/null 2>&1; then
    echo "kubectl not found; installing Debian's kubernetes-client" >&2
    as_root apt-get update -qq && as_root apt-get install -y -qq kubernetes-client >/dev/null
fi

kubectls=("$(command -v kubectl)")
if ! kubectl version --client 2>/dev/null | grep -q 'v1\.20\.'; then
    old="$out/kubernetes-client/usr/bin/kubectl"
    if [ ! -x "$old" ]; then
        rm -rf "$out/kubernetes-client" "$out/deb"
        mkdir -p "$out/deb"
        (cd "$out/deb" && apt-get download kubernetes-client >/dev/null)
        dpkg -x "$out"/deb/kubernetes-client_*.deb "$out/kubernetes-client"
    fi
    kubectls+=("$old")
fi

status=0
rendered=()
for kubectl_bin in "${kubectls[@]}"; do
    version="$("$kubectl_bin" version --client 2>/dev/null | grep -o 'v1\.[0-9]*\.[0-9]*' | head -n 1)"
    for target in base overlays/dev overlays/prod; do
        file="$out/${target//\//-}-kubectl-$version.yaml"
        # Deprecation warnings of newer kustomize (bases, patchesStrategicMerge: kept for v2.0.3) are not failures.
        if "$kubectl_bin" kustomize "k8s/$target" >"$file" 2>"$file.err"; then
            echo "rendered k8s/$target with kubectl $version: $(grep -c '^kind:' "$file") objects"
            rendered+=("$file")
        else
            echo "kubectl $version could not render k8s/$target:" >&2
            cat "$file.err" >&2
            status=1
        fi
    done
done

seeded=()
others=()
for file in "${rendered[@]}"; do
    case "$file" in
        */base-*|*/overlays-prod-*) seeded+=("$file") ;;
        *) others+=("$file") ;;
    esac
done
node tools/deploy/validate-k8s.mjs --seed "${seeded[@]}" || status=1
node tools/deploy/validate-k8s.mjs "${others[@]}" || status=1

# The validator must be able to fail: a broken silo Deployment and an unknown kind are both rejected.
broken="$out/broken.yaml"
sed -e 's/replicas: 3/replicas: three/' "${seeded[0]}" >"$broken"
printf -- '---\napiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: x\n  namespace: automation\n' >>"$broken"
if node tools/deploy/validate-k8s.mjs --seed "$broken" >/dev/null 2>&1; then
    echo "the validator accepted a broken manifest ($broken)" >&2
    status=1
fi
exit "$status"
