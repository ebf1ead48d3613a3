// RUN: kiln-opt %s | FileCheck %s
// RUN: kiln-opt %s | kiln-opt | FileCheck %s
// RUN: kiln-opt %s --mlir-print-op-generic | kiln-opt | FileCheck %s

// Round trip of nn.top_k, nn.nonzero and nn.unique, with the
// data-dependent sizes dynamic or declared static.

// CHECK-LABEL: func.func @top_k
func.func @top_k(%x: tensor<3x4xf32>, %k: tensor<i64>, %d: tensor<?x?xi32>)
    -> (tensor<3x?xf32>, tensor<3x?xi64>, tensor<2x?xi32>, tensor<2x?xi64>) {
  // CHECK: nn.top_k %{{.+}}, %{{.+}} {axis = 1 : i64} : (tensor<3x4xf32>, tensor<i64>) -> (tensor<3x?xf32>, tensor<3x?xi64>)
  %v, %i = nn.top_k %x, %k {axis = 1 : i64} : (tensor<3x4xf32>, tensor<i64>) -> (tensor<3x?xf32>, tensor<3x?xi64>)
  // CHECK: nn.top_k %{{.+}}, %{{.+}} {axis = 0 : i64, largest = false} : (tensor<?x?xi32>, tensor<i64>) -> (tensor<2x?xi32>, tensor<2x?xi64>)
  %w, %j = nn.top_k %d, %k {axis = 0 : i64, largest = false} : (tensor<?x?xi32>, tensor<i64>) -> (tensor<2x?xi32>, tensor<2x?xi64>)
  return %v, %i, %w, %j : tensor<3x?xf32>, tensor<3x?xi64>, tensor<2x?xi32>, tensor<2x?xi64>
}

// CHECK-LABEL: func.func @nonzero
func.func @nonzero(%x: tensor<2x3xf32>, %b: tensor<?xi1>) -> (tensor<2x?xi64>, tensor<1x4xi64>) {
  // CHECK: nn.nonzero %{{.+}} : (tensor<2x3xf32>) -> tensor<2x?xi64>
  %0 = nn.nonzero %x : (tensor<2x3xf32>) -> tensor<2x?xi64>
  // CHECK: nn.nonzero %{{.+}} : (tensor<?xi1>) -> tensor<1x4xi64>
  %1 = nn.nonzero %b : (tensor<?xi1>) -> tensor<1x4xi64>
  return %0, %1 : tensor<2x?xi64>, tensor<1x4xi64>
}

// CHECK-LABEL: func.func @unique
func.func @unique(%x: tensor<6xf32>, %y: tensor<2x?x3xi64>)
    -> (tensor<?xf32>, tensor<?xi64>, tensor<6xi64>, tensor<?xi64>, tensor<2x?x3xi64>) {
  // CHECK: nn.unique %{{.+}} {axis = 0 : i64, sorted = false} : (tensor<6xf32>) -> (tensor<?xf32>, tensor<?xi64>, tensor<6xi64>, tensor<?xi64>)
  %u:4 = nn.unique %x {axis = 0 : i64, sorted = false} : (tensor<6xf32>) -> (tensor<?xf32>, tensor<?xi64>, tensor<6xi64>, tensor<?xi64>)
  // CHECK: nn.unique %{{.+}} {axis = 1 : i64} : (tensor<2x?x3xi64>) -> (tensor<2x?x3xi64>, tensor<?xi64>, tensor<?xi64>, tensor<?xi64>)
  %w:4 = nn.unique %y {axis = 1 : i64} : (tensor<2x?x3xi64>) -> (tensor<2x?x3xi64>, tensor<?xi64>, tensor<?xi64>, tensor<?xi64>)
  return %u#0, %u#1, %u#2, %u#3, %w#0 : tensor<?xf32>, tensor<?xi64>, tensor<6xi64>, tensor<?xi64>, tensor<2x?x3xi64>
}
