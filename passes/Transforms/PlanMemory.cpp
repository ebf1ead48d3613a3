//===- PlanMemory.cpp - static arena planning for intermediates -----------===//

#include "passes/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Interfaces/DataLayoutInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace kiln {
#define GEN_PASS_DEF_PLANMEMORY
#include "passes/Transforms/Passes.h.inc"
} // namespace kiln

using namespace mlir;

namespace {

struct Buffer {
  memref::AllocOp alloc;
  int64_t bytes = 0;
  unsigned start = 0, end = 0; // top-level op indices, inclusive
  int64_t offset = 0;
};

struct PlanMemoryPass : kiln::impl::PlanMemoryBase<PlanMemoryPass> {
  using PlanMemoryBase::PlanMemoryBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    if (!func.getBody().hasOneBlock()) {
      func.emitError("kiln-plan-memory: expects a single-block function body "
                     "(run it before lowering structured control flow)");
      return signalPassFailure();
    }
    Block &body = func.getBody().front();
    DataLayout layout = DataLayout::closest(func);
    DenseMap<Operation *, unsigned> index;
    for (auto [i, op] : llvm::enumerate(body))
      index[&op] = i;

    SmallVector<Buffer> buffers;
    func.walk([&](memref::AllocOp alloc) {
      // Buffers the arena cannot hold stay heap allocations; the buffer
      // deallocation pipeline that runs next frees them.
      MemRefType type = alloc.getType();
      if (alloc->getBlock() != &body || !type.hasStaticShape() ||
          !type.getLayout().isIdentity() || type.getMemorySpace())
        return;
      Buffer buf;
      buf.alloc = alloc;
      buf.bytes = type.getNumElements() *
                  static_cast<int64_t>(layout.getTypeSize(type.getElementType()));
      buf.start = buf.end = index[alloc];
      // Follow views so aliases extend the live range; a buffer that
      // escapes through the function's results is not placed.
      SmallVector<Value> worklist{alloc.getResult()};
      while (!worklist.empty()) {
        Value v = worklist.pop_back_val();
        for (Operation *user : v.getUsers()) {
          if (isa<func::ReturnOp>(user))
            return;
          Operation *top = body.findAncestorOpInBlock(*user);
          if (top)
            buf.end = std::max(buf.end, index[top]);
          if (auto view = dyn_cast<ViewLikeOpInterface>(user))
            if (view.getViewSource() == v)
              llvm::append_range(worklist, user->getResults());
        }
      }
      buffers.push_back(buf);
    });

    // First-fit, largest first.
    SmallVector<Buffer *> order;
    for (Buffer &b : buffers)
      order.push_back(&b);
    llvm::stable_sort(order, [](Buffer *a, Buffer *b) { return a->bytes > b->bytes; });
    SmallVector<Buffer *> placed;
    int64_t arena = 0;
    for (Buffer *b : order) {
      SmallVector<std::pair<int64_t, int64_t>> busy;
      for (Buffer *p : placed)
        if (p->start <= b->end && b->start <= p->end)
          busy.push_back({p->offset, p->offset + p->bytes});
      llvm::sort(busy);
      int64_t offset = 0;
      for (auto [lo, hi] : busy) {
        if (offset + b->bytes <= lo)
          break;
        offset = std::max<int64_t>(offset, llvm::alignTo(hi, alignment));
      }
      b->offset = offset;
      arena = std::max<int64_t>(arena, llvm::alignTo(offset + b->bytes, alignment));
      placed.push_back(b);
    }

    // Rewrite: a trailing scratch argument and views into it.
    MLIRContext *ctx = func.getContext();
    auto scratchType = MemRefType::get({arena}, IntegerType::get(ctx, 8));
    if (failed(func.insertArgument(func.getNumArguments(), scratchType, {},
                                   func.getLoc())))
      return signalPassFailure();
    Value scratch = body.getArguments().back();
    for (Buffer &b : buffers) {
      OpBuilder builder(b.alloc);
      Value off = arith::ConstantIndexOp::create(builder, b.alloc.getLoc(), b.offset);
      Value view = memref::ViewOp::create(builder, b.alloc.getLoc(), b.alloc.getType(),
                                          scratch, off, ValueRange{});
      for (Operation *user : llvm::make_early_inc_range(b.alloc->getUsers()))
        if (isa<memref::DeallocOp>(user))
          user->erase();
      b.alloc.replaceAllUsesWith(view);
      b.alloc.erase();
    }
    func->setAttr("kiln.scratch_size",
                  IntegerAttr::get(IntegerType::get(ctx, 64), arena));
  }
};

} // namespace
