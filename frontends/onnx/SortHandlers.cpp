//===- SortHandlers.cpp - ONNX TopK, NonZero, Compress, Unique ------------===//
//
// TopK becomes nn.top_k; its k is a constant (a static result size) or read
// at run time (a dynamic one, checked by the lowering). NonZero becomes
// nn.nonzero, or a constant when its input is one. Compress is NonZero of
// the condition (cut to the axis's length, as onnxruntime does) feeding an
// nn.gather. Unique becomes nn.unique, on the flattened input when no axis
// is given.
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/ImporterImpl.h"
#include "dialects/NN/IR/NNOps.h"
#include "dialects/NN/IR/SortShapes.h"

using namespace mlir;

namespace kiln::onnx_frontend {
namespace {

constexpr int64_t kDyn = ShapedType::kDynamic;

/// The node's `axis` attribute (default `dflt`) made non-negative for
/// `rank`; std::nullopt after recording an error.
std::optional<int64_t> axisFor(NodeContext &nc, int64_t dflt, int64_t rank) {
  std::string err;
  auto a = nn::normalizeAxis(nc.getInt("axis", dflt), rank, err);
  if (failed(a)) {
    (void)nc.fail(err);
    return std::nullopt;
  }
  return *a;
}

/// `x` flattened to 1-D (a scalar becomes one element).
Value flatten(NodeContext &nc, Value x) {
  auto t = nc.tensorType(x);
  if (t.getRank() == 1)
    return x;
  return reshapeTo(nc, x, {t.hasStaticShape() ? t.getNumElements() : kDyn});
}

LogicalResult topK(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x)
    return failure();
  auto xt = nc.tensorType(x);
  if (xt.getRank() < 1)
    return nc.fail("input must have rank >= 1, got " + typeName(xt));
  auto axis = axisFor(nc, -1, xt.getRank());
  if (!axis)
    return failure();
  if (nc.version < 11 && (nc.attr("largest") || nc.attr("sorted")))
    return nc.fail("attributes 'largest' and 'sorted' are not defined before version 11");
  bool largest = nc.getInt("largest", 1) != 0;
  Type i64 = nc.b.getI64Type();
  // k: the attribute (version 1), a constant input, or a run-time value.
  int64_t kStatic = kDyn;
  Value k;
  if (nc.version == 1) {
    if (!nc.attr("k"))
      return nc.fail("attribute 'k' is missing");
    kStatic = nc.getInt("k", 0);
  } else {
    if (nc.attr("k"))
      return nc.fail("attribute 'k' is not defined in this version (k is an input)");
    Value kIn = nc.input(1);
    if (!kIn)
      return failure();
    auto kt = nc.tensorType(kIn);
    if (!isa<IntegerType>(kt.getElementType()) || kt.getElementType().isInteger(1) ||
        kt.getRank() > 1 ||
        (kt.getRank() == 1 && !kt.isDynamicDim(0) && kt.getDimSize(0) != 1))
      return nc.fail("K must be a 1-element int64 tensor, got " + typeName(kt));
    if (auto c = nc.constantInts(1); c && c->size() == 1)
      kStatic = (*c)[0];
    else
      k = castTo(nc, kt.getRank() == 0 ? kIn : vectorEntry(nc, kIn, 0), i64);
  }
  // A negative constant k (INT64_MIN included, which would read as "known
  // only at run time") is an error here.
  if (k == Value() && kStatic < 0)
    return nc.fail("k = " + llvm::Twine(kStatic) + " must not be negative");
  if (!k)
    k = scalarConstant(nc, i64, static_cast<double>(kStatic));
  std::string err;
  auto shape = nn::inferTopKShape(xt.getShape(), *axis, kStatic, err);
  if (failed(shape))
    return nc.fail(err);
  auto op = nn::TopKOp::create(nc.b, nc.loc,
                               TypeRange{RankedTensorType::get(*shape, xt.getElementType()),
                                         RankedTensorType::get(*shape, i64)},
                               x, k, nc.b.getI64IntegerAttr(*axis), nc.b.getBoolAttr(largest));
  nc.setOutput(0, op.getValues());
  nc.setOutput(1, op.getIndices());
  return success();
}

/// NonZero of a constant, computed here; null when `x` is not a (small
/// enough) constant.
Value foldNonZero(NodeContext &nc, Value x) {
  auto cst = x.getDefiningOp<nn::ConstantOp>();
  auto dense = cst ? dyn_cast<DenseElementsAttr>(cst.getValue()) : DenseElementsAttr();
  if (!dense || dense.getNumElements() > (1 << 16))
    return {};
  auto t = nc.tensorType(x);
  int64_t rank = t.getRank();
  SmallVector<SmallVector<int64_t>> coords(rank);
  auto record = [&](int64_t flat) {
    for (int64_t d = rank - 1; d >= 0; --d) {
      coords[d].push_back(flat % t.getDimSize(d));
      flat /= t.getDimSize(d);
    }
  };
  int64_t flat = 0;
  if (isa<FloatType>(t.getElementType())) {
    for (const APFloat &v : dense.getValues<APFloat>()) {
      if (!v.isZero())
        record(flat);
      ++flat;
    }
  } else {
    for (const APInt &v : dense.getValues<APInt>()) {
      if (!v.isZero())
        record(flat);
      ++flat;
    }
  }
  int64_t count = rank ? coords[0].size() : 0;
  SmallVector<int64_t> all;
  for (auto &c : coords)
    all.append(c.begin(), c.end());
  return i64Tensor(nc, {rank, count}, all);
}

/// nn.nonzero of `x` (rank >= 1), or its value when `x` is a constant.
Value buildNonZero(NodeContext &nc, Value x) {
  if (Value folded = foldNonZero(nc, x))
    return folded;
  std::string err;
  auto shape = nn::inferNonZeroShape(nc.tensorType(x).getShape(), err);
  auto t = resultType(nc, shape, err, nc.b.getI64Type());
  if (!t)
    return {};
  return nn::NonZeroOp::create(nc.b, nc.loc, t, x);
}

LogicalResult nonZero(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x)
    return failure();
  // A scalar counts as one element (as in onnxruntime).
  if (nc.tensorType(x).getRank() == 0)
    x = reshapeTo(nc, x, {1});
  Value y = buildNonZero(nc, x);
  if (!y)
    return failure();
  nc.setOutput(0, y);
  return success();
}

LogicalResult compress(NodeContext &nc) {
  Value x = nc.input(0), cond = nc.input(1);
  if (!x || !cond)
    return failure();
  auto ct = nc.tensorType(cond);
  if (ct.getRank() != 1 || !ct.getElementType().isInteger(1))
    return nc.fail("condition must be a 1-D bool tensor, got " + typeName(ct));
  int64_t axis = 0;
  if (nc.attr("axis")) {
    auto a = axisFor(nc, 0, nc.tensorType(x).getRank());
    if (!a)
      return failure();
    axis = *a;
  } else {
    x = flatten(nc, x);
  }
  auto xt = nc.tensorType(x);
  int64_t n = xt.getDimSize(axis), len = ct.getDimSize(0);
  // Condition entries past the axis's end are ignored (onnxruntime does so).
  if (!ShapedType::isDynamic(n) && !ShapedType::isDynamic(len)) {
    if (len > n)
      cond = nc.b.createOrFold<nn::SliceOp>(nc.loc, RankedTensorType::get({n}, nc.b.getI1Type()),
                                            cond, nc.b.getDenseI64ArrayAttr({0}),
                                            nc.b.getDenseI64ArrayAttr({1}));
  } else {
    Value start = i64Tensor(nc, {1}, {0});
    Value end = buildShapeVector(nc, {DimSource{0, x, axis}});
    cond = nn::DynamicSliceOp::create(nc.b, nc.loc,
                                      RankedTensorType::get({kDyn}, nc.b.getI1Type()), cond,
                                      start, end, nc.b.getDenseI64ArrayAttr({0}),
                                      nc.b.getDenseI64ArrayAttr({1}));
  }
  Value at = buildNonZero(nc, cond);
  if (!at)
    return failure();
  int64_t count = nc.tensorType(at).getDimSize(1);
  at = reshapeTo(nc, at, {count});
  SmallVector<int64_t> shape(xt.getShape());
  shape[axis] = count;
  auto t = RankedTensorType::get(shape, xt.getElementType());
  nc.setOutput(0, nn::GatherOp::create(nc.b, nc.loc, t, x, at, nc.b.getI64IntegerAttr(axis)));
  return success();
}

LogicalResult unique(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x)
    return failure();
  int64_t axis = 0;
  if (nc.attr("axis")) {
    auto a = axisFor(nc, 0, nc.tensorType(x).getRank());
    if (!a)
      return failure();
    axis = *a;
  } else {
    x = flatten(nc, x);
  }
  auto xt = nc.tensorType(x);
  std::string err;
  auto shape = nn::inferUniqueShape(xt.getShape(), axis, err);
  if (failed(shape))
    return nc.fail(err);
  Type i64 = nc.b.getI64Type();
  auto distinct = RankedTensorType::get({kDyn}, i64);
  auto op = nn::UniqueOp::create(
      nc.b, nc.loc,
      TypeRange{RankedTensorType::get(*shape, xt.getElementType()), distinct,
                RankedTensorType::get({xt.getDimSize(axis)}, i64), distinct},
      x, nc.b.getI64IntegerAttr(axis), nc.b.getBoolAttr(nc.getInt("sorted", 1) != 0));
  for (int i = 0; i < 4; ++i)
    nc.setOutput(i, op->getResult(i));
  return success();
}

} // namespace

void addSortOps(std::vector<OpEntry> &table) {
  table.push_back({"TopK", {1, 10, 11, 24}, {1, 10, 11, 24}, {"axis", "k", "largest", "sorted"},
                   "k a constant or computed at run time (k outside [0, axis size] stops the "
                   "run with a shape error); ties: lower index first; NaN counts as the "
                   "largest; the results are always sorted",
                   topK});
  table.push_back({"NonZero", {9, 13}, {9, 13}, {}, "", nonZero});
  table.push_back({"Compress", {9, 11}, {9, 11}, {"axis"},
                   "condition entries past the axis's end are ignored", compress});
  table.push_back({"Unique", {11}, {11}, {"axis", "sorted"},
                   "NaNs equal each other, -0.0 equals 0.0 (numpy.unique)", unique});
}

} // namespace kiln::onnx_frontend
