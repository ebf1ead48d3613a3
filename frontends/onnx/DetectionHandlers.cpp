//===- DetectionHandlers.cpp - ONNX NonMaxSuppression ---------------------===//
//
// NonMaxSuppression (10, 11) becomes nn.non_max_suppression. Its scalar
// inputs (max_output_boxes_per_class, iou_threshold, score_threshold) may
// be scalars or one-element vectors, constants or values known only at
// run time; each becomes a rank-0 operand (a vector of run-time length is
// checked to hold one element when the model runs). An absent
// max_output_boxes_per_class is 0 (nothing selected) and an absent
// iou_threshold 0, as in onnxruntime; an absent score_threshold filters
// nothing, so the op gets none.
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/ImporterImpl.h"
#include "dialects/NN/IR/DetectionShapes.h"
#include "dialects/NN/IR/NNOps.h"

#include "mlir/IR/Matchers.h"

#include <cstdio>

using namespace mlir;

namespace kiln::onnx_frontend {
namespace {

/// Input `i` (`what` in messages): a scalar or one-element vector of
/// element type `et` (`etName`, with its article, in messages), as a
/// rank-0 tensor; null when absent.
FailureOr<Value> scalarInput(NodeContext &nc, int i, StringRef what, Type et,
                             StringRef etName) {
  return scalarOperand(nc, i, what, [&](Type t) { return t == et; },
                       (etName + " scalar or one-element tensor").str());
}

/// The value of the rank-0 float tensor `v` when it is a constant.
std::optional<double> constantFloat(Value v) {
  DenseFPElementsAttr attr;
  if (!matchPattern(v, m_Constant(&attr)) || attr.getNumElements() != 1)
    return std::nullopt;
  return (*attr.getValues<APFloat>().begin()).convertToDouble();
}

LogicalResult nonMaxSuppression(NodeContext &nc) {
  Value boxes = nc.input(0), scores = nc.input(1);
  if (!boxes || !scores)
    return failure();
  Type f32 = nc.b.getF32Type(), i64 = nc.b.getI64Type();
  auto bt = nc.tensorType(boxes), st = nc.tensorType(scores);
  if (bt.getElementType() != f32)
    return nc.fail("boxes must be a float32 tensor, got " + typeName(bt));
  if (st.getElementType() != f32)
    return nc.fail("scores must be a float32 tensor, got " + typeName(st));
  int64_t centerPointBox = nc.getInt("center_point_box", 0);
  if (centerPointBox != 0 && centerPointBox != 1)
    return nc.fail("center_point_box must be 0 or 1, got " + Twine(centerPointBox));
  std::string err;
  auto shape = nn::inferNonMaxSuppressionShape(bt.getShape(), st.getShape(), err);
  if (failed(shape))
    return nc.fail(err);

  FailureOr<Value> maxOut = scalarInput(nc, 2, "max_output_boxes_per_class", i64, "an int64");
  if (failed(maxOut))
    return failure();
  FailureOr<Value> iou = scalarInput(nc, 3, "iou_threshold", f32, "a float32");
  if (failed(iou))
    return failure();
  FailureOr<Value> scoreThreshold = scalarInput(nc, 4, "score_threshold", f32, "a float32");
  if (failed(scoreThreshold))
    return failure();
  if (!*maxOut)
    *maxOut = i64Tensor(nc, {}, {0});
  if (!*iou)
    *iou = scalarConstant(nc, f32, 0.0);
  // A constant threshold outside [0, 1] would fail every run (onnxruntime
  // refuses it); say so now. Run-time values are checked by the lowering.
  if (std::optional<double> c = constantFloat(*iou); c && !(*c >= 0.0 && *c <= 1.0)) {
    char text[32];
    std::snprintf(text, sizeof(text), "%g", *c);
    return nc.fail("iou_threshold must lie in [0, 1], got " + Twine(text));
  }

  auto type = RankedTensorType::get(*shape, i64);
  auto op = nn::NonMaxSuppressionOp::create(nc.b, nc.loc, type, boxes, scores, *maxOut, *iou,
                                            *scoreThreshold,
                                            nc.b.getI64IntegerAttr(centerPointBox));
  nc.setOutput(0, op.getSelectedIndices());
  return success();
}

} // namespace

void addDetectionOps(std::vector<OpEntry> &table) {
  table.push_back({"NonMaxSuppression", {10, 11}, {10, 11}, {"center_point_box"},
                   "thresholds and max_output_boxes_per_class may be run-time values "
                   "(iou_threshold outside [0, 1] stops the run with a shape error); equal "
                   "scores in index order, as in ONNX's reference",
                   nonMaxSuppression});
}

} // namespace kiln::onnx_frontend
