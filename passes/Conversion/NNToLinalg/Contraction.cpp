//===- Contraction.cpp - nn.matmul and nn.gemm to linalg ------------------===//
//
// Both become one linalg.generic contraction whose indexing maps encode
// transposes and batch broadcasting, accumulating into either zeros or the
// (scaled, broadcast) Gemm bias.
//
// Dynamic dimensions: sizes come from tensor.dim, and every fact the types
// cannot prove is checked at run time before anything is read: equal
// contraction dimensions, equal batch dimensions (only a static 1
// broadcasts: a dynamic batch dimension must match the other operand's),
// Gemm's C being 1 or the result's size along each dimension (a dynamic C
// dimension that may be 1 is read through a clamped index). This file also
// holds the size helpers of DynamicSupport.h.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/NNToLinalg/NNToLinalg.h"
#include "passes/Conversion/NNToLinalg/DynamicSupport.h"
#include "dialects/NN/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace kiln;
using namespace kiln::lowering;

//===----------------------------------------------------------------------===//
// Size helpers shared with ConvPool.cpp (DynamicSupport.h)
//===----------------------------------------------------------------------===//

static std::optional<int64_t> staticIndex(OpFoldResult x) {
  if (auto attr = dyn_cast<Attribute>(x))
    return cast<IntegerAttr>(attr).getInt();
  return std::nullopt;
}

/// `x op y`: folded to an attribute when both are static, or when `unit`
/// (the identity on the right, if any) makes it `x`.
template <typename OpTy, typename FoldFn>
static OpFoldResult binary(OpBuilder &b, Location loc, OpFoldResult x,
                           OpFoldResult y, FoldFn fold,
                           std::optional<int64_t> unit) {
  auto cx = staticIndex(x), cy = staticIndex(y);
  if (cx && cy)
    return b.getIndexAttr(fold(*cx, *cy));
  if (unit && cy == unit)
    return x;
  Value vx = getValueOrCreateConstantIndexOp(b, loc, x);
  Value vy = getValueOrCreateConstantIndexOp(b, loc, y);
  return OpTy::create(b, loc, vx, vy).getResult();
}

OpFoldResult kiln::lowering::dyn::index(OpBuilder &b, int64_t v) {
  return b.getIndexAttr(v);
}

OpFoldResult kiln::lowering::dyn::add(OpBuilder &b, Location loc,
                                      OpFoldResult x, OpFoldResult y) {
  return binary<arith::AddIOp>(
      b, loc, x, y, [](int64_t p, int64_t q) { return p + q; }, 0);
}

OpFoldResult kiln::lowering::dyn::sub(OpBuilder &b, Location loc,
                                      OpFoldResult x, OpFoldResult y) {
  return binary<arith::SubIOp>(
      b, loc, x, y, [](int64_t p, int64_t q) { return p - q; }, 0);
}

OpFoldResult kiln::lowering::dyn::mul(OpBuilder &b, Location loc,
                                      OpFoldResult x, OpFoldResult y) {
  return binary<arith::MulIOp>(
      b, loc, x, y, [](int64_t p, int64_t q) { return p * q; }, 1);
}

OpFoldResult kiln::lowering::dyn::div(OpBuilder &b, Location loc,
                                      OpFoldResult x, OpFoldResult y) {
  return binary<arith::DivSIOp>(
      b, loc, x, y, [](int64_t p, int64_t q) { return p / q; }, 1);
}

OpFoldResult kiln::lowering::dyn::max(OpBuilder &b, Location loc,
                                      OpFoldResult x, OpFoldResult y) {
  return binary<arith::MaxSIOp>(
      b, loc, x, y, [](int64_t p, int64_t q) { return std::max(p, q); },
      std::nullopt);
}

Value kiln::lowering::dyn::cmp(OpBuilder &b, Location loc,
                               arith::CmpIPredicate pred, OpFoldResult x,
                               OpFoldResult y) {
  Value vx = getValueOrCreateConstantIndexOp(b, loc, x);
  Value vy = getValueOrCreateConstantIndexOp(b, loc, y);
  return arith::CmpIOp::create(b, loc, pred, vx, vy);
}

SmallVector<int64_t>
kiln::lowering::dyn::shapeOf(ArrayRef<OpFoldResult> sizes) {
  SmallVector<int64_t> shape;
  for (OpFoldResult s : sizes)
    shape.push_back(staticIndex(s).value_or(ShapedType::kDynamic));
  return shape;
}

Value kiln::lowering::dyn::buildFilled(OpBuilder &b, Location loc,
                                       ArrayRef<OpFoldResult> sizes,
                                       TypedAttr value) {
  auto type = RankedTensorType::get(shapeOf(sizes), value.getType());
  if (type.hasStaticShape())
    return lowering::buildFilled(b, loc, type, value);
  Value init = tensor::EmptyOp::create(b, loc, sizes, value.getType());
  Value scalar = arith::ConstantOp::create(b, loc, value);
  return linalg::FillOp::create(b, loc, scalar, init).getResult(0);
}

Value kiln::lowering::dyn::reshapeTo(
    OpBuilder &b, Location loc, Value value, RankedTensorType type,
    ArrayRef<ReassociationIndices> reassociation,
    ArrayRef<OpFoldResult> sizes) {
  auto from = cast<RankedTensorType>(value.getType());
  if (from == type)
    return value;
  if (from.hasStaticShape() && type.hasStaticShape())
    return lowering::buildReshape(b, loc, value, type);
  if (type.getRank() > from.getRank())
    return tensor::ExpandShapeOp::create(b, loc, type, value, reassociation,
                                         sizes);
  return tensor::CollapseShapeOp::create(b, loc, type, value, reassociation);
}

Value kiln::lowering::dyn::castToType(OpBuilder &b, Location loc, Operation *op,
                                      Value value, RankedTensorType type) {
  auto from = cast<RankedTensorType>(value.getType());
  if (from == type)
    return value;
  for (int64_t i = 0; i < type.getRank(); ++i) {
    if (type.isDynamicDim(i) || !from.isDynamicDim(i))
      continue;
    Value size = tensor::DimOp::create(b, loc, value, i);
    emitShapeCheck(b, loc, op,
                   cmp(b, loc, arith::CmpIPredicate::eq, size,
                       index(b, type.getDimSize(i))),
                   "result dimension " + Twine(i) +
                       " differs from its declared size " +
                       Twine(type.getDimSize(i)));
  }
  return tensor::CastOp::create(b, loc, type, value);
}

namespace {

static Value mulAdd(OpBuilder &b, Location loc, Value acc, Value x, Value y,
                    std::optional<double> scale) {
  if (isa<FloatType>(acc.getType())) {
    // Reassociation lets the reduction vectorize; contraction allows FMA.
    auto fm = arith::FastMathFlagsAttr::get(
        b.getContext(), arith::FastMathFlags::reassoc | arith::FastMathFlags::contract);
    Value p = arith::MulFOp::create(b, loc, x, y, fm);
    if (scale)
      p = arith::MulFOp::create(
          b, loc, p,
          arith::ConstantOp::create(b, loc, b.getFloatAttr(acc.getType(), *scale)), fm);
    return arith::AddFOp::create(b, loc, acc, p, fm);
  }
  return arith::AddIOp::create(b, loc, acc, arith::MulIOp::create(b, loc, x, y));
}

/// `v` with every element converted to the float type `to` (extf or
/// truncf), by an elementwise linalg.generic.
static Value convertFloats(OpBuilder &b, Location loc, Value v, FloatType to) {
  auto t = cast<RankedTensorType>(v.getType());
  auto from = cast<FloatType>(t.getElementType());
  Value empty = tensor::EmptyOp::create(b, loc, tensor::getMixedSizes(b, loc, v), to);
  AffineMap id = b.getMultiDimIdentityMap(t.getRank());
  SmallVector<utils::IteratorType> iters(t.getRank(), utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             b, loc, empty.getType(), v, empty, ArrayRef<AffineMap>{id, id}, iters,
             [&](OpBuilder &nb, Location l, ValueRange a) {
               Value x = to.getWidth() > from.getWidth()
                             ? arith::ExtFOp::create(nb, l, to, a[0]).getResult()
                             : arith::TruncFOp::create(nb, l, to, a[0]).getResult();
               linalg::YieldOp::create(nb, l, x);
             })
      .getResult(0);
}

/// Builds `init += lhs * rhs` over loops (parallel..., reduction k) with the
/// given maps; `numParallel` leading loops are parallel, the last reduces.
/// Half-precision floats are multiplied and summed in f32 and rounded once
/// at the end, as the reference implementations do.
static Value buildContraction(OpBuilder &b, Location loc, Value lhs, Value rhs,
                              Value init, ArrayRef<AffineMap> maps,
                              unsigned numParallel, std::optional<double> scale) {
  SmallVector<utils::IteratorType> iters(numParallel, utils::IteratorType::parallel);
  iters.push_back(utils::IteratorType::reduction);
  auto narrow = dyn_cast<FloatType>(cast<RankedTensorType>(init.getType()).getElementType());
  if (narrow && narrow.getWidth() < 32) {
    FloatType f32 = b.getF32Type();
    Value wide = convertFloats(b, loc, init, f32);
    Value r = linalg::GenericOp::create(
                  b, loc, wide.getType(), ValueRange{lhs, rhs}, wide, maps, iters,
                  [&](OpBuilder &nb, Location l, ValueRange a) {
                    Value x = arith::ExtFOp::create(nb, l, f32, a[0]);
                    Value y = arith::ExtFOp::create(nb, l, f32, a[1]);
                    linalg::YieldOp::create(nb, l, mulAdd(nb, l, a[2], x, y, scale));
                  })
                  .getResult(0);
    return convertFloats(b, loc, r, narrow);
  }
  return linalg::GenericOp::create(
             b, loc, init.getType(), ValueRange{lhs, rhs}, init, maps, iters,
             [&](OpBuilder &nb, Location l, ValueRange a) {
               linalg::YieldOp::create(nb, l, mulAdd(nb, l, a[2], a[0], a[1], scale));
             })
      .getResult(0);
}

static TypedAttr zeroAttr(OpBuilder &b, Type t) {
  if (isa<FloatType>(t))
    return b.getFloatAttr(t, 0.0);
  return b.getIntegerAttr(t, 0);
}

static bool isDyn(int64_t d) { return ShapedType::isDynamic(d); }

/// Checks at run time that two sizes, not both static, are equal. (A
/// braced pair is built left to right, so the IR's order is fixed.)
static void checkEqual(OpBuilder &b, Location loc, Operation *op,
                       std::pair<OpFoldResult, OpFoldResult> sizes,
                       const Twine &message) {
  emitShapeCheck(
      b, loc, op,
      dyn::cmp(b, loc, arith::CmpIPredicate::eq, sizes.first, sizes.second),
      message);
}

struct MatMulLowering : OpRewritePattern<nn::MatMulOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::MatMulOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value lhs = op.getLhs(), rhs = op.getRhs();
    auto lt = cast<RankedTensorType>(lhs.getType());
    auto rt = cast<RankedTensorType>(rhs.getType());
    int64_t lhsRank = lt.getRank(), rhsRank = rt.getRank();
    Type et = lt.getElementType();
    auto lhsSize = [&](int64_t d) {
      return tensor::getMixedSize(rewriter, loc, op.getLhs(), d);
    };
    auto rhsSize = [&](int64_t d) {
      return tensor::getMixedSize(rewriter, loc, op.getRhs(), d);
    };
    OpFoldResult one = dyn::index(rewriter, 1);
    // Promote rank-1 operands to matrices.
    if (lhsRank == 1) {
      lt = RankedTensorType::get({1, lt.getDimSize(0)}, et);
      lhs = dyn::reshapeTo(rewriter, loc, lhs, lt, {{0, 1}}, {one, lhsSize(0)});
    }
    if (rhsRank == 1) {
      rt = RankedTensorType::get({rt.getDimSize(0), 1}, et);
      rhs = dyn::reshapeTo(rewriter, loc, rhs, rt, {{0, 1}}, {rhsSize(0), one});
    }
    // The contraction dimensions must agree before anything is read.
    int64_t lhsK = lhsRank - 1, rhsK = rhsRank == 1 ? 0 : rhsRank - 2;
    if (isDyn(lt.getDimSize(lt.getRank() - 1)) ||
        isDyn(rt.getDimSize(rt.getRank() - 2)))
      checkEqual(rewriter, loc, op, {lhsSize(lhsK), rhsSize(rhsK)},
                 "contraction dimension of operand 0 (dim " + Twine(lhsK) +
                     ") differs from operand 1 (dim " + Twine(rhsK) + ")");
    // Batch dimensions: a static 1 broadcasts; otherwise both sides must
    // agree (checked when one is dynamic).
    ArrayRef<int64_t> lb = lt.getShape().drop_back(2), rb = rt.getShape().drop_back(2);
    size_t nb = std::max(lb.size(), rb.size());
    size_t offL = nb - lb.size(), offR = nb - rb.size();
    SmallVector<OpFoldResult> outSizes;
    for (size_t i = 0; i < nb; ++i) {
      int64_t a = i < offL ? 1 : lb[i - offL];
      int64_t c = i < offR ? 1 : rb[i - offR];
      if (a == 1) {
        outSizes.push_back(i < offR ? one : rhsSize(i - offR));
      } else if (c == 1) {
        outSizes.push_back(lhsSize(i - offL));
      } else {
        if (isDyn(a) || isDyn(c))
          checkEqual(rewriter, loc, op, {lhsSize(i - offL), rhsSize(i - offR)},
                     "batch dimension of operand 0 (dim " + Twine(i - offL) +
                         ") differs from operand 1 (dim " + Twine(i - offR) +
                         "); only a static 1 broadcasts");
        outSizes.push_back(isDyn(c) ? lhsSize(i - offL) : rhsSize(i - offR));
      }
    }
    outSizes.push_back(lhsRank == 1 ? one : lhsSize(lhsRank - 2));
    outSizes.push_back(rhsRank == 1 ? one : rhsSize(rhsRank - 1));
    SmallVector<int64_t> outShape = dyn::shapeOf(outSizes);
    // Loops: batch..., m, n, k.
    unsigned numLoops = nb + 3;
    auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
    auto operandMap = [&](ArrayRef<int64_t> batch, AffineExpr r0, AffineExpr r1) {
      SmallVector<AffineExpr> e;
      size_t off = nb - batch.size();
      for (size_t i = 0; i < batch.size(); ++i)
        e.push_back(batch[i] == 1 && outShape[i + off] != 1
                        ? getAffineConstantExpr(0, ctx)
                        : d(i + off));
      e.append({r0, r1});
      return AffineMap::get(numLoops, 0, e, ctx);
    };
    SmallVector<AffineExpr> outExprs;
    for (unsigned i = 0; i < nb + 2; ++i)
      outExprs.push_back(d(i));
    SmallVector<AffineMap> maps{operandMap(lb, d(nb), d(nb + 2)),
                                operandMap(rb, d(nb + 2), d(nb + 1)),
                                AffineMap::get(numLoops, 0, outExprs, ctx)};
    Value init =
        dyn::buildFilled(rewriter, loc, outSizes, zeroAttr(rewriter, et));
    Value r = buildContraction(rewriter, loc, lhs, rhs, init, maps, nb + 2, std::nullopt);
    // Drop the unit dimensions that rank-1 promotion added.
    auto resultType = cast<RankedTensorType>(op.getType());
    if (lhsRank == 1 || rhsRank == 1) {
      SmallVector<int64_t> shape;
      SmallVector<ReassociationIndices> groups;
      ReassociationIndices leading;
      for (int64_t i = 0; i < static_cast<int64_t>(nb) + 2; ++i) {
        bool dropped = (i == static_cast<int64_t>(nb) && lhsRank == 1) ||
                       (i == static_cast<int64_t>(nb) + 1 && rhsRank == 1);
        if (!dropped) {
          shape.push_back(outShape[i]);
          groups.push_back({i});
          groups.back().insert(groups.back().begin(), leading.begin(),
                               leading.end());
          leading.clear();
        } else if (groups.empty()) {
          leading.push_back(i);
        } else {
          groups.back().push_back(i);
        }
      }
      r = dyn::reshapeTo(rewriter, loc, r, RankedTensorType::get(shape, et),
                         groups);
    }
    rewriter.replaceOp(op, dyn::castToType(rewriter, loc, op, r, resultType));
    return success();
  }
};

/// Gemm's `beta * C` broadcast to `outSizes`. A dimension of C that is
/// dynamic may be 1 or the result's size at run time: it is checked, and
/// read through an index clamped to 0 when it is 1. A static dimension of C
/// other than 1 fixes a dynamic result size (after a check): `outSizes` is
/// refined in place.
static Value buildGemmBias(OpBuilder &b, Location loc, nn::GemmOp op,
                           SmallVectorImpl<OpFoldResult> &outSizes,
                           double beta) {
  MLIRContext *ctx = b.getContext();
  Value c = op.getC();
  auto cType = cast<RankedTensorType>(c.getType());
  Type et = cType.getElementType();
  auto outType = RankedTensorType::get(dyn::shapeOf(outSizes), et);
  auto scaled = [&](OpBuilder &nb, Location l, Value v) -> Value {
    if (beta == 1.0)
      return v;
    return arith::MulFOp::create(
               nb, l, v,
               arith::ConstantOp::create(nb, l, nb.getFloatAttr(et, beta)))
        .getResult();
  };
  if (cType.hasStaticShape() && outType.hasStaticShape())
    return buildBroadcastElementwise(
        b, loc, outType, c, [&](OpBuilder &nb, Location l, ValueRange a) {
          return scaled(nb, l, a[0]);
        });
  int64_t rank = cType.getRank(), off = 2 - rank;
  SmallVector<AffineExpr> exprs;
  // Per dimension of C: a run-time "C is 1 here" flag, or null.
  SmallVector<Value> isOne(rank);
  bool clamped = false;
  for (int64_t j = 0; j < rank; ++j) {
    int64_t i = j + off, cs = cType.getDimSize(j), os = outType.getDimSize(i);
    if (cs == 1 && os != 1) {
      exprs.push_back(getAffineConstantExpr(0, ctx));
      continue;
    }
    exprs.push_back(getAffineDimExpr(i, ctx));
    if (!isDyn(cs) && !isDyn(os))
      continue;
    OpFoldResult cSize = tensor::getMixedSize(b, loc, c, j);
    if (!isDyn(cs) || os == 1) {
      checkEqual(b, loc, op, {cSize, outSizes[i]},
                 "dimension " + Twine(j) +
                     " of operand C differs from dimension " + Twine(i) +
                     " of the result");
      if (!isDyn(cs))
        outSizes[i] = cSize;
      continue;
    }
    isOne[j] =
        dyn::cmp(b, loc, arith::CmpIPredicate::eq, cSize, dyn::index(b, 1));
    Value ok = arith::OrIOp::create(
        b, loc, isOne[j],
        dyn::cmp(b, loc, arith::CmpIPredicate::eq, cSize, outSizes[i]));
    emitShapeCheck(b, loc, op, ok,
                   "dimension " + Twine(j) +
                       " of operand C is neither 1 nor dimension " + Twine(i) +
                       " of the result");
    clamped = true;
  }
  outType = RankedTensorType::get(dyn::shapeOf(outSizes), et);
  Value empty = tensor::EmptyOp::create(b, loc, outSizes, et);
  SmallVector<utils::IteratorType> iters(2, utils::IteratorType::parallel);
  AffineMap id = b.getMultiDimIdentityMap(2);
  if (!clamped)
    return linalg::GenericOp::create(
               b, loc, outType, c, empty,
               ArrayRef<AffineMap>{AffineMap::get(2, 0, exprs, ctx), id}, iters,
               [&](OpBuilder &nb, Location l, ValueRange a) {
                 linalg::YieldOp::create(nb, l, scaled(nb, l, a[0]));
               })
        .getResult(0);
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  return linalg::GenericOp::create(
             b, loc, outType, ValueRange{}, empty, ArrayRef<AffineMap>{id},
             iters,
             [&](OpBuilder &nb, Location l, ValueRange) {
               SmallVector<Value> idx;
               for (int64_t j = 0; j < rank; ++j) {
                 auto e = exprs[j];
                 if (isa<AffineConstantExpr>(e)) {
                   idx.push_back(zero);
                   continue;
                 }
                 Value v = linalg::IndexOp::create(nb, l, j + off);
                 if (isOne[j])
                   v = arith::SelectOp::create(nb, l, isOne[j], zero, v);
                 idx.push_back(v);
               }
               Value x = tensor::ExtractOp::create(nb, l, c, idx);
               linalg::YieldOp::create(nb, l, scaled(nb, l, x));
             })
      .getResult(0);
}

struct GemmLowering : OpRewritePattern<nn::GemmOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::GemmOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto resultType = cast<RankedTensorType>(op.getType());
    Type et = resultType.getElementType();
    double alpha = op.getAlpha().convertToDouble();
    double beta = op.getBeta().convertToDouble();
    bool transA = op.getTransA(), transB = op.getTransB();
    auto aType = cast<RankedTensorType>(op.getA().getType());
    auto bType = cast<RankedTensorType>(op.getB().getType());
    auto aSize = [&](int64_t d) {
      return tensor::getMixedSize(rewriter, loc, op.getA(), d);
    };
    auto bSize = [&](int64_t d) {
      return tensor::getMixedSize(rewriter, loc, op.getB(), d);
    };
    int64_t aK = transA ? 0 : 1, bK = transB ? 1 : 0;
    if (isDyn(aType.getDimSize(aK)) || isDyn(bType.getDimSize(bK)))
      checkEqual(rewriter, loc, op, {aSize(aK), bSize(bK)},
                 "inner dimension of A (dim " + Twine(aK) +
                     ") differs from B (dim " + Twine(bK) + ")");
    SmallVector<OpFoldResult> outSizes{aSize(1 - aK), bSize(1 - bK)};

    Value init;
    if (op.getC() && beta != 0.0)
      init = buildGemmBias(rewriter, loc, op, outSizes, beta);
    else
      init = dyn::buildFilled(rewriter, loc, outSizes, zeroAttr(rewriter, et));
    // Loops: m, n, k.
    AffineExpr m = getAffineDimExpr(0, ctx), n = getAffineDimExpr(1, ctx),
               k = getAffineDimExpr(2, ctx);
    SmallVector<AffineExpr, 2> aExprs{m, k}, bExprs{k, n}, outExprs{m, n};
    if (transA)
      std::swap(aExprs[0], aExprs[1]);
    if (transB)
      std::swap(bExprs[0], bExprs[1]);
    SmallVector<AffineMap> maps{AffineMap::get(3, 0, aExprs, ctx),
                                AffineMap::get(3, 0, bExprs, ctx),
                                AffineMap::get(3, 0, outExprs, ctx)};
    std::optional<double> scale;
    if (alpha != 1.0)
      scale = alpha;
    Value r = buildContraction(rewriter, loc, op.getA(), op.getB(), init, maps,
                               2, scale);
    rewriter.replaceOp(op, dyn::castToType(rewriter, loc, op, r, resultType));
    return success();
  }
};

} // namespace

bool kiln::lowering::contractionSupportsDynamic(Operation *op) {
  return isa<nn::MatMulOp, nn::GemmOp>(op);
}

void kiln::populateNNContractionToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<MatMulLowering, GemmLowering>(patterns.getContext());
}
