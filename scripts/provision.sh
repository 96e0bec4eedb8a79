#!/usr/bin/env bash
# Installs the local services' binaries, idempotently, at pinned versions, into a cache outside the clone
# so a fresh clone (as CI makes) reuses them. Usage: scripts/provision.sh [apt|livekit|ferretdb|stripe-mock|all]...
set -euo pipefail

# shellcheck source=services/versions.env
source "$(dirname "$0")/services/versions.env"
CACHE="${STREAMHUB_CACHE:-$HOME/.cache/streamhub}"
APT_PACKAGES=(redis-server ffmpeg chromium fonts-noto-color-emoji)

log() { printf '[provision] %s\n' "$*" >&2; }
need() { command -v "$1" >/dev/null 2>&1 || { log "missing '$1': $2"; exit 3; }; }

with_lock() {
  mkdir -p "$CACHE"
  exec 9>"$CACHE/.lock-$1"
  flock 9
}

provision_apt() {
  local missing=()
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v ffmpeg >/dev/null || missing+=(ffmpeg)
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -d /usr/share/fonts/truetype/noto ] || missing+=(fonts-noto-color-emoji)
  [ ${#missing[@]} -eq 0 ] && return 0
  need apt-get "install the packages ${APT_PACKAGES[*]} with your system's package manager"
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  log "apt-get install ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

provision_livekit() {
  local dir="$CACHE/livekit-$LIVEKIT_VERSION"
  [ -x "$dir/livekit-server" ] && return 0
  with_lock livekit
  [ -x "$dir/livekit-server" ] && return 0
  need go "install Go 1.22+ (https://go.dev/doc/install), then rerun"
  log "building livekit-server $LIVEKIT_VERSION (about 2 minutes)"
  mkdir -p "$dir.tmp"
  GOBIN="$dir.tmp" go install "github.com/livekit/livekit-server/cmd/server@$LIVEKIT_VERSION"
  mv "$dir.tmp/server" "$dir.tmp/livekit-server"
  rm -rf "$dir" && mv "$dir.tmp" "$dir"
}

provision_ferretdb() {
  local dir="$CACHE/ferretdb-$FERRETDB_VERSION"
  [ -x "$dir/ferretdb" ] && return 0
  with_lock ferretdb
  [ -x "$dir/ferretdb" ] && return 0
  need go "install Go 1.22+ (https://go.dev/doc/install), then rerun"
  log "building FerretDB $FERRETDB_VERSION (about 1 minute)"
  # `go install` builds a binary without build/version/version.txt that panics at start: build from the module source.
  local src
  src=$(go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  local work="$CACHE/ferretdb-src-$FERRETDB_VERSION"
  rm -rf "$work" && cp -r "$src" "$work" && chmod -R u+w "$work"
  printf '%s' "$FERRETDB_VERSION" > "$work/build/version/version.txt"
  mkdir -p "$dir.tmp"
  (cd "$work" && go build -o "$dir.tmp/ferretdb" ./cmd/ferretdb)
  rm -rf "$work" "$dir" && mv "$dir.tmp" "$dir"
}

provision_stripe_mock() {
  local dir="$CACHE/stripe-mock-$STRIPE_MOCK_VERSION"
  [ -x "$dir/stripe-mock" ] && return 0
  with_lock stripe-mock
  [ -x "$dir/stripe-mock" ] && return 0
  need go "install Go 1.22+ (https://go.dev/doc/install), then rerun"
  log "building stripe-mock $STRIPE_MOCK_VERSION"
  mkdir -p "$dir.tmp"
  GOBIN="$dir.tmp" go install "github.com/stripe/stripe-mock@$STRIPE_MOCK_VERSION"
  rm -rf "$dir" && mv "$dir.tmp" "$dir"
}

targets=("$@"); [ ${#targets[@]} -eq 0 ] && targets=(all)
for t in "${targets[@]}"; do
  case "$t" in
    apt) provision_apt ;;
    livekit) provision_livekit ;;
    ferretdb) provision_ferretdb ;;
    stripe-mock) provision_stripe_mock ;;
    all) provision_apt; provision_ferretdb; provision_livekit ;;
    *) log "unknown target '$t'"; exit 2 ;;
  esac
done
