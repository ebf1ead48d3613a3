//===- NNResizeOps.cpp - nn resampling (resize) ---------------------------===//
//
// The verifier of nn.resize and its shape rules (ResizeShapes.h).
//
//===----------------------------------------------------------------------===//

#include "dialects/NN/IR/NNOps.h"
#include "dialects/NN/IR/OpHelpers.h"
#include "dialects/NN/IR/ResizeShapes.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/Format.h"

#include <algorithm>
#include <cmath>

using namespace mlir;
using namespace kiln::nn;
using namespace kiln::nn::detail;

static constexpr int64_t kDyn = ShapedType::kDynamic;

//===----------------------------------------------------------------------===//
// Shape rules
//===----------------------------------------------------------------------===//

static std::string formatDouble(double v) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << llvm::format("%g", v);
  return s;
}

static bool oneOf(StringRef s, std::initializer_list<StringRef> options) {
  return llvm::is_contained(options, s);
}

LogicalResult kiln::nn::checkResizeModes(StringRef mode, StringRef coordinateMode,
                                         StringRef nearestMode,
                                         StringRef keepAspectRatioPolicy,
                                         Type elementType, std::string &error) {
  if (!oneOf(mode, {"nearest", "linear", "cubic"})) {
    error = "mode '" + mode.str() + "' is not one of nearest, linear, cubic";
    return failure();
  }
  if (!oneOf(coordinateMode, {"half_pixel", "half_pixel_symmetric", "pytorch_half_pixel",
                              "align_corners", "asymmetric", "tf_half_pixel_for_nn",
                              "tf_crop_and_resize"})) {
    error = "coordinate_transformation_mode '" + coordinateMode.str() +
            "' is not one of half_pixel, half_pixel_symmetric, pytorch_half_pixel, "
            "align_corners, asymmetric, tf_half_pixel_for_nn, tf_crop_and_resize";
    return failure();
  }
  if (!oneOf(nearestMode, {"round_prefer_floor", "round_prefer_ceil", "floor", "ceil"})) {
    error = "nearest_mode '" + nearestMode.str() +
            "' is not one of round_prefer_floor, round_prefer_ceil, floor, ceil";
    return failure();
  }
  if (!oneOf(keepAspectRatioPolicy, {"stretch", "not_larger", "not_smaller"})) {
    error = "keep_aspect_ratio_policy '" + keepAspectRatioPolicy.str() +
            "' is not one of stretch, not_larger, not_smaller";
    return failure();
  }
  if (mode != "nearest" && !isa<FloatType>(elementType)) {
    std::string t;
    llvm::raw_string_ostream os(t);
    os << elementType;
    error = "mode '" + mode.str() + "' needs a floating-point element type, got " + t;
    return failure();
  }
  return success();
}

bool kiln::nn::resizeKeepsUnitScale(StringRef mode, StringRef coordinateMode,
                                    StringRef nearestMode) {
  if (coordinateMode == "tf_crop_and_resize")
    return false;
  if (coordinateMode == "tf_half_pixel_for_nn")
    return mode == "nearest" && (nearestMode == "floor" || nearestMode == "round_prefer_floor");
  return true;
}

int64_t kiln::nn::resizeScaledSize(int64_t in, double scale) {
  // Saturates (at +-2^62) rather than overflow int64: callers reject
  // sizes that large.
  double v = std::floor(static_cast<double>(in) * scale);
  constexpr double kMax = 4611686018427387904.0;
  if (std::isnan(v))
    return 0; // an invalid scale, which the callers reject
  return static_cast<int64_t>(std::clamp(v, -kMax, kMax));
}

FailureOr<Shape> kiln::nn::inferResizeShape(ArrayRef<int64_t> input, ArrayRef<int64_t> axes,
                                            bool hasSizes,
                                            std::optional<ArrayRef<double>> scales,
                                            std::optional<ArrayRef<int64_t>> sizes,
                                            StringRef keepAspectRatioPolicy,
                                            std::string &error) {
  auto fail = [&](const llvm::Twine &msg) -> FailureOr<Shape> {
    error = msg.str();
    return failure();
  };
  int64_t rank = input.size();
  for (auto [i, a] : llvm::enumerate(axes)) {
    if (a < 0 || a >= rank)
      return fail("axis " + llvm::Twine(a) + " is out of range for rank " + llvm::Twine(rank));
    if (llvm::is_contained(axes.take_front(i), a))
      return fail("axis " + llvm::Twine(a) + " is given more than once");
  }
  size_t k = axes.size();
  if (scales && scales->size() != k)
    return fail("scales has " + llvm::Twine(scales->size()) + " entries for " +
                llvm::Twine(k) + " axes");
  if (sizes && sizes->size() != k)
    return fail("sizes has " + llvm::Twine(sizes->size()) + " entries for " +
                llvm::Twine(k) + " axes");
  if (!hasSizes && keepAspectRatioPolicy != "stretch")
    return fail("keep_aspect_ratio_policy '" + keepAspectRatioPolicy +
                "' applies to sizes, not to scales");
  if (scales)
    for (auto [i, s] : llvm::enumerate(*scales))
      if (!(s > 0) || !std::isfinite(s))
        return fail("scale " + llvm::Twine(i) + " is " + formatDouble(s) +
                    "; scales must be positive");
  if (sizes)
    for (auto [i, s] : llvm::enumerate(*sizes))
      if (s < 0)
        return fail("size " + llvm::Twine(i) + " is " + llvm::Twine(s) +
                    "; sizes must not be negative");

  Shape out(input.begin(), input.end());
  for (size_t i = 0; i < k; ++i)
    out[axes[i]] = kDyn;
  if (!hasSizes) {
    if (scales)
      for (size_t i = 0; i < k; ++i)
        if (input[axes[i]] != kDyn) {
          out[axes[i]] = resizeScaledSize(input[axes[i]], (*scales)[i]);
          if (out[axes[i]] > (int64_t(1) << 56))
            return fail("scale " + llvm::Twine(i) + " = " + formatDouble((*scales)[i]) +
                        " makes dimension " + llvm::Twine(axes[i]) + " too large");
        }
    return out;
  }
  if (!sizes)
    return out;
  for (size_t i = 0; i < k; ++i)
    if (input[axes[i]] == 0 && (*sizes)[i] != 0)
      return fail("dimension " + llvm::Twine(axes[i]) +
                  " is empty and cannot be resized to " + llvm::Twine((*sizes)[i]));
  if (keepAspectRatioPolicy == "stretch") {
    for (size_t i = 0; i < k; ++i)
      out[axes[i]] = (*sizes)[i];
    return out;
  }
  // One scale for every axis: needs every resized input size.
  if (llvm::any_of(axes, [&](int64_t a) { return input[a] == kDyn || input[a] == 0; }))
    return out;
  bool larger = keepAspectRatioPolicy == "not_smaller";
  double scale = larger ? 0.0 : INFINITY;
  for (size_t i = 0; i < k; ++i) {
    double r = static_cast<double>((*sizes)[i]) / static_cast<double>(input[axes[i]]);
    scale = larger ? std::max(scale, r) : std::min(scale, r);
  }
  for (size_t i = 0; i < k; ++i)
    out[axes[i]] = static_cast<int64_t>(scale * static_cast<double>(input[axes[i]]) + 0.5);
  return out;
}

//===----------------------------------------------------------------------===//
// ResizeOp
//===----------------------------------------------------------------------===//

/// The elements of a constant 1-D operand, if it is one.
static std::optional<SmallVector<double>> constantFloats(Value v) {
  DenseFPElementsAttr attr;
  if (!v || !matchPattern(v, m_Constant(&attr)))
    return std::nullopt;
  SmallVector<double> out;
  for (const APFloat &f : attr.getValues<APFloat>())
    out.push_back(f.convertToDouble());
  return out;
}

static std::optional<SmallVector<int64_t>> constantInts(Value v) {
  DenseIntElementsAttr attr;
  if (!v || !matchPattern(v, m_Constant(&attr)))
    return std::nullopt;
  SmallVector<int64_t> out;
  for (const APInt &i : attr.getValues<APInt>())
    out.push_back(i.getSExtValue());
  return out;
}

LogicalResult ResizeOp::verify() {
  auto in = getInput().getType(), out = getOutput().getType();
  if (in.getElementType() != out.getElementType())
    return emitOpError("element type changes from ")
           << in.getElementType() << " to " << out.getElementType();
  if (in.getRank() != out.getRank())
    return emitOpError("rank changes from ") << in.getRank() << " to " << out.getRank();
  std::string err;
  if (failed(checkResizeModes(getMode(), getCoordinateTransformationMode(), getNearestMode(),
                              getKeepAspectRatioPolicy(), in.getElementType(), err)))
    return emitOpError(err);
  if (getAntialias() && getMode() == "nearest")
    return emitOpError("antialias applies to linear and cubic modes, not to nearest");
  if (!getScales() == !getSizes())
    return emitOpError("needs exactly one of scales and sizes");
  int64_t k = getAxes().size();
  auto checkLength = [&](Value v, int64_t n, StringRef what) -> LogicalResult {
    if (!v)
      return success();
    int64_t len = cast<RankedTensorType>(v.getType()).getDimSize(0);
    if (len != n)
      return emitOpError(what) << " must have " << n << " entries (" << k
                               << " axes), got " << v.getType();
    return success();
  };
  if (failed(checkLength(getScales(), k, "scales")) ||
      failed(checkLength(getSizes(), k, "sizes")) ||
      failed(checkLength(getRoi(), 2 * k, "roi")))
    return failure();
  bool crop = getCoordinateTransformationMode() == "tf_crop_and_resize";
  if (crop && !getRoi())
    return emitOpError("coordinate_transformation_mode 'tf_crop_and_resize' needs a roi");
  if (!crop && getRoi())
    return emitOpError("roi applies only to coordinate_transformation_mode "
                       "'tf_crop_and_resize'");

  auto scales = constantFloats(getScales());
  auto sizes = constantInts(getSizes());
  std::optional<ArrayRef<double>> scalesRef;
  std::optional<ArrayRef<int64_t>> sizesRef;
  if (scales)
    scalesRef = ArrayRef<double>(*scales);
  if (sizes)
    sizesRef = ArrayRef<int64_t>(*sizes);
  auto shape = inferResizeShape(in.getShape(), getAxes(), static_cast<bool>(getSizes()),
                                scalesRef, sizesRef, getKeepAspectRatioPolicy(), err);
  return checkInferredShape(*this, shape, err, out.getShape());
}
