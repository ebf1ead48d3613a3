//===- DetectionShapes.h - shape rules of nn non_max_suppression -*- C++ -*-===//
//
// Shared by the verifier (NNDetectionOps.cpp) and the ONNX importer
// (DetectionHandlers.cpp). Dynamic dimensions are ShapedType::kDynamic;
// the number of boxes kept depends on the data and is always dynamic.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_DIALECTS_NN_IR_DETECTIONSHAPES_H
#define KILN_DIALECTS_NN_IR_DETECTIONSHAPES_H

#include "dialects/NN/IR/ShapeFunctions.h"

namespace kiln::nn {

/// ONNX NonMaxSuppression: `boxes` [B, N, 4] and `scores` [B, C, N], the
/// sizes of B and N agreeing where both are static. The result shape is
/// [kDynamic, 3].
mlir::FailureOr<Shape> inferNonMaxSuppressionShape(mlir::ArrayRef<int64_t> boxes,
                                                   mlir::ArrayRef<int64_t> scores,
                                                   std::string &error);

} // namespace kiln::nn

#endif // KILN_DIALECTS_NN_IR_DETECTIONSHAPES_H
