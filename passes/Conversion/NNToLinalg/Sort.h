//===- Sort.h - nn top_k, nonzero, unique to linalg/scf -----------*- C++ -*-===//
//
// Lowering of the sorting and selecting ops: nn.top_k and nn.unique sort
// item numbers with a stable bottom-up merge sort (scf loops over two
// scratch tensors; nn.top_k with a small k scans instead); nn.nonzero counts, allocates a result of that run-time
// size and fills it in an scf.for nest carrying the write position. All
// three accept dynamic dimensions.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_PASSES_CONVERSION_NNTOLINALG_SORT_H
#define KILN_PASSES_CONVERSION_NNTOLINALG_SORT_H

#include "mlir/IR/PatternMatch.h"

namespace kiln {

/// The patterns lowering nn.top_k, nn.nonzero and nn.unique.
void populateNNSortToLinalgPatterns(mlir::RewritePatternSet &patterns);

/// True for those three ops (their lowerings handle `?` dims).
bool sortSupportsDynamic(mlir::Operation *op);

} // namespace kiln

#endif // KILN_PASSES_CONVERSION_NNTOLINALG_SORT_H
