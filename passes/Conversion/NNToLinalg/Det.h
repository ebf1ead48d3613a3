//===- Det.h - nn.det to linalg/scf ------------------------------*- C++ -*-===//
//
// Lowering of nn.det: Gaussian elimination with partial pivoting in f64,
// one scf.for nest per matrix (see Det.cpp). Accepts dynamic dimensions.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_PASSES_CONVERSION_NNTOLINALG_DET_H
#define KILN_PASSES_CONVERSION_NNTOLINALG_DET_H

#include "mlir/IR/PatternMatch.h"

namespace kiln {

/// The pattern lowering nn.det.
void populateNNDetToLinalgPatterns(mlir::RewritePatternSet &patterns);

} // namespace kiln

#endif // KILN_PASSES_CONVERSION_NNTOLINALG_DET_H
