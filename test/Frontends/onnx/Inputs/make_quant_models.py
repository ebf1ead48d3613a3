#!/usr/bin/env python3
"""Writes small ONNX models with the quantization operators into OUT_DIR.

Valid models get OUT_DIR/NAME/model.onnx plus test_data_set_0. Expected
outputs come from ONNX's reference implementation (onnx.reference), except
where it departs from the operator's specification:
- QLinearMatMul: the reference casts without saturating (out-of-range
  results wrap); its arithmetic is repeated here with the saturation the
  specification asks for;
- per-row/per-channel zero points of MatMulInteger and ConvInteger, which
  the reference does not broadcast as specified: the integer arithmetic is
  done here in numpy (int64).
The inputs include quotients exactly halfway between integers (rounding
half to even) and values that saturate. Invalid models are written as
OUT_DIR/NAME.onnx.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto as TP, helper, numpy_helper
from onnx.reference import ReferenceEvaluator
from onnx.reference.ops.op_conv import _conv_implementation

OUT = sys.argv[1]
node = helper.make_node


def vi(name, t, shape):
    return helper.make_tensor_value_info(name, t, shape)


def model(nodes, inputs, outputs, opset=21, inits=()):
    m = helper.make_model(helper.make_graph(nodes, "g", inputs, outputs, list(inits)),
                          opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = 10 if opset >= 21 else 8
    return m


def tensor_type(a):
    return helper.np_dtype_to_tensor_dtype(a.dtype)


def save_valid(name, nodes, feeds, outputs, opset=21, expected=None, consts=()):
    """`outputs`: names; `expected`: outputs that replace the reference's;
    `consts`: feeds stored as initializers (static even with --force-dynamic)."""
    inits = [numpy_helper.from_array(feeds.pop(k), k) for k in consts]
    inputs = [vi(k, tensor_type(v), list(v.shape)) for k, v in feeds.items()]
    m = model(nodes, inputs, [vi(n, TP.UNDEFINED, None) for n in outputs], opset, inits)
    ref = ReferenceEvaluator(m).run(None, feeds) if expected is None else expected
    for o, v in zip(m.graph.output, ref):
        o.type.tensor_type.elem_type = tensor_type(np.asarray(v))
    d = os.path.join(OUT, name)
    os.makedirs(os.path.join(d, "test_data_set_0"), exist_ok=True)
    onnx.save(m, os.path.join(d, "model.onnx"))
    for i, (k, v) in enumerate(feeds.items()):
        with open(os.path.join(d, "test_data_set_0", f"input_{i}.pb"), "wb") as f:
            f.write(numpy_helper.from_array(v, k).SerializeToString())
    for i, v in enumerate(ref):
        with open(os.path.join(d, "test_data_set_0", f"output_{i}.pb"), "wb") as f:
            f.write(numpy_helper.from_array(np.asarray(v)).SerializeToString())


def save_invalid(name, nodes, inputs, outputs, opset=21):
    m = model(nodes, inputs, outputs, opset)
    with open(os.path.join(OUT, name + ".onnx"), "wb") as f:
        f.write(m.SerializeToString())


os.makedirs(OUT, exist_ok=True)
f32 = np.float32

# QuantizeLinear. With scale 0.5 the quotients of x = k/4 are k/2: the odd
# ones lie halfway and round to even; the large ones saturate.
halves = np.array([0.25, 0.75, 1.25, -0.25, -0.75, -1.25, 200.0, -200.0, 1e9, -1e9, 63.3, 0.0],
                  f32)
rng = np.random.default_rng(7)
x34 = (np.arange(3 * 4 * 7, dtype=f32).reshape(3, 4, 7) - 40) * f32(1.5) + f32(0.25)
save_valid("quantize", [
    node("QuantizeLinear", ["h", "s", "zu8"], ["per_tensor_u8"]),
    node("QuantizeLinear", ["h", "s", "zi8"], ["per_tensor_i8"]),
    node("QuantizeLinear", ["h", "s"], ["default_u8"]),
    node("QuantizeLinear", ["h", "s", "zi16"], ["per_tensor_i16"]),
    node("QuantizeLinear", ["h", "s16", "zu16"], ["per_tensor_u16"]),
    node("QuantizeLinear", ["x", "sa", "za"], ["per_axis_i8"], axis=1),
    node("QuantizeLinear", ["x", "sb", "zb"], ["blocked_u8"], axis=-1, block_size=3),
    node("QuantizeLinear", ["x", "sb"], ["blocked_i16"], axis=2, block_size=3,
         output_dtype=TP.INT16),
], {"h": halves, "s": np.array(0.5, f32), "zu8": np.array(128, np.uint8),
    "zi8": np.array(-3, np.int8), "zi16": np.array(-32000, np.int16),
    "s16": np.array([0.5], f32), "zu16": np.array([65000], np.uint16), "x": x34,
    "sa": np.array([0.5, 2.0, 1.0, 4.0], f32), "za": np.array([0, -5, 100, 7], np.int8),
    "sb": np.array([[[0.5, 2.0, 1.0]], [[4.0, 0.25, 8.0]], [[1.0, 1.0, 0.5]]], f32).repeat(4, 1),
    "zb": rng.integers(0, 256, (3, 4, 3)).astype(np.uint8)},
    ["per_tensor_u8", "per_tensor_i8", "default_u8", "per_tensor_i16", "per_tensor_u16",
     "per_axis_i8", "blocked_u8", "blocked_i16"])

# Float16 input and scale: the quotient is computed and rounded in float16.
save_valid("quantize_f16", [
    node("QuantizeLinear", ["h", "s", "z"], ["y"]),
], {"h": np.clip(halves, -30000, 30000).astype(np.float16), "s": np.array(0.5, np.float16),
    "z": np.array(10, np.int8)}, ["y"], opset=19)

# The first version: per tensor, uint8 or int8.
save_valid("quantize_v10", [
    node("QuantizeLinear", ["h", "s", "z"], ["y"]),
], {"h": halves, "s": np.array(0.5, f32), "z": np.array(-128, np.int8)}, ["y"], opset=10)

# DequantizeLinear: per tensor, per axis, blocked (with a remainder block),
# int32 input (computed in f64, as numpy does) and a float16 scale.
xi8 = np.array([[-128, -1, 0, 1, 127], [5, -7, 100, -100, 3]], np.int8)
xu16 = rng.integers(0, 65536, (2, 3, 5)).astype(np.uint16)
save_valid("dequantize", [
    node("DequantizeLinear", ["xi8", "s", "zi8"], ["per_tensor"]),
    node("DequantizeLinear", ["xi8", "sa"], ["per_axis"], axis=0),
    node("DequantizeLinear", ["xu16", "sb", "zb"], ["blocked"], axis=2, block_size=2),
    node("DequantizeLinear", ["xi32", "s", "zi32"], ["int32"]),
    node("DequantizeLinear", ["xi16", "sh", "zi16"], ["f16_scale"], axis=1),
], {"xi8": xi8, "s": np.array(0.1, f32), "zi8": np.array(-3, np.int8),
    "sa": np.array([0.5, 3.0], f32), "xu16": xu16,
    "sb": rng.random((2, 3, 3)).astype(f32), "zb": rng.integers(0, 65536, (2, 3, 3)).astype(np.uint16),
    "xi32": np.array([2**31 - 1, -2**31, 123456789, -5], np.int32),
    "zi32": np.array(-2**30, np.int32),
    "xi16": np.array([[-32768, 32767, 1], [0, -1, 1000]], np.int16),
    "sh": np.array([0.1, 0.2, 0.3], np.float16), "zi16": np.array([7, -7, 0], np.int16)},
    ["per_tensor", "per_axis", "blocked", "int32", "f16_scale"])

# DynamicQuantizeLinear: a mixed range, an all-positive one (min 0) and
# all zeros (scale 1/255).
save_valid("dynamic_quantize", [
    node("DynamicQuantizeLinear", ["a"], ["ya", "sa", "za"]),
    node("DynamicQuantizeLinear", ["b"], ["yb", "sb", "zb"]),
    node("DynamicQuantizeLinear", ["c"], ["yc", "sc", "zc"]),
], {"a": np.array([[-1.0, 2.5, 0.3], [1.55, -0.7, 0.0]], f32),
    "b": np.array([0.5, 255.0, 127.5, 1.5], f32), "c": np.zeros((2, 2), f32)},
    ["ya", "sa", "za", "yb", "sb", "zb", "yc", "sc", "zc"], opset=11)

# MatMulInteger: uint8 x int8 with per-row and per-column zero points, and
# a batched int8 x uint8 product with scalar zero points.
A = rng.integers(0, 256, (3, 5)).astype(np.uint8)
B = rng.integers(-128, 128, (5, 4)).astype(np.int8)
azp = np.array([0, 255, 17], np.uint8)
bzp = np.array([-128, 127, 0, 5], np.int8)
A3 = rng.integers(-128, 128, (2, 3, 5)).astype(np.int8)
B3 = rng.integers(0, 256, (5, 2)).astype(np.uint8)
save_valid("matmul_integer", [
    node("MatMulInteger", ["A", "B", "azp", "bzp"], ["rows_cols"]),
    node("MatMulInteger", ["A3", "B3", "azp3", "bzp3"], ["batched"]),
    node("MatMulInteger", ["A", "B"], ["no_zero_points"]),
], {"A": A, "B": B, "azp": azp, "bzp": bzp, "A3": A3, "B3": B3,
    "azp3": np.array(-7, np.int8), "bzp3": np.array(200, np.uint8)},
    ["rows_cols", "batched", "no_zero_points"], opset=10, expected=[
    ((A.astype(np.int64) - azp[:, None]) @ (B.astype(np.int64) - bzp)).astype(np.int32),
    ((A3.astype(np.int64) + 7) @ (B3.astype(np.int64) - 200)).astype(np.int32),
    (A.astype(np.int64) @ B.astype(np.int64)).astype(np.int32)])


def qlinear_matmul(a, a_s, a_zp, b, b_s, b_zp, y_s, y_zp):
    """ONNX's reference arithmetic, saturating as the specification says."""
    c = np.matmul(a.astype(np.int32) - a_zp.astype(np.int32),
                  b.astype(np.int32) - b_zp.astype(np.int32))
    d = c * (a_s * b_s / y_s) + y_zp
    info = np.iinfo(y_zp.dtype)
    return np.clip(np.rint(d), info.min, info.max).astype(y_zp.dtype)


# QLinearMatMul: scales whose combined factor is 0.5 put odd accumulators
# exactly halfway; large accumulators saturate both ways.
qa = np.array([[129, 127, 128, 131], [130, 128, 125, 128], [255, 0, 128, 128],
               [200, 60, 128, 128], [127, 128, 128, 128], [125, 128, 128, 128],
               [128, 0, 128, 128], [128, 128, 128, 0]], np.uint8)
qb = np.array([[128, 127], [126, 130], [127, 127], [127, 124]], np.uint8)
qfeeds = {"a": qa, "as": np.array([0.5], f32), "az": np.array([128], np.uint8),
          "b": qb, "bs": np.array([1.0], f32), "bz": np.array([127], np.uint8),
          "ys": np.array([1.0], f32), "yz": np.array([100], np.uint8)}
qa8 = np.array([[[-128, 127, 3], [0, 1, -1]], [[5, 5, 5], [-60, 30, 9]]], np.int8)
qb8 = np.array([[[1, -3], [2, 7], [-128, 0]], [[127, 1], [-1, -2], [0, 3]]], np.int8)
q8 = {"a8": qa8, "as8": np.array(0.02, f32), "az8": np.array(-1, np.int8), "b8": qb8,
      "bs8": np.array(0.5, f32), "bz8": np.array(2, np.int8), "ys8": np.array(0.03, f32),
      "yz8": np.array(-5, np.int8)}
save_valid("qlinear_matmul", [
    node("QLinearMatMul", list(qfeeds), ["y"]),
    node("QLinearMatMul", list(q8), ["y8"]),
], {**qfeeds, **q8}, ["y", "y8"], opset=21,
    expected=[qlinear_matmul(*qfeeds.values()), qlinear_matmul(*q8.values())])

# ConvInteger: uint8 input with a zero point, int8 weight with per-output-
# channel zero points, padding, stride and two groups.
cx = rng.integers(0, 256, (1, 4, 5, 6)).astype(np.uint8)
cw = rng.integers(-128, 128, (6, 2, 3, 2)).astype(np.int8)
cxz = np.array(131, np.uint8)
cwz = np.array([0, -128, 127, 5, -5, 60], np.int8)
conv_attrs = dict(pads=[1, 0, 1, 1], strides=[2, 1], group=2)
conv_ref = _conv_implementation(cx.astype(np.int64) - 131,
                                cw.astype(np.int64) - cwz.reshape(6, 1, 1, 1), None, "NOTSET",
                                [1, 1], 2, [3, 2], [1, 0, 1, 1], [2, 1])
save_valid("conv_integer", [
    node("ConvInteger", ["x", "w", "xz", "wz"], ["y"], **conv_attrs),
], {"x": cx, "w": cw, "xz": cxz, "wz": cwz}, ["y"], opset=10,
    expected=[conv_ref.astype(np.int32)], consts=["w"])

# QLinearConv: per-channel weight scale and zero point, an int32 bias,
# halfway results (combined scale 0.5) and saturation.
lx = rng.integers(0, 256, (2, 2, 5, 5)).astype(np.uint8)
lw = rng.integers(0, 256, (3, 2, 2, 2)).astype(np.uint8)
save_valid("qlinear_conv", [
    node("QLinearConv", ["x", "xs", "xz", "w", "ws", "wz", "ys", "yz", "bias"], ["y"],
         pads=[1, 1, 0, 0], dilations=[2, 1]),
    node("QLinearConv", ["x", "xs", "xz", "w", "ws1", "wz1", "ys", "yz"], ["y1"],
         strides=[2, 2], pads=[0, 1, 1, 0]),
], {"x": lx, "xs": np.array(0.5, f32), "xz": np.array(120, np.uint8), "w": lw,
    "ws": np.array([0.01, 1.0, 0.003], f32), "wz": np.array([128, 0, 255], np.uint8),
    "ys": np.array(1.0, f32), "yz": np.array(50, np.uint8),
    "bias": np.array([1000, -3, 77], np.int32), "ws1": np.array(0.001, f32),
    "wz1": np.array(100, np.uint8)}, ["y", "y1"], opset=10, consts=["w"])

# Unsupported or malformed.
save_invalid("quantize_float8", [
    node("QuantizeLinear", ["x", "s"], ["y"], output_dtype=TP.FLOAT8E4M3FN)],
    [vi("x", TP.FLOAT, [4]), vi("s", TP.FLOAT, [])], [vi("y", TP.UINT8, None)])
save_invalid("quantize_negative_block", [
    node("QuantizeLinear", ["x", "s"], ["y"], axis=0, block_size=-2)],
    [vi("x", TP.FLOAT, [4]), vi("s", TP.FLOAT, [2])], [vi("y", TP.UINT8, None)])
save_invalid("dequantize_bad_blocks", [
    node("DequantizeLinear", ["x", "s"], ["y"], axis=1, block_size=2)],
    [vi("x", TP.INT8, [2, 5]), vi("s", TP.FLOAT, [2, 2])], [vi("y", TP.FLOAT, None)])
save_invalid("dequantize_float_input", [
    node("DequantizeLinear", ["x", "s"], ["y"])],
    [vi("x", TP.FLOAT, [4]), vi("s", TP.FLOAT, [])], [vi("y", TP.FLOAT, None)])
