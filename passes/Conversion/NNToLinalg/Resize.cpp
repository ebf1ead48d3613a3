//===- Resize.cpp - nn.resize to linalg -----------------------------------===//
//
// Before the loop nest, per resized axis (all scalar arith, folded when the
// operands are constants): the input length `in`, the scale `s` and the
// output length `out` (from scales: floor(in * s); from sizes: the size,
// or for the keep-aspect policies one scale for every axis and
// floor(s * in + 0.5)), the fractional output length `w = s * in`, and the
// roi. Run-time operands are checked (positive scales, non-negative sizes,
// no growing an empty dimension, static result sizes) with
// lowering::emitShapeCheck.
//
// Per resized axis and output index, `x_original` (in f64, as ONNX's
// reference computes it) decides which input indices are read, with which
// weights:
//
//  - nearest: the rounded index, clamped into the input;
//  - linear / cubic: the taps `floor(x_original) - K + 1 .. + K` (K = 1
//    for linear, 2 for cubic; with antialias, K = ceil(K / min(s, 1)) and
//    the kernel argument is scaled by min(s, 1)), each weighted by the
//    kernel of its distance, clamped into the input (or weighing 0 with
//    exclude_outside). Antialias and exclude_outside normalize the weights.
//
// An axis with at most 4 taps known at compile time (16 in all) gets a
// table: a 1-D linalg.generic over its output length computing each tap's
// index and (normalized) weight once. The main linalg.generic over the
// result reads the tables through maps on the axis' loop dimension, so its
// body only multiplies out the taps and reads the input with
// tensor.extract. Axes with more or run-time tap counts (antialias by a
// run-time scale) compute their coordinate in the body and loop over their
// taps with scf.for, normalizing by the sum of the weights at the end.
// Sums are f32 (f64 for f64 data).
//
// tf_crop_and_resize selects extrapolation_value where any axis maps
// outside the input. Dimensions not in `axes` read the output index.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/NNToLinalg/Resize.h"
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

/// Most taps per axis, and in all, written out straight; the axes beyond
/// become scf.for loops.
constexpr int64_t kMaxUnrolledTaps = 4;
constexpr int64_t kMaxUnrolledTotal = 16;

/// Scalar arithmetic that folds when its operands are constants.
struct Math {
  OpBuilder &b;
  Location loc;

  Type f64() const { return b.getF64Type(); }
  Type i64() const { return b.getI64Type(); }
  Value f(double v) const { return arith::ConstantOp::create(b, loc, b.getF64FloatAttr(v)); }
  Value i(int64_t v) const { return arith::ConstantIntOp::create(b, loc, b.getI64Type(), v); }
  Value idx(int64_t v) const { return arith::ConstantIndexOp::create(b, loc, v); }
  Value boolean(bool v) const { return arith::ConstantIntOp::create(b, loc, b.getI1Type(), v); }

  Value addf(Value l, Value r) const { return b.createOrFold<arith::AddFOp>(loc, l, r); }
  Value subf(Value l, Value r) const { return b.createOrFold<arith::SubFOp>(loc, l, r); }
  Value mulf(Value l, Value r) const { return b.createOrFold<arith::MulFOp>(loc, l, r); }
  Value divf(Value l, Value r) const { return b.createOrFold<arith::DivFOp>(loc, l, r); }
  Value minf(Value l, Value r) const { return b.createOrFold<arith::MinNumFOp>(loc, l, r); }
  Value maxf(Value l, Value r) const { return b.createOrFold<arith::MaxNumFOp>(loc, l, r); }
  Value absf(Value v) const { return b.createOrFold<math::AbsFOp>(loc, v); }
  Value floor(Value v) const { return b.createOrFold<math::FloorOp>(loc, v); }
  Value ceil(Value v) const { return b.createOrFold<math::CeilOp>(loc, v); }
  Value cmpf(FPred p, Value l, Value r) const {
    return b.createOrFold<arith::CmpFOp>(loc, p, l, r);
  }
  Value addi(Value l, Value r) const { return b.createOrFold<arith::AddIOp>(loc, l, r); }
  Value subi(Value l, Value r) const { return b.createOrFold<arith::SubIOp>(loc, l, r); }
  Value mini(Value l, Value r) const { return b.createOrFold<arith::MinSIOp>(loc, l, r); }
  Value maxi(Value l, Value r) const { return b.createOrFold<arith::MaxSIOp>(loc, l, r); }
  Value cmpi(IPred p, Value l, Value r) const {
    return b.createOrFold<arith::CmpIOp>(loc, p, l, r);
  }
  Value both(Value l, Value r) const { return b.createOrFold<arith::AndIOp>(loc, l, r); }
  Value either(Value l, Value r) const { return b.createOrFold<arith::OrIOp>(loc, l, r); }
  Value select(Value c, Value t, Value f) const {
    return b.createOrFold<arith::SelectOp>(loc, c, t, f);
  }
  /// i64 -> f64, f64 -> i64 (truncating), index <-> i64.
  Value itof(Value v) const { return b.createOrFold<arith::SIToFPOp>(loc, f64(), v); }
  Value ftoi(Value v) const { return b.createOrFold<arith::FPToSIOp>(loc, i64(), v); }
  Value indexToI64(Value v) const { return b.createOrFold<arith::IndexCastOp>(loc, i64(), v); }
  Value toIndex(Value v) const {
    return b.createOrFold<arith::IndexCastOp>(loc, b.getIndexType(), v);
  }
  /// A float of any width as `t` (extension or truncation).
  Value floatTo(Value v, Type t) const {
    unsigned from = v.getType().getIntOrFloatBitWidth(), to = t.getIntOrFloatBitWidth();
    if (v.getType() == t)
      return v;
    if (from < to)
      return b.createOrFold<arith::ExtFOp>(loc, t, v);
    return b.createOrFold<arith::TruncFOp>(loc, t, v);
  }
};

/// What the loop body needs of one resized axis (values defined before the
/// generic).
struct Axis {
  int64_t dim = 0;
  Value in;       ///< input length, i64
  Value inF;      ///< input length, f64
  Value out;      ///< output length, i64
  Value scale;    ///< f64
  Value width;    ///< scale * in, f64
  Value widthIsOne;
  Value offset;   ///< half_pixel_symmetric
  Value roiStart, roiEnd;
  /// Taps: constant count (or -1) and run-time count (index).
  int64_t numTaps = 1;
  Value tapCount;
  Value half;     ///< K as i64: the first tap is floor(x) - K + 1
  Value kernelScale; ///< min(scale, 1) with antialias
};

/// Entry `i` of a 1-D operand: a constant when the operand is one.
static Value readF64(Math &m, Value t, int64_t i) {
  DenseFPElementsAttr attr;
  if (matchPattern(t, m_Constant(&attr)))
    return m.f(attr.getValues<APFloat>()[i].convertToDouble());
  Value v = tensor::ExtractOp::create(m.b, m.loc, t, ValueRange{m.idx(i)});
  return m.floatTo(v, m.f64());
}

static Value readI64(Math &m, Value t, int64_t i) {
  DenseIntElementsAttr attr;
  if (matchPattern(t, m_Constant(&attr)))
    return m.i(attr.getValues<APInt>()[i].getSExtValue());
  return tensor::ExtractOp::create(m.b, m.loc, t, ValueRange{m.idx(i)});
}

/// Emits a run-time check unless `cond` folded to true.
static void check(Math &m, Operation *op, Value cond, const Twine &message) {
  if (matchPattern(cond, m_One()))
    return;
  emitShapeCheck(m.b, m.loc, op, cond, message);
}

struct ResizeLowering : OpRewritePattern<nn::ResizeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(nn::ResizeOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Math m{rewriter, loc};
    Value x = op.getInput();
    auto inType = op.getInput().getType();
    auto outType = op.getType();
    int64_t rank = inType.getRank();
    Type et = inType.getElementType();
    StringRef mode = op.getMode(), ctm = op.getCoordinateTransformationMode();
    StringRef policy = op.getKeepAspectRatioPolicy();
    bool crop = ctm == "tf_crop_and_resize";
    bool nearest = mode == "nearest";
    bool antialias = op.getAntialias() && !nearest;
    bool excludeOutside = op.getExcludeOutside() && !nearest;
    ArrayRef<int64_t> axesAttr = op.getAxes();
    int64_t k = axesAttr.size();

    // Lengths, scales and output sizes per axis.
    SmallVector<Axis> axes(k);
    for (int64_t i = 0; i < k; ++i) {
      Axis &ax = axes[i];
      ax.dim = axesAttr[i];
      int64_t s = inType.getDimSize(ax.dim);
      ax.in = ShapedType::isDynamic(s)
                  ? m.indexToI64(tensor::DimOp::create(rewriter, loc, x, ax.dim))
                  : m.i(s);
      ax.inF = m.itof(ax.in);
    }
    if (Value scales = op.getScales()) {
      for (int64_t i = 0; i < k; ++i) {
        Axis &ax = axes[i];
        ax.scale = readF64(m, scales, i);
        check(m, op,
              m.both(m.cmpf(FPred::OGT, ax.scale, m.f(0.0)),
                     m.cmpf(FPred::OLT, ax.scale, m.f(INFINITY))),
              "the scale of dimension " + Twine(ax.dim) + " is not a positive number");
        ax.out = m.ftoi(m.floor(m.mulf(ax.inF, ax.scale)));
      }
    } else {
      Value sizes = op.getSizes();
      SmallVector<Value> ratios;
      for (int64_t i = 0; i < k; ++i) {
        Axis &ax = axes[i];
        ax.out = readI64(m, sizes, i);
        check(m, op, m.cmpi(IPred::sge, ax.out, m.i(0)),
              "the size of dimension " + Twine(ax.dim) + " is negative");
        ratios.push_back(m.divf(m.itof(ax.out), ax.inF));
      }
      if (policy == "stretch") {
        for (int64_t i = 0; i < k; ++i)
          axes[i].scale = ratios[i];
      } else {
        bool larger = policy == "not_smaller";
        Value s = ratios.empty() ? m.f(1.0) : ratios[0];
        for (int64_t i = 1; i < k; ++i)
          s = larger ? m.maxf(s, ratios[i]) : m.minf(s, ratios[i]);
        for (Axis &ax : axes) {
          ax.scale = s;
          ax.out = m.ftoi(m.addf(m.mulf(s, ax.inF), m.f(0.5)));
        }
      }
    }
    for (int64_t i = 0; i < k; ++i) {
      Axis &ax = axes[i];
      check(m, op,
            m.either(m.cmpi(IPred::ne, ax.in, m.i(0)), m.cmpi(IPred::eq, ax.out, m.i(0))),
            "dimension " + Twine(ax.dim) + " is empty and cannot be resized to a "
            "non-empty one");
      int64_t s = outType.getDimSize(ax.dim);
      if (!ShapedType::isDynamic(s))
        check(m, op, m.cmpi(IPred::eq, ax.out, m.i(s)),
              "result dimension " + Twine(ax.dim) + " differs from " + Twine(s) +
                  ", the size its type gives");
      ax.width = m.mulf(ax.scale, ax.inF);
      ax.widthIsOne = m.cmpf(FPred::OEQ, ax.width, m.f(1.0));
      if (ctm == "half_pixel_symmetric") {
        Value adjustment = m.divf(m.itof(ax.out), ax.width);
        Value center = m.divf(ax.inF, m.f(2.0));
        ax.offset = m.mulf(center, m.subf(m.f(1.0), adjustment));
      }
      if (crop) {
        ax.roiStart = readF64(m, op.getRoi(), i);
        ax.roiEnd = readF64(m, op.getRoi(), k + i);
      }
      if (nearest)
        continue;
      int64_t support = mode == "linear" ? 1 : 2;
      if (antialias) {
        ax.kernelScale = m.minf(ax.scale, m.f(1.0));
        Value half = m.ftoi(m.ceil(m.divf(m.f(support), ax.kernelScale)));
        ax.half = half;
        ax.tapCount = m.toIndex(m.addi(half, half));
        std::optional<int64_t> c = getConstantIntValue(ax.tapCount);
        ax.numTaps = c ? *c : -1;
      } else {
        ax.half = m.i(support);
        ax.numTaps = 2 * support;
        ax.tapCount = m.idx(ax.numTaps);
      }
    }
    // Dimensions outside `axes` keep the input's; a static result size over
    // a dynamic input one is checked.
    SmallVector<OpFoldResult> outSizes;
    for (int64_t d = 0; d < rank; ++d) {
      if (!outType.isDynamicDim(d)) {
        outSizes.push_back(rewriter.getIndexAttr(outType.getDimSize(d)));
        if (!llvm::is_contained(axesAttr, d) && inType.isDynamicDim(d))
          check(m, op,
                m.cmpi(IPred::eq, m.indexToI64(tensor::DimOp::create(rewriter, loc, x, d)),
                       m.i(outType.getDimSize(d))),
                "result dimension " + Twine(d) + " differs from " +
                    Twine(outType.getDimSize(d)) + ", the size its type gives");
        continue;
      }
      auto *it = llvm::find(axesAttr, d);
      if (it != axesAttr.end())
        outSizes.push_back(m.toIndex(axes[it - axesAttr.begin()].out));
      else
        outSizes.push_back(tensor::DimOp::create(rewriter, loc, x, d).getResult());
    }

    Value extrapolation;
    if (crop) {
      double e = op.getExtrapolationValue().convertToDouble();
      TypedAttr attr = isa<FloatType>(et)
                           ? TypedAttr(rewriter.getFloatAttr(et, e))
                           : TypedAttr(rewriter.getIntegerAttr(et, static_cast<int64_t>(e)));
      extrapolation = arith::ConstantOp::create(rewriter, loc, attr);
    }
    double a = op.getCubicCoeffA().convertToDouble();
    StringRef nearestMode = op.getNearestMode();
    Type ct = nearest ? et : (et.getIntOrFloatBitWidth() > 32 ? m.f64() : rewriter.getF32Type());
    bool normalize = antialias || excludeOutside;

    // Which axes' taps are written out: known small counts while the
    // product stays small.
    SmallVector<bool> unroll(k, false);
    for (int64_t i = 0, total = 1; i < k; ++i) {
      int64_t n = axes[i].numTaps;
      if (n >= 0 && n <= kMaxUnrolledTaps && total * n <= kMaxUnrolledTotal) {
        unroll[i] = true;
        total *= n;
      }
    }

    // x_original of output index `xi` (index) on axis `ax`, and whether it
    // lies outside the input (tf_crop_and_resize only).
    auto coordinate = [&](Math &cm, const Axis &ax, Value xi) -> std::pair<Value, Value> {
      Value xf = cm.itof(cm.indexToI64(xi));
      Value half = cm.f(0.5);
      auto halfPixel = [&] { return cm.subf(cm.divf(cm.addf(xf, half), ax.scale), half); };
      if (ctm == "half_pixel")
        return {halfPixel(), Value()};
      if (ctm == "half_pixel_symmetric")
        return {cm.subf(cm.addf(ax.offset, cm.divf(cm.addf(xf, half), ax.scale)), half), Value()};
      if (ctm == "pytorch_half_pixel")
        return {cm.select(ax.widthIsOne, cm.f(-0.5), halfPixel()), Value()};
      if (ctm == "align_corners") {
        Value inM1 = cm.subf(ax.inF, cm.f(1.0));
        return {cm.select(ax.widthIsOne, cm.f(0.0),
                          cm.divf(cm.mulf(xf, inM1), cm.subf(ax.width, cm.f(1.0)))),
                Value()};
      }
      if (ctm == "asymmetric")
        return {cm.divf(xf, ax.scale), Value()};
      if (ctm == "tf_half_pixel_for_nn")
        return {cm.divf(cm.addf(xf, half), ax.scale), Value()};
      Value inM1 = cm.subf(ax.inF, cm.f(1.0));
      Value extent = cm.subf(ax.roiEnd, ax.roiStart);
      Value one = cm.divf(cm.mulf(extent, inM1), cm.f(2.0));
      Value many = cm.divf(cm.mulf(cm.mulf(xf, extent), inM1), cm.subf(ax.width, cm.f(1.0)));
      Value v = cm.addf(cm.select(ax.widthIsOne, one, many), cm.mulf(ax.roiStart, inM1));
      Value outside = cm.either(cm.cmpf(FPred::OLT, v, cm.f(0.0)), cm.cmpf(FPred::OGT, v, inM1));
      return {v, outside};
    };
    auto clampIndex = [&](Math &cm, Value i, const Axis &ax) {
      return cm.toIndex(cm.maxi(cm.mini(i, cm.subi(ax.in, cm.i(1))), cm.i(0)));
    };
    // The input index nearest mode reads for x_original `xo`.
    auto nearestIndex = [&](Math &cm, const Axis &ax, Value xo) {
      Value fl = cm.floor(xo);
      Value r = cm.subf(xo, fl);
      Value up;
      if (nearestMode == "round_prefer_floor")
        up = cm.cmpf(FPred::OGT, r, cm.f(0.5));
      else if (nearestMode == "round_prefer_ceil")
        up = cm.cmpf(FPred::OGE, r, cm.f(0.5));
      else if (nearestMode == "ceil")
        up = cm.cmpf(FPred::OGT, r, cm.f(0.0));
      else
        up = cm.boolean(false);
      Value idx = cm.addi(cm.ftoi(fl), cm.b.createOrFold<arith::ExtUIOp>(cm.loc, cm.i64(), up));
      return clampIndex(cm, idx, ax);
    };
    // Tap `t` (i64) of x_original `xo` on axis `ax`: the clamped index and
    // the f64 weight (0 outside the input with exclude_outside).
    auto tap = [&](Math &wm, const Axis &ax, Value xo, Value t) -> std::pair<Value, Value> {
      Value i = wm.addi(wm.addi(wm.subi(wm.ftoi(wm.floor(xo)), ax.half), wm.i(1)), t);
      Value d = wm.absf(wm.subf(wm.itof(i), xo));
      if (antialias)
        d = wm.mulf(d, ax.kernelScale);
      Value one = wm.f(1.0), zero = wm.f(0.0);
      Value w;
      if (mode == "linear") {
        w = wm.maxf(wm.subf(one, d), zero);
      } else {
        Value d2 = wm.mulf(d, d), d3 = wm.mulf(d2, d);
        // (A + 2)|d|^3 - (A + 3)|d|^2 + 1 on [0, 1],
        // A|d|^3 - 5A|d|^2 + 8A|d| - 4A on (1, 2), 0 beyond.
        Value inner = wm.addf(wm.subf(wm.mulf(wm.f(a + 2), d3), wm.mulf(wm.f(a + 3), d2)), one);
        Value outer = wm.subf(wm.addf(wm.subf(wm.mulf(wm.f(a), d3), wm.mulf(wm.f(5 * a), d2)),
                                      wm.mulf(wm.f(8 * a), d)),
                              wm.f(4 * a));
        w = wm.select(wm.cmpf(FPred::OLE, d, one), inner,
                      wm.select(wm.cmpf(FPred::OLT, d, wm.f(2.0)), outer, zero));
      }
      if (excludeOutside)
        w = wm.select(wm.both(wm.cmpi(IPred::sge, i, wm.i(0)), wm.cmpi(IPred::slt, i, ax.in)),
                      w, zero);
      return {clampIndex(wm, i, ax), w};
    };

    // Tables for the axes whose taps are written out: per output index,
    // each tap's input index and weight (normalized along the axis when the
    // weights are), and the crop's outside flag. The main generic reads
    // them through maps on the axis' loop dimension.
    struct Table {
      SmallVector<int64_t> idx, weight; ///< positions among the inputs
      int64_t outside = -1;
    };
    SmallVector<Table> tables(k);
    SmallVector<Value> tableValues;
    SmallVector<AffineMap> maps;
    for (int64_t i = 0; i < k; ++i) {
      if (!unroll[i])
        continue;
      const Axis &ax = axes[i];
      OpFoldResult len = outSizes[ax.dim];
      SmallVector<Type> types;
      SmallVector<Value> inits;
      auto add = [&](Type t) {
        Value e = tensor::EmptyOp::create(rewriter, loc, ArrayRef<OpFoldResult>{len}, t);
        inits.push_back(e);
        types.push_back(e.getType());
        return static_cast<int64_t>(tableValues.size() + inits.size() - 1);
      };
      Table &tb = tables[i];
      for (int64_t t = 0; t < ax.numTaps; ++t) {
        tb.idx.push_back(add(rewriter.getIndexType()));
        if (!nearest)
          tb.weight.push_back(add(ct));
      }
      if (crop)
        tb.outside = add(rewriter.getI1Type());
      auto table = linalg::GenericOp::create(
          rewriter, loc, types, ValueRange{}, inits,
          SmallVector<AffineMap>(inits.size(), rewriter.getMultiDimIdentityMap(1)),
          {utils::IteratorType::parallel}, [&](OpBuilder &b, Location l, ValueRange) {
            Math cm{b, l};
            auto [xo, outside] = coordinate(cm, ax, linalg::IndexOp::create(b, l, 0));
            SmallVector<Value> yields;
            if (nearest) {
              yields.push_back(nearestIndex(cm, ax, xo));
            } else {
              SmallVector<Value> idx, w;
              Value sum = cm.f(0.0);
              for (int64_t t = 0; t < ax.numTaps; ++t) {
                auto [ti, tw] = tap(cm, ax, xo, cm.i(t));
                idx.push_back(ti);
                w.push_back(tw);
                sum = cm.addf(sum, tw);
              }
              for (int64_t t = 0; t < ax.numTaps; ++t) {
                yields.push_back(idx[t]);
                yields.push_back(cm.floatTo(normalize ? cm.divf(w[t], sum) : w[t], ct));
              }
            }
            if (crop)
              yields.push_back(outside);
            linalg::YieldOp::create(b, l, yields);
          });
      for (Value r : table.getResults()) {
        tableValues.push_back(r);
        maps.push_back(AffineMap::get(rank, 0, rewriter.getAffineDimExpr(ax.dim)));
      }
    }
    bool loops = llvm::is_contained(unroll, false);
    maps.push_back(rewriter.getMultiDimIdentityMap(rank));

    Value init = tensor::EmptyOp::create(rewriter, loc, outSizes, et);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, outType, tableValues, init, maps,
        SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
        [&](OpBuilder &b, Location l, ValueRange args) {
          Math bm{b, l};
          SmallVector<Value> at;
          for (int64_t d = 0; d < rank; ++d)
            at.push_back(linalg::IndexOp::create(b, l, d));
          // x_original of the axes without a table; the outside flag.
          SmallVector<Value> xo(k);
          Value outside = crop ? bm.boolean(false) : Value();
          for (int64_t i = 0; i < k; ++i) {
            if (unroll[i]) {
              if (crop)
                outside = bm.either(outside, args[tables[i].outside]);
              continue;
            }
            auto [v, out] = coordinate(bm, axes[i], at[axes[i].dim]);
            xo[i] = v;
            if (crop)
              outside = bm.either(outside, out);
          }

          Value result;
          if (nearest) {
            for (int64_t i = 0; i < k; ++i)
              at[axes[i].dim] = args[tables[i].idx[0]];
            result = tensor::ExtractOp::create(b, l, x, at);
          } else {
            // Adds the taps of axes [level, k) with weight `w` so far.
            std::function<std::pair<Value, Value>(OpBuilder &, Location, int64_t, Value,
                                                  SmallVector<Value>, Value, Value)>
                taps = [&](OpBuilder &tb, Location tl, int64_t level, Value w,
                           SmallVector<Value> pos, Value acc,
                           Value wsum) -> std::pair<Value, Value> {
              Math tm{tb, tl};
              if (level == k) {
                Value v = tm.floatTo(tensor::ExtractOp::create(tb, tl, x, pos), ct);
                acc = tm.addf(acc, tm.mulf(w, v));
                if (wsum)
                  wsum = tm.addf(wsum, w);
                return {acc, wsum};
              }
              const Axis &ax = axes[level];
              if (unroll[level]) {
                const Table &t = tables[level];
                for (int64_t n = 0; n < ax.numTaps; ++n) {
                  SmallVector<Value> p = pos;
                  p[ax.dim] = args[t.idx[n]];
                  std::tie(acc, wsum) = taps(tb, tl, level + 1,
                                             tm.mulf(w, args[t.weight[n]]), p, acc, wsum);
                }
                return {acc, wsum};
              }
              SmallVector<Value> iters{acc};
              if (wsum)
                iters.push_back(wsum);
              auto loop = scf::ForOp::create(
                  tb, tl, tm.idx(0), ax.tapCount, tm.idx(1), iters,
                  [&](OpBuilder &lb, Location ll, Value iv, ValueRange iterArgs) {
                    Math lm{lb, ll};
                    auto [idx, tw] = tap(lm, ax, xo[level], lm.indexToI64(iv));
                    SmallVector<Value> p = pos;
                    p[ax.dim] = idx;
                    auto [a0, w0] = taps(lb, ll, level + 1, lm.mulf(w, lm.floatTo(tw, ct)), p,
                                         iterArgs[0], wsum ? iterArgs[1] : Value());
                    SmallVector<Value> yields{a0};
                    if (wsum)
                      yields.push_back(w0);
                    scf::YieldOp::create(lb, ll, yields);
                  });
              return {loop.getResult(0), wsum ? loop.getResult(1) : Value()};
            };
            // Table weights are normalized already; taps from loops are
            // normalized by the sum of the products.
            bool divide = normalize && loops;
            Value zero = arith::ConstantOp::create(b, l, b.getFloatAttr(ct, 0.0));
            Value oneW = arith::ConstantOp::create(b, l, b.getFloatAttr(ct, 1.0));
            auto [acc, wsum] = taps(b, l, 0, oneW, at, zero, divide ? zero : Value());
            if (divide)
              acc = bm.divf(acc, wsum);
            result = bm.floatTo(acc, et);
          }
          if (crop)
            result = bm.select(outside, extrapolation, result);
          linalg::YieldOp::create(b, l, result);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

} // namespace

bool kiln::resizeSupportsDynamic(Operation *op) { return isa<nn::ResizeOp>(op); }

void kiln::populateNNResizeToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ResizeLowering>(patterns.getContext());
}
