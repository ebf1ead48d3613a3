#!/usr/bin/env python3
"""Writes small ONNX Resize and Upsample models into OUT_DIR.

Valid models go to OUT_DIR/valid/NAME/ (model.onnx plus test_data_set_0
with onnxruntime's outputs, the reference); models Kiln must reject go to
OUT_DIR/NAME.onnx. Among the valid ones are the graphs PyTorch exports for
nn.Upsample(scale_factor=2, mode='nearest') and for bilinear upsampling
with align_corners=False, with a symbolic batch dimension.
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


def rand(*shape):
    return rng.standard_normal(shape).astype(np.float32)


def floats(*values):
    return np.array(values, dtype=np.float32)


def ints(*values):
    return np.array(values, dtype=np.int64)


def model(nodes, inputs, outputs, inits=(), opset=17):
    return modelgen.model(nodes, inputs, outputs, inits, opset)


def save_valid(name, m, feeds):
    modelgen.save_valid(OUT, name, m, feeds)


def save_bad_inputs(name, feeds):
    """Inputs the model NAME must reject at run time, as OUT_DIR/bad/NAME/."""
    modelgen.save_bad_inputs(OUT, name, name, feeds)


def save_invalid(name, m):
    modelgen.save_invalid(OUT, name, m)


os.makedirs(OUT, exist_ok=True)
node = helper.make_node
empty = np.zeros((0,), dtype=np.float32)

# --- What PyTorch exports ----------------------------------------------------
# nn.Upsample(scale_factor=2, mode='nearest') at opset 17: constant scales
# [1, 1, 2, 2], asymmetric coordinates, rounding down; the batch symbolic.
save_valid("torch_upsample_nearest",
           model([node("Resize", ["x", "", "scales"], ["y"], mode="nearest",
                       coordinate_transformation_mode="asymmetric", nearest_mode="floor")],
                 [vi("x", ["N", 3, 4, 5])], [vi("y", ["N", 3, 8, 10])],
                 [("scales", floats(1, 1, 2, 2))]),
           {"x": rand(2, 3, 4, 5)})

# nn.Upsample(scale_factor=2, mode='bilinear', align_corners=False): linear
# with half_pixel (current exporter); older exporters wrote
# pytorch_half_pixel at opset 11, with constant roi and scales inputs.
save_valid("torch_upsample_bilinear",
           model([node("Resize", ["x", "", "scales"], ["y"], mode="linear",
                       coordinate_transformation_mode="half_pixel")],
                 [vi("x", ["N", 2, 3, 5])], [vi("y", ["N", 2, 6, 10])],
                 [("scales", floats(1, 1, 2, 2))]),
           {"x": rand(2, 2, 3, 5)})
save_valid("torch_upsample_bilinear_v11",
           model([node("Resize", ["x", "roi", "scales"], ["y"], mode="linear",
                       coordinate_transformation_mode="pytorch_half_pixel")],
                 [vi("x", ["N", 2, 3, 5])], [vi("y", ["N", 2, 6, 10])],
                 [("roi", empty), ("scales", floats(1, 1, 2, 2))], opset=11),
           {"x": rand(2, 2, 3, 5)})

# F.interpolate(x, size=(6, 8)) with dynamic shapes: sizes is
# Concat(Shape(x)[0:2], [6, 8]), computed at run time.
save_valid("sizes_from_shape",
           model([node("Shape", ["x"], ["s"], start=0, end=2),
                  node("Concat", ["s", "hw"], ["sizes"], axis=0),
                  node("Resize", ["x", "", "", "sizes"], ["y"], mode="linear",
                       coordinate_transformation_mode="align_corners")],
                 [vi("x", ["N", "C", "H", "W"])], [vi("y", ["N", "C", 6, 8])],
                 [("hw", ints(6, 8))]),
           {"x": rand(2, 3, 4, 5)})

# --- Older versions ----------------------------------------------------------
# Upsample-7 (scales attribute), Upsample-9 (scales input), Resize-10.
save_valid("upsample_v7_linear",
           model([node("Upsample", ["x"], ["y"], mode="linear", scales=[1.0, 1.0, 2.0, 1.5])],
                 [vi("x", [1, 2, 3, 4])], [vi("y", [1, 2, 6, 6])], opset=7),
           {"x": rand(1, 2, 3, 4)})
save_valid("upsample_v9_nearest",
           model([node("Upsample", ["x", "scales"], ["y"], mode="nearest")],
                 [vi("x", [1, 2, 3, 4])], [vi("y", [1, 2, 6, 12])],
                 [("scales", floats(1, 1, 2, 3))], opset=9),
           {"x": rand(1, 2, 3, 4)})
save_valid("resize_v10_nearest",
           model([node("Resize", ["x", "scales"], ["y"], mode="nearest")],
                 [vi("x", [1, 1, 4, 5])], [vi("y", [1, 1, 6, 12])],
                 [("scales", floats(1, 1, 1.5, 2.5))], opset=10),
           {"x": rand(1, 1, 4, 5)})
# Resize-11: roi and scales must be given (empty) when sizes is.
save_valid("resize_v11_cubic_sizes",
           model([node("Resize", ["x", "roi", "scales", "sizes"], ["y"], mode="cubic")],
                 [vi("x", [1, 1, 5, 6])], [vi("y", [1, 1, 3, 9])],
                 [("roi", empty), ("scales", empty), ("sizes", ints(1, 1, 3, 9))], opset=11),
           {"x": rand(1, 1, 5, 6)})

# --- Modes -------------------------------------------------------------------
# Downsampling by fractional scales. align_corners is left out here: where
# in * scale is fractional, ONNX's reference divides by in * scale - 1 and
# onnxruntime by the integer output length - 1 (Kiln follows the reference,
# which the backend tests check).
modes = ["half_pixel", "asymmetric", "half_pixel_symmetric"]
save_valid("linear_modes_down",
           model([node("Resize", ["x", "", "scales"], [f"y{i}"], mode="linear",
                       coordinate_transformation_mode=m) for i, m in enumerate(modes)],
                 [vi("x", [2, 7, 9])], [vi(f"y{i}", [2, 4, 5]) for i in range(len(modes))],
                 [("scales", floats(1, 0.6, 0.6))], opset=19),
           {"x": rand(2, 7, 9)})
# align_corners and pytorch_half_pixel by sizes, one of them 1.
save_valid("sizes_align_corners_pytorch",
           model([node("Resize", ["x", "", "", "sizes"], ["y"], mode="cubic",
                       coordinate_transformation_mode="align_corners"),
                  node("Resize", ["x", "", "", "sizes"], ["z"], mode="linear",
                       coordinate_transformation_mode="pytorch_half_pixel")],
                 [vi("x", [1, 2, 6, 9])], [vi("y", [1, 2, 1, 4]), vi("z", [1, 2, 1, 4])],
                 [("sizes", ints(1, 2, 1, 4))], opset=13),
           {"x": rand(1, 2, 6, 9)})
save_valid("cubic_exclude_outside",
           model([node("Resize", ["x", "", "scales"], ["y"], mode="cubic", cubic_coeff_a=-0.5,
                       exclude_outside=1)],
                 [vi("x", [1, 1, 4, 6])], [vi("y", [1, 1, 7, 4])],
                 [("scales", floats(1, 1, 1.8, 0.7))], opset=13),
           {"x": rand(1, 1, 4, 6)})
save_valid("nearest_modes",
           model([node("Resize", ["x", "", "scales"], [f"y{i}"], mode="nearest",
                       coordinate_transformation_mode="half_pixel", nearest_mode=m)
                  for i, m in enumerate(["round_prefer_floor", "round_prefer_ceil",
                                         "floor", "ceil"])],
                 [vi("x", [3, 8])], [vi(f"y{i}", [3, 12]) for i in range(4)],
                 [("scales", floats(1, 1.5))], opset=13),
           {"x": rand(3, 8)})
# Integers resize by nearest.
save_valid("nearest_int32",
           model([node("Resize", ["x", "", "", "sizes"], ["y"], mode="nearest")],
                 [vi("x", [2, 3, 4], I32)], [vi("y", [2, 5, 3], I32)],
                 [("sizes", ints(2, 5, 3))], opset=13),
           {"x": rng.integers(-100, 100, (2, 3, 4)).astype(np.int32)})
# Resize-18/19: axes, keep_aspect_ratio_policy, antialias, and a crop with
# extrapolation.
save_valid("axes_not_smaller",
           model([node("Resize", ["x", "", "", "sizes"], ["y"], mode="nearest", axes=[2, 1],
                       keep_aspect_ratio_policy="not_smaller")],
                 [vi("x", [2, 3, 4])], [vi("y", [2, 5, 7])],
                 [("sizes", ints(7, 4))], opset=18),
           {"x": rand(2, 3, 4)})
save_valid("antialias_down",
           model([node("Resize", ["x", "", "scales"], ["y"], mode="linear", antialias=1),
                  node("Resize", ["x", "", "scales"], ["z"], mode="cubic", antialias=1)],
                 [vi("x", [1, 1, 10, 12])], [vi("y", [1, 1, 3, 9]), vi("z", [1, 1, 3, 9])],
                 [("scales", floats(1, 1, 0.35, 0.8))], opset=18),
           {"x": rand(1, 1, 10, 12)})
save_valid("crop_extrapolate",
           model([node("Resize", ["x", "roi", "", "sizes"], ["y"], mode="linear",
                       coordinate_transformation_mode="tf_crop_and_resize",
                       extrapolation_value=7.0)],
                 [vi("x", [1, 1, 4, 4])], [vi("y", [1, 1, 3, 5])],
                 [("roi", floats(0, 0, 0.2, -0.3, 1, 1, 0.9, 1.4)), ("sizes", ints(1, 1, 3, 5))],
                 opset=13),
           {"x": rand(1, 1, 4, 4)})
# Negative axes count from the back (onnxruntime 1.20 mishandles them with
# keep_aspect_ratio_policy, so this one only checks the import).
save_invalid("axes_negative",
             model([node("Resize", ["x", "", "scales"], ["y"], mode="nearest", axes=[-1, -3])],
                   [vi("x", [2, 3, 4])], [vi("y", None)], [("scales", floats(2, 0.5))],
                   opset=18))
# Scales given at run time: the output shape is known only then.
save_valid("runtime_scales",
           model([node("Resize", ["x", "", "scales"], ["y"], mode="linear")],
                 [vi("x", [1, 2, 3, 4]), vi("scales", [4])], [vi("y", None)], opset=13),
           {"x": rand(1, 2, 3, 4), "scales": floats(1, 1, 1.7, 0.8)})
save_bad_inputs("runtime_scales", {"x": rand(1, 2, 3, 4), "scales": floats(1, 1, -2, 0.8)})

# --- Models Kiln must reject -------------------------------------------------
x4 = [vi("x", [1, 1, 2, 2])]
y4 = [vi("y", None)]
save_invalid("both_scales_and_sizes",
             model([node("Resize", ["x", "", "scales", "sizes"], ["y"])], x4, y4,
                   [("scales", floats(1, 1, 2, 2)), ("sizes", ints(1, 1, 4, 4))], opset=13))
save_invalid("neither_scales_nor_sizes",
             model([node("Resize", ["x", "roi"], ["y"])], x4, y4, [("roi", empty)], opset=13))
save_invalid("scales_length",
             model([node("Resize", ["x", "", "scales"], ["y"])], x4, y4,
                   [("scales", floats(2, 2))], opset=13))
save_invalid("negative_scale",
             model([node("Resize", ["x", "", "scales"], ["y"])], x4, y4,
                   [("scales", floats(1, 1, -1, 2))], opset=13))
save_invalid("linear_int32",
             model([node("Resize", ["x", "", "scales"], ["y"], mode="linear")],
                   [vi("x", [1, 1, 2, 2], I32)], [vi("y", None, I32)],
                   [("scales", floats(1, 1, 2, 2))], opset=13))
save_invalid("crop_without_roi",
             model([node("Resize", ["x", "", "scales"], ["y"],
                         coordinate_transformation_mode="tf_crop_and_resize")], x4, y4,
                   [("scales", floats(1, 1, 2, 2))], opset=13))
save_invalid("antialias_v13",
             model([node("Resize", ["x", "", "scales"], ["y"], mode="linear", antialias=1)],
                   x4, y4, [("scales", floats(1, 1, 2, 2))], opset=13))
save_invalid("upsample_cubic",
             model([node("Upsample", ["x", "scales"], ["y"], mode="cubic")], x4, y4,
                   [("scales", floats(1, 1, 2, 2))], opset=9))
save_invalid("bad_coordinate_mode",
             model([node("Resize", ["x", "", "scales"], ["y"],
                         coordinate_transformation_mode="corners")], x4, y4,
                   [("scales", floats(1, 1, 2, 2))], opset=13))
save_invalid("upsample_v10",
             model([node("Upsample", ["x", "scales"], ["y"])], x4, y4,
                   [("scales", floats(1, 1, 2, 2))], opset=10))
save_invalid("upsample_v7_scales_length",
             model([node("Upsample", ["x"], ["y"], scales=[2.0, 2.0])], x4, y4, opset=7))
