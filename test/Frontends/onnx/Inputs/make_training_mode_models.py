#!/usr/bin/env python3
"""Writes ONNX models with training-mode BatchNormalization (batch
statistics, updated running statistics) and training-mode Dropout with a
ratio of 0, for cases ONNX's backend tests leave out: a non-default
momentum and epsilon, 2-D and 3-D inputs, a dynamic batch, only some
outputs requested, and Dropout's mode and ratio given at run time.

The reference is ONNX's reference evaluator (onnxruntime's inference build
does not run BatchNormalization in training mode). Valid models go to
OUT_DIR/valid/NAME/ (OUT_DIR/dynamic/NAME/ when the data sets differ in
size), inputs the compiled model must reject to OUT_DIR/bad/NAME/, models
the importer must reject to OUT_DIR/NAME.onnx.
"""
import sys

import numpy as np
from onnx import TensorProto, helper

import modelgen
from modelgen import vi

OUT = sys.argv[1]
rng = np.random.default_rng(5)
F, B = TensorProto.FLOAT, TensorProto.BOOL
N = helper.make_node


def rand(*shape):
    return rng.standard_normal(shape).astype(np.float32)


def bn(x_shape, c, outputs=("y", "rm", "rv"), **attrs):
    node = N("BatchNormalization", ["x", "s", "b", "m", "v"], list(outputs), name="bn",
             training_mode=1, **attrs)
    return modelgen.model([node],
                          [vi("x", x_shape), vi("s", [c]), vi("b", [c]), vi("m", [c]),
                           vi("v", [c])],
                          [vi(o, None) for o in outputs if o], (), 15)


def bn_feeds(*x_shape):
    c = x_shape[1]
    return {"x": rand(*x_shape) * 2 + 0.5, "s": rand(c), "b": rand(c), "m": rand(c),
            "v": np.abs(rand(c)) + 0.1}


modelgen.save_valid(OUT, "bn_training_4d", bn([2, 3, 4, 5], 3, momentum=0.7, epsilon=1e-3),
                    bn_feeds(2, 3, 4, 5), reference="onnx")
modelgen.save_valid(OUT, "bn_training_2d", bn([6, 4], 4), bn_feeds(6, 4), reference="onnx")
modelgen.save_valid(OUT, "bn_training_only_y", bn([2, 3, 7], 3, outputs=("y",)),
                    bn_feeds(2, 3, 7), reference="onnx")
modelgen.save_valid(OUT, "bn_training_running_var_only", bn([3, 2, 4], 2, outputs=("y", "", "rv")),
                    bn_feeds(3, 2, 4), reference="onnx")
modelgen.save_valid(OUT, "bn_training_dynamic_batch", bn(["n", 3, "l"], 3, momentum=0.5),
                    bn_feeds(2, 3, 6), bn_feeds(5, 3, 2), reference="onnx", folder="dynamic")

# Dropout with training_mode and ratio as graph inputs: with ratio 0, or
# training off, the output is the input and the mask all true.
m = modelgen.model([N("Dropout", ["x", "r", "t"], ["y", "mask"], name="drop")],
                   [vi("x", [2, 3]), vi("r", []), vi("t", [], B)],
                   [vi("y", None), vi("mask", None, B)], (), 22)
modelgen.save_valid(OUT, "dropout_training_zero_ratio", m,
                    {"x": rand(2, 3), "r": np.array(0, np.float32), "t": np.array(True)},
                    {"x": rand(2, 3), "r": np.array(0.7, np.float32), "t": np.array(False)},
                    reference="onnx")
modelgen.save_bad_inputs(OUT, "dropout_training_ratio", "dropout_training_zero_ratio",
                         {"x": rand(2, 3), "r": np.array(0.5, np.float32), "t": np.array(True)})

# Training mode on with the default ratio (0.5): refused at import.
m = modelgen.model([N("Dropout", ["x", "", "t"], ["y"], name="drop")], [vi("x", [2, 3])],
                   [vi("y", None)], [("t", np.array(True))], 22)
modelgen.save_invalid(OUT, "dropout_training_default_ratio", m)
