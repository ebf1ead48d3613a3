#!/usr/bin/env python3
"""Writes ONNX Det models for cases ONNX's backend tests leave out: rows
that need pivoting, a singular matrix, a batch of rank 4 with a dynamic
batch (two data sets), float64, a 1 x 1 matrix and large entries.

Valid models go to OUT_DIR/valid/NAME/ (OUT_DIR/dynamic/NAME/ when their
data sets differ in size); the reference is onnxruntime. Inputs the
compiled model must reject go to OUT_DIR/bad/NAME/, models the importer
must reject to OUT_DIR/NAME.onnx. onnxruntime has no float64 Det; that
case uses numpy.linalg.det.
"""
import sys

import numpy as np
from onnx import TensorProto, helper

import modelgen
from modelgen import vi

OUT = sys.argv[1]
rng = np.random.default_rng(11)
F, D = TensorProto.FLOAT, TensorProto.DOUBLE


def det_model(shape, t=F, out_shape=None):
    return modelgen.model([helper.make_node("Det", ["x"], ["y"], name="det")],
                          [vi("x", shape, t)], [vi("y", out_shape, t)], opset=22)


def rand(*shape, dtype=np.float32):
    return rng.standard_normal(shape).astype(dtype)


# The first column's top entry is 0: the elimination must swap rows.
a = rand(4, 4)
a[0, 0] = 0.0
a[1:, 0] *= np.array([0.1, 3.0, -0.5], np.float32)
modelgen.save_valid(OUT, "det_pivoting", det_model([4, 4]), {"x": a})

# Row 2 = row 0 + row 1: singular.
s = rand(3, 3)
s[2] = s[0] + s[1]
modelgen.save_valid(OUT, "det_singular", det_model([3, 3]), {"x": s})

# A zero column: the pivot is exactly 0 and the determinant 0.
z = rand(3, 3)
z[:, 1] = 0.0
modelgen.save_valid(OUT, "det_zero_column", det_model([3, 3]), {"x": z})

# onnxruntime implements Det for float only: numpy for float64.
modelgen.save_valid(OUT, "det_float64", det_model([6, 6], D), {"x": rand(6, 6, dtype=np.float64)},
                    reference=lambda x: [np.linalg.det(x)])
modelgen.save_valid(OUT, "det_1x1", det_model([2, 1, 1]), {"x": rand(2, 1, 1)})
modelgen.save_valid(OUT, "det_large_entries", det_model([5, 5]), {"x": rand(5, 5) * 1000})

# Rank 4 with a dynamic batch.
modelgen.save_valid(OUT, "det_batch", det_model(["n", 3, 5, 5]),
                    {"x": rand(2, 3, 5, 5)}, {"x": rand(1, 3, 5, 5)}, folder="dynamic")

# Not square: rejected at run time when the sizes are dynamic.
modelgen.save_valid(OUT, "det_dynamic", det_model(["n", "r", "c"]),
                    {"x": rand(2, 3, 3)}, {"x": rand(3, 4, 4)}, folder="dynamic")
modelgen.save_bad_inputs(OUT, "det_not_square", "det_dynamic", {"x": rand(2, 3, 4)},
                         folder="dynamic")

# Import errors.
modelgen.save_invalid(OUT, "det_rank1", det_model([4]))
modelgen.save_invalid(OUT, "det_static_not_square", det_model([2, 3]))
