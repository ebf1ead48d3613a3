//===- Elementwise.cpp - nn elementwise ops and softmax to linalg ---------===//

#include "passes/Conversion/NNToLinalg/NNToLinalg.h"
#include "dialects/NN/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

using namespace mlir;
using namespace kiln;
using namespace kiln::lowering;

namespace {

static Value floatConst(OpBuilder &b, Location loc, Type t, double v) {
  return arith::ConstantOp::create(b, loc, b.getFloatAttr(t, v));
}

static Value intConst(OpBuilder &b, Location loc, Type t, int64_t v) {
  return arith::ConstantOp::create(b, loc, b.getIntegerAttr(t, v));
}

/// Python/ONNX `Mod` (fmod = 0): the result takes the divisor's sign.
static Value floorMod(OpBuilder &b, Location loc, Value x, Value y) {
  bool isFloat = isa<FloatType>(x.getType());
  Value r = isFloat ? arith::RemFOp::create(b, loc, x, y).getResult()
                    : arith::RemSIOp::create(b, loc, x, y).getResult();
  Value zero = isFloat ? floatConst(b, loc, x.getType(), 0.0)
                       : intConst(b, loc, x.getType(), 0);
  auto lt = [&](Value v) {
    return isFloat ? arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, v, zero).getResult()
                   : arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, v, zero).getResult();
  };
  Value nonZero = isFloat
      ? arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, r, zero).getResult()
      : arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, r, zero).getResult();
  Value rNeg = lt(r);
  Value yNeg = lt(y);
  Value signsDiffer = arith::XOrIOp::create(b, loc, rNeg, yNeg);
  Value fix = arith::AndIOp::create(b, loc, nonZero, signsDiffer);
  Value adjusted = isFloat ? arith::AddFOp::create(b, loc, r, y).getResult()
                           : arith::AddIOp::create(b, loc, r, y).getResult();
  return arith::SelectOp::create(b, loc, fix, adjusted, r);
}

/// Element conversion for nn.cast; `fromUnsigned`/`toUnsigned` say whether
/// the (signless) integer source or result is unsigned (kiln-lower-unsigned).
static Value castScalar(OpBuilder &b, Location loc, Value x, Type to,
                        bool fromUnsigned, bool toUnsigned) {
  Type from = x.getType();
  if (from == to)
    return x;
  auto fromF = dyn_cast<FloatType>(from), toF = dyn_cast<FloatType>(to);
  auto fromI = dyn_cast<IntegerType>(from), toI = dyn_cast<IntegerType>(to);
  if (toI && toI.getWidth() == 1) // anything to bool: x != 0
    return fromF ? arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, x,
                                         floatConst(b, loc, from, 0.0)).getResult()
                 : arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, x,
                                         intConst(b, loc, from, 0)).getResult();
  if (fromF && toF)
    return fromF.getWidth() < toF.getWidth()
               ? arith::ExtFOp::create(b, loc, to, x).getResult()
               : arith::TruncFOp::create(b, loc, to, x).getResult();
  if (fromF && toI)
    return toUnsigned ? arith::FPToUIOp::create(b, loc, to, x).getResult()
                      : arith::FPToSIOp::create(b, loc, to, x).getResult();
  // bools are 0/1, not 0/-1; unsigned sources zero-extend
  bool fromBool = fromI.getWidth() == 1 || fromUnsigned;
  if (toF)
    return fromBool ? arith::UIToFPOp::create(b, loc, to, x).getResult()
                    : arith::SIToFPOp::create(b, loc, to, x).getResult();
  if (fromI.getWidth() < toI.getWidth())
    return fromBool ? arith::ExtUIOp::create(b, loc, to, x).getResult()
                    : arith::ExtSIOp::create(b, loc, to, x).getResult();
  return arith::TruncIOp::create(b, loc, to, x);
}

/// The scalar semantics of every elementwise nn op: `a` holds one scalar
/// per operand, `resultType` is the result's element type.
static Value elementwiseScalar(Operation *op, OpBuilder &b, Location loc,
                               ValueRange a, Type resultType) {
  Value x = a[0];
  Type t = x.getType();
  bool isFloat = isa<FloatType>(t);
  // Integer operands marked by kiln-lower-unsigned use unsigned semantics.
  bool isUnsigned = op->hasAttr("nn.unsigned");
  auto c = [&](double v) { return floatConst(b, loc, t, v); };
  auto exp = [&](Value v) { return math::ExpOp::create(b, loc, v).getResult(); };
  auto mul = [&](Value l, Value r) { return arith::MulFOp::create(b, loc, l, r).getResult(); };
  auto add = [&](Value l, Value r) { return arith::AddFOp::create(b, loc, l, r).getResult(); };
  auto sub = [&](Value l, Value r) { return arith::SubFOp::create(b, loc, l, r).getResult(); };
  auto div = [&](Value l, Value r) { return arith::DivFOp::create(b, loc, l, r).getResult(); };
  auto fmax = [&](Value l, Value r) { return arith::MaximumFOp::create(b, loc, l, r).getResult(); };
  auto fmin = [&](Value l, Value r) { return arith::MinimumFOp::create(b, loc, l, r).getResult(); };
  auto cmp = [&](arith::CmpFPredicate p, Value l, Value r) {
    return arith::CmpFOp::create(b, loc, p, l, r).getResult();
  };
  auto icmp = [&](arith::CmpIPredicate p, Value l, Value r) {
    return arith::CmpIOp::create(b, loc, p, l, r).getResult();
  };
  auto select = [&](Value cond, Value l, Value r) {
    return arith::SelectOp::create(b, loc, cond, l, r).getResult();
  };
  auto attr = [&](StringRef name) {
    return cast<FloatAttr>(op->getAttr(name)).getValueAsDouble();
  };
  auto compare = [&](arith::CmpFPredicate fp, arith::CmpIPredicate ip) {
    if (isUnsigned)
      switch (ip) {
      case arith::CmpIPredicate::slt: ip = arith::CmpIPredicate::ult; break;
      case arith::CmpIPredicate::sle: ip = arith::CmpIPredicate::ule; break;
      case arith::CmpIPredicate::sgt: ip = arith::CmpIPredicate::ugt; break;
      case arith::CmpIPredicate::sge: ip = arith::CmpIPredicate::uge; break;
      default: break;
      }
    return isFloat ? cmp(fp, a[0], a[1]) : icmp(ip, a[0], a[1]);
  };
  auto softplus = [&](Value v) { return math::Log1pOp::create(b, loc, exp(v)).getResult(); };

  return llvm::TypeSwitch<Operation *, Value>(op)
      // Unary.
      .Case([&](nn::ReluOp) {
        Value zero = c(0.0);
        return fmax(x, zero);
      })
      .Case([&](nn::SigmoidOp) {
        // 1 / (1 + exp(-x)); exp overflow gives the right limit 0.
        Value one = c(1.0);
        Value e = exp(arith::NegFOp::create(b, loc, x));
        return div(one, add(one, e));
      })
      .Case([&](nn::TanhOp) { return math::TanhOp::create(b, loc, x).getResult(); })
      .Case([&](nn::AbsOp) {
        if (isUnsigned)
          return x;
        return isFloat ? math::AbsFOp::create(b, loc, x).getResult()
                       : math::AbsIOp::create(b, loc, x).getResult();
      })
      .Case([&](nn::NegOp) {
        if (isFloat)
          return arith::NegFOp::create(b, loc, x).getResult();
        Value zero = intConst(b, loc, t, 0);
        return arith::SubIOp::create(b, loc, zero, x).getResult();
      })
      .Case([&](nn::SignOp) {
        // Operands are built in statement order so the IR is the same
        // whatever order a compiler evaluates call arguments in.
        if (isUnsigned) {
          Value zero = intConst(b, loc, t, 0), one = intConst(b, loc, t, 1);
          return select(icmp(arith::CmpIPredicate::ne, x, zero), one, zero);
        }
        if (!isFloat) {
          Value zero = intConst(b, loc, t, 0), one = intConst(b, loc, t, 1),
                minusOne = intConst(b, loc, t, -1);
          Value neg = select(icmp(arith::CmpIPredicate::slt, x, zero), minusOne, zero);
          return select(icmp(arith::CmpIPredicate::sgt, x, zero), one, neg);
        }
        // NaN stays NaN (x * 0), like numpy.sign.
        Value zero = c(0.0), one = c(1.0), minusOne = c(-1.0);
        Value nanOrZero = mul(x, zero);
        Value neg = select(cmp(arith::CmpFPredicate::OLT, x, zero), minusOne, nanOrZero);
        return select(cmp(arith::CmpFPredicate::OGT, x, zero), one, neg);
      })
      .Case([&](nn::NotOp) {
        // Logical for i1, bitwise for wider integers: x xor all-ones.
        Value ones = intConst(b, loc, t, -1);
        return arith::XOrIOp::create(b, loc, x, ones).getResult();
      })
      .Case([&](nn::ExpOp) { return exp(x); })
      .Case([&](nn::LogOp) { return math::LogOp::create(b, loc, x).getResult(); })
      .Case([&](nn::SqrtOp) { return math::SqrtOp::create(b, loc, x).getResult(); })
      .Case([&](nn::ReciprocalOp) {
        Value one = c(1.0);
        return div(one, x);
      })
      .Case([&](nn::FloorOp) { return math::FloorOp::create(b, loc, x).getResult(); })
      .Case([&](nn::CeilOp) { return math::CeilOp::create(b, loc, x).getResult(); })
      .Case([&](nn::RoundOp) { return math::RoundEvenOp::create(b, loc, x).getResult(); })
      .Case([&](nn::SinOp) { return math::SinOp::create(b, loc, x).getResult(); })
      .Case([&](nn::CosOp) { return math::CosOp::create(b, loc, x).getResult(); })
      .Case([&](nn::TanOp) { return math::TanOp::create(b, loc, x).getResult(); })
      .Case([&](nn::AsinOp) { return math::AsinOp::create(b, loc, x).getResult(); })
      .Case([&](nn::AcosOp) { return math::AcosOp::create(b, loc, x).getResult(); })
      .Case([&](nn::AtanOp) { return math::AtanOp::create(b, loc, x).getResult(); })
      .Case([&](nn::SinhOp) { return math::SinhOp::create(b, loc, x).getResult(); })
      .Case([&](nn::CoshOp) { return math::CoshOp::create(b, loc, x).getResult(); })
      .Case([&](nn::AsinhOp) { return math::AsinhOp::create(b, loc, x).getResult(); })
      .Case([&](nn::AcoshOp) { return math::AcoshOp::create(b, loc, x).getResult(); })
      .Case([&](nn::AtanhOp) { return math::AtanhOp::create(b, loc, x).getResult(); })
      .Case([&](nn::ErfOp) { return math::ErfOp::create(b, loc, x).getResult(); })
      .Case([&](nn::SoftsignOp) {
        Value one = c(1.0);
        Value absX = math::AbsFOp::create(b, loc, x);
        return div(x, add(one, absX));
      })
      .Case([&](nn::SoftplusOp) { return softplus(x); })
      .Case([&](nn::HardSwishOp) {
        Value zero = c(0.0), one = c(1.0), sixth = c(1.0 / 6.0), half = c(0.5);
        Value lin = add(mul(x, sixth), half);
        return mul(x, fmax(zero, fmin(one, lin)));
      })
      .Case([&](nn::MishOp) {
        Value sp = softplus(x);
        return mul(x, math::TanhOp::create(b, loc, sp).getResult());
      })
      .Case([&](nn::LeakyReluOp) {
        Value zero = c(0.0), alpha = c(attr("alpha"));
        Value geZero = cmp(arith::CmpFPredicate::OGE, x, zero);
        return select(geZero, x, mul(x, alpha));
      })
      .Case([&](nn::EluOp) {
        Value zero = c(0.0), one = c(1.0), alpha = c(attr("alpha"));
        Value geZero = cmp(arith::CmpFPredicate::OGE, x, zero);
        Value em1 = sub(exp(x), one);
        return select(geZero, x, mul(alpha, em1));
      })
      .Case([&](nn::SeluOp) {
        Value zero = c(0.0), alpha = c(attr("alpha")), gamma = c(attr("gamma"));
        Value gtZero = cmp(arith::CmpFPredicate::OGT, x, zero);
        Value neg = sub(mul(alpha, exp(x)), alpha);
        return mul(gamma, select(gtZero, x, neg));
      })
      .Case([&](nn::CeluOp) {
        Value zero = c(0.0), one = c(1.0), alpha = c(attr("alpha"));
        Value e = mul(alpha, sub(exp(div(x, alpha)), one));
        Value pos = fmax(zero, x);
        return add(pos, fmin(zero, e));
      })
      .Case([&](nn::HardSigmoidOp) {
        Value zero = c(0.0), one = c(1.0), alpha = c(attr("alpha")), beta = c(attr("beta"));
        Value lin = add(mul(x, alpha), beta);
        return fmax(zero, fmin(one, lin));
      })
      .Case([&](nn::ThresholdedReluOp) {
        Value zero = c(0.0), alpha = c(attr("alpha"));
        Value gt = cmp(arith::CmpFPredicate::OGT, x, alpha);
        return select(gt, x, zero);
      })
      .Case([&](nn::ShrinkOp) {
        Value zero = c(0.0), bias = c(attr("bias")), lambd = c(attr("lambd")),
              minusLambd = c(-attr("lambd"));
        Value gt = cmp(arith::CmpFPredicate::OGT, x, lambd);
        Value high = select(gt, sub(x, bias), zero);
        Value low = cmp(arith::CmpFPredicate::OLT, x, minusLambd);
        return select(low, add(x, bias), high);
      })
      .Case([&](nn::GeluOp g) {
        Value half = c(0.5), one = c(1.0);
        Value inner;
        if (g.getApproximate() == "tanh") {
          Value k = c(std::sqrt(2.0 / M_PI)), coeff = c(0.044715);
          Value cube = mul(mul(x, x), x);
          Value arg = mul(k, add(x, mul(coeff, cube)));
          inner = math::TanhOp::create(b, loc, arg);
        } else {
          Value invSqrt2 = c(M_SQRT1_2);
          inner = math::ErfOp::create(b, loc, mul(x, invSqrt2));
        }
        Value halfX = mul(half, x);
        return mul(halfX, add(one, inner));
      })
      .Case([&](nn::IsNaNOp) { return cmp(arith::CmpFPredicate::UNO, x, x); })
      .Case([&](nn::IsInfOp i) {
        const llvm::fltSemantics &sem = cast<FloatType>(t).getFloatSemantics();
        Value posInf = arith::ConstantOp::create(b, loc, b.getFloatAttr(t, APFloat::getInf(sem)));
        Value negInf =
            arith::ConstantOp::create(b, loc, b.getFloatAttr(t, APFloat::getInf(sem, true)));
        Value pos = cmp(arith::CmpFPredicate::OEQ, x, posInf);
        Value neg = cmp(arith::CmpFPredicate::OEQ, x, negInf);
        Value f = intConst(b, loc, b.getI1Type(), 0);
        return arith::OrIOp::create(b, loc, i.getDetectPositive() ? pos : f,
                                    i.getDetectNegative() ? neg : f).getResult();
      })
      .Case([&](nn::CastOp) {
        return castScalar(b, loc, x, resultType, isUnsigned,
                          op->hasAttr("nn.unsigned_result"));
      })
      // Binary.
      .Case([&](nn::AddOp) {
        return isFloat ? add(a[0], a[1]) : arith::AddIOp::create(b, loc, a[0], a[1]).getResult();
      })
      .Case([&](nn::SubOp) {
        return isFloat ? sub(a[0], a[1]) : arith::SubIOp::create(b, loc, a[0], a[1]).getResult();
      })
      .Case([&](nn::MulOp) {
        return isFloat ? mul(a[0], a[1]) : arith::MulIOp::create(b, loc, a[0], a[1]).getResult();
      })
      .Case([&](nn::DivOp) {
        if (isUnsigned)
          return arith::DivUIOp::create(b, loc, a[0], a[1]).getResult();
        return isFloat ? div(a[0], a[1]) : arith::DivSIOp::create(b, loc, a[0], a[1]).getResult();
      })
      .Case([&](nn::PowOp) { return math::PowFOp::create(b, loc, a[0], a[1]).getResult(); })
      .Case([&](nn::MaxOp) {
        if (isUnsigned)
          return arith::MaxUIOp::create(b, loc, a[0], a[1]).getResult();
        return isFloat ? fmax(a[0], a[1]) : arith::MaxSIOp::create(b, loc, a[0], a[1]).getResult();
      })
      .Case([&](nn::MinOp) {
        if (isUnsigned)
          return arith::MinUIOp::create(b, loc, a[0], a[1]).getResult();
        return isFloat ? fmin(a[0], a[1]) : arith::MinSIOp::create(b, loc, a[0], a[1]).getResult();
      })
      .Case([&](nn::ModOp m) {
        if (isUnsigned) // both signs agree: fmod and Python's mod coincide
          return arith::RemUIOp::create(b, loc, a[0], a[1]).getResult();
        if (m.getFmod())
          return isFloat ? arith::RemFOp::create(b, loc, a[0], a[1]).getResult()
                         : arith::RemSIOp::create(b, loc, a[0], a[1]).getResult();
        return floorMod(b, loc, a[0], a[1]);
      })
      .Case([&](nn::AndOp) { return arith::AndIOp::create(b, loc, a[0], a[1]).getResult(); })
      .Case([&](nn::OrOp) { return arith::OrIOp::create(b, loc, a[0], a[1]).getResult(); })
      .Case([&](nn::XorOp) { return arith::XOrIOp::create(b, loc, a[0], a[1]).getResult(); })
      .Case<nn::ShiftLeftOp, nn::ShiftRightOp>([&](auto s) {
        // A shift amount of the width or more (or, signless, negative) is
        // poison in arith; numpy gives 0 (or the sign for an arithmetic
        // right shift).
        bool left = isa<nn::ShiftLeftOp>(s.getOperation());
        unsigned w = t.getIntOrFloatBitWidth();
        Value width = intConst(b, loc, t, w);
        Value inRange = icmp(arith::CmpIPredicate::ult, a[1], width);
        Value zero = intConst(b, loc, t, 0);
        Value safeAmount = select(inRange, a[1], zero);
        if (left)
          return select(inRange, arith::ShLIOp::create(b, loc, a[0], safeAmount).getResult(),
                        zero);
        if (isUnsigned)
          return select(inRange, arith::ShRUIOp::create(b, loc, a[0], safeAmount).getResult(),
                        zero);
        Value sign = arith::ShRSIOp::create(b, loc, a[0], intConst(b, loc, t, w - 1));
        return select(inRange, arith::ShRSIOp::create(b, loc, a[0], safeAmount).getResult(),
                      sign);
      })
      .Case([&](nn::EqualOp) { return compare(arith::CmpFPredicate::OEQ, arith::CmpIPredicate::eq); })
      .Case([&](nn::LessOp) { return compare(arith::CmpFPredicate::OLT, arith::CmpIPredicate::slt); })
      .Case([&](nn::LessOrEqualOp) {
        return compare(arith::CmpFPredicate::OLE, arith::CmpIPredicate::sle);
      })
      .Case([&](nn::GreaterOp) { return compare(arith::CmpFPredicate::OGT, arith::CmpIPredicate::sgt); })
      .Case([&](nn::GreaterOrEqualOp) {
        return compare(arith::CmpFPredicate::OGE, arith::CmpIPredicate::sge);
      })
      .Case([&](nn::WhereOp) { return select(a[0], a[1], a[2]); })
      .Default([](Operation *) -> Value { llvm_unreachable("not an elementwise nn op"); });
}

/// Every elementwise nn op becomes one broadcasting linalg.generic; with
/// dynamic sizes, run-time checks and broadcasts come first (see
/// buildBroadcastElementwise).
template <typename OpTy>
struct ElementwiseLowering : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op, PatternRewriter &rewriter) const override {
    auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
    Value r = buildBroadcastElementwise(
        rewriter, op.getLoc(), resultType, op->getOperands(),
        [&](OpBuilder &b, Location loc, ValueRange args) {
          return elementwiseScalar(op, b, loc, args, resultType.getElementType());
        },
        op);
    rewriter.replaceOp(op, r);
    return success();
  }
};

/// Softmax as four generics: max-reduce, exp(x - max), sum-reduce, divide.
/// Dynamic sizes come from the input (the result has its type); an empty
/// axis gives an empty result, so no check is needed.
struct SoftmaxLowering : OpRewritePattern<nn::SoftmaxOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::SoftmaxOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = op.getType();
    int64_t rank = type.getRank();
    int64_t axis = static_cast<int64_t>(op.getAxis()); // I64Attr is unsigned
    if (axis < 0)
      axis += rank;
    Type et = type.getElementType();

    SmallVector<OpFoldResult> sizes =
        tensor::getMixedSizes(rewriter, loc, op.getInput());
    SmallVector<OpFoldResult> reducedSizes(sizes);
    reducedSizes.erase(reducedSizes.begin() + axis);
    SmallVector<int64_t> reducedShape(type.getShape());
    reducedShape.erase(reducedShape.begin() + axis);
    auto reducedType = RankedTensorType::get(reducedShape, et);
    AffineMap id = rewriter.getMultiDimIdentityMap(rank);
    AffineMap dropAxis = id.dropResult(axis);
    SmallVector<utils::IteratorType> reduceIters(rank, utils::IteratorType::parallel);
    reduceIters[axis] = utils::IteratorType::reduction;
    SmallVector<utils::IteratorType> parIters(rank, utils::IteratorType::parallel);

    auto reduce = [&](Value input, double init, bool isMax) {
      Value acc = buildFilled(rewriter, loc, reducedSizes, rewriter.getFloatAttr(et, init));
      return linalg::GenericOp::create(
                 rewriter, loc, reducedType, input, acc,
                 ArrayRef<AffineMap>{id, dropAxis}, reduceIters,
                 [&](OpBuilder &b, Location l, ValueRange a) {
                   Value r = isMax ? arith::MaximumFOp::create(b, l, a[0], a[1]).getResult()
                                   : arith::AddFOp::create(b, l, a[0], a[1]).getResult();
                   linalg::YieldOp::create(b, l, r);
                 })
          .getResult(0);
    };
    auto mapWithReduced = [&](Value full, Value reduced, bool isExp) {
      Value init = tensor::EmptyOp::create(rewriter, loc, sizes, et);
      return linalg::GenericOp::create(
                 rewriter, loc, type, ValueRange{full, reduced}, init,
                 ArrayRef<AffineMap>{id, dropAxis, id}, parIters,
                 [&](OpBuilder &b, Location l, ValueRange a) {
                   Value r = isExp ? math::ExpOp::create(
                                         b, l, arith::SubFOp::create(b, l, a[0], a[1]))
                                         .getResult()
                                   : arith::DivFOp::create(b, l, a[0], a[1]).getResult();
                   linalg::YieldOp::create(b, l, r);
                 })
          .getResult(0);
    };
    Value max = reduce(op.getInput(), -std::numeric_limits<double>::infinity(), true);
    Value exps = mapWithReduced(op.getInput(), max, true);
    Value sum = reduce(exps, 0.0, false);
    rewriter.replaceOp(op, mapWithReduced(exps, sum, false));
    return success();
  }
};

} // namespace

void kiln::populateNNElementwiseToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<
      ElementwiseLowering<nn::ReluOp>, ElementwiseLowering<nn::SigmoidOp>,
      ElementwiseLowering<nn::TanhOp>, ElementwiseLowering<nn::AbsOp>,
      ElementwiseLowering<nn::NegOp>, ElementwiseLowering<nn::SignOp>,
      ElementwiseLowering<nn::NotOp>, ElementwiseLowering<nn::ExpOp>,
      ElementwiseLowering<nn::LogOp>, ElementwiseLowering<nn::SqrtOp>,
      ElementwiseLowering<nn::ReciprocalOp>, ElementwiseLowering<nn::FloorOp>,
      ElementwiseLowering<nn::CeilOp>, ElementwiseLowering<nn::RoundOp>,
      ElementwiseLowering<nn::SinOp>, ElementwiseLowering<nn::CosOp>,
      ElementwiseLowering<nn::TanOp>, ElementwiseLowering<nn::AsinOp>,
      ElementwiseLowering<nn::AcosOp>, ElementwiseLowering<nn::AtanOp>,
      ElementwiseLowering<nn::SinhOp>, ElementwiseLowering<nn::CoshOp>,
      ElementwiseLowering<nn::AsinhOp>, ElementwiseLowering<nn::AcoshOp>,
      ElementwiseLowering<nn::AtanhOp>, ElementwiseLowering<nn::ErfOp>,
      ElementwiseLowering<nn::SoftsignOp>, ElementwiseLowering<nn::SoftplusOp>,
      ElementwiseLowering<nn::HardSwishOp>, ElementwiseLowering<nn::MishOp>,
      ElementwiseLowering<nn::LeakyReluOp>, ElementwiseLowering<nn::EluOp>,
      ElementwiseLowering<nn::SeluOp>, ElementwiseLowering<nn::CeluOp>,
      ElementwiseLowering<nn::HardSigmoidOp>,
      ElementwiseLowering<nn::ThresholdedReluOp>, ElementwiseLowering<nn::ShrinkOp>,
      ElementwiseLowering<nn::GeluOp>, ElementwiseLowering<nn::IsNaNOp>,
      ElementwiseLowering<nn::IsInfOp>, ElementwiseLowering<nn::CastOp>,
      ElementwiseLowering<nn::AddOp>, ElementwiseLowering<nn::SubOp>,
      ElementwiseLowering<nn::MulOp>, ElementwiseLowering<nn::DivOp>,
      ElementwiseLowering<nn::PowOp>, ElementwiseLowering<nn::MaxOp>,
      ElementwiseLowering<nn::MinOp>, ElementwiseLowering<nn::ModOp>,
      ElementwiseLowering<nn::AndOp>, ElementwiseLowering<nn::OrOp>,
      ElementwiseLowering<nn::XorOp>, ElementwiseLowering<nn::ShiftLeftOp>,
      ElementwiseLowering<nn::ShiftRightOp>, ElementwiseLowering<nn::EqualOp>,
      ElementwiseLowering<nn::LessOp>, ElementwiseLowering<nn::LessOrEqualOp>,
      ElementwiseLowering<nn::GreaterOp>, ElementwiseLowering<nn::GreaterOrEqualOp>,
      ElementwiseLowering<nn::WhereOp>, SoftmaxLowering>(patterns.getContext());
}
