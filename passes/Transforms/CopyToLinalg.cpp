//===- CopyToLinalg.cpp - memref.copy to linalg.copy ----------------------===//

#include "passes/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

namespace kiln {
#define GEN_PASS_DEF_COPYTOLINALG
#include "passes/Transforms/Passes.h.inc"
} // namespace kiln

using namespace mlir;

namespace {
struct CopyToLinalgPass : kiln::impl::CopyToLinalgBase<CopyToLinalgPass> {
  void runOnOperation() override {
    getOperation().walk([](memref::CopyOp copy) {
      OpBuilder b(copy);
      linalg::CopyOp::create(b, copy.getLoc(), copy.getSource(), copy.getTarget());
      copy.erase();
    });
  }
};
} // namespace
