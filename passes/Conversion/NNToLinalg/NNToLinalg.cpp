//===- NNToLinalg.cpp - the kiln-convert-nn-to-linalg pass ----------------===//

#include "passes/Conversion/NNToLinalg/NNToLinalg.h"
#include "passes/Conversion/NNToLinalg/Crop.h"
#include "passes/Conversion/NNToLinalg/DynamicSupport.h"
#include "passes/Conversion/NNToLinalg/Grid.h"
#include "passes/Conversion/NNToLinalg/Resize.h"
#include "passes/Conversion/NNToLinalg/Scatter.h"
#include "passes/Conversion/NNToLinalg/Det.h"
#include "passes/Conversion/NNToLinalg/Detection.h"
#include "passes/Conversion/NNToLinalg/Sort.h"
#include "passes/Conversion/NNToLinalg/Spectral.h"
#include "passes/Conversion/NNToLinalg/RuntimeShape.h"
#include "dialects/NN/IR/NNDialect.h"
#include "dialects/NN/IR/NNOps.h"
#include "passes/Conversion/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Transforms/DialectConversion.h"

namespace kiln {
#define GEN_PASS_DEF_CONVERTNNTOLINALG
#include "passes/Conversion/Passes.h.inc"
} // namespace kiln

using namespace mlir;
using namespace kiln;

void kiln::populateNNToLinalgPatterns(RewritePatternSet &patterns) {
  populateNNElementwiseToLinalgPatterns(patterns);
  populateNNContractionToLinalgPatterns(patterns);
  populateNNConvPoolToLinalgPatterns(patterns);
  populateNNShapeToLinalgPatterns(patterns);
  populateNNDataMovementToLinalgPatterns(patterns);
  populateNNReductionToLinalgPatterns(patterns);
  populateNNRuntimeShapeToLinalgPatterns(patterns);
  populateNNResizeToLinalgPatterns(patterns);
  populateNNScatterToLinalgPatterns(patterns);
  populateNNGridToLinalgPatterns(patterns);
  populateNNCropToLinalgPatterns(patterns);
  populateNNSortToLinalgPatterns(patterns);
  populateNNDetToLinalgPatterns(patterns);
  populateNNSpectralToLinalgPatterns(patterns);
  populateNNDetectionToLinalgPatterns(patterns);
}

namespace {
struct ConvertNNToLinalgPass
    : kiln::impl::ConvertNNToLinalgBase<ConvertNNToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    // Check the preconditions up front so the user sees the real reason
    // rather than a generic legalization failure.
    bool unsupported = false;
    getOperation().walk([&](Operation *op) {
      if (!isa<nn::NNDialect>(op->getDialect()))
        return;
      for (Type t : llvm::concat<Type>(op->getOperandTypes(), op->getResultTypes()))
        if (auto st = dyn_cast<ShapedType>(t); st && st.getElementType().isUnsignedInteger()) {
          op->emitError() << "'" << op->getName() << "' has unsigned type " << t
                          << "; run kiln-lower-unsigned first";
          unsupported = true;
          return;
        }
      if (lowering::supportsDynamicShapes(op))
        return;
      if (auto reshape = dyn_cast<nn::ReshapeOp>(op)) {
        op->emitError() << "'" << op->getName() << "' from "
                        << reshape.getInput().getType() << " to "
                        << reshape.getType()
                        << ": the result's dynamic sizes cannot be derived "
                           "from the element count (at most one dynamic "
                           "dimension with nonzero static sizes can); pin "
                           "the model's inputs with --shape NAME=D0xD1x...";
        unsupported = true;
        return;
      }
      for (Type t : llvm::concat<Type>(op->getOperandTypes(), op->getResultTypes()))
        if (auto rt = dyn_cast<RankedTensorType>(t); rt && !rt.hasStaticShape()) {
          op->emitError() << "'" << op->getName() << "' has dynamic shape " << rt
                          << "; the CPU lowering needs static shapes (pin the "
                             "model's inputs with --shape NAME=D0xD1x...)";
          unsupported = true;
          return;
        }
    });
    if (unsupported)
      return signalPassFailure();

    ConversionTarget target(*ctx);
    target.addIllegalDialect<nn::NNDialect>();
    target.addLegalDialect<arith::ArithDialect, bufferization::BufferizationDialect,
                           cf::ControlFlowDialect,
                           linalg::LinalgDialect,
                           math::MathDialect, scf::SCFDialect,
                           tensor::TensorDialect,
                           func::FuncDialect>();
    RewritePatternSet patterns(ctx);
    populateNNToLinalgPatterns(patterns);
    if (failed(applyPartialConversion(getOperation(), target, std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace

//===----------------------------------------------------------------------===//
// Shared builders
//===----------------------------------------------------------------------===//

AffineMap kiln::lowering::broadcastMap(MLIRContext *ctx, ArrayRef<int64_t> shape,
                               ArrayRef<int64_t> outShape) {
  size_t off = outShape.size() - shape.size();
  SmallVector<AffineExpr> exprs;
  for (size_t i = 0; i < shape.size(); ++i)
    exprs.push_back(shape[i] == 1 && outShape[i + off] != 1
                        ? getAffineConstantExpr(0, ctx)
                        : getAffineDimExpr(i + off, ctx));
  return AffineMap::get(outShape.size(), 0, exprs, ctx);
}

static bool isStatic(Value v) {
  return cast<RankedTensorType>(v.getType()).hasStaticShape();
}

static Value indexConst(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

static Value toIndexValue(OpBuilder &b, Location loc, OpFoldResult ofr) {
  if (auto v = dyn_cast<Value>(ofr))
    return v;
  return indexConst(b, loc, cast<IntegerAttr>(cast<Attribute>(ofr)).getInt());
}

static Value cmpEq(OpBuilder &b, Location loc, Value l, Value r) {
  return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, l, r);
}

/// True when `size` is, by construction, dimension `dim` of `v`.
static bool isDimOf(OpFoldResult size, Value v, int64_t dim) {
  auto d = dyn_cast_if_present<Value>(size);
  auto dimOp = d ? d.getDefiningOp<tensor::DimOp>() : tensor::DimOp();
  if (!dimOp || dimOp.getSource() != v)
    return false;
  std::optional<int64_t> idx = getConstantIntValue(dimOp.getIndex());
  return idx && *idx == dim;
}

// Dynamic broadcasting
// --------------------
// Each result dimension has one run-time size B: a static operand size
// other than 1 when there is one (the verifier made the static sizes
// agree), else the broadcast of the dynamic sizes (the first that is not
// 1; numpy's rule, which also gets 0-sized dimensions right), or the size
// the caller gives. cf.assert checks that every dynamic operand size is 1
// or B and that a static result size is B.
//
// A dynamic operand dimension that may be 1 while B is not ("may
// broadcast") cannot be written as a static indexing map: the map must be
// d_i when the size is B and 0 when it is 1. Such an operand is first made
// full-size under an scf.if: when all of its may-broadcast sizes equal B
// at run time (the usual case, e.g. a symbolic batch dimension shared by
// both operands) the operand itself is used; otherwise a linalg.generic
// copies it out to the broadcast shape, reading index 0 along its size-1
// dimensions through tensor.extract. The elementwise generic then reads
// every operand through static maps (identity along those dimensions), so
// the common case costs one comparison per operand and the generic stays
// fusable with its consumers; the rare case costs one copy of the operand.
// An operand dimension is known not to broadcast when it alone determines
// B (every other operand is 1 there), or when it is the size the caller
// gave.

Value kiln::lowering::buildBroadcastElementwise(OpBuilder &b, Location loc,
                                        RankedTensorType resultType,
                                        ValueRange inputs, lowering::ScalarBodyFn body,
                                        Operation *op,
                                        ArrayRef<OpFoldResult> resultSizes) {
  MLIRContext *ctx = b.getContext();
  int64_t rank = resultType.getRank();
  // With static types the given sizes can only repeat the result type's.
  bool allStatic = resultType.hasStaticShape() && llvm::all_of(inputs, isStatic);

  SmallVector<Value> operands(inputs);
  SmallVector<Value> resultDynSizes;
  if (!allStatic) {
    assert((resultSizes.empty() || (int64_t)resultSizes.size() == rank) &&
           "one result size per dimension");
    size_t n = operands.size();
    SmallVector<RankedTensorType> types;
    SmallVector<SmallVector<Value>> dims(n);
    for (Value in : operands) {
      types.push_back(cast<RankedTensorType>(in.getType()));
      dims[types.size() - 1].resize(types.back().getRank());
    }
    auto dimOf = [&](size_t k, int64_t j) -> Value {
      if (!dims[k][j])
        dims[k][j] = tensor::DimOp::create(b, loc, operands[k], j);
      return dims[k][j];
    };
    auto check = [&](Value cond, const Twine &msg) {
      emitShapeCheck(b, loc, op, cond, msg);
    };
    auto operandDim = [&](size_t k, int64_t j) -> std::string {
      return ((n == 1 ? Twine("operand dimension ")
                      : "operand " + Twine(k) + " dimension ") +
              Twine(j))
          .str();
    };
    Value oneValue;
    auto one = [&]() {
      if (!oneValue)
        oneValue = indexConst(b, loc, 1);
      return oneValue;
    };

    // For an operand dimension that may broadcast at run time: its size
    // is 1, and its size is B (both i1, null for the other dimensions).
    SmallVector<SmallVector<Value>> isOne(n), isFull(n);
    for (size_t k = 0; k < n; ++k) {
      isOne[k].resize(types[k].getRank());
      isFull[k].resize(types[k].getRank());
    }
    // Checks `d == 1 || d == size` and records operand k's dimension j as
    // one that may broadcast.
    auto checkBroadcast = [&](size_t k, int64_t j, Value size, const Twine &msg) {
      Value d = dimOf(k, j);
      isFull[k][j] = cmpEq(b, loc, d, size);
      isOne[k][j] = cmpEq(b, loc, d, one());
      check(arith::OrIOp::create(b, loc, isOne[k][j], isFull[k][j]), msg);
    };

    SmallVector<OpFoldResult> outSizes(rank);
    for (int64_t i = 0; i < rank; ++i) {
      // Operands whose size here is not a static 1.
      SmallVector<std::pair<size_t, int64_t>> dyn;
      std::optional<int64_t> staticSize;
      for (size_t k = 0; k < n; ++k) {
        int64_t off = rank - types[k].getRank();
        if (i < off)
          continue;
        int64_t s = types[k].getDimSize(i - off);
        if (ShapedType::isDynamic(s))
          dyn.push_back({k, i - off});
        else if (s != 1)
          staticSize = s;
      }
      int64_t declared = resultType.getDimSize(i);

      OpFoldResult size;
      if (!resultSizes.empty()) {
        // One-way broadcast to a size given by the caller.
        size = resultSizes[i];
        if (staticSize && !getConstantIntValue(size)) {
          check(cmpEq(b, loc, cast<Value>(size), indexConst(b, loc, *staticSize)),
                "result dimension " + Twine(i) + " must be " +
                    Twine(*staticSize) + " to match the operands");
          size = b.getIndexAttr(*staticSize);
        }
        for (auto [k, j] : dyn)
          if (!isDimOf(size, operands[k], j))
            checkBroadcast(k, j, toIndexValue(b, loc, size),
                           operandDim(k, j) + " does not broadcast to result "
                               "dimension " + Twine(i) +
                               " (its size must be 1 or the result's)");
      } else if (staticSize) {
        size = b.getIndexAttr(*staticSize);
        for (auto [k, j] : dyn)
          checkBroadcast(k, j, indexConst(b, loc, *staticSize),
                         operandDim(k, j) + " must be 1 or " +
                             Twine(*staticSize) +
                             " to broadcast with the other operands");
      } else if (dyn.empty()) {
        size = b.getIndexAttr(1);
      } else if (dyn.size() == 1) {
        // The only operand that is not 1 here: its size is the result's.
        size = dimOf(dyn[0].first, dyn[0].second);
      } else {
        // numpy: the first size that is not 1 (0 stays 0).
        Value bv = dimOf(dyn[0].first, dyn[0].second);
        for (auto [k, j] : ArrayRef(dyn).drop_front())
          bv = arith::SelectOp::create(b, loc, cmpEq(b, loc, bv, one()),
                                       dimOf(k, j), bv);
        for (auto [k, j] : dyn)
          checkBroadcast(k, j, bv,
                         operandDim(k, j) + " does not broadcast (its size "
                                            "must be 1 or that of the other "
                                            "operands)");
        size = bv;
      }
      // A static result size the operands do not fix is checked.
      if (!ShapedType::isDynamic(declared) && !getConstantIntValue(size)) {
        check(cmpEq(b, loc, cast<Value>(size), indexConst(b, loc, declared)),
              "result dimension " + Twine(i) + " must be " + Twine(declared) +
                  " (the result type's size)");
        size = b.getIndexAttr(declared);
      }
      outSizes[i] = size;
      if (ShapedType::isDynamic(declared))
        resultDynSizes.push_back(toIndexValue(b, loc, size));
    }

    // Give each operand that may broadcast at run time its full size along
    // those dimensions (see above).
    for (size_t k = 0; k < n; ++k) {
      int64_t r = types[k].getRank(), off = rank - r;
      Value allFull;
      SmallVector<Value> fullDynSizes;
      for (int64_t j = 0; j < r; ++j) {
        if (!types[k].isDynamicDim(j))
          continue;
        if (!isFull[k][j]) {
          fullDynSizes.push_back(dimOf(k, j));
          continue;
        }
        fullDynSizes.push_back(toIndexValue(b, loc, outSizes[j + off]));
        allFull = allFull ? arith::AndIOp::create(b, loc, allFull, isFull[k][j])
                                .getResult()
                          : isFull[k][j];
      }
      if (!allFull)
        continue;
      Value in = operands[k];
      RankedTensorType type = types[k];
      ArrayRef<Value> ones = isOne[k];
      auto ifOp = scf::IfOp::create(
          b, loc, allFull,
          [&](OpBuilder &tb, Location tl) { scf::YieldOp::create(tb, tl, in); },
          [&](OpBuilder &eb, Location el) {
            Value init = tensor::EmptyOp::create(eb, el, type, fullDynSizes);
            SmallVector<utils::IteratorType> iters(r, utils::IteratorType::parallel);
            auto copy = linalg::GenericOp::create(
                eb, el, type, ValueRange{}, init,
                ArrayRef<AffineMap>{eb.getMultiDimIdentityMap(r)}, iters,
                [&](OpBuilder &nb, Location nl, ValueRange) {
                  Value zero = indexConst(nb, nl, 0);
                  SmallVector<Value> idx;
                  for (int64_t j = 0; j < r; ++j) {
                    Value ij = linalg::IndexOp::create(nb, nl, j);
                    if (ones[j])
                      ij = arith::SelectOp::create(nb, nl, ones[j], zero, ij);
                    idx.push_back(ij);
                  }
                  Value v = tensor::ExtractOp::create(nb, nl, in, idx);
                  linalg::YieldOp::create(nb, nl, v);
                });
            scf::YieldOp::create(eb, el, copy.getResult(0));
          });
      operands[k] = ifOp.getResult(0);
    }
  }

  SmallVector<AffineMap> maps;
  for (Value in : operands)
    maps.push_back(broadcastMap(
        ctx, cast<RankedTensorType>(in.getType()).getShape(), resultType.getShape()));
  maps.push_back(b.getMultiDimIdentityMap(rank));
  Value init = allStatic ? tensor::EmptyOp::create(b, loc, resultType.getShape(),
                                                   resultType.getElementType())
                               .getResult()
                         : tensor::EmptyOp::create(b, loc, resultType, resultDynSizes)
                               .getResult();
  SmallVector<utils::IteratorType> iters(rank, utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, resultType, operands, init, maps, iters,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value r = body(nb, nloc, args.drop_back());
        linalg::YieldOp::create(nb, nloc, r);
      });
  return generic.getResult(0);
}

Value kiln::lowering::buildFilled(OpBuilder &b, Location loc, RankedTensorType type,
                          TypedAttr value) {
  Value init =
      tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType());
  Value scalar = arith::ConstantOp::create(b, loc, value);
  return linalg::FillOp::create(b, loc, scalar, init).getResult(0);
}

Value kiln::lowering::buildFilled(OpBuilder &b, Location loc,
                                  ArrayRef<OpFoldResult> sizes, TypedAttr value) {
  Value init = tensor::EmptyOp::create(b, loc, sizes, value.getType());
  Value scalar = arith::ConstantOp::create(b, loc, value);
  return linalg::FillOp::create(b, loc, scalar, init).getResult(0);
}

/// Product of the static sizes of `shape`, ignoring dynamic ones.
static int64_t staticProduct(ArrayRef<int64_t> shape) {
  int64_t p = 1;
  for (int64_t d : shape)
    if (!ShapedType::isDynamic(d))
      p *= d;
  return p;
}

bool kiln::lowering::canBuildReshape(RankedTensorType from, RankedTensorType to) {
  int64_t dynamicOut = to.getNumDynamicDims();
  if (dynamicOut == 0)
    return true;
  return dynamicOut == 1 && staticProduct(to.getShape()) != 0;
}

Value kiln::lowering::buildReshape(OpBuilder &b, Location loc, Value input,
                           RankedTensorType resultType, Operation *op) {
  auto inType = cast<RankedTensorType>(input.getType());
  if (inType == resultType)
    return input;
  if (inType.hasStaticShape() && resultType.hasStaticShape()) {
    auto flatType =
        RankedTensorType::get({inType.getNumElements()}, inType.getElementType());
    Value flat = input;
    if (inType.getRank() != 1) {
      SmallVector<ReassociationIndices> all;
      if (inType.getRank() > 0)
        all.push_back(llvm::to_vector(llvm::seq<int64_t>(0, inType.getRank())));
      flat = inType.getRank() == 0
                 ? tensor::ExpandShapeOp::create(b, loc, flatType, input, all)
                       .getResult()
                 : tensor::CollapseShapeOp::create(b, loc, flatType, input, all)
                       .getResult();
    }
    if (resultType.getRank() == 1)
      return flat;
    SmallVector<ReassociationIndices> all;
    if (resultType.getRank() > 0)
      all.push_back(llvm::to_vector(llvm::seq<int64_t>(0, resultType.getRank())));
    if (resultType.getRank() == 0)
      return tensor::CollapseShapeOp::create(b, loc, resultType, flat, all);
    return tensor::ExpandShapeOp::create(b, loc, resultType, flat, all);
  }

  // Dynamic: the element count is the input's static product times its
  // dynamic sizes; the result's one dynamic size (if any) is that count
  // over the result's static product. When the input's static product is
  // a multiple of the result's, the count is divisible by construction and
  // the size is the dynamic sizes' product times the quotient.
  assert(canBuildReshape(inType, resultType) && "reshape not derivable");
  Type et = inType.getElementType();
  int64_t inStatic = staticProduct(inType.getShape());
  int64_t outStatic = staticProduct(resultType.getShape());
  bool inputDynamic = !inType.hasStaticShape();
  Value dynProductValue; // the input's dynamic sizes multiplied, on demand
  auto dynProduct = [&]() {
    if (!dynProductValue)
      for (int64_t j = 0; j < inType.getRank(); ++j)
        if (inType.isDynamicDim(j)) {
          Value d = tensor::DimOp::create(b, loc, input, j);
          dynProductValue =
              dynProductValue
                  ? arith::MulIOp::create(b, loc, dynProductValue, d).getResult()
                  : d;
        }
    return dynProductValue;
  };
  auto mulConst = [&](Value v, int64_t c) -> Value {
    return c == 1 ? v : arith::MulIOp::create(b, loc, v, indexConst(b, loc, c)).getResult();
  };
  bool resultDynamic = !resultType.hasStaticShape();
  bool divisible = resultDynamic && inStatic % outStatic == 0;
  Value count; // the element count, when needed
  if (inputDynamic && !divisible) {
    count = mulConst(dynProduct(), inStatic);
    Value ok;
    if (resultDynamic) {
      Value rem = arith::RemUIOp::create(b, loc, count, indexConst(b, loc, outStatic));
      ok = cmpEq(b, loc, rem, indexConst(b, loc, 0));
    } else {
      ok = cmpEq(b, loc, count, indexConst(b, loc, outStatic));
    }
    std::string msg =
        resultDynamic
            ? "the input's element count is not a multiple of " +
                  std::to_string(outStatic) + " (the result's static sizes)"
            : "the input's element count differs from the result's (" +
                  std::to_string(outStatic) + ")";
    emitShapeCheck(b, loc, op, ok, msg);
  }
  // The result's dynamic size; only an expand_shape needs it.
  auto derivedSize = [&]() -> Value {
    if (!inputDynamic)
      return indexConst(b, loc, inStatic / outStatic);
    if (divisible)
      return mulConst(dynProduct(), inStatic / outStatic);
    return arith::DivUIOp::create(b, loc, count, indexConst(b, loc, outStatic));
  };

  // Through 1-D: collapse everything, then expand to the result. The 1-D
  // value is dynamic when the result is, static otherwise (tensor.cast in
  // between; the check above makes it hold).
  int64_t total = resultDynamic ? ShapedType::kDynamic : outStatic;
  auto flatType = RankedTensorType::get({total}, et);
  Value flat = input;
  if (inType.getRank() == 0) {
    flat = tensor::ExpandShapeOp::create(
        b, loc, RankedTensorType::get({1}, et), input, ArrayRef<ReassociationIndices>{});
  } else if (inType.getRank() > 1) {
    SmallVector<ReassociationIndices> all{
        llvm::to_vector(llvm::seq<int64_t>(0, inType.getRank()))};
    flat = tensor::CollapseShapeOp::create(b, loc, input, all);
  }
  if (flat.getType() != flatType)
    flat = tensor::CastOp::create(b, loc, flatType, flat);
  if (resultType.getRank() == 1)
    return flat.getType() == resultType
               ? flat
               : tensor::CastOp::create(b, loc, resultType, flat).getResult();
  if (resultType.getRank() == 0)
    return tensor::CollapseShapeOp::create(b, loc, resultType, flat,
                                           ArrayRef<ReassociationIndices>{});
  SmallVector<ReassociationIndices> all{
      llvm::to_vector(llvm::seq<int64_t>(0, resultType.getRank()))};
  SmallVector<OpFoldResult> outputShape;
  for (int64_t d : resultType.getShape())
    outputShape.push_back(ShapedType::isDynamic(d) ? OpFoldResult(derivedSize())
                                                   : OpFoldResult(b.getIndexAttr(d)));
  return tensor::ExpandShapeOp::create(b, loc, resultType, flat, all, outputShape);
}

void kiln::lowering::emitShapeCheck(OpBuilder &b, Location loc, Operation *op,
                                    Value cond, const Twine &message) {
  if (!op) {
    cf::AssertOp::create(b, loc, cond, message.str());
    return;
  }
  std::string where = op->getName().getStringRef().str();
  Location l = op->getLoc();
  if (auto fused = dyn_cast<FusedLoc>(l); fused && !fused.getLocations().empty())
    l = fused.getLocations().front();
  if (auto named = dyn_cast<NameLoc>(l))
    where = "node '" + named.getName().str() + "' (" + where + ")";
  cf::AssertOp::create(b, loc, cond, (where + ": " + message).str());
}

bool kiln::lowering::supportsDynamicShapes(Operation *op) {
  // Filled in family by family as each lowering learns dynamic sizes.
  // Elementwise ops and softmax (Elementwise.cpp).
  if (isa<nn::ReluOp, nn::SigmoidOp, nn::TanhOp, nn::AbsOp, nn::NegOp,
          nn::SignOp, nn::NotOp, nn::ExpOp, nn::LogOp, nn::SqrtOp,
          nn::ReciprocalOp, nn::FloorOp, nn::CeilOp, nn::RoundOp, nn::SinOp,
          nn::CosOp, nn::TanOp, nn::AsinOp, nn::AcosOp, nn::AtanOp, nn::SinhOp,
          nn::CoshOp, nn::AsinhOp, nn::AcoshOp, nn::AtanhOp, nn::ErfOp,
          nn::SoftsignOp, nn::SoftplusOp, nn::HardSwishOp, nn::MishOp,
          nn::LeakyReluOp, nn::EluOp, nn::SeluOp, nn::CeluOp,
          nn::HardSigmoidOp, nn::ThresholdedReluOp, nn::ShrinkOp, nn::GeluOp,
          nn::IsNaNOp, nn::IsInfOp, nn::CastOp>(op))
    return true;
  if (isa<nn::AddOp, nn::SubOp, nn::MulOp, nn::DivOp, nn::PowOp, nn::MaxOp,
          nn::MinOp, nn::ModOp, nn::AndOp, nn::OrOp, nn::XorOp, nn::ShiftLeftOp,
          nn::ShiftRightOp, nn::EqualOp, nn::LessOp, nn::LessOrEqualOp, nn::GreaterOp, nn::GreaterOrEqualOp,
          nn::WhereOp, nn::SoftmaxOp>(op))
    return true;
  // Constants and reshapes (Shape.cpp), det (Det.cpp); a reshape whose result has several
  // dynamic sizes is not determined by its types.
  if (isa<nn::ConstantOp, nn::FlattenOp, nn::DetOp>(op))
    return true;
  if (auto reshape = dyn_cast<nn::ReshapeOp>(op))
    return canBuildReshape(reshape.getInput().getType(), reshape.getType());
  // The other families say for themselves.
  return contractionSupportsDynamic(op) || convPoolSupportsDynamic(op) ||
         reductionSupportsDynamic(op) || dataMovementSupportsDynamic(op) ||
         runtimeShapeSupportsDynamic(op) || resizeSupportsDynamic(op) ||
         scatterSupportsDynamic(op) || gridSupportsDynamic(op) || cropSupportsDynamic(op) ||
         sortSupportsDynamic(op) || spectralSupportsDynamic(op) ||
         detectionSupportsDynamic(op);
}

LogicalResult kiln::lowering::requireStaticShapes(Operation *op,
                                          PatternRewriter &rewriter) {
  for (Type t : llvm::concat<Type>(op->getOperandTypes(), op->getResultTypes()))
    if (auto rt = dyn_cast<RankedTensorType>(t); rt && !rt.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "dynamic shapes are not lowered");
  return success();
}
