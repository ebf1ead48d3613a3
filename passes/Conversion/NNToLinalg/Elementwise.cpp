//===- Elementwise.cpp - nn elementwise ops and softmax to linalg ---------===//

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

static Value floatConst(OpBuilder &b, Location loc, Type t, double v) {
  return arith::ConstantOp::create(b, loc, b.getFloatAttr(t, v));
}

/// Scalar semantics of each unary op.
static Value unaryScalar(Operation *op, OpBuilder &b, Location loc, Value x) {
  Type t = x.getType();
  if (isa<nn::ReluOp>(op))
    return arith::MaximumFOp::create(b, loc, x, floatConst(b, loc, t, 0.0));
  if (isa<nn::TanhOp>(op))
    return math::TanhOp::create(b, loc, x);
  // sigmoid(x) = 1 / (1 + exp(-x)); exp overflow gives the right limit 0.
  Value one = floatConst(b, loc, t, 1.0);
  Value e = math::ExpOp::create(b, loc, arith::NegFOp::create(b, loc, x));
  return arith::DivFOp::create(b, loc, one, arith::AddFOp::create(b, loc, one, e));
}

template <typename OpTy>
struct UnaryLowering : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op, PatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    Value r = buildBroadcastElementwise(
        rewriter, op.getLoc(), op.getType(), op->getOperands(),
        [&](OpBuilder &b, Location loc, ValueRange args) {
          return unaryScalar(op, b, loc, args[0]);
        });
    rewriter.replaceOp(op, r);
    return success();
  }
};

/// Scalar semantics of each binary op, for float and integer types.
template <typename OpTy>
static Value binaryScalar(OpBuilder &b, Location loc, Value l, Value r) {
  bool isFloat = isa<FloatType>(l.getType());
  if constexpr (std::is_same_v<OpTy, nn::AddOp>)
    return isFloat ? arith::AddFOp::create(b, loc, l, r).getResult()
                   : arith::AddIOp::create(b, loc, l, r).getResult();
  if constexpr (std::is_same_v<OpTy, nn::SubOp>)
    return isFloat ? arith::SubFOp::create(b, loc, l, r).getResult()
                   : arith::SubIOp::create(b, loc, l, r).getResult();
  if constexpr (std::is_same_v<OpTy, nn::MulOp>)
    return isFloat ? arith::MulFOp::create(b, loc, l, r).getResult()
                   : arith::MulIOp::create(b, loc, l, r).getResult();
  return isFloat ? arith::DivFOp::create(b, loc, l, r).getResult()
                 : arith::DivSIOp::create(b, loc, l, r).getResult();
}

template <typename OpTy>
struct BinaryLowering : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op, PatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    Value r = buildBroadcastElementwise(
        rewriter, op.getLoc(), cast<RankedTensorType>(op.getType()),
        op->getOperands(), [&](OpBuilder &b, Location loc, ValueRange args) {
          return binaryScalar<OpTy>(b, loc, args[0], args[1]);
        });
    rewriter.replaceOp(op, r);
    return success();
  }
};

/// Softmax as four generics: max-reduce, exp(x - max), sum-reduce, divide.
struct SoftmaxLowering : OpRewritePattern<nn::SoftmaxOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::SoftmaxOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto type = op.getType();
    int64_t rank = type.getRank();
    int64_t axis = static_cast<int64_t>(op.getAxis()); // I64Attr is unsigned
    if (axis < 0)
      axis += rank;
    Type et = type.getElementType();

    SmallVector<int64_t> reducedShape(type.getShape());
    reducedShape.erase(reducedShape.begin() + axis);
    auto reducedType = RankedTensorType::get(reducedShape, et);
    AffineMap id = rewriter.getMultiDimIdentityMap(rank);
    AffineMap dropAxis = id.dropResult(axis);
    SmallVector<utils::IteratorType> reduceIters(rank, utils::IteratorType::parallel);
    reduceIters[axis] = utils::IteratorType::reduction;
    SmallVector<utils::IteratorType> parIters(rank, utils::IteratorType::parallel);

    auto reduce = [&](Value input, double init, bool isMax) {
      Value acc = buildFilled(rewriter, loc, reducedType, rewriter.getFloatAttr(et, init));
      return linalg::GenericOp::create(
                 rewriter, loc, reducedType, input, acc,
                 ArrayRef<AffineMap>{id, dropAxis}, reduceIters,
                 [&](OpBuilder &b, Location l, ValueRange a) {
                   Value r = isMax ? arith::MaximumFOp::create(b, l, a[0], a[1]).getResult()
                                   : arith::AddFOp::create(b, l, a[0], a[1]).getResult();
                   linalg::YieldOp::create(b, l, r);
                 })
          .getResult(0);
    };
    auto mapWithReduced = [&](Value full, Value reduced, bool isExp) {
      Value init = tensor::EmptyOp::create(rewriter, loc, type.getShape(), et);
      return linalg::GenericOp::create(
                 rewriter, loc, type, ValueRange{full, reduced}, init,
                 ArrayRef<AffineMap>{id, dropAxis, id}, parIters,
                 [&](OpBuilder &b, Location l, ValueRange a) {
                   Value r = isExp ? math::ExpOp::create(
                                         b, l, arith::SubFOp::create(b, l, a[0], a[1]))
                                         .getResult()
                                   : arith::DivFOp::create(b, l, a[0], a[1]).getResult();
                   linalg::YieldOp::create(b, l, r);
                 })
          .getResult(0);
    };
    (void)ctx;
    Value max = reduce(op.getInput(), -std::numeric_limits<double>::infinity(), true);
    Value exps = mapWithReduced(op.getInput(), max, true);
    Value sum = reduce(exps, 0.0, false);
    rewriter.replaceOp(op, mapWithReduced(exps, sum, false));
    return success();
  }
};

} // namespace

void kiln::populateNNElementwiseToLinalgPatterns(RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<UnaryLowering<nn::ReluOp>, UnaryLowering<nn::SigmoidOp>,
               UnaryLowering<nn::TanhOp>, BinaryLowering<nn::AddOp>,
               BinaryLowering<nn::SubOp>, BinaryLowering<nn::MulOp>,
               BinaryLowering<nn::DivOp>, SoftmaxLowering>(ctx);
}
