//===- NormHandlers.cpp - LRN, GroupNormalization, window functions -------===//
//
// Ops decomposed into nn ops:
// - LRN: the sum of squares over a window of channels is an average pool
//   over a channel axis (padding counted, so it divides by `size`);
// - GroupNormalization: the channels split into [groups, C/groups] and
//   standardized over each group with its spatial dimensions;
// - HannWindow, HammingWindow, BlackmanWindow: cosine sums over
//   dynamic_range(0, size), the size known at run time.
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/ImporterImpl.h"
#include "dialects/NN/IR/NNOps.h"

#include <cmath>

using namespace mlir;

namespace kiln::onnx_frontend {
namespace {

/// LRN: y = x / (bias + alpha / size * sum of x^2 over channels
/// [c - floor((size-1)/2), c + ceil((size-1)/2)])^beta. The square is
/// viewed as [N, 1, C, D1, ...] and average-pooled over C with zero
/// padding counted, which is that sum divided by `size`.
LogicalResult lrn(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x || failed(requireFloat(nc, x, 0)))
    return failure();
  auto xt = nc.tensorType(x);
  int64_t rank = xt.getRank();
  if (rank < 3)
    return nc.fail("input must have rank >= 3 ([N, C, D1, ...]), got " +
                   nn::formatShape(xt.getShape()));
  auto size = nc.getInt("size", 0);
  if (size <= 0)
    return nc.fail("size must be positive, got " + llvm::Twine(size));
  float alpha = nc.getFloat("alpha", 1e-4f), beta = nc.getFloat("beta", 0.75f),
        bias = nc.getFloat("bias", 1.0f);
  Type et = xt.getElementType();
  auto &b = nc.b;
  Value sq = nn::MulOp::create(b, nc.loc, xt, x, x);
  SmallVector<int64_t> shape5{xt.getDimSize(0), 1};
  shape5.append(xt.getShape().begin() + 1, xt.getShape().end());
  Value sq5 = reshapeTo(nc, sq, shape5);
  int64_t spatial = rank - 1; // C, D1, ...
  SmallVector<int64_t> kernel(spatial, 1), strides(spatial, 1), dilations(spatial, 1),
      pads(2 * spatial, 0);
  kernel[0] = size;
  pads[0] = (size - 1) / 2;
  pads[spatial] = size - 1 - (size - 1) / 2;
  auto pooled = RankedTensorType::get(shape5, et);
  Value avg = nn::AveragePoolOp::create(
      b, nc.loc, pooled, sq5, b.getDenseI64ArrayAttr(kernel), b.getDenseI64ArrayAttr(strides),
      b.getDenseI64ArrayAttr(pads), b.getDenseI64ArrayAttr(dilations), b.getBoolAttr(false),
      b.getBoolAttr(true));
  Value sum = reshapeTo(nc, avg, xt.getShape());
  Value scaled = buildBinary<nn::MulOp>(nc, sum, scalarConstant(nc, et, alpha));
  Value base = scaled ? buildBinary<nn::AddOp>(nc, scaled, scalarConstant(nc, et, bias)) : Value();
  Value denom = base ? buildBinary<nn::PowOp>(nc, base, scalarConstant(nc, et, beta)) : Value();
  Value y = denom ? buildBinary<nn::DivOp>(nc, x, denom) : Value();
  if (!y)
    return failure();
  nc.setOutput(0, y);
  return success();
}

/// GroupNormalization (18: scale and bias per group; 21: per channel):
/// x [N, C, D...] viewed as [N, G, C/G, D...], standardized over all but
/// the first two dimensions, viewed back, then scaled and shifted per
/// channel. stash_type 1 (compute in the input type for f32 and wider).
LogicalResult groupNorm(NodeContext &nc) {
  Value x = nc.input(0), scale = nc.input(1), bias = nc.input(2);
  if (!x || !scale || !bias || failed(requireFloat(nc, x, 0)))
    return failure();
  auto xt = nc.tensorType(x);
  Type et = xt.getElementType();
  if (failed(requireSameElementType(nc, {x, scale, bias})))
    return failure();
  if (nc.getInt("stash_type", 1) != 1)
    return nc.fail("stash_type " + llvm::Twine(nc.getInt("stash_type", 1)) +
                   " is not supported (only 1: compute in float)");
  int64_t rank = xt.getRank();
  if (rank < 3)
    return nc.fail("input must be [N, C, D1, ...], got " + nn::formatShape(xt.getShape()));
  int64_t c = xt.getDimSize(1);
  bool dynamicC = ShapedType::isDynamic(c);
  int64_t groups = nc.getInt("num_groups", 0);
  if (groups <= 0 || (!dynamicC && c % groups))
    return nc.fail("num_groups " + llvm::Twine(groups) + " must divide the " +
                   (dynamicC ? std::string("") : std::to_string(c) + " ") + "channels");
  if (dynamicC && nc.version < 21)
    return nc.fail("scale and bias per group (opset 18) need a static channel count");
  int64_t perParam = nc.version < 21 ? groups : c;
  for (auto [i, v] : llvm::enumerate(ValueRange{scale, bias}))
    if (!nn::isCompatibleShape({perParam}, nc.tensorType(v).getShape()))
      return nc.fail("input " + llvm::Twine(i + 1) + " must have shape " +
                     nn::formatShape({perParam}) + ", got " +
                     nn::formatShape(nc.tensorType(v).getShape()));
  auto &b = nc.b;
  // [N, C, D...] -> [N, G, C/G, D...]
  SmallVector<int64_t> gShape{xt.getDimSize(0), groups,
                               dynamicC ? ShapedType::kDynamic : c / groups}, gSources{0, -1, -1};
  for (int64_t d = 2; d < rank; ++d) {
    gShape.push_back(xt.getDimSize(d));
    gSources.push_back(d);
  }
  // With a dynamic C the run-time reshape checks that G divides it (the
  // element counts differ otherwise).
  SmallVector<DimSource> gEntries{{0, x, 0}, {groups, Value(), 0}, {0, x, 1, 1, groups}};
  for (int64_t d = 2; d < rank; ++d)
    gEntries.push_back({0, x, d});
  Value g = dynamicC ? nn::DynamicReshapeOp::create(
                           b, nc.loc, RankedTensorType::get(gShape, et), x,
                           buildShapeVector(nc, gEntries), b.getBoolAttr(true))
                           .getResult()
                     : reshapeTo(nc, x, gShape, gSources);
  SmallVector<int64_t> axes = llvm::to_vector(llvm::seq<int64_t>(2, rank + 1));
  auto st = standardize(nc, g, axes, nc.getFloat("epsilon", 1e-5f));
  SmallVector<int64_t> back{0, -1}, backShape(xt.getShape());
  for (int64_t d = 2; d < rank; ++d)
    back.push_back(d + 1);
  SmallVector<DimSource> xEntries;
  for (int64_t d = 0; d < rank; ++d)
    xEntries.push_back({0, x, d});
  Value normalized =
      dynamicC ? nn::DynamicReshapeOp::create(b, nc.loc, xt, st.getOutput(),
                                              buildShapeVector(nc, xEntries), b.getBoolAttr(true))
                     .getResult()
               : reshapeTo(nc, st.getOutput(), backShape, back);
  // Per-channel [C, 1, ..., 1] (per group: each value repeated C/G times).
  auto perChannel = [&](Value v) -> Value {
    if (perParam == groups && groups != c) {
      Value col = reshapeTo(nc, v, {groups, 1});
      auto et2 = RankedTensorType::get({groups, c / groups}, et);
      v = nn::ExpandOp::create(b, nc.loc, et2, col);
      v = reshapeTo(nc, v, {c});
    }
    SmallVector<int64_t> shape(rank - 1, 1);
    shape[0] = nc.tensorType(v).getDimSize(0);
    return reshapeTo(nc, v, shape);
  };
  Value y = buildBinary<nn::MulOp>(nc, normalized, perChannel(scale));
  y = y ? buildBinary<nn::AddOp>(nc, y, perChannel(bias)) : Value();
  if (!y)
    return failure();
  nc.setOutput(0, y);
  return success();
}

/// Hann, Hamming and Blackman windows: sum_k a_k cos(2 pi k n / D) over
/// n = 0 .. size-1, D = size (periodic, the default) or size - 1.
template <int Kind> // 0 Hann, 1 Hamming, 2 Blackman
LogicalResult window(NodeContext &nc) {
  Value size = nc.input(0);
  if (!size)
    return failure();
  auto st = nc.tensorType(size);
  Type it = st.getElementType();
  if (st.getRank() != 0 || !isa<IntegerType>(it) || it.isInteger(1) ||
      !it.isSignlessInteger() || it.getIntOrFloatBitWidth() < 32)
    return nc.fail("size must be a scalar int32 or int64 tensor");
  Type et = elementTypeFor(nc.b.getContext(), nc.getInt("output_datatype", 1));
  if (!et || !isa<FloatType>(et))
    return nc.fail("output_datatype " + llvm::Twine(nc.getInt("output_datatype", 1)) +
                   " is not a supported floating-point type");
  auto &b = nc.b;
  Type f64 = b.getF64Type();
  Value n64 = castTo(nc, size, b.getI64Type());
  Value zero = scalarConstant(nc, b.getI64Type(), 0), one = scalarConstant(nc, b.getI64Type(), 1);
  Value idx = nn::DynamicRangeOp::create(
      b, nc.loc, RankedTensorType::get({ShapedType::kDynamic}, b.getI64Type()), zero, n64, one);
  // Computed in f64, rounded once to the output type.
  Value n = castTo(nc, idx, f64);
  bool periodic = nc.getInt("periodic", 1) != 0;
  Value denom = castTo(nc, periodic ? n64 : buildBinary<nn::SubOp>(nc, n64, one), f64);
  Value phase = buildBinary<nn::DivOp>(
      nc, buildBinary<nn::MulOp>(nc, n, scalarConstant(nc, f64, 2 * M_PI)), denom);
  auto cosTerm = [&](double k, double a) {
    Value arg = k == 1 ? phase : buildBinary<nn::MulOp>(nc, phase, scalarConstant(nc, f64, k));
    Value c = nn::CosOp::create(b, nc.loc, nc.tensorType(arg), arg);
    return buildBinary<nn::MulOp>(nc, c, scalarConstant(nc, f64, a));
  };
  Value w;
  if (Kind == 0)
    w = buildBinary<nn::SubOp>(nc, scalarConstant(nc, f64, 0.5), cosTerm(1, 0.5));
  else if (Kind == 1)
    w = buildBinary<nn::SubOp>(nc, scalarConstant(nc, f64, 25.0 / 46.0),
                               cosTerm(1, 1.0 - 25.0 / 46.0));
  else
    w = buildBinary<nn::AddOp>(
        nc, buildBinary<nn::SubOp>(nc, scalarConstant(nc, f64, 0.42), cosTerm(1, 0.5)),
        cosTerm(2, 0.08));
  if (!w)
    return failure();
  nc.setOutput(0, castTo(nc, w, et));
  return success();
}

} // namespace

void addNormOps(std::vector<OpEntry> &table) {
  table.push_back({"LRN", {1, 13}, {1, 13}, {"alpha", "beta", "bias", "size"},
                   "decomposed: a channel-window average pool of the squares", lrn});
  table.push_back({"GroupNormalization", {18, 21}, {18, 21},
                   {"epsilon", "num_groups", "stash_type"}, "static channel count; stash_type 1",
                   groupNorm});
  table.push_back({"HannWindow", {17}, {17}, {"output_datatype", "periodic"},
                   "computed in f64", window<0>});
  table.push_back({"HammingWindow", {17}, {17}, {"output_datatype", "periodic"},
                   "computed in f64", window<1>});
  table.push_back({"BlackmanWindow", {17}, {17}, {"output_datatype", "periodic"},
                   "computed in f64", window<2>});
}

} // namespace kiln::onnx_frontend
