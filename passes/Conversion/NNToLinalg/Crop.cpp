//===- Crop.cpp - nn center_crop_pad, reverse_sequence, col2im, max_unpool to linalg -===//
//
// center_crop_pad: per axis, the window kept (offset floor(max(n - t, 0) /
// 2), size min(n, t)) is a tensor.extract_slice and the padding
// (floor(max(t - n, 0) / 2) before, the rest after) a tensor.pad with
// zero; both fold to static ops when the sizes are constants.
//
// reverse_sequence: a linalg.generic over the result reading the input with
// tensor.extract at the reversed time index (the lengths come in through an
// indexing map on the batch dimension).
//
// col2im: a linalg.generic over the image [N, C, D...] whose body loops
// (scf.for) over the prod(block) block offsets; an offset contributes when
// the image position it implies is a block position (on the stride grid,
// inside the blocks), and scf.if then reads the column with tensor.extract
// and adds it.
//
// max_unpool: a zero tensor threaded through an scf.for nest over the
// input; each element's index is split into coordinates of the unpooled
// shape and tensor.insert writes it there (row-major, so the last of
// duplicate indices wins). A linalg.generic cannot express the writes.
//
// Run-time values are checked before use (lowering::emitShapeCheck stops
// the run with KILN_ERR_SHAPE naming the node): target sizes, sequence
// lengths, image and block shapes, output shapes and indices. Reads are
// also clamped into the input, so no value can make them leave it.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/NNToLinalg/Crop.h"
#include "passes/Conversion/NNToLinalg/DynamicSupport.h"
#include "passes/Conversion/NNToLinalg/NNToLinalg.h"
#include "dialects/NN/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Utils/Utils.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace kiln;
using namespace kiln::lowering;

namespace {

using Pred = arith::CmpIPredicate;

/// Index arithmetic on sizes that folds when its inputs are static, and
/// the run-time checks named after `op`.
struct Sizes {
  OpBuilder &b;
  Location loc;
  Operation *op;

  OpFoldResult c(int64_t v) const { return b.getIndexAttr(v); }
  Value value(OpFoldResult x) const { return getValueOrCreateConstantIndexOp(b, loc, x); }
  OpFoldResult add(OpFoldResult x, OpFoldResult y) const { return dyn::add(b, loc, x, y); }
  OpFoldResult sub(OpFoldResult x, OpFoldResult y) const { return dyn::sub(b, loc, x, y); }
  OpFoldResult mul(OpFoldResult x, OpFoldResult y) const { return dyn::mul(b, loc, x, y); }
  /// Division of non-negative sizes.
  OpFoldResult div(OpFoldResult x, OpFoldResult y) const { return dyn::div(b, loc, x, y); }
  OpFoldResult max(OpFoldResult x, OpFoldResult y) const { return dyn::max(b, loc, x, y); }
  OpFoldResult min(OpFoldResult x, OpFoldResult y) const {
    auto cx = getConstantIntValue(x), cy = getConstantIntValue(y);
    if (cx && cy)
      return c(std::min(*cx, *cy));
    return arith::MinSIOp::create(b, loc, value(x), value(y)).getResult();
  }
  OpFoldResult rem(OpFoldResult x, OpFoldResult y) const {
    auto cx = getConstantIntValue(x), cy = getConstantIntValue(y);
    if (cx && cy && *cy != 0)
      return c(*cx % *cy);
    return arith::RemSIOp::create(b, loc, value(x), value(y)).getResult();
  }
  /// A run-time check that `x pred y`; nothing when both are static and
  /// it holds.
  void check(Pred p, OpFoldResult x, OpFoldResult y, const Twine &message) const {
    auto cx = getConstantIntValue(x), cy = getConstantIntValue(y);
    Value cond;
    if (cx && cy) {
      if (arith::applyCmpPredicate(p, APInt(64, static_cast<uint64_t>(*cx), true),
                                   APInt(64, static_cast<uint64_t>(*cy), true)))
        return;
      cond = arith::ConstantIntOp::create(b, loc, b.getI1Type(), 0);
    } else {
      cond = arith::CmpIOp::create(b, loc, p, value(x), value(y));
    }
    emitShapeCheck(b, loc, op, cond, message);
  }
  /// A run-time check that `cond` holds.
  void check(Value cond, const Twine &message) const {
    emitShapeCheck(b, loc, op, cond, message);
  }
  /// Entry `i` of the 1-D i64 tensor `t` as an index.
  OpFoldResult entry(Value t, int64_t i) const {
    Value e = tensor::ExtractOp::create(b, loc, t, ValueRange{value(c(i))});
    return arith::IndexCastOp::create(b, loc, b.getIndexType(), e).getResult();
  }
};

/// The entries of `v` when it is a constant integer tensor.
std::optional<SmallVector<int64_t>> constantEntries(Value v) {
  DenseIntElementsAttr attr;
  if (!v || !matchPattern(v, m_Constant(&attr)))
    return std::nullopt;
  SmallVector<int64_t> r;
  for (const APInt &e : attr.getValues<APInt>())
    r.push_back(e.getSExtValue());
  return r;
}

/// Entries of the 1-D i64 tensor `t`: constants when it is one, else read
/// at run time.
SmallVector<OpFoldResult> entries(Sizes &s, Value t, int64_t n) {
  SmallVector<OpFoldResult> r;
  auto known = constantEntries(t);
  for (int64_t i = 0; i < n; ++i)
    r.push_back(known ? s.c((*known)[i]) : s.entry(t, i));
  return r;
}

/// `computed` for result dimension `d` of `type`: the static size after a
/// run-time check that they agree, else the computed one.
OpFoldResult resultSize(Sizes &s, RankedTensorType type, int64_t d, OpFoldResult computed,
                        const Twine &what) {
  if (type.isDynamicDim(d))
    return computed;
  int64_t n = type.getDimSize(d);
  s.check(Pred::eq, computed, s.c(n),
          "result dimension " + Twine(d) + " is " + Twine(n) + " but " + what + " differs");
  return s.c(n);
}

/// Checks at run time that `pred` holds for every entry of `t` (skipped
/// when `t` is a constant and `bound`, what the entries are checked
/// against, is static: the importer checked those).
void checkEntries(Sizes &s, Value t, OpFoldResult bound,
                  function_ref<Value(OpBuilder &, Location, Value)> pred,
                  const Twine &message) {
  if (matchPattern(t, m_Constant()) && getConstantIntValue(bound))
    return;
  OpBuilder &b = s.b;
  Location loc = s.loc;
  auto tt = cast<RankedTensorType>(t.getType());
  int64_t rank = tt.getRank();
  Type i1 = b.getI1Type();
  Value init = tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{}, i1);
  Value yes = arith::ConstantIntOp::create(b, loc, i1, 1);
  init = linalg::FillOp::create(b, loc, yes, init).getResult(0);
  SmallVector<AffineMap> maps{b.getMultiDimIdentityMap(rank),
                              AffineMap::get(rank, 0, {}, b.getContext())};
  SmallVector<utils::IteratorType> iters(rank, utils::IteratorType::reduction);
  auto all = linalg::GenericOp::create(
      b, loc, init.getType(), t, init, maps, iters,
      [&](OpBuilder &nb, Location l, ValueRange a) {
        Value ok = pred(nb, l, a[0]);
        linalg::YieldOp::create(nb, l, Value(arith::AndIOp::create(nb, l, a[1], ok)));
      });
  s.check(tensor::ExtractOp::create(b, loc, all.getResult(0), ValueRange{}), message);
}

/// `v` clamped into [0, n - 1] (n > 0 where it is used).
Value clampIndex(OpBuilder &b, Location loc, Value v, Value n) {
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value last = arith::SubIOp::create(b, loc, n, arith::ConstantIndexOp::create(b, loc, 1));
  return arith::MinSIOp::create(b, loc, arith::MaxSIOp::create(b, loc, v, zero), last);
}

/// `acc + v` for the element type (or for i1).
Value addElements(OpBuilder &b, Location loc, Value acc, Value v) {
  Type t = v.getType();
  if (isa<FloatType>(t))
    return arith::AddFOp::create(b, loc, acc, v);
  if (t.isInteger(1))
    return arith::OrIOp::create(b, loc, acc, v);
  return arith::AddIOp::create(b, loc, acc, v);
}

//===----------------------------------------------------------------------===//
// nn.center_crop_pad
//===----------------------------------------------------------------------===//

struct CenterCropPadLowering : OpRewritePattern<nn::CenterCropPadOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::CenterCropPadOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Sizes s{rewriter, loc, op};
    auto type = op.getType();
    Value x = op.getInput();
    int64_t rank = type.getRank();
    SmallVector<OpFoldResult> in = tensor::getMixedSizes(rewriter, loc, x);
    SmallVector<OpFoldResult> offsets(rank, s.c(0)), sizes(in), lo(rank, s.c(0)),
        hi(rank, s.c(0));
    SmallVector<OpFoldResult> target =
        entries(s, op.getShape(), static_cast<int64_t>(op.getAxes().size()));
    bool crop = false, pad = false;
    for (auto [k, a] : llvm::enumerate(op.getAxes())) {
      OpFoldResult t = target[k];
      s.check(Pred::sge, t, s.c(0),
              "target size " + Twine(k) + " (axis " + Twine(a) + ") is negative");
      t = resultSize(s, type, a, t, "the target size");
      OpFoldResult cropped = s.max(s.sub(in[a], t), s.c(0));
      OpFoldResult padding = s.max(s.sub(t, in[a]), s.c(0));
      offsets[a] = s.div(cropped, s.c(2));
      sizes[a] = s.min(in[a], t);
      lo[a] = s.div(padding, s.c(2));
      hi[a] = s.sub(padding, lo[a]);
      crop |= !isConstantIntValue(cropped, 0);
      pad |= !isConstantIntValue(padding, 0);
    }
    // The window kept: elements of a dimension no target makes smaller
    // stay whole.
    Value r = x;
    if (crop)
      r = tensor::ExtractSliceOp::create(rewriter, loc, x, offsets, sizes,
                                         SmallVector<OpFoldResult>(rank, s.c(1)));
    if (pad) {
      auto staticOf = [](ArrayRef<OpFoldResult> v) {
        SmallVector<int64_t> r;
        for (OpFoldResult e : v)
          r.push_back(getConstantIntValue(e).value_or(ShapedType::kDynamic));
        return r;
      };
      auto padded = tensor::PadOp::inferResultType(cast<RankedTensorType>(r.getType()),
                                                   staticOf(lo), staticOf(hi));
      Value zero = arith::ConstantOp::create(rewriter, loc,
                                             rewriter.getZeroAttr(type.getElementType()));
      r = tensor::PadOp::create(rewriter, loc, padded, r, lo, hi, zero, /*nofold=*/false);
    }
    if (r.getType() != type)
      r = tensor::CastOp::create(rewriter, loc, type, r);
    rewriter.replaceOp(op, r);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// nn.reverse_sequence
//===----------------------------------------------------------------------===//

struct ReverseSequenceLowering : OpRewritePattern<nn::ReverseSequenceOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::ReverseSequenceOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Sizes s{rewriter, loc, op};
    auto type = op.getType();
    Value x = op.getInput(), lens = op.getLengths();
    int64_t rank = type.getRank();
    int64_t ba = op.getBatchAxis(), ta = op.getTimeAxis();
    SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(rewriter, loc, x);
    OpFoldResult count = tensor::getMixedSize(rewriter, loc, lens, 0);
    s.check(Pred::eq, count, sizes[ba],
            "the number of sequence lengths differs from the batch dimension");
    Value time = s.value(sizes[ta]);
    auto staticTime = getConstantIntValue(sizes[ta]);
    checkEntries(
        s, lens, sizes[ta],
        [&](OpBuilder &b, Location l, Value e) -> Value {
          Value i = arith::IndexCastOp::create(b, l, b.getIndexType(), e);
          Value zero = arith::ConstantIndexOp::create(b, l, 0);
          Value lo = arith::CmpIOp::create(b, l, Pred::sge, i, zero);
          Value hi = arith::CmpIOp::create(b, l, Pred::sle, i, time);
          return arith::AndIOp::create(b, l, lo, hi);
        },
        "a sequence length is negative or larger than the time dimension" +
            (staticTime ? " (" + Twine(*staticTime) + ")" : Twine("")));
    Value init = tensor::EmptyOp::create(rewriter, loc, sizes, type.getElementType());
    MLIRContext *ctx = rewriter.getContext();
    SmallVector<AffineMap> maps{AffineMap::get(rank, 0, getAffineDimExpr(ba, ctx)),
                                rewriter.getMultiDimIdentityMap(rank)};
    auto generic = linalg::GenericOp::create(
        rewriter, loc, type, lens, init, maps,
        SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
        [&](OpBuilder &b, Location l, ValueRange args) {
          SmallVector<Value> at;
          for (int64_t d = 0; d < rank; ++d)
            at.push_back(linalg::IndexOp::create(b, l, d));
          Value t = at[ta];
          Value len = arith::IndexCastOp::create(b, l, b.getIndexType(), args[0]);
          Value reversed = arith::CmpIOp::create(b, l, Pred::slt, t, len);
          Value back = arith::SubIOp::create(
              b, l, arith::SubIOp::create(b, l, len, arith::ConstantIndexOp::create(b, l, 1)),
              t);
          at[ta] = clampIndex(b, l, arith::SelectOp::create(b, l, reversed, back, t), time);
          linalg::YieldOp::create(b, l, Value(tensor::ExtractOp::create(b, l, x, at)));
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// nn.col2im
//===----------------------------------------------------------------------===//

struct Col2ImLowering : OpRewritePattern<nn::Col2ImOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::Col2ImOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Sizes s{rewriter, loc, op};
    auto type = op.getType();
    Type et = type.getElementType();
    Value x = op.getInput();
    int64_t k = op.getImageShape().getType().getDimSize(0);
    ArrayRef<int64_t> dil = op.getDilations(), pads = op.getPads(), strides = op.getStrides();
    SmallVector<OpFoldResult> xs = tensor::getMixedSizes(rewriter, loc, x);
    SmallVector<OpFoldResult> image = entries(s, op.getImageShape(), k);
    SmallVector<OpFoldResult> block = entries(s, op.getBlockShape(), k);

    // Block and image sizes, the channel count and the block positions.
    OpFoldResult blockSize = s.c(1);
    for (int64_t i = 0; i < k; ++i) {
      s.check(Pred::sge, block[i], s.c(1),
              "block_shape entry " + Twine(i) + " is less than 1");
      s.check(Pred::sge, image[i], s.c(0),
              "image_shape entry " + Twine(i) + " is negative");
      blockSize = s.mul(blockSize, block[i]);
    }
    // At least 1 even if the product wrapped around: it divides below.
    blockSize = s.max(blockSize, s.c(1));
    s.check(Pred::eq, s.rem(xs[1], blockSize), s.c(0),
            "the input's column count is not a multiple of prod(block_shape)");
    SmallVector<OpFoldResult> out{resultSize(s, type, 0, xs[0], "the input's batch size"),
                                  resultSize(s, type, 1, s.div(xs[1], blockSize),
                                             "the column count over prod(block_shape)")};
    SmallVector<OpFoldResult> positions;
    OpFoldResult numPositions = s.c(1);
    for (int64_t i = 0; i < k; ++i) {
      out.push_back(resultSize(s, type, 2 + i, image[i], "image_shape"));
      // (D + pads - dil * (K - 1) - 1) / stride + 1, D + pads >= the span.
      OpFoldResult room = s.sub(s.add(out.back(), s.c(pads[i] + pads[k + i])),
                                s.add(s.mul(s.c(dil[i]), s.sub(block[i], s.c(1))), s.c(1)));
      s.check(Pred::sge, room, s.c(0),
              "the block does not fit the padded image along spatial dimension " + Twine(i));
      positions.push_back(s.add(s.div(room, s.c(strides[i])), s.c(1)));
      numPositions = s.mul(numPositions, positions.back());
    }
    s.check(Pred::eq, xs[2], numPositions,
            "the input's block count differs from the number of block positions that "
            "image_shape and block_shape give");

    Value zero = arith::ConstantOp::create(rewriter, loc, rewriter.getZeroAttr(et));
    Value init = tensor::EmptyOp::create(rewriter, loc, out, et);
    int64_t rank = 2 + k;
    SmallVector<Value> blockV, posV;
    for (int64_t i = 0; i < k; ++i) {
      blockV.push_back(s.value(block[i]));
      posV.push_back(s.value(positions[i]));
    }
    Value blockSizeV = s.value(blockSize), cols = s.value(xs[1]), blocks = s.value(xs[2]);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, init.getType(), ValueRange{}, init,
        ArrayRef<AffineMap>{rewriter.getMultiDimIdentityMap(rank)},
        SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
        [&](OpBuilder &b, Location l, ValueRange) {
          auto idx = [&](int64_t v) { return arith::ConstantIndexOp::create(b, l, v); };
          SmallVector<Value> ivs;
          for (int64_t d = 0; d < rank; ++d)
            ivs.push_back(linalg::IndexOp::create(b, l, d));
          Value base = arith::MulIOp::create(b, l, ivs[1], blockSizeV);
          auto loop = scf::ForOp::create(
              b, l, idx(0), blockSizeV, idx(1), ValueRange{zero},
              [&](OpBuilder &lb, Location ll, Value kf, ValueRange acc) {
                auto lidx = [&](int64_t v) { return arith::ConstantIndexOp::create(lb, ll, v); };
                // The block offset (row-major in the block), then the block
                // position it implies along each dimension.
                SmallVector<Value> offset(k);
                Value rest = kf;
                for (int64_t i = k - 1; i >= 0; --i) {
                  offset[i] = arith::RemUIOp::create(lb, ll, rest, blockV[i]);
                  rest = arith::DivUIOp::create(lb, ll, rest, blockV[i]);
                }
                Value valid, column = lidx(0);
                for (int64_t i = 0; i < k; ++i) {
                  Value t = arith::SubIOp::create(
                      lb, ll, arith::AddIOp::create(lb, ll, ivs[2 + i], lidx(pads[i])),
                      arith::MulIOp::create(lb, ll, offset[i], lidx(dil[i])));
                  Value ok = arith::CmpIOp::create(lb, ll, Pred::sge, t, lidx(0));
                  Value p = t;
                  if (strides[i] != 1) {
                    Value onGrid = arith::CmpIOp::create(
                        lb, ll, Pred::eq, arith::RemSIOp::create(lb, ll, t, lidx(strides[i])),
                        lidx(0));
                    ok = arith::AndIOp::create(lb, ll, ok, onGrid);
                    p = arith::DivSIOp::create(lb, ll, t, lidx(strides[i]));
                  }
                  ok = arith::AndIOp::create(
                      lb, ll, ok, arith::CmpIOp::create(lb, ll, Pred::slt, p, posV[i]));
                  valid = valid ? arith::AndIOp::create(lb, ll, valid, ok).getResult() : ok;
                  column = arith::AddIOp::create(
                      lb, ll, arith::MulIOp::create(lb, ll, column, posV[i]), p);
                }
                auto sum = scf::IfOp::create(
                    lb, ll, valid,
                    [&](OpBuilder &tb, Location tl) {
                      Value row = clampIndex(tb, tl, arith::AddIOp::create(tb, tl, base, kf),
                                             cols);
                      Value col = clampIndex(tb, tl, column, blocks);
                      Value v = tensor::ExtractOp::create(tb, tl, x,
                                                          ValueRange{ivs[0], row, col});
                      scf::YieldOp::create(tb, tl, addElements(tb, tl, acc[0], v));
                    },
                    [&](OpBuilder &eb, Location el) { scf::YieldOp::create(eb, el, acc[0]); });
                scf::YieldOp::create(lb, ll, sum.getResult(0));
              });
          linalg::YieldOp::create(b, l, loop.getResult(0));
        });
    Value r = generic.getResult(0);
    if (r.getType() != type)
      r = tensor::CastOp::create(rewriter, loc, type, r);
    rewriter.replaceOp(op, r);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// nn.max_unpool
//===----------------------------------------------------------------------===//

struct MaxUnpoolLowering : OpRewritePattern<nn::MaxUnpoolOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::MaxUnpoolOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Sizes s{rewriter, loc, op};
    auto type = op.getType();
    Type et = type.getElementType();
    Value x = op.getInput(), indices = op.getIndices();
    int64_t rank = type.getRank(), k = rank - 2;
    ArrayRef<int64_t> kernel = op.getKernelShape(), pads = op.getPads(),
                      strides = op.getStrides();
    SmallVector<OpFoldResult> xs = tensor::getMixedSizes(rewriter, loc, x);
    SmallVector<OpFoldResult> is = tensor::getMixedSizes(rewriter, loc, indices);
    for (int64_t d = 0; d < rank; ++d)
      s.check(Pred::eq, xs[d], is[d],
              "the indices and the input differ in dimension " + Twine(d));

    // The unpooled shape and its element count.
    SmallVector<OpFoldResult> unpooled{xs[0], xs[1]};
    for (int64_t i = 0; i < k; ++i) {
      OpFoldResult u = s.add(s.mul(s.sub(xs[2 + i], s.c(1)), s.c(strides[i])),
                             s.c(kernel[i] - pads[i] - pads[k + i]));
      s.check(Pred::sge, u, s.c(0),
              "the unpooled size of spatial dimension " + Twine(i) + " is negative");
      unpooled.push_back(u);
    }
    OpFoldResult total = s.c(1);
    for (OpFoldResult u : unpooled)
      total = s.mul(total, u);

    // The result: the unpooled shape, or output_shape (no smaller).
    SmallVector<OpFoldResult> out = unpooled;
    if (Value shape = op.getOutputShape()) {
      out = entries(s, shape, rank);
      for (int64_t d = 0; d < rank; ++d)
        s.check(Pred::sge, out[d], unpooled[d],
                "output_shape entry " + Twine(d) + " is smaller than the unpooled size");
    }
    for (int64_t d = 0; d < rank; ++d)
      out[d] = resultSize(s, type, d, out[d],
                          op.getOutputShape() ? "output_shape" : "the unpooled size");

    Value totalV = s.value(total);
    checkEntries(
        s, indices, total,
        [&](OpBuilder &b, Location l, Value e) -> Value {
          Value i = arith::IndexCastOp::create(b, l, b.getIndexType(), e);
          Value lo = arith::CmpIOp::create(b, l, Pred::sge, i,
                                           arith::ConstantIndexOp::create(b, l, 0));
          Value hi = arith::CmpIOp::create(b, l, Pred::slt, i, totalV);
          return arith::AndIOp::create(b, l, lo, hi);
        },
        "an index is out of range for the unpooled shape");

    Value init = dyn::buildFilled(rewriter, loc, out, cast<TypedAttr>(rewriter.getZeroAttr(et)));
    SmallVector<Value> lbs, ubs, steps, unpooledV;
    for (int64_t d = 0; d < rank; ++d) {
      lbs.push_back(s.value(s.c(0)));
      ubs.push_back(s.value(xs[d]));
      steps.push_back(s.value(s.c(1)));
      unpooledV.push_back(s.value(unpooled[d]));
    }
    scf::LoopNest nest = scf::buildLoopNest(
        rewriter, loc, lbs, ubs, steps, ValueRange{init},
        [&](OpBuilder &b, Location l, ValueRange ivs, ValueRange args) -> scf::ValueVector {
          Value e = tensor::ExtractOp::create(b, l, indices, ivs);
          Value rest = arith::IndexCastOp::create(b, l, b.getIndexType(), e);
          // Coordinates in the unpooled shape; each one stays inside its
          // dimension whatever the index.
          SmallVector<Value> at(rank);
          for (int64_t d = rank - 1; d >= 0; --d) {
            at[d] = arith::RemUIOp::create(b, l, rest, unpooledV[d]);
            rest = arith::DivUIOp::create(b, l, rest, unpooledV[d]);
          }
          Value v = tensor::ExtractOp::create(b, l, x, ivs);
          return {tensor::InsertOp::create(b, l, v, args[0], at).getResult()};
        });
    Value r = nest.results.front();
    if (r.getType() != type)
      r = tensor::CastOp::create(rewriter, loc, type, r);
    rewriter.replaceOp(op, r);
    return success();
  }
};

} // namespace

bool kiln::cropSupportsDynamic(Operation *op) {
  return isa<nn::CenterCropPadOp, nn::ReverseSequenceOp, nn::Col2ImOp, nn::MaxUnpoolOp>(op);
}

void kiln::populateNNCropToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<CenterCropPadLowering, ReverseSequenceLowering, Col2ImLowering,
               MaxUnpoolLowering>(patterns.getContext());
}
