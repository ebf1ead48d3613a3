//===- LoopOps.h - scalar arithmetic for hand-built loop nests --*- C++ -*-===//
//
// A small builder for the index, integer and float arithmetic inside the
// scf loop nests of the lowerings that are not linalg-shaped (sort,
// detection): one line per op instead of the create(...) spelling; and the
// loop-carried tensors those nests start from.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_PASSES_CONVERSION_NNTOLINALG_LOOPOPS_H
#define KILN_PASSES_CONVERSION_NNTOLINALG_LOOPOPS_H

#include "passes/Conversion/NNToLinalg/DynamicSupport.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace kiln::lowering {

/// Scalar ops at `loc`, built with `b`.
struct Ops {
  using Pred = mlir::arith::CmpIPredicate;
  using FPred = mlir::arith::CmpFPredicate;
  using Value = mlir::Value;

  mlir::OpBuilder &b;
  mlir::Location loc;

  Value idx(int64_t v) const { return mlir::arith::ConstantIndexOp::create(b, loc, v); }
  Value i64(int64_t v) const {
    return mlir::arith::ConstantIntOp::create(b, loc, b.getI64Type(), v);
  }
  Value flt(mlir::Type t, double v) const {
    return mlir::arith::ConstantOp::create(b, loc, b.getFloatAttr(t, v));
  }
  Value bit(bool v) const { return mlir::arith::ConstantIntOp::create(b, loc, b.getI1Type(), v); }
  Value add(Value x, Value y) const { return mlir::arith::AddIOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) const { return mlir::arith::SubIOp::create(b, loc, x, y); }
  Value min(Value x, Value y) const { return mlir::arith::MinSIOp::create(b, loc, x, y); }
  Value max(Value x, Value y) const { return mlir::arith::MaxSIOp::create(b, loc, x, y); }
  Value cmp(Pred p, Value x, Value y) const { return mlir::arith::CmpIOp::create(b, loc, p, x, y); }
  Value fcmp(FPred p, Value x, Value y) const {
    return mlir::arith::CmpFOp::create(b, loc, p, x, y);
  }
  Value both(Value x, Value y) const { return mlir::arith::AndIOp::create(b, loc, x, y); }
  Value either(Value x, Value y) const { return mlir::arith::OrIOp::create(b, loc, x, y); }
  Value negate(Value x) const { return mlir::arith::XOrIOp::create(b, loc, x, bit(true)); }
  Value select(Value c, Value x, Value y) const {
    return mlir::arith::SelectOp::create(b, loc, c, x, y);
  }
  Value fadd(Value x, Value y) const { return mlir::arith::AddFOp::create(b, loc, x, y); }
  Value fsub(Value x, Value y) const { return mlir::arith::SubFOp::create(b, loc, x, y); }
  Value fmul(Value x, Value y) const { return mlir::arith::MulFOp::create(b, loc, x, y); }
  Value fdiv(Value x, Value y) const { return mlir::arith::DivFOp::create(b, loc, x, y); }
  Value toIndex(Value v) const {
    return mlir::arith::IndexCastOp::create(b, loc, b.getIndexType(), v);
  }
  Value toI64(Value v) const {
    return mlir::arith::IndexCastOp::create(b, loc, b.getI64Type(), v);
  }
  Value index(mlir::OpFoldResult v) const {
    return mlir::getValueOrCreateConstantIndexOp(b, loc, v);
  }
  Value extract(Value t, mlir::ValueRange at) const {
    return mlir::tensor::ExtractOp::create(b, loc, t, at);
  }
  Value insert(Value v, Value t, mlir::ValueRange at) const {
    return mlir::tensor::InsertOp::create(b, loc, v, t, at);
  }
};

/// An uninitialized tensor of `sizes` and element type `et` that is its
/// own buffer: a bufferization.alloc_tensor, which CSE does not merge with
/// another of the same size (two loop-carried tensors sharing one
/// tensor.empty would share one buffer).
inline mlir::Value emptyOf(mlir::OpBuilder &b, mlir::Location loc,
                           llvm::ArrayRef<mlir::OpFoldResult> sizes, mlir::Type et) {
  llvm::SmallVector<mlir::Value> dynamic;
  for (mlir::OpFoldResult s : sizes)
    if (auto v = llvm::dyn_cast<mlir::Value>(s))
      dynamic.push_back(v);
  auto type = mlir::RankedTensorType::get(dyn::shapeOf(sizes), et);
  return mlir::bufferization::AllocTensorOp::create(b, loc, type, dynamic);
}

} // namespace kiln::lowering

#endif // KILN_PASSES_CONVERSION_NNTOLINALG_LOOPOPS_H
