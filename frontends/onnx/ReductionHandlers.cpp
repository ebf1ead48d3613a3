//===- ReductionHandlers.cpp - ONNX reductions and normalizations -===//
//
// Reduce*, ArgMax/ArgMin, the normalizations (BatchNormalization,
// LayerNormalization, InstanceNormalization, MeanVarianceNormalization,
// LpNormalization), the global pools, LogSoftmax, Hardmax, CumSum, and the
// coerce-to-2-D form of Softmax 1/11 (importLegacySoftmax).
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/ImporterImpl.h"
#include "dialects/NN/IR/NNOps.h"
#include "dialects/NN/IR/ReductionShapes.h"

using namespace mlir;

namespace kiln::onnx_frontend {
namespace {

/// Wraps a possibly negative `axis` into [0, rank), or fails.
FailureOr<int64_t> normalizedAxis(NodeContext &nc, int64_t axis, int64_t rank) {
  std::string err;
  auto axes = nn::normalizeSortedAxes({axis}, rank, err);
  if (failed(axes))
    return nc.fail(err);
  return (*axes)[0];
}

//===----------------------------------------------------------------------===//
// Reduce*
//===----------------------------------------------------------------------===//

/// ReduceX over axes computed at run time (`axes`, static length k >= 1).
/// With keepdims the result is one nn.reduce of `x` reshaped to rank 2r,
/// dimension d becoming the pair [1, n_d] when d is an axis and [n_d, 1]
/// otherwise, over the second of each pair: dimension d of the result is 1
/// or n_d. Without keepdims a second reshape drops the axes (their
/// number, and so the rank, is static). Axes out of range or repeated
/// fail the first reshape at run time.
LogicalResult reduceRuntimeAxes(NodeContext &nc, nn::ReduceKind kind, Value x,
                                Value axesValue) {
  auto xt = nc.tensorType(x);
  int64_t rank = xt.getRank();
  auto axes = runtimeAxes(nc, axesValue, rank);
  if (failed(axes))
    return failure();
  std::string err;
  if (failed(nn::checkReduceElementType(kind, xt.getElementType(), err)))
    return nc.fail(err);
  auto &b = nc.b;
  Type i64 = b.getI64Type();
  Value one = scalarConstant(nc, i64, 1);
  Value shape = b.createOrFold<nn::ShapeOp>(nc.loc, RankedTensorType::get({rank}, i64), x,
                                            b.getI64IntegerAttr(0),
                                            b.getI64IntegerAttr(rank));
  Value kept = buildWhere(nc, axes->mask, one, shape);
  Value reduced = buildWhere(nc, axes->mask, shape, one);
  if (!kept || !reduced)
    return failure();
  auto colType = RankedTensorType::get({rank, 2}, i64);
  Value pairs = nn::ConcatOp::create(
      b, nc.loc, colType,
      ValueRange{reshapeTo(nc, kept, {rank, 1}), reshapeTo(nc, reduced, {rank, 1})},
      b.getI64IntegerAttr(1));
  Value pairShape = shapeUnlessInvalid(nc, reshapeTo(nc, pairs, {2 * rank}), axes->valid);
  if (!pairShape)
    return failure();
  SmallVector<int64_t> pairDims, sumAxes;
  for (int64_t d = 0; d < rank; ++d) {
    int64_t n = xt.getDimSize(d) == 1 ? 1 : ShapedType::kDynamic;
    pairDims.append({n, n});
    sumAxes.push_back(2 * d + 1);
  }
  Value paired = nn::DynamicReshapeOp::create(
      b, nc.loc, RankedTensorType::get(pairDims, xt.getElementType()), x, pairShape,
      b.getBoolAttr(true));
  Value r = buildReduce(nc, paired, kind, sumAxes, /*keepdims=*/false);
  if (!r)
    return failure();
  if (nc.getInt("keepdims", 1) == 0) {
    int64_t outRank = rank - axes->count;
    Value notAxis = nc.b.createOrFold<nn::NotOp>(nc.loc, nc.tensorType(axes->mask),
                                                 axes->mask);
    Value outShape = compressEntries(nc, shape, notAxis, outRank);
    if (!outShape)
      return failure();
    auto outType = RankedTensorType::get(
        SmallVector<int64_t>(outRank, ShapedType::kDynamic), nc.tensorType(r).getElementType());
    if (outRank == 0)
      r = reshapeTo(nc, r, {});
    else
      r = nn::DynamicReshapeOp::create(b, nc.loc, outType, r, outShape, b.getBoolAttr(true));
  }
  nc.setOutput(0, r);
  return success();
}

/// ReduceX: `axes` is an attribute before `inputSince` and an optional
/// constant input from it on (together with `noop_with_empty_axes`).
LogicalResult reduce(NodeContext &nc, nn::ReduceKind kind, int inputSince) {
  Value x = nc.input(0);
  if (!x)
    return failure();
  int64_t rank = nc.tensorType(x).getRank();
  SmallVector<int64_t> axes;
  bool noop = false;
  if (nc.version >= inputSince) {
    if (nc.attr("axes"))
      return nc.fail("'axes' is an input from " + nc.node.op_type() + "-" +
                     llvm::Twine(inputSince) + " on, not an attribute");
    if (nc.hasInput(1)) {
      auto c = nc.constantInts(1);
      Value axesValue = nc.input(1);
      if (!axesValue)
        return failure();
      auto at = nc.tensorType(axesValue);
      // A run-time axes operand of static length 0 is known to be empty.
      bool empty = at.getRank() == 1 && at.getDimSize(0) == 0;
      if (!c && !empty)
        return reduceRuntimeAxes(nc, kind, x, axesValue);
      if (c)
        axes = *c;
    }
    noop = nc.getInt("noop_with_empty_axes", 0) != 0;
  } else {
    if (nc.numInputs() > 1)
      return nc.fail("takes one input before " + nc.node.op_type() + "-" +
                     llvm::Twine(inputSince) + " (axes is an attribute)");
    if (nc.attr("noop_with_empty_axes"))
      return nc.fail("'noop_with_empty_axes' needs " + nc.node.op_type() + "-" +
                     llvm::Twine(inputSince) + " or later");
    axes = nc.getInts("axes").value_or(SmallVector<int64_t>());
  }
  bool keepdims = nc.getInt("keepdims", 1) != 0;
  // No axes: all of them, or (noop_with_empty_axes) none, which keeps the
  // per-element part of the reduction as onnxruntime does.
  if (axes.empty() && !noop)
    axes = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  std::string err;
  auto normalized = nn::normalizeSortedAxes(axes, rank, err);
  if (failed(normalized))
    return nc.fail(err);
  Value r = buildReduce(nc, x, kind, *normalized, keepdims);
  if (!r)
    return failure();
  nc.setOutput(0, r);
  return success();
}

OpHandler reduceHandler(nn::ReduceKind kind, int inputSince) {
  return [kind, inputSince](NodeContext &nc) { return reduce(nc, kind, inputSince); };
}

template <nn::ReduceKind Kind>
LogicalResult globalPool(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x || failed(requireFloat(nc, x, 0)))
    return failure();
  int64_t rank = nc.tensorType(x).getRank();
  if (rank < 2)
    return nc.fail("input must have rank >= 2 ([N, C, ...]), got " +
                   nn::formatShape(nc.tensorType(x).getShape()));
  Value r = buildReduce(nc, x, Kind, llvm::to_vector(llvm::seq<int64_t>(2, rank)),
                        /*keepdims=*/true);
  if (!r)
    return failure();
  nc.setOutput(0, r);
  return success();
}

//===----------------------------------------------------------------------===//
// ArgMax / ArgMin / CumSum
//===----------------------------------------------------------------------===//

template <typename OpTy>
LogicalResult argReduce(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x)
    return failure();
  auto xt = nc.tensorType(x);
  if (xt.getElementType().isInteger(1))
    return nc.fail("element type i1 (bool) is not supported by " + nc.node.op_type());
  auto axis = normalizedAxis(nc, nc.getInt("axis", 0), xt.getRank());
  if (failed(axis))
    return failure();
  bool keepdims = nc.getInt("keepdims", 1) != 0;
  std::string err;
  auto shape = nn::inferReduceShape(xt.getShape(), {*axis}, keepdims, err);
  if (failed(shape))
    return nc.fail(err);
  auto &b = nc.b;
  nc.setOutput(0, OpTy::create(b, nc.loc, RankedTensorType::get(*shape, b.getI64Type()),
                               x, b.getI64IntegerAttr(*axis), b.getBoolAttr(keepdims),
                               b.getBoolAttr(nc.getInt("select_last_index", 0) != 0)));
  return success();
}

/// CumSum along an axis computed at run time: `x` reshaped to
/// [prod(dims before the axis), axis size, prod(dims after)] (sizes
/// computed at run time), an nn.cumsum along the middle dimension, and a
/// reshape back. An axis out of range fails the first reshape at run time.
LogicalResult cumsumRuntimeAxis(NodeContext &nc, Value x, Value axisValue) {
  auto xt = nc.tensorType(x);
  int64_t rank = xt.getRank();
  auto at = nc.tensorType(axisValue);
  // A 1-D axis of dynamic length is reshaped to [1] (checked at run time).
  if ((at.getRank() != 0 && !(at.getRank() == 1 && at.getDimSize(0) != 0 &&
                              (at.getDimSize(0) == 1 || at.isDynamicDim(0)))) ||
      (!at.getElementType().isInteger(64) && !at.getElementType().isInteger(32)))
    return nc.fail("the axis operand must be an int32 or int64 scalar, got " + typeName(at));
  if (rank == 0)
    return nc.fail("the input must have rank >= 1 (CumSum of a scalar)");
  auto &b = nc.b;
  Type i64 = b.getI64Type(), i1 = b.getI1Type();
  Value a = castTo(nc, reshapeTo(nc, axisValue, {1}), i64);
  Value zero = scalarConstant(nc, i64, 0), one = scalarConstant(nc, i64, 1);
  Value r = scalarConstant(nc, i64, rank);
  Value negative = buildBinary<nn::LessOp>(nc, a, zero, i1);
  Value wrapped = buildBinary<nn::AddOp>(nc, a, r);
  if (!negative || !wrapped)
    return failure();
  a = buildWhere(nc, negative, wrapped, a);
  Value lo = buildBinary<nn::GreaterOrEqualOp>(nc, a, zero, i1);
  Value hi = buildBinary<nn::LessOp>(nc, a, r, i1);
  Value valid = lo && hi ? buildBinary<nn::AndOp>(nc, lo, hi) : Value();
  if (!valid)
    return failure();
  Value iota = i64Tensor(nc, {rank}, llvm::to_vector(llvm::seq<int64_t>(0, rank)));
  Value shape = b.createOrFold<nn::ShapeOp>(nc.loc, RankedTensorType::get({rank}, i64), x,
                                            b.getI64IntegerAttr(0), b.getI64IntegerAttr(rank));
  // The product of the dimensions where `pick` holds, as a 1-element vector.
  auto productWhere = [&](Value pick) -> Value {
    Value sizes = pick ? buildWhere(nc, pick, shape, one) : Value();
    return sizes ? buildReduce(nc, sizes, nn::ReduceKind::Prod, {0}, /*keepdims=*/true)
                 : Value();
  };
  Value before = productWhere(buildBinary<nn::LessOp>(nc, iota, a, i1));
  Value along = productWhere(buildBinary<nn::EqualOp>(nc, iota, a, i1));
  Value after = productWhere(buildBinary<nn::GreaterOp>(nc, iota, a, i1));
  if (!before || !along || !after)
    return failure();
  Value vec = nn::ConcatOp::create(b, nc.loc, RankedTensorType::get({3}, i64),
                                   ValueRange{before, along, after}, b.getI64IntegerAttr(0));
  vec = shapeUnlessInvalid(nc, vec, valid);
  if (!vec)
    return failure();
  auto t3 = RankedTensorType::get({ShapedType::kDynamic, ShapedType::kDynamic,
                                   ShapedType::kDynamic},
                                  xt.getElementType());
  Value x3 = nn::DynamicReshapeOp::create(b, nc.loc, t3, x, vec, b.getBoolAttr(true));
  Value c = nn::CumSumOp::create(b, nc.loc, t3, x3, b.getI64IntegerAttr(1),
                                 b.getBoolAttr(nc.getInt("exclusive", 0) != 0),
                                 b.getBoolAttr(nc.getInt("reverse", 0) != 0));
  nc.setOutput(0, nn::DynamicReshapeOp::create(b, nc.loc, xt, c, shape, b.getBoolAttr(true)));
  return success();
}

LogicalResult cumsum(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x || !nc.input(1))
    return failure();
  auto xt = nc.tensorType(x);
  if (xt.getElementType().isInteger(1))
    return nc.fail("element type i1 (bool) is not supported by CumSum");
  auto c = nc.constantInts(1);
  if (!c)
    return cumsumRuntimeAxis(nc, x, nc.input(1));
  if (c->size() != 1)
    return nc.fail("the axis operand must hold one value, got " +
                   llvm::Twine(c->size()));
  auto axis = normalizedAxis(nc, (*c)[0], xt.getRank());
  if (failed(axis))
    return failure();
  auto &b = nc.b;
  nc.setOutput(0, nn::CumSumOp::create(b, nc.loc, xt, x, b.getI64IntegerAttr(*axis),
                                       b.getBoolAttr(nc.getInt("exclusive", 0) != 0),
                                       b.getBoolAttr(nc.getInt("reverse", 0) != 0)));
  return success();
}

//===----------------------------------------------------------------------===//
// Softmax relatives
//===----------------------------------------------------------------------===//

/// `OpTy` over `axis` of `x`. Versions before 13 coerce the input to 2-D
/// [prod(shape[:axis]), prod(shape[axis:])], apply the op over the second
/// dimension and reshape back; with `axis` the last dimension that is the
/// op over the last axis itself.
template <typename OpTy>
LogicalResult softmaxLike(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x || failed(requireFloat(nc, x, 0)))
    return failure();
  auto xt = nc.tensorType(x);
  int64_t rank = xt.getRank();
  auto &b = nc.b;
  if (nc.version >= 13) {
    int64_t axis = nc.getInt("axis", -1);
    std::string err;
    if (failed(nn::checkAxis(axis, rank, err)))
      return nc.fail(err);
    nc.setOutput(0, OpTy::create(b, nc.loc, xt, x, b.getI64IntegerAttr(axis)));
    return success();
  }
  int64_t axis = nc.getInt("axis", 1);
  if (axis < -rank || axis > rank)
    return nc.fail("axis " + llvm::Twine(axis) + " is out of range for rank " +
                   llvm::Twine(rank));
  if (axis < 0)
    axis += rank;
  if (rank > 0 && axis == rank - 1) {
    nc.setOutput(0, OpTy::create(b, nc.loc, xt, x, b.getI64IntegerAttr(axis)));
    return success();
  }
  std::string err;
  auto flat = nn::inferFlattenShape(xt.getShape(), axis, err);
  if (failed(flat))
    return nc.fail(err);
  auto flatType = RankedTensorType::get(*flat, xt.getElementType());
  Value f = nn::FlattenOp::create(b, nc.loc, flatType, x, b.getI64IntegerAttr(axis));
  Value y = OpTy::create(b, nc.loc, flatType, f, b.getI64IntegerAttr(1));
  nc.setOutput(0, nn::ReshapeOp::create(b, nc.loc, xt, y));
  return success();
}

//===----------------------------------------------------------------------===//
// Normalizations
//===----------------------------------------------------------------------===//

} // namespace

LogicalResult requireSameElementType(NodeContext &nc, ValueRange values) {
  Type et = nc.tensorType(values.front()).getElementType();
  for (auto [i, v] : llvm::enumerate(values))
    if (nc.tensorType(v).getElementType() != et)
      return nc.fail("input " + llvm::Twine(i) + " has element type " +
                     typeName(nc.tensorType(v).getElementType()) +
                     ", but input 0 has " + typeName(et) +
                     "; mixed element types are not supported");
  return success();
}

namespace {

/// BatchNormalization 14/15 with training_mode=1, decomposed as ONNX's
/// reference computes it: the batch's mean and (population) variance per
/// channel over every axis but 1 normalize x, and the running statistics
/// move towards them: running = input * momentum + batch * (1 - momentum).
/// Outputs Y, running_mean, running_var.
LogicalResult batchNormTraining(NodeContext &nc, ArrayRef<Value> in) {
  Value x = in[0], scale = in[1], bias = in[2], mean = in[3], var = in[4];
  auto xt = nc.tensorType(x);
  int64_t rank = xt.getRank();
  Type et = xt.getElementType();
  if (rank < 2)
    return nc.fail("input must have rank >= 2, got " + nn::formatShape(xt.getShape()));
  std::string err;
  if (failed(nn::inferBatchNormShape(xt.getShape(), nc.tensorType(scale).getShape(),
                                     nc.tensorType(bias).getShape(),
                                     nc.tensorType(mean).getShape(),
                                     nc.tensorType(var).getShape(), err)))
    return nc.fail(err);
  SmallVector<int64_t> axes{0};
  for (int64_t d = 2; d < rank; ++d)
    axes.push_back(d);
  // [C] parameters as [C, 1, ...] to broadcast against [N, C, ...].
  SmallVector<int64_t> column(rank - 1, 1);
  column[0] = xt.getDimSize(1);
  auto asColumn = [&](Value v) { return reshapeTo(nc, v, column); };
  Value batchMean = buildReduce(nc, x, nn::ReduceKind::Mean, axes, true);
  Value centered = batchMean ? buildBinary<nn::SubOp>(nc, x, batchMean) : Value();
  Value square = centered ? buildBinary<nn::MulOp>(nc, centered, centered) : Value();
  Value batchVar = square ? buildReduce(nc, square, nn::ReduceKind::Mean, axes, true) : Value();
  if (!batchVar)
    return failure();
  Value eps = scalarConstant(nc, et, nc.getFloat("epsilon", 1e-5f));
  Value denom = buildBinary<nn::AddOp>(nc, batchVar, eps);
  denom = nn::SqrtOp::create(nc.b, nc.loc, nc.tensorType(denom), denom);
  Value y = buildBinary<nn::MulOp>(nc, asColumn(scale), centered);
  y = y ? buildBinary<nn::DivOp>(nc, y, denom) : Value();
  y = y ? buildBinary<nn::AddOp>(nc, y, asColumn(bias)) : Value();
  if (!y)
    return failure();
  nc.setOutput(0, y);
  double momentum = nc.getFloat("momentum", 0.9f);
  Value keep = scalarConstant(nc, et, momentum), take = scalarConstant(nc, et, 1.0 - momentum);
  auto running = [&](Value input, Value batch) -> Value {
    Value flat = reshapeTo(nc, batch, nc.tensorType(input).getShape());
    Value a = buildBinary<nn::MulOp>(nc, input, keep);
    Value c = buildBinary<nn::MulOp>(nc, flat, take);
    return a && c ? buildBinary<nn::AddOp>(nc, a, c) : Value();
  };
  for (int i = 1; i < nc.node.output_size() && i < 3; ++i) {
    if (nc.node.output(i).empty())
      continue;
    Value r = i == 1 ? running(mean, batchMean) : running(var, batchVar);
    if (!r)
      return failure();
    nc.setOutput(i, r);
  }
  return success();
}

LogicalResult batchNorm(NodeContext &nc) {
  SmallVector<Value> in;
  for (int i = 0; i < 5; ++i)
    if (Value v = nc.input(i))
      in.push_back(v);
    else
      return failure();
  if (failed(requireFloat(nc, in[0], 0)) || failed(requireSameElementType(nc, in)))
    return failure();
  if (nc.version < 7 && nc.getInt("is_test", 0) == 0)
    return nc.fail("is_test=0 (training mode, statistics of the batch) is not "
                   "supported; only inference (is_test=1)");
  if (nc.getInt("spatial", 1) != 1)
    return nc.fail("spatial=0 (statistics per channel and position) is not supported");
  if (nc.getInt("training_mode", 0) != 0)
    return batchNormTraining(nc, in);
  for (int i = 1; i < nc.node.output_size(); ++i)
    if (!nc.node.output(i).empty())
      return nc.fail("output " + llvm::Twine(i) +
                     " (a training-mode statistic) is not supported; only Y is");
  std::string err;
  auto shape = nn::inferBatchNormShape(
      nc.tensorType(in[0]).getShape(), nc.tensorType(in[1]).getShape(),
      nc.tensorType(in[2]).getShape(), nc.tensorType(in[3]).getShape(),
      nc.tensorType(in[4]).getShape(), err);
  if (failed(shape))
    return nc.fail(err);
  auto &b = nc.b;
  nc.setOutput(0, nn::BatchNormOp::create(
                      b, nc.loc, nc.tensorType(in[0]), in[0], in[1], in[2], in[3],
                      in[4], b.getF32FloatAttr(nc.getFloat("epsilon", 1e-5f))));
  return success();
}

} // namespace

/// nn.standardize of `x` over `axes`; its three results.
nn::StandardizeOp standardize(NodeContext &nc, Value x, ArrayRef<int64_t> axes,
                              float epsilon) {
  auto xt = nc.tensorType(x);
  std::string err;
  auto stats = nn::inferReduceShape(xt.getShape(), axes, /*keepdims=*/true, err);
  assert(succeeded(stats) && "axes are normalized by the caller");
  auto statsType = RankedTensorType::get(*stats, xt.getElementType());
  auto &b = nc.b;
  return nn::StandardizeOp::create(b, nc.loc, TypeRange{xt, statsType, statsType},
                                   x, b.getDenseI64ArrayAttr(axes),
                                   b.getF32FloatAttr(epsilon));
}

namespace {

LogicalResult layerNorm(NodeContext &nc) {
  Value x = nc.input(0), scale = nc.input(1), bias = nc.optionalInput(2);
  if (!x || !scale || (nc.hasInput(2) && !bias) || failed(requireFloat(nc, x, 0)))
    return failure();
  SmallVector<Value> in{x, scale};
  if (bias)
    in.push_back(bias);
  if (failed(requireSameElementType(nc, in)))
    return failure();
  if (nc.getInt("stash_type", 1) != 1)
    return nc.fail("stash_type " + llvm::Twine(nc.getInt("stash_type", 1)) +
                   " is not supported (only 1: compute in float)");
  auto xt = nc.tensorType(x);
  auto axis = normalizedAxis(nc, nc.getInt("axis", -1), xt.getRank());
  if (failed(axis))
    return failure();
  for (auto [i, v] : llvm::enumerate(ArrayRef<Value>(in).drop_front()))
    if (!nn::isUnidirectionallyBroadcastable(nc.tensorType(v).getShape(), xt.getShape()))
      return nc.fail("input " + llvm::Twine(i + 1) + " of shape " +
                     nn::formatShape(nc.tensorType(v).getShape()) +
                     " does not broadcast to the input's " + nn::formatShape(xt.getShape()));
  auto st = standardize(nc, x, llvm::to_vector(llvm::seq<int64_t>(*axis, xt.getRank())),
                        nc.getFloat("epsilon", 1e-5f));
  Value y = nn::MulOp::create(nc.b, nc.loc, xt, st.getOutput(), scale);
  if (bias)
    y = nn::AddOp::create(nc.b, nc.loc, xt, y, bias);
  nc.setOutput(0, y);
  nc.setOutput(1, st.getMean());
  nc.setOutput(2, st.getInvStdDev());
  return success();
}

/// RMSNormalization: x / sqrt(mean(x^2 over axis..rank-1) + epsilon) *
/// scale; half-precision inputs are computed in f32 (stash_type 1).
LogicalResult rmsNorm(NodeContext &nc) {
  Value x = nc.input(0), scale = nc.input(1);
  if (!x || !scale || failed(requireFloat(nc, x, 0)) ||
      failed(requireSameElementType(nc, {x, scale})))
    return failure();
  if (nc.getInt("stash_type", 1) != 1)
    return nc.fail("stash_type " + llvm::Twine(nc.getInt("stash_type", 1)) +
                   " is not supported (only 1: compute in float)");
  auto xt = nc.tensorType(x);
  auto axis = normalizedAxis(nc, nc.getInt("axis", -1), xt.getRank());
  if (failed(axis))
    return failure();
  if (!nn::isUnidirectionallyBroadcastable(nc.tensorType(scale).getShape(), xt.getShape()))
    return nc.fail("input 1 of shape " + nn::formatShape(nc.tensorType(scale).getShape()) +
                   " does not broadcast to the input's " + nn::formatShape(xt.getShape()));
  Type et = xt.getElementType();
  Type ct = et.getIntOrFloatBitWidth() < 32 ? Type(nc.b.getF32Type()) : et;
  Value xc = castTo(nc, x, ct);
  Value sq = buildBinary<nn::MulOp>(nc, xc, xc);
  Value mean = sq ? buildReduce(nc, sq, nn::ReduceKind::Mean,
                                llvm::to_vector(llvm::seq<int64_t>(*axis, xt.getRank())),
                                /*keepdims=*/true)
                  : Value();
  if (!mean)
    return failure();
  auto mt = nc.tensorType(mean);
  Value rms = nn::SqrtOp::create(
      nc.b, nc.loc, mt,
      buildBinary<nn::AddOp>(nc, mean, scalarConstant(nc, ct, nc.getFloat("epsilon", 1e-5f))));
  Value normalized = buildBinary<nn::DivOp>(nc, xc, rms);
  Value y = normalized ? buildBinary<nn::MulOp>(nc, castTo(nc, normalized, et), scale) : Value();
  if (!y)
    return failure();
  nc.setOutput(0, y);
  return success();
}

LogicalResult instanceNorm(NodeContext &nc) {
  Value x = nc.input(0), scale = nc.input(1), bias = nc.input(2);
  if (!x || !scale || !bias || failed(requireFloat(nc, x, 0)) ||
      failed(requireSameElementType(nc, {x, scale, bias})))
    return failure();
  auto xt = nc.tensorType(x);
  int64_t rank = xt.getRank();
  if (rank < 3)
    return nc.fail("input must have rank >= 3 ([N, C, D1, ...]), got " +
                   nn::formatShape(xt.getShape()));
  int64_t c = xt.getDimSize(1);
  for (auto [i, v] : llvm::enumerate(ValueRange{scale, bias}))
    if (nc.tensorType(v).getRank() != 1 ||
        !nn::isCompatibleShape({c}, nc.tensorType(v).getShape()))
      return nc.fail("input " + llvm::Twine(i + 1) + " must have shape [C] = " +
                     nn::formatShape({c}) + ", got " +
                     nn::formatShape(nc.tensorType(v).getShape()));
  auto st = standardize(nc, x, llvm::to_vector(llvm::seq<int64_t>(2, rank)),
                        nc.getFloat("epsilon", 1e-5f));
  // [C] -> [C, 1, ..., 1] broadcasts over the spatial dimensions (C as
  // the operand knows it: a constant scale stays static when x's is not).
  auto perChannel = [&](Value v) {
    SmallVector<int64_t> shape(rank - 1, 1);
    shape[0] = nc.tensorType(v).getDimSize(0);
    return reshapeTo(nc, v, shape);
  };
  auto &b = nc.b;
  Value s = perChannel(scale);
  Value bb = perChannel(bias);
  Value y = nn::MulOp::create(b, nc.loc, xt, st.getOutput(), s);
  nc.setOutput(0, nn::AddOp::create(b, nc.loc, xt, y, bb));
  return success();
}

LogicalResult meanVarianceNorm(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x || failed(requireFloat(nc, x, 0)))
    return failure();
  auto xt = nc.tensorType(x);
  auto axes = nc.getInts("axes").value_or(SmallVector<int64_t>{0, 2, 3});
  std::string err;
  auto normalized = nn::normalizeSortedAxes(axes, xt.getRank(), err);
  if (failed(normalized))
    return nc.fail(err);
  if (normalized->empty())
    return nc.fail("axes must not be empty");
  // (x - mean) / (sqrt(var) + 1e-9) ~ (x - mean) / sqrt(var + 1e-18).
  nc.setOutput(0, standardize(nc, x, *normalized, 1e-18f).getOutput());
  return success();
}

LogicalResult lpNorm(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x || failed(requireFloat(nc, x, 0)))
    return failure();
  auto xt = nc.tensorType(x);
  int64_t p = nc.getInt("p", 2);
  if (p != 1 && p != 2)
    return nc.fail("p must be 1 or 2, got " + llvm::Twine(p));
  auto axis = normalizedAxis(nc, nc.getInt("axis", -1), xt.getRank());
  if (failed(axis))
    return failure();
  Value norm = buildReduce(nc, x, p == 1 ? nn::ReduceKind::L1 : nn::ReduceKind::L2,
                           {*axis}, /*keepdims=*/true);
  if (!norm)
    return failure();
  nc.setOutput(0, nn::DivOp::create(nc.b, nc.loc, xt, x, norm));
  return success();
}

} // namespace

LogicalResult importLegacySoftmax(NodeContext &nc) {
  return softmaxLike<nn::SoftmaxOp>(nc);
}

Value buildReduce(NodeContext &nc, Value x, nn::ReduceKind kind,
                  ArrayRef<int64_t> axes, bool keepdims) {
  auto xt = nc.tensorType(x);
  std::string err;
  if (failed(nn::checkReduceElementType(kind, xt.getElementType(), err))) {
    (void)nc.fail(err);
    return {};
  }
  auto shape = nn::inferReduceShape(xt.getShape(), axes, keepdims, err);
  if (failed(shape)) {
    (void)nc.fail(err);
    return {};
  }
  auto &b = nc.b;
  return nn::ReduceOp::create(b, nc.loc,
                              RankedTensorType::get(*shape, xt.getElementType()), x,
                              b.getStringAttr(nn::stringifyReduceKind(kind)),
                              b.getDenseI64ArrayAttr(axes), b.getBoolAttr(keepdims));
}

void addReductionOps(std::vector<OpEntry> &table) {
  using K = nn::ReduceKind;
  const std::vector<const char *> reduceAttrs = {"axes", "keepdims",
                                                 "noop_with_empty_axes"};
  const char *notes = "constant or run-time axes";
  auto add = [&](const char *name, std::vector<int> versions, K kind, int inputSince) {
    table.push_back({name, versions, versions, reduceAttrs, notes,
                     reduceHandler(kind, inputSince)});
  };
  add("ReduceL1", {1, 11, 13, 18}, K::L1, 18);
  add("ReduceL2", {1, 11, 13, 18}, K::L2, 18);
  add("ReduceLogSum", {1, 11, 13, 18}, K::LogSum, 18);
  add("ReduceLogSumExp", {1, 11, 13, 18}, K::LogSumExp, 18);
  add("ReduceMax", {1, 11, 12, 13, 18, 20}, K::Max, 18);
  add("ReduceMean", {1, 11, 13, 18}, K::Mean, 18);
  add("ReduceMin", {1, 11, 12, 13, 18, 20}, K::Min, 18);
  add("ReduceProd", {1, 11, 13, 18}, K::Prod, 18);
  add("ReduceSum", {1, 11, 13}, K::Sum, 13);
  add("ReduceSumSquare", {1, 11, 13, 18}, K::SumSquare, 18);

  table.push_back({"ArgMax", {1, 11, 12, 13}, {1, 11, 12, 13},
                   {"axis", "keepdims", "select_last_index"}, "", argReduce<nn::ArgMaxOp>});
  table.push_back({"ArgMin", {1, 11, 12, 13}, {1, 11, 12, 13},
                   {"axis", "keepdims", "select_last_index"}, "", argReduce<nn::ArgMinOp>});
  table.push_back({"BatchNormalization", {1, 6, 7, 9, 14, 15}, {6, 7, 9, 14, 15},
                   {"epsilon", "is_test", "momentum", "spatial", "training_mode"},
                   "training_mode=1 from version 14 (batch statistics, running "
                   "statistics updated)", batchNorm});
  table.push_back({"CumSum", {11, 14}, {11, 14}, {"exclusive", "reverse"},
                   "constant or run-time axis", cumsum});
  table.push_back({"GlobalAveragePool", {1, 22}, {1, 22}, {}, "",
                   globalPool<K::Mean>});
  table.push_back({"GlobalMaxPool", {1, 22}, {1, 22}, {}, "", globalPool<K::Max>});
  table.push_back({"Hardmax", {1, 11, 13}, {1, 11, 13}, {"axis"}, "",
                   softmaxLike<nn::HardmaxOp>});
  table.push_back({"RMSNormalization", {23}, {23}, {"axis", "epsilon", "stash_type"},
                   "half precision computed in f32", rmsNorm});
  table.push_back({"InstanceNormalization", {1, 6, 22}, {1, 6, 22},
                   {"consumed_inputs", "epsilon"}, "", instanceNorm});
  table.push_back({"LayerNormalization", {17}, {17}, {"axis", "epsilon", "stash_type"},
                   "stash_type 1", layerNorm});
  table.push_back({"LogSoftmax", {1, 11, 13}, {1, 11, 13}, {"axis"}, "",
                   softmaxLike<nn::LogSoftmaxOp>});
  table.push_back({"LpNormalization", {1, 22}, {1, 22}, {"axis", "p"}, "p = 1 or 2",
                   lpNorm});
  table.push_back({"MeanVarianceNormalization", {9, 13}, {9, 13}, {"axes"}, "",
                   meanVarianceNorm});
}

} // namespace kiln::onnx_frontend
