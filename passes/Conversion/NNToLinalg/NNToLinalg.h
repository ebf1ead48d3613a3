//===- NNToLinalg.h - nn to linalg lowering -----------------------*- C++ -*-===//
//
// Pattern entry points, one per op family, plus the small builders they
// share. Each family lives in its own .cpp.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_PASSES_CONVERSION_NNTOLINALG_NNTOLINALG_H
#define KILN_PASSES_CONVERSION_NNTOLINALG_NNTOLINALG_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/Twine.h"

namespace kiln {

void populateNNElementwiseToLinalgPatterns(mlir::RewritePatternSet &patterns);
void populateNNContractionToLinalgPatterns(mlir::RewritePatternSet &patterns);
void populateNNConvPoolToLinalgPatterns(mlir::RewritePatternSet &patterns);
void populateNNShapeToLinalgPatterns(mlir::RewritePatternSet &patterns);
void populateNNDataMovementToLinalgPatterns(mlir::RewritePatternSet &patterns);
void populateNNReductionToLinalgPatterns(mlir::RewritePatternSet &patterns);

/// All of the above.
void populateNNToLinalgPatterns(mlir::RewritePatternSet &patterns);

namespace lowering {

using ScalarBodyFn = llvm::function_ref<mlir::Value(
    mlir::OpBuilder &, mlir::Location, mlir::ValueRange)>;

/// A linalg.generic producing `resultType` from `inputs`, each broadcast
/// (numpy rules, aligned right) to the result shape; `body` gets one
/// scalar per input and returns the result scalar.
mlir::Value buildBroadcastElementwise(mlir::OpBuilder &b, mlir::Location loc,
                                      mlir::RankedTensorType resultType,
                                      mlir::ValueRange inputs,
                                      ScalarBodyFn body);

/// Affine map reading an operand of `shape` broadcast into `outShape`.
mlir::AffineMap broadcastMap(mlir::MLIRContext *ctx,
                             llvm::ArrayRef<int64_t> shape,
                             llvm::ArrayRef<int64_t> outShape);

/// A tensor of `type` filled with `value`.
mlir::Value buildFilled(mlir::OpBuilder &b, mlir::Location loc,
                        mlir::RankedTensorType type, mlir::TypedAttr value);

/// Static row-major reshape through collapse_shape/expand_shape.
mlir::Value buildReshape(mlir::OpBuilder &b, mlir::Location loc,
                         mlir::Value input, mlir::RankedTensorType resultType);

/// Emits `cf.assert %cond, "<where>: <message>"`: a run-time shape fact the
/// types cannot prove. `<where>` is `op`'s name, prefixed with its ONNX
/// node name when the location carries one. The compiled model reports a
/// failed check as KILN_ERR_SHAPE with this text; nothing after it runs.
void emitShapeCheck(mlir::OpBuilder &b, mlir::Location loc,
                    mlir::Operation *op, mlir::Value cond,
                    const llvm::Twine &message);

/// True when the lowering of `op` accepts dynamic dimensions. The pass
/// rejects a dynamic op up front unless this says yes, so the user sees
/// one clear message instead of a legalization failure. Each op family
/// lists its dynamic-capable ops here.
bool supportsDynamicShapes(mlir::Operation *op);

/// Fails (with a diagnostic naming the op) unless every operand and result
/// of `op` has a static shape.
mlir::LogicalResult requireStaticShapes(mlir::Operation *op,
                                        mlir::PatternRewriter &rewriter);

} // namespace lowering
} // namespace kiln

#endif // KILN_PASSES_CONVERSION_NNTOLINALG_NNTOLINALG_H
