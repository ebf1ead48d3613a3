#!/usr/bin/env python3
"""Writes small ONNX models of reductions and normalizations into OUT_DIR.

Valid models get OUT_DIR/NAME/model.onnx plus test_data_set_0 with
onnxruntime's outputs (or numpy's, for opsets onnxruntime no longer runs);
invalid ones are written as OUT_DIR/NAME.onnx. Prints the names of the
valid models, one a line.
"""
import os
import sys

import numpy as np
from onnx import TensorProto, helper

import modelgen
from modelgen import vi

OUT = sys.argv[1]
rng = np.random.default_rng(11)
F, F16, I32, I64, B = (TensorProto.FLOAT, TensorProto.FLOAT16, TensorProto.INT32,
                       TensorProto.INT64, TensorProto.BOOL)


def rand(*shape, scale=1.0):
    return (rng.standard_normal(shape) * scale).astype(np.float32)


def ints(*shape, lo=-4, hi=5, dtype=np.int64):
    return rng.integers(lo, hi, shape).astype(dtype)


def model(nodes, inputs, outputs, inits=(), opset=18, ir=8):
    return modelgen.model(nodes, inputs, outputs, inits, opset, ir_version=ir)


def save_valid(name, m, feeds, ref=None):
    """`ref` (a list of arrays) replaces onnxruntime as the reference."""
    reference = "ort" if ref is None else (lambda **_: ref)
    modelgen.save_valid(OUT, name, m, feeds, reference=reference, folder="")
    print(name)


def save_invalid(name, m):
    modelgen.save_invalid(OUT, name, m)


os.makedirs(OUT, exist_ok=True)
node = helper.make_node

# --- Reduce* -----------------------------------------------------------------
# Opset 6 (ReduceMean-1, attribute axes), as PyTorch's old exporter wrote it;
# onnxruntime no longer runs opset 6, so numpy is the reference.
x = rand(2, 3, 4)
save_valid("reduce_mean_v1",
           model([node("ReduceMean", ["x"], ["y"], axes=[2], keepdims=0)],
                 [vi("x", [2, 3, 4])], [vi("y", [2, 3])], opset=6),
           {"x": x}, ref=[x.mean(axis=2)])

# ReduceSum-13: a constant axes input with a negative and an unsorted axis.
save_valid("reduce_sum_v13_negative_axes",
           model([node("ReduceSum", ["x", "axes"], ["y"], keepdims=1)],
                 [vi("x", [2, 3, 4])], [vi("y", [1, 3, 1])],
                 [("axes", np.array([-1, 0], np.int64))], opset=13),
           {"x": rand(2, 3, 4)})

# Opset 11 (attribute axes), every float kind in one model.
kinds11 = ["ReduceL1", "ReduceL2", "ReduceLogSum", "ReduceLogSumExp", "ReduceMax",
           "ReduceMin", "ReduceProd", "ReduceSumSquare"]
save_valid("reduce_kinds_v11",
           model([node(k, ["x"], [f"y{i}"], axes=[1, -1], keepdims=0)
                  for i, k in enumerate(kinds11)],
                 [vi("x", [3, 4, 5])], [vi(f"y{i}", [3]) for i in range(len(kinds11))],
                 opset=11),
           {"x": (np.abs(rand(3, 4, 5)) + 0.5).astype(np.float32)})

# Opset 18 (constant axes input), each kind; log_sum_exp on values whose
# exp overflows float unless the maximum is subtracted.
kinds18 = kinds11 + ["ReduceMean"]
save_valid("reduce_kinds_v18",
           model([node(k, ["x", "axes"], [f"y{i}"], keepdims=1) for i, k in enumerate(kinds18)],
                 [vi("x", [3, 4, 5])], [vi(f"y{i}", [3, 1, 5]) for i in range(len(kinds18))],
                 [("axes", np.array([1], np.int64))]),
           {"x": (np.abs(rand(3, 4, 5)) + 0.5).astype(np.float32)})
save_valid("reduce_log_sum_exp_large",
           model([node("ReduceLogSumExp", ["x", "axes"], ["y"], keepdims=0)],
                 [vi("x", [4, 6])], [vi("y", [4])], [("axes", np.array([1], np.int64))]),
           {"x": rand(4, 6, scale=300.0)})

# No axes: all of them (keepdims=0 gives a rank-0 result).
save_valid("reduce_max_all_axes",
           model([node("ReduceMax", ["x"], ["y"], keepdims=0)],
                 [vi("x", [3, 4])], [vi("y", [])]),
           {"x": rand(3, 4)})

# noop_with_empty_axes: reduce over no axes, so ReduceSumSquare squares.
save_valid("reduce_noop_empty_axes",
           model([node("ReduceSumSquare", ["x", "axes"], ["y"], noop_with_empty_axes=1),
                  node("ReduceSum", ["x", "axes"], ["z"], noop_with_empty_axes=1)],
                 [vi("x", [2, 3])], [vi("y", [2, 3]), vi("z", [2, 3])],
                 [("axes", np.array([], np.int64))]),
           {"x": rand(2, 3)})

# Integer reductions.
save_valid("reduce_int",
           model([node("ReduceSum", ["a", "axes"], ["s"], keepdims=0),
                  node("ReduceMax", ["b", "axes"], ["mx"], keepdims=0),
                  node("ReduceMin", ["b", "axes"], ["mn"], keepdims=0),
                  node("ReduceProd", ["a", "axes"], ["p"], keepdims=0)],
                 [vi("a", [3, 4], I64), vi("b", [3, 4], I32)],
                 [vi("s", [3], I64), vi("mx", [3], I32), vi("mn", [3], I32), vi("p", [3], I64)],
                 [("axes", np.array([1], np.int64))]),
           {"a": ints(3, 4), "b": ints(3, 4, lo=-100, hi=100, dtype=np.int32)})

# f16 sums accumulate in f32.
save_valid("reduce_sum_f16",
           model([node("ReduceSum", ["x", "axes"], ["y"], keepdims=0)],
                 [vi("x", [4, 64], F16)], [vi("y", [4], F16)],
                 [("axes", np.array([1], np.int64))]),
           {"x": rand(4, 64).astype(np.float16)})

# Global pools.
save_valid("global_pools",
           model([node("GlobalAveragePool", ["x"], ["a"]), node("GlobalMaxPool", ["x"], ["m"])],
                 [vi("x", [2, 3, 5, 4])], [vi("a", [2, 3, 1, 1]), vi("m", [2, 3, 1, 1])], opset=17),
           {"x": rand(2, 3, 5, 4)})

# --- ArgMax / ArgMin ---------------------------------------------------------
# Small integers as floats make ties, which select_last_index decides.
ties = ints(3, 4, 5, lo=0, hi=3).astype(np.float32)
save_valid("arg_max_min_v13",
           model([node("ArgMax", ["x"], ["a"], axis=-1, keepdims=0),
                  node("ArgMax", ["x"], ["b"], axis=1, keepdims=1, select_last_index=1),
                  node("ArgMin", ["x"], ["c"], axis=0, keepdims=0),
                  node("ArgMin", ["x"], ["d"], axis=-2, select_last_index=1)],
                 [vi("x", [3, 4, 5])],
                 [vi("a", [3, 4], I64), vi("b", [3, 1, 5], I64), vi("c", [4, 5], I64),
                  vi("d", [3, 1, 5], I64)], opset=13),
           {"x": ties})
save_valid("arg_max_int_v11",
           model([node("ArgMax", ["x"], ["y"], axis=1)],
                 [vi("x", [4, 6], I32)], [vi("y", [4, 1], I64)], opset=11),
           {"x": ints(4, 6, lo=-3, hi=3, dtype=np.int32)})

# --- CumSum ------------------------------------------------------------------
save_valid("cumsum_variants",
           model([node("CumSum", ["x", "ax"], ["a"]),
                  node("CumSum", ["x", "ax"], ["b"], exclusive=1),
                  node("CumSum", ["x", "ax"], ["c"], reverse=1),
                  node("CumSum", ["x", "ax"], ["d"], exclusive=1, reverse=1),
                  node("CumSum", ["i", "ax0"], ["e"])],
                 [vi("x", [3, 5]), vi("i", [4, 2], I32)],
                 [vi("a", [3, 5]), vi("b", [3, 5]), vi("c", [3, 5]), vi("d", [3, 5]),
                  vi("e", [4, 2], I32)],
                 [("ax", np.array(-1, np.int64)), ("ax0", np.array([0], np.int32))], opset=14),
           {"x": rand(3, 5), "i": ints(4, 2, dtype=np.int32)})

# --- Softmax relatives -------------------------------------------------------
save_valid("log_softmax_hardmax_v13",
           model([node("LogSoftmax", ["x"], ["a"], axis=1),
                  node("LogSoftmax", ["x"], ["b"]),
                  node("Hardmax", ["t"], ["c"], axis=0),
                  node("Hardmax", ["t"], ["d"])],
                 [vi("x", [2, 3, 4]), vi("t", [2, 3, 4])],
                 [vi("a", [2, 3, 4]), vi("b", [2, 3, 4]), vi("c", [2, 3, 4]), vi("d", [2, 3, 4])],
                 opset=13),
           {"x": rand(2, 3, 4, scale=50.0), "t": ints(2, 3, 4, lo=0, hi=3).astype(np.float32)})
# Versions 1 and 11 coerce to 2-D around axis (default 1).
save_valid("log_softmax_hardmax_v11",
           model([node("LogSoftmax", ["x"], ["a"]),
                  node("LogSoftmax", ["x"], ["b"], axis=-1),
                  node("Hardmax", ["t"], ["c"], axis=0),
                  node("Hardmax", ["t"], ["d"], axis=2)],
                 [vi("x", [2, 3, 4]), vi("t", [2, 3, 4])],
                 [vi("a", [2, 3, 4]), vi("b", [2, 3, 4]), vi("c", [2, 3, 4]), vi("d", [2, 3, 4])],
                 opset=11),
           {"x": rand(2, 3, 4), "t": ints(2, 3, 4, lo=0, hi=3).astype(np.float32)})

# --- Normalizations ----------------------------------------------------------
def bn_inputs(c):
    return [("s", rand(c)), ("b", rand(c)), ("m", rand(c)),
            ("v", (np.abs(rand(c)) + 0.1).astype(np.float32))]


save_valid("batch_norm_v15",
           model([node("BatchNormalization", ["x", "s", "b", "m", "v"], ["y"], epsilon=1e-3,
                       momentum=0.8)],
                 [vi("x", [2, 3, 4, 5])], [vi("y", [2, 3, 4, 5])], bn_inputs(3), opset=15),
           {"x": rand(2, 3, 4, 5)})
save_valid("batch_norm_v9_1d",
           model([node("BatchNormalization", ["x", "s", "b", "m", "v"], ["y"])],
                 [vi("x", [4, 6])], [vi("y", [4, 6])], bn_inputs(6), opset=9),
           {"x": rand(4, 6)})
# BatchNormalization-6 with is_test=1 (PyTorch's old exporter); numpy reference.
x6 = rand(2, 3, 4)
s6, b6, m6, v6 = (a for _, a in bn_inputs(3))
ref6 = (s6[:, None] * (x6 - m6[:, None]) / np.sqrt(v6[:, None] + 1e-5) + b6[:, None])
save_valid("batch_norm_v6",
           model([node("BatchNormalization", ["x", "s", "b", "m", "v"], ["y"], is_test=1,
                       epsilon=1e-5, momentum=0.9)],
                 [vi("x", [2, 3, 4])], [vi("y", [2, 3, 4])],
                 [("s", s6), ("b", b6), ("m", m6), ("v", v6)], opset=6),
           {"x": x6}, ref=[ref6.astype(np.float32)])

save_valid("layer_norm",
           model([node("LayerNormalization", ["x", "w", "b"], ["y", "mean", "inv"], axis=-2,
                       epsilon=1e-3)],
                 [vi("x", [2, 3, 4, 5])],
                 [vi("y", [2, 3, 4, 5]), vi("mean", [2, 3, 1, 1]), vi("inv", [2, 3, 1, 1])],
                 [("w", rand(4, 5)), ("b", rand(5))], opset=17),
           {"x": rand(2, 3, 4, 5, scale=3.0)})
save_valid("layer_norm_no_bias",
           model([node("LayerNormalization", ["x", "w"], ["y"])],
                 [vi("x", [3, 8])], [vi("y", [3, 8])], [("w", rand(8))], opset=17),
           {"x": rand(3, 8)})
save_valid("instance_norm",
           model([node("InstanceNormalization", ["x", "s", "b"], ["y"], epsilon=1e-2)],
                 [vi("x", [2, 3, 4, 5])], [vi("y", [2, 3, 4, 5])],
                 [("s", rand(3)), ("b", rand(3))], opset=9),
           {"x": rand(2, 3, 4, 5)})
save_valid("mean_variance_norm",
           model([node("MeanVarianceNormalization", ["x"], ["a"]),
                  node("MeanVarianceNormalization", ["x"], ["b"], axes=[1, -1])],
                 [vi("x", [2, 3, 4, 5])], [vi("a", [2, 3, 4, 5]), vi("b", [2, 3, 4, 5])], opset=13),
           {"x": rand(2, 3, 4, 5)})
save_valid("lp_norm",
           model([node("LpNormalization", ["x"], ["a"]),
                  node("LpNormalization", ["x"], ["b"], axis=0, p=1)],
                 [vi("x", [3, 4])], [vi("a", [3, 4]), vi("b", [3, 4])], opset=17),
           {"x": rand(3, 4)})

save_valid("reduce_axes_empty_input",
           model([node("ReduceSum", ["x", "axes"], ["a"]),
                  node("ReduceMax", ["x", "axes"], ["b"], noop_with_empty_axes=1)],
                 [vi("x", [2, 3]), vi("axes", [0], I64)], [vi("a", [1, 1]), vi("b", [2, 3])]),
           {"x": rand(2, 3), "axes": np.zeros(0, np.int64)})

save_valid("rms_norm",
           model([node("RMSNormalization", ["x", "w"], ["y"], axis=-2, epsilon=1e-3),
                  node("RMSNormalization", ["h", "wh"], ["z"])],
                 [vi("x", [2, 3, 4]), vi("h", [3, 8], F16)], [vi("y", [2, 3, 4]), vi("z", [3, 8], F16)],
                 [("w", rand(4)), ("wh", rand(8).astype(np.float16))], opset=23, ir=10),
           {"x": rand(2, 3, 4), "h": rand(3, 8).astype(np.float16)})

# --- losses ------------------------------------------------------------------
# Targets include the ignore_index (skipped, weight 0) and a symbolic batch.
def targets(*shape, c, ignore, dtype=np.int64):
    t = rng.integers(0, c, shape).astype(dtype)
    t.flat[::3] = ignore
    return t


save_valid("nll_loss_weight_ignore",
           model([node("NegativeLogLikelihoodLoss", ["x", "t", "w"], ["y"], ignore_index=1)],
                 [vi("x", ["N", 4, 3, 2]), vi("t", ["N", 3, 2], I64)], [vi("y", [])],
                 [("w", np.abs(rand(4)))], opset=13),
           {"x": rand(2, 4, 3, 2), "t": targets(2, 3, 2, c=4, ignore=1)})
save_valid("nll_loss_sum",
           model([node("NegativeLogLikelihoodLoss", ["x", "t"], ["y"], reduction="sum")],
                 [vi("x", [5, 3]), vi("t", [5], I32)], [vi("y", [])], opset=13),
           {"x": rand(5, 3), "t": ints(5, lo=0, hi=3, dtype=np.int32)})
save_valid("sce_loss_none_log_prob",
           model([node("SoftmaxCrossEntropyLoss", ["x", "t"], ["y", "lp"], reduction="none",
                       ignore_index=-1)],
                 [vi("x", [3, 5, 2]), vi("t", [3, 2], I64)],
                 [vi("y", [3, 2]), vi("lp", [3, 5, 2])], opset=13),
           {"x": rand(3, 5, 2), "t": targets(3, 2, c=5, ignore=-1)})
save_valid("sce_loss_mean",
           model([node("SoftmaxCrossEntropyLoss", ["x", "t"], ["y"])],
                 [vi("x", [4, 6]), vi("t", [4], I64)], [vi("y", [])], opset=12),
           {"x": rand(4, 6), "t": ints(4, lo=0, hi=6)})

# --- invalid models ----------------------------------------------------------
save_invalid("reduce_axes_dynamic_length",
             model([node("ReduceSum", ["x", "axes"], ["y"])],
                   [vi("x", [2, 3]), vi("axes", ["n"], I64)], [vi("y", None)]))
save_invalid("reduce_axes_attribute_v18",
             model([node("ReduceMean", ["x"], ["y"], axes=[1])],
                   [vi("x", [2, 3])], [vi("y", None)]))
save_invalid("reduce_repeated_axis",
             model([node("ReduceMax", ["x"], ["y"], axes=[1, -1])],
                   [vi("x", [2, 3])], [vi("y", None)], opset=13))
save_invalid("reduce_axis_out_of_range",
             model([node("ReduceL2", ["x"], ["y"], axes=[2])],
                   [vi("x", [2, 3])], [vi("y", None)], opset=13))
save_invalid("reduce_log_sum_int",
             model([node("ReduceLogSum", ["x"], ["y"], axes=[1])],
                   [vi("x", [2, 3], I32)], [vi("y", None)], opset=13))
save_invalid("arg_max_axis_out_of_range",
             model([node("ArgMax", ["x"], ["y"], axis=-3)],
                   [vi("x", [2, 3])], [vi("y", None)], opset=13))
save_invalid("cumsum_axis_not_scalar",
             model([node("CumSum", ["x", "axis"], ["y"])],
                   [vi("x", [2, 3]), vi("axis", [2], I64)], [vi("y", None)], opset=14))
save_invalid("batch_norm_training_outputs",
             model([node("BatchNormalization", ["x", "s", "b", "m", "v"], ["y", "rm", "rv"])],
                   [vi("x", [2, 3, 4])], [vi("y", None)], bn_inputs(3), opset=9))
save_invalid("batch_norm_v6_training",
             model([node("BatchNormalization", ["x", "s", "b", "m", "v"], ["y"])],
                   [vi("x", [2, 3, 4])], [vi("y", None)], bn_inputs(3), opset=6))
save_invalid("batch_norm_spatial_0",
             model([node("BatchNormalization", ["x", "s", "b", "m", "v"], ["y"], spatial=0)],
                   [vi("x", [2, 3, 4])], [vi("y", None)], bn_inputs(3), opset=7))
save_invalid("batch_norm_channels",
             model([node("BatchNormalization", ["x", "s", "b", "m", "v"], ["y"])],
                   [vi("x", [2, 4, 4])], [vi("y", None)], bn_inputs(3), opset=15))
save_invalid("layer_norm_stash_type",
             model([node("LayerNormalization", ["x", "w"], ["y"], stash_type=11)],
                   [vi("x", [2, 3])], [vi("y", None)], [("w", rand(3))], opset=17))
save_invalid("layer_norm_scale_shape",
             model([node("LayerNormalization", ["x", "w"], ["y"])],
                   [vi("x", [2, 3])], [vi("y", None)], [("w", rand(2, 3, 1))], opset=17))
save_invalid("instance_norm_rank_2",
             model([node("InstanceNormalization", ["x", "s", "b"], ["y"])],
                   [vi("x", [2, 3])], [vi("y", None)], [("s", rand(3)), ("b", rand(3))], opset=6))
save_invalid("lp_norm_p3",
             model([node("LpNormalization", ["x"], ["y"], p=3)],
                   [vi("x", [2, 3])], [vi("y", None)], opset=17))
save_invalid("log_softmax_v11_axis",
             model([node("LogSoftmax", ["x"], ["y"], axis=3)],
                   [vi("x", [2, 3])], [vi("y", None)], opset=11))
save_invalid("nll_loss_target_rank",
             model([node("NegativeLogLikelihoodLoss", ["x", "t"], ["y"])],
                   [vi("x", [2, 3, 4]), vi("t", [2], I64)], [vi("y", None)], opset=13))
save_invalid("nll_loss_float_target",
             model([node("NegativeLogLikelihoodLoss", ["x", "t"], ["y"])],
                   [vi("x", [2, 3]), vi("t", [2])], [vi("y", None)], opset=13))
save_invalid("sce_loss_reduction",
             model([node("SoftmaxCrossEntropyLoss", ["x", "t"], ["y"], reduction="avg")],
                   [vi("x", [2, 3]), vi("t", [2], I64)], [vi("y", None)], opset=13))
save_invalid("sce_loss_weight_shape",
             model([node("SoftmaxCrossEntropyLoss", ["x", "t", "w"], ["y"])],
                   [vi("x", [2, 3]), vi("t", [2], I64)], [vi("y", None)], [("w", rand(4))],
                   opset=13))
