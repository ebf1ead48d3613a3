//===- DataMovementHandlers.cpp - ONNX data movement (transpose, concat, slice, gather, ...) -===//

#include "frontends/onnx/ImporterImpl.h"
#include "dialects/NN/IR/NNOps.h"
#include "dialects/NN/IR/DataMovementShapes.h"

using namespace mlir;

namespace kiln::onnx_frontend {

void addDataMovementOps(std::vector<OpEntry> &table) { (void)table; }

} // namespace kiln::onnx_frontend
