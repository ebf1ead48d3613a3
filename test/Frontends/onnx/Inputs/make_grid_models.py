#!/usr/bin/env python3
"""Writes small ONNX GridSample, AffineGrid and RoiAlign models into OUT_DIR.

Valid models go to OUT_DIR/valid/NAME/ (model.onnx plus test_data_set_0
with the reference outputs: onnxruntime's, or ONNX's reference evaluator's
where onnxruntime differs from it (cubic with border padding) or lacks the
case (cubic on 5-D inputs, nearest on integers)); models Kiln must reject go to
OUT_DIR/NAME.onnx; inputs a valid model must reject at run time go to
OUT_DIR/bad/NAME/; OUT_DIR/dynamic/NAME/ holds models whose data sets
differ in size. Grids reach outside [-1, 1] so every padding mode
matters, and some coordinates fall exactly between two elements. RoiAlign's
max mode is the maximum of the four weighted corner values in both
onnxruntime and ONNX's reference.
"""
import os
import sys

import numpy as np
from onnx import TensorProto, helper

import modelgen
from modelgen import vi

OUT = sys.argv[1]
rng = np.random.default_rng(31)
F, D, I64 = TensorProto.FLOAT, TensorProto.DOUBLE, TensorProto.INT64
node = helper.make_node


def rand(*shape, scale=1.0):
    return (rng.standard_normal(shape) * scale).astype(np.float32)


def grid(*shape):
    """Normalized coordinates, about a quarter of them outside [-1, 1]."""
    return rng.uniform(-1.4, 1.4, shape).astype(np.float32)


def model(nodes, inputs, outputs, inits=(), opset=20):
    return modelgen.model(nodes, inputs, outputs, inits, opset, ir_version=9)


def save_valid(name, m, feeds, reference="ort"):
    modelgen.save_valid(OUT, name, m, feeds, reference=reference)


def save_bad_inputs(name, feeds):
    modelgen.save_bad_inputs(OUT, name, name, feeds)


def save_invalid(name, m):
    modelgen.save_invalid(OUT, name, m)


def grid_sample(name, x, g, opset=20, reference="ort", xshape=None, gshape=None, **attrs):
    m = model([node("GridSample", ["x", "grid"], ["y"], **attrs)],
              [vi("x", xshape or list(x.shape)), vi("grid", gshape or list(g.shape))],
              [vi("y", None)], opset=opset)
    save_valid(name, m, {"x": x, "grid": g}, reference)


os.makedirs(OUT, exist_ok=True)

# --- GridSample ---------------------------------------------------------------
# Version 16's names; bicubic with reflection and align_corners=0 on a
# non-square input and output.
grid_sample("bicubic_reflection_v16", rand(2, 3, 5, 7), grid(2, 4, 6, 2), opset=16,
            mode="bicubic", padding_mode="reflection", align_corners=0)
grid_sample("bilinear_border_v16", rand(1, 2, 4, 3), grid(1, 5, 2, 2), opset=16,
            mode="bilinear", padding_mode="border", align_corners=1)
# Version 20: cubic with zeros, linear with reflection and align_corners.
grid_sample("cubic_zeros_aligned", rand(1, 2, 6, 4), grid(1, 3, 5, 2),
            mode="cubic", padding_mode="zeros", align_corners=1)
grid_sample("linear_reflection_aligned", rand(2, 1, 3, 5), grid(2, 4, 4, 2),
            mode="linear", padding_mode="reflection", align_corners=1)
# Nearest at exact midpoints (x = 0.5, 1.5, ... for width 4, height 3):
# rounds half to even.
ties = np.array([[-0.5, -2 / 3], [0.0, 0.0], [0.5, 2 / 3], [-1.0, 1.0], [1.25, -1.3]],
                dtype=np.float32).reshape(1, 1, 5, 2)
grid_sample("nearest_ties", rand(1, 2, 3, 4), ties, mode="nearest", padding_mode="zeros")
grid_sample("nearest_reflection", rand(1, 3, 4, 5), grid(1, 6, 3, 2),
            mode="nearest", padding_mode="reflection", align_corners=0)
# Far outside the input (zeros and border) and a single-row input with
# align_corners (reflection has no extent there).
far = np.array([[-50.0, 3.0], [1e6, -1e6], [0.3, -7.5], [-0.9, 0.2]],
               dtype=np.float32).reshape(1, 2, 2, 2)
grid_sample("linear_zeros_far", rand(1, 1, 3, 3), far, mode="linear", padding_mode="zeros")
grid_sample("linear_border_far", rand(1, 1, 3, 3), far, mode="linear", padding_mode="border")
grid_sample("linear_reflection_one_row", rand(1, 2, 1, 4), grid(1, 3, 3, 2),
            mode="linear", padding_mode="reflection", align_corners=1)
# Double precision.
grid_sample_f64 = model([node("GridSample", ["x", "grid"], ["y"], mode="cubic")],
                        [vi("x", [1, 2, 4, 4], D), vi("grid", [1, 3, 2, 2], D)],
                        [vi("y", None, D)])
save_valid("cubic_f64", grid_sample_f64,
           {"x": rng.standard_normal((1, 2, 4, 4)), "grid": rng.uniform(-1.3, 1.3, (1, 3, 2, 2))})
# Volumetric (5-D): linear with border, nearest with reflection.
grid_sample("volumetric_linear_border", rand(2, 2, 3, 4, 5), grid(2, 2, 3, 4, 3),
            mode="linear", padding_mode="border", align_corners=0)
grid_sample("volumetric_nearest_reflection", rand(1, 2, 4, 3, 2), grid(1, 3, 2, 3, 3),
            mode="nearest", padding_mode="reflection", align_corners=1)
# A symbolic batch and output size (--model-shapes keeps them dynamic).
grid_sample("dynamic_batch", rand(3, 2, 5, 6), grid(3, 4, 7, 2),
            xshape=["N", 2, 5, 6], gshape=["N", "H", "W", 2],
            mode="cubic", padding_mode="reflection", align_corners=0)
# onnxruntime clamps differently for cubic with border padding; ONNX's
# reference evaluator is the reference there, and for cubic on 5-D inputs,
# which onnxruntime does not implement.
grid_sample("cubic_border", rand(1, 2, 4, 5), grid(1, 3, 4, 2), reference="onnx",
            mode="cubic", padding_mode="border", align_corners=0)
grid_sample("cubic_border_aligned", rand(1, 1, 5, 4), grid(1, 4, 3, 2), reference="onnx",
            mode="cubic", padding_mode="border", align_corners=1)
grid_sample("volumetric_cubic", rand(1, 1, 3, 4, 4), grid(1, 2, 2, 3, 3), reference="onnx",
            mode="cubic", padding_mode="reflection", align_corners=0)

# Nearest copies elements of any type (onnxruntime implements floats only).
u8 = model([node("GridSample", ["x", "grid"], ["y"], mode="nearest", padding_mode="zeros")],
           [vi("x", [1, 2, 3, 4], TensorProto.UINT8), vi("grid", [1, 3, 3, 2])],
           [vi("y", None, TensorProto.UINT8)])
save_valid("nearest_uint8", u8,
           {"x": rng.integers(0, 256, (1, 2, 3, 4)).astype(np.uint8), "grid": grid(1, 3, 3, 2)},
           reference="onnx")

# --- AffineGrid ---------------------------------------------------------------
def affine_theta(n, r):
    eye = np.eye(r, r + 1, dtype=np.float32)
    return (eye + rand(n, r, r + 1, scale=0.3)).astype(np.float32)


# A constant size: static grid.
save_valid("affine_2d_constant_size",
           model([node("AffineGrid", ["theta", "size"], ["grid"], align_corners=0)],
                 [vi("theta", [2, 2, 3])], [vi("grid", None)],
                 [("size", np.array([2, 3, 5, 7], dtype=np.int64))]),
           {"theta": affine_theta(2, 2)})
save_valid("affine_3d_aligned",
           model([node("AffineGrid", ["theta", "size"], ["grid"], align_corners=1)],
                 [vi("theta", [2, 3, 4])], [vi("grid", None)],
                 [("size", np.array([2, 2, 3, 2, 4], dtype=np.int64))]),
           {"theta": affine_theta(2, 3)})
# A dimension of length 1 with align_corners: its coordinate is -1 in ONNX's
# reference (onnxruntime gives 1, PyTorch 0; nn.grid_sample reads the one
# element whatever it is).
save_valid("affine_3d_aligned_one",
           model([node("AffineGrid", ["theta", "size"], ["grid"], align_corners=1)],
                 [vi("theta", [1, 3, 4])], [vi("grid", None)],
                 [("size", np.array([1, 2, 1, 3, 4], dtype=np.int64))]),
           {"theta": affine_theta(1, 3)}, reference="onnx")
# A run-time size: the grid's spatial sizes are known only at run time.
save_valid("affine_runtime_size",
           model([node("AffineGrid", ["theta", "size"], ["grid"], align_corners=1)],
                 [vi("theta", [2, 2, 3]), vi("size", [4], I64)], [vi("grid", None)]),
           {"theta": affine_theta(2, 2), "size": np.array([2, 1, 4, 6], dtype=np.int64)})
save_bad_inputs("affine_runtime_size",
                {"theta": affine_theta(2, 2), "size": np.array([3, 1, 4, 6], dtype=np.int64)})
# A spatial transformer: GridSample(x, AffineGrid(theta, Shape(x))) with a
# symbolic batch and image size.
save_valid("spatial_transformer",
           model([node("Shape", ["x"], ["size"]),
                  node("AffineGrid", ["theta", "size"], ["grid"]),
                  node("GridSample", ["x", "grid"], ["y"], mode="linear")],
                 [vi("x", ["N", 3, "H", "W"]), vi("theta", ["N", 2, 3])], [vi("y", None)]),
           {"x": rand(2, 3, 5, 6), "theta": affine_theta(2, 2)})

# --- Rejected models ----------------------------------------------------------
save_invalid("v16_volumetric",
             model([node("GridSample", ["x", "grid"], ["y"])],
                   [vi("x", [1, 1, 2, 3, 4]), vi("grid", [1, 2, 2, 2, 3])], [vi("y", None)],
                   opset=16))
save_invalid("v16_linear",
             model([node("GridSample", ["x", "grid"], ["y"], mode="linear")],
                   [vi("x", [1, 1, 3, 4]), vi("grid", [1, 2, 2, 2])], [vi("y", None)],
                   opset=16))
save_invalid("v20_bicubic",
             model([node("GridSample", ["x", "grid"], ["y"], mode="bicubic")],
                   [vi("x", [1, 1, 3, 4]), vi("grid", [1, 2, 2, 2])], [vi("y", None)]))
save_invalid("bad_padding",
             model([node("GridSample", ["x", "grid"], ["y"], padding_mode="wrap")],
                   [vi("x", [1, 1, 3, 4]), vi("grid", [1, 2, 2, 2])], [vi("y", None)]))
save_invalid("grid_tuple",
             model([node("GridSample", ["x", "grid"], ["y"])],
                   [vi("x", [1, 1, 3, 4]), vi("grid", [1, 2, 2, 3])], [vi("y", None)]))
save_invalid("four_spatial_dims",
             model([node("GridSample", ["x", "grid"], ["y"])],
                   [vi("x", [1, 1, 2, 2, 2, 2]), vi("grid", [1, 2, 2, 2, 2, 4])],
                   [vi("y", None)]))
save_invalid("affine_size_length",
             model([node("AffineGrid", ["theta", "size"], ["grid"])],
                   [vi("theta", [1, 2, 3]), vi("size", [3], I64)], [vi("grid", None)]))
save_invalid("affine_theta_shape",
             model([node("AffineGrid", ["theta", "size"], ["grid"])],
                   [vi("theta", [1, 3, 4]), vi("size", [4], I64)], [vi("grid", None)]))

# --- RoiAlign ---------------------------------------------------------------
# Regions partly outside the image (samples more than one element out read
# 0), adaptive sample grids (sampling_ratio 0), max mode, both coordinate
# modes, version 10, a spatial scale, several images, float64, and a
# dynamic number of regions.
def roi_model(opset=16, t=F, rois_shape=(4, 4), x_shape=(2, 3, 9, 11), **attrs):
    return model([node("RoiAlign", ["x", "rois", "idx"], ["y"], name="roi", **attrs)],
                 [vi("x", list(x_shape), t), vi("rois", list(rois_shape), t),
                  vi("idx", [rois_shape[0]], I64)], [vi("y", None, t)], opset=opset)


def rois(n, w=11.0, h=9.0, dtype=np.float32):
    x1 = rng.uniform(-3, w, n)
    y1 = rng.uniform(-3, h, n)
    return np.stack([x1, y1, x1 + rng.uniform(0.3, 8, n), y1 + rng.uniform(0.3, 7, n)],
                    axis=1).astype(dtype)


def roi_feeds(n=4, dtype=np.float32):
    return {"x": rng.standard_normal((2, 3, 9, 11)).astype(dtype), "rois": rois(n, dtype=dtype),
            "idx": rng.integers(0, 2, n).astype(np.int64)}


save_valid("roi_avg_adaptive", roi_model(output_height=3, output_width=4), roi_feeds())
save_valid("roi_max_sampling2",
           roi_model(mode="max", output_height=2, output_width=2, sampling_ratio=2), roi_feeds())
save_valid("roi_output_half_pixel",
           roi_model(coordinate_transformation_mode="output_half_pixel", output_height=5,
                     output_width=3, spatial_scale=0.5), roi_feeds())
save_valid("roi_v10", roi_model(opset=10, output_height=2, output_width=3, sampling_ratio=1),
           roi_feeds())
save_valid("roi_float64", roi_model(t=D, output_height=2, output_width=2), roi_feeds(dtype=np.float64))
save_bad_inputs("roi_avg_adaptive", {**roi_feeds(), "idx": np.array([0, 1, 2, 0], np.int64)})
m = roi_model(rois_shape=("r", 4), output_height=2, output_width=2)
m.graph.input[2].type.tensor_type.shape.dim[0].dim_param = "r"
modelgen.save_valid(OUT, "roi_dynamic_regions", m, roi_feeds(3), roi_feeds(6), folder="dynamic")
modelgen.save_invalid(OUT, "roi_five_columns", roi_model(rois_shape=(4, 5)))
modelgen.save_invalid(OUT, "roi_mode", roi_model(mode="median"))
