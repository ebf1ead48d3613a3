//===- NNDataMovementOps.td - nn data movement (transpose, concat, slice, gather, ...) -*- tablegen -*-===//
//
// Included at the end of NNOps.td.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_NN_DATAMOVEMENT_OPS
#define KILN_NN_DATAMOVEMENT_OPS

#endif // KILN_NN_DATAMOVEMENT_OPS
