// RUN: kiln-opt %s | FileCheck %s
// RUN: kiln-opt %s | kiln-opt | FileCheck %s
// RUN: kiln-opt %s --mlir-print-op-generic | kiln-opt | FileCheck %s

// Round trip of the data movement ops through the custom and the generic
// assembly, with dynamic dimensions where the shape rules allow them.

// CHECK-LABEL: func.func @transpose
// CHECK-SAME: (%[[X:.+]]: tensor<2x3x4xf32>, %[[D:.+]]: tensor<?x3xi1>)
func.func @transpose(%x: tensor<2x3x4xf32>, %d: tensor<?x3xi1>)
    -> (tensor<4x2x3xf32>, tensor<3x?xi1>) {
  // CHECK: nn.transpose %[[X]] {permutation = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  %0 = nn.transpose %x {permutation = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  // CHECK: nn.transpose %[[D]] {permutation = array<i64: 1, 0>} : (tensor<?x3xi1>) -> tensor<3x?xi1>
  %1 = nn.transpose %d {permutation = array<i64: 1, 0>} : (tensor<?x3xi1>) -> tensor<3x?xi1>
  return %0, %1 : tensor<4x2x3xf32>, tensor<3x?xi1>
}

// CHECK-LABEL: func.func @concat
// CHECK-SAME: (%[[A:.+]]: tensor<2x3xf32>, %[[B:.+]]: tensor<2x5xf32>, %[[C:.+]]: tensor<?x1xf32>)
func.func @concat(%a: tensor<2x3xf32>, %b: tensor<2x5xf32>, %c: tensor<?x1xf32>)
    -> (tensor<2x8xf32>, tensor<2x9xf32>, tensor<2x3xf32>) {
  // CHECK: nn.concat %[[A]], %[[B]] {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x5xf32>) -> tensor<2x8xf32>
  %0 = nn.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x5xf32>) -> tensor<2x8xf32>
  // A dynamic dimension outside the axis is refined by the others.
  // CHECK: nn.concat %[[A]], %[[B]], %[[C]] {axis = -1 : i64} : (tensor<2x3xf32>, tensor<2x5xf32>, tensor<?x1xf32>) -> tensor<2x9xf32>
  %1 = nn.concat %a, %b, %c {axis = -1 : i64} : (tensor<2x3xf32>, tensor<2x5xf32>, tensor<?x1xf32>) -> tensor<2x9xf32>
  // CHECK: nn.concat %[[A]] {axis = 0 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %2 = nn.concat %a {axis = 0 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0, %1, %2 : tensor<2x8xf32>, tensor<2x9xf32>, tensor<2x3xf32>
}

// CHECK-LABEL: func.func @slice
// CHECK-SAME: (%[[X:.+]]: tensor<2x5xf32>, %[[D:.+]]: tensor<?x6xi64>)
func.func @slice(%x: tensor<2x5xf32>, %d: tensor<?x6xi64>)
    -> (tensor<2x3xf32>, tensor<?x2xi64>, tensor<0x5xf32>) {
  // CHECK: nn.slice %[[X]] {offsets = array<i64: 0, 4>, strides = array<i64: 1, -2>} : tensor<2x5xf32> -> tensor<2x3xf32>
  %0 = nn.slice %x {offsets = array<i64: 0, 4>, strides = array<i64: 1, -2>} : tensor<2x5xf32> -> tensor<2x3xf32>
  // CHECK: nn.slice %[[D]] {offsets = array<i64: 0, 1>, strides = array<i64: 1, 3>} : tensor<?x6xi64> -> tensor<?x2xi64>
  %1 = nn.slice %d {offsets = array<i64: 0, 1>, strides = array<i64: 1, 3>} : tensor<?x6xi64> -> tensor<?x2xi64>
  // CHECK: nn.slice %[[X]] {offsets = array<i64: 0, 0>, strides = array<i64: 1, 1>} : tensor<2x5xf32> -> tensor<0x5xf32>
  %2 = nn.slice %x {offsets = array<i64: 0, 0>, strides = array<i64: 1, 1>} : tensor<2x5xf32> -> tensor<0x5xf32>
  return %0, %1, %2 : tensor<2x3xf32>, tensor<?x2xi64>, tensor<0x5xf32>
}

// CHECK-LABEL: func.func @gather
// CHECK-SAME: (%[[X:.+]]: tensor<5x4xf32>, %[[I:.+]]: tensor<2x3xi64>, %[[J:.+]]: tensor<i32>)
func.func @gather(%x: tensor<5x4xf32>, %i: tensor<2x3xi64>, %j: tensor<i32>)
    -> (tensor<2x3x4xf32>, tensor<5x2x3xf32>, tensor<4xf32>) {
  // CHECK: nn.gather %[[X]], %[[I]] {axis = 0 : i64} : (tensor<5x4xf32>, tensor<2x3xi64>) -> tensor<2x3x4xf32>
  %0 = nn.gather %x, %i {axis = 0 : i64} : (tensor<5x4xf32>, tensor<2x3xi64>) -> tensor<2x3x4xf32>
  // CHECK: nn.gather %[[X]], %[[I]] {axis = -1 : i64} : (tensor<5x4xf32>, tensor<2x3xi64>) -> tensor<5x2x3xf32>
  %1 = nn.gather %x, %i {axis = -1 : i64} : (tensor<5x4xf32>, tensor<2x3xi64>) -> tensor<5x2x3xf32>
  // CHECK: nn.gather %[[X]], %[[J]] {axis = 0 : i64} : (tensor<5x4xf32>, tensor<i32>) -> tensor<4xf32>
  %2 = nn.gather %x, %j {axis = 0 : i64} : (tensor<5x4xf32>, tensor<i32>) -> tensor<4xf32>
  return %0, %1, %2 : tensor<2x3x4xf32>, tensor<5x2x3xf32>, tensor<4xf32>
}

// CHECK-LABEL: func.func @gather_elements
// CHECK-SAME: (%[[X:.+]]: tensor<3x3xi32>, %[[I:.+]]: tensor<2x3xi64>)
func.func @gather_elements(%x: tensor<3x3xi32>, %i: tensor<2x3xi64>) -> tensor<2x3xi32> {
  // CHECK: nn.gather_elements %[[X]], %[[I]] {axis = 0 : i64} : (tensor<3x3xi32>, tensor<2x3xi64>) -> tensor<2x3xi32>
  %0 = nn.gather_elements %x, %i {axis = 0 : i64} : (tensor<3x3xi32>, tensor<2x3xi64>) -> tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}

// CHECK-LABEL: func.func @expand
// CHECK-SAME: (%[[X:.+]]: tensor<3x1xf32>, %[[D:.+]]: tensor<?x1xi8>)
func.func @expand(%x: tensor<3x1xf32>, %d: tensor<?x1xi8>)
    -> (tensor<2x3x4xf32>, tensor<?x7xi8>) {
  // CHECK: nn.expand %[[X]] : tensor<3x1xf32> -> tensor<2x3x4xf32>
  %0 = nn.expand %x : tensor<3x1xf32> -> tensor<2x3x4xf32>
  // CHECK: nn.expand %[[D]] : tensor<?x1xi8> -> tensor<?x7xi8>
  %1 = nn.expand %d : tensor<?x1xi8> -> tensor<?x7xi8>
  return %0, %1 : tensor<2x3x4xf32>, tensor<?x7xi8>
}

// CHECK-LABEL: func.func @pad
// CHECK-SAME: (%[[X:.+]]: tensor<3x4xf32>, %[[V:.+]]: tensor<f32>)
func.func @pad(%x: tensor<3x4xf32>, %v: tensor<f32>)
    -> (tensor<3x7xf32>, tensor<5x2xf32>, tensor<3x6xf32>) {
  // CHECK: nn.pad %[[X]], %[[V]] {pads = array<i64: 0, 1, 0, 2>} : (tensor<3x4xf32>, tensor<f32>) -> tensor<3x7xf32>
  %0 = nn.pad %x, %v {mode = "constant", pads = array<i64: 0, 1, 0, 2>} : (tensor<3x4xf32>, tensor<f32>) -> tensor<3x7xf32>
  // CHECK: nn.pad %[[X]] {mode = "reflect", pads = array<i64: 1, -1, 1, -1>} : (tensor<3x4xf32>) -> tensor<5x2xf32>
  %1 = nn.pad %x {mode = "reflect", pads = array<i64: 1, -1, 1, -1>} : (tensor<3x4xf32>) -> tensor<5x2xf32>
  // CHECK: nn.pad %[[X]] {mode = "wrap", pads = array<i64: 0, 2, 0, 0>} : (tensor<3x4xf32>) -> tensor<3x6xf32>
  %2 = nn.pad %x {mode = "wrap", pads = array<i64: 0, 2, 0, 0>} : (tensor<3x4xf32>) -> tensor<3x6xf32>
  return %0, %1, %2 : tensor<3x7xf32>, tensor<5x2xf32>, tensor<3x6xf32>
}

// CHECK-LABEL: func.func @trilu
// CHECK-SAME: (%[[X:.+]]: tensor<2x3x4xi64>, %[[K:.+]]: tensor<i64>)
func.func @trilu(%x: tensor<2x3x4xi64>, %k: tensor<i64>) -> (tensor<2x3x4xi64>, tensor<2x3x4xi64>) {
  // CHECK: nn.trilu %[[X]], %[[K]] {upper = true} : tensor<2x3x4xi64>, tensor<i64>
  %0 = nn.trilu %x, %k {upper = true} : tensor<2x3x4xi64>, tensor<i64>
  // CHECK: nn.trilu %[[X]], %[[K]] {upper = false} : tensor<2x3x4xi64>, tensor<i64>
  %1 = nn.trilu %x, %k {upper = false} : tensor<2x3x4xi64>, tensor<i64>
  return %0, %1 : tensor<2x3x4xi64>, tensor<2x3x4xi64>
}
