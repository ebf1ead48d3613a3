//===- DataMovementShapes.h - shape rules of nn data movement (transpose, concat, slice, gather, ...) -*- C++ -*-===//
//
// Shared by the verifiers (NNDataMovementOps.cpp) and the ONNX importer, like
// ShapeFunctions.h. Axes may be negative (counting from the back) wherever
// ONNX allows it; dynamic dimensions are ShapedType::kDynamic.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_DIALECTS_NN_IR_DATAMOVEMENTSHAPES_H
#define KILN_DIALECTS_NN_IR_DATAMOVEMENTSHAPES_H

#include "dialects/NN/IR/ShapeFunctions.h"

namespace kiln::nn {

/// ONNX Transpose: `permutation` must be a permutation of 0..rank-1.
mlir::FailureOr<Shape> inferTransposeShape(mlir::ArrayRef<int64_t> input,
                                           mlir::ArrayRef<int64_t> permutation,
                                           std::string &error);

/// ONNX Concat: same rank, equal dimensions except along `axis`.
mlir::FailureOr<Shape>
inferConcatShape(mlir::ArrayRef<mlir::ArrayRef<int64_t>> inputs, int64_t axis,
                 std::string &error);

/// ONNX Gather: data[:axis] + indices + data[axis+1:].
mlir::FailureOr<Shape> inferGatherShape(mlir::ArrayRef<int64_t> data,
                                        mlir::ArrayRef<int64_t> indices,
                                        int64_t axis, std::string &error);

/// ONNX GatherElements: the indices' shape (same rank as data; no larger
/// than data outside `axis`).
mlir::FailureOr<Shape> inferGatherElementsShape(mlir::ArrayRef<int64_t> data,
                                                mlir::ArrayRef<int64_t> indices,
                                                int64_t axis, std::string &error);

/// nn.pad: input[d] + pads[d] + pads[rank + d] per dimension; `mode` is
/// constant, edge, reflect or wrap.
mlir::FailureOr<Shape> inferPadShape(mlir::ArrayRef<int64_t> input,
                                     mlir::ArrayRef<int64_t> pads,
                                     llvm::StringRef mode, std::string &error);

/// ONNX Expand: the multidirectional broadcast of the input shape and the
/// requested shape.
mlir::FailureOr<Shape> inferExpandShape(mlir::ArrayRef<int64_t> input,
                                        mlir::ArrayRef<int64_t> shape,
                                        std::string &error);

/// nn.expand: `output` must be what `input` broadcasts to.
mlir::LogicalResult checkExpand(mlir::ArrayRef<int64_t> input,
                                mlir::ArrayRef<int64_t> output,
                                std::string &error);

/// nn.slice: one offset and one non-zero stride per dimension, every index
/// read in range; a dynamic dimension on either side reads the whole
/// dimension (offset 0, stride 1).
mlir::LogicalResult checkSlice(mlir::ArrayRef<int64_t> input,
                               mlir::ArrayRef<int64_t> offsets,
                               mlir::ArrayRef<int64_t> strides,
                               mlir::ArrayRef<int64_t> output,
                               std::string &error);

/// An nn.slice: first index read, step and count per dimension.
struct SliceParams {
  Shape offsets, strides, sizes;
};

/// ONNX Slice resolved per the spec: negative starts/ends count from the
/// back, then starts/ends are clamped ([0, dim] for positive steps,
/// [0, dim-1] / [-1, dim-1] for negative ones). `axes` defaults to
/// 0..len(starts)-1 and `steps` to ones. A sliced dimension must be static
/// unless the slice keeps all of it.
mlir::FailureOr<SliceParams>
resolveOnnxSlice(mlir::ArrayRef<int64_t> input, mlir::ArrayRef<int64_t> starts,
                 mlir::ArrayRef<int64_t> ends,
                 std::optional<mlir::ArrayRef<int64_t>> axes,
                 std::optional<mlir::ArrayRef<int64_t>> steps,
                 std::string &error);

} // namespace kiln::nn

#endif // KILN_DIALECTS_NN_IR_DATAMOVEMENTSHAPES_H
