//===- Det.cpp - nn.det to linalg/scf ---------------------------------===//
//
// nn.det: the input [*, M, M] is collapsed to [B, M, M] and copied into an
// f64 working tensor (a linalg.generic); for each matrix an scf.for nest
// runs Gaussian elimination with partial pivoting on it in place: at step
// k the row with the largest |a[i, k]| (i >= k) is swapped into row k (the
// determinant changes sign), the determinant is multiplied by the pivot,
// and the rows below lose their multiple of row k. A zero pivot leaves the
// determinant 0 and skips the elimination (no division by zero). The
// determinant, rounded to the element type, goes to entry b of the
// result, which is expanded back to [*]. Dynamic sizes are accepted.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/NNToLinalg/Det.h"
#include "passes/Conversion/NNToLinalg/DynamicSupport.h"
#include "passes/Conversion/NNToLinalg/NNToLinalg.h"
#include "dialects/NN/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace kiln;
using namespace kiln::lowering;

namespace {

struct DetLowering : OpRewritePattern<nn::DetOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::DetOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = op.getInput();
    auto xt = op.getInput().getType();
    auto outType = cast<RankedTensorType>(op.getType());
    Type et = xt.getElementType(), f64 = rewriter.getF64Type();
    int64_t rank = xt.getRank();
    if (rank < 2)
      return rewriter.notifyMatchFailure(op, "expects [*, M, M]");

    // [*, M, M] -> [B, M, M].
    SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(rewriter, loc, x);
    OpFoldResult batch = rewriter.getIndexAttr(1);
    for (int64_t d = 0; d + 2 < rank; ++d)
      batch = dyn::mul(rewriter, loc, batch, sizes[d]);
    OpFoldResult m = sizes[rank - 1];
    // The two matrix sizes must agree (the verifier knows only static ones).
    if (xt.isDynamicDim(rank - 1) || xt.isDynamicDim(rank - 2))
      emitShapeCheck(rewriter, loc, op,
                     dyn::cmp(rewriter, loc, arith::CmpIPredicate::eq, sizes[rank - 2], m),
                     "the matrices are not square");
    SmallVector<ReassociationIndices> groups;
    if (rank == 2) {
      groups = {{0, 1}, {2}};
    } else {
      groups.push_back({});
      for (int64_t d = 0; d + 2 < rank; ++d)
        groups[0].push_back(d);
      groups.push_back({rank - 2});
      groups.push_back({rank - 1});
    }
    SmallVector<OpFoldResult> cube{batch, sizes[rank - 2], m};
    auto cubeT = RankedTensorType::get(dyn::shapeOf(cube), et);
    Value a = rank == 3   ? x
              : rank == 2 ? dyn::reshapeTo(rewriter, loc, x, cubeT, groups, cube)
                          : dyn::reshapeTo(rewriter, loc, x, cubeT, groups);

    // The f64 working copy.
    auto workT = RankedTensorType::get(cubeT.getShape(), f64);
    Value workInit = tensor::EmptyOp::create(rewriter, loc, cube, f64);
    AffineMap id = rewriter.getMultiDimIdentityMap(3);
    Value work = linalg::GenericOp::create(
                     rewriter, loc, workT, a, workInit, ArrayRef<AffineMap>{id, id},
                     SmallVector<utils::IteratorType>(3, utils::IteratorType::parallel),
                     [&](OpBuilder &b, Location l, ValueRange v) {
                       Value w = v[0];
                       if (et != f64)
                         w = arith::ExtFOp::create(b, l, f64, w);
                       linalg::YieldOp::create(b, l, w);
                     })
                     .getResult(0);

    auto idx = [&](OpBuilder &b, Location l, int64_t v) -> Value {
      return arith::ConstantIndexOp::create(b, l, v);
    };
    auto flt = [&](OpBuilder &b, Location l, double v) -> Value {
      return arith::ConstantOp::create(b, l, b.getF64FloatAttr(v));
    };
    Value zero = idx(rewriter, loc, 0), one = idx(rewriter, loc, 1);
    Value bN = getValueOrCreateConstantIndexOp(rewriter, loc, batch);
    Value mN = getValueOrCreateConstantIndexOp(rewriter, loc, m);
    Value resInit = tensor::EmptyOp::create(rewriter, loc, ArrayRef<OpFoldResult>{batch}, et);

    auto perMatrix = scf::ForOp::create(
        rewriter, loc, zero, bN, one, ValueRange{work, resInit},
        [&](OpBuilder &b, Location l, Value bi, ValueRange outer) {
          auto steps = scf::ForOp::create(
              b, l, idx(b, l, 0), mN, idx(b, l, 1), ValueRange{outer[0], flt(b, l, 1.0)},
              [&](OpBuilder &b, Location l, Value k, ValueRange it) {
                Value w = it[0];
                Value kNext = arith::AddIOp::create(b, l, k, idx(b, l, 1));
                auto at = [&](OpBuilder &b, Location l, Value t, Value r, Value c) {
                  return tensor::ExtractOp::create(b, l, t, ValueRange{bi, r, c}).getResult();
                };
                // The pivot row: the largest magnitude in column k.
                Value start = math::AbsFOp::create(b, l, at(b, l, w, k, k));
                auto search = scf::ForOp::create(
                    b, l, kNext, mN, idx(b, l, 1), ValueRange{k, start},
                    [&](OpBuilder &b, Location l, Value i, ValueRange best) {
                      Value mag = math::AbsFOp::create(b, l, at(b, l, w, i, k));
                      Value better = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGT,
                                                           mag, best[1]);
                      scf::YieldOp::create(
                          b, l,
                          ValueRange{arith::SelectOp::create(b, l, better, i, best[0]),
                                     arith::SelectOp::create(b, l, better, mag, best[1])});
                    });
                Value p = search.getResult(0);
                Value swap = arith::CmpIOp::create(b, l, arith::CmpIPredicate::ne, p, k);
                // Swap rows k and p from column k on (the columns before
                // it are not read again).
                auto swapped = scf::IfOp::create(
                    b, l, swap,
                    [&](OpBuilder &b, Location l) {
                      auto loop = scf::ForOp::create(
                          b, l, k, mN, idx(b, l, 1), ValueRange{w},
                          [&](OpBuilder &b, Location l, Value j, ValueRange t) {
                            Value rowK = at(b, l, t[0], k, j), rowP = at(b, l, t[0], p, j);
                            Value t1 = tensor::InsertOp::create(b, l, rowP, t[0],
                                                                ValueRange{bi, k, j});
                            Value t2 =
                                tensor::InsertOp::create(b, l, rowK, t1, ValueRange{bi, p, j});
                            scf::YieldOp::create(b, l, t2);
                          });
                      scf::YieldOp::create(b, l, loop.getResult(0));
                    },
                    [&](OpBuilder &b, Location l) { scf::YieldOp::create(b, l, w); });
                w = swapped.getResult(0);
                Value pivot = at(b, l, w, k, k);
                Value sign = arith::SelectOp::create(b, l, swap, flt(b, l, -1.0), flt(b, l, 1.0));
                Value det = arith::MulFOp::create(
                    b, l, it[1], arith::MulFOp::create(b, l, pivot, sign));
                // Eliminate below the pivot; a zero pivot uses factor 0.
                Value isZero = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OEQ, pivot,
                                                     flt(b, l, 0.0));
                auto rows = scf::ForOp::create(
                    b, l, kNext, mN, idx(b, l, 1), ValueRange{w},
                    [&](OpBuilder &b, Location l, Value i, ValueRange t) {
                      Value ratio = arith::DivFOp::create(b, l, at(b, l, t[0], i, k), pivot);
                      Value f = arith::SelectOp::create(b, l, isZero, flt(b, l, 0.0), ratio);
                      auto cols = scf::ForOp::create(
                          b, l, kNext, mN, idx(b, l, 1), ValueRange{t[0]},
                          [&](OpBuilder &b, Location l, Value j, ValueRange u) {
                            Value upd = arith::SubFOp::create(
                                b, l, at(b, l, u[0], i, j),
                                arith::MulFOp::create(b, l, f, at(b, l, u[0], k, j)));
                            scf::YieldOp::create(
                                b, l,
                                tensor::InsertOp::create(b, l, upd, u[0], ValueRange{bi, i, j})
                                    .getResult());
                          });
                      scf::YieldOp::create(b, l, cols.getResult(0));
                    });
                scf::YieldOp::create(b, l, ValueRange{rows.getResult(0), det});
              });
          Value det = steps.getResult(1);
          if (et != f64)
            det = arith::TruncFOp::create(b, l, et, det);
          Value res = tensor::InsertOp::create(b, l, det, outer[1], ValueRange{bi});
          scf::YieldOp::create(b, l, ValueRange{steps.getResult(0), res});
        });

    // [B] -> [*].
    Value r = perMatrix.getResult(1);
    if (rank == 2) {
      r = tensor::CollapseShapeOp::create(rewriter, loc, RankedTensorType::get({}, et), r,
                                          ArrayRef<ReassociationIndices>{});
    } else if (rank > 3) {
      SmallVector<OpFoldResult> lead(sizes.begin(), sizes.end() - 2);
      SmallVector<ReassociationIndices> all{{}};
      for (int64_t d = 0; d + 2 < rank; ++d)
        all[0].push_back(d);
      r = dyn::reshapeTo(rewriter, loc, r,
                         RankedTensorType::get(dyn::shapeOf(lead), et), all, lead);
    }
    rewriter.replaceOp(op, dyn::castToType(rewriter, loc, op, r, outType));
    return success();
  }
};

} // namespace

void kiln::populateNNDetToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<DetLowering>(patterns.getContext());
}
