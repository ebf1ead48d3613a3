//===- NNCropOps.cpp - nn center_crop_pad, reverse_sequence, col2im, max_unpool -===//
//
// Verifiers of the ops in NNCropOps.td and their shape rules
// (CropShapes.h). The sizes these ops read from operands are run-time
// values, so the verifiers check what the types show; the lowering checks
// the values.
//
//===----------------------------------------------------------------------===//

#include "dialects/NN/IR/CropShapes.h"
#include "dialects/NN/IR/NNOps.h"
#include "dialects/NN/IR/OpHelpers.h"
#include "dialects/NN/IR/RuntimeShapes.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace kiln::nn;
using namespace kiln::nn::detail;

static constexpr int64_t kDyn = ShapedType::kDynamic;

static LogicalResult fail(std::string &error, const llvm::Twine &msg) {
  error = msg.str();
  return failure();
}

static bool conflict(int64_t a, int64_t b) { return a != kDyn && b != kDyn && a != b; }

/// The largest attribute value or known size entry these ops accept, so
/// that sums and products of a few of them cannot overflow.
static constexpr int64_t kMaxEntry = std::numeric_limits<int32_t>::max();

/// Fails unless every entry of `values` (`what`) is in [min, kMaxEntry];
/// kDyn entries are skipped.
static LogicalResult checkInRange(ArrayRef<int64_t> values, int64_t min, StringRef what,
                                  std::string &error) {
  for (int64_t v : values) {
    if (v == kDyn)
      continue;
    if (v < min)
      return fail(error, what + " " + formatShape(values) + " must be at least " +
                             llvm::Twine(min));
    if (v > kMaxEntry)
      return fail(error, what + " " + formatShape(values) + " must be at most " +
                             llvm::Twine(kMaxEntry));
  }
  return success();
}

/// Fails unless `values` (`what`) has `n` entries.
static LogicalResult checkLength(ArrayRef<int64_t> values, size_t n, StringRef what,
                                 std::string &error) {
  if (values.size() != n)
    return fail(error, what + " " + formatShape(values) + " must have " + llvm::Twine(n) +
                           " entries");
  return success();
}

//===----------------------------------------------------------------------===//
// Shape rules
//===----------------------------------------------------------------------===//

FailureOr<Shape> kiln::nn::inferCenterCropPadShape(ArrayRef<int64_t> input,
                                                   ArrayRef<int64_t> axes,
                                                   ArrayRef<int64_t> target,
                                                   std::string &error) {
  int64_t rank = input.size();
  if (axes.size() != target.size())
    return fail(error, "axes " + formatShape(axes) + " and the target shape (" +
                           llvm::Twine(target.size()) +
                           " entries) must have the same length");
  Shape out(input.begin(), input.end());
  SmallVector<bool> seen(rank, false);
  for (auto [a, t] : llvm::zip(axes, target)) {
    if (a < 0 || a >= rank || seen[a])
      return fail(error, "axes " + formatShape(axes) + " must be distinct and in [0, " +
                             llvm::Twine(rank) + ")");
    seen[a] = true;
    if (t != kDyn && t < 0)
      return fail(error, "target size " + llvm::Twine(t) + " for axis " + llvm::Twine(a) +
                             " is negative");
    out[a] = t;
  }
  return out;
}

LogicalResult kiln::nn::checkReverseSequence(ArrayRef<int64_t> input,
                                             ArrayRef<int64_t> lengths, int64_t batchAxis,
                                             int64_t timeAxis, std::string &error) {
  if (input.size() < 2)
    return fail(error, "the input must have rank >= 2, got shape " + formatShape(input));
  if (!((batchAxis == 0 && timeAxis == 1) || (batchAxis == 1 && timeAxis == 0)))
    return fail(error, "batch_axis " + llvm::Twine(batchAxis) + " and time_axis " +
                           llvm::Twine(timeAxis) + " must be 0 and 1 in either order");
  if (lengths.size() != 1)
    return fail(error, "the sequence lengths must be 1-D, got shape " + formatShape(lengths));
  if (conflict(lengths[0], input[batchAxis]))
    return fail(error, "there are " + llvm::Twine(lengths[0]) +
                           " sequence lengths but the batch dimension is " +
                           llvm::Twine(input[batchAxis]));
  return success();
}

FailureOr<Shape> kiln::nn::inferCol2ImShape(ArrayRef<int64_t> input, ArrayRef<int64_t> image,
                                            ArrayRef<int64_t> block,
                                            ArrayRef<int64_t> dilations,
                                            ArrayRef<int64_t> pads,
                                            ArrayRef<int64_t> strides, std::string &error) {
  if (input.size() != 3)
    return fail(error, "the input must have rank 3 [N, C * prod(block), L], got shape " +
                           formatShape(input));
  size_t k = image.size();
  if (k < 1 || block.size() != k)
    return fail(error, "image_shape (" + llvm::Twine(image.size()) +
                           " entries) and block_shape (" + llvm::Twine(block.size()) +
                           " entries) must have the same length, at least 1");
  if (failed(checkLength(dilations, k, "dilations", error)) ||
      failed(checkLength(strides, k, "strides", error)) ||
      failed(checkLength(pads, 2 * k, "pads", error)) ||
      failed(checkInRange(dilations, 1, "dilations", error)) ||
      failed(checkInRange(strides, 1, "strides", error)) ||
      failed(checkInRange(pads, 0, "pads", error)))
    return failure();
  if (failed(checkInRange(block, 1, "block_shape", error)) ||
      failed(checkInRange(image, 0, "image_shape", error)))
    return failure();
  bool allKnown = true;
  int64_t blockSize = 1;
  for (size_t i = 0; i < k; ++i) {
    if (block[i] == kDyn) {
      allKnown = false;
      continue;
    }
    if (llvm::MulOverflow(blockSize, block[i], blockSize))
      return fail(error, "block_shape " + formatShape(block) + " is too large");
  }
  bool blockKnown = llvm::none_of(block, ShapedType::isDynamic);
  Shape out{input[0], kDyn};
  if (blockKnown && input[1] != kDyn) {
    if (input[1] % blockSize != 0)
      return fail(error, "the input's " + llvm::Twine(input[1]) +
                             " columns are not a multiple of the block size " +
                             llvm::Twine(blockSize) + " (block_shape " +
                             formatShape(block) + ")");
    out[1] = input[1] / blockSize;
  }
  out.append(image.begin(), image.end());
  if (!allKnown || llvm::any_of(image, ShapedType::isDynamic))
    return out;
  // Everything known: the block positions must fit and number L.
  int64_t positions = 1;
  for (size_t i = 0; i < k; ++i) {
    // Entries are bounded by what a tensor can hold; compute in 128 bits
    // to be safe from overflow with absurd attribute values.
    __int128 span = static_cast<__int128>(dilations[i]) * (block[i] - 1) + 1;
    __int128 room = static_cast<__int128>(image[i]) + pads[i] + pads[k + i] - span;
    if (room < 0)
      return fail(error, "block " + formatShape(block) + " with dilations " +
                             formatShape(dilations) + " does not fit the padded image " +
                             formatShape(image) + " along spatial dimension " +
                             llvm::Twine(i));
    __int128 n = room / strides[i] + 1;
    if (n > std::numeric_limits<int64_t>::max() ||
        llvm::MulOverflow(positions, static_cast<int64_t>(n), positions))
      return fail(error, "the number of block positions overflows");
  }
  if (input[2] != kDyn && input[2] != positions)
    return fail(error, "the input has " + llvm::Twine(input[2]) +
                           " block positions but image_shape " + formatShape(image) +
                           " and block_shape " + formatShape(block) + " give " +
                           llvm::Twine(positions));
  return out;
}

FailureOr<Shape> kiln::nn::inferMaxUnpoolShape(ArrayRef<int64_t> input,
                                               ArrayRef<int64_t> indices,
                                               ArrayRef<int64_t> kernel,
                                               ArrayRef<int64_t> pads,
                                               ArrayRef<int64_t> strides,
                                               std::string &error) {
  if (input.size() < 3)
    return fail(error, "the input must have rank >= 3 [N, C, D1..Dk], got shape " +
                           formatShape(input));
  size_t k = input.size() - 2;
  if (indices.size() != input.size() ||
      llvm::any_of(llvm::zip(input, indices),
                   [](auto p) { return conflict(std::get<0>(p), std::get<1>(p)); }))
    return fail(error, "the indices " + formatShape(indices) +
                           " must have the shape of the input " + formatShape(input));
  if (failed(checkLength(kernel, k, "kernel_shape", error)) ||
      failed(checkLength(strides, k, "strides", error)) ||
      failed(checkLength(pads, 2 * k, "pads", error)) ||
      failed(checkInRange(kernel, 1, "kernel_shape", error)) ||
      failed(checkInRange(strides, 1, "strides", error)) ||
      failed(checkInRange(pads, 0, "pads", error)))
    return failure();
  Shape out{input[0] != kDyn ? input[0] : indices[0], input[1] != kDyn ? input[1] : indices[1]};
  for (size_t i = 0; i < k; ++i) {
    int64_t d = input[2 + i] != kDyn ? input[2 + i] : indices[2 + i];
    if (d == kDyn) {
      out.push_back(kDyn);
      continue;
    }
    __int128 u = (static_cast<__int128>(d) - 1) * strides[i] - pads[i] - pads[k + i] +
                 kernel[i];
    if (u < 0 || u > (static_cast<__int128>(1) << 62))
      return fail(error, "the unpooled size " + llvm::Twine(static_cast<int64_t>(u)) +
                             " of spatial dimension " + llvm::Twine(i) +
                             " is out of range (input " + formatShape(input) +
                             ", kernel_shape " + formatShape(kernel) + ", strides " +
                             formatShape(strides) + ", pads " + formatShape(pads) + ")");
    out.push_back(static_cast<int64_t>(u));
  }
  // The static part of the element count must not overflow.
  int64_t count = 1;
  for (int64_t d : out)
    if (d != kDyn && llvm::MulOverflow(count, d, count))
      return fail(error, "the unpooled shape " + formatShape(out) + " has too many elements");
  return out;
}

//===----------------------------------------------------------------------===//
// Verifiers
//===----------------------------------------------------------------------===//

static LogicalResult checkSameElements(Operation *op, Type in, Type out) {
  Type ie = cast<ShapedType>(in).getElementType(), oe = cast<ShapedType>(out).getElementType();
  if (ie != oe)
    return op->emitOpError("element type changes from ") << ie << " to " << oe;
  return success();
}

LogicalResult CenterCropPadOp::verify() {
  if (failed(checkSameElements(*this, getInput().getType(), getType())))
    return failure();
  std::string err;
  if (failed(checkShapeOperand(getShape().getType().getShape(), getAxes().size(), "shape",
                               err)))
    return emitOpError(err);
  auto shape = inferCenterCropPadShape(getInput().getType().getShape(), getAxes(),
                                       SmallVector<int64_t>(getAxes().size(), kDyn), err);
  return checkInferredShape(*this, shape, err, getType().getShape());
}

LogicalResult ReverseSequenceOp::verify() {
  std::string err;
  if (failed(checkReverseSequence(getInput().getType().getShape(),
                                  getLengths().getType().getShape(), getBatchAxis(),
                                  getTimeAxis(), err)))
    return emitOpError(err);
  return success();
}

LogicalResult Col2ImOp::verify() {
  if (failed(checkSameElements(*this, getInput().getType(), getType())))
    return failure();
  std::string err;
  auto imageType = getImageShape().getType(), blockType = getBlockShape().getType();
  if (failed(checkShapeOperand(imageType.getShape(), -1, "image_shape", err)) ||
      failed(checkShapeOperand(blockType.getShape(), imageType.getDimSize(0), "block_shape",
                               err)))
    return emitOpError(err);
  SmallVector<int64_t> unknown(imageType.getDimSize(0), kDyn);
  auto shape = inferCol2ImShape(getInput().getType().getShape(), unknown, unknown,
                                getDilations(), getPads(), getStrides(), err);
  return checkInferredShape(*this, shape, err, getType().getShape());
}

LogicalResult MaxUnpoolOp::verify() {
  if (failed(checkSameElements(*this, getInput().getType(), getType())))
    return failure();
  std::string err;
  auto shape = inferMaxUnpoolShape(getInput().getType().getShape(),
                                   getIndices().getType().getShape(), getKernelShape(),
                                   getPads(), getStrides(), err);
  if (failed(shape))
    return emitOpError(err);
  ArrayRef<int64_t> declared = getType().getShape();
  if (!getOutputShape())
    return checkInferredShape(*this, shape, err, declared);
  if (failed(checkShapeOperand(getOutputShape().getType().getShape(), shape->size(),
                               "output_shape", err)))
    return emitOpError(err);
  if (declared.size() != shape->size())
    return emitOpError("the result has rank ")
           << declared.size() << " but the input has rank " << shape->size();
  for (auto [d, u] : llvm::zip(declared, *shape))
    if (d != kDyn && u != kDyn && d < u)
      return emitOpError("result shape ")
             << formatShape(declared) << " is smaller than the unpooled shape "
             << formatShape(*shape);
  return success();
}
