// RUN: kiln-opt %s -kiln-convert-nn-to-linalg -split-input-file | FileCheck %s

// Constants become arith.constant (dense_resource kept by reference);
// reshape and flatten become a collapse_shape to 1-D followed by an
// expand_shape to the result type.

// CHECK-LABEL: func.func @constants
// CHECK-NOT: nn.constant
// CHECK: %[[D:.+]] = arith.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK: %[[R:.+]] = arith.constant dense_resource<weight> : tensor<2x2xf32>
// CHECK: return %[[D]], %[[R]] : tensor<2xf32>, tensor<2x2xf32>
// CHECK: weight: "0x040000000000803F000000400000404000008040"
func.func @constants() -> (tensor<2xf32>, tensor<2x2xf32>) {
  %0 = nn.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %1 = nn.constant dense_resource<weight> : tensor<2x2xf32>
  return %0, %1 : tensor<2xf32>, tensor<2x2xf32>
}
{-#
  dialect_resources: {
    builtin: {
      weight: "0x040000000000803F000000400000404000008040"
    }
  }
#-}

// -----

// CHECK-LABEL: func.func @reshape
// CHECK-SAME: (%[[X:.+]]: tensor<2x3x4xf32>, %[[V:.+]]: tensor<6xf32>)
// CHECK: %[[F0:.+]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1, 2]] : tensor<2x3x4xf32> into tensor<24xf32>
// CHECK: %[[R0:.+]] = tensor.expand_shape %[[F0]] {{\[\[}}0, 1]] output_shape [6, 4] : tensor<24xf32> into tensor<6x4xf32>
// CHECK: %[[R1:.+]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1, 2]] : tensor<2x3x4xf32> into tensor<24xf32>
// CHECK: %[[R2:.+]] = tensor.expand_shape %[[V]] {{\[\[}}0, 1]] output_shape [2, 3] : tensor<6xf32> into tensor<2x3xf32>
// CHECK: return %[[R0]], %[[R1]], %[[R2]], %[[X]] :
func.func @reshape(%x: tensor<2x3x4xf32>, %v: tensor<6xf32>)
    -> (tensor<6x4xf32>, tensor<24xf32>, tensor<2x3xf32>, tensor<2x3x4xf32>) {
  %0 = nn.reshape %x : tensor<2x3x4xf32> -> tensor<6x4xf32>
  %1 = nn.reshape %x : tensor<2x3x4xf32> -> tensor<24xf32>
  %2 = nn.reshape %v : tensor<6xf32> -> tensor<2x3xf32>
  // Same type: no op at all.
  %3 = nn.reshape %x : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  return %0, %1, %2, %3 : tensor<6x4xf32>, tensor<24xf32>, tensor<2x3xf32>, tensor<2x3x4xf32>
}

// -----

// Rank-0 tensors go through tensor<1x...> with an empty reassociation.
// CHECK-LABEL: func.func @reshape_rank0
// CHECK-SAME: (%[[S:.+]]: tensor<1x1xi32>, %[[T:.+]]: tensor<f32>)
// CHECK: %[[F:.+]] = tensor.collapse_shape %[[S]] {{\[\[}}0, 1]] : tensor<1x1xi32> into tensor<1xi32>
// CHECK: %[[R0:.+]] = tensor.collapse_shape %[[F]] [] : tensor<1xi32> into tensor<i32>
// CHECK: %[[E:.+]] = tensor.expand_shape %[[T]] [] output_shape [1] : tensor<f32> into tensor<1xf32>
// CHECK: %[[R1:.+]] = tensor.expand_shape %[[E]] {{\[\[}}0, 1]] output_shape [1, 1] : tensor<1xf32> into tensor<1x1xf32>
// CHECK: return %[[R0]], %[[R1]]
func.func @reshape_rank0(%s: tensor<1x1xi32>, %t: tensor<f32>) -> (tensor<i32>, tensor<1x1xf32>) {
  %0 = nn.reshape %s : tensor<1x1xi32> -> tensor<i32>
  %1 = nn.reshape %t : tensor<f32> -> tensor<1x1xf32>
  return %0, %1 : tensor<i32>, tensor<1x1xf32>
}

// -----

// CHECK-LABEL: func.func @flatten
// CHECK-SAME: (%[[X:.+]]: tensor<4x16x5x5xf32>)
// CHECK: %[[F0:.+]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1, 2, 3]] : tensor<4x16x5x5xf32> into tensor<1600xf32>
// CHECK: %[[R0:.+]] = tensor.expand_shape %[[F0]] {{\[\[}}0, 1]] output_shape [1, 1600] : tensor<1600xf32> into tensor<1x1600xf32>
// CHECK: %[[F1:.+]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1, 2, 3]] : tensor<4x16x5x5xf32> into tensor<1600xf32>
// CHECK: %[[R1:.+]] = tensor.expand_shape %[[F1]] {{\[\[}}0, 1]] output_shape [4, 400] : tensor<1600xf32> into tensor<4x400xf32>
// CHECK: %[[F2:.+]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1, 2, 3]] : tensor<4x16x5x5xf32> into tensor<1600xf32>
// CHECK: %[[R2:.+]] = tensor.expand_shape %[[F2]] {{\[\[}}0, 1]] output_shape [320, 5] : tensor<1600xf32> into tensor<320x5xf32>
// CHECK: return %[[R0]], %[[R1]], %[[R2]]
func.func @flatten(%x: tensor<4x16x5x5xf32>) -> (tensor<1x1600xf32>, tensor<4x400xf32>, tensor<320x5xf32>) {
  %0 = nn.flatten %x {axis = 0 : i64} : (tensor<4x16x5x5xf32>) -> tensor<1x1600xf32>
  %1 = nn.flatten %x {axis = 1 : i64} : (tensor<4x16x5x5xf32>) -> tensor<4x400xf32>
  %2 = nn.flatten %x {axis = -1 : i64} : (tensor<4x16x5x5xf32>) -> tensor<320x5xf32>
  return %0, %1, %2 : tensor<1x1600xf32>, tensor<4x400xf32>, tensor<320x5xf32>
}
