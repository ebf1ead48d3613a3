#!/usr/bin/env python3
"""Writes small ONNX models exercising the control-flow operators If, Loop
and Scan into OUT_DIR.

Valid models go to OUT_DIR/valid/NAME/ (model.onnx plus one
test_data_set_N per feed set, with onnxruntime's outputs, the reference);
inputs the compiled model must reject at run time go to OUT_DIR/bad/NAME/;
models Kiln must reject go to OUT_DIR/NAME.onnx. Subgraphs read outer-scope
values (graph inputs and earlier node outputs) by name, as exporters write
them. Conditions and trip counts are graph inputs unless a name says
otherwise, so the branch taken and the number of iterations are run-time
values.
"""
import os
import sys

import numpy as np
from onnx import TensorProto, helper

import modelgen
from modelgen import vi

OUT = sys.argv[1]
rng = np.random.default_rng(53)
F, I64, B = TensorProto.FLOAT, TensorProto.INT64, TensorProto.BOOL


def rand(*shape):
    return rng.standard_normal(shape).astype(np.float32)


def scalar(v, dtype=np.int64):
    return np.array(v, dtype=dtype)


def flag(v):
    return np.array(v, dtype=np.bool_)


def model(nodes, inputs, outputs, inits=(), opset=17):
    return modelgen.model(nodes, inputs, outputs, inits, opset)


def graph(name, nodes, inputs, outputs):
    """A subgraph (If branch, Loop or Scan body)."""
    return helper.make_graph(nodes, name, inputs, outputs)


def const(name, array):
    """A Constant node producing `name` (usable inside subgraphs)."""
    return node("Constant", [], [name], value=helper.make_tensor(
        name + "_value", helper.np_dtype_to_tensor_dtype(np.asarray(array).dtype),
        np.asarray(array).shape, np.asarray(array).flatten().tolist()))


def save_valid(name, m, *feed_sets):
    modelgen.save_valid(OUT, name, m, *feed_sets)


def save_bad_inputs(name, valid, feeds):
    modelgen.save_bad_inputs(OUT, name, valid, feeds)


def save_invalid(name, m):
    modelgen.save_invalid(OUT, name, m)


os.makedirs(OUT, exist_ok=True)
node = helper.make_node

# --- If ------------------------------------------------------------------------------
# A run-time condition; both branches read the outer-scope x.
x23 = rand(2, 3)
then_add = graph("then_add", [node("Add", ["x", "x"], ["t"])], [], [vi("t", [2, 3])])
else_mul = graph("else_mul", [node("Mul", ["x", "x"], ["e"])], [], [vi("e", [2, 3])])
save_valid("if_runtime_cond",
           model([node("If", ["cond"], ["y"], then_branch=then_add, else_branch=else_mul)],
                 [vi("cond", [], B), vi("x", [2, 3])], [vi("y", [2, 3])]),
           {"cond": flag(True), "x": x23}, {"cond": flag(False), "x": x23})

# A condition computed from constants (3 == 3): only the then branch is
# valid; the else branch reshapes 6 elements to [1, 7] (same rank as the
# then branch's result, so only the element count is wrong) and must never
# run.
save_valid("if_const_cond",
           model([const("a", scalar(3)), const("b", scalar(3)),
                  node("Equal", ["a", "b"], ["cond"]),
                  node("If", ["cond"], ["y"],
                       then_branch=graph("then_add", [node("Add", ["x", "x"], ["t"])], [],
                                         [vi("t", [2, 3])]),
                       else_branch=graph("else_bad_reshape",
                                         [const("bad_shape", np.array([1, 7], np.int64)),
                                          node("Reshape", ["x", "bad_shape"], ["e"])],
                                         [], [vi("e", [1, 7])]))],
                 [vi("x", [2, 3])], [vi("y", [2, 3])]),
           {"x": rand(2, 3)})

# Branch results of different shapes (same rank): [2, 3] and [4, 3].
save_valid("if_shapes_differ",
           model([node("If", ["cond"], ["y"],
                       then_branch=graph("then_identity", [node("Identity", ["x"], ["t"])], [],
                                         [vi("t", [2, 3])]),
                       else_branch=graph("else_concat",
                                         [node("Concat", ["x", "x"], ["e"], axis=0)], [],
                                         [vi("e", [4, 3])]))],
                 [vi("cond", [], B), vi("x", [2, 3])], [vi("y", ["n", 3])]),
           {"cond": flag(True), "x": x23}, {"cond": flag(False), "x": x23})

# An If inside the then branch of another If; the inner one reads c2 and x
# from two scopes out.
inner_if = node("If", ["c2"], ["inner"],
                then_branch=graph("inner_then_add", [node("Add", ["x", "x"], ["it"])], [],
                                  [vi("it", [2, 3])]),
                else_branch=graph("inner_else_mul", [node("Mul", ["x", "x"], ["ie"])], [],
                                  [vi("ie", [2, 3])]))
save_valid("if_nested",
           model([node("If", ["c1"], ["y"],
                       then_branch=graph("outer_then", [inner_if], [], [vi("inner", [2, 3])]),
                       else_branch=graph("outer_else_neg", [node("Neg", ["x"], ["oe"])], [],
                                         [vi("oe", [2, 3])]))],
                 [vi("c1", [], B), vi("c2", [], B), vi("x", [2, 3])], [vi("y", [2, 3])]),
           *[{"c1": flag(a), "c2": flag(b), "x": x23}
             for a, b in ((True, True), (True, False), (False, True), (False, False))])

# Two results of different element types (float and int64).
save_valid("if_multi_output",
           model([node("If", ["cond"], ["y", "s"],
                       then_branch=graph("then_two",
                                         [node("Add", ["x", "x"], ["t"]),
                                          node("Shape", ["x"], ["ts"])], [],
                                         [vi("t", [2, 3]), vi("ts", [2], I64)]),
                       else_branch=graph("else_two",
                                         [node("Mul", ["x", "x"], ["e"]),
                                          const("es", np.array([7, -8], np.int64))], [],
                                         [vi("e", [2, 3]), vi("es", [2], I64)]))],
                 [vi("cond", [], B), vi("x", [2, 3])], [vi("y", [2, 3]), vi("s", [2], I64)]),
           {"cond": flag(True), "x": x23}, {"cond": flag(False), "x": x23})

# --- Loop ----------------------------------------------------------------------------
# Trip count and condition both given; y is carried, y_out also a scan
# output. M = 0 runs no iteration: y comes back unchanged and the scan
# output is [0, 3] (what onnxruntime returns; the body declares y_scan
# as [3]).
counter_body = graph("counter_body",
                     [node("Identity", ["cond_in"], ["cond_out"]),
                      node("Add", ["y_in", "x"], ["y_out"]),
                      node("Identity", ["y_out"], ["y_scan"])],
                     [vi("iter_num", [], I64), vi("cond_in", [], B), vi("y_in", [3])],
                     [vi("cond_out", [], B), vi("y_out", [3]), vi("y_scan", [3])])
x3, y3 = rand(3), rand(3)
save_valid("loop_counter",
           model([node("Loop", ["M", "cond", "y0"], ["y", "ys"], body=counter_body)],
                 [vi("M", [], I64), vi("cond", [], B), vi("y0", [3]), vi("x", [3])],
                 [vi("y", [3]), vi("ys", [None, 3])]),
           {"M": scalar(4), "cond": flag(True), "y0": y3, "x": x3},
           {"M": scalar(0), "cond": flag(True), "y0": y3, "x": x3})

# No trip count: runs while counter < limit (the first iteration always
# runs, the initial condition being true), no scan outputs.
save_valid("loop_cond_only",
           model([node("Loop", ["", "cond0", "c0"], ["c"],
                       body=graph("cond_only_body",
                                  [const("one", scalar(1)),
                                   node("Add", ["c_in", "one"], ["c_out"]),
                                   node("Less", ["c_out", "limit"], ["cond_out"])],
                                  [vi("iter_num", [], I64), vi("cond_in", [], B),
                                   vi("c_in", [], I64)],
                                  [vi("cond_out", [], B), vi("c_out", [], I64)]))],
                 [vi("limit", [], I64)], [vi("c", [], I64)],
                 [("cond0", flag(True)), ("c0", scalar(0))]),
           {"limit": scalar(5)}, {"limit": scalar(1)})

# Trip count only (cond omitted); v halves each iteration, and the scan
# output is the iteration number cast to float.
save_valid("loop_trip_only",
           model([node("Loop", ["M", "", "v0"], ["v", "iters"],
                       body=graph("trip_only_body",
                                  [node("Identity", ["cond_in"], ["cond_out"]),
                                   const("half", np.array(0.5, np.float32)),
                                   node("Mul", ["v_in", "half"], ["v_out"]),
                                   node("Cast", ["iter_num"], ["it_f"], to=F)],
                                  [vi("iter_num", [], I64), vi("cond_in", [], B),
                                   vi("v_in", [2, 2])],
                                  [vi("cond_out", [], B), vi("v_out", [2, 2]),
                                   vi("it_f", [])]))],
                 [vi("M", [], I64), vi("v0", [2, 2])], [vi("v", [2, 2]), vi("iters", [None])]),
           {"M": scalar(3), "v0": rand(2, 2)}, {"M": scalar(1), "v0": rand(2, 2)})

# A carried value whose shape changes every iteration: [1] -> [1 + M]. The
# body's input and output for it are declared with an unknown dimension.
save_valid("loop_growing",
           model([node("Loop", ["M", "", "v0"], ["v"],
                       body=graph("growing_body",
                                  [node("Identity", ["cond_in"], ["cond_out"]),
                                   const("one_f", np.array([1.0], np.float32)),
                                   node("Concat", ["v_in", "one_f"], ["v_out"], axis=0)],
                                  [vi("iter_num", [], I64), vi("cond_in", [], B),
                                   vi("v_in", [None])],
                                  [vi("cond_out", [], B), vi("v_out", [None])]))],
                 [vi("M", [], I64), vi("v0", [1])], [vi("v", [None])]),
           {"M": scalar(3), "v0": rand(1)}, {"M": scalar(0), "v0": rand(1)})

# --- Scan ----------------------------------------------------------------------------
def sum_body(name, state_shape=(3,)):
    """s_out = s_in + x_t; the scan output is s_out."""
    return graph(name,
                 [node("Add", ["s_in", "x_t"], ["s_out"]),
                  node("Identity", ["s_out"], ["y_t"])],
                 [vi("s_in", list(state_shape)), vi("x_t", list(state_shape))],
                 [vi("s_out", list(state_shape)), vi("y_t", list(state_shape))])


x53 = rand(5, 3)
s3 = rand(3)
# Running sum along axis 0 (Scan-16).
save_valid("scan_sum",
           model([node("Scan", ["s0", "x"], ["s", "ys"], num_scan_inputs=1,
                       body=sum_body("sum_body"))],
                 [vi("s0", [3]), vi("x", [5, 3])], [vi("s", [3]), vi("ys", [5, 3])], opset=16),
           {"s0": s3, "x": x53})

# The same, scanning the input and writing the output back to front.
save_valid("scan_reverse",
           model([node("Scan", ["s0", "x"], ["s", "ys"], num_scan_inputs=1,
                       scan_input_directions=[1], scan_output_directions=[1],
                       body=sum_body("reverse_body"))],
                 [vi("s0", [3]), vi("x", [5, 3])], [vi("s", [3]), vi("ys", [5, 3])], opset=16),
           {"s0": s3, "x": x53})


def axes_model(x_shape, z_shape, y_shape):
    """Two scan inputs along axis 1, two states (a sum and a running max) and
    one scan output stacked along axis 1."""
    body = graph("axes_body",
                 [node("Add", ["s1_in", "x_t"], ["s1_out"]),
                  node("Max", ["s2_in", "z_t"], ["s2_out"]),
                  node("Mul", ["s1_out", "z_t"], ["y_t"])],
                 [vi("s1_in", [3]), vi("s2_in", [3]), vi("x_t", [3]), vi("z_t", [3])],
                 [vi("s1_out", [3]), vi("s2_out", [3]), vi("y_t", [3])])
    return model([node("Scan", ["s10", "s20", "x", "z"], ["s1", "s2", "ys"], num_scan_inputs=2,
                       scan_input_axes=[1, 1], scan_output_axes=[1], body=body)],
                 [vi("s10", [3]), vi("s20", [3]), vi("x", x_shape), vi("z", z_shape)],
                 [vi("s1", [3]), vi("s2", [3]), vi("ys", y_shape)], opset=16)


axes_feeds = {"s10": rand(3), "s20": rand(3), "x": rand(3, 4), "z": rand(3, 4)}
save_valid("scan_axes", axes_model([3, 4], [3, 4], [3, 4]), axes_feeds)
# The same with the scanned lengths symbolic (and distinct symbols), so the
# equal-length check has to happen at run time.
save_valid("scan_axes_dynamic", axes_model([3, "n"], [3, "m"], [3, None]), axes_feeds)

# Scan-8: a leading batch dimension on states and scan inputs, and the
# (omitted) sequence_lens as the first input. The body sees one batch entry.
save_valid("scan8",
           model([node("Scan", ["", "s0", "x"], ["s", "ys"], num_scan_inputs=1,
                       body=sum_body("scan8_body"))],
                 [vi("s0", [2, 3]), vi("x", [2, 4, 3])], [vi("s", [2, 3]), vi("ys", [2, 4, 3])],
                 opset=8),
           {"s0": rand(2, 3), "x": rand(2, 4, 3)})

# Scan inputs of different lengths along the scan axis (4 and 5) at run time.
save_bad_inputs("scan_length_mismatch", "scan_axes_dynamic",
                {"s10": rand(3), "s20": rand(3), "x": rand(3, 4), "z": rand(3, 5)})

# --- Rejected models -----------------------------------------------------------------
# Built without onnx.checker (save_invalid writes the proto as it is). The
# control-flow node is the first node, so its default name is OP_0.

# The then branch returns [2, 3], the else branch a rank-1 [6]. (ONNX
# allows branch results of different ranks, and onnxruntime runs this
# model; Kiln needs one rank. y is declared rank 2 with unknown dimensions:
# onnx.checker wants a shape on every graph output.)
save_invalid("if_rank_mismatch",
             model([node("If", ["cond"], ["y"],
                         then_branch=graph("then_identity", [node("Identity", ["x"], ["t"])], [],
                                           [vi("t", [2, 3])]),
                         else_branch=graph("else_flat",
                                           [const("flat", np.array([6], np.int64)),
                                            node("Reshape", ["x", "flat"], ["e"])], [],
                                           [vi("e", [6])]))],
                   [vi("cond", [], B), vi("x", [2, 3])], [vi("y", [None, None])]))

# One If result, but the else branch has two outputs.
save_invalid("if_output_count",
             model([node("If", ["cond"], ["y"],
                         then_branch=graph("then_one", [node("Add", ["x", "x"], ["t"])], [],
                                           [vi("t", [2, 3])]),
                         else_branch=graph("else_two",
                                           [node("Mul", ["x", "x"], ["e"]),
                                            node("Neg", ["x"], ["e2"])], [],
                                           [vi("e", [2, 3]), vi("e2", [2, 3])]))],
                   [vi("cond", [], B), vi("x", [2, 3])], [vi("y", [2, 3])]))

# One carried value, so the body needs 3 inputs (iter_num, cond, y); it
# has 2 (iter_num missing).
save_invalid("loop_body_inputs",
             model([node("Loop", ["M", "cond", "y0"], ["y"],
                         body=graph("short_body",
                                    [node("Identity", ["cond_in"], ["cond_out"]),
                                     node("Add", ["y_in", "y_in"], ["y_out"])],
                                    [vi("cond_in", [], B), vi("y_in", [3])],
                                    [vi("cond_out", [], B), vi("y_out", [3])]))],
                   [vi("M", [], I64), vi("cond", [], B), vi("y0", [3])], [vi("y", [3])]))

# num_scan_inputs = 0: nothing to scan.
save_invalid("scan_no_inputs",
             model([node("Scan", ["s0"], ["s"], num_scan_inputs=0,
                         body=graph("no_inputs_body", [node("Neg", ["s_in"], ["s_out"])],
                                    [vi("s_in", [3])], [vi("s_out", [3])]))],
                   [vi("s0", [3])], [vi("s", [3])], opset=16))
