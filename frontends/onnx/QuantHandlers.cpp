//===- QuantHandlers.cpp - ONNX quantization operators ---------------------===//
//
// QuantizeLinear, DequantizeLinear, DynamicQuantizeLinear, MatMulInteger,
// QLinearMatMul, ConvInteger and QLinearConv, decomposed into existing nn
// ops. The arithmetic follows ONNX's reference implementation step by step
// (which type each step is computed in, where it rounds), so the results
// agree bit for bit:
// - quantizing divides in the inputs' float type, rounds half to even,
//   adds the zero point as an integer and saturates to the output type;
// - integer matrix products are nn.matmul on i32;
// - integer convolutions run nn.conv on f64: the operands are integers of
//   at most 9 bits (x - zero_point), so each product is below 2^17 and a
//   sum of fewer than 2^36 of them stays below 2^53, where f64 is exact;
// - requantization multiplies the exact integer accumulator by the
//   combined scale in f64, as numpy does for int32 * float.
// Float8 and 4-bit types are not imported, so a model using them fails
// before it gets here.
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/ImporterImpl.h"
#include "dialects/NN/IR/NNOps.h"

using namespace mlir;

namespace kiln::onnx_frontend {
namespace {

constexpr int64_t kDyn = ShapedType::kDynamic;

/// Null-propagating builders: each returns null if an operand is null (an
/// error was recorded when it was built).
struct Arith {
  NodeContext &nc;

  template <typename OpTy> Value bin(Value l, Value r, Type resultElement = {}) {
    if (!l || !r)
      return {};
    return buildBinary<OpTy>(nc, l, r, resultElement);
  }
  Value add(Value l, Value r) { return bin<nn::AddOp>(l, r); }
  Value sub(Value l, Value r) { return bin<nn::SubOp>(l, r); }
  Value mul(Value l, Value r) { return bin<nn::MulOp>(l, r); }
  Value div(Value l, Value r) { return bin<nn::DivOp>(l, r); }
  Value max(Value l, Value r) { return bin<nn::MaxOp>(l, r); }
  Value min(Value l, Value r) { return bin<nn::MinOp>(l, r); }
  Value cast(Value v, Type et) { return v ? castTo(nc, v, et) : Value(); }
  Value round(Value v) {
    return v ? nn::RoundOp::create(nc.b, nc.loc, v.getType(), v).getResult() : Value();
  }
  Value cst(Type et, double v) { return scalarConstant(nc, et, v); }
  /// `v` clamped to [lo, hi] (constants of `v`'s element type).
  Value clamp(Value v, double lo, double hi) {
    if (!v)
      return {};
    Type et = nc.tensorType(v).getElementType();
    return min(max(v, cst(et, lo)), cst(et, hi));
  }
};

bool isQuantInt(Type t, bool allow32 = false) {
  auto it = dyn_cast<IntegerType>(t);
  if (!it)
    return false;
  unsigned w = it.getWidth();
  return w == 8 || w == 16 || (allow32 && w == 32 && !it.isUnsigned());
}

/// The representable range of an integer element type.
std::pair<double, double> intRange(Type t) {
  auto it = cast<IntegerType>(t);
  unsigned w = it.getWidth();
  if (it.isUnsigned())
    return {0.0, std::ldexp(1.0, w) - 1};
  return {-std::ldexp(1.0, w - 1), std::ldexp(1.0, w - 1) - 1};
}

/// True if `v` holds exactly one element whatever the run-time sizes.
bool isSingle(NodeContext &nc, Value v) {
  auto t = nc.tensorType(v);
  return llvm::all_of(t.getShape(), [](int64_t d) { return d == 1; });
}

/// Scale or zero point `p` (input `i`) made broadcastable against `x`:
/// per tensor (one element), per axis (1-D along `axis`) or blocked (the
/// rank of `x`, each entry repeated `block` times along `axis`).
Value quantParam(NodeContext &nc, Value p, int i, Value x, int64_t axis, int64_t block) {
  if (!p)
    return {};
  auto pt = nc.tensorType(p), xt = nc.tensorType(x);
  int64_t r = xt.getRank();
  if (isSingle(nc, p))
    return pt.getRank() == 0 ? p : reshapeTo(nc, p, {});
  // A 1-D parameter of run-time size where no axis applies can only be
  // per tensor: one element, checked at run time.
  if (block == 0 && pt.getRank() == 1 && (axis < -r || axis >= r))
    return nn::ReshapeOp::create(nc.b, nc.loc, RankedTensorType::get({}, pt.getElementType()),
                                 p);
  if (axis < -r || axis >= r) {
    (void)nc.fail("axis " + llvm::Twine(axis) + " is out of range for input 0 of rank " +
                  llvm::Twine(r));
    return {};
  }
  if (axis < 0)
    axis += r;
  int64_t n = xt.getDimSize(axis);
  if (block == 0) {
    if (pt.getRank() != 1) {
      (void)nc.fail("input " + llvm::Twine(i) + " has shape " +
                    nn::formatShape(pt.getShape()) +
                    ": without block_size it must have one element or be 1-D");
      return {};
    }
    int64_t m = pt.getDimSize(0);
    if (m != kDyn && n != kDyn && m != n) {
      (void)nc.fail("input " + llvm::Twine(i) + " has " + llvm::Twine(m) +
                    " entries for dimension " + llvm::Twine(axis) + " of size " +
                    llvm::Twine(n));
      return {};
    }
    SmallVector<int64_t> shape(r, 1);
    shape[axis] = m;
    return reshapeTo(nc, p, shape);
  }
  // Blocked: entry k of `axis` covers x's entries k*block .. k*block+block-1.
  if (pt.getRank() != r) {
    (void)nc.fail("input " + llvm::Twine(i) + " has shape " + nn::formatShape(pt.getShape()) +
                  ": with block_size it must have the rank of input 0, " +
                  nn::formatShape(xt.getShape()));
    return {};
  }
  for (int64_t d = 0; d < r; ++d) {
    int64_t want = xt.getDimSize(d), got = pt.getDimSize(d);
    if (d == axis && want != kDyn)
      want = want / block + (want % block != 0);
    if (want != kDyn && got != kDyn && want != got) {
      (void)nc.fail("input " + llvm::Twine(i) + " has shape " +
                    nn::formatShape(pt.getShape()) + ", which does not block input 0, " +
                    nn::formatShape(xt.getShape()) + ", by " + llvm::Twine(block) +
                    " along axis " + llvm::Twine(axis));
      return {};
    }
  }
  // The indices j / block: a constant when small, else computed at run time.
  Type i64 = nc.b.getI64Type();
  Value idx;
  if (n != kDyn && n <= (int64_t(1) << 16)) {
    SmallVector<int64_t> v(n);
    for (int64_t j = 0; j < n; ++j)
      v[j] = j / block;
    idx = nn::ConstantOp::create(nc.b, nc.loc,
                                 DenseElementsAttr::get(RankedTensorType::get({n}, i64),
                                                        ArrayRef<int64_t>(v)));
  } else {
    Value range = nn::DynamicRangeOp::create(nc.b, nc.loc, RankedTensorType::get({n}, i64),
                                             scalarConstant(nc, i64, 0), dimScalar(nc, x, axis),
                                             scalarConstant(nc, i64, 1));
    Value b = nn::ConstantOp::create(
        nc.b, nc.loc, DenseElementsAttr::get(RankedTensorType::get({}, i64), ArrayRef(block)));
    idx = buildBinary<nn::DivOp>(nc, range, b);
    if (!idx)
      return {};
  }
  SmallVector<int64_t> shape(pt.getShape());
  shape[axis] = n;
  return nn::GatherOp::create(nc.b, nc.loc, RankedTensorType::get(shape, pt.getElementType()),
                              p, idx, nc.b.getI64IntegerAttr(axis));
}

Type elementOf(NodeContext &nc, Value v) { return nc.tensorType(v).getElementType(); }

/// The axis and block size of a (de)quantizing node.
LogicalResult quantLayout(NodeContext &nc, int64_t &axis, int64_t &block) {
  axis = nc.getInt("axis", 1);
  block = nc.version >= 21 ? nc.getInt("block_size", 0) : 0;
  if (block < 0)
    return nc.fail("block_size " + llvm::Twine(block) + " must not be negative");
  return success();
}

LogicalResult requireSameType(NodeContext &nc, Value zp, int zi, Value v, int vi) {
  if (!zp || elementOf(nc, zp) == elementOf(nc, v))
    return success();
  return nc.fail("input " + llvm::Twine(zi) + " (zero point) has element type " +
                 typeName(elementOf(nc, zp)) + " but input " + llvm::Twine(vi) + " has " +
                 typeName(elementOf(nc, v)));
}

LogicalResult requireInt8(NodeContext &nc, Value v, int i) {
  Type et = elementOf(nc, v);
  if (et.isInteger(8))
    return success();
  return nc.fail("input " + llvm::Twine(i) + " has element type " + typeName(et) +
                 "; only int8 and uint8 are supported");
}

LogicalResult requireFloatScale(NodeContext &nc, Value v, int i) {
  Type et = elementOf(nc, v);
  if (isa<FloatType>(et))
    return success();
  return nc.fail("input " + llvm::Twine(i) + " (scale) has element type " + typeName(et) +
                 "; a float type is required");
}

/// y = (x - zero_point) * scale. As the reference: x and the zero point in
/// f32 (f64 for an int32 zero point, as numpy promotes int32 - f32), the
/// product in that type, then the output type.
LogicalResult dequantizeLinear(NodeContext &nc) {
  Value x = nc.input(0), scale = nc.input(1), zp = nc.optionalInput(2);
  if (!x || !scale || (nc.hasInput(2) && !zp))
    return failure();
  Type xet = elementOf(nc, x);
  if (!isQuantInt(xet, /*allow32=*/true))
    return nc.fail("input 0 has element type " + typeName(xet) +
                   "; int8, uint8, int16, uint16 and int32 are supported");
  if (failed(requireFloatScale(nc, scale, 1)) || failed(requireSameType(nc, zp, 2, x, 0)))
    return failure();
  Type f32 = nc.b.getF32Type(), f64 = nc.b.getF64Type();
  Type out = nc.version >= 19 ? elementOf(nc, scale) : f32;
  if (nc.version >= 23 && nc.attr("output_dtype")) {
    int dt = static_cast<int>(nc.getInt("output_dtype", 0));
    Type t = elementTypeFor(nc.b.getContext(), dt);
    if (!t || !isa<FloatType>(t))
      return nc.fail("output_dtype " + dataTypeName(dt) + " is not supported");
    out = t;
  }
  int64_t axis, block;
  if (failed(quantLayout(nc, axis, block)))
    return failure();
  Arith a{nc};
  Value dx = a.cast(x, f32);
  Type ct = f32;
  if (zp) {
    if (xet.isInteger(32)) {
      ct = f64;
      dx = a.cast(dx, f64);
    }
    dx = a.sub(dx, a.cast(quantParam(nc, zp, 2, x, axis, block), ct));
  }
  Value y = a.cast(a.mul(dx, a.cast(quantParam(nc, scale, 1, x, axis, block), ct)), out);
  if (!y)
    return failure();
  nc.setOutput(0, y);
  return success();
}

/// The type numpy computes `x / scale` in.
Type divisionType(NodeContext &nc, Type x, Type s) {
  auto fx = dyn_cast<FloatType>(x), fs = dyn_cast<FloatType>(s);
  if (!fx || !fs)
    return nc.b.getF64Type();
  if (fx == fs)
    return fx;
  unsigned w = std::max(fx.getWidth(), fs.getWidth());
  return w >= 64 ? Type(nc.b.getF64Type()) : Type(nc.b.getF32Type());
}

/// y = saturate(round_half_even(x / scale) + zero_point).
LogicalResult quantizeLinear(NodeContext &nc) {
  Value x = nc.input(0), scale = nc.input(1), zp = nc.optionalInput(2);
  if (!x || !scale || (nc.hasInput(2) && !zp))
    return failure();
  Type xet = elementOf(nc, x), set = elementOf(nc, scale);
  if (!isa<FloatType>(xet) && !xet.isSignlessInteger(32))
    return nc.fail("input 0 has element type " + typeName(xet) + "; a float type or int32 is required");
  if (!isa<FloatType>(set) && !set.isSignlessInteger(32))
    return nc.fail("input 1 (scale) has element type " + typeName(set) +
                   "; a float type or int32 is required");
  Type out = zp ? elementOf(nc, zp) : Type();
  if (nc.version >= 21 && nc.attr("output_dtype")) {
    int dt = static_cast<int>(nc.getInt("output_dtype", 0));
    Type t = elementTypeFor(nc.b.getContext(), dt);
    if (!t || !isQuantInt(t))
      return nc.fail("output_dtype " + dataTypeName(dt) +
                     " is not supported (int8, uint8, int16 and uint16 are)");
    if (out && out != t)
      return nc.fail("output_dtype " + dataTypeName(dt) + " differs from the zero point's type " +
                     typeName(out));
    out = t;
  }
  if (!out)
    out = nc.b.getIntegerType(8, /*isSigned=*/false);
  if (!isQuantInt(out))
    return nc.fail("output type " + typeName(out) +
                   " is not supported (int8, uint8, int16 and uint16 are)");
  Type ct = divisionType(nc, xet, set);
  if (nc.attr("precision")) {
    int dt = static_cast<int>(nc.getInt("precision", 0));
    Type t = dt ? elementTypeFor(nc.b.getContext(), dt) : ct;
    if (!t || !isa<FloatType>(t))
      return nc.fail("precision " + dataTypeName(dt) + " is not supported");
    ct = t;
  }
  int64_t axis, block;
  if (failed(quantLayout(nc, axis, block)))
    return failure();
  Arith a{nc};
  Type i32 = nc.b.getI32Type();
  Value r = a.round(a.div(a.cast(x, ct), a.cast(quantParam(nc, scale, 1, x, axis, block), ct)));
  // Bounded so that the conversion to i32 is defined (infinities too);
  // anything past the bound saturates the same way.
  double bound = ct.isF16() ? 65504.0 : 1048576.0;
  r = a.clamp(r, -bound, bound);
  Value q = a.cast(r, i32);
  if (zp)
    q = a.add(q, a.cast(quantParam(nc, zp, 2, x, axis, block), i32));
  auto [lo, hi] = intRange(out);
  Value y = a.cast(a.clamp(q, lo, hi), out);
  if (!y)
    return failure();
  nc.setOutput(0, y);
  return success();
}

/// uint8 quantization with a scale and zero point computed from x's range.
LogicalResult dynamicQuantizeLinear(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x)
    return failure();
  if (!elementOf(nc, x).isF32())
    return nc.fail("input 0 has element type " + typeName(elementOf(nc, x)) +
                   "; only float is supported");
  Arith a{nc};
  Type f32 = nc.b.getF32Type(), u8 = nc.b.getIntegerType(8, /*isSigned=*/false);
  int64_t r = nc.tensorType(x).getRank();
  auto axes = llvm::to_vector(llvm::seq<int64_t>(0, r));
  Value mx = r ? buildReduce(nc, x, nn::ReduceKind::Max, axes, false) : x;
  Value mn = r ? buildReduce(nc, x, nn::ReduceKind::Min, axes, false) : x;
  Value zero = a.cst(f32, 0.0);
  Value hi = a.max(mx, zero), lo = a.min(mn, zero);
  Value same = a.bin<nn::EqualOp>(hi, lo, nc.b.getI1Type());
  Value range = a.sub(hi, lo);
  if (!same || !range)
    return failure();
  range = buildWhere(nc, same, a.cst(f32, 1.0), range);
  Value scale = a.div(range, a.cst(f32, 255.0));
  Value zpf = a.round(a.clamp(a.sub(zero, a.div(lo, scale)), 0.0, 255.0));
  Value y = a.cast(a.clamp(a.add(a.round(a.div(x, scale)), zpf), 0.0, 255.0), u8);
  Value zpq = a.cast(zpf, u8);
  if (!y || !zpq)
    return failure();
  nc.setOutput(0, y);
  nc.setOutput(1, scale);
  nc.setOutput(2, zpq);
  return success();
}

/// A per-row parameter (1-D, one entry per row of a matrix operand `v`
/// of rank >= 2) as a column, so that it broadcasts along the rows.
Value asColumn(NodeContext &nc, Value p, Value v) {
  if (!p || isSingle(nc, p) || nc.tensorType(p).getRank() != 1 ||
      nc.tensorType(v).getRank() < 2)
    return p;
  return reshapeTo(nc, p, {nc.tensorType(p).getDimSize(0), 1});
}

/// `v - zero_point` in i32 (`rows`: a 1-D zero point is per row).
Value shiftedI32(NodeContext &nc, Value v, Value zp, bool rows) {
  Arith a{nc};
  Type i32 = nc.b.getI32Type();
  Value v32 = a.cast(v, i32);
  if (!zp)
    return v32;
  return a.sub(v32, a.cast(rows ? asColumn(nc, zp, v) : zp, i32));
}

Value matmulI32(NodeContext &nc, Value l, Value r) {
  if (!l || !r)
    return {};
  std::string err;
  auto t = resultType(nc, nn::inferMatMulShape(nc.tensorType(l).getShape(),
                                               nc.tensorType(r).getShape(), err),
                      err, nc.b.getI32Type());
  return t ? nn::MatMulOp::create(nc.b, nc.loc, t, l, r).getResult() : Value();
}

LogicalResult matMulInteger(NodeContext &nc) {
  Value A = nc.input(0), B = nc.input(1), azp = nc.optionalInput(2), bzp = nc.optionalInput(3);
  if (!A || !B || (nc.hasInput(2) && !azp) || (nc.hasInput(3) && !bzp))
    return failure();
  if (failed(requireInt8(nc, A, 0)) || failed(requireInt8(nc, B, 1)) ||
      failed(requireSameType(nc, azp, 2, A, 0)) || failed(requireSameType(nc, bzp, 3, B, 1)))
    return failure();
  Value y = matmulI32(nc, shiftedI32(nc, A, azp, true), shiftedI32(nc, B, bzp, false));
  if (!y)
    return failure();
  nc.setOutput(0, y);
  return success();
}

/// round_half_even(acc * scale + zero_point) saturated to `out`, with the
/// integer accumulator `acc` (exact in f64) and the product in f64, as
/// numpy computes int32 * float.
Value requantize(NodeContext &nc, Value acc, Value scale, Value zp, Type out) {
  Arith a{nc};
  Type f64 = nc.b.getF64Type();
  Value d = a.mul(a.cast(acc, f64), a.cast(scale, f64));
  if (zp)
    d = a.add(d, a.cast(zp, f64));
  auto [lo, hi] = intRange(out);
  return a.cast(a.clamp(a.round(d), lo, hi), out);
}

LogicalResult qlinearMatMul(NodeContext &nc) {
  Value in[8];
  for (int i = 0; i < 8; ++i) {
    bool optional = i % 3 == 2; // the zero points
    in[i] = optional ? nc.optionalInput(i) : nc.input(i);
    if (!in[i] && (!optional || nc.hasInput(i)))
      return failure();
  }
  Value av = in[0], as = in[1], azp = in[2], bv = in[3], bs = in[4], bzp = in[5], ys = in[6],
        yzp = in[7];
  if (failed(requireInt8(nc, av, 0)) || failed(requireInt8(nc, bv, 3)) ||
      failed(requireSameType(nc, azp, 2, av, 0)) || failed(requireSameType(nc, bzp, 5, bv, 3)) ||
      failed(requireFloatScale(nc, as, 1)) || failed(requireFloatScale(nc, bs, 4)) ||
      failed(requireFloatScale(nc, ys, 6)))
    return failure();
  if (yzp && !elementOf(nc, yzp).isInteger(8))
    return nc.fail("input 7 (zero point) has element type " + typeName(elementOf(nc, yzp)) +
                   "; only int8 and uint8 are supported");
  Arith a{nc};
  Value acc = matmulI32(nc, shiftedI32(nc, av, azp, true), shiftedI32(nc, bv, bzp, false));
  Value scale = a.div(a.mul(asColumn(nc, as, av), bs), ys);
  Value y = requantize(nc, acc, scale, yzp, yzp ? elementOf(nc, yzp) : elementOf(nc, av));
  if (!y)
    return failure();
  nc.setOutput(0, y);
  return success();
}

/// `v - zero_point` in f64 for a convolution operand; a 1-D zero point of
/// the weight is per output channel.
Value shiftedF64(NodeContext &nc, Value v, Value zp, bool weight) {
  Arith a{nc};
  Type f64 = nc.b.getF64Type();
  Value v64 = a.cast(v, f64);
  if (!zp)
    return v64;
  if (!isSingle(nc, zp)) {
    auto zt = nc.tensorType(zp);
    if (!weight || zt.getRank() != 1 || nc.tensorType(v).getRank() == 0) {
      (void)nc.fail(std::string(weight ? "the weight's" : "the input's") +
                    " zero point has shape " + nn::formatShape(zt.getShape()) + "; " +
                    (weight ? "one element or one per output channel" : "one element") +
                    " is supported");
      return {};
    }
    SmallVector<int64_t> shape(nc.tensorType(v).getRank(), 1);
    shape[0] = zt.getDimSize(0);
    zp = reshapeTo(nc, zp, shape);
  }
  return a.sub(v64, a.cast(zp, f64));
}

LogicalResult convInteger(NodeContext &nc) {
  Value x = nc.input(0), w = nc.input(1), xzp = nc.optionalInput(2), wzp = nc.optionalInput(3);
  if (!x || !w || (nc.hasInput(2) && !xzp) || (nc.hasInput(3) && !wzp))
    return failure();
  if (failed(requireInt8(nc, x, 0)) || failed(requireInt8(nc, w, 1)) ||
      failed(requireSameType(nc, xzp, 2, x, 0)) || failed(requireSameType(nc, wzp, 3, w, 1)))
    return failure();
  Value xs = shiftedF64(nc, x, xzp, false), ws = shiftedF64(nc, w, wzp, true);
  if (!xs || !ws)
    return failure();
  Value y = buildConv(nc, xs, ws, Value());
  if (!y)
    return failure();
  nc.setOutput(0, castTo(nc, y, nc.b.getI32Type()));
  return success();
}

LogicalResult qlinearConv(NodeContext &nc) {
  Value in[9];
  for (int i = 0; i < 9; ++i) {
    bool optional = i % 3 == 2 || i == 8; // the zero points and the bias
    in[i] = optional ? nc.optionalInput(i) : nc.input(i);
    if (!in[i] && (!optional || nc.hasInput(i)))
      return failure();
  }
  Value x = in[0], xs = in[1], xzp = in[2], w = in[3], wsc = in[4], wzp = in[5], ys = in[6],
        yzp = in[7], bias = in[8];
  if (failed(requireInt8(nc, x, 0)) || failed(requireInt8(nc, w, 3)) ||
      failed(requireSameType(nc, xzp, 2, x, 0)) || failed(requireSameType(nc, wzp, 5, w, 3)) ||
      failed(requireFloatScale(nc, xs, 1)) || failed(requireFloatScale(nc, wsc, 4)) ||
      failed(requireFloatScale(nc, ys, 6)))
    return failure();
  if (yzp && !elementOf(nc, yzp).isInteger(8))
    return nc.fail("input 7 (zero point) has element type " + typeName(elementOf(nc, yzp)) +
                   "; only int8 and uint8 are supported");
  if (bias && !elementOf(nc, bias).isSignlessInteger(32))
    return nc.fail("input 8 (bias) has element type " + typeName(elementOf(nc, bias)) +
                   "; int32 is required");
  Value xv = shiftedF64(nc, x, xzp, false), wv = shiftedF64(nc, w, wzp, true);
  if (!xv || !wv)
    return failure();
  Value acc = buildConv(nc, xv, wv, bias ? castTo(nc, bias, nc.b.getF64Type()) : Value());
  if (!acc)
    return failure();
  // A per-output-channel weight scale broadcasts along dimension 1.
  if (!isSingle(nc, wsc)) {
    auto st = nc.tensorType(wsc);
    if (st.getRank() != 1)
      return nc.fail("input 4 (weight scale) has shape " + nn::formatShape(st.getShape()) +
                     "; one element or one per output channel is supported");
    SmallVector<int64_t> shape(nc.tensorType(acc).getRank(), 1);
    shape[1] = st.getDimSize(0);
    wsc = reshapeTo(nc, wsc, shape);
  }
  Arith a{nc};
  Value scale = a.div(a.mul(xs, wsc), ys);
  Value y = requantize(nc, acc, scale, yzp, yzp ? elementOf(nc, yzp) : elementOf(nc, x));
  if (!y)
    return failure();
  nc.setOutput(0, y);
  return success();
}

} // namespace

void addQuantOps(std::vector<OpEntry> &table) {
  std::vector<OpEntry> ops = {
      {"DequantizeLinear", {10, 13, 19, 21, 23, 24}, {10, 13, 19, 21, 23, 24},
       {"axis", "block_size", "output_dtype"},
       "int8, uint8, int16, uint16, int32 input; per tensor, per axis or blocked; no float8 "
       "or 4-bit types",
       dequantizeLinear},
      {"QuantizeLinear", {10, 13, 19, 21, 23, 24}, {10, 13, 19, 21, 23, 24},
       {"axis", "block_size", "output_dtype", "precision", "saturate"},
       "int8, uint8, int16, uint16 output; per tensor, per axis or blocked; rounds half to "
       "even and saturates; no float8 or 4-bit types",
       quantizeLinear},
      {"DynamicQuantizeLinear", {11}, {11}, {}, "float input, uint8 output",
       dynamicQuantizeLinear},
      {"MatMulInteger", {10}, {10}, {}, "int8/uint8; int32 matmul, per-row/per-column zero points",
       matMulInteger},
      {"QLinearMatMul", {10, 21}, {10, 21}, {},
       "int8/uint8; exact int32 accumulation, requantized in f64; no float8 types",
       qlinearMatMul},
      {"ConvInteger", {10}, {10},
       {"auto_pad", "dilations", "group", "kernel_shape", "pads", "strides"},
       "int8/uint8; convolution in f64, which is exact for these operands", convInteger},
      {"QLinearConv", {10}, {10},
       {"auto_pad", "dilations", "group", "kernel_shape", "pads", "strides"},
       "int8/uint8; exact convolution in f64, requantized in f64; per-channel weight scale "
       "and zero point",
       qlinearConv},
  };
  table.insert(table.end(), ops.begin(), ops.end());
}

} // namespace kiln::onnx_frontend
