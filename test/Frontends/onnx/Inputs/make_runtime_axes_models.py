#!/usr/bin/env python3
"""Writes small ONNX models whose axes (or axis, pads) operands are graph
inputs, so their values are known only at run time.

Valid models go to OUT_DIR/valid/NAME/ (model.onnx plus test_data_set_N
with onnxruntime's outputs, the reference; each data set uses other axes
values); inputs the compiled model must reject go to OUT_DIR/bad/NAME/;
models Kiln must reject at import go to OUT_DIR/NAME.onnx.
"""
import os
import sys

import numpy as np
from onnx import TensorProto, helper

import modelgen
from modelgen import vi

OUT = sys.argv[1]
rng = np.random.default_rng(23)
F, I32, I64 = TensorProto.FLOAT, TensorProto.INT32, TensorProto.INT64
N = helper.make_node


def rand(*shape):
    return (rng.standard_normal(shape) * 0.5 + 0.1).astype(np.float32)


def ints(*values):
    return np.array(values, dtype=np.int64)


def model(nodes, inputs, outputs, opset=18):
    return modelgen.model(nodes, inputs, outputs, (), opset)


def save_valid(name, m, *feed_sets):
    modelgen.save_valid(OUT, name, m, *feed_sets)


def save_bad_inputs(name, valid, feeds):
    """Inputs model `valid` must reject at run time, as OUT_DIR/bad/NAME/."""
    modelgen.save_bad_inputs(OUT, name, valid, feeds)


def save_invalid(name, m):
    modelgen.save_invalid(OUT, name, m)


# --- Reduce* with run-time axes ---------------------------------------------
KINDS = ["ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd",
         "ReduceSumSquare", "ReduceL1", "ReduceL2", "ReduceLogSum",
         "ReduceLogSumExp"]


def reduce_all(keepdims, x, axes_len, *axes_sets):
    outs = [f"y_{k}" for k in KINDS]
    # ReduceLogSum needs positive sums: it reads |x|.
    nodes = [N("Abs", ["x"], ["ax"])]
    for k, o in zip(KINDS, outs):
        src = "ax" if k in ("ReduceLogSum", "ReduceProd") else "x"
        nodes.append(N(k, [src, "axes"], [o], keepdims=keepdims, name=k + "_0"))
    return (model(nodes, [vi("x", list(x.shape)), vi("axes", [axes_len], I64)],
                  [vi(o, None) for o in outs]),
            *[{"x": x, "axes": a} for a in axes_sets])


x3 = rand(2, 3, 4)
save_valid("reduce_keepdims", *reduce_all(1, x3, 2, ints(-1, 0), ints(1, 2), ints(2, -2)))
save_valid("reduce_drop", *reduce_all(0, x3, 2, ints(0, 2), ints(-2, 0), ints(2, 1)))
save_valid("reduce_drop_all", *reduce_all(0, x3, 3, ints(0, 1, 2), ints(2, -3, 1)))
save_valid("reduce_one_axis", *reduce_all(0, rand(3, 1, 5), 1, ints(0), ints(1), ints(-1)))
# Integers, and a dimension of size 0.
save_valid("reduce_int", model(
    [N("ReduceSum", ["x", "axes"], ["s"], keepdims=0),
     N("ReduceMax", ["x", "axes"], ["m"], keepdims=1)],
    [vi("x", [3, 4], I32), vi("axes", [1], I64)], [vi("s", None, I32), vi("m", None, I32)]),
    {"x": rng.integers(-9, 9, (3, 4)).astype(np.int32), "axes": ints(1)},
    {"x": rng.integers(-9, 9, (3, 4)).astype(np.int32), "axes": ints(-2)})
save_valid("reduce_empty_dim", model(
    [N("ReduceSum", ["x", "axes"], ["y"], keepdims=0)],
    [vi("x", [2, 0, 3]), vi("axes", [1], I64)], [vi("y", None)]),
    {"x": rand(2, 0, 3), "axes": ints(1)}, {"x": rand(2, 0, 3), "axes": ints(2)})

save_bad_inputs("reduce_repeated_axes", "reduce_keepdims", {"x": x3, "axes": ints(1, -2)})
save_bad_inputs("reduce_axis_out_of_range", "reduce_keepdims", {"x": x3, "axes": ints(0, 3)})

save_invalid("reduce_too_many_axes", model(
    [N("ReduceSum", ["x", "axes"], ["y"], name="ReduceSum_0")],
    [vi("x", [2, 3]), vi("axes", [3], I64)], [vi("y", None)]))

# --- Squeeze / Unsqueeze with run-time axes ---------------------------------
save_valid("squeeze", model(
    [N("Squeeze", ["x", "axes"], ["y"], name="Squeeze_0")],
    [vi("x", [1, 3, 1, 1]), vi("axes", [2], I64)], [vi("y", None)], opset=13),
    {"x": rand(1, 3, 1, 1), "axes": ints(0, 2)}, {"x": rand(1, 3, 1, 1), "axes": ints(-1, 2)},
    {"x": rand(1, 3, 1, 1), "axes": ints(3, -4)})
save_valid("squeeze_all", model(
    [N("Squeeze", ["x", "axes"], ["y"])],
    [vi("x", [1, 1]), vi("axes", [2], I64)], [vi("y", None)], opset=21),
    {"x": rand(1, 1), "axes": ints(0, 1)}, {"x": rand(1, 1), "axes": ints(-1, 0)})
save_valid("unsqueeze", model(
    [N("Unsqueeze", ["x", "axes"], ["y"], name="Unsqueeze_0")],
    [vi("x", [3, 4]), vi("axes", [2], I64)], [vi("y", None)], opset=13),
    {"x": rand(3, 4), "axes": ints(0, 3)}, {"x": rand(3, 4), "axes": ints(-1, 1)},
    {"x": rand(3, 4), "axes": ints(2, 1)})
save_valid("unsqueeze_scalar", model(
    [N("Unsqueeze", ["x", "axes"], ["y"])],
    [vi("x", []), vi("axes", [2], I64)], [vi("y", None)], opset=13),
    {"x": np.array(rand(1)[0]), "axes": ints(0, 1)}, {"x": np.array(rand(1)[0]), "axes": ints(-1, 0)})

save_bad_inputs("squeeze_not_one", "squeeze", {"x": rand(1, 3, 1, 1), "axes": ints(0, 1)})
save_bad_inputs("squeeze_repeated_axes", "squeeze",
                {"x": rand(1, 3, 1, 1), "axes": ints(0, -4)})
save_bad_inputs("unsqueeze_axis_out_of_range", "unsqueeze", {"x": rand(3, 4), "axes": ints(0, 4)})

# --- CumSum with a run-time axis --------------------------------------------
save_valid("cumsum", model(
    [N("CumSum", ["x", "axis"], ["y"], name="CumSum_0"),
     N("CumSum", ["x", "axis"], ["z"], exclusive=1, reverse=1)],
    [vi("x", [2, 3, 4]), vi("axis", [], I64)], [vi("y", None), vi("z", None)], opset=14),
    {"x": rand(2, 3, 4), "axis": np.array(1, np.int64)},
    {"x": rand(2, 3, 4), "axis": np.array(-1, np.int64)},
    {"x": rand(2, 3, 4), "axis": np.array(0, np.int64)})
save_valid("cumsum_int32_axis", model(
    [N("CumSum", ["x", "axis"], ["y"])],
    [vi("x", [3, 2], I32), vi("axis", [1], I32)], [vi("y", None, I32)], opset=14),
    {"x": rng.integers(-9, 9, (3, 2)).astype(np.int32), "axis": np.array([-2], np.int32)})
save_bad_inputs("cumsum_axis_out_of_range", "cumsum",
                {"x": rand(2, 3, 4), "axis": np.array(3, np.int64)})

# --- Slice with run-time axes and steps -------------------------------------
save_valid("slice", model(
    [N("Slice", ["x", "starts", "ends", "axes", "steps"], ["y"], name="Slice_0")],
    [vi("x", [5, 6, 4]), vi("starts", [2], I64), vi("ends", [2], I64),
     vi("axes", [2], I64), vi("steps", [2], I64)], [vi("y", None)], opset=13),
    {"x": rand(5, 6, 4), "starts": ints(1, -1), "ends": ints(100, -100),
     "axes": ints(0, 1), "steps": ints(2, -2)},
    {"x": rand(5, 6, 4), "starts": ints(-3, 0), "ends": ints(-1, 3),
     "axes": ints(-1, 0), "steps": ints(1, 1)},
    {"x": rand(5, 6, 4), "starts": ints(4, 7), "ends": ints(0, 9),
     "axes": ints(2, 1), "steps": ints(-1, 1)})
save_valid("slice_axes_only", model(
    [N("Slice", ["x", "starts", "ends", "axes"], ["y"])],
    [vi("x", [4, 5]), vi("starts", [1], I64), vi("ends", [1], I64), vi("axes", [1], I64)],
    [vi("y", None)], opset=13),
    {"x": rand(4, 5), "starts": ints(1), "ends": ints(3), "axes": ints(1)},
    {"x": rand(4, 5), "starts": ints(-2), "ends": ints(1000), "axes": ints(-2)})
save_bad_inputs("slice_zero_step", "slice",
                {"x": rand(5, 6, 4), "starts": ints(1, -1), "ends": ints(100, -100),
                 "axes": ints(0, 1), "steps": ints(2, 0)})
save_bad_inputs("slice_repeated_axes", "slice",
                {"x": rand(5, 6, 4), "starts": ints(1, -1), "ends": ints(100, -100),
                 "axes": ints(0, -3), "steps": ints(1, 1)})

# --- Pad with run-time pads (and axes) --------------------------------------
for mode in ["constant", "edge", "reflect", "wrap"]:
    save_valid(f"pad_{mode}", model(
        [N("Pad", ["x", "pads", "value"], ["y"], mode=mode, name="Pad_0")]
        if mode == "constant" else [N("Pad", ["x", "pads"], ["y"], mode=mode)],
        [vi("x", [3, 4]), vi("pads", [4], I64)] + ([vi("value", [])] if mode == "constant" else []),
        [vi("y", None)], opset=19),
        *[dict({"x": rand(3, 4), "pads": p},
               **({"value": np.array(1.5, np.float32)} if mode == "constant" else {}))
          for p in ([ints(1, 2, 0, 1), ints(2, 1, 1, 3)] if mode == "reflect" else
                    [ints(1, 2, 0, 1), ints(0, -1, 2, 1), ints(2, 0, -1, 3)])])
save_valid("pad_axes", model(
    [N("Pad", ["x", "pads", "", "axes"], ["y"], name="Pad_0")],
    [vi("x", [2, 3, 4]), vi("pads", [2], I64), vi("axes", [1], I64)], [vi("y", None)],
    opset=19),
    {"x": rand(2, 3, 4), "pads": ints(1, 2), "axes": ints(-1)},
    {"x": rand(2, 3, 4), "pads": ints(0, -1), "axes": ints(0)})
save_bad_inputs("pad_axis_out_of_range", "pad_axes",
                {"x": rand(2, 3, 4), "pads": ints(1, 2), "axes": ints(3)})
