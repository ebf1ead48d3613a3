// RUN: kiln-opt %s -split-input-file -kiln-lower-checks | FileCheck %s

// Each cf.assert becomes a branch to a block that reports the message to
// the runtime and does not return; equal messages share one global.
// CHECK-DAG: llvm.mlir.global private constant @kiln_check_0("node 'A' (nn.add): sizes differ\00")
// CHECK-DAG: llvm.mlir.global private constant @kiln_check_1("other\00")
// CHECK-DAG: llvm.func @kiln_rt_check_failed(!llvm.ptr) attributes {passthrough = ["noreturn"]}
// CHECK-LABEL: func.func @two_checks
// CHECK-SAME: (%[[A:.+]]: i1, %[[B:.+]]: i1)
// CHECK: cf.cond_br %[[A]], ^[[OK1:.+]], ^[[FAIL1:[a-z0-9]+]]
// CHECK: ^[[FAIL1]]:
// CHECK: llvm.mlir.addressof @kiln_check_0
// CHECK: llvm.call @kiln_rt_check_failed
// CHECK-NEXT: llvm.unreachable
// CHECK: ^[[OK1]]:
// CHECK: cf.cond_br %[[B]], ^[[OK2:.+]], ^[[FAIL2:[a-z0-9]+]]
// CHECK: ^[[FAIL2]]:
// CHECK: llvm.mlir.addressof @kiln_check_1
// CHECK: ^[[OK2]]:
// CHECK: cf.cond_br %[[A]]
// CHECK: llvm.mlir.addressof @kiln_check_0
// CHECK: return
func.func @two_checks(%a: i1, %b: i1) {
  cf.assert %a, "node 'A' (nn.add): sizes differ"
  cf.assert %b, "other"
  cf.assert %a, "node 'A' (nn.add): sizes differ"
  return
}

// -----

// Without asserts nothing is declared.
// CHECK-LABEL: func.func @none
// CHECK-NOT: kiln_rt_check_failed
func.func @none() {
  return
}
