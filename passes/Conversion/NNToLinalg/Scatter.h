//===- Scatter.h - nn gather_nd and scatters to linalg/scf --------*- C++ -*-===//
//
// Lowering of nn.gather_nd (a linalg.generic reading through the index
// tuples), nn.scatter_elements and nn.scatter_nd (the data threaded through
// an scf.for nest over the updates, one tensor.insert per update). All three
// accept dynamic dimensions and check run-time indices before any access.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_PASSES_CONVERSION_NNTOLINALG_SCATTER_H
#define KILN_PASSES_CONVERSION_NNTOLINALG_SCATTER_H

#include "mlir/IR/PatternMatch.h"

namespace kiln {

/// The patterns lowering nn.gather_nd, nn.scatter_elements, nn.scatter_nd.
void populateNNScatterToLinalgPatterns(mlir::RewritePatternSet &patterns);

/// True for those three ops (their lowerings handle `?` dims).
bool scatterSupportsDynamic(mlir::Operation *op);

} // namespace kiln

#endif // KILN_PASSES_CONVERSION_NNTOLINALG_SCATTER_H
