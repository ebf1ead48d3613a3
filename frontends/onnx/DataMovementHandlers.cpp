//===- DataMovementHandlers.cpp - ONNX data movement (transpose, concat, slice, gather, ...) -===//
//
// Handlers of the ONNX operators that move elements or compute shapes.
// Operands that decide a result shape (axes, pads, repeats, split sizes)
// must be constants. Every op is built with createOrFold, so operators
// applied to constants fold on the spot: the shape arithmetic exporters emit
// (Shape -> Gather -> Unsqueeze -> Concat -> Reshape) reaches Reshape as a
// constant. With dynamic dimensions that arithmetic runs at run time: Shape
// becomes nn.shape, and Expand, ConstantOfShape, Range and Slice with
// computed operands become the nn.dynamic_* ops, their result types
// carrying what SymbolicShapes knows.
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/ImporterImpl.h"
#include "dialects/NN/IR/NNOps.h"
#include "dialects/NN/IR/DataMovementShapes.h"
#include "dialects/NN/IR/RuntimeShapes.h"
#include "llvm/Support/MathExtras.h"

#include <cmath>

using namespace mlir;

namespace kiln::onnx_frontend {
namespace {

constexpr int64_t kDyn = ShapedType::kDynamic;

/// The integer contents of constant input `i`, or a recorded error naming
/// the operand (`what`).
std::optional<SmallVector<int64_t>> requireConstantInts(NodeContext &nc, int i,
                                                        StringRef what) {
  if (!nc.input(i))
    return std::nullopt;
  auto ints = nc.constantInts(i);
  if (!ints)
    (void)nc.fail("the " + what + " operand must be a constant (a computed " + what +
                  " is not supported yet)");
  return ints;
}

/// A computed shape operand (input `i`, `what` names it): a 1-D i64 tensor
/// of static length, with what is known about its entries.
std::optional<SymVector> shapeOperandEntries(NodeContext &nc, int i, StringRef what) {
  Value v = nc.input(i);
  if (!v)
    return std::nullopt;
  auto t = nc.tensorType(v);
  if (t.getRank() != 1 || t.isDynamicDim(0) || !t.getElementType().isInteger(64)) {
    (void)nc.fail("the " + what + " operand must be a 1-D int64 tensor of static length, got " +
                  typeName(t));
    return std::nullopt;
  }
  auto e = nc.shapes.elementsOrFresh(v);
  if (!e)
    (void)nc.fail("the " + what + " operand has " + llvm::Twine(t.getDimSize(0)) +
                  " entries; at most " + llvm::Twine(kMaxTrackedElements) +
                  " are supported");
  return e;
}

/// `v` as a 1-D i64 tensor (Slice's starts and ends may be int32).
Value asI64(NodeContext &nc, Value v) {
  auto t = nc.tensorType(v);
  if (t.getElementType().isInteger(64))
    return v;
  return nc.b.createOrFold<nn::CastOp>(
      nc.loc, RankedTensorType::get(t.getShape(), nc.b.getI64Type()), v);
}

/// The dense contents of input `i` if it is a constant.
DenseElementsAttr constantAttr(Value v) {
  auto cst = v ? v.getDefiningOp<nn::ConstantOp>() : nn::ConstantOp();
  return cst ? dyn_cast<DenseElementsAttr>(cst.getValue()) : DenseElementsAttr();
}

/// An nn.constant of i64 values with `shape`.
Value i64Constant(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                  ArrayRef<int64_t> values) {
  auto t = RankedTensorType::get(shape, b.getI64Type());
  return nn::ConstantOp::create(b, loc, DenseElementsAttr::get(t, values));
}

/// A splat nn.constant of `type`.
Value splatConstant(OpBuilder &b, Location loc, RankedTensorType type,
                    Attribute value) {
  return nn::ConstantOp::create(b, loc, DenseElementsAttr::get(type, value));
}

/// `value` converted to a scalar attribute of `et` (floats truncate to
/// integers like a C cast).
Attribute scalarAttr(OpBuilder &b, Type et, double value) {
  if (auto ft = dyn_cast<FloatType>(et))
    return b.getFloatAttr(ft, value);
  // Saturating (NaN: 0): the value is a float attribute of the model's.
  int64_t i = std::isnan(value)                ? 0
              : value >= 0x1p63                ? std::numeric_limits<int64_t>::max()
              : value < -0x1p63                ? std::numeric_limits<int64_t>::min()
                                               : static_cast<int64_t>(value);
  return b.getIntegerAttr(et, APInt(et.getIntOrFloatBitWidth(), static_cast<uint64_t>(i),
                                    /*isSigned=*/true, /*implicitTrunc=*/true));
}

/// A 1-element operand (rank 0 or 1) as a rank-0 tensor.
Value toScalarTensor(NodeContext &nc, Value v, StringRef what) {
  auto t = nc.tensorType(v);
  if (t.getRank() == 0)
    return v;
  if (t.getRank() != 1 || t.getDimSize(0) != 1) {
    (void)nc.fail("the " + what + " operand must be a scalar, got " + typeName(t));
    return {};
  }
  auto scalar = RankedTensorType::get({}, t.getElementType());
  return nc.b.createOrFold<nn::ReshapeOp>(nc.loc, scalar, v);
}

Value transposeBy(NodeContext &nc, Value v, ArrayRef<int64_t> perm) {
  std::string err;
  auto shape = nn::inferTransposeShape(nc.tensorType(v).getShape(), perm, err);
  auto t = RankedTensorType::get(*shape, nc.tensorType(v).getElementType());
  return nc.b.createOrFold<nn::TransposeOp>(nc.loc, t, v,
                                            nc.b.getDenseI64ArrayAttr(perm));
}

Value sliceOf(NodeContext &nc, Value v, const nn::SliceParams &p) {
  auto t = RankedTensorType::get(p.sizes, nc.tensorType(v).getElementType());
  return nc.b.createOrFold<nn::SliceOp>(nc.loc, t, v,
                                        nc.b.getDenseI64ArrayAttr(p.offsets),
                                        nc.b.getDenseI64ArrayAttr(p.strides));
}

//===----------------------------------------------------------------------===//
// Transpose, Squeeze, Unsqueeze, DepthToSpace, SpaceToDepth
//===----------------------------------------------------------------------===//

LogicalResult transpose(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x)
    return failure();
  int64_t rank = nc.tensorType(x).getRank();
  SmallVector<int64_t> perm;
  if (auto p = nc.getInts("perm"))
    perm = *p;
  else
    for (int64_t d = rank - 1; d >= 0; --d)
      perm.push_back(d);
  std::string err;
  auto t = resultType(nc, nn::inferTransposeShape(nc.tensorType(x).getShape(), perm, err),
                      err, nc.tensorType(x).getElementType());
  if (!t)
    return failure();
  nc.setOutput(0, nc.b.createOrFold<nn::TransposeOp>(nc.loc, t, x,
                                                     nc.b.getDenseI64ArrayAttr(perm)));
  return success();
}

/// Squeeze/Unsqueeze axes: the attribute before opset 13, input 1 after.
/// A computed axes input (13 on) is returned in `runtime` instead, unless
/// its static length is 0 (no axes).
std::optional<SmallVector<int64_t>> squeezeAxes(NodeContext &nc, bool &failedRead,
                                                Value &runtime) {
  failedRead = false;
  if (nc.version < 13)
    return nc.getInts("axes");
  if (!nc.hasInput(1))
    return std::nullopt;
  Value v = nc.input(1);
  if (!v) {
    failedRead = true;
    return std::nullopt;
  }
  auto axes = nc.constantInts(1);
  if (axes)
    return axes;
  auto t = nc.tensorType(v);
  if (t.getRank() == 1 && t.getDimSize(0) == 0)
    return SmallVector<int64_t>();
  runtime = v;
  return std::nullopt;
}

/// Dimension `j` of a result whose entry `j` is one of `x`'s dimensions
/// `lo..hi` (clamped to x's rank), or 1 when `orOne`: static when all of
/// them are the same static size.
int64_t commonDim(RankedTensorType xt, int64_t lo, int64_t hi, bool orOne) {
  std::optional<int64_t> common;
  if (orOne)
    common = 1;
  for (int64_t i = std::max<int64_t>(lo, 0); i <= std::min<int64_t>(hi, xt.getRank() - 1);
       ++i) {
    int64_t d = xt.getDimSize(i);
    if (ShapedType::isDynamic(d) || (common && *common != d))
      return kDyn;
    common = d;
  }
  return common ? *common : kDyn;
}

/// `x` reshaped to the run-time shape `shape` (rank `dims.size()`), or a
/// run-time error unless `valid`. A rank-0 result goes through [1], so
/// that the check has an entry to act on.
Value reshapeChecked(NodeContext &nc, Value x, Value shape, Value valid,
                     ArrayRef<int64_t> dims) {
  auto &b = nc.b;
  Type et = nc.tensorType(x).getElementType();
  if (dims.empty()) {
    Value one = i64Constant(b, nc.loc, {1}, {1});
    Value r = nn::DynamicReshapeOp::create(b, nc.loc, RankedTensorType::get({1}, et), x,
                                           shapeUnlessInvalid(nc, one, valid),
                                           b.getBoolAttr(true));
    return reshapeTo(nc, r, {});
  }
  return nn::DynamicReshapeOp::create(b, nc.loc, RankedTensorType::get(dims, et), x,
                                      shapeUnlessInvalid(nc, shape, valid),
                                      b.getBoolAttr(true));
}

/// Squeeze with axes computed at run time: the kept dimensions, picked at
/// run time; axes out of range, repeated or naming a dimension other than
/// 1 are a run-time error.
LogicalResult squeezeRuntime(NodeContext &nc, Value x, Value axesValue) {
  auto xt = nc.tensorType(x);
  int64_t rank = xt.getRank();
  auto axes = runtimeAxes(nc, axesValue, rank);
  if (failed(axes))
    return failure();
  auto &b = nc.b;
  Type i64 = b.getI64Type(), i1 = b.getI1Type();
  Value shape = b.createOrFold<nn::ShapeOp>(nc.loc, RankedTensorType::get({rank}, i64), x,
                                            b.getI64IntegerAttr(0), b.getI64IntegerAttr(rank));
  Value notAxis = b.createOrFold<nn::NotOp>(nc.loc, nc.tensorType(axes->mask), axes->mask);
  // Every squeezed dimension is 1.
  Value unit = buildBinary<nn::EqualOp>(nc, shape, scalarConstant(nc, i64, 1), i1);
  if (!unit)
    return failure();
  Value ok = buildBinary<nn::OrOp>(nc, notAxis, unit);
  if (!ok)
    return failure();
  ok = buildReduce(nc, ok, nn::ReduceKind::Min, {0}, /*keepdims=*/false);
  Value valid = ok ? buildBinary<nn::AndOp>(nc, axes->valid, ok) : Value();
  if (!valid)
    return failure();
  int64_t k = axes->count, outRank = rank - k;
  Value outShape = compressEntries(nc, shape, notAxis, outRank);
  if (!outShape)
    return failure();
  SmallVector<int64_t> dims;
  for (int64_t j = 0; j < outRank; ++j)
    dims.push_back(commonDim(xt, j, j + k, /*orOne=*/false));
  nc.setOutput(0, reshapeChecked(nc, x, outShape, valid, dims));
  return success();
}

/// Unsqueeze with axes computed at run time: result dimension p is 1 when
/// p is an axis, else the next input dimension, picked at run time.
LogicalResult unsqueezeRuntime(NodeContext &nc, Value x, Value axesValue) {
  auto xt = nc.tensorType(x);
  int64_t rank = xt.getRank();
  auto at = nc.tensorType(axesValue);
  if (at.getRank() != 1 || at.isDynamicDim(0))
    return nc.fail("the axes operand must be a 1-D int64 tensor of static length, got " +
                   typeName(at));
  int64_t k = at.getDimSize(0), outRank = rank + k;
  auto axes = runtimeAxes(nc, axesValue, outRank);
  if (failed(axes))
    return failure();
  auto &b = nc.b;
  Type i64 = b.getI64Type(), i1 = b.getI1Type();
  Value notAxis = b.createOrFold<nn::NotOp>(nc.loc, nc.tensorType(axes->mask), axes->mask);
  auto vecType = RankedTensorType::get({outRank}, i64);
  // src[p]: the input dimension result dimension p takes, unless an axis.
  Value src = nn::CumSumOp::create(b, nc.loc, vecType, castTo(nc, notAxis, i64),
                                   b.getI64IntegerAttr(0), b.getBoolAttr(true),
                                   b.getBoolAttr(false));
  Value shape = b.createOrFold<nn::ShapeOp>(nc.loc, RankedTensorType::get({rank}, i64), x,
                                            b.getI64IntegerAttr(0), b.getI64IntegerAttr(rank));
  Value pick = buildBinary<nn::EqualOp>(
      nc, reshapeTo(nc, src, {outRank, 1}),
      i64Constant(b, nc.loc, {1, rank}, llvm::to_vector(llvm::seq<int64_t>(0, rank))), i1);
  if (!pick)
    return failure();
  pick = buildBinary<nn::AndOp>(nc, pick, reshapeTo(nc, notAxis, {outRank, 1}));
  Value picked = pick ? buildWhere(nc, pick, reshapeTo(nc, shape, {1, rank}),
                                   scalarConstant(nc, i64, 0))
                      : Value();
  Value sizes = picked ? buildReduce(nc, picked, nn::ReduceKind::Sum, {1}, false) : Value();
  // Axes contribute a 1.
  Value outShape = sizes ? buildBinary<nn::AddOp>(nc, sizes, castTo(nc, axes->mask, i64))
                         : Value();
  if (!outShape)
    return failure();
  SmallVector<int64_t> dims;
  for (int64_t p = 0; p < outRank; ++p)
    dims.push_back(commonDim(xt, p - k, p, /*orOne=*/true));
  nc.setOutput(0, reshapeChecked(nc, x, outShape, axes->valid, dims));
  return success();
}

LogicalResult squeeze(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x)
    return failure();
  bool bad;
  Value runtime;
  auto axes = squeezeAxes(nc, bad, runtime);
  if (bad)
    return failure();
  if (runtime)
    return squeezeRuntime(nc, x, runtime);
  ArrayRef<int64_t> shape = nc.tensorType(x).getShape();
  int64_t rank = shape.size();
  SmallVector<int64_t> drop;
  if (axes) {
    std::string err;
    auto norm = nn::normalizeAxes(*axes, rank, err);
    if (failed(norm))
      return nc.fail(err);
    for (int64_t a : *norm)
      if (shape[a] != 1 && shape[a] != kDyn)
        return nc.fail("cannot squeeze dimension " + llvm::Twine(a) + " of " +
                       nn::formatShape(shape) + ": its size is not 1");
    drop = *norm;
  } else {
    // Without axes the result's rank depends on which sizes are 1. A
    // dynamic dimension is kept, as if its size were not 1, and checked at
    // run time: a size of 1 there stops the model instead of giving a
    // result of the wrong rank.
    for (int64_t d = 0; d < rank; ++d) {
      if (shape[d] == 1)
        drop.push_back(d);
      if (shape[d] != kDyn)
        continue;
      Value size = dimScalar(nc, x, d);
      Value one = scalarConstant(nc, nc.b.getI64Type(), 1.0);
      Value isOne = buildBinary<nn::EqualOp>(nc, size, one, nc.b.getI1Type());
      if (!isOne)
        return failure();
      Value notOne = nn::NotOp::create(nc.b, nc.loc, nc.tensorType(isOne), isOne);
      checkAtRunTime(nc, notOne,
                     "Squeeze without axes: dimension " + llvm::Twine(d) + " of the input (" +
                         nn::formatShape(shape) +
                         ") is 1 at run time, but its size was unknown at compile "
                         "time and the compiled model keeps it; give the axes or pin "
                         "the size with --shape");
    }
  }
  SmallVector<int64_t> out, sources;
  for (int64_t d = 0; d < rank; ++d)
    if (!llvm::is_contained(drop, d)) {
      out.push_back(shape[d]);
      sources.push_back(d);
    }
  nc.setOutput(0, reshapeTo(nc, x, out, sources));
  return success();
}

LogicalResult unsqueeze(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x)
    return failure();
  bool bad;
  Value runtime;
  auto axes = squeezeAxes(nc, bad, runtime);
  if (bad)
    return failure();
  if (runtime)
    return unsqueezeRuntime(nc, x, runtime);
  if (!axes)
    return nc.fail(nc.version < 13 ? "missing required attribute 'axes'"
                                   : "missing required input 1 (axes)");
  ArrayRef<int64_t> shape = nc.tensorType(x).getShape();
  int64_t outRank = shape.size() + axes->size();
  std::string err;
  auto norm = nn::normalizeAxes(*axes, outRank, err);
  if (failed(norm))
    return nc.fail(err);
  SmallVector<int64_t> out, sources;
  int64_t next = 0;
  for (int64_t d = 0; d < outRank; ++d) {
    bool inserted = llvm::is_contained(*norm, d);
    sources.push_back(inserted ? -1 : next);
    out.push_back(inserted ? 1 : shape[next++]);
  }
  nc.setOutput(0, reshapeTo(nc, x, out, sources));
  return success();
}

/// `v` reshaped to the sizes `entries` describe (read from the input at run
/// time where dynamic): nn.dynamic_reshape.
Value reshapeToEntries(NodeContext &nc, Value v, ArrayRef<DimSource> entries) {
  SmallVector<int64_t> shape;
  for (const DimSource &e : entries) {
    int64_t d = e.of ? nc.tensorType(e.of).getDimSize(e.dim) : e.value;
    shape.push_back(!e.of ? d : ShapedType::isDynamic(d) ? kDyn : d * e.mul / e.div);
  }
  // Static entries need no run-time read.
  SmallVector<DimSource> resolved(entries);
  for (auto [e, d] : llvm::zip(resolved, shape))
    if (!ShapedType::isDynamic(d))
      e = DimSource{d, Value(), 0};
  Value vec = buildShapeVector(nc, resolved);
  auto t = RankedTensorType::get(shape, nc.tensorType(v).getElementType());
  Value r = nn::DynamicReshapeOp::create(nc.b, nc.loc, t, v, vec, nc.b.getBoolAttr(true));
  if (auto e = nc.shapes.elements(vec))
    nc.shapes.setDims(r, *e);
  return r;
}

/// DepthToSpace / SpaceToDepth with dynamic dimensions: the same reshape,
/// transpose, reshape, the sizes computed from the input's at run time (the
/// element count check of the first reshape catches sizes that do not
/// divide).
template <bool ToSpace>
LogicalResult depthSpaceDynamic(NodeContext &nc, Value x, int64_t b) {
  auto t = nc.tensorType(x);
  auto dim = [&](int64_t i, int64_t mul = 1, int64_t div = 1) {
    return DimSource{0, x, i, mul, div};
  };
  auto cst = [](int64_t v) { return DimSource{v, Value(), 0}; };
  int64_t c = t.getDimSize(1), h = t.getDimSize(2), w = t.getDimSize(3);
  Value r;
  if constexpr (ToSpace) {
    if (!ShapedType::isDynamic(c) && c % (b * b) != 0)
      return nc.fail("channels (" + llvm::Twine(c) + ") are not a multiple of blocksize^2 (" +
                     llvm::Twine(b * b) + ")");
    std::string mode = nc.getString("mode", "DCR");
    if (mode != "DCR" && mode != "CRD")
      return nc.fail("mode '" + mode + "' is not DCR or CRD");
    DimSource c2 = dim(1, 1, b * b);
    if (mode == "DCR")
      r = transposeBy(nc, reshapeToEntries(nc, x, {dim(0), cst(b), cst(b), c2, dim(2), dim(3)}),
                      {0, 3, 4, 1, 5, 2});
    else
      r = transposeBy(nc, reshapeToEntries(nc, x, {dim(0), c2, cst(b), cst(b), dim(2), dim(3)}),
                      {0, 1, 4, 2, 5, 3});
    r = reshapeToEntries(nc, r, {dim(0), c2, dim(2, b), dim(3, b)});
  } else {
    if ((!ShapedType::isDynamic(h) && h % b != 0) || (!ShapedType::isDynamic(w) && w % b != 0))
      return nc.fail("height and width (" + llvm::Twine(h) + ", " + llvm::Twine(w) +
                     ") are not multiples of blocksize " + llvm::Twine(b));
    r = transposeBy(nc,
                    reshapeToEntries(nc, x, {dim(0), dim(1), dim(2, 1, b), cst(b), dim(3, 1, b),
                                             cst(b)}),
                    {0, 3, 5, 1, 2, 4});
    r = reshapeToEntries(nc, r, {dim(0), dim(1, b * b), dim(2, 1, b), dim(3, 1, b)});
  }
  nc.setOutput(0, r);
  return success();
}

/// DepthToSpace / SpaceToDepth as reshape, transpose, reshape.
template <bool ToSpace>
LogicalResult depthSpace(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x)
    return failure();
  auto t = nc.tensorType(x);
  if (t.getRank() != 4)
    return nc.fail("input must have rank 4 (NCHW), got " + nn::formatShape(t.getShape()));
  auto blockAttr = nc.attr("blocksize", onnx::AttributeProto::INT);
  if (!blockAttr)
    return nc.fail("missing required attribute 'blocksize'");
  int64_t b = blockAttr->i();
  if (b <= 0)
    return nc.fail("blocksize must be positive, got " + llvm::Twine(b));
  // Every size times blocksize^2 stays far inside 64 bits.
  for (int64_t d : t.getShape())
    if (b > (int64_t(1) << 31) ||
        static_cast<__int128>(b) * b * std::max<int64_t>(d, 1) > (int64_t(1) << 62))
      return nc.fail("blocksize " + llvm::Twine(b) + " is too large for input " +
                     nn::formatShape(t.getShape()));
  if (!t.hasStaticShape())
    return depthSpaceDynamic<ToSpace>(nc, x, b);
  int64_t n = t.getDimSize(0), c = t.getDimSize(1), h = t.getDimSize(2),
          w = t.getDimSize(3);
  Value r;
  if constexpr (ToSpace) {
    if (c % (b * b) != 0)
      return nc.fail("channels (" + llvm::Twine(c) + ") are not a multiple of blocksize^2 (" +
                     llvm::Twine(b * b) + ")");
    std::string mode = nc.getString("mode", "DCR");
    if (mode != "DCR" && mode != "CRD")
      return nc.fail("mode '" + mode + "' is not DCR or CRD");
    int64_t c2 = c / (b * b);
    if (mode == "DCR")
      r = transposeBy(nc, reshapeTo(nc, x, {n, b, b, c2, h, w}), {0, 3, 4, 1, 5, 2});
    else
      r = transposeBy(nc, reshapeTo(nc, x, {n, c2, b, b, h, w}), {0, 1, 4, 2, 5, 3});
    r = reshapeTo(nc, r, {n, c2, h * b, w * b});
  } else {
    if (h % b != 0 || w % b != 0)
      return nc.fail("height and width (" + llvm::Twine(h) + ", " + llvm::Twine(w) +
                     ") are not multiples of blocksize " + llvm::Twine(b));
    r = transposeBy(nc, reshapeTo(nc, x, {n, c, h / b, b, w / b, b}), {0, 3, 5, 1, 2, 4});
    r = reshapeTo(nc, r, {n, c * b * b, h / b, w / b});
  }
  nc.setOutput(0, r);
  return success();
}

//===----------------------------------------------------------------------===//
// Concat, Slice, Split
//===----------------------------------------------------------------------===//

LogicalResult concat(NodeContext &nc) {
  if (!nc.attr("axis") && nc.version >= 4)
    return nc.fail("missing required attribute 'axis'");
  int64_t axis = nc.getInt("axis", 1);
  SmallVector<Value> inputs;
  SmallVector<ArrayRef<int64_t>> shapes;
  for (int i = 0; i < nc.numInputs(); ++i) {
    Value v = nc.input(i);
    if (!v)
      return failure();
    if (nc.tensorType(v).getElementType() != nc.tensorType(inputs.empty() ? v : inputs[0])
                                                 .getElementType())
      return nc.fail("operands have different element types");
    inputs.push_back(v);
    shapes.push_back(nc.tensorType(v).getShape());
  }
  if (inputs.empty())
    return nc.fail("needs at least one input");
  std::string err;
  auto t = resultType(nc, nn::inferConcatShape(shapes, axis, err), err,
                      nc.tensorType(inputs[0]).getElementType());
  if (!t)
    return failure();
  nc.setOutput(0, nc.b.createOrFold<nn::ConcatOp>(nc.loc, t, inputs,
                                                  nc.b.getI64IntegerAttr(axis)));
  return success();
}

/// Slice with starts and ends computed at run time, or slicing a dynamic
/// dimension: nn.dynamic_slice (axes and steps must be constants).
LogicalResult dynamicSlice(NodeContext &nc, Value x, Value starts, Value ends,
                           std::optional<SmallVector<int64_t>> axesGiven,
                           std::optional<SmallVector<int64_t>> stepsGiven) {
  auto xt = nc.tensorType(x);
  int64_t rank = xt.getRank();
  for (auto [v, what] : {std::pair(starts, "starts"), std::pair(ends, "ends")}) {
    auto t = nc.tensorType(v);
    if (t.getRank() != 1 || t.isDynamicDim(0) ||
        (!t.getElementType().isInteger(64) && !t.getElementType().isInteger(32)))
      return nc.fail(llvm::Twine("the ") + what +
                     " operand must be a 1-D int32 or int64 tensor of static length, got " +
                     typeName(t));
  }
  int64_t n = nc.tensorType(starts).getDimSize(0);
  if (nc.tensorType(ends).getDimSize(0) != n)
    return nc.fail("starts and ends must have the same length; got " + llvm::Twine(n) +
                   " and " + llvm::Twine(nc.tensorType(ends).getDimSize(0)));
  if (n > rank) // each names a different axis
    return nc.fail("starts and ends have " + llvm::Twine(n) +
                   " entries, more than the input's rank " + llvm::Twine(rank));
  SmallVector<int64_t> axes =
      axesGiven ? *axesGiven : llvm::to_vector(llvm::seq<int64_t>(0, n));
  SmallVector<int64_t> steps = stepsGiven ? *stepsGiven : SmallVector<int64_t>(n, 1);
  if (static_cast<int64_t>(axes.size()) != n || static_cast<int64_t>(steps.size()) != n)
    return nc.fail("starts, ends, axes and steps must have the same length; got " +
                   llvm::Twine(n) + ", " + llvm::Twine(n) + ", " + llvm::Twine(axes.size()) +
                   ", " + llvm::Twine(steps.size()));
  std::string err;
  auto norm = nn::normalizeAxes(axes, rank, err);
  if (failed(norm))
    return nc.fail(err);
  for (auto [a, step] : llvm::zip(*norm, steps))
    if (step == 0)
      return nc.fail("step is 0 for axis " + llvm::Twine(a));
  starts = asI64(nc, starts);
  ends = asI64(nc, ends);
  // What is known about the result: kept dimensions, and sliced ones whose
  // start, end and size are constants.
  SymbolicShapes &ss = nc.shapes;
  SymVector dims = ss.dims(x);
  auto startElems = ss.elements(starts), endElems = ss.elements(ends);
  for (auto [k, a] : llvm::enumerate(*norm)) {
    int64_t step = steps[k];
    std::optional<SymExpr> b = startElems ? std::optional((*startElems)[k]) : std::nullopt;
    std::optional<SymExpr> e = endElems ? std::optional((*endElems)[k]) : std::nullopt;
    SymExpr d = dims[a];
    if (b && e && b->isConstant() && e->isConstant() && d.isConstant()) {
      dims[a] = SymExpr::constant(nn::resolveSliceDim(d.coeff, b->coeff, e->coeff, step).second);
    } else if (step == 1 && b && *b == SymExpr::constant(0) && e &&
               ((e->isConstant() && e->coeff >= std::numeric_limits<int32_t>::max()) ||
                *e == d)) {
      // The whole dimension.
    } else {
      SmallVector<SymExpr> args = {d, SymExpr::constant(step)};
      args.push_back(b ? *b : ss.fresh(false));
      args.push_back(e ? *e : ss.fresh(false));
      dims[a] = ss.opaque("slice", args, true);
    }
  }
  auto t = RankedTensorType::get(SymbolicShapes::staticShape(dims), xt.getElementType());
  Value r = nn::DynamicSliceOp::create(nc.b, nc.loc, t, x, starts, ends,
                                       nc.b.getDenseI64ArrayAttr(*norm),
                                       nc.b.getDenseI64ArrayAttr(steps));
  ss.setDims(r, dims);
  nc.setOutput(0, r);
  return success();
}

/// A 1-D int32/int64 tensor of static length `n` (when n >= 0), or a
/// recorded error naming the operand.
LogicalResult checkIndexVector(NodeContext &nc, Value v, StringRef what, int64_t n = -1) {
  auto t = nc.tensorType(v);
  if (t.getRank() != 1 || t.isDynamicDim(0) ||
      (!t.getElementType().isInteger(64) && !t.getElementType().isInteger(32)))
    return nc.fail("the " + what +
                   " operand must be a 1-D int32 or int64 tensor of static length, got " +
                   typeName(t));
  if (n >= 0 && t.getDimSize(0) != n)
    return nc.fail("the " + what + " operand has " + llvm::Twine(t.getDimSize(0)) +
                   " entries, but starts has " + llvm::Twine(n));
  return success();
}

/// `v` (1-D, one entry per axis) spread over the `rank` dimensions by the
/// run-time axes: entry d is v[i] where axis i is d, else `dflt`.
Value spreadOverDims(NodeContext &nc, const RuntimeAxes &axes, Value v, int64_t dflt) {
  Type i64 = nc.b.getI64Type();
  int64_t k = axes.count;
  Value picked = buildWhere(nc, axes.hits, reshapeTo(nc, v, {k, 1}),
                            scalarConstant(nc, i64, 0));
  Value sum = picked ? buildReduce(nc, picked, nn::ReduceKind::Sum, {0}, false) : Value();
  return sum ? buildWhere(nc, axes.mask, sum, i64Tensor(nc, {}, {dflt})) : Value();
}

/// `min(max(v, lo), hi)` elementwise.
Value clampBetween(NodeContext &nc, Value v, Value lo, Value hi) {
  Value m = buildBinary<nn::MaxOp>(nc, v, lo);
  return m ? buildBinary<nn::MinOp>(nc, m, hi) : Value();
}

/// Slice 10+ with axes or steps computed at run time: per dimension, the
/// start, end and step (0, its size, 1 where no axis names it) clamped as
/// ONNX says, nn.dynamic_range of the indices read, and an nn.gather.
/// Axes out of range or repeated, and a step of 0, fail the range at run
/// time.
LogicalResult sliceRuntimeAxes(NodeContext &nc, Value x) {
  Value starts = nc.input(1), ends = nc.input(2);
  if (!starts || !ends || failed(checkIndexVector(nc, starts, "starts")))
    return failure();
  auto xt = nc.tensorType(x);
  int64_t rank = xt.getRank(), n = nc.tensorType(starts).getDimSize(0);
  if (failed(checkIndexVector(nc, ends, "ends", n)))
    return failure();
  if (n > rank)
    return nc.fail("starts and ends have " + llvm::Twine(n) +
                   " entries, more than the input's rank " + llvm::Twine(rank));
  auto &b = nc.b;
  Type i64 = b.getI64Type(), i1 = b.getI1Type();
  Value axesV = nc.hasInput(3) ? nc.input(3)
                               : i64Tensor(nc, {n}, llvm::to_vector(llvm::seq<int64_t>(0, n)));
  Value stepsV = nc.hasInput(4) ? nc.input(4) : i64Tensor(nc, {n}, SmallVector<int64_t>(n, 1));
  if (!axesV || !stepsV || failed(checkIndexVector(nc, axesV, "axes", n)) ||
      failed(checkIndexVector(nc, stepsV, "steps", n)))
    return failure();
  auto axes = runtimeAxes(nc, axesV, rank);
  if (failed(axes))
    return failure();
  Value start = spreadOverDims(nc, *axes, asI64(nc, starts), 0);
  Value end = spreadOverDims(nc, *axes, asI64(nc, ends), std::numeric_limits<int64_t>::max());
  Value step = spreadOverDims(nc, *axes, asI64(nc, stepsV), 1);
  if (!start || !end || !step)
    return failure();
  Value zero = scalarConstant(nc, i64, 0), one = scalarConstant(nc, i64, 1);
  step = buildWhere(nc, axes->valid, step, zero);
  Value dim = b.createOrFold<nn::ShapeOp>(nc.loc, RankedTensorType::get({rank}, i64), x,
                                          b.getI64IntegerAttr(0), b.getI64IntegerAttr(rank));
  // Negative starts and ends count from the back; then clamp into
  // [0, dim] (positive step) or [0, dim-1] and [-1, dim-1] (negative).
  auto fromBack = [&](Value v) -> Value {
    Value neg = buildBinary<nn::LessOp>(nc, v, zero, i1);
    Value plus = buildBinary<nn::AddOp>(nc, v, dim);
    return neg && plus ? buildWhere(nc, neg, plus, v) : Value();
  };
  Value forward = step ? buildBinary<nn::GreaterOp>(nc, step, zero, i1) : Value();
  Value dimMinusOne = buildBinary<nn::SubOp>(nc, dim, one);
  if (!forward || !dimMinusOne)
    return failure();
  Value hiBound = buildWhere(nc, forward, dim, dimMinusOne);
  Value endLo = buildWhere(nc, forward, zero, scalarConstant(nc, i64, -1));
  start = fromBack(start);
  end = fromBack(end);
  start = start ? clampBetween(nc, start, zero, hiBound) : Value();
  end = end ? clampBetween(nc, end, endLo, hiBound) : Value();
  if (!start || !end)
    return failure();
  Value y = x;
  for (int64_t d = 0; d < rank; ++d) {
    auto idxType = RankedTensorType::get({ShapedType::kDynamic}, i64);
    Value idx = nn::DynamicRangeOp::create(b, nc.loc, idxType, vectorEntry(nc, start, d),
                                           vectorEntry(nc, end, d), vectorEntry(nc, step, d));
    SmallVector<int64_t> shape(nc.tensorType(y).getShape());
    shape[d] = ShapedType::kDynamic;
    y = nn::GatherOp::create(b, nc.loc, RankedTensorType::get(shape, xt.getElementType()), y,
                             idx, b.getI64IntegerAttr(d));
  }
  nc.setOutput(0, y);
  return success();
}

/// dynamicSlice of Slice 10+'s operands (axes and steps constants).
LogicalResult dynamicSlice(NodeContext &nc, Value x) {
  Value starts = nc.input(1), ends = nc.input(2);
  if (!starts || !ends)
    return failure();
  if ((nc.hasInput(3) && nc.input(3) && !nc.constantInts(3)) ||
      (nc.hasInput(4) && nc.input(4) && !nc.constantInts(4)))
    return sliceRuntimeAxes(nc, x);
  std::optional<SmallVector<int64_t>> axes, steps;
  if (nc.hasInput(3) && !(axes = requireConstantInts(nc, 3, "axes")))
    return failure();
  if (nc.hasInput(4) && !(steps = requireConstantInts(nc, 4, "steps")))
    return failure();
  return dynamicSlice(nc, x, starts, ends, axes, steps);
}

LogicalResult slice(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x)
    return failure();
  std::optional<SmallVector<int64_t>> starts, ends, axes, steps;
  if (nc.version < 10) {
    starts = nc.getInts("starts");
    ends = nc.getInts("ends");
    if (!starts || !ends)
      return nc.fail("missing required attribute 'starts' or 'ends'");
    axes = nc.getInts("axes");
  } else {
    if (!nc.input(1) || !nc.input(2))
      return failure();
    starts = nc.constantInts(1);
    ends = nc.constantInts(2);
    if (!starts || !ends)
      return dynamicSlice(nc, x);
    if ((nc.hasInput(3) && nc.input(3) && !nc.constantInts(3)) ||
        (nc.hasInput(4) && nc.input(4) && !nc.constantInts(4)))
      return sliceRuntimeAxes(nc, x);
    if (nc.hasInput(3) && !(axes = requireConstantInts(nc, 3, "axes")))
      return failure();
    if (nc.hasInput(4) && !(steps = requireConstantInts(nc, 4, "steps")))
      return failure();
  }
  std::optional<ArrayRef<int64_t>> axesRef, stepsRef;
  if (axes)
    axesRef = *axes;
  if (steps)
    stepsRef = *steps;
  std::string err;
  auto p = nn::resolveOnnxSlice(nc.tensorType(x).getShape(), *starts, *ends, axesRef,
                                stepsRef, err);
  if (failed(p)) {
    // Slicing a dynamic dimension needs the run-time size.
    if (!nc.tensorType(x).hasStaticShape() && StringRef(err).contains("dynamic dimension")) {
      if (nc.version >= 10)
        return dynamicSlice(nc, x);
      int64_t n = static_cast<int64_t>(starts->size());
      return dynamicSlice(nc, x, i64Constant(nc.b, nc.loc, {n}, *starts),
                          i64Constant(nc.b, nc.loc, {static_cast<int64_t>(ends->size())}, *ends),
                          axes, std::nullopt);
    }
    return nc.fail(err);
  }
  nc.setOutput(0, sliceOf(nc, x, *p));
  return success();
}

/// Split's sizes for a node with `n` outputs: the split input (versions 1
/// and 13 on, a constant) or attribute (before 13), or none for equal
/// parts, which from version 18 on num_outputs must then count. Sizes
/// given with num_outputs, or a count other than `n`, are errors.
FailureOr<std::optional<SmallVector<int64_t>>> readSplitSizes(NodeContext &nc, int64_t n) {
  std::optional<SmallVector<int64_t>> sizes;
  if ((nc.version == 1 || nc.version >= 13) && nc.hasInput(1)) {
    if (!(sizes = requireConstantInts(nc, 1, "split")))
      return failure();
  } else if (nc.version < 13) {
    sizes = nc.getInts("split");
  }
  if (sizes && nc.attr("num_outputs"))
    return nc.fail("both split sizes and num_outputs are given");
  if (sizes && static_cast<int64_t>(sizes->size()) != n)
    return nc.fail("split has " + llvm::Twine(sizes->size()) + " sizes but the node has " +
                   llvm::Twine(n) + " outputs");
  if (!sizes && nc.version >= 18) {
    if (!nc.attr("num_outputs"))
      return nc.fail("either the split input or the num_outputs attribute is required");
    if (nc.getInt("num_outputs", 0) != n)
      return nc.fail("num_outputs is " + llvm::Twine(nc.getInt("num_outputs", 0)) +
                     " but the node has " + llvm::Twine(n) + " outputs");
  }
  return sizes;
}

/// Split along a dynamic dimension: one nn.dynamic_slice per output, with
/// constant bounds for constant split sizes, else bounds computed from the
/// run-time size (equal parts; with num_outputs the last may be smaller).
LogicalResult splitDynamic(NodeContext &nc, Value x, int64_t axis, int64_t n) {
  auto &b = nc.b;
  SymbolicShapes &ss = nc.shapes;
  auto xt = nc.tensorType(x);
  auto read = readSplitSizes(nc, n);
  if (failed(read))
    return failure();
  std::optional<SmallVector<int64_t>> sizes = *read;
  auto vecType = RankedTensorType::get({1}, b.getI64Type());
  auto vec = [&](int64_t v) { return i64Constant(b, nc.loc, {1}, {v}); };
  SymExpr d = ss.dims(x)[axis];
  // Equal parts: chunk = dim / n, or ceil(dim / n) with num_outputs.
  Value chunk;
  SymExpr chunkSym;
  if (!sizes) {
    Value size = nn::ShapeOp::create(b, nc.loc, x, b.getI64IntegerAttr(axis),
                                     b.getI64IntegerAttr(axis + 1));
    if (nc.version >= 18) {
      size = nn::AddOp::create(b, nc.loc, vecType, size, vec(n - 1));
      chunkSym = ss.opaque("ceildiv", {d, SymExpr::constant(n)}, true);
    } else {
      chunkSym = ss.div(d, SymExpr::constant(n));
    }
    chunk = nn::DivOp::create(b, nc.loc, vecType, size, vec(n));
  }
  if (sizes && failed(splitTotal(nc, *sizes)))
    return failure();
  int64_t at = 0;
  for (int64_t i = 0; i < n; ++i) {
    Value start, end;
    SymVector dims = ss.dims(x);
    bool last = i == n - 1;
    if (sizes) {
      start = vec(at);
      at += (*sizes)[i]; // at most the total, checked above
      // The last part runs to the end, so a total that differs from the
      // run-time size fails the size check.
      end = vec(last ? std::numeric_limits<int64_t>::max() : at);
      dims[axis] = SymExpr::constant((*sizes)[i]);
    } else {
      start = i == 0 ? vec(0) : nc.b.createOrFold<nn::MulOp>(nc.loc, vecType, chunk, vec(i));
      end = last ? vec(std::numeric_limits<int64_t>::max())
                 : nc.b.createOrFold<nn::MulOp>(nc.loc, vecType, chunk, vec(i + 1));
      dims[axis] = nc.version >= 18 && last ? ss.opaque("split_last", {d, SymExpr::constant(n)}, true)
                                            : chunkSym;
    }
    auto t = RankedTensorType::get(SymbolicShapes::staticShape(dims), xt.getElementType());
    Value r = nn::DynamicSliceOp::create(b, nc.loc, t, x, start, end,
                                         b.getDenseI64ArrayAttr({axis}),
                                         b.getDenseI64ArrayAttr({1}));
    ss.setDims(r, dims);
    nc.setOutput(i, r);
  }
  return success();
}

/// Split by sizes known only at run time (a 1-D input of static length
/// `n`): part i runs from the sum of the sizes before it. The input goes
/// through a reshape to its own shape with the sizes' total on `axis`, so
/// sizes that do not add up to the dimension fail that reshape's
/// element-count check at run time.
LogicalResult splitRuntimeSizes(NodeContext &nc, Value x, int64_t axis, int64_t n) {
  auto &b = nc.b;
  Value split = nc.input(1);
  if (!split)
    return failure();
  auto st = nc.tensorType(split);
  if (st.getRank() != 1 || !isa<IntegerType>(st.getElementType()))
    return nc.fail("split must be a 1-D integer tensor, got " + typeName(st));
  if (st.getDimSize(0) != n)
    return nc.fail("split has " +
                   (ShapedType::isDynamic(st.getDimSize(0)) ? std::string("a dynamic number of")
                                                            : std::to_string(st.getDimSize(0))) +
                   " sizes but the node has " + std::to_string(n) + " outputs");
  if (nc.attr("num_outputs"))
    return nc.fail("both split sizes and num_outputs are given");
  auto xt = nc.tensorType(x);
  int64_t rank = xt.getRank();
  auto vecType = RankedTensorType::get({1}, b.getI64Type());
  Value sizes = asI64(nc, split);
  SmallVector<Value> parts;
  for (int64_t i = 0; i < n; ++i)
    parts.push_back(b.createOrFold<nn::SliceOp>(nc.loc, vecType, sizes,
                                                b.getDenseI64ArrayAttr({i}),
                                                b.getDenseI64ArrayAttr({1})));
  Value total = parts[0];
  for (int64_t i = 1; i < n; ++i)
    total = nn::AddOp::create(b, nc.loc, vecType, total, parts[i]);
  SmallVector<Value> shapeParts;
  auto dimsOf = [&](int64_t start, int64_t end) {
    return nn::ShapeOp::create(b, nc.loc, RankedTensorType::get({end - start}, b.getI64Type()),
                               x, b.getI64IntegerAttr(start), b.getI64IntegerAttr(end))
        .getResult();
  };
  if (axis > 0)
    shapeParts.push_back(dimsOf(0, axis));
  shapeParts.push_back(total);
  if (axis + 1 < rank)
    shapeParts.push_back(dimsOf(axis + 1, rank));
  Value shape = shapeParts.size() == 1
                    ? total
                    : nn::ConcatOp::create(b, nc.loc,
                                           RankedTensorType::get({rank}, b.getI64Type()),
                                           shapeParts, b.getI64IntegerAttr(0))
                          .getResult();
  Value checked = nn::DynamicReshapeOp::create(b, nc.loc, xt, x, shape, b.getBoolAttr(true));
  SmallVector<int64_t> partShape(xt.getShape());
  partShape[axis] = kDyn;
  auto partType = RankedTensorType::get(partShape, xt.getElementType());
  Value start = i64Constant(b, nc.loc, {1}, {0});
  for (int64_t i = 0; i < n; ++i) {
    Value end = nn::AddOp::create(b, nc.loc, vecType, start, parts[i]);
    nc.setOutput(i, nn::DynamicSliceOp::create(b, nc.loc, partType, checked, start, end,
                                               b.getDenseI64ArrayAttr({axis}),
                                               b.getDenseI64ArrayAttr({1})));
    start = end;
  }
  return success();
}

LogicalResult split(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x)
    return failure();
  ArrayRef<int64_t> shape = nc.tensorType(x).getShape();
  std::string err;
  auto axis = nn::normalizeAxis(nc.getInt("axis", 0), shape.size(), err);
  if (failed(axis))
    return nc.fail(err);
  int64_t dim = shape[*axis];
  int64_t n = nc.node.output_size();
  if (n == 0)
    return nc.fail("the node has no outputs");
  if ((nc.version == 1 || nc.version >= 13) && nc.hasInput(1) && !nc.constantInts(1))
    return splitRuntimeSizes(nc, x, *axis, n);
  if (dim == kDyn)
    return splitDynamic(nc, x, *axis, n);
  auto read = readSplitSizes(nc, n);
  if (failed(read))
    return failure();
  std::optional<SmallVector<int64_t>> sizes = *read;
  if (!sizes) {
    SmallVector<int64_t> even;
    if (nc.version >= 18) {
      int64_t k = n;
      int64_t chunk = (dim + k - 1) / k;
      for (int64_t i = 0; i < k; ++i)
        even.push_back(std::clamp<int64_t>(dim - i * chunk, 0, chunk));
    } else {
      if (dim % n != 0)
        return nc.fail("dimension " + llvm::Twine(*axis) + " of size " + llvm::Twine(dim) +
                       " does not split into " + llvm::Twine(n) + " equal parts");
      even.assign(n, dim / n);
    }
    sizes = even;
  }
  auto checked = splitTotal(nc, *sizes);
  if (failed(checked))
    return failure();
  int64_t total = *checked;
  if (total != dim)
    return nc.fail("split sizes " + nn::formatShape(*sizes) + " add up to " +
                   llvm::Twine(total) + ", not to the size " + llvm::Twine(dim) +
                   " of dimension " + llvm::Twine(*axis));
  int64_t at = 0;
  for (int64_t i = 0; i < n; ++i) {
    nn::SliceParams p;
    p.offsets.assign(shape.size(), 0);
    p.strides.assign(shape.size(), 1);
    p.sizes.assign(shape.begin(), shape.end());
    p.offsets[*axis] = (*sizes)[i] > 0 ? at : 0;
    p.sizes[*axis] = (*sizes)[i];
    nc.setOutput(i, sliceOf(nc, x, p));
    at += (*sizes)[i];
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Gather, GatherElements
//===----------------------------------------------------------------------===//

/// Checks the indices' element type and, when they are constant, their range.
LogicalResult checkIndices(NodeContext &nc, Value indices, int64_t dim) {
  Type et = nc.tensorType(indices).getElementType();
  if (!et.isInteger(32) && !et.isInteger(64))
    return nc.fail("indices must be int32 or int64, got " + typeName(et));
  if (dim == kDyn)
    return success();
  if (auto c = constantAttr(indices))
    for (const APInt &v : c.getValues<APInt>()) {
      int64_t i = v.getSExtValue();
      if (i < -dim || i >= dim)
        return nc.fail("index " + llvm::Twine(i) + " is out of range for a dimension of size " +
                       llvm::Twine(dim));
    }
  return success();
}

template <typename OpTy>
LogicalResult gather(NodeContext &nc) {
  constexpr bool elements = std::is_same_v<OpTy, nn::GatherElementsOp>;
  Value data = nc.input(0), indices = nc.input(1);
  if (!data || !indices)
    return failure();
  int64_t axis = nc.getInt("axis", 0);
  auto dt = nc.tensorType(data);
  std::string err;
  auto shape = elements ? nn::inferGatherElementsShape(
                              dt.getShape(), nc.tensorType(indices).getShape(), axis, err)
                        : nn::inferGatherShape(dt.getShape(),
                                               nc.tensorType(indices).getShape(), axis, err);
  auto t = resultType(nc, shape, err, dt.getElementType());
  if (!t)
    return failure();
  int64_t a = axis < 0 ? axis + dt.getRank() : axis;
  if (failed(checkIndices(nc, indices, dt.getDimSize(a))))
    return failure();
  nc.setOutput(0, nc.b.createOrFold<OpTy>(nc.loc, t, data, indices,
                                          nc.b.getI64IntegerAttr(axis)));
  return success();
}

//===----------------------------------------------------------------------===//
// Expand, Tile, Pad
//===----------------------------------------------------------------------===//

Value expandTo(NodeContext &nc, Value v, ArrayRef<int64_t> shape) {
  auto t = RankedTensorType::get(shape, nc.tensorType(v).getElementType());
  if (t == v.getType())
    return v;
  return nc.b.createOrFold<nn::ExpandOp>(nc.loc, t, v);
}

/// Expand to a shape computed at run time: nn.dynamic_expand, its result
/// dimensions the broadcast of what is known on both sides.
LogicalResult dynamicExpand(NodeContext &nc, Value x) {
  auto entries = shapeOperandEntries(nc, 1, "shape");
  if (!entries)
    return failure();
  SymbolicShapes &ss = nc.shapes;
  SymVector in = ss.dims(x);
  int64_t n = in.size(), k = entries->size(), rank = std::max(n, k);
  SymVector dims;
  for (int64_t j = 0; j < rank; ++j) {
    int64_t ei = j - (rank - k), ii = j - (rank - n);
    if (ei < 0) {
      dims.push_back(in[ii]);
      continue;
    }
    SymExpr e = (*entries)[ei];
    if (e.isConstant() && e.coeff < 0)
      return nc.fail("shape entry " + llvm::Twine(ei) + " is " + llvm::Twine(e.coeff));
    if (ii < 0 || in[ii] == SymExpr::constant(1)) {
      dims.push_back(e);
      continue;
    }
    SymExpr d = in[ii];
    if (e == SymExpr::constant(1) || e == d) {
      dims.push_back(d);
    } else if (d.isConstant() && e.isConstant()) {
      return nc.fail("cannot expand " + nn::formatShape(nc.tensorType(x).getShape()) +
                     ": dimension " + llvm::Twine(ii) + " is " + llvm::Twine(d.coeff) +
                     " and shape entry " + llvm::Twine(ei) + " is " + llvm::Twine(e.coeff));
    } else if (d.isConstant()) {
      dims.push_back(d); // the entry must be 1 or d
    } else if (e.isConstant()) {
      dims.push_back(e); // the dimension must be 1 or e
    } else {
      dims.push_back(ss.opaque("max", {d, e}, true));
    }
  }
  auto t = RankedTensorType::get(SymbolicShapes::staticShape(dims),
                                 nc.tensorType(x).getElementType());
  Value r = nn::DynamicExpandOp::create(nc.b, nc.loc, t, x, nc.input(1));
  ss.setDims(r, dims);
  nc.setOutput(0, r);
  return success();
}

LogicalResult expand(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x || !nc.input(1))
    return failure();
  auto shape = nc.constantInts(1);
  if (!shape)
    return dynamicExpand(nc, x);
  std::string err;
  auto out = nn::inferExpandShape(nc.tensorType(x).getShape(), *shape, err);
  if (failed(out))
    return nc.fail(err);
  nc.setOutput(0, expandTo(nc, x, *out));
  return success();
}

/// Tile with run-time repeats or dynamic dimensions: x reshaped to
/// [1, d0, 1, d1, ...], expanded to [r0, d0, r1, d1, ...], reshaped to
/// [r0 * d0, r1 * d1, ...], each shape built from nn.shape(x) and the
/// repeats at run time.
LogicalResult tileDynamic(NodeContext &nc, Value x) {
  auto &b = nc.b;
  SymbolicShapes &ss = nc.shapes;
  auto t = nc.tensorType(x);
  int64_t rank = t.getRank();
  auto reps = shapeOperandEntries(nc, 1, "repeats");
  if (!reps)
    return failure();
  if (static_cast<int64_t>(reps->size()) != rank)
    return nc.fail("repeats has " + llvm::Twine(reps->size()) + " entries but the input has "
                   "rank " + llvm::Twine(rank));
  for (const SymExpr &r : *reps)
    if (r.isConstant() && r.coeff < 0)
      return nc.fail("repeats has a negative entry " + llvm::Twine(r.coeff));
  if (rank == 0) {
    nc.setOutput(0, x);
    return success();
  }
  Type i64 = b.getI64Type();
  auto vecType = [&](ArrayRef<int64_t> shape) { return RankedTensorType::get(shape, i64); };
  Value repeats = nc.input(1);
  Value shape = nn::ShapeOp::create(b, nc.loc, x, b.getI64IntegerAttr(0),
                                    b.getI64IntegerAttr(rank));
  // [a0, b0, a1, b1, ...] from two rank-long vectors.
  auto interleave = [&](Value a, Value c) {
    Value cols[] = {nn::ReshapeOp::create(b, nc.loc, vecType({rank, 1}), a),
                    nn::ReshapeOp::create(b, nc.loc, vecType({rank, 1}), c)};
    Value pairs = nn::ConcatOp::create(b, nc.loc, vecType({rank, 2}), cols,
                                       b.getI64IntegerAttr(1));
    return nn::ReshapeOp::create(b, nc.loc, vecType({2 * rank}), pairs).getResult();
  };
  SymVector dims = ss.dims(x), spread, expanded, out;
  for (int64_t d = 0; d < rank; ++d) {
    spread.append({SymExpr::constant(1), dims[d]});
    expanded.append({(*reps)[d], dims[d]});
    out.push_back(ss.mul((*reps)[d], dims[d]));
  }
  Value ones = i64Constant(b, nc.loc, {rank}, SmallVector<int64_t>(rank, 1));
  auto reshapeTo = [&](Value v, Value target, ArrayRef<SymExpr> d) {
    auto type = RankedTensorType::get(SymbolicShapes::staticShape(d), t.getElementType());
    Value r = nn::DynamicReshapeOp::create(b, nc.loc, type, v, target, b.getBoolAttr(true));
    ss.setDims(r, d);
    return r;
  };
  Value r = reshapeTo(x, interleave(ones, shape), spread);
  auto expandedType =
      RankedTensorType::get(SymbolicShapes::staticShape(expanded), t.getElementType());
  r = nn::DynamicExpandOp::create(b, nc.loc, expandedType, r, interleave(repeats, shape));
  ss.setDims(r, expanded);
  Value outShape = nn::MulOp::create(b, nc.loc, vecType({rank}), repeats, shape);
  nc.setOutput(0, reshapeTo(r, outShape, out));
  return success();
}

LogicalResult tile(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x || !nc.input(1))
    return failure();
  auto repeats = nc.constantInts(1);
  bool identity = repeats && static_cast<int64_t>(repeats->size()) ==
                                 nc.tensorType(x).getRank() &&
                  llvm::all_of(*repeats, [](int64_t r) { return r == 1; });
  if (!identity && (!repeats || !nc.tensorType(x).hasStaticShape()))
    return tileDynamic(nc, x);
  auto t = nc.tensorType(x);
  int64_t rank = t.getRank();
  if (static_cast<int64_t>(repeats->size()) != rank)
    return nc.fail("repeats " + nn::formatShape(*repeats) + " must have one entry per "
                   "dimension of the rank-" + llvm::Twine(rank) + " input");
  if (llvm::any_of(*repeats, [](int64_t r) { return r < 0; }))
    return nc.fail("repeats " + nn::formatShape(*repeats) + " has a negative entry");
  if (llvm::all_of(*repeats, [](int64_t r) { return r == 1; })) {
    nc.setOutput(0, x);
    return success();
  }
  // [d0, d1] -> [1, d0, 1, d1] -> [r0, d0, r1, d1] -> [r0*d0, r1*d1], with
  // the extra dimension only where the repeat is not 1.
  SmallVector<int64_t> spread, expanded, out;
  for (int64_t d = 0; d < rank; ++d) {
    int64_t r = (*repeats)[d], n = t.getDimSize(d);
    if (r != 1) {
      spread.push_back(1);
      expanded.push_back(r);
    }
    spread.push_back(n);
    expanded.push_back(n);
    int64_t size;
    if (llvm::MulOverflow(r, n, size))
      return nc.fail("repeats " + nn::formatShape(*repeats) + " make dimension " +
                     llvm::Twine(d) + " too large");
    out.push_back(size);
  }
  Value r = reshapeTo(nc, expandTo(nc, reshapeTo(nc, x, spread), expanded), out);
  nc.setOutput(0, r);
  return success();
}

} // namespace

/// Pad 11+ with pads (or axes) computed at run time: per dimension d, the
/// input index each result element reads, src = i - begin_d for i in
/// [0, n_d + begin_d + end_d) (nn.dynamic_range), mapped into the input by
/// `mode` (clamped for edge, mirrored for reflect, modulo n_d for wrap),
/// and an nn.gather; in constant mode an nn.where puts `value` where src
/// falls outside the input. Axes out of range or repeated fail the range
/// at run time.
static Value buildPadRuntime(NodeContext &nc, Value x, Value padsV, Value axesV,
                             Value value, StringRef mode) {
  auto fail = [&](const Twine &msg) {
    (void)nc.fail(msg);
    return Value();
  };
  if (mode != "constant" && mode != "edge" && mode != "reflect" && mode != "wrap")
    return fail("mode '" + mode + "' is not constant, edge, reflect or wrap");
  auto xt = nc.tensorType(x);
  int64_t rank = xt.getRank();
  auto pt = nc.tensorType(padsV);
  if (pt.getRank() != 1 || pt.isDynamicDim(0) || !pt.getElementType().isInteger(64))
    return fail("the pads operand must be a 1-D int64 tensor of static length, got " +
                typeName(pt));
  auto &b = nc.b;
  Type i64 = b.getI64Type();
  int64_t k = axesV ? nc.tensorType(axesV).getRank() == 1
                          ? nc.tensorType(axesV).getDimSize(0)
                          : -1
                    : rank;
  if (axesV && failed(checkIndexVector(nc, axesV, "axes")))
    return Value();
  if (k > rank)
    return fail("the axes operand has " + llvm::Twine(k) +
                " entries, more than the input's rank " + llvm::Twine(rank));
  if (pt.getDimSize(0) != 2 * k)
    return fail("the pads operand has " + llvm::Twine(pt.getDimSize(0)) +
                " entries; it needs " + llvm::Twine(2 * k) + " (2 per axis)");
  auto part = [&](int64_t offset) {
    return b.createOrFold<nn::SliceOp>(nc.loc, RankedTensorType::get({k}, i64), padsV,
                                       b.getDenseI64ArrayAttr({offset}),
                                       b.getDenseI64ArrayAttr({1}));
  };
  Value begin = part(0), end = part(k);
  Value zero = scalarConstant(nc, i64, 0), one = scalarConstant(nc, i64, 1);
  Value step = one;
  if (axesV) {
    auto axes = runtimeAxes(nc, axesV, rank);
    if (failed(axes))
      return Value();
    begin = spreadOverDims(nc, *axes, begin, 0);
    end = spreadOverDims(nc, *axes, end, 0);
    // Invalid axes: a zero step fails the ranges below.
    step = buildWhere(nc, axes->valid, one, zero);
    if (!begin || !end || !step)
      return Value();
  }
  SmallVector<Value> begins, ends;
  for (int64_t d = 0; d < rank; ++d) {
    begins.push_back(vectorEntry(nc, begin, d));
    ends.push_back(vectorEntry(nc, end, d));
  }
  return padDimsAtRunTime(nc, x, begins, ends, step, value, mode);
}

Value padDimsAtRunTime(NodeContext &nc, Value x, ArrayRef<Value> begins, ArrayRef<Value> ends,
                       Value step, Value value, StringRef mode) {
  auto &b = nc.b;
  Type i64 = b.getI64Type(), i1 = b.getI1Type();
  auto xt = nc.tensorType(x);
  int64_t rank = xt.getRank();
  Value zero = scalarConstant(nc, i64, 0), one = scalarConstant(nc, i64, 1);
  if (!step)
    step = one;
  Value dim = b.createOrFold<nn::ShapeOp>(nc.loc, RankedTensorType::get({rank}, i64), x,
                                          b.getI64IntegerAttr(0), b.getI64IntegerAttr(rank));
  Value y = x;
  auto idxType = RankedTensorType::get({ShapedType::kDynamic}, i64);
  auto neg = [&](Value v) { return b.createOrFold<nn::NegOp>(nc.loc, nc.tensorType(v), v); };
  for (int64_t d = 0; d < rank; ++d) {
    Value bd = begins[d], ed = ends[d];
    if (!bd || !ed)
      continue;
    // Negative amounts crop first; the rest pads the cropped dimension
    // (of size n), as onnxruntime does.
    Value cropLo = buildBinary<nn::MaxOp>(nc, neg(bd), zero);
    Value cropHi = buildBinary<nn::MaxOp>(nc, neg(ed), zero);
    Value padLo = buildBinary<nn::MaxOp>(nc, bd, zero);
    Value padHi = buildBinary<nn::MaxOp>(nc, ed, zero);
    Value n = buildBinary<nn::SubOp>(nc, vectorEntry(nc, dim, d), cropLo);
    n = n && cropHi ? buildBinary<nn::SubOp>(nc, n, cropHi) : Value();
    Value hi = n && padHi ? buildBinary<nn::AddOp>(nc, n, padHi) : Value();
    if (!hi || !padLo)
      return Value();
    Value src = nn::DynamicRangeOp::create(b, nc.loc, idxType, neg(padLo), hi, step);
    Value last = buildBinary<nn::SubOp>(nc, n, one);
    Value idx, inside;
    if (mode == "constant" || mode == "edge") {
      idx = clampBetween(nc, src, zero, buildBinary<nn::MaxOp>(nc, last, zero));
      if (mode == "constant") {
        Value ge = buildBinary<nn::GreaterOrEqualOp>(nc, src, zero, i1);
        Value lt = buildBinary<nn::LessOp>(nc, src, n, i1);
        inside = ge && lt ? buildBinary<nn::AndOp>(nc, ge, lt) : Value();
        if (!inside)
          return Value();
      }
    } else if (mode == "wrap") {
      idx = buildBinary<nn::ModOp>(nc, src, buildBinary<nn::MaxOp>(nc, n, one));
    } else { // reflect: period 2 (n - 1)
      Value period = buildBinary<nn::AddOp>(nc, last, last);
      Value m = buildBinary<nn::ModOp>(nc, src, buildBinary<nn::MaxOp>(nc, period, one));
      Value mirrored = buildBinary<nn::SubOp>(nc, period, m);
      Value low = buildBinary<nn::LessOp>(nc, m, n, i1);
      idx = buildWhere(nc, low, m, mirrored);
    }
    idx = idx ? buildBinary<nn::AddOp>(nc, idx, cropLo) : Value();
    if (!idx)
      return Value();
    SmallVector<int64_t> shape(nc.tensorType(y).getShape());
    shape[d] = ShapedType::kDynamic;
    auto yt = RankedTensorType::get(shape, xt.getElementType());
    y = nn::GatherOp::create(b, nc.loc, yt, y, idx, b.getI64IntegerAttr(d));
    if (inside) {
      SmallVector<int64_t> maskShape(rank, 1);
      maskShape[d] = ShapedType::kDynamic;
      y = buildWhere(nc, reshapeTo(nc, inside, maskShape), y, value);
      if (!y)
        return Value();
    }
  }
  return y;
}

namespace {

LogicalResult padRuntime(NodeContext &nc, Value x, Value padsV, Value axesV, Value value,
                         StringRef mode) {
  Value y = buildPadRuntime(nc, x, padsV, axesV, value, mode);
  if (!y)
    return failure();
  nc.setOutput(0, y);
  return success();
}

LogicalResult pad(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x)
    return failure();
  auto t = nc.tensorType(x);
  int64_t rank = t.getRank();
  Type et = t.getElementType();
  std::string mode = nc.getString("mode", "constant");
  SmallVector<int64_t> pads;
  Value value;
  if (nc.version < 11) {
    auto p = nc.getInts("pads");
    if (!p)
      return nc.fail("missing required attribute 'pads'");
    pads = *p;
    value = splatConstant(nc.b, nc.loc, RankedTensorType::get({}, et),
                          scalarAttr(nc.b, et, nc.getFloat("value", 0.0f)));
  } else {
    if (!nc.input(1))
      return failure();
    auto p = nc.constantInts(1);
    bool runtimeAxes = nc.hasInput(3) && nc.input(3) && !nc.constantInts(3);
    if (p)
      pads = *p;
    if (nc.hasInput(2)) {
      Value v = nc.input(2);
      if (!v)
        return failure();
      if (nc.tensorType(v).getElementType() != et)
        return nc.fail("the constant_value operand has element type " +
                       typeName(nc.tensorType(v).getElementType()) + ", not " +
                       typeName(et));
      if (!(value = toScalarTensor(nc, v, "constant_value")))
        return failure();
    } else {
      value = splatConstant(nc.b, nc.loc, RankedTensorType::get({}, et),
                            nc.b.getZeroAttr(et));
    }
    if (!p || runtimeAxes)
      return padRuntime(nc, x, nc.input(1), nc.hasInput(3) ? nc.input(3) : Value(), value,
                        mode);
    if (nc.hasInput(3)) {
      auto axes = requireConstantInts(nc, 3, "axes");
      if (!axes)
        return failure();
      std::string err;
      auto norm = nn::normalizeAxes(*axes, rank, err);
      if (failed(norm))
        return nc.fail(err);
      size_t k = norm->size();
      if (pads.size() != 2 * k)
        return nc.fail("pads " + nn::formatShape(pads) + " must have " +
                       llvm::Twine(2 * k) + " entries for " + llvm::Twine(k) + " axes");
      SmallVector<int64_t> full(2 * rank, 0);
      for (size_t i = 0; i < k; ++i) {
        full[(*norm)[i]] = pads[i];
        full[rank + (*norm)[i]] = pads[k + i];
      }
      pads = full;
    }
  }
  if (mode != "constant")
    value = {};
  std::string err;
  auto rt = resultType(nc, nn::inferPadShape(t.getShape(), pads, mode, err), err, et);
  if (!rt)
    return failure();
  auto &b = nc.b;
  nc.setOutput(0, nn::PadOp::create(b, nc.loc, rt, x, value, b.getDenseI64ArrayAttr(pads),
                                    b.getStringAttr(mode)));
  return success();
}

//===----------------------------------------------------------------------===//
// Shape, Size, ConstantOfShape, Range
//===----------------------------------------------------------------------===//

LogicalResult shapeOp(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x)
    return failure();
  ArrayRef<int64_t> shape = nc.tensorType(x).getShape();
  int64_t rank = shape.size();
  auto [start, end] = nn::normalizeShapeRange(rank, nc.getInt("start", 0),
                                              nc.getInt("end", rank));
  ArrayRef<int64_t> dims = shape.slice(start, end - start);
  if (llvm::none_of(dims, ShapedType::isDynamic)) {
    nc.setOutput(0, i64Constant(nc.b, nc.loc, {static_cast<int64_t>(dims.size())}, dims));
    return success();
  }
  // Read at run time; what is known of each entry is recorded by
  // SymbolicShapes.
  nc.setOutput(0, nn::ShapeOp::create(nc.b, nc.loc, x, nc.b.getI64IntegerAttr(start),
                                      nc.b.getI64IntegerAttr(end)));
  return success();
}

LogicalResult size(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x)
    return failure();
  auto t = nc.tensorType(x);
  SymExpr n = nc.shapes.product(nc.shapes.dims(x));
  if (n.isConstant()) {
    nc.setOutput(0, i64Constant(nc.b, nc.loc, {}, {n.coeff}));
    return success();
  }
  // The product of the run-time shape.
  Value shape = nn::ShapeOp::create(nc.b, nc.loc, x, nc.b.getI64IntegerAttr(0),
                                    nc.b.getI64IntegerAttr(t.getRank()));
  nc.setOutput(0, nn::ReduceOp::create(nc.b, nc.loc, RankedTensorType::get({}, nc.b.getI64Type()),
                                       shape, nc.b.getStringAttr("prod"),
                                       nc.b.getDenseI64ArrayAttr({0}),
                                       nc.b.getBoolAttr(false)));
  return success();
}

LogicalResult constantOfShape(NodeContext &nc) {
  Attribute value = nc.b.getF32FloatAttr(0.0f);
  if (const auto *a = nc.attr("value", onnx::AttributeProto::TENSOR)) {
    std::string err;
    auto v = importTensor(nc.b, nc.loc, a->t(), nc.modelDir, SIZE_MAX, nullptr, err);
    if (failed(v))
      return nc.fail("value " + err);
    auto cst = v->getDefiningOp<nn::ConstantOp>();
    auto dense = dyn_cast<DenseElementsAttr>(cst.getValue());
    int64_t n = cst.getType().getNumElements();
    cst.erase();
    if (!dense || n != 1)
      return nc.fail("value must hold exactly one element");
    value = *dense.getValues<Attribute>().begin();
  }
  Type et = cast<TypedAttr>(value).getType();
  if (!nc.input(0))
    return failure();
  if (auto shape = nc.constantInts(0)) {
    for (int64_t d : *shape)
      if (d < 0)
        return nc.fail("shape " + nn::formatShape(*shape) + " has a negative entry");
    auto t = RankedTensorType::get(*shape, et);
    nc.setOutput(0, splatConstant(nc.b, nc.loc, t, value));
    return success();
  }
  // A shape computed at run time.
  auto entries = shapeOperandEntries(nc, 0, "shape");
  if (!entries)
    return failure();
  for (auto [i, e] : llvm::enumerate(*entries))
    if (e.isConstant() && e.coeff < 0)
      return nc.fail("shape entry " + llvm::Twine(i) + " is " + llvm::Twine(e.coeff));
  auto t = RankedTensorType::get(SymbolicShapes::staticShape(*entries), et);
  Value r = nn::DynamicFillOp::create(nc.b, nc.loc, t, nc.input(0), cast<TypedAttr>(value));
  nc.shapes.setDims(r, *entries);
  nc.setOutput(0, r);
  return success();
}

/// Range with operands computed at run time: nn.dynamic_range. Its length
/// is `limit` for Range(0, limit, 1), otherwise a new run-time size.
LogicalResult dynamicRange(NodeContext &nc, ArrayRef<Value> in) {
  Type et = nc.tensorType(in[0]).getElementType();
  if (!isa<FloatType>(et) && !et.isInteger(16) && !et.isInteger(32) && !et.isInteger(64))
    return nc.fail("element type " + typeName(et) + " is not supported");
  SmallVector<Value> scalars;
  SymVector known;
  SymbolicShapes &ss = nc.shapes;
  for (auto [i, v] : llvm::enumerate(in)) {
    static const char *names[] = {"start", "limit", "delta"};
    Value s = toScalarTensor(nc, v, names[i]);
    if (!s)
      return failure();
    scalars.push_back(s);
    auto e = ss.elements(v);
    known.push_back(e && e->size() == 1 ? (*e)[0] : ss.fresh(false));
  }
  SymExpr length =
      known[0] == SymExpr::constant(0) && known[2] == SymExpr::constant(1) &&
              ss.isNonNegative(known[1])
          ? known[1]
          : ss.opaque("range", known, true);
  auto t = RankedTensorType::get(SymbolicShapes::staticShape(length), et);
  Value r = nn::DynamicRangeOp::create(nc.b, nc.loc, t, scalars[0], scalars[1], scalars[2]);
  ss.setDims(r, length);
  nc.setOutput(0, r);
  return success();
}

LogicalResult range(NodeContext &nc) {
  DenseElementsAttr in[3];
  Value values[3];
  bool allConstant = true;
  for (int i = 0; i < 3; ++i) {
    Value v = nc.input(i);
    if (!v)
      return failure();
    values[i] = v;
    in[i] = constantAttr(v);
    allConstant = allConstant && in[i];
    if (!nc.tensorType(v).hasStaticShape() || nc.tensorType(v).getNumElements() != 1)
      return nc.fail("start, limit and delta must be scalars, got " +
                     typeName(nc.tensorType(v)));
  }
  Type et = nc.tensorType(values[0]).getElementType();
  if (nc.tensorType(values[1]).getElementType() != et ||
      nc.tensorType(values[2]).getElementType() != et)
    return nc.fail("start, limit and delta have different element types");
  if (!allConstant)
    return dynamicRange(nc, values);
  // Constant operands fold, up to this many elements (longer ranges are
  // computed at run time).
  constexpr int64_t kRangeFoldLimit = 1 << 16;
  SmallVector<Attribute> elems;
  if (isa<FloatType>(et)) {
    double s = (*in[0].getValues<APFloat>().begin()).convertToDouble();
    double l = (*in[1].getValues<APFloat>().begin()).convertToDouble();
    double d = (*in[2].getValues<APFloat>().begin()).convertToDouble();
    if (d == 0)
      return nc.fail("delta is 0");
    double count = std::ceil((l - s) / d);
    if (!std::isfinite(count))
      return nc.fail("start, limit and delta must be finite");
    if (count > kRangeFoldLimit)
      return dynamicRange(nc, values);
    int64_t n = count > 0 ? static_cast<int64_t>(count) : 0;
    for (int64_t i = 0; i < n; ++i)
      elems.push_back(nc.b.getFloatAttr(et, s + i * d));
  } else if (et.isInteger(16) || et.isInteger(32) || et.isInteger(64)) {
    int64_t s = (*in[0].getValues<APInt>().begin()).getSExtValue();
    int64_t l = (*in[1].getValues<APInt>().begin()).getSExtValue();
    int64_t d = (*in[2].getValues<APInt>().begin()).getSExtValue();
    if (d == 0)
      return nc.fail("delta is 0");
    // In 128 bits: the span of two int64 values does not overflow.
    __int128 span = static_cast<__int128>(l) - s, step = d;
    __int128 count = step > 0 ? (span > 0 ? (span + step - 1) / step : 0)
                              : (span < 0 ? (-span - step - 1) / -step : 0);
    if (count > kRangeFoldLimit)
      return dynamicRange(nc, values);
    int64_t n = static_cast<int64_t>(count);
    for (int64_t i = 0; i < n; ++i) // each value lies in [start, limit)
      elems.push_back(nc.b.getIntegerAttr(
          et, static_cast<int64_t>(static_cast<__int128>(s) + static_cast<__int128>(i) * d)));
  } else {
    return nc.fail("element type " + typeName(et) + " is not supported");
  }
  auto t = RankedTensorType::get({static_cast<int64_t>(elems.size())}, et);
  nc.setOutput(0, nn::ConstantOp::create(nc.b, nc.loc, DenseElementsAttr::get(t, elems)));
  return success();
}

//===----------------------------------------------------------------------===//
// Dropout, Trilu
//===----------------------------------------------------------------------===//

LogicalResult dropout(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x)
    return failure();
  if (nc.version < 7 && nc.getInt("is_test", 0) == 0)
    return nc.fail("Dropout in training mode (is_test = 0) is not supported; Kiln "
                   "compiles inference (set is_test = 1)");
  if (nc.version >= 12 && nc.hasInput(2)) {
    // Training mode drops elements at random, which Kiln does not do: it
    // is accepted with a ratio of 0 (nothing is dropped, so the output is
    // the input), checked when the values are known only at run time.
    Value mode = nc.input(2), ratio = nc.optionalInput(1);
    if (!mode || (nc.hasInput(1) && !ratio))
      return failure();
    auto isZero = [](DenseElementsAttr c) {
      return isa<FloatType>(c.getElementType()) ? c.getValues<APFloat>()[0].isZero()
                                                : c.getValues<APInt>()[0].isZero();
    };
    auto m = constantAttr(mode);
    auto r = ratio ? constantAttr(ratio) : DenseElementsAttr();
    bool inference = m && m.getNumElements() == 1 && isZero(m);
    bool keepAll = r && r.getNumElements() == 1 && isZero(r);
    if (!inference && !keepAll) {
      if (m && (!ratio || r))
        return nc.fail("Dropout in training mode with a ratio above 0 (the default is "
                       "0.5) is not supported; Kiln does not draw random masks");
      auto mt = nc.tensorType(mode);
      if (mt.getRank() != 0 || !mt.getElementType().isInteger(1))
        return nc.fail("training_mode must be a bool scalar");
      if (m)
        mode = scalarConstant(nc, nc.b.getI1Type(), 1.0);
      // Fails unless training_mode is false or the ratio is 0.
      Value ok = nn::NotOp::create(nc.b, nc.loc, nc.tensorType(mode), mode);
      if (ratio) {
        if (nc.tensorType(ratio).getRank() != 0)
          return nc.fail("ratio must be a scalar");
        Value zero = scalarConstant(nc, nc.tensorType(ratio).getElementType(), 0.0);
        Value noDrop = buildBinary<nn::EqualOp>(nc, ratio, zero, nc.b.getI1Type());
        ok = ok && noDrop ? buildBinary<nn::OrOp>(nc, ok, noDrop) : Value();
      }
      if (!ok)
        return failure();
      checkAtRunTime(nc, ok,
                     "Dropout in training mode with a ratio above 0 is not supported "
                     "(Kiln does not draw random masks)");
    }
  }
  nc.setOutput(0, x);
  if (nc.node.output_size() > 1 && !nc.node.output(1).empty()) {
    auto t = nc.tensorType(x);
    // Inference keeps every element: the mask is all true (of T before
    // opset 10, bool after).
    Type mt = nc.version >= 10 ? Type(nc.b.getI1Type()) : t.getElementType();
    Attribute one = nc.version >= 10 ? Attribute(nc.b.getBoolAttr(true))
                                     : scalarAttr(nc.b, mt, 1.0);
    auto maskType = RankedTensorType::get(t.getShape(), mt);
    if (t.hasStaticShape()) {
      nc.setOutput(1, splatConstant(nc.b, nc.loc, maskType, one));
    } else {
      Value shape = nn::ShapeOp::create(nc.b, nc.loc, x, nc.b.getI64IntegerAttr(0),
                                        nc.b.getI64IntegerAttr(t.getRank()));
      Value mask = nn::DynamicFillOp::create(nc.b, nc.loc, maskType, shape,
                                             cast<TypedAttr>(one));
      nc.shapes.setDims(mask, nc.shapes.dims(x));
      nc.setOutput(1, mask);
    }
  }
  return success();
}

LogicalResult trilu(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x)
    return failure();
  if (nc.tensorType(x).getRank() < 2)
    return nc.fail("input must have rank >= 2, got " +
                   nn::formatShape(nc.tensorType(x).getShape()));
  Value k;
  if (nc.hasInput(1)) {
    Value v = nc.input(1);
    if (!v)
      return failure();
    if (!nc.tensorType(v).getElementType().isInteger(64))
      return nc.fail("k must be int64, got " + typeName(nc.tensorType(v)));
    if (!(k = toScalarTensor(nc, v, "k")))
      return failure();
  } else {
    k = i64Constant(nc.b, nc.loc, {}, {0});
  }
  nc.setOutput(0, nn::TriluOp::create(nc.b, nc.loc, x.getType(), x, k,
                                      nc.b.getBoolAttr(nc.getInt("upper", 1) != 0)));
  return success();
}

} // namespace

//===----------------------------------------------------------------------===//
// Axes read at run time
//===----------------------------------------------------------------------===//

FailureOr<int64_t> splitTotal(NodeContext &nc, ArrayRef<int64_t> sizes) {
  int64_t total = 0;
  for (int64_t s : sizes) {
    if (s < 0)
      return nc.fail("split sizes " + nn::formatShape(sizes) + " have a negative entry");
    if (llvm::AddOverflow(total, s, total))
      return nc.fail("split sizes " + nn::formatShape(sizes) +
                     " add up to more than int64 holds");
  }
  return total;
}

Value i64Tensor(NodeContext &nc, ArrayRef<int64_t> shape, ArrayRef<int64_t> values) {
  return i64Constant(nc.b, nc.loc, shape, values);
}

FailureOr<RuntimeAxes> runtimeAxes(NodeContext &nc, Value axes, int64_t rank) {
  auto t = nc.tensorType(axes);
  if (t.getRank() != 1 || t.isDynamicDim(0) ||
      (!t.getElementType().isInteger(64) && !t.getElementType().isInteger(32)))
    return nc.fail("the axes operand must be a 1-D int64 tensor of static length, got " +
                   typeName(t));
  int64_t k = t.getDimSize(0);
  // The hits matrix below is k x rank: a declared length must not make it
  // (or the result's rank) absurd.
  if (rank > kMaxTrackedElements)
    return nc.fail("the result would have rank " + llvm::Twine(rank) + ", above the " +
                   llvm::Twine(kMaxTrackedElements) + " Kiln supports with run-time axes");
  // k distinct axes in [0, rank) need k <= rank.
  if (k > rank)
    return nc.fail("the axes operand has " + llvm::Twine(k) +
                   " entries, more than the input's rank " + llvm::Twine(rank));
  auto &b = nc.b;
  Type i64 = b.getI64Type(), i1 = b.getI1Type();
  // Negative axes count from the back.
  Value a = asI64(nc, axes);
  Value negative = buildBinary<nn::LessOp>(nc, a, scalarConstant(nc, i64, 0), i1);
  Value wrapped = buildBinary<nn::AddOp>(nc, a, scalarConstant(nc, i64, rank));
  if (!negative || !wrapped)
    return failure();
  a = buildWhere(nc, negative, wrapped, a);
  // hits[i][d]: axis i is dimension d.
  Value hits = buildBinary<nn::EqualOp>(
      nc, reshapeTo(nc, a, {k, 1}),
      i64Tensor(nc, {1, rank}, llvm::to_vector(llvm::seq<int64_t>(0, rank))), i1);
  if (!hits)
    return failure();
  RuntimeAxes r;
  r.count = k;
  r.hits = hits;
  r.mask = buildReduce(nc, hits, nn::ReduceKind::Max, {0}, /*keepdims=*/false);
  if (!r.mask)
    return failure();
  // The mask counts the distinct axes in range: all k of them when valid.
  Value n = buildReduce(nc, castTo(nc, r.mask, i64), nn::ReduceKind::Sum, {0},
                        /*keepdims=*/false);
  if (!n)
    return failure();
  r.valid = buildBinary<nn::EqualOp>(nc, n, scalarConstant(nc, i64, k), i1);
  if (!r.valid)
    return failure();
  return r;
}

Value vectorEntry(NodeContext &nc, Value v, int64_t i) {
  auto t = nc.tensorType(v);
  auto one = RankedTensorType::get({1}, t.getElementType());
  Value e = nc.b.createOrFold<nn::SliceOp>(nc.loc, one, v, nc.b.getDenseI64ArrayAttr({i}),
                                           nc.b.getDenseI64ArrayAttr({1}));
  return reshapeTo(nc, e, {});
}

Value shapeUnlessInvalid(NodeContext &nc, Value shape, Value valid) {
  return buildWhere(nc, valid, shape, scalarConstant(nc, nc.b.getI64Type(), -2));
}

Value compressEntries(NodeContext &nc, Value values, Value keep, int64_t m) {
  auto &b = nc.b;
  Type i64 = b.getI64Type(), i1 = b.getI1Type();
  int64_t n = nc.tensorType(values).getDimSize(0);
  auto vecType = RankedTensorType::get({n}, i64);
  // pos[j]: how many kept entries precede entry j.
  Value pos = nn::CumSumOp::create(b, nc.loc, vecType, castTo(nc, keep, i64),
                                   b.getI64IntegerAttr(0), b.getBoolAttr(true),
                                   b.getBoolAttr(false));
  // pick[i][j]: entry j is the i-th kept one.
  Value pick = buildBinary<nn::EqualOp>(
      nc, reshapeTo(nc, pos, {1, n}),
      i64Tensor(nc, {m, 1}, llvm::to_vector(llvm::seq<int64_t>(0, m))), i1);
  if (!pick)
    return {};
  pick = buildBinary<nn::AndOp>(nc, pick, reshapeTo(nc, keep, {1, n}));
  if (!pick)
    return {};
  Value picked = buildWhere(nc, pick, reshapeTo(nc, values, {1, n}),
                            scalarConstant(nc, i64, 0));
  if (!picked)
    return {};
  return buildReduce(nc, picked, nn::ReduceKind::Sum, {1}, /*keepdims=*/false);
}

void addDataMovementOps(std::vector<OpEntry> &table) {
  const std::vector<int> latest = {1, 13, 21, 23, 24};
  const std::vector<int> squeezeVersions = {1, 11, 13, 21, 23, 24};
  std::vector<OpEntry> ops = {
      {"Concat", {1, 4, 11, 13}, {1, 4, 11, 13}, {"axis"}, "", concat},
      {"ConstantOfShape", {9, 20, 21, 23, 24}, {9, 20, 21, 23, 24}, {"value"},
       "a constant when the shape is known, else filled at run time", constantOfShape},
      {"DepthToSpace", {1, 11, 13}, {1, 11, 13}, {"blocksize", "mode"},
       "DCR and CRD", depthSpace<true>},
      {"Dropout", {1, 6, 7, 10, 12, 13, 22}, {1, 6, 7, 10, 12, 13, 22},
       {"consumed_inputs", "is_test", "ratio", "seed"},
       "inference, or training with ratio 0 (identity; the mask is all true)", dropout},
      {"Expand", {8, 13}, {8, 13}, {}, "constant or run-time shape operand", expand},
      {"Gather", {1, 11, 13}, {1, 11, 13}, {"axis"},
       "run-time indices; out-of-range indices are clamped", gather<nn::GatherOp>},
      {"GatherElements", {11, 13}, {11, 13}, {"axis"},
       "run-time indices; out-of-range indices are clamped",
       gather<nn::GatherElementsOp>},
      {"Pad", {1, 2, 11, 13, 18, 19, 21, 23, 24}, {2, 11, 13, 18, 19, 21, 23, 24},
       {"mode", "pads", "value"},
       "constant, edge, reflect, wrap; constant or run-time pads and axes", pad},
      {"Range", {11}, {11}, {}, "a constant when the operands are, else computed at "
       "run time", range},
      {"Shape", {1, 13, 15, 19, 21, 23, 24}, {1, 13, 15, 19, 21, 23, 24},
       {"end", "start"}, "static dimensions fold to constants; dynamic ones are read at "
       "run time", shapeOp},
      {"Size", {1, 13, 19, 21, 23, 24}, {1, 13, 19, 21, 23, 24}, {},
       "a constant for static shapes", size},
      {"Slice", {1, 10, 11, 13}, {1, 10, 11, 13}, {"axes", "ends", "starts"},
       "run-time or constant starts, ends, axes and steps (negative steps too)", slice},
      {"SpaceToDepth", {1, 13}, {1, 13}, {"blocksize"}, "", depthSpace<false>},
      {"Split", {1, 2, 11, 13, 18}, {1, 2, 11, 13, 18}, {"axis", "num_outputs", "split"},
       "constant split sizes", split},
      {"Squeeze", squeezeVersions, squeezeVersions, {"axes"},
       "constant or run-time axes; without axes, dynamic dimensions are kept (checked "
       "not to be 1 at run time)",
       squeeze},
      {"Tile", {1, 6, 13}, {6, 13}, {}, "constant or run-time repeats", tile},
      {"Transpose", latest, latest, {"perm"}, "", transpose},
      {"Trilu", {14}, {14}, {"upper"}, "run-time k", trilu},
      {"Unsqueeze", squeezeVersions, squeezeVersions, {"axes"}, "constant or run-time axes",
       unsqueeze},
  };
  table.insert(table.end(), ops.begin(), ops.end());
}

} // namespace kiln::onnx_frontend
