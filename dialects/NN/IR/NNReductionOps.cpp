//===- NNReductionOps.cpp - nn reductions and normalizations ---------===//
//
// Verifiers and result-type inference of the ops in NNReductionOps.td; their
// shape rules are declared in ReductionShapes.h and defined here.
//
//===----------------------------------------------------------------------===//

#include "dialects/NN/IR/NNOps.h"
#include "dialects/NN/IR/OpHelpers.h"
#include "dialects/NN/IR/ReductionShapes.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringSwitch.h"

using namespace mlir;
using namespace kiln::nn;
using namespace kiln::nn::detail;

//===----------------------------------------------------------------------===//
// Shape functions
//===----------------------------------------------------------------------===//

std::optional<ReduceKind> kiln::nn::parseReduceKind(StringRef name) {
  return llvm::StringSwitch<std::optional<ReduceKind>>(name)
      .Case("sum", ReduceKind::Sum)
      .Case("mean", ReduceKind::Mean)
      .Case("max", ReduceKind::Max)
      .Case("min", ReduceKind::Min)
      .Case("prod", ReduceKind::Prod)
      .Case("sum_square", ReduceKind::SumSquare)
      .Case("l1", ReduceKind::L1)
      .Case("l2", ReduceKind::L2)
      .Case("log_sum", ReduceKind::LogSum)
      .Case("log_sum_exp", ReduceKind::LogSumExp)
      .Default(std::nullopt);
}

StringRef kiln::nn::stringifyReduceKind(ReduceKind kind) {
  switch (kind) {
  case ReduceKind::Sum: return "sum";
  case ReduceKind::Mean: return "mean";
  case ReduceKind::Max: return "max";
  case ReduceKind::Min: return "min";
  case ReduceKind::Prod: return "prod";
  case ReduceKind::SumSquare: return "sum_square";
  case ReduceKind::L1: return "l1";
  case ReduceKind::L2: return "l2";
  case ReduceKind::LogSum: return "log_sum";
  case ReduceKind::LogSumExp: return "log_sum_exp";
  }
  llvm_unreachable("unknown reduce kind");
}

LogicalResult kiln::nn::checkReduceElementType(ReduceKind kind, Type elementType,
                                               std::string &error) {
  if (isa<FloatType>(elementType))
    return success();
  bool intOk = kind != ReduceKind::L2 && kind != ReduceKind::LogSum &&
               kind != ReduceKind::LogSumExp;
  if (intOk && isa<IntegerType>(elementType) && !elementType.isSignedInteger() &&
      (!elementType.isInteger(1) || kind == ReduceKind::Max ||
       kind == ReduceKind::Min))
    return success();
  std::string t;
  llvm::raw_string_ostream os(t);
  os << elementType;
  error = "reduction '" + stringifyReduceKind(kind).str() +
          "' is not defined on element type " + t +
          (intOk ? "" : " (it needs a floating-point type)");
  return failure();
}

FailureOr<Shape> kiln::nn::inferReduceShape(ArrayRef<int64_t> input,
                                            ArrayRef<int64_t> axes,
                                            bool keepdims, std::string &error) {
  int64_t rank = input.size();
  for (auto [i, a] : llvm::enumerate(axes)) {
    if (a < 0 || a >= rank) {
      error = "axis " + std::to_string(a) + " is out of range [0, " +
              std::to_string(rank) + ")";
      return failure();
    }
    if (i > 0 && a <= axes[i - 1]) {
      error = "axes must be sorted and unique, got " + formatShape(axes);
      return failure();
    }
  }
  Shape out;
  for (int64_t d = 0; d < rank; ++d) {
    if (!llvm::is_contained(axes, d))
      out.push_back(input[d]);
    else if (keepdims)
      out.push_back(1);
  }
  return out;
}

LogicalResult kiln::nn::checkNormalizedAxis(int64_t axis, int64_t rank,
                                            std::string &error) {
  if (axis >= 0 && axis < rank)
    return success();
  error = "axis " + std::to_string(axis) + " is out of range [0, " +
          std::to_string(rank) + ")";
  return failure();
}

FailureOr<Shape> kiln::nn::inferBatchNormShape(ArrayRef<int64_t> input,
                                               ArrayRef<int64_t> scale,
                                               ArrayRef<int64_t> bias,
                                               ArrayRef<int64_t> mean,
                                               ArrayRef<int64_t> var,
                                               std::string &error) {
  if (input.size() < 2) {
    error = "input must have rank >= 2 ([N, C, ...]), got " + formatShape(input);
    return failure();
  }
  int64_t c = input[1];
  const std::pair<const char *, ArrayRef<int64_t>> perChannel[] = {
      {"scale", scale}, {"bias", bias}, {"mean", mean}, {"var", var}};
  for (auto [name, shape] : perChannel) {
    if (shape.size() != 1 || !isCompatibleShape({c}, shape)) {
      error = std::string(name) + " must have shape [" +
              (ShapedType::isDynamic(c) ? std::string("C") : std::to_string(c)) +
              "] (the input's channel count), got " + formatShape(shape);
      return failure();
    }
  }
  return Shape(input.begin(), input.end());
}

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//




//===----------------------------------------------------------------------===//
// ReduceOp
//===----------------------------------------------------------------------===//

LogicalResult ReduceOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  std::string err;
  Type et = elementTypeOf(adaptor.getInput());
  // An invalid kind is reported by the attribute constraint.
  if (auto kind = parseReduceKind(adaptor.getKind()))
    if (failed(checkReduceElementType(*kind, et, err)))
      return emitOptionalError(loc, err);
  auto shape = inferReduceShape(shapeOf(adaptor.getInput()), adaptor.getAxes(),
                                adaptor.getKeepdims(), err);
  if (failed(shape))
    return emitOptionalError(loc, err);
  inferred.push_back(RankedTensorType::get(*shape, et));
  return success();
}

bool ReduceOp::isCompatibleReturnTypes(TypeRange l, TypeRange r) {
  return compatibleTensorTypes(l, r);
}

//===----------------------------------------------------------------------===//
// ArgMaxOp / ArgMinOp
//===----------------------------------------------------------------------===//

template <typename AdaptorT>
static LogicalResult inferArgReduce(MLIRContext *ctx, std::optional<Location> loc,
                                    AdaptorT adaptor,
                                    SmallVectorImpl<Type> &inferred) {
  std::string err;
  auto in = shapeOf(adaptor.getInput());
  int64_t axis = static_cast<int64_t>(adaptor.getAxis()); // I64Attr is unsigned
  if (failed(checkNormalizedAxis(axis, in.size(), err)))
    return emitOptionalError(loc, err);
  auto shape = inferReduceShape(in, {axis}, adaptor.getKeepdims(), err);
  if (failed(shape))
    return emitOptionalError(loc, err);
  inferred.push_back(RankedTensorType::get(*shape, IntegerType::get(ctx, 64)));
  return success();
}

LogicalResult ArgMaxOp::inferReturnTypes(MLIRContext *ctx,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  return inferArgReduce(ctx, loc, adaptor, inferred);
}

bool ArgMaxOp::isCompatibleReturnTypes(TypeRange l, TypeRange r) {
  return compatibleTensorTypes(l, r);
}

LogicalResult ArgMinOp::inferReturnTypes(MLIRContext *ctx,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  return inferArgReduce(ctx, loc, adaptor, inferred);
}

bool ArgMinOp::isCompatibleReturnTypes(TypeRange l, TypeRange r) {
  return compatibleTensorTypes(l, r);
}

//===----------------------------------------------------------------------===//
// CumSumOp / LogSoftmaxOp / HardmaxOp
//===----------------------------------------------------------------------===//

LogicalResult CumSumOp::verify() {
  std::string err;
  if (failed(checkNormalizedAxis(static_cast<int64_t>(getAxis()),
                                 getInput().getType().getRank(), err)))
    return emitOpError(err);
  return success();
}

LogicalResult LogSoftmaxOp::verify() {
  std::string err;
  if (failed(checkAxis(static_cast<int64_t>(getAxis()),
                       getInput().getType().getRank(), err)))
    return emitOpError(err);
  return success();
}

LogicalResult HardmaxOp::verify() {
  std::string err;
  if (failed(checkAxis(static_cast<int64_t>(getAxis()),
                       getInput().getType().getRank(), err)))
    return emitOpError(err);
  return success();
}

//===----------------------------------------------------------------------===//
// BatchNormOp
//===----------------------------------------------------------------------===//

LogicalResult BatchNormOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  Value operands[] = {adaptor.getInput(), adaptor.getScale(), adaptor.getBias(),
                      adaptor.getMean(), adaptor.getVar()};
  for (Value v : operands)
    if (elementTypeOf(v) != elementTypeOf(operands[0]))
      return emitOptionalError(loc, "operands must have the same element type, got ",
                               operands[0].getType(), " and ", v.getType());
  std::string err;
  auto shape = inferBatchNormShape(shapeOf(operands[0]), shapeOf(operands[1]),
                                   shapeOf(operands[2]), shapeOf(operands[3]),
                                   shapeOf(operands[4]), err);
  if (failed(shape))
    return emitOptionalError(loc, err);
  inferred.push_back(RankedTensorType::get(*shape, elementTypeOf(operands[0])));
  return success();
}

bool BatchNormOp::isCompatibleReturnTypes(TypeRange l, TypeRange r) {
  return compatibleTensorTypes(l, r);
}

//===----------------------------------------------------------------------===//
// StandardizeOp
//===----------------------------------------------------------------------===//

LogicalResult StandardizeOp::inferReturnTypes(MLIRContext *,
                                              std::optional<Location> loc,
                                              Adaptor adaptor,
                                              SmallVectorImpl<Type> &inferred) {
  if (adaptor.getAxes().empty())
    return emitOptionalError(loc, "axes must not be empty");
  std::string err;
  auto stats = inferReduceShape(shapeOf(adaptor.getInput()), adaptor.getAxes(),
                                /*keepdims=*/true, err);
  if (failed(stats))
    return emitOptionalError(loc, err);
  Type et = elementTypeOf(adaptor.getInput());
  auto statsType = RankedTensorType::get(*stats, et);
  inferred.push_back(adaptor.getInput().getType());
  inferred.push_back(statsType);
  inferred.push_back(statsType);
  return success();
}

bool StandardizeOp::isCompatibleReturnTypes(TypeRange l, TypeRange r) {
  return compatibleTensorTypes(l, r);
}
