//===- LowerChecks.cpp - cf.assert to the runtime's check failure ---------===//

#include "passes/Transforms/Passes.h"

#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"

namespace kiln {
#define GEN_PASS_DEF_LOWERCHECKS
#include "passes/Transforms/Passes.h.inc"
} // namespace kiln

using namespace mlir;

namespace {

constexpr llvm::StringLiteral kFailFn = "kiln_rt_check_failed";

struct LowerChecksPass : kiln::impl::LowerChecksBase<LowerChecksPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<cf::AssertOp> asserts;
    module.walk([&](cf::AssertOp op) { asserts.push_back(op); });
    if (asserts.empty())
      return;

    MLIRContext *ctx = module.getContext();
    auto ptrTy = LLVM::LLVMPointerType::get(ctx);
    OpBuilder b(ctx);
    b.setInsertionPointToStart(module.getBody());
    auto failFn = module.lookupSymbol<LLVM::LLVMFuncOp>(kFailFn);
    if (!failFn) {
      failFn = LLVM::LLVMFuncOp::create(
          b, module.getLoc(), kFailFn,
          LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(ctx), {ptrTy}));
      failFn->setAttr("passthrough",
                      b.getArrayAttr({b.getStringAttr("noreturn")}));
    }

    // One private global per distinct message.
    llvm::StringMap<std::string> globals;
    for (cf::AssertOp op : asserts) {
      Location loc = op.getLoc();
      Block *before = op->getBlock();
      Block *cont = before->splitBlock(std::next(op->getIterator()));
      auto *fail = new Block();
      before->getParent()->getBlocks().insertAfter(before->getIterator(), fail);

      b.setInsertionPointToEnd(fail);
      std::string &name = globals[op.getMsg()];
      Value msg;
      if (name.empty()) {
        name = "kiln_check_" + std::to_string(globals.size() - 1);
        OpBuilder::InsertionGuard g(b);
        std::string text = op.getMsg().str();
        text.push_back('\0'); // read as a C string by the runtime
        msg = LLVM::createGlobalString(loc, b, name, text,
                                       LLVM::Linkage::Private);
      } else {
        auto global = module.lookupSymbol<LLVM::GlobalOp>(name);
        Value addr = LLVM::AddressOfOp::create(b, loc, global);
        msg = addr;
      }
      LLVM::CallOp::create(b, loc, failFn, ValueRange{msg});
      LLVM::UnreachableOp::create(b, loc);

      b.setInsertionPoint(op);
      cf::CondBranchOp::create(b, loc, op.getArg(), cont, ValueRange{}, fail,
                               ValueRange{});
      op.erase();
    }
  }
};

} // namespace
