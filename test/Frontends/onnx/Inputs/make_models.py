#!/usr/bin/env python3
"""Writes small ONNX models for the importer tests into OUT_DIR.

Valid models get OUT_DIR/NAME/model.onnx plus test_data_set_0 with
onnxruntime's outputs (the reference Kiln is compared against); invalid or
malformed ones are written as OUT_DIR/NAME.onnx.
"""
import os
import sys

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

OUT = sys.argv[1]
rng = np.random.default_rng(7)
F = TensorProto.FLOAT


def rand(*shape, scale=0.5):
    return (rng.standard_normal(shape) * scale).astype(np.float32)


def model(nodes, inputs, outputs, inits=(), opset=17, name="g"):
    g = helper.make_graph(nodes, name, inputs, outputs,
                          [numpy_helper.from_array(a, n) for n, a in inits])
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = 8
    return m


def vi(name, shape, t=F):
    return helper.make_tensor_value_info(name, t, shape)


def save_valid(name, m, feeds, save=onnx.save):
    d = os.path.join(OUT, name)
    os.makedirs(os.path.join(d, "test_data_set_0"), exist_ok=True)
    path = os.path.join(d, "model.onnx")
    save(m, path)
    outs = ort.InferenceSession(path, providers=["CPUExecutionProvider"]).run(None, feeds)
    for i, (k, v) in enumerate(feeds.items()):
        with open(os.path.join(d, "test_data_set_0", f"input_{i}.pb"), "wb") as f:
            f.write(numpy_helper.from_array(v, k).SerializeToString())
    for i, v in enumerate(outs):
        with open(os.path.join(d, "test_data_set_0", f"output_{i}.pb"), "wb") as f:
            f.write(numpy_helper.from_array(v).SerializeToString())


def save_invalid(name, m):
    with open(os.path.join(OUT, name + ".onnx"), "wb") as f:
        f.write(m if isinstance(m, bytes) else m.SerializeToString())


os.makedirs(OUT, exist_ok=True)

# --- valid models, each checked against onnxruntime ------------------------
gemm = model([helper.make_node("Gemm", ["x", "w", "b"], ["h"], transB=1, alpha=0.5, beta=2.0),
              helper.make_node("Relu", ["h"], ["y"])],
             [vi("x", [3, 8])], [vi("y", [3, 5])],
             [("w", rand(5, 8)), ("b", rand(5))])
save_valid("gemm_relu", gemm, {"x": rand(3, 8)})

gemm_ta = model([helper.make_node("Gemm", ["x", "w", "c"], ["y"], transA=1)],
                [vi("x", [8, 3])], [vi("y", [3, 5])],
                [("w", rand(8, 5)), ("c", rand(3, 1))])
save_valid("gemm_transa_bcast_c", gemm_ta, {"x": rand(8, 3)})

arith = model([helper.make_node("Add", ["a", "b"], ["s"]),
               helper.make_node("Mul", ["s", "k"], ["m"]),
               helper.make_node("Sub", ["m", "a"], ["d"]),
               helper.make_node("Div", ["d", "k2"], ["q"]),
               helper.make_node("MatMul", ["q", "w"], ["mm"]),
               helper.make_node("Tanh", ["mm"], ["t"]),
               helper.make_node("Sigmoid", ["t"], ["y"])],
              [vi("a", [2, 3, 4]), vi("b", [4])], [vi("y", [2, 3, 6])],
              [("k", rand(3, 1)), ("k2", (np.abs(rand(1, 4)) + 0.5).astype(np.float32)),
               ("w", rand(4, 6))])
save_valid("broadcast_arith", arith, {"a": rand(2, 3, 4), "b": rand(4)})

bmm = model([helper.make_node("MatMul", ["a", "b"], ["y"])],
            [vi("a", [2, 1, 3, 4]), vi("b", [5, 4, 2])], [vi("y", [2, 5, 3, 2])])
save_valid("matmul_batched", bmm, {"a": rand(2, 1, 3, 4), "b": rand(5, 4, 2)})

mv = model([helper.make_node("MatMul", ["a", "v"], ["y"])],
           [vi("a", [3, 4])], [vi("y", [3])], [("v", rand(4))])
save_valid("matmul_vector", mv, {"a": rand(3, 4)})

cnn = model([helper.make_node("Conv", ["x", "w", "b"], ["c"], auto_pad="SAME_UPPER",
                              strides=[2, 2], kernel_shape=[3, 3]),
             helper.make_node("MaxPool", ["c"], ["p"], kernel_shape=[3, 3], strides=[2, 2],
                              pads=[1, 1, 1, 1], ceil_mode=1),
             helper.make_node("AveragePool", ["p"], ["a"], kernel_shape=[2, 2],
                              pads=[1, 1, 0, 0], count_include_pad=0),
             helper.make_node("Flatten", ["a"], ["f"], axis=1),
             helper.make_node("Reshape", ["f", "shape"], ["r"]),
             helper.make_node("Softmax", ["r"], ["y"], axis=1)],
            [vi("x", [2, 3, 11, 11])], [vi("y", None)],
            [("w", rand(4, 3, 3, 3)), ("b", rand(4)),
             ("shape", np.array([0, -1], dtype=np.int64))])
save_valid("conv_pool", cnn, {"x": rand(2, 3, 11, 11)})

grouped = model([helper.make_node("Conv", ["x", "w"], ["c"], group=2, pads=[0, 1, 2, 1],
                                  dilations=[2, 1]),
                 helper.make_node("AveragePool", ["c"], ["y"], kernel_shape=[3, 3],
                                  pads=[1, 1, 1, 1], count_include_pad=1, strides=[2, 2])],
                [vi("x", [1, 4, 9, 7])], [vi("y", None)], [("w", rand(6, 2, 3, 3))])
save_valid("conv_grouped", grouped, {"x": rand(1, 4, 9, 7)})

depthwise = model([helper.make_node("Conv", ["x", "w", "b"], ["y"], group=3, pads=[1, 1, 1, 1])],
                  [vi("x", [1, 3, 6, 6])], [vi("y", None)], [("w", rand(3, 1, 3, 3)), ("b", rand(3))])
save_valid("conv_depthwise", depthwise, {"x": rand(1, 3, 6, 6)})

conv1d = model([helper.make_node("Conv", ["x", "w"], ["c"], pads=[1, 1], strides=[2]),
                helper.make_node("MaxPool", ["c"], ["y"], kernel_shape=[2])],
               [vi("x", [2, 3, 10])], [vi("y", None)], [("w", rand(4, 3, 3))])
save_valid("conv1d", conv1d, {"x": rand(2, 3, 10)})

const = model([helper.make_node("Constant", [], ["k"], value=numpy_helper.from_array(rand(4), "k")),
               helper.make_node("Constant", [], ["s"], value_float=1.5),
               helper.make_node("Add", ["x", "k"], ["a"]),
               helper.make_node("Mul", ["a", "s"], ["m"]),
               helper.make_node("Identity", ["m"], ["y"])],
              [vi("x", [2, 4])], [vi("y", [2, 4])])
save_valid("constant_identity", const, {"x": rand(2, 4)})

# Two outputs CSE finds equal, and an output that is the input itself:
# each output still gets a buffer of its own.
dup = model([helper.make_node("Relu", ["x"], ["r"]),
             helper.make_node("Relu", ["x"], ["y"]),
             helper.make_node("Identity", ["x"], ["z"])],
            [vi("x", ["n", 4])], [vi("r", ["n", 4]), vi("y", ["n", 4]), vi("z", ["n", 4])])
save_valid("duplicate_outputs", dup, {"x": rand(3, 4)})
dup_static = model([helper.make_node("Relu", ["x"], ["r"]),
                    helper.make_node("Relu", ["x"], ["y"]),
                    helper.make_node("Identity", ["x"], ["z"])],
                   [vi("x", [3, 4])], [vi("r", [3, 4]), vi("y", [3, 4]), vi("z", [3, 4])])
save_valid("duplicate_outputs_static", dup_static, {"x": rand(3, 4)})

dyn = model([helper.make_node("Relu", ["x"], ["y"])], [vi("x", ["batch", 4])], [vi("y", ["batch", 4])])
save_valid("dynamic_batch", dyn, {"x": rand(3, 4)})

big = model([helper.make_node("Gemm", ["x", "w", "b"], ["y"], transB=1)],
            [vi("x", [2, 64])], [vi("y", [2, 32])], [("w", rand(32, 64)), ("b", rand(32))])
def save_external(m, path):
    onnx.save_model(m, path, save_as_external_data=True, all_tensors_to_one_file=True,
                    location="weights.bin", size_threshold=256)
save_valid("external_data", big, {"x": rand(2, 64)}, save=save_external)

# --- invalid models --------------------------------------------------------
save_invalid("unknown_op", model([helper.make_node("FooBar", ["x"], ["y"])],
                                 [vi("x", [2])], [vi("y", [2])]))
save_invalid("bad_attr", model([helper.make_node("Relu", ["x"], ["y"], alpha=0.1)],
                               [vi("x", [2])], [vi("y", [2])]))
save_invalid("old_greater", model([helper.make_node("Greater", ["x", "x"], ["y"])],
                                  [vi("x", [2, 3])], [vi("y", [2, 3], TensorProto.BOOL)], opset=6))
save_invalid("missing_input", model([helper.make_node("Add", ["x", "nowhere"], ["y"])],
                                    [vi("x", [2])], [vi("y", [2])]))
save_invalid("custom_domain", model([helper.make_node("Gelu", ["x"], ["y"], domain="com.microsoft")],
                                    [vi("x", [2])], [vi("y", [2])]))
save_invalid("bad_broadcast", model([helper.make_node("Add", ["x", "z"], ["y"])],
                                    [vi("x", [2, 3]), vi("z", [4])], [vi("y", None)]))
save_invalid("int_relu", model([helper.make_node("Relu", ["x"], ["y"])],
                               [vi("x", [2], TensorProto.INT64)], [vi("y", [2], TensorProto.INT64)]))
bad_raw = numpy_helper.from_array(rand(4), "w")
bad_raw.raw_data = bad_raw.raw_data[:10]
m = model([helper.make_node("Add", ["x", "w"], ["y"])], [vi("x", [4])], [vi("y", [4])])
m.graph.initializer.append(bad_raw)
save_invalid("bad_raw_data", m)
m = model([helper.make_node("Add", ["x", "w"], ["y"])], [vi("x", [4])], [vi("y", [4])])
ext = numpy_helper.from_array(rand(4), "w")
ext.ClearField("raw_data")
ext.data_location = TensorProto.EXTERNAL
for k, v in (("location", "../escape.bin"), ("offset", "0"), ("length", "16")):
    e = ext.external_data.add()
    e.key, e.value = k, v
m.graph.initializer.append(ext)
save_invalid("external_escape", m)
m2 = onnx.ModelProto()
m2.CopyFrom(m)
m2.graph.initializer[0].external_data[0].value = "missing.bin"
save_invalid("external_missing", m2)
good = gemm.SerializeToString()
save_invalid("truncated", good[: len(good) // 2])
save_invalid("garbage", bytes(rng.integers(0, 256, 300, dtype=np.uint8)))
save_invalid("unsorted", model([helper.make_node("Relu", ["t"], ["y"]),
                                helper.make_node("Relu", ["x"], ["t"])],
                               [vi("x", [2])], [vi("y", [2])]))
save_invalid("bad_pool_attr", model([helper.make_node("MaxPool", ["x"], ["y"], kernel_shape=[2, 2],
                                                      strides=[1])],
                                    [vi("x", [1, 1, 4, 4])], [vi("y", None)]))
save_invalid("complex_input", model([helper.make_node("Identity", ["x"], ["y"])],
                                    [vi("x", [2], TensorProto.COMPLEX64)],
                                    [vi("y", [2], TensorProto.COMPLEX64)]))

# --- valid, no reference needed -------------------------------------------
# Graph output without a declared element type; odd tensor names.
untyped = model([helper.make_node("Relu", ["x"], ["y"])], [vi("x", [2, 3])],
                [helper.make_tensor_value_info("y", TensorProto.UNDEFINED, None)])
save_invalid("untyped_output", untyped)
odd = model([helper.make_node("Relu", ['in"put*/'], ["y"])], [vi('in"put*/', [2])], [vi("y", [2])])
save_invalid("odd_names", odd)
with_init_input = model([helper.make_node("Add", ["x", "w"], ["y"])], [vi("x", [4]), vi("w", [4])],
                        [vi("y", [4])], [("w", rand(4))])
save_invalid("initializer_input", with_init_input)
save_invalid("zero_size", model([helper.make_node("Relu", ["x"], ["y"])],
                                [vi("x", [2, 0])], [vi("y", [2, 0])]))
print("wrote test models to", OUT)
