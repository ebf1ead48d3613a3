//===- ShapeFunctions.cpp - nn shape rules --------------------------------===//

#include "dialects/NN/IR/ShapeFunctions.h"

#include "mlir/IR/BuiltinTypeInterfaces.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace kiln::nn {

static constexpr int64_t kDyn = ShapedType::kDynamic;
/// Sizes and attributes are the model's, of any int64 value: arithmetic on
/// them is done in 128 bits (or checked), and a result beyond this is an
/// error.
static constexpr int64_t kMaxComputedDim = int64_t(1) << 62;
using Wide = __int128;

std::string formatShape(ArrayRef<int64_t> shape) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << "[";
  llvm::interleave(
      shape, os,
      [&](int64_t d) {
        if (d == kDyn)
          os << "?";
        else
          os << d;
      },
      ",");
  os << "]";
  return s;
}

static FailureOr<Shape> fail(std::string &error, const llvm::Twine &msg) {
  error = msg.str();
  return failure();
}

FailureOr<Shape> inferBroadcastShape(ArrayRef<int64_t> a, ArrayRef<int64_t> b,
                                     std::string &error) {
  size_t rank = std::max(a.size(), b.size());
  Shape out(rank, 1);
  for (size_t i = 0; i < rank; ++i) {
    int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (da == 1)
      out[i] = db;
    else if (db == 1)
      out[i] = da;
    else if (da == kDyn)
      out[i] = db;
    else if (db == kDyn || da == db)
      out[i] = da;
    else
      return fail(error, "shapes " + formatShape(a) + " and " +
                             formatShape(b) + " do not broadcast (dimension " +
                             llvm::Twine(i) + ": " + llvm::Twine(da) + " vs " +
                             llvm::Twine(db) + ")");
  }
  return out;
}

bool isUnidirectionallyBroadcastable(ArrayRef<int64_t> from,
                                     ArrayRef<int64_t> to) {
  if (from.size() > to.size())
    return false;
  size_t off = to.size() - from.size();
  for (size_t i = 0; i < from.size(); ++i)
    if (from[i] != 1 && from[i] != kDyn && to[i + off] != kDyn &&
        from[i] != to[i + off])
      return false;
  return true;
}

static bool dimsConflict(int64_t a, int64_t b) {
  return a != kDyn && b != kDyn && a != b;
}

FailureOr<Shape> inferMatMulShape(ArrayRef<int64_t> a, ArrayRef<int64_t> b,
                                  std::string &error) {
  if (a.empty() || b.empty())
    return fail(error, "matmul operands must have rank >= 1");
  Shape la(a), lb(b);
  if (la.size() == 1)
    la.insert(la.begin(), 1);
  if (lb.size() == 1)
    lb.push_back(1);
  int64_t k1 = la.back(), k2 = lb[lb.size() - 2];
  if (dimsConflict(k1, k2))
    return fail(error, "matmul contraction dimensions differ: " +
                           formatShape(a) + " x " + formatShape(b));
  auto batch = inferBroadcastShape(ArrayRef<int64_t>(la).drop_back(2),
                                   ArrayRef<int64_t>(lb).drop_back(2), error);
  if (failed(batch))
    return failure();
  Shape out(*batch);
  if (a.size() > 1)
    out.push_back(la[la.size() - 2]);
  if (b.size() > 1)
    out.push_back(lb.back());
  return out;
}

FailureOr<Shape> inferGemmShape(ArrayRef<int64_t> a, ArrayRef<int64_t> b,
                                std::optional<ArrayRef<int64_t>> c,
                                bool transA, bool transB, std::string &error) {
  if (a.size() != 2 || b.size() != 2)
    return fail(error, "gemm operands A and B must be 2-D, got " +
                           formatShape(a) + " and " + formatShape(b));
  int64_t m = transA ? a[1] : a[0], ka = transA ? a[0] : a[1];
  int64_t kb = transB ? b[1] : b[0], n = transB ? b[0] : b[1];
  if (dimsConflict(ka, kb))
    return fail(error, "gemm inner dimensions differ: A " + formatShape(a) +
                           (transA ? " (transposed)" : "") + ", B " +
                           formatShape(b) + (transB ? " (transposed)" : ""));
  Shape out{m, n};
  if (c && !isUnidirectionallyBroadcastable(*c, out))
    return fail(error, "gemm operand C " + formatShape(*c) +
                           " does not broadcast to " + formatShape(out));
  return out;
}

FailureOr<int64_t> normalizeAxis(int64_t axis, int64_t rank, std::string &error,
                                 StringRef what) {
  if (axis < -rank || axis >= rank) {
    error = (what + " " + llvm::Twine(axis) + " is out of range for rank " +
             llvm::Twine(rank))
                .str();
    return failure();
  }
  return axis < 0 ? axis + rank : axis;
}

FailureOr<SmallVector<int64_t>> normalizeAxes(ArrayRef<int64_t> axes, int64_t rank,
                                              std::string &error) {
  SmallVector<int64_t> out;
  for (int64_t a : axes) {
    auto n = normalizeAxis(a, rank, error);
    if (failed(n))
      return failure();
    if (llvm::is_contained(out, *n)) {
      error = "axis " + std::to_string(*n) + " is given more than once";
      return failure();
    }
    out.push_back(*n);
  }
  return out;
}

FailureOr<SmallVector<int64_t>> normalizeSortedAxes(ArrayRef<int64_t> axes,
                                                    int64_t rank,
                                                    std::string &error) {
  auto out = normalizeAxes(axes, rank, error);
  if (succeeded(out))
    llvm::sort(*out);
  return out;
}

LogicalResult checkAxis(int64_t axis, int64_t rank, std::string &error) {
  if (axis < -rank || axis >= rank) { // no axis exists for rank 0
    error = "axis " + std::to_string(axis) + " is out of range for rank " +
            std::to_string(rank);
    return failure();
  }
  return success();
}

FailureOr<Shape> inferFlattenShape(ArrayRef<int64_t> input, int64_t axis,
                                   std::string &error) {
  int64_t rank = input.size();
  if (axis < -rank || axis > rank)
    return fail(error, "flatten axis " + llvm::Twine(axis) +
                           " is out of range for rank " + llvm::Twine(rank));
  if (axis < 0)
    axis += rank;
  bool overflow = false;
  auto prod = [&](ArrayRef<int64_t> dims) {
    int64_t p = 1;
    for (int64_t d : dims) {
      if (d == kDyn)
        return kDyn;
      overflow |= llvm::MulOverflow(p, d, p);
    }
    return p;
  };
  Shape out{prod(input.take_front(axis)), prod(input.drop_front(axis))};
  if (overflow)
    return fail(error, "flatten of " + formatShape(input) + " has too many elements");
  return out;
}

/// Checks the spatial attribute arrays against `k` spatial dims.
static LogicalResult checkWindowAttrs(size_t k, ArrayRef<int64_t> strides,
                                      ArrayRef<int64_t> pads,
                                      ArrayRef<int64_t> dilations,
                                      std::string &error) {
  if (strides.size() != k || dilations.size() != k || pads.size() != 2 * k) {
    error = "expected " + std::to_string(k) + " strides and dilations and " +
            std::to_string(2 * k) + " pads for " + std::to_string(k) +
            " spatial dimensions";
    return failure();
  }
  for (size_t i = 0; i < k; ++i)
    if (strides[i] < 1 || dilations[i] < 1) {
      error = "strides and dilations must be >= 1";
      return failure();
    }
  for (int64_t p : pads)
    if (p < 0) {
      error = "pads must be >= 0";
      return failure();
    }
  return success();
}

/// Output size of one windowed spatial dimension (-1: the window does not
/// fit; kMaxComputedDim: too large).
static int64_t windowOutput(int64_t d, int64_t kernel, int64_t stride,
                            int64_t pb, int64_t pe, int64_t dil, bool ceil) {
  if (d == kDyn)
    return kDyn;
  Wide span = Wide(d) + pb + pe - Wide(dil) * (kernel - 1) - 1;
  if (span < 0)
    return -1;
  Wide out = (ceil ? (span + stride - 1) / stride : span / stride) + 1;
  // A window that would start entirely in the end padding is dropped.
  if (ceil && (out - 1) * stride >= Wide(d) + pb)
    --out;
  return out >= kMaxComputedDim ? kMaxComputedDim : static_cast<int64_t>(out);
}

FailureOr<Shape> inferDetShape(ArrayRef<int64_t> input, std::string &error) {
  size_t r = input.size();
  if (r < 2)
    return fail(error, "det expects [*, M, M], got " + formatShape(input));
  if (dimsConflict(input[r - 2], input[r - 1]))
    return fail(error, "det expects square matrices, got " + formatShape(input));
  return Shape(input.drop_back(2));
}

FailureOr<Shape> inferConvShape(ArrayRef<int64_t> input,
                                ArrayRef<int64_t> weight,
                                std::optional<ArrayRef<int64_t>> bias,
                                ArrayRef<int64_t> strides,
                                ArrayRef<int64_t> pads,
                                ArrayRef<int64_t> dilations, int64_t group,
                                std::string &error) {
  if (input.size() < 3 || weight.size() != input.size())
    return fail(error, "conv expects input [N,C,D...] and weight [M,C/g,K...] "
                       "of the same rank >= 3, got " +
                           formatShape(input) + " and " + formatShape(weight));
  size_t k = input.size() - 2;
  if (failed(checkWindowAttrs(k, strides, pads, dilations, error)))
    return failure();
  if (group < 1)
    return fail(error, "group must be >= 1");
  int64_t c = input[1], m = weight[0];
  if (c != kDyn && weight[1] != kDyn && Wide(c) != Wide(weight[1]) * group)
    return fail(error, "input channels " + llvm::Twine(c) +
                           " != weight channels " + llvm::Twine(weight[1]) +
                           " x group " + llvm::Twine(group));
  if (m != kDyn && m % group != 0)
    return fail(error, "output channels " + llvm::Twine(m) +
                           " are not divisible by group " + llvm::Twine(group));
  if (bias && (bias->size() != 1 || dimsConflict((*bias)[0], m)))
    return fail(error, "bias " + formatShape(*bias) + " must be " +
                           formatShape({m}));
  Shape out{input[0], m};
  for (size_t i = 0; i < k; ++i) {
    int64_t kd = weight[i + 2];
    // A kernel size known only at run time (a weight given as an input)
    // leaves the output size to run time too.
    if (kd == kDyn) {
      out.push_back(kDyn);
      continue;
    }
    if (kd < 1)
      return fail(error, "conv kernel " + formatShape(weight) +
                             " has an empty spatial dimension");
    int64_t o = windowOutput(input[i + 2], kd, strides[i], pads[i],
                             pads[i + k], dilations[i], false);
    if (o != kDyn && o < 1)
      return fail(error, "conv window larger than padded input " +
                             formatShape(input));
    if (o == kMaxComputedDim)
      return fail(error, "conv output size out of range");
    out.push_back(o);
  }
  return out;
}

FailureOr<Shape> inferConvTransposeShape(
    ArrayRef<int64_t> input, ArrayRef<int64_t> weight,
    std::optional<ArrayRef<int64_t>> bias, ArrayRef<int64_t> strides,
    ArrayRef<int64_t> pads, ArrayRef<int64_t> dilations,
    ArrayRef<int64_t> outputPadding, int64_t group, std::string &error) {
  if (input.size() < 3 || weight.size() != input.size())
    return fail(error, "conv_transpose expects input [N,C,D...] and weight "
                       "[C,M/g,K...] of the same rank >= 3, got " +
                           formatShape(input) + " and " + formatShape(weight));
  size_t k = input.size() - 2;
  // Negative pads are allowed here: they grow the output (ONNX derives
  // them from an output_shape larger than the natural size).
  SmallVector<int64_t> noPads(2 * k, 0);
  if (pads.size() != 2 * k)
    return fail(error, "expected " + llvm::Twine(2 * k) + " pads");
  if (failed(checkWindowAttrs(k, strides, noPads, dilations, error)))
    return failure();
  if (outputPadding.size() != k)
    return fail(error, "expected " + llvm::Twine(k) + " output_padding entries");
  if (group < 1)
    return fail(error, "group must be >= 1");
  if (dimsConflict(input[1], weight[0]))
    return fail(error, "input channels " + llvm::Twine(input[1]) +
                           " != weight dimension 0 (" + llvm::Twine(weight[0]) + ")");
  if (weight[0] != kDyn && weight[0] % group != 0)
    return fail(error, "weight dimension 0 (" + llvm::Twine(weight[0]) +
                           ") is not divisible by group " + llvm::Twine(group));
  if (weight[1] != kDyn && Wide(weight[1]) * group >= kMaxComputedDim)
    return fail(error, "output channels out of range");
  int64_t m = weight[1] == kDyn ? kDyn : weight[1] * group;
  if (bias && (bias->size() != 1 || dimsConflict((*bias)[0], m)))
    return fail(error, "bias " + formatShape(*bias) + " must be " + formatShape({m}));
  Shape out{input[0], m};
  for (size_t i = 0; i < k; ++i) {
    int64_t kd = weight[i + 2];
    if (kd != kDyn && kd < 1)
      return fail(error, "conv_transpose kernel sizes must be >= 1");
    if (outputPadding[i] < 0 ||
        (outputPadding[i] >= strides[i] && outputPadding[i] >= dilations[i]))
      return fail(error, "output_padding must be smaller than the stride or dilation");
    int64_t d = input[i + 2];
    // A kernel known only at run time (a weight given as an input) leaves
    // the output size to run time too.
    if (d == kDyn || kd == kDyn) {
      out.push_back(kDyn);
      continue;
    }
    Wide o = Wide(strides[i]) * (d - 1) + outputPadding[i] + Wide(dilations[i]) * (kd - 1) +
             1 - pads[i] - pads[i + k];
    if (o < 1)
      return fail(error, "conv_transpose output would be empty");
    if (o >= kMaxComputedDim)
      return fail(error, "conv_transpose output size out of range");
    out.push_back(static_cast<int64_t>(o));
  }
  return out;
}

FailureOr<Shape> inferPoolShape(ArrayRef<int64_t> input,
                                ArrayRef<int64_t> kernel,
                                ArrayRef<int64_t> strides,
                                ArrayRef<int64_t> pads,
                                ArrayRef<int64_t> dilations, bool ceilMode,
                                std::string &error) {
  if (input.size() < 3)
    return fail(error, "pooling expects input [N,C,D...], got " +
                           formatShape(input));
  size_t k = input.size() - 2;
  if (kernel.size() != k)
    return fail(error, "kernel_shape has " + llvm::Twine(kernel.size()) +
                           " entries for " + llvm::Twine(k) +
                           " spatial dimensions");
  if (failed(checkWindowAttrs(k, strides, pads, dilations, error)))
    return failure();
  Shape out{input[0], input[1]};
  for (size_t i = 0; i < k; ++i) {
    if (kernel[i] < 1)
      return fail(error, "kernel_shape entries must be >= 1");
    if (pads[i] >= kernel[i] || pads[i + k] >= kernel[i])
      return fail(error, "pads must be smaller than the kernel");
    int64_t o = windowOutput(input[i + 2], kernel[i], strides[i], pads[i],
                             pads[i + k], dilations[i], ceilMode);
    if (o != kDyn && o < 1)
      return fail(error, "pooling window larger than padded input " +
                             formatShape(input));
    if (o == kMaxComputedDim)
      return fail(error, "pooling output size out of range");
    out.push_back(o);
  }
  return out;
}

bool isCompatibleShape(ArrayRef<int64_t> inferred, ArrayRef<int64_t> declared) {
  if (inferred.size() != declared.size())
    return false;
  for (auto [a, b] : llvm::zip(inferred, declared))
    if (dimsConflict(a, b))
      return false;
  return true;
}

} // namespace kiln::nn
