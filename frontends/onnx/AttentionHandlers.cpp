//===- AttentionHandlers.cpp - ONNX Attention -----------------------------===//
//
// Attention (23, 24) decomposed into nn ops as the ONNX specification
// draws it: heads split from 3-D inputs, the KV cache concatenated,
// grouped-query heads repeated, Q and K each scaled by sqrt(scale), the
// mask and causal bias added, softcap, softmax and the product with V.
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/ImporterImpl.h"
#include "dialects/NN/IR/DataMovementShapes.h"
#include "dialects/NN/IR/NNOps.h"

#include <cmath>
#include <limits>

using namespace mlir;

namespace kiln::onnx_frontend {
namespace {

RankedTensorType withShape(RankedTensorType t, ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape, t.getElementType());
}

Value transpose(NodeContext &nc, Value v, ArrayRef<int64_t> perm) {
  auto t = nc.tensorType(v);
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(t.getDimSize(p));
  return nn::TransposeOp::create(nc.b, nc.loc, withShape(t, shape), v,
                                 nc.b.getDenseI64ArrayAttr(perm));
}

Value matmul(NodeContext &nc, Value a, Value b) {
  std::string err;
  auto t = resultType(nc, nn::inferMatMulShape(nc.tensorType(a).getShape(),
                                               nc.tensorType(b).getShape(), err),
                      err, nc.tensorType(a).getElementType());
  return t ? nn::MatMulOp::create(nc.b, nc.loc, t, a, b) : Value();
}

/// `v` reshaped at run time to its own leading `keep` dimensions followed
/// by `tail` (constants; one may be -1, inferred from the element count).
Value reshapeKeeping(NodeContext &nc, Value v, int64_t keep, ArrayRef<int64_t> tail,
                     ArrayRef<int64_t> resultShape) {
  auto &b = nc.b;
  Type i64 = b.getI64Type();
  Value head = nn::ShapeOp::create(b, nc.loc, RankedTensorType::get({keep}, i64), v,
                                   b.getI64IntegerAttr(0), b.getI64IntegerAttr(keep));
  Value rest = nn::ConstantOp::create(
      b, nc.loc,
      DenseElementsAttr::get(RankedTensorType::get({(int64_t)tail.size()}, i64), tail));
  Value shape = nn::ConcatOp::create(
      b, nc.loc, RankedTensorType::get({keep + (int64_t)tail.size()}, i64),
      ValueRange{head, rest}, b.getI64IntegerAttr(0));
  return nn::DynamicReshapeOp::create(b, nc.loc, withShape(nc.tensorType(v), resultShape), v,
                                      shape, b.getBoolAttr(false));
}

/// [B, S, H*D] -> [B, H, S, D].
FailureOr<Value> splitHeads(NodeContext &nc, Value v, int64_t heads, StringRef what) {
  auto t = nc.tensorType(v);
  int64_t hidden = t.getDimSize(2);
  if (ShapedType::isDynamic(hidden)) {
    Value r = reshapeKeeping(nc, v, 2, {heads, -1},
                             {t.getDimSize(0), t.getDimSize(1), heads, ShapedType::kDynamic});
    return transpose(nc, r, {0, 2, 1, 3});
  }
  if (hidden % heads != 0)
    return nc.fail(what + " hidden size " + std::to_string(hidden) +
                   " is not a multiple of the number of heads (" + std::to_string(heads) + ")");
  Value r = reshapeTo(nc, v, {t.getDimSize(0), t.getDimSize(1), heads, hidden / heads},
                      {0, 1, -1, -1});
  return transpose(nc, r, {0, 2, 1, 3});
}

/// [B, Hk, T, D] -> [B, Hk * reps, T, D], each head repeated `reps` times
/// in place (h0, h0, h1, h1, ...).
Value repeatHeads(NodeContext &nc, Value v, int64_t reps) {
  auto t = nc.tensorType(v);
  SmallVector<int64_t> five = {t.getDimSize(0), t.getDimSize(1), 1, t.getDimSize(2),
                               t.getDimSize(3)};
  Value u = reshapeTo(nc, v, five);
  SmallVector<int64_t> target = {1, 1, reps, 1, 1};
  std::string err;
  auto shape = nn::inferBroadcastShape(five, target, err);
  auto et = RankedTensorType::get(*shape, t.getElementType());
  Value e = nn::ExpandOp::create(nc.b, nc.loc, et, u);
  int64_t heads = ShapedType::isDynamic(t.getDimSize(1)) ? ShapedType::kDynamic
                                                          : t.getDimSize(1) * reps;
  return reshapeTo(nc, e, {t.getDimSize(0), heads, t.getDimSize(2), t.getDimSize(3)},
                   {0, -1, 3, 4});
}

/// repeatHeads when the head counts are known only at run time: `reps` is
/// Q's head count divided by `v`'s ([B, Hk, T, D] -> [B, Hq, T, D]); a
/// count that does not divide fails the reshape's element-count check.
Value repeatHeadsDynamic(NodeContext &nc, Value v, Value q) {
  auto &b = nc.b;
  auto t = nc.tensorType(v);
  Type i64 = b.getI64Type();
  auto dimsOf = [&](Value x, int64_t start, int64_t end) {
    return nn::ShapeOp::create(b, nc.loc, RankedTensorType::get({end - start}, i64), x,
                               b.getI64IntegerAttr(start), b.getI64IntegerAttr(end))
        .getResult();
  };
  auto ones = [&](int64_t n) {
    return nn::ConstantOp::create(
               b, nc.loc,
               DenseElementsAttr::get(RankedTensorType::get({n}, i64), b.getI64IntegerAttr(1)))
        .getResult();
  };
  Value reps = buildBinary<nn::DivOp>(nc, dimsOf(q, 1, 2), dimsOf(v, 1, 2));
  Value expandShape = nn::ConcatOp::create(b, nc.loc, RankedTensorType::get({5}, i64),
                                           ValueRange{ones(2), reps, ones(2)},
                                           b.getI64IntegerAttr(0));
  SmallVector<int64_t> five = {t.getDimSize(0), t.getDimSize(1), 1, t.getDimSize(2),
                               t.getDimSize(3)};
  Value u = reshapeTo(nc, v, five);
  five[2] = ShapedType::kDynamic;
  Value e = nn::DynamicExpandOp::create(b, nc.loc, withShape(t, five), u, expandShape);
  Value minusOne = nn::ConstantOp::create(
      b, nc.loc, DenseElementsAttr::get(RankedTensorType::get({1}, i64), b.getI64IntegerAttr(-1)));
  Value shape = nn::ConcatOp::create(b, nc.loc, RankedTensorType::get({4}, i64),
                                     ValueRange{dimsOf(v, 0, 1), minusOne, dimsOf(v, 2, 4)},
                                     b.getI64IntegerAttr(0));
  return nn::DynamicReshapeOp::create(
      b, nc.loc,
      withShape(t, {t.getDimSize(0), ShapedType::kDynamic, t.getDimSize(2), t.getDimSize(3)}),
      e, shape, b.getBoolAttr(false));
}

/// The causal bias [Sq, T]: -inf where key position j > i + past.
Value causalBias(NodeContext &nc, Value q, Value k, Value pastKey, Type et) {
  int64_t sq = nc.tensorType(q).getDimSize(2), t = nc.tensorType(k).getDimSize(2);
  int64_t past = pastKey ? nc.tensorType(pastKey).getDimSize(2) : 0;
  double ninf = -std::numeric_limits<double>::infinity();
  auto &b = nc.b;
  // Small static masks are a constant; others are computed at run time.
  if (!ShapedType::isDynamic(sq) && !ShapedType::isDynamic(t) && !ShapedType::isDynamic(past) &&
      sq <= kMaxSynthesizedElements && t <= kMaxSynthesizedElements &&
      sq * t <= kMaxSynthesizedElements) {
    auto type = RankedTensorType::get({sq, t}, et);
    SmallVector<Attribute> values;
    for (int64_t i = 0; i < sq; ++i)
      for (int64_t j = 0; j < t; ++j)
        values.push_back(b.getFloatAttr(et, j > i + past ? ninf : 0.0));
    return nn::ConstantOp::create(b, nc.loc, DenseElementsAttr::get(type, values));
  }
  Type i64 = b.getI64Type();
  Value zero = scalarConstant(nc, i64, 0), one = scalarConstant(nc, i64, 1);
  auto range = [&](Value limit, int64_t size) {
    return nn::DynamicRangeOp::create(b, nc.loc, RankedTensorType::get({size}, i64), zero,
                                      limit, one)
        .getResult();
  };
  Value rows = reshapeTo(nc, range(dimScalar(nc, q, 2), sq), {sq, 1});
  Value cols = range(dimScalar(nc, k, 2), t);
  Value diff = buildBinary<nn::SubOp>(nc, cols, rows);
  Value pastLen = pastKey ? dimScalar(nc, pastKey, 2) : zero;
  Value masked = diff ? buildBinary<nn::GreaterOp>(nc, diff, pastLen, b.getI1Type()) : Value();
  if (!masked)
    return {};
  return buildWhere(nc, masked, scalarConstant(nc, et, ninf), scalarConstant(nc, et, 0.0));
}

LogicalResult attention(NodeContext &nc) {
  Value q = nc.input(0), k = nc.input(1), v = nc.input(2);
  if (!q || !k || !v || failed(requireFloat(nc, q, 0)))
    return failure();
  Value mask = nc.optionalInput(3), pastKey = nc.optionalInput(4),
        pastValue = nc.optionalInput(5), nonpad = nc.optionalInput(6);
  for (int i = 3; i <= 6; ++i)
    if (nc.hasInput(i) && !nc.peekInput(i))
      return failure(); // named but not produced: recorded by optionalInput
  auto qt = nc.tensorType(q);
  Type et = qt.getElementType();
  for (auto [i, x] : llvm::enumerate(ValueRange{k, v}))
    if (nc.tensorType(x).getElementType() != et)
      return nc.fail("input " + std::to_string(i + 1) + " must have Q's element type " +
                     typeName(et) + ", got " + typeName(nc.tensorType(x)));
  int64_t rank = qt.getRank();
  if ((rank != 3 && rank != 4) || nc.tensorType(k).getRank() != rank ||
      nc.tensorType(v).getRank() != rank)
    return nc.fail("Q, K and V must all be 3-D or all 4-D, got " + typeName(qt) + ", " +
                   typeName(nc.tensorType(k)) + ", " + typeName(nc.tensorType(v)));
  if (bool(pastKey) != bool(pastValue))
    return nc.fail("past_key and past_value must be given together");
  if (nonpad && pastKey)
    return nc.fail("nonpad_kv_seqlen cannot be used together with past_key/past_value");
  int64_t mode = nc.getInt("qk_matmul_output_mode", 0);
  if (mode < 0 || mode > 3)
    return nc.fail("qk_matmul_output_mode must be 0, 1, 2 or 3, got " + std::to_string(mode));
  float softcap = nc.getFloat("softcap", 0.0f);
  if (softcap < 0)
    return nc.fail("softcap must not be negative");

  if (rank == 3) {
    if (!nc.attr("q_num_heads") || !nc.attr("kv_num_heads"))
      return nc.fail("3-D Q, K and V need the q_num_heads and kv_num_heads attributes");
    int64_t qh = nc.getInt("q_num_heads", 1), kvh = nc.getInt("kv_num_heads", 1);
    if (qh <= 0 || kvh <= 0)
      return nc.fail("q_num_heads and kv_num_heads must be positive");
    auto sq = splitHeads(nc, q, qh, "Q");
    auto sk = succeeded(sq) ? splitHeads(nc, k, kvh, "K") : FailureOr<Value>(failure());
    auto sv = succeeded(sk) ? splitHeads(nc, v, kvh, "V") : FailureOr<Value>(failure());
    if (failed(sv))
      return failure();
    q = *sq, k = *sk, v = *sv;
  }
  qt = nc.tensorType(q);
  int64_t headSize = qt.getDimSize(3);
  std::optional<float> scale;
  if (nc.attr("scale"))
    scale = nc.getFloat("scale", 1.0f);
  else if (!ShapedType::isDynamic(headSize))
    scale = 1.0f / std::sqrt(static_cast<float>(headSize));

  // The KV cache: present = concat(past, new) along the sequence axis.
  auto concatSeq = [&](Value past, Value cur) -> Value {
    auto pt = nc.tensorType(past), ct = nc.tensorType(cur);
    SmallVector<int64_t> shape(ct.getShape());
    shape[2] = ShapedType::isDynamic(pt.getDimSize(2)) || ShapedType::isDynamic(shape[2])
                   ? ShapedType::kDynamic
                   : pt.getDimSize(2) + shape[2];
    for (int d : {0, 1, 3})
      if (ShapedType::isDynamic(shape[d]))
        shape[d] = pt.getDimSize(d);
    return nn::ConcatOp::create(nc.b, nc.loc, withShape(ct, shape), ValueRange{past, cur},
                                nc.b.getI64IntegerAttr(2));
  };
  if (pastKey) {
    if (nc.tensorType(pastKey).getRank() != 4 || nc.tensorType(pastValue).getRank() != 4)
      return nc.fail("past_key and past_value must be 4-D");
    k = concatSeq(pastKey, k);
    v = concatSeq(pastValue, v);
  }
  if (nc.node.output_size() > 1 && !nc.node.output(1).empty())
    nc.setOutput(1, k);
  if (nc.node.output_size() > 2 && !nc.node.output(2).empty())
    nc.setOutput(2, v);

  // Grouped-query attention: each KV head serves q_heads / kv_heads Q heads.
  int64_t qHeads = qt.getDimSize(1), kvHeads = nc.tensorType(k).getDimSize(1);
  if (qHeads == 0 || kvHeads == 0)
    return nc.fail("Q, K and V need at least one head");
  if (!ShapedType::isDynamic(qHeads) && !ShapedType::isDynamic(kvHeads) && qHeads != kvHeads) {
    if (qHeads % kvHeads != 0)
      return nc.fail("the number of Q heads (" + std::to_string(qHeads) +
                     ") is not a multiple of the number of KV heads (" +
                     std::to_string(kvHeads) + ")");
    k = repeatHeads(nc, k, qHeads / kvHeads);
    v = repeatHeads(nc, v, qHeads / kvHeads);
  } else if (ShapedType::isDynamic(qHeads) || ShapedType::isDynamic(kvHeads)) {
    k = repeatHeadsDynamic(nc, k, q);
    v = repeatHeadsDynamic(nc, v, q);
  }

  // Q and K are each scaled by sqrt(scale); the default scale
  // 1/sqrt(head_size) makes that head_size^(-1/4), computed at run time
  // when the head size is dynamic.
  Value rootScale;
  if (scale) {
    rootScale = scalarConstant(nc, et, std::sqrt(static_cast<double>(*scale)));
  } else {
    auto st = RankedTensorType::get({}, et);
    Value d = castTo(nc, dimScalar(nc, q, 3), et);
    Value r = nn::SqrtOp::create(nc.b, nc.loc, st, nn::SqrtOp::create(nc.b, nc.loc, st, d));
    rootScale = nn::ReciprocalOp::create(nc.b, nc.loc, st, r);
  }
  Value qs = buildBinary<nn::MulOp>(nc, q, rootScale);
  Value ks = buildBinary<nn::MulOp>(nc, k, rootScale);
  if (!qs || !ks)
    return failure();
  Value scores = matmul(nc, qs, transpose(nc, ks, {0, 1, 3, 2}));
  if (!scores)
    return failure();
  Value qkOut = scores;

  double ninf = -std::numeric_limits<double>::infinity();
  Value bias;
  if (mask) {
    auto mt = nc.tensorType(mask);
    if (mt.getRank() < 1)
      return nc.fail("attn_mask must have rank 1 or more");
    int64_t total = nc.tensorType(k).getDimSize(2), last = mt.getDimSize(mt.getRank() - 1);
    bool isBool = mt.getElementType().isInteger(1);
    if (!isBool && mt.getElementType() != et)
      return nc.fail("attn_mask must be bool or " + typeName(et) + ", got " + typeName(mt));
    if (isBool)
      mask = buildWhere(nc, mask, scalarConstant(nc, et, 0.0), scalarConstant(nc, et, ninf));
    if (!mask)
      return failure();
    // A shorter mask is padded with -inf up to the total sequence length.
    if (!ShapedType::isDynamic(total) && !ShapedType::isDynamic(last) && last < total) {
      auto ft = nc.tensorType(mask);
      SmallVector<int64_t> padShape(ft.getShape());
      padShape.back() = total - last;
      if (llvm::any_of(padShape, ShapedType::isDynamic))
        return nc.fail("attn_mask shorter than the total sequence length needs static "
                       "leading dimensions");
      Value pad = nn::ConstantOp::create(
          nc.b, nc.loc,
          DenseElementsAttr::get(withShape(ft, padShape), nc.b.getFloatAttr(et, ninf)));
      SmallVector<int64_t> full(ft.getShape());
      full.back() = total;
      mask = nn::ConcatOp::create(nc.b, nc.loc, withShape(ft, full), ValueRange{mask, pad},
                                  nc.b.getI64IntegerAttr(ft.getRank() - 1));
    } else if (!ShapedType::isDynamic(total) && !ShapedType::isDynamic(last)) {
      if (last > total)
        return nc.fail("attn_mask's last dimension " + typeName(mt) +
                       " is longer than the total sequence length " + llvm::Twine(total));
    } else if (!(nc.shapes.dims(k)[2] == nc.shapes.dims(mask)[mt.getRank() - 1])) {
      // A size known only at run time (and not known to be the same): the
      // mask is padded with -inf by total - last there, which must not be
      // negative.
      Type i64 = nc.b.getI64Type();
      int64_t r = mt.getRank();
      Value missing = buildBinary<nn::SubOp>(nc, dimScalar(nc, k, 2), dimScalar(nc, mask, r - 1));
      Value fits = missing ? buildBinary<nn::GreaterOrEqualOp>(
                                 nc, missing, scalarConstant(nc, i64, 0.0), nc.b.getI1Type())
                           : Value();
      if (!fits)
        return failure();
      checkAtRunTime(nc, fits, "attn_mask's last dimension is longer than the total sequence "
                               "length");
      SmallVector<Value> begins(r), ends(r);
      begins[r - 1] = scalarConstant(nc, i64, 0.0);
      ends[r - 1] = missing;
      mask = padDimsAtRunTime(nc, mask, begins, ends, Value(), scalarConstant(nc, et, ninf),
                              "constant");
      if (!mask)
        return failure();
    }
    bias = mask;
  }
  if (nc.getInt("is_causal", 0)) {
    Value causal = causalBias(nc, q, k, pastKey, et);
    if (!causal)
      return failure();
    bias = bias ? buildBinary<nn::AddOp>(nc, bias, causal) : causal;
    if (!bias)
      return failure();
  }
  if (nonpad) {
    auto npt = nc.tensorType(nonpad);
    if (npt.getRank() != 1 || !npt.getElementType().isInteger(64))
      return nc.fail("nonpad_kv_seqlen must be a 1-D int64 tensor, got " + typeName(npt));
    Type i64 = nc.b.getI64Type();
    int64_t total = nc.tensorType(k).getDimSize(2);
    Value positions = nn::DynamicRangeOp::create(
        nc.b, nc.loc, RankedTensorType::get({total}, i64), scalarConstant(nc, i64, 0),
        dimScalar(nc, k, 2), scalarConstant(nc, i64, 1));
    Value lens = reshapeTo(nc, nonpad, {npt.getDimSize(0), 1});
    Value valid = buildBinary<nn::LessOp>(nc, positions, lens, nc.b.getI1Type());
    Value pad = valid ? buildWhere(nc, valid, scalarConstant(nc, et, 0.0),
                               scalarConstant(nc, et, ninf))
                      : Value();
    if (!pad)
      return failure();
    pad = reshapeTo(nc, pad, {npt.getDimSize(0), 1, 1, total}, {0, -1, -1, 1});
    bias = bias ? buildBinary<nn::AddOp>(nc, bias, pad) : pad;
    if (!bias)
      return failure();
  }
  if (bias) {
    scores = buildBinary<nn::AddOp>(nc, scores, bias);
    if (!scores)
      return failure();
  }
  if (mode == 1)
    qkOut = scores;
  if (softcap > 0) {
    Value cap = scalarConstant(nc, et, softcap);
    Value d = buildBinary<nn::DivOp>(nc, scores, cap);
    auto st = nc.tensorType(scores);
    scores = buildBinary<nn::MulOp>(nc, nn::TanhOp::create(nc.b, nc.loc, st, d), cap);
    if (mode == 2)
      qkOut = scores;
  }
  // Softmax in the requested precision, then back to Q's type.
  Value probs = scores;
  if (const onnx::AttributeProto *sp = nc.attr("softmax_precision")) {
    Type pt = elementTypeFor(nc.b.getContext(), static_cast<int>(sp->i()));
    if (!pt || !isa<FloatType>(pt))
      return nc.fail("softmax_precision must name a floating-point type, got " +
                     dataTypeName(static_cast<int>(sp->i())));
    probs = castTo(nc, probs, pt);
  }
  probs = nn::SoftmaxOp::create(nc.b, nc.loc, nc.tensorType(probs), probs,
                                nc.b.getI64IntegerAttr(3));
  probs = castTo(nc, probs, et);
  if (mode == 3)
    qkOut = probs;
  Value y = matmul(nc, probs, v);
  if (!y)
    return failure();
  if (rank == 3) {
    y = transpose(nc, y, {0, 2, 1, 3});
    auto yt = nc.tensorType(y);
    int64_t h = yt.getDimSize(2), d = yt.getDimSize(3);
    int64_t hidden = ShapedType::isDynamic(h) || ShapedType::isDynamic(d) ? ShapedType::kDynamic
                                                                           : h * d;
    y = ShapedType::isDynamic(hidden)
            ? reshapeKeeping(nc, y, 2, {-1}, {yt.getDimSize(0), yt.getDimSize(1), hidden})
            : reshapeTo(nc, y, {yt.getDimSize(0), yt.getDimSize(1), hidden}, {0, 1, -1});
  }
  nc.setOutput(0, y);
  if (nc.node.output_size() > 3 && !nc.node.output(3).empty())
    nc.setOutput(3, qkOut);
  return success();
}

} // namespace

/// `v` sliced along its last dimension: `count` elements from `start`,
/// every `stride`-th.
Value sliceLast(NodeContext &nc, Value v, int64_t start, int64_t count, int64_t stride = 1) {
  auto t = nc.tensorType(v);
  int64_t rank = t.getRank();
  SmallVector<int64_t> shape(t.getShape()), offsets(rank, 0), strides(rank, 1);
  shape.back() = count;
  offsets.back() = start;
  strides.back() = stride;
  return nn::SliceOp::create(nc.b, nc.loc, withShape(t, shape), v,
                             nc.b.getDenseI64ArrayAttr(offsets),
                             nc.b.getDenseI64ArrayAttr(strides));
}

/// `v` reshaped to `shape`, whose dimension j is v's dimension
/// `sources[j]` when that is >= 0 (so dynamic sizes are carried over).
Value reshapeFrom(NodeContext &nc, Value v, ArrayRef<int64_t> shape,
                  ArrayRef<int64_t> sources) {
  SmallVector<int64_t> s(shape);
  for (auto [j, src] : llvm::enumerate(sources))
    if (src >= 0)
      s[j] = nc.tensorType(v).getDimSize(src);
  return reshapeTo(nc, v, s, sources);
}

Value concatLast(NodeContext &nc, ValueRange parts) {
  auto t = nc.tensorType(parts[0]);
  SmallVector<int64_t> shape(t.getShape());
  shape.back() = 0;
  for (Value p : parts) {
    int64_t d = nc.tensorType(p).getShape().back();
    shape.back() = ShapedType::isDynamic(d) || ShapedType::isDynamic(shape.back())
                       ? ShapedType::kDynamic
                       : shape.back() + d;
  }
  return nn::ConcatOp::create(nc.b, nc.loc, withShape(t, shape), parts,
                              nc.b.getI64IntegerAttr(t.getRank() - 1));
}

/// `v` sliced along its last dimension from `start` to `end` (rank-0 i64
/// tensors) with `stride`: the run-time form of sliceLast. The result's
/// last dimension is `count` (dynamic when unknown).
Value sliceLastRuntime(NodeContext &nc, Value v, Value start, Value end, int64_t stride,
                       int64_t count) {
  auto t = nc.tensorType(v);
  SmallVector<int64_t> shape(t.getShape());
  shape.back() = count;
  return nn::DynamicSliceOp::create(nc.b, nc.loc, withShape(t, shape), v,
                                    reshapeTo(nc, start, {1}), reshapeTo(nc, end, {1}),
                                    nc.b.getDenseI64ArrayAttr({t.getRank() - 1}),
                                    nc.b.getDenseI64ArrayAttr({stride}));
}

/// `v` reshaped to the run-time shape `entries` with static type `shape`.
Value reshapeEntries(NodeContext &nc, Value v, ArrayRef<int64_t> shape,
                     ArrayRef<DimSource> entries) {
  auto t = RankedTensorType::get(shape, nc.tensorType(v).getElementType());
  if (llvm::count_if(shape, ShapedType::isDynamic) <= 1)
    return nc.b.createOrFold<nn::ReshapeOp>(nc.loc, t, v);
  return nn::DynamicReshapeOp::create(nc.b, nc.loc, t, v, buildShapeVector(nc, entries),
                                      nc.b.getBoolAttr(true));
}

/// RotaryEmbedding (23) as ONNX's reference draws it: the first
/// rotary_embedding_dim features of each head are rotated pairwise (halves,
/// or even/odd features when interleaved) by the cos/sin cache rows picked
/// by position_ids. Works in the input's own layout: [B, N, S, H] for 4-D
/// input, [B, S, N, H] (reshaped from [B, S, N*H]) for 3-D. A head size
/// known only at run time slices with run-time bounds.
LogicalResult rotaryEmbedding(NodeContext &nc) {
  Value x = nc.input(0), cosCache = nc.input(1), sinCache = nc.input(2);
  Value pos = nc.optionalInput(3);
  if (!x || !cosCache || !sinCache || (nc.hasInput(3) && !pos) ||
      failed(requireFloat(nc, x, 0)))
    return failure();
  auto xt = nc.tensorType(x);
  Type et = xt.getElementType();
  if (nc.tensorType(cosCache).getElementType() != et ||
      nc.tensorType(sinCache).getElementType() != et)
    return nc.fail("cos_cache and sin_cache must have the input's element type");
  int64_t rank = xt.getRank();
  if (rank != 3 && rank != 4)
    return nc.fail("input must be 3-D [B, S, hidden] or 4-D [B, N, S, H], got " +
                   nn::formatShape(xt.getShape()));
  constexpr int64_t kDyn = ShapedType::kDynamic;
  int64_t last = xt.getShape().back();
  bool dynamicHead = ShapedType::isDynamic(last);
  int64_t heads = nc.getInt("num_heads", 0);
  Value x4 = x;
  if (rank == 3) {
    if (heads <= 0 || (!dynamicHead && last % heads))
      return nc.fail("3-D input needs num_heads dividing the hidden size" +
                     (dynamicHead ? std::string() : " " + std::to_string(last)));
    // With a run-time hidden size the reshape checks that heads divides it.
    x4 = dynamicHead
             ? reshapeEntries(nc, x, {xt.getDimSize(0), xt.getDimSize(1), heads, kDyn},
                              {{0, x, 0}, {0, x, 1}, {heads, Value(), 0}, {0, x, 2, 1, heads}})
             : reshapeFrom(nc, x, {0, 0, heads, last / heads}, {0, 1, -1, -1});
  }
  int64_t headSize = nc.tensorType(x4).getShape().back();
  int64_t rdAttr = nc.getInt("rotary_embedding_dim", 0);
  int64_t rd = rdAttr ? rdAttr : headSize;
  if (rdAttr < 0 || (!ShapedType::isDynamic(rd) &&
                     (rd % 2 || (!ShapedType::isDynamic(headSize) && rd > headSize))))
    return nc.fail("rotary_embedding_dim " + llvm::Twine(rd) +
                   " must be even and at most the head size " + llvm::Twine(headSize));
  int64_t half = ShapedType::isDynamic(rd) ? kDyn : rd / 2;
  auto &b = nc.b;

  // cos/sin: [B, S, rd/2], from the caches by position_ids when given.
  auto rows = [&](Value cache) -> Value {
    auto ct = nc.tensorType(cache);
    int64_t want = pos ? 2 : 3;
    int64_t cl = ct.getRank() ? ct.getShape().back() : 0;
    if (ct.getRank() != want ||
        (!ShapedType::isDynamic(cl) && !ShapedType::isDynamic(half) && cl != half)) {
      (void)nc.fail("cos_cache and sin_cache must have shape " +
                    llvm::Twine(pos ? "[max_position, " : "[B, S, ") +
                    (ShapedType::isDynamic(half) ? std::string("rotary_dim/2")
                                                 : std::to_string(half)) +
                    "], got " + nn::formatShape(ct.getShape()));
      return {};
    }
    if (!pos)
      return cache;
    auto pt = nc.tensorType(pos);
    if (pt.getRank() != 2 || !pt.getElementType().isSignlessInteger(64)) {
      (void)nc.fail("position_ids must be an int64 [B, S] tensor");
      return {};
    }
    return nn::GatherOp::create(
        b, nc.loc, withShape(ct, {pt.getDimSize(0), pt.getDimSize(1), cl}), cache, pos,
        b.getI64IntegerAttr(0));
  };
  Value cosR = rows(cosCache);
  Value sinR = cosR ? rows(sinCache) : Value();
  if (!sinR)
    return failure();
  // Broadcast over the heads: [B, 1, S, rd/2] (4-D) or [B, S, 1, rd/2].
  auto overHeads = [&](Value v) {
    return rank == 4 ? reshapeFrom(nc, v, {0, 1, 0, 0}, {0, -1, 1, 2})
                     : reshapeFrom(nc, v, {0, 0, 1, 0}, {0, 1, -1, 2});
  };
  Value cosB = overHeads(cosR), sinB = overHeads(sinR);

  bool interleaved = nc.getInt("interleaved", 0) != 0;
  Value x1, x2, rest;
  if (!dynamicHead) {
    x1 = interleaved ? sliceLast(nc, x4, 0, half, 2) : sliceLast(nc, x4, 0, half);
    x2 = interleaved ? sliceLast(nc, x4, 1, half, 2) : sliceLast(nc, x4, half, half);
    if (rd < headSize)
      rest = sliceLast(nc, x4, rd, headSize - rd);
  } else {
    Type i64 = b.getI64Type();
    auto c = [&](int64_t v) { return scalarConstant(nc, i64, double(v)); };
    Value rdV = rdAttr ? c(rdAttr) : dimScalar(nc, x4, 3);
    Value halfV = rdAttr ? c(rdAttr / 2) : buildBinary<nn::DivOp>(nc, rdV, c(2));
    if (interleaved) {
      x1 = sliceLastRuntime(nc, x4, c(0), rdV, 2, half);
      x2 = sliceLastRuntime(nc, x4, c(1), rdV, 2, half);
    } else {
      x1 = sliceLastRuntime(nc, x4, c(0), halfV, 1, half);
      x2 = sliceLastRuntime(nc, x4, halfV, rdV, 1, half);
    }
    if (rdAttr)
      rest = sliceLastRuntime(nc, x4, rdV, dimScalar(nc, x4, 3), 1, kDyn);
  }
  auto mul = [&](Value l, Value r) { return buildBinary<nn::MulOp>(nc, l, r); };
  Value cx1 = mul(cosB, x1), sx2 = mul(sinB, x2), sx1 = mul(sinB, x1), cx2 = mul(cosB, x2);
  if (!cx1 || !sx2 || !sx1 || !cx2)
    return failure();
  Value real = buildBinary<nn::SubOp>(nc, cx1, sx2);
  Value imag = buildBinary<nn::AddOp>(nc, sx1, cx2);
  if (!real || !imag)
    return failure();
  Value rotated;
  if (interleaved) {
    // [.., rd/2] pairs -> [.., rd/2, 2] -> [.., rd]: real, imag alternate.
    Value r5 = reshapeFrom(nc, real, {0, 0, 0, 0, 1}, {0, 1, 2, 3, -1});
    Value i5 = reshapeFrom(nc, imag, {0, 0, 0, 0, 1}, {0, 1, 2, 3, -1});
    Value pairs = concatLast(nc, {r5, i5});
    auto pt = nc.tensorType(pairs);
    rotated = reshapeEntries(
        nc, pairs,
        {pt.getDimSize(0), pt.getDimSize(1), pt.getDimSize(2),
         ShapedType::isDynamic(half) ? kDyn : rd},
        {{0, pairs, 0}, {0, pairs, 1}, {0, pairs, 2}, {0, pairs, 3, 2, 1}});
  } else {
    rotated = concatLast(nc, {real, imag});
  }
  Value out = rest ? concatLast(nc, {rotated, rest}) : rotated;
  if (rank == 3)
    out = dynamicHead ? reshapeEntries(nc, out, xt.getShape(), {{0, out, 0}, {0, out, 1},
                                                                {0, x, 2}})
                      : reshapeFrom(nc, out, {0, 0, last}, {0, 1, -1});
  nc.setOutput(0, out);
  return success();
}

void addAttentionOps(std::vector<OpEntry> &table) {
  table.push_back({"RotaryEmbedding", {23}, {23},
                   {"interleaved", "num_heads", "rotary_embedding_dim"},
                   "decomposed into slices, products and concats",
                   rotaryEmbedding});
  table.push_back({"Attention", {23, 24}, {23, 24},
                   {"is_causal", "kv_num_heads", "q_num_heads", "qk_matmul_output_mode",
                    "scale", "softcap", "softmax_precision"},
                   "decomposed: heads split, KV cache concat, grouped-query heads, masks, "
                   "causal bias, softcap, softmax",
                   attention});
}

} // namespace kiln::onnx_frontend
