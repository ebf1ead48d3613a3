#!/usr/bin/env python3
"""y = relu(a + b) with a: [batch, 4], b: [n, 4], y: [batch, 4] (ONNX's
broadcasting makes n = 1 or n = batch valid). Writes OUT/dyn_add.onnx."""
import os
import sys

import onnx
from onnx import TensorProto, helper

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
nodes = [helper.make_node("Add", ["a", "b"], ["c"], name="Add_1"),
         helper.make_node("Relu", ["c"], ["y"], name="Relu_1")]
graph = helper.make_graph(
    nodes, "dyn_add",
    [helper.make_tensor_value_info("a", TensorProto.FLOAT, ["batch", 4]),
     helper.make_tensor_value_info("b", TensorProto.FLOAT, ["n", 4])],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 4])])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
onnx.checker.check_model(model)
onnx.save(model, os.path.join(out, "dyn_add.onnx"))
