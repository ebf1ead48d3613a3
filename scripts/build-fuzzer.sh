#!/usr/bin/env bash
# Builds the ONNX importer's libFuzzer target, BUILD_DIR/bin/kiln-fuzz-import:
# only the importer and the nn dialect, compiled with clang-22, ASan, UBSan,
# coverage instrumentation and assertions, in a build dir of its own
# (incremental, ccache). scripts/test.sh runs it before lit, and
# test/Frontends/onnx/fuzz-import.test (which fuzzes for a minute) runs it
# again, a no-op then. See docs/testing.md.
#
#   scripts/build-fuzzer.sh [BUILD_DIR]      # default build/fuzz
#   KILN_JOBS=4 scripts/build-fuzzer.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${1:-build/fuzz}
CXX=/usr/bin/clang++-22
CC=/usr/bin/clang-22
RT=/usr/lib/llvm-22/lib/clang/22/lib/linux/libclang_rt.fuzzer-x86_64.a

for f in "$CXX" "$CC" "$RT"; do
  if [ ! -e "$f" ]; then
    echo "build-fuzzer: $f is missing (scripts/setup.sh installs clang-22 and libclang-rt-22-dev)" >&2
    exit 1
  fi
done

# ccache keys on paths; relative ones let a fresh clone reuse the cache.
export CCACHE_BASEDIR="$ROOT"
if [ ! -f "$BUILD/build.ninja" ]; then
  cmake -G Ninja -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX" \
    -DKILN_BUILD_FUZZER=ON >/dev/null
fi
ninja -C "$BUILD" -j"${KILN_JOBS:-2}" kiln-fuzz-import
