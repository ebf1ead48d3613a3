//===- NNDetectionOps.cpp - nn non_max_suppression ------------------------===//
//
// The verifier of the op in NNDetectionOps.td and its shape rule
// (DetectionShapes.h). Sizes the types leave open (a dynamic B, N or last
// dimension of the boxes) and the scalar operands' values are checked by
// the lowering at run time.
//
//===----------------------------------------------------------------------===//

#include "dialects/NN/IR/DetectionShapes.h"
#include "dialects/NN/IR/NNOps.h"

#include "mlir/IR/Diagnostics.h"

using namespace mlir;
using namespace kiln::nn;

static constexpr int64_t kDyn = ShapedType::kDynamic;

static bool conflict(int64_t a, int64_t b) { return a != kDyn && b != kDyn && a != b; }

static std::string sizeName(int64_t v) { return v == kDyn ? "?" : std::to_string(v); }

FailureOr<Shape> kiln::nn::inferNonMaxSuppressionShape(ArrayRef<int64_t> boxes,
                                                       ArrayRef<int64_t> scores,
                                                       std::string &error) {
  if (boxes.size() != 3) {
    error = "boxes must have rank 3 ([num_batches, num_boxes, 4]), got " + formatShape(boxes);
    return failure();
  }
  if (scores.size() != 3) {
    error = "scores must have rank 3 ([num_batches, num_classes, num_boxes]), got " +
            formatShape(scores);
    return failure();
  }
  if (boxes[2] != kDyn && boxes[2] != 4) {
    error = "the last dimension of boxes must be 4, got " + formatShape(boxes);
    return failure();
  }
  if (conflict(boxes[0], scores[0])) {
    error = "boxes " + formatShape(boxes) + " and scores " + formatShape(scores) +
            " differ in the number of batches (" + sizeName(boxes[0]) + " and " +
            sizeName(scores[0]) + ")";
    return failure();
  }
  if (conflict(boxes[1], scores[2])) {
    error = "boxes " + formatShape(boxes) + " and scores " + formatShape(scores) +
            " differ in the number of boxes (" + sizeName(boxes[1]) + " and " +
            sizeName(scores[2]) + ")";
    return failure();
  }
  return Shape{kDyn, 3};
}

LogicalResult NonMaxSuppressionOp::verify() {
  auto bt = getBoxes().getType(), st = getScores().getType();
  std::string err;
  auto shape = inferNonMaxSuppressionShape(bt.getShape(), st.getShape(), err);
  if (failed(shape))
    return emitOpError(err);
  Type et = bt.getElementType();
  if (st.getElementType() != et)
    return emitOpError("scores have element type ")
           << st.getElementType() << " but the boxes " << et;
  if (getIouThreshold().getType().getElementType() != et)
    return emitOpError("iou_threshold has element type ")
           << getIouThreshold().getType().getElementType() << " but the boxes " << et;
  if (Value thr = getScoreThreshold();
      thr && cast<RankedTensorType>(thr.getType()).getElementType() != et)
    return emitOpError("score_threshold has element type ")
           << cast<RankedTensorType>(thr.getType()).getElementType() << " but the boxes "
           << et;
  int64_t cpb = static_cast<int64_t>(getCenterPointBox());
  if (cpb != 0 && cpb != 1)
    return emitOpError("center_point_box must be 0 or 1, got ") << cpb;
  auto rt = getType();
  if (!isCompatibleShape(*shape, rt.getShape()))
    return emitOpError("result shape ")
           << formatShape(rt.getShape()) << " must be [num_selected, 3]";
  // A declared static row count must be possible: at most one row per
  // (batch, class, box).
  int64_t rows = rt.getDimSize(0);
  if (rows != kDyn && st.hasStaticShape() && rows > st.getNumElements())
    return emitOpError("result has ")
           << rows << " rows, more than the " << st.getNumElements()
           << " (batch, class, box) triples";
  return success();
}
