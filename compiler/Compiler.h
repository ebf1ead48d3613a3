//===- Compiler.h - the compiler as a library ---------------------*- C++ -*-===//
#ifndef KILN_COMPILER_COMPILER_H
#define KILN_COMPILER_COMPILER_H

#include "llvm/ADT/StringMap.h"
#include <string>
#include <vector>

namespace kiln {

/// What to write. MLIR stages: after import (nn), after lowering to linalg
/// on tensors, after bufferization and memory planning, the LLVM dialect.
enum class EmitKind { NN, Linalg, Bufferized, LLVMDialect, LLVMIR, Object, Shared, Exe };

struct CompileOptions {
  std::string inputPath;
  std::string outputPath;  ///< "-" for stdout (text forms only)
  EmitKind emit = EmitKind::Object;
  std::string target = "cpu";
  std::string mcpu;        ///< empty or "native": the host CPU
  std::string prefix;      ///< symbol prefix; default from the output name
  llvm::StringMap<std::vector<int64_t>> shapes;
  /// Treat every input dimension as unknown (kilnc --force-dynamic).
  bool forceDynamic = false;
  /// When set, the error message goes here instead of to stderr.
  std::string *errorMessage = nullptr;
};

/// Compiles one model. Returns 0 on success; otherwise reports one line
/// ("kilnc: error: ..." on stderr, or the bare message in
/// `options.errorMessage`) and returns 1.
int compile(const CompileOptions &options);

/// docs/ops.md: the importer's op table as markdown.
std::string opTableMarkdown();

/// A valid C identifier derived from a file name ("my-model.onnx" ->
/// "my_model").
std::string defaultPrefix(llvm::StringRef path);

} // namespace kiln

#endif // KILN_COMPILER_COMPILER_H
