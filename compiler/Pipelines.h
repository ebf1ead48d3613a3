//===- Pipelines.h - Kiln pass pipelines --------------------------*- C++ -*-===//
//
// The CPU pipeline in three stages, so `kilnc --emit=` can stop after any:
//   nn         -> linalg on tensors           (buildNNToLinalgPipeline)
//   linalg     -> bufferized, arena-planned   (buildBufferizePipeline)
//   memref     -> LLVM dialect                (buildLowerToLLVMPipeline)
//
// Two calling conventions leave the last two stages:
//   static     every input and output shape is known: outputs become
//              caller-allocated out-parameters, every intermediate lives in
//              the arena, memrefs are passed as bare pointers;
//   returning  some shape is only known at run time: the kernel returns its
//              outputs (allocated by kiln_rt_malloc), dynamically sized
//              intermediates are heap buffers freed by the deallocation
//              pipeline, memrefs are passed as full descriptors.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_PIPELINES_H
#define KILN_COMPILER_PIPELINES_H

namespace mlir {
class OpPassManager;
} // namespace mlir

namespace kiln {

struct PipelineOptions {
  /// The returning convention (see above) instead of the static one.
  bool returnOutputs = false;
};

void buildNNToLinalgPipeline(mlir::OpPassManager &pm);
void buildBufferizePipeline(mlir::OpPassManager &pm,
                            const PipelineOptions &options = {});
void buildLowerToLLVMPipeline(mlir::OpPassManager &pm,
                              const PipelineOptions &options = {});

/// All three stages (registered as `kiln-cpu-pipeline`).
void buildCPUPipeline(mlir::OpPassManager &pm,
                      const PipelineOptions &options = {});

/// Registers `kiln-cpu-pipeline` and the stage pipelines with the pass
/// registry (for kiln-opt); each takes `return-outputs=true|false`.
void registerPipelines();

} // namespace kiln

#endif // KILN_COMPILER_PIPELINES_H
