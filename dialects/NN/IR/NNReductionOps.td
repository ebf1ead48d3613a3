//===- NNReductionOps.td - nn reductions and normalizations -*- tablegen -*-===//
//
// Included at the end of NNOps.td.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_NN_REDUCTION_OPS
#define KILN_NN_REDUCTION_OPS

#endif // KILN_NN_REDUCTION_OPS
