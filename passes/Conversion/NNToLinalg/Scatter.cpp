//===- Scatter.cpp - nn gather_nd, scatter_elements, scatter_nd to linalg/scf -===//
//
// gather_nd: a linalg.generic over the result whose body extracts the k
// entries of its index tuple, wraps each (negative counts from the back,
// then clamps into range) and reads the data with tensor.extract.
//
// scatter_elements / scatter_nd: the data is the initial value of an
// scf.for nest over the updates (row-major, so with reduction "none" the
// last of duplicate indices wins); each iteration computes the target
// position, combines the update with the entry there (add, mul, max, min)
// or replaces it, and tensor.inserts the result. A linalg.generic cannot
// express the data-dependent writes.
//
// Indices that are not constants are checked to lie in [-n, n) before any
// access (a failed lowering::emitShapeCheck stops the run with
// KILN_ERR_SHAPE); the clamp keeps even an unchecked index inside the
// tensor. Dynamic dimensions take their run-time sizes, and the facts the
// types cannot prove (matching update and index shapes, batch dimensions)
// are checked at run time too.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/NNToLinalg/Scatter.h"
#include "passes/Conversion/NNToLinalg/NNToLinalg.h"
#include "dialects/NN/IR/NNOps.h"
#include "dialects/NN/IR/ScatterShapes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace kiln;
using namespace kiln::lowering;

namespace {

Value indexConst(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

Value toIndex(OpBuilder &b, Location loc, OpFoldResult v) {
  return getValueOrCreateConstantIndexOp(b, loc, v);
}

bool isStaticSize(OpFoldResult v) { return getConstantIntValue(v).has_value(); }

/// Checks at run time that sizes `x` and `y` agree when either is dynamic.
void checkEqual(OpBuilder &b, Location loc, Operation *op, OpFoldResult x, OpFoldResult y,
                const Twine &message, arith::CmpIPredicate pred = arith::CmpIPredicate::eq) {
  if (isStaticSize(x) && isStaticSize(y))
    return;
  emitShapeCheck(b, loc, op,
                 arith::CmpIOp::create(b, loc, pred, toIndex(b, loc, x), toIndex(b, loc, y)),
                 message);
}

/// `i` as an index into a dimension of size `dim`: negative counts from
/// the back, then clamped to [0, dim - 1].
Value wrapIndex(OpBuilder &b, Location loc, Value i, OpFoldResult dim) {
  Value idx = arith::IndexCastOp::create(b, loc, b.getIndexType(), i);
  Value zero = indexConst(b, loc, 0);
  Value dimValue = toIndex(b, loc, dim);
  Value isNeg = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, idx, zero);
  Value wrapped = arith::AddIOp::create(b, loc, idx, dimValue);
  idx = arith::SelectOp::create(b, loc, isNeg, wrapped, idx);
  idx = arith::MaxSIOp::create(b, loc, idx, zero);
  Value last = arith::SubIOp::create(b, loc, dimValue, indexConst(b, loc, 1));
  return arith::MinSIOp::create(b, loc, idx, last);
}

/// Checks at run time that every entry of `indices` lies in [-n, n), n
/// being dims[0] when `dims` has one entry, else dims[j] for the entries
/// at position j of the innermost dimension (index tuples). Constant
/// indices against static sizes were checked by the importer.
void checkIndexRange(OpBuilder &b, Location loc, Operation *op, Value indices,
                     ArrayRef<OpFoldResult> dims) {
  if (matchPattern(indices, m_Constant()) && llvm::all_of(dims, isStaticSize))
    return;
  auto it = cast<RankedTensorType>(indices.getType());
  int64_t rank = it.getRank();
  Type i1 = b.getI1Type();
  Value init = tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{}, i1);
  init = linalg::FillOp::create(
             b, loc, Value(arith::ConstantOp::create(b, loc, b.getBoolAttr(true))), init)
             .getResult(0);
  SmallVector<Value> sizes;
  for (OpFoldResult d : dims)
    sizes.push_back(toIndex(b, loc, d));
  SmallVector<AffineMap> maps{b.getMultiDimIdentityMap(rank),
                              AffineMap::get(rank, 0, {}, b.getContext())};
  SmallVector<utils::IteratorType> iters(rank, utils::IteratorType::reduction);
  auto all = linalg::GenericOp::create(
      b, loc, init.getType(), indices, init, maps, iters,
      [&](OpBuilder &nb, Location l, ValueRange a) {
        Value size = sizes[0];
        if (sizes.size() > 1) {
          Value j = linalg::IndexOp::create(nb, l, rank - 1);
          for (size_t k = 1; k < sizes.size(); ++k) {
            Value isK = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::eq, j,
                                              indexConst(nb, l, k));
            size = arith::SelectOp::create(nb, l, isK, sizes[k], size);
          }
        }
        Value negSize = arith::SubIOp::create(nb, l, indexConst(nb, l, 0), size);
        Value idx = arith::IndexCastOp::create(nb, l, nb.getIndexType(), a[0]);
        Value lo = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::sge, idx, negSize);
        Value hi = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::slt, idx, size);
        Value ok = arith::AndIOp::create(nb, l, lo, hi);
        linalg::YieldOp::create(nb, l, Value(arith::AndIOp::create(nb, l, a[1], ok)));
      });
  Value ok = tensor::ExtractOp::create(b, loc, all.getResult(0), ValueRange{});
  emitShapeCheck(b, loc, op, ok, "an index is out of range for the data");
}

/// `old` combined with `update` by `reduction` (none: `update`).
Value combine(OpBuilder &b, Location loc, StringRef reduction, Value old, Value update) {
  Type t = update.getType();
  if (reduction == "none")
    return update;
  if (isa<FloatType>(t)) {
    if (reduction == "add")
      return arith::AddFOp::create(b, loc, old, update);
    if (reduction == "mul")
      return arith::MulFOp::create(b, loc, old, update);
    if (reduction == "max")
      return arith::MaximumFOp::create(b, loc, old, update);
    return arith::MinimumFOp::create(b, loc, old, update);
  }
  if (t.isInteger(1)) {
    if (reduction == "add" || reduction == "max")
      return arith::OrIOp::create(b, loc, old, update);
    return arith::AndIOp::create(b, loc, old, update);
  }
  if (reduction == "add")
    return arith::AddIOp::create(b, loc, old, update);
  if (reduction == "mul")
    return arith::MulIOp::create(b, loc, old, update);
  if (reduction == "max")
    return arith::MaxSIOp::create(b, loc, old, update);
  return arith::MinSIOp::create(b, loc, old, update);
}

struct GatherNDLowering : OpRewritePattern<nn::GatherNDOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::GatherNDOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = op.getType();
    if (type.hasStaticShape() && type.getNumElements() == 0) {
      rewriter.replaceOpWithNewOp<tensor::EmptyOp>(op, type.getShape(),
                                                   type.getElementType());
      return success();
    }
    Value data = op.getData(), indices = op.getIndices();
    int64_t q = op.getIndices().getType().getRank();
    int64_t k = op.getIndices().getType().getShape().back();
    int64_t bd = static_cast<int64_t>(op.getBatchDims());
    int64_t outRank = type.getRank();
    SmallVector<OpFoldResult> dataSizes = tensor::getMixedSizes(rewriter, loc, data);
    SmallVector<OpFoldResult> idxSizes = tensor::getMixedSizes(rewriter, loc, indices);
    for (int64_t d = 0; d < bd; ++d)
      checkEqual(rewriter, loc, op, dataSizes[d], idxSizes[d],
                 "batch dimension " + Twine(d) + " of the data and the indices differ");
    SmallVector<OpFoldResult> computed(idxSizes.begin(), idxSizes.end() - 1);
    computed.append(dataSizes.begin() + bd + k, dataSizes.end());
    SmallVector<OpFoldResult> sizes;
    for (int64_t d = 0; d < outRank; ++d) {
      int64_t n = type.getDimSize(d);
      if (ShapedType::isDynamic(n)) {
        sizes.push_back(toIndex(rewriter, loc, computed[d]));
        continue;
      }
      checkEqual(rewriter, loc, op, computed[d], rewriter.getIndexAttr(n),
                 "result dimension " + Twine(d) + " is " + Twine(n) +
                     " but the operands give another size");
      sizes.push_back(rewriter.getIndexAttr(n));
    }
    ArrayRef<OpFoldResult> tupleDims = ArrayRef<OpFoldResult>(dataSizes).slice(bd, k);
    checkIndexRange(rewriter, loc, op, indices, tupleDims);
    Value init = tensor::EmptyOp::create(rewriter, loc, sizes, type.getElementType());
    auto generic = linalg::GenericOp::create(
        rewriter, loc, type, ValueRange{}, init,
        ArrayRef<AffineMap>{rewriter.getMultiDimIdentityMap(outRank)},
        SmallVector<utils::IteratorType>(outRank, utils::IteratorType::parallel),
        [&](OpBuilder &b, Location l, ValueRange) {
          SmallVector<Value> ivs;
          for (int64_t d = 0; d < outRank; ++d)
            ivs.push_back(linalg::IndexOp::create(b, l, d));
          SmallVector<Value> at(ivs.begin(), ivs.begin() + bd);
          SmallVector<Value> idxAt(ivs.begin(), ivs.begin() + q - 1);
          idxAt.push_back(Value());
          for (int64_t j = 0; j < k; ++j) {
            idxAt.back() = indexConst(b, l, j);
            Value i = tensor::ExtractOp::create(b, l, indices, idxAt);
            at.push_back(wrapIndex(b, l, i, tupleDims[j]));
          }
          at.append(ivs.begin() + q - 1, ivs.end());
          Value v = tensor::ExtractOp::create(b, l, data, at);
          linalg::YieldOp::create(b, l, v);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

/// The scf.for nest over `updateSizes` threading `data`; `position` maps
/// the loop indices to the data position an update goes to.
Value buildScatter(OpBuilder &b, Location loc, Value data, Value updates,
                   ArrayRef<OpFoldResult> updateSizes, StringRef reduction,
                   function_ref<SmallVector<Value>(OpBuilder &, Location, ValueRange)> position) {
  SmallVector<Value> lbs, ubs, steps;
  for (OpFoldResult s : updateSizes) {
    lbs.push_back(indexConst(b, loc, 0));
    ubs.push_back(toIndex(b, loc, s));
    steps.push_back(indexConst(b, loc, 1));
  }
  scf::LoopNest nest = scf::buildLoopNest(
      b, loc, lbs, ubs, steps, ValueRange{data},
      [&](OpBuilder &nb, Location l, ValueRange ivs, ValueRange args) -> scf::ValueVector {
        Value acc = args[0];
        Value u = tensor::ExtractOp::create(nb, l, updates, ivs);
        SmallVector<Value> pos = position(nb, l, ivs);
        Value v = u;
        if (reduction != "none") {
          Value old = tensor::ExtractOp::create(nb, l, acc, pos);
          v = combine(nb, l, reduction, old, u);
        }
        return {tensor::InsertOp::create(nb, l, v, acc, pos).getResult()};
      });
  return nest.results.front();
}

struct ScatterElementsLowering : OpRewritePattern<nn::ScatterElementsOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::ScatterElementsOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value data = op.getData(), indices = op.getIndices(), updates = op.getUpdates();
    int64_t rank = op.getType().getRank();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += rank;
    SmallVector<OpFoldResult> dataSizes = tensor::getMixedSizes(rewriter, loc, data);
    SmallVector<OpFoldResult> idxSizes = tensor::getMixedSizes(rewriter, loc, indices);
    SmallVector<OpFoldResult> updSizes = tensor::getMixedSizes(rewriter, loc, updates);
    for (int64_t d = 0; d < rank; ++d) {
      checkEqual(rewriter, loc, op, idxSizes[d], updSizes[d],
                 "the indices and the updates differ in dimension " + Twine(d));
      if (d != axis)
        checkEqual(rewriter, loc, op, updSizes[d], dataSizes[d],
                   "the updates are larger than the data in dimension " + Twine(d),
                   arith::CmpIPredicate::sle);
    }
    OpFoldResult dim = dataSizes[axis];
    checkIndexRange(rewriter, loc, op, indices, dim);
    Value result = buildScatter(
        rewriter, loc, data, updates, updSizes, op.getReduction(),
        [&](OpBuilder &b, Location l, ValueRange ivs) {
          SmallVector<Value> pos(ivs.begin(), ivs.end());
          Value i = tensor::ExtractOp::create(b, l, indices, ivs);
          pos[axis] = wrapIndex(b, l, i, dim);
          return pos;
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct ScatterNDLowering : OpRewritePattern<nn::ScatterNDOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::ScatterNDOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value data = op.getData(), indices = op.getIndices(), updates = op.getUpdates();
    int64_t q = op.getIndices().getType().getRank();
    int64_t k = nn::scatterNDTupleLength(op.getData().getType().getShape(),
                                         op.getIndices().getType().getShape(),
                                         op.getUpdates().getType().getShape());
    int64_t rank = op.getType().getRank();
    SmallVector<OpFoldResult> dataSizes = tensor::getMixedSizes(rewriter, loc, data);
    SmallVector<OpFoldResult> idxSizes = tensor::getMixedSizes(rewriter, loc, indices);
    SmallVector<OpFoldResult> updSizes = tensor::getMixedSizes(rewriter, loc, updates);
    checkEqual(rewriter, loc, op, idxSizes[q - 1], rewriter.getIndexAttr(k),
               "the index tuples do not have " + Twine(k) + " entries");
    for (int64_t d = 0; d < q - 1; ++d)
      checkEqual(rewriter, loc, op, idxSizes[d], updSizes[d],
                 "the indices and the updates differ in dimension " + Twine(d));
    for (int64_t d = k; d < rank; ++d)
      checkEqual(rewriter, loc, op, dataSizes[d], updSizes[q - 1 + d - k],
                 "the updates and the data differ in data dimension " + Twine(d));
    ArrayRef<OpFoldResult> tupleDims = ArrayRef<OpFoldResult>(dataSizes).take_front(k);
    checkIndexRange(rewriter, loc, op, indices, tupleDims);
    Value result = buildScatter(
        rewriter, loc, data, updates, updSizes, op.getReduction(),
        [&](OpBuilder &b, Location l, ValueRange ivs) {
          SmallVector<Value> idxAt(ivs.take_front(q - 1));
          idxAt.push_back(Value());
          SmallVector<Value> pos;
          for (int64_t j = 0; j < k; ++j) {
            idxAt.back() = indexConst(b, l, j);
            Value i = tensor::ExtractOp::create(b, l, indices, idxAt);
            pos.push_back(wrapIndex(b, l, i, tupleDims[j]));
          }
          ValueRange rest = ivs.drop_front(q - 1);
          pos.append(rest.begin(), rest.end());
          return pos;
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

bool kiln::scatterSupportsDynamic(Operation *op) {
  return isa<nn::GatherNDOp, nn::ScatterElementsOp, nn::ScatterNDOp>(op);
}

void kiln::populateNNScatterToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<GatherNDLowering, ScatterElementsLowering, ScatterNDLowering>(
      patterns.getContext());
}
