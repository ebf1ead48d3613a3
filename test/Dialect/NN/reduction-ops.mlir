// RUN: kiln-opt %s | FileCheck %s
// RUN: kiln-opt %s | kiln-opt | FileCheck %s
// RUN: kiln-opt %s --mlir-print-op-generic | kiln-opt | FileCheck %s

// Round trip of the reductions and normalizations through the custom and
// the generic assembly, including dynamic dimensions.

// CHECK-LABEL: func.func @reduce_kinds
func.func @reduce_kinds(%x: tensor<2x3x4xf32>) -> (tensor<2x1x4xf32>, tensor<2x4xf32>, tensor<f32>, tensor<2x3x4xf32>) {
  // CHECK: nn.reduce "sum" %{{.+}} {axes = array<i64: 1>, keepdims = true} : (tensor<2x3x4xf32>) -> tensor<2x1x4xf32>
  %0 = nn.reduce "sum" %x {axes = array<i64: 1>, keepdims = true} : (tensor<2x3x4xf32>) -> tensor<2x1x4xf32>
  // keepdims defaults to false and is not printed then.
  // CHECK: nn.reduce "log_sum_exp" %{{.+}} {axes = array<i64: 1>} : (tensor<2x3x4xf32>) -> tensor<2x4xf32>
  %1 = nn.reduce "log_sum_exp" %x {axes = array<i64: 1>} : (tensor<2x3x4xf32>) -> tensor<2x4xf32>
  // CHECK: nn.reduce "mean" %{{.+}} {axes = array<i64: 0, 1, 2>} : (tensor<2x3x4xf32>) -> tensor<f32>
  %2 = nn.reduce "mean" %x {axes = array<i64: 0, 1, 2>, keepdims = false} : (tensor<2x3x4xf32>) -> tensor<f32>
  // No axes: reduces over nothing.
  // CHECK: nn.reduce "sum_square" %{{.+}} {axes = array<i64>, keepdims = true} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %3 = nn.reduce "sum_square" %x {axes = array<i64>, keepdims = true} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return %0, %1, %2, %3 : tensor<2x1x4xf32>, tensor<2x4xf32>, tensor<f32>, tensor<2x3x4xf32>
}

// CHECK-LABEL: func.func @reduce_other_kinds
func.func @reduce_other_kinds(%x: tensor<5x6xf16>, %i: tensor<5x6xi32>, %b: tensor<5x6xi1>)
    -> (tensor<5xf16>, tensor<5xf16>, tensor<5xf16>, tensor<5xf16>, tensor<6xi32>, tensor<6xi32>, tensor<1x6xi1>) {
  // CHECK: nn.reduce "max" %{{.+}} {axes = array<i64: 1>}
  %0 = nn.reduce "max" %x {axes = array<i64: 1>} : (tensor<5x6xf16>) -> tensor<5xf16>
  // CHECK: nn.reduce "min" %{{.+}} {axes = array<i64: 1>}
  %1 = nn.reduce "min" %x {axes = array<i64: 1>} : (tensor<5x6xf16>) -> tensor<5xf16>
  // CHECK: nn.reduce "l2" %{{.+}} {axes = array<i64: 1>}
  %2 = nn.reduce "l2" %x {axes = array<i64: 1>} : (tensor<5x6xf16>) -> tensor<5xf16>
  // CHECK: nn.reduce "log_sum" %{{.+}} {axes = array<i64: 1>}
  %3 = nn.reduce "log_sum" %x {axes = array<i64: 1>} : (tensor<5x6xf16>) -> tensor<5xf16>
  // CHECK: nn.reduce "prod" %{{.+}} {axes = array<i64: 0>} : (tensor<5x6xi32>) -> tensor<6xi32>
  %4 = nn.reduce "prod" %i {axes = array<i64: 0>} : (tensor<5x6xi32>) -> tensor<6xi32>
  // CHECK: nn.reduce "l1" %{{.+}} {axes = array<i64: 0>} : (tensor<5x6xi32>) -> tensor<6xi32>
  %5 = nn.reduce "l1" %i {axes = array<i64: 0>} : (tensor<5x6xi32>) -> tensor<6xi32>
  // CHECK: nn.reduce "max" %{{.+}} {axes = array<i64: 0>, keepdims = true} : (tensor<5x6xi1>) -> tensor<1x6xi1>
  %6 = nn.reduce "max" %b {axes = array<i64: 0>, keepdims = true} : (tensor<5x6xi1>) -> tensor<1x6xi1>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<5xf16>, tensor<5xf16>, tensor<5xf16>, tensor<5xf16>, tensor<6xi32>, tensor<6xi32>, tensor<1x6xi1>
}

// CHECK-LABEL: func.func @reduce_dynamic
func.func @reduce_dynamic(%x: tensor<?x3x?xf32>) -> (tensor<?x1x?xf32>, tensor<?xf32>) {
  // CHECK: nn.reduce "mean" %{{.+}} {axes = array<i64: 1>, keepdims = true} : (tensor<?x3x?xf32>) -> tensor<?x1x?xf32>
  %0 = nn.reduce "mean" %x {axes = array<i64: 1>, keepdims = true} : (tensor<?x3x?xf32>) -> tensor<?x1x?xf32>
  // A declared static dimension may refine an inferred dynamic one.
  // CHECK: nn.reduce "max" %{{.+}} {axes = array<i64: 0, 1>} : (tensor<?x3x?xf32>) -> tensor<?xf32>
  %1 = nn.reduce "max" %x {axes = array<i64: 0, 1>} : (tensor<?x3x?xf32>) -> tensor<?xf32>
  return %0, %1 : tensor<?x1x?xf32>, tensor<?xf32>
}

// CHECK-LABEL: func.func @arg_reduce
func.func @arg_reduce(%x: tensor<2x3x4xf32>, %i: tensor<?x7xi64>) -> (tensor<2x1x4xi64>, tensor<2x3xi64>, tensor<?xi64>) {
  // CHECK: nn.arg_max %{{.+}} {axis = 1 : i64, keepdims = true} : (tensor<2x3x4xf32>) -> tensor<2x1x4xi64>
  %0 = nn.arg_max %x {axis = 1 : i64, keepdims = true} : (tensor<2x3x4xf32>) -> tensor<2x1x4xi64>
  // CHECK: nn.arg_min %{{.+}} {axis = 2 : i64, select_last_index = true} : (tensor<2x3x4xf32>) -> tensor<2x3xi64>
  %1 = nn.arg_min %x {axis = 2 : i64, select_last_index = true} : (tensor<2x3x4xf32>) -> tensor<2x3xi64>
  // CHECK: nn.arg_max %{{.+}} {axis = 1 : i64} : (tensor<?x7xi64>) -> tensor<?xi64>
  %2 = nn.arg_max %i {axis = 1 : i64, keepdims = false, select_last_index = false} : (tensor<?x7xi64>) -> tensor<?xi64>
  return %0, %1, %2 : tensor<2x1x4xi64>, tensor<2x3xi64>, tensor<?xi64>
}

// CHECK-LABEL: func.func @cumsum
func.func @cumsum(%x: tensor<5x3xf32>, %i: tensor<?xi32>) -> (tensor<5x3xf32>, tensor<?xi32>) {
  // CHECK: nn.cumsum %{{.+}} {axis = 0 : i64, exclusive = true, reverse = true} : tensor<5x3xf32>
  %0 = nn.cumsum %x {axis = 0 : i64, exclusive = true, reverse = true} : tensor<5x3xf32>
  // CHECK: nn.cumsum %{{.+}} {axis = 0 : i64} : tensor<?xi32>
  %1 = nn.cumsum %i {axis = 0 : i64} : tensor<?xi32>
  return %0, %1 : tensor<5x3xf32>, tensor<?xi32>
}

// CHECK-LABEL: func.func @softmax_relatives
func.func @softmax_relatives(%x: tensor<3x4xf32>) -> (tensor<3x4xf32>, tensor<3x4xf32>) {
  // CHECK: nn.log_softmax %{{.+}} {axis = -1 : i64} : tensor<3x4xf32>
  %0 = nn.log_softmax %x {axis = -1 : i64} : tensor<3x4xf32>
  // CHECK: nn.hardmax %{{.+}} {axis = 0 : i64} : tensor<3x4xf32>
  %1 = nn.hardmax %x {axis = 0 : i64} : tensor<3x4xf32>
  return %0, %1 : tensor<3x4xf32>, tensor<3x4xf32>
}

// CHECK-LABEL: func.func @batch_norm
func.func @batch_norm(%x: tensor<2x3x4x5xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>,
                      %m: tensor<3xf32>, %v: tensor<3xf32>, %d: tensor<?x?xf16>, %c: tensor<?xf16>)
    -> (tensor<2x3x4x5xf32>, tensor<?x?xf16>) {
  // CHECK: nn.batch_norm %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}} {epsilon = 1.000000e-03 : f32}
  // CHECK-SAME: : (tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4x5xf32>
  %0 = nn.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-3 : f32}
      : (tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4x5xf32>
  // The default epsilon (1e-5) is not printed.
  // CHECK: nn.batch_norm %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}} :
  // CHECK-SAME: -> tensor<?x?xf16>
  %1 = nn.batch_norm %d, %c, %c, %c, %c
      : (tensor<?x?xf16>, tensor<?xf16>, tensor<?xf16>, tensor<?xf16>, tensor<?xf16>) -> tensor<?x?xf16>
  return %0, %1 : tensor<2x3x4x5xf32>, tensor<?x?xf16>
}

// CHECK-LABEL: func.func @standardize
func.func @standardize(%x: tensor<2x3x4xf32>, %d: tensor<?x8xbf16>)
    -> (tensor<2x3x4xf32>, tensor<2x1x1xf32>, tensor<2x1x1xf32>, tensor<?x8xbf16>) {
  // The default epsilon (1e-5) is not printed; the results are named.
  // CHECK: %{{.+}}, %{{.+}}, %{{.+}} = nn.standardize %{{.+}} {axes = array<i64: 1, 2>}
  // CHECK-SAME: : (tensor<2x3x4xf32>) -> (tensor<2x3x4xf32>, tensor<2x1x1xf32>, tensor<2x1x1xf32>)
  %y, %mean, %inv = nn.standardize %x {axes = array<i64: 1, 2>, epsilon = 1.0e-5 : f32}
      : (tensor<2x3x4xf32>) -> (tensor<2x3x4xf32>, tensor<2x1x1xf32>, tensor<2x1x1xf32>)
  // CHECK: nn.standardize %{{.+}} {axes = array<i64: 1>, epsilon = 1.000000e-18 : f32}
  // CHECK-SAME: : (tensor<?x8xbf16>) -> (tensor<?x8xbf16>, tensor<?x1xbf16>, tensor<?x1xbf16>)
  %z:3 = nn.standardize %d {axes = array<i64: 1>, epsilon = 1.0e-18 : f32}
      : (tensor<?x8xbf16>) -> (tensor<?x8xbf16>, tensor<?x1xbf16>, tensor<?x1xbf16>)
  return %y, %mean, %inv, %z#0 : tensor<2x3x4xf32>, tensor<2x1x1xf32>, tensor<2x1x1xf32>, tensor<?x8xbf16>
}
