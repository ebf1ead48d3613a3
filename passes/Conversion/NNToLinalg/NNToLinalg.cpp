//===- NNToLinalg.cpp - the kiln-convert-nn-to-linalg pass ----------------===//

#include "passes/Conversion/NNToLinalg/NNToLinalg.h"
#include "passes/Conversion/NNToLinalg/RuntimeShape.h"
#include "dialects/NN/IR/NNDialect.h"
#include "dialects/NN/IR/NNOps.h"
#include "passes/Conversion/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

namespace kiln {
#define GEN_PASS_DEF_CONVERTNNTOLINALG
#include "passes/Conversion/Passes.h.inc"
} // namespace kiln

using namespace mlir;
using namespace kiln;

void kiln::populateNNToLinalgPatterns(RewritePatternSet &patterns) {
  populateNNElementwiseToLinalgPatterns(patterns);
  populateNNContractionToLinalgPatterns(patterns);
  populateNNConvPoolToLinalgPatterns(patterns);
  populateNNShapeToLinalgPatterns(patterns);
  populateNNDataMovementToLinalgPatterns(patterns);
  populateNNReductionToLinalgPatterns(patterns);
  populateNNRuntimeShapeToLinalgPatterns(patterns);
}

namespace {
struct ConvertNNToLinalgPass
    : kiln::impl::ConvertNNToLinalgBase<ConvertNNToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    // Check the preconditions up front so the user sees the real reason
    // rather than a generic legalization failure.
    bool unsupported = false;
    getOperation().walk([&](Operation *op) {
      if (!isa<nn::NNDialect>(op->getDialect()))
        return;
      int64_t spatial = -1;
      if (auto conv = dyn_cast<nn::ConvOp>(op))
        spatial = conv.getStrides().size();
      else if (auto convT = dyn_cast<nn::ConvTransposeOp>(op))
        spatial = convT.getStrides().size();
      else if (auto pool = dyn_cast<nn::MaxPoolOp>(op))
        spatial = pool.getKernelShape().size();
      else if (auto pool = dyn_cast<nn::AveragePoolOp>(op))
        spatial = pool.getKernelShape().size();
      if (spatial > 2) {
        op->emitError() << "'" << op->getName() << "' with " << spatial
                        << " spatial dimensions is not supported by the CPU "
                           "lowering yet (1-D and 2-D are)";
        unsupported = true;
        return;
      }
      if (lowering::supportsDynamicShapes(op))
        return;
      for (Type t : llvm::concat<Type>(op->getOperandTypes(), op->getResultTypes()))
        if (auto rt = dyn_cast<RankedTensorType>(t); rt && !rt.hasStaticShape()) {
          op->emitError() << "'" << op->getName() << "' has dynamic shape " << rt
                          << "; the CPU lowering needs static shapes (pin the "
                             "model's inputs with --shape NAME=D0xD1x...)";
          unsupported = true;
          return;
        }
    });
    if (unsupported)
      return signalPassFailure();

    ConversionTarget target(*ctx);
    target.addIllegalDialect<nn::NNDialect>();
    target.addLegalDialect<arith::ArithDialect, cf::ControlFlowDialect,
                           linalg::LinalgDialect,
                           math::MathDialect, tensor::TensorDialect,
                           func::FuncDialect>();
    RewritePatternSet patterns(ctx);
    populateNNToLinalgPatterns(patterns);
    if (failed(applyPartialConversion(getOperation(), target, std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace

//===----------------------------------------------------------------------===//
// Shared builders
//===----------------------------------------------------------------------===//

AffineMap kiln::lowering::broadcastMap(MLIRContext *ctx, ArrayRef<int64_t> shape,
                               ArrayRef<int64_t> outShape) {
  size_t off = outShape.size() - shape.size();
  SmallVector<AffineExpr> exprs;
  for (size_t i = 0; i < shape.size(); ++i)
    exprs.push_back(shape[i] == 1 && outShape[i + off] != 1
                        ? getAffineConstantExpr(0, ctx)
                        : getAffineDimExpr(i + off, ctx));
  return AffineMap::get(outShape.size(), 0, exprs, ctx);
}

Value kiln::lowering::buildBroadcastElementwise(OpBuilder &b, Location loc,
                                        RankedTensorType resultType,
                                        ValueRange inputs, lowering::ScalarBodyFn body) {
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineMap> maps;
  for (Value in : inputs)
    maps.push_back(broadcastMap(
        ctx, cast<RankedTensorType>(in.getType()).getShape(), resultType.getShape()));
  maps.push_back(b.getMultiDimIdentityMap(resultType.getRank()));
  Value init = tensor::EmptyOp::create(b, loc, resultType.getShape(),
                                       resultType.getElementType());
  SmallVector<utils::IteratorType> iters(resultType.getRank(),
                                         utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, resultType, inputs, init, maps, iters,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value r = body(nb, nloc, args.drop_back());
        linalg::YieldOp::create(nb, nloc, r);
      });
  return generic.getResult(0);
}

Value kiln::lowering::buildFilled(OpBuilder &b, Location loc, RankedTensorType type,
                          TypedAttr value) {
  Value init =
      tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType());
  Value scalar = arith::ConstantOp::create(b, loc, value);
  return linalg::FillOp::create(b, loc, scalar, init).getResult(0);
}

Value kiln::lowering::buildReshape(OpBuilder &b, Location loc, Value input,
                           RankedTensorType resultType) {
  auto inType = cast<RankedTensorType>(input.getType());
  if (inType == resultType)
    return input;
  auto flatType =
      RankedTensorType::get({inType.getNumElements()}, inType.getElementType());
  Value flat = input;
  if (inType.getRank() != 1) {
    SmallVector<ReassociationIndices> all;
    if (inType.getRank() > 0)
      all.push_back(llvm::to_vector(llvm::seq<int64_t>(0, inType.getRank())));
    flat = inType.getRank() == 0
               ? tensor::ExpandShapeOp::create(b, loc, flatType, input, all)
                     .getResult()
               : tensor::CollapseShapeOp::create(b, loc, flatType, input, all)
                     .getResult();
  }
  if (resultType.getRank() == 1)
    return flat;
  SmallVector<ReassociationIndices> all;
  if (resultType.getRank() > 0)
    all.push_back(llvm::to_vector(llvm::seq<int64_t>(0, resultType.getRank())));
  if (resultType.getRank() == 0)
    return tensor::CollapseShapeOp::create(b, loc, resultType, flat, all);
  return tensor::ExpandShapeOp::create(b, loc, resultType, flat, all);
}

void kiln::lowering::emitShapeCheck(OpBuilder &b, Location loc, Operation *op,
                                    Value cond, const Twine &message) {
  std::string where = op->getName().getStringRef().str();
  Location l = op->getLoc();
  if (auto fused = dyn_cast<FusedLoc>(l); fused && !fused.getLocations().empty())
    l = fused.getLocations().front();
  if (auto named = dyn_cast<NameLoc>(l))
    where = "node '" + named.getName().str() + "' (" + where + ")";
  cf::AssertOp::create(b, loc, cond, (where + ": " + message).str());
}

bool kiln::lowering::supportsDynamicShapes(Operation *op) {
  // Filled in family by family as each lowering learns dynamic sizes.
  (void)op;
  if (runtimeShapeSupportsDynamic(op)) return true;
  return false;
}

LogicalResult kiln::lowering::requireStaticShapes(Operation *op,
                                          PatternRewriter &rewriter) {
  for (Type t : llvm::concat<Type>(op->getOperandTypes(), op->getResultTypes()))
    if (auto rt = dyn_cast<RankedTensorType>(t); rt && !rt.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "dynamic shapes are not lowered");
  return success();
}
