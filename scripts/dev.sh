#!/usr/bin/env bash
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
exec node_modules/.bin/tsx scripts/dev.ts "$@"
