//===- ResizeShapes.h - shape rules of nn.resize ------------------*- C++ -*-===//
//
// Shared by the verifier (NNResizeOps.cpp) and the ONNX importer, like
// ShapeFunctions.h. Dynamic dimensions are ShapedType::kDynamic.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_DIALECTS_NN_IR_RESIZESHAPES_H
#define KILN_DIALECTS_NN_IR_RESIZESHAPES_H

#include "dialects/NN/IR/ShapeFunctions.h"

#include "mlir/IR/Types.h"
#include "llvm/ADT/StringRef.h"

namespace kiln::nn {

/// Checks nn.resize's string attributes (mode, coordinate transformation,
/// nearest rounding, aspect-ratio policy) and that `elementType` suits the
/// mode (linear and cubic need floats).
mlir::LogicalResult checkResizeModes(llvm::StringRef mode,
                                     llvm::StringRef coordinateMode,
                                     llvm::StringRef nearestMode,
                                     llvm::StringRef keepAspectRatioPolicy,
                                     mlir::Type elementType, std::string &error);

/// True when resizing one dimension by a scale of exactly 1 (out == in)
/// copies it unchanged under these modes: every coordinate mode but
/// tf_crop_and_resize, and tf_half_pixel_for_nn only for nearest rounding
/// down at .5.
bool resizeKeepsUnitScale(llvm::StringRef mode, llvm::StringRef coordinateMode,
                          llvm::StringRef nearestMode);

/// ONNX's output length for a scale: floor(in * scale), in double.
int64_t resizeScaledSize(int64_t in, double scale);

/// Result shape of nn.resize. `axes` must be distinct and in range; the
/// dimensions outside it keep their input size. `scales` / `sizes` hold
/// the operand's values when they are known (one per axis), and are null
/// when unknown; `hasSizes` says which operand the op has. A resized
/// dimension is static when its input size (where needed) and the values
/// are known. Known scales must be positive, known sizes non-negative,
/// and a size of 0 cannot grow.
mlir::FailureOr<Shape>
inferResizeShape(mlir::ArrayRef<int64_t> input, mlir::ArrayRef<int64_t> axes,
                 bool hasSizes, std::optional<mlir::ArrayRef<double>> scales,
                 std::optional<mlir::ArrayRef<int64_t>> sizes,
                 llvm::StringRef keepAspectRatioPolicy, std::string &error);

} // namespace kiln::nn

#endif // KILN_DIALECTS_NN_IR_RESIZESHAPES_H
