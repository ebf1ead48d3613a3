//===- SequenceHandlers.cpp - ONNX sequence operators ---------------------===//
//
// Sequences are unrolled at compile time: a sequence-typed ONNX value is a
// SequenceValue in the importer, the list of its tensors, and never an MLIR
// value. SequenceEmpty, SequenceConstruct, SequenceInsert and SequenceErase
// edit that list, SequenceAt picks one of its tensors, SequenceLength is a
// constant, SplitToSequence slices its input and ConcatFromSequence
// concatenates (or stacks) the list. The positions these operators take must
// be known when importing: a constant, or a value the importer's symbolic
// shape evaluation knows.
//
// SplitToSequence without a split splits into size-1 parts; the sequence
// then stays its source tensor until an operator needs the list, so that a
// split along a dynamic dimension (whose length is known only at run time)
// still supports SequenceAt (a run-time slice), SequenceLength (the
// dimension, read at run time) and the ConcatFromSequence that undoes it.
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/ImporterImpl.h"
#include "dialects/NN/IR/DataMovementShapes.h"
#include "dialects/NN/IR/NNOps.h"

#include <limits>

using namespace mlir;

namespace kiln::onnx_frontend {

const SequenceValue *NodeContext::sequenceInput(int i) {
  if (!hasInput(i)) {
    (void)fail("missing required input " + llvm::Twine(i));
    return nullptr;
  }
  auto it = sequences.find(node.input(i));
  if (it != sequences.end())
    return &it->second;
  if (values.count(node.input(i)))
    (void)fail("input " + llvm::Twine(i) + " ('" + node.input(i) +
               "') is a tensor, but this operator takes a sequence there");
  else
    (void)fail("input '" + node.input(i) +
               "' is not produced by an earlier node, an initializer or a graph input");
  return nullptr;
}

void NodeContext::setSequenceOutput(int i, SequenceValue s) {
  if (i < node.output_size() && !node.output(i).empty())
    sequences[node.output(i)] = std::move(s);
}

namespace {

constexpr int64_t kDyn = ShapedType::kDynamic;

/// Sequences are unrolled at compile time: SplitToSequence makes at most
/// this many tensors, so a model's sizes cannot make the import endless.
constexpr int64_t kMaxSequenceParts = 1 << 14;

LogicalResult checkPartCount(NodeContext &nc, int64_t parts) {
  if (parts > kMaxSequenceParts)
    return nc.fail("the sequence would have " + llvm::Twine(parts) + " tensors; Kiln unrolls "
                   "sequences and makes at most " + llvm::Twine(kMaxSequenceParts));
  return success();
}

Value i64Vector(NodeContext &nc, int64_t v) {
  auto t = RankedTensorType::get({1}, nc.b.getI64Type());
  return nn::ConstantOp::create(nc.b, nc.loc, DenseElementsAttr::get(t, ArrayRef(v)));
}

/// The scalar i64 constant `v`.
Value i64Scalar(NodeContext &nc, int64_t v) {
  auto t = RankedTensorType::get({}, nc.b.getI64Type());
  return nn::ConstantOp::create(nc.b, nc.loc, DenseElementsAttr::get(t, ArrayRef(v)));
}

/// The known integer contents of input `i`: a constant, or elements the
/// symbolic shape evaluation knows.
std::optional<SmallVector<int64_t>> knownInts(NodeContext &nc, int i) {
  Value v = nc.input(i);
  if (!v)
    return std::nullopt;
  if (auto c = nc.constantInts(i))
    return c;
  return nc.shapes.constantElements(v);
}

/// The position operand `i`: one int32 or int64 known at compile time.
std::optional<int64_t> positionOperand(NodeContext &nc, int i) {
  Value v = nc.input(i);
  if (!v)
    return std::nullopt;
  auto t = nc.tensorType(v);
  Type et = t.getElementType();
  if (!(et.isInteger(32) || et.isInteger(64)) || !t.hasStaticShape() ||
      t.getNumElements() != 1) {
    (void)nc.fail("the position must be one int32 or int64 value, got " + typeName(t));
    return std::nullopt;
  }
  auto ints = knownInts(nc, i);
  if (!ints) {
    (void)nc.fail("the position must be a constant (sequences are unrolled at compile "
                  "time, so a position computed at run time is not supported)");
    return std::nullopt;
  }
  return (*ints)[0];
}

/// `p` made non-negative for a sequence of `n` tensors, where `p` may be
/// `n` itself when `allowEnd` (an insertion at the end).
std::optional<int64_t> normalizePosition(NodeContext &nc, int64_t p, int64_t n, bool allowEnd) {
  int64_t hi = allowEnd ? n : n - 1;
  if (p < -n || p > hi) {
    if (hi < -n)
      (void)nc.fail("position " + llvm::Twine(p) + " is out of range: the sequence is empty");
    else
      (void)nc.fail("position " + llvm::Twine(p) + " is out of range [" + llvm::Twine(-n) +
                    ", " + llvm::Twine(hi) + "] for a sequence of " + llvm::Twine(n) +
                    " tensors");
    return std::nullopt;
  }
  return p < 0 ? p + n : p;
}

/// `v` without its size-1 dimension `axis`.
Value dropAxis(NodeContext &nc, Value v, int64_t axis) {
  ArrayRef<int64_t> shape = nc.tensorType(v).getShape();
  SmallVector<int64_t> out, sources;
  for (int64_t d = 0, e = shape.size(); d < e; ++d)
    if (d != axis) {
      out.push_back(shape[d]);
      sources.push_back(d);
    }
  return reshapeTo(nc, v, out, sources);
}

/// `v` with a new size-1 dimension at `axis`.
Value insertAxis(NodeContext &nc, Value v, int64_t axis) {
  ArrayRef<int64_t> shape = nc.tensorType(v).getShape();
  SmallVector<int64_t> out, sources;
  for (int64_t d = 0, e = shape.size(); d <= e; ++d) {
    if (d == axis) {
      out.push_back(1);
      sources.push_back(-1);
    }
    if (d < e) {
      out.push_back(shape[d]);
      sources.push_back(d);
    }
  }
  return reshapeTo(nc, v, out, sources);
}

/// The part of `x` of size `size` at offset `at` along `axis`: nn.slice
/// when that dimension is static, else nn.dynamic_slice with constant
/// bounds (`toEnd`: the part runs to the end, so that a run-time size that
/// disagrees with the parts fails the result's size check).
Value constantPart(NodeContext &nc, Value x, int64_t axis, int64_t at, int64_t size, bool toEnd) {
  auto xt = nc.tensorType(x);
  SymVector dims = nc.shapes.dims(x);
  dims[axis] = SymExpr::constant(size);
  SmallVector<int64_t> shape(xt.getShape());
  shape[axis] = size;
  auto t = RankedTensorType::get(shape, xt.getElementType());
  Value r;
  if (!xt.isDynamicDim(axis)) {
    SmallVector<int64_t> offsets(shape.size(), 0), strides(shape.size(), 1);
    offsets[axis] = size > 0 ? at : 0;
    r = nc.b.createOrFold<nn::SliceOp>(nc.loc, t, x, nc.b.getDenseI64ArrayAttr(offsets),
                                       nc.b.getDenseI64ArrayAttr(strides));
  } else {
    int64_t end = toEnd ? std::numeric_limits<int64_t>::max() : at + size;
    r = nn::DynamicSliceOp::create(nc.b, nc.loc, t, x, i64Vector(nc, at), i64Vector(nc, end),
                                   nc.b.getDenseI64ArrayAttr({axis}),
                                   nc.b.getDenseI64ArrayAttr({1}));
  }
  nc.shapes.setDims(r, dims, /*overwrite=*/false);
  return r;
}

/// Element `p` (non-negative, or negative counting from the back) of a
/// sequence kept as its source tensor.
Value splitElement(NodeContext &nc, const SequenceValue &s, int64_t p) {
  auto xt = nc.tensorType(s.source);
  Value r;
  if (!xt.isDynamicDim(s.axis)) {
    if (p < 0)
      p += xt.getDimSize(s.axis);
    r = constantPart(nc, s.source, s.axis, p, 1, /*toEnd=*/false);
  } else {
    SmallVector<int64_t> shape(xt.getShape());
    shape[s.axis] = 1;
    auto t = RankedTensorType::get(shape, xt.getElementType());
    // An index past the run-time end gives an empty slice, which fails the
    // result's size check.
    int64_t end = p == -1 ? std::numeric_limits<int64_t>::max() : p + 1;
    r = nn::DynamicSliceOp::create(nc.b, nc.loc, t, s.source, i64Vector(nc, p),
                                   i64Vector(nc, end), nc.b.getDenseI64ArrayAttr({s.axis}),
                                   nc.b.getDenseI64ArrayAttr({1}));
    SymVector dims = nc.shapes.dims(s.source);
    dims[s.axis] = SymExpr::constant(1);
    nc.shapes.setDims(r, dims);
  }
  return s.keepDims ? r : dropAxis(nc, r, s.axis);
}

/// The static length of a sequence kept as its source tensor.
std::optional<int64_t> splitLength(NodeContext &nc, const SequenceValue &s) {
  int64_t d = nc.tensorType(s.source).getDimSize(s.axis);
  if (d != kDyn)
    return d;
  return nc.shapes.dims(s.source)[s.axis].value();
}

/// The sequence as a list of tensors (slicing a sequence kept as its
/// source); fails when its length is known only at run time.
FailureOr<SequenceValue> materialize(NodeContext &nc, const SequenceValue &s) {
  if (!s.source)
    return s;
  auto n = splitLength(nc, s);
  if (!n)
    return nc.fail("the length of the sequence is known only at run time (it splits "
                   "dimension " + llvm::Twine(s.axis) + " of " +
                   typeName(s.source.getType()) +
                   "), but this operator needs it at compile time");
  SequenceValue out;
  out.elementType = s.elementType;
  for (int64_t i = 0; i < *n; ++i)
    out.elements.push_back(splitElement(nc, s, i));
  return out;
}

//===----------------------------------------------------------------------===//
// Handlers
//===----------------------------------------------------------------------===//

LogicalResult sequenceEmpty(NodeContext &nc) {
  int64_t dt = nc.getInt("dtype", onnx::TensorProto::FLOAT);
  SequenceValue s;
  s.elementType = elementTypeFor(nc.b.getContext(), dt);
  if (!s.elementType)
    return nc.fail("dtype " + dataTypeName(dt) + " is not supported");
  nc.setSequenceOutput(0, std::move(s));
  return success();
}

LogicalResult sequenceConstruct(NodeContext &nc) {
  if (nc.numInputs() == 0)
    return nc.fail("needs at least one input");
  SequenceValue s;
  for (int i = 0; i < nc.numInputs(); ++i) {
    Value v = nc.input(i);
    if (!v)
      return failure();
    Type et = nc.tensorType(v).getElementType();
    if (i == 0)
      s.elementType = et;
    else if (et != s.elementType)
      return nc.fail("input " + llvm::Twine(i) + " has element type " + typeName(et) +
                     ", but input 0 has " + typeName(s.elementType) +
                     " (a sequence holds one element type)");
    s.elements.push_back(v);
  }
  nc.setSequenceOutput(0, std::move(s));
  return success();
}

LogicalResult sequenceInsert(NodeContext &nc) {
  const SequenceValue *in = nc.sequenceInput(0);
  Value v = in ? nc.input(1) : Value();
  if (!v)
    return failure();
  Type et = nc.tensorType(v).getElementType();
  if (et != in->elementType)
    return nc.fail("cannot insert a tensor of element type " + typeName(et) +
                   " into a sequence of " + typeName(in->elementType));
  auto s = materialize(nc, *in);
  if (failed(s))
    return failure();
  int64_t n = s->elements.size(), at = n;
  if (nc.hasInput(2)) {
    auto p = positionOperand(nc, 2);
    std::optional<int64_t> norm = p ? normalizePosition(nc, *p, n, /*allowEnd=*/true) : p;
    if (!norm)
      return failure();
    at = *norm;
  }
  s->elements.insert(s->elements.begin() + at, v);
  nc.setSequenceOutput(0, std::move(*s));
  return success();
}

LogicalResult sequenceErase(NodeContext &nc) {
  const SequenceValue *in = nc.sequenceInput(0);
  if (!in)
    return failure();
  auto s = materialize(nc, *in);
  if (failed(s))
    return failure();
  int64_t n = s->elements.size();
  int64_t p = -1;
  if (nc.hasInput(1)) {
    auto given = positionOperand(nc, 1);
    if (!given)
      return failure();
    p = *given;
  }
  auto at = normalizePosition(nc, p, n, /*allowEnd=*/false);
  if (!at)
    return failure();
  s->elements.erase(s->elements.begin() + *at);
  nc.setSequenceOutput(0, std::move(*s));
  return success();
}

LogicalResult sequenceAt(NodeContext &nc) {
  const SequenceValue *s = nc.sequenceInput(0);
  if (!s)
    return failure();
  auto p = positionOperand(nc, 1);
  if (!p)
    return failure();
  if (s->source) {
    if (auto n = splitLength(nc, *s); n && !normalizePosition(nc, *p, *n, false))
      return failure();
    nc.setOutput(0, splitElement(nc, *s, *p));
    return success();
  }
  auto at = normalizePosition(nc, *p, s->elements.size(), /*allowEnd=*/false);
  if (!at)
    return failure();
  nc.setOutput(0, s->elements[*at]);
  return success();
}

LogicalResult sequenceLength(NodeContext &nc) {
  const SequenceValue *s = nc.sequenceInput(0);
  if (!s)
    return failure();
  if (!s->source) {
    nc.setOutput(0, i64Scalar(nc, s->elements.size()));
    return success();
  }
  if (auto n = splitLength(nc, *s)) {
    nc.setOutput(0, i64Scalar(nc, *n));
    return success();
  }
  // The split dimension, read at run time.
  Value d = nn::ShapeOp::create(nc.b, nc.loc, s->source,
                                nc.b.getI64IntegerAttr(s->axis),
                                nc.b.getI64IntegerAttr(s->axis + 1));
  nc.shapes.setElements(d, {nc.shapes.dims(s->source)[s->axis]});
  Value len = reshapeTo(nc, d, {});
  nc.shapes.setElements(len, {nc.shapes.dims(s->source)[s->axis]});
  nc.setOutput(0, len);
  return success();
}

LogicalResult splitToSequence(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x)
    return failure();
  auto xt = nc.tensorType(x);
  std::string err;
  auto axis = nn::normalizeAxis(nc.getInt("axis", 0), xt.getRank(), err);
  if (failed(axis))
    return nc.fail(err);
  SequenceValue s;
  s.elementType = xt.getElementType();
  if (!nc.hasInput(1)) {
    // Size-1 parts: the source stands for the list until one needs it.
    s.source = x;
    s.axis = *axis;
    s.keepDims = nc.getInt("keepdims", 1) != 0;
    nc.setSequenceOutput(0, std::move(s));
    return success();
  }
  Value split = nc.input(1);
  if (!split)
    return failure();
  auto st = nc.tensorType(split);
  if (!(st.getElementType().isInteger(32) || st.getElementType().isInteger(64)) ||
      st.getRank() > 1 || (st.getRank() == 1 && st.isDynamicDim(0)))
    return nc.fail("split must be an int32 or int64 scalar or 1-D tensor of static length, got " +
                   typeName(st));
  std::optional<int64_t> dim;
  if (!xt.isDynamicDim(*axis))
    dim = xt.getDimSize(*axis);
  else
    dim = nc.shapes.dims(x)[*axis].value();
  auto known = knownInts(nc, 1);
  SmallVector<int64_t> sizes;
  if (st.getRank() == 0) {
    if (!known)
      return nc.fail("a scalar split must be a constant: the number of parts it makes is "
                     "the length of the sequence, which must be known at compile time");
    int64_t chunk = (*known)[0];
    if (chunk <= 0)
      return nc.fail("split must be positive, got " + llvm::Twine(chunk));
    if (!dim)
      return nc.fail("a scalar split needs dimension " + llvm::Twine(*axis) + " of " +
                     typeName(xt) + " to be static: the number of parts is the length "
                     "of the sequence, which must be known at compile time");
    if (failed(checkPartCount(nc, *dim / chunk + (*dim % chunk != 0))))
      return failure();
    for (int64_t at = 0; at < *dim; at += chunk)
      sizes.push_back(std::min(chunk, *dim - at));
  } else if (known) {
    sizes = *known;
    if (failed(checkPartCount(nc, sizes.size())))
      return failure();
    auto checked = splitTotal(nc, sizes);
    if (failed(checked))
      return failure();
    int64_t total = *checked;
    if (dim && total != *dim)
      return nc.fail("split sizes " + nn::formatShape(sizes) + " add up to " +
                     llvm::Twine(total) + ", not to the size " + llvm::Twine(*dim) +
                     " of dimension " + llvm::Twine(*axis));
  } else {
    // Sizes known only at run time: each part runs from the sum of the
    // sizes before it, computed at run time.
    if (failed(checkPartCount(nc, st.getDimSize(0))))
      return failure();
    auto &b = nc.b;
    auto vecType = RankedTensorType::get({1}, b.getI64Type());
    Value sizes64 = split;
    if (!st.getElementType().isInteger(64))
      sizes64 = b.createOrFold<nn::CastOp>(
          nc.loc, RankedTensorType::get(st.getShape(), b.getI64Type()), split);
    SmallVector<int64_t> shape(xt.getShape());
    shape[*axis] = kDyn;
    auto partType = RankedTensorType::get(shape, xt.getElementType());
    Value start = i64Vector(nc, 0);
    for (int64_t i = 0, n = st.getDimSize(0); i < n; ++i) {
      Value size = b.createOrFold<nn::SliceOp>(nc.loc, vecType, sizes64,
                                               b.getDenseI64ArrayAttr({i}),
                                               b.getDenseI64ArrayAttr({1}));
      Value end = b.createOrFold<nn::AddOp>(nc.loc, vecType, start, size);
      s.elements.push_back(nn::DynamicSliceOp::create(b, nc.loc, partType, x, start, end,
                                                      b.getDenseI64ArrayAttr({*axis}),
                                                      b.getDenseI64ArrayAttr({1})));
      start = end;
    }
    nc.setSequenceOutput(0, std::move(s));
    return success();
  }
  int64_t at = 0;
  for (auto [i, size] : llvm::enumerate(sizes)) {
    s.elements.push_back(constantPart(nc, x, *axis, at, size, i + 1 == sizes.size()));
    at += size;
  }
  nc.setSequenceOutput(0, std::move(s));
  return success();
}

LogicalResult concatFromSequence(NodeContext &nc) {
  const SequenceValue *in = nc.sequenceInput(0);
  if (!in)
    return failure();
  if (!nc.attr("axis"))
    return nc.fail("missing required attribute 'axis'");
  int64_t newAxis = nc.getInt("new_axis", 0);
  if (newAxis != 0 && newAxis != 1)
    return nc.fail("new_axis must be 0 or 1, got " + llvm::Twine(newAxis));
  std::string err;
  if (in->source) {
    // Concatenating the parts of a split along the split axis (or stacking
    // the squeezed parts there) gives back the source.
    int64_t rank = nc.tensorType(in->source).getRank();
    auto axis = nn::normalizeAxis(nc.getInt("axis", 0), rank - (in->keepDims ? 0 : 1) + newAxis,
                                  err);
    if (failed(axis))
      return nc.fail(err);
    if (*axis == in->axis && in->keepDims == (newAxis == 0)) {
      nc.setOutput(0, in->source);
      return success();
    }
  }
  auto s = materialize(nc, *in);
  if (failed(s))
    return failure();
  if (s->elements.empty())
    return nc.fail("cannot concatenate an empty sequence");
  int64_t rank = nc.tensorType(s->elements[0]).getRank();
  auto axis = nn::normalizeAxis(nc.getInt("axis", 0), rank + newAxis, err);
  if (failed(axis))
    return nc.fail(err);
  SmallVector<Value> parts;
  SmallVector<ArrayRef<int64_t>> shapes;
  for (Value v : s->elements) {
    if (nc.tensorType(v).getRank() != rank)
      return nc.fail("the tensors of the sequence have different ranks (" +
                     typeName(s->elements[0].getType()) + " and " + typeName(v.getType()) +
                     ")");
    parts.push_back(newAxis ? insertAxis(nc, v, *axis) : v);
    shapes.push_back(nc.tensorType(parts.back()).getShape());
  }
  auto t = resultType(nc, nn::inferConcatShape(shapes, *axis, err), err, s->elementType);
  if (!t)
    return failure();
  // What is known of the result: the first part's dimensions, the sum of
  // the parts' sizes along the axis.
  SymVector dims = nc.shapes.dims(parts[0]);
  for (Value p : ArrayRef(parts).drop_front())
    dims[*axis] = nc.shapes.add(dims[*axis], nc.shapes.dims(p)[*axis]);
  Value r = parts.size() == 1 ? parts[0]
                              : nc.b.createOrFold<nn::ConcatOp>(nc.loc, t, parts,
                                                                nc.b.getI64IntegerAttr(*axis));
  nc.shapes.setDims(r, dims, /*overwrite=*/false);
  nc.setOutput(0, r);
  return success();
}

} // namespace

void addSequenceOps(std::vector<OpEntry> &table) {
  const char *unrolled = "unrolled at compile time; constant positions";
  table.insert(
      table.end(),
      {
          {"ConcatFromSequence", {11}, {11}, {"axis", "new_axis"}, unrolled,
           concatFromSequence},
          {"SequenceAt", {11}, {11}, {}, unrolled, sequenceAt},
          {"SequenceConstruct", {11}, {11}, {}, unrolled, sequenceConstruct},
          {"SequenceEmpty", {11}, {11}, {"dtype"}, unrolled, sequenceEmpty},
          {"SequenceErase", {11}, {11}, {}, unrolled, sequenceErase},
          {"SequenceInsert", {11}, {11}, {}, unrolled, sequenceInsert},
          {"SequenceLength", {11}, {11}, {}, unrolled, sequenceLength},
          {"SplitToSequence", {11, 24}, {11, 24}, {"axis", "keepdims"},
           "unrolled at compile time; the number of parts must be static unless split "
           "is absent",
           splitToSequence},
      });
}

} // namespace kiln::onnx_frontend
