//===- Importer.cpp - ONNX model and graph import -------------------------===//

#include "frontends/onnx/ImporterImpl.h"
#include "dialects/NN/IR/NNDialect.h"
#include "dialects/NN/IR/NNOps.h"
#include "dialects/NN/IR/ShapeFunctions.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

using namespace mlir;
namespace kiln::onnx_frontend {

//===----------------------------------------------------------------------===//
// Types and tensors
//===----------------------------------------------------------------------===//

Type elementTypeFor(MLIRContext *ctx, int dt) {
  using TP = onnx::TensorProto;
  Builder b(ctx);
  switch (dt) {
  case TP::FLOAT: return b.getF32Type();
  case TP::DOUBLE: return b.getF64Type();
  case TP::FLOAT16: return b.getF16Type();
  case TP::BFLOAT16: return b.getBF16Type();
  // Signless integers carry signed semantics (division, comparison);
  // unsigned ONNX types become unsigned integer types, which
  // kiln-lower-unsigned turns into signless ones before lowering.
  case TP::INT8: return b.getIntegerType(8);
  case TP::INT16: return b.getIntegerType(16);
  case TP::INT32: return b.getIntegerType(32);
  case TP::INT64: return b.getIntegerType(64);
  case TP::UINT8: return b.getIntegerType(8, /*isSigned=*/false);
  case TP::UINT16: return b.getIntegerType(16, /*isSigned=*/false);
  case TP::UINT32: return b.getIntegerType(32, /*isSigned=*/false);
  case TP::UINT64: return b.getIntegerType(64, /*isSigned=*/false);
  case TP::BOOL: return b.getI1Type();
  default: return {};
  }
}

int dataTypeFor(Type t) {
  using TP = onnx::TensorProto;
  if (t.isF32()) return TP::FLOAT;
  if (t.isF64()) return TP::DOUBLE;
  if (t.isF16()) return TP::FLOAT16;
  if (t.isBF16()) return TP::BFLOAT16;
  if (t.isInteger(1)) return TP::BOOL;
  if (t.isUnsignedInteger(8)) return TP::UINT8;
  if (t.isUnsignedInteger(16)) return TP::UINT16;
  if (t.isUnsignedInteger(32)) return TP::UINT32;
  if (t.isUnsignedInteger(64)) return TP::UINT64;
  if (t.isInteger(8)) return TP::INT8;
  if (t.isInteger(16)) return TP::INT16;
  if (t.isInteger(32)) return TP::INT32;
  if (t.isInteger(64)) return TP::INT64;
  return 0;
}

std::string dataTypeName(int dt) {
  if (onnx::TensorProto::DataType_IsValid(dt))
    return onnx::TensorProto::DataType_Name(
        static_cast<onnx::TensorProto::DataType>(dt));
  return "data type " + std::to_string(dt);
}

/// Whether a static dimension of `dims`, or their product, is larger than
/// Kiln handles (2^56 elements: sizes in bytes stay far inside 64 bits).
static bool tooManyElements(ArrayRef<int64_t> dims) {
  constexpr int64_t kMax = int64_t(1) << 56;
  int64_t n = 1;
  for (int64_t d : dims)
    if (!ShapedType::isDynamic(d) &&
        (d > kMax || llvm::MulOverflow(n, d, n) || n > kMax))
      return true;
  return false;
}

/// Bytes per element for fixed-size types (0 otherwise).
static size_t elementBytes(Type t) {
  if (t.isInteger(1))
    return 1;
  return t.isIntOrFloat() ? t.getIntOrFloatBitWidth() / 8 : 0;
}

/// Builds a DenseElementsAttr from the typed repeated fields.
static FailureOr<DenseElementsAttr> fromTypedFields(RankedTensorType type,
                                                    const onnx::TensorProto &t,
                                                    std::string &error) {
  using TP = onnx::TensorProto;
  int64_t n = type.getNumElements();
  auto count = [&](int64_t have, const char *field) -> LogicalResult {
    if (have == n)
      return success();
    error = "has " + std::to_string(have) + " values in " + field + ", expected " +
            std::to_string(n) + " for " + dataTypeName(t.data_type()) +
            nn::formatShape(type.getShape());
    return failure();
  };
  Type et = type.getElementType();
  switch (t.data_type()) {
  case TP::FLOAT:
    if (failed(count(t.float_data_size(), "float_data")))
      return failure();
    return DenseElementsAttr::get(type, ArrayRef<float>(t.float_data().data(), n));
  case TP::DOUBLE:
    if (failed(count(t.double_data_size(), "double_data")))
      return failure();
    return DenseElementsAttr::get(type, ArrayRef<double>(t.double_data().data(), n));
  case TP::INT64:
    if (failed(count(t.int64_data_size(), "int64_data")))
      return failure();
    return DenseElementsAttr::get(type, ArrayRef<int64_t>(t.int64_data().data(), n));
  case TP::UINT32: case TP::UINT64: {
    if (failed(count(t.uint64_data_size(), "uint64_data")))
      return failure();
    SmallVector<APInt> v;
    unsigned width = et.getIntOrFloatBitWidth();
    for (uint64_t x : t.uint64_data()) {
      if (!llvm::isUIntN(width, x)) {
        error = "holds " + std::to_string(x) + " in uint64_data, out of range for " +
                dataTypeName(t.data_type());
        return failure();
      }
      v.push_back(APInt(width, x));
    }
    return DenseElementsAttr::get(type, v);
  }
  case TP::INT32: case TP::INT16: case TP::INT8: case TP::BOOL:
  case TP::UINT16: case TP::UINT8: {
    if (failed(count(t.int32_data_size(), "int32_data")))
      return failure();
    if (et.isInteger(1)) {
      SmallVector<bool> v(t.int32_data().begin(), t.int32_data().end());
      return DenseElementsAttr::get(type, ArrayRef<bool>(v));
    }
    SmallVector<APInt> v;
    unsigned width = et.getIntOrFloatBitWidth();
    bool isUnsigned = et.isUnsignedInteger();
    for (int32_t x : t.int32_data()) {
      if (isUnsigned ? (x < 0 || !llvm::isUIntN(width, x)) : !llvm::isIntN(width, x)) {
        error = "holds " + std::to_string(x) + " in int32_data, out of range for " +
                dataTypeName(t.data_type());
        return failure();
      }
      v.push_back(APInt(width, static_cast<uint64_t>(x), /*isSigned=*/!isUnsigned));
    }
    return DenseElementsAttr::get(type, v);
  }
  default:
    error = "stores " + dataTypeName(t.data_type()) +
            " in typed fields, which Kiln does not read";
    return failure();
  }
}

/// Loads external data into an mmapped buffer.
static FailureOr<std::unique_ptr<llvm::MemoryBuffer>>
loadExternal(const onnx::TensorProto &t, StringRef baseDir, std::string &error) {
  std::string location;
  int64_t offset = 0, length = -1;
  for (const auto &kv : t.external_data()) {
    if (kv.key() == "location")
      location = kv.value();
    else if (kv.key() == "offset" || kv.key() == "length") {
      int64_t v;
      if (StringRef(kv.value()).getAsInteger(10, v) || v < 0) {
        error = "external_data " + kv.key() + " '" + kv.value() + "' is not a valid integer";
        return failure();
      }
      (kv.key() == "offset" ? offset : length) = v;
    }
  }
  if (location.empty()) {
    error = "external_data has no location";
    return failure();
  }
  if (llvm::sys::path::is_absolute(location) ||
      llvm::is_contained(llvm::make_range(llvm::sys::path::begin(location),
                                          llvm::sys::path::end(location)),
                         "..")) {
    error = "external data location '" + location +
            "' must be a relative path inside the model's directory";
    return failure();
  }
  SmallString<256> path(baseDir);
  llvm::sys::path::append(path, location);
  uint64_t fileSize = 0;
  if (llvm::sys::fs::file_size(path, fileSize)) {
    error = "external data file '" + std::string(path) + "' cannot be read";
    return failure();
  }
  if (static_cast<uint64_t>(offset) > fileSize ||
      (length >= 0 && static_cast<uint64_t>(length) > fileSize - offset)) {
    error = "external data range [" + std::to_string(offset) + ", +" +
            std::to_string(length) + ") lies outside '" + std::string(path) +
            "' (" + std::to_string(fileSize) + " bytes)";
    return failure();
  }
  if (length < 0)
    length = fileSize - offset;
  auto buf = llvm::MemoryBuffer::getFileSlice(path, length, offset);
  if (!buf) {
    error = "external data file '" + std::string(path) + "': " + buf.getError().message();
    return failure();
  }
  return std::move(*buf);
}

FailureOr<Value> importTensor(OpBuilder &b, Location loc,
                              const onnx::TensorProto &t, StringRef baseDir,
                              size_t resourceThreshold,
                              std::shared_ptr<const void> owner,
                              std::string &error) {
  std::string what = "tensor '" + t.name() + "' ";
  Type et = elementTypeFor(b.getContext(), t.data_type());
  if (!et) {
    error = what + "has unsupported element type " + dataTypeName(t.data_type());
    return failure();
  }
  SmallVector<int64_t> dims(t.dims().begin(), t.dims().end());
  for (int64_t d : dims)
    if (d < 0) {
      error = what + "has negative dimension " + std::to_string(d);
      return failure();
    }
  if (tooManyElements(dims)) {
    error = what + "shape " + nn::formatShape(dims) + " has too many elements";
    return failure();
  }
  auto type = RankedTensorType::get(dims, et);
  int64_t n = type.getNumElements();
  size_t eb = elementBytes(et);

  // Raw bytes: raw_data or external data.
  std::unique_ptr<llvm::MemoryBuffer> external;
  ArrayRef<char> raw;
  if (t.data_location() == onnx::TensorProto::EXTERNAL) {
    auto buf = loadExternal(t, baseDir, error);
    if (failed(buf)) {
      error = what + error;
      return failure();
    }
    external = std::move(*buf);
    raw = ArrayRef<char>(external->getBufferStart(), external->getBufferSize());
  } else if (t.has_raw_data()) {
    raw = ArrayRef<char>(t.raw_data().data(), t.raw_data().size());
  } else {
    auto attr = fromTypedFields(type, t, error);
    if (failed(attr)) {
      error = what + error;
      return failure();
    }
    return nn::ConstantOp::create(b, loc, *attr).getResult();
  }
  if (raw.size() != static_cast<size_t>(n) * eb) {
    error = what + "has " + std::to_string(raw.size()) + " bytes of data, expected " +
            std::to_string(n * eb) + " for " + dataTypeName(t.data_type()) +
            nn::formatShape(dims);
    return failure();
  }
  ElementsAttr attr;
  if (et.isInteger(1)) {
    SmallVector<bool> v;
    for (char c : raw)
      v.push_back(c != 0);
    attr = DenseElementsAttr::get(type, ArrayRef<bool>(v));
  } else if (raw.size() < resourceThreshold) {
    attr = DenseElementsAttr::getFromRawBuffer(type, raw);
  } else {
    // Reference the bytes in place: the blob keeps their owner alive.
    AsmResourceBlob blob;
    if (reinterpret_cast<uintptr_t>(raw.data()) % eb == 0) {
      std::shared_ptr<const void> keep =
          external ? std::shared_ptr<const void>(std::move(external)) : owner;
      blob = AsmResourceBlob(raw, eb,
                             [keep](void *, size_t, size_t) mutable { keep.reset(); },
                             /*dataIsMutable=*/false);
    } else {
      blob = HeapAsmResourceBlob::allocateAndCopyWithAlign(raw, eb);
    }
    std::string name = t.name().empty() ? "weight" : t.name();
    attr = DenseResourceElementsAttr::get(type, name, std::move(blob));
  }
  return nn::ConstantOp::create(b, loc, attr).getResult();
}

//===----------------------------------------------------------------------===//
// NodeContext
//===----------------------------------------------------------------------===//

LogicalResult NodeContext::fail(const llvm::Twine &message) {
  if (error.empty())
    error = "node '" + node.name() + "' (" + node.op_type() + ", opset " +
            std::to_string(opset) + "): " + message.str();
  return failure();
}

Value NodeContext::input(int i) {
  if (!hasInput(i)) {
    (void)fail("missing required input " + llvm::Twine(i));
    return {};
  }
  auto it = values.find(node.input(i));
  if (it == values.end() && sequences.count(node.input(i))) {
    (void)fail("input " + llvm::Twine(i) + " ('" + node.input(i) +
               "') is a sequence, but this operator takes a tensor there");
    return {};
  }
  if (it == values.end()) {
    (void)fail("input '" + node.input(i) +
               "' is not produced by an earlier node, an initializer or a "
               "graph input");
    return {};
  }
  return it->second;
}

Value NodeContext::optionalInput(int i) { return hasInput(i) ? input(i) : Value(); }

Value NodeContext::peekInput(int i) const {
  if (!hasInput(i))
    return {};
  auto it = values.find(node.input(i));
  return it == values.end() ? Value() : it->second;
}

Value NodeContext::output(int i) const {
  if (i >= node.output_size() || node.output(i).empty())
    return {};
  auto it = values.find(node.output(i));
  return it == values.end() ? Value() : it->second;
}

std::optional<SmallVector<int64_t>> NodeContext::constantInts(int i) {
  Value v = input(i);
  if (!v)
    return std::nullopt;
  auto cst = v.getDefiningOp<nn::ConstantOp>();
  if (!cst)
    return std::nullopt;
  auto dense = dyn_cast<DenseIntElementsAttr>(cst.getValue());
  if (!dense)
    return std::nullopt;
  SmallVector<int64_t> out;
  for (const APInt &x : dense.getValues<APInt>())
    out.push_back(x.getSExtValue());
  return out;
}

void NodeContext::setOutput(int i, Value v) {
  if (i < node.output_size() && !node.output(i).empty())
    values[node.output(i)] = v;
  else if (v)
    unnamedOutputs.push_back(v);
}

const onnx::AttributeProto *NodeContext::attr(StringRef name) const {
  for (const auto &a : node.attribute())
    if (a.name() == name)
      return &a;
  return nullptr;
}

const onnx::AttributeProto *
NodeContext::attr(StringRef name, onnx::AttributeProto::AttributeType type) const {
  const auto *a = attr(name);
  // UNDEFINED: a writer that left the type out; the field read decides.
  if (!a || a->type() == type || a->type() == onnx::AttributeProto::UNDEFINED)
    return a;
  if (attrError.empty())
    attrError = "attribute '" + name.str() + "' is " +
                onnx::AttributeProto::AttributeType_Name(a->type()) + ", expected " +
                onnx::AttributeProto::AttributeType_Name(type);
  return nullptr;
}

int64_t NodeContext::getInt(StringRef name, int64_t dflt) const {
  const auto *a = attr(name, onnx::AttributeProto::INT);
  return a ? a->i() : dflt;
}

float NodeContext::getFloat(StringRef name, float dflt) const {
  const auto *a = attr(name, onnx::AttributeProto::FLOAT);
  return a ? a->f() : dflt;
}

std::string NodeContext::getString(StringRef name, StringRef dflt) const {
  const auto *a = attr(name, onnx::AttributeProto::STRING);
  return a ? a->s() : dflt.str();
}

std::optional<SmallVector<int64_t>> NodeContext::getInts(StringRef name) const {
  const auto *a = attr(name, onnx::AttributeProto::INTS);
  if (!a)
    return std::nullopt;
  return SmallVector<int64_t>(a->ints().begin(), a->ints().end());
}

//===----------------------------------------------------------------------===//
// Helpers shared by the handler families
//===----------------------------------------------------------------------===//

RankedTensorType resultType(NodeContext &nc, FailureOr<nn::Shape> shape,
                            const std::string &err, Type elementType) {
  if (failed(shape)) {
    (void)nc.fail(err);
    return {};
  }
  return RankedTensorType::get(*shape, elementType);
}

std::string typeName(Type t) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << t;
  return s;
}

LogicalResult requireFloat(NodeContext &nc, Value v, int i) {
  Type et = nc.tensorType(v).getElementType();
  if (isa<FloatType>(et))
    return success();
  return nc.fail("input " + llvm::Twine(i) + " has element type " + typeName(et) +
                 ", but only floating-point types are supported here");
}

Value reshapeTo(NodeContext &nc, Value v, ArrayRef<int64_t> shape,
                ArrayRef<int64_t> sources) {
  auto inType = nc.tensorType(v);
  auto t = RankedTensorType::get(shape, inType.getElementType());
  if (t == v.getType())
    return v;
  if (llvm::count_if(shape, ShapedType::isDynamic) <= 1)
    return nc.b.createOrFold<nn::ReshapeOp>(nc.loc, t, v);
  SmallVector<int64_t> from(shape.size(), -1);
  if (!sources.empty()) {
    from.assign(sources.begin(), sources.end());
  } else {
    // Pair the dimensions that are not static 1s, in order.
    auto nonUnit = [](ArrayRef<int64_t> s) {
      SmallVector<int64_t> idx;
      for (auto [i, d] : llvm::enumerate(s))
        if (d != 1)
          idx.push_back(i);
      return idx;
    };
    SmallVector<int64_t> in = nonUnit(inType.getShape()), out = nonUnit(shape);
    if (in.size() != out.size())
      return nc.b.createOrFold<nn::ReshapeOp>(nc.loc, t, v);
    for (auto [i, o] : llvm::zip(in, out))
      from[o] = i;
  }
  SmallVector<DimSource> entries;
  SymVector inDims = nc.shapes.dims(v), outDims;
  for (auto [o, d] : llvm::enumerate(shape)) {
    int64_t i = from[o];
    if (i >= 0 && inType.getDimSize(i) != d && !ShapedType::isDynamic(d))
      return nc.b.createOrFold<nn::ReshapeOp>(nc.loc, t, v);
    if (i < 0 && ShapedType::isDynamic(d))
      return nc.b.createOrFold<nn::ReshapeOp>(nc.loc, t, v);
    entries.push_back(ShapedType::isDynamic(d) ? DimSource{0, v, i} : DimSource{d, Value(), 0});
    outDims.push_back(i >= 0 ? inDims[i] : SymExpr::constant(d));
  }
  Value r = nn::DynamicReshapeOp::create(nc.b, nc.loc, t, v, buildShapeVector(nc, entries),
                                         nc.b.getBoolAttr(true));
  nc.shapes.setDims(r, outDims);
  return r;
}

Value dimScalar(NodeContext &nc, Value v, int64_t d) {
  int64_t size = nc.tensorType(v).getDimSize(d);
  Type i64 = nc.b.getI64Type();
  if (!ShapedType::isDynamic(size))
    return scalarConstant(nc, i64, static_cast<double>(size));
  Value s = nn::ShapeOp::create(nc.b, nc.loc, RankedTensorType::get({1}, i64), v,
                                nc.b.getI64IntegerAttr(d), nc.b.getI64IntegerAttr(d + 1));
  return reshapeTo(nc, s, {});
}

void checkAtRunTime(NodeContext &nc, Value cond, const Twine &message) {
  Value c = isa<RankedTensorType>(cond.getType())
                ? tensor::ExtractOp::create(nc.b, nc.loc, cond, ValueRange{}).getResult()
                : cond;
  // The location's name is the node's, prefixed with its subgraph's.
  std::string name = nc.node.name();
  if (auto named = dyn_cast<NameLoc>(nc.loc))
    name = named.getName().str();
  cf::AssertOp::create(nc.b, nc.loc, c,
                       "node '" + name + "' (" + nc.node.op_type() + "): " + message.str());
}

FailureOr<Value> scalarOperand(NodeContext &nc, int i, StringRef what,
                               function_ref<bool(Type)> allowed, StringRef expected) {
  if (!nc.hasInput(i))
    return Value();
  Value v = nc.input(i);
  if (!v)
    return failure();
  auto t = nc.tensorType(v);
  bool scalarShape = t.getRank() == 0 ||
                     (t.getRank() == 1 && (t.isDynamicDim(0) || t.getDimSize(0) == 1));
  if (!scalarShape || !allowed(t.getElementType()))
    return nc.fail("input " + Twine(i) + " (" + what + ") must be " + expected + ", got " +
                   typeName(t));
  if (t.getRank() == 1)
    v = reshapeTo(nc, pinShape(nc, v, what, {1}), {});
  return v;
}

void checkSameAtRunTime(NodeContext &nc, Value x, Value y, const Twine &message) {
  Value same = buildBinary<nn::EqualOp>(nc, x, y, nc.b.getI1Type());
  if (same)
    checkAtRunTime(nc, same, message);
}

Value pinShape(NodeContext &nc, Value v, StringRef what, ArrayRef<int64_t> expected) {
  if (!v)
    return v;
  auto t = nc.tensorType(v);
  SmallVector<int64_t> shape(t.getShape());
  for (size_t i = 0; i < shape.size() && i < expected.size(); ++i) {
    if (!ShapedType::isDynamic(shape[i]) || ShapedType::isDynamic(expected[i]))
      continue;
    checkSameAtRunTime(nc, dimScalar(nc, v, i), scalarConstant(nc, nc.b.getI64Type(), expected[i]),
                       what + " must have size " + Twine(expected[i]) + " in dimension " +
                           Twine(i));
    shape[i] = expected[i];
  }
  auto pinned = RankedTensorType::get(shape, t.getElementType());
  if (pinned == t)
    return v;
  Value r = tensor::CastOp::create(nc.b, nc.loc, pinned, v);
  SymVector dims = nc.shapes.dims(v);
  for (size_t i = 0; i < shape.size(); ++i)
    if (!ShapedType::isDynamic(shape[i]))
      dims[i] = SymExpr::constant(shape[i]);
  nc.shapes.setDims(r, dims);
  return r;
}

Value buildShapeVector(NodeContext &nc, ArrayRef<DimSource> entries) {
  auto &b = nc.b;
  Type i64 = b.getI64Type();
  SmallVector<Value> pieces;
  SmallVector<int64_t> run; // consecutive constants
  SymVector elements;
  auto flush = [&] {
    if (run.empty())
      return;
    auto type = RankedTensorType::get({static_cast<int64_t>(run.size())}, i64);
    pieces.push_back(nn::ConstantOp::create(b, nc.loc, DenseElementsAttr::get(type, ArrayRef(run))));
    run.clear();
  };
  for (const DimSource &e : entries) {
    if (!e.of) {
      run.push_back(e.value);
      elements.push_back(SymExpr::constant(e.value));
      continue;
    }
    flush();
    Value piece = nn::ShapeOp::create(b, nc.loc, e.of, b.getI64IntegerAttr(e.dim),
                                      b.getI64IntegerAttr(e.dim + 1));
    auto one = RankedTensorType::get({1}, i64);
    auto scalar = [&](int64_t v) {
      return nn::ConstantOp::create(b, nc.loc, DenseElementsAttr::get(one, ArrayRef(v)));
    };
    if (e.mul != 1)
      piece = nn::MulOp::create(b, nc.loc, one, piece, scalar(e.mul));
    if (e.div != 1)
      piece = nn::DivOp::create(b, nc.loc, one, piece, scalar(e.div));
    pieces.push_back(piece);
    elements.push_back(nc.shapes.div(
        nc.shapes.mul(nc.shapes.dims(e.of)[e.dim], SymExpr::constant(e.mul)),
        SymExpr::constant(e.div)));
  }
  flush();
  if (pieces.empty())
    pieces.push_back(nn::ConstantOp::create(
        b, nc.loc, DenseElementsAttr::get(RankedTensorType::get({0}, i64), ArrayRef<int64_t>{})));
  Value vec = pieces.front();
  if (pieces.size() > 1) {
    auto type = RankedTensorType::get({static_cast<int64_t>(entries.size())}, i64);
    vec = nn::ConcatOp::create(b, nc.loc, type, pieces, b.getI64IntegerAttr(0));
  }
  nc.shapes.setElements(vec, elements);
  return vec;
}

//===----------------------------------------------------------------------===//
// Model and graph
//===----------------------------------------------------------------------===//

namespace {
class GraphImporter {
public:
  GraphImporter(MLIRContext &ctx, StringRef path, const ImportOptions &options,
                std::shared_ptr<onnx::ModelProto> model, std::string &error)
      : ctx(ctx), path(path), options(options), model(std::move(model)),
        error(error), b(&ctx) {}

  ~GraphImporter() {
    for (Operation *op : discarded)
      op->destroy();
  }

  OwningOpRef<ModuleOp> run();

private:
  LogicalResult fail(const llvm::Twine &msg) {
    if (error.empty())
      error = msg.str();
    return failure();
  }
  FailureOr<RankedTensorType> inputType(const onnx::ValueInfoProto &vi);
  LogicalResult importNode(const onnx::NodeProto &node, size_t index);
  LogicalResult importNodes(const onnx::GraphProto &g);
  FailureOr<SmallVector<Value>> importSubgraph(const onnx::GraphProto &g,
                                               StringRef scope, ValueRange inputs);
  LogicalResult checkOpsetImports();
  void findShapeOperands(const onnx::GraphProto &g);
  void recordInputDims(const onnx::ValueInfoProto &vi, Value arg);
  void materializeKnownOutputs(NodeContext &nc);
  void eraseDeadReplaced(Block &block);

  MLIRContext &ctx;
  StringRef path;
  const ImportOptions &options;
  std::shared_ptr<onnx::ModelProto> model;
  std::string &error;
  OpBuilder b;
  llvm::StringMap<Value> values;
  /// Sequence-typed names (unrolled at compile time).
  llvm::StringMap<SequenceValue> sequences;
  /// Run-time sizes and shape vectors as far as the importer knows them.
  SymbolicShapes shapes;
  /// Ops whose results were replaced by constants (erased if unused).
  SmallVector<Operation *> replaced;
  /// Names that some node reads as a shape operand (whose length is a rank).
  llvm::StringSet<> shapeOperands;
  /// Names read as index tuples (GatherND's indices), whose last dimension
  /// (the tuple length) decides a result's rank.
  llvm::StringSet<> tupleOperands;
  std::string baseDir; ///< the model's directory (external data)
  int64_t opset = -1;
  /// Index of the first node of `graph` writing each name (to explain a
  /// use before its definition).
  llvm::StringMap<size_t> producers;
  /// The graph whose nodes are being imported (the model's, or a subgraph).
  const onnx::GraphProto *graph = nullptr;
  /// Prefix of node names inside subgraphs ("Loop_0/body/"), so messages
  /// and run-time checks name a node unambiguously.
  std::string scopePrefix;
  /// Ops given up during the import (NodeContext::discard).
  SmallVector<Operation *> discarded;
  /// Nodes imported so far, and the most allowed: a loop body may be
  /// imported more than once (NodeContext::discard), so nested loops could
  /// otherwise make the work exponential in the nesting depth.
  int64_t importedNodes = 0, nodeBudget = 0;
};

/// The nodes of `g` and of all its subgraphs.
static int64_t countNodes(const onnx::GraphProto &g) {
  int64_t n = g.node_size();
  for (const auto &node : g.node())
    for (const auto &a : node.attribute()) {
      if (a.has_g())
        n += countNodes(a.g());
      for (const auto &sub : a.graphs())
        n += countNodes(sub);
    }
  return n;
}
} // namespace

FailureOr<RankedTensorType> GraphImporter::inputType(const onnx::ValueInfoProto &vi) {
  std::string what = "graph input '" + vi.name() + "' ";
  if (!vi.has_type())
    return fail(what + "has no type");
  if (vi.type().has_sequence_type())
    return fail(what + "is a sequence; Kiln unrolls sequences at compile time, so "
                       "graph inputs must be tensors");
  if (!vi.type().has_tensor_type())
    return fail(what + "is not a tensor (sequence, map and optional inputs are "
                       "not supported)");
  const auto &tt = vi.type().tensor_type();
  Type et = elementTypeFor(&ctx, tt.elem_type());
  if (!et)
    return fail(what + "has unsupported element type " + dataTypeName(tt.elem_type()));
  if (!tt.has_shape())
    return fail(what + "has no shape (rank unknown); Kiln needs ranked inputs");
  SmallVector<int64_t> dims;
  // A shape operand's length is a rank: forcing it dynamic would leave the
  // rank of a result unknown.
  bool keepStatic = !options.forceDynamicInputs ||
                    (shapeOperands.contains(vi.name()) && tt.shape().dim_size() == 1 &&
                     isa<IntegerType>(et));
  int lastDim = tt.shape().dim_size() - 1;
  for (const auto &[i, d] : llvm::enumerate(tt.shape().dim())) {
    bool keep = keepStatic || (static_cast<int>(i) == lastDim &&
                               tupleOperands.contains(vi.name()));
    dims.push_back(d.has_dim_value() && d.dim_value() >= 0 && keep
                       ? d.dim_value()
                       : ShapedType::kDynamic);
  }
  auto it = options.inputShapes.find(vi.name());
  if (it != options.inputShapes.end()) {
    const auto &pinned = it->second;
    if (pinned.size() != dims.size())
      return fail(what + "has rank " + std::to_string(dims.size()) +
                  " but --shape gives " + std::to_string(pinned.size()) + " dimensions");
    for (size_t i = 0; i < dims.size(); ++i) {
      if (dims[i] != ShapedType::kDynamic && dims[i] != pinned[i])
        return fail(what + "dimension " + std::to_string(i) + " is " +
                    std::to_string(dims[i]) + " in the model but --shape gives " +
                    std::to_string(pinned[i]));
      dims[i] = pinned[i];
    }
  }
  if (tooManyElements(dims))
    return fail(what + "shape " + nn::formatShape(dims) + " has too many elements");
  return RankedTensorType::get(dims, et);
}

LogicalResult GraphImporter::importNode(const onnx::NodeProto &node, size_t index) {
  std::string name = scopePrefix + (node.name().empty()
                                       ? node.op_type() + "_" + std::to_string(index)
                                       : node.name());
  onnx::NodeProto named = node;
  named.set_name(name);
  if (++importedNodes > nodeBudget)
    return fail("node '" + name + "': importing the model's control flow takes more than " +
                std::to_string(nodeBudget) + " node imports (loop bodies whose types "
                "change are imported again; nested ones multiply)");
  auto where = [&] {
    return "node '" + name + "' (" + node.op_type() + ", opset " +
           std::to_string(opset) + "): ";
  };
  if (!node.domain().empty() && node.domain() != "ai.onnx")
    return fail(where() + "operator domain '" + node.domain() +
                "' is not supported (only the default ONNX domain)");
  const auto &table = opTable();
  auto entry = llvm::find_if(table, [&](const OpEntry &e) { return node.op_type() == e.opType; });
  if (entry == table.end())
    return fail(where() + "unsupported operator '" + node.op_type() +
                "' (see docs/ops.md for the supported set)");
  int version = -1;
  for (int v : entry->allVersions)
    if (v <= opset)
      version = v;
  if (version < 0)
    return fail(where() + "no version of " + node.op_type() + " exists at opset " +
                std::to_string(opset));
  if (!llvm::is_contained(entry->supported, version)) {
    std::string sup;
    for (int v : entry->supported)
      sup += (sup.empty() ? "" : ", ") + std::to_string(v);
    return fail(where() + node.op_type() + "-" + std::to_string(version) +
                " (in effect at this opset) is not supported; supported versions: " + sup);
  }
  for (const auto &a : node.attribute())
    if (!llvm::is_contained(entry->attributes, a.name()))
      return fail(where() + "attribute '" + a.name() + "' is not supported");
  for (const std::string &in : node.input()) {
    auto later = producers.find(in);
    if (!in.empty() && !values.count(in) && !sequences.count(in) &&
        later != producers.end() &&
        later->second >= index) {
      const auto &p = graph->node(later->second);
      std::string pname = scopePrefix + (p.name().empty()
                                             ? p.op_type() + "_" + std::to_string(later->second)
                                             : p.name());
      return fail(where() + "input '" + in + "' is not produced by an earlier node: " +
                  (later->second == index ? std::string("this node")
                                          : "node '" + pname + "'") +
                  " produces it (the graph has a cycle or is not topologically sorted)");
    }
  }
  for (auto [i, out] : llvm::enumerate(node.output()))
    if (!out.empty() && (values.count(out) || sequences.count(out) ||
                         llvm::count(node.output(), out) > 1))
      return fail(where() + "output " + std::to_string(i) + " ('" + out +
                  "') is already defined by another node output, an initializer "
                  "or a graph input");
  Location loc = NameLoc::get(b.getStringAttr(name),
                              FileLineColLoc::get(&ctx, path, index + 1, 0));
  NodeContext nc(named, opset, version, b, loc, baseDir, values, sequences, shapes, error);
  nc.importSubgraph = [this, name](const onnx::GraphProto &g, StringRef what,
                                   ValueRange inputs) {
    return importSubgraph(g, name + "/" + what.str() + "/", inputs);
  };
  nc.discard = [this](Operation *op) {
    op->remove();
    op->dropAllReferences();
    discarded.push_back(op);
  };
  LogicalResult imported = entry->handler(nc);
  if (!nc.attrError.empty()) {
    error = where() + nc.attrError;
    return failure();
  }
  if (failed(imported))
    return nc.fail("import failed");
  // A handler that recorded an error (e.g. an optional input named but
  // never produced) yet went on fails here rather than importing a graph
  // without that input.
  if (!error.empty())
    return failure();
  for (int i = 0; i < node.output_size(); ++i)
    if (Value v = nc.output(i))
      if (auto t = dyn_cast<RankedTensorType>(v.getType());
          t && tooManyElements(t.getShape()))
        return fail(where() + "output " + std::to_string(i) + " ('" + node.output(i) +
                    "') would have shape " + nn::formatShape(t.getShape()) +
                    ", too many elements");
  for (Value v : nc.unnamedOutputs)
    if (auto t = dyn_cast<RankedTensorType>(v.getType()); t && tooManyElements(t.getShape()))
      return fail(where() + "an unnamed output would have shape " +
                  nn::formatShape(t.getShape()) + ", too many elements");
  propagateSymbolicShapes(nc);
  materializeKnownOutputs(nc);
  for (int i = 0; i < node.output_size(); ++i)
    if (!node.output(i).empty() && !values.count(node.output(i)) &&
        !sequences.count(node.output(i)))
      return fail(where() + "output " + std::to_string(i) + " ('" + node.output(i) +
                  "') is not supported");
  return success();
}

/// Imports the nodes of `g` in order (the producers of `g` explain a use
/// before a definition).
LogicalResult GraphImporter::importNodes(const onnx::GraphProto &g) {
  const onnx::GraphProto *outerGraph = graph;
  llvm::StringMap<size_t> outerProducers = std::move(producers);
  graph = &g;
  producers.clear();
  for (auto [i, node] : llvm::enumerate(g.node()))
    for (const std::string &out : node.output())
      producers.try_emplace(out, i);
  LogicalResult result = success();
  for (auto [i, node] : llvm::enumerate(g.node()))
    if (failed(importNode(node, i))) {
      result = failure();
      break;
    }
  graph = outerGraph;
  producers = std::move(outerProducers);
  return result;
}

FailureOr<SmallVector<Value>> GraphImporter::importSubgraph(const onnx::GraphProto &g,
                                                            StringRef scope,
                                                            ValueRange inputs) {
  std::string where = "subgraph '" + scope.drop_back().str() + "': ";
  if (g.input_size() != static_cast<int>(inputs.size()))
    return fail(where + "has " + std::to_string(g.input_size()) + " inputs, expected " +
                std::to_string(inputs.size()));
  // The names the subgraph defines: bound for its import only. ONNX names
  // are unique across scopes, so one that is already defined outside is
  // an error, as in the main graph.
  SmallVector<std::string> defined;
  auto define = [&](const std::string &name, Value v) -> LogicalResult {
    if (name.empty())
      return success();
    if (values.count(name) || sequences.count(name))
      return fail(where + "'" + name + "' is already defined in an enclosing graph");
    values[name] = v;
    defined.push_back(name);
    return success();
  };
  auto forget = [&] {
    for (const std::string &name : defined) {
      values.erase(name);
      sequences.erase(name);
    }
  };
  LogicalResult ok = success();
  for (auto [vi, v] : llvm::zip(g.input(), inputs)) {
    auto type = cast<RankedTensorType>(v.getType());
    if (vi.has_type() && vi.type().has_tensor_type()) {
      int dt = vi.type().tensor_type().elem_type();
      if (dt != 0 && elementTypeFor(&ctx, dt) != type.getElementType()) {
        ok = fail(where + "input '" + vi.name() + "' is declared " + dataTypeName(dt) +
                  " but receives " + typeName(type));
        break;
      }
    }
    if (failed(define(vi.name(), v))) {
      ok = failure();
      break;
    }
  }
  if (succeeded(ok))
    for (const auto &init : g.initializer()) {
      std::string err;
      auto v = importTensor(b, b.getUnknownLoc(), init, baseDir,
                            options.resourceThresholdBytes, model, err);
      if (failed(v) || failed(define(init.name(), *v))) {
        ok = failed(v) ? fail(where + "initializer " + err) : failure();
        break;
      }
    }
  if (succeeded(ok))
    for (const auto &node : g.node())
      for (const std::string &out : node.output()) {
        if (out.empty() || llvm::is_contained(defined, out))
          continue;
        if (values.count(out) || sequences.count(out)) {
          ok = fail(where + "'" + out + "' is already defined in an enclosing graph");
          break;
        }
        defined.push_back(out);
      }
  if (succeeded(ok)) {
    std::string outerPrefix = scopePrefix;
    scopePrefix = scope.str();
    ok = importNodes(g);
    scopePrefix = outerPrefix;
  }
  SmallVector<Value> outputs;
  if (succeeded(ok))
    for (const auto &out : g.output()) {
      auto it = values.find(out.name());
      if (it == values.end()) {
        ok = fail(where + "output '" + out.name() + "' is " +
                  (sequences.count(out.name()) ? "a sequence, which control flow cannot pass on"
                                               : "not produced by any node"));
        break;
      }
      outputs.push_back(it->second);
    }
  forget();
  if (failed(ok))
    return failure();
  return outputs;
}

/// The inputs of each node that are read as shapes (their length decides a
/// result's rank, or for SplitToSequence a sequence's length).
void GraphImporter::findShapeOperands(const onnx::GraphProto &g) {
  static const llvm::StringMap<std::vector<int>> operands = {
      {"Reshape", {1}}, {"Expand", {1}}, {"ConstantOfShape", {0}},
      {"Slice", {1, 2, 3, 4}}, {"Tile", {1}}, {"Pad", {1, 3}}, {"Split", {1}},
      {"Squeeze", {1}}, {"Unsqueeze", {1}}, {"Resize", {1, 2, 3}}, {"Upsample", {1}},
      {"ReduceSum", {1}}, {"ReduceMean", {1}}, {"ReduceMax", {1}}, {"ReduceMin", {1}},
      {"ReduceProd", {1}}, {"ReduceL1", {1}}, {"ReduceL2", {1}}, {"ReduceLogSum", {1}},
      {"ReduceLogSumExp", {1}}, {"ReduceSumSquare", {1}}, {"SplitToSequence", {1}},
      {"AffineGrid", {1}}, {"CenterCropPad", {1}}, {"Col2Im", {1, 2}}, {"MaxUnpool", {2}}};
  for (const auto &node : g.node()) {
    if (node.op_type() == "GatherND" && node.input_size() > 1)
      tupleOperands.insert(node.input(1));
    auto it = operands.find(node.op_type());
    if (it == operands.end())
      continue;
    for (int i : it->second)
      if (i < node.input_size() && !node.input(i).empty())
        shapeOperands.insert(node.input(i));
  }
}

/// Dimensions with the same dim_param name share a symbol (ONNX promises
/// they are equal); unnamed dynamic ones get fresh symbols.
void GraphImporter::recordInputDims(const onnx::ValueInfoProto &vi, Value arg) {
  auto t = cast<RankedTensorType>(arg.getType());
  const auto &dims = vi.type().tensor_type().shape().dim();
  if (dims.size() != t.getRank())
    return;
  SymVector rec;
  for (auto [i, d] : llvm::enumerate(dims)) {
    if (!t.isDynamicDim(i))
      rec.push_back(SymExpr::constant(t.getDimSize(i)));
    else if (d.has_dim_param() && !d.dim_param().empty())
      rec.push_back(shapes.named(d.dim_param()));
    else
      rec.push_back(shapes.fresh(/*nonNegative=*/true));
  }
  shapes.setDims(arg, rec);
}

/// A small integer output whose every element is known becomes a constant,
/// so that later handlers and folders see it as one.
void GraphImporter::materializeKnownOutputs(NodeContext &nc) {
  for (int i = 0; i < nc.node.output_size(); ++i) {
    Value v = nc.output(i);
    if (!v || v.getDefiningOp<nn::ConstantOp>())
      continue;
    auto known = shapes.constantElements(v);
    if (!known)
      continue;
    auto t = cast<RankedTensorType>(v.getType());
    unsigned width = t.getElementType().getIntOrFloatBitWidth();
    SmallVector<APInt> elems;
    for (int64_t x : *known)
      elems.push_back(APInt(width, static_cast<uint64_t>(x), /*isSigned=*/width > 1,
                            /*implicitTrunc=*/true));
    Value c = nn::ConstantOp::create(b, nc.loc, DenseElementsAttr::get(t, elems));
    if (Operation *def = v.getDefiningOp())
      replaced.push_back(def);
    values[nc.node.output(i)] = c;
  }
}

/// Erases the replaced ops (and what only they used) that nothing uses.
void GraphImporter::eraseDeadReplaced(Block &block) {
  llvm::SmallPtrSet<Operation *, 16> candidates(replaced.begin(), replaced.end());
  for (Operation &op : llvm::make_early_inc_range(llvm::reverse(block))) {
    if (!candidates.contains(&op) || !op.use_empty() ||
        !isa<nn::NNDialect>(op.getDialect()) || !isPure(&op))
      continue;
    for (Value operand : op.getOperands())
      if (Operation *def = operand.getDefiningOp())
        candidates.insert(def);
    op.erase();
  }
}

/// The default domain's opset: imported once, and one the op table knows.
LogicalResult GraphImporter::checkOpsetImports() {
  for (const auto &os : model->opset_import()) {
    if (!os.domain().empty() && os.domain() != "ai.onnx")
      continue;
    if (opset >= 0 && os.version() != opset)
      return fail("model imports the default ONNX domain twice (opsets " +
                  std::to_string(opset) + " and " + std::to_string(os.version()) + ")");
    opset = os.version();
  }
  if (opset < 0)
    return fail("model imports no opset of the default ONNX domain");
  if (opset < 1)
    return fail("model imports opset " + std::to_string(opset) +
                " of the default ONNX domain; opsets start at 1");
  // The newest since-version in the table is the newest opset whose
  // operators Kiln knows; a newer one may have changed any of them.
  int newest = 1;
  for (const OpEntry &e : opTable())
    for (int v : e.allVersions)
      newest = std::max(newest, v);
  if (opset > newest)
    return fail("model imports opset " + std::to_string(opset) +
                " of the default ONNX domain; Kiln knows opsets up to " +
                std::to_string(newest));
  return success();
}

OwningOpRef<ModuleOp> GraphImporter::run() {
  if (failed(checkOpsetImports()))
    return nullptr;
  if (!model->has_graph()) {
    (void)fail("model has no graph");
    return nullptr;
  }
  const onnx::GraphProto &g = model->graph();
  Location fileLoc = FileLineColLoc::get(&ctx, path, 0, 0);
  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  b.setInsertionPointToEnd(module->getBody());
  auto func = func::FuncOp::create(b, fileLoc, "model", b.getFunctionType({}, {}));
  Block *entry = func.addEntryBlock();
  b.setInsertionPointToStart(entry);

  baseDir = llvm::sys::path::parent_path(path).str();
  std::shared_ptr<const void> owner = model;
  for (const auto &init : g.initializer()) {
    if (values.count(init.name())) {
      (void)fail("initializer '" + init.name() + "' is defined twice");
      return nullptr;
    }
    std::string err;
    auto v = importTensor(b, fileLoc, init, baseDir, options.resourceThresholdBytes,
                          owner, err);
    if (failed(v)) {
      (void)fail("initializer " + err);
      return nullptr;
    }
    values[init.name()] = *v;
  }

  findShapeOperands(g);
  SmallVector<Type> argTypes;
  SmallVector<Attribute> inNames, inTypes, inDimParams;
  llvm::StringSet<> inputNames;
  for (const auto &in : g.input()) {
    if (!inputNames.insert(in.name()).second) {
      (void)fail("graph input '" + in.name() + "' is listed twice");
      return nullptr;
    }
    if (values.count(in.name()))
      continue; // an initializer given as an input: a constant here
    auto t = inputType(in);
    if (failed(t))
      return nullptr;
    Value arg = entry->addArgument(*t, fileLoc);
    recordInputDims(in, arg);
    values[in.name()] = arg;
    argTypes.push_back(*t);
    inNames.push_back(b.getStringAttr(in.name()));
    inTypes.push_back(b.getI64IntegerAttr(in.type().tensor_type().elem_type()));
    // Names of the dimensions that stayed dynamic ("batch"), "" elsewhere:
    // the runtime checks that inputs sharing a name agree.
    SmallVector<Attribute> params;
    for (auto [i, d] : llvm::enumerate(in.type().tensor_type().shape().dim()))
      params.push_back(b.getStringAttr(
          t->isDynamicDim(i) && d.has_dim_param() ? d.dim_param() : ""));
    inDimParams.push_back(b.getArrayAttr(params));
  }
  for (const auto &[name, _] : options.inputShapes)
    if (llvm::none_of(inNames, [&](Attribute a) {
          return cast<StringAttr>(a).getValue() == name;
        })) {
      (void)fail("--shape names '" + name.str() + "', which is not a graph input" +
                 (values.count(name) ? " (it is an initializer)" : ""));
      return nullptr;
    }

  nodeBudget = 16 * countNodes(g) + 4096;
  if (failed(importNodes(g)))
    return nullptr;

  SmallVector<Value> results;
  SmallVector<Attribute> outNames, outTypes;
  llvm::StringSet<> outputNames;
  for (const auto &out : g.output()) {
    if (!outputNames.insert(out.name()).second) {
      (void)fail("graph output '" + out.name() + "' is listed twice");
      return nullptr;
    }
    auto it = values.find(out.name());
    if (it == values.end() && sequences.count(out.name())) {
      (void)fail("graph output '" + out.name() + "' is a sequence; Kiln unrolls sequences "
                 "at compile time, so graph outputs must be tensors");
      return nullptr;
    }
    if (it == values.end()) {
      (void)fail("graph output '" + out.name() + "' is not produced by any node");
      return nullptr;
    }
    int dt = out.type().tensor_type().elem_type();
    Type et = cast<RankedTensorType>(it->second.getType()).getElementType();
    if (dt != 0 && elementTypeFor(&ctx, dt) != et) {
      (void)fail("graph output '" + out.name() + "' is declared " + dataTypeName(dt) +
                 " but computed as another type");
      return nullptr;
    }
    if (dt == 0) // no declared type: the computed one
      dt = dataTypeFor(et);
    results.push_back(it->second);
    outNames.push_back(b.getStringAttr(out.name()));
    outTypes.push_back(b.getI64IntegerAttr(dt));
  }
  func::ReturnOp::create(b, fileLoc, results);
  eraseDeadReplaced(*entry);
  func.setFunctionType(b.getFunctionType(argTypes, ValueRange(results).getTypes()));
  func->setAttr(kInputNamesAttr, b.getArrayAttr(inNames));
  func->setAttr(kOutputNamesAttr, b.getArrayAttr(outNames));
  func->setAttr(kInputDTypesAttr, b.getArrayAttr(inTypes));
  func->setAttr(kInputDimParamsAttr, b.getArrayAttr(inDimParams));
  func->setAttr(kOutputDTypesAttr, b.getArrayAttr(outTypes));

  // Verification errors (shape rules) become the one-line message.
  std::string diag;
  {
    ScopedDiagnosticHandler handler(&ctx, [&](Diagnostic &d) {
      if (d.getSeverity() == DiagnosticSeverity::Error && diag.empty()) {
        std::string locStr;
        llvm::raw_string_ostream os(locStr);
        if (auto nl = dyn_cast<NameLoc>(d.getLocation()))
          os << "node '" << nl.getName().getValue() << "': ";
        diag = locStr + d.str();
      }
      return success();
    });
    if (failed(verify(*module))) {
      (void)fail(diag.empty() ? "the imported module does not verify" : diag);
      return nullptr;
    }
  }
  return module;
}

/// Names quoted in messages come from the model: control characters in
/// them (a newline) are written as \xNN so a message stays one line.
static std::string escapeControlChars(StringRef s) {
  std::string out;
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) {
      out += "\\x";
      out += llvm::hexdigit(c >> 4);
      out += llvm::hexdigit(c & 15);
    } else {
      out += c;
    }
  }
  return out;
}

OwningOpRef<ModuleOp> importModelBytes(MLIRContext &ctx, StringRef bytes,
                                       StringRef path, const ImportOptions &options,
                                       std::string &error) {
  ctx.loadDialect<nn::NNDialect, func::FuncDialect, arith::ArithDialect,
                  cf::ControlFlowDialect, scf::SCFDialect, tensor::TensorDialect>();
  if (bytes.size() > static_cast<size_t>(INT32_MAX)) {
    error = path.str() + ": model file is larger than 2 GiB; store weights as "
                         "external data";
    return nullptr;
  }
  if (bytes.empty()) {
    error = path.str() + ": the file is empty, not an ONNX model";
    return nullptr;
  }
  auto model = std::make_shared<onnx::ModelProto>();
  if (!model->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    error = path.str() + ": not a valid ONNX model (protobuf parsing failed: "
                         "the file is truncated, corrupted or not ONNX)";
    return nullptr;
  }
  if (model->ir_version() < 3) {
    error = path.str() + ": ONNX IR version " + std::to_string(model->ir_version()) +
            " is not supported (need 3 or newer)";
    return nullptr;
  }
  GraphImporter importer(ctx, path, options, model, error);
  OwningOpRef<ModuleOp> module = importer.run();
  if (!module && !error.empty())
    error = path.str() + ": " + escapeControlChars(error);
  return module;
}

OwningOpRef<ModuleOp> importModelFile(MLIRContext &ctx, StringRef path,
                                      const ImportOptions &options,
                                      std::string &error) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer) {
    error = path.str() + ": cannot read file: " + buffer.getError().message();
    return nullptr;
  }
  return importModelBytes(ctx, (*buffer)->getBuffer(), path, options, error);
}

} // namespace kiln::onnx_frontend
