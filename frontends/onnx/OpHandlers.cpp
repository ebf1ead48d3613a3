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

using namespace mlir;

namespace kiln::onnx_frontend {
namespace {

/// Wraps a shape function's answer: the result type, or a recorded error.
static RankedTensorType resultType(NodeContext &nc, FailureOr<nn::Shape> shape,
                                   const std::string &err, Type elementType) {
  if (failed(shape)) {
    (void)nc.fail(err);
    return {};
  }
  return RankedTensorType::get(*shape, elementType);
}

static LogicalResult requireFloat(NodeContext &nc, Value v, int i) {
  Type et = nc.tensorType(v).getElementType();
  if (!isa<FloatType>(et)) {
    std::string name;
    llvm::raw_string_ostream os(name);
    os << et;
    return nc.fail("input " + llvm::Twine(i) + " has element type " + name +
                   ", but only floating-point types are supported here");
  }
  return success();
}

template <typename OpTy>
LogicalResult unary(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x || failed(requireFloat(nc, x, 0)))
    return failure();
  nc.setOutput(0, OpTy::create(nc.b, nc.loc, x.getType(), x));
  return success();
}

template <typename OpTy>
LogicalResult binary(NodeContext &nc) {
  Value l = nc.input(0), r = nc.input(1);
  if (!l || !r)
    return failure();
  Type et = nc.tensorType(l).getElementType();
  if (et != nc.tensorType(r).getElementType())
    return nc.fail("operands have different element types");
  std::string err;
  auto t = resultType(nc, nn::inferBroadcastShape(nc.tensorType(l).getShape(),
                                                  nc.tensorType(r).getShape(), err),
                      err, et);
  if (!t)
    return failure();
  nc.setOutput(0, OpTy::create(nc.b, nc.loc, t, l, r));
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

LogicalResult reshape(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x)
    return failure();
  auto target = nc.constantInts(1);
  if (!target)
    return nc.fail("the shape operand must be a constant (a Reshape to a "
                   "computed shape is not supported yet)");
  bool allowZero = nc.getInt("allowzero", 0) != 0;
  auto in = nc.tensorType(x);
  SmallVector<int64_t> shape;
  int inferred = -1;
  for (auto [i, d] : llvm::enumerate(*target)) {
    if (d == 0 && !allowZero) {
      if (i >= static_cast<size_t>(in.getRank()))
        return nc.fail("shape entry " + llvm::Twine(i) +
                       " is 0 (copy) but the input has rank " + llvm::Twine(in.getRank()));
      shape.push_back(in.getDimSize(i));
    } else if (d == -1) {
      if (inferred >= 0)
        return nc.fail("shape has more than one -1 entry");
      inferred = i;
      shape.push_back(ShapedType::kDynamic);
    } else if (d < 0) {
      return nc.fail("shape entry " + llvm::Twine(i) + " is " + llvm::Twine(d));
    } else {
      shape.push_back(d);
    }
  }
  if (inferred >= 0 && in.hasStaticShape()) {
    int64_t known = 1;
    for (auto [i, d] : llvm::enumerate(shape))
      if (static_cast<int>(i) != inferred) {
        if (d == ShapedType::kDynamic)
          return nc.fail("cannot infer the -1 entry next to a dynamic dimension");
        known *= d;
      }
    if (known == 0 || in.getNumElements() % known != 0)
      return nc.fail("cannot reshape " + nn::formatShape(in.getShape()) + " to " +
                     nn::formatShape(*target));
    shape[inferred] = in.getNumElements() / known;
  }
  auto t = RankedTensorType::get(shape, in.getElementType());
  if (in.hasStaticShape() && t.hasStaticShape() &&
      in.getNumElements() != t.getNumElements())
    return nc.fail("cannot reshape " + nn::formatShape(in.getShape()) + " (" +
                   llvm::Twine(in.getNumElements()) + " elements) to " +
                   nn::formatShape(shape));
  nc.setOutput(0, nn::ReshapeOp::create(nc.b, nc.loc, t, x));
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

/// Window attributes shared by Conv and the pools, with auto_pad resolved.
struct WindowAttrs {
  SmallVector<int64_t> kernel, strides, pads, dilations;
};

static FailureOr<WindowAttrs> windowAttrs(NodeContext &nc, RankedTensorType input,
                                          ArrayRef<int64_t> kernel, bool ceilMode) {
  size_t k = kernel.size();
  WindowAttrs w;
  w.kernel.assign(kernel.begin(), kernel.end());
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
    if (d == ShapedType::kDynamic)
      return nc.fail("auto_pad " + autoPad + " needs static spatial dimensions");
    int64_t out = (d + w.strides[i] - 1) / w.strides[i];
    int64_t total = std::max<int64_t>(
        0, (out - 1) * w.strides[i] + (kernel[i] - 1) * w.dilations[i] + 1 - d);
    int64_t small = total / 2, large = total - small;
    w.pads[i] = autoPad == "SAME_UPPER" ? small : large;
    w.pads[i + k] = autoPad == "SAME_UPPER" ? large : small;
  }
  return w;
}

LogicalResult conv(NodeContext &nc) {
  Value x = nc.input(0), w = nc.input(1), bias = nc.optionalInput(2);
  if (!x || !w || (nc.hasInput(2) && !bias) || failed(requireFloat(nc, x, 0)))
    return failure();
  auto wt = nc.tensorType(w);
  if (wt.getRank() < 3)
    return nc.fail("weight must have rank >= 3, got " + nn::formatShape(wt.getShape()));
  ArrayRef<int64_t> kernel = wt.getShape().drop_front(2);
  if (auto ks = nc.getInts("kernel_shape"); ks && ArrayRef<int64_t>(*ks) != kernel)
    return nc.fail("kernel_shape " + nn::formatShape(*ks) +
                   " does not match the weight's " + nn::formatShape(kernel));
  auto win = windowAttrs(nc, nc.tensorType(x), kernel, false);
  if (failed(win))
    return failure();
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
    return failure();
  auto &b = nc.b;
  nc.setOutput(0, nn::ConvOp::create(b, nc.loc, t, x, w, bias,
                                     b.getDenseI64ArrayAttr(win->strides),
                                     b.getDenseI64ArrayAttr(win->pads),
                                     b.getDenseI64ArrayAttr(win->dilations),
                                     b.getI64IntegerAttr(group)));
  return success();
}

template <typename OpTy>
LogicalResult pool(NodeContext &nc) {
  constexpr bool isAvg = std::is_same_v<OpTy, nn::AveragePoolOp>;
  Value x = nc.input(0);
  if (!x || failed(requireFloat(nc, x, 0)))
    return failure();
  auto kernel = nc.getInts("kernel_shape");
  if (!kernel)
    return nc.fail("missing required attribute 'kernel_shape'");
  if (nc.getInt("storage_order", 0) != 0)
    return nc.fail("storage_order=1 (column-major indices) is not supported");
  bool ceil = nc.getInt("ceil_mode", 0) != 0;
  auto win = windowAttrs(nc, nc.tensorType(x), *kernel, ceil);
  if (failed(win))
    return failure();
  std::string err;
  auto t = resultType(nc, nn::inferPoolShape(nc.tensorType(x).getShape(), *kernel,
                                             win->strides, win->pads, win->dilations,
                                             ceil, err),
                      err, nc.tensorType(x).getElementType());
  if (!t)
    return failure();
  auto &b = nc.b;
  auto k = b.getDenseI64ArrayAttr(*kernel), s = b.getDenseI64ArrayAttr(win->strides),
       p = b.getDenseI64ArrayAttr(win->pads), d = b.getDenseI64ArrayAttr(win->dilations);
  Value r;
  if constexpr (isAvg)
    r = OpTy::create(b, nc.loc, t, x, k, s, p, d, b.getBoolAttr(ceil),
                     b.getBoolAttr(nc.getInt("count_include_pad", 0) != 0));
  else
    r = OpTy::create(b, nc.loc, t, x, k, s, p, d, b.getBoolAttr(ceil));
  nc.setOutput(0, r);
  return success();
}

LogicalResult constant(NodeContext &nc) {
  auto &b = nc.b;
  if (nc.node.attribute_size() != 1)
    return nc.fail("exactly one value attribute must be given");
  const onnx::AttributeProto &a = nc.node.attribute(0);
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
  std::vector<OpEntry> table = {
      {"Add", {1, 6, 7, 13, 14}, {7, 13, 14}, {}, "numpy broadcasting", binary<nn::AddOp>},
      {"AveragePool", {1, 7, 10, 11, 19, 22}, {7, 10, 11, 19, 22},
       {"auto_pad", "ceil_mode", "count_include_pad", "dilations", "kernel_shape", "pads", "strides"},
       "1-D and 2-D windows on CPU", pool<nn::AveragePoolOp>},
      {"Constant", {1, 9, 11, 12, 13, 19, 21}, {13, 19, 21},
       {"value", "value_float", "value_floats", "value_int", "value_ints"},
       "no sparse or string values", constant},
      {"Conv", {1, 11, 22}, {11, 22},
       {"auto_pad", "dilations", "group", "kernel_shape", "pads", "strides"},
       "1-D and 2-D, grouped and depthwise, on CPU", conv},
      {"Div", {1, 6, 7, 13, 14}, {7, 13, 14}, {}, "numpy broadcasting", binary<nn::DivOp>},
      {"Flatten", {1, 9, 11, 13, 21}, {9, 11, 13, 21}, {"axis"}, "", flatten},
      {"Gemm", {1, 6, 7, 9, 11, 13}, {11, 13}, {"alpha", "beta", "transA", "transB"},
       "C optional, unidirectional broadcast", gemm},
      {"Identity", {1, 13, 14, 16, 19, 21}, {13, 14, 16, 19, 21}, {}, "tensors only", identity},
      {"MatMul", {1, 9, 13}, {9, 13}, {}, "batched, broadcast", matmul},
      {"MaxPool", {1, 8, 10, 11, 12, 22}, {8, 10, 11, 12, 22},
       {"auto_pad", "ceil_mode", "dilations", "kernel_shape", "pads", "storage_order", "strides"},
       "no Indices output; 1-D and 2-D windows on CPU", pool<nn::MaxPoolOp>},
      {"Mul", {1, 6, 7, 13, 14}, {7, 13, 14}, {}, "numpy broadcasting", binary<nn::MulOp>},
      {"Relu", {1, 6, 13, 14}, {6, 13, 14}, {}, "float types", unary<nn::ReluOp>},
      {"Reshape", {1, 5, 13, 14, 19, 21}, {5, 13, 14, 19, 21}, {"allowzero"},
       "constant shape operand", reshape},
      {"Sigmoid", {1, 6, 13}, {6, 13}, {}, "float types", unary<nn::SigmoidOp>},
      {"Softmax", {1, 11, 13}, {13}, {"axis"}, "", softmax},
      {"Sub", {1, 6, 7, 13, 14}, {7, 13, 14}, {}, "numpy broadcasting", binary<nn::SubOp>},
      {"Tanh", {1, 6, 13}, {6, 13}, {}, "float types", unary<nn::TanhOp>},
  };
  addDataMovementOps(table);
  addReductionOps(table);
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
