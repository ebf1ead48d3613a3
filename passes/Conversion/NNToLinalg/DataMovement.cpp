//===- DataMovement.cpp - nn data movement (transpose, concat, slice, gather, ...) to linalg -===//
//
// transpose: linalg.transpose. concat: tensor.insert_slice of each input
// into a tensor.empty. slice: tensor.extract_slice when every stride is
// positive, otherwise a linalg.generic reading through `offset + stride * i`
// maps. gather / gather_elements: a linalg.generic over the result whose
// body wraps the index (negative counts from the back, then clamps into
// range) and reads the data with tensor.extract. expand: a broadcasting
// generic with an identity body. pad: tensor.pad in constant mode (after an
// extract_slice for negative pads), otherwise a generic computing the source
// index of every result element. trilu: a generic selecting against zero.
// A result without elements is a tensor.empty.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/NNToLinalg/NNToLinalg.h"
#include "dialects/NN/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace kiln;
using namespace kiln::lowering;

namespace {

/// Replaces `op` by a tensor.empty when its result has no elements.
static bool replaceIfEmpty(Operation *op, PatternRewriter &rewriter) {
  auto t = cast<RankedTensorType>(op->getResult(0).getType());
  if (t.getNumElements() != 0)
    return false;
  rewriter.replaceOpWithNewOp<tensor::EmptyOp>(op, t.getShape(), t.getElementType());
  return true;
}

static Value emptyLike(OpBuilder &b, Location loc, RankedTensorType t) {
  return tensor::EmptyOp::create(b, loc, t.getShape(), t.getElementType());
}

static SmallVector<utils::IteratorType> parallel(int64_t rank) {
  return SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel);
}

static Value indexConst(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

/// `i` (any integer type) as an index into a dimension of size `dim`:
/// negative values count from the back, then the result is clamped to
/// [0, dim - 1] so that a bad index cannot read outside the tensor.
static Value wrapIndex(OpBuilder &b, Location loc, Value i, int64_t dim) {
  Value idx = arith::IndexCastOp::create(b, loc, b.getIndexType(), i);
  Value zero = indexConst(b, loc, 0);
  Value isNeg = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, idx, zero);
  Value wrapped = arith::AddIOp::create(b, loc, idx, indexConst(b, loc, dim));
  idx = arith::SelectOp::create(b, loc, isNeg, wrapped, idx);
  idx = arith::MaxSIOp::create(b, loc, idx, zero);
  return arith::MinSIOp::create(b, loc, idx, indexConst(b, loc, dim - 1));
}

/// `linalg.index` of every loop dimension.
static SmallVector<Value> loopIndices(OpBuilder &b, Location loc, int64_t rank) {
  SmallVector<Value> ivs;
  for (int64_t d = 0; d < rank; ++d)
    ivs.push_back(linalg::IndexOp::create(b, loc, d));
  return ivs;
}

struct TransposeLowering : OpRewritePattern<nn::TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::TransposeOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    if (replaceIfEmpty(op, rewriter))
      return success();
    Value init = emptyLike(rewriter, op.getLoc(), op.getType());
    auto t = linalg::TransposeOp::create(rewriter, op.getLoc(), op.getInput(), init,
                                         op.getPermutation());
    rewriter.replaceOp(op, t->getResult(0));
    return success();
  }
};

struct ConcatLowering : OpRewritePattern<nn::ConcatOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::ConcatOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    if (replaceIfEmpty(op, rewriter))
      return success();
    Location loc = op.getLoc();
    auto type = op.getType();
    int64_t rank = type.getRank();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += rank;
    Value acc = emptyLike(rewriter, loc, type);
    int64_t at = 0;
    for (Value in : op.getInputs()) {
      auto inType = cast<RankedTensorType>(in.getType());
      if (inType.getNumElements() == 0)
        continue;
      SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
      SmallVector<OpFoldResult> sizes, strides(rank, rewriter.getIndexAttr(1));
      for (int64_t d : inType.getShape())
        sizes.push_back(rewriter.getIndexAttr(d));
      offsets[axis] = rewriter.getIndexAttr(at);
      acc = tensor::InsertSliceOp::create(rewriter, loc, in, acc, offsets, sizes, strides);
      at += inType.getDimSize(axis);
    }
    rewriter.replaceOp(op, acc);
    return success();
  }
};

struct SliceLowering : OpRewritePattern<nn::SliceOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::SliceOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    if (replaceIfEmpty(op, rewriter))
      return success();
    Location loc = op.getLoc();
    auto type = op.getType();
    ArrayRef<int64_t> offsets = op.getOffsets(), strides = op.getStrides();
    if (llvm::all_of(strides, [](int64_t s) { return s > 0; })) {
      rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
          op, type, op.getInput(), ValueRange{}, ValueRange{}, ValueRange{},
          offsets, type.getShape(), strides);
      return success();
    }
    // Backwards steps: read input[offset + stride * i] per dimension.
    MLIRContext *ctx = rewriter.getContext();
    SmallVector<AffineExpr> exprs;
    for (int64_t d = 0; d < type.getRank(); ++d)
      exprs.push_back(getAffineConstantExpr(offsets[d], ctx) +
                      getAffineDimExpr(d, ctx) * strides[d]);
    AffineMap read = AffineMap::get(type.getRank(), 0, exprs, ctx);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, type, op.getInput(), emptyLike(rewriter, loc, type),
        ArrayRef<AffineMap>{read, rewriter.getMultiDimIdentityMap(type.getRank())},
        parallel(type.getRank()), [](OpBuilder &b, Location l, ValueRange args) {
          linalg::YieldOp::create(b, l, args[0]);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

struct GatherLowering : OpRewritePattern<nn::GatherOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::GatherOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    if (replaceIfEmpty(op, rewriter))
      return success();
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto type = op.getType();
    auto dataType = op.getData().getType();
    int64_t rank = dataType.getRank(), outRank = type.getRank();
    int64_t q = op.getIndices().getType().getRank();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += rank;
    int64_t dim = dataType.getDimSize(axis);
    // The indices are read at result dimensions [axis, axis + q).
    SmallVector<AffineExpr> idxExprs;
    for (int64_t d = 0; d < q; ++d)
      idxExprs.push_back(getAffineDimExpr(axis + d, ctx));
    AffineMap idxMap = AffineMap::get(outRank, 0, idxExprs, ctx);
    Value data = op.getData();
    auto generic = linalg::GenericOp::create(
        rewriter, loc, type, op.getIndices(), emptyLike(rewriter, loc, type),
        ArrayRef<AffineMap>{idxMap, rewriter.getMultiDimIdentityMap(outRank)},
        parallel(outRank), [&](OpBuilder &b, Location l, ValueRange args) {
          SmallVector<Value> ivs = loopIndices(b, l, outRank);
          SmallVector<Value> at(ivs.begin(), ivs.begin() + axis);
          at.push_back(wrapIndex(b, l, args[0], dim));
          at.append(ivs.begin() + axis + q, ivs.end());
          Value v = tensor::ExtractOp::create(b, l, data, at);
          linalg::YieldOp::create(b, l, v);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

struct GatherElementsLowering : OpRewritePattern<nn::GatherElementsOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::GatherElementsOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    if (replaceIfEmpty(op, rewriter))
      return success();
    Location loc = op.getLoc();
    auto type = op.getType();
    int64_t rank = type.getRank();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += rank;
    int64_t dim = op.getData().getType().getDimSize(axis);
    Value data = op.getData();
    AffineMap id = rewriter.getMultiDimIdentityMap(rank);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, type, op.getIndices(), emptyLike(rewriter, loc, type),
        ArrayRef<AffineMap>{id, id}, parallel(rank),
        [&](OpBuilder &b, Location l, ValueRange args) {
          SmallVector<Value> at = loopIndices(b, l, rank);
          at[axis] = wrapIndex(b, l, args[0], dim);
          Value v = tensor::ExtractOp::create(b, l, data, at);
          linalg::YieldOp::create(b, l, v);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

struct ExpandLowering : OpRewritePattern<nn::ExpandOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::ExpandOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    if (replaceIfEmpty(op, rewriter))
      return success();
    Value r = buildBroadcastElementwise(
        rewriter, op.getLoc(), op.getType(), op.getInput(),
        [](OpBuilder &, Location, ValueRange args) { return args[0]; });
    rewriter.replaceOp(op, r);
    return success();
  }
};

/// Index into a dimension of size `dim` for position `j` (which may lie
/// outside [0, dim)) under edge, reflect or wrap padding.
static Value padSourceIndex(OpBuilder &b, Location loc, Value j, int64_t dim,
                            StringRef mode) {
  Value zero = indexConst(b, loc, 0);
  auto positiveMod = [&](Value x, int64_t m) {
    Value mv = indexConst(b, loc, m);
    Value r = arith::RemSIOp::create(b, loc, x, mv);
    Value neg = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, r, zero);
    return arith::SelectOp::create(b, loc, neg, arith::AddIOp::create(b, loc, r, mv), r)
        .getResult();
  };
  if (mode == "edge" || dim == 1) {
    Value c = arith::MaxSIOp::create(b, loc, j, zero);
    return arith::MinSIOp::create(b, loc, c, indexConst(b, loc, dim - 1));
  }
  if (mode == "wrap")
    return positiveMod(j, dim);
  // reflect: period 2 * (dim - 1), mirrored in its second half.
  int64_t period = 2 * (dim - 1);
  Value m = positiveMod(j, period);
  Value mirrored = arith::SubIOp::create(b, loc, indexConst(b, loc, period), m);
  Value inFirst = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, m,
                                        indexConst(b, loc, dim));
  return arith::SelectOp::create(b, loc, inFirst, m, mirrored);
}

struct PadLowering : OpRewritePattern<nn::PadOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::PadOp op, PatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    if (replaceIfEmpty(op, rewriter))
      return success();
    Location loc = op.getLoc();
    auto type = op.getType();
    auto inType = op.getInput().getType();
    int64_t rank = type.getRank();
    ArrayRef<int64_t> pads = op.getPads();
    StringRef mode = op.getMode();

    if (mode == "constant") {
      // Crop the negative pads, then pad with the value.
      Value input = op.getInput();
      SmallVector<int64_t> offsets(rank, 0), sizes(inType.getShape());
      bool crop = false;
      for (int64_t d = 0; d < rank; ++d) {
        int64_t lo = pads[d], hi = pads[rank + d];
        if (lo < 0) {
          offsets[d] = -lo;
          sizes[d] += lo;
          crop = true;
        }
        if (hi < 0) {
          sizes[d] += hi;
          crop = true;
        }
      }
      if (crop) {
        for (int64_t &s : sizes)
          s = std::max<int64_t>(s, 0);
        auto cropped = RankedTensorType::get(sizes, type.getElementType());
        input = tensor::ExtractSliceOp::create(
            rewriter, loc, cropped, input, ValueRange{}, ValueRange{}, ValueRange{},
            offsets, sizes, SmallVector<int64_t>(rank, 1));
      }
      SmallVector<OpFoldResult> lo, hi;
      for (int64_t d = 0; d < rank; ++d) {
        lo.push_back(rewriter.getIndexAttr(std::max<int64_t>(pads[d], 0)));
        hi.push_back(rewriter.getIndexAttr(std::max<int64_t>(pads[rank + d], 0)));
      }
      Value value = tensor::ExtractOp::create(rewriter, loc, op.getValue(), ValueRange{});
      rewriter.replaceOpWithNewOp<tensor::PadOp>(op, type, input, lo, hi, value,
                                                 /*nofold=*/false);
      return success();
    }

    // edge / reflect / wrap: every result element reads one input element.
    Value input = op.getInput();
    auto generic = linalg::GenericOp::create(
        rewriter, loc, type, ValueRange{}, emptyLike(rewriter, loc, type),
        ArrayRef<AffineMap>{rewriter.getMultiDimIdentityMap(rank)}, parallel(rank),
        [&](OpBuilder &b, Location l, ValueRange) {
          SmallVector<Value> at;
          for (int64_t d = 0; d < rank; ++d) {
            Value i = linalg::IndexOp::create(b, l, d);
            if (pads[d] == 0 && type.getDimSize(d) <= inType.getDimSize(d)) {
              at.push_back(i); // nothing added before, nothing read past the end
              continue;
            }
            Value j = arith::SubIOp::create(b, l, i, indexConst(b, l, pads[d]));
            at.push_back(padSourceIndex(b, l, j, inType.getDimSize(d), mode));
          }
          Value v = tensor::ExtractOp::create(b, l, input, at);
          linalg::YieldOp::create(b, l, v);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

struct TriluLowering : OpRewritePattern<nn::TriluOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::TriluOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    if (replaceIfEmpty(op, rewriter))
      return success();
    Location loc = op.getLoc();
    auto type = op.getType();
    int64_t rank = type.getRank();
    bool upper = op.getUpper();
    Value k = tensor::ExtractOp::create(rewriter, loc, op.getK(), ValueRange{});
    Value kIdx = arith::IndexCastOp::create(rewriter, loc, rewriter.getIndexType(), k);
    AffineMap id = rewriter.getMultiDimIdentityMap(rank);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, type, op.getInput(), emptyLike(rewriter, loc, type),
        ArrayRef<AffineMap>{id, id}, parallel(rank),
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value i = linalg::IndexOp::create(b, l, rank - 2);
          Value j = linalg::IndexOp::create(b, l, rank - 1);
          Value diff = arith::SubIOp::create(b, l, j, i);
          Value keep = arith::CmpIOp::create(
              b, l, upper ? arith::CmpIPredicate::sge : arith::CmpIPredicate::sle, diff,
              kIdx);
          Value zero = arith::ConstantOp::create(
              b, l, cast<TypedAttr>(b.getZeroAttr(type.getElementType())));
          Value v = arith::SelectOp::create(b, l, keep, args[0], zero);
          linalg::YieldOp::create(b, l, v);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

} // namespace

void kiln::populateNNDataMovementToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<TransposeLowering, ConcatLowering, SliceLowering, GatherLowering,
               GatherElementsLowering, ExpandLowering, PadLowering, TriluLowering>(
      patterns.getContext());
}
