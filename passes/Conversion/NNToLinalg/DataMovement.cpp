//===- DataMovement.cpp - nn data movement (transpose, concat, slice, gather, ...) to linalg -===//
//
// transpose: linalg.transpose. concat: tensor.insert_slice of each input
// into a tensor.empty. slice: tensor.extract_slice when every stride is
// positive, otherwise a linalg.generic reading through `offset + stride * i`
// maps. gather / gather_elements: a linalg.generic over the result whose
// body wraps the index (negative counts from the back, then clamps into
// range) and reads the data with tensor.extract; indices that are not
// constants are first checked to lie in [-n, n) (a failed check stops the
// run with an error instead of reading a clamped element). expand: a broadcasting
// generic with an identity body. pad: tensor.pad in constant mode (after an
// extract_slice for negative pads), otherwise a generic computing the source
// index of every result element. trilu: a generic selecting against zero.
// A result without elements is a tensor.empty.
//
// Dynamic dimensions: tensors are created with their run-time sizes (from
// tensor.dim of the operands), offsets and sizes of slices become index
// arithmetic, indices wrap against the run-time size of their axis, and
// every fact the lowering relies on but the types cannot prove (concat
// operands agreeing outside the axis, expand's 1-or-equal rule, indices no
// larger than the data, a non-empty gathered axis, pads that do not remove
// more than a dimension holds) is checked at run time with
// lowering::emitShapeCheck before anything is read. Static shapes lower to
// exactly the same IR as without any of this.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/NNToLinalg/DynamicSupport.h"
#include "passes/Conversion/NNToLinalg/NNToLinalg.h"
#include "dialects/NN/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace kiln;
using namespace kiln::lowering;

namespace {

/// Replaces `op` by a tensor.empty when its result is static and has no
/// elements.
static bool replaceIfEmpty(Operation *op, PatternRewriter &rewriter) {
  auto t = cast<RankedTensorType>(op->getResult(0).getType());
  if (!t.hasStaticShape() || t.getNumElements() != 0)
    return false;
  rewriter.replaceOpWithNewOp<tensor::EmptyOp>(op, t.getShape(), t.getElementType());
  return true;
}

static SmallVector<utils::IteratorType> parallel(int64_t rank) {
  return SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel);
}

static Value indexConst(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

//===----------------------------------------------------------------------===//
// Sizes that are static (attributes) or dynamic (index values)
//===----------------------------------------------------------------------===//

static Value toIndex(OpBuilder &b, Location loc, OpFoldResult v) {
  return getValueOrCreateConstantIndexOp(b, loc, v);
}

static bool isStaticSize(OpFoldResult v) {
  return getConstantIntValue(v).has_value();
}

/// `x + y`, folded when both are static.
static OpFoldResult addSizes(OpBuilder &b, Location loc, OpFoldResult x,
                             OpFoldResult y) {
  auto cx = getConstantIntValue(x), cy = getConstantIntValue(y);
  if (cx && cy)
    return b.getIndexAttr(*cx + *cy);
  if (cx && *cx == 0)
    return y;
  if (cy && *cy == 0)
    return x;
  return arith::AddIOp::create(b, loc, toIndex(b, loc, x), toIndex(b, loc, y))
      .getResult();
}

static OpFoldResult addConst(OpBuilder &b, Location loc, OpFoldResult x, int64_t c) {
  return addSizes(b, loc, x, b.getIndexAttr(c));
}

static Value compare(OpBuilder &b, Location loc, arith::CmpIPredicate pred,
                     OpFoldResult x, OpFoldResult y) {
  return arith::CmpIOp::create(b, loc, pred, toIndex(b, loc, x), toIndex(b, loc, y));
}

/// The number of elements of a tensor of `sizes`, as an index value.
static Value productOf(OpBuilder &b, Location loc, ArrayRef<OpFoldResult> sizes) {
  int64_t c = 1;
  SmallVector<Value> dynamic;
  for (OpFoldResult s : sizes) {
    if (auto k = getConstantIntValue(s))
      c *= *k;
    else
      dynamic.push_back(cast<Value>(s));
  }
  Value n = c == 1 && !dynamic.empty() ? Value() : indexConst(b, loc, c);
  for (Value d : dynamic)
    n = n ? arith::MulIOp::create(b, loc, n, d).getResult() : d;
  return n;
}

/// Checks at run time that `computed` (the sizes the operands give) agrees
/// with the static dimensions of the result `type` where only the run time
/// knows the computed size.
static void checkResultSizes(OpBuilder &b, Location loc, Operation *op,
                             RankedTensorType type, ArrayRef<OpFoldResult> computed) {
  for (auto [d, c] : llvm::enumerate(computed)) {
    int64_t n = type.getDimSize(d);
    if (ShapedType::isDynamic(n) || isStaticSize(c))
      continue;
    emitShapeCheck(b, loc, op,
                   compare(b, loc, arith::CmpIPredicate::eq, c, b.getIndexAttr(n)),
                   "result dimension " + Twine(d) + " is " + Twine(n) +
                       " but the operands give another size");
  }
}

/// The sizes of a tensor of exactly `type`: its static dimensions, and the
/// `computed` sizes (as index values) for its dynamic ones. Checks, like
/// checkResultSizes, the static dimensions only the run time can confirm.
static SmallVector<OpFoldResult> resultSizes(OpBuilder &b, Location loc,
                                             Operation *op, RankedTensorType type,
                                             ArrayRef<OpFoldResult> computed) {
  checkResultSizes(b, loc, op, type, computed);
  SmallVector<OpFoldResult> sizes;
  for (auto [d, c] : llvm::enumerate(computed)) {
    int64_t n = type.getDimSize(d);
    sizes.push_back(ShapedType::isDynamic(n) ? OpFoldResult(toIndex(b, loc, c))
                                             : OpFoldResult(b.getIndexAttr(n)));
  }
  return sizes;
}

/// `i` (any integer type) as an index into a dimension of size `dim`:
/// negative values count from the back, then the result is clamped to
/// [0, dim - 1] so that a bad index cannot read outside the tensor (a
/// dynamic `dim` is checked to be non-zero first, see checkGatherAxis).
static Value wrapIndex(OpBuilder &b, Location loc, Value i, OpFoldResult dim) {
  auto staticDim = getConstantIntValue(dim);
  Value idx = arith::IndexCastOp::create(b, loc, b.getIndexType(), i);
  Value zero = indexConst(b, loc, 0);
  Value isNeg = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, idx, zero);
  Value dimValue = staticDim ? indexConst(b, loc, *staticDim) : cast<Value>(dim);
  Value wrapped = arith::AddIOp::create(b, loc, idx, dimValue);
  idx = arith::SelectOp::create(b, loc, isNeg, wrapped, idx);
  idx = arith::MaxSIOp::create(b, loc, idx, zero);
  Value last = staticDim ? indexConst(b, loc, *staticDim - 1)
                         : arith::SubIOp::create(b, loc, dimValue,
                                                 indexConst(b, loc, 1))
                               .getResult();
  return arith::MinSIOp::create(b, loc, idx, last);
}

/// Checks, when the size `dim` of the axis indices select along is
/// dynamic, that it is not zero unless the result (of `sizes`) is empty:
/// there is nothing to clamp an index into otherwise.
static void checkGatherAxis(OpBuilder &b, Location loc, Operation *op,
                            OpFoldResult dim, ArrayRef<OpFoldResult> sizes,
                            int64_t axis) {
  if (isStaticSize(dim))
    return;
  Value zero = indexConst(b, loc, 0);
  Value nonEmpty = compare(b, loc, arith::CmpIPredicate::ne, dim, zero);
  Value nothingRead =
      compare(b, loc, arith::CmpIPredicate::eq, productOf(b, loc, sizes), zero);
  emitShapeCheck(b, loc, op, arith::OrIOp::create(b, loc, nonEmpty, nothingRead),
                 "indices select along dimension " + Twine(axis) +
                     " of the data, which is empty");
}

/// Checks at run time that every index lies in [-dim, dim), as ONNX
/// requires of Gather and GatherElements (wrapIndex still clamps, so even
/// an unchecked index cannot read outside the data). Constant indices were
/// checked by the importer.
static void checkIndexRange(OpBuilder &b, Location loc, Operation *op, Value indices,
                            OpFoldResult dim, int64_t axis) {
  if (matchPattern(indices, m_Constant()))
    return;
  auto it = cast<RankedTensorType>(indices.getType());
  int64_t rank = it.getRank();
  Type i1 = b.getI1Type();
  Value init = tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{}, i1);
  init = linalg::FillOp::create(b, loc, Value(arith::ConstantOp::create(b, loc, b.getBoolAttr(true))),
                                init)
             .getResult(0);
  Value size = toIndex(b, loc, dim);
  Value negSize = arith::SubIOp::create(b, loc, indexConst(b, loc, 0), size);
  SmallVector<AffineMap> maps{b.getMultiDimIdentityMap(rank),
                              AffineMap::get(rank, 0, {}, b.getContext())};
  SmallVector<utils::IteratorType> iters(rank, utils::IteratorType::reduction);
  auto all = linalg::GenericOp::create(
      b, loc, init.getType(), indices, init, maps, iters,
      [&](OpBuilder &nb, Location l, ValueRange a) {
        Value idx = arith::IndexCastOp::create(nb, l, nb.getIndexType(), a[0]);
        Value lo = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::sge, idx, negSize);
        Value hi = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::slt, idx, size);
        Value ok = arith::AndIOp::create(nb, l, lo, hi);
        linalg::YieldOp::create(nb, l, Value(arith::AndIOp::create(nb, l, a[1], ok)));
      });
  Value ok = tensor::ExtractOp::create(b, loc, all.getResult(0), ValueRange{});
  auto staticSize = getConstantIntValue(dim);
  emitShapeCheck(b, loc, op, ok,
                 "an index is out of range for dimension " + Twine(axis) + " of the data" +
                     (staticSize ? " (size " + Twine(*staticSize) + ")" : Twine("")));
}

/// `linalg.index` of every loop dimension.
static SmallVector<Value> loopIndices(OpBuilder &b, Location loc, int64_t rank) {
  SmallVector<Value> ivs;
  for (int64_t d = 0; d < rank; ++d)
    ivs.push_back(linalg::IndexOp::create(b, loc, d));
  return ivs;
}

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

struct TransposeLowering : OpRewritePattern<nn::TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::TransposeOp op,
                                PatternRewriter &rewriter) const override {
    if (replaceIfEmpty(op, rewriter))
      return success();
    Location loc = op.getLoc();
    auto type = op.getType();
    ArrayRef<int64_t> perm = op.getPermutation();
    Value input = op.getInput();
    SmallVector<OpFoldResult> in = tensor::getMixedSizes(rewriter, loc, input);
    SmallVector<OpFoldResult> computed;
    for (int64_t p : perm)
      computed.push_back(in[p]);
    Value init = tensor::EmptyOp::create(
        rewriter, loc, resultSizes(rewriter, loc, op, type, computed),
        type.getElementType());
    // linalg.transpose wants the input's dimensions exactly as the result's.
    auto inType = op.getInput().getType();
    SmallVector<int64_t> inShape(inType.getRank());
    for (auto [i, p] : llvm::enumerate(perm))
      inShape[p] = type.getDimSize(i);
    if (inType.getShape() != ArrayRef<int64_t>(inShape))
      input = tensor::CastOp::create(rewriter, loc, inType.clone(inShape), input);
    auto t = linalg::TransposeOp::create(rewriter, loc, input, init, perm);
    rewriter.replaceOp(op, t->getResult(0));
    return success();
  }
};

/// Each input goes into a tensor.empty of the result's size with a
/// tensor.insert_slice at the running offset along the axis. Dimensions off
/// the axis that only the run time knows are checked to agree first.
struct ConcatLowering : OpRewritePattern<nn::ConcatOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::ConcatOp op,
                                PatternRewriter &rewriter) const override {
    if (replaceIfEmpty(op, rewriter))
      return success();
    Location loc = op.getLoc();
    auto type = op.getType();
    int64_t rank = type.getRank();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += rank;
    SmallVector<SmallVector<OpFoldResult>> inSizes;
    for (Value in : op.getInputs())
      inSizes.push_back(tensor::getMixedSizes(rewriter, loc, in));
    SmallVector<OpFoldResult> computed(rank);
    for (int64_t d = 0; d < rank; ++d) {
      if (d == axis) {
        OpFoldResult sum = rewriter.getIndexAttr(0);
        for (auto &s : inSizes)
          sum = addSizes(rewriter, loc, sum, s[d]);
        computed[d] = sum;
        continue;
      }
      // Off the axis every input has the size of a reference input: one
      // that is static there if any is.
      size_t ref = 0;
      for (auto [i, s] : llvm::enumerate(inSizes))
        if (isStaticSize(s[d])) {
          ref = i;
          break;
        }
      computed[d] = inSizes[ref][d];
      for (auto [i, s] : llvm::enumerate(inSizes)) {
        if (i == ref || (isStaticSize(s[d]) && isStaticSize(computed[d])))
          continue;
        emitShapeCheck(rewriter, loc, op,
                       compare(rewriter, loc, arith::CmpIPredicate::eq, s[d],
                               computed[d]),
                       "input " + Twine(i) + " differs from input " + Twine(ref) +
                           " in dimension " + Twine(d) +
                           " (off the concatenation axis " + Twine(axis) + ")");
      }
    }
    Value acc = tensor::EmptyOp::create(
        rewriter, loc, resultSizes(rewriter, loc, op, type, computed),
        type.getElementType());
    OpFoldResult at = rewriter.getIndexAttr(0);
    for (auto [i, in] : llvm::enumerate(op.getInputs())) {
      auto inType = cast<RankedTensorType>(in.getType());
      if (i > 0)
        at = addSizes(rewriter, loc, at, inSizes[i - 1][axis]);
      if (inType.hasStaticShape() && inType.getNumElements() == 0)
        continue;
      SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
      SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
      offsets[axis] = at;
      acc = tensor::InsertSliceOp::create(rewriter, loc, in, acc, offsets, inSizes[i],
                                          strides);
    }
    rewriter.replaceOp(op, acc);
    return success();
  }
};

/// Positive strides: tensor.extract_slice. Otherwise a generic reading
/// input[offset + stride * i]. A static count read from a dynamic input
/// dimension is checked to stay inside it; a dynamic result dimension reads
/// its whole input dimension (the verifier's rule).
struct SliceLowering : OpRewritePattern<nn::SliceOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::SliceOp op,
                                PatternRewriter &rewriter) const override {
    if (replaceIfEmpty(op, rewriter))
      return success();
    Location loc = op.getLoc();
    auto type = op.getType();
    auto inType = op.getInput().getType();
    ArrayRef<int64_t> offsets = op.getOffsets(), strides = op.getStrides();
    SmallVector<OpFoldResult> in = tensor::getMixedSizes(rewriter, loc, op.getInput());
    SmallVector<OpFoldResult> sizes;
    for (int64_t d = 0; d < type.getRank(); ++d) {
      int64_t n = type.getDimSize(d);
      if (ShapedType::isDynamic(n)) {
        if (offsets[d] != 0 || strides[d] != 1)
          return rewriter.notifyMatchFailure(op, "dynamic dimension not read whole");
        sizes.push_back(toIndex(rewriter, loc, in[d]));
        continue;
      }
      sizes.push_back(rewriter.getIndexAttr(n));
      if (!inType.isDynamicDim(d) || n == 0)
        continue;
      int64_t last = strides[d] > 0 ? offsets[d] + (n - 1) * strides[d] : offsets[d];
      emitShapeCheck(rewriter, loc, op,
                     compare(rewriter, loc, arith::CmpIPredicate::slt,
                             rewriter.getIndexAttr(last), in[d]),
                     "reads index " + Twine(last) + " of dimension " + Twine(d) +
                         ", which is past its end");
    }
    if (llvm::all_of(strides, [](int64_t s) { return s > 0; })) {
      rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
          op, type, op.getInput(), getAsIndexOpFoldResult(rewriter.getContext(), offsets),
          sizes, getAsIndexOpFoldResult(rewriter.getContext(), strides));
      return success();
    }
    // Backwards steps: read input[offset + stride * i] per dimension.
    MLIRContext *ctx = rewriter.getContext();
    SmallVector<AffineExpr> exprs;
    for (int64_t d = 0; d < type.getRank(); ++d)
      exprs.push_back(getAffineConstantExpr(offsets[d], ctx) +
                      getAffineDimExpr(d, ctx) * strides[d]);
    AffineMap read = AffineMap::get(type.getRank(), 0, exprs, ctx);
    Value init = tensor::EmptyOp::create(rewriter, loc, sizes, type.getElementType());
    auto generic = linalg::GenericOp::create(
        rewriter, loc, type, op.getInput(), init,
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
    Value data = op.getData();
    SmallVector<OpFoldResult> dataSizes = tensor::getMixedSizes(rewriter, loc, data);
    SmallVector<OpFoldResult> idxSizes =
        tensor::getMixedSizes(rewriter, loc, op.getIndices());
    SmallVector<OpFoldResult> computed(dataSizes.begin(), dataSizes.begin() + axis);
    computed.append(idxSizes);
    computed.append(dataSizes.begin() + axis + 1, dataSizes.end());
    SmallVector<OpFoldResult> sizes = resultSizes(rewriter, loc, op, type, computed);
    OpFoldResult dim = dataSizes[axis];
    checkGatherAxis(rewriter, loc, op, dim, sizes, axis);
    checkIndexRange(rewriter, loc, op, op.getIndices(), dim, axis);
    // The indices are read at result dimensions [axis, axis + q).
    SmallVector<AffineExpr> idxExprs;
    for (int64_t d = 0; d < q; ++d)
      idxExprs.push_back(getAffineDimExpr(axis + d, ctx));
    AffineMap idxMap = AffineMap::get(outRank, 0, idxExprs, ctx);
    Value init = tensor::EmptyOp::create(rewriter, loc, sizes, type.getElementType());
    auto generic = linalg::GenericOp::create(
        rewriter, loc, type, op.getIndices(), init,
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

/// Off the axis, the indices' dimensions must not exceed the data's: a
/// check where only the run time knows either.
struct GatherElementsLowering : OpRewritePattern<nn::GatherElementsOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::GatherElementsOp op,
                                PatternRewriter &rewriter) const override {
    if (replaceIfEmpty(op, rewriter))
      return success();
    Location loc = op.getLoc();
    auto type = op.getType();
    int64_t rank = type.getRank();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += rank;
    Value data = op.getData();
    SmallVector<OpFoldResult> dataSizes = tensor::getMixedSizes(rewriter, loc, data);
    SmallVector<OpFoldResult> idxSizes =
        tensor::getMixedSizes(rewriter, loc, op.getIndices());
    SmallVector<OpFoldResult> sizes = resultSizes(rewriter, loc, op, type, idxSizes);
    for (int64_t d = 0; d < rank; ++d) {
      if (d == axis || (isStaticSize(dataSizes[d]) && isStaticSize(idxSizes[d])))
        continue;
      emitShapeCheck(rewriter, loc, op,
                     compare(rewriter, loc, arith::CmpIPredicate::sle, idxSizes[d],
                             dataSizes[d]),
                     "the indices are larger than the data in dimension " + Twine(d));
    }
    OpFoldResult dim = dataSizes[axis];
    checkGatherAxis(rewriter, loc, op, dim, sizes, axis);
    checkIndexRange(rewriter, loc, op, op.getIndices(), dim, axis);
    AffineMap id = rewriter.getMultiDimIdentityMap(rank);
    Value init = tensor::EmptyOp::create(rewriter, loc, sizes, type.getElementType());
    auto generic = linalg::GenericOp::create(
        rewriter, loc, type, op.getIndices(), init, ArrayRef<AffineMap>{id, id},
        parallel(rank), [&](OpBuilder &b, Location l, ValueRange args) {
          SmallVector<Value> at = loopIndices(b, l, rank);
          at[axis] = wrapIndex(b, l, args[0], dim);
          Value v = tensor::ExtractOp::create(b, l, data, at);
          linalg::YieldOp::create(b, l, v);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

/// Static shapes: a broadcasting generic. With dynamic dimensions, a
/// dynamic input dimension under a static result dimension N must be 1 or N
/// (checked); when it may be either, the element is read with
/// tensor.extract at index 0 or the loop index, chosen at run time. A
/// dynamic result dimension has the size of the input dimension it comes
/// from (see dataMovementSupportsDynamic).
struct ExpandLowering : OpRewritePattern<nn::ExpandOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::ExpandOp op,
                                PatternRewriter &rewriter) const override {
    if (replaceIfEmpty(op, rewriter))
      return success();
    auto inType = op.getInput().getType();
    auto type = op.getType();
    if (inType.hasStaticShape() && type.hasStaticShape()) {
      Value r = buildBroadcastElementwise(
          rewriter, op.getLoc(), type, op.getInput(),
          [](OpBuilder &, Location, ValueRange args) { return args[0]; });
      rewriter.replaceOp(op, r);
      return success();
    }
    if (!dataMovementSupportsDynamic(op))
      return rewriter.notifyMatchFailure(op, "dynamic result dimension without a source");
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value input = op.getInput();
    int64_t rank = type.getRank(), inRank = inType.getRank(), off = rank - inRank;
    SmallVector<OpFoldResult> in = tensor::getMixedSizes(rewriter, loc, input);
    SmallVector<OpFoldResult> computed;
    for (int64_t r = 0; r < rank; ++r)
      computed.push_back(type.isDynamicDim(r) ? in[r - off]
                                              : OpFoldResult(rewriter.getIndexAttr(
                                                    type.getDimSize(r))));
    // Per input dimension: read at 0 (static broadcast), at the loop index,
    // or at either (`isOne` chooses at run time).
    SmallVector<Value> isOne(inRank);
    for (int64_t i = 0; i < inRank; ++i) {
      int64_t out = type.getDimSize(i + off);
      if (!inType.isDynamicDim(i) || ShapedType::isDynamic(out))
        continue;
      Value one = compare(rewriter, loc, arith::CmpIPredicate::eq, in[i],
                          rewriter.getIndexAttr(1));
      Value ok = one;
      if (out != 1) {
        ok = arith::OrIOp::create(
            rewriter, loc, one,
            compare(rewriter, loc, arith::CmpIPredicate::eq, in[i],
                    rewriter.getIndexAttr(out)));
        isOne[i] = one;
      }
      emitShapeCheck(rewriter, loc, op, ok,
                     "dimension " + Twine(i) + " of the input is neither 1 nor " +
                         Twine(out));
    }
    SmallVector<OpFoldResult> sizes = resultSizes(rewriter, loc, op, type, computed);
    Value init = tensor::EmptyOp::create(rewriter, loc, sizes, type.getElementType());
    auto broadcastStatically = [&](int64_t i) {
      return inType.getDimSize(i) == 1 && type.getDimSize(i + off) != 1;
    };
    if (llvm::all_of(isOne, [](Value v) { return !v; })) {
      SmallVector<AffineExpr> exprs;
      for (int64_t i = 0; i < inRank; ++i)
        exprs.push_back(broadcastStatically(i) ? getAffineConstantExpr(0, ctx)
                                               : getAffineDimExpr(i + off, ctx));
      auto generic = linalg::GenericOp::create(
          rewriter, loc, type, input, init,
          ArrayRef<AffineMap>{AffineMap::get(rank, 0, exprs, ctx),
                              rewriter.getMultiDimIdentityMap(rank)},
          parallel(rank), [](OpBuilder &b, Location l, ValueRange args) {
            linalg::YieldOp::create(b, l, args[0]);
          });
      rewriter.replaceOp(op, generic.getResult(0));
      return success();
    }
    auto generic = linalg::GenericOp::create(
        rewriter, loc, type, ValueRange{}, init,
        ArrayRef<AffineMap>{rewriter.getMultiDimIdentityMap(rank)}, parallel(rank),
        [&](OpBuilder &b, Location l, ValueRange) {
          SmallVector<Value> at;
          for (int64_t i = 0; i < inRank; ++i) {
            if (broadcastStatically(i)) {
              at.push_back(indexConst(b, l, 0));
              continue;
            }
            Value idx = linalg::IndexOp::create(b, l, i + off);
            if (isOne[i])
              idx = arith::SelectOp::create(b, l, isOne[i], indexConst(b, l, 0), idx);
            at.push_back(idx);
          }
          Value v = tensor::ExtractOp::create(b, l, input, at);
          linalg::YieldOp::create(b, l, v);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

/// Index into a dimension of size `dim` for position `j` (which may lie
/// outside [0, dim)) under edge, reflect or wrap padding. A dynamic `dim`
/// is known to be non-zero.
static Value padSourceIndex(OpBuilder &b, Location loc, Value j, OpFoldResult dimSize,
                            StringRef mode) {
  Value zero = indexConst(b, loc, 0);
  auto positiveMod = [&](Value x, Value mv) {
    Value r = arith::RemSIOp::create(b, loc, x, mv);
    Value neg = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, r, zero);
    return arith::SelectOp::create(b, loc, neg, arith::AddIOp::create(b, loc, r, mv), r)
        .getResult();
  };
  if (auto staticDim = getConstantIntValue(dimSize)) {
    int64_t dim = *staticDim;
    if (mode == "edge" || dim == 1) {
      Value c = arith::MaxSIOp::create(b, loc, j, zero);
      return arith::MinSIOp::create(b, loc, c, indexConst(b, loc, dim - 1));
    }
    if (mode == "wrap")
      return positiveMod(j, indexConst(b, loc, dim));
    // reflect: period 2 * (dim - 1), mirrored in its second half.
    int64_t period = 2 * (dim - 1);
    Value m = positiveMod(j, indexConst(b, loc, period));
    Value mirrored = arith::SubIOp::create(b, loc, indexConst(b, loc, period), m);
    Value inFirst = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, m,
                                          indexConst(b, loc, dim));
    return arith::SelectOp::create(b, loc, inFirst, m, mirrored);
  }
  Value dim = cast<Value>(dimSize);
  if (mode == "wrap")
    return positiveMod(j, dim);
  Value one = indexConst(b, loc, 1);
  if (mode == "edge") {
    Value c = arith::MaxSIOp::create(b, loc, j, zero);
    return arith::MinSIOp::create(b, loc, c, arith::SubIOp::create(b, loc, dim, one));
  }
  // reflect with a period of at least 1: a dimension of size 1 reads 0.
  Value period = arith::MulIOp::create(b, loc, indexConst(b, loc, 2),
                                       arith::SubIOp::create(b, loc, dim, one));
  Value m = positiveMod(j, arith::MaxSIOp::create(b, loc, period, one));
  Value mirrored = arith::SubIOp::create(b, loc, period, m);
  Value inFirst = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, m, dim);
  return arith::SelectOp::create(b, loc, inFirst, m, mirrored);
}

/// Constant mode: crop the negative pads (tensor.extract_slice), then
/// tensor.pad. Other modes: a generic reading one input element per result
/// element. A dynamic dimension is checked to keep at least zero elements
/// after negative pads, and (edge, reflect, wrap) to have an element to
/// read unless the result is empty.
struct PadLowering : OpRewritePattern<nn::PadOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::PadOp op, PatternRewriter &rewriter) const override {
    if (replaceIfEmpty(op, rewriter))
      return success();
    Location loc = op.getLoc();
    auto type = op.getType();
    auto inType = op.getInput().getType();
    int64_t rank = type.getRank();
    ArrayRef<int64_t> pads = op.getPads();
    StringRef mode = op.getMode();
    Value input = op.getInput();
    SmallVector<OpFoldResult> in = tensor::getMixedSizes(rewriter, loc, input);
    for (int64_t d = 0; d < rank; ++d) {
      if (!inType.isDynamicDim(d) || pads[d] + pads[rank + d] >= 0)
        continue;
      emitShapeCheck(rewriter, loc, op,
                     compare(rewriter, loc, arith::CmpIPredicate::sge, in[d],
                             rewriter.getIndexAttr(-(pads[d] + pads[rank + d]))),
                     "pads remove more elements than dimension " + Twine(d) + " has");
    }
    auto computeSizes = [&] {
      SmallVector<OpFoldResult> computed;
      for (int64_t d = 0; d < rank; ++d)
        computed.push_back(addConst(rewriter, loc, in[d], pads[d] + pads[rank + d]));
      return computed;
    };

    if (mode == "constant") {
      for (int64_t d = 0; d < rank; ++d)
        if (inType.isDynamicDim(d) && !type.isDynamicDim(d)) {
          checkResultSizes(rewriter, loc, op, type, computeSizes());
          break;
        }
      // Crop the negative pads, then pad with the value.
      bool crop = false;
      if (inType.hasStaticShape()) {
        SmallVector<int64_t> offsets(rank, 0), sizes(inType.getShape());
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
      } else {
        SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
        SmallVector<OpFoldResult> sizes(in), strides(rank, rewriter.getIndexAttr(1));
        for (int64_t d = 0; d < rank; ++d) {
          int64_t lo = std::min<int64_t>(pads[d], 0), hi = std::min<int64_t>(pads[rank + d], 0);
          if (lo == 0 && hi == 0)
            continue;
          crop = true;
          offsets[d] = rewriter.getIndexAttr(-lo);
          // Checked above to stay >= 0 when dynamic.
          sizes[d] = isStaticSize(in[d])
                         ? OpFoldResult(rewriter.getIndexAttr(std::max<int64_t>(
                               *getConstantIntValue(in[d]) + lo + hi, 0)))
                         : addConst(rewriter, loc, in[d], lo + hi);
        }
        if (crop)
          input = tensor::ExtractSliceOp::create(rewriter, loc, input, offsets, sizes,
                                                 strides);
      }
      SmallVector<OpFoldResult> lo, hi;
      for (int64_t d = 0; d < rank; ++d) {
        lo.push_back(rewriter.getIndexAttr(std::max<int64_t>(pads[d], 0)));
        hi.push_back(rewriter.getIndexAttr(std::max<int64_t>(pads[rank + d], 0)));
      }
      Value value = tensor::ExtractOp::create(rewriter, loc, op.getValue(), ValueRange{});
      auto padded = tensor::PadOp::inferResultType(
          cast<RankedTensorType>(input.getType()),
          getConstantIntValues(lo).value(), getConstantIntValues(hi).value());
      Value r = tensor::PadOp::create(rewriter, loc, padded, input, lo, hi, value,
                                      /*nofold=*/false);
      if (r.getType() != type)
        r = tensor::CastOp::create(rewriter, loc, type, r);
      rewriter.replaceOp(op, r);
      return success();
    }

    // edge / reflect / wrap: every result element reads one input element.
    SmallVector<OpFoldResult> sizes =
        resultSizes(rewriter, loc, op, type, computeSizes());
    // Nothing added before and nothing read past the end: the loop index.
    auto readsInPlace = [&](int64_t d) { return pads[d] == 0 && pads[rank + d] <= 0; };
    Value resultEmpty;
    for (int64_t d = 0; d < rank; ++d) {
      if (!inType.isDynamicDim(d) || readsInPlace(d))
        continue;
      Value zero = indexConst(rewriter, loc, 0);
      if (!resultEmpty)
        resultEmpty = compare(rewriter, loc, arith::CmpIPredicate::eq,
                              productOf(rewriter, loc, sizes), zero);
      Value ok = arith::OrIOp::create(
          rewriter, loc, compare(rewriter, loc, arith::CmpIPredicate::ne, in[d], zero),
          resultEmpty);
      emitShapeCheck(rewriter, loc, op, ok,
                     "cannot pad the empty dimension " + Twine(d) + " in " + mode +
                         " mode");
    }
    Value init = tensor::EmptyOp::create(rewriter, loc, sizes, type.getElementType());
    auto generic = linalg::GenericOp::create(
        rewriter, loc, type, ValueRange{}, init,
        ArrayRef<AffineMap>{rewriter.getMultiDimIdentityMap(rank)}, parallel(rank),
        [&](OpBuilder &b, Location l, ValueRange) {
          SmallVector<Value> at;
          for (int64_t d = 0; d < rank; ++d) {
            Value i = linalg::IndexOp::create(b, l, d);
            if (readsInPlace(d)) {
              at.push_back(i);
              continue;
            }
            Value j = arith::SubIOp::create(b, l, i, indexConst(b, l, pads[d]));
            at.push_back(padSourceIndex(b, l, j, in[d], mode));
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
    if (replaceIfEmpty(op, rewriter))
      return success();
    Location loc = op.getLoc();
    auto type = op.getType();
    int64_t rank = type.getRank();
    bool upper = op.getUpper();
    Value k = tensor::ExtractOp::create(rewriter, loc, op.getK(), ValueRange{});
    Value kIdx = arith::IndexCastOp::create(rewriter, loc, rewriter.getIndexType(), k);
    AffineMap id = rewriter.getMultiDimIdentityMap(rank);
    Value init = tensor::EmptyOp::create(
        rewriter, loc, tensor::getMixedSizes(rewriter, loc, op.getInput()),
        type.getElementType());
    auto generic = linalg::GenericOp::create(
        rewriter, loc, type, op.getInput(), init,
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

bool kiln::lowering::dataMovementSupportsDynamic(Operation *op) {
  if (auto expand = dyn_cast<nn::ExpandOp>(op)) {
    // A dynamic result dimension takes the size of the input dimension it
    // comes from, which must exist and not be a static 1.
    auto in = expand.getInput().getType(), out = expand.getType();
    int64_t off = out.getRank() - in.getRank();
    for (int64_t r = 0; r < out.getRank(); ++r)
      if (out.isDynamicDim(r) && (r < off || in.getDimSize(r - off) == 1))
        return false;
    return true;
  }
  return isa<nn::TransposeOp, nn::ConcatOp, nn::SliceOp, nn::GatherOp,
             nn::GatherElementsOp, nn::PadOp, nn::TriluOp>(op);
}

void kiln::populateNNDataMovementToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<TransposeLowering, ConcatLowering, SliceLowering, GatherLowering,
               GatherElementsLowering, ExpandLowering, PadLowering, TriluLowering>(
      patterns.getContext());
}
