//===- Grid.h - nn.grid_sample and nn.affine_grid to linalg -------*- C++ -*-===//
//
// Lowering of nn.grid_sample (a table of per-axis tap indices and weights,
// then one linalg.generic over the result reading the input with
// tensor.extract) and nn.affine_grid (one linalg.generic over the grid).
// Both accept dynamic dimensions; affine_grid's size may be a run-time
// value.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_PASSES_CONVERSION_NNTOLINALG_GRID_H
#define KILN_PASSES_CONVERSION_NNTOLINALG_GRID_H

#include "mlir/IR/PatternMatch.h"

namespace kiln {

/// The patterns lowering nn.grid_sample and nn.affine_grid.
void populateNNGridToLinalgPatterns(mlir::RewritePatternSet &patterns);

/// True for nn.grid_sample and nn.affine_grid (their lowerings handle `?`
/// dims).
bool gridSupportsDynamic(mlir::Operation *op);

} // namespace kiln

#endif // KILN_PASSES_CONVERSION_NNTOLINALG_GRID_H
