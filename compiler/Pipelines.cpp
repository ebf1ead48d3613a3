//===- Pipelines.cpp - Kiln pass pipelines --------------------------------===//

#include "compiler/Pipelines.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

/// Stages are written in the textual pipeline syntax: they read like the
/// kiln-opt command lines used in the lit tests and stay stable across
/// upstream C++ API changes.
static void addTextual(OpPassManager &pm, const std::string &pipeline) {
  if (failed(parsePassPipeline(pipeline, pm, llvm::errs())))
    llvm::report_fatal_error("kiln: invalid built-in pipeline");
}

void kiln::buildNNToLinalgPipeline(OpPassManager &pm) {
  addTextual(pm, "kiln-lower-unsigned,kiln-convert-nn-to-linalg,canonicalize,cse");
}

void kiln::buildBufferizePipeline(OpPassManager &pm,
                                  const PipelineOptions &options) {
  std::string p =
      "linalg-fuse-elementwise-ops,"
      "one-shot-bufferize{bufferize-function-boundaries allow-return-allocs-from-loops "
      "function-boundary-type-conversion=identity-layout-map},"
      "canonicalize,func.func(kiln-distinct-results),";
  if (!options.returnOutputs)
    p += "buffer-results-to-out-params{hoist-static-allocs=true "
         "modify-public-functions=true},canonicalize,cse,";
  // The arena takes every static intermediate; what is left (dynamic
  // sizes, returned outputs) gets ownership-based deallocation. clones
  // become alloc + copy, and copies become linalg so no runtime library
  // routine is needed.
  p += "func.func(kiln-plan-memory),"
       "buffer-deallocation-pipeline,"
       "convert-bufferization-to-memref,"
       "func.func(kiln-copy-to-linalg),canonicalize,cse";
  addTextual(pm, p);
}

void kiln::buildLowerToLLVMPipeline(OpPassManager &pm,
                                    const PipelineOptions &options) {
  std::string bare = options.returnOutputs ? "false" : "true";
  addTextual(pm,
             "func.func(convert-linalg-to-loops),kiln-expand-bf16,"
             "lower-affine,convert-scf-to-cf,kiln-lower-checks,"
             "expand-strided-metadata,"
             "lower-affine,finalize-memref-to-llvm,"
             "func.func(convert-math-to-llvm),convert-math-to-libm,"
             "convert-arith-to-llvm,"
             "convert-func-to-llvm{use-bare-ptr-memref-call-conv=" + bare + "},"
             "convert-cf-to-llvm,convert-ub-to-llvm,reconcile-unrealized-casts");
}

void kiln::buildCPUPipeline(OpPassManager &pm, const PipelineOptions &options) {
  buildNNToLinalgPipeline(pm);
  buildBufferizePipeline(pm, options);
  buildLowerToLLVMPipeline(pm, options);
}

namespace {
struct RegisteredOptions : PassPipelineOptions<RegisteredOptions> {
  Option<bool> returnOutputs{
      *this, "return-outputs",
      llvm::cl::desc("Use the returning convention (dynamic shapes): outputs "
                     "are returned, not out-parameters"),
      llvm::cl::init(false)};
  kiln::PipelineOptions get() const { return {returnOutputs}; }
};
} // namespace

void kiln::registerPipelines() {
  PassPipelineRegistration<RegisteredOptions>(
      "kiln-cpu-pipeline", "Lower nn to the LLVM dialect for the CPU target",
      [](OpPassManager &pm, const RegisteredOptions &o) {
        buildCPUPipeline(pm, o.get());
      });
  PassPipelineRegistration<RegisteredOptions>(
      "kiln-bufferize-pipeline",
      "Bufferize linalg-on-tensors into a planned arena",
      [](OpPassManager &pm, const RegisteredOptions &o) {
        buildBufferizePipeline(pm, o.get());
      });
  PassPipelineRegistration<RegisteredOptions>(
      "kiln-lower-to-llvm-pipeline",
      "Lower bufferized linalg to the LLVM dialect",
      [](OpPassManager &pm, const RegisteredOptions &o) {
        buildLowerToLLVMPipeline(pm, o.get());
      });
}
