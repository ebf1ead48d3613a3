#!/usr/bin/env python3
"""Writes small ONNX models that use sequences inside the graph.

Graph inputs and outputs are tensors; sequences live only between nodes
(SequenceEmpty, SequenceConstruct, SequenceInsert, SequenceErase,
SequenceAt, SequenceLength, SplitToSequence, ConcatFromSequence).
Models valid with any input dimensions go to OUT_DIR/valid/NAME/, models
that need static dimensions (Kiln unrolls sequences at compile time) to
OUT_DIR/static/NAME/; each has model.onnx plus test_data_set_0 with
onnxruntime's outputs, the reference. Models Kiln must reject go to
OUT_DIR/NAME.onnx; inputs a compiled model must reject at run time to
OUT_DIR/bad/NAME/.
"""
import os
import shutil
import sys

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

OUT = sys.argv[1]
rng = np.random.default_rng(23)
F, I32, I64 = TensorProto.FLOAT, TensorProto.INT32, TensorProto.INT64
N = helper.make_node


def rand(*shape):
    return (rng.standard_normal(shape) * 0.5).astype(np.float32)


def i64(*values):
    return np.array(values, dtype=np.int64)


def scalar(v, dtype=np.int64):
    return np.array(v, dtype=dtype)


def model(nodes, inputs, outputs, inits=(), opset=17):
    g = helper.make_graph(nodes, "g", inputs, outputs,
                          [numpy_helper.from_array(a, n) for n, a in inits])
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = 8
    return m


def vi(name, shape, t=F):
    return helper.make_tensor_value_info(name, t, shape)


def seq_vi(name, t=F):
    return helper.make_tensor_sequence_value_info(name, t, None)


def save(kind, name, m, feeds):
    d = os.path.join(OUT, kind, name)
    os.makedirs(os.path.join(d, "test_data_set_0"), exist_ok=True)
    path = os.path.join(d, "model.onnx")
    onnx.save(m, path)
    outs = ort.InferenceSession(path, providers=["CPUExecutionProvider"]).run(None, feeds)
    for i, (k, v) in enumerate(feeds.items()):
        with open(os.path.join(d, "test_data_set_0", f"input_{i}.pb"), "wb") as f:
            f.write(numpy_helper.from_array(v, k).SerializeToString())
    for i, v in enumerate(outs):
        with open(os.path.join(d, "test_data_set_0", f"output_{i}.pb"), "wb") as f:
            f.write(numpy_helper.from_array(v).SerializeToString())


def save_bad_inputs(kind, name, feeds):
    """Inputs the model must reject at run time, as OUT_DIR/bad/NAME/ (with
    the valid set's outputs: the run fails before they are compared)."""
    d = os.path.join(OUT, "bad", name)
    os.makedirs(d, exist_ok=True)
    for i, (k, v) in enumerate(feeds.items()):
        with open(os.path.join(d, f"input_{i}.pb"), "wb") as f:
            f.write(numpy_helper.from_array(v, k).SerializeToString())
    ref = os.path.join(OUT, kind, name, "test_data_set_0")
    for f in os.listdir(ref):
        if f.startswith("output_"):
            shutil.copy(os.path.join(ref, f), d)


def save_invalid(name, m):
    onnx.save(m, os.path.join(OUT, name + ".onnx"))


for kind in ("valid", "static"):
    os.makedirs(os.path.join(OUT, kind), exist_ok=True)

# --- Valid with any input dimensions -------------------------------------------

# An empty sequence filled by insertions (at the end, the front, a negative
# position), then erasures (the default last one, the front).
save("valid", "insert_erase", model(
    [N("SequenceEmpty", [], ["s0"], dtype=F),
     N("SequenceInsert", ["s0", "a"], ["s1"]),
     N("SequenceInsert", ["s1", "b", "zero"], ["s2"]),
     N("SequenceInsert", ["s2", "c", "minus1"], ["s3"]),
     N("SequenceInsert", ["s3", "a"], ["s4"]),
     N("SequenceErase", ["s4"], ["s5"]),
     N("SequenceErase", ["s5", "zero32"], ["s6"]),
     N("SequenceAt", ["s6", "zero"], ["first"]),
     N("SequenceAt", ["s6", "minus1"], ["last"]),
     N("SequenceLength", ["s6"], ["len"]),
     N("SequenceLength", ["s0"], ["len0"])],
    [vi("a", [2, 3]), vi("b", [4]), vi("c", [1, 2, 3])],
    [vi("first", None), vi("last", None), vi("len", None, I64), vi("len0", None, I64)],
    [("zero", scalar(0)), ("minus1", scalar(-1)), ("zero32", scalar(0, np.int32))]),
    {"a": rand(2, 3), "b": rand(4), "c": rand(1, 2, 3)})

# SequenceConstruct, then ConcatFromSequence along an axis (a negative one
# too), stacked along a new axis, and of a single tensor.
save("valid", "construct_concat", model(
    [N("SequenceConstruct", ["a", "b", "c"], ["s"]),
     N("ConcatFromSequence", ["s"], ["cat"], axis=1),
     N("SequenceConstruct", ["c", "a"], ["ca"]),
     N("ConcatFromSequence", ["ca"], ["cat_neg"], axis=-1),
     N("SequenceConstruct", ["a", "a"], ["t"]),
     N("ConcatFromSequence", ["t"], ["stack0"], axis=0, new_axis=1),
     N("SequenceConstruct", ["a", "d", "a"], ["u"]),
     N("ConcatFromSequence", ["u"], ["stack_last"], axis=-1, new_axis=1),
     N("SequenceConstruct", ["b"], ["one"]),
     N("ConcatFromSequence", ["one"], ["single"], axis=0)],
    [vi("a", [2, 3]), vi("b", [2, 5]), vi("c", [2, 1]), vi("d", [2, 3])],
    [vi("cat", None), vi("cat_neg", None), vi("stack0", None), vi("stack_last", None),
     vi("single", None)]),
    {"a": rand(2, 3), "b": rand(2, 5), "c": rand(2, 1), "d": rand(2, 3)})

# SplitToSequence into size-1 parts, squeezed (keepdims = 0) or not: the
# length and the parts' positions hold for any run-time size, and stacking
# (or concatenating) the parts along the split axis gives the input back.
save("valid", "split_parts", model(
    [N("SplitToSequence", ["x"], ["s"], axis=1, keepdims=0),
     N("SequenceAt", ["s", "one"], ["second"]),
     N("SequenceAt", ["s", "minus1"], ["last"]),
     N("SequenceLength", ["s"], ["len"]),
     N("ConcatFromSequence", ["s"], ["back"], axis=1, new_axis=1),
     N("SplitToSequence", ["x"], ["k"], axis=-1),
     N("SequenceAt", ["k", "minus2"], ["kept"]),
     N("ConcatFromSequence", ["k"], ["back_k"], axis=2),
     N("Relu", ["back"], ["y"])],
    [vi("x", [2, 3, 4])],
    [vi("second", None), vi("last", None), vi("len", None, I64), vi("y", None),
     vi("kept", None), vi("back_k", None)],
    [("one", scalar(1)), ("minus1", scalar(-1)), ("minus2", scalar(-2))]),
    {"x": rand(2, 3, 4)})

# SplitToSequence with constant split sizes, and with sizes known only at
# run time (a graph input), concatenated back in reverse order.
save("valid", "split_sizes", model(
    [N("SplitToSequence", ["x", "sizes"], ["s"], axis=1),
     N("SequenceAt", ["s", "one"], ["second"]),
     N("SplitToSequence", ["x", "rt_sizes"], ["r"], axis=1),
     N("SequenceAt", ["r", "zero"], ["r0"]),
     N("SequenceAt", ["r", "one"], ["r1"]),
     N("SequenceAt", ["r", "two"], ["r2"]),
     N("SequenceConstruct", ["r2", "r1", "r0"], ["rev"]),
     N("ConcatFromSequence", ["rev"], ["reversed"], axis=1),
     N("SequenceLength", ["r"], ["len"])],
    [vi("x", [2, 6]), vi("rt_sizes", [3], I64)],
    [vi("second", None), vi("reversed", None), vi("len", None, I64)],
    [("sizes", i64(2, 4)), ("zero", scalar(0)), ("one", scalar(1)), ("two", scalar(2))]),
    {"x": rand(2, 6), "rt_sizes": i64(1, 3, 2)})

# A position the importer's symbolic shape evaluation proves: Shape(x)[0] -
# Shape(x)[0] + 1 is 1 whatever the run-time size.
save("valid", "position_symbolic", model(
    [N("Shape", ["x"], ["shape"]),
     N("Gather", ["shape", "zero"], ["d0"], axis=0),
     N("Sub", ["d0", "d0"], ["nil"]),
     N("Add", ["nil", "one"], ["pos"]),
     N("SequenceConstruct", ["x", "y"], ["s"]),
     N("SequenceAt", ["s", "pos"], ["out"])],
    [vi("x", [2, 3]), vi("y", [4])], [vi("out", None)],
    [("zero", scalar(0)), ("one", scalar(1))]),
    {"x": rand(2, 3), "y": rand(4)})

# --- Valid with static dimensions only -----------------------------------------

# A scalar split (parts of 2, the last one smaller) needs the split
# dimension's size to know the number of parts.
save("static", "split_scalar", model(
    [N("SplitToSequence", ["x", "two"], ["s"], axis=0),
     N("SequenceAt", ["s", "minus1"], ["last"]),
     N("SequenceAt", ["s", "zero"], ["first"]),
     N("SequenceLength", ["s"], ["len"])],
    [vi("x", [5, 3])], [vi("last", None), vi("first", None), vi("len", None, I64)],
    [("two", scalar(2)), ("zero", scalar(0)), ("minus1", scalar(-1))]),
    {"x": rand(5, 3)})

# Erasing from and inserting into a split's parts needs their number.
save("static", "split_edit", model(
    [N("SplitToSequence", ["x"], ["s"], axis=0),
     N("SequenceErase", ["s", "one"], ["e"]),
     N("SequenceInsert", ["e", "y", "zero"], ["i"]),
     N("ConcatFromSequence", ["i"], ["out"], axis=0),
     N("SplitToSequence", ["x"], ["t"], axis=1, keepdims=0),
     N("ConcatFromSequence", ["t"], ["cat"], axis=0)],
    [vi("x", [3, 2]), vi("y", [1, 2])], [vi("out", None), vi("cat", None)],
    [("zero", scalar(0)), ("one", scalar(1))]),
    {"x": rand(3, 2), "y": rand(1, 2)})

# --- Run-time errors -----------------------------------------------------------

# Part 2 of a split along a dynamic dimension exists only when the run-time
# size is at least 3.
save("valid", "split_dynamic_at", model(
    [N("SplitToSequence", ["x"], ["s"], axis=0, keepdims=0),
     N("SequenceAt", ["s", "two"], ["out"])],
    [vi("x", ["n", 2])], [vi("out", None)], [("two", scalar(2))]),
    {"x": rand(4, 2)})
save_bad_inputs("valid", "split_dynamic_at", {"x": rand(2, 2)})

# --- Models Kiln rejects, each with one clear line -----------------------------
pair = [N("SequenceConstruct", ["a", "b"], ["s"])]
ab = [vi("a", [2]), vi("b", [2])]
save_invalid("position_runtime", model(
    pair + [N("SequenceAt", ["s", "p"], ["y"])], ab + [vi("p", [], I64)], [vi("y", None)]))
save_invalid("position_out_of_range", model(
    pair + [N("SequenceAt", ["s", "five"], ["y"])], ab, [vi("y", None)], [("five", scalar(5))]))
save_invalid("position_float", model(
    pair + [N("SequenceInsert", ["s", "a", "half"], ["t"]), N("SequenceAt", ["t", "half"], ["y"])],
    ab, [vi("y", None)], [("half", scalar(0.5, np.float32))]))
save_invalid("erase_empty", model(
    [N("SequenceEmpty", [], ["s"]), N("SequenceErase", ["s"], ["t"]),
     N("SequenceLength", ["t"], ["y"])], [], [vi("y", None, I64)]))
save_invalid("insert_type", model(
    [N("SequenceEmpty", [], ["s"]), N("SequenceInsert", ["s", "i"], ["t"]),
     N("SequenceAt", ["t", "zero"], ["y"])],
    [vi("i", [2], I64)], [vi("y", None, I64)], [("zero", scalar(0))]))
save_invalid("construct_types", model(
    [N("SequenceConstruct", ["a", "i"], ["s"]), N("SequenceLength", ["s"], ["y"])],
    [vi("a", [2]), vi("i", [2], I64)], [vi("y", None, I64)]))
save_invalid("concat_empty", model(
    [N("SequenceEmpty", [], ["s"]), N("ConcatFromSequence", ["s"], ["y"], axis=0)],
    [], [vi("y", None)]))
save_invalid("concat_new_axis", model(
    pair + [N("ConcatFromSequence", ["s"], ["y"], axis=0, new_axis=2)], ab, [vi("y", None)]))
save_invalid("concat_ranks", model(
    [N("SequenceConstruct", ["a", "m"], ["s"]), N("ConcatFromSequence", ["s"], ["y"], axis=0)],
    [vi("a", [2]), vi("m", [2, 2])], [vi("y", None)]))
save_invalid("split_scalar_runtime", model(
    [N("SplitToSequence", ["x", "k"], ["s"]), N("SequenceLength", ["s"], ["y"])],
    [vi("x", [4]), vi("k", [], I64)], [vi("y", None, I64)]))
save_invalid("split_scalar_dynamic", model(
    [N("SplitToSequence", ["x", "two"], ["s"]), N("SequenceLength", ["s"], ["y"])],
    [vi("x", ["n"])], [vi("y", None, I64)], [("two", scalar(2))]))
save_invalid("split_sum", model(
    [N("SplitToSequence", ["x", "sizes"], ["s"]), N("SequenceLength", ["s"], ["y"])],
    [vi("x", [4])], [vi("y", None, I64)], [("sizes", i64(1, 1))]))
save_invalid("split_dynamic_erase", model(
    [N("SplitToSequence", ["x"], ["s"]), N("SequenceErase", ["s"], ["t"]),
     N("SequenceLength", ["t"], ["y"])],
    [vi("x", ["n", 2])], [vi("y", None, I64)]))
save_invalid("split_dynamic_concat", model(
    [N("SplitToSequence", ["x"], ["s"]), N("ConcatFromSequence", ["s"], ["y"], axis=1)],
    [vi("x", ["n", 2])], [vi("y", None)]))
save_invalid("sequence_as_tensor", model(
    pair + [N("Relu", ["s"], ["y"])], ab, [vi("y", None)]))
save_invalid("tensor_as_sequence", model(
    [N("SequenceAt", ["a", "zero"], ["y"])], [vi("a", [2])], [vi("y", None)],
    [("zero", scalar(0))]))
save_invalid("sequence_output", model(pair, ab, [seq_vi("s")]))
save_invalid("sequence_input", model(
    [N("SequenceLength", ["s"], ["y"])], [seq_vi("s")], [vi("y", None, I64)]))
body = helper.make_graph([N("Identity", ["e"], ["o"])], "body", [vi("e", None)], [vi("o", None)])
save_invalid("sequence_map", model(
    pair + [N("SequenceMap", ["s"], ["t"], body=body), N("SequenceAt", ["t", "zero"], ["y"])],
    ab, [vi("y", None)], [("zero", scalar(0))]))
print("wrote sequence test models to", OUT)
