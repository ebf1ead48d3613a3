//===- Crop.h - nn center_crop_pad, reverse_sequence, col2im, max_unpool to linalg -*- C++ -*-===//
//
// Lowering of the ops whose element positions come from run-time values:
// nn.center_crop_pad (tensor.extract_slice + tensor.pad with computed
// offsets and amounts), nn.reverse_sequence and nn.col2im (a linalg.generic
// over the result reading the input with tensor.extract), nn.max_unpool
// (a zero tensor threaded through an scf.for nest over the input, one
// tensor.insert per element). All accept dynamic dimensions and check the
// run-time values before anything is read or written.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_PASSES_CONVERSION_NNTOLINALG_CROP_H
#define KILN_PASSES_CONVERSION_NNTOLINALG_CROP_H

#include "mlir/IR/PatternMatch.h"

namespace kiln {

/// The patterns lowering the four ops.
void populateNNCropToLinalgPatterns(mlir::RewritePatternSet &patterns);

/// True for the four ops (their lowerings handle `?` dims).
bool cropSupportsDynamic(mlir::Operation *op);

} // namespace kiln

#endif // KILN_PASSES_CONVERSION_NNTOLINALG_CROP_H
