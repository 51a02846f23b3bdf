#!/usr/bin/env bash
# Builds the robfig/cron oracle (test/oracle/cron-oracle.go) with Debian's Go toolchain and
# Debian's robfig/cron v3 source, in GOPATH mode (no module downloads).
# Usage: test/oracle/build.sh [output-dir]   (default: node_modules/.cache/cron-oracle)
# Prints the path of the built binary on its last line.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out_dir="${1:-$root/node_modules/.cache/cron-oracle}"
gopath="${CRON_ORACLE_GOPATH:-/usr/share/gocode}"
install_hint="install them with: sudo apt-get install -y golang-go golang-github-robfig-cron-dev"

if ! command -v go >/dev/null 2>&1; then
  echo "cron oracle: the Go toolchain (go) is not on PATH; $install_hint" >&2
  exit 1
fi
if [ ! -f "$gopath/src/github.com/robfig/cron/spec.go" ]; then
  echo "cron oracle: robfig/cron v3 source not found under $gopath/src/github.com/robfig/cron; $install_hint" >&2
  exit 1
fi

mkdir -p "$out_dir"
binary="$out_dir/cron-oracle"
# Rebuild only when the oracle source changed.
stamp="$(sha256sum "$here/cron-oracle.go" | cut -c1-16)"
if [ -x "$binary" ] && [ "$(cat "$out_dir/stamp" 2>/dev/null || true)" = "$stamp" ]; then
  echo "$binary"
  exit 0
fi

GOPATH="$gopath" GO111MODULE=off GOFLAGS= GOCACHE="$out_dir/gocache" \
  go build -o "$binary" "$here/cron-oracle.go"
echo "$stamp" > "$out_dir/stamp"
echo "$binary"
