//===- NNShapeOps.cpp - nn ops on run-time shapes -------------------------===//
//
// Verifiers, result-type inference and folders of the ops in
// NNShapeOps.td; their shape rules are declared in RuntimeShapes.h and
// defined here.
//
//===----------------------------------------------------------------------===//

#include "dialects/NN/IR/NNOps.h"
#include "dialects/NN/IR/DataMovementShapes.h"
#include "dialects/NN/IR/OpHelpers.h"
#include "dialects/NN/IR/RuntimeShapes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/STLExtras.h"

#include <algorithm>

using namespace mlir;
using namespace kiln::nn;
using namespace kiln::nn::detail;

static constexpr int64_t kDyn = ShapedType::kDynamic;

//===----------------------------------------------------------------------===//
// Shape rules
//===----------------------------------------------------------------------===//

namespace kiln::nn {

static LogicalResult fail(std::string &error, const llvm::Twine &msg) {
  error = msg.str();
  return failure();
}

std::pair<int64_t, int64_t> normalizeShapeRange(int64_t rank, int64_t start,
                                                int64_t end) {
  auto clampIndex = [&](int64_t i) {
    if (i < 0)
      i = i < -rank ? 0 : i + rank;
    return std::clamp<int64_t>(i, 0, rank);
  };
  int64_t s = clampIndex(start), e = clampIndex(end);
  return {s, std::max(s, e)};
}

FailureOr<Shape> inferShapeOpShape(int64_t rank, int64_t start, int64_t end,
                                   std::string &error) {
  if (start < 0 || start > end || end > rank) {
    (void)fail(error, "start " + llvm::Twine(start) + " and end " + llvm::Twine(end) +
                          " must satisfy 0 <= start <= end <= rank (" +
                          llvm::Twine(rank) + ")");
    return failure();
  }
  return Shape{end - start};
}

LogicalResult checkShapeOperand(ArrayRef<int64_t> operand, int64_t expected,
                                StringRef what, std::string &error) {
  if (operand.size() != 1 || operand[0] == kDyn)
    return fail(error, "the " + what + " operand must be a 1-D tensor of static "
                       "length, got shape " + formatShape(operand));
  if (expected >= 0 && operand[0] != expected)
    return fail(error, "the " + what + " operand has " + llvm::Twine(operand[0]) +
                           " entries, expected " + llvm::Twine(expected));
  return success();
}

LogicalResult checkDynamicReshape(ArrayRef<int64_t> input, ArrayRef<int64_t> shapeOperand,
                                  ArrayRef<int64_t> output, std::string &error) {
  if (failed(checkShapeOperand(shapeOperand, output.size(), "shape", error)))
    return failure();
  auto count = [](ArrayRef<int64_t> s) {
    int64_t n = 1;
    for (int64_t d : s)
      n *= d;
    return n;
  };
  bool inStatic = llvm::none_of(input, ShapedType::isDynamic);
  bool outStatic = llvm::none_of(output, ShapedType::isDynamic);
  if (inStatic && outStatic && count(input) != count(output))
    return fail(error, "cannot reshape " + formatShape(input) + " (" +
                           llvm::Twine(count(input)) + " elements) to " +
                           formatShape(output) + " (" + llvm::Twine(count(output)) +
                           " elements)");
  return success();
}

LogicalResult checkDynamicExpand(ArrayRef<int64_t> input, ArrayRef<int64_t> shapeOperand,
                                 ArrayRef<int64_t> output, std::string &error) {
  if (failed(checkShapeOperand(shapeOperand, -1, "shape", error)))
    return failure();
  size_t rank = std::max<size_t>(input.size(), shapeOperand[0]);
  if (output.size() != rank)
    return fail(error, "the result has rank " + llvm::Twine(output.size()) +
                           ", expected " + llvm::Twine(rank) +
                           " (the larger of the input's rank and the shape's length)");
  return checkExpand(input, output, error);
}

LogicalResult checkDynamicSlice(ArrayRef<int64_t> input, ArrayRef<int64_t> starts,
                                ArrayRef<int64_t> ends, ArrayRef<int64_t> axes,
                                ArrayRef<int64_t> steps, ArrayRef<int64_t> output,
                                std::string &error) {
  int64_t rank = input.size();
  if (static_cast<int64_t>(output.size()) != rank)
    return fail(error, "the result has rank " + llvm::Twine(output.size()) +
                           " but the input has rank " + llvm::Twine(rank));
  if (steps.size() != axes.size())
    return fail(error, "axes and steps must have the same length; got " +
                           llvm::Twine(axes.size()) + " and " + llvm::Twine(steps.size()));
  if (failed(checkShapeOperand(starts, axes.size(), "starts", error)) ||
      failed(checkShapeOperand(ends, axes.size(), "ends", error)))
    return failure();
  SmallVector<bool> sliced(rank, false);
  for (auto [a, step] : llvm::zip(axes, steps)) {
    if (a < 0 || a >= rank || sliced[a])
      return fail(error, "axes " + formatShape(axes) +
                             " must be unique and in [0, " + llvm::Twine(rank) + ")");
    if (step == 0)
      return fail(error, "step is 0 for axis " + llvm::Twine(a));
    sliced[a] = true;
  }
  for (int64_t d = 0; d < rank; ++d) {
    int64_t in = input[d], out = output[d];
    if (in == kDyn || out == kDyn)
      continue;
    if (sliced[d] ? out > in : out != in)
      return fail(error, "result dimension " + llvm::Twine(d) + " (" + llvm::Twine(out) +
                             ") does not fit the input " + formatShape(input));
  }
  return success();
}

std::pair<int64_t, int64_t> resolveSliceDim(int64_t dim, int64_t start, int64_t end,
                                            int64_t step) {
  // Negative values count from the back (without overflowing on the
  // INT64_MIN / INT64_MAX sentinels exporters use).
  if (start < 0)
    start = start < -dim ? -1 : start + dim;
  if (end < 0)
    end = end < -dim ? -1 : end + dim;
  // In 128 bits: a step of any int64 value (INT64_MIN included).
  using Wide = __int128;
  Wide size;
  if (step > 0) {
    start = std::clamp<int64_t>(start, 0, dim);
    end = std::clamp<int64_t>(end, 0, dim);
    size = end > start ? (Wide(end) - start + step - 1) / step : 0;
  } else {
    start = std::clamp<int64_t>(start, 0, dim - 1);
    end = std::clamp<int64_t>(end, -1, dim - 1);
    size = start > end ? (Wide(start) - end - Wide(step) - 1) / -Wide(step) : 0;
  }
  return {size > 0 ? start : 0, static_cast<int64_t>(size)};
}

} // namespace kiln::nn

//===----------------------------------------------------------------------===//
// ShapeOp
//===----------------------------------------------------------------------===//

LogicalResult ShapeOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &inferred) {
  std::string err;
  auto shape = inferShapeOpShape(shapeOf(adaptor.getInput()).size(),
                                 static_cast<int64_t>(adaptor.getStart()),
                                 static_cast<int64_t>(adaptor.getEnd()), err);
  return toInferred(loc, shape, err, IntegerType::get(ctx, 64), inferred);
}

OpFoldResult ShapeOp::fold(FoldAdaptor) {
  ArrayRef<int64_t> shape = getInput().getType().getShape();
  int64_t start = static_cast<int64_t>(getStart()), end = static_cast<int64_t>(getEnd());
  if (start < 0 || end > static_cast<int64_t>(shape.size()) || start > end)
    return {};
  ArrayRef<int64_t> dims = shape.slice(start, end - start);
  if (llvm::any_of(dims, ShapedType::isDynamic))
    return {};
  return DenseElementsAttr::get(getType(), dims);
}

//===----------------------------------------------------------------------===//
// DynamicReshapeOp, DynamicExpandOp
//===----------------------------------------------------------------------===//

static LogicalResult checkSameElements(Operation *op, Type in, Type out) {
  Type ie = cast<ShapedType>(in).getElementType(), oe = cast<ShapedType>(out).getElementType();
  if (ie != oe)
    return op->emitOpError("element type changes from ") << ie << " to " << oe;
  return success();
}

LogicalResult DynamicReshapeOp::verify() {
  if (failed(checkSameElements(*this, getInput().getType(), getType())))
    return failure();
  std::string err;
  if (failed(checkDynamicReshape(getInput().getType().getShape(),
                                 getShape().getType().getShape(), getType().getShape(),
                                 err)))
    return emitOpError(err);
  return success();
}

LogicalResult DynamicExpandOp::verify() {
  if (failed(checkSameElements(*this, getInput().getType(), getType())))
    return failure();
  std::string err;
  if (failed(checkDynamicExpand(getInput().getType().getShape(),
                                getShape().getType().getShape(), getType().getShape(),
                                err)))
    return emitOpError(err);
  return success();
}

//===----------------------------------------------------------------------===//
// DynamicFillOp
//===----------------------------------------------------------------------===//

LogicalResult DynamicFillOp::verify() {
  Type et = getType().getElementType();
  if (getValue().getType() != et)
    return emitOpError("value ") << getValue() << " must have the result's element type "
                                 << et;
  if (!isa<IntegerAttr, FloatAttr>(getValue()))
    return emitOpError("value must be an integer or float scalar, got ") << getValue();
  std::string err;
  if (failed(checkShapeOperand(getShape().getType().getShape(), getType().getRank(),
                               "shape", err)))
    return emitOpError(err);
  return success();
}

//===----------------------------------------------------------------------===//
// DynamicRangeOp
//===----------------------------------------------------------------------===//

LogicalResult DynamicRangeOp::verify() {
  Type et = getType().getElementType();
  if (getType().getRank() != 1)
    return emitOpError("result must be 1-D, got ") << getType();
  for (Value v : {getStart(), getLimit(), getDelta()})
    if (elementTypeOf(v) != et)
      return emitOpError("start, limit and delta must have the result's element type ")
             << et << ", got " << v.getType();
  return success();
}

//===----------------------------------------------------------------------===//
// DynamicSliceOp
//===----------------------------------------------------------------------===//

LogicalResult DynamicSliceOp::verify() {
  if (failed(checkSameElements(*this, getInput().getType(), getType())))
    return failure();
  std::string err;
  if (failed(checkDynamicSlice(getInput().getType().getShape(),
                               getStarts().getType().getShape(),
                               getEnds().getType().getShape(), getAxes(), getSteps(),
                               getType().getShape(), err)))
    return emitOpError(err);
  return success();
}
