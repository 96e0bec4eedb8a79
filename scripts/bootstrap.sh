#!/usr/bin/env bash
# Shared first step of `npm run dev` and `npm test`: install npm packages when missing or stale, and the
# apt tools the services and browser tests need. Idempotent and quick when nothing is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  echo "[bootstrap] installing npm packages (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi
bash scripts/provision.sh apt
