#!/usr/bin/env python3
"""Writes ONNX Einsum (opset 12) models into OUT_DIR/NAME with
test_data_set_0 holding numpy.einsum's result (computed in float64), and
in OUT_DIR/bad_trace a non-square input the trace model (compiled with
dynamic sizes) must reject."""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = sys.argv[1]
rng = np.random.default_rng(11)

CASES = {
    # name: (equation, operand shapes)
    "attention_scores": ("bhqd,bhkd->bhqk", [(2, 3, 4, 5), (2, 3, 6, 5)]),
    "chain3": ("ij,jk,kl->il", [(3, 4), (4, 5), (5, 2)]),
    "trace": ("ii->", [(4, 4)]),
    "implicit_batch": ("...ij,...jk", [(2, 3, 4), (2, 4, 5)]),
    "two_left_labels": ("abc,cd->abd", [(2, 3, 4), (4, 5)]),
    "two_contracted": ("abcd,cd->ab", [(2, 3, 4, 5), (4, 5)]),
    "outer": ("i,j->ij", [(3,), (4,)]),
    "total": ("ijk->", [(2, 3, 4)]),
    "permute_sum": ("ijk->ki", [(2, 3, 4)]),
    "diag_times": ("ii,i->i", [(3, 3), (3,)]),
}

os.makedirs(OUT, exist_ok=True)
for name, (eq, shapes) in CASES.items():
    names = [f"x{i}" for i in range(len(shapes))]
    feeds = [rng.standard_normal(s).astype(np.float32) for s in shapes]
    ref = np.einsum(eq, *[f.astype(np.float64) for f in feeds]).astype(np.float32)
    g = helper.make_graph(
        [helper.make_node("Einsum", names, ["y"], equation=eq)], "g",
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, list(s)) for n, s in zip(names, shapes)],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)])
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 12)])
    m.ir_version = 8
    d = os.path.join(OUT, name)
    os.makedirs(os.path.join(d, "test_data_set_0"), exist_ok=True)
    onnx.save(m, os.path.join(d, "model.onnx"))
    for i, (n, f) in enumerate(zip(names, feeds)):
        with open(os.path.join(d, "test_data_set_0", f"input_{i}.pb"), "wb") as fh:
            fh.write(numpy_helper.from_array(f, n).SerializeToString())
    with open(os.path.join(d, "test_data_set_0", "output_0.pb"), "wb") as fh:
        fh.write(numpy_helper.from_array(np.asarray(ref)).SerializeToString())

# A non-square input for "ii->": with dynamic sizes, rejected at run time.
os.makedirs(os.path.join(OUT, "bad_trace"), exist_ok=True)
with open(os.path.join(OUT, "bad_trace", "input_0.pb"), "wb") as fh:
    fh.write(numpy_helper.from_array(rng.standard_normal((3, 4)).astype(np.float32), "x0")
             .SerializeToString())
with open(os.path.join(OUT, "bad_trace", "output_0.pb"), "wb") as fh:
    fh.write(numpy_helper.from_array(np.float32(0)).SerializeToString())

# Invalid equations.
def save_invalid(name, eq, shapes):
    names = [f"x{i}" for i in range(len(shapes))]
    g = helper.make_graph(
        [helper.make_node("Einsum", names, ["y"], equation=eq)], "g",
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, list(s)) for n, s in zip(names, shapes)],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)])
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 12)])
    with open(os.path.join(OUT, name + ".onnx"), "wb") as fh:
        fh.write(m.SerializeToString())


save_invalid("rank_mismatch", "ijk->i", [(2, 3)])
save_invalid("unknown_output", "ij->k", [(2, 3)])
save_invalid("size_mismatch", "ij,jk->ik", [(2, 3), (4, 5)])
