#!/usr/bin/env bash
# Benchmarks (not tests): the seeds' MLP natively, portable (the flavour that matches wasm) and tuned for this CPU.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/ensure-deps.sh serve
for preset in native native-fast; do
  [ -f "build/$preset/CMakeCache.txt" ] || cmake --preset "$preset" >/dev/null
  cmake --build "build/$preset" -j"$(nproc)" --target nnplay_bench >/dev/null
done
echo "== native, portable -O3 (bit-identical to the wasm build)"
build/native/nnplay_bench 3 native-portable
echo
echo "== native, -march=native"
build/native-fast/nnplay_bench 3 native-march
