//===- NNDataMovementOps.cpp - nn data movement (transpose, concat, slice, gather, ...) ---------===//
//
// Verifiers and result-type inference of the ops in NNDataMovementOps.td; their
// shape rules are declared in DataMovementShapes.h and defined here. The
// folders rewrite small constants (and splats of any size) element by
// element, which is what turns exporters' shape arithmetic into constants.
//
//===----------------------------------------------------------------------===//

#include "dialects/NN/IR/NNOps.h"
#include "dialects/NN/IR/OpHelpers.h"
#include "dialects/NN/IR/DataMovementShapes.h"
#include "dialects/NN/IR/RuntimeShapes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace kiln::nn;
using namespace kiln::nn::detail;

static constexpr int64_t kDyn = ShapedType::kDynamic;

//===----------------------------------------------------------------------===//
// Shape rules
//===----------------------------------------------------------------------===//

namespace kiln::nn {

static FailureOr<Shape> fail(std::string &error, const llvm::Twine &msg) {
  error = msg.str();
  return failure();
}

FailureOr<Shape> inferTransposeShape(ArrayRef<int64_t> input,
                                     ArrayRef<int64_t> permutation,
                                     std::string &error) {
  int64_t rank = input.size();
  if (static_cast<int64_t>(permutation.size()) != rank)
    return fail(error, "permutation " + formatShape(permutation) + " has " +
                           llvm::Twine(permutation.size()) +
                           " entries but the input has rank " + llvm::Twine(rank));
  SmallVector<bool> seen(rank, false);
  Shape out;
  for (int64_t p : permutation) {
    if (p < 0 || p >= rank || seen[p])
      return fail(error, "permutation " + formatShape(permutation) +
                             " is not a permutation of 0.." + llvm::Twine(rank - 1));
    seen[p] = true;
    out.push_back(input[p]);
  }
  return out;
}

FailureOr<Shape> inferConcatShape(ArrayRef<ArrayRef<int64_t>> inputs, int64_t axis,
                                  std::string &error) {
  if (inputs.empty())
    return fail(error, "concat needs at least one input");
  int64_t rank = inputs.front().size();
  auto a = normalizeAxis(axis, rank, error);
  if (failed(a))
    return failure();
  Shape out(inputs.front());
  out[*a] = 0;
  for (auto [i, in] : llvm::enumerate(inputs)) {
    if (static_cast<int64_t>(in.size()) != rank)
      return fail(error, "input " + llvm::Twine(i) + " has rank " +
                             llvm::Twine(in.size()) + " but input 0 has rank " +
                             llvm::Twine(rank));
    for (int64_t d = 0; d < rank; ++d) {
      if (d == *a) {
        out[d] = (out[d] == kDyn || in[d] == kDyn) ? kDyn : out[d] + in[d];
        continue;
      }
      if (out[d] == kDyn)
        out[d] = in[d];
      else if (in[d] != kDyn && in[d] != out[d])
        return fail(error, "input " + llvm::Twine(i) + " has shape " +
                               formatShape(in) + ", which differs from " +
                               formatShape(inputs.front()) +
                               " outside the concatenation axis " + llvm::Twine(*a));
    }
  }
  return out;
}

FailureOr<Shape> inferGatherShape(ArrayRef<int64_t> data, ArrayRef<int64_t> indices,
                                  int64_t axis, std::string &error) {
  if (data.empty())
    return fail(error, "gather needs data of rank >= 1");
  auto a = normalizeAxis(axis, data.size(), error);
  if (failed(a))
    return failure();
  Shape out(data.begin(), data.begin() + *a);
  out.append(indices.begin(), indices.end());
  out.append(data.begin() + *a + 1, data.end());
  return out;
}

FailureOr<Shape> inferGatherElementsShape(ArrayRef<int64_t> data,
                                          ArrayRef<int64_t> indices, int64_t axis,
                                          std::string &error) {
  if (data.empty())
    return fail(error, "gather_elements needs data of rank >= 1");
  if (data.size() != indices.size())
    return fail(error, "indices " + formatShape(indices) +
                           " must have the rank of the data " + formatShape(data));
  auto a = normalizeAxis(axis, data.size(), error);
  if (failed(a))
    return failure();
  for (size_t d = 0; d < data.size(); ++d)
    if (static_cast<int64_t>(d) != *a && data[d] != kDyn && indices[d] != kDyn &&
        indices[d] > data[d])
      return fail(error, "indices " + formatShape(indices) + " are larger than the data " +
                             formatShape(data) + " in dimension " + llvm::Twine(d));
  return Shape(indices);
}

FailureOr<Shape> inferPadShape(ArrayRef<int64_t> input, ArrayRef<int64_t> pads,
                               StringRef mode, std::string &error) {
  if (mode != "constant" && mode != "edge" && mode != "reflect" && mode != "wrap")
    return fail(error, "pad mode '" + mode +
                           "' is not one of constant, edge, reflect, wrap");
  size_t rank = input.size();
  if (pads.size() != 2 * rank)
    return fail(error, "pads " + formatShape(pads) + " must have " +
                           llvm::Twine(2 * rank) + " entries for rank " +
                           llvm::Twine(rank));
  Shape out;
  for (size_t d = 0; d < rank; ++d) {
    if (input[d] == kDyn) {
      out.push_back(kDyn);
      continue;
    }
    // In 128 bits: pads are the model's, of any size.
    __int128 wide = static_cast<__int128>(input[d]) + pads[d] + pads[rank + d];
    if (wide > (int64_t(1) << 62))
      return fail(error, "pads " + formatShape(pads) + " make dimension " +
                             llvm::Twine(d) + " too large");
    int64_t n = wide < 0 ? -1 : static_cast<int64_t>(wide);
    if (n < 0)
      return fail(error, "pads " + formatShape(pads) + " remove more than the " +
                             llvm::Twine(input[d]) + " elements of dimension " +
                             llvm::Twine(d));
    if (mode != "constant" && input[d] == 0 && n > 0)
      return fail(error, "cannot pad the empty dimension " + llvm::Twine(d) +
                             " in " + mode + " mode");
    out.push_back(n);
  }
  return out;
}

FailureOr<Shape> inferExpandShape(ArrayRef<int64_t> input, ArrayRef<int64_t> shape,
                                  std::string &error) {
  for (int64_t d : shape)
    if (d < 0 && d != kDyn)
      return fail(error, "expand shape " + formatShape(shape) + " has a negative entry");
  std::string err;
  auto out = inferBroadcastShape(input, shape, err);
  if (failed(out))
    return fail(error, "cannot expand " + formatShape(input) + " to " +
                           formatShape(shape) + ": " + err);
  return out;
}

LogicalResult checkExpand(ArrayRef<int64_t> input, ArrayRef<int64_t> output,
                          std::string &error) {
  if (input.size() > output.size()) {
    error = "cannot expand " + formatShape(input) + " to the lower rank " +
            formatShape(output);
    return failure();
  }
  size_t off = output.size() - input.size();
  for (size_t i = 0; i < input.size(); ++i) {
    int64_t in = input[i], out = output[i + off];
    if (in == 1 || in == kDyn || out == kDyn || in == out)
      continue;
    error = "cannot expand " + formatShape(input) + " to " + formatShape(output) +
            " (dimension " + std::to_string(i) + " is " + std::to_string(in) +
            ", neither 1 nor " + std::to_string(out) + ")";
    return failure();
  }
  return success();
}

LogicalResult checkSlice(ArrayRef<int64_t> input, ArrayRef<int64_t> offsets,
                         ArrayRef<int64_t> strides, ArrayRef<int64_t> output,
                         std::string &error) {
  size_t rank = input.size();
  if (output.size() != rank || offsets.size() != rank || strides.size() != rank) {
    error = "slice of rank " + std::to_string(rank) + " needs " +
            std::to_string(rank) + " offsets and strides and a result of that "
            "rank; got " + std::to_string(offsets.size()) + " offsets, " +
            std::to_string(strides.size()) + " strides and a result of rank " +
            std::to_string(output.size());
    return failure();
  }
  for (size_t d = 0; d < rank; ++d) {
    std::string where = " in dimension " + std::to_string(d);
    if (strides[d] == 0) {
      error = "stride is 0" + where;
      return failure();
    }
    if (input[d] == kDyn || output[d] == kDyn) {
      if (offsets[d] != 0 || strides[d] != 1 ||
          (input[d] != kDyn && output[d] != kDyn)) {
        error = "a dynamic dimension must be read whole (offset 0, stride 1)" + where;
        return failure();
      }
      continue;
    }
    if (output[d] == 0)
      continue;
    int64_t last = offsets[d] + (output[d] - 1) * strides[d];
    if (offsets[d] < 0 || offsets[d] >= input[d] || last < 0 || last >= input[d]) {
      error = "reads indices " + std::to_string(offsets[d]) + " to " +
              std::to_string(last) + where + " of size " + std::to_string(input[d]);
      return failure();
    }
  }
  return success();
}

FailureOr<SliceParams> resolveOnnxSlice(ArrayRef<int64_t> input,
                                        ArrayRef<int64_t> starts,
                                        ArrayRef<int64_t> ends,
                                        std::optional<ArrayRef<int64_t>> axesOpt,
                                        std::optional<ArrayRef<int64_t>> stepsOpt,
                                        std::string &error) {
  int64_t rank = input.size();
  size_t n = starts.size();
  SmallVector<int64_t> defaultAxes = llvm::to_vector(llvm::seq<int64_t>(0, n));
  SmallVector<int64_t> defaultSteps(n, 1);
  ArrayRef<int64_t> axes = axesOpt ? *axesOpt : ArrayRef<int64_t>(defaultAxes);
  ArrayRef<int64_t> steps = stepsOpt ? *stepsOpt : ArrayRef<int64_t>(defaultSteps);
  if (ends.size() != n || axes.size() != n || steps.size() != n) {
    error = "starts, ends, axes and steps must have the same length; got " +
            std::to_string(n) + ", " + std::to_string(ends.size()) + ", " +
            std::to_string(axes.size()) + ", " + std::to_string(steps.size());
    return failure();
  }
  auto normAxes = normalizeAxes(axes, rank, error);
  if (failed(normAxes))
    return failure();
  SliceParams p;
  p.offsets.assign(rank, 0);
  p.strides.assign(rank, 1);
  p.sizes.assign(input.begin(), input.end());
  for (size_t i = 0; i < n; ++i) {
    int64_t a = (*normAxes)[i], step = steps[i];
    int64_t start = starts[i], end = ends[i], dim = input[a];
    if (step == 0) {
      error = "step is 0 for axis " + std::to_string(a);
      return failure();
    }
    if (dim == kDyn) {
      if (start == 0 && step == 1 && end >= std::numeric_limits<int32_t>::max())
        continue; // the whole dimension
      error = "slicing the dynamic dimension " + std::to_string(a) +
              " is not supported yet";
      return failure();
    }
    auto [offset, size] = resolveSliceDim(dim, start, end, step);
    p.sizes[a] = size;
    p.offsets[a] = offset;
    p.strides[a] = size > 0 ? step : 1;
  }
  return p;
}

} // namespace kiln::nn

/// Row-major strides of a static shape. The folders compute them before
/// they know whether they fold; where a stride is not meaningful (dynamic
/// dimensions, overflow) it is 0, and no fold reads it.
static SmallVector<int64_t> stridesOf(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> s(shape.size(), 1);
  for (int64_t d = static_cast<int64_t>(shape.size()) - 2; d >= 0; --d)
    if (ShapedType::isDynamic(shape[d + 1]) ||
        llvm::MulOverflow(s[d + 1], shape[d + 1], s[d]))
      s[d] = 0;
  return s;
}

/// Constants of at most this many elements are folded element by element
/// (splats of any size fold).
static constexpr int64_t kFoldLimit = 1 << 14;

/// The element count of static `type`; none when it is dynamic or the
/// count overflows (a malformed model's sizes).
static std::optional<int64_t> elementCount(ShapedType type) {
  if (!type.hasStaticShape())
    return std::nullopt;
  int64_t n = 1;
  for (int64_t d : type.getShape())
    if (llvm::MulOverflow(n, d, n))
      return std::nullopt;
  return n;
}

/// Whether a folded result of `type` would be small enough to build.
static bool foldable(ShapedType type) {
  auto n = elementCount(type);
  return n && *n <= kFoldLimit;
}

using SourceFn = llvm::function_ref<int64_t(ArrayRef<int64_t>)>;

/// Folds an op that only moves elements: result element at multi-index
/// `idx` is element `source(idx)` (a linear index) of `input`. Null when
/// `input` is not a dense constant or is too large.
static Attribute foldMove(Attribute input, Type resultType, SourceFn source) {
  auto in = dyn_cast_or_null<DenseElementsAttr>(input);
  auto outType = dyn_cast<RankedTensorType>(resultType);
  if (!in || !outType)
    return {};
  // A splat of any size folds; other results only when small (and never
  // when the element count overflows).
  auto count = elementCount(outType);
  if (!count)
    return {};
  int64_t n = *count;
  if (n == 0)
    return DenseElementsAttr::get(outType, ArrayRef<Attribute>{});
  if (in.getNumElements() == 0)
    return {};
  if (in.isSplat())
    return DenseElementsAttr::get(outType, in.getSplatValue<Attribute>());
  if (n > kFoldLimit || in.getNumElements() > kFoldLimit)
    return {};
  SmallVector<Attribute> src(in.getValues<Attribute>());
  SmallVector<Attribute> out;
  out.reserve(n);
  ArrayRef<int64_t> shape = outType.getShape();
  SmallVector<int64_t> idx(shape.size(), 0);
  for (int64_t i = 0; i < n; ++i) {
    int64_t s = source(idx);
    if (s < 0 || s >= static_cast<int64_t>(src.size()))
      return {};
    out.push_back(src[s]);
    for (int64_t d = static_cast<int64_t>(shape.size()) - 1; d >= 0; --d) {
      if (++idx[d] < shape[d])
        break;
      idx[d] = 0;
    }
  }
  return DenseElementsAttr::get(outType, out);
}

//===----------------------------------------------------------------------===//
// TransposeOp
//===----------------------------------------------------------------------===//

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  std::string err;
  auto shape = inferTransposeShape(shapeOf(adaptor.getInput()),
                                   adaptor.getPermutation(), err);
  return toInferred(loc, shape, err, elementTypeOf(adaptor.getInput()), inferred);
}

bool TransposeOp::isCompatibleReturnTypes(TypeRange l, TypeRange r) {
  return compatibleTensorTypes(l, r);
}

OpFoldResult TransposeOp::fold(FoldAdaptor adaptor) {
  ArrayRef<int64_t> perm = getPermutation();
  if (llvm::equal(perm, llvm::seq<int64_t>(0, perm.size())) &&
      getInput().getType() == getType())
    return getInput();
  SmallVector<int64_t> inStrides = stridesOf(getInput().getType().getShape());
  return foldMove(adaptor.getInput(), getType(), [&](ArrayRef<int64_t> idx) {
    int64_t s = 0;
    for (size_t k = 0; k < perm.size(); ++k)
      s += idx[k] * inStrides[perm[k]];
    return s;
  });
}

//===----------------------------------------------------------------------===//
// ConcatOp
//===----------------------------------------------------------------------===//

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  ValueRange inputs = adaptor.getInputs();
  if (inputs.empty())
    return emitOptionalError(loc, "concat needs at least one input");
  SmallVector<ArrayRef<int64_t>> shapes;
  for (Value v : inputs) {
    if (elementTypeOf(v) != elementTypeOf(inputs.front()))
      return emitOptionalError(loc, "operands must have the same element type, got ",
                               inputs.front().getType(), " and ", v.getType());
    shapes.push_back(shapeOf(v));
  }
  std::string err;
  auto shape = inferConcatShape(shapes, static_cast<int64_t>(adaptor.getAxis()), err);
  return toInferred(loc, shape, err, elementTypeOf(inputs.front()), inferred);
}

bool ConcatOp::isCompatibleReturnTypes(TypeRange l, TypeRange r) {
  return compatibleTensorTypes(l, r);
}

OpFoldResult ConcatOp::fold(FoldAdaptor adaptor) {
  if (getInputs().size() == 1 && getInputs().front().getType() == getType())
    return getInputs().front();
  auto outType = getType();
  if (!foldable(outType))
    return {};
  int64_t rank = outType.getRank();
  int64_t axis = static_cast<int64_t>(getAxis());
  if (axis < 0)
    axis += rank;
  // Stack the constants' element lists and pick from them.
  SmallVector<SmallVector<Attribute>> values;
  SmallVector<SmallVector<int64_t>> strides;
  SmallVector<int64_t> starts; // first index along `axis` of each input
  int64_t at = 0;
  for (auto [v, a] : llvm::zip(getInputs(), adaptor.getInputs())) {
    auto dense = dyn_cast_or_null<DenseElementsAttr>(a);
    if (!dense)
      return {};
    values.emplace_back(dense.getValues<Attribute>());
    strides.push_back(stridesOf(shapeOf(v)));
    starts.push_back(at);
    at += shapeOf(v)[axis];
  }
  SmallVector<Attribute> out;
  ArrayRef<int64_t> shape = outType.getShape();
  SmallVector<int64_t> idx(rank, 0);
  for (int64_t i = 0, n = outType.getNumElements(); i < n; ++i) {
    // The last input starting at or before idx[axis] (empty inputs share
    // their start with the next one, so they are never picked).
    size_t k = llvm::upper_bound(starts, idx[axis]) - starts.begin() - 1;
    int64_t s = 0;
    for (int64_t d = 0; d < rank; ++d)
      s += (d == axis ? idx[d] - starts[k] : idx[d]) * strides[k][d];
    out.push_back(values[k][s]);
    for (int64_t d = rank - 1; d >= 0; --d) {
      if (++idx[d] < shape[d])
        break;
      idx[d] = 0;
    }
  }
  return DenseElementsAttr::get(outType, out);
}

//===----------------------------------------------------------------------===//
// SliceOp
//===----------------------------------------------------------------------===//

LogicalResult SliceOp::verify() {
  auto in = getInput().getType(), out = getOutput().getType();
  if (in.getElementType() != out.getElementType())
    return emitOpError("element type changes from ")
           << in.getElementType() << " to " << out.getElementType();
  std::string err;
  if (failed(checkSlice(in.getShape(), getOffsets(), getStrides(), out.getShape(), err)))
    return emitOpError(err);
  return success();
}

OpFoldResult SliceOp::fold(FoldAdaptor adaptor) {
  ArrayRef<int64_t> offsets = getOffsets(), strides = getStrides();
  if (getInput().getType() == getType() && llvm::all_of(offsets, [](int64_t o) {
        return o == 0;
      }) && llvm::all_of(strides, [](int64_t s) { return s == 1; }))
    return getInput();
  if (!getInput().getType().hasStaticShape())
    return {};
  SmallVector<int64_t> inStrides = stridesOf(getInput().getType().getShape());
  return foldMove(adaptor.getInput(), getType(), [&](ArrayRef<int64_t> idx) {
    int64_t s = 0;
    for (size_t d = 0; d < idx.size(); ++d)
      s += (offsets[d] + strides[d] * idx[d]) * inStrides[d];
    return s;
  });
}

//===----------------------------------------------------------------------===//
// GatherOp / GatherElementsOp
//===----------------------------------------------------------------------===//

LogicalResult GatherOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  std::string err;
  auto shape = inferGatherShape(shapeOf(adaptor.getData()), shapeOf(adaptor.getIndices()),
                                static_cast<int64_t>(adaptor.getAxis()), err);
  return toInferred(loc, shape, err, elementTypeOf(adaptor.getData()), inferred);
}

bool GatherOp::isCompatibleReturnTypes(TypeRange l, TypeRange r) {
  return compatibleTensorTypes(l, r);
}

OpFoldResult GatherOp::fold(FoldAdaptor adaptor) {
  auto indices = dyn_cast_or_null<DenseIntElementsAttr>(adaptor.getIndices());
  auto dataType = getData().getType();
  if (!indices || !foldable(dataType) || indices.getNumElements() > kFoldLimit)
    return {};
  int64_t rank = dataType.getRank();
  int64_t axis = static_cast<int64_t>(getAxis());
  if (axis < 0)
    axis += rank;
  int64_t dim = dataType.getDimSize(axis);
  SmallVector<int64_t> idxValues;
  for (const APInt &v : indices.getValues<APInt>()) {
    int64_t i = v.getSExtValue();
    if (i < 0)
      i += dim;
    if (i < 0 || i >= dim)
      return {}; // out of range: leave it to run time
    idxValues.push_back(i);
  }
  SmallVector<int64_t> inStrides = stridesOf(dataType.getShape());
  SmallVector<int64_t> idxStrides = stridesOf(indices.getType().getShape());
  int64_t q = indices.getType().getRank();
  return foldMove(adaptor.getData(), getType(), [&](ArrayRef<int64_t> idx) {
    int64_t s = 0, j = 0;
    for (int64_t d = 0; d < axis; ++d)
      s += idx[d] * inStrides[d];
    for (int64_t d = 0; d < q; ++d)
      j += idx[axis + d] * idxStrides[d];
    s += idxValues[j] * inStrides[axis];
    for (int64_t d = axis + 1; d < rank; ++d)
      s += idx[d + q - 1] * inStrides[d];
    return s;
  });
}

LogicalResult GatherElementsOp::inferReturnTypes(MLIRContext *,
                                                 std::optional<Location> loc,
                                                 Adaptor adaptor,
                                                 SmallVectorImpl<Type> &inferred) {
  std::string err;
  auto shape = inferGatherElementsShape(shapeOf(adaptor.getData()),
                                        shapeOf(adaptor.getIndices()),
                                        static_cast<int64_t>(adaptor.getAxis()), err);
  return toInferred(loc, shape, err, elementTypeOf(adaptor.getData()), inferred);
}

bool GatherElementsOp::isCompatibleReturnTypes(TypeRange l, TypeRange r) {
  return compatibleTensorTypes(l, r);
}

//===----------------------------------------------------------------------===//
// ExpandOp
//===----------------------------------------------------------------------===//

LogicalResult ExpandOp::verify() {
  auto in = getInput().getType(), out = getOutput().getType();
  if (in.getElementType() != out.getElementType())
    return emitOpError("element type changes from ")
           << in.getElementType() << " to " << out.getElementType();
  std::string err;
  if (failed(checkExpand(in.getShape(), out.getShape(), err)))
    return emitOpError(err);
  return success();
}

OpFoldResult ExpandOp::fold(FoldAdaptor adaptor) {
  auto inType = getInput().getType();
  if (inType == getType())
    return getInput();
  if (!inType.hasStaticShape())
    return {};
  ArrayRef<int64_t> inShape = inType.getShape();
  SmallVector<int64_t> inStrides = stridesOf(inShape);
  size_t off = getType().getRank() - inType.getRank();
  return foldMove(adaptor.getInput(), getType(), [&](ArrayRef<int64_t> idx) {
    int64_t s = 0;
    for (size_t d = 0; d < inShape.size(); ++d)
      s += (inShape[d] == 1 ? 0 : idx[d + off]) * inStrides[d];
    return s;
  });
}

//===----------------------------------------------------------------------===//
// PadOp
//===----------------------------------------------------------------------===//

LogicalResult PadOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &inferred) {
  Type et = elementTypeOf(adaptor.getInput());
  StringRef mode = adaptor.getMode();
  if (Value v = adaptor.getValue()) {
    auto vt = cast<RankedTensorType>(v.getType());
    if (vt.getRank() != 0 || vt.getElementType() != et)
      return emitOptionalError(loc, "the padding value must be a rank-0 tensor of ",
                               et, ", got ", vt);
    if (mode != "constant")
      return emitOptionalError(loc, "a padding value is only used in constant mode, "
                                    "not in ", mode, " mode");
  } else if (mode == "constant") {
    return emitOptionalError(loc, "constant mode needs a padding value");
  }
  std::string err;
  auto shape = inferPadShape(shapeOf(adaptor.getInput()), adaptor.getPads(), mode, err);
  return toInferred(loc, shape, err, et, inferred);
}

bool PadOp::isCompatibleReturnTypes(TypeRange l, TypeRange r) {
  return compatibleTensorTypes(l, r);
}

//===----------------------------------------------------------------------===//
// TriluOp
//===----------------------------------------------------------------------===//

LogicalResult TriluOp::verify() {
  if (getInput().getType().getRank() < 2)
    return emitOpError("needs an input of rank >= 2, got ") << getInput().getType();
  return success();
}
