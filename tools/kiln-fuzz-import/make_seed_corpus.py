#!/usr/bin/env python3
"""Writes the seed corpus of kiln-fuzz-import into OUT_DIR.

Seeds are small valid models: ONNX's own backend node tests from the
pinned onnx wheel (one model per operator variant, inputs as graph inputs)
plus models written here for what those lack: initializers in every
storage form, Constant nodes, symbolic dimensions, shape computations that
feed Reshape/Expand/Slice, and multi-node networks. The malformed models of
test/Frontends/onnx/Inputs/make_malformed_models.py are good seeds too;
fuzz-import.test adds them.

    make_seed_corpus.py OUT_DIR [--max-bytes N]
"""
import argparse
import hashlib
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ap = argparse.ArgumentParser()
ap.add_argument("out")
ap.add_argument("--max-bytes", type=int, default=16384,
                help="skip backend test models larger than this")
args = ap.parse_args()
os.makedirs(args.out, exist_ok=True)
F, I64 = TensorProto.FLOAT, TensorProto.INT64
rng = np.random.default_rng(3)
count = 0


def write(data):
    global count
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(args.out, name), "wb") as f:
        f.write(data)
    count += 1


def model(nodes, inputs, outputs, inits=(), opset=17):
    g = helper.make_graph(nodes, "g", inputs, outputs,
                          [numpy_helper.from_array(a, n) if isinstance(a, np.ndarray) else a
                           for n, a in inits])
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = 8
    write(m.SerializeToString())


def vi(name, shape, t=F):
    return helper.make_tensor_value_info(name, t, shape)


def node(op, ins, outs, **attrs):
    return helper.make_node(op, ins, outs, **attrs)


def rand(*shape):
    return rng.standard_normal(shape).astype(np.float32)


def i64(v):
    return np.array(v, dtype=np.int64)


# --- ONNX's backend node tests ----------------------------------------------
data = os.path.join(os.path.dirname(onnx.__file__), "backend", "test", "data", "node")
for test in sorted(os.listdir(data)):
    path = os.path.join(data, test, "model.onnx")
    if os.path.isfile(path) and os.path.getsize(path) <= args.max_bytes:
        with open(path, "rb") as f:
            write(f.read())

# --- initializers in every storage form -------------------------------------
typed = helper.make_tensor("b", F, [4], [0.5, -1.0, 2.0, 0.0])
big = numpy_helper.from_array(rand(64, 32), "w")  # raw_data above the resource threshold
ints32 = helper.make_tensor("k", TensorProto.INT32, [2], [3, -4])
flags = helper.make_tensor("m", TensorProto.BOOL, [4], [1, 0, 1, 1])
model([node("Gemm", ["x", "w"], ["g"], transB=1),
       node("Slice", ["g", "st", "en", "ax"], ["s"]),
       node("Add", ["s", "b"], ["a"]),
       node("Where", ["m", "a", "b"], ["y"]),
       node("Cast", ["k"], ["k64"], to=I64)],
      [vi("x", ["batch", 32])], [vi("y", ["batch", 4]), vi("k64", [2], I64)],
      [("w", big), ("b", typed), ("k", ints32), ("m", flags),
       ("st", i64([0])), ("en", i64([4])), ("ax", i64([1]))])
dbl = helper.make_tensor("d", TensorProto.DOUBLE, [2], [1.5, 2.5])
f16 = numpy_helper.from_array(rand(2).astype(np.float16), "h")
model([node("Cast", ["x"], ["xd"], to=TensorProto.DOUBLE),
       node("Mul", ["xd", "d"], ["yd"]),
       node("Cast", ["yd"], ["y16"], to=TensorProto.FLOAT16),
       node("Add", ["y16", "h"], ["y"])],
      [vi("x", [3, 2])], [vi("y", [3, 2], TensorProto.FLOAT16)], [("d", dbl), ("h", f16)])

# --- Constant nodes of every kind -------------------------------------------
model([node("Constant", [], ["c0"], value=numpy_helper.from_array(rand(2, 3), "c0")),
       node("Constant", [], ["c1"], value_float=2.0),
       node("Constant", [], ["c2"], value_floats=[1.0, 2.0, 3.0]),
       node("Constant", [], ["c3"], value_int=2),
       node("Constant", [], ["c4"], value_ints=[3, 2]),
       node("Mul", ["x", "c0"], ["a"]),
       node("Add", ["a", "c1"], ["b"]),
       node("Sub", ["b", "c2"], ["c"]),
       node("Reshape", ["c", "c4"], ["r"]),
       node("Unsqueeze", ["r", "axes"], ["y"]),
       node("Cast", ["c3"], ["z"], to=F)],
      [vi("x", [2, 3])], [vi("y", [3, 1, 2]), vi("z", [])], [("axes", i64([1]))])

# --- symbolic dimensions and shape computations ------------------------------
model([node("Shape", ["x"], ["s"]),
       node("Gather", ["s", "zero"], ["n"], axis=0),
       node("Unsqueeze", ["n", "zero1"], ["n1"]),
       node("Concat", ["n1", "minus1"], ["target"], axis=0),
       node("Reshape", ["x", "target"], ["flat"]),
       node("MatMul", ["flat", "w"], ["mm"]),
       node("Relu", ["mm"], ["y"])],
      [vi("x", ["batch", 2, 3])], [vi("y", ["batch", 5])],
      [("zero", np.array(0, dtype=np.int64)), ("zero1", i64([0])),
       ("minus1", i64([-1])), ("w", rand(6, 5))])
model([node("Shape", ["x"], ["s"]),
       node("Slice", ["s", "st", "en"], ["hw"]),
       node("Concat", ["one", "hw"], ["target"], axis=0),
       node("Expand", ["b", "target"], ["be"]),
       node("Add", ["x", "be"], ["a"]),
       node("ConstantOfShape", ["s"], ["z"], value=numpy_helper.from_array(
           np.array([1.0], dtype=np.float32), "v")),
       node("Mul", ["a", "z"], ["y"])],
      [vi("x", ["n", "h", "w"])], [vi("y", ["n", "h", "w"])],
      [("st", i64([1])), ("en", i64([3])), ("one", i64([1])), ("b", rand(1, 1))])
model([node("Shape", ["x"], ["s"]),
       node("ReduceProd", ["s"], ["n"], keepdims=0),
       node("Range", ["zero", "n", "step"], ["r"]),
       node("Cast", ["r"], ["rf"], to=F),
       node("Split", ["x", "sizes"], ["a", "b"], axis=1),
       node("Tile", ["a", "reps"], ["t"]),
       node("Transpose", ["b"], ["bt"], perm=[1, 0])],
      [vi("x", ["n", 4])], [vi("rf", None), vi("t", None), vi("bt", None)],
      [("zero", np.array(0, dtype=np.int64)), ("step", np.array(1, dtype=np.int64)),
       ("sizes", i64([1, 3])), ("reps", i64([2, 2]))], opset=18)

# --- networks ---------------------------------------------------------------
model([node("Conv", ["x", "w", "b"], ["c"], pads=[1, 1, 1, 1], strides=[2, 2], group=2),
       node("BatchNormalization", ["c", "s", "bb", "mu", "var"], ["bn"]),
       node("Relu", ["bn"], ["r"]),
       node("MaxPool", ["r"], ["p"], kernel_shape=[2, 2], strides=[2, 2], ceil_mode=1),
       node("ConvTranspose", ["p", "wt"], ["u"], strides=[2, 2], output_padding=[1, 1]),
       node("GlobalAveragePool", ["u"], ["g"]),
       node("Flatten", ["g"], ["f"]),
       node("Gemm", ["f", "fc"], ["y"], transB=1),
       node("Softmax", ["y"], ["prob"], axis=-1)],
      [vi("x", ["n", 4, 9, 9])], [vi("prob", ["n", 3])],
      [("w", rand(6, 2, 3, 3)), ("b", rand(6)), ("s", rand(6)), ("bb", rand(6)),
       ("mu", rand(6)), ("var", np.abs(rand(6)) + 1), ("wt", rand(6, 2, 3, 3)),
       ("fc", rand(3, 2))])
model([node("LSTM", ["x", "w", "r", "b"], ["ys", "h", "c"], hidden_size=4,
            direction="bidirectional"),
       node("Identity", ["h"], ["hs"]),
       node("ReduceMean", ["ys", "axes"], ["m"], keepdims=0),
       node("LayerNormalization", ["m", "gamma"], ["y"], axis=-1)],
      [vi("x", [5, "batch", 3])], [vi("y", None), vi("hs", None)],
      [("w", rand(2, 16, 3)), ("r", rand(2, 16, 4)), ("b", rand(2, 32)),
       ("axes", i64([0])), ("gamma", rand(4))], opset=18)
model([node("Add", ["x", "w"], ["a"], broadcast=1, axis=1),
       node("Mul", ["a", "w"], ["y"], broadcast=1, axis=1)],
      [vi("x", [2, 3, 4])], [vi("y", [2, 3, 4])], [("w", rand(3))], opset=6)

# --- valid models that kiln-fuzz-import found crashing the importer ---------
# (fuzz-import.test runs every seed through the instrumented importer first;
# the malformed ones are in make_malformed_models.py.)
# Slice steps of INT64_MIN and INT64_MAX overflowed the size computation.
model([node("Slice", ["x", "s", "e", "a", "st"], ["y"]),
       node("Slice", ["x", "s2", "e2", "a", "st2"], ["z"])],
      [vi("x", [5, 3])], [vi("y", None), vi("z", None)],
      [("s", i64([-1])), ("e", i64([-2 ** 63])), ("a", i64([0])), ("st", i64([-2 ** 63])),
       ("s2", i64([0])), ("e2", i64([2 ** 63 - 1])), ("st2", i64([2 ** 63 - 1]))])
# Ranges too long to fold, with integer and float operands.
model([node("Range", ["a", "b", "d"], ["y"]), node("Range", ["fa", "fb", "fd"], ["z"])],
      [], [vi("y", None, I64), vi("z", None)],
      [("a", np.array(-2 ** 63, dtype=np.int64)), ("b", np.array(2 ** 63 - 1, dtype=np.int64)),
       ("d", np.array(2 ** 40, dtype=np.int64)), ("fa", np.array(0, dtype=np.float32)),
       ("fb", np.array(1e9, dtype=np.float32)), ("fd", np.array(0.5, dtype=np.float32))])
# A short Range whose steps overflow 64 bits on the way: i * delta.
model([node("Range", ["a", "b", "d"], ["y"])], [], [vi("y", None, I64)],
      [("a", np.array(-2 ** 63, dtype=np.int64)), ("b", np.array(2 ** 63 - 1, dtype=np.int64)),
       ("d", np.array(2 ** 63 - 1, dtype=np.int64))])
# A float pad value out of the integer input's range (Pad-2 attributes).
model([node("Pad", ["x"], ["y"], pads=[1, 1], value=1e30)], [vi("x", [2], I64)],
      [vi("y", None, I64)], opset=2)
# Huge pads of a dynamic dimension overflowed the symbolic size.
model([node("Pad", ["x", "p"], ["y"])], [vi("x", ["n", 2])], [vi("y", None)],
      [("p", i64([2 ** 62, 0, 2 ** 62, 0]))])

print("wrote %d seeds to %s" % (count, args.out))
