#!/usr/bin/env python3
"""Writes small ONNX GatherND, ScatterElements, ScatterND, Scatter and
TensorScatter models into OUT_DIR.

Valid models go to OUT_DIR/valid/NAME/ (model.onnx plus test_data_set_0
with onnxruntime's outputs, the reference; ONNX's reference evaluator for
TensorScatter, which onnxruntime 1.30 lacks; OUT_DIR/dynamic/NAME/ when
the data sets differ in size); inputs the compiled model must
reject at run time go to OUT_DIR/bad/NAME/; models Kiln must reject go to
OUT_DIR/NAME.onnx. Indices are graph inputs unless a name says otherwise,
so the lowering's run-time checks are exercised.
"""
import os
import sys

import numpy as np
from onnx import TensorProto, helper

import modelgen
from modelgen import vi

OUT = sys.argv[1]
rng = np.random.default_rng(29)
F, I32, I64 = TensorProto.FLOAT, TensorProto.INT32, TensorProto.INT64


def rand(*shape):
    return rng.standard_normal(shape).astype(np.float32)


def ints(values, dtype=np.int64):
    return np.array(values, dtype=dtype)


def model(nodes, inputs, outputs, inits=(), opset=18):
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

# --- GatherND ------------------------------------------------------------------
save_valid("gathernd_v11",
           model([node("GatherND", ["x", "i"], ["y"])],
                 [vi("x", [3, 4, 5]), vi("i", [2, 2], I64)], [vi("y", [2, 5])], opset=11),
           {"x": rand(3, 4, 5), "i": ints([[0, -1], [2, 1]])})
save_valid("gathernd_batch_dims",
           model([node("GatherND", ["x", "i"], ["y"], batch_dims=1)],
                 [vi("x", [2, 3, 4]), vi("i", [2, 3, 2], I64)], [vi("y", [2, 3])], opset=13),
           {"x": rand(2, 3, 4), "i": ints([[[0, 1], [2, 3], [1, 0]],
                                           [[2, 2], [0, 0], [-1, -4]]])})
save_valid("gathernd_const_indices",
           model([node("GatherND", ["x", "i"], ["y"])],
                 [vi("x", [4, 3])], [vi("y", [2, 3])], [("i", ints([[3], [1]]))], opset=13),
           {"x": rand(4, 3)})

# --- ScatterElements / Scatter --------------------------------------------------
for red, opset in [("none", 11), ("add", 16), ("mul", 16), ("max", 18), ("min", 18)]:
    attrs = {} if red == "none" else {"reduction": red}
    save_valid(f"scatter_elements_{red}",
               model([node("ScatterElements", ["x", "i", "u"], ["y"], axis=1, **attrs)],
                     [vi("x", [3, 5]), vi("i", [2, 3], I64), vi("u", [2, 3])],
                     [vi("y", [3, 5])], opset=opset),
               {"x": rand(3, 5), "i": ints([[0, 4, -1], [2, 2, 0]]), "u": rand(2, 3)})
save_valid("scatter_v9",
           model([node("Scatter", ["x", "i", "u"], ["y"], axis=0)],
                 [vi("x", [4, 2]), vi("i", [2, 2], I32), vi("u", [2, 2])],
                 [vi("y", [4, 2])], opset=9),
           {"x": rand(4, 2), "i": ints([[3, 0], [1, 2]], np.int32), "u": rand(2, 2)})
save_valid("scatter_elements_int",
           model([node("ScatterElements", ["x", "i", "u"], ["y"], axis=0, reduction="add")],
                 [vi("x", [5], I64), vi("i", [3], I64), vi("u", [3], I64)],
                 [vi("y", [5], I64)], opset=16),
           {"x": ints([1, 2, 3, 4, 5]), "i": ints([1, 1, 4]), "u": ints([10, 20, 30])})
save_bad_inputs("scatter_elements_none",
                {"x": rand(3, 5), "i": ints([[0, 5, 1], [2, 2, 0]]), "u": rand(2, 3)})

# --- ScatterND -------------------------------------------------------------------
for red, opset in [("none", 11), ("add", 16), ("mul", 16), ("max", 18), ("min", 18)]:
    attrs = {} if red == "none" else {"reduction": red}
    save_valid(f"scatternd_{red}",
               model([node("ScatterND", ["x", "i", "u"], ["y"], **attrs)],
                     [vi("x", [4, 3, 2]), vi("i", [3, 1], I64), vi("u", [3, 3, 2])],
                     [vi("y", [4, 3, 2])], opset=opset),
               {"x": rand(4, 3, 2), "i": ints([[1], [3], [-3]]), "u": rand(3, 3, 2)})
save_valid("scatternd_tuples",
           model([node("ScatterND", ["x", "i", "u"], ["y"])],
                 [vi("x", [2, 3, 4]), vi("i", [2, 2, 3], I64), vi("u", [2, 2])],
                 [vi("y", [2, 3, 4])], opset=13),
           {"x": rand(2, 3, 4), "i": ints([[[0, 1, 2], [1, 2, 3]], [[1, 0, 0], [0, -1, -1]]]),
            "u": rand(2, 2)})
save_bad_inputs("scatternd_none",
                {"x": rand(4, 3, 2), "i": ints([[1], [-5], [0]]), "u": rand(3, 3, 2)})

# --- Rejected models ---------------------------------------------------------------
save_invalid("scatternd_reduction_v13",
             model([node("ScatterND", ["x", "i", "u"], ["y"], reduction="add")],
                   [vi("x", [4]), vi("i", [1, 1], I64), vi("u", [1])], [vi("y", [4])],
                   opset=13))
save_invalid("scatter_elements_const_out_of_range",
             model([node("ScatterElements", ["x", "i", "u"], ["y"], axis=0)],
                   [vi("x", [4]), vi("u", [1])], [vi("y", [4])], [("i", ints([4]))],
                   opset=13))
save_invalid("gathernd_tuple_too_long",
             model([node("GatherND", ["x", "i"], ["y"])],
                   [vi("x", [4]), vi("i", [1, 2], I64)], [vi("y", [1])], opset=13))

# --- TensorScatter (24): against ONNX's reference (onnxruntime 1.30 has no
# TensorScatter). -----------------------------------------------------------
def ts_model(cache, update, mode="linear", axis=None, with_write=True):
    attrs = {"mode": mode}
    if axis is not None:
        attrs["axis"] = axis
    ins = ["past", "update"] + (["write"] if with_write else [])
    inputs = [vi("past", cache), vi("update", update)]
    if with_write:
        inputs.append(vi("write", [cache[0]], I64))
    return model([helper.make_node("TensorScatter", ins, ["present"], name="ts", **attrs)],
                 inputs, [vi("present", None)], opset=24)


m = ts_model([2, 3, 6, 4], [2, 3, 2, 4])
modelgen.save_valid(OUT, "tensorscatter_linear", m,
                    {"past": rand(2, 3, 6, 4), "update": rand(2, 3, 2, 4), "write": ints([4, 0])},
                    reference="onnx")
save_bad_inputs("tensorscatter_linear",
                {"past": rand(2, 3, 6, 4), "update": rand(2, 3, 2, 4), "write": ints([5, 0])})
m = ts_model([2, 5, 3], [2, 3, 3], mode="circular", axis=1)
modelgen.save_valid(OUT, "tensorscatter_circular_axis1", m,
                    {"past": rand(2, 5, 3), "update": rand(2, 3, 3), "write": ints([4, 2])},
                    reference="onnx")
m = ts_model([3, 4, 2], [3, 1, 2], with_write=False)
modelgen.save_valid(OUT, "tensorscatter_no_write_indices", m,
                    {"past": rand(3, 4, 2), "update": rand(3, 1, 2)}, reference="onnx")
m = ts_model(["b", "h", "s", 8], ["b", "h", "u", 8], mode="circular")
modelgen.save_valid(OUT, "tensorscatter_dynamic", m,
                    {"past": rand(2, 2, 5, 8), "update": rand(2, 2, 3, 8), "write": ints([3, 1])},
                    {"past": rand(1, 3, 4, 8), "update": rand(1, 3, 1, 8), "write": ints([7])},
                    reference="onnx", folder="dynamic")
save_invalid("tensorscatter_axis0", ts_model([2, 4], [2, 4], axis=0))
save_invalid("tensorscatter_shapes", ts_model([2, 3, 4], [2, 2, 1]))
