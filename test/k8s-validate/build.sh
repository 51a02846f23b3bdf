#!/usr/bin/env bash
# Builds the API-server validation harness (test/k8s-validate) as a Go module: k8s.io/kubernetes
# and its staging modules at the exact versions go.mod pins, verified by go.sum, built with the
# machine's Go (GOTOOLCHAIN=local: never a downloaded toolchain). Also resolves the CRD YAML the
# harness validates custom resources against, from the Go modules pinned in crds/go.mod.
# Usage: test/k8s-validate/build.sh [output-dir]   (default: node_modules/.cache/k8s-validate)
# Writes OUTPUT/crds.txt (one CRD file per line) and prints the binary's path on its last line.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out_dir="${1:-$root/node_modules/.cache/k8s-validate}"

if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
  export PATH="$PATH:/usr/local/go/bin"
fi
if ! command -v go >/dev/null 2>&1; then
  echo "k8s-validate: the Go toolchain (go) is not on PATH; install Go 1.26 or later" >&2
  exit 1
fi
export GOFLAGS=-mod=readonly GOTOOLCHAIN=local

mkdir -p "$out_dir"
binary="$out_dir/k8s-validate"
# Rebuild only when the harness's sources, pinned dependencies or this script (the CRD list) changed.
stamp="$(cd "$here" && cat ./*.go go.mod go.sum crds/go.mod crds/go.sum build.sh | sha256sum | cut -c1-16)"
# crds.txt names files in the Go module cache; a cleaned cache means resolving them again.
crds_present() {
  [ -f "$out_dir/crds.txt" ] || return 1
  while IFS= read -r crd; do [ -f "$crd" ] || return 1; done < "$out_dir/crds.txt"
}
if [ -x "$binary" ] && crds_present && [ "$(cat "$out_dir/stamp" 2>/dev/null || true)" = "$stamp" ]; then
  echo "$binary"
  exit 0
fi

# The CRDs: module directories in the module cache (downloaded and checked against crds/go.sum).
module_dir() {
  (cd "$here/crds" && go mod download -json "$1") | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p'
}
keda="$(module_dir github.com/kedacore/keda/v2)"
prometheus_operator="$(module_dir github.com/prometheus-operator/prometheus-operator)"
crds=(
  "$keda/config/crd/bases/keda.sh_scaledobjects.yaml"
  "$keda/config/crd/bases/keda.sh_scaledjobs.yaml"
  "$keda/config/crd/bases/keda.sh_triggerauthentications.yaml"
  "$prometheus_operator/example/prometheus-operator-crd/monitoring.coreos.com_prometheusrules.yaml"
)
for crd in "${crds[@]}"; do
  if [ ! -f "$crd" ]; then
    echo "k8s-validate: CRD file missing from its module: $crd" >&2
    exit 1
  fi
done

(cd "$here" && go build -o "$binary.tmp" . && mv "$binary.tmp" "$binary") >&2
printf '%s\n' "${crds[@]}" > "$out_dir/crds.txt"
echo "$stamp" > "$out_dir/stamp"
echo "$binary"
