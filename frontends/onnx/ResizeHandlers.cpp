//===- ResizeHandlers.cpp - ONNX Resize and Upsample ----------------------===//
//
// Both become nn.resize. Resize-10 and Upsample (versions 7, 9) have no
// coordinate or rounding attributes: they resize like Resize-11 with
// `asymmetric` coordinates and nearest rounding down (ONNX's own version
// converter maps them so). Scales, sizes and roi may be run-time values; an
// empty tensor counts as absent (Resize-11 requires scales to be given even
// when sizes is). Axes that a constant scale of 1 (or a size equal to the
// input's) provably leaves unchanged are dropped from the op, so exporters'
// [1, 1, 2, 2] scales resample only the spatial dimensions.
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/ImporterImpl.h"
#include "dialects/NN/IR/NNOps.h"
#include "dialects/NN/IR/ResizeShapes.h"

#include "mlir/IR/Matchers.h"

#include <cmath>

using namespace mlir;

namespace kiln::onnx_frontend {
namespace {

/// True for an operand with no elements (a placeholder for "absent").
bool isEmptyTensor(Value v) {
  auto t = cast<RankedTensorType>(v.getType());
  return t.hasStaticShape() && t.getNumElements() == 0;
}

/// The float elements of `v` when it is a constant.
std::optional<SmallVector<double>> constantFloats(Value v) {
  DenseFPElementsAttr attr;
  if (!matchPattern(v, m_Constant(&attr)))
    return std::nullopt;
  SmallVector<double> out;
  for (const APFloat &f : attr.getValues<APFloat>())
    out.push_back(f.convertToDouble());
  return out;
}

/// Checks that input `i` (`what`) is a 1-D tensor of `n` entries whose
/// element type satisfies `ok` (`kind` says which). One of dynamic length
/// is reshaped to `n` entries (checked at run time).
LogicalResult checkVector(NodeContext &nc, Value &v, int i, StringRef what, int64_t n,
                          bool ok, StringRef kind) {
  auto t = nc.tensorType(v);
  std::string name = i < 0 ? "attribute '" + what.str() + "'"
                           : "input " + std::to_string(i) + " (" + what.str() + ")";
  if (t.getRank() != 1 || !ok)
    return nc.fail(name + " must be a 1-D " + kind + " tensor, got " + typeName(t));
  if (t.isDynamicDim(0)) {
    auto shapeType = RankedTensorType::get({1}, nc.b.getI64Type());
    Value shape = nn::ConstantOp::create(nc.b, nc.loc,
                                         DenseElementsAttr::get(shapeType, ArrayRef<int64_t>{n}));
    v = nn::DynamicReshapeOp::create(nc.b, nc.loc,
                                     RankedTensorType::get({n}, t.getElementType()), v, shape,
                                     nc.b.getBoolAttr(true));
    return success();
  }
  if (t.getDimSize(0) != n)
    return nc.fail(name + " has " + llvm::Twine(t.getDimSize(0)) + " entries; it needs " +
                   llvm::Twine(n) +
                   (n == 1 ? " entry" : " entries") + " for the resized axes");
  return success();
}

/// `v` restricted to the entries `keep`: a new constant when the kept
/// entries are known (`known`, or `v` a constant), else an nn.gather.
Value selectEntries(NodeContext &nc, Value v, ArrayRef<int64_t> keep,
                    std::optional<ArrayRef<int64_t>> known = std::nullopt) {
  auto t = nc.tensorType(v);
  int64_t n = keep.size();
  if (n == t.getDimSize(0))
    return v;
  auto rt = RankedTensorType::get({n}, t.getElementType());
  if (known) {
    SmallVector<int64_t> values;
    for (int64_t i : keep)
      values.push_back((*known)[i]);
    return nn::ConstantOp::create(nc.b, nc.loc, DenseElementsAttr::get(rt, ArrayRef(values)));
  }
  DenseElementsAttr attr;
  if (matchPattern(v, m_Constant(&attr))) {
    SmallVector<Attribute> values;
    auto all = llvm::to_vector(attr.getValues<Attribute>());
    for (int64_t i : keep)
      values.push_back(all[i]);
    return nn::ConstantOp::create(nc.b, nc.loc, DenseElementsAttr::get(rt, values));
  }
  auto idxType = RankedTensorType::get({n}, nc.b.getI64Type());
  Value idx = nn::ConstantOp::create(nc.b, nc.loc, DenseElementsAttr::get(idxType, keep));
  return nn::GatherOp::create(nc.b, nc.loc, rt, v, idx, nc.b.getI64IntegerAttr(0));
}

LogicalResult resize(NodeContext &nc) {
  bool upsample = nc.node.op_type() == "Upsample";
  bool legacy = upsample || nc.version < 11;
  Value x = nc.input(0);
  if (!x)
    return failure();
  auto xt = nc.tensorType(x);
  int64_t rank = xt.getRank();
  Type et = xt.getElementType();

  // Attributes only later versions define are errors in earlier ones.
  auto since = [&](StringRef name, int version) -> LogicalResult {
    if (nc.attr(name) && (legacy || nc.version < version))
      return nc.fail("attribute '" + name + "' is not defined for " + nc.node.op_type() +
                     "-" + llvm::Twine(nc.version));
    return success();
  };
  for (StringRef a : {"coordinate_transformation_mode", "cubic_coeff_a", "exclude_outside",
                      "extrapolation_value", "nearest_mode"})
    if (failed(since(a, 11)))
      return failure();
  for (StringRef a : {"antialias", "axes", "keep_aspect_ratio_policy"})
    if (failed(since(a, 18)))
      return failure();
  if (nc.attr("scales") && !(upsample && nc.version < 9))
    return nc.fail("attribute 'scales' is an input from Upsample-9 on");

  std::string mode = nc.getString("mode", "nearest");
  std::string ctm = legacy ? "asymmetric" : nc.getString("coordinate_transformation_mode",
                                                         "half_pixel");
  std::string nearestMode = legacy ? "floor" : nc.getString("nearest_mode",
                                                            "round_prefer_floor");
  std::string policy = nc.getString("keep_aspect_ratio_policy", "stretch");
  if (legacy && mode != "nearest" && mode != "linear")
    return nc.fail("mode '" + mode + "' is not one of nearest, linear");
  std::string err;
  if (failed(nn::checkResizeModes(mode, ctm, nearestMode, policy, et, err)))
    return nc.fail(err);
  bool antialias = nc.getInt("antialias", 0) != 0 && mode != "nearest";
  bool crop = ctm == "tf_crop_and_resize";

  // The operands: roi, scales, sizes (absent or empty means not given).
  Value roi, scales, sizes;
  int scalesInput = upsample && nc.version < 9 ? -1 : legacy ? 1 : 2;
  if (upsample && nc.version < 9) {
    const onnx::AttributeProto *s = nc.attr("scales");
    if (!s)
      return nc.fail("missing required attribute 'scales'");
    SmallVector<float> values(s->floats().begin(), s->floats().end());
    auto t = RankedTensorType::get({static_cast<int64_t>(values.size())}, nc.b.getF32Type());
    scales = nn::ConstantOp::create(nc.b, nc.loc,
                                    DenseElementsAttr::get(t, ArrayRef<float>(values)));
  } else if (legacy) {
    if (!(scales = nc.input(1)))
      return failure();
  } else {
    for (int i = 1; i <= 3; ++i)
      if (nc.hasInput(i) && !nc.input(i))
        return failure();
    roi = nc.optionalInput(1);
    scales = nc.optionalInput(2);
    sizes = nc.optionalInput(3);
  }
  if (roi && isEmptyTensor(roi))
    roi = {};
  if (scales && isEmptyTensor(scales))
    scales = {};
  if (sizes && isEmptyTensor(sizes))
    sizes = {};
  // Resize-11 needs a scales operand even with sizes; one of unknown length
  // is then the empty placeholder.
  if (scales && sizes && nc.tensorType(scales).getRank() == 1 &&
      nc.tensorType(scales).isDynamicDim(0))
    scales = {};
  if (scales && sizes)
    return nc.fail("both scales and sizes are given; exactly one may be");
  if (!scales && !sizes)
    return nc.fail("neither scales nor sizes is given");
  // The policy applies to sizes only.
  if (!sizes)
    policy = "stretch";
  if (!crop)
    roi = {};
  else if (!roi)
    return nc.fail("coordinate_transformation_mode 'tf_crop_and_resize' needs the roi input");

  SmallVector<int64_t> axes;
  if (auto a = nc.getInts("axes")) {
    auto norm = nn::normalizeAxes(*a, rank, err);
    if (failed(norm))
      return nc.fail(err);
    axes = *norm;
  } else {
    for (int64_t d = 0; d < rank; ++d)
      axes.push_back(d);
  }
  int64_t k = axes.size();
  if (scales && failed(checkVector(nc, scales, scalesInput, "scales", k,
                                   isa<FloatType>(nc.tensorType(scales).getElementType()),
                                   "float")))
    return failure();
  if (sizes && failed(checkVector(nc, sizes, 3, "sizes", k,
                                  nc.tensorType(sizes).getElementType().isInteger(64),
                                  "int64")))
    return failure();
  if (roi && failed(checkVector(nc, roi, 1, "roi", 2 * k,
                                isa<FloatType>(nc.tensorType(roi).getElementType()),
                                "float")))
    return failure();

  // What is known of the values: constants, and symbolic sizes.
  SymbolicShapes &ss = nc.shapes;
  SymVector inDims = ss.dims(x);
  std::optional<SmallVector<double>> scaleValues = scales ? constantFloats(scales) : std::nullopt;
  std::optional<SymVector> sizeEntries = sizes ? ss.elementsOrFresh(sizes) : std::nullopt;
  std::optional<SmallVector<int64_t>> sizeValues = sizes ? ss.constantElements(sizes)
                                                         : std::nullopt;
  if (sizes && !sizeValues)
    sizeValues = nc.constantInts(3);
  std::optional<ArrayRef<double>> scalesRef;
  std::optional<ArrayRef<int64_t>> sizesRef;
  if (scaleValues)
    scalesRef = ArrayRef<double>(*scaleValues);
  if (sizeValues)
    sizesRef = ArrayRef<int64_t>(*sizeValues);
  if (failed(nn::inferResizeShape(xt.getShape(), axes, static_cast<bool>(sizes), scalesRef,
                                  sizesRef, policy, err)))
    return nc.fail(err);

  // Drop the axes that provably stay as they are.
  SmallVector<int64_t> keep;
  bool unitSafe = nn::resizeKeepsUnitScale(mode, ctm, nearestMode);
  for (int64_t i = 0; i < k; ++i) {
    bool unchanged = false;
    if (unitSafe && scaleValues)
      unchanged = (*scaleValues)[i] == 1.0;
    else if (unitSafe && sizes && policy == "stretch" && sizeEntries)
      unchanged = (*sizeEntries)[i] == inDims[axes[i]];
    if (!unchanged)
      keep.push_back(i);
  }
  if (keep.empty()) {
    nc.setOutput(0, x);
    return success();
  }
  if (static_cast<int64_t>(keep.size()) != k) {
    SmallVector<int64_t> newAxes;
    for (int64_t i : keep)
      newAxes.push_back(axes[i]);
    if (scales) {
      scales = selectEntries(nc, scales, keep);
      SmallVector<double> v;
      for (int64_t i : keep)
        v.push_back((*scaleValues)[i]);
      scaleValues = v;
    }
    if (sizes) {
      SymVector e;
      SmallVector<int64_t> known;
      for (int64_t i : keep)
        e.push_back((*sizeEntries)[i]);
      for (const SymExpr &x : *sizeEntries)
        known.push_back(x.value().value_or(0));
      bool allKnown = llvm::all_of(keep, [&](int64_t i) { return (*sizeEntries)[i].isConstant(); });
      sizes = selectEntries(nc, sizes, keep,
                            allKnown ? std::optional<ArrayRef<int64_t>>(known) : std::nullopt);
      sizeEntries = e;
    }
    // Roi is only given for tf_crop_and_resize, which keeps every axis.
    axes = newAxes;
    k = axes.size();
  }

  // The result's dimensions, as far as they are known.
  SymVector dims = inDims;
  if (scales) {
    for (int64_t i = 0; i < k; ++i) {
      SymExpr in = inDims[axes[i]];
      if (!scaleValues) {
        dims[axes[i]] = ss.fresh(true);
        continue;
      }
      double s = (*scaleValues)[i];
      if (auto c = in.value())
        dims[axes[i]] = SymExpr::constant(nn::resizeScaledSize(*c, s));
      else if (s >= 1 && s == std::floor(s) && s < 1e9)
        dims[axes[i]] = ss.mul(in, SymExpr::constant(static_cast<int64_t>(s)));
      else
        dims[axes[i]] = ss.opaque("resize*" + std::to_string(s), {in}, true);
    }
  } else if (policy == "stretch") {
    for (int64_t i = 0; i < k; ++i)
      dims[axes[i]] = (*sizeEntries)[i];
  } else {
    // One scale for all axes: known when the sizes and lengths are.
    SmallVector<int64_t> in;
    for (int64_t a : axes)
      in.push_back(xt.getDimSize(a));
    auto shape = nn::inferResizeShape(in, llvm::to_vector(llvm::seq<int64_t>(0, k)), true,
                                      std::nullopt, sizesRef, policy, err);
    for (int64_t i = 0; i < k; ++i) {
      int64_t d = succeeded(shape) ? (*shape)[i] : ShapedType::kDynamic;
      dims[axes[i]] = ShapedType::isDynamic(d) ? ss.fresh(true) : SymExpr::constant(d);
    }
  }

  auto &b = nc.b;
  auto type = RankedTensorType::get(SymbolicShapes::staticShape(dims), et);
  auto op = nn::ResizeOp::create(
      b, nc.loc, type, x, scales, sizes, roi, b.getDenseI64ArrayAttr(axes),
      b.getStringAttr(mode), b.getStringAttr(ctm), b.getStringAttr(nearestMode),
      b.getF64FloatAttr(nc.getFloat("cubic_coeff_a", -0.75f)),
      b.getBoolAttr(nc.getInt("exclude_outside", 0) != 0),
      b.getF64FloatAttr(nc.getFloat("extrapolation_value", 0.0f)), b.getStringAttr(policy),
      b.getBoolAttr(antialias));
  ss.setDims(op.getResult(), dims);
  nc.setOutput(0, op.getResult());
  return success();
}

} // namespace

void addResizeOps(std::vector<OpEntry> &table) {
  table.push_back({"Resize", {10, 11, 13, 18, 19}, {10, 11, 13, 18, 19},
                   {"antialias", "axes", "coordinate_transformation_mode", "cubic_coeff_a",
                    "exclude_outside", "extrapolation_value", "keep_aspect_ratio_policy",
                    "mode", "nearest_mode"},
                   "nearest, linear, cubic; scales, sizes and roi may be run-time values",
                   resize});
  table.push_back({"Upsample", {1, 7, 9, 10}, {7, 9}, {"mode", "scales"},
                   "as Resize-10 (asymmetric, nearest rounds down)", resize});
}

} // namespace kiln::onnx_frontend
