//===- Spectral.cpp - nn.dft and nn.stft to linalg ------------------------===//
//
// Both ops are direct O(n^2) discrete Fourier transforms of length n, in
// three linalg.generic ops:
//
//  - a twiddle table over [n]: cos(2 pi t / n) and sin(2 pi t / n);
//  - a reduction over (result position..., t) summing, for the frequency
//    j of the position, x[t] * e^(-+2 pi i j t / n) into two sums (real and
//    imaginary parts); the factor is the table's entry (j * t) mod n, the
//    product reduced in integers, so large n loses no accuracy and the
//    transcendental functions run n times, not n^2;
//  - a parallel generic writing the [..., 2] result from the two sums
//    (divided by n for the inverse DFT) in the result's element type.
//
// Sums and factors are f64 whatever the element type: f32 factors put
// sin(pi) at -8.7e-8 instead of 1.2e-16, which showed in bins that should
// be 0 (ONNX compares with atol 1e-7).
//
// nn.dft reads the samples through rank-reducing tensor.extract_slice ops
// that keep the first min(n, size of the axis) values along the axis
// (the rest, when n is larger, are the zero padding and add nothing) and
// drop the parts dimension: one slice for the real parts, one for the
// imaginary parts when the input may be complex. When the number of parts
// is known only at run time, the second slice reads part min(1, C - 1) and
// its values are multiplied by (C == 2).
//
// nn.stft reads signal[b, f * step + t] with tensor.extract (the offset is
// not affine in a run-time step) and multiplies by window[t] (ones when
// there is no window), whose operand gives the reduction's extent n.
//
// Values read at run time and dynamic sizes are checked with
// lowering::emitShapeCheck before anything is read: n >= 1, parts 1 or 2
// (1 for a onesided result), STFT's step >= 1, 1 <= frame_length <= signal length, window length ==
// frame_length, and a declared static result size.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/NNToLinalg/Spectral.h"
#include "passes/Conversion/NNToLinalg/DynamicSupport.h"
#include "passes/Conversion/NNToLinalg/NNToLinalg.h"
#include "dialects/NN/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/Matchers.h"

#include <functional>

using namespace mlir;
using namespace kiln;
using namespace kiln::lowering;

namespace {

using IPred = arith::CmpIPredicate;

constexpr double kTwoPi = 6.283185307179586476925286766559;

/// Index and scalar arithmetic that folds on constants.
struct Ops {
  OpBuilder &b;
  Location loc;

  Type f64() const { return b.getF64Type(); }
  Value idx(int64_t v) const { return arith::ConstantIndexOp::create(b, loc, v); }
  Value i64(int64_t v) const { return arith::ConstantIntOp::create(b, loc, b.getI64Type(), v); }
  Value f(double v) const { return arith::ConstantOp::create(b, loc, b.getF64FloatAttr(v)); }
  Value add(Value x, Value y) const { return b.createOrFold<arith::AddIOp>(loc, x, y); }
  Value sub(Value x, Value y) const { return b.createOrFold<arith::SubIOp>(loc, x, y); }
  Value mul(Value x, Value y) const { return b.createOrFold<arith::MulIOp>(loc, x, y); }
  Value div(Value x, Value y) const { return b.createOrFold<arith::DivSIOp>(loc, x, y); }
  Value rem(Value x, Value y) const { return b.createOrFold<arith::RemSIOp>(loc, x, y); }
  Value min(Value x, Value y) const { return b.createOrFold<arith::MinSIOp>(loc, x, y); }
  Value cmp(IPred p, Value x, Value y) const {
    return b.createOrFold<arith::CmpIOp>(loc, p, x, y);
  }
  Value both(Value x, Value y) const { return b.createOrFold<arith::AndIOp>(loc, x, y); }
  Value either(Value x, Value y) const { return b.createOrFold<arith::OrIOp>(loc, x, y); }
  Value select(Value c, Value x, Value y) const {
    return b.createOrFold<arith::SelectOp>(loc, c, x, y);
  }
  Value toIndex(Value v) const {
    return b.createOrFold<arith::IndexCastOp>(loc, b.getIndexType(), v);
  }
  Value toI64(Value v) const {
    return b.createOrFold<arith::IndexCastOp>(loc, b.getI64Type(), v);
  }
  Value index(OpFoldResult v) const { return getValueOrCreateConstantIndexOp(b, loc, v); }
  Value addf(Value x, Value y) const { return arith::AddFOp::create(b, loc, x, y); }
  Value subf(Value x, Value y) const { return arith::SubFOp::create(b, loc, x, y); }
  Value mulf(Value x, Value y) const { return arith::MulFOp::create(b, loc, x, y); }
  Value divf(Value x, Value y) const { return arith::DivFOp::create(b, loc, x, y); }
  Value itof(Value v) const { return arith::SIToFPOp::create(b, loc, f64(), v); }

  /// A float of any width as f64 (through f32 for the 16-bit types).
  Value toF64(Value v) const {
    Type t = v.getType();
    if (t.isF64())
      return v;
    if (!t.isF32())
      v = arith::ExtFOp::create(b, loc, b.getF32Type(), v);
    return arith::ExtFOp::create(b, loc, f64(), v);
  }
  /// An f64 as `t` (through f32 for the 16-bit types, which avoids the
  /// f64-to-half library calls).
  Value fromF64(Value v, Type t) const {
    if (t.isF64())
      return v;
    v = arith::TruncFOp::create(b, loc, b.getF32Type(), v);
    if (t.isF32())
      return v;
    return arith::TruncFOp::create(b, loc, t, v);
  }
};

/// Emits a run-time check unless `cond` folded to true.
void check(OpBuilder &b, Location loc, Operation *op, Value cond, const Twine &message) {
  if (matchPattern(cond, m_One()))
    return;
  emitShapeCheck(b, loc, op, cond, message);
}

/// The rank-0 i64 tensor `v` as an i64 value: a constant when it is one.
Value readScalar(Ops &o, Value v) {
  DenseIntElementsAttr attr;
  if (matchPattern(v, m_Constant(&attr)))
    return o.i64((*attr.getValues<APInt>().begin()).getSExtValue());
  return tensor::ExtractOp::create(o.b, o.loc, v, ValueRange{});
}

/// Dimension `d` of `v` as an index value (a constant when static).
Value dimOf(Ops &o, Value v, int64_t d) {
  auto t = cast<RankedTensorType>(v.getType());
  if (!t.isDynamicDim(d))
    return o.idx(t.getDimSize(d));
  return tensor::DimOp::create(o.b, o.loc, v, d);
}

/// Checks that the number of parts `c` (an index) is 1 or 2, or 1 for a
/// onesided result, unless static.
void checkParts(Ops &o, Operation *op, Value c, StringRef what, bool onesided) {
  if (onesided) {
    check(o.b, o.loc, op, o.cmp(IPred::eq, c, o.idx(1)),
          "a onesided result needs real input, but the " + what + "'s last dimension is not 1");
    return;
  }
  check(o.b, o.loc, op,
        o.either(o.cmp(IPred::eq, c, o.idx(1)), o.cmp(IPred::eq, c, o.idx(2))),
        "the " + what + "'s last dimension (real, or real and imaginary parts) is neither 1 nor 2");
}

/// Reads one sample inside the reduction: its real part and its imaginary
/// part (null for real input), both f64. Gets the builder, the block's
/// arguments for the kernel's inputs, and the loop indices (the result
/// position, then t).
using SampleFn = std::function<std::pair<Value, Value>(Ops &, ValueRange args,
                                                       ArrayRef<Value> ivs)>;

/// A DFT of length `n` (i64; `nIdx` the same as index) along the result's
/// dimension `freqDim`: the result position's sizes are `outer` (the
/// result's sizes but the last, 2), the sum runs over t in the range the
/// `inputs` (read through `inputMaps` over (outer..., t)) give.
struct DFTKernel {
  Operation *op;
  RankedTensorType resultType;
  SmallVector<OpFoldResult> outer;
  int64_t freqDim;
  Value n, nIdx;
  bool inverse;
  SmallVector<Value> inputs;
  SmallVector<AffineMap> inputMaps;
  SampleFn sample;
};

/// `sizes` with the static sizes `type` declares, each checked first where
/// `sizes` knows it only at run time.
SmallVector<OpFoldResult> declaredSizes(Ops &o, Operation *op, RankedTensorType type,
                                        ArrayRef<OpFoldResult> sizes) {
  SmallVector<OpFoldResult> out(sizes);
  for (auto [d, size] : llvm::enumerate(out)) {
    if (type.isDynamicDim(d) || getConstantIntValue(size))
      continue;
    int64_t want = type.getDimSize(d);
    check(o.b, o.loc, op, o.cmp(IPred::eq, o.index(size), o.idx(want)),
          "result dimension " + Twine(d) + " differs from its declared size " + Twine(want));
    size = o.b.getIndexAttr(want);
  }
  return out;
}

Value buildDFT(OpBuilder &b, Location loc, DFTKernel k) {
  MLIRContext *ctx = b.getContext();
  Ops o{b, loc};
  Type f64 = o.f64();
  int64_t outerRank = k.outer.size();
  k.outer = declaredSizes(o, k.op, k.resultType, k.outer);

  // Twiddle factors cos, sin of 2 pi t / n, t in [0, n).
  Value nF = o.itof(k.n);
  SmallVector<OpFoldResult> tableSize{getAsOpFoldResult(k.nIdx)};
  Value cosInit = tensor::EmptyOp::create(b, loc, tableSize, f64);
  Value sinInit = tensor::EmptyOp::create(b, loc, tableSize, f64);
  auto tableType = cast<RankedTensorType>(cosInit.getType());
  AffineMap id1 = b.getMultiDimIdentityMap(1);
  auto table = linalg::GenericOp::create(
      b, loc, TypeRange{tableType, tableType}, ValueRange{}, ValueRange{cosInit, sinInit},
      ArrayRef<AffineMap>{id1, id1}, ArrayRef<utils::IteratorType>{utils::IteratorType::parallel},
      [&](OpBuilder &nb, Location l, ValueRange) {
        Ops bo{nb, l};
        Value t = bo.itof(bo.toI64(linalg::IndexOp::create(nb, l, 0)));
        Value angle = bo.divf(bo.mulf(bo.f(kTwoPi), t), nF);
        linalg::YieldOp::create(nb, l, ValueRange{math::CosOp::create(nb, l, angle),
                                                  math::SinOp::create(nb, l, angle)});
      });
  Value cosT = table.getResult(0), sinT = table.getResult(1);

  // The sums over t.
  auto sumType = RankedTensorType::get(dyn::shapeOf(k.outer), f64);
  Value zero = arith::ConstantOp::create(b, loc, b.getF64FloatAttr(0.0));
  auto zeros = [&]() {
    Value e = tensor::EmptyOp::create(b, loc, k.outer, f64);
    return linalg::FillOp::create(b, loc, zero, e).getResult(0);
  };
  Value reInit = zeros(), imInit = zeros();
  SmallVector<AffineMap> maps(k.inputMaps);
  AffineMap outMap = AffineMap::getMultiDimIdentityMap(outerRank + 1, ctx).getMajorSubMap(outerRank);
  maps.push_back(outMap);
  maps.push_back(outMap);
  SmallVector<utils::IteratorType> iters(outerRank, utils::IteratorType::parallel);
  iters.push_back(utils::IteratorType::reduction);
  int64_t numInputs = k.inputs.size();
  bool inverse = k.inverse;
  auto sums = linalg::GenericOp::create(
      b, loc, TypeRange{sumType, sumType}, k.inputs, ValueRange{reInit, imInit}, maps, iters,
      [&](OpBuilder &nb, Location l, ValueRange args) {
        Ops bo{nb, l};
        SmallVector<Value> ivs;
        for (int64_t d = 0; d <= outerRank; ++d)
          ivs.push_back(linalg::IndexOp::create(nb, l, d));
        // (j * t) mod n, in integers.
        Value p = bo.rem(bo.mul(bo.toI64(ivs[k.freqDim]), bo.toI64(ivs[outerRank])), k.n);
        Value at = bo.toIndex(p);
        Value c = tensor::ExtractOp::create(nb, l, cosT, ValueRange{at});
        Value s = tensor::ExtractOp::create(nb, l, sinT, ValueRange{at});
        auto [xr, xi] = k.sample(bo, args.take_front(numInputs), ivs);
        Value accRe = args[numInputs], accIm = args[numInputs + 1];
        // Forward: (xr + i xi)(c - i s); inverse: (xr + i xi)(c + i s).
        Value re = bo.mulf(xr, c), im = bo.mulf(xr, s);
        if (!inverse)
          im = arith::NegFOp::create(nb, l, im);
        if (xi) {
          Value xis = bo.mulf(xi, s), xic = bo.mulf(xi, c);
          re = inverse ? bo.subf(re, xis) : bo.addf(re, xis);
          im = bo.addf(im, xic);
        }
        linalg::YieldOp::create(nb, l, ValueRange{bo.addf(accRe, re), bo.addf(accIm, im)});
      });

  // The [..., 2] result.
  SmallVector<OpFoldResult> sizes(k.outer);
  sizes.push_back(b.getIndexAttr(2));
  Type et = k.resultType.getElementType();
  Value init = tensor::EmptyOp::create(b, loc, sizes, et);
  auto outType = cast<RankedTensorType>(init.getType());
  AffineMap resMap = b.getMultiDimIdentityMap(outerRank + 1);
  auto result = linalg::GenericOp::create(
      b, loc, outType, ValueRange{sums.getResult(0), sums.getResult(1)}, init,
      ArrayRef<AffineMap>{outMap, outMap, resMap},
      SmallVector<utils::IteratorType>(outerRank + 1, utils::IteratorType::parallel),
      [&](OpBuilder &nb, Location l, ValueRange args) {
        Ops bo{nb, l};
        Value part = linalg::IndexOp::create(nb, l, outerRank);
        Value v = bo.select(bo.cmp(IPred::eq, part, bo.idx(0)), args[0], args[1]);
        if (inverse)
          v = bo.divf(v, nF);
        linalg::YieldOp::create(nb, l, bo.fromF64(v, et));
      });
  return dyn::castToType(b, loc, k.op, result.getResult(0), k.resultType);
}

/// The map over (outer..., t) that reads position `outer` with t in place
/// of dimension `axis`.
AffineMap sampleMap(MLIRContext *ctx, int64_t outerRank, int64_t axis) {
  SmallVector<AffineExpr> results;
  for (int64_t d = 0; d < outerRank; ++d)
    results.push_back(getAffineDimExpr(d == axis ? outerRank : d, ctx));
  return AffineMap::get(outerRank + 1, 0, results, ctx);
}

//===----------------------------------------------------------------------===//
// nn.dft
//===----------------------------------------------------------------------===//

struct DFTLowering : OpRewritePattern<nn::DFTOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(nn::DFTOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Ops o{rewriter, loc};
    Value x = op.getInput();
    auto xType = op.getInput().getType();
    int64_t rank = xType.getRank(), axis = op.getAxis(), outerRank = rank - 1;
    Type et = xType.getElementType();

    Value parts = dimOf(o, x, rank - 1);
    checkParts(o, op, parts, "input", op.getOnesided());
    Value along = dimOf(o, x, axis);
    Value n = op.getLength() ? readScalar(o, op.getLength()) : o.toI64(along);
    check(rewriter, loc, op, o.cmp(IPred::sge, n, o.i64(1)), "the DFT length is less than 1");
    Value nIdx = o.toIndex(n);
    // The values that take part (the rest of a longer n is zero padding).
    Value extent = op.getLength() ? o.min(along, nIdx) : along;
    Value outLen = op.getOnesided() ? o.add(o.div(nIdx, o.idx(2)), o.idx(1)) : nIdx;

    SmallVector<OpFoldResult> outer, offsets, sizes, strides;
    for (int64_t d = 0; d < outerRank; ++d) {
      Value size = dimOf(o, x, d);
      outer.push_back(getAsOpFoldResult(d == axis ? outLen : size));
      sizes.push_back(getAsOpFoldResult(d == axis ? extent : size));
      offsets.push_back(rewriter.getIndexAttr(0));
      strides.push_back(rewriter.getIndexAttr(1));
    }
    auto sliceType = RankedTensorType::get(dyn::shapeOf(sizes), et);
    sizes.push_back(rewriter.getIndexAttr(1));
    strides.push_back(rewriter.getIndexAttr(1));
    auto slice = [&](OpFoldResult part) -> Value {
      SmallVector<OpFoldResult> offs(offsets);
      offs.push_back(part);
      return tensor::ExtractSliceOp::create(rewriter, loc, sliceType, x, offs, sizes, strides);
    };

    // Real parts; imaginary parts unless the input is known to be real
    // (onesided results need real input; part min(1, C - 1), scaled by
    // C == 2, when C is known only at run time).
    std::optional<int64_t> c = getConstantIntValue(parts);
    SmallVector<Value> inputs{slice(rewriter.getIndexAttr(0))};
    Value imagScale;
    if (!op.getOnesided() && (!c || *c == 2)) {
      Value part = c ? o.idx(1) : o.min(o.idx(1), o.sub(parts, o.idx(1)));
      inputs.push_back(slice(getAsOpFoldResult(part)));
      if (!c)
        imagScale = o.select(o.cmp(IPred::eq, parts, o.idx(2)), o.f(1.0), o.f(0.0));
    }
    AffineMap map = sampleMap(rewriter.getContext(), outerRank, axis);
    SmallVector<AffineMap> maps(inputs.size(), map);

    DFTKernel k{op,      op.getType(), outer, axis, n, nIdx, op.getInverse(), inputs, maps,
                [&](Ops &bo, ValueRange args, ArrayRef<Value>) -> std::pair<Value, Value> {
                  Value re = bo.toF64(args[0]);
                  Value im = args.size() > 1 ? bo.toF64(args[1]) : Value();
                  if (im && imagScale)
                    im = bo.mulf(im, imagScale);
                  return {re, im};
                }};
    rewriter.replaceOp(op, buildDFT(rewriter, loc, k));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// nn.stft
//===----------------------------------------------------------------------===//

struct STFTLowering : OpRewritePattern<nn::STFTOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(nn::STFTOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Ops o{rewriter, loc};
    Value x = op.getSignal();
    Value window = op.getWindow();

    Value parts = dimOf(o, x, 2);
    checkParts(o, op, parts, "signal", op.getOnesided());
    Value batch = dimOf(o, x, 0), len = o.toI64(dimOf(o, x, 1));
    Value step = readScalar(o, op.getFrameStep());
    check(rewriter, loc, op, o.cmp(IPred::sge, step, o.i64(1)), "frame_step is less than 1");
    Value n;
    if (op.getFrameLength())
      n = readScalar(o, op.getFrameLength());
    else if (window)
      n = o.toI64(dimOf(o, window, 0));
    else
      n = len;
    check(rewriter, loc, op,
          o.both(o.cmp(IPred::sge, n, o.i64(1)), o.cmp(IPred::sle, n, len)),
          "the frame length is less than 1 or larger than the signal's length");
    if (window && op.getFrameLength())
      check(rewriter, loc, op, o.cmp(IPred::eq, o.toI64(dimOf(o, window, 0)), n),
            "the window's length differs from frame_length");
    Value nIdx = o.toIndex(n);
    Value frames = o.toIndex(o.add(o.div(o.sub(len, n), step), o.i64(1)));
    Value bins = op.getOnesided() ? o.add(o.div(nIdx, o.idx(2)), o.idx(1)) : nIdx;
    SmallVector<OpFoldResult> outer{getAsOpFoldResult(batch), getAsOpFoldResult(frames),
                                    getAsOpFoldResult(bins)};

    // The window (ones without one) gives the extent of t.
    if (!window)
      window = dyn::buildFilled(rewriter, loc, {getAsOpFoldResult(nIdx)},
                                rewriter.getF64FloatAttr(1.0));
    MLIRContext *ctx = rewriter.getContext();
    AffineMap map = AffineMap::get(4, 0, {getAffineDimExpr(3, ctx)}, ctx);

    std::optional<int64_t> c = getConstantIntValue(parts);
    Value imagPart, imagScale;
    if (!op.getOnesided() && (!c || *c == 2)) {
      imagPart = c ? o.idx(1) : o.min(o.idx(1), o.sub(parts, o.idx(1)));
      if (!c)
        imagScale = o.select(o.cmp(IPred::eq, parts, o.idx(2)), o.f(1.0), o.f(0.0));
    }
    Value stepIdx = o.toIndex(step);
    DFTKernel k{op,     op.getType(), outer, 2, n, nIdx, /*inverse=*/false, {window}, {map},
                [&](Ops &bo, ValueRange args, ArrayRef<Value> ivs) -> std::pair<Value, Value> {
                  Value w = bo.toF64(args[0]);
                  Value pos = bo.add(bo.mul(ivs[1], stepIdx), ivs[3]);
                  auto read = [&](Value part) {
                    return bo.mulf(bo.toF64(tensor::ExtractOp::create(
                                       bo.b, bo.loc, x, ValueRange{ivs[0], pos, part})),
                                   w);
                  };
                  Value re = read(bo.idx(0));
                  Value im = imagPart ? read(imagPart) : Value();
                  if (im && imagScale)
                    im = bo.mulf(im, imagScale);
                  return {re, im};
                }};
    rewriter.replaceOp(op, buildDFT(rewriter, loc, k));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// nn.mel_weight_matrix
//===----------------------------------------------------------------------===//

/// numpy's floor division of two f64 values (npy_divmod): the quotient of
/// `a - fmod(a, b)` by `b`, adjusted and rounded, which differs from
/// floor(a / b) where a / b rounds up to an integer.
Value numpyFloorDivide(Ops &o, Value a, Value b) {
  using FPred = arith::CmpFPredicate;
  OpBuilder &bb = o.b;
  Location l = o.loc;
  Value zero = o.f(0.0);
  Value mod = arith::RemFOp::create(bb, l, a, b);
  Value div = o.divf(o.subf(a, mod), b);
  Value modNonZero = arith::CmpFOp::create(bb, l, FPred::UNE, mod, zero);
  Value bNeg = arith::CmpFOp::create(bb, l, FPred::OLT, b, zero);
  Value modNeg = arith::CmpFOp::create(bb, l, FPred::OLT, mod, zero);
  Value signsDiffer = arith::XOrIOp::create(bb, l, bNeg, modNeg);
  div = o.select(arith::AndIOp::create(bb, l, modNonZero, signsDiffer),
                 o.subf(div, o.f(1.0)), div);
  Value fl = math::FloorOp::create(bb, l, div);
  Value up = arith::CmpFOp::create(bb, l, FPred::OGT, o.subf(div, fl), o.f(0.5));
  fl = o.select(up, o.addf(fl, o.f(1.0)), fl);
  Value divNonZero = arith::CmpFOp::create(bb, l, FPred::UNE, div, zero);
  return o.select(divNonZero, fl, zero);
}

struct MelWeightMatrixLowering : OpRewritePattern<nn::MelWeightMatrixOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(nn::MelWeightMatrixOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Ops o{rewriter, loc};
    Value bands = readScalar(o, op.getNumMelBins());
    Value dftLength = readScalar(o, op.getDftLength());
    Value rate = readScalar(o, op.getSampleRate());
    check(rewriter, loc, op, o.cmp(IPred::sge, bands, o.i64(0)), "num_mel_bins is negative");
    check(rewriter, loc, op, o.cmp(IPred::sge, dftLength, o.i64(0)), "dft_length is negative");
    check(rewriter, loc, op, o.cmp(IPred::sge, rate, o.i64(1)), "sample_rate is less than 1");
    auto outType = op.getType();
    Type et = outType.getElementType();
    Value rows = o.add(o.toIndex(o.div(dftLength, o.i64(2))), o.idx(1));
    SmallVector<OpFoldResult> sizes = declaredSizes(
        o, op, outType, {getAsOpFoldResult(rows), getAsOpFoldResult(o.toIndex(bands))});

    // The mel edges and their step in the edges' type (f32 for 16-bit
    // types), as ONNX's reference computes them.
    Type edgeType = op.getLowerEdgeHertz().getType().getElementType();
    Type mt = edgeType.isF64() ? edgeType : rewriter.getF32Type();
    auto read = [&](Value v) -> Value {
      Value x = tensor::ExtractOp::create(rewriter, loc, v, ValueRange{});
      if (x.getType() == mt)
        return x;
      return arith::ExtFOp::create(rewriter, loc, mt, x);
    };
    auto c = [&](double v) { return arith::ConstantOp::create(rewriter, loc, rewriter.getFloatAttr(mt, v)); };
    auto mel = [&](Value hz) {
      Value r = arith::AddFOp::create(rewriter, loc, c(1.0),
                                      arith::DivFOp::create(rewriter, loc, hz, c(700.0)));
      return arith::MulFOp::create(rewriter, loc, c(2595.0), math::Log10Op::create(rewriter, loc, r));
    };
    Value lowMel = mel(read(op.getLowerEdgeHertz()));
    Value highMel = mel(read(op.getUpperEdgeHertz()));
    Value edges = o.add(bands, o.i64(2));
    Value step = arith::DivFOp::create(
        rewriter, loc, arith::SubFOp::create(rewriter, loc, highMel, lowMel),
        arith::SIToFPOp::create(rewriter, loc, mt, edges));
    Value step64 = o.toF64(step), low64 = o.toF64(lowMel);
    Value scale = o.itof(o.add(dftLength, o.i64(1))), rate64 = o.itof(rate);

    // The bin of every edge.
    Value edgesIdx = o.toIndex(edges);
    Value binsInit = tensor::EmptyOp::create(
        rewriter, loc, ArrayRef<OpFoldResult>{getAsOpFoldResult(edgesIdx)}, rewriter.getI64Type());
    AffineMap id1 = rewriter.getMultiDimIdentityMap(1);
    Value edgeBins =
        linalg::GenericOp::create(
            rewriter, loc, binsInit.getType(), ValueRange{}, binsInit, ArrayRef<AffineMap>{id1},
            ArrayRef<utils::IteratorType>{utils::IteratorType::parallel},
            [&](OpBuilder &nb, Location l, ValueRange) {
              Ops bo{nb, l};
              Value k = bo.itof(bo.toI64(linalg::IndexOp::create(nb, l, 0)));
              Value m = bo.addf(bo.mulf(k, step64), low64);
              Value p = math::PowFOp::create(nb, l, bo.f(10.0), bo.divf(m, bo.f(2595.0)));
              Value hz = bo.mulf(bo.f(700.0), bo.subf(p, bo.f(1.0)));
              Value q = numpyFloorDivide(bo, bo.mulf(scale, hz), rate64);
              // Keep the conversion defined (NaN and huge values saturate).
              q = arith::MaxNumFOp::create(nb, l, q, bo.f(-4.0e18));
              q = arith::MinNumFOp::create(nb, l, q, bo.f(4.0e18));
              linalg::YieldOp::create(nb, l, arith::FPToSIOp::create(nb, l, nb.getI64Type(), q).getResult());
            })
            .getResult(0);

    // The triangles.
    Value init = tensor::EmptyOp::create(rewriter, loc, sizes, et);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, init.getType(), ValueRange{}, init, rewriter.getMultiDimIdentityMap(2),
        SmallVector<utils::IteratorType>(2, utils::IteratorType::parallel),
        [&](OpBuilder &nb, Location l, ValueRange) {
          Ops bo{nb, l};
          Value j = bo.toI64(linalg::IndexOp::create(nb, l, 0));
          Value i = linalg::IndexOp::create(nb, l, 1);
          auto edge = [&](int64_t d) {
            return tensor::ExtractOp::create(nb, l, edgeBins, ValueRange{bo.add(i, bo.idx(d))})
                .getResult();
          };
          Value lo = edge(0), mid = edge(1), hi = edge(2);
          Value rising = bo.both(bo.cmp(IPred::sge, j, lo), bo.cmp(IPred::sle, j, mid));
          Value falling = bo.both(bo.cmp(IPred::sgt, j, mid), bo.cmp(IPred::slt, j, hi));
          // Guard the divisions: the selected quotient never divides by 0.
          Value up = bo.sub(mid, lo), down = bo.sub(hi, mid);
          Value upSafe = bo.select(bo.cmp(IPred::eq, up, bo.i64(0)), bo.i64(1), up);
          Value downSafe = bo.select(bo.cmp(IPred::eq, down, bo.i64(0)), bo.i64(1), down);
          Value riseV = bo.select(bo.cmp(IPred::eq, up, bo.i64(0)), bo.f(1.0),
                                  bo.divf(bo.itof(bo.sub(j, lo)), bo.itof(upSafe)));
          Value fallV = bo.divf(bo.itof(bo.sub(hi, j)), bo.itof(downSafe));
          Value v = bo.select(rising, riseV, bo.select(falling, fallV, bo.f(0.0)));
          Value r = isa<FloatType>(et) ? bo.fromF64(v, et)
                                       : arith::FPToSIOp::create(nb, l, et, v).getResult();
          linalg::YieldOp::create(nb, l, r);
        });
    rewriter.replaceOp(op, dyn::castToType(rewriter, loc, op, generic.getResult(0), outType));
    return success();
  }
};

} // namespace

bool kiln::spectralSupportsDynamic(Operation *op) {
  return isa<nn::DFTOp, nn::STFTOp, nn::MelWeightMatrixOp>(op);
}

void kiln::populateNNSpectralToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<DFTLowering, STFTLowering, MelWeightMatrixLowering>(patterns.getContext());
}
