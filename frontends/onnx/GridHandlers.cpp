//===- GridHandlers.cpp - ONNX GridSample and AffineGrid ------------------===//
//
// GridSample becomes nn.grid_sample (version 16's `bilinear` and `bicubic`
// are nn's `linear` and `cubic`), AffineGrid nn.affine_grid, RoiAlign
// nn.roi_align. GridSample-16
// samples 4-D inputs only; from version 20 on, inputs with 1 to 3 spatial
// dimensions are accepted. AffineGrid's size may be a run-time value: the
// grid's spatial sizes are then known at run time only (or symbolically,
// when size was computed from another tensor's shape).
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/ImporterImpl.h"
#include "dialects/NN/IR/GridShapes.h"
#include "dialects/NN/IR/NNOps.h"

using namespace mlir;

namespace kiln::onnx_frontend {
namespace {

/// Most spatial dimensions GridSample accepts (cubic reads 4^r elements).
constexpr int64_t kMaxSpatialDims = 3;

/// The dimension both `a` (dimension `da`) and `b` (dimension `db`) stand
/// for: a constant one when either knows it.
SymExpr sameDim(SymbolicShapes &ss, Value a, int64_t da, Value b, int64_t db) {
  SymExpr x = ss.dims(a)[da], y = ss.dims(b)[db];
  return x.isConstant() || !y.isConstant() ? x : y;
}

LogicalResult gridSample(NodeContext &nc) {
  Value x = nc.input(0), grid = nc.input(1);
  if (!x || !grid)
    return failure();
  if (failed(requireFloat(nc, grid, 1)))
    return failure();
  auto xt = nc.tensorType(x);
  int64_t rank = xt.getRank();
  bool v16 = nc.version < 20;
  std::string mode = nc.getString("mode", v16 ? "bilinear" : "linear");
  std::string padding = nc.getString("padding_mode", "zeros");
  int64_t align = nc.getInt("align_corners", 0);
  if (v16) {
    if (mode != "bilinear" && mode != "nearest" && mode != "bicubic")
      return nc.fail("mode '" + mode + "' is not one of bilinear, nearest, bicubic");
    mode = mode == "bilinear" ? "linear" : mode == "bicubic" ? "cubic" : mode;
    if (rank != 4)
      return nc.fail("GridSample-16 samples 4-D inputs (N, C, H, W), got " + typeName(xt));
  } else if (mode == "bilinear" || mode == "bicubic") {
    return nc.fail("mode '" + mode + "' is not one of linear, nearest, cubic (GridSample-" +
                   llvm::Twine(nc.version) + ")");
  }
  if (align != 0 && align != 1)
    return nc.fail("align_corners must be 0 or 1, got " + llvm::Twine(align));
  std::string err;
  if (failed(nn::checkGridSampleModes(mode, padding, xt.getElementType(), err)))
    return nc.fail(err);
  if (rank > kMaxSpatialDims + 2)
    return nc.fail("inputs with more than " + llvm::Twine(kMaxSpatialDims) +
                   " spatial dimensions are not supported, got " + typeName(xt));
  auto t = resultType(nc, nn::inferGridSampleShape(xt.getShape(),
                                                   nc.tensorType(grid).getShape(), err),
                      err, xt.getElementType());
  if (!t)
    return failure();

  auto &b = nc.b;
  auto op = nn::GridSampleOp::create(b, nc.loc, t, x, grid, b.getStringAttr(mode),
                                     b.getStringAttr(padding), b.getBoolAttr(align != 0));
  SymbolicShapes &ss = nc.shapes;
  SymVector gridDims = ss.dims(grid);
  SymVector dims{sameDim(ss, x, 0, grid, 0), ss.dims(x)[1]};
  dims.append(gridDims.begin() + 1, gridDims.end() - 1);
  ss.setDims(op.getResult(), dims);
  nc.setOutput(0, op.getResult());
  return success();
}

LogicalResult affineGrid(NodeContext &nc) {
  Value theta = nc.input(0), size = nc.input(1);
  if (!theta || !size)
    return failure();
  if (failed(requireFloat(nc, theta, 0)))
    return failure();
  auto thetaType = nc.tensorType(theta);
  auto sizeType = nc.tensorType(size);
  if (sizeType.getRank() != 1 || !sizeType.getElementType().isInteger(64))
    return nc.fail("input 1 (size) must be a 1-D int64 tensor, got " + typeName(sizeType));
  int64_t align = nc.getInt("align_corners", 0);
  if (align != 0 && align != 1)
    return nc.fail("align_corners must be 0 or 1, got " + llvm::Twine(align));

  // The number of spatial dimensions: size's length, or theta's rows.
  int64_t length = sizeType.getDimSize(0);
  if (ShapedType::isDynamic(length)) {
    if (thetaType.getRank() != 3 || thetaType.isDynamicDim(1))
      return nc.fail("the number of spatial dimensions is unknown: size has a run-time "
                     "length and theta " + typeName(thetaType) + " no static dimension 1");
    length = thetaType.getDimSize(1) + 2;
    auto &b = nc.b;
    size = nn::DynamicReshapeOp::create(
        b, nc.loc, RankedTensorType::get({length}, b.getI64Type()), size,
        i64Tensor(nc, {1}, {length}), b.getBoolAttr(true));
  }
  if (length != 4 && length != 5)
    return nc.fail("size has " + llvm::Twine(length) +
                   " entries; AffineGrid builds 2-D (N, C, H, W) or 3-D (N, C, D, H, W) grids");

  SymbolicShapes &ss = nc.shapes;
  std::optional<SmallVector<int64_t>> values = ss.constantElements(size);
  std::optional<ArrayRef<int64_t>> ref;
  if (values)
    ref = ArrayRef<int64_t>(*values);
  std::string err;
  auto shape = nn::inferAffineGridShape(thetaType.getShape(), length, ref, err);
  if (failed(shape))
    return nc.fail(err);

  // What is known of the sizes: constants, or symbols shared with the
  // tensors they were read from.
  std::optional<SymVector> entries = ss.elementsOrFresh(size);
  if (entries)
    for (auto [i, e] : llvm::enumerate(*entries))
      if (e.isConstant() && e.coeff < 0)
        return nc.fail("size entry " + llvm::Twine(i) + " is " + llvm::Twine(e.coeff) +
                       "; sizes must not be negative");
  SymExpr n = ss.dims(theta)[0];
  if (entries && !n.isConstant())
    n = (*entries)[0];
  SymVector dims{n};
  for (int64_t i = 2; i < length; ++i)
    dims.push_back(entries ? (*entries)[i] : ss.fresh(true));
  dims.push_back(SymExpr::constant(length - 2));
  SmallVector<int64_t> resultShape = SymbolicShapes::staticShape(dims);
  for (auto [i, d] : llvm::enumerate(*shape))
    if (!ShapedType::isDynamic(d))
      resultShape[i] = d;

  auto &b = nc.b;
  auto op = nn::AffineGridOp::create(b, nc.loc,
                                     RankedTensorType::get(resultShape, thetaType.getElementType()),
                                     theta, size, b.getBoolAttr(align != 0));
  ss.setDims(op.getResult(), dims);
  nc.setOutput(0, op.getResult());
  return success();
}

/// RoiAlign (10, 16, 22): nn.roi_align. Version 10 has no
/// coordinate_transformation_mode and behaves as output_half_pixel; later
/// versions default to half_pixel.
LogicalResult roiAlign(NodeContext &nc) {
  Value x = nc.input(0), rois = nc.input(1), idx = nc.input(2);
  if (!x || !rois || !idx || failed(requireFloat(nc, x, 0)))
    return failure();
  auto xt = nc.tensorType(x), rt = nc.tensorType(rois), it = nc.tensorType(idx);
  if (rt.getElementType() != xt.getElementType())
    return nc.fail("rois have element type " + typeName(rt.getElementType()) +
                   " but the input " + typeName(xt.getElementType()));
  if (!it.getElementType().isInteger(64))
    return nc.fail("batch_indices must be int64, got " + typeName(it));
  std::string coordinates =
      nc.version >= 16 ? nc.getString("coordinate_transformation_mode", "half_pixel")
                       : std::string("output_half_pixel");
  std::string mode = nc.getString("mode", "avg");
  int64_t oh = nc.getInt("output_height", 1), ow = nc.getInt("output_width", 1);
  int64_t ratio = nc.getInt("sampling_ratio", 0);
  float scale = nc.getFloat("spatial_scale", 1.0f);
  std::string err;
  auto shape = nn::inferRoiAlignShape(xt.getShape(), rt.getShape(), it.getShape(), mode,
                                      coordinates, oh, ow, ratio, err);
  if (failed(shape))
    return nc.fail(err);
  auto &b = nc.b;
  auto op = nn::RoiAlignOp::create(b, nc.loc, RankedTensorType::get(*shape, xt.getElementType()),
                                   x, rois, idx, b.getStringAttr(mode),
                                   b.getStringAttr(coordinates), b.getI64IntegerAttr(oh),
                                   b.getI64IntegerAttr(ow), b.getI64IntegerAttr(ratio),
                                   b.getF32FloatAttr(scale));
  SymbolicShapes &ss = nc.shapes;
  ss.setDims(op.getResult(), {sameDim(ss, rois, 0, idx, 0), ss.dims(x)[1], SymExpr::constant(oh),
                              SymExpr::constant(ow)});
  nc.setOutput(0, op.getResult());
  return success();
}

} // namespace

void addGridOps(std::vector<OpEntry> &table) {
  table.push_back({"GridSample", {16, 20, 22}, {16, 20, 22},
                   {"align_corners", "mode", "padding_mode"},
                   "nearest, linear, cubic; zeros, border, reflection padding; 1 to 3 "
                   "spatial dimensions (2 for version 16)",
                   gridSample});
  table.push_back({"AffineGrid", {20}, {20}, {"align_corners"},
                   "2-D and 3-D; size may be a run-time value", affineGrid});
  table.push_back({"RoiAlign", {10, 16, 22}, {10, 16, 22},
                   {"coordinate_transformation_mode", "mode", "output_height", "output_width",
                    "sampling_ratio", "spatial_scale"},
                   "avg and max (the reference's weighted-corner maximum); batch indices "
                   "checked at run time",
                   roiAlign});
}

} // namespace kiln::onnx_frontend
