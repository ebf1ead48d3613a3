//===- DataMovement.cpp - nn data movement (transpose, concat, slice, gather, ...) to linalg -===//

#include "passes/Conversion/NNToLinalg/NNToLinalg.h"
#include "dialects/NN/IR/NNOps.h"

using namespace mlir;
using namespace kiln;
using namespace kiln::lowering;

void kiln::populateNNDataMovementToLinalgPatterns(RewritePatternSet &patterns) {
  (void)patterns;
}
