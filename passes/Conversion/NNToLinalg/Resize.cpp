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
// One linalg.generic over the result then computes, per element and
// resized axis, `x_original` from the output index (in f64, as ONNX's
// reference does) and reads the input with tensor.extract:
//
//  - nearest: the rounded index, clamped into the input;
//  - linear / cubic: the taps `floor(x_original) - K + 1 .. + K` (K = 1
//    for linear, 2 for cubic; with antialias, K = ceil(K / min(s, 1)) and
//    the kernel argument is scaled by min(s, 1)), each weighted by the
//    kernel of its distance, clamped into the input (or weighing 0 with
//    exclude_outside). The taps of all axes multiply out: written out
//    straight for axes with at most 4 taps known at compile time (16 in
//    all), scf.for loops for the others. Antialias and exclude_outside divide by the sum of
//    the weights. Sums are f32 (f64 for f64 data).
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
              "scale " + Twine(i) + " is not a positive number");
        ax.out = m.ftoi(m.floor(m.mulf(ax.inF, ax.scale)));
      }
    } else {
      Value sizes = op.getSizes();
      SmallVector<Value> ratios;
      for (int64_t i = 0; i < k; ++i) {
        Axis &ax = axes[i];
        ax.out = readI64(m, sizes, i);
        check(m, op, m.cmpi(IPred::sge, ax.out, m.i(0)),
              "size " + Twine(i) + " is negative");
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

    Value init = tensor::EmptyOp::create(rewriter, loc, outSizes, et);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, outType, ValueRange{}, init, rewriter.getMultiDimIdentityMap(rank),
        SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
        [&](OpBuilder &b, Location l, ValueRange) {
          Math bm{b, l};
          SmallVector<Value> at;
          for (int64_t d = 0; d < rank; ++d)
            at.push_back(linalg::IndexOp::create(b, l, d));
          // x_original per axis; the outside-the-input flag for crops.
          SmallVector<Value> xo(k), fl(k);
          Value outside = crop ? bm.boolean(false) : Value();
          for (int64_t i = 0; i < k; ++i) {
            const Axis &ax = axes[i];
            Value xf = bm.itof(bm.indexToI64(at[ax.dim]));
            Value half = bm.f(0.5);
            auto halfPixel = [&] {
              return bm.subf(bm.divf(bm.addf(xf, half), ax.scale), half);
            };
            Value v;
            if (ctm == "half_pixel") {
              v = halfPixel();
            } else if (ctm == "half_pixel_symmetric") {
              v = bm.subf(bm.addf(ax.offset, bm.divf(bm.addf(xf, half), ax.scale)), half);
            } else if (ctm == "pytorch_half_pixel") {
              v = bm.select(ax.widthIsOne, bm.f(-0.5), halfPixel());
            } else if (ctm == "align_corners") {
              Value inM1 = bm.subf(ax.inF, bm.f(1.0));
              v = bm.select(ax.widthIsOne, bm.f(0.0),
                            bm.divf(bm.mulf(xf, inM1), bm.subf(ax.width, bm.f(1.0))));
            } else if (ctm == "asymmetric") {
              v = bm.divf(xf, ax.scale);
            } else if (ctm == "tf_half_pixel_for_nn") {
              v = bm.divf(bm.addf(xf, half), ax.scale);
            } else {
              Value inM1 = bm.subf(ax.inF, bm.f(1.0));
              Value extent = bm.subf(ax.roiEnd, ax.roiStart);
              Value one = bm.divf(bm.mulf(extent, inM1), bm.f(2.0));
              Value many = bm.divf(bm.mulf(bm.mulf(xf, extent), inM1),
                                   bm.subf(ax.width, bm.f(1.0)));
              v = bm.addf(bm.select(ax.widthIsOne, one, many), bm.mulf(ax.roiStart, inM1));
              outside = bm.either(outside,
                                  bm.either(bm.cmpf(FPred::OLT, v, bm.f(0.0)),
                                            bm.cmpf(FPred::OGT, v, inM1)));
            }
            xo[i] = v;
            fl[i] = bm.floor(v);
          }
          auto clampIndex = [&](Math &cm, Value i, const Axis &ax) {
            Value c = cm.maxi(cm.mini(i, cm.subi(ax.in, cm.i(1))), cm.i(0));
            return cm.toIndex(c);
          };

          Value result;
          if (nearest) {
            for (int64_t i = 0; i < k; ++i) {
              const Axis &ax = axes[i];
              Value r = bm.subf(xo[i], fl[i]);
              Value up;
              if (nearestMode == "round_prefer_floor")
                up = bm.cmpf(FPred::OGT, r, bm.f(0.5));
              else if (nearestMode == "round_prefer_ceil")
                up = bm.cmpf(FPred::OGE, r, bm.f(0.5));
              else if (nearestMode == "ceil")
                up = bm.cmpf(FPred::OGT, r, bm.f(0.0));
              else
                up = bm.boolean(false);
              Value idx = bm.addi(bm.ftoi(fl[i]),
                                  b.createOrFold<arith::ExtUIOp>(l, bm.i64(), up));
              at[ax.dim] = clampIndex(bm, idx, ax);
            }
            result = tensor::ExtractOp::create(b, l, x, at);
          } else {
            // The weight of input index `i` (i64) on axis `ax`.
            auto weight = [&](Math &wm, int64_t axis, Value i) {
              const Axis &ax = axes[axis];
              Value t = wm.absf(wm.subf(wm.itof(i), xo[axis]));
              if (antialias)
                t = wm.mulf(t, ax.kernelScale);
              Value one = wm.f(1.0), zero = wm.f(0.0);
              Value w;
              if (mode == "linear") {
                w = wm.maxf(wm.subf(one, t), zero);
              } else {
                Value t2 = wm.mulf(t, t), t3 = wm.mulf(t2, t);
                // (A + 2)|t|^3 - (A + 3)|t|^2 + 1 on [0, 1],
                // A|t|^3 - 5A|t|^2 + 8A|t| - 4A on (1, 2), 0 beyond.
                Value inner = wm.addf(wm.subf(wm.mulf(wm.f(a + 2), t3), wm.mulf(wm.f(a + 3), t2)),
                                      one);
                Value outer = wm.subf(
                    wm.addf(wm.subf(wm.mulf(wm.f(a), t3), wm.mulf(wm.f(5 * a), t2)),
                            wm.mulf(wm.f(8 * a), t)),
                    wm.f(4 * a));
                w = wm.select(wm.cmpf(FPred::OLE, t, one), inner,
                              wm.select(wm.cmpf(FPred::OLT, t, wm.f(2.0)), outer, zero));
              }
              if (excludeOutside)
                w = wm.select(wm.both(wm.cmpi(IPred::sge, i, wm.i(0)),
                                      wm.cmpi(IPred::slt, i, ax.in)),
                              w, zero);
              return wm.floatTo(w, ct);
            };
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
                if (normalize)
                  wsum = tm.addf(wsum, w);
                return {acc, wsum};
              }
              const Axis &ax = axes[level];
              Value first = tm.addi(tm.subi(tm.ftoi(fl[level]), ax.half), tm.i(1));
              auto one = [&](OpBuilder &ob, Location ol, Value t, Value acc0, Value wsum0) {
                Math om{ob, ol};
                Value i = om.addi(first, t);
                SmallVector<Value> p = pos;
                p[ax.dim] = clampIndex(om, i, ax);
                return taps(ob, ol, level + 1, om.mulf(w, weight(om, level, i)), p, acc0,
                            wsum0);
              };
              if (unroll[level]) {
                for (int64_t t = 0; t < ax.numTaps; ++t)
                  std::tie(acc, wsum) = one(tb, tl, tm.i(t), acc, wsum);
                return {acc, wsum};
              }
              SmallVector<Value> iters{acc};
              if (normalize)
                iters.push_back(wsum);
              auto loop = scf::ForOp::create(
                  tb, tl, tm.idx(0), ax.tapCount, tm.idx(1), iters,
                  [&](OpBuilder &lb, Location ll, Value iv, ValueRange args) {
                    Math lm{lb, ll};
                    auto [a0, w0] = one(lb, ll, lm.indexToI64(iv), args[0],
                                        normalize ? args[1] : Value());
                    SmallVector<Value> yields{a0};
                    if (normalize)
                      yields.push_back(w0);
                    scf::YieldOp::create(lb, ll, yields);
                  });
              return {loop.getResult(0), normalize ? loop.getResult(1) : Value()};
            };
            Value zero = arith::ConstantOp::create(b, l, b.getFloatAttr(ct, 0.0));
            Value oneW = arith::ConstantOp::create(b, l, b.getFloatAttr(ct, 1.0));
            auto [acc, wsum] = taps(b, l, 0, oneW, at, zero, normalize ? zero : Value());
            if (normalize)
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
