//===- Passes.h - Kiln conversion passes --------------------------*- C++ -*-===//
#ifndef KILN_PASSES_CONVERSION_PASSES_H
#define KILN_PASSES_CONVERSION_PASSES_H

#include "mlir/Pass/Pass.h"

namespace kiln {

#define GEN_PASS_DECL
#include "passes/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/Conversion/Passes.h.inc"

} // namespace kiln

#endif // KILN_PASSES_CONVERSION_PASSES_H
