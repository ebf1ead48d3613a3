//===- Pipelines.cpp - Kiln pass pipelines --------------------------------===//

#include "compiler/Pipelines.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

/// Stages are written in the textual pipeline syntax: they read like the
/// kiln-opt command lines used in the lit tests and stay stable across
/// upstream C++ API changes.
static void addTextual(OpPassManager &pm, llvm::StringRef pipeline) {
  if (failed(parsePassPipeline(pipeline, pm, llvm::errs())))
    llvm::report_fatal_error("kiln: invalid built-in pipeline");
}

void kiln::buildNNToLinalgPipeline(OpPassManager &pm) {
  addTextual(pm, "kiln-convert-nn-to-linalg,canonicalize,cse");
}

void kiln::buildBufferizePipeline(OpPassManager &pm) {
  addTextual(pm,
             "linalg-fuse-elementwise-ops,"
             "one-shot-bufferize{bufferize-function-boundaries "
             "function-boundary-type-conversion=identity-layout-map},"
             "canonicalize,"
             "buffer-results-to-out-params{hoist-static-allocs=true modify-public-functions=true},"
             "canonicalize,cse,"
             "func.func(kiln-plan-memory,kiln-copy-to-linalg),canonicalize");
}

void kiln::buildLowerToLLVMPipeline(OpPassManager &pm) {
  addTextual(pm,
             "func.func(convert-linalg-to-loops),"
             "lower-affine,convert-scf-to-cf,expand-strided-metadata,"
             "lower-affine,finalize-memref-to-llvm,"
             "func.func(convert-math-to-llvm),convert-math-to-libm,"
             "convert-arith-to-llvm,"
             "convert-func-to-llvm{use-bare-ptr-memref-call-conv=true},"
             "convert-cf-to-llvm,convert-ub-to-llvm,reconcile-unrealized-casts");
}

void kiln::buildCPUPipeline(OpPassManager &pm) {
  buildNNToLinalgPipeline(pm);
  buildBufferizePipeline(pm);
  buildLowerToLLVMPipeline(pm);
}

void kiln::registerPipelines() {
  PassPipelineRegistration<>("kiln-cpu-pipeline",
                             "Lower nn to the LLVM dialect for the CPU target",
                             buildCPUPipeline);
  PassPipelineRegistration<>("kiln-bufferize-pipeline",
                             "Bufferize linalg-on-tensors into a planned arena",
                             buildBufferizePipeline);
  PassPipelineRegistration<>("kiln-lower-to-llvm-pipeline",
                             "Lower bufferized linalg to the LLVM dialect",
                             buildLowerToLLVMPipeline);
}
