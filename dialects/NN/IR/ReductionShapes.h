//===- ReductionShapes.h - shape rules of nn reductions and normalizations -*- C++ -*-===//
//
// Shared by the verifiers (NNReductionOps.cpp) and the ONNX importer, like
// ShapeFunctions.h.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_DIALECTS_NN_IR_REDUCTIONSHAPES_H
#define KILN_DIALECTS_NN_IR_REDUCTIONSHAPES_H

#include "dialects/NN/IR/ShapeFunctions.h"

namespace kiln::nn {
} // namespace kiln::nn

#endif // KILN_DIALECTS_NN_IR_REDUCTIONSHAPES_H
