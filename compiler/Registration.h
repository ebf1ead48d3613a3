//===- Registration.h - dialects, passes and translations ---------*- C++ -*-===//
#ifndef KILN_COMPILER_REGISTRATION_H
#define KILN_COMPILER_REGISTRATION_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace kiln {

/// Kiln's dialects plus every upstream dialect, interface model and
/// LLVM IR translation the pipelines use.
void registerAllDialects(mlir::DialectRegistry &registry);

/// Kiln's passes and pipelines plus all upstream passes (for kiln-opt).
void registerAllPasses();

} // namespace kiln

#endif // KILN_COMPILER_REGISTRATION_H
