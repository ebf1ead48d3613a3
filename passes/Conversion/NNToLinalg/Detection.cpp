//===- Detection.cpp - nn.non_max_suppression to scf ----------------------===//
//
// nn.non_max_suppression, greedy and O(N * kept) per (batch, class):
//
// 1. Run-time checks: the batch and box counts of boxes and scores agree
//    and the boxes' last dimension is 4 (where the types leave them open),
//    and iou_threshold lies in [0, 1] (NaN does not; skipped for a constant
//    in range). The per-class limit is min(max(max_output, 0), N).
// 2. An scf.for nest over (b, c). An i1 tensor `alive` [N] marks the
//    candidates: score > score_threshold, or every box without one. An
//    scf.while then repeatedly scans for the alive box of highest score
//    (a strict comparison scanning upward, so equal scores keep the lowest
//    index, the order of ONNX's reference; NaN scores, whose order the
//    reference leaves unspecified, come last), records it in `kept`
//    [B, C, limit] and clears it and every alive box whose IoU with it
//    exceeds the threshold, until the limit is reached or none is alive.
//    The number kept goes to `counts` [B, C] and is added to the total.
//    Clearing suppressed boxes as soon as a box is kept selects the same
//    boxes as the reference's test of each candidate against the kept
//    ones, because its IoU test is symmetric.
// 3. The result [total, 3] is filled in a second nest, one (b, c, box) row
//    per kept box.
//
// The IoU test repeats the reference's arithmetic in the element type:
// corners through max_min (or centre -/+ half the size), intersection
// extents through Python's max/min, no suppression when an extent, the
// intersection, either area or the union is not positive, then
// intersection / union > threshold. NaN coordinates never suppress.
// Loop-carried tensors are bufferization.alloc_tensor so each stays its
// own buffer.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/NNToLinalg/Detection.h"
#include "passes/Conversion/NNToLinalg/DynamicSupport.h"
#include "passes/Conversion/NNToLinalg/LoopOps.h"
#include "passes/Conversion/NNToLinalg/NNToLinalg.h"
#include "dialects/NN/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace kiln;
using namespace kiln::lowering;

namespace {

using Pred = arith::CmpIPredicate;
using FPred = arith::CmpFPredicate;

/// `a` when it is static, else `b` (two sizes checked equal).
OpFoldResult preferStatic(OpFoldResult a, OpFoldResult b) {
  return isa<Attribute>(a) ? a : b;
}

/// A box's extents along x and y, as ONNX's reference computes them.
struct Extents {
  Value xMin, xMax, yMin, yMax;
};

/// The extents of box `i` of batch `bi` in `boxes` [B, N, 4].
Extents boxExtents(const Ops &o, Value boxes, Value bi, Value i, bool centerPointBox) {
  Value c[4];
  for (int k = 0; k < 4; ++k)
    c[k] = o.extract(boxes, ValueRange{bi, i, o.idx(k)});
  if (centerPointBox) {
    // [x_center, y_center, width, height].
    Value two = o.flt(c[2].getType(), 2.0);
    Value halfW = o.fdiv(c[2], two), halfH = o.fdiv(c[3], two);
    return {o.fsub(c[0], halfW), o.fadd(c[0], halfW), o.fsub(c[1], halfH),
            o.fadd(c[1], halfH)};
  }
  // [y1, x1, y2, x2]; max_min(lhs, rhs) is (rhs, lhs) when lhs >= rhs.
  auto minMax = [&](Value lhs, Value rhs) -> std::pair<Value, Value> {
    Value ge = o.fcmp(FPred::OGE, lhs, rhs);
    return {o.select(ge, rhs, lhs), o.select(ge, lhs, rhs)};
  };
  auto [xMin, xMax] = minMax(c[1], c[3]);
  auto [yMin, yMax] = minMax(c[0], c[2]);
  return {xMin, xMax, yMin, yMax};
}

/// Whether the kept box `kept` suppresses the candidate `cand`: the
/// reference's suppress_by_iou(cand, kept) as one i1.
Value suppresses(const Ops &o, const Extents &cand, const Extents &kept, Value iou) {
  // Python's max(a, b) and min(a, b): b only when strictly beyond a.
  auto pyMax = [&](Value a, Value b) { return o.select(o.fcmp(FPred::OGT, b, a), b, a); };
  auto pyMin = [&](Value a, Value b) { return o.select(o.fcmp(FPred::OLT, b, a), b, a); };
  // `!(v <= w)`, NaN included, as the reference's early returns test it.
  auto above = [&](Value v, Value w) { return o.fcmp(FPred::UGT, v, w); };
  Value zero = o.flt(iou.getType(), 0.0);
  Value ixMin = pyMax(cand.xMin, kept.xMin), ixMax = pyMin(cand.xMax, kept.xMax);
  Value iyMin = pyMax(cand.yMin, kept.yMin), iyMax = pyMin(cand.yMax, kept.yMax);
  Value inter = o.fmul(o.fsub(ixMax, ixMin), o.fsub(iyMax, iyMin));
  Value area1 = o.fmul(o.fsub(cand.xMax, cand.xMin), o.fsub(cand.yMax, cand.yMin));
  Value area2 = o.fmul(o.fsub(kept.xMax, kept.xMin), o.fsub(kept.yMax, kept.yMin));
  Value uni = o.fsub(o.fadd(area1, area2), inter);
  Value ok = o.both(above(ixMax, ixMin), above(iyMax, iyMin));
  ok = o.both(ok, above(inter, zero));
  ok = o.both(ok, o.both(above(area1, zero), o.both(above(area2, zero), above(uni, zero))));
  return o.both(ok, o.fcmp(FPred::OGT, o.fdiv(inter, uni), iou));
}

struct NonMaxSuppressionLowering : OpRewritePattern<nn::NonMaxSuppressionOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::NonMaxSuppressionOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Ops o{rewriter, loc};
    Value boxes = op.getBoxes(), scores = op.getScores();
    auto bt = op.getBoxes().getType(), st = op.getScores().getType();
    Type et = bt.getElementType(), i64 = rewriter.getI64Type(), i1 = rewriter.getI1Type();
    bool centerPointBox = op.getCenterPointBox() == 1;
    SmallVector<OpFoldResult> bs = tensor::getMixedSizes(rewriter, loc, boxes);
    SmallVector<OpFoldResult> ss = tensor::getMixedSizes(rewriter, loc, scores);

    // 1. What the types leave open, then the threshold.
    if (bt.isDynamicDim(0) || st.isDynamicDim(0))
      emitShapeCheck(rewriter, loc, op, dyn::cmp(rewriter, loc, Pred::eq, bs[0], ss[0]),
                     "boxes and scores differ in the number of batches");
    if (bt.isDynamicDim(1) || st.isDynamicDim(2))
      emitShapeCheck(rewriter, loc, op, dyn::cmp(rewriter, loc, Pred::eq, bs[1], ss[2]),
                     "boxes and scores differ in the number of boxes");
    if (bt.isDynamicDim(2))
      emitShapeCheck(rewriter, loc, op,
                     dyn::cmp(rewriter, loc, Pred::eq, bs[2], rewriter.getIndexAttr(4)),
                     "the last dimension of boxes is not 4");
    Value iou = o.extract(op.getIouThreshold(), ValueRange{});
    bool iouKnownValid = false;
    if (DenseFPElementsAttr c; matchPattern(op.getIouThreshold(), m_Constant(&c))) {
      double v = (*c.getValues<APFloat>().begin()).convertToDouble();
      iouKnownValid = v >= 0.0 && v <= 1.0;
    }
    if (!iouKnownValid)
      emitShapeCheck(rewriter, loc, op,
                     o.both(o.fcmp(FPred::OGE, iou, o.flt(et, 0.0)),
                            o.fcmp(FPred::OLE, iou, o.flt(et, 1.0))),
                     "iou_threshold is outside [0, 1]");
    Value threshold;
    if (Value t = op.getScoreThreshold())
      threshold = o.extract(t, ValueRange{});

    OpFoldResult batchSize = preferStatic(bs[0], ss[0]);
    OpFoldResult numClasses = ss[1];
    OpFoldResult numBoxes = preferStatic(bs[1], ss[2]);
    Value nB = o.index(batchSize), nC = o.index(numClasses), nN = o.index(numBoxes);
    // At most min(max(max_output, 0), N) boxes per class.
    Value maxOut = o.extract(op.getMaxOutputBoxesPerClass(), ValueRange{});
    Value limit = o.toIndex(arith::MinSIOp::create(
        rewriter, loc, arith::MaxSIOp::create(rewriter, loc, maxOut, o.i64(0)), o.toI64(nN)));

    Value kept = emptyOf(rewriter, loc, {batchSize, numClasses, limit}, i64);
    Value counts = emptyOf(rewriter, loc, {batchSize, numClasses}, i64);
    Value alive = emptyOf(rewriter, loc, {numBoxes}, i1);

    // 2. Select per (batch, class).
    scf::LoopNest select = scf::buildLoopNest(
        rewriter, loc, ValueRange{o.idx(0), o.idx(0)}, ValueRange{nB, nC},
        ValueRange{o.idx(1), o.idx(1)}, ValueRange{kept, counts, alive, o.idx(0)},
        [&](OpBuilder &b, Location l, ValueRange bc, ValueRange args) -> scf::ValueVector {
          Ops p{b, l};
          Value bi = bc[0], ci = bc[1];
          auto score = [&](const Ops &q, Value i) {
            return q.extract(scores, ValueRange{bi, ci, i});
          };
          // The candidates.
          auto init = scf::ForOp::create(
              b, l, p.idx(0), nN, p.idx(1), ValueRange{args[2]},
              [&](OpBuilder &fb, Location fl, Value i, ValueRange t) {
                Ops q{fb, fl};
                Value candidate =
                    threshold ? q.fcmp(FPred::OGT, score(q, i), threshold) : q.bit(true);
                scf::YieldOp::create(fb, fl, q.insert(candidate, t[0], i));
              });
          Type indexType = b.getIndexType();
          auto loop = scf::WhileOp::create(
              b, l, TypeRange{indexType, kept.getType(), alive.getType(), indexType},
              ValueRange{p.idx(0), args[0], init.getResult(0)},
              [&](OpBuilder &wb, Location wl, ValueRange w) {
                // The alive box of highest score (lowest index on ties), or
                // -1 when none is left or the limit is reached.
                Ops q{wb, wl};
                Value room = q.cmp(Pred::slt, w[0], limit);
                auto best = scf::IfOp::create(
                    wb, wl, room,
                    [&](OpBuilder &tb, Location tl) {
                      Ops r{tb, tl};
                      auto scan = scf::ForOp::create(
                          tb, tl, r.idx(0), nN, r.idx(1),
                          ValueRange{r.idx(-1), r.flt(et, 0.0)},
                          [&](OpBuilder &sb, Location sl, Value i, ValueRange s) {
                            Ops u{sb, sl};
                            Value v = score(u, i);
                            // A NaN score (no score threshold) loses
                            // to every number.
                            Value none = u.cmp(Pred::slt, s[0], u.idx(0));
                            Value overNaN = u.both(u.fcmp(FPred::UNO, s[1], s[1]),
                                                   u.fcmp(FPred::ORD, v, v));
                            Value better = u.both(
                                u.extract(w[2], i),
                                u.either(none, u.either(u.fcmp(FPred::OGT, v, s[1]), overNaN)));
                            scf::YieldOp::create(sb, sl,
                                                 ValueRange{u.select(better, i, s[0]),
                                                            u.select(better, v, s[1])});
                          });
                      scf::YieldOp::create(tb, tl, scan.getResult(0));
                    },
                    [&](OpBuilder &eb, Location el) {
                      scf::YieldOp::create(eb, el, Ops{eb, el}.idx(-1));
                    });
                Value found = q.cmp(Pred::sge, best.getResult(0), q.idx(0));
                scf::ConditionOp::create(wb, wl, found,
                                         ValueRange{w[0], w[1], w[2], best.getResult(0)});
              },
              [&](OpBuilder &wb, Location wl, ValueRange w) {
                // Keep it; clear it and the boxes it suppresses.
                Ops q{wb, wl};
                Value count = w[0], top = w[3];
                Value k = q.insert(q.toI64(top), w[1], ValueRange{bi, ci, count});
                Extents keptBox = boxExtents(q, boxes, bi, top, centerPointBox);
                auto clear = scf::ForOp::create(
                    wb, wl, q.idx(0), nN, q.idx(1), ValueRange{w[2]},
                    [&](OpBuilder &cb, Location cl, Value j, ValueRange t) {
                      Ops r{cb, cl};
                      Extents cand = boxExtents(r, boxes, bi, j, centerPointBox);
                      Value gone = r.either(r.cmp(Pred::eq, j, top),
                                            suppresses(r, cand, keptBox, iou));
                      Value stays = r.both(r.extract(t[0], j), r.negate(gone));
                      scf::YieldOp::create(cb, cl, r.insert(stays, t[0], j));
                    });
                scf::YieldOp::create(
                    wb, wl, ValueRange{q.add(count, q.idx(1)), k, clear.getResult(0)});
              });
          Value n = loop.getResult(0);
          Value c = p.insert(p.toI64(n), args[1], ValueRange{bi, ci});
          return {loop.getResult(1), c, loop.getResult(2), p.add(args[3], n)};
        });
    Value keptAll = select.results[0], countsAll = select.results[1];
    Value total = select.results[3];

    // 3. One (b, c, box) row per kept box.
    Value out = emptyOf(rewriter, loc, {total, rewriter.getIndexAttr(3)}, i64);
    scf::LoopNest fill = scf::buildLoopNest(
        rewriter, loc, ValueRange{o.idx(0), o.idx(0)}, ValueRange{nB, nC},
        ValueRange{o.idx(1), o.idx(1)}, ValueRange{out, o.idx(0)},
        [&](OpBuilder &b, Location l, ValueRange bc, ValueRange args) -> scf::ValueVector {
          Ops p{b, l};
          Value n = p.toIndex(p.extract(countsAll, bc));
          Value bv = p.toI64(bc[0]), cv = p.toI64(bc[1]);
          auto rows = scf::ForOp::create(
              b, l, p.idx(0), n, p.idx(1), ValueRange{args[0], args[1]},
              [&](OpBuilder &rb, Location rl, Value j, ValueRange t) {
                Ops q{rb, rl};
                Value row = t[1];
                Value box = q.extract(keptAll, ValueRange{bc[0], bc[1], j});
                Value r = q.insert(bv, t[0], ValueRange{row, q.idx(0)});
                r = q.insert(cv, r, ValueRange{row, q.idx(1)});
                r = q.insert(box, r, ValueRange{row, q.idx(2)});
                scf::YieldOp::create(rb, rl, ValueRange{r, q.add(row, q.idx(1))});
              });
          return {rows.getResult(0), rows.getResult(1)};
        });
    rewriter.replaceOp(op, dyn::castToType(rewriter, loc, op, fill.results[0], op.getType()));
    return success();
  }
};

} // namespace

bool kiln::detectionSupportsDynamic(Operation *op) {
  return isa<nn::NonMaxSuppressionOp>(op);
}

void kiln::populateNNDetectionToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<NonMaxSuppressionLowering>(patterns.getContext());
}
