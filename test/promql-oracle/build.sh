#!/usr/bin/env bash
# Builds the PromQL oracle (test/promql-oracle/main.go): Prometheus' own PromQL parser, at the
# version pinned in go.mod/go.sum, in module mode with a read-only module graph. The first build
# downloads the modules through the Go module proxy (about a minute); later builds are cached.
# Usage: test/promql-oracle/build.sh [output-dir]   (default: node_modules/.cache/promql-oracle)
# Prints the path of the built binary on its last line.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out_dir="${1:-$root/node_modules/.cache/promql-oracle}"

if ! command -v go >/dev/null 2>&1; then
  echo "promql oracle: the Go toolchain (go) is not on PATH" >&2
  exit 1
fi

mkdir -p "$out_dir"
binary="$out_dir/promql-oracle"
# Rebuild only when the oracle's source or module pins changed.
stamp="$(cat "$here/main.go" "$here/go.mod" "$here/go.sum" | sha256sum | cut -c1-16)"
if [ -x "$binary" ] && [ "$(cat "$out_dir/stamp" 2>/dev/null || true)" = "$stamp" ]; then
  echo "$binary"
  exit 0
fi

(cd "$here" && GOFLAGS="-mod=readonly -buildvcs=false" GO111MODULE=on go build -o "$binary" .)
echo "$stamp" > "$out_dir/stamp"
echo "$binary"
