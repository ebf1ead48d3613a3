//===- Spectral.h - nn.dft and nn.stft to linalg -------------------*- C++ -*-===//
//
// Lowering of the Fourier transforms: a table of twiddle factors, one
// linalg.generic summing the products of the samples and the factors
// (a direct O(n^2) transform), and one combining the real and imaginary
// sums into the [..., 2] result. Dynamic sizes, a DFT length and STFT frame
// step and length read at run time are accepted.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_PASSES_CONVERSION_NNTOLINALG_SPECTRAL_H
#define KILN_PASSES_CONVERSION_NNTOLINALG_SPECTRAL_H

#include "mlir/IR/PatternMatch.h"

namespace kiln {

/// The patterns lowering nn.dft and nn.stft.
void populateNNSpectralToLinalgPatterns(mlir::RewritePatternSet &patterns);

/// True for nn.dft and nn.stft (their lowerings handle `?` dims).
bool spectralSupportsDynamic(mlir::Operation *op);

} // namespace kiln

#endif // KILN_PASSES_CONVERSION_NNTOLINALG_SPECTRAL_H
