#!/usr/bin/env bash
# CPU latency of Kiln-compiled models next to onnxruntime, same machine,
# same script. Usage: bench/run_cpu.sh [RUNS]   (needs ../shared/models)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-200}
S=${KILN_SHARED_MODELS:-../shared/models}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
# The shapes of each model's test_data_set_0 (the batch the README's
# onnxruntime timings use).
declare -A SHAPES=([mlp]="--shape x=8x784" [lenet]="--shape x=4x1x28x28"
  [resnet18]="--shape x=1x3x224x224" [lstm]="--shape x=2x16x64"
  [conv_autoencoder]="--shape x=2x1x28x28"
  [bert_tiny]="--shape input_ids=1x64 --shape attention_mask=1x64")
MODELS=${KILN_BENCH_MODELS:-mlp lenet conv_autoencoder lstm bert_tiny resnet18}
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores; $(date -u +%F)"
for m in $MODELS; do
  # shellcheck disable=SC2086
  build/bin/kilnc "$S/$m/model.onnx" ${SHAPES[$m]} --emit=shared -o "$T/$m.so"
  kiln=$(build/bin/kiln-run "$T/$m.so" "$S/$m/test_data_set_0" --bench "$RUNS" --quiet | sed -n 's/median latency: \([0-9.]*\) ms.*/\1/p')
  ort=$(.venv/bin/python bench/ort_latency.py "$S/$m" "$RUNS")
  echo "$m: kiln ${kiln} ms, onnxruntime ${ort} ms (median of $RUNS, 2 intra-op threads for ORT)"
done
