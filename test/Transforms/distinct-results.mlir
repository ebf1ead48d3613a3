// RUN: kiln-opt %s -split-input-file -pass-pipeline='builtin.module(func.func(kiln-distinct-results))' | FileCheck %s

// A buffer returned twice: the second use gets its own copy.
// CHECK-LABEL: func.func @twice
// CHECK-SAME: (%[[X:.+]]: memref<2xf32>)
// CHECK: %[[A:.+]] = memref.alloc() : memref<2xf32>
// CHECK: %[[C:.+]] = memref.alloc() : memref<2xf32>
// CHECK: memref.copy %[[A]], %[[C]] : memref<2xf32> to memref<2xf32>
// CHECK: return %[[A]], %[[C]]
func.func @twice(%x: memref<2xf32>) -> (memref<2xf32>, memref<2xf32>) {
  %a = memref.alloc() : memref<2xf32>
  memref.copy %x, %a : memref<2xf32> to memref<2xf32>
  return %a, %a : memref<2xf32>, memref<2xf32>
}

// -----

// A returned argument (dynamic size) is copied too; distinct results stay.
// CHECK-LABEL: func.func @argument
// CHECK-SAME: (%[[X:.+]]: memref<?x4xf32>, %[[Y:.+]]: memref<3xf32>)
// CHECK: %[[B:.+]] = memref.alloc() : memref<3xf32>
// CHECK: %[[D:.+]] = memref.dim %[[X]], %c0
// CHECK: %[[C:.+]] = memref.alloc(%[[D]]) : memref<?x4xf32>
// CHECK: memref.copy %[[X]], %[[C]]
// CHECK: return %[[C]], %[[B]]
func.func @argument(%x: memref<?x4xf32>, %y: memref<3xf32>) -> (memref<?x4xf32>, memref<3xf32>) {
  %b = memref.alloc() : memref<3xf32>
  memref.copy %y, %b : memref<3xf32> to memref<3xf32>
  return %x, %b : memref<?x4xf32>, memref<3xf32>
}
