#!/usr/bin/env python3
"""Writes small ONNX TopK models (and a few NonZero, Compress and Unique
ones) into OUT_DIR.

Valid models go to OUT_DIR/valid/NAME/ (model.onnx plus test_data_set_0
with onnxruntime's outputs, the reference); inputs the compiled model must
reject at run time go to OUT_DIR/bad/NAME/; models Kiln must reject go to
OUT_DIR/NAME.onnx. K is a graph input unless a name says otherwise, so the
result size along the axis is a run-time value and the lowering's check of
k runs.
"""
import os
import sys

import numpy as np
from onnx import TensorProto, helper
from onnx.reference import ReferenceEvaluator

import modelgen
from modelgen import vi

OUT = sys.argv[1]
rng = np.random.default_rng(41)
F, D, I32, I64, B = (TensorProto.FLOAT, TensorProto.DOUBLE, TensorProto.INT32,
                     TensorProto.INT64, TensorProto.BOOL)


def rand(*shape):
    return rng.standard_normal(shape).astype(np.float32)


def ties(*shape, levels=4, dtype=np.float32):
    """Few distinct values, so most entries tie."""
    return rng.integers(0, levels, shape).astype(dtype)


def ints(values, dtype=np.int64):
    return np.array(values, dtype=dtype)


def model(nodes, inputs, outputs, inits=(), opset=11):
    return modelgen.model(nodes, inputs, outputs, inits, opset)


def save_valid(name, m, feeds):
    modelgen.save_valid(OUT, name, m, feeds)


def save_with_reference(name, m, feeds, outs):
    """A valid model whose reference outputs `outs` come from elsewhere
    (onnxruntime's order with NaNs is not consistent)."""
    modelgen.save_valid(OUT, name, m, feeds, reference=lambda **_: outs)


def save_bad_inputs(name, valid, feeds):
    modelgen.save_bad_inputs(OUT, name, valid, feeds)


def save_invalid(name, m):
    modelgen.save_invalid(OUT, name, m)


def topk(shape, t=F, opset=11, k_init=None, out_shape=None, **attrs):
    """A TopK node reading x (shape) and K (a graph input, or the
    initializer k_init)."""
    inputs = [vi("x", shape, t)]
    inits = []
    if k_init is None:
        inputs.append(vi("k", [1], I64))
    else:
        inits.append(("k", ints([k_init])))
    return model([node("TopK", ["x", "k"], ["v", "i"], **attrs)], inputs,
                 [vi("v", out_shape, t), vi("i", out_shape, I64)], inits, opset=opset)


def k(v):
    return ints([v])


os.makedirs(OUT, exist_ok=True)
node = helper.make_node

# --- TopK --------------------------------------------------------------------------
# Ties: equal entries come in index order, largest and smallest.
save_valid("topk_ties", topk([3, 8], axis=1), {"x": ties(3, 8), "k": k(5)})
save_valid("topk_ties_smallest", topk([3, 8], axis=1, largest=0),
           {"x": ties(3, 8), "k": k(5)})
# Negative axis, an axis that is not the last, and a 3-D input.
save_valid("topk_negative_axis", topk([2, 5, 3], axis=-2), {"x": rand(2, 5, 3), "k": k(3)})
save_valid("topk_axis0", topk([6, 2, 3], axis=0, largest=0), {"x": rand(6, 2, 3), "k": k(2)})
# k = 0 and k = the size of the axis (a full sort).
save_valid("topk_k0", topk([3, 4], axis=1), {"x": rand(3, 4), "k": k(0)})
save_valid("topk_k_all", topk([3, 7], axis=1, largest=0), {"x": ties(3, 7), "k": k(7)})
# A long axis: a few of 5000, and all 5000 with many ties.
save_valid("topk_long", topk([2, 5000], axis=1), {"x": rand(2, 5000), "k": k(10)})
save_valid("topk_long_full", topk([2, 5000], axis=-1),
           {"x": ties(2, 5000, levels=50), "k": k(5000)})
# k <= 16 keeps the best k while scanning; a larger k sorts the row. Both
# with ties, and the scan's worst case (every entry beats the kept ones).
save_valid("topk_ties_large_k", topk([3, 40], axis=1, largest=0),
           {"x": ties(3, 40, levels=6), "k": k(30)})
save_valid("topk_ascending", topk([2, 100], axis=1),
           {"x": np.tile(np.arange(100, dtype=np.float32), (2, 1)), "k": k(16)})
save_valid("topk_descending_smallest", topk([2, 100], axis=1, largest=0),
           {"x": np.tile(np.arange(100, 0, -1).astype(np.float32), (2, 1)), "k": k(16)})
# Integer and double inputs.
save_valid("topk_int64", topk([4, 6], I64, axis=1),
           {"x": ties(4, 6, levels=5, dtype=np.int64) - 2, "k": k(4)})
save_valid("topk_int32_smallest", topk([4, 6], I32, axis=0, largest=0),
           {"x": rng.integers(-100, 100, (4, 6)).astype(np.int32), "k": k(3)})
save_valid("topk_double", topk([3, 5], D, axis=1),
           {"x": rng.standard_normal((3, 5)), "k": k(2)})
# A dynamic batch dimension.
save_valid("topk_dynamic_batch", topk(["batch", 6], axis=1, out_shape=["batch", None]),
           {"x": rand(5, 6), "k": k(3)})
# k a constant: static result sizes. Opset 1 (an attribute) and 10.
save_valid("topk_const_k", topk([3, 6], k_init=4, axis=1), {"x": rand(3, 6)})
save_valid("topk_v1",
           model([node("TopK", ["x"], ["v", "i"], axis=1, k=2)], [vi("x", [3, 4])],
                 [vi("v", [3, 2]), vi("i", [3, 2], I64)], opset=1),
           {"x": rand(3, 4)})
save_valid("topk_v10", topk([3, 4], opset=10, axis=0), {"x": rand(3, 4), "k": k(2)})

# NaN counts as the largest value; the reference is ONNX's reference
# implementation.
nan_x = np.array([[1, np.nan, 3, np.nan, 2, -np.inf, np.inf, 3]], np.float32)
for largest in (1, 0):
    m = topk([1, 8], axis=1, largest=largest)
    feeds = {"x": nan_x, "k": k(6)}
    save_with_reference(f"topk_nan_{'largest' if largest else 'smallest'}", m, feeds,
                        ReferenceEvaluator(m).run(None, feeds))

# The same with k = 20 (the sorting path) on rows with NaNs and ties.
nan_long = ties(2, 30, levels=5)
nan_long[rng.random((2, 30)) < 0.2] = np.nan
for largest in (1, 0):
    m = topk([2, 30], axis=1, largest=largest)
    feeds = {"x": nan_long, "k": k(20)}
    save_with_reference(f"topk_nan_sorting_{'largest' if largest else 'smallest'}", m, feeds,
                        ReferenceEvaluator(m).run(None, feeds))

# k out of range at run time.
save_bad_inputs("topk_k_too_large", "topk_ties", {"x": ties(3, 8), "k": k(9)})
save_bad_inputs("topk_k_negative", "topk_ties", {"x": ties(3, 8), "k": k(-1)})

# --- NonZero, Compress, Unique --------------------------------------------------------
save_valid("nonzero_3d",
           model([node("NonZero", ["x"], ["y"])], [vi("x", [2, 3, 4], I32)],
                 [vi("y", [3, None], I64)], opset=13),
           {"x": rng.integers(0, 2, (2, 3, 4)).astype(np.int32)})
save_valid("nonzero_float",
           model([node("NonZero", ["x"], ["y"])], [vi("x", [6])], [vi("y", [1, None], I64)],
                 opset=13),
           {"x": np.array([0.0, -0.0, 1.5, np.nan, 0.0, -2.0], np.float32)})
save_valid("compress_long_condition",
           model([node("Compress", ["x", "c"], ["y"], axis=1)], [vi("x", [2, 3]), vi("c", [5], B)],
                 [vi("y", [2, None])]),
           {"x": rand(2, 3), "c": np.array([True, False, True, False, True])})
save_valid("compress_3d",
           model([node("Compress", ["x", "c"], ["y"], axis=1)], [vi("x", [2, 4, 3]), vi("c", [4], B)],
                 [vi("y", [2, None, 3])]),
           {"x": rand(2, 4, 3), "c": np.array([True, False, True, True])})
save_valid("unique_int_unsorted_axis",
           model([node("Unique", ["x"], ["y", "i", "inv", "c"], axis=1, sorted=0)],
                 [vi("x", [2, 6], I64)],
                 [vi("y", [2, None], I64), vi("i", [None], I64), vi("inv", [6], I64),
                  vi("c", [None], I64)]),
           {"x": ints([[3, 1, 3, 2, 1, 3], [0, 5, 0, 2, 5, 1]])})
save_valid("unique_2d_no_axis",
           model([node("Unique", ["x"], ["y", "i", "inv", "c"])], [vi("x", [3, 4])],
                 [vi("y", [None]), vi("i", [None], I64), vi("inv", [12], I64),
                  vi("c", [None], I64)]),
           {"x": ties(3, 4, levels=5)})

# NaNs are equal and the largest, -0.0 equals 0.0: numpy.unique's rules
# (onnxruntime merges every NaN with everything).
nan_u = np.array([np.nan, 1, np.nan, -0.0, 0.0, 1, 2], np.float32)
y, first, inverse, counts = np.unique(nan_u, return_index=True, return_inverse=True,
                                      return_counts=True)
save_with_reference("unique_nan",
                    model([node("Unique", ["x"], ["y", "i", "inv", "c"])], [vi("x", [7])],
                          [vi("y", [None]), vi("i", [None], I64), vi("inv", [7], I64),
                           vi("c", [None], I64)]),
                    {"x": nan_u},
                    [y, first.astype(np.int64), inverse.reshape(-1).astype(np.int64),
                     counts.astype(np.int64)])

# --- Rejected models -----------------------------------------------------------------
save_invalid("topk_const_k_too_large", topk([3, 4], k_init=7, axis=1))
save_invalid("topk_axis_out_of_range", topk([3, 4], axis=2))
save_invalid("topk_largest_v10", topk([3, 4], opset=10, axis=1, largest=0))
save_invalid("topk_float_k",
             model([node("TopK", ["x", "k"], ["v", "i"])], [vi("x", [3, 4]), vi("k", [1])],
                   [vi("v", None), vi("i", None, I64)]))
