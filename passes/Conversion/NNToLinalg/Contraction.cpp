//===- Contraction.cpp - nn.matmul and nn.gemm to linalg ------------------===//
//
// Both become one linalg.generic contraction whose indexing maps encode
// transposes and batch broadcasting, accumulating into either zeros or the
// (scaled, broadcast) Gemm bias.
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

/// Builds `init += lhs * rhs` over loops (parallel..., reduction k) with the
/// given maps; `numParallel` leading loops are parallel, the last reduces.
static Value buildContraction(OpBuilder &b, Location loc, Value lhs, Value rhs,
                              Value init, ArrayRef<AffineMap> maps,
                              unsigned numParallel, std::optional<double> scale) {
  SmallVector<utils::IteratorType> iters(numParallel, utils::IteratorType::parallel);
  iters.push_back(utils::IteratorType::reduction);
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

struct MatMulLowering : OpRewritePattern<nn::MatMulOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::MatMulOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto lt = cast<RankedTensorType>(op.getLhs().getType());
    auto rt = cast<RankedTensorType>(op.getRhs().getType());
    Type et = lt.getElementType();
    // Promote rank-1 operands to matrices.
    Value lhs = op.getLhs(), rhs = op.getRhs();
    if (lt.getRank() == 1) {
      lt = RankedTensorType::get({1, lt.getDimSize(0)}, et);
      lhs = buildReshape(rewriter, loc, lhs, lt);
    }
    if (rt.getRank() == 1) {
      rt = RankedTensorType::get({rt.getDimSize(0), 1}, et);
      rhs = buildReshape(rewriter, loc, rhs, rt);
    }
    ArrayRef<int64_t> lb = lt.getShape().drop_back(2), rb = rt.getShape().drop_back(2);
    size_t nb = std::max(lb.size(), rb.size());
    SmallVector<int64_t> outShape;
    for (size_t i = 0; i < nb; ++i) {
      int64_t a = i < nb - lb.size() ? 1 : lb[i - (nb - lb.size())];
      int64_t c = i < nb - rb.size() ? 1 : rb[i - (nb - rb.size())];
      outShape.push_back(a == 1 ? c : a);
    }
    int64_t m = lt.getDimSize(lt.getRank() - 2), n = rt.getDimSize(rt.getRank() - 1);
    outShape.append({m, n});
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
    auto outType = RankedTensorType::get(outShape, et);
    Value init = buildFilled(rewriter, loc, outType, zeroAttr(rewriter, et));
    Value r = buildContraction(rewriter, loc, lhs, rhs, init, maps, nb + 2, std::nullopt);
    rewriter.replaceOp(op, buildReshape(rewriter, loc, r, op.getType()));
    return success();
  }
};

struct GemmLowering : OpRewritePattern<nn::GemmOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::GemmOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto outType = cast<RankedTensorType>(op.getType());
    Type et = outType.getElementType();
    double alpha = op.getAlpha().convertToDouble();
    double beta = op.getBeta().convertToDouble();

    Value init;
    if (op.getC() && beta != 0.0) {
      init = buildBroadcastElementwise(
          rewriter, loc, outType, op.getC(), [&](OpBuilder &b, Location l, ValueRange a) {
            if (beta == 1.0)
              return a[0];
            return arith::MulFOp::create(
                       b, l, a[0], arith::ConstantOp::create(b, l, b.getFloatAttr(et, beta)))
                .getResult();
          });
    } else {
      init = buildFilled(rewriter, loc, outType, zeroAttr(rewriter, et));
    }
    // Loops: m, n, k.
    AffineExpr m = getAffineDimExpr(0, ctx), n = getAffineDimExpr(1, ctx),
               k = getAffineDimExpr(2, ctx);
    SmallVector<AffineExpr, 2> aExprs{m, k}, bExprs{k, n}, outExprs{m, n};
    if (op.getTransA())
      std::swap(aExprs[0], aExprs[1]);
    if (op.getTransB())
      std::swap(bExprs[0], bExprs[1]);
    SmallVector<AffineMap> maps{AffineMap::get(3, 0, aExprs, ctx),
                                AffineMap::get(3, 0, bExprs, ctx),
                                AffineMap::get(3, 0, outExprs, ctx)};
    std::optional<double> scale;
    if (alpha != 1.0)
      scale = alpha;
    rewriter.replaceOp(op, buildContraction(rewriter, loc, op.getA(), op.getB(),
                                            init, maps, 2, scale));
    return success();
  }
};

} // namespace

void kiln::populateNNContractionToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<MatMulLowering, GemmLowering>(patterns.getContext());
}
