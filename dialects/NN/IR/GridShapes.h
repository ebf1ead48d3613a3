//===- GridShapes.h - shape rules of nn.grid_sample, nn.affine_grid -*- C++ -*-===//
//
// Shared by the verifiers (NNGridOps.cpp) and the ONNX importer
// (GridHandlers.cpp). Dynamic dimensions are ShapedType::kDynamic; two
// dimensions conflict only when both are static and differ.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_DIALECTS_NN_IR_GRIDSHAPES_H
#define KILN_DIALECTS_NN_IR_GRIDSHAPES_H

#include "dialects/NN/IR/ShapeFunctions.h"

#include "mlir/IR/Types.h"

namespace kiln::nn {

/// Checks nn.grid_sample's mode (nearest, linear, cubic) and padding mode
/// (zeros, border, reflection), and that linear and cubic get a
/// floating-point `elementType`.
mlir::LogicalResult checkGridSampleModes(llvm::StringRef mode, llvm::StringRef paddingMode,
                                         mlir::Type elementType, std::string &error);

/// Result shape of nn.grid_sample: input (N, C, D1..Dr) with r >= 1, grid
/// (N, O1..Or, r) of the same rank; the result is (N, C, O1..Or), N known
/// when either operand knows it.
mlir::FailureOr<Shape> inferGridSampleShape(mlir::ArrayRef<int64_t> input,
                                            mlir::ArrayRef<int64_t> grid,
                                            std::string &error);

/// Result shape of nn.affine_grid: theta (N, r, r + 1), `sizeLength` = r + 2
/// (r >= 1) entries of size, whose values `size` holds when they are
/// known; the result is (N, D1..Dr, r). Known sizes must not be negative
/// and a known size[0] must agree with N.
mlir::FailureOr<Shape> inferAffineGridShape(mlir::ArrayRef<int64_t> theta,
                                            int64_t sizeLength,
                                            std::optional<mlir::ArrayRef<int64_t>> size,
                                            std::string &error);

/// Result shape of nn.roi_align: input (N, C, H, W), rois (R, 4),
/// batch_indices (R); the result is (R, C, outputHeight, outputWidth).
/// Also checks the attributes: mode avg or max, a coordinate mode of
/// half_pixel or output_half_pixel, output sizes >= 1, sampling_ratio >= 0.
mlir::FailureOr<Shape> inferRoiAlignShape(mlir::ArrayRef<int64_t> input,
                                          mlir::ArrayRef<int64_t> rois,
                                          mlir::ArrayRef<int64_t> batchIndices,
                                          llvm::StringRef mode, llvm::StringRef coordinates,
                                          int64_t outputHeight, int64_t outputWidth,
                                          int64_t samplingRatio, std::string &error);

} // namespace kiln::nn

#endif // KILN_DIALECTS_NN_IR_GRIDSHAPES_H
