//===- NNDataMovementOps.cpp - nn data movement (transpose, concat, slice, gather, ...) ---------===//
//
// Verifiers and result-type inference of the ops in NNDataMovementOps.td; their
// shape rules are declared in DataMovementShapes.h.
//
//===----------------------------------------------------------------------===//

#include "dialects/NN/IR/NNOps.h"
#include "dialects/NN/IR/DataMovementShapes.h"

using namespace mlir;
using namespace kiln::nn;
