#!/usr/bin/env bash
# Generates the bundled example models, compiles one into an executable and
# runs it, then embeds two compiled models in one C program.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=build/bin
OUT=build/examples
mkdir -p "$OUT"

echo "== generating example models (examples/make_example_models.py)"
.venv/bin/python examples/make_example_models.py "$OUT/models"
M=$OUT/models

echo "== kilnc --emit=exe: tiny_mlp.onnx -> $OUT/tiny_mlp"
$BIN/kilnc "$M/tiny_mlp/model.onnx" --emit=exe -o "$OUT/tiny_mlp"
echo "== running it on test_data_set_0/input_0.pb"
"$OUT/tiny_mlp" "$M/tiny_mlp/test_data_set_0/input_0.pb"

echo "== kilnc --emit=shared + kiln-run against onnxruntime's reference output"
$BIN/kilnc "$M/tiny_mlp/model.onnx" --emit=shared -o "$OUT/tiny_mlp.so"
$BIN/kiln-run "$OUT/tiny_mlp.so" "$M/tiny_mlp/test_data_set_0"

echo "== embedding two models in one C program (examples/embed/main.c)"
$BIN/kilnc "$M/tiny_mlp/model.onnx" --emit=obj --prefix tiny_mlp -o "$OUT/tiny_mlp.o"
$BIN/kilnc "$M/tiny_cnn/model.onnx" --emit=obj --prefix tiny_cnn -o "$OUT/tiny_cnn.o"
cc -std=c11 -O2 -Iruntime/include -I"$OUT" examples/embed/main.c \
  "$OUT/tiny_mlp.o" "$OUT/tiny_cnn.o" build/lib/libkiln_rt.a -lm -o "$OUT/embed"
"$OUT/embed" "$M/tiny_mlp/test_data_set_0" "$M/tiny_cnn/test_data_set_0"
