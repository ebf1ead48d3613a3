//===- ImporterImpl.h - importer internals ------------------------*- C++ -*-===//
//
// Shared between Importer.cpp (model, graph, tensors) and OpHandlers.cpp
// (one handler per ONNX op, keyed by op type and since-version).
//
//===----------------------------------------------------------------------===//
#ifndef KILN_FRONTENDS_ONNX_IMPORTERIMPL_H
#define KILN_FRONTENDS_ONNX_IMPORTERIMPL_H

#include "frontends/onnx/Importer.h"
#include "frontends/onnx/SymbolicShapes.h"
#include "dialects/NN/IR/ReductionShapes.h"
#include "dialects/NN/IR/ShapeFunctions.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/StringMap.h"

#include <onnx/onnx_pb.h>

#include <functional>
#include <memory>
#include <optional>

namespace kiln::nn {
class StandardizeOp;
} // namespace kiln::nn

namespace kiln::onnx_frontend {

/// Maps an ONNX TensorProto data type to an MLIR element type (null if
/// unsupported).
mlir::Type elementTypeFor(mlir::MLIRContext *ctx, int dataType);

/// The ONNX data type of an MLIR element type (signless integers are
/// signed); 0 if there is none.
int dataTypeFor(mlir::Type type);

/// Name of an ONNX data type ("FLOAT", "INT64", ...).
std::string dataTypeName(int dataType);

/// An ONNX sequence. Sequences are unrolled at compile time: a sequence is
/// the list of its tensors, or (`source` set) the parts of `source` split
/// into size-1 slices along `axis` when that dimension, and so the
/// length, is known only at run time (SequenceHandlers.cpp).
struct SequenceValue {
  mlir::Type elementType; ///< the element type of every tensor in it
  llvm::SmallVector<mlir::Value> elements;
  mlir::Value source;
  int64_t axis = 0;
  bool keepDims = true;
};

/// What a handler sees of the node it imports.
class NodeContext {
public:
  NodeContext(const onnx::NodeProto &node, int64_t opset, int version,
              mlir::OpBuilder &builder, mlir::Location loc,
              llvm::StringRef modelDir, llvm::StringMap<mlir::Value> &values,
              llvm::StringMap<SequenceValue> &sequences, SymbolicShapes &shapes,
              std::string &error)
      : node(node), opset(opset), version(version), b(builder), loc(loc),
        modelDir(modelDir), shapes(shapes), values(values),
        sequences(sequences), error(error) {}

  const onnx::NodeProto &node;
  const int64_t opset;
  const int version; ///< ONNX since-version in effect at `opset`
  mlir::OpBuilder &b;
  const mlir::Location loc;
  /// Directory that external data paths are relative to.
  const llvm::StringRef modelDir;
  /// What is known about run-time sizes and small shape vectors.
  SymbolicShapes &shapes;

  /// Records a failure message naming the node; always returns failure.
  mlir::LogicalResult fail(const llvm::Twine &message);

  int numInputs() const { return node.input_size(); }
  bool hasInput(int i) const {
    return i < node.input_size() && !node.input(i).empty();
  }
  /// The value of input `i` (null and a recorded error if missing).
  mlir::Value input(int i);
  /// Input `i` if present, else null (no error).
  mlir::Value optionalInput(int i);
  /// Integer contents of input `i` if it is a constant.
  std::optional<llvm::SmallVector<int64_t>> constantInts(int i);
  /// Input `i` if present and produced, else null (never an error).
  mlir::Value peekInput(int i) const;
  /// The value recorded for output `i` (null if none yet).
  mlir::Value output(int i) const;

  void setOutput(int i, mlir::Value v);
  /// Values set for outputs the node leaves unnamed: nothing reads them,
  /// but the importer still checks their types.
  llvm::SmallVector<mlir::Value> unnamedOutputs;

  /// The sequence input `i` (null and a recorded error if it is missing
  /// or a tensor). Defined in SequenceHandlers.cpp.
  const SequenceValue *sequenceInput(int i);
  void setSequenceOutput(int i, SequenceValue s);

  const onnx::AttributeProto *attr(llvm::StringRef name) const;
  /// The attribute if given with `type`; one of another type is null and
  /// records an error that fails the node (see attrError).
  const onnx::AttributeProto *attr(llvm::StringRef name,
                                   onnx::AttributeProto::AttributeType type) const;
  /// getInt/getFloat/getString/getInts check the attribute's type as above.
  int64_t getInt(llvm::StringRef name, int64_t dflt) const;
  float getFloat(llvm::StringRef name, float dflt) const;
  std::string getString(llvm::StringRef name, llvm::StringRef dflt) const;
  std::optional<llvm::SmallVector<int64_t>> getInts(llvm::StringRef name) const;

  /// Builds `OpTy` with a result type given by a shape function; records
  /// the shape function's message on failure.
  mlir::RankedTensorType tensorType(mlir::Value v) const {
    return mlir::cast<mlir::RankedTensorType>(v.getType());
  }

  /// Set when an attribute has the wrong type; the importer reports it
  /// for the node whatever the handler returns.
  mutable std::string attrError;

  /// Imports `graph` (a graph attribute of this node: If's branches, the
  /// body of Loop or Scan, named `what` in messages) at the builder's
  /// insertion point with its inputs bound to `inputs`. Its nodes see the
  /// enclosing graphs' values; its own names are forgotten afterwards, so
  /// a body may be imported more than once. Returns its outputs.
  std::function<mlir::FailureOr<llvm::SmallVector<mlir::Value>>(
      const onnx::GraphProto &graph, llvm::StringRef what, mlir::ValueRange inputs)>
      importSubgraph;
  /// Takes an op built and then given up (a loop imported again with more
  /// general types): it is unlinked now and erased when the import ends,
  /// so nothing recorded about its values can be mistaken for a new one's.
  std::function<void(mlir::Operation *)> discard;

private:
  llvm::StringMap<mlir::Value> &values;
  llvm::StringMap<SequenceValue> &sequences;
  std::string &error;
};

/// Helpers every handler family uses (defined in Importer.cpp).

/// A shape function's answer as the result type, or null after recording
/// its error on the node.
mlir::RankedTensorType resultType(NodeContext &nc,
                                  mlir::FailureOr<nn::Shape> shape,
                                  const std::string &err, mlir::Type elementType);

/// `t` as MLIR prints it ("f32", "tensor<2xi64>").
std::string typeName(mlir::Type t);

/// Fails (recording why) unless input `i`, `v`, has a float element type.
mlir::LogicalResult requireFloat(NodeContext &nc, mlir::Value v, int i);

/// `v` reshaped to `shape` (folded when constant; `v` itself if unchanged).
/// With two or more dynamic dimensions in `shape`, which nn.reshape cannot
/// express, the result is an nn.dynamic_reshape to a shape read from `v` at
/// run time: result dimension `j` is `v`'s dimension `sources[j]` (-1: the
/// static `shape[j]`). Without `sources`, `shape` must keep `v`'s
/// dimensions other than static 1s in order.
mlir::Value reshapeTo(NodeContext &nc, mlir::Value v, llvm::ArrayRef<int64_t> shape,
                      llvm::ArrayRef<int64_t> sources = {});

/// One entry of a run-time shape vector: the constant `value`, or (when
/// `of` is set) dimension `dim` of `of`, times `mul`, divided by `div`.
struct DimSource {
  int64_t value = 0;
  mlir::Value of;
  int64_t dim = 0;
  int64_t mul = 1, div = 1;
};

/// A 1-D i64 tensor holding `entries`: constants, and nn.shape slices of
/// the tensors whose dimensions they read, joined by nn.concat.
mlir::Value buildShapeVector(NodeContext &nc, llvm::ArrayRef<DimSource> entries);

/// Handlers that synthesize a constant element by element (EyeLike, the
/// causal mask of Attention) do so only up to this many elements; larger
/// ones are computed at run time, so a model's declared shapes cannot make
/// the import itself slow or huge.
constexpr int64_t kMaxSynthesizedElements = 4096;

/// A rank-0 constant of element type `et` holding `v` (OpHandlers.cpp).
/// For an integer `et`, `v` saturates to int64's range (exact up to 2^53).
mlir::Value scalarConstant(NodeContext &nc, mlir::Type et, double v);

/// A rank-0 constant of integer type `et` holding `v` exactly, truncated to
/// the width of `et` (OpHandlers.cpp).
mlir::Value intConstant(NodeContext &nc, mlir::Type et, int64_t v);

/// `v` converted to element type `et` (`v` itself if it has it already).
mlir::Value castTo(NodeContext &nc, mlir::Value v, mlir::Type et);

/// The nn.reduce of `x` over normalized `axes` (ReductionHandlers.cpp);
/// null (and a recorded error) if `kind` is not defined on the element type.
mlir::Value buildReduce(NodeContext &nc, mlir::Value x, nn::ReduceKind kind,
                        llvm::ArrayRef<int64_t> axes, bool keepdims);

/// The nn.conv of `x` by `w` (plus the optional `bias`) with the node's
/// Conv attributes (auto_pad resolved); null and a recorded error if they
/// are malformed or the shapes do not agree (OpHandlers.cpp).
mlir::Value buildConv(NodeContext &nc, mlir::Value x, mlir::Value w, mlir::Value bias);

/// Fails (recording which input differs) unless `values` share one element
/// type (ReductionHandlers.cpp).
mlir::LogicalResult requireSameElementType(NodeContext &nc, mlir::ValueRange values);

/// nn.standardize of `x` over normalized `axes`, keepdims statistics
/// (ReductionHandlers.cpp).
nn::StandardizeOp standardize(NodeContext &nc, mlir::Value x, llvm::ArrayRef<int64_t> axes,
                              float epsilon);

/// `c ? x : y` with numpy broadcasting of all three (OpHandlers.cpp); null
/// (and a recorded error) if they do not broadcast.
mlir::Value buildWhere(NodeContext &nc, mlir::Value c, mlir::Value x, mlir::Value y);

/// `v` with the static sizes of `expected` (kDynamic: any) where its own
/// are dynamic: a tensor.cast after a run-time check of each such size
/// (a failed check stops the run naming the node and `what`).
mlir::Value pinShape(NodeContext &nc, mlir::Value v, llvm::StringRef what,
                     llvm::ArrayRef<int64_t> expected);

/// Stops the run (naming the node, then `message`) unless `cond` (an i1,
/// or a rank-0 i1 tensor) holds: a cf.assert that kiln-lower-checks turns
/// into KILN_ERR_SHAPE.
void checkAtRunTime(NodeContext &nc, mlir::Value cond, const llvm::Twine &message);

/// Input `i` (`what` in messages) as a rank-0 tensor when it is a scalar or
/// a one-element 1-D tensor (a length known only at run time is checked
/// then) whose element type `allowed` accepts; else an error saying it
/// must be `expected` ("an int64 scalar"). Null when the input is absent.
mlir::FailureOr<mlir::Value> scalarOperand(NodeContext &nc, int i, llvm::StringRef what,
                                           llvm::function_ref<bool(mlir::Type)> allowed,
                                           llvm::StringRef expected);

/// checkAtRunTime that the rank-0 i64 tensors `x` and `y` are equal.
void checkSameAtRunTime(NodeContext &nc, mlir::Value x, mlir::Value y,
                        const llvm::Twine &message);

/// Dimension `d` of `v` as a rank-0 i64 tensor: a constant when static,
/// else read with nn.shape (Importer.cpp).
mlir::Value dimScalar(NodeContext &nc, mlir::Value v, int64_t d);

/// Builds a broadcasting binary op `OpTy`; `resultElement` defaults to the
/// operands' element type (comparisons give i1). Null (and a recorded
/// error) if the operands do not broadcast or differ in element type.
template <typename OpTy>
mlir::Value buildBinary(NodeContext &nc, mlir::Value l, mlir::Value r,
                        mlir::Type resultElement = {}) {
  mlir::Type et = nc.tensorType(l).getElementType();
  if (et != nc.tensorType(r).getElementType()) {
    (void)nc.fail("operands have different element types");
    return {};
  }
  std::string err;
  auto t = resultType(nc, nn::inferBroadcastShape(nc.tensorType(l).getShape(),
                                                  nc.tensorType(r).getShape(), err),
                      err, resultElement ? resultElement : et);
  if (!t)
    return {};
  return nc.b.createOrFold<OpTy>(nc.loc, t, l, r);
}

using OpHandler = std::function<mlir::LogicalResult(NodeContext &)>;

struct OpEntry {
  const char *opType;
  /// Every ONNX since-version of this op (to find the one in effect).
  std::vector<int> allVersions;
  /// The since-versions whose semantics the handler implements.
  std::vector<int> supported;
  /// Attributes the handler understands; any other is an error.
  std::vector<const char *> attributes;
  const char *notes;
  OpHandler handler;
};

/// The op table (OpHandlers.cpp), assembled from the families below.
const std::vector<OpEntry> &opTable();
void addDataMovementOps(std::vector<OpEntry> &table);
void addReductionOps(std::vector<OpEntry> &table);
void addRecurrentOps(std::vector<OpEntry> &table);
void addLossOps(std::vector<OpEntry> &table);
void addAttentionOps(std::vector<OpEntry> &table);
void addSequenceOps(std::vector<OpEntry> &table);
void addResizeOps(std::vector<OpEntry> &table);
void addIndexOps(std::vector<OpEntry> &table);
void addScatterOps(std::vector<OpEntry> &table);
void addNormOps(std::vector<OpEntry> &table);
void addEinsumOps(std::vector<OpEntry> &table);
void addQuantOps(std::vector<OpEntry> &table);
void addGridOps(std::vector<OpEntry> &table);
void addCropOps(std::vector<OpEntry> &table);
void addSortOps(std::vector<OpEntry> &table);
void addSpectralOps(std::vector<OpEntry> &table);
void addDetectionOps(std::vector<OpEntry> &table);
void addTextOps(std::vector<OpEntry> &table);
void addControlFlowOps(std::vector<OpEntry> &table);

/// Softmax 1 and 11 (ReductionHandlers.cpp): coerces the input to 2-D
/// around `axis` (default 1), a softmax over the second dimension, and a
/// reshape back.
mlir::LogicalResult importLegacySoftmax(NodeContext &nc);

/// Creates an nn.constant from an ONNX tensor; `baseDir` resolves external
/// data. Large raw_data is referenced in place and `owner` (the parsed
/// model) is kept alive by the attribute. Fails with a message in `error`.
mlir::FailureOr<mlir::Value> importTensor(mlir::OpBuilder &b, mlir::Location loc,
                                          const onnx::TensorProto &tensor,
                                          llvm::StringRef baseDir,
                                          size_t resourceThreshold,
                                          std::shared_ptr<const void> owner,
                                          std::string &error);

//===----------------------------------------------------------------------===//
// Axes read at run time (DataMovementHandlers.cpp)
//===----------------------------------------------------------------------===//

/// A computed axes operand (Reduce*, Squeeze, Unsqueeze): its length is
/// static, its values are known only at run time.
struct RuntimeAxes {
  mlir::Value mask;  ///< tensor<rank x i1>: dimension d is one of the axes
  mlir::Value valid; ///< tensor<i1>: every axis in [-rank, rank), none repeated
  mlir::Value hits;  ///< tensor<count x rank x i1>: axis i is dimension d
  int64_t count = 0; ///< the number of axes (the operand's static length)
};

/// Reads the 1-D int32/int64 tensor `axes` (static length) against `rank`;
/// fails (recording why) when it is not such a tensor or has more entries
/// than `rank` (k distinct axes need k <= rank).
mlir::FailureOr<RuntimeAxes> runtimeAxes(NodeContext &nc, mlir::Value axes,
                                         int64_t rank);

/// `shape` (a 1-D i64 shape vector) where `valid` holds, else all -2: an
/// nn.dynamic_reshape to it then fails at run time (KILN_ERR_SHAPE naming
/// the node), which reports invalid run-time axes.
mlir::Value shapeUnlessInvalid(NodeContext &nc, mlir::Value shape, mlir::Value valid);

/// The `m` entries of `values` (1-D i64, length n) where `keep` (1-D i1,
/// length n) holds, in order; `keep` must hold exactly `m` times.
mlir::Value compressEntries(NodeContext &nc, mlir::Value values, mlir::Value keep,
                            int64_t m);

/// The total of constant split `sizes` (Split, SplitToSequence); fails,
/// recording why, on a negative entry or a total int64 cannot hold
/// (DataMovementHandlers.cpp).
mlir::FailureOr<int64_t> splitTotal(NodeContext &nc, llvm::ArrayRef<int64_t> sizes);

/// An i64 nn.constant of `shape` holding `values`.
mlir::Value i64Tensor(NodeContext &nc, llvm::ArrayRef<int64_t> shape,
                      llvm::ArrayRef<int64_t> values);

/// `x` padded along each dimension d whose `begins[d]` and `ends[d]` (rank-0
/// i64 tensors; null: leave d alone) are set, by those amounts, known only
/// at run time (negative amounts crop), as ONNX Pad with run-time pads does
/// (DataMovementHandlers.cpp): `mode` is Pad's, `value` (rank 0, x's
/// element type) fills in constant mode; `step` (null: 1) is the index
/// step, 0 to make the run fail. Null (and a recorded error) on failure.
mlir::Value padDimsAtRunTime(NodeContext &nc, mlir::Value x, llvm::ArrayRef<mlir::Value> begins,
                             llvm::ArrayRef<mlir::Value> ends, mlir::Value step,
                             mlir::Value value, llvm::StringRef mode);

/// Entry `i` of the 1-D tensor `v` as a rank-0 tensor.
mlir::Value vectorEntry(NodeContext &nc, mlir::Value v, int64_t i);

} // namespace kiln::onnx_frontend

#endif // KILN_FRONTENDS_ONNX_IMPORTERIMPL_H
