//===- OpHandlers.cpp - ONNX op handlers, keyed by (op type, version) -----===//
//
// Each handler checks what the nn op cannot (attribute values, constant
// operands, element types), computes the result type with the nn shape
// functions, and builds the op. `opTable()` is also the source of the
// generated supported-op table (docs/ops.md).
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/ImporterImpl.h"
#include "dialects/NN/IR/NNOps.h"
#include "dialects/NN/IR/ShapeFunctions.h"

#include "llvm/ADT/StringExtras.h"

using namespace mlir;

namespace kiln::onnx_frontend {
namespace {

/// Which element types an elementwise op accepts.
enum class Elements { Float, Numeric, Bool, Integer };

static LogicalResult requireElements(NodeContext &nc, Value v, int i, Elements e) {
  Type et = nc.tensorType(v).getElementType();
  if (e == Elements::Float)
    return requireFloat(nc, v, i);
  if (e == Elements::Bool && !et.isInteger(1))
    return nc.fail("input " + llvm::Twine(i) + " must be a bool tensor");
  if (e == Elements::Numeric && et.isInteger(1))
    return nc.fail("input " + llvm::Twine(i) + " must be numeric, not bool");
  if (e == Elements::Integer && (!isa<IntegerType>(et) || et.isInteger(1)))
    return nc.fail("input " + llvm::Twine(i) + " must be an integer tensor");
  return success();
}

template <typename OpTy, Elements E = Elements::Float>
LogicalResult unary(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x || failed(requireElements(nc, x, 0, E)))
    return failure();
  nc.setOutput(0, OpTy::create(nc.b, nc.loc, x.getType(), x));
  return success();
}

/// ONNX before version 7 broadcast only with broadcast=1, aligning B's
/// dimensions at `axis` of A; rewrite B so numpy rules give that result.
/// Null (after recording why) for an axis outside A.
static Value legacyBroadcast(NodeContext &nc, Value a, Value bv) {
  if (nc.version >= 7 || !nc.getInt("broadcast", 0))
    return bv;
  auto at = nc.tensorType(a), bt = nc.tensorType(bv);
  int64_t axis = nc.getInt("axis", at.getRank() - bt.getRank());
  if (axis < -at.getRank() || axis > at.getRank()) {
    (void)nc.fail("axis " + llvm::Twine(axis) + " is out of range for rank " +
                  llvm::Twine(at.getRank()));
    return {};
  }
  if (axis < 0)
    axis += at.getRank();
  int64_t trailing = at.getRank() - axis - bt.getRank();
  if (trailing <= 0)
    return bv;
  SmallVector<int64_t> shape(bt.getShape());
  shape.append(trailing, 1);
  return nn::ReshapeOp::create(nc.b, nc.loc,
                               RankedTensorType::get(shape, bt.getElementType()), bv);
}

template <typename OpTy, Elements E = Elements::Numeric>
LogicalResult binary(NodeContext &nc) {
  Value l = nc.input(0), r = nc.input(1);
  if (!l || !r || failed(requireElements(nc, l, 0, E)))
    return failure();
  if (!(r = legacyBroadcast(nc, l, r)))
    return failure();
  Value v = buildBinary<OpTy>(nc, l, r);
  if (!v)
    return failure();
  nc.setOutput(0, v);
  return success();
}

/// BitShift: `direction` picks nn.shift_left or nn.shift_right.
static LogicalResult bitShift(NodeContext &nc) {
  std::string dir = nc.getString("direction", "");
  if (dir == "LEFT")
    return binary<nn::ShiftLeftOp, Elements::Integer>(nc);
  if (dir == "RIGHT")
    return binary<nn::ShiftRightOp, Elements::Integer>(nc);
  return nc.fail("direction '" + dir + "' must be LEFT or RIGHT");
}

template <typename OpTy>
LogicalResult comparison(NodeContext &nc) {
  Value l = nc.input(0), r = nc.input(1);
  if (!l || !r)
    return failure();
  Value v = buildBinary<OpTy>(nc, l, r, nc.b.getI1Type());
  if (!v)
    return failure();
  nc.setOutput(0, v);
  return success();
}

/// Max, Min, Sum, Mean: any number of inputs, folded pairwise.
template <typename OpTy, bool IsMean = false>
LogicalResult variadic(NodeContext &nc) {
  if (nc.numInputs() < 1)
    return nc.fail("needs at least one input");
  Value acc = nc.input(0);
  if (!acc || failed(requireElements(nc, acc, 0, IsMean ? Elements::Float : Elements::Numeric)))
    return failure();
  for (int i = 1; i < nc.numInputs(); ++i) {
    Value v = nc.input(i);
    if (!v || !(acc = buildBinary<OpTy>(nc, acc, v)))
      return failure();
  }
  if (IsMean && nc.numInputs() > 1) {
    Type et = nc.tensorType(acc).getElementType();
    Value n = nn::ConstantOp::create(
        nc.b, nc.loc,
        DenseElementsAttr::get(RankedTensorType::get({}, et),
                               nc.b.getFloatAttr(et, nc.numInputs()).getValue()));
    if (!(acc = buildBinary<nn::DivOp>(nc, acc, n)))
      return failure();
  }
  nc.setOutput(0, acc);
  return success();
}

} // namespace

/// A rank-0 constant of `et` holding `v`.
Value scalarConstant(NodeContext &nc, Type et, double v) {
  auto type = RankedTensorType::get({}, et);
  if (isa<FloatType>(et))
    return nn::ConstantOp::create(nc.b, nc.loc,
                                  DenseElementsAttr::get(type, nc.b.getFloatAttr(et, v).getValue()));
  // Saturate: converting an out-of-range double to int64 is undefined.
  constexpr double lo = -9223372036854775808.0, hi = 9223372036854775808.0;
  int64_t i = std::isnan(v) ? 0
              : v <= lo     ? std::numeric_limits<int64_t>::min()
              : v >= hi     ? std::numeric_limits<int64_t>::max()
                            : static_cast<int64_t>(v);
  return intConstant(nc, et, i);
}

Value intConstant(NodeContext &nc, Type et, int64_t v) {
  auto type = RankedTensorType::get({}, et);
  return nn::ConstantOp::create(
      nc.b, nc.loc,
      DenseElementsAttr::get(type, APInt(et.getIntOrFloatBitWidth(), static_cast<uint64_t>(v),
                                         /*isSigned=*/true, /*implicitTrunc=*/true)));
}

Value buildWhere(NodeContext &nc, Value c, Value x, Value y) {
  std::string err;
  auto xy = nn::inferBroadcastShape(nc.tensorType(x).getShape(),
                                    nc.tensorType(y).getShape(), err);
  if (failed(xy)) {
    (void)nc.fail(err);
    return {};
  }
  auto t = resultType(nc, nn::inferBroadcastShape(nc.tensorType(c).getShape(), *xy, err),
                      err, nc.tensorType(x).getElementType());
  return t ? nc.b.createOrFold<nn::WhereOp>(nc.loc, t, c, x, y) : Value();
}

Value castTo(NodeContext &nc, Value v, Type et) {
  auto t = nc.tensorType(v);
  if (t.getElementType() == et)
    return v;
  return nc.b.createOrFold<nn::CastOp>(nc.loc, RankedTensorType::get(t.getShape(), et), v);
}

namespace {

LogicalResult pow(NodeContext &nc) {
  Value x = nc.input(0), y = nc.input(1);
  if (!x || !y)
    return failure();
  y = legacyBroadcast(nc, x, y);
  Type xt = nc.tensorType(x).getElementType(), yt = nc.tensorType(y).getElementType();
  // Computed in the base's float type (or f64 for integer bases); the
  // result has the base's type, as ONNX specifies.
  Type ft = isa<FloatType>(xt) ? xt : nc.b.getF64Type();
  if (isa<FloatType>(yt) && !isa<FloatType>(xt))
    ft = nc.b.getF64Type();
  Value v = buildBinary<nn::PowOp>(nc, castTo(nc, x, ft), castTo(nc, y, ft));
  if (!v)
    return failure();
  nc.setOutput(0, castTo(nc, v, xt));
  return success();
}

LogicalResult mod(NodeContext &nc) {
  Value l = nc.input(0), r = nc.input(1);
  if (!l || !r)
    return failure();
  bool fmod = nc.getInt("fmod", 0) != 0;
  if (!fmod && isa<FloatType>(nc.tensorType(l).getElementType()))
    return nc.fail("fmod=0 is not defined for floating-point inputs");
  Type et = nc.tensorType(l).getElementType();
  if (et != nc.tensorType(r).getElementType())
    return nc.fail("operands have different element types");
  std::string err;
  auto t = resultType(nc, nn::inferBroadcastShape(nc.tensorType(l).getShape(),
                                                  nc.tensorType(r).getShape(), err),
                      err, et);
  if (!t)
    return failure();
  nc.setOutput(0, nn::ModOp::create(nc.b, nc.loc, t, l, r, nc.b.getBoolAttr(fmod)));
  return success();
}

LogicalResult where(NodeContext &nc) {
  Value c = nc.input(0), x = nc.input(1), y = nc.input(2);
  if (!c || !x || !y || failed(requireElements(nc, c, 0, Elements::Bool)))
    return failure();
  if (nc.tensorType(x).getElementType() != nc.tensorType(y).getElementType())
    return nc.fail("inputs 1 and 2 have different element types");
  Value r = buildWhere(nc, c, x, y);
  if (!r)
    return failure();
  nc.setOutput(0, r);
  return success();
}

LogicalResult cast(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x)
    return failure();
  Type to;
  if (nc.node.op_type() == "CastLike") {
    Value like = nc.input(1);
    if (!like)
      return failure();
    to = nc.tensorType(like).getElementType();
  } else {
    int dt = nc.getInt("to", 0);
    to = elementTypeFor(nc.b.getContext(), dt);
    if (!to)
      return nc.fail("cast to " + dataTypeName(dt) + " is not supported");
  }
  nc.setOutput(0, castTo(nc, x, to));
  return success();
}

/// Clip: attributes min/max before version 11, optional inputs after.
LogicalResult clip(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x)
    return failure();
  Type et = nc.tensorType(x).getElementType();
  Value lo, hi;
  if (nc.version < 11) {
    if (failed(requireFloat(nc, x, 0)))
      return failure();
    if (nc.attr("min"))
      lo = scalarConstant(nc, et, nc.getFloat("min", 0));
    if (nc.attr("max"))
      hi = scalarConstant(nc, et, nc.getFloat("max", 0));
  } else {
    lo = nc.optionalInput(1);
    hi = nc.optionalInput(2);
    if ((nc.hasInput(1) && !lo) || (nc.hasInput(2) && !hi))
      return failure();
  }
  Value v = x;
  if (lo && !(v = buildBinary<nn::MaxOp>(nc, v, lo)))
    return failure();
  if (hi && !(v = buildBinary<nn::MinOp>(nc, v, hi)))
    return failure();
  nc.setOutput(0, v);
  return success();
}

/// PRelu: x < 0 ? slope * x : x, slope broadcast to x.
LogicalResult prelu(NodeContext &nc) {
  Value x = nc.input(0), slope = nc.input(1);
  if (!x || !slope || failed(requireFloat(nc, x, 0)))
    return failure();
  if (!(slope = legacyBroadcast(nc, x, slope)))
    return failure();
  // Before version 7 a 1-D slope holds one value per channel (axis 1).
  auto xt = nc.tensorType(x), st = nc.tensorType(slope);
  if (nc.version < 7 && st.getRank() == 1 && xt.getRank() > 2 &&
      (st.getDimSize(0) == xt.getDimSize(1) || ShapedType::isDynamic(xt.getDimSize(1))) &&
      st.getDimSize(0) != 1) {
    SmallVector<int64_t> shape(xt.getRank() - 1, 1);
    shape[0] = st.getDimSize(0);
    slope = nn::ReshapeOp::create(nc.b, nc.loc,
                                  RankedTensorType::get(shape, st.getElementType()), slope);
  }
  Value zero = scalarConstant(nc, nc.tensorType(x).getElementType(), 0.0);
  Value neg = buildBinary<nn::LessOp>(nc, x, zero, nc.b.getI1Type());
  Value scaled = neg ? buildBinary<nn::MulOp>(nc, x, slope) : Value();
  if (!scaled)
    return failure();
  if (!nn::isCompatibleShape(nc.tensorType(scaled).getShape(), nc.tensorType(x).getShape()))
    return nc.fail("slope " + nn::formatShape(nc.tensorType(slope).getShape()) +
                   " does not broadcast to the input");
  Value y = buildWhere(nc, neg, scaled, x);
  if (!y)
    return failure();
  nc.setOutput(0, y);
  return success();
}

/// Activations whose ONNX attributes become F32 attributes.
template <typename OpTy>
LogicalResult activation(NodeContext &nc,
                         ArrayRef<std::pair<const char *, float>> params) {
  Value x = nc.input(0);
  if (!x || failed(requireFloat(nc, x, 0)))
    return failure();
  OperationState state(nc.loc, OpTy::getOperationName());
  state.addOperands(x);
  state.addTypes(x.getType());
  for (auto [name, dflt] : params)
    state.addAttribute(name, nc.b.getF32FloatAttr(nc.getFloat(name, dflt)));
  nc.setOutput(0, nc.b.create(state)->getResult(0));
  return success();
}

LogicalResult gelu(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x || failed(requireFloat(nc, x, 0)))
    return failure();
  std::string approx = nc.getString("approximate", "none");
  if (approx != "none" && approx != "tanh")
    return nc.fail("approximate must be \"none\" or \"tanh\", got \"" + approx + "\"");
  nc.setOutput(0, nn::GeluOp::create(nc.b, nc.loc, x.getType(), x,
                                     nc.b.getStringAttr(approx)));
  return success();
}

/// Swish (24): x * sigmoid(alpha * x).
LogicalResult swish(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x || failed(requireFloat(nc, x, 0)))
    return failure();
  float alpha = nc.getFloat("alpha", 1.0f);
  Value arg = x;
  if (alpha != 1.0f)
    arg = buildBinary<nn::MulOp>(nc, x, scalarConstant(nc, nc.tensorType(x).getElementType(), alpha));
  if (!arg)
    return failure();
  Value sig = nn::SigmoidOp::create(nc.b, nc.loc, x.getType(), arg);
  nc.setOutput(0, nn::MulOp::create(nc.b, nc.loc, x.getType(), x, sig));
  return success();
}

LogicalResult isInf(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x || failed(requireFloat(nc, x, 0)))
    return failure();
  auto t = RankedTensorType::get(nc.tensorType(x).getShape(), nc.b.getI1Type());
  nc.setOutput(0, nn::IsInfOp::create(nc.b, nc.loc, t, x,
                                      nc.b.getBoolAttr(nc.getInt("detect_positive", 1)),
                                      nc.b.getBoolAttr(nc.getInt("detect_negative", 1))));
  return success();
}

LogicalResult isNaN(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x || failed(requireFloat(nc, x, 0)))
    return failure();
  auto t = RankedTensorType::get(nc.tensorType(x).getShape(), nc.b.getI1Type());
  nc.setOutput(0, nn::IsNaNOp::create(nc.b, nc.loc, t, x));
  return success();
}

LogicalResult identity(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x)
    return failure();
  nc.setOutput(0, x);
  return success();
}

LogicalResult softmax(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x || failed(requireFloat(nc, x, 0)))
    return failure();
  int64_t axis = nc.getInt("axis", -1);
  std::string err;
  if (failed(nn::checkAxis(axis, nc.tensorType(x).getRank(), err)))
    return nc.fail(err);
  nc.setOutput(0, nn::SoftmaxOp::create(nc.b, nc.loc, x.getType(), x,
                                        nc.b.getI64IntegerAttr(axis)));
  return success();
}

LogicalResult matmul(NodeContext &nc) {
  Value l = nc.input(0), r = nc.input(1);
  if (!l || !r)
    return failure();
  Type et = nc.tensorType(l).getElementType();
  if (et != nc.tensorType(r).getElementType())
    return nc.fail("operands have different element types");
  std::string err;
  auto t = resultType(nc, nn::inferMatMulShape(nc.tensorType(l).getShape(),
                                               nc.tensorType(r).getShape(), err),
                      err, et);
  if (!t)
    return failure();
  nc.setOutput(0, nn::MatMulOp::create(nc.b, nc.loc, t, l, r));
  return success();
}

LogicalResult det(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x || failed(requireFloat(nc, x, 0)))
    return failure();
  std::string err;
  auto t = resultType(nc, nn::inferDetShape(nc.tensorType(x).getShape(), err), err,
                      nc.tensorType(x).getElementType());
  if (!t)
    return failure();
  nc.setOutput(0, nn::DetOp::create(nc.b, nc.loc, t, x));
  return success();
}

LogicalResult gemm(NodeContext &nc) {
  Value a = nc.input(0), bv = nc.input(1), c = nc.optionalInput(2);
  if (!a || !bv || (nc.hasInput(2) && !c))
    return failure();
  if (failed(requireFloat(nc, a, 0)))
    return failure();
  bool transA = nc.getInt("transA", 0), transB = nc.getInt("transB", 0);
  std::optional<ArrayRef<int64_t>> cShape;
  if (c)
    cShape = nc.tensorType(c).getShape();
  std::string err;
  auto t = resultType(nc, nn::inferGemmShape(nc.tensorType(a).getShape(),
                                             nc.tensorType(bv).getShape(), cShape,
                                             transA, transB, err),
                      err, nc.tensorType(a).getElementType());
  if (!t)
    return failure();
  auto &b = nc.b;
  nc.setOutput(0, nn::GemmOp::create(b, nc.loc, t, a, bv, c,
                                     b.getF32FloatAttr(nc.getFloat("alpha", 1.0f)),
                                     b.getF32FloatAttr(nc.getFloat("beta", 1.0f)),
                                     b.getBoolAttr(transA), b.getBoolAttr(transB)));
  return success();
}

/// Reshape: the target's entries are constants or, with dynamic
/// dimensions, whatever the importer knows about the computed shape
/// operand. 0 copies the input dimension (unless allowzero), one -1 is
/// inferred from the element counts, symbolically when they are not static.
/// A constant target becomes nn.reshape (its result has at most one dynamic
/// dimension); otherwise nn.dynamic_reshape reads the target at run time.
LogicalResult reshape(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x)
    return failure();
  SymbolicShapes &ss = nc.shapes;
  bool allowZero = nc.getInt("allowzero", 0) != 0;
  auto in = nc.tensorType(x);
  Value shapeOperand;
  SymVector target;
  if (nc.version < 5) {
    auto attr = nc.getInts("shape");
    if (!attr)
      return nc.fail("missing required attribute 'shape'");
    for (int64_t d : *attr)
      target.push_back(SymExpr::constant(d));
  } else {
    shapeOperand = nc.input(1);
    if (!shapeOperand)
      return failure();
    auto st = nc.tensorType(shapeOperand);
    if (st.getRank() != 1 || st.isDynamicDim(0) || !st.getElementType().isInteger(64))
      return nc.fail("the shape operand must be a 1-D int64 tensor of static length, got " +
                     typeName(st));
    auto elems = ss.elementsOrFresh(shapeOperand);
    if (!elems)
      return nc.fail("the shape operand has " + llvm::Twine(st.getDimSize(0)) +
                     " entries; at most " + llvm::Twine(kMaxTrackedElements) +
                     " are supported");
    target = *elems;
  }
  bool constantTarget = llvm::all_of(target, [](const SymExpr &e) { return e.isConstant(); });
  auto targetString = [&] {
    return constantTarget ? nn::formatShape(SymbolicShapes::staticShape(target))
                          : std::string("the computed shape");
  };

  SymVector inDims = ss.dims(x), dims;
  int inferred = -1;
  bool inferable = true; // every other entry is a known size
  for (auto [i, e] : llvm::enumerate(target)) {
    if (!e.isConstant()) {
      // A computed entry: a size, unless it turns out to be 0 or -1 at
      // run time (then only the run-time check knows).
      if (!ss.isNonNegative(e))
        inferable = false;
      dims.push_back(e);
      continue;
    }
    int64_t d = e.coeff;
    if (d == 0 && !allowZero) {
      if (i >= static_cast<size_t>(in.getRank()))
        return nc.fail("shape entry " + llvm::Twine(i) +
                       " is 0 (copy) but the input has rank " + llvm::Twine(in.getRank()));
      dims.push_back(inDims[i]);
    } else if (d == -1) {
      if (inferred >= 0)
        return nc.fail("shape has more than one -1 entry");
      inferred = i;
      dims.push_back(SymExpr::constant(-1));
    } else if (d < 0) {
      return nc.fail("shape entry " + llvm::Twine(i) + " is " + llvm::Twine(d));
    } else {
      dims.push_back(e);
    }
  }
  // The target's static entries must have a product int64 can hold; else
  // no element count could match, and the symbolic product would no longer
  // be a constant that the checks below compare.
  int64_t staticCount = 1;
  for (const SymExpr &e : dims)
    if (e.isConstant() && e.coeff >= 0 &&
        llvm::MulOverflow(staticCount, e.coeff, staticCount))
      return nc.fail("cannot reshape " + nn::formatShape(in.getShape()) + " to " +
                     targetString() + ": the sizes' product overflows int64");
  SymExpr total = ss.product(inDims);
  if (inferred >= 0) {
    SymVector others(dims);
    others.erase(others.begin() + inferred);
    SymExpr known = ss.product(others);
    auto q = inferable ? ss.divExact(total, known) : std::nullopt;
    if (total.isConstant() && known.isConstant() && inferable &&
        (known.coeff == 0 || total.coeff % known.coeff != 0))
      return nc.fail("cannot reshape " + nn::formatShape(in.getShape()) + " to " +
                     targetString());
    dims[inferred] = q ? *q : ss.opaque("reshape", {total, known}, true);
  } else if (total.isConstant() && constantTarget) {
    SymExpr count = ss.product(dims);
    if (count.isConstant() && count.coeff != total.coeff)
      return nc.fail("cannot reshape " + nn::formatShape(in.getShape()) + " (" +
                     llvm::Twine(total.coeff) + " elements) to " +
                     nn::formatShape(SymbolicShapes::staticShape(dims)));
  }
  auto t = RankedTensorType::get(SymbolicShapes::staticShape(dims), in.getElementType());
  Value r;
  if (constantTarget && llvm::count_if(t.getShape(), ShapedType::isDynamic) <= 1) {
    r = nc.b.createOrFold<nn::ReshapeOp>(nc.loc, t, x);
  } else {
    if (!shapeOperand) {
      SmallVector<int64_t> values = SymbolicShapes::staticShape(target);
      shapeOperand = nn::ConstantOp::create(
          nc.b, nc.loc,
          DenseElementsAttr::get(
              RankedTensorType::get({static_cast<int64_t>(values.size())}, nc.b.getI64Type()),
              ArrayRef<int64_t>(values)));
    }
    r = nn::DynamicReshapeOp::create(nc.b, nc.loc, t, x, shapeOperand,
                                     nc.b.getBoolAttr(allowZero));
  }
  ss.setDims(r, dims);
  nc.setOutput(0, r);
  return success();
}

LogicalResult flatten(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x)
    return failure();
  int64_t axis = nc.getInt("axis", 1);
  std::string err;
  auto t = resultType(nc, nn::inferFlattenShape(nc.tensorType(x).getShape(), axis, err),
                      err, nc.tensorType(x).getElementType());
  if (!t)
    return failure();
  nc.setOutput(0, nn::FlattenOp::create(nc.b, nc.loc, t, x, nc.b.getI64IntegerAttr(axis)));
  return success();
}

/// A pool's kernel_shape attribute: present, every entry at least 1 (the
/// value that marks a dynamic size included, which would otherwise read as
/// "known at run time").
static FailureOr<SmallVector<int64_t>> poolKernel(NodeContext &nc) {
  auto kernel = nc.getInts("kernel_shape");
  if (!kernel)
    return nc.fail("missing required attribute 'kernel_shape'");
  if (llvm::any_of(*kernel, [](int64_t k) { return k < 1; }))
    return nc.fail("kernel_shape entries must be >= 1, got [" +
                   llvm::join(llvm::map_range(*kernel, [](int64_t k) { return std::to_string(k); }),
                              ", ") +
                   "]");
  return *kernel;
}

/// Window attributes shared by Conv and the pools, with auto_pad resolved.
/// SAME padding of a dynamic spatial size with a stride above 1 depends on
/// that size: `runtimeSame` marks those dimensions (their `pads` are 0),
/// padded at run time by padSameAtRunTime.
struct WindowAttrs {
  SmallVector<int64_t> kernel, strides, pads, dilations;
  SmallVector<bool> runtimeSame;
  bool sameUpper = false;
  bool needsRuntimePad() const { return llvm::is_contained(runtimeSame, true); }
};

static FailureOr<WindowAttrs> windowAttrs(NodeContext &nc, RankedTensorType input,
                                          ArrayRef<int64_t> kernel, bool ceilMode) {
  size_t k = kernel.size();
  if (input.getRank() != static_cast<int64_t>(k) + 2)
    return nc.fail("input " + nn::formatShape(input.getShape()) + " must have rank " +
                   llvm::Twine(k + 2) + " for a kernel of " + llvm::Twine(k) + " dimensions");
  WindowAttrs w;
  w.kernel.assign(kernel.begin(), kernel.end());
  w.runtimeSame.assign(k, false);
  w.strides = nc.getInts("strides").value_or(SmallVector<int64_t>(k, 1));
  w.dilations = nc.getInts("dilations").value_or(SmallVector<int64_t>(k, 1));
  w.pads = nc.getInts("pads").value_or(SmallVector<int64_t>(2 * k, 0));
  if (w.strides.size() != k || w.dilations.size() != k || w.pads.size() != 2 * k)
    return nc.fail("strides, dilations and pads must have " + llvm::Twine(k) + ", " +
                   llvm::Twine(k) + " and " + llvm::Twine(2 * k) + " entries");
  std::string autoPad = nc.getString("auto_pad", "NOTSET");
  if (autoPad == "NOTSET")
    return w;
  if (nc.attr("pads"))
    return nc.fail("auto_pad " + autoPad + " and explicit pads are both given");
  if (autoPad == "VALID") {
    w.pads.assign(2 * k, 0);
    return w;
  }
  if (autoPad != "SAME_UPPER" && autoPad != "SAME_LOWER")
    return nc.fail("auto_pad '" + autoPad + "' is not a valid value");
  if (ceilMode)
    return nc.fail("auto_pad " + autoPad + " with ceil_mode is not supported");
  for (size_t i = 0; i < k; ++i) {
    int64_t d = input.getDimSize(i + 2);
    if (w.strides[i] < 1 || w.dilations[i] < 1)
      return nc.fail("strides and dilations must be >= 1");
    // With stride 1 the total padding, (k - 1) * dilation, does not depend
    // on the input size; with a larger stride it does.
    if (d == ShapedType::kDynamic && w.strides[i] == 1 && !ShapedType::isDynamic(kernel[i]))
      d = 1;
    w.sameUpper = autoPad == "SAME_UPPER";
    if (d == ShapedType::kDynamic || ShapedType::isDynamic(kernel[i])) {
      w.runtimeSame[i] = true;
      w.pads[i] = w.pads[i + k] = 0;
      continue;
    }
    // In 128 bits: the attributes are the model's, of any size.
    __int128 out = (static_cast<__int128>(d) + w.strides[i] - 1) / w.strides[i];
    __int128 wide = (out - 1) * w.strides[i] +
                    (static_cast<__int128>(kernel[i]) - 1) * w.dilations[i] + 1 - d;
    if (wide > (int64_t(1) << 62))
      return nc.fail("auto_pad " + autoPad + " needs padding out of range");
    int64_t total = wide < 0 ? 0 : static_cast<int64_t>(wide);
    int64_t small = total / 2, large = total - small;
    w.pads[i] = autoPad == "SAME_UPPER" ? small : large;
    w.pads[i + k] = autoPad == "SAME_UPPER" ? large : small;
  }
  return w;
}

/// `x` ([N, C, D...]) padded with `fill` along the dimensions `w` marks
/// runtimeSame, by ONNX's SAME rule evaluated at run time: total =
/// max(0, (ceil(d / s) - 1) * s + (k - 1) * dilation + 1 - d), of which
/// SAME_UPPER puts floor(total / 2) first and SAME_LOWER the rest. A
/// kernel size of run-time size is read from `weight` ([M, C, K...]).
Value padSameAtRunTime(NodeContext &nc, Value x, const WindowAttrs &w, Value fill,
                       Value weight = {}) {
  Type i64 = nc.b.getI64Type();
  int64_t rank = nc.tensorType(x).getRank();
  auto cst = [&](int64_t v) { return scalarConstant(nc, i64, double(v)); };
  SmallVector<Value> begin(rank), end(rank);
  for (size_t i = 0; i < w.kernel.size(); ++i) {
    if (!w.runtimeSame[i])
      continue;
    int64_t s = w.strides[i];
    if (ShapedType::isDynamic(w.kernel[i]) && !weight) {
      (void)nc.fail("auto_pad SAME needs the kernel size");
      return {};
    }
    // (k - 1) * dilation + 1
    Value span = ShapedType::isDynamic(w.kernel[i])
                     ? buildBinary<nn::AddOp>(
                           nc,
                           buildBinary<nn::MulOp>(
                               nc, buildBinary<nn::SubOp>(nc, dimScalar(nc, weight, i + 2), cst(1)),
                               cst(w.dilations[i])),
                           cst(1))
                     : cst((w.kernel[i] - 1) * w.dilations[i] + 1);
    Value d = dimScalar(nc, x, i + 2);
    // (ceil(d / s) - 1) * s: d's sizes are non-negative, so the division
    // truncates as a floor would.
    Value blocks = buildBinary<nn::DivOp>(nc, buildBinary<nn::AddOp>(nc, d, cst(s - 1)), cst(s));
    Value covered = buildBinary<nn::MulOp>(nc, buildBinary<nn::SubOp>(nc, blocks, cst(1)), cst(s));
    Value total = span ? buildBinary<nn::SubOp>(nc, buildBinary<nn::AddOp>(nc, covered, span), d)
                       : Value();
    if (!total)
      return {};
    total = buildBinary<nn::MaxOp>(nc, total, cst(0));
    Value small = buildBinary<nn::DivOp>(nc, total, cst(2));
    Value large = buildBinary<nn::SubOp>(nc, total, small);
    if (!small || !large)
      return {};
    begin[i + 2] = w.sameUpper ? small : large;
    end[i + 2] = w.sameUpper ? large : small;
  }
  return padDimsAtRunTime(nc, x, begin, end, Value(), fill, "constant");
}

} // namespace

Value buildConv(NodeContext &nc, Value x, Value w, Value bias) {
  auto wt = nc.tensorType(w);
  if (wt.getRank() < 3) {
    (void)nc.fail("weight must have rank >= 3, got " + nn::formatShape(wt.getShape()));
    return {};
  }
  ArrayRef<int64_t> kernel = wt.getShape().drop_front(2);
  if (auto ks = nc.getInts("kernel_shape"); ks) {
    if (!nn::isCompatibleShape(kernel, *ks)) {
      (void)nc.fail("kernel_shape " + nn::formatShape(*ks) + " does not match the weight's " +
                    nn::formatShape(kernel));
      return {};
    }
    // A weight of run-time size (given as an input) gets kernel_shape's
    // sizes, checked when the model runs.
    if (llvm::any_of(kernel, ShapedType::isDynamic) && llvm::all_of(*ks, [](int64_t k) {
          return k >= 1;
        })) {
      SmallVector<int64_t> expected{ShapedType::kDynamic, ShapedType::kDynamic};
      llvm::append_range(expected, *ks);
      w = pinShape(nc, w, "the weight", expected);
      wt = nc.tensorType(w);
      kernel = wt.getShape().drop_front(2);
    }
  }
  auto win = windowAttrs(nc, nc.tensorType(x), kernel, false);
  if (failed(win))
    return {};
  if (win->needsRuntimePad()) {
    x = padSameAtRunTime(nc, x, *win, scalarConstant(nc, nc.tensorType(x).getElementType(), 0),
                         w);
    if (!x)
      return {};
  }
  int64_t group = nc.getInt("group", 1);
  std::optional<ArrayRef<int64_t>> biasShape;
  if (bias)
    biasShape = nc.tensorType(bias).getShape();
  std::string err;
  auto t = resultType(nc, nn::inferConvShape(nc.tensorType(x).getShape(), wt.getShape(),
                                             biasShape, win->strides, win->pads,
                                             win->dilations, group, err),
                      err, nc.tensorType(x).getElementType());
  if (!t)
    return {};
  auto &b = nc.b;
  return nn::ConvOp::create(b, nc.loc, t, x, w, bias, b.getDenseI64ArrayAttr(win->strides),
                            b.getDenseI64ArrayAttr(win->pads),
                            b.getDenseI64ArrayAttr(win->dilations), b.getI64IntegerAttr(group));
}

namespace {

LogicalResult conv(NodeContext &nc) {
  Value x = nc.input(0), w = nc.input(1), bias = nc.optionalInput(2);
  if (!x || !w || (nc.hasInput(2) && !bias) || failed(requireFloat(nc, x, 0)))
    return failure();
  Value y = buildConv(nc, x, w, bias);
  if (!y)
    return failure();
  nc.setOutput(0, y);
  return success();
}

/// The full ConvTranspose result `y` (no padding) cropped or padded with
/// zeros to the requested output size, by amounts computed at run time:
/// total = full - target per spatial dimension, target being `spatial`
/// (output_shape) or, for SAME, input size * stride; split as the static
/// rule in convTranspose does.
Value convTransposeToSize(NodeContext &nc, Value y, Value x, Value w,
                          ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations,
                          ArrayRef<int64_t> outPad, ArrayRef<int64_t> spatial, bool same,
                          bool upper) {
  auto &b = nc.b;
  Type i64 = b.getI64Type();
  int64_t rank = nc.tensorType(y).getRank();
  auto cst = [&](int64_t v) { return scalarConstant(nc, i64, double(v)); };
  SmallVector<Value> begin(rank), end(rank);
  for (int64_t i = 0; i + 2 < rank; ++i) {
    Value d = dimScalar(nc, x, i + 2);
    Value target = same ? buildBinary<nn::MulOp>(nc, d, cst(strides[i])) : cst(spatial[i]);
    Value full = dimScalar(nc, y, i + 2);
    Value total = target ? buildBinary<nn::SubOp>(nc, full, target) : Value();
    if (!total)
      return {};
    // floor(total / 2): nn.mod takes the divisor's sign.
    Value half = buildBinary<nn::DivOp>(
        nc, buildBinary<nn::SubOp>(nc, total, buildBinary<nn::ModOp>(nc, total, cst(2))),
        cst(2));
    Value first = upper ? half : half ? buildBinary<nn::SubOp>(nc, total, half) : Value();
    // output_shape: growth (a negative total) goes to the end.
    if (first && !same)
      first = buildBinary<nn::MaxOp>(nc, first, cst(0));
    Value second = first ? buildBinary<nn::SubOp>(nc, total, first) : Value();
    if (!second)
      return {};
    // Pad amounts: the negated crops.
    begin[i + 2] = nn::NegOp::create(b, nc.loc, nc.tensorType(first), first);
    end[i + 2] = nn::NegOp::create(b, nc.loc, nc.tensorType(second), second);
  }
  return padDimsAtRunTime(nc, y, begin, end, Value(),
                          scalarConstant(nc, nc.tensorType(y).getElementType(), 0.0),
                          "constant");
}

LogicalResult convTranspose(NodeContext &nc) {
  Value x = nc.input(0), w = nc.input(1), bias = nc.optionalInput(2);
  if (!x || !w || (nc.hasInput(2) && !bias) || failed(requireFloat(nc, x, 0)))
    return failure();
  auto xt = nc.tensorType(x), wt = nc.tensorType(w);
  if (wt.getRank() < 3 || wt.getRank() != xt.getRank())
    return nc.fail("weight " + nn::formatShape(wt.getShape()) +
                   " must have the input's rank (>= 3)");
  size_t k = wt.getRank() - 2;
  ArrayRef<int64_t> kernel = wt.getShape().drop_front(2);
  if (auto ks = nc.getInts("kernel_shape"); ks) {
    if (!nn::isCompatibleShape(kernel, *ks))
      return nc.fail("kernel_shape " + nn::formatShape(*ks) +
                     " does not match the weight's " + nn::formatShape(kernel));
    // A weight of run-time size gets kernel_shape's sizes, checked at run
    // time (as for Conv).
    if (llvm::any_of(kernel, ShapedType::isDynamic) &&
        llvm::all_of(*ks, [](int64_t v) { return v >= 1; })) {
      SmallVector<int64_t> expected{ShapedType::kDynamic, ShapedType::kDynamic};
      llvm::append_range(expected, *ks);
      w = pinShape(nc, w, "the weight", expected);
      wt = nc.tensorType(w);
      kernel = wt.getShape().drop_front(2);
    }
  }
  auto strides = nc.getInts("strides").value_or(SmallVector<int64_t>(k, 1));
  auto dilations = nc.getInts("dilations").value_or(SmallVector<int64_t>(k, 1));
  auto outPad = nc.getInts("output_padding").value_or(SmallVector<int64_t>(k, 0));
  auto pads = nc.getInts("pads").value_or(SmallVector<int64_t>(2 * k, 0));
  if (strides.size() != k || dilations.size() != k || outPad.size() != k ||
      pads.size() != 2 * k)
    return nc.fail("strides, dilations, output_padding and pads must have " +
                   llvm::Twine(k) + ", " + llvm::Twine(k) + ", " + llvm::Twine(k) +
                   " and " + llvm::Twine(2 * k) + " entries");
  std::string autoPad = nc.getString("auto_pad", "NOTSET");
  auto outputShape = nc.getInts("output_shape");
  bool upper = autoPad == "SAME_UPPER", same = upper || autoPad == "SAME_LOWER";
  if (same && outputShape)
    return nc.fail("auto_pad " + autoPad + " and output_shape are both given");
  if (autoPad == "VALID")
    pads.assign(2 * k, 0);
  else if (!same && autoPad != "NOTSET")
    return nc.fail("auto_pad '" + autoPad + "' is not a valid value");
  ArrayRef<int64_t> spatial;
  if (outputShape) {
    spatial = *outputShape;
    if (spatial.size() == k + 2)
      spatial = spatial.drop_front(2);
    if (spatial.size() != k)
      return nc.fail("output_shape must have " + llvm::Twine(k) + " spatial entries");
  }
  for (size_t i = 0; i < k; ++i)
    if (strides[i] < 1 || dilations[i] < 1)
      return nc.fail("strides and dilations must be >= 1");
  // SAME asks for the output size input * stride, output_shape for its
  // own; the padding that yields it is total = full - target, with full =
  // stride * (d - 1) + output_padding + (kernel - 1) * dilation + 1 (for
  // SAME, total = output_padding + (kernel - 1) * dilation + 1 - stride:
  // d cancels). ONNX splits total with floor division, SAME_UPPER's half
  // first; a negative total grows the output: split the same way for SAME
  // (ONNX's reference), at the end for output_shape (onnxruntime; it acts
  // as an output_padding). When total depends on a size known only at run
  // time, the padding is applied at run time (convTransposeToSize).
  bool runtimePads = false;
  if (same || outputShape) {
    for (size_t i = 0; i < k; ++i) {
      int64_t d = xt.getDimSize(i + 2);
      if (ShapedType::isDynamic(kernel[i]) || (!same && d == ShapedType::kDynamic)) {
        runtimePads = true;
        continue;
      }
      // In 128 bits: the attributes are the model's, of any size.
      __int128 span = (static_cast<__int128>(kernel[i]) - 1) * dilations[i] + 1 + outPad[i];
      __int128 wide = same ? span - strides[i]
                           : static_cast<__int128>(strides[i]) * (d - 1) + span - spatial[i];
      if (wide < INT64_MIN / 2 || wide > INT64_MAX / 2)
        return nc.fail("the padding for the requested output size is out of range");
      int64_t total = static_cast<int64_t>(wide);
      int64_t half = llvm::divideFloorSigned(total, 2);
      pads[i] = upper ? half : same ? total - half : std::max<int64_t>(total - half, 0);
      pads[i + k] = total - pads[i];
    }
  }
  int64_t group = nc.getInt("group", 1);
  if (runtimePads)
    pads.assign(2 * k, 0);
  std::optional<ArrayRef<int64_t>> biasShape;
  if (bias)
    biasShape = nc.tensorType(bias).getShape();
  std::string err;
  auto t = resultType(nc, nn::inferConvTransposeShape(xt.getShape(), wt.getShape(),
                                                      biasShape, strides, pads,
                                                      dilations, outPad, group, err),
                      err, xt.getElementType());
  if (!t)
    return failure();
  auto &b = nc.b;
  Value y = nn::ConvTransposeOp::create(
      b, nc.loc, t, x, w, runtimePads ? Value() : bias, b.getDenseI64ArrayAttr(strides),
      b.getDenseI64ArrayAttr(pads), b.getDenseI64ArrayAttr(dilations),
      b.getDenseI64ArrayAttr(outPad), b.getI64IntegerAttr(group));
  if (runtimePads) {
    y = convTransposeToSize(nc, y, x, w, strides, dilations, outPad, spatial, same, upper);
    if (y && bias) {
      // The shape function checked static sizes; a run-time one must
      // equal the output channels too (not broadcast from 1).
      if (nc.tensorType(bias).isDynamicDim(0) || t.isDynamicDim(1))
        checkSameAtRunTime(nc, dimScalar(nc, bias, 0), dimScalar(nc, y, 1),
                           "the bias size differs from the output channels");
      SmallVector<int64_t> shape(xt.getRank() - 1, 1);
      shape[0] = nc.tensorType(bias).getDimSize(0);
      y = buildBinary<nn::AddOp>(nc, y, reshapeTo(nc, bias, shape));
    }
    if (!y)
      return failure();
  }
  nc.setOutput(0, y);
  return success();
}

template <typename OpTy>
LogicalResult pool(NodeContext &nc) {
  constexpr bool isAvg = std::is_same_v<OpTy, nn::AveragePoolOp>;
  Value x = nc.input(0);
  if (!x)
    return failure();
  // MaxPool 12 and later also take int8 and uint8.
  Type xet = nc.tensorType(x).getElementType();
  bool byteInt = !isAvg && nc.version >= 12 && xet.isInteger(8);
  if (!byteInt && failed(requireFloat(nc, x, 0)))
    return failure();
  auto kernel = poolKernel(nc);
  if (failed(kernel))
    return failure();
  int64_t storageOrder = nc.getInt("storage_order", 0);
  if (storageOrder != 0 && storageOrder != 1)
    return nc.fail("storage_order must be 0 or 1, got " + llvm::Twine(storageOrder));
  bool wantIndices = !isAvg && nc.node.output_size() > 1 && !nc.node.output(1).empty();
  if (wantIndices && nc.version < 8)
    return nc.fail("output 1 (Indices) needs MaxPool version 8 or later");
  bool ceil = nc.getInt("ceil_mode", 0) != 0;
  auto win = windowAttrs(nc, nc.tensorType(x), *kernel, ceil);
  if (failed(win))
    return failure();
  auto &b = nc.b;
  Type et = nc.tensorType(x).getElementType();
  bool countPads = nc.getInt("count_include_pad", 0) != 0;
  auto build = [&](Value in, bool includePads) -> Value {
    if (!in)
      return {};
    std::string err;
    auto t = resultType(nc, nn::inferPoolShape(nc.tensorType(in).getShape(), *kernel,
                                               win->strides, win->pads, win->dilations,
                                               ceil, err),
                        err, et);
    if (!t)
      return {};
    auto k = b.getDenseI64ArrayAttr(*kernel), s = b.getDenseI64ArrayAttr(win->strides),
         p = b.getDenseI64ArrayAttr(win->pads), d = b.getDenseI64ArrayAttr(win->dilations);
    if constexpr (isAvg)
      return OpTy::create(b, nc.loc, t, in, k, s, p, d, b.getBoolAttr(ceil),
                          b.getBoolAttr(includePads));
    else
      return OpTy::create(b, nc.loc, t, in, k, s, p, d, b.getBoolAttr(ceil));
  };
  if (!win->needsRuntimePad()) {
    Value r = build(x, countPads);
    if (!r)
      return failure();
    nc.setOutput(0, r);
    if (wantIndices) {
      auto it = RankedTensorType::get(nc.tensorType(r).getShape(), b.getI64Type());
      nc.setOutput(1, nn::MaxPoolIndicesOp::create(
                          b, nc.loc, it, x, b.getDenseI64ArrayAttr(*kernel),
                          b.getDenseI64ArrayAttr(win->strides), b.getDenseI64ArrayAttr(win->pads),
                          b.getDenseI64ArrayAttr(win->dilations), b.getBoolAttr(ceil),
                          b.getI64IntegerAttr(storageOrder)));
    }
    return success();
  }
  if (wantIndices)
    return nc.fail("output 1 (Indices) with auto_pad " + nc.getString("auto_pad", "") +
                   " on a spatial size known only at run time is not supported");
  // SAME padding that depends on a run-time size: pad first (max: with the
  // lowest value, so padding never wins; average: with zeros), then pool
  // with the attribute pads only.
  if constexpr (!isAvg) {
    unsigned width = et.getIntOrFloatBitWidth();
    Value low = isa<FloatType>(et)
                    ? scalarConstant(nc, et, -std::numeric_limits<double>::infinity())
                    : intConstant(nc, et,
                                  et.isUnsignedInteger()
                                      ? 0
                                      : APInt::getSignedMinValue(width).getSExtValue());
    Value r = build(padSameAtRunTime(nc, x, *win, low), false);
    if (!r)
      return failure();
    nc.setOutput(0, r);
    return success();
  }
  Value zero = scalarConstant(nc, et, 0.0);
  Value padded = padSameAtRunTime(nc, x, *win, zero);
  if (!padded)
    return failure();
  // Both pool over all taps: the sum of the window divided by their count.
  Value sum = build(padded, true);
  if (countPads || !sum) {
    if (!sum)
      return failure();
    nc.setOutput(0, sum);
    return success();
  }
  // Excluding the padding: divide by the pooled indicator of the input's
  // own elements ([1, 1, D...] ones padded the same way), in which the
  // tap count cancels.
  int64_t rank = nc.tensorType(x).getRank();
  SmallVector<DimSource> dims(2, DimSource{1});
  SmallVector<int64_t> onesShape{1, 1};
  for (int64_t i = 2; i < rank; ++i) {
    dims.push_back(DimSource{0, x, i});
    onesShape.push_back(nc.tensorType(x).getDimSize(i));
  }
  Value ones = nn::DynamicFillOp::create(b, nc.loc, RankedTensorType::get(onesShape, et),
                                         buildShapeVector(nc, dims), b.getFloatAttr(et, 1.0));
  Value count = build(padSameAtRunTime(nc, ones, *win, zero), true);
  Value r = count ? buildBinary<nn::DivOp>(nc, sum, count) : Value();
  if (!r)
    return failure();
  nc.setOutput(0, r);
  return success();
}

/// LpPool: (sum over the window of |x|^p)^(1/p), padding counting as 0:
/// an average pool that counts the padding, times the number of taps.
/// Every window lies inside the padded input (ceil_mode is rejected), so
/// that average always divides by the number of taps.
LogicalResult lpPool(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x || failed(requireFloat(nc, x, 0)))
    return failure();
  auto kernel = poolKernel(nc);
  if (failed(kernel))
    return failure();
  if (nc.getInt("ceil_mode", 0) != 0)
    return nc.fail("ceil_mode=1 is not supported");
  int64_t p = nc.getInt("p", 2);
  if (p < 1)
    return nc.fail("p must be at least 1, got " + llvm::Twine(p));
  auto xt = nc.tensorType(x);
  auto win = windowAttrs(nc, xt, *kernel, false);
  if (failed(win))
    return failure();
  auto &b = nc.b;
  Type et = xt.getElementType();
  Value a = nn::AbsOp::create(b, nc.loc, xt, x);
  if (p == 2)
    a = nn::MulOp::create(b, nc.loc, xt, a, a);
  else if (p != 1)
    a = buildBinary<nn::PowOp>(nc, a, scalarConstant(nc, et, double(p)));
  // SAME padding of a run-time size: zeros, which add nothing to the sum.
  if (a && win->needsRuntimePad())
    a = padSameAtRunTime(nc, a, *win, scalarConstant(nc, et, 0.0));
  if (!a)
    return failure();
  std::string err;
  auto t = resultType(nc, nn::inferPoolShape(nc.tensorType(a).getShape(), *kernel,
                                             win->strides, win->pads, win->dilations, false,
                                             err),
                      err, et);
  if (!t)
    return failure();
  int64_t taps = 1;
  for (int64_t k : *kernel)
    if (llvm::MulOverflow(taps, k, taps))
      return nc.fail("kernel_shape " + nn::formatShape(*kernel) +
                     " has more taps than int64 holds");
  Value avg = nn::AveragePoolOp::create(
      b, nc.loc, t, a, b.getDenseI64ArrayAttr(*kernel), b.getDenseI64ArrayAttr(win->strides),
      b.getDenseI64ArrayAttr(win->pads), b.getDenseI64ArrayAttr(win->dilations),
      b.getBoolAttr(false), b.getBoolAttr(true));
  Value sum = buildBinary<nn::MulOp>(nc, avg, scalarConstant(nc, et, double(taps)));
  Value r = sum;
  if (p == 2)
    r = nn::SqrtOp::create(b, nc.loc, t, sum);
  else if (p != 1)
    r = buildBinary<nn::PowOp>(nc, sum, scalarConstant(nc, et, 1.0 / double(p)));
  if (!r)
    return failure();
  nc.setOutput(0, r);
  return success();
}

/// OptionalHasElement / OptionalGetElement on what Kiln can hold: a plain
/// tensor or nothing. (Optional-typed graph values are not supported, and
/// no supported op makes one, so an input here is always a tensor.)
LogicalResult optionalHasElement(NodeContext &nc) {
  bool has = nc.hasInput(0);
  if (has && !nc.input(0))
    return failure();
  auto t = RankedTensorType::get({}, nc.b.getI1Type());
  nc.setOutput(0, nn::ConstantOp::create(nc.b, nc.loc, DenseElementsAttr::get(t, has)));
  return success();
}

LogicalResult optionalGetElement(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x)
    return failure();
  nc.setOutput(0, x);
  return success();
}

LogicalResult constant(NodeContext &nc) {
  auto &b = nc.b;
  if (nc.node.attribute_size() != 1)
    return nc.fail("exactly one value attribute must be given");
  const onnx::AttributeProto &a = nc.node.attribute(0);
  using AP = onnx::AttributeProto;
  static const llvm::StringMap<AP::AttributeType> kinds = {
      {"value", AP::TENSOR}, {"value_float", AP::FLOAT}, {"value_floats", AP::FLOATS},
      {"value_int", AP::INT}, {"value_ints", AP::INTS}};
  if (auto kind = kinds.find(a.name()); kind != kinds.end() && !nc.attr(a.name(), kind->second))
    return failure(); // the wrong type, recorded by attr()
  Value v;
  if (a.name() == "value") {
    std::string err;
    auto r = importTensor(b, nc.loc, a.t(), nc.modelDir, SIZE_MAX, nullptr, err);
    if (failed(r))
      return nc.fail(err);
    v = *r;
  } else if (a.name() == "value_float") {
    v = nn::ConstantOp::create(b, nc.loc, DenseElementsAttr::get(
        RankedTensorType::get({}, b.getF32Type()), a.f()));
  } else if (a.name() == "value_floats") {
    SmallVector<float> f(a.floats().begin(), a.floats().end());
    v = nn::ConstantOp::create(b, nc.loc, DenseElementsAttr::get(
        RankedTensorType::get({(int64_t)f.size()}, b.getF32Type()), ArrayRef<float>(f)));
  } else if (a.name() == "value_int") {
    v = nn::ConstantOp::create(b, nc.loc, DenseElementsAttr::get(
        RankedTensorType::get({}, b.getI64Type()), static_cast<int64_t>(a.i())));
  } else {
    SmallVector<int64_t> i(a.ints().begin(), a.ints().end());
    v = nn::ConstantOp::create(b, nc.loc, DenseElementsAttr::get(
        RankedTensorType::get({(int64_t)i.size()}, b.getI64Type()), ArrayRef<int64_t>(i)));
  }
  nc.setOutput(0, v);
  return success();
}

} // namespace

static std::vector<OpEntry> buildOpTable() {
  // Version 1 of many ops carries the obsolete `consumed_inputs` hint,
  // which does not change the result.
  const std::vector<const char *> legacyArith = {"consumed_inputs", "broadcast", "axis"};
  std::vector<OpEntry> table = {
      {"Abs", {1, 6, 13}, {1, 6, 13}, {"consumed_inputs"}, "", unary<nn::AbsOp, Elements::Numeric>},
      {"Acos", {7, 22}, {7, 22}, {}, "", unary<nn::AcosOp>},
      {"Acosh", {9, 22}, {9, 22}, {}, "", unary<nn::AcoshOp>},
      {"Add", {1, 6, 7, 13, 14}, {1, 6, 7, 13, 14}, legacyArith, "numpy broadcasting",
       binary<nn::AddOp>},
      {"And", {1, 7}, {1, 7}, {"broadcast", "axis"}, "", binary<nn::AndOp, Elements::Bool>},
      {"Asin", {7, 22}, {7, 22}, {}, "", unary<nn::AsinOp>},
      {"BitShift", {11}, {11}, {"direction"}, "", bitShift},
      {"BitwiseAnd", {18}, {18}, {}, "", binary<nn::AndOp, Elements::Integer>},
      {"BitwiseNot", {18}, {18}, {}, "", unary<nn::NotOp, Elements::Integer>},
      {"BitwiseOr", {18}, {18}, {}, "", binary<nn::OrOp, Elements::Integer>},
      {"BitwiseXor", {18}, {18}, {}, "", binary<nn::XorOp, Elements::Integer>},
      {"Asinh", {9, 22}, {9, 22}, {}, "", unary<nn::AsinhOp>},
      {"Atan", {7, 22}, {7, 22}, {}, "", unary<nn::AtanOp>},
      {"Atanh", {9, 22}, {9, 22}, {}, "", unary<nn::AtanhOp>},
      {"AveragePool", {1, 7, 10, 11, 19, 22}, {1, 7, 10, 11, 19, 22},
       {"auto_pad", "ceil_mode", "count_include_pad", "dilations", "kernel_shape", "pads", "strides"},
       "any number of spatial dimensions", pool<nn::AveragePoolOp>},
      {"Cast", {1, 6, 9, 13, 19, 21, 23}, {6, 9, 13, 19, 21, 23}, {"to", "saturate", "round_mode"},
       "numeric and bool types", cast},
      {"CastLike", {15, 19, 21, 23}, {15, 19, 21, 23}, {"saturate", "round_mode"},
       "numeric and bool types", cast},
      {"Ceil", {1, 6, 13}, {1, 6, 13}, {"consumed_inputs"}, "", unary<nn::CeilOp>},
      {"Celu", {12}, {12}, {"alpha"}, "",
       [](NodeContext &nc) { return activation<nn::CeluOp>(nc, {{"alpha", 1.0f}}); }},
      {"Clip", {1, 6, 11, 12, 13}, {6, 11, 12, 13}, {"min", "max"},
       "as Max then Min", clip},
      {"Constant", {1, 9, 11, 12, 13, 19, 21}, {1, 9, 11, 12, 13, 19, 21},
       {"value", "value_float", "value_floats", "value_int", "value_ints"},
       "no sparse or string values", constant},
      {"Conv", {1, 11, 22}, {1, 11, 22},
       {"auto_pad", "dilations", "group", "kernel_shape", "pads", "strides"},
       "any number of spatial dimensions, grouped and depthwise", conv},
      {"ConvTranspose", {1, 11, 22}, {1, 11, 22},
       {"auto_pad", "dilations", "group", "kernel_shape", "output_padding", "output_shape",
        "pads", "strides"},
       "any number of spatial dimensions, grouped", convTranspose},
      {"Cos", {7, 22}, {7, 22}, {}, "", unary<nn::CosOp>},
      {"Cosh", {9, 22}, {9, 22}, {}, "", unary<nn::CoshOp>},
      {"Det", {11, 22}, {11, 22}, {}, "LU with partial pivoting, computed in f64", det},
      {"Div", {1, 6, 7, 13, 14}, {1, 6, 7, 13, 14}, legacyArith,
       "numpy broadcasting; integer division truncates", binary<nn::DivOp>},
      {"Elu", {1, 6, 22}, {1, 6, 22}, {"alpha", "consumed_inputs"}, "",
       [](NodeContext &nc) { return activation<nn::EluOp>(nc, {{"alpha", 1.0f}}); }},
      {"Equal", {1, 7, 11, 13, 19}, {1, 7, 11, 13, 19}, {"broadcast", "axis"}, "",
       comparison<nn::EqualOp>},
      {"Erf", {9, 13}, {9, 13}, {}, "", unary<nn::ErfOp>},
      {"Exp", {1, 6, 13}, {1, 6, 13}, {"consumed_inputs"}, "", unary<nn::ExpOp>},
      {"Flatten", {1, 9, 11, 13, 21}, {1, 9, 11, 13, 21}, {"axis"}, "", flatten},
      {"Floor", {1, 6, 13}, {1, 6, 13}, {"consumed_inputs"}, "", unary<nn::FloorOp>},
      {"Gelu", {20}, {20}, {"approximate"}, "", gelu},
      {"Gemm", {1, 6, 7, 9, 11, 13}, {1, 6, 7, 9, 11, 13},
       {"alpha", "beta", "transA", "transB", "broadcast"},
       "C optional, unidirectional broadcast", gemm},
      {"Greater", {1, 7, 9, 13}, {7, 9, 13}, {}, "", comparison<nn::GreaterOp>},
      {"GreaterOrEqual", {12, 16}, {12, 16}, {}, "", comparison<nn::GreaterOrEqualOp>},
      {"HardSigmoid", {1, 6, 22}, {1, 6, 22}, {"alpha", "beta", "consumed_inputs"}, "",
       [](NodeContext &nc) {
         return activation<nn::HardSigmoidOp>(nc, {{"alpha", 0.2f}, {"beta", 0.5f}});
       }},
      {"HardSwish", {14, 22}, {14, 22}, {}, "", unary<nn::HardSwishOp>},
      {"Identity", {1, 13, 14, 16, 19, 21}, {1, 13, 14, 16, 19, 21}, {}, "tensors only",
       identity},
      {"OptionalGetElement", {15, 18}, {15, 18}, {}, "a tensor input (optional-typed values are not supported)",
       optionalGetElement},
      {"OptionalHasElement", {15, 18}, {15, 18}, {}, "a tensor input or none (optional-typed values are not supported)",
       optionalHasElement},
      {"IsInf", {10, 20}, {10, 20}, {"detect_negative", "detect_positive"}, "", isInf},
      {"IsNaN", {9, 13, 20}, {9, 13, 20}, {}, "", isNaN},
      {"LeakyRelu", {1, 6, 16}, {1, 6, 16}, {"alpha", "consumed_inputs"}, "",
       [](NodeContext &nc) { return activation<nn::LeakyReluOp>(nc, {{"alpha", 0.01f}}); }},
      {"Less", {1, 7, 9, 13}, {7, 9, 13}, {}, "", comparison<nn::LessOp>},
      {"LessOrEqual", {12, 16}, {12, 16}, {}, "", comparison<nn::LessOrEqualOp>},
      {"Log", {1, 6, 13}, {1, 6, 13}, {"consumed_inputs"}, "", unary<nn::LogOp>},
      {"LpPool", {1, 2, 11, 18, 22}, {2, 11, 18, 22},
       {"auto_pad", "ceil_mode", "dilations", "kernel_shape", "p", "pads", "strides"},
       "any number of spatial dimensions; ceil_mode=0 only", lpPool},
      {"MatMul", {1, 9, 13}, {1, 9, 13}, {}, "batched, broadcast", matmul},
      {"Max", {1, 6, 8, 12, 13}, {1, 6, 8, 12, 13}, {"consumed_inputs"}, "variadic, numpy broadcasting",
       variadic<nn::MaxOp>},
      {"MaxPool", {1, 8, 10, 11, 12, 22}, {1, 8, 10, 11, 12, 22},
       {"auto_pad", "ceil_mode", "dilations", "kernel_shape", "pads", "storage_order", "strides"},
       "any number of spatial dimensions; int8/uint8 from version 12; Indices output "
       "(not with SAME padding of a run-time size)",
       pool<nn::MaxPoolOp>},
      {"Mean", {1, 6, 8, 13}, {1, 6, 8, 13}, {"consumed_inputs"}, "variadic, numpy broadcasting",
       variadic<nn::AddOp, true>},
      {"Min", {1, 6, 8, 12, 13}, {1, 6, 8, 12, 13}, {"consumed_inputs"}, "variadic, numpy broadcasting",
       variadic<nn::MinOp>},
      {"Mish", {18, 22}, {18, 22}, {}, "", unary<nn::MishOp>},
      {"Mod", {10, 13}, {10, 13}, {"fmod"}, "", mod},
      {"Mul", {1, 6, 7, 13, 14}, {1, 6, 7, 13, 14}, legacyArith, "numpy broadcasting",
       binary<nn::MulOp>},
      {"Neg", {1, 6, 13}, {1, 6, 13}, {"consumed_inputs"}, "", unary<nn::NegOp, Elements::Numeric>},
      {"Not", {1}, {1}, {}, "", unary<nn::NotOp, Elements::Bool>},
      {"Or", {1, 7}, {1, 7}, {"broadcast", "axis"}, "", binary<nn::OrOp, Elements::Bool>},
      {"Pow", {1, 7, 12, 13, 15}, {1, 7, 12, 13, 15}, {"broadcast", "axis"}, "computed in floating point", pow},
      {"PRelu", {1, 6, 7, 9, 16}, {1, 6, 7, 9, 16}, {"consumed_inputs"}, "", prelu},
      {"Reciprocal", {1, 6, 13}, {1, 6, 13}, {"consumed_inputs"}, "", unary<nn::ReciprocalOp>},
      {"Relu", {1, 6, 13, 14}, {1, 6, 13, 14}, {"consumed_inputs"}, "float types",
       unary<nn::ReluOp>},
      {"Reshape", {1, 5, 13, 14, 19, 21}, {1, 5, 13, 14, 19, 21},
       {"allowzero", "shape", "consumed_inputs"},
       "constant or run-time shape operand", reshape},
      {"Round", {11, 22}, {11, 22}, {}, "half to even", unary<nn::RoundOp>},
      {"Selu", {1, 6, 22}, {1, 6, 22}, {"alpha", "gamma", "consumed_inputs"}, "",
       [](NodeContext &nc) {
         return activation<nn::SeluOp>(
             nc, {{"alpha", 1.67326319217681884765625f}, {"gamma", 1.05070102214813232421875f}});
       }},
      {"Shrink", {9}, {9}, {"bias", "lambd"}, "float types",
       [](NodeContext &nc) {
         return activation<nn::ShrinkOp>(nc, {{"bias", 0.0f}, {"lambd", 0.5f}});
       }},
      {"Sigmoid", {1, 6, 13}, {1, 6, 13}, {"consumed_inputs"}, "float types",
       unary<nn::SigmoidOp>},
      {"Sign", {9, 13}, {9, 13}, {}, "", unary<nn::SignOp, Elements::Numeric>},
      {"Sin", {7, 22}, {7, 22}, {}, "", unary<nn::SinOp>},
      {"Sinh", {9, 22}, {9, 22}, {}, "", unary<nn::SinhOp>},
      {"Softmax", {1, 11, 13}, {1, 11, 13}, {"axis"}, "versions 1 and 11 coerce to 2-D",
       [](NodeContext &nc) { return nc.version < 13 ? importLegacySoftmax(nc) : softmax(nc); }},
      {"Softplus", {1, 22}, {1, 22}, {}, "", unary<nn::SoftplusOp>},
      {"Softsign", {1, 22}, {1, 22}, {}, "", unary<nn::SoftsignOp>},
      {"Sqrt", {1, 6, 13}, {1, 6, 13}, {"consumed_inputs"}, "", unary<nn::SqrtOp>},
      {"Sub", {1, 6, 7, 13, 14}, {1, 6, 7, 13, 14}, legacyArith, "numpy broadcasting",
       binary<nn::SubOp>},
      {"Sum", {1, 6, 8, 13}, {1, 6, 8, 13}, {"consumed_inputs"}, "variadic, numpy broadcasting", variadic<nn::AddOp>},
      {"Swish", {24}, {24}, {"alpha"}, "as x * Sigmoid(alpha * x)", swish},
      {"Tan", {7, 22}, {7, 22}, {}, "", unary<nn::TanOp>},
      {"Tanh", {1, 6, 13}, {1, 6, 13}, {"consumed_inputs"}, "float types", unary<nn::TanhOp>},
      {"ThresholdedRelu", {10, 22}, {10, 22}, {"alpha"}, "",
       [](NodeContext &nc) { return activation<nn::ThresholdedReluOp>(nc, {{"alpha", 1.0f}}); }},
      {"Where", {9, 16}, {9, 16}, {}, "", where},
      {"Xor", {1, 7}, {1, 7}, {"broadcast", "axis"}, "", binary<nn::XorOp, Elements::Bool>},
  };
  addDataMovementOps(table);
  addRecurrentOps(table);
  addLossOps(table);
  addAttentionOps(table);
  addReductionOps(table);
  addSequenceOps(table);
  addResizeOps(table);
  addIndexOps(table);
  addScatterOps(table);
  addCropOps(table);
  addNormOps(table);
  addEinsumOps(table);
  addQuantOps(table);
  addGridOps(table);
  addSortOps(table);
  addSpectralOps(table);
  addDetectionOps(table);
  addTextOps(table);
  addControlFlowOps(table);
  llvm::sort(table, [](const OpEntry &a, const OpEntry &b) {
    return StringRef(a.opType) < StringRef(b.opType);
  });
  return table;
}

const std::vector<OpEntry> &opTable() {
  static const std::vector<OpEntry> table = buildOpTable();
  return table;
}

std::vector<OpSupportInfo> supportedOps() {
  std::vector<OpSupportInfo> out;
  for (const OpEntry &e : opTable())
    out.push_back({e.opType, e.supported, e.notes});
  return out;
}

} // namespace kiln::onnx_frontend
