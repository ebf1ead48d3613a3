//===- NNSpectralOps.cpp - nn Fourier transforms, mel filter bank ---------===//
//
// The verifiers of nn.dft, nn.stft and nn.mel_weight_matrix, and their
// shape rules (SpectralShapes.h). Values read from operands (the DFT
// length, the frame step and length, the number of mel bins) take part
// when they are constants; otherwise the sizes they decide are dynamic,
// and a declared static size is checked at run time by the lowering.
//
//===----------------------------------------------------------------------===//

#include "dialects/NN/IR/NNOps.h"
#include "dialects/NN/IR/OpHelpers.h"
#include "dialects/NN/IR/SpectralShapes.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace kiln::nn;
using namespace kiln::nn::detail;

static constexpr int64_t kDyn = ShapedType::kDynamic;

static bool conflict(int64_t a, int64_t b) { return a != kDyn && b != kDyn && a != b; }

static std::string dimString(int64_t d) { return d == kDyn ? "?" : std::to_string(d); }

//===----------------------------------------------------------------------===//
// Shape rules
//===----------------------------------------------------------------------===//

/// The last dimension of a signal: 1 (real) or 2 (complex) when known,
/// and 1 for a onesided result.
static LogicalResult checkParts(ArrayRef<int64_t> shape, StringRef what, bool onesided,
                                std::string &error) {
  int64_t c = shape.back();
  if (c != kDyn && c != 1 && c != 2) {
    error = (what + " " + formatShape(shape) +
             " must end in 1 (real values) or 2 (real and imaginary parts)")
                .str();
    return failure();
  }
  if (onesided && c == 2) {
    error = ("a onesided result needs real input (last dimension 1), got " + what + " " +
             formatShape(shape))
                .str();
    return failure();
  }
  return success();
}

FailureOr<Shape> kiln::nn::inferDFTShape(ArrayRef<int64_t> input, int64_t axis,
                                         std::optional<int64_t> length, bool onesided,
                                         std::string &error) {
  int64_t rank = input.size();
  if (rank < 2) {
    error = "input " + formatShape(input) +
            " needs rank >= 2 (the signal dimensions, then the real and imaginary parts)";
    return failure();
  }
  if (failed(checkParts(input, "input", onesided, error)))
    return failure();
  if (axis < 0 || axis > rank - 2) {
    error = "axis " + std::to_string(axis) + " is out of range [0, " +
            std::to_string(rank - 2) + "] for input " + formatShape(input);
    return failure();
  }
  int64_t n = length ? *length : input[axis];
  if (n != kDyn && n < 1) {
    error = "the DFT length is " + std::to_string(n) + "; it must be at least 1";
    return failure();
  }
  Shape out(input.begin(), input.end());
  out.back() = 2;
  out[axis] = n == kDyn ? kDyn : onesided ? n / 2 + 1 : n;
  return out;
}

FailureOr<Shape> kiln::nn::inferSTFTShape(ArrayRef<int64_t> signal, int64_t step,
                                          std::optional<int64_t> windowLength,
                                          std::optional<int64_t> frameLength, bool onesided,
                                          std::string &error) {
  if (signal.size() != 3) {
    error = "signal " + formatShape(signal) +
            " must have rank 3 (batch, length, real and imaginary parts)";
    return failure();
  }
  if (failed(checkParts(signal, "signal", onesided, error)))
    return failure();
  if (step != kDyn && step < 1) {
    error = "frame_step is " + std::to_string(step) + "; it must be at least 1";
    return failure();
  }
  int64_t len = signal[1];
  int64_t n = frameLength ? *frameLength : windowLength ? *windowLength : len;
  if (frameLength && windowLength && conflict(*frameLength, *windowLength)) {
    error = "the window has " + std::to_string(*windowLength) + " entries but frame_length is " +
            std::to_string(*frameLength);
    return failure();
  }
  if (n != kDyn && (n < 1 || (len != kDyn && n > len))) {
    error = "the frame length is " + std::to_string(n) + "; it must lie in [1, " +
            dimString(len) + "], the signal's length";
    return failure();
  }
  int64_t frames = n != kDyn && len != kDyn && step != kDyn ? (len - n) / step + 1 : kDyn;
  int64_t bins = n == kDyn ? kDyn : onesided ? n / 2 + 1 : n;
  return Shape{signal[0], frames, bins, 2};
}

FailureOr<Shape> kiln::nn::inferMelWeightMatrixShape(int64_t numMelBins, int64_t dftLength,
                                                      std::string &error) {
  if (numMelBins != kDyn && numMelBins < 0) {
    error = "num_mel_bins is " + std::to_string(numMelBins) + "; it must not be negative";
    return failure();
  }
  if (dftLength != kDyn && dftLength < 0) {
    error = "dft_length is " + std::to_string(dftLength) + "; it must not be negative";
    return failure();
  }
  return Shape{dftLength == kDyn ? kDyn : dftLength / 2 + 1, numMelBins};
}

//===----------------------------------------------------------------------===//
// Ops
//===----------------------------------------------------------------------===//

/// The value of the rank-0 integer operand `v` when it is a constant, else
/// kDynamic.
static int64_t scalarValue(Value v) {
  DenseIntElementsAttr attr;
  if (v && matchPattern(v, m_Constant(&attr)) && attr.getNumElements() == 1)
    return (*attr.getValues<APInt>().begin()).getSExtValue();
  return kDyn;
}

LogicalResult DFTOp::verify() {
  auto in = getInput().getType(), out = getOutput().getType();
  if (in.getElementType() != out.getElementType())
    return emitOpError("element type changes from ")
           << in.getElementType() << " to " << out.getElementType();
  std::optional<int64_t> length;
  if (getLength())
    length = scalarValue(getLength());
  std::string err;
  auto shape = inferDFTShape(in.getShape(), static_cast<int64_t>(getAxis()), length,
                             getOnesided(), err);
  return checkInferredShape(*this, shape, err, out.getShape());
}

LogicalResult STFTOp::verify() {
  auto in = getSignal().getType(), out = getOutput().getType();
  if (in.getElementType() != out.getElementType())
    return emitOpError("element type changes from ")
           << in.getElementType() << " to " << out.getElementType();
  std::optional<int64_t> windowLength, frameLength;
  if (Value w = getWindow()) {
    auto wt = cast<RankedTensorType>(w.getType());
    if (wt.getElementType() != in.getElementType())
      return emitOpError("the window has element type ")
             << wt.getElementType() << " but the signal " << in.getElementType();
    windowLength = wt.getDimSize(0);
  }
  if (getFrameLength())
    frameLength = scalarValue(getFrameLength());
  std::string err;
  auto shape = inferSTFTShape(in.getShape(), scalarValue(getFrameStep()), windowLength,
                              frameLength, getOnesided(), err);
  return checkInferredShape(*this, shape, err, out.getShape());
}

LogicalResult MelWeightMatrixOp::verify() {
  Type lo = getLowerEdgeHertz().getType().getElementType();
  Type hi = getUpperEdgeHertz().getType().getElementType();
  if (lo != hi)
    return emitOpError("lower_edge_hertz has element type ")
           << lo << " but upper_edge_hertz " << hi;
  std::string err;
  auto shape = inferMelWeightMatrixShape(scalarValue(getNumMelBins()),
                                         scalarValue(getDftLength()), err);
  return checkInferredShape(*this, shape, err, getOutput().getType().getShape());
}
