//===- RuntimeShapes.h - shape rules of the nn run-time shape ops -*- C++ -*-===//
//
// Shared by the verifiers (NNShapeOps.cpp) and the ONNX importer, like
// ShapeFunctions.h. These ops take their shapes from operands known only at
// run time, so the rules here check what the types can show: ranks, shape
// operand lengths, and the static dimensions on both sides. Dynamic
// dimensions are ShapedType::kDynamic.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_DIALECTS_NN_IR_RUNTIMESHAPES_H
#define KILN_DIALECTS_NN_IR_RUNTIMESHAPES_H

#include "dialects/NN/IR/ShapeFunctions.h"

#include <utility>

namespace kiln::nn {

/// ONNX Shape-15's `start` and `end` for a tensor of `rank`: negative
/// values count from the back, both are clamped into [0, rank], and an
/// `end` before `start` gives an empty range (`end == start`).
std::pair<int64_t, int64_t> normalizeShapeRange(int64_t rank, int64_t start,
                                                int64_t end);

/// nn.shape: needs `0 <= start <= end <= rank`; the result is
/// `[end - start]`.
mlir::FailureOr<Shape> inferShapeOpShape(int64_t rank, int64_t start, int64_t end,
                                         std::string &error);

/// A shape operand (`what` names it) must be a 1-D tensor of static length
/// `expected` (any length when `expected` is negative).
mlir::LogicalResult checkShapeOperand(mlir::ArrayRef<int64_t> operand,
                                      int64_t expected, llvm::StringRef what,
                                      std::string &error);

/// nn.dynamic_reshape: one shape entry per result dimension; when both
/// sides are static their element counts agree.
mlir::LogicalResult checkDynamicReshape(mlir::ArrayRef<int64_t> input,
                                        mlir::ArrayRef<int64_t> shapeOperand,
                                        mlir::ArrayRef<int64_t> output,
                                        std::string &error);

/// nn.dynamic_expand: the result rank is max(input rank, shape length) and
/// the static dimensions are consistent with broadcasting the input.
mlir::LogicalResult checkDynamicExpand(mlir::ArrayRef<int64_t> input,
                                       mlir::ArrayRef<int64_t> shapeOperand,
                                       mlir::ArrayRef<int64_t> output,
                                       std::string &error);

/// nn.dynamic_slice: `axes` in range and unique, `steps` non-zero, one
/// start and end per axis, the result has the input's rank and keeps every
/// dimension not in `axes`; a static sliced dimension is no larger than a
/// static input one.
mlir::LogicalResult checkDynamicSlice(mlir::ArrayRef<int64_t> input,
                                      mlir::ArrayRef<int64_t> starts,
                                      mlir::ArrayRef<int64_t> ends,
                                      mlir::ArrayRef<int64_t> axes,
                                      mlir::ArrayRef<int64_t> steps,
                                      mlir::ArrayRef<int64_t> output,
                                      std::string &error);

/// ONNX Slice of one dimension of static size `dim`, resolved as the spec
/// says: the first index read and the number of elements.
std::pair<int64_t, int64_t> resolveSliceDim(int64_t dim, int64_t start,
                                            int64_t end, int64_t step);

} // namespace kiln::nn

#endif // KILN_DIALECTS_NN_IR_RUNTIMESHAPES_H
