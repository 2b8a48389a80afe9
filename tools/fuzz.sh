#!/usr/bin/env bash
# Fuzzes the core's readers (IDX, CSV, spec, model file, images, TF.js, ONNX) and the CLI's zip reader with libFuzzer under ASan + UBSan:
#   tools/fuzz.sh [seconds-per-target, default 60]
# Each target starts from a copy of tests/fuzz/corpus/<target>/ (the committed seeds stay as they are) and
# runs one at a time. Fails on any crash, leak, timeout or sanitizer report; the input that did it is kept
# in build/fuzz/artifacts/<target>/ (replay: build/fuzz/fuzz_<target> FILE). Ends with a table of
# executions/s and coverage (libFuzzer's cov: edges and ft: features) per target.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
[[ "$seconds" =~ ^[1-9][0-9]*$ ]] || {
  echo "fuzz.sh: seconds per target must be a whole number above 0, got '$seconds'"
  exit 2
}
targets=(idx csv spec model_file images tfjs onnx zip)
bash tools/ensure-deps.sh test || exit 1  # clang and its libFuzzer runtime among the rest

{ [ -f build/fuzz/CMakeCache.txt ] || cmake --preset fuzz >/dev/null; } || { echo "fuzz: configure failed"; exit 1; }
cmake --build --preset fuzz -j"${NNPLAY_JOBS:-$(nproc)}" 2>&1 | grep -E "error|warning"
[ "${PIPESTATUS[0]}" = 0 ] || { echo "fuzz: build failed"; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A field of libFuzzer's last status line, "#N DONE cov: C ft: F corp: ... exec/s: E rss: ..." (after a
# crash, the last one before it).
field() { grep -E "^#[0-9]+[[:space:]].* cov: " "$1" | tail -1 | sed -nE "s|.* $2: ([0-9]+).*|\1|p"; }
table=$(printf "%-11s %6s %9s %6s %7s  %s" target time exec/s cov ft result)
bad=0
for t in "${targets[@]}"; do
  mkdir -p "$work/$t" "build/fuzz/artifacts/$t"
  cp tests/fuzz/corpus/"$t"/* "$work/$t/"
  log="build/fuzz/artifacts/$t/last-run.log"
  dict=()  # JSON field names and values, so mutations get past "unknown field" to the layers
  case "$t" in spec | model_file | tfjs | onnx) dict=(-dict=tests/fuzz/json.dict) ;; esac
  echo "== fuzz_$t for ${seconds}s"
  # Leaks are reported by default (ASan's LeakSanitizer); -timeout: one input taking 30 s is a hang worth a
  # report (libFuzzer's default is 20 minutes).
  build/fuzz/fuzz_"$t" "$work/$t" "${dict[@]}" -max_total_time="$seconds" -timeout=30 \
    -artifact_prefix="build/fuzz/artifacts/$t/" >"$log" 2>&1
  rc=$?
  took=$(sed -nE 's/^Done [0-9]+ runs in ([0-9]+) second.*/\1/p' "$log")
  result=ok
  if [ "$rc" != 0 ] || [ -z "$took" ] ||
    grep -qE "ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:|ERROR: libFuzzer" "$log"; then
    result="FAILED (exit $rc)"
    bad=$((bad + 1))
    grep -E "ERROR:|runtime error:|what\(\):|SUMMARY:|Test unit written|does not" "$log" | head -15
    echo "   full log: $log"
  fi
  table+=$'\n'$(printf "%-11s %5ss %9s %6s %7s  %s" "$t" "${took:-?}" "$(field "$log" exec/s)" "$(field "$log" cov)" \
    "$(field "$log" ft)" "$result")
done
echo
echo "$table"
[ "$bad" = 0 ]
