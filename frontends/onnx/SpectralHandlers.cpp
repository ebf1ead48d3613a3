//===- SpectralHandlers.cpp - ONNX DFT, STFT and MelWeightMatrix ----------===//
//
// DFT becomes nn.dft, STFT nn.stft, MelWeightMatrix nn.mel_weight_matrix;
// their integer scalar operands (dft_length, frame_step, frame_length,
// num_mel_bins, sample_rate: int32 or int64 scalars, possibly computed at
// run time) become rank-0 i64 tensors, folded to constants when known.
//
// DFT-17 takes its axis as an attribute (default 1), DFT-20 as the
// optional input 2 (default -2); both accept [-r, -2] and [0, r - 2] for an
// input of rank r (the last dimension holds the real and imaginary parts).
// A DFT-20 axis known only at run time is handled like CumSum's: the input
// is reshaped to [before, n, after, C] (products of the sizes around the
// axis, computed at run time), transformed along dimension 1, and reshaped
// back to the input's shape with the new length along the axis and 2
// last. An axis out of range fails the run with KILN_ERR_SHAPE naming the
// node and the accepted range (a cf.assert); it also turns the first
// reshape's shape into -2s, so that reshape never reads past the input.
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/ImporterImpl.h"
#include "dialects/NN/IR/NNOps.h"
#include "dialects/NN/IR/SpectralShapes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace kiln::onnx_frontend {
namespace {

constexpr int64_t kDyn = ShapedType::kDynamic;

/// The scalar input `i` (`what` in messages) as a rank-0 i64 tensor; null
/// when the input is absent. Accepts int32 and int64 scalars and
/// one-element vectors.
FailureOr<Value> scalarInput(NodeContext &nc, int i, StringRef what) {
  FailureOr<Value> v = scalarOperand(
      nc, i, what, [](Type t) { return t.isInteger(32) || t.isInteger(64); },
      "an int32 or int64 scalar");
  if (failed(v) || !*v)
    return v;
  if (std::optional<SmallVector<int64_t>> c = nc.shapes.constantElements(*v); c && c->size() == 1)
    return i64Tensor(nc, {}, {(*c)[0]});
  return castTo(nc, *v, nc.b.getI64Type());
}

/// The value of the rank-0 tensor `v` when known at import, else kDyn.
int64_t knownScalar(NodeContext &nc, Value v) {
  if (std::optional<SmallVector<int64_t>> c = nc.shapes.constantElements(v); c && c->size() == 1)
    return (*c)[0];
  return kDyn;
}

/// The 0/1 attribute `name`.
FailureOr<bool> flag(NodeContext &nc, StringRef name, int64_t dflt) {
  int64_t v = nc.getInt(name, dflt);
  if (v != 0 && v != 1)
    return nc.fail(name + " must be 0 or 1, got " + llvm::Twine(v));
  return v == 1;
}

/// DFT along an axis known only at run time (`axisValue`, a rank-0 i64
/// tensor): see the file comment.
LogicalResult dftRuntimeAxis(NodeContext &nc, Value x, Value length, Value axisValue,
                             bool inverse, bool onesided) {
  auto xt = nc.tensorType(x);
  int64_t rank = xt.getRank(), inner = rank - 1;
  auto &b = nc.b;
  Type i64 = b.getI64Type(), i1 = b.getI1Type();

  // The axis's range, checked first for a clear message (the reshape's
  // shape below is also made invalid, so nothing reads past the input).
  {
    using P = arith::CmpIPredicate;
    Value v = tensor::ExtractOp::create(b, nc.loc, axisValue, ValueRange{});
    auto c = [&](int64_t k) { return arith::ConstantIntOp::create(b, nc.loc, i64, k); };
    auto cmp = [&](P p, int64_t k) { return arith::CmpIOp::create(b, nc.loc, p, v, c(k)); };
    Value negative = arith::AndIOp::create(b, nc.loc, cmp(P::sge, -rank), cmp(P::sle, -2));
    Value positive = arith::AndIOp::create(b, nc.loc, cmp(P::sge, 0), cmp(P::sle, rank - 2));
    checkAtRunTime(nc, arith::OrIOp::create(b, nc.loc, negative, positive),
                 "axis is out of range for an input of rank " + llvm::Twine(rank) +
                     " (accepted: [" + llvm::Twine(-rank) + ", -2] and [0, " +
                     llvm::Twine(rank - 2) + "])");
  }
  Value a = reshapeTo(nc, axisValue, {1});
  Value zero = scalarConstant(nc, i64, 0), one = scalarConstant(nc, i64, 1);
  Value negative = buildBinary<nn::LessOp>(nc, a, zero, i1);
  Value wrapped = buildBinary<nn::AddOp>(nc, a, scalarConstant(nc, i64, rank));
  if (!negative || !wrapped)
    return failure();
  a = buildWhere(nc, negative, wrapped, a);
  Value lo = a ? buildBinary<nn::GreaterOrEqualOp>(nc, a, zero, i1) : Value();
  Value hi = a ? buildBinary<nn::LessOp>(nc, a, scalarConstant(nc, i64, inner), i1) : Value();
  Value valid = lo && hi ? buildBinary<nn::AndOp>(nc, lo, hi) : Value();
  if (!valid)
    return failure();

  // [before, n, after, C] from the signal dimensions (all but the last).
  Value iota = i64Tensor(nc, {inner}, llvm::to_vector(llvm::seq<int64_t>(0, inner)));
  Value dims = b.createOrFold<nn::ShapeOp>(nc.loc, RankedTensorType::get({inner}, i64), x,
                                           b.getI64IntegerAttr(0), b.getI64IntegerAttr(inner));
  Value parts = b.createOrFold<nn::ShapeOp>(nc.loc, RankedTensorType::get({1}, i64), x,
                                            b.getI64IntegerAttr(inner), b.getI64IntegerAttr(rank));
  auto productWhere = [&](Value pick) -> Value {
    Value sizes = pick ? buildWhere(nc, pick, dims, one) : Value();
    return sizes ? buildReduce(nc, sizes, nn::ReduceKind::Prod, {0}, /*keepdims=*/true)
                 : Value();
  };
  Value isAxis = buildBinary<nn::EqualOp>(nc, iota, a, i1);
  Value before = productWhere(buildBinary<nn::LessOp>(nc, iota, a, i1));
  Value along = productWhere(isAxis);
  Value after = productWhere(buildBinary<nn::GreaterOp>(nc, iota, a, i1));
  if (!isAxis || !before || !along || !after)
    return failure();
  Value vec = nn::ConcatOp::create(b, nc.loc, RankedTensorType::get({4}, i64),
                                   ValueRange{before, along, after, parts},
                                   b.getI64IntegerAttr(0));
  vec = shapeUnlessInvalid(nc, vec, valid);
  if (!vec)
    return failure();
  auto t4 = RankedTensorType::get({kDyn, kDyn, kDyn, xt.getDimSize(inner)}, xt.getElementType());
  Value x4 = nn::DynamicReshapeOp::create(b, nc.loc, t4, x, vec, b.getBoolAttr(true));

  std::optional<int64_t> lengthArg;
  int64_t n = kDyn;
  if (length)
    lengthArg = n = knownScalar(nc, length);
  std::string err;
  auto y4Type = resultType(nc, nn::inferDFTShape(t4.getShape(), 1, lengthArg, onesided, err),
                           err, xt.getElementType());
  if (!y4Type)
    return failure();
  Value y4 = nn::DFTOp::create(b, nc.loc, y4Type, x4, length, b.getI64IntegerAttr(1),
                               b.getBoolAttr(inverse), b.getBoolAttr(onesided));

  // Back to the input's rank: the new length along the axis, 2 last. A
  // dimension keeps its static size when it is the same whether or not it
  // is the axis.
  Value newLength = b.createOrFold<nn::ShapeOp>(nc.loc, RankedTensorType::get({1}, i64), y4,
                                                b.getI64IntegerAttr(1), b.getI64IntegerAttr(2));
  Value outDims = buildWhere(nc, isAxis, newLength, dims);
  if (!outDims)
    return failure();
  Value outShape = nn::ConcatOp::create(b, nc.loc, RankedTensorType::get({rank}, i64),
                                        ValueRange{outDims, i64Tensor(nc, {1}, {2})},
                                        b.getI64IntegerAttr(0));
  bool sameLength = !length && !onesided;
  int64_t outLength = n == kDyn ? kDyn : onesided ? n / 2 + 1 : n;
  SmallVector<int64_t> shape;
  SymVector symDims;
  SymVector inDims = nc.shapes.dims(x);
  for (int64_t d = 0; d < inner; ++d) {
    int64_t s = xt.getDimSize(d);
    bool keep = sameLength || (s != kDyn && s == outLength);
    shape.push_back(keep ? s : kDyn);
    symDims.push_back(keep ? inDims[d] : nc.shapes.fresh(true));
  }
  shape.push_back(2);
  symDims.push_back(SymExpr::constant(2));
  Value y = nn::DynamicReshapeOp::create(
      b, nc.loc, RankedTensorType::get(shape, xt.getElementType()), y4, outShape,
      b.getBoolAttr(true));
  nc.shapes.setDims(y, symDims);
  nc.setOutput(0, y);
  return success();
}

LogicalResult dft(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x || failed(requireFloat(nc, x, 0)))
    return failure();
  auto xt = nc.tensorType(x);
  int64_t rank = xt.getRank();
  if (rank < 2)
    return nc.fail("the input must have rank >= 2 (the signal dimensions, then 1 or 2 for the "
                   "real and imaginary parts), got " +
                   typeName(xt));
  FailureOr<bool> inverse = flag(nc, "inverse", 0), onesided = flag(nc, "onesided", 0);
  if (failed(inverse) || failed(onesided))
    return failure();
  FailureOr<Value> length = scalarInput(nc, 1, "dft_length");
  if (failed(length))
    return failure();

  // The axis: an attribute (17), a constant or run-time input (20).
  std::optional<int64_t> axis;
  if (nc.version < 20) {
    axis = nc.getInt("axis", 1);
  } else {
    if (nc.attr("axis"))
      return nc.fail("attribute 'axis' is not part of DFT-20 (the axis is input 2)");
    FailureOr<Value> axisValue = scalarInput(nc, 2, "axis");
    if (failed(axisValue))
      return failure();
    if (!*axisValue)
      axis = -2;
    else if (int64_t c = knownScalar(nc, *axisValue); c != kDyn)
      axis = c;
    else
      return dftRuntimeAxis(nc, x, *length, *axisValue, *inverse, *onesided);
  }
  int64_t a = *axis < 0 ? *axis + rank : *axis;
  if (a < 0 || a > rank - 2)
    return nc.fail("axis " + llvm::Twine(*axis) + " is out of range for an input of rank " +
                   llvm::Twine(rank) + " (accepted: [" + llvm::Twine(-rank) + ", -2] and [0, " +
                   llvm::Twine(rank - 2) + "])");

  std::optional<int64_t> lengthArg;
  if (*length)
    lengthArg = knownScalar(nc, *length);
  std::string err;
  auto t = resultType(nc, nn::inferDFTShape(xt.getShape(), a, lengthArg, *onesided, err), err,
                      xt.getElementType());
  if (!t)
    return failure();
  auto &b = nc.b;
  auto op = nn::DFTOp::create(b, nc.loc, t, x, *length, b.getI64IntegerAttr(a),
                              b.getBoolAttr(*inverse), b.getBoolAttr(*onesided));
  SymVector dims = nc.shapes.dims(x);
  dims.back() = SymExpr::constant(2);
  if (*length || *onesided)
    dims[a] = t.isDynamicDim(a) ? nc.shapes.fresh(true) : SymExpr::constant(t.getDimSize(a));
  nc.shapes.setDims(op.getResult(), dims);
  nc.setOutput(0, op.getResult());
  return success();
}

LogicalResult stft(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x || failed(requireFloat(nc, x, 0)))
    return failure();
  auto xt = nc.tensorType(x);
  FailureOr<bool> onesided = flag(nc, "onesided", 1);
  if (failed(onesided))
    return failure();
  FailureOr<Value> step = scalarInput(nc, 1, "frame_step");
  if (failed(step))
    return failure();
  if (!*step)
    return nc.fail("input 1 (frame_step) is required");
  Value window = nc.optionalInput(2);
  std::optional<int64_t> windowLength;
  if (window) {
    auto wt = nc.tensorType(window);
    if (wt.getRank() != 1 || wt.getElementType() != xt.getElementType())
      return nc.fail("input 2 (window) must be a 1-D tensor of the signal's element type " +
                     typeName(xt.getElementType()) + ", got " + typeName(wt));
    windowLength = wt.getDimSize(0);
  }
  FailureOr<Value> frameLength = scalarInput(nc, 3, "frame_length");
  if (failed(frameLength))
    return failure();
  std::optional<int64_t> frameLengthArg;
  if (*frameLength)
    frameLengthArg = knownScalar(nc, *frameLength);

  std::string err;
  auto t = resultType(nc,
                      nn::inferSTFTShape(xt.getShape(), knownScalar(nc, *step), windowLength,
                                         frameLengthArg, *onesided, err),
                      err, xt.getElementType());
  if (!t)
    return failure();
  auto &b = nc.b;
  auto op = nn::STFTOp::create(b, nc.loc, t, x, *step, window, *frameLength,
                               b.getBoolAttr(*onesided));
  SymVector dims{nc.shapes.dims(x)[0]};
  for (int64_t d = 1; d < 3; ++d)
    dims.push_back(t.isDynamicDim(d) ? nc.shapes.fresh(true) : SymExpr::constant(t.getDimSize(d)));
  dims.push_back(SymExpr::constant(2));
  nc.shapes.setDims(op.getResult(), dims);
  nc.setOutput(0, op.getResult());
  return success();
}

LogicalResult melWeightMatrix(NodeContext &nc) {
  FailureOr<Value> bands = scalarInput(nc, 0, "num_mel_bins");
  FailureOr<Value> dftLength = scalarInput(nc, 1, "dft_length");
  FailureOr<Value> rate = scalarInput(nc, 2, "sample_rate");
  if (failed(bands) || failed(dftLength) || failed(rate))
    return failure();
  if (!*bands || !*dftLength || !*rate)
    return nc.fail("inputs 0 to 4 are required");
  Value lo = nc.input(3), hi = nc.input(4);
  if (!lo || !hi)
    return failure();
  SmallVector<Value, 2> edges{lo, hi};
  for (auto [i, v] : llvm::enumerate(edges)) {
    auto t = nc.tensorType(v);
    if (t.getRank() != 0 || !isa<FloatType>(t.getElementType()))
      return nc.fail("input " + llvm::Twine(i + 3) +
                     (i == 0 ? " (lower_edge_hertz)" : " (upper_edge_hertz)") +
                     " must be a float scalar, got " + typeName(t));
  }
  if (failed(requireSameElementType(nc, ValueRange{lo, hi})))
    return failure();
  int64_t dt = nc.getInt("output_datatype", onnx::TensorProto::FLOAT);
  Type et = elementTypeFor(nc.b.getContext(), static_cast<int>(dt));
  if (!et || et.isInteger(1))
    return nc.fail("output_datatype " + llvm::Twine(dt) +
                   " is not a supported numeric type (float, double, float16, bfloat16 or an "
                   "integer type)");
  int64_t r = knownScalar(nc, *rate);
  if (r != kDyn && r < 1)
    return nc.fail("sample_rate is " + llvm::Twine(r) + "; it must be at least 1");
  std::string err;
  auto t = resultType(nc,
                      nn::inferMelWeightMatrixShape(knownScalar(nc, *bands),
                                                    knownScalar(nc, *dftLength), err),
                      err, et);
  if (!t)
    return failure();
  auto op = nn::MelWeightMatrixOp::create(nc.b, nc.loc, t, *bands, *dftLength, *rate, lo, hi);
  SymVector dims;
  for (int64_t d = 0; d < 2; ++d)
    dims.push_back(t.isDynamicDim(d) ? nc.shapes.fresh(true) : SymExpr::constant(t.getDimSize(d)));
  nc.shapes.setDims(op.getResult(), dims);
  nc.setOutput(0, op.getResult());
  return success();
}

} // namespace

void addSpectralOps(std::vector<OpEntry> &table) {
  table.push_back({"DFT", {17, 20}, {17, 20}, {"axis", "inverse", "onesided"},
                   "direct O(n^2) transform; real or complex input (onesided: real only); "
                   "dft_length and (20) the axis may be run-time values",
                   dft});
  table.push_back({"STFT", {17}, {17}, {"onesided"},
                   "direct O(n^2) transform per frame; real or complex signal (onesided: real "
                   "only); frame_step and frame_length may be run-time values",
                   stft});
  table.push_back({"MelWeightMatrix", {17}, {17}, {"output_datatype"},
                   "inputs may be run-time values; as ONNX's reference implementation",
                   melWeightMatrix});
}

} // namespace kiln::onnx_frontend
