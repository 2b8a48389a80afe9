#!/usr/bin/env bash
# Builds the native command-line trainer (for this CPU) and runs it: npm run cli -- train presets/mnist-mlp.json
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bash "$here/tools/ensure-deps.sh" serve >&2
[ -f "$here/build/native-fast/CMakeCache.txt" ] || (cd "$here" && cmake --preset native-fast >/dev/null)
cmake --build "$here/build/native-fast" -j"$(nproc)" --target nnplay >/dev/null
exec "$here/build/native-fast/nnplay" "$@"
