//===- ReductionHandlers.cpp - ONNX reductions and normalizations -===//

#include "frontends/onnx/ImporterImpl.h"
#include "dialects/NN/IR/NNOps.h"
#include "dialects/NN/IR/ReductionShapes.h"

using namespace mlir;

namespace kiln::onnx_frontend {

void addReductionOps(std::vector<OpEntry> &table) { (void)table; }

} // namespace kiln::onnx_frontend
