#!/usr/bin/env bash
# Benchmarks (not tests), all in one run so the ratios compare like with like: see bench/run.mjs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/ensure-deps.sh test
for preset in native native-fast; do
  [ -f "build/$preset/CMakeCache.txt" ] || cmake --preset "$preset" >/dev/null
  cmake --build "build/$preset" -j"$(nproc)" --target nnplay_bench nnplay >/dev/null
done
bash tools/build.sh >/dev/null
node bench/run.mjs "$@"
