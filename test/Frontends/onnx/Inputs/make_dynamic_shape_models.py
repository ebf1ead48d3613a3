#!/usr/bin/env python3
"""Writes small ONNX models whose shape arithmetic runs on dynamic dimensions.

Each model has symbolic input dimensions ("batch", "seq") and computes
shapes the way exporters do (Shape -> Gather -> Unsqueeze -> Concat ->
Reshape / Expand / ConstantOfShape / Range / Slice). Valid models go to
OUT_DIR/valid/NAME/ (model.onnx plus test_data_set_0 with onnxruntime's
outputs, the reference); models Kiln must reject go to OUT_DIR/NAME.onnx.
"""
import os
import sys

import numpy as np
from onnx import TensorProto, helper, numpy_helper

import modelgen
from modelgen import vi

OUT = sys.argv[1]
rng = np.random.default_rng(17)
F, I64, B = TensorProto.FLOAT, TensorProto.INT64, TensorProto.BOOL


def rand(*shape):
    return (rng.standard_normal(shape) * 0.5).astype(np.float32)


def ints(*values):
    return np.array(values, dtype=np.int64)


def model(nodes, inputs, outputs, inits=(), opset=17):
    """Initializers no node reads are left out."""
    used = {i for n in nodes for i in n.input}
    return modelgen.model(nodes, inputs, outputs, [(n, a) for n, a in inits if n in used], opset)


def save_valid(name, m, feeds):
    modelgen.save_valid(OUT, name, m, feeds)


def save_bad_inputs(name, feeds):
    """Inputs the model NAME must reject at run time, as OUT_DIR/bad/NAME/."""
    modelgen.save_bad_inputs(OUT, name, name, feeds)


def save_invalid(name, m):
    modelgen.save_invalid(OUT, name, m)


def dims(x, prefix, *indices):
    """Shape(x) then one Gather + Unsqueeze per index: 1-element vectors."""
    nodes = [N("Shape", [x], [prefix + "_shape"])]
    for i in indices:
        nodes.append(N("Gather", [prefix + "_shape", f"idx{i}"], [f"{prefix}_d{i}"], axis=0))
        nodes.append(N("Unsqueeze", [f"{prefix}_d{i}", "ax0"], [f"{prefix}_u{i}"]))
    return nodes


os.makedirs(os.path.join(OUT, "valid"), exist_ok=True)
N = helper.make_node
INDEX = [(f"idx{i}", np.array(i, dtype=np.int64)) for i in range(4)] + [("ax0", ints(0))]

# An exporter's flatten of a batch: [batch, -1]; plus Shape with start and Size.
save_valid("flatten_chain", model(
    dims("x", "x", 0) + [
        N("Concat", ["x_u0", "minus1"], ["target"], axis=0),
        N("Reshape", ["x", "target"], ["flat"]),
        N("Shape", ["x"], ["tail"], start=-2),
        N("Shape", ["x"], ["head"], end=1),
        N("Size", ["x"], ["n"])],
    [vi("x", ["batch", 3, 4])],
    [vi("flat", None), vi("tail", None, I64), vi("head", None, I64), vi("n", None, I64)],
    INDEX + [("minus1", ints(-1))], opset=15),
    {"x": rand(5, 3, 4)})

# BERT's attention heads: [batch, seq, 8] -> [batch, seq, -1, 4] -> transpose
# -> back -> [batch, seq, -1].
save_valid("attention_reshape", model(
    dims("x", "x", 0, 1) + [
        N("Concat", ["x_u0", "x_u1", "minus1", "four"], ["heads"], axis=0),
        N("Reshape", ["x", "heads"], ["h"]),
        N("Transpose", ["h"], ["t"], perm=[0, 2, 1, 3]),
        N("Mul", ["t", "scale"], ["ts"]),
        N("Transpose", ["ts"], ["b"], perm=[0, 2, 1, 3]),
        N("Concat", ["x_u0", "x_u1", "minus1"], ["merged"], axis=0),
        N("Reshape", ["b", "merged"], ["m"]),
        N("Add", ["m", "x"], ["y"])],
    [vi("x", ["batch", "seq", 8])], [vi("y", None)],
    INDEX + [("minus1", ints(-1)), ("four", ints(4)),
             ("scale", np.array(0.5, dtype=np.float32))]),
    {"x": rand(2, 3, 8)})

# BERT's attention mask: [batch, seq] -> [batch, 1, 1, seq] expanded to
# [batch, 1, seq, seq], the target shape computed through ConstantOfShape,
# Equal and Where.
save_valid("mask_expand", model(
    dims("mask", "m", 0, 1) + [
        N("Unsqueeze", ["mask", "ax12"], ["m4"]),
        N("Concat", ["m_u0", "minus1", "m_u1", "m_u1"], ["target"], axis=0),
        N("Shape", ["target"], ["target_len"]),
        N("ConstantOfShape", ["target_len"], ["ones"], value=numpy_helper.from_array(ints(1))),
        N("Mul", ["ones", "minus1s"], ["neg"]),
        N("Equal", ["target", "neg"], ["is_neg"]),
        N("Where", ["is_neg", "ones", "target"], ["expand_to"]),
        N("Expand", ["m4", "expand_to"], ["e"]),
        N("Cast", ["e"], ["y"], to=F)],
    [vi("mask", ["batch", "seq"], B)], [vi("y", None)],
    INDEX + [("ax12", ints(1, 2)), ("minus1", ints(-1)),
             ("minus1s", np.array(-1, dtype=np.int64))]),
    {"mask": rng.integers(0, 2, (2, 5)).astype(bool)})

# The LSTM exporters' initial state: ConstantOfShape([2, batch, 3]).
save_valid("constant_of_shape", model(
    dims("x", "x", 0) + [
        N("Concat", ["two", "x_u0", "three"], ["target"], axis=0),
        N("ConstantOfShape", ["target"], ["f"], value=numpy_helper.from_array(
            np.array([1.5], dtype=np.float32))),
        N("ConstantOfShape", ["x_shape"], ["z"]),
        N("Add", ["z", "x"], ["y"])],
    [vi("x", ["batch", 5])], [vi("f", None), vi("y", None)],
    INDEX + [("two", ints(2)), ("three", ints(3))]),
    {"x": rand(4, 5)})

# Range over a dimension (BERT's position ids) and over run-time scalars.
save_valid("range", model(
    dims("x", "x", 1) + [
        N("Range", ["zero", "x_d1", "one"], ["pos"]),
        N("Range", ["a", "b", "c"], ["r"]),
        N("Range", ["n", "zero", "minus2"], ["down"])],
    [vi("x", ["batch", "seq"]), vi("a", [], F), vi("b", [], F), vi("c", [], F),
     vi("n", [], I64)],
    [vi("pos", None, I64), vi("r", None), vi("down", None, I64)],
    INDEX + [("zero", np.array(0, dtype=np.int64)), ("one", np.array(1, dtype=np.int64)),
             ("minus2", np.array(-2, dtype=np.int64))]),
    {"x": rand(2, 6), "a": np.array(1.0, dtype=np.float32),
     "b": np.array(3.2, dtype=np.float32), "c": np.array(0.5, dtype=np.float32),
     "n": np.array(7, dtype=np.int64)})

# Slice with run-time starts and ends: a table cut to the sequence length
# (BERT's position ids), and a graph input as starts with positive and
# negative steps.
save_valid("slice_runtime", model(
    dims("x", "x", 1) + [
        N("Slice", ["table", "zeros", "x_u1", "axis1"], ["pos"]),
        N("Slice", ["x", "s", "big", "axis1", "two"], ["even"]),
        N("Slice", ["x", "s", "small", "axis1", "minus1"], ["rev"]),
        N("Slice", ["x", "one", "big", "axis0"], ["tail"])],
    [vi("x", ["batch", "seq"]), vi("s", [1], I64)],
    [vi("pos", None), vi("even", None), vi("rev", None), vi("tail", None)],
    INDEX + [("table", rand(1, 16)), ("zeros", ints(0)), ("axis1", ints(1)), ("axis0", ints(0)),
             ("big", ints(100)), ("small", ints(-100)), ("two", ints(2)),
             ("minus1", ints(-1)), ("one", ints(1))]),
    {"x": rand(3, 7), "s": ints(-2)})

# Reshape to a shape given as a graph input (like ONNX's test_reshape_*).
save_valid("reshape_input_shape", model(
    [N("Reshape", ["x", "shape"], ["y"]),
     N("Reshape", ["x", "zshape"], ["z"], allowzero=1)],
    [vi("x", [2, 3, 4]), vi("shape", [3], I64), vi("zshape", [2], I64)],
    [vi("y", None), vi("z", None)], opset=14),
    {"x": rand(2, 3, 4), "shape": ints(0, -1, 2), "zshape": ints(4, 6)})

save_bad_inputs("reshape_input_shape",
                {"x": rand(2, 3, 4), "shape": ints(5, -1, 2), "zshape": ints(4, 6)})

# Expand to a shape given as a graph input.
save_valid("expand_input_shape", model(
    [N("Expand", ["x", "shape"], ["y"])],
    [vi("x", [3, 1]), vi("shape", [3], I64)], [vi("y", None)], opset=13),
    {"x": rand(3, 1), "shape": ints(2, 1, 4)})
save_bad_inputs("expand_input_shape", {"x": rand(3, 1), "shape": ints(2, 5, 4)})

# Gather with run-time indices: an index outside [-4, 4) is an error, not
# a clamped read.
save_valid("gather_runtime_indices", model(
    [N("Gather", ["x", "i"], ["y"])],
    [vi("x", [4, 3]), vi("i", ["n"], I64)], [vi("y", None)], opset=13),
    {"x": rand(4, 3), "i": ints(0, -4, 3)})
save_bad_inputs("gather_runtime_indices", {"x": rand(4, 3), "i": ints(0, 4, 1)})

# Split by sizes given as a graph input: sizes that do not add up to the
# dimension are an error at run time.
save_valid("split_input_sizes", model(
    [N("Split", ["x", "s"], ["a", "b"], axis=1)],
    [vi("x", [2, 6]), vi("s", [2], I64)], [vi("a", None), vi("b", None)], opset=13),
    {"x": rand(2, 6), "s": ints(2, 4)})
save_bad_inputs("split_input_sizes", {"x": rand(2, 6), "s": ints(2, 5)})

# Slice 1 (attributes) of a dynamic dimension: bounds resolved at run time.
save_valid("slice_v1_dynamic", model(
    [N("Slice", ["x"], ["y"], starts=[1, -3], ends=[3, 100], axes=[0, 1])],
    [vi("x", ["n", 4])], [vi("y", None)], opset=9),
    {"x": rand(5, 4)})

# Split of a dynamic dimension: in equal parts, by constant sizes, and
# with num_outputs (the last part smaller).
save_valid("split_dynamic", model(
    [N("Split", ["x"], ["a", "b"], axis=0),
     N("Split", ["x", "sizes"], ["c", "d"], axis=0)],
    [vi("x", ["len", 2])],
    [vi(n, None) for n in "abcd"], [("sizes", ints(1, 5))], opset=13),
    {"x": rand(6, 2)})
save_valid("split_num_outputs", model(
    [N("Split", ["x"], ["a", "b", "c"], axis=1, num_outputs=3)],
    [vi("x", [2, "len"])], [vi(n, None) for n in "abc"], opset=18),
    {"x": rand(2, 7)})

# Squeeze / Unsqueeze keeping two dynamic dimensions, and Dropout's mask.
save_valid("squeeze_unsqueeze", model(
    [N("Squeeze", ["x", "ax1"], ["s"]),
     N("Unsqueeze", ["s", "ax03"], ["u"]),
     N("Dropout", ["x"], ["d", "mask"])],
    [vi("x", ["batch", 1, "seq"])], [vi("u", None), vi("mask", None, B)],
    [("ax1", ints(1)), ("ax03", ints(0, 3))], opset=13),
    {"x": rand(2, 1, 3)})

# Squeeze without axes: dynamic dimensions are kept (checked not to be 1 at
# run time), static 1s dropped. Only with the model's own shapes: forcing
# the 1 dynamic would keep it too, and the run-time check would stop it.
modelgen.save_valid(OUT, "squeeze_no_axes", model(
    [N("Squeeze", ["x"], ["y"])],
    [vi("x", ["batch", 1, "seq"])], [vi("y", None)], opset=13),
    {"x": rand(2, 1, 3)}, {"x": rand(3, 1, 5)}, folder="symbolic")
modelgen.save_bad_inputs(OUT, "squeeze_no_axes_batch_one", "squeeze_no_axes",
                         {"x": rand(1, 1, 3)}, folder="symbolic")

# DepthToSpace / SpaceToDepth with a dynamic batch and image size.
save_valid("depth_space", model(
    [N("DepthToSpace", ["x"], ["d"], blocksize=2),
     N("SpaceToDepth", ["d"], ["s"], blocksize=2)],
    [vi("x", ["batch", 8, "h", "w"])], [vi("d", None), vi("s", None)], opset=13),
    {"x": rand(2, 8, 2, 3)})

# Tile with run-time repeats of a tensor with a dynamic batch.
save_valid("tile_runtime", model(
    [N("Tile", ["x", "reps"], ["y"]),
     N("Tile", ["x", "two_one"], ["z"])],
    [vi("x", ["batch", 3]), vi("reps", [2], I64)], [vi("y", None), vi("z", None)],
    [("two_one", ints(2, 1))], opset=13),
    {"x": rand(2, 3), "reps": ints(3, 2)})

# --- Models Kiln rejects, each with one clear line ---------------------------
save_invalid("reshape_unknown_rank", model(
    [N("Reshape", ["x", "shape"], ["y"])],
    [vi("x", [2, 3]), vi("shape", ["n"], I64)], [vi("y", None)], opset=14))
save_invalid("slice_axes_dynamic_length", model(
    [N("Slice", ["x", "s", "e", "a"], ["y"])],
    [vi("x", ["n", 4]), vi("s", [1], I64), vi("e", [1], I64), vi("a", ["k"], I64)],
    [vi("y", None)], opset=13))
save_invalid("expand_negative", model(
    dims("x", "x", 0) + [
        N("Concat", ["minus2", "x_u0"], ["target"], axis=0),
        N("Expand", ["x", "target"], ["y"])],
    [vi("x", ["batch"])], [vi("y", None)], INDEX + [("minus2", ints(-2))]))
save_invalid("range_not_scalar", model(
    [N("Range", ["a", "b", "c"], ["y"])],
    [vi("a", [2], I64)], [vi("y", None, I64)],
    [("b", np.array(5, dtype=np.int64)), ("c", np.array(1, dtype=np.int64))], opset=11))
print("wrote dynamic shape test models to", OUT)
