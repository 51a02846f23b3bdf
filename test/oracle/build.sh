#!/usr/bin/env bash
# Builds the robfig/cron oracle (test/oracle/cron-oracle.go) as a Go module: robfig/cron v3.0.1,
# the version Kubernetes vendors, comes from the Go module proxy and is pinned by go.sum, so any
# current Go toolchain builds it (GOTOOLCHAIN=local: the machine's Go, never a downloaded one).
# Usage: test/oracle/build.sh [output-dir]   (default: node_modules/.cache/cron-oracle)
# Prints the path of the built binary on its last line.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out_dir="${1:-$root/node_modules/.cache/cron-oracle}"

if ! command -v go >/dev/null 2>&1; then
  echo "cron oracle: the Go toolchain (go) is not on PATH; install Go 1.22 or later" >&2
  exit 1
fi

mkdir -p "$out_dir"
binary="$out_dir/cron-oracle"
# Rebuild only when the oracle's source or pinned dependencies changed.
stamp="$(cat "$here/cron-oracle.go" "$here/go.mod" "$here/go.sum" | sha256sum | cut -c1-16)"
if [ -x "$binary" ] && [ "$(cat "$out_dir/stamp" 2>/dev/null || true)" = "$stamp" ]; then
  echo "$binary"
  exit 0
fi

(cd "$here" && GOFLAGS=-mod=readonly GOTOOLCHAIN=local go build -o "$binary" .) >&2
echo "$stamp" > "$out_dir/stamp"
echo "$binary"
