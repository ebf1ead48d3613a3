//===- Reduction.cpp - nn reductions and normalizations to linalg -===//

#include "passes/Conversion/NNToLinalg/NNToLinalg.h"
#include "dialects/NN/IR/NNOps.h"

using namespace mlir;
using namespace kiln;
using namespace kiln::lowering;

void kiln::populateNNReductionToLinalgPatterns(RewritePatternSet &patterns) {
  (void)patterns;
}
