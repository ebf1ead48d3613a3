//===- Link.h - linking objects into libraries and executables ----*- C++ -*-===//
#ifndef KILN_COMPILER_TARGET_LINK_H
#define KILN_COMPILER_TARGET_LINK_H

#include "mlir/Support/LLVM.h"
#include <string>

namespace kiln {

/// Directory holding libkiln_rt.a: $KILN_RUNTIME_DIR, else the build's
/// lib/ next to the running tool's bin/, else the configured build path.
std::string runtimeLibraryDir();

/// Links `object` with libkiln_rt.a into a shared library or an executable
/// using the system C compiler driver ($KILN_CC, else cc).
mlir::LogicalResult linkOutput(llvm::StringRef object, llvm::StringRef output,
                               bool shared, std::string &error);

} // namespace kiln

#endif // KILN_COMPILER_TARGET_LINK_H
