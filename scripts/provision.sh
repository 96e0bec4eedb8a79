#!/usr/bin/env bash
# Installs the local services' binaries, idempotently, at pinned versions, into a cache outside the clone
# so a fresh clone (as CI makes) reuses them. Usage: scripts/provision.sh [apt|livekit|ferretdb|stripe-mock|schemathesis|compose-check|moto|all]...
# Targets that print a path (schemathesis, compose-check) print it on stdout; everything else goes to stderr.
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

# Schemathesis (API fuzzing against the OpenAPI document) in its own virtualenv, every package pinned by
# scripts/schemathesis/requirements.txt; rebuilt when that list changes. Prints the `st` path.
provision_schemathesis() {
  local dir="$CACHE/schemathesis-$SCHEMATHESIS_VERSION" req
  req="$(cd "$(dirname "$0")" && pwd)/schemathesis/requirements.txt"
  if [ ! -x "$dir/bin/st" ] || ! cmp -s "$req" "$dir/requirements.txt"; then
    with_lock schemathesis
    if [ ! -x "$dir/bin/st" ] || ! cmp -s "$req" "$dir/requirements.txt"; then
      log "installing schemathesis $SCHEMATHESIS_VERSION into a virtualenv"
      # Built where it stays (a virtualenv's scripts name its path); the copied list, written last, marks it complete.
      rm -rf "$dir"
      if ! { command -v python3 >/dev/null && python3 -m venv "$dir" 2>/dev/null; }; then
        # Debian ships python3 without venv (ensurepip): python3-venv adds it.
        need apt-get "install python3 and python3-venv, then rerun"
        local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
        log "apt-get install python3 python3-venv"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends python3 python3-venv >/dev/null
        rm -rf "$dir" && python3 -m venv "$dir"
      fi
      "$dir/bin/pip" install --quiet --disable-pip-version-check --no-deps --requirement "$req" >&2
      [ "$("$dir/bin/st" --version)" = "st, version $SCHEMATHESIS_VERSION" ] || { log "schemathesis: $req does not pin $SCHEMATHESIS_VERSION"; exit 4; }
      cp "$req" "$dir/requirements.txt"
    fi
  fi
  printf '%s\n' "$dir/bin/st"
}

# moto's server (an S3 stand-in for the recording storage test, tests/recording-storage.test.ts), in a
# virtualenv of its own. Prints the `moto_server` path.
provision_moto() {
  local dir="$CACHE/moto-$MOTO_VERSION"
  if [ ! -x "$dir/bin/moto_server" ]; then
    with_lock moto
    if [ ! -x "$dir/bin/moto_server" ]; then
      log "installing moto $MOTO_VERSION (server) into a virtualenv"
      rm -rf "$dir"
      python3 -m venv "$dir"
      "$dir/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION" >&2
    fi
  fi
  printf '%s\n' "$dir/bin/moto_server"
}

# scripts/compose-check (docker-compose.yml and .dockerignore checks, with compose-go): our own Go program, so
# the cache is keyed by a hash of its sources and go.sum pins every module. Prints the binary's path.
provision_compose_check() {
  local src sum dir
  src="$(cd "$(dirname "$0")" && pwd)/compose-check"
  sum=$(cat "$src/go.mod" "$src/go.sum" "$src/main.go" | sha256sum | cut -c1-12)
  dir="$CACHE/compose-check-$sum"
  if [ ! -x "$dir/compose-check" ]; then
    with_lock compose-check
    if [ ! -x "$dir/compose-check" ]; then
      need go "install Go 1.22+ (https://go.dev/doc/install), then rerun"
      log "building compose-check ($sum)"
      mkdir -p "$dir.tmp"
      (cd "$src" && go build -mod=readonly -buildvcs=false -o "$dir.tmp/compose-check" .)
      rm -rf "$dir" && mv "$dir.tmp" "$dir"
    fi
  fi
  printf '%s\n' "$dir/compose-check"
}

targets=("$@"); [ ${#targets[@]} -eq 0 ] && targets=(all)
for t in "${targets[@]}"; do
  case "$t" in
    apt) provision_apt ;;
    livekit) provision_livekit ;;
    ferretdb) provision_ferretdb ;;
    stripe-mock) provision_stripe_mock ;;
    schemathesis) provision_schemathesis ;;
    compose-check) provision_compose_check ;;
    moto) provision_moto ;;
    all) provision_apt; provision_ferretdb; provision_livekit ;;
    *) log "unknown target '$t'"; exit 2 ;;
  esac
done
