//===- NNScatterOps.cpp - nn gather_nd, scatter_elements, scatter_nd ------===//
//
// Verifiers and result-type inference of the ops in NNScatterOps.td and
// their shape rules (ScatterShapes.h).
//
//===----------------------------------------------------------------------===//

#include "dialects/NN/IR/NNOps.h"
#include "dialects/NN/IR/OpHelpers.h"
#include "dialects/NN/IR/ScatterShapes.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace kiln::nn;
using namespace kiln::nn::detail;

static constexpr int64_t kDyn = ShapedType::kDynamic;

static bool conflict(int64_t a, int64_t b) { return a != kDyn && b != kDyn && a != b; }

static std::string shapeText(ArrayRef<int64_t> s) { return formatShape(s); }

FailureOr<Shape> kiln::nn::inferGatherNDShape(ArrayRef<int64_t> data,
                                              ArrayRef<int64_t> indices,
                                              int64_t batchDims, std::string &error) {
  int64_t r = data.size(), q = indices.size();
  if (r < 1 || q < 1) {
    error = "gather_nd needs data and indices of rank >= 1";
    return failure();
  }
  if (batchDims < 0 || batchDims >= std::min(r, q)) {
    error = "batch_dims " + std::to_string(batchDims) +
            " must be non-negative and less than the ranks of data (" + std::to_string(r) +
            ") and indices (" + std::to_string(q) + ")";
    return failure();
  }
  int64_t k = indices.back();
  if (k == kDyn) {
    error = "the last dimension of the indices must be static";
    return failure();
  }
  if (k < 1 || k > r - batchDims) {
    error = "index tuples of length " + std::to_string(k) + " do not fit data of shape " +
            shapeText(data) + " with batch_dims " + std::to_string(batchDims);
    return failure();
  }
  for (int64_t d = 0; d < batchDims; ++d)
    if (conflict(data[d], indices[d])) {
      error = "batch dimension " + std::to_string(d) + " differs: data " + shapeText(data) +
              ", indices " + shapeText(indices);
      return failure();
    }
  Shape out(indices.begin(), indices.end() - 1);
  // A batch dimension is known when either side knows it.
  for (int64_t d = 0; d < batchDims; ++d)
    if (out[d] == kDyn)
      out[d] = data[d];
  out.append(data.begin() + batchDims + k, data.end());
  return out;
}

LogicalResult kiln::nn::checkScatterElements(ArrayRef<int64_t> data,
                                             ArrayRef<int64_t> indices,
                                             ArrayRef<int64_t> updates, int64_t axis,
                                             std::string &error) {
  int64_t r = data.size();
  if (r < 1) {
    error = "scatter_elements needs data of rank >= 1";
    return failure();
  }
  if (axis < -r || axis >= r) {
    error = "axis " + std::to_string(axis) + " is out of range for rank " + std::to_string(r);
    return failure();
  }
  if (axis < 0)
    axis += r;
  if ((int64_t)indices.size() != r || (int64_t)updates.size() != r) {
    error = "indices " + shapeText(indices) + " and updates " + shapeText(updates) +
            " must have the rank of the data " + shapeText(data);
    return failure();
  }
  for (int64_t d = 0; d < r; ++d) {
    if (conflict(indices[d], updates[d])) {
      error = "indices " + shapeText(indices) + " and updates " + shapeText(updates) +
              " differ in shape";
      return failure();
    }
    int64_t n = indices[d] != kDyn ? indices[d] : updates[d];
    if (d != axis && n != kDyn && data[d] != kDyn && n > data[d]) {
      error = "updates " + shapeText(updates) + " are larger than the data " +
              shapeText(data) + " in dimension " + std::to_string(d);
      return failure();
    }
  }
  return success();
}

LogicalResult kiln::nn::checkScatterND(ArrayRef<int64_t> data, ArrayRef<int64_t> indices,
                                       ArrayRef<int64_t> updates, std::string &error) {
  int64_t r = data.size(), q = indices.size();
  if (r < 1 || q < 1) {
    error = "scatter_nd needs data and indices of rank >= 1";
    return failure();
  }
  int64_t k = scatterNDTupleLength(data, indices, updates);
  if (k < 1 || k > r) {
    error = "index tuples of length " + std::to_string(k) + " do not fit data of shape " +
            shapeText(data);
    return failure();
  }
  Shape want(indices.begin(), indices.end() - 1);
  want.append(data.begin() + k, data.end());
  bool bad = want.size() != updates.size();
  for (size_t d = 0; !bad && d < want.size(); ++d)
    bad = conflict(want[d], updates[d]);
  if (bad) {
    error = "updates " + shapeText(updates) + " must have shape " + shapeText(want) +
            " (indices " + shapeText(indices) + ", data " + shapeText(data) + ")";
    return failure();
  }
  return success();
}

bool kiln::nn::isScatterReduction(StringRef reduction) {
  static const StringRef kinds[] = {"none", "add", "mul", "max", "min"};
  return llvm::is_contained(kinds, reduction);
}

//===----------------------------------------------------------------------===//
// Ops
//===----------------------------------------------------------------------===//

LogicalResult GatherNDOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &inferred) {
  std::string err;
  auto shape = inferGatherNDShape(shapeOf(adaptor.getData()), shapeOf(adaptor.getIndices()),
                                  static_cast<int64_t>(adaptor.getBatchDims()), err);
  return toInferred(loc, shape, err, elementTypeOf(adaptor.getData()), inferred);
}

bool GatherNDOp::isCompatibleReturnTypes(TypeRange l, TypeRange r) {
  return compatibleTensorTypes(l, r);
}

template <typename OpTy>
static LogicalResult verifyScatterCommon(OpTy op) {
  if (!isScatterReduction(op.getReduction()))
    return op.emitOpError("unknown reduction '")
           << op.getReduction() << "' (expected none, add, mul, max or min)";
  if (op.getData().getType().getElementType() != op.getUpdates().getType().getElementType())
    return op.emitOpError("updates have element type ")
           << op.getUpdates().getType().getElementType() << " but the data "
           << op.getData().getType().getElementType();
  return success();
}

LogicalResult ScatterElementsOp::verify() {
  if (failed(verifyScatterCommon(*this)))
    return failure();
  std::string err;
  if (failed(checkScatterElements(getData().getType().getShape(),
                                  getIndices().getType().getShape(),
                                  getUpdates().getType().getShape(),
                                  static_cast<int64_t>(getAxis()), err)))
    return emitOpError(err);
  return success();
}

LogicalResult ScatterNDOp::verify() {
  if (failed(verifyScatterCommon(*this)))
    return failure();
  std::string err;
  if (failed(checkScatterND(getData().getType().getShape(), getIndices().getType().getShape(),
                            getUpdates().getType().getShape(), err)))
    return emitOpError(err);
  return success();
}
