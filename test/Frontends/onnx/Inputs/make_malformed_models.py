#!/usr/bin/env python3
"""Writes malformed ONNX models into OUT_DIR as NAME.onnx, one per way a
model can be wrong: truncated or nested protobuf, wrong element types and
tensor data, missing initializers, undefined inputs, cycles, duplicate
names, out-of-range attributes, bad opset imports, bad subgraphs, and
the inputs kiln-fuzz-import found. malformed.test checks that kilnc
rejects each with a one-line message; fuzz-import.test also uses them as
seeds. (errors.test's make_models.py covers the first bad models: unknown
ops, unsupported attributes, simple truncation and garbage, ...)

The models are built with onnx.helper, which checks nothing, so each one is
exactly as wrong as written here.
"""
import os
import sys

import numpy as np
from onnx import AttributeProto, ModelProto, TensorProto, helper, numpy_helper

OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)
F, I64 = TensorProto.FLOAT, TensorProto.INT64
written = []


def model(nodes, inputs, outputs, inits=(), opset=17, ir=8):
    g = helper.make_graph(nodes, "g", inputs, outputs,
                          [numpy_helper.from_array(a, n) if isinstance(a, np.ndarray) else a
                           for n, a in inits])
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = ir
    return m


def vi(name, shape, t=F):
    return helper.make_tensor_value_info(name, t, shape)


def save(name, m):
    with open(os.path.join(OUT, name + ".onnx"), "wb") as f:
        f.write(m if isinstance(m, bytes) else m.SerializeToString())
    written.append(name)


def node(op, ins, outs, **attrs):
    return helper.make_node(op, ins, outs, **attrs)


def f32(*shape):
    return np.ones(shape, dtype=np.float32)


def i64(values):
    return np.array(values, dtype=np.int64)


# --- truncated and malformed protobuf ---------------------------------------
conv = model([node("Conv", ["x", "w"], ["y"], pads=[1, 1, 1, 1])],
             [vi("x", [1, 3, 8, 8])], [vi("y", [1, 4, 8, 8])], [("w", f32(4, 3, 3, 3))])
good = conv.SerializeToString()
raw = bytes(conv.graph.initializer[0].raw_data)
save("truncated_in_weights", good[: good.index(raw) + len(raw) // 2])
save("truncated_in_varint", good[:1] + b"\xff\xff\xff")
save("empty_file", b"")
save("no_graph", ModelProto(ir_version=8, opset_import=[helper.make_opsetid("", 17)]))
# Subgraphs nested deeper than protobuf's recursion limit (written by hand:
# the Python protobuf library refuses to build it).
def varint(n):
    out = b""
    while True:
        out += bytes([(n & 0x7F) | (0x80 if n > 0x7F else 0)])
        n >>= 7
        if not n:
            return out


def field(number, payload):
    return varint(number << 3 | 2) + varint(len(payload)) + payload


graph = helper.make_graph([node("Relu", ["x"], ["y"])], "leaf", [vi("x", [1])],
                          [vi("y", [1])]).SerializeToString()
for depth in range(300):
    attr = field(1, b"then_branch") + field(6, graph) + varint(20 << 3) + varint(AttributeProto.GRAPH)
    graph = field(1, field(4, b"If") + field(1, b"c") + field(2, b"y") + field(5, attr))
top = ModelProto(ir_version=8, opset_import=[helper.make_opsetid("", 17)])
save("deeply_nested", top.SerializeToString() + field(7, graph))

# --- element types and tensor data ------------------------------------------
t = numpy_helper.from_array(i64([1, 2, 3]), "shape")
t.raw_data = t.raw_data[:20]
save("raw_data_short_int64", model([node("Reshape", ["x", "shape"], ["y"])],
                                   [vi("x", [6])], [vi("y", None)], [("shape", t)]))
t = helper.make_tensor("w", F, [4], [1.0, 2.0, 3.0])
save("typed_data_count", model([node("Add", ["x", "w"], ["y"])],
                               [vi("x", [4])], [vi("y", [4])], [("w", t)]))
t = helper.make_tensor("w", I64, [2], [])
t.float_data.extend([1.0, 2.0])
save("typed_data_wrong_field", model([node("Add", ["x", "w"], ["y"])],
                                     [vi("x", [2], I64)], [vi("y", [2], I64)], [("w", t)]))
save("float_shape_input", model([node("Reshape", ["x", "shape"], ["y"])],
                                [vi("x", [2, 3])], [vi("y", None)],
                                [("shape", np.array([3, 2], dtype=np.float32))]))
t = numpy_helper.from_array(f32(2), "w")
t.data_type = 99
save("unknown_data_type", model([node("Add", ["x", "w"], ["y"])],
                                [vi("x", [2])], [vi("y", [2])], [("w", t)]))
t = helper.make_tensor("w", F, [2, -3], [])
save("negative_initializer_dim", model([node("Add", ["x", "w"], ["y"])],
                                       [vi("x", [2])], [vi("y", None)], [("w", t)]))
save("mixed_element_types", model([node("MatMul", ["x", "w"], ["y"])],
                                  [vi("x", [2, 2])], [vi("y", None)],
                                  [("w", np.ones((2, 2), dtype=np.float64))]))
save("output_type_mismatch", model([node("Relu", ["x"], ["y"])],
                                   [vi("x", [2])], [vi("y", [2], I64)]))
save("cast_to_invalid", model([node("Cast", ["x"], ["y"], to=99)], [vi("x", [2])], [vi("y", None)]))
save("gather_float_indices", model([node("Gather", ["x", "i"], ["y"])],
                                   [vi("x", [4, 2])], [vi("y", None)],
                                   [("i", np.array([0.0, 1.0], dtype=np.float32))]))
seq = helper.make_tensor_sequence_value_info("x", F, [2])
save("sequence_input", model([node("Identity", ["x"], ["y"])], [seq], [vi("y", None)]))
save("input_without_type", model([node("Relu", ["x"], ["y"])],
                                 [helper.make_empty_tensor_value_info("x")], [vi("y", None)]))

# --- missing initializers and undefined inputs ------------------------------
save("missing_initializer", model([node("Conv", ["x", "w"], ["y"])],
                                  [vi("x", [1, 3, 8, 8])], [vi("y", None)]))
save("missing_required_input", model([node("Conv", ["x"], ["y"])],
                                     [vi("x", [1, 3, 8, 8])], [vi("y", None)]))
save("output_not_produced", model([node("Relu", ["x"], ["y"])],
                                  [vi("x", [2])], [vi("z", [2])]))

# --- cycles and duplicate names ---------------------------------------------
save("cycle", model([node("Add", ["x", "b"], ["a"], name="first"),
                     node("Relu", ["a"], ["b"], name="second")],
                    [vi("x", [2])], [vi("b", [2])]))
save("self_loop", model([node("Add", ["x", "y"], ["y"])], [vi("x", [2])], [vi("y", [2])]))
save("duplicate_node_output", model([node("Relu", ["x"], ["y"]), node("Neg", ["x"], ["y"])],
                                    [vi("x", [2])], [vi("y", [2])]))
save("output_shadows_input", model([node("Relu", ["x"], ["x"])], [vi("x", [2])], [vi("x", [2])]))
save("duplicate_initializer", model([node("Add", ["x", "w"], ["y"])],
                                    [vi("x", [2])], [vi("y", [2])],
                                    [("w", f32(2)), ("w", f32(2))]))
save("duplicate_graph_input", model([node("Add", ["x", "x"], ["y"])],
                                    [vi("x", [2]), vi("x", [3])], [vi("y", None)]))
save("duplicate_graph_output", model([node("Relu", ["x"], ["y"])],
                                     [vi("x", [2])], [vi("y", [2]), vi("y", [2])]))

# --- out-of-range attributes ------------------------------------------------
def unary(op, shape=(2, 3), opset=17, **attrs):
    return model([node(op, ["x"], ["y"], **attrs)], [vi("x", list(shape))], [vi("y", None)],
                 opset=opset)


def conv_with(**attrs):
    return model([node("Conv", ["x", "w"], ["y"], **attrs)], [vi("x", [1, 4, 8, 8])],
                 [vi("y", None)], [("w", f32(6, 2, 3, 3))])


save("softmax_axis", unary("Softmax", axis=2))
save("flatten_axis", unary("Flatten", axis=-4))
save("concat_axis", model([node("Concat", ["x", "x"], ["y"], axis=3)],
                          [vi("x", [2, 3])], [vi("y", None)]))
save("gather_axis", model([node("Gather", ["x", "i"], ["y"], axis=-3)],
                          [vi("x", [2, 3])], [vi("y", None)], [("i", i64([0]))]))
save("transpose_not_permutation", unary("Transpose", perm=[0, 0]))
save("transpose_perm_length", unary("Transpose", perm=[1, 0, 2]))
save("conv_zero_stride", conv_with(group=2, strides=[0, 1]))
save("conv_negative_pad", conv_with(group=2, pads=[-1, 0, 0, 0]))
save("conv_negative_dilation", conv_with(group=2, dilations=[1, -2]))
save("conv_group", conv_with(group=3))
save("conv_zero_group", conv_with(group=0))
save("conv_kernel_shape", conv_with(group=2, kernel_shape=[3, -3]))
save("maxpool_negative_kernel", unary("MaxPool", (1, 1, 4, 4), kernel_shape=[2, -1]))
save("maxpool_zero_kernel", unary("MaxPool", (1, 1, 4, 4), kernel_shape=[0, 2]))
save("avgpool_zero_stride", unary("AveragePool", (1, 1, 4, 4), kernel_shape=[2, 2],
                                  strides=[1, 0]))
save("split_sizes", model([node("Split", ["x", "s"], ["a", "b"], axis=1)],
                          [vi("x", [2, 6])], [vi("a", None), vi("b", None)],
                          [("s", i64([2, 3]))]))
save("split_negative_size", model([node("Split", ["x", "s"], ["a", "b"], axis=1)],
                                  [vi("x", ["n", "m"])], [vi("a", None), vi("b", None)],
                                  [("s", i64([7, -1]))]))
save("squeeze_non_unit", model([node("Squeeze", ["x", "a"], ["y"])],
                               [vi("x", [2, 3])], [vi("y", None)], [("a", i64([1]))]))
save("reshape_two_minus_one", model([node("Reshape", ["x", "s"], ["y"])],
                                    [vi("x", [2, 3])], [vi("y", None)], [("s", i64([-1, -1]))]))
save("reshape_count", model([node("Reshape", ["x", "s"], ["y"])],
                            [vi("x", [2, 3])], [vi("y", None)], [("s", i64([4, 2]))]))
save("reduce_duplicate_axes", model([node("ReduceSum", ["x", "a"], ["y"])],
                                    [vi("x", [2, 3])], [vi("y", None)], [("a", i64([1, -1]))]))
save("depth_to_space_blocksize", unary("DepthToSpace", (1, 4, 2, 2), blocksize=0))
save("expand_incompatible", model([node("Expand", ["x", "s"], ["y"])],
                                  [vi("x", [2, 3])], [vi("y", None)], [("s", i64([4, 5]))]))
save("tile_negative_repeats", model([node("Tile", ["x", "r"], ["y"])],
                                    [vi("x", [2, 3])], [vi("y", None)], [("r", i64([1, -2]))]))
save("constant_of_shape_negative", model([node("ConstantOfShape", ["s"], ["y"])],
                                         [], [vi("y", None)], [("s", i64([2, -1]))]))
save("range_zero_delta", model([node("Range", ["a", "b", "d"], ["y"])], [], [vi("y", None)],
                               [("a", np.array(0, dtype=np.int64)),
                                ("b", np.array(10, dtype=np.int64)),
                                ("d", np.array(0, dtype=np.int64))]))
save("lstm_hidden_size", model([node("LSTM", ["x", "w", "r"], ["y"], hidden_size=-4)],
                               [vi("x", [2, 1, 3])], [vi("y", None)],
                               [("w", f32(1, 16, 3)), ("r", f32(1, 16, 4))]))
# Sizes beyond 64 bits, or results with more elements than Kiln handles.
save("huge_pads", model([node("Pad", ["x", "p"], ["y"])], [vi("x", [2, 2])], [vi("y", None)],
                        [("p", i64([2 ** 62, 0, 2 ** 62, 0]))]))
save("huge_reshape", model([node("Reshape", ["x", "s"], ["y"])], [vi("x", [0, 2])],
                           [vi("y", None)], [("s", i64([2 ** 32, 2 ** 32]))]))
save("huge_constant_of_shape", model([node("ConstantOfShape", ["s"], ["y"])], [], [vi("y", None)],
                                     [("s", i64([2 ** 40, 2 ** 40]))]))
save("huge_tile", model([node("Tile", ["x", "r"], ["y"])], [vi("x", [2, 2])], [vi("y", None)],
                        [("r", i64([2 ** 62, 1]))]))
# Attribute values of the wrong kind.
save("attribute_wrong_type", unary("Softmax", axis=1.0))
save("attribute_ints_as_string", conv_with(group=2, strides="11"))

# --- opset imports ----------------------------------------------------------
save("opset_zero", unary("Relu", opset=0))
save("opset_future", unary("Relu", opset=1000))
m = unary("Relu")
m.opset_import.append(helper.make_opsetid("ai.onnx", 11))
save("opset_twice", m)
m = unary("Relu")
del m.opset_import[:]
save("no_opset", m)
save("ir_version_2", model([node("Relu", ["x"], ["y"])], [vi("x", [2])], [vi("y", None)], ir=2))

# --- subgraphs --------------------------------------------------------------
bad_branch = helper.make_graph([node("Relu", ["nowhere"], ["y"])], "then", [], [vi("y", [2])])
save("if_bad_branch", model([node("If", ["c"], ["y"], then_branch=bad_branch,
                                  else_branch=bad_branch)],
                            [vi("c", [], TensorProto.BOOL)], [vi("y", [2])]))
shadow = helper.make_graph([node("Not", ["c"], ["c"])], "then", [], [vi("c", [], TensorProto.BOOL)])
save("if_shadowing", model([node("If", ["c"], ["y"], then_branch=shadow, else_branch=shadow)],
                           [vi("c", [], TensorProto.BOOL)], [vi("y", [], TensorProto.BOOL)]))
rank_body = helper.make_graph(
    [node("Identity", ["cond_in"], ["cond_out"]), node("Unsqueeze", ["v_in", "zero"], ["v_out"])],
    "body", [vi("i", [], TensorProto.INT64), vi("cond_in", [], TensorProto.BOOL), vi("v_in", None)],
    [vi("cond_out", [], TensorProto.BOOL), vi("v_out", None)],
    [helper.make_tensor("zero", TensorProto.INT64, [1], [0])])
save("loop_rank_change", model([node("Loop", ["m", "", "v"], ["w"], body=rank_body)],
                               [vi("m", [], TensorProto.INT64), vi("v", [2])], [vi("w", None)]))
relu = node("Relu", ["x"], ["y"])
relu.attribute.append(helper.make_attribute("body", bad_branch))
save("graph_attribute_on_relu", model([relu], [vi("x", [2])], [vi("y", [2])]))
const = node("Constant", [], ["y"])
const.attribute.append(helper.make_attribute("value", bad_branch))
save("constant_graph_value", model([const], [], [vi("y", None)]))

# --- found by kiln-fuzz-import ----------------------------------------------
# A newline in a name split the error message over two lines.
save("fuzz_newline_in_name", model([node("Relu", ["a\nb"], ["y"])], [vi("x", [2])], [vi("y", [2])]))

# Range read the element count of a dynamic 1-D operand (an assertion).
save("fuzz_range_dynamic_operand",
     model([node("Range", ["a", "b", "d"], ["y"])], [vi("a", ["n"], I64)], [vi("y", None)],
           [("b", np.array(10, dtype=np.int64)), ("d", np.array(1, dtype=np.int64))]))
# Range converted an infinite element count to an integer.
save("fuzz_range_infinite",
     model([node("Range", ["a", "b", "d"], ["y"])], [], [vi("y", None)],
           [("a", np.array(0, dtype=np.float32)), ("b", np.array(np.inf, dtype=np.float32)),
            ("d", np.array(1, dtype=np.float32))]))
# Window sizes overflowed 64 bits.
save("fuzz_conv_huge_pads",
     model([node("Conv", ["x", "w"], ["y"], pads=[2 ** 62, 0, 2 ** 62, 0])],
           [vi("x", [1, 1, 4, 4])], [vi("y", None)], [("w", f32(1, 1, 3, 3))]))
save("fuzz_convtranspose_huge_stride",
     model([node("ConvTranspose", ["x", "w"], ["y"], strides=[2 ** 62, 1])],
           [vi("x", [1, 1, 4, 4])], [vi("y", None)], [("w", f32(1, 1, 3, 3))]))
# An initializer whose element count wraps to 0 matched its empty data.
t = TensorProto(name="w", data_type=F, dims=[2 ** 32, 2 ** 32], raw_data=b"")
save("fuzz_initializer_too_many_elements",
     model([node("Add", ["x", "w"], ["y"])], [vi("x", [1])], [vi("y", None)], [("w", t)]))
save("fuzz_input_too_many_elements",
     model([node("Relu", ["x"], ["y"])], [vi("x", [2 ** 40, 2 ** 40])], [vi("y", None)]))
# auto_pad SAME read spatial sizes the input does not have (an assertion).
# (Three more findings, SAME and output_shape with dynamic spatial or
# kernel sizes, are valid models now: make_conv_dynamic_models.py.)
save("fuzz_maxpool_same_rank",
     model([node("MaxPool", ["x"], ["y"], kernel_shape=[2, 2], auto_pad="SAME_UPPER")],
           [vi("x", [1, 1, 4])], [vi("y", None)]))
# A kernel_shape entry equal to the dynamic-size marker (INT64_MIN) read as
# a kernel known only at run time, for which SAME padding has no weight.
save("fuzz_maxpool_kernel_int64_min",
     model([node("MaxPool", ["x"], ["y"], kernel_shape=[-2 ** 63, 2], auto_pad="SAME_UPPER")],
           [vi("x", [1, 3, 32, 32])], [vi("y", None)]))
# blocksize^2 overflowed 64 bits.
save("fuzz_depth_to_space_huge_blocksize",
     unary("DepthToSpace", (1, 4, 2, 2), blocksize=2 ** 62))
# Split without outputs divided by zero.
save("fuzz_split_no_outputs", model([node("Split", ["x"], [], axis=0)],
                                    [vi("x", [4])], [vi("x", [4])]))
# A recurrent op is unrolled step by step: a huge sequence ran out of memory.
save("fuzz_rnn_long_sequence",
     model([node("RNN", ["x", "w", "r"], ["y"], hidden_size=1)],
           [vi("x", [1 << 30, 1, 1])], [vi("y", None)],
           [("w", f32(1, 1, 1)), ("r", f32(1, 1, 1))]))
# Slice with run-time starts sized its lists by their (huge) length.
save("fuzz_slice_long_starts",
     model([node("Slice", ["x", "s", "e"], ["y"])],
           [vi("x", [4, 4]), vi("s", [1 << 40], I64), vi("e", [1 << 40], I64)], [vi("y", None)]))
# Legacy (opset < 7) broadcasting padded B by rank - axis dimensions.
save("fuzz_legacy_broadcast_axis",
     model([node("Mul", ["x", "w"], ["y"], broadcast=1, axis=-(2 ** 40))],
           [vi("x", [2, 3])], [vi("y", None)], [("w", f32(3))], opset=6))
# An INT8 tensor's int32_data value out of range (an APInt assertion).
t = TensorProto(name="w", data_type=TensorProto.INT8, dims=[2], int32_data=[1, 1000])
save("fuzz_int8_data_out_of_range",
     model([node("Add", ["x", "w"], ["y"])], [vi("x", [2], TensorProto.INT8)], [vi("y", None)],
           [("w", t)]))
# Reshape of a dynamic input to sizes whose product overflows (the nn.reshape
# verifier multiplied them).
save("fuzz_reshape_dynamic_overflow",
     model([node("Reshape", ["x", "s"], ["y"])], [vi("x", ["n"])], [vi("y", None)],
           [("s", i64([2 ** 62, 4, -1]))]))
# Reshape of a constant to sizes whose product overflows int64: the count
# check was skipped, and the folded constant's type claimed far more
# elements than its 48 bytes of data (a heap overflow when printed). Its
# output is unnamed, so the check on named outputs never saw it.
save("fuzz_reshape_constant_product_wraps",
     model([node("Reshape", ["c", "s"], [""])], [vi("x", [1])], [],
           [("c", f32(2, 3, 2)), ("s", i64([3345730773222162431, 7594299825444646505]))]))
# Split of a dynamic dimension by constant sizes whose sum overflows int64
# (signed overflow adding up the part offsets).
save("fuzz_split_sizes_sum_overflows",
     model([node("Split", ["x", "s"], ["a", "b", "c"], axis=0)], [vi("x", ["n"])],
           [vi("a", None)], [("s", i64([12, 2 ** 62, 2 ** 63 - 1]))], opset=13))
# TopK with k = INT64_MIN, the value that marks a size known only at run
# time: no k operand was built (a null operand).
save("fuzz_topk_k_int64_min",
     model([node("TopK", ["x", "k"], ["v", "i"])], [vi("x", [3, 4])], [vi("v", None)],
           [("k", i64([-2 ** 63]))]))
# SplitToSequence of a long dimension into size-1 parts: unrolled one part
# at a time, it never finished.
save("fuzz_split_to_sequence_many_parts",
     model([node("SplitToSequence", ["x", "s"], ["q"])], [vi("x", [2 ** 31 - 1])], [],
           [("s", np.array(1, dtype=np.int64))], opset=24, ir=10))
# Col2Im with an image_shape input of declared length 2^32: the attribute
# defaults were sized by it (a vector of 2^33 entries).
save("fuzz_col2im_huge_image_shape",
     model([node("Col2Im", ["x", "image", "block"], ["y"])],
           [vi("x", [1, 4, 4]), vi("image", [2 ** 32], I64), vi("block", ["k"], I64)],
           [vi("y", None)], opset=18))
# LpPool on dynamic spatial sizes with a kernel whose tap count overflows
# int64 (the sum's scale factor).
save("fuzz_lppool_kernel_taps_overflow",
     model([node("LpPool", ["x"], ["y"], kernel_shape=[2, 2 ** 63 - 1], p=2)],
           [vi("x", ["n", 3, "h", "w"])], [vi("y", None)], opset=22))
# Tile to sizes whose product overflows, its output unnamed: the check on
# results' sizes skipped unnamed outputs, and folding the constant's expand
# read the overflowed count.
save("fuzz_tile_unnamed_huge",
     model([node("Tile", ["c", "r"], [""])], [vi("x", [1])], [],
           [("c", f32(2, 2)), ("r", i64([2459565876494606882, 2459565876494606882]))], opset=13))
# Scan with num_scan_inputs = INT64_MIN: the state count was computed, and
# overflowed, before the range check.
scan_body = helper.make_graph([node("Identity", ["s"], ["t"])], "body", [vi("s", [2])],
                              [vi("t", [2])])
save("fuzz_scan_num_scan_inputs_int64_min",
     model([node("Scan", ["x"], ["y"], body=scan_body, num_scan_inputs=-2 ** 63)],
           [vi("x", [3, 2])], [vi("y", None)], opset=16))
# Attention with zero KV heads divided by zero.
save("fuzz_attention_zero_heads",
     model([node("Attention", ["q", "k", "v"], ["y"])],
           [vi("q", [1, 2, 3, 4]), vi("k", [1, 0, 3, 4]), vi("v", [1, 0, 3, 4])],
           [vi("y", None)], opset=23))
# Attention with a rank-0 mask read the mask's last dimension (an assertion).
save("fuzz_attention_rank0_mask",
     model([node("Attention", ["q", "k", "v", "m"], ["y"])],
           [vi("q", [1, 2, 3, 4]), vi("k", [1, 2, 3, 4]), vi("v", [1, 2, 3, 4]), vi("m", [])],
           [vi("y", None)], opset=23))
# Attention whose mask names a value nothing produces was imported without it.
save("fuzz_attention_mask_not_produced",
     model([node("Attention", ["q", "k", "v", "m"], ["y"])],
           [vi("q", [1, 2, 3, 4]), vi("k", [1, 2, 3, 4]), vi("v", [1, 2, 3, 4])],
           [vi("y", None)], opset=23))
# A UINT8 value outside 0..255 in int32_data.
t = TensorProto(name="w", data_type=TensorProto.UINT8, dims=[2], int32_data=[200, 300])
save("fuzz_uint8_data_out_of_range",
     model([node("Add", ["x", "w"], ["y"])], [vi("x", [2], TensorProto.UINT8)], [vi("y", None)],
           [("w", t)]))
# Unsqueeze with run-time axes of a huge declared length built a
# length x rank matrix of attributes.
save("fuzz_unsqueeze_huge_runtime_axes",
     model([node("Unsqueeze", ["x", "a"], ["y"])],
           [vi("x", [2]), vi("a", [1 << 40], I64)], [vi("y", None)]))

print("wrote %d malformed models to %s" % (len(written), OUT))
