//===- ModelABI.h - the boundary between generated code and runtime -*- C++ -*-===//
//
// A compiled model exports `<prefix>_desc` (a kiln_model_desc, see
// runtime/include/kiln/kiln.h) and `<prefix>_run`, which forwards to the
// runtime's validating kiln_model_run. The kernel itself stays internal.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_TARGET_MODELABI_H
#define KILN_COMPILER_TARGET_MODELABI_H

#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <string>
#include <vector>

namespace llvm {
class Function;
class Module;
} // namespace llvm

namespace kiln {

struct TensorSignature {
  std::string name;
  int64_t dtype = 0; ///< kiln_dtype (== ONNX TensorProto data type)
  std::vector<int64_t> shape; ///< -1 for dynamic
  /// Per dimension: the model's name of a dynamic dimension, or "".
  std::vector<std::string> dimParams;
};

struct ModelSignature {
  std::string prefix; ///< C identifier prefixed to every exported symbol
  std::string source; ///< the model file, for comments
  std::vector<TensorSignature> inputs, outputs;
  int64_t scratchSize = 0;
  /// The kernel returns its outputs as memref descriptors and takes its
  /// inputs as descriptors (dynamic shapes); otherwise it takes bare
  /// pointers to inputs and caller-allocated outputs.
  bool returnsOutputs = false;
};

struct ABIOptions {
  /// Export `kiln_model_descriptor()` (shared libraries, for kiln-run).
  bool exportDescriptorGetter = false;
  /// Add `int main(argc, argv)` calling kiln_exe_main (executables).
  bool addMain = false;
};

/// Adds the descriptor, the invoke trampoline and the run entry point to
/// `module`. `kernel` takes the input then output data pointers, then the
/// scratch pointer (static convention), or the inputs' and the scratch's
/// memref descriptors, returning the outputs' (sig.returnsOutputs); it is
/// made internal. Fails with `error` if the kernel's type does not match.
bool emitModelABI(llvm::Module &module, llvm::Function *kernel,
                  const ModelSignature &sig, const ABIOptions &options,
                  std::string &error);

/// The C header declaring the model's entry point and describing its
/// tensors.
std::string generateHeader(const ModelSignature &sig);

/// "float32", "int64", ... for a kiln_dtype.
llvm::StringRef dtypeName(int64_t dtype);

/// True if `s` is a valid C identifier.
bool isCIdentifier(llvm::StringRef s);

} // namespace kiln

#endif // KILN_COMPILER_TARGET_MODELABI_H
