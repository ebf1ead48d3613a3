// RUN: kiln-opt %s -split-input-file -verify-diagnostics | FileCheck %s
// RUN: kiln-opt %s -split-input-file -verify-diagnostics | kiln-opt -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @indices
// CHECK: nn.max_pool_indices %{{.+}} {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xi64>
// CHECK: nn.max_pool_indices %{{.+}} {ceil_mode = true, dilations = array<i64: 1>, kernel_shape = array<i64: 3>, pads = array<i64: 0, 0>, storage_order = 1 : i64, strides = array<i64: 2>} : (tensor<?x2x8xi8>) -> tensor<?x2x4xi64>
func.func @indices(%x: tensor<1x3x8x8xf32>, %y: tensor<?x2x8xi8>) -> (tensor<1x3x4x4xi64>, tensor<?x2x4xi64>) {
  %0 = nn.max_pool_indices %x {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>,
                               pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>}
      : (tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xi64>
  %1 = nn.max_pool_indices %y {ceil_mode = true, dilations = array<i64: 1>, kernel_shape = array<i64: 3>,
                               pads = array<i64: 0, 0>, storage_order = 1 : i64, strides = array<i64: 2>}
      : (tensor<?x2x8xi8>) -> tensor<?x2x4xi64>
  return %0, %1 : tensor<1x3x4x4xi64>, tensor<?x2x4xi64>
}

// -----

func.func @storage_order(%x: tensor<1x3x8x8xf32>) {
  // expected-error @below {{storage_order must be 0 (row-major) or 1 (column-major), got 2}}
  %0 = nn.max_pool_indices %x {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>,
                               pads = array<i64: 0, 0, 0, 0>, storage_order = 2 : i64, strides = array<i64: 2, 2>}
      : (tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xi64>
  return
}

// -----

func.func @result_type(%x: tensor<1x3x8x8xf32>) {
  // expected-error @below {{'nn.max_pool_indices' op result #0 must be ranked tensor of 64-bit signless integer values, but got 'tensor<1x3x4x4xi32>'}}
  %0 = nn.max_pool_indices %x {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>,
                               pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>}
      : (tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xi32>
  return
}

// -----

func.func @result_shape(%x: tensor<1x3x8x8xf32>) {
  // expected-error @below {{'nn.max_pool_indices' op inferred type(s) 'tensor<1x3x4x4xi64>' are incompatible with return type(s) of operation 'tensor<1x3x3x4xi64>'}}
  // expected-error @below {{'nn.max_pool_indices' op failed to infer returned types}}
  %0 = nn.max_pool_indices %x {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>,
                               pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>}
      : (tensor<1x3x8x8xf32>) -> tensor<1x3x3x4xi64>
  return
}
