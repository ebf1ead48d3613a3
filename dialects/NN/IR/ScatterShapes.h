//===- ScatterShapes.h - shape rules of nn gather_nd and the scatters -*- C++ -*-===//
//
// Shared by the verifiers (NNScatterOps.cpp) and the ONNX importer
// (ScatterHandlers.cpp). Dynamic dimensions are ShapedType::kDynamic; two
// dimensions conflict only when both are static and differ.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_DIALECTS_NN_IR_SCATTERSHAPES_H
#define KILN_DIALECTS_NN_IR_SCATTERSHAPES_H

#include "dialects/NN/IR/ShapeFunctions.h"

namespace kiln::nn {

/// ONNX GatherND: indices.shape[:-1] + data.shape[batchDims + k:], where
/// k = indices.shape[-1] must be static and at most rank(data) - batchDims,
/// and the first batchDims dimensions of data and indices agree.
mlir::FailureOr<Shape> inferGatherNDShape(mlir::ArrayRef<int64_t> data,
                                          mlir::ArrayRef<int64_t> indices,
                                          int64_t batchDims, std::string &error);

/// ONNX ScatterElements: indices and updates have the rank of data, the
/// same shape, and are no larger than data outside `axis`.
mlir::LogicalResult checkScatterElements(mlir::ArrayRef<int64_t> data,
                                         mlir::ArrayRef<int64_t> indices,
                                         mlir::ArrayRef<int64_t> updates, int64_t axis,
                                         std::string &error);

/// ONNX ScatterND: k = scatterNDTupleLength, 1 <= k <= rank(data); updates
/// has shape indices.shape[:-1] + data.shape[k:].
mlir::LogicalResult checkScatterND(mlir::ArrayRef<int64_t> data,
                                   mlir::ArrayRef<int64_t> indices,
                                   mlir::ArrayRef<int64_t> updates, std::string &error);

/// The tuple length k of ScatterND: the indices' last dimension, or, when
/// that is dynamic, what the ranks imply (rank(indices) - 1 + rank(data) -
/// rank(updates)).
inline int64_t scatterNDTupleLength(mlir::ArrayRef<int64_t> data,
                                    mlir::ArrayRef<int64_t> indices,
                                    mlir::ArrayRef<int64_t> updates) {
  if (indices.empty())
    return 0;
  if (!mlir::ShapedType::isDynamic(indices.back()))
    return indices.back();
  return static_cast<int64_t>(indices.size()) - 1 + static_cast<int64_t>(data.size()) -
         static_cast<int64_t>(updates.size());
}

/// True for the reductions the scatters know: none, add, mul, max, min.
bool isScatterReduction(llvm::StringRef reduction);

} // namespace kiln::nn

#endif // KILN_DIALECTS_NN_IR_SCATTERSHAPES_H
