//===- Detection.h - nn.non_max_suppression to scf ----------------*- C++ -*-===//
//
// Lowering of nn.non_max_suppression: per (batch, class) an scf.while keeps
// the best remaining candidate and clears the ones it suppresses, the kept
// box numbers going to a scratch tensor; the result, sized by their total
// at run time, is then filled in an scf.for nest (see Detection.cpp).
// Accepts dynamic dimensions.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_PASSES_CONVERSION_NNTOLINALG_DETECTION_H
#define KILN_PASSES_CONVERSION_NNTOLINALG_DETECTION_H

#include "mlir/IR/PatternMatch.h"

namespace kiln {

/// The pattern lowering nn.non_max_suppression.
void populateNNDetectionToLinalgPatterns(mlir::RewritePatternSet &patterns);

/// True for nn.non_max_suppression (its lowering handles `?` dims).
bool detectionSupportsDynamic(mlir::Operation *op);

} // namespace kiln

#endif // KILN_PASSES_CONVERSION_NNTOLINALG_DETECTION_H
