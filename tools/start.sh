#!/usr/bin/env bash
# Builds everything the page needs and serves the playground (PORT, default 8080).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/build.sh
exec node tools/serve.mjs build/site
