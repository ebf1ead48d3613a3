//===- kiln-opt.cpp - Kiln's mlir-opt -------------------------------------===//
//
// Kiln's dialects and passes plus all of upstream MLIR, for lit tests and
// pass development.
//
//===----------------------------------------------------------------------===//

#include "compiler/Registration.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  kiln::registerAllPasses();
  mlir::DialectRegistry registry;
  kiln::registerAllDialects(registry);
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "Kiln modular optimizer driver\n", registry));
}
