//===- IndexHandlers.cpp - OneHot and EyeLike -----------------------------===//
//
// Both compare index grids and select: OneHot compares each index against
// range(depth) placed at `axis`; EyeLike compares column minus row against
// k. Sizes known at compile time give an nn.constant (EyeLike) or static
// ranges; otherwise the ranges are nn.dynamic_range of run-time sizes.
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/ImporterImpl.h"
#include "dialects/NN/IR/NNOps.h"

using namespace mlir;

namespace kiln::onnx_frontend {
namespace {

/// 0, 1, ..., limit - 1 as a 1-D i64 tensor of `size` (dynamic if unknown).
Value rangeTo(NodeContext &nc, Value limit, int64_t size) {
  Type i64 = nc.b.getI64Type();
  return nn::DynamicRangeOp::create(nc.b, nc.loc, RankedTensorType::get({size}, i64),
                                    scalarConstant(nc, i64, 0), limit,
                                    scalarConstant(nc, i64, 1));
}

/// Element `at` of a 1-D tensor as a rank-0 tensor (a gather, so a
/// dynamic length is checked at run time).
Value elementOf(NodeContext &nc, Value v, int64_t at) {
  auto t = nc.tensorType(v);
  if (t.getRank() == 0)
    return v;
  Value index = scalarConstant(nc, nc.b.getI64Type(), static_cast<double>(at));
  return nc.b.createOrFold<nn::GatherOp>(nc.loc, RankedTensorType::get({}, t.getElementType()),
                                         v, index, nc.b.getI64IntegerAttr(0));
}

/// OneHot: out[..., j (at axis), ...] = values[indices[...] == j ? 1 : 0],
/// negative indices counting from depth; other indices give all "off".
LogicalResult oneHot(NodeContext &nc) {
  Value indices = nc.input(0), depth = nc.input(1), values = nc.input(2);
  if (!indices || !depth || !values)
    return failure();
  auto it = nc.tensorType(indices), dt = nc.tensorType(depth), vt = nc.tensorType(values);
  if (dt.getRank() > 1 || (dt.getRank() == 1 && dt.getDimSize(0) != 1 &&
                           !ShapedType::isDynamic(dt.getDimSize(0))))
    return nc.fail("depth must be a scalar or a 1-element tensor, got " + typeName(dt));
  if (vt.getRank() != 1 || (vt.getDimSize(0) != 2 && !ShapedType::isDynamic(vt.getDimSize(0))))
    return nc.fail("values must be a 2-element tensor [off, on], got " + typeName(vt));
  int64_t rank = it.getRank() + 1;
  int64_t axis = nc.getInt("axis", -1);
  if (axis < -rank || axis >= rank)
    return nc.fail("axis " + std::to_string(axis) + " is out of range for rank " +
                   std::to_string(rank));
  if (axis < 0)
    axis += rank;
  Type i64 = nc.b.getI64Type();
  // The depth: a constant gives a static class dimension.
  int64_t depthSize = ShapedType::kDynamic;
  Value depthScalar;
  if (auto c = nc.constantInts(1)) {
    depthSize = (*c)[0];
    depthScalar = scalarConstant(nc, i64, static_cast<double>(depthSize));
  } else {
    depthScalar = castTo(nc, elementOf(nc, depth, 0), i64);
  }
  if (!ShapedType::isDynamic(depthSize) && depthSize < 1)
    return nc.fail("depth must be positive, got " + std::to_string(depthSize));
  Value idx = castTo(nc, indices, i64);
  Value negative = buildBinary<nn::LessOp>(nc, idx, scalarConstant(nc, i64, 0), nc.b.getI1Type());
  Value wrapped = buildBinary<nn::AddOp>(nc, idx, depthScalar);
  idx = negative && wrapped ? buildWhere(nc, negative, wrapped, idx) : Value();
  if (!idx)
    return failure();
  SmallVector<int64_t> idxShape(it.getShape());
  idxShape.insert(idxShape.begin() + axis, 1);
  idx = reshapeTo(nc, idx, idxShape);
  SmallVector<int64_t> classShape(rank, 1);
  classShape[axis] = depthSize;
  Value classes = reshapeTo(nc, rangeTo(nc, depthScalar, depthSize), classShape);
  Value hot = buildBinary<nn::EqualOp>(nc, idx, classes, nc.b.getI1Type());
  Value off = elementOf(nc, values, 0), on = elementOf(nc, values, 1);
  Value y = hot && off && on ? buildWhere(nc, hot, on, off) : Value();
  if (!y)
    return failure();
  nc.setOutput(0, y);
  return success();
}

/// EyeLike: ones where column - row == k, zeros elsewhere, shaped like the
/// 2-D input, of `dtype` (default: the input's type).
LogicalResult eyeLike(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x)
    return failure();
  auto xt = nc.tensorType(x);
  if (xt.getRank() != 2)
    return nc.fail("input must be 2-D, got " + typeName(xt));
  Type et = xt.getElementType();
  if (const onnx::AttributeProto *dtype = nc.attr("dtype")) {
    et = elementTypeFor(nc.b.getContext(), static_cast<int>(dtype->i()));
    if (!et)
      return nc.fail("dtype " + dataTypeName(static_cast<int>(dtype->i())) +
                     " is not supported");
  }
  int64_t k = nc.getInt("k", 0);
  int64_t rows = xt.getDimSize(0), cols = xt.getDimSize(1);
  auto type = RankedTensorType::get(xt.getShape(), et);
  // Small static shapes fold to a constant; larger ones (and dynamic
  // ones) compare a column range with a row range at run time.
  if (xt.hasStaticShape() && xt.getNumElements() <= kMaxSynthesizedElements) {
    auto one = [&](bool on) -> Attribute {
      if (isa<FloatType>(et))
        return nc.b.getFloatAttr(et, on ? 1.0 : 0.0);
      return nc.b.getIntegerAttr(et, on ? 1 : 0);
    };
    SmallVector<Attribute> values;
    for (int64_t i = 0; i < rows; ++i)
      for (int64_t j = 0; j < cols; ++j)
        values.push_back(one(j - i == k));
    nc.setOutput(0, nn::ConstantOp::create(nc.b, nc.loc, DenseElementsAttr::get(type, values)));
    return success();
  }
  Type i64 = nc.b.getI64Type();
  Value r = reshapeTo(nc, rangeTo(nc, dimScalar(nc, x, 0), rows), {rows, 1});
  Value c = rangeTo(nc, dimScalar(nc, x, 1), cols);
  Value diff = buildBinary<nn::SubOp>(nc, c, r);
  Value diag = diff ? buildBinary<nn::EqualOp>(nc, diff, scalarConstant(nc, i64, k),
                                               nc.b.getI1Type())
                    : Value();
  Value y = diag ? castTo(nc, diag, et) : Value();
  if (!y)
    return failure();
  nc.setOutput(0, y);
  return success();
}

} // namespace

void addIndexOps(std::vector<OpEntry> &table) {
  table.push_back({"OneHot", {9, 11}, {9, 11}, {"axis"},
                   "depth a constant (static classes) or computed at run time", oneHot});
  table.push_back({"EyeLike", {9, 22}, {9, 22}, {"dtype", "k"}, "", eyeLike});
}

} // namespace kiln::onnx_frontend
