#!/usr/bin/env bash
# CPU latency of Kiln-compiled models next to onnxruntime, same machine,
# same script. Usage: bench/run_cpu.sh [RUNS]   (needs ../shared/models)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-200}
S=${KILN_SHARED_MODELS:-../shared/models}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
declare -A SHAPES=([mlp]="x=8x784" [lenet]="x=4x1x28x28")
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores; $(date -u +%F)"
for m in mlp lenet; do
  build/bin/kilnc "$S/$m/model.onnx" --shape "${SHAPES[$m]}" --emit=shared -o "$T/$m.so"
  kiln=$(build/bin/kiln-run "$T/$m.so" "$S/$m/test_data_set_0" --bench "$RUNS" --quiet | sed -n 's/median latency: \([0-9.]*\) ms.*/\1/p')
  ort=$(.venv/bin/python bench/ort_latency.py "$S/$m" "$RUNS")
  echo "$m: kiln ${kiln} ms, onnxruntime ${ort} ms (median of $RUNS, 2 intra-op threads for ORT)"
done
