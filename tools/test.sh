#!/usr/bin/env bash
# Every test: native (Catch2 via ctest), native under ASan+UBSan, the fuzz targets, the wasm module in Node,
# the page in Chromium. Installs what is missing first. Ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
bash tools/ensure-deps.sh test || exit 1
export NODE_PATH=/usr/share/nodejs
jobs=$(nproc)
passed=0 failed=0
log=$(mktemp -d)

# Adds the counts a runner printed (ctest: "x tests failed out of y"; node: "# pass x", "# fail y").
count_ctest() {
  local line total bad
  line=$(grep -E "tests? failed out of" "$1" | tail -1)
  if [ -z "$line" ]; then failed=$((failed + 1)); return; fi
  bad=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$line")
  total=$(sed -E 's/.* failed out of ([0-9]+).*/\1/' <<<"$line")
  passed=$((passed + total - bad)); failed=$((failed + bad))
}
count_node() {
  local p f
  p=$(grep -E "^# pass [0-9]+" "$1" | tail -1 | awk '{print $3}')
  f=$(grep -E "^# fail [0-9]+" "$1" | tail -1 | awk '{print $3}')
  if [ -z "$p" ]; then failed=$((failed + 1)); return; fi
  passed=$((passed + p)); failed=$((failed + f))
}
step() { echo; echo "== $*"; }

step "native build (portable, matches wasm)"
{ [ -f build/native/CMakeCache.txt ] || cmake --preset native >/dev/null; } && cmake --build build/native -j"$jobs" 2>&1 | grep -E "error|warning" ; \
  [ "${PIPESTATUS[0]}" = 0 ] || { echo "native build failed"; failed=$((failed + 1)); }
step "native tests"
ctest --test-dir build/native --output-on-failure -j"$jobs" 2>&1 | tee "$log/ctest.txt" | grep -vE "^ *[0-9]+/[0-9]+ Test +#[0-9]+: .* Passed"
count_ctest "$log/ctest.txt"

if [ "${NNPLAY_SKIP_ASAN:-0}" != 1 ]; then
  step "native tests under AddressSanitizer + UndefinedBehaviorSanitizer (slow ones skipped)"
  { [ -f build/native-asan/CMakeCache.txt ] || cmake --preset native-asan >/dev/null; } && cmake --build build/native-asan -j"$jobs" --target nnplay_tests nnplay_cli_tests 2>&1 | grep -E "error|warning"
  ctest --preset native-asan -j"$jobs" 2>&1 | tee "$log/asan.txt" | grep -vE "^ *[0-9]+/[0-9]+ Test +#[0-9]+: .* Passed"
  count_ctest "$log/asan.txt"
fi

if [ "${NNPLAY_FUZZ_SECONDS:-20}" != 0 ]; then
  step "fuzz targets under ASan + UBSan, ${NNPLAY_FUZZ_SECONDS:-20}s each (NNPLAY_FUZZ_SECONDS; 0 skips)"
  # One test in the tally: every target ran its time without a crash, leak or sanitizer report.
  if bash tools/fuzz.sh "${NNPLAY_FUZZ_SECONDS:-20}"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
fi

step "wasm build and site"
bash tools/build.sh >/dev/null || { echo "wasm build failed"; failed=$((failed + 1)); }
[ -f build/native/nnplay ] || failed=$((failed + 1))

step "wasm (Node) and page (Chromium) tests"
node --test --test-reporter=spec --test-reporter-destination=stdout --test-reporter=tap --test-reporter-destination="$log/node.tap" \
  tests/wasm/ tests/e2e/ 2>&1
count_node "$log/node.tap"

echo
echo "${passed} passed, ${failed} failed"
[ "$failed" = 0 ]
