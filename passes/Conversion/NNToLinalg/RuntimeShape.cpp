//===- RuntimeShape.cpp - nn run-time shape ops to tensor/linalg ----------===//
//
// shape: tensor.from_elements of the dimensions (tensor.dim for dynamic
// ones). dynamic_reshape: the ONNX `0` and `-1` entries resolved with arith,
// the element count checked, then tensor.reshape with the resolved shape.
// dynamic_expand: the broadcast sizes computed and checked, then a
// linalg.generic reading the input (through its maps when the input is
// static, else with tensor.extract at an index that is 0 where the input
// dimension is 1). dynamic_fill: linalg.fill of a tensor.empty with the
// run-time sizes. dynamic_range: the length max(ceil((limit - start) /
// delta), 0), then a generic computing start + i * delta. dynamic_slice:
// ONNX's clamping with arith, then tensor.extract_slice (all steps
// positive) or a generic reading `start + step * i`.
//
// Every dimension the result type gives statically is checked against the
// computed one (cf.assert through emitShapeCheck), so later ops can rely on
// the type, and nothing reads outside a tensor when sizes disagree.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/NNToLinalg/RuntimeShape.h"
#include "passes/Conversion/NNToLinalg/NNToLinalg.h"
#include "dialects/NN/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace kiln;
using namespace kiln::lowering;

namespace {

using Pred = arith::CmpIPredicate;

/// Small arith builder for the i64 size computations.
struct I64Math {
  OpBuilder &b;
  Location loc;

  Value c(int64_t v) const {
    return arith::ConstantIntOp::create(b, loc, b.getI64Type(), v);
  }
  Value cmp(Pred p, Value l, Value r) const {
    return arith::CmpIOp::create(b, loc, p, l, r);
  }
  Value select(Value cond, Value t, Value f) const {
    return arith::SelectOp::create(b, loc, cond, t, f);
  }
  Value add(Value l, Value r) const { return arith::AddIOp::create(b, loc, l, r); }
  Value sub(Value l, Value r) const { return arith::SubIOp::create(b, loc, l, r); }
  Value mul(Value l, Value r) const { return arith::MulIOp::create(b, loc, l, r); }
  Value max(Value l, Value r) const { return arith::MaxSIOp::create(b, loc, l, r); }
  Value min(Value l, Value r) const { return arith::MinSIOp::create(b, loc, l, r); }
  Value clamp(Value v, Value lo, Value hi) const { return min(max(v, lo), hi); }
  Value both(Value l, Value r) const { return arith::AndIOp::create(b, loc, l, r); }
  Value either(Value l, Value r) const { return arith::OrIOp::create(b, loc, l, r); }
  Value toIndex(Value v) const {
    return arith::IndexCastOp::create(b, loc, b.getIndexType(), v);
  }
  /// Dimension `d` of `t` as i64 (a constant when static).
  Value dim(Value t, int64_t d) const {
    int64_t s = cast<RankedTensorType>(t.getType()).getDimSize(d);
    if (!ShapedType::isDynamic(s))
      return c(s);
    Value idx = tensor::DimOp::create(b, loc, t, d);
    return arith::IndexCastOp::create(b, loc, b.getI64Type(), idx);
  }
  /// Entry `i` of a 1-D i64 tensor.
  Value entry(Value t, int64_t i) const {
    Value idx = arith::ConstantIndexOp::create(b, loc, i);
    return tensor::ExtractOp::create(b, loc, t, ValueRange{idx});
  }
};

/// Checks every static dimension of `type` against the computed size
/// `sizes[d]` (i64).
static void checkResultSizes(I64Math &m, Operation *op, RankedTensorType type,
                             ArrayRef<Value> sizes) {
  for (auto [d, size] : llvm::enumerate(sizes)) {
    int64_t s = type.getDimSize(d);
    if (ShapedType::isDynamic(s))
      continue;
    emitShapeCheck(m.b, m.loc, op, m.cmp(Pred::eq, size, m.c(s)),
                   "result dimension " + Twine(d) + " differs from " + Twine(s) +
                       ", the size its type gives");
  }
}

/// The dynamic sizes of `type` among `sizes` (i64), as index values.
static SmallVector<Value> dynamicSizes(I64Math &m, RankedTensorType type,
                                       ArrayRef<Value> sizes) {
  SmallVector<Value> dyn;
  for (auto [d, size] : llvm::enumerate(sizes))
    if (type.isDynamicDim(d))
      dyn.push_back(m.toIndex(size));
  return dyn;
}

static SmallVector<utils::IteratorType> parallel(int64_t rank) {
  return SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel);
}

/// A generic over `init` whose body computes each element from the loop
/// indices.
static Value buildIndexGeneric(
    OpBuilder &b, Location loc, Value init,
    function_ref<Value(OpBuilder &, Location, ArrayRef<Value>)> body) {
  auto type = cast<RankedTensorType>(init.getType());
  int64_t rank = type.getRank();
  auto generic = linalg::GenericOp::create(
      b, loc, type, ValueRange{}, init, b.getMultiDimIdentityMap(rank), parallel(rank),
      [&](OpBuilder &nb, Location nloc, ValueRange) {
        SmallVector<Value> ivs;
        for (int64_t d = 0; d < rank; ++d)
          ivs.push_back(linalg::IndexOp::create(nb, nloc, d));
        linalg::YieldOp::create(nb, nloc, body(nb, nloc, ivs));
      });
  return generic.getResult(0);
}

//===----------------------------------------------------------------------===//
// nn.shape
//===----------------------------------------------------------------------===//

struct ShapeLowering : OpRewritePattern<nn::ShapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::ShapeOp op,
                                PatternRewriter &rewriter) const override {
    I64Math m{rewriter, op.getLoc()};
    auto type = cast<RankedTensorType>(op.getType());
    int64_t start = static_cast<int64_t>(op.getStart());
    int64_t end = static_cast<int64_t>(op.getEnd());
    if (end == start) {
      rewriter.replaceOpWithNewOp<arith::ConstantOp>(
          op, DenseElementsAttr::get(type, ArrayRef<int64_t>{}));
      return success();
    }
    SmallVector<Value> dims;
    for (int64_t d = start; d < end; ++d)
      dims.push_back(m.dim(op.getInput(), d));
    rewriter.replaceOpWithNewOp<tensor::FromElementsOp>(op, type, dims);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// nn.dynamic_reshape
//===----------------------------------------------------------------------===//

struct DynamicReshapeLowering : OpRewritePattern<nn::DynamicReshapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::DynamicReshapeOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    I64Math m{rewriter, loc};
    Value x = op.getInput();
    auto inType = op.getInput().getType();
    auto outType = op.getType();
    int64_t inRank = inType.getRank(), outRank = outType.getRank();
    Value zero = m.c(0), one = m.c(1), minusOne = m.c(-1);

    // Entries with 0 resolved (copy the input dimension unless allowzero).
    SmallVector<Value> entries;
    Value valid = m.cmp(Pred::eq, zero, zero); // true
    Value numInferred = zero;
    for (int64_t i = 0; i < outRank; ++i) {
      Value e = m.entry(op.getShape(), i);
      if (!op.getAllowzero()) {
        Value isZero = m.cmp(Pred::eq, e, zero);
        if (i < inRank) {
          e = m.select(isZero, m.dim(x, i), e);
        } else {
          emitShapeCheck(rewriter, loc, op, m.cmp(Pred::ne, e, zero),
                         "shape entry " + Twine(i) + " is 0 (copy a dimension) but the "
                         "input has rank " + Twine(inRank));
        }
      }
      valid = m.both(valid, m.cmp(Pred::sge, e, minusOne));
      numInferred = m.add(numInferred, arith::ExtUIOp::create(
                                           rewriter, loc, rewriter.getI64Type(),
                                           m.cmp(Pred::eq, e, minusOne)));
      entries.push_back(e);
    }
    emitShapeCheck(rewriter, loc, op, valid, "the shape has an entry below -1");
    emitShapeCheck(rewriter, loc, op, m.cmp(Pred::sle, numInferred, one),
                   "the shape has more than one -1 entry");

    // The -1 entry: the input's element count over the other entries'.
    Value total = one;
    for (int64_t d = 0; d < inRank; ++d)
      total = m.mul(total, m.dim(x, d));
    Value known = one;
    for (Value e : entries)
      known = m.mul(known, m.select(m.cmp(Pred::eq, e, minusOne), one, e));
    Value safeKnown = m.select(m.cmp(Pred::eq, known, zero), one, known);
    Value inferred = arith::DivSIOp::create(rewriter, loc, total, safeKnown);
    SmallVector<Value> sizes;
    Value count = one;
    for (Value e : entries) {
      Value s = m.select(m.cmp(Pred::eq, e, minusOne), inferred, e);
      sizes.push_back(s);
      count = m.mul(count, s);
    }
    emitShapeCheck(rewriter, loc, op, m.cmp(Pred::eq, count, total),
                   "the shape's element count differs from the input's");
    checkResultSizes(m, op, outType, sizes);

    auto shapeType = RankedTensorType::get({outRank}, rewriter.getI64Type());
    Value shape = tensor::FromElementsOp::create(rewriter, loc, shapeType, sizes);
    rewriter.replaceOpWithNewOp<tensor::ReshapeOp>(op, outType, x, shape);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// nn.dynamic_expand
//===----------------------------------------------------------------------===//

struct DynamicExpandLowering : OpRewritePattern<nn::DynamicExpandOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::DynamicExpandOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    I64Math m{rewriter, loc};
    Value x = op.getInput();
    auto inType = op.getInput().getType();
    auto outType = op.getType();
    int64_t n = inType.getRank(), rank = outType.getRank();
    int64_t k = cast<RankedTensorType>(op.getShape().getType()).getDimSize(0);
    Value zero = m.c(0), one = m.c(1);

    SmallVector<Value> sizes;
    for (int64_t j = 0; j < rank; ++j) {
      int64_t ei = j - (rank - k), ii = j - (rank - n);
      if (ei < 0) {
        sizes.push_back(m.dim(x, ii));
        continue;
      }
      Value e = m.entry(op.getShape(), ei);
      emitShapeCheck(rewriter, loc, op, m.cmp(Pred::sge, e, zero),
                     "shape entry " + Twine(ei) + " is negative");
      if (ii < 0 || inType.getDimSize(ii) == 1) {
        sizes.push_back(e);
        continue;
      }
      Value in = m.dim(x, ii);
      Value ok = m.either(m.either(m.cmp(Pred::eq, in, one), m.cmp(Pred::eq, e, one)),
                          m.cmp(Pred::eq, in, e));
      emitShapeCheck(rewriter, loc, op, ok,
                     "input dimension " + Twine(ii) + " and shape entry " + Twine(ei) +
                         " are neither equal nor 1");
      sizes.push_back(m.select(m.cmp(Pred::eq, in, one), e, in));
    }
    checkResultSizes(m, op, outType, sizes);

    Value init = tensor::EmptyOp::create(rewriter, loc, outType,
                                         dynamicSizes(m, outType, sizes));
    Value result;
    if (inType.hasStaticShape()) {
      // Static input: the broadcast is in the maps.
      MLIRContext *ctx = rewriter.getContext();
      SmallVector<AffineMap> maps = {
          broadcastMap(ctx, inType.getShape(), outType.getShape()),
          rewriter.getMultiDimIdentityMap(rank)};
      result = linalg::GenericOp::create(
                   rewriter, loc, outType, x, init, maps, parallel(rank),
                   [](OpBuilder &b, Location l, ValueRange args) {
                     linalg::YieldOp::create(b, l, args[0]);
                   })
                   .getResult(0);
    } else {
      // Whether a dynamic input dimension stretches is known only at run
      // time: read at index 0 where it is 1.
      SmallVector<Value> stretches(n);
      for (int64_t i = 0; i < n; ++i)
        if (inType.isDynamicDim(i))
          stretches[i] = arith::CmpIOp::create(
              rewriter, loc, Pred::eq, tensor::DimOp::create(rewriter, loc, x, i),
              arith::ConstantIndexOp::create(rewriter, loc, 1));
      result = buildIndexGeneric(
          rewriter, loc, init, [&](OpBuilder &b, Location l, ArrayRef<Value> ivs) {
            SmallVector<Value> idx;
            Value c0 = arith::ConstantIndexOp::create(b, l, 0);
            for (int64_t i = 0; i < n; ++i) {
              Value iv = ivs[i + rank - n];
              if (inType.getDimSize(i) == 1)
                idx.push_back(c0);
              else if (stretches[i])
                idx.push_back(arith::SelectOp::create(b, l, stretches[i], c0, iv));
              else
                idx.push_back(iv);
            }
            return tensor::ExtractOp::create(b, l, x, idx);
          });
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// nn.dynamic_fill
//===----------------------------------------------------------------------===//

struct DynamicFillLowering : OpRewritePattern<nn::DynamicFillOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::DynamicFillOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    I64Math m{rewriter, loc};
    auto type = op.getType();
    SmallVector<Value> sizes;
    for (int64_t d = 0; d < type.getRank(); ++d) {
      sizes.push_back(m.entry(op.getShape(), d));
      if (type.isDynamicDim(d))
        emitShapeCheck(rewriter, loc, op, m.cmp(Pred::sge, sizes.back(), m.c(0)),
                       "shape entry " + Twine(d) + " is negative");
    }
    checkResultSizes(m, op, type, sizes);
    Value init = tensor::EmptyOp::create(rewriter, loc, type, dynamicSizes(m, type, sizes));
    Value value = arith::ConstantOp::create(rewriter, loc, cast<TypedAttr>(op.getValue()));
    rewriter.replaceOpWithNewOp<linalg::FillOp>(op, value, init);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// nn.dynamic_range
//===----------------------------------------------------------------------===//

struct DynamicRangeLowering : OpRewritePattern<nn::DynamicRangeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::DynamicRangeOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    I64Math m{rewriter, loc};
    auto type = op.getType();
    Type et = type.getElementType();
    auto scalar = [&](Value v) {
      return tensor::ExtractOp::create(rewriter, loc, v, ValueRange{}).getResult();
    };
    Value start = scalar(op.getStart()), limit = scalar(op.getLimit()),
          delta = scalar(op.getDelta());
    Value length;
    if (isa<FloatType>(et)) {
      Value zero = arith::ConstantOp::create(rewriter, loc, rewriter.getFloatAttr(et, 0.0));
      emitShapeCheck(rewriter, loc, op,
                     arith::CmpFOp::create(rewriter, loc, arith::CmpFPredicate::UNE, delta,
                                           zero),
                     "delta is 0");
      Value q = arith::DivFOp::create(rewriter, loc,
                                      arith::SubFOp::create(rewriter, loc, limit, start),
                                      delta);
      Value n = arith::FPToSIOp::create(rewriter, loc, rewriter.getI64Type(),
                                        math::CeilOp::create(rewriter, loc, q));
      length = m.max(n, m.c(0));
    } else {
      Value zero = arith::ConstantOp::create(rewriter, loc, rewriter.getIntegerAttr(et, 0));
      emitShapeCheck(rewriter, loc, op,
                     arith::CmpIOp::create(rewriter, loc, Pred::ne, delta, zero),
                     "delta is 0");
      Value n = arith::CeilDivSIOp::create(
          rewriter, loc, arith::SubIOp::create(rewriter, loc, limit, start), delta);
      n = arith::MaxSIOp::create(rewriter, loc, n, zero);
      length = et.isInteger(64)
                   ? n
                   : arith::ExtSIOp::create(rewriter, loc, rewriter.getI64Type(), n)
                         .getResult();
    }
    checkResultSizes(m, op, type, length);
    Value init = tensor::EmptyOp::create(rewriter, loc, type,
                                         dynamicSizes(m, type, length));
    Value result = buildIndexGeneric(
        rewriter, loc, init, [&](OpBuilder &b, Location l, ArrayRef<Value> ivs) -> Value {
          Value i = arith::IndexCastOp::create(b, l, b.getI64Type(), ivs[0]);
          if (auto ft = dyn_cast<FloatType>(et)) {
            Value fi = arith::SIToFPOp::create(b, l, ft, i);
            return arith::AddFOp::create(b, l, start,
                                         arith::MulFOp::create(b, l, fi, delta));
          }
          if (!et.isInteger(64))
            i = arith::TruncIOp::create(b, l, et, i);
          return arith::AddIOp::create(b, l, start, arith::MulIOp::create(b, l, i, delta));
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// nn.dynamic_slice
//===----------------------------------------------------------------------===//

struct DynamicSliceLowering : OpRewritePattern<nn::DynamicSliceOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::DynamicSliceOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    I64Math m{rewriter, loc};
    Value x = op.getInput();
    auto inType = op.getInput().getType();
    auto outType = op.getType();
    int64_t rank = inType.getRank();
    Value zero = m.c(0), one = m.c(1), minusOne = m.c(-1);

    // Whole dimensions unless sliced.
    SmallVector<Value> offsets(rank, zero), sizes;
    SmallVector<int64_t> strides(rank, 1);
    for (int64_t d = 0; d < rank; ++d)
      sizes.push_back(m.dim(x, d));
    bool anyNegative = false;
    for (auto [k, axis, step] : llvm::enumerate(op.getAxes(), op.getSteps())) {
      Value dim = sizes[axis];
      Value s = m.entry(op.getStarts(), k), e = m.entry(op.getEnds(), k);
      // Negative values count from the back (no overflow: dim >= 0).
      s = m.select(m.cmp(Pred::slt, s, zero), m.add(s, dim), s);
      e = m.select(m.cmp(Pred::slt, e, zero), m.add(e, dim), e);
      Value size;
      if (step > 0) {
        s = m.clamp(s, zero, dim);
        e = m.clamp(e, zero, dim);
        size = arith::CeilDivSIOp::create(rewriter, loc, m.sub(e, s), m.c(step));
      } else {
        Value last = m.sub(dim, one);
        s = m.clamp(s, zero, last);
        e = m.clamp(e, minusOne, last);
        size = arith::CeilDivSIOp::create(rewriter, loc, m.sub(s, e), m.c(-step));
        anyNegative = true;
      }
      size = m.max(size, zero);
      // An empty slice starts at 0, so every offset is in range.
      offsets[axis] = m.select(m.cmp(Pred::sgt, size, zero), s, zero);
      sizes[axis] = size;
      strides[axis] = step;
    }
    checkResultSizes(m, op, outType, sizes);

    Value result;
    if (!anyNegative) {
      SmallVector<OpFoldResult> offs, szs, strs;
      for (int64_t d = 0; d < rank; ++d) {
        offs.push_back(getAsOpFoldResult(m.toIndex(offsets[d])));
        szs.push_back(outType.isDynamicDim(d)
                          ? OpFoldResult(m.toIndex(sizes[d]))
                          : OpFoldResult(rewriter.getIndexAttr(outType.getDimSize(d))));
        strs.push_back(rewriter.getIndexAttr(strides[d]));
      }
      Value slice = tensor::ExtractSliceOp::create(rewriter, loc, x, offs, szs, strs);
      if (slice.getType() != outType)
        slice = tensor::CastOp::create(rewriter, loc, outType, slice);
      result = slice;
    } else {
      SmallVector<Value> offIdx;
      for (Value o : offsets)
        offIdx.push_back(m.toIndex(o));
      Value init = tensor::EmptyOp::create(rewriter, loc, outType,
                                           dynamicSizes(m, outType, sizes));
      result = buildIndexGeneric(
          rewriter, loc, init, [&](OpBuilder &b, Location l, ArrayRef<Value> ivs) {
            SmallVector<Value> idx;
            for (int64_t d = 0; d < rank; ++d) {
              Value scaled = arith::MulIOp::create(
                  b, l, ivs[d], arith::ConstantIndexOp::create(b, l, strides[d]));
              idx.push_back(arith::AddIOp::create(b, l, offIdx[d], scaled));
            }
            return tensor::ExtractOp::create(b, l, x, idx);
          });
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void kiln::populateNNRuntimeShapeToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ShapeLowering, DynamicReshapeLowering, DynamicExpandLowering,
               DynamicFillLowering, DynamicRangeLowering, DynamicSliceLowering>(
      patterns.getContext());
}

bool kiln::runtimeShapeSupportsDynamic(Operation *op) {
  return isa<nn::ShapeOp, nn::DynamicReshapeOp, nn::DynamicExpandOp, nn::DynamicFillOp,
             nn::DynamicRangeOp, nn::DynamicSliceOp>(op);
}
