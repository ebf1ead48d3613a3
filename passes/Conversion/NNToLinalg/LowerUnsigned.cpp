//===- LowerUnsigned.cpp - the kiln-lower-unsigned pass -------------------===//
//
// Unsigned integer tensors (ONNX UINT8..UINT64) become signless ones of the
// same width; ops whose meaning depends on the sign are marked `nn.unsigned`
// (operand) or `nn.unsigned_result` (a cast's result) for their lowering.
// Any other op on an unsigned tensor is an error: nothing computes with
// signed semantics by accident.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/NNToLinalg/NNToLinalg.h"
#include "dialects/NN/IR/NNDialect.h"
#include "dialects/NN/IR/NNOps.h"
#include "passes/Conversion/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/TypeSwitch.h"

namespace kiln {
#define GEN_PASS_DEF_LOWERUNSIGNED
#include "passes/Conversion/Passes.h.inc"
} // namespace kiln

using namespace mlir;
using namespace kiln;

static bool isUnsignedTensor(Type t) {
  auto st = dyn_cast<ShapedType>(t);
  return st && st.getElementType().isUnsignedInteger();
}

static Type signlessOf(Type t) {
  auto st = dyn_cast<ShapedType>(t);
  if (!st || !st.getElementType().isUnsignedInteger())
    return t;
  auto it = cast<IntegerType>(st.getElementType());
  return st.clone(IntegerType::get(t.getContext(), it.getWidth()));
}

namespace {

enum class Sign { Agnostic, Marked, Unsupported };

/// How `op` relates to the sign of its unsigned operands and results.
Sign classify(Operation *op) {
  return llvm::TypeSwitch<Operation *, Sign>(op)
      .Case<nn::TransposeOp, nn::ConcatOp, nn::SliceOp, nn::GatherOp,
            nn::GatherElementsOp, nn::ExpandOp, nn::PadOp, nn::TriluOp,
            nn::ConstantOp, nn::NegOp, nn::AddOp, nn::SubOp, nn::MulOp,
            nn::AndOp, nn::OrOp, nn::XorOp, nn::NotOp, nn::ShiftLeftOp,
            nn::EqualOp, nn::WhereOp, nn::ReshapeOp, nn::FlattenOp,
            nn::ShapeOp, nn::DynamicReshapeOp, nn::DynamicExpandOp,
            nn::DynamicFillOp, nn::DynamicSliceOp, nn::GatherNDOp,
            nn::CumSumOp, nn::MatMulOp, nn::GridSampleOp, nn::CenterCropPadOp,
            nn::ReverseSequenceOp, nn::Col2ImOp, nn::MaxUnpoolOp, nn::NonZeroOp,
            nn::MelWeightMatrixOp>(
            [](Operation *) { return Sign::Agnostic; })
      .Case<nn::ScatterElementsOp, nn::ScatterNDOp>([](auto s) {
        StringRef r = s.getReduction();
        return r == "max" || r == "min" ? Sign::Unsupported : Sign::Agnostic;
      })
      .Case<nn::AbsOp, nn::SignOp, nn::DivOp, nn::ModOp, nn::MaxOp, nn::MinOp,
            nn::LessOp, nn::LessOrEqualOp, nn::GreaterOp, nn::GreaterOrEqualOp,
            nn::ShiftRightOp, nn::CastOp, nn::ArgMaxOp, nn::ArgMinOp, nn::TopKOp,
            nn::UniqueOp, nn::MaxPoolOp, nn::MaxPoolIndicesOp>(
          [](Operation *) { return Sign::Marked; })
      .Case([](nn::ReduceOp r) {
        StringRef k = r.getKind();
        return k == "sum" || k == "prod" || k == "max" || k == "min" || k == "mean" ||
                       k == "sum_square" || k == "l1"
                   ? Sign::Marked
                   : Sign::Unsupported;
      })
      .Default([](Operation *) { return Sign::Unsupported; });
}

/// The same attribute with signless element type.
Attribute signlessAttr(Attribute a) {
  if (auto d = dyn_cast<DenseElementsAttr>(a); d && isUnsignedTensor(d.getType()))
    return d.bitcast(cast<ShapedType>(signlessOf(d.getType())).getElementType());
  if (auto r = dyn_cast<DenseResourceElementsAttr>(a); r && isUnsignedTensor(r.getType()))
    return DenseResourceElementsAttr::get(cast<ShapedType>(signlessOf(r.getType())),
                                          r.getRawHandle());
  if (auto i = dyn_cast<IntegerAttr>(a); i && i.getType().isUnsignedInteger())
    return IntegerAttr::get(IntegerType::get(a.getContext(), i.getType().getIntOrFloatBitWidth()),
                            i.getValue());
  return a;
}

struct LowerUnsignedPass : kiln::impl::LowerUnsignedBase<LowerUnsignedPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    bool failed = false;
    module.walk([&](Operation *op) {
      bool unsignedIn = llvm::any_of(op->getOperandTypes(), isUnsignedTensor);
      bool unsignedOut = llvm::any_of(op->getResultTypes(), isUnsignedTensor);
      if (!unsignedIn && !unsignedOut)
        return;
      // Structural ops (control flow from If/Loop/Scan, casts and slices
      // of the values they carry) only move elements.
      if (isa<func::ReturnOp, func::CallOp, tensor::CastOp, tensor::ExtractSliceOp,
              tensor::ExpandShapeOp>(op) ||
          isa<scf::SCFDialect>(op->getDialect()))
        return;
      if (!isa<nn::NNDialect>(op->getDialect())) {
        op->emitError() << "'" << op->getName()
                        << "' on an unsigned integer tensor is not supported";
        failed = true;
        return;
      }
      switch (classify(op)) {
      case Sign::Agnostic:
        break;
      case Sign::Marked:
        // The sign that matters is the (first) operand's; a cast also
        // needs its result's.
        if (isUnsignedTensor(op->getOperand(0).getType()))
          op->setAttr("nn.unsigned", UnitAttr::get(ctx));
        if (isa<nn::CastOp>(op) && unsignedOut)
          op->setAttr("nn.unsigned_result", UnitAttr::get(ctx));
        break;
      case Sign::Unsupported:
        op->emitError() << "'" << op->getName()
                        << "' on an unsigned integer tensor is not supported";
        failed = true;
        return;
      }
    });
    if (failed)
      return signalPassFailure();

    // Retype: block arguments, results, attributes, function types.
    module.walk([&](Operation *op) {
      for (Region &region : op->getRegions())
        for (Block &block : region)
          for (BlockArgument arg : block.getArguments())
            arg.setType(signlessOf(arg.getType()));
      for (OpResult r : op->getResults())
        r.setType(signlessOf(r.getType()));
      SmallVector<NamedAttribute> attrs(op->getAttrs());
      for (NamedAttribute na : attrs) {
        Attribute n = signlessAttr(na.getValue());
        if (n != na.getValue())
          op->setAttr(na.getName(), n);
      }
      if (auto fn = dyn_cast<func::FuncOp>(op)) {
        auto ft = fn.getFunctionType();
        SmallVector<Type> ins, outs;
        for (Type t : ft.getInputs())
          ins.push_back(signlessOf(t));
        for (Type t : ft.getResults())
          outs.push_back(signlessOf(t));
        fn.setFunctionType(FunctionType::get(ctx, ins, outs));
      }
    });
  }
};

} // namespace
