#!/usr/bin/env python3
"""Writes the bundled example models and their reference data.

    make_example_models.py OUT_DIR

creates OUT_DIR/tiny_mlp/ and OUT_DIR/tiny_cnn/, each holding model.onnx and
test_data_set_0/{input_0.pb,output_0.pb} in the layout of ONNX's backend
tests. Weights come from a fixed seed; reference outputs are computed by
onnxruntime, not by Kiln.
"""
import os
import sys

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper


def save_case(out_dir, model, x):
    os.makedirs(os.path.join(out_dir, "test_data_set_0"), exist_ok=True)
    onnx.checker.check_model(model)
    path = os.path.join(out_dir, "model.onnx")
    onnx.save(model, path)
    sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    (y,) = sess.run(None, {"x": x})
    for name, arr in (("input_0.pb", x), ("output_0.pb", y)):
        t = numpy_helper.from_array(arr, "x" if name.startswith("input") else "y")
        with open(os.path.join(out_dir, "test_data_set_0", name), "wb") as f:
            f.write(t.SerializeToString())


def tiny_mlp(rng):
    w1 = rng.standard_normal((32, 16)).astype(np.float32) * 0.3
    b1 = rng.standard_normal(32).astype(np.float32) * 0.1
    w2 = rng.standard_normal((4, 32)).astype(np.float32) * 0.3
    b2 = rng.standard_normal(4).astype(np.float32) * 0.1
    nodes = [
        helper.make_node("Gemm", ["x", "w1", "b1"], ["h"], transB=1),
        helper.make_node("Relu", ["h"], ["r"]),
        helper.make_node("Gemm", ["r", "w2", "b2"], ["logits"], transB=1),
        helper.make_node("Softmax", ["logits"], ["y"], axis=-1),
    ]
    graph = helper.make_graph(
        nodes, "tiny_mlp",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 16])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 4])],
        [numpy_helper.from_array(a, n) for a, n in ((w1, "w1"), (b1, "b1"), (w2, "w2"), (b2, "b2"))])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    return model, rng.standard_normal((2, 16)).astype(np.float32)


def tiny_cnn(rng):
    w = rng.standard_normal((4, 1, 3, 3)).astype(np.float32) * 0.4
    b = rng.standard_normal(4).astype(np.float32) * 0.1
    fw = rng.standard_normal((3, 4 * 4 * 4)).astype(np.float32) * 0.2
    fb = rng.standard_normal(3).astype(np.float32) * 0.1
    nodes = [
        helper.make_node("Conv", ["x", "w", "b"], ["c"], pads=[1, 1, 1, 1], kernel_shape=[3, 3]),
        helper.make_node("Relu", ["c"], ["r"]),
        helper.make_node("MaxPool", ["r"], ["p"], kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Flatten", ["p"], ["f"], axis=1),
        helper.make_node("Gemm", ["f", "fw", "fb"], ["z"], transB=1),
        helper.make_node("Sigmoid", ["z"], ["y"]),
    ]
    graph = helper.make_graph(
        nodes, "tiny_cnn",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 1, 8, 8])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3])],
        [numpy_helper.from_array(a, n) for a, n in ((w, "w"), (b, "b"), (fw, "fw"), (fb, "fb"))])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    return model, rng.standard_normal((1, 1, 8, 8)).astype(np.float32)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_example_models.py OUT_DIR")
    rng = np.random.default_rng(2026)
    for name, make in (("tiny_mlp", tiny_mlp), ("tiny_cnn", tiny_cnn)):
        model, x = make(rng)
        save_case(os.path.join(sys.argv[1], name), model, x)
    print("wrote tiny_mlp and tiny_cnn to", sys.argv[1])


if __name__ == "__main__":
    main()
