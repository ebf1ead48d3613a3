//===- DataMovementShapes.h - shape rules of nn data movement (transpose, concat, slice, gather, ...) -*- C++ -*-===//
//
// Shared by the verifiers (NNDataMovementOps.cpp) and the ONNX importer, like
// ShapeFunctions.h.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_DIALECTS_NN_IR_DATAMOVEMENTSHAPES_H
#define KILN_DIALECTS_NN_IR_DATAMOVEMENTSHAPES_H

#include "dialects/NN/IR/ShapeFunctions.h"

namespace kiln::nn {
} // namespace kiln::nn

#endif // KILN_DIALECTS_NN_IR_DATAMOVEMENTSHAPES_H
