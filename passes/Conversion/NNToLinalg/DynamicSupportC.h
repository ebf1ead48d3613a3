//===- DynamicSupportC.h - dynamic-shape support of two op families -*- C++ -*-===//
//
// Which reductions/normalizations (Reduction.cpp) and data movement ops
// (DataMovement.cpp) lower with dynamic dimensions. lowering::
// supportsDynamicShapes asks these.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_PASSES_CONVERSION_NNTOLINALG_DYNAMICSUPPORTC_H
#define KILN_PASSES_CONVERSION_NNTOLINALG_DYNAMICSUPPORTC_H

namespace mlir {
class Operation;
} // namespace mlir

namespace kiln::lowering {

/// True when `op` is a reduction or normalization (nn.reduce, arg_max,
/// arg_min, hardmax, log_softmax, cumsum, batch_norm, standardize): all of
/// them lower with any dimension dynamic.
bool reductionSupportsDynamic(mlir::Operation *op);

/// True when `op` is a data movement op (nn.transpose, concat, slice,
/// gather, gather_elements, expand, pad, trilu) whose dynamic dimensions
/// the lowering handles.
bool dataMovementSupportsDynamic(mlir::Operation *op);

} // namespace kiln::lowering

#endif // KILN_PASSES_CONVERSION_NNTOLINALG_DYNAMICSUPPORTC_H
