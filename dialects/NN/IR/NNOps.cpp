//===- NNOps.cpp - nn dialect operations ----------------------------------===//
//
// Verifiers and result-type inference. Every shape rule lives in
// ShapeFunctions.cpp; this file only adapts ops to those functions.
//
//===----------------------------------------------------------------------===//

#include "dialects/NN/IR/NNOps.h"
#include "dialects/NN/IR/ShapeFunctions.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"

using namespace mlir;
using namespace kiln::nn;

#define GET_OP_CLASSES
#include "dialects/NN/IR/NNOps.cpp.inc"

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

static ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

static Type elementTypeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getElementType();
}

/// Turns a shape function's answer into an inferred tensor type.
static LogicalResult toInferred(std::optional<Location> loc,
                                FailureOr<Shape> shape, const std::string &err,
                                Type elementType,
                                SmallVectorImpl<Type> &inferred) {
  if (failed(shape))
    return emitOptionalError(loc, err);
  inferred.push_back(RankedTensorType::get(*shape, elementType));
  return success();
}

/// Declared result types may refine inferred dynamic dimensions.
static bool compatibleTensorTypes(TypeRange inferred, TypeRange declared) {
  if (inferred.size() != declared.size())
    return false;
  for (auto [i, d] : llvm::zip(inferred, declared)) {
    auto it = dyn_cast<RankedTensorType>(i);
    auto dt = dyn_cast<RankedTensorType>(d);
    if (!it || !dt || it.getElementType() != dt.getElementType() ||
        !isCompatibleShape(it.getShape(), dt.getShape()))
      return false;
  }
  return true;
}

static std::optional<ArrayRef<int64_t>> optionalShape(Value v) {
  if (!v)
    return std::nullopt;
  return shapeOf(v);
}

static LogicalResult checkSameElementType(std::optional<Location> loc,
                                          ValueRange values) {
  for (Value v : values)
    if (v && elementTypeOf(v) != elementTypeOf(values.front()))
      return emitOptionalError(loc, "operands must have the same element "
                                    "type, got ",
                               values.front().getType(), " and ", v.getType());
  return success();
}

//===----------------------------------------------------------------------===//
// ConstantOp
//===----------------------------------------------------------------------===//

LogicalResult ConstantOp::inferReturnTypes(MLIRContext *, std::optional<Location>,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &inferred) {
  inferred.push_back(adaptor.getValue().getType());
  return success();
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValueAttr(); }

//===----------------------------------------------------------------------===//
// Broadcasting binary ops
//===----------------------------------------------------------------------===//

template <typename AdaptorT>
static LogicalResult inferBinary(std::optional<Location> loc, AdaptorT adaptor,
                                 SmallVectorImpl<Type> &inferred) {
  if (failed(checkSameElementType(loc, {adaptor.getLhs(), adaptor.getRhs()})))
    return failure();
  std::string err;
  auto shape =
      inferBroadcastShape(shapeOf(adaptor.getLhs()), shapeOf(adaptor.getRhs()), err);
  return toInferred(loc, shape, err, elementTypeOf(adaptor.getLhs()), inferred);
}

#define KILN_BINARY_OP(OP)                                                     \
  LogicalResult OP::inferReturnTypes(MLIRContext *,                            \
                                     std::optional<Location> loc,              \
                                     Adaptor adaptor,                          \
                                     SmallVectorImpl<Type> &inferred) {        \
    return inferBinary(loc, adaptor, inferred);                                \
  }                                                                            \
  bool OP::isCompatibleReturnTypes(TypeRange l, TypeRange r) {                 \
    return compatibleTensorTypes(l, r);                                        \
  }
KILN_BINARY_OP(AddOp)
KILN_BINARY_OP(SubOp)
KILN_BINARY_OP(MulOp)
KILN_BINARY_OP(DivOp)
#undef KILN_BINARY_OP

//===----------------------------------------------------------------------===//
// SoftmaxOp
//===----------------------------------------------------------------------===//

LogicalResult SoftmaxOp::verify() {
  std::string err;
  if (failed(checkAxis(getAxis(), getInput().getType().getRank(), err)))
    return emitOpError(err);
  return success();
}

//===----------------------------------------------------------------------===//
// MatMulOp / GemmOp
//===----------------------------------------------------------------------===//

LogicalResult MatMulOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  if (failed(checkSameElementType(loc, {adaptor.getLhs(), adaptor.getRhs()})))
    return failure();
  std::string err;
  auto shape =
      inferMatMulShape(shapeOf(adaptor.getLhs()), shapeOf(adaptor.getRhs()), err);
  return toInferred(loc, shape, err, elementTypeOf(adaptor.getLhs()), inferred);
}

bool MatMulOp::isCompatibleReturnTypes(TypeRange l, TypeRange r) {
  return compatibleTensorTypes(l, r);
}

LogicalResult GemmOp::inferReturnTypes(MLIRContext *,
                                       std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &inferred) {
  if (failed(checkSameElementType(
          loc, {adaptor.getA(), adaptor.getB(), adaptor.getC()})))
    return failure();
  std::string err;
  auto shape = inferGemmShape(shapeOf(adaptor.getA()), shapeOf(adaptor.getB()),
                              optionalShape(adaptor.getC()),
                              adaptor.getTransA(), adaptor.getTransB(), err);
  return toInferred(loc, shape, err, elementTypeOf(adaptor.getA()), inferred);
}

bool GemmOp::isCompatibleReturnTypes(TypeRange l, TypeRange r) {
  return compatibleTensorTypes(l, r);
}

//===----------------------------------------------------------------------===//
// ReshapeOp / FlattenOp
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::verify() {
  auto in = getInput().getType(), out = getOutput().getType();
  if (in.getElementType() != out.getElementType())
    return emitOpError("element type changes from ")
           << in.getElementType() << " to " << out.getElementType();
  if (in.hasStaticShape() && out.hasStaticShape() &&
      in.getNumElements() != out.getNumElements())
    return emitOpError("cannot reshape ")
           << in.getNumElements() << " elements " << formatShape(in.getShape())
           << " into " << out.getNumElements() << " elements "
           << formatShape(out.getShape());
  // With dynamic dimensions on one side only, the static side's count must
  // be a multiple of the other side's static dimensions.
  auto staticProduct = [](RankedTensorType t) {
    int64_t p = 1;
    for (int64_t d : t.getShape())
      if (!ShapedType::isDynamic(d))
        p *= d;
    return p;
  };
  if (in.hasStaticShape() != out.hasStaticShape()) {
    RankedTensorType fixed = in.hasStaticShape() ? in : out;
    RankedTensorType partial = in.hasStaticShape() ? out : in;
    int64_t known = staticProduct(partial);
    if (known != 0 && fixed.getNumElements() % known != 0)
      return emitOpError("cannot reshape ")
             << formatShape(in.getShape()) << " into "
             << formatShape(out.getShape()) << ": " << fixed.getNumElements()
             << " elements are not a multiple of " << known;
  }
  return success();
}

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getOutput().getType())
    return getInput();
  if (auto dense = dyn_cast_or_null<DenseElementsAttr>(adaptor.getInput()))
    return dense.reshape(getOutput().getType());
  return {};
}

LogicalResult FlattenOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  std::string err;
  auto shape = inferFlattenShape(shapeOf(adaptor.getInput()), adaptor.getAxis(), err);
  return toInferred(loc, shape, err, elementTypeOf(adaptor.getInput()), inferred);
}

bool FlattenOp::isCompatibleReturnTypes(TypeRange l, TypeRange r) {
  return compatibleTensorTypes(l, r);
}

//===----------------------------------------------------------------------===//
// ConvOp / pooling
//===----------------------------------------------------------------------===//

LogicalResult ConvOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &inferred) {
  if (failed(checkSameElementType(
          loc, {adaptor.getInput(), adaptor.getWeight(), adaptor.getBias()})))
    return failure();
  std::string err;
  auto shape = inferConvShape(
      shapeOf(adaptor.getInput()), shapeOf(adaptor.getWeight()),
      optionalShape(adaptor.getBias()), adaptor.getStrides(), adaptor.getPads(),
      adaptor.getDilations(), adaptor.getGroup(), err);
  return toInferred(loc, shape, err, elementTypeOf(adaptor.getInput()), inferred);
}

bool ConvOp::isCompatibleReturnTypes(TypeRange l, TypeRange r) {
  return compatibleTensorTypes(l, r);
}

template <typename AdaptorT>
static LogicalResult inferPool(std::optional<Location> loc, AdaptorT adaptor,
                               SmallVectorImpl<Type> &inferred) {
  std::string err;
  auto shape = inferPoolShape(shapeOf(adaptor.getInput()),
                              adaptor.getKernelShape(), adaptor.getStrides(),
                              adaptor.getPads(), adaptor.getDilations(),
                              adaptor.getCeilMode(), err);
  return toInferred(loc, shape, err, elementTypeOf(adaptor.getInput()), inferred);
}

LogicalResult MaxPoolOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  return inferPool(loc, adaptor, inferred);
}

bool MaxPoolOp::isCompatibleReturnTypes(TypeRange l, TypeRange r) {
  return compatibleTensorTypes(l, r);
}

LogicalResult AveragePoolOp::inferReturnTypes(MLIRContext *,
                                              std::optional<Location> loc,
                                              Adaptor adaptor,
                                              SmallVectorImpl<Type> &inferred) {
  return inferPool(loc, adaptor, inferred);
}

bool AveragePoolOp::isCompatibleReturnTypes(TypeRange l, TypeRange r) {
  return compatibleTensorTypes(l, r);
}
