//===- Shape.cpp - nn constants and reshapes to tensor/arith --------------===//
//
// Reshapes are views: collapse_shape/expand_shape bufferize without a copy.

#include "passes/Conversion/NNToLinalg/NNToLinalg.h"
#include "dialects/NN/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace kiln;
using namespace kiln::lowering;

namespace {

struct ConstantLowering : OpRewritePattern<nn::ConstantOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::ConstantOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, op.getValueAttr());
    return success();
  }
};

/// nn.reshape: collapse to 1-D, expand to the result (buildReshape). A
/// dynamic result size is derived from the element count, so at most one
/// can be dynamic; the pass reports the other cases up front.
struct ReshapeLowering : OpRewritePattern<nn::ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    RankedTensorType inType = op.getInput().getType(), outType = op.getType();
    if (!canBuildReshape(inType, outType))
      return rewriter.notifyMatchFailure(
          op, "more than one dynamic result size (or a zero static size): "
              "the result shape is not determined by the element count");
    rewriter.replaceOp(op, buildReshape(rewriter, op.getLoc(), op.getInput(),
                                        outType, op));
    return success();
  }
};

/// nn.flatten: static shapes go through buildReshape like nn.reshape.
/// Dynamic ones collapse the two groups of dimensions directly, which
/// gives both result sizes whatever is dynamic (axis 0 and axis = rank,
/// where one side is the constant 1, go through buildReshape).
struct FlattenLowering : OpRewritePattern<nn::FlattenOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::FlattenOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = op.getInput();
    auto inType = cast<RankedTensorType>(input.getType());
    auto outType = cast<RankedTensorType>(op.getType());
    int64_t rank = inType.getRank();
    int64_t axis = static_cast<int64_t>(op.getAxis()); // I64Attr is unsigned
    if (axis < 0)
      axis += rank;
    if ((inType.hasStaticShape() && outType.hasStaticShape()) || axis <= 0 ||
        axis >= rank) {
      if (!canBuildReshape(inType, outType))
        return rewriter.notifyMatchFailure(op, "result shape not derivable");
      rewriter.replaceOp(op, buildReshape(rewriter, loc, input, outType, op));
      return success();
    }
    SmallVector<ReassociationIndices> groups{
        llvm::to_vector(llvm::seq<int64_t>(0, axis)),
        llvm::to_vector(llvm::seq<int64_t>(axis, rank))};
    Value r = tensor::CollapseShapeOp::create(rewriter, loc, input, groups);
    auto rType = cast<RankedTensorType>(r.getType());
    if (rType != outType) {
      // The result type knows a size the input's does not: check it.
      for (int64_t i = 0; i < 2; ++i) {
        if (!rType.isDynamicDim(i) || outType.isDynamicDim(i))
          continue;
        Value d = tensor::DimOp::create(rewriter, loc, r, i);
        Value want = arith::ConstantIndexOp::create(rewriter, loc, outType.getDimSize(i));
        Value ok = arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::eq, d, want);
        emitShapeCheck(rewriter, loc, op, ok,
                       "result dimension " + Twine(i) + " must be " +
                           Twine(outType.getDimSize(i)) + " (the result type's size)");
      }
      r = tensor::CastOp::create(rewriter, loc, outType, r);
    }
    rewriter.replaceOp(op, r);
    return success();
  }
};

} // namespace

void kiln::populateNNShapeToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ConstantLowering, ReshapeLowering, FlattenLowering>(
      patterns.getContext());
}
