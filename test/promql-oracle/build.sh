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

# go.mod asks for Go 1.26 (Prometheus' own minimum). A Go of 1.21 or later fetches that toolchain
# itself (GOTOOLCHAIN=auto, through the Go module proxy); an older one (Debian bookworm's 1.19,
# installed for the cron oracle) cannot, so prefer a newer go, e.g. /usr/local/go/bin/go.
go_bin=""
for candidate in "$(command -v go 2>/dev/null || true)" /usr/local/go/bin/go; do
  [ -n "$candidate" ] && [ -x "$candidate" ] || continue
  minor="$("$candidate" env GOVERSION 2>/dev/null | sed -n 's/^go1\.\([0-9]*\).*/\1/p')"
  if [ -n "$minor" ] && [ "$minor" -ge 21 ]; then
    go_bin="$candidate"
    break
  fi
done
if [ -z "$go_bin" ]; then
  echo "promql oracle: needs Go 1.21 or later (it fetches the 1.26 toolchain go.mod asks for); found: $(go version 2>/dev/null || echo none)" >&2
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

(cd "$here" && GOFLAGS="-mod=readonly -buildvcs=false" GO111MODULE=on "$go_bin" build -o "$binary" .)
echo "$stamp" > "$out_dir/stamp"
echo "$binary"
