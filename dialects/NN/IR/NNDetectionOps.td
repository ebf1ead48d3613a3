//===- NNDetectionOps.td - nn non_max_suppression ----------*- tablegen -*-===//
//
// Included at the end of NNOps.td. Object-detection ops: their results are
// sized by the data (the number of boxes kept is known only at run time)
// and their thresholds may be run-time values. Shape rules are in
// DetectionShapes.h.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_NN_DETECTION_OPS
#define KILN_NN_DETECTION_OPS

def NN_NonMaxSuppressionOp : NN_Op<"non_max_suppression", [Pure]> {
  let summary = "greedy non-maximum suppression of boxes (ONNX NonMaxSuppression)";
  let description = [{
    `boxes` is `[B, N, 4]`, `scores` `[B, C, N]`, both of one float type.
    For each batch `b` and class `c`, the candidates are the boxes whose
    score is greater than `score_threshold` (all of them when it is
    absent). They are taken in order of decreasing score, equal scores in
    index order (NaN scores, which only an absent `score_threshold` lets
    through, after every number), and a candidate is kept unless its intersection over
    union with a box already kept for `(b, c)` is greater than
    `iou_threshold`, until `max(max_output_boxes_per_class, 0)` are kept.
    The result `[num_selected, 3]` holds one `(b, c, box index)` row per
    kept box: batches, then classes, in order, each class's boxes in the
    order they were kept. `num_selected` is known only at run time.

    Boxes are `[y1, x1, y2, x2]` (any two opposite corners, in either
    order) with `center_point_box = 0`, or `[x_center, y_center, width,
    height]` with `center_point_box = 1`. The overlap rule is ONNX's
    reference implementation's, in the element type: boxes that do not
    overlap, or whose intersection, either area or the union is not
    positive, never suppress each other. The three scalar operands are
    read at run time; an `iou_threshold` outside `[0, 1]` (or NaN) stops
    the run with a shape error, as onnxruntime refuses it. Serves ONNX
    `NonMaxSuppression` (versions 10, 11).

    ```mlir
    %sel = nn.non_max_suppression %boxes, %scores, %max, %iou, %thr {center_point_box = 1 : i64}
        : (tensor<1x6x4xf32>, tensor<1x2x6xf32>, tensor<i64>, tensor<f32>, tensor<f32>)
        -> tensor<?x3xi64>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$boxes, NN_FloatTensor:$scores,
                   0DTensorOf<[I64]>:$max_output_boxes_per_class,
                   0DTensorOf<[AnyFloat]>:$iou_threshold,
                   Optional<0DTensorOf<[AnyFloat]>>:$score_threshold,
                   DefaultValuedAttr<I64Attr, "0">:$center_point_box);
  let results = (outs NN_I64Tensor:$selected_indices);
  let assemblyFormat = [{
    $boxes `,` $scores `,` $max_output_boxes_per_class `,` $iou_threshold
    (`,` $score_threshold^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

#endif // KILN_NN_DETECTION_OPS
