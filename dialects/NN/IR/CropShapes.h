//===- CropShapes.h - shape rules of the nn crop, sequence and unpool ops -*- C++ -*-===//
//
// Shared by the verifiers (NNCropOps.cpp) and the ONNX importer
// (CropHandlers.cpp). These ops read sizes from run-time operands: an
// entry of `target`, `image` or `block` below is the value when it is
// known (a constant) and ShapedType::kDynamic otherwise. The verifiers
// pass all-dynamic entries; the importer passes what it knows. Attribute
// values and known entries are at most 2^31 - 1, so that the sizes derived
// from a few of them cannot overflow.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_DIALECTS_NN_IR_CROPSHAPES_H
#define KILN_DIALECTS_NN_IR_CROPSHAPES_H

#include "dialects/NN/IR/ShapeFunctions.h"

namespace kiln::nn {

/// nn.center_crop_pad: `axes` distinct and in [0, rank); one `target`
/// entry per axis, a known one at least 0. The input's shape with
/// target[k] along axes[k].
mlir::FailureOr<Shape> inferCenterCropPadShape(mlir::ArrayRef<int64_t> input,
                                               mlir::ArrayRef<int64_t> axes,
                                               mlir::ArrayRef<int64_t> target,
                                               std::string &error);

/// nn.reverse_sequence: rank >= 2, the batch and time axes are 0 and 1 in
/// either order, and `lengths` (a shape) is 1-D with one entry per batch
/// index.
mlir::LogicalResult checkReverseSequence(mlir::ArrayRef<int64_t> input,
                                         mlir::ArrayRef<int64_t> lengths,
                                         int64_t batchAxis, int64_t timeAxis,
                                         std::string &error);

/// nn.col2im: `input` [N, C * prod(block), L]; `image` and `block` have
/// one entry per spatial dimension (at least one); dilations and strides
/// one each (>= 1), pads two each (>= 0). Known block entries are >= 1,
/// known image entries >= 0; when all are known, the column count is
/// divisible by prod(block), each dimension has at least one block
/// position and L is their product. The result [N, C, image...].
mlir::FailureOr<Shape> inferCol2ImShape(mlir::ArrayRef<int64_t> input,
                                        mlir::ArrayRef<int64_t> image,
                                        mlir::ArrayRef<int64_t> block,
                                        mlir::ArrayRef<int64_t> dilations,
                                        mlir::ArrayRef<int64_t> pads,
                                        mlir::ArrayRef<int64_t> strides,
                                        std::string &error);

/// nn.max_unpool: `input` [N, C, D1..Dk] (k >= 1), `indices` of the same
/// shape, kernel_shape and strides one entry per spatial dimension (>= 1),
/// pads two (>= 0). The unpooled shape [N, C, U1..Uk],
/// U_i = (D_i - 1) * strides_i - pads_i - pads_{k+i} + kernel_i, which
/// must not be negative.
mlir::FailureOr<Shape> inferMaxUnpoolShape(mlir::ArrayRef<int64_t> input,
                                           mlir::ArrayRef<int64_t> indices,
                                           mlir::ArrayRef<int64_t> kernel,
                                           mlir::ArrayRef<int64_t> pads,
                                           mlir::ArrayRef<int64_t> strides,
                                           std::string &error);

} // namespace kiln::nn

#endif // KILN_DIALECTS_NN_IR_CROPSHAPES_H
