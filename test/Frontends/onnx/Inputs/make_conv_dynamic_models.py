#!/usr/bin/env python3
"""Writes ONNX Conv, ConvTranspose and pooling models whose window depends
on sizes known only at run time: weights given as graph inputs (symbolic
kernel and channel sizes), output_shape and auto_pad SAME with a stride
above 1 on symbolic spatial sizes, and bias sizes checked at run time.
Each input has symbols of its own, so that sizes which must agree are
checked by the compiled code, not by the symbols' run-time binding.

Every model in OUT_DIR/dynamic/NAME/ keeps its symbolic dimensions and has
two data sets of different sizes, so one compiled model runs both. The
reference is onnxruntime. Inputs the compiled model must reject go to
OUT_DIR/bad/NAME/.
"""
import sys

import numpy as np
from onnx import TensorProto, helper, numpy_helper

import modelgen
from modelgen import vi

OUT = sys.argv[1]
rng = np.random.default_rng(7)
F = TensorProto.FLOAT
N = helper.make_node


def rand(*shape):
    return rng.standard_normal(shape).astype(np.float32)


def save(name, m, *feed_sets):
    modelgen.save_valid(OUT, name, m, *feed_sets, folder="dynamic")


def bad(name, valid, feeds):
    modelgen.save_bad_inputs(OUT, name, valid, feeds, folder="dynamic")


def model(nodes, inputs, outputs, opset=17):
    return modelgen.model(nodes, inputs, outputs, (), opset)


# --- Conv with the weight as an input -------------------------------------
# Strides, asymmetric pads, dilations, two groups and a bias input, with
# kernel and channel sizes only known at run time.
m = model([N("Conv", ["x", "w", "b"], ["y"], name="conv", group=2, strides=[2, 1],
             pads=[1, 0, 2, 1], dilations=[1, 2])],
          [vi("x", ["n", "c", "h", "w"]), vi("w", ["wm", "wc", "kh", "kw"]), vi("b", ["bm"])],
          [vi("y", None)])
save("conv_weight_input", m,
     {"x": rand(1, 4, 7, 8), "w": rand(6, 2, 3, 2), "b": rand(6)},
     {"x": rand(2, 2, 9, 6), "w": rand(4, 1, 2, 3), "b": rand(4)})

# kernel_shape pins the weight's spatial sizes; a weight of another size
# is rejected at run time.
m = model([N("Conv", ["x", "w"], ["y"], name="conv", kernel_shape=[3, 3], pads=[1, 1, 1, 1])],
          [vi("x", ["n", 3, "h", "w"]), vi("w", [5, 3, "kh", "kw"])], [vi("y", None)])
save("conv_kernel_shape", m,
     {"x": rand(2, 3, 6, 5), "w": rand(5, 3, 3, 3)},
     {"x": rand(1, 3, 4, 9), "w": rand(5, 3, 3, 3)})
bad("conv_kernel_shape_mismatch", "conv_kernel_shape",
    {"x": rand(2, 3, 6, 5), "w": rand(5, 3, 2, 3)})

# --- SAME padding with a stride above 1 on symbolic spatial sizes --------
m = model([N("Conv", ["x", "w"], ["y"], name="conv", auto_pad="SAME_LOWER", strides=[2, 3])],
          [vi("x", ["n", 2, "h", "w"]), vi("w", [3, 2, 3, 4])], [vi("y", None)])
save("conv_same_lower_strided", m,
     {"x": rand(1, 2, 7, 10), "w": rand(3, 2, 3, 4)},
     {"x": rand(2, 2, 4, 5), "w": rand(3, 2, 3, 4)})

# ... and with a weight of run-time size.
m = model([N("Conv", ["x", "w"], ["y"], name="conv", auto_pad="SAME_UPPER", strides=[1, 2])],
          [vi("x", ["n", "c", "h", "w"]), vi("w", ["wm", "wc", "kh", "kw"])], [vi("y", None)])
save("conv_same_upper_weight_input", m,
     {"x": rand(1, 2, 6, 7), "w": rand(3, 2, 2, 3)},
     {"x": rand(2, 1, 5, 4), "w": rand(2, 1, 3, 4)})

m = model([N("MaxPool", ["x"], ["y"], name="pool", auto_pad="SAME_UPPER", kernel_shape=[3, 2],
             strides=[2, 2])],
          [vi("x", ["n", "c", "h", "w"])], [vi("y", None)])
save("maxpool_same_upper_strided", m, {"x": rand(1, 2, 5, 7)}, {"x": rand(2, 1, 8, 3)})

for include in (0, 1):
    m = model([N("AveragePool", ["x"], ["y"], name="pool", auto_pad="SAME_LOWER",
                 kernel_shape=[3, 3], strides=[2, 3], count_include_pad=include)],
              [vi("x", ["n", "c", "h", "w"])], [vi("y", None)])
    save(f"avgpool_same_lower_strided_{'incl' if include else 'excl'}", m,
         {"x": rand(1, 2, 5, 7)}, {"x": rand(2, 3, 6, 4)})

m = model([N("AveragePool", ["x"], ["y"], name="pool", auto_pad="SAME_UPPER",
             kernel_shape=[4], strides=[3])],
          [vi("x", ["n", "c", "l"])], [vi("y", None)])
save("avgpool_1d_same_upper_strided", m, {"x": rand(1, 2, 10)}, {"x": rand(3, 1, 4)})

m = model([N("LpPool", ["x"], ["y"], name="pool", auto_pad="SAME_UPPER", kernel_shape=[2, 3],
             strides=[2, 2], p=3)],
          [vi("x", ["n", "c", "h", "w"])], [vi("y", None)], opset=18)
save("lppool_same_upper_strided", m, {"x": rand(1, 2, 5, 6)}, {"x": rand(2, 1, 3, 7)})

# --- ConvTranspose with the weight as an input ----------------------------
m = model([N("ConvTranspose", ["x", "w", "b"], ["y"], name="convt", group=2, strides=[2, 3],
             pads=[1, 0, 0, 2], dilations=[2, 1], output_padding=[1, 2])],
          [vi("x", ["n", "c", "h", "w"]), vi("w", ["wc", "wm", "kh", "kw"]), vi("b", ["bm"])],
          [vi("y", None)])
save("convt_weight_input", m,
     {"x": rand(1, 4, 3, 4), "w": rand(4, 3, 3, 2), "b": rand(6)},
     {"x": rand(2, 2, 2, 5), "w": rand(2, 1, 2, 4), "b": rand(2)})
bad("convt_channels_mismatch", "convt_weight_input",
    {"x": rand(1, 4, 3, 4), "w": rand(6, 3, 3, 2), "b": rand(6)})

m = model([N("ConvTranspose", ["x", "w"], ["y"], name="convt", strides=[2])],
          [vi("x", ["n", "c", "l"]), vi("w", ["wc", "wm", "k"])], [vi("y", None)])
save("convt_1d_weight_input", m,
     {"x": rand(1, 2, 5), "w": rand(2, 3, 4)}, {"x": rand(2, 1, 3), "w": rand(1, 2, 1)})

m = model([N("ConvTranspose", ["x", "w"], ["y"], name="convt", strides=[1, 2, 1],
             pads=[0, 1, 0, 1, 0, 0])],
          [vi("x", ["n", "c", "d", "h", "w"]), vi("w", ["wc", "wm", "kd", "kh", "kw"])],
          [vi("y", None)])
save("convt_3d_weight_input", m,
     {"x": rand(1, 2, 2, 3, 2), "w": rand(2, 2, 2, 3, 2)},
     {"x": rand(1, 1, 3, 2, 2), "w": rand(1, 1, 1, 2, 3)})

# output_shape: the padding depends on the run-time input and kernel sizes
# (cropping the full result, or growing it with zeros plus the bias).
# The full sizes are [9, 7] and [8, 10] for the target [10, 8]: growth by 1
# and 2 (at the end, as onnxruntime does; it accepts growth by less than
# the stride), and a crop of 1 at each end.
m = model([N("ConvTranspose", ["x", "w", "b"], ["y"], name="convt", strides=[3, 2],
             output_shape=[10, 8])],
          [vi("x", ["n", "c", "h", "w"]), vi("w", ["wc", "wm", "kh", "kw"]), vi("b", ["bm"])],
          [vi("y", None)])
save("convt_output_shape", m,
     {"x": rand(1, 1, 3, 3), "w": rand(1, 2, 3, 3), "b": rand(2)},
     {"x": rand(2, 2, 3, 5), "w": rand(2, 1, 2, 2), "b": rand(1)})
bad("convt_bias_size", "convt_output_shape",
    {"x": rand(1, 1, 3, 3), "w": rand(1, 2, 3, 3), "b": rand(3)})

# SAME with a stride: output = input * stride, whatever the kernel (also
# for a kernel smaller than the stride, where the total padding is
# negative: ONNX's reference grows the output, onnxruntime keeps the
# smaller full size; the reference is ONNX's).
for mode in ("SAME_UPPER", "SAME_LOWER"):
    m = model([N("ConvTranspose", ["x", "w"], ["y"], name="convt", auto_pad=mode,
                 strides=[2, 3])],
              [vi("x", ["n", "c", "h", "w"]), vi("w", ["wc", "wm", "kh", "kw"])], [vi("y", None)])
    modelgen.save_valid(OUT, f"convt_{mode.lower()}", m,
                        {"x": rand(1, 1, 3, 3), "w": rand(1, 2, 3, 3)},
                        {"x": rand(1, 2, 4, 2), "w": rand(2, 1, 4, 2)},
                        reference="onnx", folder="dynamic")

# A static weight with SAME on symbolic spatial sizes: the padding does not
# depend on them.
m = model([N("ConvTranspose", ["x", "w"], ["y"], name="convt", auto_pad="SAME_UPPER",
             strides=[2, 2])],
          [vi("x", ["n", 1, "h", "w"]), vi("w", [1, 2, 3, 3])], [vi("y", None)])
save("convt_same_static_weight", m,
     {"x": rand(1, 1, 3, 3), "w": rand(1, 2, 3, 3)},
     {"x": rand(2, 1, 5, 2), "w": rand(1, 2, 3, 3)})

# Three models kiln-fuzz-import once found crashing the importer, which
# Kiln now compiles: SAME with a dynamic spatial size and a static weight,
# output_shape with a dynamic kernel, Conv SAME with a dynamic kernel.
m = model([N("ConvTranspose", ["x", "w"], ["y"], auto_pad="SAME_UPPER", strides=[2, 2])],
          [vi("x", [1, 1, "h", 3])], [vi("y", None)])
m.graph.initializer.append(numpy_helper.from_array(rand(1, 1, 3, 3), "w"))
save("fuzz_convtranspose_same_dynamic", m, {"x": rand(1, 1, 4, 3)}, {"x": rand(1, 1, 5, 3)})
m = model([N("ConvTranspose", ["x", "w"], ["y"], output_shape=[10, 10])],
          [vi("x", [1, 1, "h", "w"]), vi("w", [1, 1, "k", "k"])], [vi("y", None)])
save("fuzz_convtranspose_dynamic_kernel", m, {"x": rand(1, 1, 4, 4), "w": rand(1, 1, 7, 7)},
     {"x": rand(1, 1, 5, 5), "w": rand(1, 1, 6, 6)})
m = model([N("Conv", ["x", "w"], ["y"], auto_pad="SAME_LOWER")],
          [vi("x", [1, 1, 4, 4]), vi("w", [1, 1, "k", 3])], [vi("y", None)])
save("fuzz_conv_same_dynamic_kernel", m, {"x": rand(1, 1, 4, 4), "w": rand(1, 1, 2, 3)},
     {"x": rand(1, 1, 4, 4), "w": rand(1, 1, 3, 3)})

# MaxPool on int8 and uint8 (version 12 on): padding never wins (the
# type's lowest value), uint8 compares unsigned (values above 127), and
# SAME with a stride pads at run time with that value too.
def ints8(dtype, *shape):
    lo, hi = (-128, 128) if dtype == np.int8 else (0, 256)
    return rng.integers(lo, hi, size=shape).astype(dtype)


for dtype, t, name in ((np.int8, TensorProto.INT8, "int8"), (np.uint8, TensorProto.UINT8, "uint8")):
    m = model([N("MaxPool", ["x"], ["y"], name="pool", kernel_shape=[3, 2], pads=[1, 1, 1, 0],
                 strides=[2, 1])],
              [vi("x", ["n", "c", "h", "w"], t)], [vi("y", None, t)], opset=12)
    save(f"maxpool_{name}_pads", m, {"x": ints8(dtype, 1, 2, 5, 4)}, {"x": ints8(dtype, 2, 1, 4, 6)})
    m = model([N("MaxPool", ["x"], ["y"], name="pool", auto_pad="SAME_UPPER", kernel_shape=[3],
                 strides=[2])],
              [vi("x", ["n", "c", "l"], t)], [vi("y", None, t)], opset=22)
    save(f"maxpool_{name}_1d_same", m, {"x": ints8(dtype, 1, 3, 7)}, {"x": ints8(dtype, 2, 1, 4)})
# All values at the type's minimum: the padding ties and must not leak in.
m = model([N("MaxPool", ["x"], ["y"], name="pool", kernel_shape=[2, 2], pads=[1, 1, 1, 1])],
          [vi("x", ["n", "c", "h", "w"], TensorProto.INT8)], [vi("y", None, TensorProto.INT8)],
          opset=12)
save("maxpool_int8_minimum", m, {"x": np.full((1, 1, 3, 3), -128, np.int8)},
     {"x": np.full((1, 2, 2, 4), -127, np.int8)})

# MaxPool's Indices output: flat positions in the unpadded input,
# row-major or (storage_order 1) column-major, ties to the first position;
# and the SegNet pattern feeding them to MaxUnpool.
def pool_indices(name, x_shape, t=F, opset=12, **attrs):
    m = model([N("MaxPool", ["x"], ["y", "i"], name="pool", **attrs)],
              [vi("x", x_shape, t)], [vi("y", None, t), vi("i", None, TensorProto.INT64)],
              opset=opset)
    return m


def ties(*shape):
    return rng.integers(-3, 4, size=shape).astype(np.float32)


save("maxpool_indices_pads",
     pool_indices("p", ["n", "c", "h", "w"], kernel_shape=[3, 2], pads=[1, 0, 1, 1],
                  strides=[2, 1], dilations=[1, 2]),
     {"x": ties(1, 2, 6, 5)}, {"x": ties(2, 3, 5, 7)})
save("maxpool_indices_column_major",
     pool_indices("c", ["n", "c", "h", "w"], kernel_shape=[2, 2], strides=[2, 2],
                  storage_order=1),
     {"x": rand(1, 2, 4, 6)}, {"x": rand(2, 1, 5, 3)})
save("maxpool_indices_1d_ceil",
     pool_indices("d", ["n", "c", "l"], kernel_shape=[3], strides=[2], ceil_mode=1),
     {"x": ties(1, 2, 8)}, {"x": ties(3, 1, 5)})
save("maxpool_indices_3d",
     pool_indices("t", ["n", "c", "d", "h", "w"], kernel_shape=[2, 2, 2], strides=[2, 1, 2],
                  pads=[0, 1, 0, 0, 0, 1]),
     {"x": rand(1, 2, 4, 3, 4)}, {"x": rand(1, 1, 3, 4, 5)})
m = model([N("MaxPool", ["x"], ["y", "i"], name="pool", kernel_shape=[2, 2], strides=[2, 2]),
           N("MaxUnpool", ["y", "i"], ["z"], name="unpool", kernel_shape=[2, 2], strides=[2, 2])],
          [vi("x", ["n", "c", "h", "w"])], [vi("z", None)], opset=12)
save("maxpool_indices_unpool", m, {"x": rand(1, 3, 4, 6)}, {"x": rand(2, 2, 6, 4)})
# Indices with SAME padding that depends on a run-time size: refused.
modelgen.save_invalid(OUT, "maxpool_indices_same_dynamic",
                      pool_indices("s", ["n", "c", "h", "w"], kernel_shape=[3, 3], strides=[2, 2],
                                   auto_pad="SAME_UPPER"))
