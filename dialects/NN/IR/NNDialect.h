//===- NNDialect.h - the nn dialect -------------------------------*- C++ -*-===//
#ifndef KILN_DIALECTS_NN_IR_NNDIALECT_H
#define KILN_DIALECTS_NN_IR_NNDIALECT_H

#include "mlir/IR/Dialect.h"

#include "dialects/NN/IR/NNDialect.h.inc"

#endif // KILN_DIALECTS_NN_IR_NNDIALECT_H
