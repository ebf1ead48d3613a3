//===- SpectralShapes.h - shape rules of nn.dft, stft, mel_weight_matrix -*- C++ -*-===//
//
// Shared by the verifiers (NNSpectralOps.cpp) and the ONNX importer
// (SpectralHandlers.cpp). Dynamic dimensions, and values known only at run
// time, are ShapedType::kDynamic; two dimensions conflict only when both
// are static and differ.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_DIALECTS_NN_IR_SPECTRALSHAPES_H
#define KILN_DIALECTS_NN_IR_SPECTRALSHAPES_H

#include "dialects/NN/IR/ShapeFunctions.h"

#include <optional>

namespace kiln::nn {

/// Result shape of nn.dft: `input` is (D0..Dr-2, C) with r >= 2 and C 1 or
/// 2 (1 with `onesided`), `axis` in [0, r - 2]. `length` is the DFT length when one is given
/// (kDynamic when it is read at run time), std::nullopt when it is the
/// size of the axis. The result is the input's shape with 2 last and, along
/// the axis, the length (n / 2 + 1 with `onesided`). A known length must be
/// at least 1.
mlir::FailureOr<Shape> inferDFTShape(mlir::ArrayRef<int64_t> input, int64_t axis,
                                     std::optional<int64_t> length, bool onesided,
                                     std::string &error);

/// Result shape of nn.stft: `signal` is (B, L, C) with C 1 or 2 (1 with
/// `onesided`); `step` is
/// frame_step, `windowLength` the window's length (std::nullopt: no
/// window), `frameLength` frame_length (std::nullopt: not given, then the
/// window's length or L), each kDynamic when known only at run time. The
/// result is (B, (L - n) / step + 1, n or n / 2 + 1 with `onesided`, 2) for
/// the frame length n. Known values must satisfy step >= 1, 1 <= n <= L and
/// a window length equal to n.
mlir::FailureOr<Shape> inferSTFTShape(mlir::ArrayRef<int64_t> signal, int64_t step,
                                      std::optional<int64_t> windowLength,
                                      std::optional<int64_t> frameLength, bool onesided,
                                      std::string &error);

/// Result shape of nn.mel_weight_matrix: (dftLength / 2 + 1, numMelBins),
/// either kDynamic when known only at run time; known values must not be
/// negative.
mlir::FailureOr<Shape> inferMelWeightMatrixShape(int64_t numMelBins, int64_t dftLength,
                                                 std::string &error);

} // namespace kiln::nn

#endif // KILN_DIALECTS_NN_IR_SPECTRALSHAPES_H
