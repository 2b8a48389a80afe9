#!/usr/bin/env bash
# Builds the WebAssembly module and assembles the static site in build/site, or the folder given
# (npm run build: dist/, ready to copy to any static host).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/ensure-deps.sh serve
export NODE_PATH=/usr/share/nodejs  # Debian's emscripten finds acorn there (needed from -O2 on)
[ -f build/wasm/CMakeCache.txt ] || emcmake cmake --preset wasm-release >/dev/null
cmake --build build/wasm -j"$(nproc)"
node tools/build-site.mjs "$@"
