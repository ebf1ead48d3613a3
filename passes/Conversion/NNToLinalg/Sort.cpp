//===- Sort.cpp - nn top_k, nonzero, unique to linalg/scf ---------------===//
//
// top_k: for every position off the axis (an scf.for nest), the best k
// item numbers of that row are found in order: for k <= 16 by one scan
// that keeps them sorted (an item is compared with the worst kept one and
// inserted only when better: O(n) compares on most data, O(n k) at worst),
// otherwise by a stable bottom-up merge sort of all n (O(n log n):
// ceil(log2 n) passes, run two at a time from one scratch tensor into the
// other and back, so the loops' tensors bufferize in place). Then the
// first k are written to the results. The order puts the
// larger (largest) or smaller entry first, NaN counting as the largest;
// stability keeps equal entries in index order. k is read at run time and
// checked to lie in [0, n] (lowering::emitShapeCheck, KILN_ERR_SHAPE).
//
// nonzero: a linalg.generic counts the non-zero entries; the result of
// that size is filled by an scf.for nest over the input carrying the write
// position (scf.if writes a column for each non-zero entry).
//
// unique: the slices along the axis become the rows of a 2-D view (the
// axis moved first, the rest collapsed); their numbers are merge-sorted by
// lexicographic comparison (NaNs equal each other and are the largest,
// -0.0 equals 0.0), one pass counts the distinct rows, a second assigns
// group numbers, first occurrences (the stable sort puts each group's
// lowest index first) and counts. Unsorted output renumbers the groups by
// first occurrence. The output slices are read back through `indices`.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/NNToLinalg/Sort.h"
#include "passes/Conversion/NNToLinalg/DynamicSupport.h"
#include "passes/Conversion/NNToLinalg/LoopOps.h"
#include "passes/Conversion/NNToLinalg/NNToLinalg.h"
#include "dialects/NN/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace kiln;
using namespace kiln::lowering;

namespace {

using Pred = arith::CmpIPredicate;
using FPred = arith::CmpFPredicate;

/// `u < v` in the sort order: NaN above every number (and equal to NaN),
/// integers compared signed unless `isUnsigned` (and i1 always unsigned).
Value scalarLess(OpBuilder &b, Location loc, Value u, Value v, bool isUnsigned) {
  if (isa<FloatType>(u.getType())) {
    Value lt = arith::CmpFOp::create(b, loc, FPred::OLT, u, v);
    Value uNum = arith::CmpFOp::create(b, loc, FPred::ORD, u, u);
    Value vNaN = arith::CmpFOp::create(b, loc, FPred::UNO, v, v);
    return arith::OrIOp::create(b, loc, lt,
                                arith::AndIOp::create(b, loc, uNum, vNaN).getResult());
  }
  bool u1 = isUnsigned || u.getType().isInteger(1);
  return arith::CmpIOp::create(b, loc, u1 ? Pred::ult : Pred::slt, u, v);
}

/// -1, 0 or 1 (i32) as `u` is before, equal to or after `v` in the order.
Value scalarCompare(OpBuilder &b, Location loc, Value u, Value v, bool isUnsigned) {
  Ops o{b, loc};
  Type i32 = b.getI32Type();
  Value lt = scalarLess(b, loc, u, v, isUnsigned);
  Value gt = scalarLess(b, loc, v, u, isUnsigned);
  Value c1 = arith::ConstantIntOp::create(b, loc, i32, 1);
  Value cm1 = arith::ConstantIntOp::create(b, loc, i32, -1);
  Value c0 = arith::ConstantIntOp::create(b, loc, i32, 0);
  return o.select(lt, cm1, o.select(gt, c1, c0));
}

/// Whether item `a` (i64) must come strictly before item `b`.
using BeforeFn = function_ref<Value(OpBuilder &, Location, Value, Value)>;

/// One bottom-up merge pass over the `n` items of `src`: each pair of
/// neighbouring sorted runs of `width` items merged into `dst` (returned).
/// A right item goes first only when strictly before the left one, so the
/// merge is stable. With `width >= n` this copies `src`.
Value mergePass(OpBuilder &b, Location loc, Value n, Value width, Value src, Value dst,
                BeforeFn before) {
  Ops o{b, loc};
  Value step = o.add(width, width);
  auto outer = scf::ForOp::create(
      b, loc, o.idx(0), n, step, ValueRange{dst},
      [&](OpBuilder &ob, Location ol, Value s, ValueRange args) {
        Ops p{ob, ol};
        Value mid = p.min(p.add(s, width), n);
        Value end = p.min(p.add(s, step), n);
        Value last = p.sub(n, p.idx(1));
        auto inner = scf::ForOp::create(
            ob, ol, s, end, p.idx(1), ValueRange{s, mid, args[0]},
            [&](OpBuilder &ib, Location il, Value k, ValueRange st) {
              Ops q{ib, il};
              Value i = st[0], j = st[1];
              // Reads stay in bounds; a read past a run is not used.
              Value left = q.extract(src, q.min(i, last));
              Value right = q.extract(src, q.min(j, last));
              Value leftDone = q.cmp(Pred::sge, i, mid);
              Value rightLeft = q.cmp(Pred::slt, j, end);
              Value takeRight =
                  q.both(rightLeft, q.either(leftDone, before(ib, il, right, left)));
              Value item = q.select(takeRight, right, left);
              Value acc = q.insert(item, st[2], k);
              Value one = q.idx(1), zero = q.idx(0);
              Value ni = q.add(i, q.select(takeRight, zero, one));
              Value nj = q.add(j, q.select(takeRight, one, zero));
              scf::YieldOp::create(ib, il, ValueRange{ni, nj, acc});
            });
        scf::YieldOp::create(ob, ol, inner.getResult(2));
      });
  return outer.getResult(0);
}

/// Sorts the `n` item numbers in `perm` (1-D i64) stably by `before`, using
/// `scratch` (same type) as the other buffer: ceil(log2 n) merge passes,
/// two per iteration (perm -> scratch -> perm), so each loop-carried tensor
/// stays its own buffer. Returns the sorted tensor and the scratch.
std::pair<Value, Value> buildMergeSort(OpBuilder &b, Location loc, Value n, Value perm,
                                       Value scratch, BeforeFn before) {
  Ops o{b, loc};
  // passes = 64 - ctlz(max(n, 1) - 1), i.e. ceil(log2 n), 0 for n <= 1.
  Value n1 = o.sub(o.toI64(o.max(n, o.idx(1))), o.i64(1));
  Value lz = math::CountLeadingZerosOp::create(b, loc, n1);
  Value passes = o.sub(o.i64(64), lz);
  Value pairs = o.toIndex(
      arith::ShRUIOp::create(b, loc, o.add(passes, o.i64(1)), o.i64(1)).getResult());
  auto loop = scf::ForOp::create(
      b, loc, o.idx(0), pairs, o.idx(1), ValueRange{perm, scratch},
      [&](OpBuilder &lb, Location ll, Value q, ValueRange args) {
        Ops p{lb, ll};
        Value width = arith::ShLIOp::create(lb, ll, p.idx(1), p.add(q, q));
        Value there = mergePass(lb, ll, n, width, args[0], args[1], before);
        Value back = mergePass(lb, ll, n, p.add(width, width), there, args[0], before);
        scf::YieldOp::create(lb, ll, ValueRange{back, there});
      });
  return {loop.getResult(0), loop.getResult(1)};
}

/// Up to this k, top_k keeps the best k items in order while scanning a
/// row instead of sorting it.
constexpr int64_t kSmallK = 16;

/// The first `k` entries of `buf` (1-D i64, at least k entries; returned)
/// set to the `k` best of the items 0..n-1 by `before`, in order, equal
/// items in index order: each item is compared with the worst kept one and,
/// when better (or while fewer than k are kept), inserted by shifting the
/// worse ones back. Most items of most data stop at the first compare; the
/// worst case is O(n k).
Value buildBestK(OpBuilder &b, Location loc, Value n, Value k, Value buf, BeforeFn before) {
  Ops o{b, loc};
  auto scan = scf::ForOp::create(
      b, loc, o.idx(0), n, o.idx(1), ValueRange{o.idx(0), buf},
      [&](OpBuilder &lb, Location ll, Value i, ValueRange args) {
        Ops p{lb, ll};
        Value filled = args[0], acc = args[1];
        Value item = p.toI64(i);
        Value last = p.max(p.sub(k, p.idx(1)), p.idx(0));
        Value full = p.cmp(Pred::sge, filled, k);
        Value positive = p.cmp(Pred::sgt, k, p.idx(0));
        // When full, `last` holds the worst kept item; otherwise the item
        // is compared with itself, never with an unset entry (which would
        // be read as an index).
        Value worst = p.select(full, p.extract(acc, last), item);
        Value beatsLast = before(lb, ll, item, worst);
        Value accept =
            p.both(positive, p.either(p.cmp(Pred::slt, filled, k), beatsLast));
        auto ifOp = scf::IfOp::create(
            lb, ll, accept,
            [&](OpBuilder &tb, Location tl) {
              Ops q{tb, tl};
              Value start = q.min(filled, last);
              // Shift back every kept item the new one beats.
              auto shift = scf::WhileOp::create(
                  tb, tl, TypeRange{tb.getIndexType(), acc.getType()},
                  ValueRange{start, acc},
                  [&](OpBuilder &wb, Location wl, ValueRange w) {
                    Ops r{wb, wl};
                    Value inside = r.cmp(Pred::sgt, w[0], r.idx(0));
                    Value prev = r.select(
                        inside, r.extract(w[1], r.max(r.sub(w[0], r.idx(1)), r.idx(0))), item);
                    Value more = r.both(inside, before(wb, wl, item, prev));
                    scf::ConditionOp::create(wb, wl, more, w);
                  },
                  [&](OpBuilder &wb, Location wl, ValueRange w) {
                    Ops r{wb, wl};
                    Value j1 = r.sub(w[0], r.idx(1));
                    Value moved = r.insert(r.extract(w[1], j1), w[1], w[0]);
                    scf::YieldOp::create(wb, wl, ValueRange{j1, moved});
                  });
              Value placed = q.insert(item, shift.getResult(1), shift.getResult(0));
              scf::YieldOp::create(tb, tl, placed);
            },
            [&](OpBuilder &eb, Location el) { scf::YieldOp::create(eb, el, acc); });
        Value next = p.select(accept, p.min(p.add(filled, p.idx(1)), k), filled);
        scf::YieldOp::create(lb, ll, ValueRange{next, ifOp.getResult(0)});
      });
  return scan.getResult(1);
}

/// `t` (1-D i64 of `n` entries) filled with 0, 1, 2, ... by an scf.for
/// (a linalg.generic that does not read its init would get a fresh one from
/// linalg-fuse-elementwise-ops, and `t` would no longer stay one buffer
/// across loop iterations).
Value iota(OpBuilder &b, Location loc, Value n, Value t) {
  Ops o{b, loc};
  return scf::ForOp::create(b, loc, o.idx(0), n, o.idx(1), ValueRange{t},
                            [](OpBuilder &lb, Location ll, Value i, ValueRange args) {
                              Ops p{lb, ll};
                              scf::YieldOp::create(lb, ll, p.insert(p.toI64(i), args[0], i));
                            })
      .getResult(0);
}

bool isUnsignedOp(Operation *op, Type et) {
  return op->hasAttr("nn.unsigned") || et.isInteger(1);
}

//===----------------------------------------------------------------------===//
// top_k
//===----------------------------------------------------------------------===//

struct TopKLowering : OpRewritePattern<nn::TopKOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::TopKOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Ops o{rewriter, loc};
    Value x = op.getInput();
    auto xt = op.getInput().getType();
    Type et = xt.getElementType();
    int64_t rank = xt.getRank();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    bool largest = op.getLargest();
    bool isUnsigned = isUnsignedOp(op, et);
    SmallVector<OpFoldResult> inSizes = tensor::getMixedSizes(rewriter, loc, x);
    Value n = o.index(inSizes[axis]);

    // k, checked against [0, n] unless a constant the importer checked.
    Value k = o.extract(op.getK(), ValueRange{});
    int64_t declared = op.getValues().getType().getDimSize(axis);
    APInt kConst;
    bool constantK = matchPattern(op.getK(), m_ConstantInt(&kConst));
    if (!constantK || xt.isDynamicDim(axis)) {
      Value ok = o.both(o.cmp(Pred::sge, k, o.i64(0)), o.cmp(Pred::sle, k, o.toI64(n)));
      emitShapeCheck(rewriter, loc, op, ok,
                     "k is negative or larger than the size of the axis");
    }
    if (!ShapedType::isDynamic(declared) && !constantK)
      emitShapeCheck(rewriter, loc, op, o.cmp(Pred::eq, k, o.i64(declared)),
                     "k differs from the declared result size " + Twine(declared));
    SmallVector<OpFoldResult> sizes(inSizes);
    sizes[axis] = ShapedType::isDynamic(declared) ? OpFoldResult(o.toIndex(k))
                                                  : OpFoldResult(rewriter.getIndexAttr(declared));
    Value kIdx = o.index(sizes[axis]);

    Type i64 = rewriter.getI64Type();
    Value values = emptyOf(rewriter, loc, sizes, et);
    Value indices = emptyOf(rewriter, loc, sizes, i64);
    SmallVector<OpFoldResult> scratchSize{inSizes[axis]};
    Value perm = emptyOf(rewriter, loc, scratchSize, i64);
    Value scratch = emptyOf(rewriter, loc, scratchSize, i64);

    // One row per position off the axis.
    SmallVector<Value> lbs, ubs, steps;
    for (int64_t d = 0; d < rank; ++d) {
      if (d == axis)
        continue;
      lbs.push_back(o.idx(0));
      ubs.push_back(o.index(inSizes[d]));
      steps.push_back(o.idx(1));
    }
    scf::LoopNest nest = scf::buildLoopNest(
        rewriter, loc, lbs, ubs, steps, ValueRange{values, indices, perm, scratch},
        [&](OpBuilder &b, Location l, ValueRange ivs, ValueRange args) -> scf::ValueVector {
          Ops p{b, l};
          auto at = [&](Value pos) {
            SmallVector<Value> full(ivs.begin(), ivs.end());
            full.insert(full.begin() + axis, pos);
            return full;
          };
          auto key = [&](OpBuilder &kb, Location kl, Value item) {
            Ops q{kb, kl};
            return q.extract(x, at(q.toIndex(item)));
          };
          auto before = [&](OpBuilder &cb, Location cl, Value a, Value c) {
            Value ka = key(cb, cl, a), kc = key(cb, cl, c);
            return largest ? scalarLess(cb, cl, kc, ka, isUnsigned)
                           : scalarLess(cb, cl, ka, kc, isUnsigned);
          };
          // A small k keeps the best k in order while scanning the row
          // (O(n) compares for most data); a larger one sorts the row.
          auto choice = scf::IfOp::create(
              b, l, p.cmp(Pred::sle, kIdx, p.idx(kSmallK)),
              [&](OpBuilder &tb, Location tl) {
                Value best = buildBestK(tb, tl, n, kIdx, args[2], before);
                scf::YieldOp::create(tb, tl, ValueRange{best, args[3]});
              },
              [&](OpBuilder &eb, Location el) {
                Value start = iota(eb, el, n, args[2]);
                auto [sortedAll, spareAll] =
                    buildMergeSort(eb, el, n, start, args[3], before);
                scf::YieldOp::create(eb, el, ValueRange{sortedAll, spareAll});
              });
          Value sorted = choice.getResult(0), spare = choice.getResult(1);
          auto write = scf::ForOp::create(
              b, l, p.idx(0), kIdx, p.idx(1), ValueRange{args[0], args[1]},
              [&](OpBuilder &wb, Location wl, Value j, ValueRange acc) {
                Ops q{wb, wl};
                Value item = q.extract(sorted, j);
                Value v = key(wb, wl, item);
                Value nv = q.insert(v, acc[0], at(j));
                Value ni = q.insert(item, acc[1], at(j));
                scf::YieldOp::create(wb, wl, ValueRange{nv, ni});
              });
          return {write.getResult(0), write.getResult(1), sorted, spare};
        });
    Value rv = dyn::castToType(rewriter, loc, op, nest.results[0], op.getValues().getType());
    Value ri = dyn::castToType(rewriter, loc, op, nest.results[1], op.getIndices().getType());
    rewriter.replaceOp(op, ValueRange{rv, ri});
    return success();
  }
};

//===----------------------------------------------------------------------===//
// nonzero
//===----------------------------------------------------------------------===//

Value isNonZero(OpBuilder &b, Location loc, Value v) {
  Type t = v.getType();
  if (auto ft = dyn_cast<FloatType>(t)) {
    Value zero = arith::ConstantOp::create(b, loc, b.getFloatAttr(ft, 0.0));
    return arith::CmpFOp::create(b, loc, FPred::UNE, v, zero);
  }
  Value zero = arith::ConstantOp::create(b, loc, b.getIntegerAttr(t, 0));
  return arith::CmpIOp::create(b, loc, Pred::ne, v, zero);
}

struct NonZeroLowering : OpRewritePattern<nn::NonZeroOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::NonZeroOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Ops o{rewriter, loc};
    Value x = op.getInput();
    int64_t rank = op.getInput().getType().getRank();
    Type i64 = rewriter.getI64Type();
    SmallVector<OpFoldResult> inSizes = tensor::getMixedSizes(rewriter, loc, x);

    // Count the non-zero entries.
    Value init = tensor::EmptyOp::create(rewriter, loc, ArrayRef<int64_t>{}, i64);
    init = linalg::FillOp::create(rewriter, loc, o.i64(0), init).getResult(0);
    auto count = linalg::GenericOp::create(
        rewriter, loc, init.getType(), x, init,
        ArrayRef<AffineMap>{rewriter.getMultiDimIdentityMap(rank),
                            AffineMap::get(rank, 0, {}, rewriter.getContext())},
        SmallVector<utils::IteratorType>(rank, utils::IteratorType::reduction),
        [](OpBuilder &b, Location l, ValueRange a) {
          Value one = arith::ExtUIOp::create(b, l, b.getI64Type(), isNonZero(b, l, a[0]));
          linalg::YieldOp::create(b, l, Value(arith::AddIOp::create(b, l, a[1], one)));
        });
    Value n = o.toIndex(o.extract(count.getResult(0), ValueRange{}));

    SmallVector<OpFoldResult> sizes{rewriter.getIndexAttr(rank), n};
    Value out = emptyOf(rewriter, loc, sizes, i64);
    SmallVector<Value> lbs, ubs, steps;
    for (int64_t d = 0; d < rank; ++d) {
      lbs.push_back(o.idx(0));
      ubs.push_back(o.index(inSizes[d]));
      steps.push_back(o.idx(1));
    }
    scf::LoopNest nest = scf::buildLoopNest(
        rewriter, loc, lbs, ubs, steps, ValueRange{out, o.idx(0)},
        [&](OpBuilder &b, Location l, ValueRange ivs, ValueRange args) -> scf::ValueVector {
          Ops p{b, l};
          Value nz = isNonZero(b, l, p.extract(x, ivs));
          Value pos = args[1];
          auto ifOp = scf::IfOp::create(
              b, l, nz,
              [&](OpBuilder &tb, Location tl) {
                Ops q{tb, tl};
                Value acc = args[0];
                for (int64_t d = 0; d < rank; ++d)
                  acc = q.insert(q.toI64(ivs[d]), acc, ValueRange{q.idx(d), pos});
                scf::YieldOp::create(tb, tl, acc);
              },
              [&](OpBuilder &eb, Location el) { scf::YieldOp::create(eb, el, args[0]); });
          Value next = p.add(pos, p.select(nz, p.idx(1), p.idx(0)));
          return {ifOp.getResult(0), next};
        });
    rewriter.replaceOp(op, dyn::castToType(rewriter, loc, op, nest.results[0], op.getType()));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// unique
//===----------------------------------------------------------------------===//

struct UniqueLowering : OpRewritePattern<nn::UniqueOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::UniqueOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Ops o{rewriter, loc};
    Value x = op.getInput();
    auto xt = op.getInput().getType();
    Type et = xt.getElementType();
    int64_t rank = xt.getRank();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    bool isUnsigned = isUnsignedOp(op, et);
    Type i64 = rewriter.getI64Type();
    SmallVector<OpFoldResult> inSizes = tensor::getMixedSizes(rewriter, loc, x);
    Value n = o.index(inSizes[axis]);

    // The rows: x with the axis first and the other dimensions collapsed.
    Value rows = x;
    if (rank > 1) {
      SmallVector<int64_t> perm{axis};
      for (int64_t d = 0; d < rank; ++d)
        if (d != axis)
          perm.push_back(d);
      if (axis != 0) {
        SmallVector<OpFoldResult> tSizes;
        for (int64_t d : perm)
          tSizes.push_back(inSizes[d]);
        Value init = emptyOf(rewriter, loc, tSizes, et);
        rows = linalg::TransposeOp::create(rewriter, loc, x, init, perm).getResult()[0];
      }
      if (rank > 2) {
        SmallVector<ReassociationIndices> groups{{0}, {}};
        for (int64_t d = 1; d < rank; ++d)
          groups[1].push_back(d);
        rows = tensor::CollapseShapeOp::create(rewriter, loc, rows, groups);
      }
    }
    // The row length m: static 1 compares scalars directly.
    bool scalarRows = rank == 1 || cast<RankedTensorType>(rows.getType()).getDimSize(1) == 1;
    Value m = rank == 1 ? o.idx(1) : o.index(tensor::getMixedSize(rewriter, loc, rows, 1));
    auto element = [&](OpBuilder &b, Location l, Value item, Value j) {
      Ops q{b, l};
      Value r = q.toIndex(item);
      return rank == 1 ? q.extract(rows, r) : q.extract(rows, ValueRange{r, j});
    };
    // -1, 0, 1 (i32): rows `a` and `c` (i64 item numbers) compared
    // lexicographically.
    auto compare = [&](OpBuilder &b, Location l, Value a, Value c) -> Value {
      Ops q{b, l};
      if (scalarRows)
        return scalarCompare(b, l, element(b, l, a, q.idx(0)), element(b, l, c, q.idx(0)),
                             isUnsigned);
      Type i32 = b.getI32Type();
      Value zero32 = arith::ConstantIntOp::create(b, l, i32, 0);
      auto loop = scf::WhileOp::create(
          b, l, TypeRange{b.getIndexType(), i32}, ValueRange{q.idx(0), zero32},
          [&](OpBuilder &wb, Location wl, ValueRange args) {
            Ops w{wb, wl};
            Value same = arith::CmpIOp::create(
                wb, wl, Pred::eq, args[1], arith::ConstantIntOp::create(wb, wl, i32, 0));
            Value more = w.both(same, w.cmp(Pred::slt, args[0], m));
            scf::ConditionOp::create(wb, wl, more, args);
          },
          [&](OpBuilder &wb, Location wl, ValueRange args) {
            Ops w{wb, wl};
            Value c3 = scalarCompare(wb, wl, element(wb, wl, a, args[0]),
                                     element(wb, wl, c, args[0]), isUnsigned);
            scf::YieldOp::create(wb, wl, ValueRange{w.add(args[0], w.idx(1)), c3});
          });
      return loop.getResult(1);
    };
    auto before = [&](OpBuilder &b, Location l, Value a, Value c) -> Value {
      if (scalarRows) {
        Value zero = Ops{b, l}.idx(0);
        return scalarLess(b, l, element(b, l, a, zero), element(b, l, c, zero), isUnsigned);
      }
      Value c3 = compare(b, l, a, c);
      Value zero = arith::ConstantIntOp::create(b, l, b.getI32Type(), 0);
      return arith::CmpIOp::create(b, l, Pred::slt, c3, zero);
    };
    auto differs = [&](OpBuilder &b, Location l, Value a, Value c) -> Value {
      Value c3 = compare(b, l, a, c);
      Value zero = arith::ConstantIntOp::create(b, l, b.getI32Type(), 0);
      return arith::CmpIOp::create(b, l, Pred::ne, c3, zero);
    };

    // Sort the row numbers.
    SmallVector<OpFoldResult> nSize{inSizes[axis]};
    Value start = iota(rewriter, loc, n, emptyOf(rewriter, loc, nSize, i64));
    Value sorted =
        buildMergeSort(rewriter, loc, n, start, emptyOf(rewriter, loc, nSize, i64), before)
            .first;

    // Count the groups of equal neighbours.
    auto counting = scf::ForOp::create(
        rewriter, loc, o.idx(1), n, o.idx(1), ValueRange{o.min(n, o.idx(1))},
        [&](OpBuilder &b, Location l, Value t, ValueRange args) {
          Ops p{b, l};
          Value prev = p.extract(sorted, p.sub(t, p.idx(1)));
          Value cur = p.extract(sorted, t);
          Value step = p.select(differs(b, l, prev, cur), p.idx(1), p.idx(0));
          scf::YieldOp::create(b, l, p.add(args[0], step));
        });
    Value u = counting.getResult(0);

    // Group numbers, first occurrences and counts, in sorted order.
    SmallVector<OpFoldResult> uSize{u};
    Value firstS = emptyOf(rewriter, loc, uSize, i64);
    Value countS = emptyOf(rewriter, loc, uSize, i64);
    Value inverseS = emptyOf(rewriter, loc, nSize, i64);
    auto grouping = scf::ForOp::create(
        rewriter, loc, o.idx(0), n, o.idx(1), ValueRange{o.idx(-1), firstS, countS, inverseS},
        [&](OpBuilder &b, Location l, Value t, ValueRange args) {
          Ops p{b, l};
          Value cur = p.extract(sorted, t);
          Value prev = p.extract(sorted, p.max(p.sub(t, p.idx(1)), p.idx(0)));
          Value isNew = p.either(p.cmp(Pred::eq, t, p.idx(0)), differs(b, l, prev, cur));
          Value g = p.add(args[0], p.select(isNew, p.idx(1), p.idx(0)));
          auto ifOp = scf::IfOp::create(
              b, l, isNew,
              [&](OpBuilder &tb, Location tl) {
                Ops q{tb, tl};
                Value f = q.insert(cur, args[1], g);
                Value c = q.insert(q.i64(1), args[2], g);
                scf::YieldOp::create(tb, tl, ValueRange{f, c});
              },
              [&](OpBuilder &eb, Location el) {
                Ops q{eb, el};
                Value c = q.add(q.extract(args[2], g), q.i64(1));
                scf::YieldOp::create(eb, el, ValueRange{args[1], q.insert(c, args[2], g)});
              });
          Value inv = p.insert(p.toI64(g), args[3], p.toIndex(cur));
          scf::YieldOp::create(b, l, ValueRange{g, ifOp.getResult(0), ifOp.getResult(1), inv});
        });
    Value first = grouping.getResult(1), counts = grouping.getResult(2),
          inverse = grouping.getResult(3);

    if (!op.getSorted()) {
      // Renumber the groups by first occurrence: walking the input in
      // order, a group gets the next number at its first row.
      auto numbering = scf::ForOp::create(
          rewriter, loc, o.idx(0), n, o.idx(1),
          ValueRange{o.i64(0), emptyOf(rewriter, loc, uSize, i64)},
          [&](OpBuilder &b, Location l, Value i, ValueRange args) {
            Ops p{b, l};
            Value g = p.toIndex(p.extract(inverse, i));
            Value isFirst = p.cmp(Pred::eq, p.extract(first, g), p.toI64(i));
            auto ifOp = scf::IfOp::create(
                b, l, isFirst,
                [&](OpBuilder &tb, Location tl) {
                  scf::YieldOp::create(tb, tl,
                                       Value(tensor::InsertOp::create(tb, tl, args[0],
                                                                      args[1], g)));
                },
                [&](OpBuilder &eb, Location el) { scf::YieldOp::create(eb, el, args[1]); });
            Value next = p.add(args[0], p.select(isFirst, p.i64(1), p.i64(0)));
            scf::YieldOp::create(b, l, ValueRange{next, ifOp.getResult(0)});
          });
      Value newId = numbering.getResult(1);
      auto moving = scf::ForOp::create(
          rewriter, loc, o.idx(0), u, o.idx(1),
          ValueRange{emptyOf(rewriter, loc, uSize, i64), emptyOf(rewriter, loc, uSize, i64)},
          [&](OpBuilder &b, Location l, Value g, ValueRange args) {
            Ops p{b, l};
            Value to = p.toIndex(p.extract(newId, g));
            Value f = p.insert(p.extract(first, g), args[0], to);
            Value c = p.insert(p.extract(counts, g), args[1], to);
            scf::YieldOp::create(b, l, ValueRange{f, c});
          });
      first = moving.getResult(0);
      counts = moving.getResult(1);
      inverse = linalg::GenericOp::create(
                    rewriter, loc, inverse.getType(), inverse,
                    emptyOf(rewriter, loc, nSize, i64),
                    ArrayRef<AffineMap>{rewriter.getMultiDimIdentityMap(1),
                                        rewriter.getMultiDimIdentityMap(1)},
                    ArrayRef<utils::IteratorType>{utils::IteratorType::parallel},
                    [&](OpBuilder &b, Location l, ValueRange a) {
                      Ops p{b, l};
                      linalg::YieldOp::create(b, l, p.extract(newId, p.toIndex(a[0])));
                    })
                    .getResult(0);
    }

    // The distinct slices, read through their first occurrences.
    SmallVector<OpFoldResult> ySizes(inSizes);
    ySizes[axis] = u;
    Value yInit = emptyOf(rewriter, loc, ySizes, et);
    auto y = linalg::GenericOp::create(
        rewriter, loc, yInit.getType(), ValueRange{}, yInit,
        ArrayRef<AffineMap>{rewriter.getMultiDimIdentityMap(rank)},
        SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
        [&](OpBuilder &b, Location l, ValueRange) {
          Ops p{b, l};
          SmallVector<Value> at;
          for (int64_t d = 0; d < rank; ++d)
            at.push_back(linalg::IndexOp::create(b, l, d));
          at[axis] = p.toIndex(p.extract(first, at[axis]));
          linalg::YieldOp::create(b, l, p.extract(x, at));
        });
    SmallVector<Value> results{y.getResult(0), first, inverse, counts};
    for (size_t i = 0; i < results.size(); ++i)
      results[i] = dyn::castToType(rewriter, loc, op, results[i],
                                   cast<RankedTensorType>(op->getResult(i).getType()));
    rewriter.replaceOp(op, results);
    return success();
  }
};

} // namespace

bool kiln::sortSupportsDynamic(Operation *op) {
  return isa<nn::TopKOp, nn::NonZeroOp, nn::UniqueOp>(op);
}

void kiln::populateNNSortToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<TopKLowering, NonZeroLowering, UniqueLowering>(patterns.getContext());
}
