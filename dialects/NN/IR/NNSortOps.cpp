//===- NNSortOps.cpp - nn top_k, nonzero, unique --------------------------===//
//
// Verifiers of the ops in NNSortOps.td and their shape rules
// (SortShapes.h). Sizes that depend on the data are dynamic in the rules;
// a declared static size there is accepted when it can hold (it is checked
// at run time).
//
//===----------------------------------------------------------------------===//

#include "dialects/NN/IR/NNOps.h"
#include "dialects/NN/IR/OpHelpers.h"
#include "dialects/NN/IR/SortShapes.h"

#include "mlir/IR/Diagnostics.h"

using namespace mlir;
using namespace kiln::nn;
using namespace kiln::nn::detail;

static constexpr int64_t kDyn = ShapedType::kDynamic;

static LogicalResult checkSortAxis(int64_t axis, int64_t rank, std::string &error) {
  if (rank < 1) {
    error = "needs an input of rank >= 1";
    return failure();
  }
  if (axis < 0 || axis >= rank) {
    error = "axis " + std::to_string(axis) + " is out of range for rank " +
            std::to_string(rank);
    return failure();
  }
  return success();
}

FailureOr<Shape> kiln::nn::inferTopKShape(ArrayRef<int64_t> input, int64_t axis, int64_t k,
                                          std::string &error) {
  if (failed(checkSortAxis(axis, input.size(), error)))
    return failure();
  int64_t n = input[axis];
  if (k != kDyn && (k < 0 || (n != kDyn && k > n))) {
    error = "k = " + std::to_string(k) + " is out of range for an axis of size " +
            (n == kDyn ? std::string("?") : std::to_string(n));
    return failure();
  }
  Shape out(input.begin(), input.end());
  out[axis] = k;
  return out;
}

FailureOr<Shape> kiln::nn::inferNonZeroShape(ArrayRef<int64_t> input, std::string &error) {
  if (input.empty()) {
    error = "needs an input of rank >= 1";
    return failure();
  }
  return Shape{static_cast<int64_t>(input.size()), kDyn};
}

FailureOr<Shape> kiln::nn::inferUniqueShape(ArrayRef<int64_t> input, int64_t axis,
                                            std::string &error) {
  if (failed(checkSortAxis(axis, input.size(), error)))
    return failure();
  Shape out(input.begin(), input.end());
  out[axis] = kDyn;
  return out;
}

//===----------------------------------------------------------------------===//
// Ops
//===----------------------------------------------------------------------===//

/// A declared data-dependent size `got` (static or not) can hold when it
/// is at most `limit` (the number of candidates, when static).
static bool fits(int64_t got, int64_t limit) {
  return got == kDyn || limit == kDyn || (got >= 0 && got <= limit);
}

LogicalResult TopKOp::verify() {
  auto in = getInput().getType();
  std::string err;
  int64_t axis = static_cast<int64_t>(getAxis());
  auto shape = inferTopKShape(in.getShape(), axis, kDyn, err);
  if (failed(shape))
    return emitOpError(err);
  auto vt = getValues().getType(), it = getIndices().getType();
  if (vt.getElementType() != in.getElementType())
    return emitOpError("values have element type ")
           << vt.getElementType() << " but the input " << in.getElementType();
  for (RankedTensorType t : {vt, it})
    if (!isCompatibleShape(*shape, t.getShape()))
      return emitOpError("result shape ")
             << formatShape(t.getShape()) << " does not match the input "
             << formatShape(in.getShape()) << " with k entries along axis " << axis;
  if (!isCompatibleShape(vt.getShape(), it.getShape()))
    return emitOpError("values ") << formatShape(vt.getShape()) << " and indices "
                                  << formatShape(it.getShape()) << " differ in shape";
  for (RankedTensorType t : {vt, it})
    if (!fits(t.getDimSize(axis), in.getDimSize(axis)))
      return emitOpError("k = ") << t.getDimSize(axis)
                                 << " is more than the size of the axis, "
                                 << in.getDimSize(axis);
  return success();
}

LogicalResult NonZeroOp::verify() {
  auto in = getInput().getType();
  std::string err;
  auto shape = inferNonZeroShape(in.getShape(), err);
  if (failed(shape))
    return emitOpError(err);
  auto out = getType();
  if (!isCompatibleShape(*shape, out.getShape()))
    return emitOpError("result shape ")
           << formatShape(out.getShape()) << " must be [" << in.getRank() << ", count]";
  if (!fits(out.getDimSize(1), in.hasStaticShape() ? in.getNumElements() : kDyn))
    return emitOpError("count ") << out.getDimSize(1) << " is more than the "
                                 << in.getNumElements() << " entries of the input";
  return success();
}

LogicalResult UniqueOp::verify() {
  auto in = getInput().getType();
  std::string err;
  int64_t axis = static_cast<int64_t>(getAxis());
  auto shape = inferUniqueShape(in.getShape(), axis, err);
  if (failed(shape))
    return emitOpError(err);
  auto yt = getOutput().getType();
  if (yt.getElementType() != in.getElementType())
    return emitOpError("output has element type ")
           << yt.getElementType() << " but the input " << in.getElementType();
  if (!isCompatibleShape(*shape, yt.getShape()))
    return emitOpError("output shape ")
           << formatShape(yt.getShape()) << " does not match the input "
           << formatShape(in.getShape()) << " with the distinct slices along axis "
           << axis;
  int64_t n = in.getDimSize(axis), u = yt.getDimSize(axis);
  if (!fits(u, n))
    return emitOpError("output has ") << u << " distinct slices, more than the input's " << n;
  auto one = [&](RankedTensorType t, int64_t size, StringRef what) -> LogicalResult {
    if (t.getRank() != 1 || !isCompatibleShape({size}, t.getShape()))
      return emitOpError(what) << " must be 1-D of size "
                               << (size == kDyn ? std::string("?") : std::to_string(size))
                               << ", got " << formatShape(t.getShape());
    return success();
  };
  if (failed(one(getIndices().getType(), u, "indices")) ||
      failed(one(getCounts().getType(), u, "counts")) ||
      failed(one(getInverseIndices().getType(), n, "inverse_indices")))
    return failure();
  // Distinct counts of indices and counts must agree with each other too.
  int64_t iu = getIndices().getType().getDimSize(0), cu = getCounts().getType().getDimSize(0);
  if (iu != kDyn && cu != kDyn && iu != cu)
    return emitOpError("indices and counts differ in size: ") << iu << " and " << cu;
  return success();
}
