//===- Reduction.cpp - nn reductions and normalizations to linalg -===//
//
// Every op here becomes a few linalg.generic ops: reductions over the
// reduced axes (init = the neutral element, `reduction` iterators), and
// parallel maps over the reduced or the full shape for what comes before or
// after. Half-precision floats accumulate in f32. `keepdims` results come
// from a tensor.expand_shape of the reduced tensor.
//
// Dynamic dimensions: tensors are created with their run-time sizes
// (tensor.dim of the input), group sizes that divide (mean, standardize) are
// computed at run time, and batch_norm checks that its per-channel operands
// match the input's channel dimension. Static shapes lower to exactly the
// same IR as without any of this.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/NNToLinalg/DynamicSupport.h"
#include "passes/Conversion/NNToLinalg/NNToLinalg.h"
#include "dialects/NN/IR/NNOps.h"
#include "dialects/NN/IR/ReductionShapes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <limits>

using namespace mlir;
using namespace kiln;
using namespace kiln::lowering;

namespace {

using IteratorType = utils::IteratorType;

//===----------------------------------------------------------------------===//
// Scalar helpers
//===----------------------------------------------------------------------===//

/// f32 for floats narrower than f32, else `t` itself.
static Type accumulatorType(Type t) {
  if (auto ft = dyn_cast<FloatType>(t); ft && ft.getWidth() < 32)
    return Float32Type::get(t.getContext());
  return t;
}

/// Extends or truncates a float scalar to `to`.
static Value convertFloat(OpBuilder &b, Location loc, Value v, Type to) {
  if (v.getType() == to)
    return v;
  if (cast<FloatType>(v.getType()).getWidth() < cast<FloatType>(to).getWidth())
    return arith::ExtFOp::create(b, loc, to, v);
  return arith::TruncFOp::create(b, loc, to, v);
}

static Value floatConst(OpBuilder &b, Location loc, Type t, double v) {
  return arith::ConstantOp::create(b, loc, b.getFloatAttr(t, v));
}

static Value isNaN(OpBuilder &b, Location loc, Value v) {
  return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, v, v);
}

/// The position of loop `dim` as an i64.
static Value loopIndexI64(OpBuilder &b, Location loc, int64_t dim) {
  Value i = linalg::IndexOp::create(b, loc, dim);
  return arith::IndexCastOp::create(b, loc, b.getI64Type(), i);
}

//===----------------------------------------------------------------------===//
// Generic builders
//===----------------------------------------------------------------------===//

/// A tensor of `sizes` (static where they are attributes) filled with
/// `value`.
static Value buildFilledSizes(OpBuilder &b, Location loc,
                              ArrayRef<OpFoldResult> sizes, TypedAttr value) {
  Value init = tensor::EmptyOp::create(b, loc, sizes, value.getType());
  Value scalar = arith::ConstantOp::create(b, loc, value);
  return linalg::FillOp::create(b, loc, scalar, init).getResult(0);
}

/// `v` as `type` through a tensor.cast when the op's result type is more
/// (or less) static than what the lowering computed.
static Value castTo(OpBuilder &b, Location loc, Value v, Type type) {
  if (v.getType() == type)
    return v;
  return tensor::CastOp::create(b, loc, type, v);
}

/// Reducing `input` over the sorted, unique `axes`. The sizes of dynamic
/// dimensions are read (tensor.dim) when the space is built.
struct ReductionSpace {
  ReductionSpace(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> axes)
      : axes(axes.begin(), axes.end()) {
    auto type = cast<RankedTensorType>(input.getType());
    shape = type.getShape();
    sizes = tensor::getMixedSizes(b, loc, input);
    int64_t rank = shape.size();
    full = b.getMultiDimIdentityMap(rank);
    SmallVector<AffineExpr> kept;
    for (int64_t d = 0; d < rank; ++d) {
      bool isReduced = llvm::is_contained(axes, d);
      iterators.push_back(isReduced ? IteratorType::reduction
                                    : IteratorType::parallel);
      if (isReduced) {
        if (ShapedType::isDynamic(shape[d]))
          dynamicFactors.push_back(cast<Value>(sizes[d]));
        else
          count *= shape[d];
      } else {
        kept.push_back(b.getAffineDimExpr(d));
        reducedSizes.push_back(sizes[d]);
      }
    }
    reduced = AffineMap::get(rank, 0, kept, b.getContext());
  }

  /// Whether the group size is only known at run time.
  bool hasDynamicCount() const { return !dynamicFactors.empty(); }

  /// The group size as an index value (dynamic counts only).
  Value countValue(OpBuilder &b, Location loc) const {
    Value n = count == 1 ? Value() : arith::ConstantIndexOp::create(b, loc, count);
    for (Value f : dynamicFactors)
      n = n ? arith::MulIOp::create(b, loc, n, f).getResult() : f;
    return n;
  }

  /// The group size converted to the scalar type `t` (float or integer;
  /// integers get at least 1 so that dividing an empty group gives 0).
  Value countAs(OpBuilder &b, Location loc, Type t) const {
    Value n = countValue(b, loc);
    if (!isa<FloatType>(t))
      n = arith::MaxUIOp::create(b, loc, n, arith::ConstantIndexOp::create(b, loc, 1));
    Value i = arith::IndexCastOp::create(b, loc, b.getI64Type(), n);
    if (isa<FloatType>(t))
      return arith::UIToFPOp::create(b, loc, t, i);
    if (t.getIntOrFloatBitWidth() < 64)
      return arith::TruncIOp::create(b, loc, t, i);
    return i;
  }

  ArrayRef<int64_t> shape;
  SmallVector<int64_t> axes;
  SmallVector<OpFoldResult> sizes; ///< of the full shape
  AffineMap full, reduced;
  SmallVector<IteratorType> iterators;
  SmallVector<OpFoldResult> reducedSizes;
  int64_t count = 1;                 ///< static part of the group size
  SmallVector<Value> dynamicFactors; ///< dynamic reduced dimensions
};

/// Body of a reduction: the scalars of the full-shape inputs, of the
/// reduced-shape inputs, and the accumulators; returns the new accumulators.
using ReduceBodyFn = llvm::function_ref<SmallVector<Value>(
    OpBuilder &, Location, ValueRange full, ValueRange reduced, ValueRange acc)>;

/// A linalg.generic reducing `full` (each of the space's full shape, read
/// along with the `reduced` operands broadcast over the reduced axes) into
/// one accumulator per entry of `inits` (type, initial value).
static SmallVector<Value>
buildReduction(OpBuilder &b, Location loc, const ReductionSpace &space,
               ValueRange full, ValueRange reduced,
               ArrayRef<std::pair<Type, TypedAttr>> inits, ReduceBodyFn body) {
  SmallVector<Value> inputs(full), outs;
  inputs.append(reduced.begin(), reduced.end());
  SmallVector<AffineMap> maps(full.size(), space.full);
  maps.append(reduced.size(), space.reduced);
  SmallVector<Type> resultTypes;
  for (auto [et, init] : inits) {
    outs.push_back(buildFilledSizes(b, loc, space.reducedSizes, init));
    resultTypes.push_back(outs.back().getType());
    maps.push_back(space.reduced);
  }
  auto generic = linalg::GenericOp::create(
      b, loc, resultTypes, inputs, outs, maps, space.iterators,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        SmallVector<Value> r =
            body(nb, nloc, args.take_front(full.size()),
                 args.slice(full.size(), reduced.size()),
                 args.drop_front(full.size() + reduced.size()));
        linalg::YieldOp::create(nb, nloc, r);
      });
  return SmallVector<Value>(generic.getResults());
}

/// A parallel linalg.generic producing a tensor of `sizes` and element
/// type `et`; input `i` is read through `maps[i]` (identity when `maps` is
/// empty).
static Value buildMap(OpBuilder &b, Location loc, ArrayRef<OpFoldResult> sizes,
                      Type et, ValueRange inputs, ArrayRef<AffineMap> maps,
                      ScalarBodyFn body) {
  int64_t rank = sizes.size();
  AffineMap id = b.getMultiDimIdentityMap(rank);
  SmallVector<AffineMap> allMaps(maps);
  if (allMaps.empty())
    allMaps.assign(inputs.size(), id);
  allMaps.push_back(id);
  Value init = tensor::EmptyOp::create(b, loc, sizes, et);
  SmallVector<IteratorType> iters(rank, IteratorType::parallel);
  return linalg::GenericOp::create(
             b, loc, init.getType(), inputs, init, allMaps, iters,
             [&](OpBuilder &nb, Location nloc, ValueRange args) {
               linalg::YieldOp::create(nb, nloc, body(nb, nloc, args.drop_back()));
             })
      .getResult(0);
}

/// Reinserts the reduced `axes` of `space` as size-1 dimensions and casts
/// to the op's result type `keptType` (a no-op for static shapes).
static Value expandKeptDims(OpBuilder &b, Location loc, Value reduced,
                            RankedTensorType keptType,
                            const ReductionSpace &space) {
  if (reduced.getType() == keptType)
    return reduced;
  auto reducedType = cast<RankedTensorType>(reduced.getType());
  if (reducedType.getRank() == keptType.getRank())
    return castTo(b, loc, reduced, keptType); // keepdims = false
  ArrayRef<int64_t> axes = space.axes;
  SmallVector<ReassociationIndices> groups;
  ReassociationIndices pending;
  SmallVector<int64_t> shape;
  SmallVector<OpFoldResult> sizes;
  for (int64_t d = 0; d < keptType.getRank(); ++d) {
    pending.push_back(d);
    bool isReduced = llvm::is_contained(axes, d);
    shape.push_back(isReduced ? 1 : space.shape[d]);
    sizes.push_back(isReduced ? b.getIndexAttr(1) : space.sizes[d]);
    if (!isReduced) {
      groups.push_back(pending);
      pending.clear();
    }
  }
  // Trailing reduced dimensions join the last group (none: rank-0 source).
  if (!groups.empty())
    groups.back().append(pending.begin(), pending.end());
  if (reducedType.hasStaticShape())
    return castTo(b, loc,
                  tensor::ExpandShapeOp::create(
                      b, loc, keptType.clone(shape), reduced, groups),
                  keptType);
  return castTo(b, loc,
                tensor::ExpandShapeOp::create(b, loc, keptType.clone(shape),
                                              reduced, groups, sizes),
                keptType);
}

//===----------------------------------------------------------------------===//
// nn.reduce
//===----------------------------------------------------------------------===//

/// The neutral element of `kind` on the accumulator type `t`.
static TypedAttr neutralElement(OpBuilder &b, nn::ReduceKind kind, Type t,
                                bool isUnsigned = false) {
  using K = nn::ReduceKind;
  if (auto ft = dyn_cast<FloatType>(t)) {
    double inf = std::numeric_limits<double>::infinity();
    switch (kind) {
    case K::Prod: return b.getFloatAttr(ft, 1.0);
    case K::Max: return b.getFloatAttr(ft, -inf);
    case K::Min: return b.getFloatAttr(ft, inf);
    default: return b.getFloatAttr(ft, 0.0);
    }
  }
  unsigned w = t.getIntOrFloatBitWidth();
  bool isBool = w == 1 || isUnsigned; // i1 max/min are unsigned: or/and
  switch (kind) {
  case K::Prod: return b.getIntegerAttr(t, 1);
  case K::Max:
    return b.getIntegerAttr(t, isBool ? APInt::getZero(w) : APInt::getSignedMinValue(w));
  case K::Min:
    return b.getIntegerAttr(t, isBool ? APInt::getAllOnes(w) : APInt::getSignedMaxValue(w));
  default: return b.getIntegerAttr(t, 0);
  }
}

/// One step of the reduction: `acc` combined with the (converted) `x`;
/// `shift` is log_sum_exp's per-group offset.
static Value reduceStep(OpBuilder &b, Location loc, nn::ReduceKind kind, Value x,
                        Value acc, Value shift, bool isUnsigned) {
  using K = nn::ReduceKind;
  Type t = acc.getType();
  if (isa<FloatType>(t)) {
    x = convertFloat(b, loc, x, t);
    switch (kind) {
    case K::Sum:
    case K::Mean:
    case K::LogSum: return arith::AddFOp::create(b, loc, acc, x);
    case K::SumSquare:
    case K::L2:
      return arith::AddFOp::create(b, loc, acc, arith::MulFOp::create(b, loc, x, x));
    case K::L1: return arith::AddFOp::create(b, loc, acc, math::AbsFOp::create(b, loc, x));
    case K::Prod: return arith::MulFOp::create(b, loc, acc, x);
    case K::Max: return arith::MaximumFOp::create(b, loc, acc, x);
    case K::Min: return arith::MinimumFOp::create(b, loc, acc, x);
    case K::LogSumExp:
      return arith::AddFOp::create(
          b, loc, acc,
          math::ExpOp::create(b, loc, arith::SubFOp::create(b, loc, x, shift)));
    }
  }
  bool isBool = t.isInteger(1) || isUnsigned; // unsigned comparisons
  switch (kind) {
  case K::Prod: return arith::MulIOp::create(b, loc, acc, x);
  case K::Max:
    return isBool ? arith::MaxUIOp::create(b, loc, acc, x).getResult()
                  : arith::MaxSIOp::create(b, loc, acc, x).getResult();
  case K::Min:
    return isBool ? arith::MinUIOp::create(b, loc, acc, x).getResult()
                  : arith::MinSIOp::create(b, loc, acc, x).getResult();
  case K::SumSquare:
    return arith::AddIOp::create(b, loc, acc, arith::MulIOp::create(b, loc, x, x));
  case K::L1:
    return arith::AddIOp::create(
        b, loc, acc, isUnsigned ? x : math::AbsIOp::create(b, loc, x).getResult());
  default: return arith::AddIOp::create(b, loc, acc, x);
  }
}

/// Whether `kind` has a per-group finish on accumulators of type `acc` for
/// results of type `et`.
static bool needsFinish(nn::ReduceKind kind, Type acc, Type et) {
  using K = nn::ReduceKind;
  if (kind == K::Mean)
    return true;
  return isa<FloatType>(acc) &&
         (acc != et || kind == K::L2 || kind == K::LogSum || kind == K::LogSumExp);
}

/// The per-group finish of `kind` on the accumulator `acc`, converted to
/// `et` (see needsFinish). Mean divides by `dynCount` (the group size as a
/// scalar of the accumulator type) when it is set, else by `count`.
static Value reduceFinish(OpBuilder &b, Location loc, nn::ReduceKind kind,
                          Value acc, Value shift, int64_t count, Value dynCount,
                          Type et, bool isUnsigned) {
  using K = nn::ReduceKind;
  Type t = acc.getType();
  Value r = acc;
  if (isa<FloatType>(t)) {
    if (kind == K::Mean)
      r = arith::DivFOp::create(b, loc, acc,
                                dynCount ? dynCount : floatConst(b, loc, t, count));
    else if (kind == K::L2)
      r = math::SqrtOp::create(b, loc, acc);
    else if (kind == K::LogSum)
      r = math::LogOp::create(b, loc, acc);
    else if (kind == K::LogSumExp)
      r = arith::AddFOp::create(b, loc, math::LogOp::create(b, loc, acc), shift);
    return convertFloat(b, loc, r, et);
  }
  // An empty integer mean is 0 rather than a division by zero.
  Value n = dynCount ? dynCount
                     : arith::ConstantOp::create(
                           b, loc, b.getIntegerAttr(t, std::max<int64_t>(count, 1)));
  return isUnsigned ? arith::DivUIOp::create(b, loc, acc, n).getResult()
                    : arith::DivSIOp::create(b, loc, acc, n).getResult();
}

struct ReduceLowering : OpRewritePattern<nn::ReduceOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::ReduceOp op,
                                PatternRewriter &rewriter) const override {
    auto kind = nn::parseReduceKind(op.getKind());
    if (!kind)
      return rewriter.notifyMatchFailure(op, "unknown reduction kind");
    Location loc = op.getLoc();
    auto inType = op.getInput().getType();
    Type et = inType.getElementType();
    Type acc = accumulatorType(et);
    ReductionSpace space(rewriter, loc, op.getInput(), op.getAxes());
    bool isUnsigned = op->hasAttr("nn.unsigned"); // kiln-lower-unsigned

    // log_sum_exp subtracts the largest finite maximum of each group (0
    // when there is none, so that all -inf gives -inf and +inf gives +inf).
    Value shift;
    if (*kind == nn::ReduceKind::LogSumExp) {
      Value max = buildReduction(
          rewriter, loc, space, op.getInput(), {},
          {{acc, neutralElement(rewriter, nn::ReduceKind::Max, acc)}},
          [&](OpBuilder &b, Location l, ValueRange full, ValueRange,
              ValueRange a) -> SmallVector<Value> {
            return {arith::MaximumFOp::create(
                b, l, a[0], convertFloat(b, l, full[0], acc))};
          })[0];
      shift = buildMap(rewriter, loc, space.reducedSizes, acc, max, {},
                       [&](OpBuilder &b, Location l, ValueRange args) -> Value {
                         Value m = args[0];
                         Value inf = floatConst(b, l, acc, std::numeric_limits<double>::infinity());
                         Value finite = arith::CmpFOp::create(
                             b, l, arith::CmpFPredicate::ONE,
                             math::AbsFOp::create(b, l, m), inf);
                         return arith::SelectOp::create(
                             b, l, finite, m, floatConst(b, l, acc, 0.0));
                       });
    }

    SmallVector<Value> reducedInputs;
    if (shift)
      reducedInputs.push_back(shift);
    Value r = buildReduction(
        rewriter, loc, space, op.getInput(), reducedInputs,
        {{acc, neutralElement(rewriter, *kind, acc, isUnsigned)}},
        [&](OpBuilder &b, Location l, ValueRange full, ValueRange red,
            ValueRange a) -> SmallVector<Value> {
          return {reduceStep(b, l, *kind, full[0], a[0],
                             red.empty() ? Value() : red[0], isUnsigned)};
        })[0];

    if (needsFinish(*kind, acc, et)) {
      SmallVector<Value> ins{r};
      if (shift)
        ins.push_back(shift);
      Value dynCount;
      if (*kind == nn::ReduceKind::Mean && space.hasDynamicCount())
        dynCount = space.countAs(rewriter, loc, acc);
      r = buildMap(rewriter, loc, space.reducedSizes, et, ins, {},
                   [&](OpBuilder &b, Location l, ValueRange args) {
                     return reduceFinish(b, l, *kind, args[0],
                                         shift ? args[1] : Value(), space.count,
                                         dynCount, et, isUnsigned);
                   });
    }
    rewriter.replaceOp(op, expandKeptDims(rewriter, loc, r, op.getType(), space));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// nn.arg_max / nn.arg_min / nn.hardmax
//===----------------------------------------------------------------------===//

/// The index (i64, reduced shape) of the largest (`isMax`) or smallest
/// element of `input` along `axis`. The combine step is order-independent:
/// the extreme wins, NaN counts as the extreme, and ties go to the smaller
/// index (the larger one with `selectLast`).
static Value buildArgExtreme(OpBuilder &b, Location loc,
                             const ReductionSpace &space, Value input,
                             int64_t axis, bool isMax, bool selectLast,
                             bool isUnsigned = false) {
  Type et = cast<RankedTensorType>(input.getType()).getElementType();
  TypedAttr initValue = neutralElement(
      b, isMax ? nn::ReduceKind::Max : nn::ReduceKind::Min, et, isUnsigned);
  return buildReduction(
      b, loc, space, input, {},
      {{et, initValue}, {b.getI64Type(), b.getI64IntegerAttr(0)}},
      [&](OpBuilder &nb, Location l, ValueRange full, ValueRange,
          ValueRange acc) -> SmallVector<Value> {
        Value x = full[0], cur = acc[0], curIdx = acc[1];
        Value idx = loopIndexI64(nb, l, axis);
        Value better, equal;
        if (isa<FloatType>(et)) {
          auto pred = isMax ? arith::CmpFPredicate::OGT : arith::CmpFPredicate::OLT;
          Value xNaN = isNaN(nb, l, x), curNaN = isNaN(nb, l, cur);
          Value t = arith::ConstantOp::create(nb, l, nb.getBoolAttr(true));
          Value curNotNaN = arith::XOrIOp::create(nb, l, curNaN, t);
          // better: x is NaN and cur is not, or both are numbers and x wins.
          better = arith::OrIOp::create(
              nb, l, arith::AndIOp::create(nb, l, xNaN, curNotNaN),
              arith::CmpFOp::create(nb, l, pred, x, cur));
          equal = arith::OrIOp::create(
              nb, l, arith::AndIOp::create(nb, l, xNaN, curNaN),
              arith::CmpFOp::create(nb, l, arith::CmpFPredicate::OEQ, x, cur));
        } else {
          bool isBool = et.isInteger(1) || isUnsigned;
          auto pred = isMax ? (isBool ? arith::CmpIPredicate::ugt : arith::CmpIPredicate::sgt)
                            : (isBool ? arith::CmpIPredicate::ult : arith::CmpIPredicate::slt);
          better = arith::CmpIOp::create(nb, l, pred, x, cur);
          equal = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::eq, x, cur);
        }
        Value tieWins = arith::CmpIOp::create(
            nb, l, selectLast ? arith::CmpIPredicate::sgt : arith::CmpIPredicate::slt,
            idx, curIdx);
        Value take = arith::OrIOp::create(
            nb, l, better, arith::AndIOp::create(nb, l, equal, tieWins));
        return {arith::SelectOp::create(nb, l, take, x, cur),
                arith::SelectOp::create(nb, l, take, idx, curIdx)};
      })[1];
}

template <typename OpTy>
struct ArgReduceLowering : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op, PatternRewriter &rewriter) const override {
    int64_t axis = static_cast<int64_t>(op.getAxis()); // I64Attr is unsigned
    ReductionSpace space(rewriter, op.getLoc(), op.getInput(), {axis});
    Value idx = buildArgExtreme(rewriter, op.getLoc(), space, op.getInput(), axis,
                                std::is_same_v<OpTy, nn::ArgMaxOp>,
                                op.getSelectLastIndex(),
                                op->hasAttr("nn.unsigned"));
    rewriter.replaceOp(op, expandKeptDims(rewriter, op.getLoc(), idx,
                                          op.getType(), space));
    return success();
  }
};

static int64_t positiveAxis(int64_t axis, int64_t rank) {
  return axis < 0 ? axis + rank : axis;
}

/// Hardmax: the first arg-max along the axis, then 1 where the loop index
/// along the axis equals it.
struct HardmaxLowering : OpRewritePattern<nn::HardmaxOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::HardmaxOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = op.getType();
    int64_t axis = positiveAxis(static_cast<int64_t>(op.getAxis()), type.getRank());
    ReductionSpace space(rewriter, loc, op.getInput(), {axis});
    Value idx = buildArgExtreme(rewriter, loc, space, op.getInput(), axis, true, false);
    Type et = type.getElementType();
    Value r = buildMap(rewriter, loc, space.sizes, et, idx, {space.reduced},
                       [&](OpBuilder &b, Location l, ValueRange args) -> Value {
                         Value here = loopIndexI64(b, l, axis);
                         Value hit = arith::CmpIOp::create(
                             b, l, arith::CmpIPredicate::eq, here, args[0]);
                         return arith::SelectOp::create(b, l, hit,
                                                        floatConst(b, l, et, 1.0),
                                                        floatConst(b, l, et, 0.0));
                       });
    rewriter.replaceOp(op, r);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// nn.log_softmax
//===----------------------------------------------------------------------===//

/// x - max - log(sum(exp(x - max))): max-reduce, sum-reduce of exp(x - max),
/// then one map over the full shape.
struct LogSoftmaxLowering : OpRewritePattern<nn::LogSoftmaxOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::LogSoftmaxOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = op.getType();
    Type et = type.getElementType(), acc = accumulatorType(et);
    int64_t axis = positiveAxis(static_cast<int64_t>(op.getAxis()), type.getRank());
    ReductionSpace space(rewriter, loc, op.getInput(), {axis});
    Value x = op.getInput();
    Value max = buildReduction(
        rewriter, loc, space, x, {},
        {{acc, neutralElement(rewriter, nn::ReduceKind::Max, acc)}},
        [&](OpBuilder &b, Location l, ValueRange full, ValueRange,
            ValueRange a) -> SmallVector<Value> {
          return {arith::MaximumFOp::create(b, l, a[0], convertFloat(b, l, full[0], acc))};
        })[0];
    Value sum = buildReduction(
        rewriter, loc, space, x, max, {{acc, rewriter.getFloatAttr(acc, 0.0)}},
        [&](OpBuilder &b, Location l, ValueRange full, ValueRange red,
            ValueRange a) -> SmallVector<Value> {
          Value d = arith::SubFOp::create(b, l, convertFloat(b, l, full[0], acc), red[0]);
          return {arith::AddFOp::create(b, l, a[0], math::ExpOp::create(b, l, d))};
        })[0];
    Value r = buildMap(rewriter, loc, space.sizes, et, {x, max, sum},
                       {space.full, space.reduced, space.reduced},
                       [&](OpBuilder &b, Location l, ValueRange args) -> Value {
                         Value d = arith::SubFOp::create(
                             b, l, convertFloat(b, l, args[0], acc), args[1]);
                         Value y = arith::SubFOp::create(
                             b, l, d, math::LogOp::create(b, l, args[2]));
                         return convertFloat(b, l, y, et);
                       });
    rewriter.replaceOp(op, r);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// nn.cumsum
//===----------------------------------------------------------------------===//

/// One generic with an extra reduction loop j along the axis: output i
/// accumulates x[j] where j is in the summed range of i.
struct CumSumLowering : OpRewritePattern<nn::CumSumOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::CumSumOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = op.getType();
    Type et = type.getElementType();
    int64_t rank = type.getRank();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    MLIRContext *ctx = rewriter.getContext();
    SmallVector<AffineExpr> inExprs, outExprs;
    for (int64_t d = 0; d < rank; ++d) {
      outExprs.push_back(getAffineDimExpr(d, ctx));
      inExprs.push_back(getAffineDimExpr(d == axis ? rank : d, ctx));
    }
    SmallVector<AffineMap> maps{AffineMap::get(rank + 1, 0, inExprs, ctx),
                                AffineMap::get(rank + 1, 0, outExprs, ctx)};
    SmallVector<IteratorType> iters(rank, IteratorType::parallel);
    iters.push_back(IteratorType::reduction);
    TypedAttr zero = isa<FloatType>(et) ? TypedAttr(rewriter.getFloatAttr(et, 0.0))
                                        : TypedAttr(rewriter.getIntegerAttr(et, 0));
    Value init = buildFilledSizes(
        rewriter, loc, tensor::getMixedSizes(rewriter, loc, op.getInput()), zero);
    arith::CmpIPredicate pred =
        op.getReverse() ? (op.getExclusive() ? arith::CmpIPredicate::ugt
                                             : arith::CmpIPredicate::uge)
                        : (op.getExclusive() ? arith::CmpIPredicate::ult
                                             : arith::CmpIPredicate::ule);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, init.getType(), op.getInput(), init, maps, iters,
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value i = linalg::IndexOp::create(b, l, axis);
          Value j = linalg::IndexOp::create(b, l, rank);
          Value in = arith::CmpIOp::create(b, l, pred, j, i);
          Value z = arith::ConstantOp::create(b, l, zero);
          Value v = arith::SelectOp::create(b, l, in, args[0], z);
          Value s = isa<FloatType>(et)
                        ? arith::AddFOp::create(b, l, args[1], v).getResult()
                        : arith::AddIOp::create(b, l, args[1], v).getResult();
          linalg::YieldOp::create(b, l, s);
        });
    rewriter.replaceOp(op, castTo(rewriter, loc, generic.getResult(0), type));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// nn.batch_norm / nn.standardize
//===----------------------------------------------------------------------===//

/// One generic: scale * (x - mean) / sqrt(var + epsilon) + bias, the
/// per-channel operands read at the channel loop. A per-channel operand
/// whose size is not known to equal the channel dimension is checked first.
struct BatchNormLowering : OpRewritePattern<nn::BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::BatchNormOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = op.getType();
    Type et = type.getElementType(), acc = accumulatorType(et);
    int64_t rank = type.getRank();
    AffineMap id = rewriter.getMultiDimIdentityMap(rank);
    AffineMap channel = AffineMap::get(rank, 0, rewriter.getAffineDimExpr(1));
    double eps = op.getEpsilon().convertToDouble();
    SmallVector<OpFoldResult> sizes =
        tensor::getMixedSizes(rewriter, loc, op.getInput());
    int64_t channels = op.getInput().getType().getDimSize(1);
    std::pair<Value, StringRef> perChannel[] = {{op.getScale(), "scale"},
                                                {op.getBias(), "bias"},
                                                {op.getMean(), "mean"},
                                                {op.getVar(), "var"}};
    for (auto [v, name] : perChannel) {
      int64_t n = cast<RankedTensorType>(v.getType()).getDimSize(0);
      if (!ShapedType::isDynamic(n) && !ShapedType::isDynamic(channels))
        continue;
      Value got = getValueOrCreateConstantIndexOp(
          rewriter, loc, tensor::getMixedSize(rewriter, loc, v, 0));
      Value want = getValueOrCreateConstantIndexOp(rewriter, loc, sizes[1]);
      Value same = arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::eq,
                                         got, want);
      emitShapeCheck(rewriter, loc, op, same,
                     "the size of '" + name +
                         "' differs from the channel dimension (1) of the input");
    }
    Value r = buildMap(
        rewriter, loc, sizes, et,
        {op.getInput(), op.getScale(), op.getBias(), op.getMean(), op.getVar()},
        {id, channel, channel, channel, channel},
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          SmallVector<Value> v;
          for (Value a : args)
            v.push_back(convertFloat(b, l, a, acc));
          Value centered = arith::SubFOp::create(b, l, v[0], v[3]);
          Value std = math::SqrtOp::create(
              b, l, arith::AddFOp::create(b, l, v[4], floatConst(b, l, acc, eps)));
          Value scaled = arith::DivFOp::create(
              b, l, arith::MulFOp::create(b, l, v[1], centered), std);
          return convertFloat(b, l, arith::AddFOp::create(b, l, scaled, v[2]), et);
        });
    rewriter.replaceOp(op, castTo(rewriter, loc, r, type));
    return success();
  }
};

/// sum -> mean, sum((x - mean)^2) -> 1 / sqrt(var + epsilon), then the
/// normalized output; the statistics come back with the axes kept.
struct StandardizeLowering : OpRewritePattern<nn::StandardizeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::StandardizeOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getOutput().getType());
    Type et = type.getElementType(), acc = accumulatorType(et);
    Value x = op.getInput();
    ReductionSpace space(rewriter, loc, x, op.getAxes());
    double n = static_cast<double>(space.count);
    // The group size, as a constant in the bodies or computed once at run time.
    Value dynCount = space.hasDynamicCount() ? space.countAs(rewriter, loc, acc) : Value();
    auto count = [&](OpBuilder &b, Location l) {
      return dynCount ? dynCount : floatConst(b, l, acc, n);
    };
    double eps = op.getEpsilon().convertToDouble();

    Value sum = buildReduction(
        rewriter, loc, space, x, {}, {{acc, rewriter.getFloatAttr(acc, 0.0)}},
        [&](OpBuilder &b, Location l, ValueRange full, ValueRange,
            ValueRange a) -> SmallVector<Value> {
          return {arith::AddFOp::create(b, l, a[0], convertFloat(b, l, full[0], acc))};
        })[0];
    Value mean = buildMap(rewriter, loc, space.reducedSizes, acc, sum, {},
                          [&](OpBuilder &b, Location l, ValueRange args) -> Value {
                            return arith::DivFOp::create(b, l, args[0], count(b, l));
                          });
    Value squares = buildReduction(
        rewriter, loc, space, x, mean, {{acc, rewriter.getFloatAttr(acc, 0.0)}},
        [&](OpBuilder &b, Location l, ValueRange full, ValueRange red,
            ValueRange a) -> SmallVector<Value> {
          Value d = arith::SubFOp::create(b, l, convertFloat(b, l, full[0], acc), red[0]);
          return {arith::AddFOp::create(b, l, a[0], arith::MulFOp::create(b, l, d, d))};
        })[0];
    Value inv = buildMap(
        rewriter, loc, space.reducedSizes, acc, squares, {},
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          Value var = arith::DivFOp::create(b, l, args[0], count(b, l));
          Value std = math::SqrtOp::create(
              b, l, arith::AddFOp::create(b, l, var, floatConst(b, l, acc, eps)));
          return arith::DivFOp::create(b, l, floatConst(b, l, acc, 1.0), std);
        });
    Value y = buildMap(rewriter, loc, space.sizes, et, {x, mean, inv},
                       {space.full, space.reduced, space.reduced},
                       [&](OpBuilder &b, Location l, ValueRange args) -> Value {
                         Value d = arith::SubFOp::create(
                             b, l, convertFloat(b, l, args[0], acc), args[1]);
                         return convertFloat(
                             b, l, arith::MulFOp::create(b, l, d, args[2]), et);
                       });
    auto stat = [&](Value v) {
      if (acc != et)
        v = buildMap(rewriter, loc, space.reducedSizes, et, v, {},
                     [&](OpBuilder &b, Location l, ValueRange args) -> Value {
                       return convertFloat(b, l, args[0], et);
                     });
      return expandKeptDims(rewriter, loc, v,
                            cast<RankedTensorType>(op.getMean().getType()), space);
    };
    Value meanOut = stat(mean), invOut = stat(inv);
    rewriter.replaceOp(op, {castTo(rewriter, loc, y, type), meanOut, invOut});
    return success();
  }
};

} // namespace

bool kiln::lowering::reductionSupportsDynamic(Operation *op) {
  return isa<nn::ReduceOp, nn::ArgMaxOp, nn::ArgMinOp, nn::HardmaxOp,
             nn::LogSoftmaxOp, nn::CumSumOp, nn::BatchNormOp, nn::StandardizeOp>(op);
}

void kiln::populateNNReductionToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ReduceLowering, ArgReduceLowering<nn::ArgMaxOp>,
               ArgReduceLowering<nn::ArgMinOp>, HardmaxLowering,
               LogSoftmaxLowering, CumSumLowering, BatchNormLowering,
               StandardizeLowering>(patterns.getContext());
}
