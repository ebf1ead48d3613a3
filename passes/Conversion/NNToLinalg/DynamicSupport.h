//===- DynamicSupport.h - dynamic sizes in nn to linalg ----------*- C++ -*-===//
//
// Which contraction and convolution/pooling ops lower with dynamic
// dimensions, and the small size helpers those lowerings share: index
// arithmetic on OpFoldResults that folds when every input is static (so a
// static op lowers to exactly the same IR as before), tensors built from
// mixed static/dynamic sizes, and the cast to the op's declared type.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_PASSES_CONVERSION_NNTOLINALG_DYNAMICSUPPORT_H
#define KILN_PASSES_CONVERSION_NNTOLINALG_DYNAMICSUPPORT_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "llvm/ADT/Twine.h"

namespace kiln::lowering {

/// True when the lowering of `op` (nn.matmul, nn.gemm) accepts dynamic
/// dimensions.
bool contractionSupportsDynamic(mlir::Operation *op);

/// True when the lowering of `op` (nn.conv, nn.conv_transpose,
/// nn.max_pool, nn.average_pool) accepts its dynamic dimensions. Kernel
/// sizes are always static; nn.conv_transpose also needs a static weight.
bool convPoolSupportsDynamic(mlir::Operation *op);

bool reductionSupportsDynamic(mlir::Operation *op);

bool dataMovementSupportsDynamic(mlir::Operation *op);

namespace dyn {

/// Index arithmetic on sizes. Each returns an attribute when its inputs
/// are attributes, and otherwise emits arith ops on `index`.
mlir::OpFoldResult add(mlir::OpBuilder &b, mlir::Location loc,
                       mlir::OpFoldResult x, mlir::OpFoldResult y);
mlir::OpFoldResult sub(mlir::OpBuilder &b, mlir::Location loc,
                       mlir::OpFoldResult x, mlir::OpFoldResult y);
mlir::OpFoldResult mul(mlir::OpBuilder &b, mlir::Location loc,
                       mlir::OpFoldResult x, mlir::OpFoldResult y);
/// Signed division rounding toward zero (callers divide non-negative sizes).
mlir::OpFoldResult div(mlir::OpBuilder &b, mlir::Location loc,
                       mlir::OpFoldResult x, mlir::OpFoldResult y);
mlir::OpFoldResult max(mlir::OpBuilder &b, mlir::Location loc,
                       mlir::OpFoldResult x, mlir::OpFoldResult y);
/// `x pred y` as an i1 value.
mlir::Value cmp(mlir::OpBuilder &b, mlir::Location loc,
                mlir::arith::CmpIPredicate pred, mlir::OpFoldResult x,
                mlir::OpFoldResult y);
mlir::OpFoldResult index(mlir::OpBuilder &b, int64_t v);

/// Static entries of `sizes` (attributes) as a shape, the rest dynamic.
llvm::SmallVector<int64_t> shapeOf(llvm::ArrayRef<mlir::OpFoldResult> sizes);

/// `tensor.empty` of `sizes` filled with `value` (buildFilled when static).
mlir::Value buildFilled(mlir::OpBuilder &b, mlir::Location loc,
                        llvm::ArrayRef<mlir::OpFoldResult> sizes,
                        mlir::TypedAttr value);

/// `value` reshaped to `type`: buildReshape when both are static (the
/// static lowering's IR), else one tensor.expand_shape (to `sizes`) or
/// tensor.collapse_shape with `reassociation`.
mlir::Value reshapeTo(mlir::OpBuilder &b, mlir::Location loc, mlir::Value value,
                      mlir::RankedTensorType type,
                      llvm::ArrayRef<mlir::ReassociationIndices> reassociation,
                      llvm::ArrayRef<mlir::OpFoldResult> sizes = {});

/// `value` as `type`: unchanged when the types agree, else a tensor.cast,
/// after a run-time check for every dimension `type` declares static that
/// `value` only knows at run time.
mlir::Value castToType(mlir::OpBuilder &b, mlir::Location loc,
                       mlir::Operation *op, mlir::Value value,
                       mlir::RankedTensorType type);

} // namespace dyn
} // namespace kiln::lowering

#endif // KILN_PASSES_CONVERSION_NNTOLINALG_DYNAMICSUPPORT_H
