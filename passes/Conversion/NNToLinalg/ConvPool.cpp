//===- ConvPool.cpp - nn.conv and pooling to linalg -----------------------===//
//
// Any number of spatial dimensions, one code path. 1-D windows are treated
// as 2-D windows of height 1; the 2-D case (and so 1-D) uses linalg's named
// ops, every other rank a linalg.generic with the same iteration space
// (linalg has no grouped 3-D convolution and no NCDHW pooling).
//
// Convolution: tensor.pad, then linalg.conv_2d_nchw_fchw (or the grouped
// ngchw/gfchw form; N-D: the generic over [N, (G,) M, O..., C, K...])
// accumulating into the broadcast bias. Pooling: tensor.pad with the
// neutral element (and the extra end padding ceil_mode needs), then
// linalg.pooling_nchw_{max,sum} (N-D: the generic over [N, C, O..., K...]);
// the average divides by a per-position count computed at compile time.
//
// Dynamic dimensions (kernel sizes are always static): output spatial
// sizes come from the shape functions' formulas in index arithmetic, and
// what the types cannot prove is checked at run time before anything is
// read (channel counts, bias size, a window that fits the padded input).
// With a dynamic spatial input size the average's divisor is computed by a
// small linalg.generic instead of a constant.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/NNToLinalg/NNToLinalg.h"
#include "passes/Conversion/NNToLinalg/DynamicSupport.h"
#include "dialects/NN/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace kiln;
using namespace kiln::lowering;

namespace {

static bool isDyn(int64_t d) { return ShapedType::isDynamic(d); }

/// The value of a static size (an attribute); run-time values are not
/// looked through, so types built from sizes match what ops infer.
static std::optional<int64_t> staticInt(OpFoldResult x) {
  if (auto attr = dyn_cast<Attribute>(x))
    return cast<IntegerAttr>(attr).getInt();
  return std::nullopt;
}

/// Spatial parameters of one windowed op; 1-D windows are normalized to
/// 2-D (a unit height), every other rank is kept.
struct Window {
  SmallVector<int64_t, 3> kernel, strides, dilations, padLow, padHigh;
  /// The number of spatial dimensions after normalization (at least 2).
  int64_t rank() const { return kernel.size(); }
};

/// Normalizes window attributes: 1-D becomes 2-D, N-D (N >= 2) is kept.
static FailureOr<Window> normalizeWindow(ArrayRef<int64_t> kernel,
                                         ArrayRef<int64_t> strides,
                                         ArrayRef<int64_t> pads,
                                         ArrayRef<int64_t> dilations) {
  size_t k = kernel.size();
  if (k == 0 || strides.size() != k || dilations.size() != k ||
      pads.size() != 2 * k)
    return failure();
  Window w;
  if (k == 1) {
    w.kernel = {1, kernel[0]};
    w.strides = {1, strides[0]};
    w.dilations = {1, dilations[0]};
    w.padLow = {0, pads[0]};
    w.padHigh = {0, pads[1]};
  } else {
    w.kernel.assign(kernel.begin(), kernel.end());
    w.strides.assign(strides.begin(), strides.end());
    w.dilations.assign(dilations.begin(), dilations.end());
    w.padLow.assign(pads.begin(), pads.begin() + k);
    w.padHigh.assign(pads.begin() + k, pads.end());
  }
  return w;
}

/// [N, C, W] -> [N, C, 1, W]; other ranks are returned unchanged.
static RankedTensorType toWindowRank(RankedTensorType t) {
  if (t.getRank() != 3)
    return t;
  SmallVector<int64_t> s(t.getShape());
  s.insert(s.end() - 1, 1);
  return RankedTensorType::get(s, t.getElementType());
}

/// `v` reshaped to toWindowRank of its type.
static Value reshapeToWindowRank(OpBuilder &b, Location loc, Value v) {
  auto t = cast<RankedTensorType>(v.getType());
  if (t.getRank() != 3)
    return v;
  SmallVector<OpFoldResult> sizes;
  if (!t.hasStaticShape()) {
    sizes = tensor::getMixedSizes(b, loc, v);
    sizes.insert(sizes.begin() + 2, b.getIndexAttr(1));
  }
  return dyn::reshapeTo(b, loc, v, toWindowRank(t), {{0}, {1}, {2, 3}}, sizes);
}

/// `v` (of toWindowRank of a rank-`rank` type) back to rank `rank`.
static Value reshapeFromWindowRank(OpBuilder &b, Location loc, Value v,
                                   int64_t rank) {
  if (rank != 3)
    return v;
  auto t = cast<RankedTensorType>(v.getType());
  SmallVector<int64_t> s(t.getShape());
  s.erase(s.begin() + 2);
  return dyn::reshapeTo(b, loc, v, RankedTensorType::get(s, t.getElementType()),
                        {{0}, {1}, {2, 3}});
}

/// `input` padded by `low`/`high` along its spatial dimensions (2 on).
static Value padSpatial(OpBuilder &b, Location loc, Value input,
                        ArrayRef<OpFoldResult> low, ArrayRef<OpFoldResult> high,
                        TypedAttr padValue) {
  auto isZero = [](OpFoldResult p) { return staticInt(p) == 0; };
  if (llvm::all_of(low, isZero) && llvm::all_of(high, isZero))
    return input;
  auto t = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> shape(t.getShape());
  SmallVector<OpFoldResult> lo(t.getRank(), b.getIndexAttr(0)),
      hi(t.getRank(), b.getIndexAttr(0));
  for (size_t i = 0; i < low.size(); ++i) {
    auto l = staticInt(low[i]), h = staticInt(high[i]);
    if (!l || !h || isDyn(shape[i + 2]))
      shape[i + 2] = ShapedType::kDynamic;
    else
      shape[i + 2] += *l + *h;
    lo[i + 2] = low[i];
    hi[i + 2] = high[i];
  }
  Value pv = arith::ConstantOp::create(b, loc, padValue);
  return tensor::PadOp::create(b, loc, RankedTensorType::get(shape, t.getElementType()),
                               input, lo, hi, pv, /*nofold=*/false);
}

static SmallVector<OpFoldResult> indexAttrs(OpBuilder &b, ArrayRef<int64_t> v) {
  return llvm::map_to_vector(
      v, [&](int64_t x) -> OpFoldResult { return b.getIndexAttr(x); });
}

/// The original dimension of `op`'s input (of rank `rank`) that spatial
/// dimension `i` of the normalized window stands for.
static int64_t inputDim(int64_t rank, int i) { return rank == 3 ? 2 : i + 2; }

/// Checks at run time that `cond` holds (the op is `op`).
static void check(OpBuilder &b, Location loc, Operation *op, Value cond,
                  const Twine &message) {
  emitShapeCheck(b, loc, op, cond, message);
}

/// Output size of one windowed spatial dimension of input size `d`: the
/// shape functions' formula. A dynamic size is checked to be at least 1.
static OpFoldResult windowOutputSize(OpBuilder &b, Location loc, Operation *op,
                                     OpFoldResult d, OpFoldResult kernel,
                                     int64_t stride, int64_t pb, int64_t pe,
                                     int64_t dil, bool ceil, int64_t dim) {
  // d + pb + pe - dil * (kernel - 1) - 1
  auto k = staticInt(kernel);
  OpFoldResult span =
      k ? dyn::add(b, loc, d, b.getIndexAttr(pb + pe - dil * (*k - 1) - 1))
        : dyn::sub(b, loc, dyn::add(b, loc, d, b.getIndexAttr(pb + pe - 1)),
                   dyn::mul(b, loc, dyn::sub(b, loc, kernel, b.getIndexAttr(1)),
                            b.getIndexAttr(dil)));
  if (!staticInt(span)) {
    std::string size = k ? std::to_string(*k) : std::string("of run-time size");
    check(b, loc, op,
          dyn::cmp(b, loc, arith::CmpIPredicate::sge, span, b.getIndexAttr(0)),
          "the window (kernel " + size + ", dilation " + Twine(dil) +
              ") is larger than the padded input along dimension " + Twine(dim));
  }
  if (!staticInt(kernel))
    check(b, loc, op,
          dyn::cmp(b, loc, arith::CmpIPredicate::sge, kernel, b.getIndexAttr(1)),
          "the kernel is empty along dimension " + Twine(dim));
  if (ceil)
    span = dyn::add(b, loc, span, b.getIndexAttr(stride - 1));
  OpFoldResult out =
      dyn::add(b, loc, dyn::div(b, loc, span, b.getIndexAttr(stride)),
               b.getIndexAttr(1));
  if (!ceil)
    return out;
  // A window that would start entirely in the end padding is dropped.
  OpFoldResult start = dyn::mul(
      b, loc, dyn::sub(b, loc, out, b.getIndexAttr(1)), b.getIndexAttr(stride));
  OpFoldResult limit = dyn::add(b, loc, d, b.getIndexAttr(pb));
  auto s = staticInt(start), l = staticInt(limit);
  if (s && l)
    return *s >= *l ? dyn::sub(b, loc, out, b.getIndexAttr(1)) : out;
  Value drop = dyn::cmp(b, loc, arith::CmpIPredicate::sge, start, limit);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  return dyn::sub(b, loc, out,
                  arith::SelectOp::create(b, loc, drop, one, zero).getResult());
}

/// [N, C, O...] of a pooling window over an input of `inSizes` (the window
/// rank's), `rank` being the op's own rank.
static SmallVector<OpFoldResult> poolOutputSizes(OpBuilder &b, Location loc, Operation *op,
                                                 const Window &win,
                                                 ArrayRef<OpFoldResult> inSizes, bool ceil,
                                                 int64_t rank) {
  SmallVector<OpFoldResult> out{inSizes[0], inSizes[1]};
  for (int64_t i = 0; i < win.rank(); ++i)
    out.push_back(windowOutputSize(b, loc, op, inSizes[i + 2], b.getIndexAttr(win.kernel[i]),
                                   win.strides[i], win.padLow[i], win.padHigh[i],
                                   win.dilations[i], ceil, inputDim(rank, i)));
  return out;
}

/// The bias broadcast along channels of an NC... tensor of `sizes`, or
/// zeros.
static Value buildConvInit(OpBuilder &b, Location loc,
                           ArrayRef<OpFoldResult> sizes, Type et, Value bias) {
  if (!bias)
    return dyn::buildFilled(b, loc, sizes, b.getFloatAttr(et, 0.0));
  MLIRContext *ctx = b.getContext();
  int64_t rank = sizes.size();
  auto outT = RankedTensorType::get(dyn::shapeOf(sizes), et);
  Value empty = outT.hasStaticShape()
                    ? tensor::EmptyOp::create(b, loc, outT.getShape(), et)
                    : tensor::EmptyOp::create(b, loc, sizes, et);
  AffineMap id = b.getMultiDimIdentityMap(rank);
  AffineMap chan = AffineMap::get(rank, 0, getAffineDimExpr(1, ctx), ctx);
  return linalg::GenericOp::create(
             b, loc, outT, bias, empty, ArrayRef<AffineMap>{chan, id},
             SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
             [](OpBuilder &nb, Location l, ValueRange a) {
               linalg::YieldOp::create(nb, l, a[0]);
             })
      .getResult(0);
}

/// Dimension `dim` of `v` split into [group, size / group].
static Value splitGroups(OpBuilder &b, Location loc, Value v, int64_t dim,
                         int64_t group) {
  auto t = cast<RankedTensorType>(v.getType());
  SmallVector<int64_t> shape(t.getShape());
  SmallVector<OpFoldResult> sizes;
  if (!t.hasStaticShape()) {
    sizes = tensor::getMixedSizes(b, loc, v);
    sizes[dim] = dyn::div(b, loc, sizes[dim], b.getIndexAttr(group));
    sizes.insert(sizes.begin() + dim, b.getIndexAttr(group));
  }
  if (!isDyn(shape[dim]))
    shape[dim] /= group;
  shape.insert(shape.begin() + dim, group);
  SmallVector<ReassociationIndices> groups;
  for (int64_t i = 0; i < t.getRank(); ++i)
    groups.push_back(i < dim    ? ReassociationIndices{i}
                     : i == dim ? ReassociationIndices{i, i + 1}
                                : ReassociationIndices{i + 1});
  return dyn::reshapeTo(b, loc, v,
                        RankedTensorType::get(shape, t.getElementType()),
                        groups, sizes);
}

/// Window taps along spatial dimension i read input position
/// `o_i * stride_i + k_i * dilation_i`: one affine expression per dimension,
/// with `o` the output and `k` the kernel loop dimensions.
static SmallVector<AffineExpr> windowExprs(MLIRContext *ctx, int64_t firstOut,
                                           int64_t firstKernel,
                                           ArrayRef<int64_t> strides,
                                           ArrayRef<int64_t> dilations) {
  SmallVector<AffineExpr> exprs;
  for (size_t i = 0; i < strides.size(); ++i)
    exprs.push_back(getAffineDimExpr(firstOut + i, ctx) * strides[i] +
                    getAffineDimExpr(firstKernel + i, ctx) * dilations[i]);
  return exprs;
}

/// Dimensions [from, from + n) as affine expressions.
static SmallVector<AffineExpr> dimExprs(MLIRContext *ctx, int64_t from,
                                        int64_t n) {
  SmallVector<AffineExpr> exprs;
  for (int64_t i = 0; i < n; ++i)
    exprs.push_back(getAffineDimExpr(from + i, ctx));
  return exprs;
}

/// Iterator types: `parallel` parallel loops, then `reduction` reductions.
static SmallVector<utils::IteratorType> iterators(int64_t parallel,
                                                  int64_t reduction) {
  SmallVector<utils::IteratorType> its(parallel, utils::IteratorType::parallel);
  its.append(reduction, utils::IteratorType::reduction);
  return its;
}

/// The N-D convolution as a linalg.generic: loops [N, (G,) M, O..., C, K...]
/// over input [N, (G,) C, D...], weight [(G,) M, C, K...] and output
/// [N, (G,) M, O...] (the G dimension when `grouped`), the iteration space
/// of linalg's named convolutions.
static Value buildConvGeneric(OpBuilder &b, Location loc, Value input,
                              Value weight, Value init,
                              ArrayRef<int64_t> strides,
                              ArrayRef<int64_t> dilations, bool grouped) {
  MLIRContext *ctx = b.getContext();
  int64_t s = strides.size(), g = grouped ? 1 : 0;
  int64_t m = 1 + g, o = 2 + g, c = o + s, k = c + 1, loops = k + s;
  auto d = [&](int64_t i) { return getAffineDimExpr(i, ctx); };
  SmallVector<AffineExpr> in{d(0)}, w, out{d(0)};
  if (grouped) {
    in.push_back(d(1));
    w.push_back(d(1));
    out.push_back(d(1));
  }
  in.push_back(d(c));
  llvm::append_range(in, windowExprs(ctx, o, k, strides, dilations));
  w.append({d(m), d(c)});
  llvm::append_range(w, dimExprs(ctx, k, s));
  out.push_back(d(m));
  llvm::append_range(out, dimExprs(ctx, o, s));
  SmallVector<AffineMap> maps{AffineMap::get(loops, 0, in, ctx),
                              AffineMap::get(loops, 0, w, ctx),
                              AffineMap::get(loops, 0, out, ctx)};
  return linalg::GenericOp::create(
             b, loc, init.getType(), ValueRange{input, weight}, init, maps,
             iterators(c, loops - c),
             [](OpBuilder &nb, Location l, ValueRange a) {
               Value prod = arith::MulFOp::create(nb, l, a[0], a[1]);
               linalg::YieldOp::create(
                   nb, l, arith::AddFOp::create(nb, l, a[2], prod).getResult());
             })
      .getResult(0);
}

/// `init += conv(input, weight)` on NC.../FC... operands (already padded),
/// grouped when `group > 1`: linalg's named 2-D convolutions, or the N-D
/// generic for other ranks.
static Value buildConv(OpBuilder &b, Location loc, Value input, Value weight,
                       Value init, ArrayRef<int64_t> strides,
                       ArrayRef<int64_t> dilations, int64_t group) {
  auto outT = cast<RankedTensorType>(init.getType());
  int64_t s = strides.size();
  auto stridesAttr = b.getI64VectorAttr(strides);
  auto dilationsAttr = b.getI64VectorAttr(dilations);
  if (group == 1)
    return s == 2 ? linalg::Conv2DNchwFchwOp::create(
                        b, loc, TypeRange{outT}, ValueRange{input, weight},
                        init, stridesAttr, dilationsAttr)
                        .getResult(0)
                  : buildConvGeneric(b, loc, input, weight, init, strides,
                                     dilations, /*grouped=*/false);
  // Split channels into groups: N,G,C/G,D... and G,M/G,C/G,K....
  Value gIn = splitGroups(b, loc, input, 1, group);
  Value gW = splitGroups(b, loc, weight, 0, group);
  Value gInit = splitGroups(b, loc, init, 1, group);
  Value r = s == 2 ? linalg::Conv2DNgchwGfchwOp::create(
                         b, loc, TypeRange{gInit.getType()}, ValueRange{gIn, gW},
                         gInit, stridesAttr, dilationsAttr)
                         .getResult(0)
                   : buildConvGeneric(b, loc, gIn, gW, gInit, strides,
                                      dilations, /*grouped=*/true);
  SmallVector<ReassociationIndices> merge{{0}, {1, 2}};
  for (int64_t i = 0; i < s; ++i)
    merge.push_back({3 + i});
  return dyn::reshapeTo(b, loc, r, outT, merge);
}

/// Checks that the bias has `channels` entries when either is dynamic.
static void checkBias(OpBuilder &b, Location loc, Operation *op, Value bias,
                      OpFoldResult channels, const Twine &what) {
  if (!bias)
    return;
  OpFoldResult size = tensor::getMixedSize(b, loc, bias, 0);
  if (staticInt(size) && staticInt(channels))
    return;
  check(b, loc, op, dyn::cmp(b, loc, arith::CmpIPredicate::eq, size, channels),
        "bias size differs from " + what);
}

struct ConvLowering : OpRewritePattern<nn::ConvOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::ConvOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto wType = op.getWeight().getType();
    auto win = normalizeWindow(wType.getShape().drop_front(2), op.getStrides(),
                               op.getPads(), op.getDilations());
    if (failed(win))
      return rewriter.notifyMatchFailure(op, "malformed window attributes");
    auto outType = cast<RankedTensorType>(op.getType());
    Type et = outType.getElementType();
    int64_t rank = outType.getRank(), g = op.getGroup();
    Value input = reshapeToWindowRank(rewriter, loc, op.getInput());
    Value weight = reshapeToWindowRank(rewriter, loc, op.getWeight());

    // Sizes, and the facts the types leave to run time.
    auto inSize = [&](int64_t d) {
      return tensor::getMixedSize(rewriter, loc, input, d);
    };
    auto wSize = [&](int64_t d) {
      return tensor::getMixedSize(rewriter, loc, weight, d);
    };
    OpFoldResult c = inSize(1), cg = wSize(1), m = wSize(0);
    if (!staticInt(c) || !staticInt(cg))
      check(rewriter, loc, op,
            dyn::cmp(rewriter, loc, arith::CmpIPredicate::eq, c,
                     dyn::mul(rewriter, loc, cg, rewriter.getIndexAttr(g))),
            "input channels (dim 1) differ from the weight's channels (dim 1) "
            "x group " +
                Twine(g));
    if (!staticInt(m) && g > 1) {
      Value mv = getValueOrCreateConstantIndexOp(rewriter, loc, m);
      Value gv = arith::ConstantIndexOp::create(rewriter, loc, g);
      Value rem = arith::RemSIOp::create(rewriter, loc, mv, gv);
      check(rewriter, loc, op,
            dyn::cmp(rewriter, loc, arith::CmpIPredicate::eq, rem,
                     rewriter.getIndexAttr(0)),
            "the weight's output channels (dim 0) are not divisible by group " +
                Twine(g));
    }
    checkBias(rewriter, loc, op, op.getBias(), m,
              "the weight's output channels (dim 0)");
    SmallVector<OpFoldResult> outSizes{inSize(0), m};
    for (int64_t i = 0; i < win->rank(); ++i)
      outSizes.push_back(windowOutputSize(
          rewriter, loc, op, inSize(i + 2), wSize(i + 2), win->strides[i],
          win->padLow[i], win->padHigh[i], win->dilations[i], /*ceil=*/false,
          inputDim(rank, i)));

    input = padSpatial(rewriter, loc, input, indexAttrs(rewriter, win->padLow),
                       indexAttrs(rewriter, win->padHigh),
                       rewriter.getFloatAttr(et, 0.0));
    Value init = buildConvInit(rewriter, loc, outSizes, et, op.getBias());
    Value result = buildConv(rewriter, loc, input, weight, init, win->strides,
                             win->dilations, g);
    result = reshapeFromWindowRank(rewriter, loc, result, rank);
    rewriter.replaceOp(op, dyn::castToType(rewriter, loc, op, result, outType));
    return success();
  }
};

/// Transposed convolution with a weight whose shape is known only at run
/// time (a graph input), in gather form: one linalg.generic over
/// [N, G, M/G, O..., C/G, K...] with the weight [G, C/G, M/G, K...] as its
/// input and the output [N, G, M/G, O...] (holding the bias), adding
/// x[n, g, c, i...] * w[g, c, m, k...] where every
/// i_j = (o_j + padLow_j - k_j * dilation_j) / stride_j divides exactly and
/// lies in [0, D_j). x is read with tensor.extract at an index clamped into
/// range, and its product dropped when the tap does not hit an input.
static Value buildConvTransposeGather(PatternRewriter &b, Location loc,
                                      nn::ConvTransposeOp op, const Window &win,
                                      ArrayRef<int64_t> outPad) {
  MLIRContext *ctx = b.getContext();
  auto outType = cast<RankedTensorType>(op.getType());
  Type et = outType.getElementType();
  int64_t rank = outType.getRank(), s = win.rank(), g = op.getGroup();
  Value input = reshapeToWindowRank(b, loc, op.getInput());
  Value weight = reshapeToWindowRank(b, loc, op.getWeight());
  SmallVector<OpFoldResult> in = tensor::getMixedSizes(b, loc, input);
  SmallVector<OpFoldResult> w = tensor::getMixedSizes(b, loc, weight);
  auto idx = [&](int64_t v) -> OpFoldResult { return b.getIndexAttr(v); };
  using P = arith::CmpIPredicate;

  // Run-time facts.
  check(b, loc, op, dyn::cmp(b, loc, P::eq, in[1], w[0]),
        "input channels (dim 1) differ from the weight's dim 0");
  if (g > 1) {
    Value c = getValueOrCreateConstantIndexOp(b, loc, w[0]);
    Value rem = arith::RemSIOp::create(
        b, loc, c, arith::ConstantIndexOp::create(b, loc, g));
    check(b, loc, op, dyn::cmp(b, loc, P::eq, rem, idx(0)),
          "the weight's dim 0 is not divisible by group " + Twine(g));
  }
  OpFoldResult mg = w[1], m = dyn::mul(b, loc, mg, idx(g));
  checkBias(b, loc, op, op.getBias(), m, "the output channels");
  SmallVector<OpFoldResult> outSizes{in[0], m};
  for (int64_t i = 0; i < s; ++i) {
    int64_t dim = inputDim(rank, i);
    check(b, loc, op, dyn::cmp(b, loc, P::sge, in[i + 2], idx(1)),
          "input dimension " + Twine(dim) + " is empty");
    check(b, loc, op, dyn::cmp(b, loc, P::sge, w[i + 2], idx(1)),
          "the kernel is empty along dimension " + Twine(dim));
    // stride * (D - 1) + output_padding + dilation * (K - 1) + 1 - pads
    OpFoldResult o = dyn::add(
        b, loc,
        dyn::mul(b, loc, dyn::sub(b, loc, in[i + 2], idx(1)), idx(win.strides[i])),
        dyn::mul(b, loc, dyn::sub(b, loc, w[i + 2], idx(1)), idx(win.dilations[i])));
    o = dyn::add(b, loc, o,
                 idx(outPad[i] + 1 - win.padLow[i] - win.padHigh[i]));
    check(b, loc, op, dyn::cmp(b, loc, P::sge, o, idx(1)),
          "output dimension " + Twine(dim) + " would be empty");
    outSizes.push_back(o);
  }

  // [N, M, O...] holding the bias, as [N, G, M/G, O...]; x as
  // [N, G, C/G, D...]; the weight as [G, C/G, M/G, K...].
  Value init = splitGroups(b, loc, buildConvInit(b, loc, outSizes, et, op.getBias()), 1, g);
  Value x = splitGroups(b, loc, input, 1, g);
  Value wg = splitGroups(b, loc, weight, 0, g);
  SmallVector<Value> xSizes;
  for (int64_t i = 0; i < s; ++i)
    xSizes.push_back(getValueOrCreateConstantIndexOp(
        b, loc, tensor::getMixedSize(b, loc, x, i + 3)));

  // Loops: n, g, m, o_0..o_{s-1}, c, k_0..k_{s-1}.
  int64_t oDim = 3, cDim = 3 + s, kDim = 4 + s, loops = 4 + 2 * s;
  auto d = [&](int64_t i) { return getAffineDimExpr(i, ctx); };
  SmallVector<AffineExpr> wExprs{d(1), d(cDim), d(2)}, outExprs{d(0), d(1), d(2)};
  for (int64_t i = 0; i < s; ++i) {
    wExprs.push_back(d(kDim + i));
    outExprs.push_back(d(oDim + i));
  }
  SmallVector<AffineMap> maps{AffineMap::get(loops, 0, wExprs, ctx),
                              AffineMap::get(loops, 0, outExprs, ctx)};
  Value result =
      linalg::GenericOp::create(
          b, loc, init.getType(), ValueRange{wg}, init, maps,
          iterators(cDim, loops - cDim),
          [&](OpBuilder &nb, Location l, ValueRange a) {
            auto c = [&](int64_t v) {
              return arith::ConstantIndexOp::create(nb, l, v).getResult();
            };
            auto at = [&](int64_t dim) {
              return linalg::IndexOp::create(nb, l, dim).getResult();
            };
            Value zero = c(0), hit;
            SmallVector<Value> xIdx{at(0), at(1), at(cDim)};
            for (int64_t i = 0; i < s; ++i) {
              Value k = arith::MulIOp::create(nb, l, at(kDim + i), c(win.dilations[i]));
              Value num = arith::SubIOp::create(
                  nb, l, arith::AddIOp::create(nb, l, at(oDim + i), c(win.padLow[i])), k);
              Value stride = c(win.strides[i]);
              Value q = arith::DivSIOp::create(nb, l, num, stride);
              Value rem = arith::RemSIOp::create(nb, l, num, stride);
              Value ok = arith::AndIOp::create(
                  nb, l, arith::CmpIOp::create(nb, l, P::sge, num, zero),
                  arith::CmpIOp::create(nb, l, P::eq, rem, zero));
              ok = arith::AndIOp::create(
                  nb, l, ok, arith::CmpIOp::create(nb, l, P::slt, q, xSizes[i]));
              hit = hit ? arith::AndIOp::create(nb, l, hit, ok).getResult() : ok;
              xIdx.push_back(q);
            }
            for (int64_t i = 0; i < s; ++i)
              xIdx[3 + i] = arith::SelectOp::create(nb, l, hit, xIdx[3 + i], zero);
            Value xv = tensor::ExtractOp::create(nb, l, x, xIdx);
            Value prod = arith::MulFOp::create(nb, l, xv, a[0]);
            Value sum = arith::AddFOp::create(nb, l, a[1], prod);
            linalg::YieldOp::create(nb, l,
                                    arith::SelectOp::create(nb, l, hit, sum, a[1]).getResult());
          })
          .getResult(0);
  // Back to [N, M, O...] and the op's rank.
  auto merged = RankedTensorType::get(dyn::shapeOf(outSizes), et);
  SmallVector<ReassociationIndices> merge{{0}, {1, 2}};
  for (int64_t i = 0; i < s; ++i)
    merge.push_back({3 + i});
  result = dyn::reshapeTo(b, loc, result, merged, merge);
  return reshapeFromWindowRank(b, loc, result, rank);
}

/// Transposed convolution as a stride-1 convolution: insert stride-1 zeros
/// between input elements, pad by dil*(K-1) - pad (plus output_padding at
/// the end), and convolve with the weight flipped spatially and with its
/// input/output channels swapped. Negative padding crops the result.
struct ConvTransposeLowering : OpRewritePattern<nn::ConvTransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::ConvTransposeOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto wType = op.getWeight().getType();
    auto win = normalizeWindow(wType.getShape().drop_front(2), op.getStrides(),
                               op.getPads(), op.getDilations());
    if (failed(win) ||
        op.getOutputPadding().size() != wType.getShape().drop_front(2).size())
      return rewriter.notifyMatchFailure(op, "malformed window attributes");
    int64_t s = win->rank();
    SmallVector<int64_t, 3> outPad(op.getOutputPadding());
    if (outPad.size() == 1)
      outPad.insert(outPad.begin(), 0);
    auto outType = cast<RankedTensorType>(op.getType());
    if (!wType.hasStaticShape()) {
      Value r = buildConvTransposeGather(rewriter, loc, op, *win, outPad);
      rewriter.replaceOp(op, dyn::castToType(rewriter, loc, op, r, outType));
      return success();
    }
    Type et = outType.getElementType();
    int64_t rank = outType.getRank();
    auto wN = toWindowRank(wType);
    Value input = reshapeToWindowRank(rewriter, loc, op.getInput());
    Value weight = reshapeToWindowRank(rewriter, loc, op.getWeight());
    auto inN = cast<RankedTensorType>(input.getType());
    int64_t g = op.getGroup();
    int64_t c = wN.getDimSize(0), mg = wN.getDimSize(1), cg = c / g;
    ArrayRef<int64_t> kernel = wN.getShape().drop_front(2);

    // Run-time facts: channels, bias, non-empty spatial input.
    SmallVector<OpFoldResult> inSizes =
        tensor::getMixedSizes(rewriter, loc, input);
    if (inN.isDynamicDim(1))
      check(rewriter, loc, op,
            dyn::cmp(rewriter, loc, arith::CmpIPredicate::eq, inSizes[1],
                     rewriter.getIndexAttr(c)),
            "input channels (dim 1) differ from the weight's dim 0 (" +
                Twine(c) + ")");
    checkBias(rewriter, loc, op, op.getBias(), rewriter.getIndexAttr(mg * g),
              "the output channels (" + Twine(mg * g) + ")");
    for (int64_t i = 0; i < s; ++i)
      if (inN.isDynamicDim(i + 2))
        check(rewriter, loc, op,
              dyn::cmp(rewriter, loc, arith::CmpIPredicate::sge, inSizes[i + 2],
                       rewriter.getIndexAttr(1)),
              "input dimension " + Twine(inputDim(rank, i)) + " is empty");

    // 1. Zero insertion.
    SmallVector<OpFoldResult> upSizes(inSizes);
    bool insert = false;
    for (int64_t i = 0; i < s; ++i) {
      upSizes[i + 2] =
          dyn::add(rewriter, loc,
                   dyn::mul(rewriter, loc,
                            dyn::sub(rewriter, loc, inSizes[i + 2],
                                     rewriter.getIndexAttr(1)),
                            rewriter.getIndexAttr(win->strides[i])),
                   rewriter.getIndexAttr(1));
      insert |= inN.isDynamicDim(i + 2) ? win->strides[i] != 1
                                        : upSizes[i + 2] != inSizes[i + 2];
    }
    if (insert) {
      Value zeros = dyn::buildFilled(rewriter, loc, upSizes,
                                     rewriter.getFloatAttr(et, 0.0));
      SmallVector<OpFoldResult> offsets(s + 2, rewriter.getIndexAttr(0));
      SmallVector<OpFoldResult> strides(2, rewriter.getIndexAttr(1));
      llvm::append_range(strides, indexAttrs(rewriter, win->strides));
      input = tensor::InsertSliceOp::create(rewriter, loc, input, zeros,
                                            offsets, inSizes, strides);
    }

    // 2. Padding (negative amounts become a crop of the result).
    SmallVector<int64_t, 3> low, high, crop, cropEnd;
    for (int64_t i = 0; i < s; ++i) {
      int64_t span = win->dilations[i] * (win->kernel[i] - 1);
      int64_t lo = span - win->padLow[i], hi = span - win->padHigh[i] + outPad[i];
      low.push_back(std::max<int64_t>(lo, 0));
      high.push_back(std::max<int64_t>(hi, 0));
      crop.push_back(std::max<int64_t>(-lo, 0));
      cropEnd.push_back(std::max<int64_t>(-hi, 0));
    }
    input = padSpatial(rewriter, loc, input, indexAttrs(rewriter, low),
                       indexAttrs(rewriter, high), rewriter.getFloatAttr(et, 0.0));

    // 3. Weight [C, M/g, K...] -> [M, C/g, K...], flipped spatially.
    SmallVector<int64_t> wtShape{mg * g, cg};
    llvm::append_range(wtShape, kernel);
    auto wtType = RankedTensorType::get(wtShape, et);
    AffineExpr d0 = getAffineDimExpr(0, ctx), d1 = getAffineDimExpr(1, ctx);
    SmallVector<AffineExpr> readExprs{d0.floorDiv(mg) * cg + d1, d0 % mg};
    for (int64_t i = 0; i < s; ++i)
      readExprs.push_back((kernel[i] - 1) - getAffineDimExpr(i + 2, ctx));
    AffineMap readW = AffineMap::get(s + 2, 0, readExprs, ctx);
    Value wtInit = tensor::EmptyOp::create(rewriter, loc, wtType.getShape(), et);
    Value wt = linalg::GenericOp::create(
                   rewriter, loc, wtType, weight, wtInit,
                   ArrayRef<AffineMap>{readW, rewriter.getMultiDimIdentityMap(s + 2)},
                   SmallVector<utils::IteratorType>(s + 2, utils::IteratorType::parallel),
                   [](OpBuilder &nb, Location l, ValueRange a) {
                     linalg::YieldOp::create(nb, l, a[0]);
                   })
                   .getResult(0);

    // 4. Stride-1 convolution into the (possibly larger) uncropped output.
    SmallVector<OpFoldResult> fullSizes{inSizes[0],
                                        rewriter.getIndexAttr(mg * g)};
    SmallVector<OpFoldResult> outSizes(fullSizes);
    for (int64_t i = 0; i < s; ++i) {
      OpFoldResult full = dyn::add(
          rewriter, loc, upSizes[i + 2],
          rewriter.getIndexAttr(low[i] + high[i] -
                                win->dilations[i] * (win->kernel[i] - 1)));
      OpFoldResult out = dyn::sub(rewriter, loc, full,
                                  rewriter.getIndexAttr(crop[i] + cropEnd[i]));
      if (!staticInt(out))
        check(rewriter, loc, op,
              dyn::cmp(rewriter, loc, arith::CmpIPredicate::sge, out,
                       rewriter.getIndexAttr(1)),
              "output dimension " + Twine(inputDim(rank, i)) +
                  " would be empty");
      fullSizes.push_back(full);
      outSizes.push_back(out);
    }
    Value init = buildConvInit(rewriter, loc, fullSizes, et, op.getBias());
    Value result = buildConv(rewriter, loc, input, wt, init,
                             SmallVector<int64_t, 3>(s, 1), win->dilations, g);
    if (llvm::any_of(llvm::concat<int64_t>(crop, cropEnd),
                     [](int64_t x) { return x != 0; })) {
      SmallVector<OpFoldResult> offsets(2, rewriter.getIndexAttr(0));
      llvm::append_range(offsets, indexAttrs(rewriter, crop));
      SmallVector<OpFoldResult> ones(s + 2, rewriter.getIndexAttr(1));
      auto outN = RankedTensorType::get(dyn::shapeOf(outSizes), et);
      result = tensor::ExtractSliceOp::create(rewriter, loc, outN, result,
                                              offsets, outSizes, ones);
    }
    result = reshapeFromWindowRank(rewriter, loc, result, rank);
    rewriter.replaceOp(op, dyn::castToType(rewriter, loc, op, result, outType));
    return success();
  }
};

/// Number of window taps of one output position that fall inside
/// [lo, hi) of the unpadded coordinate system.
static int64_t tapsInside(int64_t o, int64_t stride, int64_t kernel,
                          int64_t dil, int64_t padLow, int64_t lo, int64_t hi) {
  int64_t n = 0;
  for (int64_t t = 0; t < kernel; ++t) {
    int64_t pos = o * stride + t * dil - padLow;
    n += pos >= lo && pos < hi;
  }
  return n;
}

/// tapsInside at run time: `o` and `hi` are index values.
static Value tapsInside(OpBuilder &b, Location loc, Value o, int64_t stride,
                        int64_t kernel, int64_t dil, int64_t padLow, int64_t lo,
                        Value hi) {
  auto c = [&](int64_t v) {
    return arith::ConstantIndexOp::create(b, loc, v).getResult();
  };
  Value zero = c(0), one = c(1), low = c(lo);
  Value base = arith::MulIOp::create(b, loc, o, c(stride));
  base = arith::SubIOp::create(b, loc, base, c(padLow));
  Value n = zero;
  for (int64_t t = 0; t < kernel; ++t) {
    Value pos =
        t == 0 ? base
               : arith::AddIOp::create(b, loc, base, c(t * dil)).getResult();
    Value above =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, pos, low);
    Value below =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, pos, hi);
    Value inside = arith::AndIOp::create(b, loc, above, below);
    n = arith::AddIOp::create(
        b, loc, n, arith::SelectOp::create(b, loc, inside, one, zero));
  }
  return n;
}

template <typename OpTy>
struct PoolLowering : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  static constexpr bool isMax = std::is_same_v<OpTy, nn::MaxPoolOp>;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto win = normalizeWindow(op.getKernelShape(), op.getStrides(),
                               op.getPads(), op.getDilations());
    if (failed(win))
      return rewriter.notifyMatchFailure(op, "malformed window attributes");
    int64_t s = win->rank();
    auto outType = cast<RankedTensorType>(op.getType());
    int64_t rank = outType.getRank();
    Type et = outType.getElementType();
    // Integers (max_pool only): the signed or, marked by
    // kiln-lower-unsigned, the unsigned maximum.
    bool isUnsigned = op->hasAttr("nn.unsigned");
    Value input = reshapeToWindowRank(rewriter, loc, op.getInput());
    auto inN = cast<RankedTensorType>(input.getType());
    SmallVector<OpFoldResult> inSizes =
        tensor::getMixedSizes(rewriter, loc, input);
    SmallVector<OpFoldResult> outSizes =
        poolOutputSizes(rewriter, loc, op, *win, inSizes, op.getCeilMode(), rank);
    auto outN = RankedTensorType::get(dyn::shapeOf(outSizes), et);

    // Extra end padding so that ceil_mode's last window fits (none is
    // needed without ceil_mode).
    SmallVector<OpFoldResult> high = indexAttrs(rewriter, win->padHigh);
    for (int64_t i = 0; i < s; ++i) {
      if (!inN.isDynamicDim(i + 2)) {
        int64_t needed = (outN.getDimSize(i + 2) - 1) * win->strides[i] +
                         (win->kernel[i] - 1) * win->dilations[i] + 1;
        int64_t have = inN.getDimSize(i + 2) + win->padLow[i] + win->padHigh[i];
        high[i] = rewriter.getIndexAttr(win->padHigh[i] +
                                        std::max<int64_t>(0, needed - have));
      } else if (op.getCeilMode()) {
        OpFoldResult needed = dyn::add(
            rewriter, loc,
            dyn::mul(rewriter, loc,
                     dyn::sub(rewriter, loc, outSizes[i + 2],
                              rewriter.getIndexAttr(1)),
                     rewriter.getIndexAttr(win->strides[i])),
            rewriter.getIndexAttr((win->kernel[i] - 1) * win->dilations[i] + 1 -
                                  win->padLow[i]));
        high[i] =
            dyn::max(rewriter, loc, rewriter.getIndexAttr(win->padHigh[i]),
                     dyn::sub(rewriter, loc, needed, inSizes[i + 2]));
      }
    }
    TypedAttr neutral;
    if (auto ft = dyn_cast<FloatType>(et))
      neutral = isMax ? rewriter.getFloatAttr(
                            et, APFloat::getInf(ft.getFloatSemantics(), true))
                      : rewriter.getFloatAttr(et, 0.0);
    else if (isMax)
      neutral = rewriter.getIntegerAttr(
          et, isUnsigned ? APInt::getZero(et.getIntOrFloatBitWidth())
                         : APInt::getSignedMinValue(et.getIntOrFloatBitWidth()));
    else
      return rewriter.notifyMatchFailure(op, "average_pool needs a float type");
    input = padSpatial(rewriter, loc, input, indexAttrs(rewriter, win->padLow),
                       high, neutral);
    Value init = dyn::buildFilled(rewriter, loc, outSizes, neutral);
    Value windowT = tensor::EmptyOp::create(rewriter, loc, win->kernel, et);
    Value result = buildPool(rewriter, loc, input, windowT, init, outN,
                             win->strides, win->dilations, isUnsigned);
    if constexpr (!isMax) {
      // Divisor per output position: taps inside the input (and inside the
      // explicit pads when count_include_pad), never the ceil_mode extra.
      bool staticSpatial = llvm::none_of(
          inN.getShape().drop_front(2), [](int64_t d) { return isDyn(d); });
      Value countT = staticSpatial
                         ? staticCounts(rewriter, loc, op, *win, inN, outN)
                         : dynamicCounts(rewriter, loc, op, *win, inSizes,
                                         outSizes);
      AffineMap id = rewriter.getMultiDimIdentityMap(s + 2);
      AffineMap spatial =
          AffineMap::get(s + 2, 0, dimExprs(ctx, 2, s), ctx);
      Value empty =
          outN.hasStaticShape()
              ? tensor::EmptyOp::create(rewriter, loc, outN.getShape(), et)
              : tensor::EmptyOp::create(rewriter, loc, outSizes, et);
      result = linalg::GenericOp::create(
                   rewriter, loc, outN, ValueRange{result, countT}, empty,
                   ArrayRef<AffineMap>{id, spatial, id},
                   SmallVector<utils::IteratorType>(s + 2, utils::IteratorType::parallel),
                   [&](OpBuilder &b, Location l, ValueRange a) {
                     linalg::YieldOp::create(b, l, arith::DivFOp::create(b, l, a[0], a[1]).getResult());
                   })
                   .getResult(0);
    }
    result = reshapeFromWindowRank(rewriter, loc, result, rank);
    rewriter.replaceOp(op, dyn::castToType(rewriter, loc, op, result, outType));
    return success();
  }

  /// The windowed max or sum of `input` into `init`: linalg's named 2-D
  /// pooling, or for other ranks a linalg.generic over [N, C, O..., K...]
  /// (the named ops' iteration space; `windowT` only gives the K sizes).
  static Value buildPool(OpBuilder &b, Location loc, Value input, Value windowT,
                         Value init, RankedTensorType outN,
                         ArrayRef<int64_t> strides,
                         ArrayRef<int64_t> dilations, bool isUnsigned) {
    int64_t s = strides.size();
    bool isFloat = isa<FloatType>(outN.getElementType());
    // The named 2-D max pool takes the signed maximum of integers; the
    // generic below also serves unsigned ones.
    if (s == 2 && (isFloat || !isUnsigned)) {
      auto stridesAttr = b.getI64VectorAttr(strides);
      auto dilationsAttr = b.getI64VectorAttr(dilations);
      if constexpr (isMax)
        return linalg::PoolingNchwMaxOp::create(b, loc, TypeRange{outN},
                                                ValueRange{input, windowT}, init,
                                                stridesAttr, dilationsAttr)
            .getResult(0);
      else
        return linalg::PoolingNchwSumOp::create(b, loc, TypeRange{outN},
                                                ValueRange{input, windowT}, init,
                                                stridesAttr, dilationsAttr)
            .getResult(0);
    }
    MLIRContext *ctx = b.getContext();
    int64_t loops = 2 + 2 * s;
    SmallVector<AffineExpr> in = dimExprs(ctx, 0, 2);
    llvm::append_range(in, windowExprs(ctx, 2, 2 + s, strides, dilations));
    SmallVector<AffineMap> maps{
        AffineMap::get(loops, 0, in, ctx),
        AffineMap::get(loops, 0, dimExprs(ctx, 2 + s, s), ctx),
        AffineMap::get(loops, 0, dimExprs(ctx, 0, 2 + s), ctx)};
    return linalg::GenericOp::create(
               b, loc, outN, ValueRange{input, windowT}, init, maps,
               iterators(2 + s, s),
               [&](OpBuilder &nb, Location l, ValueRange a) {
                 Value r;
                 if constexpr (isMax)
                   r = !isFloat ? isUnsigned ? arith::MaxUIOp::create(nb, l, a[2], a[0]).getResult()
                                             : arith::MaxSIOp::create(nb, l, a[2], a[0]).getResult()
                                : arith::MaximumFOp::create(nb, l, a[2], a[0]).getResult();
                 else
                   r = arith::AddFOp::create(nb, l, a[2], a[0]);
                 linalg::YieldOp::create(nb, l, r);
               })
        .getResult(0);
  }

  /// The [O...] divisors as a constant (static spatial sizes).
  static Value staticCounts(OpBuilder &b, Location loc, OpTy op,
                            const Window &win, RankedTensorType inN,
                            RankedTensorType outN) {
    Type et = outN.getElementType();
    auto ft = cast<FloatType>(et);
    int64_t s = win.rank();
    ArrayRef<int64_t> outSpatial = outN.getShape().drop_front(2);
    int64_t total = 1;
    for (int64_t o : outSpatial)
      total *= o;
    // Row-major over the output positions; `pos` is the current one.
    SmallVector<int64_t, 3> pos(s, 0);
    SmallVector<APFloat> countValues;
    for (int64_t e = 0; e < total; ++e) {
      int64_t c = 1;
      for (int64_t i = 0; i < s; ++i) {
        int64_t d = inN.getDimSize(i + 2);
        int64_t lo = countIncludePad(op) ? -win.padLow[i] : 0;
        int64_t hi = countIncludePad(op) ? d + win.padHigh[i] : d;
        c *= tapsInside(pos[i], win.strides[i], win.kernel[i], win.dilations[i],
                        win.padLow[i], lo, hi);
      }
      // Counts are small integers: exact in every float type.
      APFloat v(static_cast<float>(std::max<int64_t>(c, 1)));
      bool lost;
      v.convert(ft.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
      countValues.push_back(v);
      for (int64_t i = s - 1; i >= 0 && ++pos[i] == outSpatial[i]; --i)
        pos[i] = 0;
    }
    auto countType = RankedTensorType::get(outSpatial, et);
    return arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(countType, countValues));
  }

  /// The [O...] divisors computed at run time by a linalg.generic.
  static Value dynamicCounts(OpBuilder &b, Location loc, OpTy op,
                             const Window &win,
                             ArrayRef<OpFoldResult> inSizes,
                             ArrayRef<OpFoldResult> outSizes) {
    Type et = cast<RankedTensorType>(op.getType()).getElementType();
    int64_t s = win.rank();
    SmallVector<Value, 3> hi;
    SmallVector<int64_t, 3> lo;
    for (int64_t i = 0; i < s; ++i) {
      bool include = countIncludePad(op);
      lo.push_back(include ? -win.padLow[i] : 0);
      hi.push_back(getValueOrCreateConstantIndexOp(
          b, loc,
          include
              ? dyn::add(b, loc, inSizes[i + 2], b.getIndexAttr(win.padHigh[i]))
              : inSizes[i + 2]));
    }
    Value empty = tensor::EmptyOp::create(b, loc, outSizes.drop_front(2), et);
    return linalg::GenericOp::create(
               b, loc, empty.getType(), ValueRange{}, empty,
               ArrayRef<AffineMap>{b.getMultiDimIdentityMap(s)},
               SmallVector<utils::IteratorType>(s,
                                                utils::IteratorType::parallel),
               [&](OpBuilder &nb, Location l, ValueRange) {
                 Value n = arith::ConstantIndexOp::create(nb, l, 1);
                 for (int64_t i = 0; i < s; ++i) {
                   Value o = linalg::IndexOp::create(nb, l, i);
                   n = arith::MulIOp::create(
                       nb, l, n,
                       tapsInside(nb, l, o, win.strides[i], win.kernel[i],
                                  win.dilations[i], win.padLow[i], lo[i],
                                  hi[i]));
                 }
                 n = arith::MaxSIOp::create(
                     nb, l, n, arith::ConstantIndexOp::create(nb, l, 1));
                 Value i64 =
                     arith::IndexCastOp::create(nb, l, nb.getI64Type(), n);
                 linalg::YieldOp::create(
                     nb, l,
                     arith::SIToFPOp::create(nb, l, et, i64).getResult());
               })
        .getResult(0);
  }

  static bool countIncludePad(OpTy op) {
    if constexpr (isMax)
      return false;
    else
      return op.getCountIncludePad();
  }
};

/// nn.max_pool_indices: one linalg.generic over [N, C, O..., K...] whose
/// two outputs carry the best value and its flat index per window. Each
/// tap reads the unpadded input with tensor.extract at a clamped position
/// and counts only when that position lies inside it; the first tap, or a
/// greater value, replaces the best (a tie keeps the first, a NaN never
/// replaces). The index is row-major over the whole input, or column-major
/// over the spatial block with storage_order = 1.
struct MaxPoolIndicesLowering : OpRewritePattern<nn::MaxPoolIndicesOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::MaxPoolIndicesOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto win = normalizeWindow(op.getKernelShape(), op.getStrides(),
                               op.getPads(), op.getDilations());
    if (failed(win))
      return rewriter.notifyMatchFailure(op, "malformed window attributes");
    int64_t s = win->rank();
    auto outType = cast<RankedTensorType>(op.getType());
    int64_t rank = outType.getRank();
    Value input = reshapeToWindowRank(rewriter, loc, op.getInput());
    Type et = cast<RankedTensorType>(input.getType()).getElementType();
    bool isFloat = isa<FloatType>(et), isUnsigned = op->hasAttr("nn.unsigned");
    bool columnMajor = op.getStorageOrder() == 1;
    SmallVector<OpFoldResult> inSizes = tensor::getMixedSizes(rewriter, loc, input);
    SmallVector<OpFoldResult> outSizes =
        poolOutputSizes(rewriter, loc, op, *win, inSizes, op.getCeilMode(), rank);
    auto valueT = RankedTensorType::get(dyn::shapeOf(outSizes), et);
    auto indexT = RankedTensorType::get(dyn::shapeOf(outSizes), rewriter.getI64Type());
    TypedAttr zero = isFloat ? TypedAttr(rewriter.getFloatAttr(et, 0.0))
                             : TypedAttr(rewriter.getIntegerAttr(et, 0));
    Value bestInit = dyn::buildFilled(rewriter, loc, outSizes, zero);
    Value indexInit = dyn::buildFilled(rewriter, loc, outSizes, rewriter.getI64IntegerAttr(-1));
    Value windowT = tensor::EmptyOp::create(rewriter, loc, win->kernel, rewriter.getI1Type());
    SmallVector<Value> dims;
    for (OpFoldResult d : inSizes)
      dims.push_back(getValueOrCreateConstantIndexOp(rewriter, loc, d));

    int64_t loops = 2 + 2 * s;
    SmallVector<AffineMap> maps{
        AffineMap::get(loops, 0, dimExprs(ctx, 2 + s, s), ctx),
        AffineMap::get(loops, 0, dimExprs(ctx, 0, 2 + s), ctx),
        AffineMap::get(loops, 0, dimExprs(ctx, 0, 2 + s), ctx)};
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{valueT, indexT}, ValueRange{windowT},
        ValueRange{bestInit, indexInit}, maps, iterators(2 + s, s),
        [&](OpBuilder &b, Location l, ValueRange a) {
          using P = arith::CmpIPredicate;
          auto c = [&](int64_t v) { return arith::ConstantIndexOp::create(b, l, v).getResult(); };
          auto at = [&](int64_t d) { return linalg::IndexOp::create(b, l, d).getResult(); };
          Value inside;
          SmallVector<Value> pos{at(0), at(1)}, clamped{at(0), at(1)};
          for (int64_t i = 0; i < s; ++i) {
            Value p = arith::AddIOp::create(
                b, l, arith::MulIOp::create(b, l, at(2 + i), c(win->strides[i])),
                arith::MulIOp::create(b, l, at(2 + s + i), c(win->dilations[i])));
            p = arith::SubIOp::create(b, l, p, c(win->padLow[i]));
            Value ok = arith::AndIOp::create(
                b, l, arith::CmpIOp::create(b, l, P::sge, p, c(0)),
                arith::CmpIOp::create(b, l, P::slt, p, dims[i + 2]));
            inside = inside ? arith::AndIOp::create(b, l, inside, ok).getResult() : ok;
            pos.push_back(p);
          }
          for (int64_t i = 0; i < s; ++i)
            clamped.push_back(arith::SelectOp::create(b, l, inside, pos[2 + i], c(0)));
          Value x = tensor::ExtractOp::create(b, l, input, clamped);
          Value greater =
              isFloat ? arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGT, x, a[1]).getResult()
                      : arith::CmpIOp::create(b, l, isUnsigned ? P::ugt : P::sgt, x, a[1])
                            .getResult();
          Value first = arith::CmpIOp::create(
              b, l, P::slt, a[2], arith::ConstantIntOp::create(b, l, b.getI64Type(), 0));
          Value take = arith::AndIOp::create(b, l, inside,
                                             arith::OrIOp::create(b, l, first, greater));
          // The flat index: (n * C + c) * block + the spatial offset.
          Value block = c(1), offset = c(0);
          if (columnMajor) {
            for (int64_t i = 0; i < s; ++i) {
              offset = arith::AddIOp::create(b, l, offset,
                                             arith::MulIOp::create(b, l, pos[2 + i], block));
              block = arith::MulIOp::create(b, l, block, dims[i + 2]);
            }
          } else {
            for (int64_t i = 0; i < s; ++i) {
              offset = arith::AddIOp::create(
                  b, l, arith::MulIOp::create(b, l, offset, dims[i + 2]), pos[2 + i]);
              block = arith::MulIOp::create(b, l, block, dims[i + 2]);
            }
          }
          Value channel = arith::AddIOp::create(
              b, l, arith::MulIOp::create(b, l, at(0), dims[1]), at(1));
          Value flat = arith::AddIOp::create(
              b, l, arith::MulIOp::create(b, l, channel, block), offset);
          flat = arith::IndexCastOp::create(b, l, b.getI64Type(), flat);
          linalg::YieldOp::create(
              b, l,
              ValueRange{arith::SelectOp::create(b, l, take, x, a[1]),
                         arith::SelectOp::create(b, l, take, flat, a[2])});
        });
    Value result = reshapeFromWindowRank(rewriter, loc, generic.getResult(1), rank);
    rewriter.replaceOp(op, dyn::castToType(rewriter, loc, op, result, outType));
    return success();
  }
};

} // namespace

bool kiln::lowering::convPoolSupportsDynamic(Operation *op) {
  return isa<nn::ConvOp, nn::ConvTransposeOp, nn::MaxPoolOp, nn::MaxPoolIndicesOp,
             nn::AveragePoolOp>(op);
}

void kiln::populateNNConvPoolToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ConvLowering, ConvTransposeLowering, PoolLowering<nn::MaxPoolOp>,
               PoolLowering<nn::AveragePoolOp>, MaxPoolIndicesLowering>(
      patterns.getContext());
}
