//===- SortShapes.h - shape rules of nn top_k, nonzero, unique -*- C++ -*-===//
//
// Shared by the verifiers (NNSortOps.cpp) and the ONNX importer
// (SortHandlers.cpp). Dynamic dimensions are ShapedType::kDynamic; sizes
// that depend on the data (k when computed, the number of non-zero or of
// distinct entries) are dynamic too.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_DIALECTS_NN_IR_SORTSHAPES_H
#define KILN_DIALECTS_NN_IR_SORTSHAPES_H

#include "dialects/NN/IR/ShapeFunctions.h"

namespace kiln::nn {

/// ONNX TopK: the input's shape with `k` (kDynamic when computed at run
/// time) along `axis` (in [0, rank)). A static k must lie in [0, the
/// axis's size] when that is static.
mlir::FailureOr<Shape> inferTopKShape(mlir::ArrayRef<int64_t> input, int64_t axis,
                                      int64_t k, std::string &error);

/// ONNX NonZero: [rank, kDynamic] (input of rank >= 1).
mlir::FailureOr<Shape> inferNonZeroShape(mlir::ArrayRef<int64_t> input,
                                         std::string &error);

/// ONNX Unique along `axis` (in [0, rank)): the distinct slices' shape,
/// the input's with kDynamic along the axis.
mlir::FailureOr<Shape> inferUniqueShape(mlir::ArrayRef<int64_t> input, int64_t axis,
                                        std::string &error);

} // namespace kiln::nn

#endif // KILN_DIALECTS_NN_IR_SORTSHAPES_H
