//===- SymbolicShapes.h - what the importer knows about run-time sizes -*- C++ -*-===//
//
// With dynamic dimensions the exporters' shape arithmetic (Shape -> Gather
// -> Unsqueeze -> Concat -> Reshape, Expand, ConstantOfShape, Range) no
// longer folds to constants. The importer then evaluates it partially:
// every size it reasons about is a SymExpr, a constant times a product of
// symbols, where a symbol stands for one unknown run-time value (a dynamic
// dimension, or the result of arithmetic it cannot simplify). It records
//
//  - the dimensions of tensor values (static ones are constants; dynamic
//    ones get a symbol, shared where the importer can prove two dimensions
//    equal: the same graph input dim_param, an elementwise op's operand,
//    a Range over a dimension...), and
//  - the elements of small integer tensors of rank 0 or 1 (shape vectors).
//
// Handlers use this to give Reshape, Expand, ConstantOfShape, Range and
// Slice results their static dimensions, and a vector whose elements are
// all constants becomes an nn.constant, so the static ops and folders work
// as before. The run-time values still flow through ordinary nn ops.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_FRONTENDS_ONNX_SYMBOLICSHAPES_H
#define KILN_FRONTENDS_ONNX_SYMBOLICSHAPES_H

#include "mlir/IR/Value.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"

#include <optional>
#include <string>

namespace kiln::onnx_frontend {

class NodeContext;

/// `coeff` times the product of `syms` (sorted; a symbol may repeat). With
/// no symbols it is the constant `coeff`.
struct SymExpr {
  int64_t coeff = 0;
  llvm::SmallVector<uint32_t, 2> syms;

  static SymExpr constant(int64_t c) { return {c, {}}; }
  static SymExpr symbol(uint32_t s) { return {1, {s}}; }
  bool isConstant() const { return syms.empty(); }
  std::optional<int64_t> value() const {
    return syms.empty() ? std::optional<int64_t>(coeff) : std::nullopt;
  }
  bool operator==(const SymExpr &o) const { return coeff == o.coeff && syms == o.syms; }
  bool operator!=(const SymExpr &o) const { return !(*this == o); }
};

using SymVector = llvm::SmallVector<SymExpr, 4>;

/// Integer tensors of rank 0 or 1 with at most this many elements are
/// tracked element by element.
constexpr int64_t kMaxTrackedElements = 64;

class SymbolicShapes {
public:
  /// A new symbol; `nonNegative` when it stands for a size.
  SymExpr fresh(bool nonNegative);
  /// The symbol of a graph input's named dimension (dim_param).
  SymExpr named(llvm::StringRef name);
  /// True when `e` is known to be >= 0 at run time.
  bool isNonNegative(const SymExpr &e) const;

  SymExpr mul(const SymExpr &a, const SymExpr &b);
  SymExpr add(const SymExpr &a, const SymExpr &b);
  SymExpr sub(const SymExpr &a, const SymExpr &b);
  /// ONNX integer division (truncating).
  SymExpr div(const SymExpr &a, const SymExpr &b);
  /// `a / b` when `b` divides `a` exactly as an expression.
  std::optional<SymExpr> divExact(const SymExpr &a, const SymExpr &b) const;
  SymExpr product(llvm::ArrayRef<SymExpr> es);
  /// An unknown value computed by `op` from `args`: the same symbol for the
  /// same computation.
  SymExpr opaque(llvm::StringRef op, llvm::ArrayRef<SymExpr> args, bool nonNegative);

  /// The dimensions of a ranked tensor value (fresh symbols for dynamic
  /// dimensions seen for the first time).
  SymVector dims(mlir::Value v);
  /// Records `dims` for `v` unless `v` already has a record (static
  /// dimensions always come from the type).
  void setDims(mlir::Value v, llvm::ArrayRef<SymExpr> dims, bool overwrite = true);

  /// True for values whose elements are tracked: integer (or bool) tensors
  /// of rank 0 or 1 with a static, small number of elements.
  static bool isTracked(mlir::Value v);
  /// The elements of a tracked value: recorded ones, or a constant's.
  std::optional<SymVector> elements(mlir::Value v);
  /// As elements(), with fresh symbols for a tracked value nothing is known
  /// about (still null for untracked values).
  std::optional<SymVector> elementsOrFresh(mlir::Value v);
  void setElements(mlir::Value v, llvm::ArrayRef<SymExpr> elements);
  /// The constant elements of `v` when all are known.
  std::optional<llvm::SmallVector<int64_t>> constantElements(mlir::Value v);

  /// Static dimensions for constants, dynamic for the others.
  static llvm::SmallVector<int64_t> staticShape(llvm::ArrayRef<SymExpr> dims);

private:
  llvm::SmallVector<bool> nonNegative_; ///< per symbol
  llvm::StringMap<uint32_t> named_;
  llvm::StringMap<SymExpr> opaque_;
  llvm::DenseMap<mlir::Value, SymVector> dims_;
  llvm::DenseMap<mlir::Value, SymVector> elements_;
};

/// Records what is known about the outputs of the node `nc` just imported:
/// the dimensions of its results and the elements of its small integer
/// results. Handlers may have recorded more precise facts already; those
/// are kept.
void propagateSymbolicShapes(NodeContext &nc);

} // namespace kiln::onnx_frontend

#endif // KILN_FRONTENDS_ONNX_SYMBOLICSHAPES_H
