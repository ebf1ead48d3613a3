//===- Grid.cpp - nn.grid_sample and nn.affine_grid to linalg -------------===//
//
// nn.grid_sample, input (N, C, D1..Dr), grid (N, O1..Or, r), in two
// linalg.generic ops:
//
//  - a table over (N, O1..Or) that reads the grid's r coordinates with
//    tensor.extract and computes, per spatial axis, the input indices the
//    interpolation reads (1 tap for nearest, 2 for linear, 4 for cubic) and
//    their weights: the coordinate is denormalized, rounded half to even
//    for nearest, clamped (border) or reflected (reflection) where it lies
//    outside the input's extent, and each tap index is clamped, reflected,
//    or (zeros) clamped with its weight, or nearest's inside flag, zeroed.
//    Indices are always in bounds, so the reads need no guard;
//  - the result over (N, C, O1..Or), which reads the tables through maps
//    that drop the channel dimension, so the coordinate work is shared by
//    all channels, and sums the taps' products (all written out: 2^r or
//    4^r) of weights and input elements read with tensor.extract.
//
// Coordinates and weights are f32 (f64 when the input or the grid is f64),
// as ONNX's reference computes them in the grid's precision.
//
// nn.roi_align: one linalg.generic over the result (R, C, OH, OW) with an
// scf.for nest over each bin's samples (see RoiAlignLowering).
//
// nn.affine_grid, theta (N, r, r + 1) and size (r + 2 entries, constant or
// read at run time): one linalg.generic over the result (N, D1..Dr, r)
// whose body computes the base point's normalized coordinates from the
// loop indices and multiplies out its row of theta (read with
// tensor.extract).
//
// Dynamic dimensions are read with tensor.dim; what the types cannot prove
// (equal batch sizes, the grid's last dimension, non-negative sizes, a
// static result size) is checked with lowering::emitShapeCheck.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/NNToLinalg/Grid.h"
#include "passes/Conversion/NNToLinalg/DynamicSupport.h"
#include "passes/Conversion/NNToLinalg/NNToLinalg.h"
#include "dialects/NN/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace kiln;
using namespace kiln::lowering;

namespace {

using FPred = arith::CmpFPredicate;
using IPred = arith::CmpIPredicate;

/// Scalar arithmetic in the compute float type `ft`; folds on constants.
struct Math {
  OpBuilder &b;
  Location loc;
  Type ft;

  Type i64() const { return b.getI64Type(); }
  Value f(double v) const { return arith::ConstantOp::create(b, loc, b.getFloatAttr(ft, v)); }
  Value i(int64_t v) const { return arith::ConstantIntOp::create(b, loc, b.getI64Type(), v); }
  Value idx(int64_t v) const { return arith::ConstantIndexOp::create(b, loc, v); }

  Value addf(Value l, Value r) const { return b.createOrFold<arith::AddFOp>(loc, l, r); }
  Value subf(Value l, Value r) const { return b.createOrFold<arith::SubFOp>(loc, l, r); }
  Value mulf(Value l, Value r) const { return b.createOrFold<arith::MulFOp>(loc, l, r); }
  Value divf(Value l, Value r) const { return b.createOrFold<arith::DivFOp>(loc, l, r); }
  Value minf(Value l, Value r) const { return b.createOrFold<arith::MinNumFOp>(loc, l, r); }
  Value maxf(Value l, Value r) const { return b.createOrFold<arith::MaxNumFOp>(loc, l, r); }
  Value floor(Value v) const { return b.createOrFold<math::FloorOp>(loc, v); }
  Value roundEven(Value v) const { return b.createOrFold<math::RoundEvenOp>(loc, v); }
  Value cmpf(FPred p, Value l, Value r) const {
    return b.createOrFold<arith::CmpFOp>(loc, p, l, r);
  }
  Value addi(Value l, Value r) const { return b.createOrFold<arith::AddIOp>(loc, l, r); }
  Value subi(Value l, Value r) const { return b.createOrFold<arith::SubIOp>(loc, l, r); }
  Value muli(Value l, Value r) const { return b.createOrFold<arith::MulIOp>(loc, l, r); }
  Value mini(Value l, Value r) const { return b.createOrFold<arith::MinSIOp>(loc, l, r); }
  Value maxi(Value l, Value r) const { return b.createOrFold<arith::MaxSIOp>(loc, l, r); }
  Value cmpi(IPred p, Value l, Value r) const {
    return b.createOrFold<arith::CmpIOp>(loc, p, l, r);
  }
  Value both(Value l, Value r) const {
    if (!l)
      return r;
    return b.createOrFold<arith::AndIOp>(loc, l, r);
  }
  Value either(Value l, Value r) const { return b.createOrFold<arith::OrIOp>(loc, l, r); }
  Value select(Value c, Value t, Value f) const {
    return b.createOrFold<arith::SelectOp>(loc, c, t, f);
  }
  Value itof(Value v) const { return b.createOrFold<arith::SIToFPOp>(loc, ft, v); }
  /// Truncates toward zero.
  Value ftoi(Value v) const { return b.createOrFold<arith::FPToSIOp>(loc, i64(), v); }
  Value indexToI64(Value v) const { return b.createOrFold<arith::IndexCastOp>(loc, i64(), v); }
  Value toIndex(Value v) const {
    return b.createOrFold<arith::IndexCastOp>(loc, b.getIndexType(), v);
  }
  /// A float of any width as `t`.
  Value floatTo(Value v, Type t) const {
    if (v.getType() == t)
      return v;
    if (v.getType().getIntOrFloatBitWidth() < t.getIntOrFloatBitWidth())
      return b.createOrFold<arith::ExtFOp>(loc, t, v);
    return b.createOrFold<arith::TruncFOp>(loc, t, v);
  }
};

/// Emits a run-time check unless `cond` folded to true.
void check(Math &m, Operation *op, Value cond, const Twine &message) {
  if (matchPattern(cond, m_One()))
    return;
  emitShapeCheck(m.b, m.loc, op, cond, message);
}

/// Dimension `d` of `v` as an OpFoldResult (an attribute when static).
OpFoldResult dimOf(OpBuilder &b, Location loc, Value v, int64_t d) {
  auto t = cast<RankedTensorType>(v.getType());
  if (!t.isDynamicDim(d))
    return b.getIndexAttr(t.getDimSize(d));
  return tensor::DimOp::create(b, loc, v, d).getResult();
}

/// `size` as an i64 value.
Value sizeI64(Math &m, OpFoldResult size) {
  if (auto c = getConstantIntValue(size))
    return m.i(*c);
  return m.indexToI64(cast<Value>(size));
}

/// The compute float type: f64 when any of `types` is, else f32.
Type computeType(OpBuilder &b, ArrayRef<Type> types) {
  for (Type t : types)
    if (t.isF64())
      return b.getF64Type();
  return b.getF32Type();
}

/// Checks that the result's static dimension `d` holds the run-time `size`.
void checkResultDim(Math &m, Operation *op, RankedTensorType type, int64_t d,
                    OpFoldResult size) {
  if (type.isDynamicDim(d) || getConstantIntValue(size))
    return;
  check(m, op, m.cmpi(IPred::eq, sizeI64(m, size), m.i(type.getDimSize(d))),
        "result dimension " + Twine(d) + " differs from " + Twine(type.getDimSize(d)) +
            ", the size its type gives");
}

/// The sizes of a result: the static ones of its type, else `sizes`.
SmallVector<OpFoldResult> resultSizes(OpBuilder &b, RankedTensorType type,
                                      ArrayRef<OpFoldResult> sizes) {
  SmallVector<OpFoldResult> out;
  for (int64_t d = 0; d < type.getRank(); ++d)
    out.push_back(type.isDynamicDim(d) ? sizes[d] : b.getIndexAttr(type.getDimSize(d)));
  return out;
}

//===----------------------------------------------------------------------===//
// nn.grid_sample
//===----------------------------------------------------------------------===//

/// One spatial axis of the input.
struct Axis {
  Value len;  ///< length, i64
  Value lenF; ///< length, compute float
  Value lo, hi; ///< the extent: [-0.5, L - 0.5], or [0, L - 1] with align_corners
};

struct GridSampleLowering : OpRewritePattern<nn::GridSampleOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(nn::GridSampleOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = op.getInput(), grid = op.getGrid();
    auto xType = op.getInput().getType(), gType = op.getGrid().getType();
    auto outType = op.getType();
    Type et = xType.getElementType();
    Type ft = computeType(rewriter, {et, gType.getElementType()});
    Math m{rewriter, loc, ft};
    int64_t rank = xType.getRank(), r = rank - 2;
    StringRef mode = op.getMode(), padding = op.getPaddingMode();
    bool align = op.getAlignCorners();
    bool nearest = mode == "nearest", cubic = mode == "cubic";
    bool zeros = padding == "zeros", reflection = padding == "reflection";
    int64_t numTaps = nearest ? 1 : cubic ? 4 : 2;

    // Sizes and the run-time facts the types do not prove.
    OpFoldResult n = dimOf(rewriter, loc, x, 0), gn = dimOf(rewriter, loc, grid, 0);
    if (!getConstantIntValue(n) || !getConstantIntValue(gn))
      check(m, op, m.cmpi(IPred::eq, sizeI64(m, n), sizeI64(m, gn)),
            "the input and the grid have different batch sizes");
    OpFoldResult last = dimOf(rewriter, loc, grid, rank - 1);
    if (!getConstantIntValue(last))
      check(m, op, m.cmpi(IPred::eq, sizeI64(m, last), m.i(r)),
            "the grid's last dimension is not " + Twine(r) +
                ", the number of spatial dimensions");
    SmallVector<OpFoldResult> sizes{n, dimOf(rewriter, loc, x, 1)};
    for (int64_t j = 0; j < r; ++j)
      sizes.push_back(dimOf(rewriter, loc, grid, 1 + j));
    for (int64_t d = 0; d < rank; ++d)
      checkResultDim(m, op, outType, d, sizes[d]);
    sizes = resultSizes(rewriter, outType, sizes);

    SmallVector<Axis> axes(r);
    Value count = m.i(1);
    for (OpFoldResult s : sizes)
      count = m.muli(count, sizeI64(m, s));
    for (int64_t j = 0; j < r; ++j) {
      Axis &ax = axes[j];
      ax.len = sizeI64(m, dimOf(rewriter, loc, x, 2 + j));
      ax.lenF = m.itof(ax.len);
      ax.lo = align ? m.f(0.0) : m.f(-0.5);
      ax.hi = m.subf(ax.lenF, align ? m.f(1.0) : m.f(0.5));
      // An empty spatial dimension has nothing to read (unless nothing is
      // read).
      check(m, op, m.either(m.cmpi(IPred::sgt, ax.len, m.i(0)), m.cmpi(IPred::eq, count, m.i(0))),
            "spatial dimension " + Twine(2 + j) + " of the input is empty");
    }

    // `v` reflected at the ends of [lo, hi] until it lies inside.
    auto reflect = [&](Math &cm, const Axis &ax, Value v) {
      Value span = cm.subf(ax.hi, ax.lo);
      Value below = cm.cmpf(FPred::OLT, v, ax.lo), above = cm.cmpf(FPred::OGT, v, ax.hi);
      Value dist = cm.select(below, cm.subf(ax.lo, v), cm.subf(v, ax.hi));
      Value k = cm.floor(cm.divf(dist, span));
      Value rest = cm.subf(dist, cm.mulf(k, span));
      Value half = cm.floor(cm.mulf(k, cm.f(0.5)));
      Value even = cm.cmpf(FPred::OEQ, cm.subf(k, cm.mulf(half, cm.f(2.0))), cm.f(0.0));
      Value fromLo = cm.addf(ax.lo, rest), fromHi = cm.subf(ax.hi, rest);
      Value reflected = cm.select(below, cm.select(even, fromLo, fromHi),
                                  cm.select(even, fromHi, fromLo));
      Value out = cm.select(cm.either(below, above), reflected, v);
      // A single element with align_corners: no extent to reflect in.
      return cm.select(cm.cmpf(FPred::OGT, span, cm.f(0.0)), out, ax.lo);
    };
    auto clampIndex = [&](Math &cm, const Axis &ax, Value i) {
      return cm.toIndex(cm.maxi(cm.mini(i, cm.subi(ax.len, cm.i(1))), cm.i(0)));
    };
    // Tap index `i` (i64) under the padding mode: the index to read and,
    // for zeros, whether it lies inside.
    auto padIndex = [&](Math &cm, const Axis &ax, Value i) -> std::pair<Value, Value> {
      if (reflection)
        return {clampIndex(cm, ax, cm.ftoi(reflect(cm, ax, cm.itof(i)))), Value()};
      Value inside;
      if (zeros)
        inside = cm.both(cm.cmpi(IPred::sge, i, cm.i(0)), cm.cmpi(IPred::slt, i, ax.len));
      return {clampIndex(cm, ax, i), inside};
    };

    // The tables: per axis and tap, an index and (linear, cubic) a weight
    // or (nearest with zeros) an inside flag.
    int64_t tableRank = r + 1;
    SmallVector<OpFoldResult> tableSizes{sizes[0]};
    tableSizes.append(sizes.begin() + 2, sizes.end());
    SmallVector<Value> inits;
    auto add = [&](Type t) {
      inits.push_back(tensor::EmptyOp::create(rewriter, loc, tableSizes, t));
    };
    for (int64_t j = 0; j < r; ++j)
      for (int64_t t = 0; t < numTaps; ++t) {
        add(rewriter.getIndexType());
        if (!nearest)
          add(ft);
        else if (zeros)
          add(rewriter.getI1Type());
      }
    int64_t perTap = nearest && !zeros ? 1 : 2;
    SmallVector<Type> tableTypes;
    for (Value v : inits)
      tableTypes.push_back(v.getType());
    auto table = linalg::GenericOp::create(
        rewriter, loc, tableTypes, ValueRange{}, inits,
        SmallVector<AffineMap>(inits.size(), rewriter.getMultiDimIdentityMap(tableRank)),
        SmallVector<utils::IteratorType>(tableRank, utils::IteratorType::parallel),
        [&](OpBuilder &b, Location l, ValueRange) {
          Math cm{b, l, ft};
          SmallVector<Value> at;
          for (int64_t d = 0; d < tableRank; ++d)
            at.push_back(linalg::IndexOp::create(b, l, d));
          SmallVector<Value> yields;
          for (int64_t j = 0; j < r; ++j) {
            const Axis &ax = axes[j];
            // Component r - 1 - j of the grid belongs to spatial axis j.
            SmallVector<Value> pos = at;
            pos.push_back(cm.idx(r - 1 - j));
            Value g = cm.floatTo(tensor::ExtractOp::create(b, l, grid, pos), ft);
            Value one = cm.f(1.0), half = cm.f(0.5);
            Value v = align ? cm.mulf(cm.mulf(cm.addf(g, one), half), cm.subf(ax.lenF, one))
                            : cm.mulf(cm.subf(cm.mulf(cm.addf(g, one), ax.lenF), one), half);
            if (nearest)
              v = cm.roundEven(v);
            Value outside = cm.either(cm.cmpf(FPred::OLT, v, ax.lo), cm.cmpf(FPred::OGT, v, ax.hi));
            if (padding == "border")
              v = cm.select(outside,
                            cm.minf(cm.maxf(v, cm.f(0.0)), cm.subf(ax.lenF, one)), v);
            else if (reflection)
              v = reflect(cm, ax, v);
            // Far outside (zeros) every tap reads 0 anyway; keeping the
            // coordinate near the input keeps the integer conversions
            // defined (NaN becomes -4 too).
            v = cm.minf(cm.maxf(v, cm.f(-4.0)), cm.addf(ax.lenF, cm.f(4.0)));
            if (nearest) {
              auto [idx, inside] = padIndex(cm, ax, cm.ftoi(v));
              yields.push_back(idx);
              if (inside)
                yields.push_back(inside);
              continue;
            }
            Value base = cm.floor(v);
            Value t = cm.subf(v, base);
            Value i0 = cm.ftoi(base);
            SmallVector<Value> weights;
            SmallVector<int64_t> offsets;
            if (!cubic) {
              weights = {cm.subf(one, t), t};
              offsets = {0, 1};
            } else {
              // Keys' kernel with A = -0.75 at the distances t + 1, t,
              // 1 - t and 2 - t: (A + 2)d^3 - (A + 3)d^2 + 1 within 1,
              // A d^3 - 5A d^2 + 8A d - 4A from 1 to 2.
              constexpr double a = -0.75;
              auto inner = [&](Value d) {
                return cm.addf(
                    cm.mulf(cm.subf(cm.mulf(cm.f(a + 2), d), cm.f(a + 3)), cm.mulf(d, d)), one);
              };
              auto outer = [&](Value d) {
                Value p = cm.addf(cm.mulf(cm.subf(cm.mulf(cm.f(a), d), cm.f(5 * a)), d),
                                  cm.f(8 * a));
                return cm.subf(cm.mulf(p, d), cm.f(4 * a));
              };
              weights = {outer(cm.addf(t, one)), inner(t), inner(cm.subf(one, t)),
                         outer(cm.subf(cm.f(2.0), t))};
              offsets = {-1, 0, 1, 2};
            }
            for (int64_t k = 0; k < numTaps; ++k) {
              auto [idx, inside] = padIndex(cm, ax, cm.addi(i0, cm.i(offsets[k])));
              Value w = weights[k];
              if (inside)
                w = cm.select(inside, w, cm.f(0.0));
              yields.push_back(idx);
              yields.push_back(w);
            }
          }
          linalg::YieldOp::create(b, l, yields);
        });

    // The result: taps multiplied out.
    SmallVector<AffineMap> maps;
    SmallVector<AffineExpr> tableExprs{rewriter.getAffineDimExpr(0)};
    for (int64_t d = 2; d < rank; ++d)
      tableExprs.push_back(rewriter.getAffineDimExpr(d));
    AffineMap tableMap = AffineMap::get(rank, 0, tableExprs, rewriter.getContext());
    for (size_t i = 0; i < inits.size(); ++i)
      maps.push_back(tableMap);
    maps.push_back(rewriter.getMultiDimIdentityMap(rank));
    Value init = tensor::EmptyOp::create(rewriter, loc, sizes, et);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, outType, table.getResults(), init, maps,
        SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
        [&](OpBuilder &b, Location l, ValueRange args) {
          Math bm{b, l, ft};
          SmallVector<Value> at{linalg::IndexOp::create(b, l, 0),
                                linalg::IndexOp::create(b, l, 1)};
          at.resize(rank);
          // Argument of tap `k` on axis `j` (its index; the weight or flag
          // follows).
          auto arg = [&](int64_t j, int64_t k) { return (j * numTaps + k) * perTap; };
          Value result;
          if (nearest) {
            Value inside;
            for (int64_t j = 0; j < r; ++j) {
              at[2 + j] = args[arg(j, 0)];
              if (zeros)
                inside = bm.both(inside, args[arg(j, 0) + 1]);
            }
            result = tensor::ExtractOp::create(b, l, x, at);
            if (inside)
              result = bm.select(inside, result,
                                 arith::ConstantOp::create(b, l, b.getZeroAttr(et)));
          } else {
            Value acc;
            int64_t total = 1;
            for (int64_t j = 0; j < r; ++j)
              total *= numTaps;
            for (int64_t c = 0; c < total; ++c) {
              Value w;
              for (int64_t j = r - 1, rest = c; j >= 0; --j, rest /= numTaps) {
                int64_t k = rest % numTaps;
                at[2 + j] = args[arg(j, k)];
                Value wj = args[arg(j, k) + 1];
                w = w ? bm.mulf(w, wj) : wj;
              }
              Value v = bm.floatTo(tensor::ExtractOp::create(b, l, x, at), ft);
              Value term = bm.mulf(w, v);
              acc = acc ? bm.addf(acc, term) : term;
            }
            result = bm.floatTo(acc, et);
          }
          linalg::YieldOp::create(b, l, result);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// nn.affine_grid
//===----------------------------------------------------------------------===//

struct AffineGridLowering : OpRewritePattern<nn::AffineGridOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(nn::AffineGridOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value theta = op.getTheta(), size = op.getSize();
    auto thetaType = op.getTheta().getType();
    auto outType = op.getType();
    Type et = outType.getElementType();
    Type ft = computeType(rewriter, {et});
    Math m{rewriter, loc, ft};
    int64_t rank = outType.getRank(), r = rank - 2;
    bool align = op.getAlignCorners();

    // Entry `i` of size: a constant when size is one.
    DenseIntElementsAttr sizeAttr;
    bool constantSize = matchPattern(size, m_Constant(&sizeAttr));
    auto sizeEntry = [&](int64_t i) -> Value {
      if (constantSize)
        return m.i(sizeAttr.getValues<APInt>()[i].getSExtValue());
      return tensor::ExtractOp::create(rewriter, loc, size, ValueRange{m.idx(i)});
    };

    for (int64_t d = 1; d <= 2; ++d)
      if (thetaType.isDynamicDim(d))
        check(m, op,
              m.cmpi(IPred::eq, sizeI64(m, dimOf(rewriter, loc, theta, d)), m.i(r + d - 1)),
              "theta's dimension " + Twine(d) + " is not " + Twine(r + d - 1));
    OpFoldResult n = dimOf(rewriter, loc, theta, 0);
    check(m, op, m.cmpi(IPred::eq, sizeEntry(0), sizeI64(m, n)),
          "size[0] differs from the number of maps in theta");
    SmallVector<OpFoldResult> sizes{n};
    SmallVector<Value> lens;
    for (int64_t j = 0; j < r; ++j) {
      Value s = sizeEntry(2 + j);
      check(m, op, m.cmpi(IPred::sge, s, m.i(0)),
            "size[" + Twine(2 + j) + "] is negative");
      lens.push_back(m.itof(s));
      std::optional<int64_t> c = getConstantIntValue(s);
      sizes.push_back(c ? OpFoldResult(rewriter.getIndexAttr(*c)) : OpFoldResult(m.toIndex(s)));
    }
    sizes.push_back(rewriter.getIndexAttr(r));
    for (int64_t d = 0; d < rank; ++d)
      checkResultDim(m, op, outType, d, sizes[d]);
    sizes = resultSizes(rewriter, outType, sizes);

    Value init = tensor::EmptyOp::create(rewriter, loc, sizes, et);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, outType, ValueRange{}, init, rewriter.getMultiDimIdentityMap(rank),
        SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
        [&](OpBuilder &b, Location l, ValueRange) {
          Math bm{b, l, ft};
          Value batch = linalg::IndexOp::create(b, l, 0);
          Value row = linalg::IndexOp::create(b, l, rank - 1);
          auto entry = [&](int64_t col) {
            Value v = tensor::ExtractOp::create(b, l, theta, ValueRange{batch, row, bm.idx(col)});
            return bm.floatTo(v, ft);
          };
          Value one = bm.f(1.0), two = bm.f(2.0);
          Value acc = entry(r);
          for (int64_t c = 0; c < r; ++c) {
            // Component c is spatial dimension r - 1 - c (x is the last).
            int64_t d = r - 1 - c;
            Value len = lens[d];
            Value i = bm.itof(bm.indexToI64(linalg::IndexOp::create(b, l, 1 + d)));
            Value coord;
            if (align)
              coord = bm.select(bm.cmpf(FPred::OGT, len, one),
                                bm.subf(bm.divf(bm.mulf(two, i), bm.subf(len, one)), one),
                                bm.f(-1.0));
            else
              coord = bm.subf(bm.divf(bm.addf(bm.mulf(two, i), one), len), one);
            acc = bm.addf(acc, bm.mulf(entry(c), coord));
          }
          linalg::YieldOp::create(b, l, bm.floatTo(acc, et));
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

/// nn.roi_align: the batch indices are checked in range first (an scf.for
/// folding them into one flag); then one linalg.generic over the result
/// (R, C, OH, OW) whose body reads its region (tensor.extract), derives the
/// bin and its sample grid, and runs an scf.for nest over the samples:
/// ONNX's reference implementation's arithmetic, in f64.
struct RoiAlignLowering : OpRewritePattern<nn::RoiAlignOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::RoiAlignOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = op.getInput(), rois = op.getRois(), bidx = op.getBatchIndices();
    auto outType = cast<RankedTensorType>(op.getType());
    Type et = outType.getElementType(), f64 = rewriter.getF64Type();
    Math m{rewriter, loc, f64};
    OpFoldResult n = dimOf(rewriter, loc, x, 0), c = dimOf(rewriter, loc, x, 1);
    OpFoldResult h = dimOf(rewriter, loc, x, 2), w = dimOf(rewriter, loc, x, 3);
    OpFoldResult r = dimOf(rewriter, loc, rois, 0);
    Value rN = getValueOrCreateConstantIndexOp(rewriter, loc, r);
    if (!getConstantIntValue(dimOf(rewriter, loc, rois, 1)))
      check(m, op, m.cmpi(IPred::eq, sizeI64(m, dimOf(rewriter, loc, rois, 1)), m.i(4)),
            "rois must have 4 columns");
    OpFoldResult nb = dimOf(rewriter, loc, bidx, 0);
    if (!getConstantIntValue(nb) || !getConstantIntValue(r))
      check(m, op, m.cmpi(IPred::eq, sizeI64(m, nb), sizeI64(m, r)),
            "batch_indices and rois differ in length");
    // Every batch index in [0, N).
    Value nI64 = sizeI64(m, n);
    auto scan = scf::ForOp::create(
        rewriter, loc, m.idx(0), rN, m.idx(1),
        ValueRange{arith::ConstantIntOp::create(rewriter, loc, rewriter.getI1Type(), 1).getResult()},
        [&](OpBuilder &b, Location l, Value i, ValueRange ok) {
          Math q{b, l, f64};
          Value v = tensor::ExtractOp::create(b, l, bidx, ValueRange{i});
          Value in = q.both(q.cmpi(IPred::sge, v, q.i(0)), q.cmpi(IPred::slt, v, nI64));
          scf::YieldOp::create(b, l, q.both(ok[0], in));
        });
    emitShapeCheck(rewriter, loc, op, scan.getResult(0),
                   "a batch index is out of range for the input");

    bool halfPixel = op.getCoordinateTransformationMode() == "half_pixel";
    bool isMax = op.getMode() == "max";
    int64_t oh = op.getOutputHeight(), ow = op.getOutputWidth(),
            ratio = op.getSamplingRatio();
    double scale = op.getSpatialScale().convertToDouble();
    SmallVector<OpFoldResult> sizes{r, c, rewriter.getIndexAttr(oh), rewriter.getIndexAttr(ow)};
    auto resultT = RankedTensorType::get(
        {outType.getDimSize(0), outType.getDimSize(1), oh, ow}, et);
    Value init = tensor::EmptyOp::create(rewriter, loc, sizes, et);
    Value hI = sizeI64(m, h), wI = sizeI64(m, w);
    AffineMap id = rewriter.getMultiDimIdentityMap(4);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, resultT, ValueRange{}, init, ArrayRef<AffineMap>{id},
        SmallVector<utils::IteratorType>(4, utils::IteratorType::parallel),
        [&](OpBuilder &b, Location l, ValueRange) {
          Math q{b, l, f64};
          Value ri = linalg::IndexOp::create(b, l, 0), ci = linalg::IndexOp::create(b, l, 1);
          Value ph = q.itof(q.indexToI64(linalg::IndexOp::create(b, l, 2)));
          Value pw = q.itof(q.indexToI64(linalg::IndexOp::create(b, l, 3)));
          Value batch = q.toIndex(tensor::ExtractOp::create(b, l, bidx, ValueRange{ri}));
          auto corner = [&](int64_t k) {
            Value v = tensor::ExtractOp::create(b, l, rois, ValueRange{ri, q.idx(k)});
            return q.subf(q.mulf(q.floatTo(v, f64), q.f(scale)), q.f(halfPixel ? 0.5 : 0.0));
          };
          Value sw = corner(0), sh = corner(1), ew = corner(2), eh = corner(3);
          Value rw = q.subf(ew, sw), rh = q.subf(eh, sh);
          if (!halfPixel) {
            rw = q.maxf(rw, q.f(1.0));
            rh = q.maxf(rh, q.f(1.0));
          }
          Value bh = q.divf(rh, q.f(double(oh))), bw = q.divf(rw, q.f(double(ow)));
          // Samples per side: sampling_ratio, or ceil(region / output).
          Value gh = ratio > 0 ? q.i(ratio) : q.ftoi(b.createOrFold<math::CeilOp>(l, bh));
          Value gw = ratio > 0 ? q.i(ratio) : q.ftoi(b.createOrFold<math::CeilOp>(l, bw));
          Value count = q.maxi(q.muli(gh, gw), q.i(1));
          Value ghF = q.itof(gh), gwF = q.itof(gw);
          Value hF = q.itof(hI), wF = q.itof(wI);
          Value y0 = q.addf(sh, q.mulf(ph, bh)), x0 = q.addf(sw, q.mulf(pw, bw));
          auto rows = scf::ForOp::create(
              b, l, q.idx(0), q.toIndex(q.maxi(gh, q.i(0))), q.idx(1),
              ValueRange{q.f(0.0), arith::ConstantIntOp::create(b, l, b.getI1Type(), 1).getResult()},
              [&](OpBuilder &b, Location l, Value iy, ValueRange accY) {
                Math p{b, l, f64};
                Value yy = p.addf(y0, p.divf(p.mulf(p.addf(p.itof(p.indexToI64(iy)), p.f(0.5)), bh),
                                             ghF));
                auto cols = scf::ForOp::create(
                    b, l, p.idx(0), p.toIndex(p.maxi(gw, p.i(0))), p.idx(1), accY,
                    [&](OpBuilder &b, Location l, Value ix, ValueRange acc) {
                      Math t{b, l, f64};
                      Value xx = t.addf(
                          x0, t.divf(t.mulf(t.addf(t.itof(t.indexToI64(ix)), t.f(0.5)), bw), gwF));
                      Value outside = t.either(
                          t.either(t.cmpf(FPred::OLT, yy, t.f(-1.0)), t.cmpf(FPred::OGT, yy, hF)),
                          t.either(t.cmpf(FPred::OLT, xx, t.f(-1.0)), t.cmpf(FPred::OGT, xx, wF)));
                      // Corner indices and weights (the reference's clamping).
                      auto axis = [&](Value v, Value len) {
                        v = t.maxf(v, t.f(0.0));
                        Value low = t.ftoi(v);
                        Value last = t.subi(len, t.i(1));
                        Value atEnd = t.cmpi(IPred::sge, low, last);
                        low = t.select(atEnd, last, low);
                        Value high = t.select(atEnd, last, t.addi(low, t.i(1)));
                        v = t.select(atEnd, t.itof(last), v);
                        Value frac = t.subf(v, t.itof(low));
                        return std::array<Value, 3>{low, high, frac};
                      };
                      auto [yl, yh, ly] = axis(yy, hI);
                      auto [xl, xh, lx] = axis(xx, wI);
                      Value hy = t.subf(t.f(1.0), ly), hx = t.subf(t.f(1.0), lx);
                      // Outside: every weight 0 and the reads at (0, 0).
                      Value zero = t.f(0.0), zi = t.i(0);
                      auto pick = [&](Value v) { return t.select(outside, zero, v); };
                      auto pos = [&](Value v) { return t.toIndex(t.select(outside, zi, v)); };
                      auto read = [&](Value yi, Value xi) {
                        Value v = tensor::ExtractOp::create(
                            b, l, x, ValueRange{batch, ci, pos(yi), pos(xi)});
                        return t.floatTo(v, f64);
                      };
                      Value p1 = t.mulf(pick(t.mulf(hy, hx)), read(yl, xl));
                      Value p2 = t.mulf(pick(t.mulf(hy, lx)), read(yl, xh));
                      Value p3 = t.mulf(pick(t.mulf(ly, hx)), read(yh, xl));
                      Value p4 = t.mulf(pick(t.mulf(ly, lx)), read(yh, xh));
                      Value next;
                      if (isMax) {
                        Value v = t.maxf(t.maxf(p1, p2), t.maxf(p3, p4));
                        next = t.select(acc[1], v, t.maxf(acc[0], v));
                      } else {
                        next = t.addf(acc[0], t.addf(t.addf(p1, p2), t.addf(p3, p4)));
                      }
                      scf::YieldOp::create(
                          b, l,
                          ValueRange{next, arith::ConstantIntOp::create(b, l, b.getI1Type(), 0)
                                               .getResult()});
                    });
                scf::YieldOp::create(b, l, cols.getResults());
              });
          Value v = rows.getResult(0);
          if (!isMax)
            v = q.divf(v, q.itof(count));
          linalg::YieldOp::create(b, l, q.floatTo(v, et));
        });
    rewriter.replaceOp(op, dyn::castToType(rewriter, loc, op, generic.getResult(0), outType));
    return success();
  }
};

} // namespace

bool kiln::gridSupportsDynamic(Operation *op) {
  return isa<nn::GridSampleOp, nn::AffineGridOp, nn::RoiAlignOp>(op);
}

void kiln::populateNNGridToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<GridSampleLowering, AffineGridLowering, RoiAlignLowering>(patterns.getContext());
}
