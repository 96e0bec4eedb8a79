#!/usr/bin/env bash
# Builds the SFU load generator into the cache (incremental: Go rebuilds only what changed, so a second run
# is quick). Modules are cached outside the clone (GOMODCACHE, ~/go/pkg/mod by default). Prints the binary's path.
set -euo pipefail
cd "$(dirname "$0")"
GO="${GO:-$(command -v go || echo /usr/local/go/bin/go)}"
OUT="${STREAMHUB_CACHE:-$HOME/.cache/streamhub}/sfu-load/sfu-load"
mkdir -p "$(dirname "$OUT")"
"$GO" build -trimpath -o "$OUT" . >&2
echo "$OUT"
