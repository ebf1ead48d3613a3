//===- ControlFlow.h - loops built by the importer ---------------*- C++ -*-===//
//
// The scf.while builder behind Loop and Scan (ControlFlowHandlers.cpp),
// shared with the recurrent ops, which loop over time steps when the
// sequence length is known only at run time.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_FRONTENDS_ONNX_CONTROLFLOW_H
#define KILN_FRONTENDS_ONNX_CONTROLFLOW_H

#include "frontends/onnx/ImporterImpl.h"

namespace kiln::onnx_frontend {

/// What one iteration of a loop produces.
struct IterationResult {
  mlir::Value cond;                       ///< i1 for the next iteration (null: true)
  llvm::SmallVector<mlir::Value> carried; ///< the loop-carried values' next values
  llvm::SmallVector<mlir::Value> stacked; ///< one slice of each stacked output
};

/// Builds the body of one iteration at the insertion point from the
/// iteration number (i64), the incoming condition (i1) and the carried
/// values; may be called more than once.
using BodyBuilder = std::function<mlir::FailureOr<IterationResult>(
    mlir::Value iter, mlir::Value cond, mlir::ValueRange carried)>;

struct LoopResult {
  llvm::SmallVector<mlir::Value> carried; ///< final values
  llvm::SmallVector<mlir::Value> stacked; ///< iterations x slice
};

/// A loop (scf.while) at the insertion point that runs while the iteration
/// number is below `tripCount` (i64; no bound if null) and the carried
/// condition holds (starting at `cond`; always true if null, and then the
/// body's is ignored). `prepend[k]` stacks output k in reverse order. A
/// loop-carried value whose size the body changes is carried with that
/// size dynamic (the body is built again). A loop that runs no iteration
/// gives stacked outputs of 0 slices whose other sizes are the slice's
/// static ones, else those in `declared[k]`, else 0.
mlir::FailureOr<LoopResult> buildLoop(NodeContext &nc, mlir::Value tripCount, mlir::Value cond,
                                      llvm::ArrayRef<mlir::Value> init,
                                      llvm::ArrayRef<bool> prepend, const BodyBuilder &body,
                                      llvm::ArrayRef<llvm::SmallVector<int64_t>> declared = {});

/// Slice `i` (an i64 scalar) of `v` along `axis`, without that axis.
mlir::Value sliceAt(NodeContext &nc, mlir::Value v, int64_t axis, mlir::Value i);

} // namespace kiln::onnx_frontend

#endif // KILN_FRONTENDS_ONNX_CONTROLFLOW_H
