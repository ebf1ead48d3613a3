//===- OpHelpers.h - helpers shared by the nn op implementations -*- C++ -*-===//
//
// Private to dialects/NN/IR: adapters between ops and the shape functions,
// used by NNOps.cpp and the op-family files.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_DIALECTS_NN_IR_OPHELPERS_H
#define KILN_DIALECTS_NN_IR_OPHELPERS_H

#include "dialects/NN/IR/ShapeFunctions.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Operation.h"
#include "mlir/IR/Value.h"

namespace kiln::nn::detail {

inline llvm::ArrayRef<int64_t> shapeOf(mlir::Value v) {
  return mlir::cast<mlir::RankedTensorType>(v.getType()).getShape();
}

inline mlir::Type elementTypeOf(mlir::Value v) {
  return mlir::cast<mlir::RankedTensorType>(v.getType()).getElementType();
}

/// Turns a shape function's answer into an inferred tensor type.
inline mlir::LogicalResult toInferred(std::optional<mlir::Location> loc,
                                      mlir::FailureOr<Shape> shape,
                                      const std::string &err, mlir::Type elementType,
                                      llvm::SmallVectorImpl<mlir::Type> &inferred) {
  if (mlir::failed(shape))
    return mlir::emitOptionalError(loc, err);
  inferred.push_back(mlir::RankedTensorType::get(*shape, elementType));
  return mlir::success();
}

/// Declared result types may refine inferred dynamic dimensions.
inline bool compatibleTensorTypes(mlir::TypeRange inferred, mlir::TypeRange declared) {
  if (inferred.size() != declared.size())
    return false;
  for (auto [i, d] : llvm::zip(inferred, declared)) {
    auto it = mlir::dyn_cast<mlir::RankedTensorType>(i);
    auto dt = mlir::dyn_cast<mlir::RankedTensorType>(d);
    if (!it || !dt || it.getElementType() != dt.getElementType() ||
        !isCompatibleShape(it.getShape(), dt.getShape()))
      return false;
  }
  return true;
}

/// A verifier's check of a shape rule's answer: the rule's error, or
/// "result shape A differs from the inferred B" when the declared result
/// shape cannot stand for the inferred one.
inline mlir::LogicalResult checkInferredShape(mlir::Operation *op,
                                              const mlir::FailureOr<Shape> &shape,
                                              const std::string &err,
                                              llvm::ArrayRef<int64_t> declared) {
  if (mlir::failed(shape))
    return op->emitOpError(err);
  if (!isCompatibleShape(*shape, declared))
    return op->emitOpError("result shape ")
           << formatShape(declared) << " differs from the inferred " << formatShape(*shape);
  return mlir::success();
}

} // namespace kiln::nn::detail

#endif // KILN_DIALECTS_NN_IR_OPHELPERS_H
