#!/usr/bin/env python3
"""Writes ONNX CenterCropPad, ReverseSequence, Col2Im and MaxUnpool models
for cases ONNX's backend tests leave out: odd crop and pad amounts on one
input, int32 shapes and negative axes, time_axis 1, strides with dilations
and pads, 3-D blocks, MaxUnpool with output_shape and pads, and a dynamic
batch dimension.

Valid models go to OUT_DIR/valid/NAME/ (model.onnx plus test_data_set_N),
those whose data sets differ in batch size to OUT_DIR/dynamic/NAME/.
The reference is onnxruntime, except for an int32 CenterCropPad target
(onnxruntime's expansion of the function rejects it; numpy), a 3-D Col2Im
(onnxruntime 1.30 gets it wrong; onnx.reference) and MaxUnpool with an output_shape
larger than the unpooled shape, where onnxruntime reads the indices as
positions in output_shape while ONNX's reference implementation (and ONNX's
own backend test test_maxunpool_export_with_output_shape) places the
unpooled block at the start of the output; those use onnx.reference.
Inputs the compiled model must reject go to OUT_DIR/bad/NAME/; models Kiln
must reject at import go to OUT_DIR/NAME.onnx.
"""
import os
import sys

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

import modelgen
from modelgen import vi

OUT = sys.argv[1]
rng = np.random.default_rng(31)
F, I32, I64 = TensorProto.FLOAT, TensorProto.INT32, TensorProto.INT64
N = helper.make_node


def rand(*shape):
    return rng.standard_normal(shape).astype(np.float32)


def ints(*values, dtype=np.int64):
    return np.array(values, dtype=dtype)


def model(nodes, inputs, outputs, opset=18, initializers=()):
    return modelgen.model(nodes, inputs, outputs, initializers, opset)


def save_valid(name, m, *feed_sets, reference="ort", folder="valid"):
    modelgen.save_valid(OUT, name, m, *feed_sets, reference=reference, folder=folder)


def save_bad_inputs(name, valid, feeds):
    """Inputs model `valid` must reject at run time, as OUT_DIR/bad/NAME/."""
    modelgen.save_bad_inputs(OUT, name, valid, feeds)


def save_invalid(name, m):
    modelgen.save_invalid(OUT, name, m)


# --- CenterCropPad -----------------------------------------------------------
# Dimension 0 crops 7 -> 4 and dimension 1 pads 4 -> 7 (odd amounts both:
# the window starts at 1, the padding is 1 before and 2 after).
x = rand(7, 4, 5)
m = model([N("CenterCropPad", ["x", "shape"], ["y"], name="ccp")],
          [vi("x", [7, 4, 5]), vi("shape", [3], I64)], [vi("y", None)])
save_valid("ccp_crop_and_pad_odd", m,
           {"x": x, "shape": ints(4, 7, 5)},
           {"x": x, "shape": ints(6, 1, 8)},
           {"x": x, "shape": ints(7, 4, 5)},
           {"x": x, "shape": ints(0, 9, 2)})
save_bad_inputs("ccp_negative_target", "ccp_crop_and_pad_odd",
                {"x": x, "shape": ints(-1, 7, 5)})

def center_crop_pad(x, shape, axes):
    """numpy CenterCropPad: the window starts at floor((n - t) / 2), the
    input lands at floor((t - n) / 2)."""
    out, src, dst = [], [], []
    for a, n in enumerate(x.shape):
        t = int(shape[axes.index(a)]) if a in axes else n
        k = min(n, t)
        out.append(t)
        src.append(slice(max(n - t, 0) // 2, max(n - t, 0) // 2 + k))
        dst.append(slice(max(t - n, 0) // 2, max(t - n, 0) // 2 + k))
    y = np.zeros(out, x.dtype)
    y[tuple(dst)] = x[tuple(src)]
    return [y]


# int32 data and target, negative axes in another order. onnxruntime's
# expansion of the function rejects an int32 target, and onnx.reference
# skips an axis whose target equals the axis number: numpy.
xi = rng.integers(-50, 50, (3, 6, 5)).astype(np.int32)
m = model([N("CenterCropPad", ["x", "shape"], ["y"], axes=[-1, 1], name="ccp")],
          [vi("x", [3, 6, 5], I32), vi("shape", [2], I32)], [vi("y", None, I32)])
save_valid("ccp_axes_int32", m,
           {"x": xi, "shape": ints(2, 9, dtype=np.int32)},
           {"x": xi, "shape": ints(8, 3, dtype=np.int32)},
           reference=lambda x, shape: center_crop_pad(x, list(shape), [2, 1]))

# A dynamic batch dimension the op leaves alone.
m = model([N("CenterCropPad", ["x", "shape"], ["y"], axes=[1, 2], name="ccp")],
          [vi("x", ["batch", 5, 6]), vi("shape", [2], I64)], [vi("y", None)])
save_valid("ccp_dynamic_batch", m,
           {"x": rand(2, 5, 6), "shape": ints(3, 8)},
           {"x": rand(3, 5, 6), "shape": ints(3, 8)}, folder="dynamic")

# A constant target: static result type.
m = model([N("CenterCropPad", ["x", "shape"], ["y"], axes=[0, 1], name="ccp")],
          [vi("x", [7, 4, 3])], [vi("y", None)],
          initializers=[numpy_helper.from_array(ints(4, 7), "shape")])
save_valid("ccp_constant", m, {"x": rand(7, 4, 3)})

# Repeated axes: an import error.
save_invalid("ccp_repeated_axes",
             model([N("CenterCropPad", ["x", "shape"], ["y"], axes=[0, -2], name="ccp")],
                   [vi("x", [4, 4]), vi("shape", [2], I64)], [vi("y", None)]))

# --- ReverseSequence ---------------------------------------------------------
# time_axis 1, rank 3, a zero length.
x = rand(3, 5, 2)
m = model([N("ReverseSequence", ["x", "lens"], ["y"], batch_axis=0, time_axis=1,
             name="rs")],
          [vi("x", [3, 5, 2]), vi("lens", [3], I64)], [vi("y", None)], opset=10)
save_valid("rs_time1", m,
           {"x": x, "lens": ints(5, 0, 3)},
           {"x": x, "lens": ints(1, 2, 4)})
save_bad_inputs("rs_length_too_large", "rs_time1", {"x": x, "lens": ints(6, 0, 3)})

# time_axis 0 on int32 data.
xi = rng.integers(-9, 9, (5, 3, 2)).astype(np.int32)
m = model([N("ReverseSequence", ["x", "lens"], ["y"], batch_axis=1, time_axis=0,
             name="rs")],
          [vi("x", [5, 3, 2], I32), vi("lens", [3], I64)], [vi("y", None, I32)], opset=10)
save_valid("rs_time0_int32", m, {"x": xi, "lens": ints(5, 1, 3)})

# A dynamic batch: one length per batch entry.
m = model([N("ReverseSequence", ["x", "lens"], ["y"], batch_axis=0, time_axis=1,
             name="rs")],
          [vi("x", ["batch", 4]), vi("lens", ["batch"], I64)], [vi("y", None)], opset=10)
save_valid("rs_dynamic_batch", m,
           {"x": rand(2, 4), "lens": ints(4, 1)},
           {"x": rand(3, 4), "lens": ints(2, 3, 0)}, folder="dynamic")

# Both axes 0: an import error.
save_invalid("rs_same_axes",
             model([N("ReverseSequence", ["x", "lens"], ["y"], batch_axis=0, time_axis=0,
                      name="rs")],
                   [vi("x", [3, 4]), vi("lens", [3], I64)], [vi("y", None)], opset=10))

# --- Col2Im ------------------------------------------------------------------
# Strides, dilations and pads together: image 5x6, block 1x3, 2 channels;
# 3 x 3 block positions.
x = rand(2, 6, 9)
m = model([N("Col2Im", ["x", "image", "block"], ["y"], strides=[2, 1], dilations=[1, 2],
             pads=[1, 0, 0, 1], name="c2i")],
          [vi("x", [2, 6, 9]), vi("image", [2], I64), vi("block", [2], I64)],
          [vi("y", None)])
save_valid("c2i_strides_dilations_pads", m,
           {"x": x, "image": ints(5, 6), "block": ints(1, 3)})
save_bad_inputs("c2i_block_not_dividing", "c2i_strides_dilations_pads",
                {"x": x, "image": ints(5, 6), "block": ints(2, 2)})

# A 3-D block with strides, pads and a dilation: 2 x 5 x 2 positions
# (onnxruntime 1.30 gets 3-D blocks wrong: onnx.reference).
m = model([N("Col2Im", ["x", "image", "block"], ["y"], strides=[2, 1, 1],
             dilations=[1, 1, 2], pads=[0, 1, 0, 0, 0, 1], name="c2i")],
          [vi("x", [1, 8, 20]), vi("image", [3], I64), vi("block", [3], I64)],
          [vi("y", None)])
save_valid("c2i_3d", m, {"x": rand(1, 8, 20), "image": ints(4, 5, 3),
                         "block": ints(2, 2, 2)}, reference="onnx")

# A dynamic batch.
m = model([N("Col2Im", ["x", "image", "block"], ["y"], name="c2i")],
          [vi("x", ["batch", 4, 4]), vi("image", [2], I64), vi("block", [2], I64)],
          [vi("y", None)])
save_valid("c2i_dynamic_batch", m,
           {"x": rand(1, 4, 4), "image": ints(3, 3), "block": ints(2, 2)},
           {"x": rand(3, 4, 4), "image": ints(3, 3), "block": ints(2, 2)}, folder="dynamic")

# Constant image and block: static result type.
m = model([N("Col2Im", ["x", "image", "block"], ["y"], strides=[2, 2], name="c2i")],
          [vi("x", [1, 9, 4])], [vi("y", None)],
          initializers=[numpy_helper.from_array(ints(5, 5), "image"),
                        numpy_helper.from_array(ints(3, 3), "block")])
save_valid("c2i_constant", m, {"x": rand(1, 9, 4)})

# Constant shapes that do not give the input's block count: an import error.
save_invalid("c2i_block_count",
             model([N("Col2Im", ["x", "image", "block"], ["y"], name="c2i")],
                   [vi("x", [1, 4, 5])], [vi("y", None)],
                   initializers=[numpy_helper.from_array(ints(3, 3), "image"),
                                 numpy_helper.from_array(ints(2, 2), "block")]))


# --- MaxUnpool ---------------------------------------------------------------
def max_pool(x, kernel, strides, pads):
    """MaxPool's values and (flattened, whole-tensor) indices by onnxruntime."""
    k = len(kernel)
    m = model([N("MaxPool", ["x"], ["y", "i"], kernel_shape=kernel, strides=strides,
                 pads=pads)],
              [vi("x", list(x.shape))], [vi("y", None), vi("i", None, I64)], opset=12)
    sess = ort.InferenceSession(m.SerializeToString(), providers=["CPUExecutionProvider"])
    return sess.run(None, {"x": x})


def unpool_model(rank_shape, kernel, strides, pads, output_shape, opset=22, name="mu"):
    inputs = [vi("x", rank_shape), vi("i", rank_shape, I64)]
    names = ["x", "i"]
    if output_shape:
        inputs.append(vi("shape", [len(rank_shape)], I64))
        names.append("shape")
    return model([N("MaxUnpool", names, ["y"], kernel_shape=kernel, strides=strides,
                    pads=pads, name=name)], inputs, [vi("y", None)], opset=opset)


# output_shape larger than the unpooled [1, 2, 4, 6]: the block at the
# start (ONNX's reference implementation).
xv, xi = max_pool(rand(1, 2, 4, 6), [2, 2], [2, 2], [0, 0, 0, 0])
m = unpool_model([1, 2, 2, 3], [2, 2], [2, 2], [0, 0, 0, 0], True)
save_valid("mu_output_shape_larger", m,
           {"x": xv, "i": xi, "shape": ints(1, 2, 5, 7)},
           {"x": xv, "i": xi, "shape": ints(2, 3, 4, 6)}, reference="onnx")
save_bad_inputs("mu_output_shape_smaller", "mu_output_shape_larger",
                {"x": xv, "i": xi, "shape": ints(1, 2, 4, 5)})

# output_shape equal to the unpooled shape, pads given: onnxruntime agrees.
xv, xi = max_pool(rand(1, 1, 5, 5), [2, 2], [2, 2], [1, 0, 0, 1])
m = unpool_model([1, 1, 3, 3], [2, 2], [2, 2], [1, 0, 0, 1], True, opset=11)
save_valid("mu_output_shape_pads", m, {"x": xv, "i": xi, "shape": ints(1, 1, 5, 5)})

# 1-D, overlapping windows (kernel 3, stride 2) with pads: unpooled 7.
xv, xi = max_pool(rand(2, 3, 7), [3], [2], [1, 1])
m = unpool_model([2, 3, 4], [3], [2], [1, 1], False, opset=9)
save_valid("mu_1d_pads", m, {"x": xv, "i": xi})
bad = xi.copy()
bad[1, 2, 3] = 2 * 3 * 7
save_bad_inputs("mu_index_out_of_range", "mu_1d_pads", {"x": xv, "i": bad})

# A dynamic batch: the indices count the whole tensor, batch included.
m = unpool_model(["batch", 2, 2, 2], [2, 2], [2, 2], [0, 0, 0, 0], False)
sets = []
for b in (1, 3):
    xv, xi = max_pool(rand(b, 2, 4, 4), [2, 2], [2, 2], [0, 0, 0, 0])
    sets.append({"x": xv, "i": xi})
save_valid("mu_dynamic_batch", m, *sets, folder="dynamic")

# No kernel_shape: an import error.
save_invalid("mu_no_kernel",
             model([N("MaxUnpool", ["x", "i"], ["y"], name="mu")],
                   [vi("x", [1, 1, 2, 2]), vi("i", [1, 1, 2, 2], I64)], [vi("y", None)],
                   opset=11))
