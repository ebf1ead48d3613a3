//===- NNOps.cpp - nn dialect operations ----------------------------------===//
//
// Verifiers and result-type inference. Every shape rule lives in
// ShapeFunctions.cpp; this file only adapts ops to those functions.
//
//===----------------------------------------------------------------------===//

#include "dialects/NN/IR/NNOps.h"
#include "dialects/NN/IR/OpHelpers.h"
#include "dialects/NN/IR/ShapeFunctions.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace kiln::nn;
using namespace kiln::nn::detail;

#define GET_OP_CLASSES
#include "dialects/NN/IR/NNOps.cpp.inc"

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//





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
                                 SmallVectorImpl<Type> &inferred,
                                 Type resultElementType = {}) {
  if (failed(checkSameElementType(loc, {adaptor.getLhs(), adaptor.getRhs()})))
    return failure();
  std::string err;
  auto shape =
      inferBroadcastShape(shapeOf(adaptor.getLhs()), shapeOf(adaptor.getRhs()), err);
  return toInferred(loc, shape, err,
                    resultElementType ? resultElementType
                                      : elementTypeOf(adaptor.getLhs()),
                    inferred);
}

/// Flat index into an operand of `shape` broadcast (numpy rules) to the
/// result position `outIndex` of a result of rank outIndex.size().
static int64_t broadcastFlatIndex(ArrayRef<int64_t> outIndex, ArrayRef<int64_t> shape) {
  int64_t flat = 0;
  size_t off = outIndex.size() - shape.size();
  for (size_t i = 0; i < shape.size(); ++i)
    flat = flat * shape[i] + (shape[i] == 1 ? 0 : outIndex[i + off]);
  return flat;
}

/// One scalar of a constant operand.
struct Scalar {
  bool isFloat;
  APInt i;
  APFloat f;
};

/// Folds an elementwise op over small constant operands, with broadcasting:
/// the constant shape arithmetic that exporters emit (Shape, Gather,
/// Equal, Where, Mul chains feeding Reshape or Expand). `fn` returns the
/// result element (an APInt for integer/bool results, an APFloat for float
/// ones) or nothing to give up.
static Attribute foldElementwise(
    Type resultType, ArrayRef<Attribute> operands,
    llvm::function_ref<std::optional<Scalar>(ArrayRef<Scalar>)> fn) {
  auto type = dyn_cast<RankedTensorType>(resultType);
  if (!type || !type.hasStaticShape() || type.getNumElements() > 4096 ||
      type.getElementType().isUnsignedInteger())
    return {};
  SmallVector<DenseElementsAttr> in;
  for (Attribute a : operands) {
    auto d = dyn_cast_or_null<DenseElementsAttr>(a);
    // The folds use signed semantics: unsigned operands are left alone.
    if (!d || d.getType().getElementType().isUnsignedInteger())
      return {};
    in.push_back(d);
  }
  SmallVector<SmallVector<Scalar>> values;
  for (DenseElementsAttr d : in) {
    SmallVector<Scalar> v;
    Type et = d.getType().getElementType();
    if (isa<FloatType>(et))
      for (const APFloat &f : d.getValues<APFloat>())
        v.push_back({true, APInt(), f});
    else
      for (const APInt &i : d.getValues<APInt>())
        v.push_back({false, i, APFloat(0.0)});
    values.push_back(std::move(v));
  }
  SmallVector<APInt> ints;
  SmallVector<APFloat> floats;
  bool floatResult = isa<FloatType>(type.getElementType());
  SmallVector<int64_t> index(type.getRank(), 0);
  for (int64_t n = 0; n < type.getNumElements(); ++n) {
    SmallVector<Scalar> args;
    for (auto [d, v] : llvm::zip(in, values))
      args.push_back(d.isSplat() ? v[0] : v[broadcastFlatIndex(index, d.getType().getShape())]);
    std::optional<Scalar> r = fn(args);
    if (!r || r->isFloat != floatResult)
      return {};
    if (floatResult)
      floats.push_back(r->f);
    else
      ints.push_back(r->i);
    for (int64_t d = type.getRank() - 1; d >= 0 && ++index[d] == type.getDimSize(d); --d)
      index[d] = 0;
  }
  return floatResult ? DenseElementsAttr::get(type, floats) : DenseElementsAttr::get(type, ints);
}

/// Arithmetic folds: integer and float versions of one operation.
template <typename IntFn, typename FloatFn>
static Attribute foldBinary(Type resultType, ArrayRef<Attribute> operands,
                            IntFn intFn, FloatFn floatFn) {
  return foldElementwise(resultType, operands,
                         [&](ArrayRef<Scalar> a) -> std::optional<Scalar> {
                           if (a[0].isFloat)
                             return Scalar{true, APInt(), floatFn(a[0].f, a[1].f)};
                           std::optional<APInt> v = intFn(a[0].i, a[1].i);
                           if (!v)
                             return std::nullopt;
                           return Scalar{false, *v, APFloat(0.0)};
                         });
}

/// Comparison folds: `pred` gets the three-way result of comparing the
/// operands (-1, 0, 1), or nullopt for unordered floats.
static Attribute foldCompare(Type resultType, ArrayRef<Attribute> operands,
                             llvm::function_ref<bool(std::optional<int>)> pred) {
  return foldElementwise(resultType, operands,
                         [&](ArrayRef<Scalar> a) -> std::optional<Scalar> {
                           std::optional<int> c;
                           if (a[0].isFloat) {
                             APFloat::cmpResult r = a[0].f.compare(a[1].f);
                             if (r != APFloat::cmpUnordered)
                               c = r == APFloat::cmpLessThan ? -1
                                   : r == APFloat::cmpEqual  ? 0
                                                             : 1;
                           } else if (a[0].i.getBitWidth() == 1) {
                             c = a[0].i.ult(a[1].i) ? -1 : a[0].i == a[1].i ? 0 : 1;
                           } else {
                             c = a[0].i.slt(a[1].i) ? -1 : a[0].i == a[1].i ? 0 : 1;
                           }
                           return Scalar{false, APInt(1, pred(c) ? 1 : 0), APFloat(0.0)};
                         });
}

#define KILN_BINARY_INFER(OP, RESULT_ELT)                                      \
  LogicalResult OP::inferReturnTypes(MLIRContext *ctx,                         \
                                     std::optional<Location> loc,              \
                                     Adaptor adaptor,                          \
                                     SmallVectorImpl<Type> &inferred) {        \
    (void)ctx;                                                                 \
    return inferBinary(loc, adaptor, inferred, RESULT_ELT);                    \
  }                                                                            \
  bool OP::isCompatibleReturnTypes(TypeRange l, TypeRange r) {                 \
    return compatibleTensorTypes(l, r);                                        \
  }
#define KILN_NO_FOLD(OP)                                                       \
  OpFoldResult OP::fold(FoldAdaptor) { return {}; }

KILN_BINARY_INFER(AddOp, Type())
KILN_BINARY_INFER(SubOp, Type())
KILN_BINARY_INFER(MulOp, Type())
KILN_BINARY_INFER(DivOp, Type())
KILN_BINARY_INFER(PowOp, Type())
KILN_BINARY_INFER(MaxOp, Type())
KILN_BINARY_INFER(MinOp, Type())
KILN_BINARY_INFER(ModOp, Type())
KILN_BINARY_INFER(AndOp, Type())
KILN_BINARY_INFER(OrOp, Type())
KILN_BINARY_INFER(XorOp, Type())
KILN_BINARY_INFER(ShiftLeftOp, Type())
KILN_BINARY_INFER(ShiftRightOp, Type())
KILN_BINARY_INFER(EqualOp, IntegerType::get(ctx, 1))
KILN_BINARY_INFER(LessOp, IntegerType::get(ctx, 1))
KILN_BINARY_INFER(LessOrEqualOp, IntegerType::get(ctx, 1))
KILN_BINARY_INFER(GreaterOp, IntegerType::get(ctx, 1))
KILN_BINARY_INFER(GreaterOrEqualOp, IntegerType::get(ctx, 1))
#undef KILN_BINARY_INFER

OpFoldResult AddOp::fold(FoldAdaptor a) {
  return foldBinary(getType(), a.getOperands(),
                    [](const APInt &x, const APInt &y) -> std::optional<APInt> { return x + y; },
                    [](APFloat x, const APFloat &y) { x.add(y, APFloat::rmNearestTiesToEven); return x; });
}
OpFoldResult SubOp::fold(FoldAdaptor a) {
  return foldBinary(getType(), a.getOperands(),
                    [](const APInt &x, const APInt &y) -> std::optional<APInt> { return x - y; },
                    [](APFloat x, const APFloat &y) { x.subtract(y, APFloat::rmNearestTiesToEven); return x; });
}
OpFoldResult MulOp::fold(FoldAdaptor a) {
  return foldBinary(getType(), a.getOperands(),
                    [](const APInt &x, const APInt &y) -> std::optional<APInt> { return x * y; },
                    [](APFloat x, const APFloat &y) { x.multiply(y, APFloat::rmNearestTiesToEven); return x; });
}
OpFoldResult DivOp::fold(FoldAdaptor a) {
  return foldBinary(getType(), a.getOperands(),
                    [](const APInt &x, const APInt &y) -> std::optional<APInt> {
                      if (y.isZero() || (y.isAllOnes() && x.isMinSignedValue()))
                        return std::nullopt; // leave run-time behaviour alone
                      return x.sdiv(y);
                    },
                    [](APFloat x, const APFloat &y) { x.divide(y, APFloat::rmNearestTiesToEven); return x; });
}
KILN_NO_FOLD(PowOp)
KILN_NO_FOLD(MaxOp)
KILN_NO_FOLD(MinOp)
KILN_NO_FOLD(ModOp)
KILN_NO_FOLD(AndOp)
KILN_NO_FOLD(OrOp)
KILN_NO_FOLD(XorOp)
KILN_NO_FOLD(ShiftLeftOp)
KILN_NO_FOLD(ShiftRightOp)
OpFoldResult EqualOp::fold(FoldAdaptor a) {
  return foldCompare(getType(), a.getOperands(), [](std::optional<int> c) { return c && *c == 0; });
}
OpFoldResult LessOp::fold(FoldAdaptor a) {
  return foldCompare(getType(), a.getOperands(), [](std::optional<int> c) { return c && *c < 0; });
}
OpFoldResult LessOrEqualOp::fold(FoldAdaptor a) {
  return foldCompare(getType(), a.getOperands(), [](std::optional<int> c) { return c && *c <= 0; });
}
OpFoldResult GreaterOp::fold(FoldAdaptor a) {
  return foldCompare(getType(), a.getOperands(), [](std::optional<int> c) { return c && *c > 0; });
}
OpFoldResult GreaterOrEqualOp::fold(FoldAdaptor a) {
  return foldCompare(getType(), a.getOperands(), [](std::optional<int> c) { return c && *c >= 0; });
}
#undef KILN_NO_FOLD

//===----------------------------------------------------------------------===//
// WhereOp / CastOp
//===----------------------------------------------------------------------===//

LogicalResult WhereOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &inferred) {
  if (failed(checkSameElementType(loc, {adaptor.getX(), adaptor.getY()})))
    return failure();
  std::string err;
  auto xy = inferBroadcastShape(shapeOf(adaptor.getX()), shapeOf(adaptor.getY()), err);
  if (failed(xy))
    return emitOptionalError(loc, err);
  auto shape = inferBroadcastShape(shapeOf(adaptor.getCondition()), *xy, err);
  return toInferred(loc, shape, err, elementTypeOf(adaptor.getX()), inferred);
}

bool WhereOp::isCompatibleReturnTypes(TypeRange l, TypeRange r) {
  return compatibleTensorTypes(l, r);
}

OpFoldResult WhereOp::fold(FoldAdaptor a) {
  return foldElementwise(getType(), a.getOperands(),
                         [](ArrayRef<Scalar> v) -> std::optional<Scalar> {
                           return v[0].i.isZero() ? v[2] : v[1];
                         });
}

OpFoldResult CastOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  // Integer-to-integer casts of small constants (shape math).
  auto in = dyn_cast_or_null<DenseIntElementsAttr>(adaptor.getInput());
  auto outType = getType();
  auto outInt = dyn_cast<IntegerType>(outType.getElementType());
  if (!in || !outInt || outInt.getWidth() == 1 || !outInt.isSignless() ||
      !in.getType().getElementType().isSignlessInteger() || !outType.hasStaticShape() ||
      outType.getNumElements() > 1024 ||
      cast<IntegerType>(in.getType().getElementType()).getWidth() == 1)
    return {};
  SmallVector<APInt> out;
  for (const APInt &v : in.getValues<APInt>())
    out.push_back(v.sextOrTrunc(outInt.getWidth()));
  return DenseElementsAttr::get(outType, out);
}

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

LogicalResult DetOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                      Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  std::string err;
  auto shape = inferDetShape(shapeOf(adaptor.getInput()), err);
  return toInferred(loc, shape, err, elementTypeOf(adaptor.getInput()), inferred);
}

bool DetOp::isCompatibleReturnTypes(TypeRange l, TypeRange r) {
  return compatibleTensorTypes(l, r);
}

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
  bool overflow = false;
  auto staticProduct = [&](RankedTensorType t) {
    int64_t p = 1;
    for (int64_t d : t.getShape())
      if (!ShapedType::isDynamic(d))
        overflow |= llvm::MulOverflow(p, d, p);
    return p;
  };
  if (in.hasStaticShape() != out.hasStaticShape()) {
    RankedTensorType fixed = in.hasStaticShape() ? in : out;
    RankedTensorType partial = in.hasStaticShape() ? out : in;
    int64_t known = staticProduct(partial);
    if (overflow)
      return emitOpError("cannot reshape ")
             << formatShape(in.getShape()) << " into " << formatShape(out.getShape())
             << ": the static dimensions overflow 64 bits";
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

LogicalResult ConvTransposeOp::inferReturnTypes(MLIRContext *,
                                                std::optional<Location> loc,
                                                Adaptor adaptor,
                                                SmallVectorImpl<Type> &inferred) {
  if (failed(checkSameElementType(
          loc, {adaptor.getInput(), adaptor.getWeight(), adaptor.getBias()})))
    return failure();
  std::string err;
  auto shape = inferConvTransposeShape(
      shapeOf(adaptor.getInput()), shapeOf(adaptor.getWeight()),
      optionalShape(adaptor.getBias()), adaptor.getStrides(), adaptor.getPads(),
      adaptor.getDilations(), adaptor.getOutputPadding(), adaptor.getGroup(), err);
  return toInferred(loc, shape, err, elementTypeOf(adaptor.getInput()), inferred);
}

bool ConvTransposeOp::isCompatibleReturnTypes(TypeRange l, TypeRange r) {
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

LogicalResult MaxPoolIndicesOp::inferReturnTypes(MLIRContext *ctx,
                                                 std::optional<Location> loc,
                                                 Adaptor adaptor,
                                                 SmallVectorImpl<Type> &inferred) {
  std::string err;
  auto shape = inferPoolShape(shapeOf(adaptor.getInput()), adaptor.getKernelShape(),
                              adaptor.getStrides(), adaptor.getPads(),
                              adaptor.getDilations(), adaptor.getCeilMode(), err);
  return toInferred(loc, shape, err, IntegerType::get(ctx, 64), inferred);
}

bool MaxPoolIndicesOp::isCompatibleReturnTypes(TypeRange l, TypeRange r) {
  return compatibleTensorTypes(l, r);
}

LogicalResult MaxPoolIndicesOp::verify() {
  if (getStorageOrder() != 0 && getStorageOrder() != 1)
    return emitOpError("storage_order must be 0 (row-major) or 1 (column-major), got ")
           << getStorageOrder();
  return success();
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
