#!/usr/bin/env python3
"""Writes small ONNX models exercising the data movement operators.

Valid models go to OUT_DIR/valid/NAME/ (model.onnx plus test_data_set_0
with onnxruntime's outputs, the reference); models Kiln must reject go to
OUT_DIR/NAME.onnx. Shape operands (axes, starts, pads, ...) are initializers
unless a test says otherwise.
"""
import os
import sys

import numpy as np
from onnx import TensorProto, helper, numpy_helper

import modelgen
from modelgen import vi

OUT = sys.argv[1]
rng = np.random.default_rng(11)
F, I64, I32, B = TensorProto.FLOAT, TensorProto.INT64, TensorProto.INT32, TensorProto.BOOL


def rand(*shape):
    return (rng.standard_normal(shape) * 0.5).astype(np.float32)


def ints(*values):
    return np.array(values, dtype=np.int64)


def model(nodes, inputs, outputs, inits=(), opset=17):
    return modelgen.model(nodes, inputs, outputs, inits, opset)


def save_valid(name, m, feeds):
    modelgen.save_valid(OUT, name, m, feeds)


def save_invalid(name, m):
    modelgen.save_invalid(OUT, name, m)


os.makedirs(os.path.join(OUT, "valid"), exist_ok=True)
N = helper.make_node

# --- Transpose, Squeeze, Unsqueeze ------------------------------------------
save_valid("transpose", model(
    [N("Transpose", ["x"], ["a"]),                      # default: reversed
     N("Transpose", ["x"], ["b"], perm=[1, 2, 0]),
     N("Transpose", ["m"], ["c"], perm=[1, 0])],        # bool
    [vi("x", [2, 3, 4]), vi("m", [2, 3], B)], [vi("a", None), vi("b", None), vi("c", None, B)]),
    {"x": rand(2, 3, 4), "m": rng.integers(0, 2, (2, 3)).astype(bool)})

save_valid("squeeze_unsqueeze_v11", model(
    [N("Unsqueeze", ["x"], ["u"], axes=[0, -1]),        # [1, 3, 4, 1]
     N("Squeeze", ["u"], ["s"], axes=[-1]),             # [1, 3, 4]
     N("Squeeze", ["s"], ["y"])],                       # all ones: [3, 4]
    [vi("x", [3, 4])], [vi("u", None), vi("y", None)], opset=11),
    {"x": rand(3, 4)})

save_valid("squeeze_unsqueeze_v13", model(
    [N("Unsqueeze", ["x", "ua"], ["u"]),                # [3, 1, 4, 1]
     N("Squeeze", ["u", "sa"], ["y"])],                 # [3, 4, 1]
    [vi("x", [3, 4], I32)], [vi("u", None, I32), vi("y", None, I32)],
    [("ua", ints(3, 1)), ("sa", ints(1))], opset=13),
    {"x": rng.integers(-9, 9, (3, 4)).astype(np.int32)})

# --- Concat -----------------------------------------------------------------
save_valid("concat", model(
    [N("Concat", ["a", "b", "c"], ["y"], axis=-2),
     N("Concat", ["i", "j"], ["z"], axis=0)],
    [vi("a", [2, 1, 3]), vi("b", [2, 4, 3]), vi("i", [2], I64)], [vi("y", None), vi("z", None, I64)],
    [("c", rand(2, 2, 3)), ("j", ints(7, 8, 9))], opset=13),
    {"a": rand(2, 1, 3), "b": rand(2, 4, 3), "i": ints(-1, 5)})

# --- Slice ------------------------------------------------------------------
save_valid("slice_v13", model(
    [N("Slice", ["x", "s0", "e0", "a0", "t0"], ["neg"]),     # negative steps, clamped ends
     N("Slice", ["x", "s1", "e1", "a1"], ["clamp"]),         # out-of-range starts/ends
     N("Slice", ["x", "s2", "e2"], ["dflt"])],               # default axes and steps
    [vi("x", [4, 10, 5])], [vi("neg", None), vi("clamp", None), vi("dflt", None)],
    [("s0", ints(-1, 8)), ("e0", ints(-100, 1)), ("a0", ints(-2, 0)), ("t0", ints(-3, -2)),
     ("s1", ints(-20, 2)), ("e1", ints(2**63 - 1, 1000)), ("a1", ints(2, 1)),
     ("s2", ints(1)), ("e2", ints(-1))], opset=13),
    {"x": rand(4, 10, 5)})

save_valid("slice_v1", model(
    [N("Slice", ["x"], ["y"], starts=[1, -3], ends=[1000, -1], axes=[0, 1])],
    [vi("x", [3, 6])], [vi("y", None)], opset=9),
    {"x": rand(3, 6)})

# --- Split ------------------------------------------------------------------
save_valid("split_v13", model(
    [N("Split", ["x", "sp"], ["a", "b", "c"], axis=-1)],
    [vi("x", [2, 7])], [vi("a", None), vi("b", None), vi("c", None)],
    [("sp", ints(2, 1, 4))], opset=13),
    {"x": rand(2, 7)})
save_valid("split_v18_uneven", model(
    [N("Split", ["x"], ["a", "b", "c"], axis=0, num_outputs=3)],
    [vi("x", [7, 2])], [vi("a", None), vi("b", None), vi("c", None)], opset=18),
    {"x": rand(7, 2)})
save_valid("split_v11_equal", model(
    [N("Split", ["x"], ["a", "b"], axis=1)],
    [vi("x", [2, 6], I64)], [vi("a", None, I64), vi("b", None, I64)], opset=11),
    {"x": rng.integers(-9, 9, (2, 6)).astype(np.int64)})

# --- Gather, GatherElements -------------------------------------------------
save_valid("gather", model(
    [N("Gather", ["x", "i"], ["a"], axis=1),            # run-time, negative indices
     N("Gather", ["x", "j"], ["b"], axis=-3),           # constant int32 indices
     N("Gather", ["x", "k"], ["c"])],                   # scalar index
    [vi("x", [3, 4, 2]), vi("i", [2, 2], I64)], [vi("a", None), vi("b", None), vi("c", None)],
    [("j", np.array([2, -3, 0], dtype=np.int32)), ("k", np.array(-1, dtype=np.int64))], opset=13),
    {"x": rand(3, 4, 2), "i": ints(0, -1, 3, -4).reshape(2, 2)})

save_valid("gather_elements", model(
    [N("GatherElements", ["x", "i"], ["y"], axis=-1)],
    [vi("x", [3, 4]), vi("i", [2, 3], I32)], [vi("y", None)], opset=13),
    {"x": rand(3, 4), "i": np.array([[0, -1, 2], [3, -4, 1]], dtype=np.int32)})

# --- OneHot, EyeLike ---------------------------------------------------------
save_valid("one_hot", model(
    [N("OneHot", ["i", "depth", "vals"], ["a"], axis=1),   # constant depth
     N("OneHot", ["f", "d", "v2"], ["b"])],                 # run-time depth
    [vi("i", [2, 3], I64), vi("f", [4], I64), vi("d", [1], I64), vi("v2", [2], I64)],
    [vi("a", None), vi("b", None, I64)],
    [("depth", np.array(5, dtype=np.int64)), ("vals", np.array([-1.5, 2.0], dtype=np.float32))],
    opset=11),
    {"i": ints(0, 4, -1, -5, 6, 2).reshape(2, 3), "f": ints(0, 2, -1, 3),
     "d": ints(4), "v2": ints(0, 7)})
save_valid("eye_like", model(
    [N("EyeLike", ["x"], ["a"], k=1),
     N("EyeLike", ["x"], ["b"], k=-2, dtype=TensorProto.INT64)],
    [vi("x", [3, 5])], [vi("a", None), vi("b", None, I64)], opset=9),
    {"x": rand(3, 5)})

# Above 4096 elements the identity is computed at run time, not folded.
save_valid("eye_like_large", model(
    [N("EyeLike", ["x"], ["a"], k=3)], [vi("x", [100, 70])], [vi("a", None)], opset=9),
    {"x": rand(100, 70)})

# --- Expand, Tile -----------------------------------------------------------
save_valid("expand_tile", model(
    [N("Expand", ["x", "shape"], ["e"]),                # [3, 1] -> [2, 3, 4]
     N("Expand", ["x", "one"], ["f"]),                  # shape [1, 1]: stays [3, 1]
     N("Tile", ["x", "rep"], ["t"])],
    [vi("x", [3, 1])], [vi("e", None), vi("f", None), vi("t", None)],
    [("shape", ints(2, 1, 4)), ("one", ints(1, 1)), ("rep", ints(2, 3))], opset=13),
    {"x": rand(3, 1)})

# --- Pad --------------------------------------------------------------------
save_valid("pad_constant_axes", model(
    [N("Pad", ["x", "pads", "v", "axes"], ["y"])],      # run-time value, v18 axes
    [vi("x", [2, 3, 4]), vi("v", [])], [vi("y", None)],
    [("pads", ints(1, -1, 2, 0)), ("axes", ints(-1, 0))], opset=18),
    {"x": rand(2, 3, 4), "v": np.array(7.5, dtype=np.float32)})
save_valid("pad_modes", model(
    [N("Pad", ["x", "pads"], ["r"], mode="reflect"),
     N("Pad", ["x", "pads"], ["e"], mode="edge"),
     N("Pad", ["x", "wpads"], ["w"], mode="wrap")],
    [vi("x", [3, 4])], [vi("r", None), vi("e", None), vi("w", None)],
    [("pads", ints(2, 1, 1, 3)), ("wpads", ints(1, 3, 2, 1))], opset=19),
    {"x": rand(3, 4)})
save_valid("pad_v2", model(
    [N("Pad", ["x"], ["y"], pads=[0, 2, 1, 0], value=-1.0)],
    [vi("x", [2, 3])], [vi("y", None)], opset=10),
    {"x": rand(2, 3)})
save_valid("pad_int", model(
    [N("Pad", ["x", "pads"], ["y"])],
    [vi("x", [2, 3], I32)], [vi("y", None, I32)], [("pads", ints(1, 1, 0, 1))], opset=13),
    {"x": rng.integers(-9, 9, (2, 3)).astype(np.int32)})

# --- Shape arithmetic folded at import --------------------------------------
# An exporter's flatten: Shape -> Gather -> Unsqueeze -> Concat -> Reshape.
save_valid("shape_chain", model(
    [N("Shape", ["x"], ["s"]),
     N("Gather", ["s", "zero"], ["d0"], axis=0),
     N("Unsqueeze", ["d0", "ax0"], ["u0"]),
     N("Concat", ["u0", "minus1"], ["target"], axis=0),
     N("Reshape", ["x", "target"], ["flat"]),
     N("Shape", ["x"], ["tail"], start=-2),
     N("Size", ["x"], ["n"]),
     N("Slice", ["s", "one", "big"], ["dims"]),
     N("ConstantOfShape", ["dims"], ["ones"], value=numpy_helper.from_array(
         np.array([3], dtype=np.int32))),
     N("Range", ["r0", "r1", "r2"], ["rng"])],
    [vi("x", [2, 3, 4])],
    [vi("flat", None), vi("tail", None, I64), vi("n", None, I64), vi("ones", None, I32),
     vi("rng", None)],
    [("zero", np.array(0, dtype=np.int64)), ("ax0", ints(0)), ("minus1", ints(-1)),
     ("one", ints(1)), ("big", ints(100)), ("r0", np.array(1.0, dtype=np.float32)),
     ("r1", np.array(-2.0, dtype=np.float32)), ("r2", np.array(-0.75, dtype=np.float32))],
    opset=15),
    {"x": rand(2, 3, 4)})

# --- Dropout, DepthToSpace, SpaceToDepth, Trilu -----------------------------
save_valid("dropout", model(
    [N("Dropout", ["x", "ratio"], ["y", "mask"]),
     N("Dropout", ["x"], ["z"], seed=3)],
    [vi("x", [3, 4])], [vi("y", None), vi("mask", None, B), vi("z", None)],
    [("ratio", np.array(0.5, dtype=np.float32))], opset=13),
    {"x": rand(3, 4)})
save_valid("dropout_v7", model(
    [N("Dropout", ["x"], ["y"], ratio=0.3)], [vi("x", [3, 4])], [vi("y", None)], opset=7),
    {"x": rand(3, 4)})
save_valid("depth_space", model(
    [N("DepthToSpace", ["x"], ["dcr"], blocksize=2),
     N("DepthToSpace", ["x"], ["crd"], blocksize=2, mode="CRD"),
     N("SpaceToDepth", ["dcr"], ["back"], blocksize=2)],
    [vi("x", [1, 8, 2, 3])], [vi("dcr", None), vi("crd", None), vi("back", None)], opset=13),
    {"x": rand(1, 8, 2, 3)})
save_valid("trilu", model(
    [N("Trilu", ["x"], ["up"]),
     N("Trilu", ["x", "k"], ["low"], upper=0),
     N("Trilu", ["i", "k"], ["iup"], upper=1)],
    [vi("x", [2, 3, 5]), vi("i", [4, 3], I64), vi("k", [], I64)],
    [vi("up", None), vi("low", None), vi("iup", None, I64)], opset=14),
    {"x": rand(2, 3, 5), "i": rng.integers(-9, 9, (4, 3)).astype(np.int64),
     "k": np.array(-1, dtype=np.int64)})

# --- Models Kiln rejects, each with one clear line ---------------------------
save_invalid("squeeze_not_one", model(
    [N("Squeeze", ["x", "a"], ["y"])], [vi("x", [2, 3])], [vi("y", None)], [("a", ints(1))],
    opset=13))
save_invalid("gather_out_of_range", model(
    [N("Gather", ["x", "i"], ["y"])], [vi("x", [3, 2])], [vi("y", None)], [("i", ints(0, 3))]))
save_invalid("dropout_training", model(
    [N("Dropout", ["x", "r", "t"], ["y"])], [vi("x", [3])], [vi("y", None)],
    [("r", np.array(0.5, dtype=np.float32)), ("t", np.array(True))], opset=13))
save_invalid("split_bad_sizes", model(
    [N("Split", ["x"], ["a", "b"], split=[2, 2])], [vi("x", [5])], [vi("a", None), vi("b", None)],
    opset=11))
save_invalid("pad_bad_mode", model(
    [N("Pad", ["x", "p"], ["y"], mode="mirror")], [vi("x", [3])], [vi("y", None)],
    [("p", ints(1, 1))], opset=13))
print("wrote data movement test models to", OUT)
save_invalid("one_hot_values", model(
    [N("OneHot", ["i", "depth", "vals"], ["a"])],
    [vi("i", [2], I64)], [vi("a", None)],
    [("depth", np.array(5, dtype=np.int64)), ("vals", np.array([0, 1, 2], dtype=np.float32))],
    opset=11))
save_invalid("eye_like_rank", model(
    [N("EyeLike", ["x"], ["a"])], [vi("x", [3])], [vi("a", None)], opset=9))
