// RUN: kiln-opt %s -split-input-file \
// RUN:   -pass-pipeline='builtin.module(func.func(kiln-copy-to-linalg))' | FileCheck %s

// Every memref.copy becomes a linalg.copy with the same source and target,
// including non-contiguous targets and copies nested in regions.

// CHECK-LABEL: func.func @copies
// CHECK-SAME: (%[[A:.+]]: memref<4xf32>, %[[B:.+]]: memref<4xf32, strided<[1], offset: 2>>, %[[C:.+]]: memref<2x3xi8>, %[[D:.+]]: memref<2x3xi8>, %[[N:.+]]: index)
// CHECK-NOT: memref.copy
// CHECK: linalg.copy ins(%[[A]] : memref<4xf32>) outs(%[[B]] : memref<4xf32, strided<[1], offset: 2>>)
// CHECK: linalg.copy ins(%[[C]] : memref<2x3xi8>) outs(%[[D]] : memref<2x3xi8>)
// CHECK: scf.for
// CHECK-NEXT: linalg.copy ins(%[[D]] : memref<2x3xi8>) outs(%[[C]] : memref<2x3xi8>)
// CHECK-NOT: memref.copy
// CHECK: return
func.func @copies(%a: memref<4xf32>, %b: memref<4xf32, strided<[1], offset: 2>>,
                  %c: memref<2x3xi8>, %d: memref<2x3xi8>, %n: index) {
  memref.copy %a, %b : memref<4xf32> to memref<4xf32, strided<[1], offset: 2>>
  memref.copy %c, %d : memref<2x3xi8> to memref<2x3xi8>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    memref.copy %d, %c : memref<2x3xi8> to memref<2x3xi8>
  }
  return
}

// -----

// CHECK-LABEL: func.func @subview_target
// CHECK-SAME: (%[[SRC:.+]]: memref<2x2xf32>, %[[DST:.+]]: memref<4x4xf32>)
// CHECK: %[[SV:.+]] = memref.subview %[[DST]][1, 1] [2, 2] [1, 1]
// CHECK-NEXT: linalg.copy ins(%[[SRC]] : memref<2x2xf32>) outs(%[[SV]] : memref<2x2xf32, strided<[4, 1], offset: 5>>)
// CHECK-NEXT: return
func.func @subview_target(%src: memref<2x2xf32>, %dst: memref<4x4xf32>) {
  %sv = memref.subview %dst[1, 1] [2, 2] [1, 1] : memref<4x4xf32> to memref<2x2xf32, strided<[4, 1], offset: 5>>
  memref.copy %src, %sv : memref<2x2xf32> to memref<2x2xf32, strided<[4, 1], offset: 5>>
  return
}

// -----

// CHECK-LABEL: func.func @rank0
// CHECK-SAME: (%[[A:.+]]: memref<f32>, %[[B:.+]]: memref<f32>)
// CHECK-NEXT: linalg.copy ins(%[[A]] : memref<f32>) outs(%[[B]] : memref<f32>)
func.func @rank0(%a: memref<f32>, %b: memref<f32>) {
  memref.copy %a, %b : memref<f32> to memref<f32>
  return
}
