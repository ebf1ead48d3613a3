//===- Resize.h - nn.resize to linalg -----------------------------*- C++ -*-===//
//
// Lowering of nn.resize: one linalg.generic over the result whose body
// maps each resized coordinate back to the input and reads it with
// tensor.extract. It accepts dynamic dimensions and run-time scales, sizes
// and roi.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_PASSES_CONVERSION_NNTOLINALG_RESIZE_H
#define KILN_PASSES_CONVERSION_NNTOLINALG_RESIZE_H

#include "mlir/IR/PatternMatch.h"

namespace kiln {

/// The pattern lowering nn.resize.
void populateNNResizeToLinalgPatterns(mlir::RewritePatternSet &patterns);

/// True for nn.resize (its lowering handles `?` dims).
bool resizeSupportsDynamic(mlir::Operation *op);

} // namespace kiln

#endif // KILN_PASSES_CONVERSION_NNTOLINALG_RESIZE_H
