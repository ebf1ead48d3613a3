//===- CPUTarget.h - x86-64 code generation ----------------------*- C++ -*-===//
#ifndef KILN_COMPILER_TARGET_CPUTARGET_H
#define KILN_COMPILER_TARGET_CPUTARGET_H

#include "mlir/Support/LLVM.h"
#include "llvm/Target/TargetMachine.h"
#include <memory>
#include <string>

namespace llvm {
class Module;
class raw_pwrite_stream;
} // namespace llvm

namespace kiln {

struct CPUTargetOptions {
  /// CPU name ("znver4", "x86-64-v3", ...); empty or "native" = this host.
  std::string mcpu;
};

/// A TargetMachine for x86-64 Linux, position-independent, -O3.
std::unique_ptr<llvm::TargetMachine>
createCPUTargetMachine(const CPUTargetOptions &options, std::string &error);

/// Runs LLVM's -O3 module pipeline for `tm`.
void optimizeModule(llvm::Module &module, llvm::TargetMachine &tm);

/// Writes `module` as an ELF object.
mlir::LogicalResult emitObject(llvm::Module &module, llvm::TargetMachine &tm,
                               llvm::raw_pwrite_stream &os, std::string &error);

} // namespace kiln

#endif // KILN_COMPILER_TARGET_CPUTARGET_H
