//===- NNGridOps.cpp - nn sampling grids ----------------------------------===//
//
// The verifiers and result-type inference of nn.grid_sample and
// nn.affine_grid, and their shape rules (GridShapes.h).
//
//===----------------------------------------------------------------------===//

#include "dialects/NN/IR/GridShapes.h"
#include "dialects/NN/IR/NNOps.h"
#include "dialects/NN/IR/OpHelpers.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace kiln::nn;
using namespace kiln::nn::detail;

static constexpr int64_t kDyn = ShapedType::kDynamic;

static bool conflict(int64_t a, int64_t b) { return a != kDyn && b != kDyn && a != b; }

//===----------------------------------------------------------------------===//
// Shape rules
//===----------------------------------------------------------------------===//

LogicalResult kiln::nn::checkGridSampleModes(StringRef mode, StringRef paddingMode,
                                             Type elementType, std::string &error) {
  if (!llvm::is_contained({"nearest", "linear", "cubic"}, mode)) {
    error = "mode '" + mode.str() + "' is not one of nearest, linear, cubic";
    return failure();
  }
  if (!llvm::is_contained({"zeros", "border", "reflection"}, paddingMode)) {
    error = "padding_mode '" + paddingMode.str() + "' is not one of zeros, border, reflection";
    return failure();
  }
  if (mode != "nearest" && !isa<FloatType>(elementType)) {
    std::string t;
    llvm::raw_string_ostream os(t);
    os << elementType;
    error = "mode '" + mode.str() + "' needs a floating-point input, got " + t;
    return failure();
  }
  return success();
}

FailureOr<Shape> kiln::nn::inferGridSampleShape(ArrayRef<int64_t> input, ArrayRef<int64_t> grid,
                                                std::string &error) {
  auto fail = [&](const Twine &msg) -> FailureOr<Shape> {
    error = msg.str();
    return failure();
  };
  int64_t rank = input.size();
  if (rank < 3)
    return fail("input " + formatShape(input) + " needs rank >= 3 (N, C and a spatial dimension)");
  if (static_cast<int64_t>(grid.size()) != rank)
    return fail("grid " + formatShape(grid) + " must have the rank of the input " +
                formatShape(input));
  if (conflict(grid.back(), rank - 2))
    return fail("grid " + formatShape(grid) + " must end in " + Twine(rank - 2) +
                " (one coordinate per spatial dimension of the input " + formatShape(input) +
                ")");
  if (conflict(input[0], grid[0]))
    return fail("batch sizes differ: input " + formatShape(input) + ", grid " +
                formatShape(grid));
  Shape out{input[0] != kDyn ? input[0] : grid[0], input[1]};
  out.append(grid.begin() + 1, grid.end() - 1);
  return out;
}

FailureOr<Shape> kiln::nn::inferAffineGridShape(ArrayRef<int64_t> theta, int64_t sizeLength,
                                                std::optional<ArrayRef<int64_t>> size,
                                                std::string &error) {
  auto fail = [&](const Twine &msg) -> FailureOr<Shape> {
    error = msg.str();
    return failure();
  };
  if (sizeLength == kDyn)
    return fail("size must have a static length");
  int64_t r = sizeLength - 2;
  if (r < 1)
    return fail("size has " + Twine(sizeLength) +
                " entries; it needs (N, C) and at least one spatial size");
  if (theta.size() != 3 || conflict(theta[1], r) || conflict(theta[2], r + 1))
    return fail("theta " + formatShape(theta) + " must have shape (N, " + Twine(r) + ", " +
                Twine(r + 1) + ") for a size of " + Twine(sizeLength) + " entries");
  Shape out{theta[0]};
  for (int64_t i = 0; i < r; ++i)
    out.push_back(kDyn);
  out.push_back(r);
  if (!size)
    return out;
  for (auto [i, s] : llvm::enumerate(*size))
    if (s < 0)
      return fail("size entry " + Twine(i) + " is " + Twine(s) + "; sizes must not be negative");
  if (conflict(theta[0], (*size)[0]))
    return fail("size[0] is " + Twine((*size)[0]) + " but theta " + formatShape(theta) +
                " holds " + Twine(theta[0]) + " maps");
  out[0] = (*size)[0];
  for (int64_t i = 0; i < r; ++i)
    out[1 + i] = (*size)[2 + i];
  return out;
}

FailureOr<Shape> kiln::nn::inferRoiAlignShape(ArrayRef<int64_t> input, ArrayRef<int64_t> rois,
                                              ArrayRef<int64_t> batchIndices, StringRef mode,
                                              StringRef coordinates, int64_t outputHeight,
                                              int64_t outputWidth, int64_t samplingRatio,
                                              std::string &error) {
  auto fail = [&](const Twine &msg) -> FailureOr<Shape> {
    error = msg.str();
    return failure();
  };
  if (mode != "avg" && mode != "max")
    return fail("mode '" + mode + "' is not avg or max");
  if (coordinates != "half_pixel" && coordinates != "output_half_pixel")
    return fail("coordinate_transformation_mode '" + coordinates +
                "' is not half_pixel or output_half_pixel");
  constexpr int64_t kMaxSize = int64_t(1) << 40;
  if (outputHeight < 1 || outputWidth < 1 || outputHeight > kMaxSize || outputWidth > kMaxSize)
    return fail("output_height and output_width must be in [1, 2^40], got " + Twine(outputHeight) +
                " and " + Twine(outputWidth));
  if (samplingRatio < 0)
    return fail("sampling_ratio must be >= 0, got " + Twine(samplingRatio));
  if (input.size() != 4)
    return fail("input " + formatShape(input) + " must be (N, C, H, W)");
  if (rois.size() != 2 || conflict(rois[1], 4))
    return fail("rois " + formatShape(rois) + " must be (R, 4)");
  if (batchIndices.size() != 1 || conflict(batchIndices[0], rois[0]))
    return fail("batch_indices " + formatShape(batchIndices) + " must be (R) for rois " +
                formatShape(rois));
  int64_t r = rois[0] != kDyn ? rois[0] : batchIndices[0];
  return Shape{r, input[1], outputHeight, outputWidth};
}

//===----------------------------------------------------------------------===//
// RoiAlignOp
//===----------------------------------------------------------------------===//

LogicalResult RoiAlignOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                           Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  std::string err;
  auto shape = inferRoiAlignShape(
      shapeOf(adaptor.getInput()), shapeOf(adaptor.getRois()), shapeOf(adaptor.getBatchIndices()),
      adaptor.getMode(), adaptor.getCoordinateTransformationMode(), adaptor.getOutputHeight(),
      adaptor.getOutputWidth(), adaptor.getSamplingRatio(), err);
  return toInferred(loc, shape, err, elementTypeOf(adaptor.getInput()), inferred);
}

bool RoiAlignOp::isCompatibleReturnTypes(TypeRange l, TypeRange r) {
  return compatibleTensorTypes(l, r);
}

LogicalResult RoiAlignOp::verify() {
  if (getRois().getType().getElementType() != getInput().getType().getElementType())
    return emitOpError("rois have element type ")
           << getRois().getType().getElementType() << " but the input "
           << getInput().getType().getElementType();
  return success();
}

//===----------------------------------------------------------------------===//
// GridSampleOp
//===----------------------------------------------------------------------===//

LogicalResult GridSampleOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                             Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  std::string err;
  auto shape = inferGridSampleShape(shapeOf(adaptor.getInput()), shapeOf(adaptor.getGrid()), err);
  return toInferred(loc, shape, err, elementTypeOf(adaptor.getInput()), inferred);
}

bool GridSampleOp::isCompatibleReturnTypes(TypeRange l, TypeRange r) {
  return compatibleTensorTypes(l, r);
}

LogicalResult GridSampleOp::verify() {
  std::string err;
  if (failed(checkGridSampleModes(getMode(), getPaddingMode(),
                                  getInput().getType().getElementType(), err)))
    return emitOpError(err);
  return success();
}

//===----------------------------------------------------------------------===//
// AffineGridOp
//===----------------------------------------------------------------------===//

LogicalResult AffineGridOp::verify() {
  auto theta = getTheta().getType(), out = getGrid().getType();
  if (theta.getElementType() != out.getElementType())
    return emitOpError("element type changes from ")
           << theta.getElementType() << " to " << out.getElementType();
  std::optional<SmallVector<int64_t>> values;
  DenseIntElementsAttr attr;
  if (matchPattern(getSize(), m_Constant(&attr))) {
    values.emplace();
    for (const APInt &v : attr.getValues<APInt>())
      values->push_back(v.getSExtValue());
  }
  std::optional<ArrayRef<int64_t>> ref;
  if (values)
    ref = ArrayRef<int64_t>(*values);
  std::string err;
  auto shape = inferAffineGridShape(theta.getShape(), getSize().getType().getDimSize(0), ref, err);
  return checkInferredShape(*this, shape, err, out.getShape());
}
