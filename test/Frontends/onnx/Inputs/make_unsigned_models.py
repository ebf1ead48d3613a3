#!/usr/bin/env python3
"""Writes small ONNX models on unsigned integer tensors into OUT_DIR.

The values set the top bit, where signed and unsigned meanings differ.
Valid models get OUT_DIR/NAME/model.onnx plus test_data_set_0 with the
outputs of ONNX's reference implementation (onnx.reference), except that
64-bit integer quotients come from numpy's exact floor division (the
reference divides in float64); invalid ones are written as OUT_DIR/NAME.onnx.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto as TP, helper, numpy_helper
from onnx.reference import ReferenceEvaluator

OUT = sys.argv[1]
node = helper.make_node


def vi(name, t, shape):
    return helper.make_tensor_value_info(name, t, shape)


def model(nodes, inputs, outputs, opset=18, inits=()):
    m = helper.make_model(helper.make_graph(nodes, "g", inputs, outputs, list(inits)),
                          opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = 8
    return m


def save_valid(name, m, feeds, exact=None):
    d = os.path.join(OUT, name)
    os.makedirs(os.path.join(d, "test_data_set_0"), exist_ok=True)
    onnx.save(m, os.path.join(d, "model.onnx"))
    ref = ReferenceEvaluator(m).run(None, feeds)
    for i, v in (exact or {}).items():
        ref[i] = v
    for i, (k, v) in enumerate(feeds.items()):
        with open(os.path.join(d, "test_data_set_0", f"input_{i}.pb"), "wb") as f:
            f.write(numpy_helper.from_array(v, k).SerializeToString())
    for i, v in enumerate(ref):
        with open(os.path.join(d, "test_data_set_0", f"output_{i}.pb"), "wb") as f:
            f.write(numpy_helper.from_array(np.asarray(v)).SerializeToString())


os.makedirs(OUT, exist_ok=True)

# uint8: division, modulo, max/min, comparisons, abs/sign, bitwise not,
# casts to float, to a wider and to a signed type, reductions and arg max.
a8 = np.array([[200, 3, 255, 128, 0, 7], [1, 250, 129, 64, 90, 255]], np.uint8)
b8 = np.array([[7, 200, 16, 3, 5, 255], [255, 2, 130, 64, 91, 1]], np.uint8)
outs8 = ["div", "mod", "max", "min", "lt", "ge", "abs", "sign", "not", "f32",
         "u16", "i16", "rmax", "rmin", "amax", "amin", "rsum", "shr", "shl"]
types8 = [TP.UINT8] * 4 + [TP.BOOL] * 2 + [TP.UINT8] * 3 + [TP.FLOAT, TP.UINT16, TP.INT16] + \
    [TP.UINT8] * 2 + [TP.INT64] * 2 + [TP.UINT8] * 3
save_valid("uint8_ops", model([
    node("Div", ["a", "b"], ["div"]),
    node("Mod", ["a", "b"], ["mod"]),
    node("Max", ["a", "b"], ["max"]),
    node("Min", ["a", "b"], ["min"]),
    node("Less", ["a", "b"], ["lt"]),
    node("GreaterOrEqual", ["a", "b"], ["ge"]),
    node("Abs", ["a"], ["abs"]),
    node("Sign", ["a"], ["sign"]),
    node("BitwiseNot", ["a"], ["not"]),
    node("Cast", ["a"], ["f32"], to=TP.FLOAT),
    node("Cast", ["a"], ["u16"], to=TP.UINT16),
    node("Cast", ["a"], ["i16"], to=TP.INT16),
    node("ReduceMax", ["a"], ["rmax"], keepdims=0),
    node("ReduceMin", ["a", "ax1"], ["rmin"], keepdims=1),
    node("ArgMax", ["a"], ["amax"], axis=1),
    node("ArgMin", ["a"], ["amin"], axis=0, keepdims=0),
    node("ReduceSum", ["a", "ax1"], ["rsum"], keepdims=0),
    node("BitShift", ["a", "s"], ["shr"], direction="RIGHT"),
    node("BitShift", ["a", "s"], ["shl"], direction="LEFT"),
], [vi("a", TP.UINT8, [2, 6]), vi("b", TP.UINT8, [2, 6]), vi("s", TP.UINT8, [6])],
    [vi(n, t, None) for n, t in zip(outs8, types8)], opset=18,
    inits=[numpy_helper.from_array(np.array([1], np.int64), "ax1")]),
    {"a": a8, "b": b8, "s": np.array([0, 1, 3, 7, 2, 5], np.uint8)})

# uint64 beyond 2^63, uint32 beyond 2^31, and signed/float casts into them.
a64 = np.array([2**64 - 1, 2**63, 12345678901234567890, 5], np.uint64)
b64 = np.array([3, 2**63 + 1, 10, 2**64 - 2], np.uint64)
a32 = np.array([4000000000, 7, 2**31, 1], np.uint32)
save_valid("wide_ops", model([
    node("Div", ["a", "b"], ["div"]),
    node("Mod", ["a", "b"], ["mod"]),
    node("Greater", ["a", "b"], ["gt"]),
    node("LessOrEqual", ["a", "b"], ["le"]),
    node("Max", ["a", "b"], ["max"]),
    node("Sub", ["b", "a"], ["sub"]),
    node("Cast", ["a"], ["f64"], to=TP.DOUBLE),
    node("Cast", ["c"], ["c64"], to=TP.UINT64),
    node("Cast", ["c"], ["cf"], to=TP.FLOAT),
    node("Cast", ["i"], ["iu"], to=TP.UINT32),
    node("Cast", ["f"], ["fu"], to=TP.UINT32),
    node("BitwiseAnd", ["a", "b"], ["and"]),
    node("BitShift", ["a", "s"], ["shr"], direction="RIGHT"),
], [vi("a", TP.UINT64, [4]), vi("b", TP.UINT64, [4]), vi("c", TP.UINT32, [4]),
    vi("i", TP.INT8, [4]), vi("f", TP.FLOAT, [4]), vi("s", TP.UINT64, [4])],
    [vi("div", TP.UINT64, None), vi("mod", TP.UINT64, None), vi("gt", TP.BOOL, None),
     vi("le", TP.BOOL, None), vi("max", TP.UINT64, None), vi("sub", TP.UINT64, None),
     vi("f64", TP.DOUBLE, None), vi("c64", TP.UINT64, None), vi("cf", TP.FLOAT, None),
     vi("iu", TP.UINT32, None), vi("fu", TP.UINT32, None), vi("and", TP.UINT64, None),
     vi("shr", TP.UINT64, None)]),
    {"a": a64, "b": b64, "c": a32, "i": np.array([-1, 5, -128, 127], np.int8),
     "f": np.array([0.5, 3000000000.0, 7.9, 255.0], np.float32),
     "s": np.array([63, 1, 60, 0], np.uint64)},
    exact={0: a64 // b64})

# An unsigned initializer stored in typed fields (int32_data for uint8,
# uint64_data for uint64) rather than raw bytes.
w8 = helper.make_tensor("w8", TP.UINT8, [3], [250, 1, 128])
w64 = helper.make_tensor("w64", TP.UINT64, [2], [2**64 - 1, 3])
save_valid("typed_initializers", model([
    node("Max", ["x", "w8"], ["m"]),
    node("Div", ["y", "w64"], ["d"]),
], [vi("x", TP.UINT8, [3]), vi("y", TP.UINT64, [2])],
    [vi("m", TP.UINT8, None), vi("d", TP.UINT64, None)], inits=[w8, w64]),
    {"x": np.array([3, 200, 129], np.uint8), "y": np.array([2**64 - 1, 2**63], np.uint64)},
    exact={1: np.array([2**64 - 1, 2**63], np.uint64) // np.array([2**64 - 1, 3], np.uint64)})

# Unsupported: a scatter keeping the larger value would compare with signed
# semantics.
m = model([node("ScatterElements", ["x", "i", "u"], ["y"], axis=0, reduction="max")],
          [vi("x", TP.UINT8, [4]), vi("i", TP.INT64, [2]), vi("u", TP.UINT8, [2])],
          [vi("y", TP.UINT8, None)])
with open(os.path.join(OUT, "scatter_max_uint8.onnx"), "wb") as f:
    f.write(m.SerializeToString())
