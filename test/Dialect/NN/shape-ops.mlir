// RUN: kiln-opt %s | FileCheck %s
// RUN: kiln-opt %s | kiln-opt | FileCheck %s
// RUN: kiln-opt %s --mlir-print-op-generic | kiln-opt | FileCheck %s

// Round trip of the run-time shape ops through the custom and the generic
// assembly.

// CHECK-LABEL: func.func @shape
// CHECK-SAME: (%[[X:.+]]: tensor<?x4x?xf32>)
func.func @shape(%x: tensor<?x4x?xf32>) -> (tensor<3xi64>, tensor<1xi64>, tensor<0xi64>) {
  // CHECK: nn.shape %[[X]] {end = 3 : i64, start = 0 : i64} : tensor<?x4x?xf32> -> tensor<3xi64>
  %0 = nn.shape %x {start = 0 : i64, end = 3 : i64} : tensor<?x4x?xf32> -> tensor<3xi64>
  // CHECK: nn.shape %[[X]] {end = 2 : i64, start = 1 : i64} : tensor<?x4x?xf32> -> tensor<1xi64>
  %1 = nn.shape %x {start = 1 : i64, end = 2 : i64} : tensor<?x4x?xf32> -> tensor<1xi64>
  // CHECK: nn.shape %[[X]] {end = 2 : i64, start = 2 : i64} : tensor<?x4x?xf32> -> tensor<0xi64>
  %2 = nn.shape %x {start = 2 : i64, end = 2 : i64} : tensor<?x4x?xf32> -> tensor<0xi64>
  return %0, %1, %2 : tensor<3xi64>, tensor<1xi64>, tensor<0xi64>
}

// CHECK-LABEL: func.func @dynamic_reshape
// CHECK-SAME: (%[[X:.+]]: tensor<?x?x128xf32>, %[[S:.+]]: tensor<4xi64>, %[[T:.+]]: tensor<2xi64>)
func.func @dynamic_reshape(%x: tensor<?x?x128xf32>, %s: tensor<4xi64>, %t: tensor<2xi64>)
    -> (tensor<?x?x2x64xf32>, tensor<?x?xf32>) {
  // CHECK: nn.dynamic_reshape %[[X]], %[[S]] : (tensor<?x?x128xf32>, tensor<4xi64>) -> tensor<?x?x2x64xf32>
  %0 = nn.dynamic_reshape %x, %s : (tensor<?x?x128xf32>, tensor<4xi64>) -> tensor<?x?x2x64xf32>
  // CHECK: nn.dynamic_reshape %[[X]], %[[T]] {allowzero = true} : (tensor<?x?x128xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  %1 = nn.dynamic_reshape %x, %t {allowzero = true} : (tensor<?x?x128xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  return %0, %1 : tensor<?x?x2x64xf32>, tensor<?x?xf32>
}

// CHECK-LABEL: func.func @dynamic_expand
// CHECK-SAME: (%[[X:.+]]: tensor<?x1x?xi1>, %[[S:.+]]: tensor<4xi64>, %[[T:.+]]: tensor<1xi64>)
func.func @dynamic_expand(%x: tensor<?x1x?xi1>, %s: tensor<4xi64>, %t: tensor<1xi64>)
    -> (tensor<?x1x?x?xi1>, tensor<?x1x?xi1>) {
  // CHECK: nn.dynamic_expand %[[X]], %[[S]] : (tensor<?x1x?xi1>, tensor<4xi64>) -> tensor<?x1x?x?xi1>
  %0 = nn.dynamic_expand %x, %s : (tensor<?x1x?xi1>, tensor<4xi64>) -> tensor<?x1x?x?xi1>
  // A shorter shape broadcasts against the trailing dimensions.
  // CHECK: nn.dynamic_expand %[[X]], %[[T]] : (tensor<?x1x?xi1>, tensor<1xi64>) -> tensor<?x1x?xi1>
  %1 = nn.dynamic_expand %x, %t : (tensor<?x1x?xi1>, tensor<1xi64>) -> tensor<?x1x?xi1>
  return %0, %1 : tensor<?x1x?x?xi1>, tensor<?x1x?xi1>
}

// CHECK-LABEL: func.func @dynamic_fill
// CHECK-SAME: (%[[S:.+]]: tensor<3xi64>)
func.func @dynamic_fill(%s: tensor<3xi64>) -> (tensor<2x?x128xf32>, tensor<?x?x?xi1>) {
  // CHECK: nn.dynamic_fill %[[S]] {value = 0.000000e+00 : f32} : tensor<3xi64> -> tensor<2x?x128xf32>
  %0 = nn.dynamic_fill %s {value = 0.0 : f32} : tensor<3xi64> -> tensor<2x?x128xf32>
  // CHECK: nn.dynamic_fill %[[S]] {value = true} : tensor<3xi64> -> tensor<?x?x?xi1>
  %1 = nn.dynamic_fill %s {value = true} : tensor<3xi64> -> tensor<?x?x?xi1>
  return %0, %1 : tensor<2x?x128xf32>, tensor<?x?x?xi1>
}

// CHECK-LABEL: func.func @dynamic_range
// CHECK-SAME: (%[[A:.+]]: tensor<i64>, %[[B:.+]]: tensor<i64>, %[[F:.+]]: tensor<f32>)
func.func @dynamic_range(%a: tensor<i64>, %b: tensor<i64>, %f: tensor<f32>)
    -> (tensor<?xi64>, tensor<?xf32>) {
  // CHECK: nn.dynamic_range %[[A]], %[[B]], %[[A]] : tensor<i64>, tensor<i64>, tensor<i64> -> tensor<?xi64>
  %0 = nn.dynamic_range %a, %b, %a : tensor<i64>, tensor<i64>, tensor<i64> -> tensor<?xi64>
  // CHECK: nn.dynamic_range %[[F]], %[[F]], %[[F]] : tensor<f32>, tensor<f32>, tensor<f32> -> tensor<?xf32>
  %1 = nn.dynamic_range %f, %f, %f : tensor<f32>, tensor<f32>, tensor<f32> -> tensor<?xf32>
  return %0, %1 : tensor<?xi64>, tensor<?xf32>
}

// CHECK-LABEL: func.func @dynamic_slice
// CHECK-SAME: (%[[X:.+]]: tensor<1x128xi64>, %[[S:.+]]: tensor<1xi64>, %[[Y:.+]]: tensor<?x5xf32>, %[[T:.+]]: tensor<2xi64>)
func.func @dynamic_slice(%x: tensor<1x128xi64>, %s: tensor<1xi64>, %y: tensor<?x5xf32>,
                         %t: tensor<2xi64>) -> (tensor<1x?xi64>, tensor<?x2xf32>) {
  // CHECK: nn.dynamic_slice %[[X]], %[[S]], %[[S]] {axes = array<i64: 1>, steps = array<i64: 1>} : (tensor<1x128xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<1x?xi64>
  %0 = nn.dynamic_slice %x, %s, %s {axes = array<i64: 1>, steps = array<i64: 1>}
      : (tensor<1x128xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<1x?xi64>
  // CHECK: nn.dynamic_slice %[[Y]], %[[T]], %[[T]] {axes = array<i64: 0, 1>, steps = array<i64: -1, 2>} : (tensor<?x5xf32>, tensor<2xi64>, tensor<2xi64>) -> tensor<?x2xf32>
  %1 = nn.dynamic_slice %y, %t, %t {axes = array<i64: 0, 1>, steps = array<i64: -1, 2>}
      : (tensor<?x5xf32>, tensor<2xi64>, tensor<2xi64>) -> tensor<?x2xf32>
  return %0, %1 : tensor<1x?xi64>, tensor<?x2xf32>
}
