//===- ConvPool.cpp - nn.conv and pooling to linalg -----------------------===//
//
// Convolution: tensor.pad, then linalg.conv_2d_nchw_fchw (or the grouped
// ngchw/gfchw form) accumulating into the broadcast bias. 1-D windows are
// treated as 2-D windows of height 1. Pooling: tensor.pad with the
// neutral element (and the extra end padding ceil_mode needs), then
// linalg.pooling_nchw_{max,sum}; the average divides by a per-position
// count computed at compile time.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/NNToLinalg/NNToLinalg.h"
#include "dialects/NN/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace kiln;
using namespace kiln::lowering;

namespace {

/// Spatial parameters of one windowed op, normalized to two dimensions.
struct Window2D {
  SmallVector<int64_t, 2> kernel, strides, dilations, padLow, padHigh;
};

/// Normalizes 1-D or 2-D window attributes to 2-D. Fails for other ranks.
static FailureOr<Window2D> window2D(ArrayRef<int64_t> kernel,
                                    ArrayRef<int64_t> strides,
                                    ArrayRef<int64_t> pads,
                                    ArrayRef<int64_t> dilations) {
  size_t k = kernel.size();
  if (k != 1 && k != 2)
    return failure();
  Window2D w;
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
    w.padLow = {pads[0], pads[1]};
    w.padHigh = {pads[2], pads[3]};
  }
  return w;
}

/// [N, C, W] -> [N, C, 1, W]; 4-D types are returned unchanged.
static RankedTensorType to4D(RankedTensorType t) {
  if (t.getRank() == 4)
    return t;
  SmallVector<int64_t> s(t.getShape());
  s.insert(s.end() - 1, 1);
  return RankedTensorType::get(s, t.getElementType());
}

static Value pad2D(OpBuilder &b, Location loc, Value input,
                   ArrayRef<int64_t> low, ArrayRef<int64_t> high,
                   TypedAttr padValue) {
  if (llvm::all_of(low, [](int64_t p) { return p == 0; }) &&
      llvm::all_of(high, [](int64_t p) { return p == 0; }))
    return input;
  auto t = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> shape(t.getShape());
  SmallVector<OpFoldResult> lo(4, b.getIndexAttr(0)), hi(4, b.getIndexAttr(0));
  for (int i = 0; i < 2; ++i) {
    shape[i + 2] += low[i] + high[i];
    lo[i + 2] = b.getIndexAttr(low[i]);
    hi[i + 2] = b.getIndexAttr(high[i]);
  }
  Value pv = arith::ConstantOp::create(b, loc, padValue);
  return tensor::PadOp::create(b, loc, RankedTensorType::get(shape, t.getElementType()),
                               input, lo, hi, pv, /*nofold=*/false);
}

/// The bias broadcast along channels of `out4`, or zeros.
static Value buildConvInit(OpBuilder &b, Location loc, RankedTensorType out4,
                           Value bias) {
  Type et = out4.getElementType();
  if (!bias)
    return buildFilled(b, loc, out4, b.getFloatAttr(et, 0.0));
  MLIRContext *ctx = b.getContext();
  Value empty = tensor::EmptyOp::create(b, loc, out4.getShape(), et);
  AffineMap id = b.getMultiDimIdentityMap(4);
  AffineMap chan = AffineMap::get(4, 0, getAffineDimExpr(1, ctx), ctx);
  return linalg::GenericOp::create(
             b, loc, out4, bias, empty, ArrayRef<AffineMap>{chan, id},
             SmallVector<utils::IteratorType>(4, utils::IteratorType::parallel),
             [](OpBuilder &nb, Location l, ValueRange a) {
               linalg::YieldOp::create(nb, l, a[0]);
             })
      .getResult(0);
}

/// `init += conv(input, weight)` on NCHW/FCHW operands (already padded),
/// grouped when `group > 1`.
static Value buildConv2D(OpBuilder &b, Location loc, Value input, Value weight,
                         Value init, ArrayRef<int64_t> strides,
                         ArrayRef<int64_t> dilations, int64_t group) {
  auto out4 = cast<RankedTensorType>(init.getType());
  Type et = out4.getElementType();
  auto stridesAttr = b.getI64VectorAttr(strides);
  auto dilationsAttr = b.getI64VectorAttr(dilations);
  if (group == 1)
    return linalg::Conv2DNchwFchwOp::create(b, loc, TypeRange{out4},
                                            ValueRange{input, weight}, init,
                                            stridesAttr, dilationsAttr)
        .getResult(0);
  // Split channels into groups: N,G,C/G,H,W and G,M/G,C/G,KH,KW.
  auto split = [&](Value v, int dim) {
    auto t = cast<RankedTensorType>(v.getType());
    SmallVector<int64_t> s(t.getShape());
    s[dim] /= group;
    s.insert(s.begin() + dim, group);
    return RankedTensorType::get(s, et);
  };
  auto gOut = split(init, 1);
  Value gIn = buildReshape(b, loc, input, split(input, 1));
  Value gW = buildReshape(b, loc, weight, split(weight, 0));
  Value gInit = buildReshape(b, loc, init, gOut);
  Value r = linalg::Conv2DNgchwGfchwOp::create(b, loc, TypeRange{gOut},
                                               ValueRange{gIn, gW}, gInit,
                                               stridesAttr, dilationsAttr)
                .getResult(0);
  return buildReshape(b, loc, r, out4);
}

struct ConvLowering : OpRewritePattern<nn::ConvOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::ConvOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    auto wType = op.getWeight().getType();
    auto win = window2D(wType.getShape().drop_front(2), op.getStrides(),
                        op.getPads(), op.getDilations());
    if (failed(win))
      return rewriter.notifyMatchFailure(op, "only 1-D and 2-D convolution");
    auto outType = cast<RankedTensorType>(op.getType());
    Type et = outType.getElementType();
    auto out4 = to4D(outType);
    Value input = buildReshape(rewriter, loc, op.getInput(), to4D(op.getInput().getType()));
    Value weight = buildReshape(rewriter, loc, op.getWeight(), to4D(wType));
    input = pad2D(rewriter, loc, input, win->padLow, win->padHigh,
                  rewriter.getFloatAttr(et, 0.0));
    Value init = buildConvInit(rewriter, loc, out4, op.getBias());
    Value result = buildConv2D(rewriter, loc, input, weight, init, win->strides,
                               win->dilations, op.getGroup());
    rewriter.replaceOp(op, buildReshape(rewriter, loc, result, outType));
    return success();
  }
};

/// Transposed convolution as a stride-1 convolution: insert stride-1 zeros
/// between input elements, pad by dil*(K-1) - pad (plus output_padding at
/// the end), and convolve with the weight flipped spatially and with its
/// input/output channels swapped. Negative padding crops the result.
struct ConvTransposeLowering : OpRewritePattern<nn::ConvTransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::ConvTransposeOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto wType = op.getWeight().getType();
    auto win = window2D(wType.getShape().drop_front(2), op.getStrides(),
                        op.getPads(), op.getDilations());
    if (failed(win))
      return rewriter.notifyMatchFailure(op, "only 1-D and 2-D transposed convolution");
    SmallVector<int64_t, 2> outPad(op.getOutputPadding());
    if (outPad.size() == 1)
      outPad.insert(outPad.begin(), 0);
    auto outType = cast<RankedTensorType>(op.getType());
    Type et = outType.getElementType();
    auto out4 = to4D(outType);
    auto in4 = to4D(op.getInput().getType());
    auto w4 = to4D(wType);
    Value input = buildReshape(rewriter, loc, op.getInput(), in4);
    Value weight = buildReshape(rewriter, loc, op.getWeight(), w4);
    int64_t g = op.getGroup();

    // 1. Zero insertion.
    SmallVector<int64_t> upShape(in4.getShape());
    for (int i = 0; i < 2; ++i)
      upShape[i + 2] = (upShape[i + 2] - 1) * win->strides[i] + 1;
    if (upShape != SmallVector<int64_t>(in4.getShape())) {
      auto upType = RankedTensorType::get(upShape, et);
      Value zeros = buildFilled(rewriter, loc, upType, rewriter.getFloatAttr(et, 0.0));
      SmallVector<OpFoldResult> offsets(4, rewriter.getIndexAttr(0)), sizes, strides;
      for (int64_t d : in4.getShape())
        sizes.push_back(rewriter.getIndexAttr(d));
      strides = {rewriter.getIndexAttr(1), rewriter.getIndexAttr(1),
                 rewriter.getIndexAttr(win->strides[0]), rewriter.getIndexAttr(win->strides[1])};
      input = tensor::InsertSliceOp::create(rewriter, loc, input, zeros, offsets, sizes, strides);
    }

    // 2. Padding (negative amounts become a crop of the result).
    SmallVector<int64_t, 2> low, high, crop;
    for (int i = 0; i < 2; ++i) {
      int64_t span = win->dilations[i] * (win->kernel[i] - 1);
      int64_t lo = span - win->padLow[i], hi = span - win->padHigh[i] + outPad[i];
      low.push_back(std::max<int64_t>(lo, 0));
      high.push_back(std::max<int64_t>(hi, 0));
      crop.push_back(std::max<int64_t>(-lo, 0));
    }
    input = pad2D(rewriter, loc, input, low, high, rewriter.getFloatAttr(et, 0.0));

    // 3. Weight [C, M/g, KH, KW] -> [M, C/g, KH, KW], flipped spatially.
    int64_t c = w4.getDimSize(0), mg = w4.getDimSize(1), cg = c / g;
    int64_t kh = w4.getDimSize(2), kw = w4.getDimSize(3);
    auto wtType = RankedTensorType::get({mg * g, cg, kh, kw}, et);
    AffineExpr d0 = getAffineDimExpr(0, ctx), d1 = getAffineDimExpr(1, ctx),
               d2 = getAffineDimExpr(2, ctx), d3 = getAffineDimExpr(3, ctx);
    AffineMap readW = AffineMap::get(
        4, 0, {d0.floorDiv(mg) * cg + d1, d0 % mg, (kh - 1) - d2, (kw - 1) - d3}, ctx);
    Value wtInit = tensor::EmptyOp::create(rewriter, loc, wtType.getShape(), et);
    Value wt = linalg::GenericOp::create(
                   rewriter, loc, wtType, weight, wtInit,
                   ArrayRef<AffineMap>{readW, rewriter.getMultiDimIdentityMap(4)},
                   SmallVector<utils::IteratorType>(4, utils::IteratorType::parallel),
                   [](OpBuilder &nb, Location l, ValueRange a) {
                     linalg::YieldOp::create(nb, l, a[0]);
                   })
                   .getResult(0);

    // 4. Stride-1 convolution into the (possibly larger) uncropped output.
    auto pt = cast<RankedTensorType>(input.getType());
    SmallVector<int64_t> fullShape(out4.getShape());
    for (int i = 0; i < 2; ++i)
      fullShape[i + 2] = pt.getDimSize(i + 2) - win->dilations[i] * (win->kernel[i] - 1);
    auto fullType = RankedTensorType::get(fullShape, et);
    Value init = buildConvInit(rewriter, loc, fullType, op.getBias());
    Value result = buildConv2D(rewriter, loc, input, wt, init, {1, 1}, win->dilations, g);
    if (fullType != out4) {
      SmallVector<OpFoldResult> offsets{rewriter.getIndexAttr(0), rewriter.getIndexAttr(0),
                                        rewriter.getIndexAttr(crop[0]),
                                        rewriter.getIndexAttr(crop[1])};
      SmallVector<OpFoldResult> sizes, ones(4, rewriter.getIndexAttr(1));
      for (int64_t d : out4.getShape())
        sizes.push_back(rewriter.getIndexAttr(d));
      result = tensor::ExtractSliceOp::create(rewriter, loc, out4, result, offsets, sizes, ones);
    }
    rewriter.replaceOp(op, buildReshape(rewriter, loc, result, outType));
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

template <typename OpTy>
struct PoolLowering : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  static constexpr bool isMax = std::is_same_v<OpTy, nn::MaxPoolOp>;

  LogicalResult matchAndRewrite(OpTy op, PatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto win = window2D(op.getKernelShape(), op.getStrides(), op.getPads(),
                        op.getDilations());
    if (failed(win))
      return rewriter.notifyMatchFailure(op, "only 1-D and 2-D pooling");
    auto outType = cast<RankedTensorType>(op.getType());
    auto out4 = to4D(outType);
    auto in4 = to4D(cast<RankedTensorType>(op.getInput().getType()));
    Type et = outType.getElementType();
    auto ft = cast<FloatType>(et);

    // Extra end padding so that ceil_mode's last window fits.
    SmallVector<int64_t, 2> high(win->padHigh);
    for (int i = 0; i < 2; ++i) {
      int64_t needed = (out4.getDimSize(i + 2) - 1) * win->strides[i] +
                       (win->kernel[i] - 1) * win->dilations[i] + 1;
      int64_t have = in4.getDimSize(i + 2) + win->padLow[i] + win->padHigh[i];
      high[i] += std::max<int64_t>(0, needed - have);
    }
    TypedAttr neutral =
        isMax ? rewriter.getFloatAttr(et, APFloat::getInf(ft.getFloatSemantics(), true))
              : rewriter.getFloatAttr(et, 0.0);
    Value input = buildReshape(rewriter, loc, op.getInput(), in4);
    input = pad2D(rewriter, loc, input, win->padLow, high, neutral);
    Value init = buildFilled(rewriter, loc, out4, neutral);
    Value windowT = tensor::EmptyOp::create(rewriter, loc, win->kernel, et);
    auto strides = rewriter.getI64VectorAttr(win->strides);
    auto dilations = rewriter.getI64VectorAttr(win->dilations);
    Value result;
    if constexpr (isMax) {
      result = linalg::PoolingNchwMaxOp::create(rewriter, loc, TypeRange{out4},
                                                ValueRange{input, windowT}, init,
                                                strides, dilations)
                   .getResult(0);
    } else {
      Value sum = linalg::PoolingNchwSumOp::create(rewriter, loc, TypeRange{out4},
                                                   ValueRange{input, windowT}, init,
                                                   strides, dilations)
                      .getResult(0);
      // Divisor per output position: taps inside the input (and inside the
      // explicit pads when count_include_pad), never the ceil_mode extra.
      int64_t oh = out4.getDimSize(2), ow = out4.getDimSize(3);
      SmallVector<float> counts;
      for (int64_t y = 0; y < oh; ++y)
        for (int64_t x = 0; x < ow; ++x) {
          int64_t c = 1;
          for (int i = 0; i < 2; ++i) {
            int64_t o = i == 0 ? y : x, d = in4.getDimSize(i + 2);
            int64_t lo = op.getCountIncludePad() ? -win->padLow[i] : 0;
            int64_t hi = op.getCountIncludePad() ? d + win->padHigh[i] : d;
            c *= tapsInside(o, win->strides[i], win->kernel[i],
                            win->dilations[i], win->padLow[i], lo, hi);
          }
          counts.push_back(static_cast<float>(std::max<int64_t>(c, 1)));
        }
      // Counts are small integers: exact in every float type.
      auto countType = RankedTensorType::get({oh, ow}, et);
      SmallVector<APFloat> countValues;
      for (float c : counts) {
        APFloat v(c);
        bool lost;
        v.convert(ft.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
        countValues.push_back(v);
      }
      Value countT = arith::ConstantOp::create(
          rewriter, loc, DenseElementsAttr::get(countType, countValues));
      AffineMap id = rewriter.getMultiDimIdentityMap(4);
      AffineMap hw = AffineMap::get(
          4, 0, {getAffineDimExpr(2, ctx), getAffineDimExpr(3, ctx)}, ctx);
      Value empty = tensor::EmptyOp::create(rewriter, loc, out4.getShape(), et);
      result = linalg::GenericOp::create(
                   rewriter, loc, out4, ValueRange{sum, countT}, empty,
                   ArrayRef<AffineMap>{id, hw, id},
                   SmallVector<utils::IteratorType>(4, utils::IteratorType::parallel),
                   [&](OpBuilder &b, Location l, ValueRange a) {
                     linalg::YieldOp::create(b, l, arith::DivFOp::create(b, l, a[0], a[1]).getResult());
                   })
                   .getResult(0);
    }
    rewriter.replaceOp(op, buildReshape(rewriter, loc, result, outType));
    return success();
  }
};

} // namespace

void kiln::populateNNConvPoolToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ConvLowering, ConvTransposeLowering, PoolLowering<nn::MaxPoolOp>,
               PoolLowering<nn::AveragePoolOp>>(patterns.getContext());
}
