//===- Pipelines.h - Kiln pass pipelines --------------------------*- C++ -*-===//
//
// The CPU pipeline in three stages, so `kilnc --emit=` can stop after any:
//   nn         -> linalg on tensors           (buildNNToLinalgPipeline)
//   linalg     -> bufferized, arena-planned   (buildBufferizePipeline)
//   memref     -> LLVM dialect                (buildLowerToLLVMPipeline)
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_PIPELINES_H
#define KILN_COMPILER_PIPELINES_H

namespace mlir {
class OpPassManager;
} // namespace mlir

namespace kiln {

void buildNNToLinalgPipeline(mlir::OpPassManager &pm);
void buildBufferizePipeline(mlir::OpPassManager &pm);
void buildLowerToLLVMPipeline(mlir::OpPassManager &pm);

/// All three stages (registered as `kiln-cpu-pipeline`).
void buildCPUPipeline(mlir::OpPassManager &pm);

/// Registers `kiln-cpu-pipeline` and the stage pipelines with the pass
/// registry (for kiln-opt).
void registerPipelines();

} // namespace kiln

#endif // KILN_COMPILER_PIPELINES_H
