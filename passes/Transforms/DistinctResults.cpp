//===- DistinctResults.cpp - one buffer per returned result ---------------===//

#include "passes/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace kiln {
#define GEN_PASS_DEF_DISTINCTRESULTS
#include "passes/Transforms/Passes.h.inc"
} // namespace kiln

using namespace mlir;

namespace {
struct DistinctResultsPass : kiln::impl::DistinctResultsBase<DistinctResultsPass> {
  void runOnOperation() override {
    getOperation().walk([](func::ReturnOp ret) {
      OpBuilder b(ret);
      Location loc = ret.getLoc();
      llvm::SmallPtrSet<Value, 8> seen;
      for (OpOperand &operand : ret->getOpOperands()) {
        Value v = operand.get();
        auto type = dyn_cast<MemRefType>(v.getType());
        if (!type || (seen.insert(v).second && !isa<BlockArgument>(v)))
          continue;
        SmallVector<Value> dynamicSizes;
        for (int64_t i = 0; i < type.getRank(); ++i)
          if (type.isDynamicDim(i))
            dynamicSizes.push_back(memref::DimOp::create(b, loc, v, i));
        auto allocType = MemRefType::get(type.getShape(), type.getElementType());
        Value copy = memref::AllocOp::create(b, loc, allocType, dynamicSizes);
        memref::CopyOp::create(b, loc, v, copy);
        if (allocType != type)
          copy = memref::CastOp::create(b, loc, type, copy);
        operand.set(copy);
      }
    });
  }
};
} // namespace
