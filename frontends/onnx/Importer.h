//===- Importer.h - ONNX to nn importer ---------------------------*- C++ -*-===//
//
// Reads an ONNX model (.onnx, with external-data weights) and builds a
// module with one `func.func @model` of nn ops. Every failure is a single
// line naming the node, op type, opset and what is missing.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_FRONTENDS_ONNX_IMPORTER_H
#define KILN_FRONTENDS_ONNX_IMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringMap.h"
#include <string>
#include <vector>

namespace kiln::onnx_frontend {

struct ImportOptions {
  /// Shapes that replace the model's own for the named graph inputs
  /// (`kilnc --shape x=8x784`); must agree with the model's static dims.
  llvm::StringMap<std::vector<int64_t>> inputShapes;
  /// Make every dimension of every graph input dynamic (before
  /// inputShapes applies); how the suite is run in forced-dynamic mode.
  /// The length of a 1-D integer input that a node reads as a shape
  /// (Reshape's and Expand's shape, Slice's starts...) stays static: it
  /// fixes a result's rank. Its values are still read at run time.
  bool forceDynamicInputs = false;
  /// Initializers of at least this many bytes reference the model's bytes
  /// (dense_resource) instead of being copied into a dense attribute.
  size_t resourceThresholdBytes = 1024;
};

/// Imports the model at `path`. On failure returns null and sets `error`
/// to a one-line message ("<path>: node 'n' (Op, opset 17): ...").
mlir::OwningOpRef<mlir::ModuleOp> importModelFile(mlir::MLIRContext &ctx,
                                                  llvm::StringRef path,
                                                  const ImportOptions &options,
                                                  std::string &error);

/// Imports a serialized ModelProto held in memory. `path` names the model
/// in messages and locations, and its directory is where external data is
/// looked for. importModelFile reads the file and calls this.
mlir::OwningOpRef<mlir::ModuleOp> importModelBytes(mlir::MLIRContext &ctx,
                                                   llvm::StringRef bytes,
                                                   llvm::StringRef path,
                                                   const ImportOptions &options,
                                                   std::string &error);

/// One row of the supported-operator table (docs/ops.md is generated from
/// this).
struct OpSupportInfo {
  std::string opType;
  std::vector<int> versions; ///< supported ONNX since-versions
  std::string notes;
};
std::vector<OpSupportInfo> supportedOps();

/// Function attributes the importer writes and code generation reads.
constexpr const char *kInputNamesAttr = "kiln.input_names";
constexpr const char *kOutputNamesAttr = "kiln.output_names";
constexpr const char *kInputDTypesAttr = "kiln.input_dtypes";
constexpr const char *kOutputDTypesAttr = "kiln.output_dtypes";
/// Per input, per dimension: the model's name of a dynamic dimension or "".
constexpr const char *kInputDimParamsAttr = "kiln.input_dim_params";

} // namespace kiln::onnx_frontend

#endif // KILN_FRONTENDS_ONNX_IMPORTER_H
