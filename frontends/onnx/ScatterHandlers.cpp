//===- ScatterHandlers.cpp - ONNX GatherND, ScatterElements, ScatterND ----===//
//
// Handlers of the index-tuple gather and the scatters. Indices may be
// computed at run time (the lowering checks their range); constant indices
// are checked here. Scatter (9, 11) is ScatterElements without reduction.
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/ImporterImpl.h"
#include "dialects/NN/IR/NNOps.h"
#include "dialects/NN/IR/ScatterShapes.h"

using namespace mlir;

namespace kiln::onnx_frontend {
namespace {

constexpr int64_t kDyn = ShapedType::kDynamic;

DenseElementsAttr constantIndices(Value v) {
  auto cst = v ? v.getDefiningOp<nn::ConstantOp>() : nn::ConstantOp();
  return cst ? dyn_cast<DenseElementsAttr>(cst.getValue()) : DenseElementsAttr();
}

LogicalResult checkIndexType(NodeContext &nc, Value indices) {
  Type et = nc.tensorType(indices).getElementType();
  if (!et.isInteger(32) && !et.isInteger(64))
    return nc.fail("indices must be int32 or int64, got " + typeName(et));
  return success();
}

/// Checks constant indices against the data dimensions they address:
/// entry j of the innermost dimension against dims[j] (one entry: all).
LogicalResult checkConstantIndices(NodeContext &nc, Value indices, ArrayRef<int64_t> dims) {
  auto c = constantIndices(indices);
  if (!c || dims.empty())
    return success();
  int64_t j = 0, n = dims.size();
  for (const APInt &v : c.getValues<APInt>()) {
    int64_t dim = dims[j];
    j = (j + 1) % n;
    if (dim == kDyn)
      continue;
    int64_t i = v.getSExtValue();
    if (i < -dim || i >= dim)
      return nc.fail("index " + llvm::Twine(i) + " is out of range for a dimension of size " +
                     llvm::Twine(dim));
  }
  return success();
}

LogicalResult gatherND(NodeContext &nc) {
  Value data = nc.input(0), indices = nc.input(1);
  if (!data || !indices)
    return failure();
  if (failed(checkIndexType(nc, indices)))
    return failure();
  int64_t b = nc.getInt("batch_dims", 0);
  auto dt = nc.tensorType(data), it = nc.tensorType(indices);
  std::string err;
  auto t = resultType(nc, nn::inferGatherNDShape(dt.getShape(), it.getShape(), b, err), err,
                      dt.getElementType());
  if (!t)
    return failure();
  int64_t k = it.getShape().back();
  if (failed(checkConstantIndices(nc, indices, dt.getShape().slice(b, k))))
    return failure();
  nc.setOutput(0, nn::GatherNDOp::create(nc.b, nc.loc, t, data, indices,
                                         nc.b.getI64IntegerAttr(b)));
  return success();
}

/// The reduction attribute, checked against what the version allows.
std::optional<std::string> reduction(NodeContext &nc) {
  std::string r = nc.getString("reduction", "none");
  bool ok = r == "none" || (nc.version >= 16 && (r == "add" || r == "mul")) ||
            (nc.version >= 18 && (r == "max" || r == "min"));
  if (!ok) {
    (void)nc.fail("reduction '" + r + "' is not defined in this version");
    return std::nullopt;
  }
  return r;
}

LogicalResult checkUpdates(NodeContext &nc, Value data, Value updates) {
  if (nc.tensorType(data).getElementType() != nc.tensorType(updates).getElementType())
    return nc.fail("updates have element type " +
                   typeName(nc.tensorType(updates).getElementType()) + " but the data " +
                   typeName(nc.tensorType(data).getElementType()));
  return success();
}

LogicalResult scatterElements(NodeContext &nc) {
  Value data = nc.input(0), indices = nc.input(1), updates = nc.input(2);
  if (!data || !indices || !updates)
    return failure();
  auto r = reduction(nc);
  if (!r || failed(checkIndexType(nc, indices)) || failed(checkUpdates(nc, data, updates)))
    return failure();
  int64_t axis = nc.getInt("axis", 0);
  auto dt = nc.tensorType(data);
  std::string err;
  if (failed(nn::checkScatterElements(dt.getShape(), nc.tensorType(indices).getShape(),
                                      nc.tensorType(updates).getShape(), axis, err)))
    return nc.fail(err);
  int64_t a = axis < 0 ? axis + dt.getRank() : axis;
  if (failed(checkConstantIndices(nc, indices, dt.getShape().slice(a, 1))))
    return failure();
  nc.setOutput(0, nn::ScatterElementsOp::create(nc.b, nc.loc, dt, data, indices, updates,
                                                nc.b.getI64IntegerAttr(axis),
                                                nc.b.getStringAttr(*r)));
  return success();
}

LogicalResult scatterND(NodeContext &nc) {
  Value data = nc.input(0), indices = nc.input(1), updates = nc.input(2);
  if (!data || !indices || !updates)
    return failure();
  auto r = reduction(nc);
  if (!r || failed(checkIndexType(nc, indices)) || failed(checkUpdates(nc, data, updates)))
    return failure();
  auto dt = nc.tensorType(data), it = nc.tensorType(indices);
  std::string err;
  if (failed(nn::checkScatterND(dt.getShape(), it.getShape(),
                                nc.tensorType(updates).getShape(), err)))
    return nc.fail(err);
  if (failed(checkConstantIndices(nc, indices, dt.getShape().take_front(nn::scatterNDTupleLength(
                                           dt.getShape(), it.getShape(),
                                           nc.tensorType(updates).getShape())))))
    return failure();
  nc.setOutput(0, nn::ScatterNDOp::create(nc.b, nc.loc, dt, data, indices, updates,
                                          nc.b.getStringAttr(*r)));
  return success();
}

/// TensorScatter (24): each batch entry's update written into the cache at
/// write_indices[b] + u along `axis` (modulo the cache length in circular
/// mode): a ScatterElements of the update whose index tensor is that
/// position broadcast over the update's shape. In linear mode a write past
/// the end is an out-of-range index, which stops the run.
LogicalResult tensorScatter(NodeContext &nc) {
  Value past = nc.input(0), update = nc.input(1), write = nc.optionalInput(2);
  if (!past || !update || (nc.hasInput(2) && !write))
    return failure();
  if (failed(checkUpdates(nc, past, update)))
    return failure();
  std::string mode = nc.getString("mode", "linear");
  if (mode != "linear" && mode != "circular")
    return nc.fail("mode '" + mode + "' is not linear or circular");
  auto pt = nc.tensorType(past), ut = nc.tensorType(update);
  int64_t rank = pt.getRank(), axis = nc.getInt("axis", -2);
  if (rank < 2 || ut.getRank() != rank)
    return nc.fail("the cache " + nn::formatShape(pt.getShape()) + " and the update " +
                   nn::formatShape(ut.getShape()) + " must have one rank >= 2");
  if (axis < -rank || axis >= rank)
    return nc.fail("axis " + Twine(axis) + " is out of range for rank " + Twine(rank));
  if (axis < 0)
    axis += rank;
  if (axis == 0)
    return nc.fail("axis 0 is the batch dimension; the sequence axis must follow it");
  // Same sizes but along the axis, where the cache holds the update.
  for (int64_t d = 0; d < rank; ++d) {
    int64_t c = pt.getDimSize(d), n = ut.getDimSize(d);
    bool known = !ShapedType::isDynamic(c) && !ShapedType::isDynamic(n);
    if (d != axis && known && c != n)
      return nc.fail("the cache " + nn::formatShape(pt.getShape()) + " and the update " +
                     nn::formatShape(ut.getShape()) + " differ in dimension " + Twine(d));
    if (d == axis && known && c < n)
      return nc.fail("the update " + nn::formatShape(ut.getShape()) +
                     " is longer than the cache " + nn::formatShape(pt.getShape()) +
                     " along axis " + Twine(axis));
    if (known)
      continue;
    if (d != axis) {
      checkSameAtRunTime(nc, dimScalar(nc, past, d), dimScalar(nc, update, d),
                         "the cache and the update differ in dimension " + Twine(d));
    } else if (Value fits = buildBinary<nn::GreaterOrEqualOp>(
                   nc, dimScalar(nc, past, d), dimScalar(nc, update, d),
                   nc.b.getI1Type())) {
      checkAtRunTime(nc, fits, "the update is longer than the cache along the axis");
    } else {
      return failure();
    }
  }
  auto &b = nc.b;
  Type i64 = b.getI64Type();
  if (write) {
    auto wt = nc.tensorType(write);
    if (wt.getRank() != 1 || !wt.getElementType().isInteger(64))
      return nc.fail("write_indices must be a 1-D int64 tensor, got " + typeName(wt));
    if (!nn::isCompatibleShape(wt.getShape(), {ut.getDimSize(0)}))
      return nc.fail("write_indices " + nn::formatShape(wt.getShape()) +
                     " needs one entry per batch entry of the update " +
                     nn::formatShape(ut.getShape()));
    if (wt.isDynamicDim(0) || ut.isDynamicDim(0))
      checkSameAtRunTime(nc, dimScalar(nc, write, 0), dimScalar(nc, update, 0),
                         "write_indices needs one entry per batch entry");
  } else {
    write = nn::DynamicFillOp::create(
        b, nc.loc, RankedTensorType::get({ut.getDimSize(0)}, i64),
        buildShapeVector(nc, {DimSource{0, update, 0}}), b.getI64IntegerAttr(0));
  }
  // [B, U] positions: write[b] + u (circular: modulo the cache length).
  Value u = nn::DynamicRangeOp::create(b, nc.loc,
                                       RankedTensorType::get({ShapedType::kDynamic}, i64),
                                       scalarConstant(nc, i64, 0), dimScalar(nc, update, axis),
                                       scalarConstant(nc, i64, 1));
  Value pos = buildBinary<nn::AddOp>(nc, reshapeTo(nc, write, {ut.getDimSize(0), 1}),
                                     reshapeTo(nc, u, {1, ShapedType::kDynamic}));
  if (pos && mode == "circular")
    pos = buildBinary<nn::ModOp>(nc, pos, dimScalar(nc, past, axis));
  if (!pos)
    return failure();
  // Broadcast over the update: [B, 1.., U, 1..] expanded to its shape.
  SmallVector<int64_t> spread(rank, 1);
  spread[0] = ut.getDimSize(0);
  spread[axis] = ut.getDimSize(axis);
  Value idx = reshapeTo(nc, pos, spread);
  SmallVector<DimSource> dims;
  for (int64_t d = 0; d < rank; ++d)
    dims.push_back(DimSource{0, update, d});
  idx = nn::DynamicExpandOp::create(b, nc.loc, RankedTensorType::get(ut.getShape(), i64), idx,
                                    buildShapeVector(nc, dims));
  std::string err;
  if (failed(nn::checkScatterElements(pt.getShape(), ut.getShape(), ut.getShape(), axis, err)))
    return nc.fail(err);
  nc.setOutput(0, nn::ScatterElementsOp::create(b, nc.loc, pt, past, idx, update,
                                                b.getI64IntegerAttr(axis),
                                                b.getStringAttr("none")));
  return success();
}

} // namespace

void addScatterOps(std::vector<OpEntry> &table) {
  std::vector<OpEntry> ops = {
      {"GatherND", {11, 12, 13}, {11, 12, 13}, {"batch_dims"},
       "run-time indices; out-of-range indices stop the run with a shape error", gatherND},
      {"Scatter", {9, 11}, {9, 11}, {"axis"},
       "as ScatterElements; out-of-range indices stop the run with a shape error",
       scatterElements},
      {"ScatterElements", {11, 13, 16, 18}, {11, 13, 16, 18}, {"axis", "reduction"},
       "reductions none, add, mul, max, min; duplicate indices apply in order (none: last "
       "wins); out-of-range indices stop the run with a shape error",
       scatterElements},
      {"ScatterND", {11, 13, 16, 18}, {11, 13, 16, 18}, {"reduction"},
       "reductions none, add, mul, max, min; duplicate indices apply in order (none: last "
       "wins); out-of-range indices stop the run with a shape error",
       scatterND},
      {"TensorScatter", {24}, {24}, {"axis", "mode"},
       "linear or circular; a write past the end of the cache (linear) stops the run "
       "with a shape error",
       tensorScatter},
  };
  table.insert(table.end(), ops.begin(), ops.end());
}

} // namespace kiln::onnx_frontend
