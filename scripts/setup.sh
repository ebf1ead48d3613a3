#!/usr/bin/env bash
# Installs what Kiln needs on Debian 12 and builds it. Idempotent: a second
# run only rebuilds what changed.
#
#   scripts/setup.sh            # apt packages, Python venv, configure, build
#   KILN_JOBS=4 scripts/setup.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
JOBS=${KILN_JOBS:-2}

# --- System packages (Debian 12; LLVM/MLIR 22 come from bookworm-security) --
APT_PACKAGES=(
  cmake ninja-build ccache g++ pkg-config python3-venv
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools
  libonnx-dev libonnx-testdata libprotobuf-dev protobuf-compiler
  clang-22 libclang-rt-22-dev   # the importer's fuzzer (scripts/build-fuzzer.sh)
)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- Python venv for test references and benchmarks (pinned) ---------------
REQ=scripts/requirements.txt
STAMP=.venv/.kiln-requirements
if [ ! -x .venv/bin/python ] || ! cmp -s "$REQ" "$STAMP"; then
  echo "setup: creating the Python venv (.venv) from $REQ"
  /usr/bin/python3 -m venv .venv
  .venv/bin/python -m pip install -q --disable-pip-version-check -r "$REQ"
  cp "$REQ" "$STAMP"
fi

# --- Configure and build ---------------------------------------------------
# ccache keys on paths; relative ones let a fresh clone reuse the cache.
export CCACHE_BASEDIR="$ROOT"
if [ ! -f build/build.ninja ]; then
  cmake -G Ninja -S . -B build -DCMAKE_BUILD_TYPE=Release \
    -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-22/bin/lit \
    -DKILN_PYTHON="$ROOT/.venv/bin/python"
fi
ninja -C build -j"$JOBS" all mlir-doc
echo "setup: build complete (tools in build/bin)"
