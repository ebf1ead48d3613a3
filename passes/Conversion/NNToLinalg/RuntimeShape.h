//===- RuntimeShape.h - nn run-time shape ops to tensor/linalg ----*- C++ -*-===//
//
// Lowering of the ops whose shapes are computed at run time (nn.shape,
// nn.dynamic_reshape, nn.dynamic_expand, nn.dynamic_fill,
// nn.dynamic_range, nn.dynamic_slice). They exist only for dynamic shapes,
// so every one of them accepts dynamic dimensions.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_PASSES_CONVERSION_NNTOLINALG_RUNTIMESHAPE_H
#define KILN_PASSES_CONVERSION_NNTOLINALG_RUNTIMESHAPE_H

#include "mlir/IR/PatternMatch.h"

namespace kiln {

/// Patterns lowering the nn run-time shape ops.
void populateNNRuntimeShapeToLinalgPatterns(mlir::RewritePatternSet &patterns);

/// True for the run-time shape ops (their lowering handles `?` dims).
bool runtimeShapeSupportsDynamic(mlir::Operation *op);

} // namespace kiln

#endif // KILN_PASSES_CONVERSION_NNTOLINALG_RUNTIMESHAPE_H
