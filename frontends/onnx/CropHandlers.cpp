//===- CropHandlers.cpp - ONNX CenterCropPad, ReverseSequence, Col2Im, MaxUnpool -===//
//
// Handlers of the operators that place elements by sizes or indices given
// as tensors: CenterCropPad's target shape, ReverseSequence's sequence
// lengths, Col2Im's image and block shapes and MaxUnpool's indices and
// output shape. All of them may be run-time values; each op reads them at
// run time and checks them there (nn.center_crop_pad, nn.reverse_sequence,
// nn.col2im, nn.max_unpool). Entries known at import (constants, or what
// SymbolicShapes knows) give static result dimensions and are checked
// here. The lengths of the shape operands decide result ranks, so they
// must be static (the importer keeps them so under --force-dynamic).
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/ImporterImpl.h"
#include "dialects/NN/IR/CropShapes.h"
#include "dialects/NN/IR/NNOps.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;

namespace kiln::onnx_frontend {
namespace {

constexpr int64_t kDyn = ShapedType::kDynamic;

/// Input `i` (`what`) as a 1-D i64 tensor of `n` entries (any static
/// length when n == -1, any length at all when n == -2): int32 entries are
/// converted when `int32` allows them, and a dynamic length becomes `n` by
/// an nn.dynamic_reshape checked at run time. Null after a recorded error.
Value shapeVector(NodeContext &nc, int i, StringRef what, int64_t n, bool int32 = false) {
  Value v = nc.input(i);
  if (!v)
    return {};
  auto t = nc.tensorType(v);
  Type et = t.getElementType();
  bool intOk = et.isSignlessInteger(64) || (int32 && et.isSignlessInteger(32));
  if (t.getRank() != 1 || !intOk) {
    (void)nc.fail("the " + what + " operand must be a 1-D " +
                  (int32 ? "int32 or int64" : "int64") + " tensor, got " + typeName(t));
    return {};
  }
  if (t.isDynamicDim(0) && n != -2) {
    if (n < 0) {
      (void)nc.fail("the " + what + " operand must have a static length (it decides the "
                    "result's rank), got " + typeName(t));
      return {};
    }
    v = nn::DynamicReshapeOp::create(nc.b, nc.loc, RankedTensorType::get({n}, et), v,
                                     i64Tensor(nc, {1}, {n}), nc.b.getBoolAttr(true));
  } else if (n >= 0 && t.getDimSize(0) != n) {
    (void)nc.fail("the " + what + " operand has " + llvm::Twine(t.getDimSize(0)) +
                  " entries; it needs " + llvm::Twine(n));
    return {};
  }
  return castTo(nc, v, nc.b.getI64Type());
}

/// The entries of the 1-D tensor `v` known at import (constants or
/// constant symbolic elements), kDyn for the others.
SmallVector<int64_t> knownEntries(NodeContext &nc, Value v) {
  int64_t n = nc.tensorType(v).getDimSize(0);
  if (n == kDyn)
    return {};
  SmallVector<int64_t> r(n, kDyn);
  if (auto e = nc.shapes.elements(v))
    for (auto [i, x] : llvm::enumerate(*e))
      if (x.isConstant())
        r[i] = x.coeff;
  return r;
}

/// Attribute `name` (default: `n` copies of `dflt`).
SmallVector<int64_t> intsOr(NodeContext &nc, StringRef name, size_t n, int64_t dflt) {
  if (auto v = nc.getInts(name))
    return *v;
  return SmallVector<int64_t>(n, dflt);
}

LogicalResult centerCropPad(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x)
    return failure();
  auto xt = nc.tensorType(x);
  int64_t rank = xt.getRank();
  SmallVector<int64_t> axes = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  if (auto given = nc.getInts("axes")) {
    std::string err;
    auto norm = nn::normalizeAxes(*given, rank, err);
    if (failed(norm))
      return nc.fail(err);
    axes = *norm;
  }
  if (!nc.attrError.empty())
    return failure();
  Value shape = shapeVector(nc, 1, "shape", static_cast<int64_t>(axes.size()), true);
  if (!shape)
    return failure();
  std::string err;
  auto t = resultType(nc,
                      nn::inferCenterCropPadShape(xt.getShape(), axes,
                                                  knownEntries(nc, shape), err),
                      err, xt.getElementType());
  if (!t)
    return failure();
  nc.setOutput(0, nn::CenterCropPadOp::create(nc.b, nc.loc, t, x, shape,
                                              nc.b.getDenseI64ArrayAttr(axes)));
  return success();
}

LogicalResult reverseSequence(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x)
    return failure();
  int64_t batchAxis = nc.getInt("batch_axis", 1), timeAxis = nc.getInt("time_axis", 0);
  Value lens = shapeVector(nc, 1, "sequence_lens", -2, true);
  if (!lens)
    return failure();
  auto xt = nc.tensorType(x);
  std::string err;
  if (failed(nn::checkReverseSequence(xt.getShape(), nc.tensorType(lens).getShape(),
                                      batchAxis, timeAxis, err)))
    return nc.fail(err);
  int64_t time = xt.getDimSize(timeAxis);
  if (time != kDyn)
    for (int64_t len : knownEntries(nc, lens))
      if (len != kDyn && (len < 0 || len > time))
        return nc.fail("sequence length " + llvm::Twine(len) + " is out of range [0, " +
                       llvm::Twine(time) + "] (the time dimension)");
  nc.setOutput(0, nn::ReverseSequenceOp::create(nc.b, nc.loc, xt, x, lens,
                                                nc.b.getI64IntegerAttr(batchAxis),
                                                nc.b.getI64IntegerAttr(timeAxis)));
  return success();
}

LogicalResult col2im(NodeContext &nc) {
  Value x = nc.input(0);
  if (!nc.input(1) || !nc.input(2) || !x)
    return failure();
  // The spatial rank: the length of image_shape or block_shape.
  int64_t k = nc.tensorType(nc.input(1)).getRank() == 1
                  ? nc.tensorType(nc.input(1)).getDimSize(0)
                  : kDyn;
  if (k == kDyn && nc.tensorType(nc.input(2)).getRank() == 1)
    k = nc.tensorType(nc.input(2)).getDimSize(0);
  Value image = shapeVector(nc, 1, "image_shape", k);
  Value block = image ? shapeVector(nc, 2, "block_shape", k) : Value();
  if (!image || !block)
    return failure();
  k = nc.tensorType(image).getDimSize(0);
  // The result has rank 2 + k: a declared length must not make it absurd.
  if (k > kMaxTrackedElements)
    return nc.fail("image_shape has " + llvm::Twine(k) + " entries; the result's rank would be "
                   "above the " + llvm::Twine(kMaxTrackedElements + 2) + " Kiln supports");
  SmallVector<int64_t> dilations = intsOr(nc, "dilations", k, 1);
  SmallVector<int64_t> pads = intsOr(nc, "pads", 2 * k, 0);
  SmallVector<int64_t> strides = intsOr(nc, "strides", k, 1);
  if (!nc.attrError.empty())
    return failure();
  auto xt = nc.tensorType(x);
  std::string err;
  auto t = resultType(nc,
                      nn::inferCol2ImShape(xt.getShape(), knownEntries(nc, image),
                                           knownEntries(nc, block), dilations, pads,
                                           strides, err),
                      err, xt.getElementType());
  if (!t)
    return failure();
  nc.setOutput(0, nn::Col2ImOp::create(nc.b, nc.loc, t, x, image, block,
                                       nc.b.getDenseI64ArrayAttr(dilations),
                                       nc.b.getDenseI64ArrayAttr(pads),
                                       nc.b.getDenseI64ArrayAttr(strides)));
  return success();
}

LogicalResult maxUnpool(NodeContext &nc) {
  Value x = nc.input(0), indices = nc.input(1);
  if (!x || !indices)
    return failure();
  auto xt = nc.tensorType(x), it = nc.tensorType(indices);
  if (!it.getElementType().isSignlessInteger(64))
    return nc.fail("the indices must be int64, got " + typeName(it));
  int64_t rank = xt.getRank();
  int64_t k = std::max<int64_t>(rank - 2, 0);
  auto kernel = nc.getInts("kernel_shape");
  if (!kernel)
    return nc.attrError.empty() ? nc.fail("missing required attribute 'kernel_shape'")
                                : failure();
  SmallVector<int64_t> pads = intsOr(nc, "pads", 2 * k, 0);
  SmallVector<int64_t> strides = intsOr(nc, "strides", k, 1);
  if (!nc.attrError.empty())
    return failure();
  std::string err;
  auto unpooled =
      nn::inferMaxUnpoolShape(xt.getShape(), it.getShape(), *kernel, pads, strides, err);
  if (failed(unpooled))
    return nc.fail(err);
  nn::Shape out = *unpooled;
  Value outputShape;
  if (nc.hasInput(2)) {
    if (!(outputShape = shapeVector(nc, 2, "output_shape", rank)))
      return failure();
    SmallVector<int64_t> known = knownEntries(nc, outputShape);
    out.assign(known.begin(), known.end());
    for (int64_t d = 0; d < rank; ++d) {
      if (out[d] != kDyn && out[d] < 0)
        return nc.fail("output_shape " + nn::formatShape(out) + " has a negative entry");
      if (out[d] != kDyn && (*unpooled)[d] != kDyn && out[d] < (*unpooled)[d])
        return nc.fail("output_shape " + nn::formatShape(out) +
                       " is smaller than the unpooled shape " + nn::formatShape(*unpooled));
    }
  }
  // Constant indices must address the unpooled shape.
  int64_t total = 1;
  for (int64_t u : *unpooled)
    if (u == kDyn || total == kDyn || llvm::MulOverflow(total, u, total))
      total = kDyn;
  if (auto c = nc.constantInts(1); c && total != kDyn)
    for (int64_t i : *c)
      if (i < 0 || i >= total)
        return nc.fail("index " + llvm::Twine(i) + " is out of range for the unpooled shape " +
                       nn::formatShape(*unpooled));
  auto t = RankedTensorType::get(out, xt.getElementType());
  nc.setOutput(0, nn::MaxUnpoolOp::create(nc.b, nc.loc, t, x, indices, outputShape,
                                          nc.b.getDenseI64ArrayAttr(*kernel),
                                          nc.b.getDenseI64ArrayAttr(pads),
                                          nc.b.getDenseI64ArrayAttr(strides)));
  return success();
}

} // namespace

void addCropOps(std::vector<OpEntry> &table) {
  std::vector<OpEntry> ops = {
      {"CenterCropPad", {18}, {18}, {"axes"},
       "run-time or constant target shape; a negative target stops the run with a "
       "shape error",
       centerCropPad},
      {"Col2Im", {18}, {18}, {"dilations", "pads", "strides"},
       "run-time or constant image_shape and block_shape (checked at run time)", col2im},
      {"MaxUnpool", {9, 11, 22}, {9, 11, 22}, {"kernel_shape", "pads", "strides"},
       "optional run-time output_shape (the unpooled block placed at its start, as ONNX's "
       "reference does); out-of-range indices stop the run with a shape error",
       maxUnpool},
      {"ReverseSequence", {10}, {10}, {"batch_axis", "time_axis"},
       "run-time sequence_lens; lengths outside [0, time] stop the run with a shape error",
       reverseSequence},
  };
  table.insert(table.end(), ops.begin(), ops.end());
}

} // namespace kiln::onnx_frontend
