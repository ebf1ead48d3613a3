//===- ReductionShapes.h - shape rules of nn reductions and normalizations -*- C++ -*-===//
//
// Shared by the verifiers (NNReductionOps.cpp) and the ONNX importer, like
// ShapeFunctions.h. Dynamic dimensions are ShapedType::kDynamic.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_DIALECTS_NN_IR_REDUCTIONSHAPES_H
#define KILN_DIALECTS_NN_IR_REDUCTIONSHAPES_H

#include "dialects/NN/IR/ShapeFunctions.h"

#include "mlir/IR/Types.h"
#include "llvm/ADT/StringRef.h"

namespace kiln::nn {

/// What `nn.reduce` computes (its `kind` attribute).
enum class ReduceKind {
  Sum,        ///< sum(x)
  Mean,       ///< sum(x) / count
  Max,        ///< max(x), NaN propagates
  Min,        ///< min(x), NaN propagates
  Prod,       ///< prod(x)
  SumSquare,  ///< sum(x * x)
  L1,         ///< sum(|x|)
  L2,         ///< sqrt(sum(x * x))
  LogSum,     ///< log(sum(x))
  LogSumExp,  ///< log(sum(exp(x))), computed as m + log(sum(exp(x - m)))
};

/// The kind named `name` ("sum", "log_sum_exp", ...), if any.
std::optional<ReduceKind> parseReduceKind(llvm::StringRef name);

/// The attribute spelling of `kind`.
llvm::StringRef stringifyReduceKind(ReduceKind kind);

/// Checks that `kind` is defined on `elementType`: every kind on floats;
/// sum, mean, max, min, prod, sum_square and l1 also on signless integers
/// (mean divides with truncation); i1 only for max and min (`or`, `and`).
mlir::LogicalResult checkReduceElementType(ReduceKind kind,
                                           mlir::Type elementType,
                                           std::string &error);

/// Result shape of reducing `input` over `axes`, which must be normalized
/// (non-negative, sorted, unique, in range). Reduced dimensions become 1
/// with `keepdims`, and are dropped otherwise. Empty `axes` reduce nothing.
mlir::FailureOr<Shape> inferReduceShape(mlir::ArrayRef<int64_t> input,
                                        mlir::ArrayRef<int64_t> axes,
                                        bool keepdims, std::string &error);

/// Checks that a normalized axis is in [0, rank).
mlir::LogicalResult checkNormalizedAxis(int64_t axis, int64_t rank,
                                        std::string &error);

/// nn.batch_norm: `input` is [N, C, D1...] (rank >= 2) and every
/// per-channel operand is [C]. The result has the input's shape.
mlir::FailureOr<Shape>
inferBatchNormShape(mlir::ArrayRef<int64_t> input, mlir::ArrayRef<int64_t> scale,
                    mlir::ArrayRef<int64_t> bias, mlir::ArrayRef<int64_t> mean,
                    mlir::ArrayRef<int64_t> var, std::string &error);

} // namespace kiln::nn

#endif // KILN_DIALECTS_NN_IR_REDUCTIONSHAPES_H
