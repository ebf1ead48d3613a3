//===- NNReductionOps.cpp - nn reductions and normalizations ---------===//
//
// Verifiers and result-type inference of the ops in NNReductionOps.td; their
// shape rules are declared in ReductionShapes.h.
//
//===----------------------------------------------------------------------===//

#include "dialects/NN/IR/NNOps.h"
#include "dialects/NN/IR/ReductionShapes.h"

using namespace mlir;
using namespace kiln::nn;
