#!/usr/bin/env python3
"""Writes ONNX NonMaxSuppression models for cases ONNX's backend tests
leave out: many random, overlapping boxes in several batches and classes
with thresholds given as run-time inputs, equal scores, corners given in
either order, center_point_box=1, zero-area and identical boxes, a score
threshold that removes every box (an empty [0, 3] result), a
max_output_boxes_per_class of 0 or below, absent optional inputs, constant
thresholds (opset 10), NaN scores, and a number of boxes known only at
run time.

Valid models go to OUT_DIR/valid/NAME/ (model.onnx plus test_data_set_N),
those whose data sets differ in size to OUT_DIR/dynamic/NAME/. The
reference is onnxruntime. Wherever all five inputs are given as
one-element vectors, ONNX's reference evaluator is run too and must agree
with onnxruntime, or the generator stops (onnx.reference's
NonMaxSuppression fails on absent optional inputs, on rank-0 scalars and
on a negative max_output_boxes_per_class): the two agree on every case
here, equal scores included (both take the lower box index first). NaN
scores, whose order neither defines, are checked against a numpy function
giving Kiln's documented order (after every number, in index order) on
disjoint boxes.
Inputs the compiled model must reject go to OUT_DIR/bad/NAME/; models Kiln
must reject at import go to OUT_DIR/NAME.onnx.
"""
import sys

import numpy as np
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper
from onnx.reference import ReferenceEvaluator

import modelgen
from modelgen import vi

OUT = sys.argv[1]
rng = np.random.default_rng(47)
F, I32, I64, F64 = TensorProto.FLOAT, TensorProto.INT32, TensorProto.INT64, TensorProto.DOUBLE
N = helper.make_node
INPUTS = ["boxes", "scores", "max_output_boxes_per_class", "iou_threshold", "score_threshold"]


def model(nodes, inputs, outputs, opset=11, initializers=()):
    return modelgen.model(nodes, inputs, outputs, initializers, opset)


def nms_model(boxes_shape, scores_shape, inputs=INPUTS, opset=11, initializers=(),
              scalar_shape=(1,), **attrs):
    """One NonMaxSuppression node named 'nms'; the scalar inputs not given
    as initializers are graph inputs of `scalar_shape`."""
    given = {name for name, _ in initializers}
    types = {"max_output_boxes_per_class": I64}
    graph_inputs = [vi("boxes", boxes_shape), vi("scores", scores_shape)]
    graph_inputs += [vi(n, list(scalar_shape), types.get(n, F)) for n in inputs[2:]
                     if n and n not in given]
    return model([N("NonMaxSuppression", list(inputs), ["selected"], name="nms", **attrs)],
                 graph_inputs, [vi("selected", None, I64)], opset,
                 [numpy_helper.from_array(np.asarray(a), n) for n, a in initializers])


def check_references(m, feed_sets):
    """onnxruntime and ONNX's reference evaluator agree on every set."""
    sess = ort.InferenceSession(m.SerializeToString(), providers=["CPUExecutionProvider"])
    ref = ReferenceEvaluator(m)
    for feeds in feed_sets:
        a = sess.run(None, feeds)[0]
        b = ref.run(None, feeds)[0]
        if a.shape != b.shape or (a != b).any():
            sys.exit(f"onnxruntime and onnx.reference disagree:\n{a}\n{b}")


def save_valid(name, m, *feed_sets, folder="valid", cross_check=True):
    if cross_check:
        check_references(m, feed_sets)
    modelgen.save_valid(OUT, name, m, *feed_sets, folder=folder)


def save_bad_inputs(name, valid, feeds, folder="valid"):
    """Inputs model `valid` must reject at run time, as OUT_DIR/bad/NAME/."""
    modelgen.save_bad_inputs(OUT, name, valid, feeds, folder=folder)


def save_invalid(name, m):
    modelgen.save_invalid(OUT, name, m)


def scalars(max_out, iou, score=None, shape=(1,)):
    feeds = {"max_output_boxes_per_class": np.array(max_out, np.int64).reshape(shape),
             "iou_threshold": np.array(iou, np.float32).reshape(shape)}
    if score is not None:
        feeds["score_threshold"] = np.array(score, np.float32).reshape(shape)
    return feeds


def clustered_boxes(b, n, clusters=6, spread=1.5, flip=False):
    """[b, n, 4] corner boxes [y1, x1, y2, x2] around a few centres, so that
    many overlap; with `flip`, each box's corners are swapped at random."""
    centres = rng.uniform(0, 20, (b, clusters, 2))
    pick = rng.integers(0, clusters, (b, n))
    c = np.take_along_axis(centres, pick[..., None], axis=1) + rng.normal(0, spread, (b, n, 2))
    size = rng.uniform(1, 6, (b, n, 2))
    lo, hi = c - size / 2, c + size / 2
    boxes = np.concatenate([lo, hi], -1).astype(np.float32)
    if flip:
        swap_y = rng.random((b, n)) < 0.5
        swap_x = rng.random((b, n)) < 0.5
        boxes[swap_y] = boxes[swap_y][:, [2, 1, 0, 3]]
        boxes[swap_x] = boxes[swap_x][:, [0, 3, 2, 1]]
    return boxes


def rand_scores(b, c, n):
    return rng.random((b, c, n)).astype(np.float32)


# --- Many boxes, several batches and classes, run-time thresholds ----------
boxes = clustered_boxes(3, 60)
scores = rand_scores(3, 4, 60)
m = nms_model([3, 60, 4], [3, 4, 60])
sets = [dict(boxes=boxes, scores=scores, **scalars(5, 0.5, 0.2)),
        dict(boxes=boxes, scores=scores, **scalars(100, 0.3, 0.0)),
        dict(boxes=boxes, scores=scores, **scalars(4, 0.0, 0.5)),
        dict(boxes=boxes, scores=scores, **scalars(1000, 1.0, 0.9)),
        dict(boxes=boxes, scores=scores, **scalars(2**40, 0.7, -1.0))]
save_valid("nms_random", m, *sets)
# iou_threshold outside [0, 1] stops the run (onnxruntime refuses it).
save_bad_inputs("nms_iou_above_one", "nms_random",
                dict(boxes=boxes, scores=scores, **scalars(5, 1.5, 0.2)))

# Rank-0 scalar inputs, not one-element vectors.
m = nms_model([2, 30, 4], [2, 3, 30], scalar_shape=())
b2 = clustered_boxes(2, 30, clusters=3)
save_valid("nms_scalar_inputs", m,
           dict(boxes=b2, scores=rand_scores(2, 3, 30), **scalars(3, 0.4, 0.3, shape=())),
           cross_check=False)  # onnx.reference indexes the scalars: vectors only

# --- Equal scores: lower index first -----------------------------------------
boxes = clustered_boxes(2, 40, clusters=4)
tied = (rng.integers(0, 4, (2, 3, 40)) / 4).astype(np.float32)
m = nms_model([2, 40, 4], [2, 3, 40])
save_valid("nms_ties", m,
           dict(boxes=boxes, scores=tied, **scalars(6, 0.3, 0.0)),
           dict(boxes=boxes, scores=np.full((2, 3, 40), 0.5, np.float32),
                **scalars(40, 0.5, 0.1)))

# --- Corners in either order ---------------------------------------------------
boxes = clustered_boxes(1, 50, clusters=5, flip=True)
m = nms_model([1, 50, 4], [1, 2, 50])
save_valid("nms_flipped", m,
           dict(boxes=boxes, scores=rand_scores(1, 2, 50), **scalars(8, 0.4, 0.1)),
           dict(boxes=boxes, scores=rand_scores(1, 2, 50), **scalars(50, 0.1, 0.0)))

# --- center_point_box = 1 --------------------------------------------------------
ctr = np.concatenate([rng.uniform(0, 15, (2, 45, 2)), rng.uniform(0.5, 6, (2, 45, 2))],
                     -1).astype(np.float32)
m = nms_model([2, 45, 4], [2, 2, 45], center_point_box=1)
save_valid("nms_center", m,
           dict(boxes=ctr, scores=rand_scores(2, 2, 45), **scalars(7, 0.35, 0.25)),
           dict(boxes=ctr, scores=rand_scores(2, 2, 45), **scalars(45, 0.6, 0.0)))

# --- Zero-area and identical boxes ----------------------------------------------
# Boxes 0-3 have zero width or height (never suppress nor are suppressed);
# 4-6 are identical (the best of them, 6, suppresses the others); 7 and 8
# overlap 6 with IoU 0.16 and 0.25, and each other with 0.04, so each of
# the thresholds 0, 0.2 and 0.5 keeps a different set. 11 overlaps 10 with
# an IoU of exactly 0.5, which suppresses only when below the threshold.
z = np.array([[[1, 1, 1, 5], [1, 1, 5, 1], [2, 2, 2, 2], [1, 1, 1, 5],
               [0, 0, 4, 4], [0, 0, 4, 4], [4, 4, 0, 0],
               [0, 0, 10, 10], [1, 1, 3, 3], [20, 20, 21, 21],
               [30, 30, 34, 34], [30, 30, 34, 32]]], np.float32)
zs = np.array([[[0.9, 0.8, 0.95, 0.7, 0.6, 0.6, 0.65, 0.5, 0.4, 0.3, 0.2, 0.1]]], np.float32)
m = nms_model([1, 12, 4], [1, 1, 12])
save_valid("nms_zero_area", m,
           dict(boxes=z, scores=zs, **scalars(10, 0.0, 0.0)),
           dict(boxes=z, scores=zs, **scalars(10, 0.2, 0.0)),
           dict(boxes=z, scores=zs, **scalars(10, 0.5, 0.0)))

# --- Nothing selected: an empty [0, 3] result ------------------------------------
boxes = clustered_boxes(2, 20)
scores = rand_scores(2, 3, 20)
m = nms_model([2, 20, 4], [2, 3, 20])
sets = [dict(boxes=boxes, scores=scores, **scalars(5, 0.5, 1.0)),  # no score > 1
        dict(boxes=boxes, scores=scores, **scalars(0, 0.5, 0.0)),  # max 0
        dict(boxes=boxes, scores=scores, **scalars(-3, 0.5, 0.0))]  # max < 0: as 0
check_references(m, sets[:2])  # onnx.reference fails on a negative max
save_valid("nms_empty", m, *sets, cross_check=False)

# --- Absent optional inputs (onnxruntime only: onnx.reference fails on them) -----
boxes = clustered_boxes(1, 25, clusters=3)
scores = rand_scores(1, 2, 25)
scores[0, 0, :5] = -np.inf  # no score threshold: still candidates
# Only max_output: iou_threshold 0 (any overlap suppresses), no score filter.
m = nms_model([1, 25, 4], [1, 2, 25], inputs=INPUTS[:3])
save_valid("nms_no_thresholds", m,
           {"boxes": boxes, "scores": scores,
            "max_output_boxes_per_class": np.array([25], np.int64)},
           cross_check=False)
# iou_threshold given, score_threshold absent.
m = nms_model([1, 25, 4], [1, 2, 25], inputs=INPUTS[:4])
save_valid("nms_no_score_threshold", m,
           dict(boxes=boxes, scores=scores, **scalars(25, 0.3)), cross_check=False)
# An empty name for max_output_boxes_per_class: 0, nothing selected.
m = nms_model([1, 25, 4], [1, 2, 25], inputs=["boxes", "scores", "", "iou_threshold"])
save_valid("nms_default_max_output", m,
           {"boxes": boxes, "scores": scores, "iou_threshold": np.array([0.5], np.float32)},
           cross_check=False)

# NaN scores, which only an absent score_threshold lets through: the order
# of the reference (and of onnxruntime) is unspecified for them; Kiln takes
# them after every number, in index order. Disjoint boxes, so nothing is
# suppressed and the reference is that order (numpy).
grid = np.arange(8, dtype=np.float32) * 3
disjoint = np.stack([grid, grid, grid + 1, grid + 1], -1)[None]
nan_scores = np.array([[[0.5, np.nan, 0.9, np.nan, 0.1, 0.5, np.nan, 0.7]]], np.float32)


def nan_last(boxes, scores, max_output_boxes_per_class, iou_threshold):
    s = scores[0, 0]
    order = sorted(range(len(s)), key=lambda i: (np.isnan(s[i]), -np.nan_to_num(s[i]), i))
    return [np.array([[0, 0, i] for i in order[:max_output_boxes_per_class[0]]], np.int64)]


m = nms_model([1, 8, 4], [1, 1, 8], inputs=INPUTS[:4])
modelgen.save_valid(OUT, "nms_nan_scores", m,
                    dict(boxes=disjoint, scores=nan_scores, **scalars(8, 0.5)),
                    dict(boxes=disjoint, scores=nan_scores, **scalars(5, 0.5)),
                    reference=nan_last)

# --- Constant thresholds (opset 10) ----------------------------------------------
boxes = clustered_boxes(1, 30, clusters=4)
m = nms_model([1, 30, 4], [1, 3, 30], opset=10,
              initializers=[("max_output_boxes_per_class", np.array([4], np.int64)),
                            ("iou_threshold", np.array(0.45, np.float32)),
                            ("score_threshold", np.array([0.2], np.float32))])
save_valid("nms_constant_thresholds", m, {"boxes": boxes, "scores": rand_scores(1, 3, 30)},
           cross_check=False)  # a rank-0 iou_threshold

# --- A number of boxes (and batches) known only at run time ----------------------
m = nms_model(["batch", "boxes", 4], ["batch", 2, "boxes"])
small_boxes = clustered_boxes(1, 12, clusters=2)
save_valid("nms_dynamic_boxes", m,
           dict(boxes=small_boxes, scores=rand_scores(1, 2, 12), **scalars(5, 0.5, 0.1)),
           dict(boxes=clustered_boxes(3, 70), scores=rand_scores(3, 2, 70),
                **scalars(9, 0.4, 0.05)),
           folder="dynamic")
# Sizes without names, which the runtime cannot compare: mismatched batch
# and box counts and a last dimension other than 4 are rejected by the
# node's own run-time checks.
m = nms_model([None, None, None], [None, 2, None])
save_valid("nms_dynamic_unnamed", m,
           dict(boxes=small_boxes, scores=rand_scores(1, 2, 12), **scalars(5, 0.5, 0.1)),
           folder="dynamic")
save_bad_inputs("nms_box_counts_differ", "nms_dynamic_unnamed",
                dict(boxes=small_boxes, scores=rand_scores(1, 2, 11), **scalars(5, 0.5, 0.1)),
                folder="dynamic")
save_bad_inputs("nms_batches_differ", "nms_dynamic_unnamed",
                dict(boxes=small_boxes, scores=rand_scores(2, 2, 12), **scalars(5, 0.5, 0.1)),
                folder="dynamic")
save_bad_inputs("nms_five_coords", "nms_dynamic_unnamed",
                dict(boxes=np.concatenate([small_boxes, small_boxes[..., :1]], -1),
                     scores=rand_scores(1, 2, 12), **scalars(5, 0.5, 0.1)),
                folder="dynamic")
# A max_output_boxes_per_class of run-time length must hold one value.
m = nms_model([1, 12, 4], [1, 2, 12], scalar_shape=(None,))
save_valid("nms_runtime_scalar_length", m,
           dict(boxes=small_boxes, scores=rand_scores(1, 2, 12), **scalars(5, 0.5, 0.1)),
           folder="dynamic")
save_bad_inputs("nms_two_max_outputs", "nms_runtime_scalar_length",
                {"boxes": small_boxes, "scores": rand_scores(1, 2, 12),
                 "max_output_boxes_per_class": np.array([5, 6], np.int64),
                 "iou_threshold": np.array([0.5], np.float32),
                 "score_threshold": np.array([0.1], np.float32)},
                folder="dynamic")

# --- Import errors -----------------------------------------------------------------
save_invalid("nms_boxes_rank2", nms_model([6, 4], [1, 1, 6]))
save_invalid("nms_box_count_mismatch", nms_model([1, 6, 4], [1, 1, 5]))
save_invalid("nms_batch_mismatch", nms_model([2, 6, 4], [1, 1, 6]))
save_invalid("nms_last_dim", nms_model([1, 6, 5], [1, 1, 6]))
save_invalid("nms_center_point_box", nms_model([1, 6, 4], [1, 1, 6], center_point_box=2))
save_invalid("nms_iou_constant", nms_model(
    [1, 6, 4], [1, 1, 6], initializers=[("iou_threshold", np.array([1.5], np.float32))]))
save_invalid("nms_max_output_two", nms_model([1, 6, 4], [1, 1, 6], scalar_shape=(2,)))
save_invalid("nms_boxes_double", model(
    [N("NonMaxSuppression", ["boxes", "scores"], ["selected"], name="nms")],
    [vi("boxes", [1, 6, 4], F64), vi("scores", [1, 1, 6], F64)],
    [vi("selected", None, I64)]))
save_invalid("nms_max_output_int32", model(
    [N("NonMaxSuppression", ["boxes", "scores", "max"], ["selected"], name="nms")],
    [vi("boxes", [1, 6, 4]), vi("scores", [1, 1, 6]), vi("max", [1], I32)],
    [vi("selected", None, I64)]))
