//===- NNToLinalg.h - nn to linalg lowering -----------------------*- C++ -*-===//
//
// Pattern entry points, one per op family, plus the small builders they
// share. Each family lives in its own .cpp.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_PASSES_CONVERSION_NNTOLINALG_NNTOLINALG_H
#define KILN_PASSES_CONVERSION_NNTOLINALG_NNTOLINALG_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
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
///
/// Dynamic dimensions are accepted. Without `resultSizes`, each result
/// size is the multidirectional broadcast of the inputs' sizes; with it
/// (one entry per result dimension), the inputs broadcast one way to those
/// sizes. Run-time checks (`emitShapeCheck`, named after `op`) make sure
/// every dynamic input size is 1 or the result size, and that a static
/// result size holds. An input whose dynamic size may be 1 while the
/// result's is not is read through a run-time broadcast (see the .cpp).
/// Static shapes produce one generic and nothing else.
mlir::Value buildBroadcastElementwise(
    mlir::OpBuilder &b, mlir::Location loc, mlir::RankedTensorType resultType,
    mlir::ValueRange inputs, ScalarBodyFn body, mlir::Operation *op = nullptr,
    llvm::ArrayRef<mlir::OpFoldResult> resultSizes = {});

/// Affine map reading an operand of `shape` broadcast into `outShape`.
mlir::AffineMap broadcastMap(mlir::MLIRContext *ctx,
                             llvm::ArrayRef<int64_t> shape,
                             llvm::ArrayRef<int64_t> outShape);

/// A tensor of `type` filled with `value`.
mlir::Value buildFilled(mlir::OpBuilder &b, mlir::Location loc,
                        mlir::RankedTensorType type, mlir::TypedAttr value);

/// A tensor of the given sizes (static or run-time, e.g. from
/// tensor::getMixedSizes) filled with `value`, whose type gives the element
/// type.
mlir::Value buildFilled(mlir::OpBuilder &b, mlir::Location loc,
                        llvm::ArrayRef<mlir::OpFoldResult> sizes,
                        mlir::TypedAttr value);

/// True when buildReshape handles `from` -> `to`: static shapes, or a
/// result with at most one dynamic dimension, which is derived from the
/// element count (a result static product of 0 leaves it undetermined).
bool canBuildReshape(mlir::RankedTensorType from, mlir::RankedTensorType to);

/// Row-major reshape through collapse_shape (to 1-D) and expand_shape.
/// With dynamic dimensions (canBuildReshape must hold), the dynamic result
/// dimension is the element count divided by the result's static sizes,
/// and a run-time check named after `op` makes sure the element counts
/// agree where the types cannot prove it.
mlir::Value buildReshape(mlir::OpBuilder &b, mlir::Location loc,
                         mlir::Value input, mlir::RankedTensorType resultType,
                         mlir::Operation *op = nullptr);

/// Emits `cf.assert %cond, "<where>: <message>"`: a run-time shape fact the
/// types cannot prove. `<where>` is `op`'s name, prefixed with its ONNX
/// node name when the location carries one (just `<message>` without an
/// op). The compiled model reports a
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
