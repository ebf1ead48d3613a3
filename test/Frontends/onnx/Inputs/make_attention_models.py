#!/usr/bin/env python3
"""Writes small ONNX Attention (opset 23) models into OUT_DIR.

Valid models get OUT_DIR/NAME/model.onnx plus test_data_set_0 with
onnxruntime's outputs; invalid ones are written as OUT_DIR/NAME.onnx.
"""
import os
import sys

import numpy as np
from onnx import TensorProto, helper

import modelgen
from modelgen import vi

OUT = sys.argv[1]
rng = np.random.default_rng(5)
F, B = TensorProto.FLOAT, TensorProto.BOOL
node = helper.make_node


def rand(*shape):
    return rng.standard_normal(shape).astype(np.float32)


def model(nodes, inputs, outputs):
    return modelgen.model(nodes, inputs, outputs, (), 23, ir_version=10)


def save_valid(name, m, feeds):
    modelgen.save_valid(OUT, name, m, feeds, folder="")


def save_invalid(name, m):
    modelgen.save_invalid(OUT, name, m)


os.makedirs(OUT, exist_ok=True)

# GPT-style decoding step: 3-D inputs, grouped-query heads (4 Q heads share
# 2 KV heads), a KV cache and the causal mask, with a symbolic batch and
# sequence length.
save_valid("gqa_causal_cache",
           model([node("Attention", ["q", "k", "v", "", "pk", "pv"], ["y", "k2", "v2"],
                       q_num_heads=4, kv_num_heads=2, is_causal=1)],
                 [vi("q", ["B", "S", 16]), vi("k", ["B", "S", 8]), vi("v", ["B", "S", 8]),
                  vi("pk", ["B", 2, "P", 4]), vi("pv", ["B", 2, "P", 4])],
                 [vi("y", None), vi("k2", None), vi("v2", None)]),
           {"q": rand(2, 3, 16), "k": rand(2, 3, 8), "v": rand(2, 3, 8),
            "pk": rand(2, 2, 4, 4), "pv": rand(2, 2, 4, 4)})
# A static causal mask too large to synthesize as a constant at import
# (70 x 70 > 4096 elements): the bias is computed at run time.
save_valid("causal_static_long",
           model([node("Attention", ["q", "k", "v"], ["y"], is_causal=1)],
                 [vi("q", [1, 2, 70, 4]), vi("k", [1, 2, 70, 4]), vi("v", [1, 2, 70, 4])],
                 [vi("y", None)]),
           {"q": rand(1, 2, 70, 4), "k": rand(1, 2, 70, 4), "v": rand(1, 2, 70, 4)})
# BERT-style: 4-D inputs, a boolean padding mask, explicit scale and the
# qk output after the softmax. (Softcap is left to ONNX's own tests: with a
# mask, onnxruntime applies it before the mask, the specification after.)
mask = np.ones((2, 1, 5, 6), bool)
mask[0, ..., 4:] = False
save_valid("bool_mask",
           model([node("Attention", ["q", "k", "v", "m"], ["y", "", "", "qk"],
                       scale=0.3, qk_matmul_output_mode=3)],
                 [vi("q", [2, 3, 5, 4]), vi("k", [2, 3, 6, 4]), vi("v", [2, 3, 6, 7]),
                  vi("m", [2, 1, 5, 6], B)],
                 [vi("y", None), vi("qk", None)]),
           {"q": rand(2, 3, 5, 4), "k": rand(2, 3, 6, 4), "v": rand(2, 3, 6, 7), "m": mask})

# A float mask shorter than the total sequence length, both sizes known
# only at run time: padded with -inf there. onnxruntime rejects a shorter
# mask; the specification and ONNX's reference pad it.
short = model([node("Attention", ["q", "k", "v", "m"], ["y"])],
              [vi("q", ["B", 2, "S", 4]), vi("k", ["B", 2, "T", 4]), vi("v", ["B", 2, "T", 4]),
               vi("m", ["B", 1, "S", "M"])], [vi("y", None)])
modelgen.save_valid(OUT, "short_mask_dynamic", short,
                    {"q": rand(2, 2, 3, 4), "k": rand(2, 2, 6, 4), "v": rand(2, 2, 6, 4),
                     "m": rand(2, 1, 3, 4)},
                    {"q": rand(1, 2, 2, 4), "k": rand(1, 2, 3, 4), "v": rand(1, 2, 3, 4),
                     "m": rand(1, 1, 2, 3)}, reference="onnx", folder="")
modelgen.save_bad_inputs(OUT, "long_mask_dynamic", "short_mask_dynamic",
                         {"q": rand(2, 2, 3, 4), "k": rand(2, 2, 6, 4), "v": rand(2, 2, 6, 4),
                          "m": rand(2, 1, 3, 7)}, folder="")

# The mask's last dimension has the keys' symbolic name: no padding.
save_valid("named_mask_dynamic",
           model([node("Attention", ["q", "k", "v", "m"], ["y"])],
                 [vi("q", ["B", 2, "S", 4]), vi("k", ["B", 2, "T", 4]),
                  vi("v", ["B", 2, "T", 4]), vi("m", ["B", 1, "S", "T"])], [vi("y", None)]),
           {"q": rand(2, 2, 3, 4), "k": rand(2, 2, 6, 4), "v": rand(2, 2, 6, 4),
            "m": rand(2, 1, 3, 6)})

save_invalid("no_heads_3d",
             model([node("Attention", ["q", "k", "v"], ["y"])],
                   [vi("q", [1, 2, 8]), vi("k", [1, 2, 8]), vi("v", [1, 2, 8])], [vi("y", None)]))
save_invalid("heads_not_dividing",
             model([node("Attention", ["q", "k", "v"], ["y"])],
                   [vi("q", [1, 3, 2, 4]), vi("k", [1, 2, 2, 4]), vi("v", [1, 2, 2, 4])],
                   [vi("y", None)]))
save_invalid("past_key_only",
             model([node("Attention", ["q", "k", "v", "", "pk"], ["y"])],
                   [vi("q", [1, 2, 2, 4]), vi("k", [1, 2, 2, 4]), vi("v", [1, 2, 2, 4]),
                    vi("pk", [1, 2, 1, 4])], [vi("y", None)]))
