//===- NNOps.h - nn dialect operations ----------------------------*- C++ -*-===//
#ifndef KILN_DIALECTS_NN_IR_NNOPS_H
#define KILN_DIALECTS_NN_IR_NNOPS_H

#include "dialects/NN/IR/NNDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "dialects/NN/IR/NNOps.h.inc"

#endif // KILN_DIALECTS_NN_IR_NNOPS_H
