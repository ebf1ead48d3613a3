// RUN: kiln-opt %s | FileCheck %s
// RUN: kiln-opt %s | kiln-opt | FileCheck %s
// RUN: kiln-opt %s --mlir-print-op-generic | kiln-opt | FileCheck %s

// Round trip of every nn op through the custom and the generic assembly.

// CHECK-LABEL: func.func @constant_dense
func.func @constant_dense() -> (tensor<2xf32>, tensor<2x2xi64>) {
  // CHECK: nn.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
  %0 = nn.constant dense<[1.0, 2.0]> : tensor<2xf32>
  // CHECK: nn.constant dense<{{\[\[}}1, 2], [3, 4]]> : tensor<2x2xi64>
  %1 = nn.constant dense<[[1, 2], [3, 4]]> : tensor<2x2xi64>
  return %0, %1 : tensor<2xf32>, tensor<2x2xi64>
}

// CHECK-LABEL: func.func @constant_splat
func.func @constant_splat() -> tensor<3x4xf16> {
  // CHECK: nn.constant dense<5.000000e-01> : tensor<3x4xf16>
  %0 = nn.constant dense<0.5> : tensor<3x4xf16>
  return %0 : tensor<3x4xf16>
}

// CHECK-LABEL: func.func @constant_resource
func.func @constant_resource() -> tensor<2x2xf32> {
  // CHECK: nn.constant dense_resource<weight> : tensor<2x2xf32>
  %0 = nn.constant dense_resource<weight> : tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// CHECK-LABEL: func.func @unary
// CHECK-SAME: (%[[X:.+]]: tensor<8x16xf32>, %[[H:.+]]: tensor<?x4xbf16>)
func.func @unary(%x: tensor<8x16xf32>, %h: tensor<?x4xbf16>)
    -> (tensor<8x16xf32>, tensor<8x16xf32>, tensor<8x16xf32>, tensor<?x4xbf16>) {
  // CHECK: nn.relu %[[X]] : tensor<8x16xf32>
  %0 = nn.relu %x : tensor<8x16xf32>
  // CHECK: nn.sigmoid %[[X]] : tensor<8x16xf32>
  %1 = nn.sigmoid %x : tensor<8x16xf32>
  // CHECK: nn.tanh %[[X]] : tensor<8x16xf32>
  %2 = nn.tanh %x : tensor<8x16xf32>
  // CHECK: nn.relu %[[H]] : tensor<?x4xbf16>
  %3 = nn.relu %h : tensor<?x4xbf16>
  return %0, %1, %2, %3 : tensor<8x16xf32>, tensor<8x16xf32>, tensor<8x16xf32>, tensor<?x4xbf16>
}

// CHECK-LABEL: func.func @binary_same_shape
// CHECK-SAME: (%[[A:.+]]: tensor<8x16xf32>, %[[B:.+]]: tensor<8x16xf32>)
func.func @binary_same_shape(%a: tensor<8x16xf32>, %b: tensor<8x16xf32>)
    -> (tensor<8x16xf32>, tensor<8x16xf32>, tensor<8x16xf32>, tensor<8x16xf32>) {
  // CHECK: nn.add %[[A]], %[[B]] : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
  %0 = nn.add %a, %b : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
  // CHECK: nn.sub %[[A]], %[[B]] : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
  %1 = nn.sub %a, %b : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
  // CHECK: nn.mul %[[A]], %[[B]] : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
  %2 = nn.mul %a, %b : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
  // CHECK: nn.div %[[A]], %[[B]] : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
  %3 = nn.div %a, %b : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
  return %0, %1, %2, %3 : tensor<8x16xf32>, tensor<8x16xf32>, tensor<8x16xf32>, tensor<8x16xf32>
}

// CHECK-LABEL: func.func @binary_broadcast
// CHECK-SAME: (%[[A:.+]]: tensor<2x1x16xf32>, %[[B:.+]]: tensor<8x1xf32>, %[[S:.+]]: tensor<f32>, %[[I:.+]]: tensor<4xi32>)
func.func @binary_broadcast(%a: tensor<2x1x16xf32>, %b: tensor<8x1xf32>, %s: tensor<f32>, %i: tensor<4xi32>)
    -> (tensor<2x8x16xf32>, tensor<2x1x16xf32>, tensor<4xi32>) {
  // CHECK: nn.add %[[A]], %[[B]] : (tensor<2x1x16xf32>, tensor<8x1xf32>) -> tensor<2x8x16xf32>
  %0 = nn.add %a, %b : (tensor<2x1x16xf32>, tensor<8x1xf32>) -> tensor<2x8x16xf32>
  // CHECK: nn.mul %[[S]], %[[A]] : (tensor<f32>, tensor<2x1x16xf32>) -> tensor<2x1x16xf32>
  %1 = nn.mul %s, %a : (tensor<f32>, tensor<2x1x16xf32>) -> tensor<2x1x16xf32>
  // CHECK: nn.div %[[I]], %[[I]] : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %2 = nn.div %i, %i : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %0, %1, %2 : tensor<2x8x16xf32>, tensor<2x1x16xf32>, tensor<4xi32>
}

// A dynamic dimension broadcasts against a static one, and a declared static
// dimension may refine an inferred dynamic one.
// CHECK-LABEL: func.func @binary_dynamic
// CHECK-SAME: (%[[A:.+]]: tensor<?x16xf32>, %[[B:.+]]: tensor<16xf32>, %[[C:.+]]: tensor<8x1xf32>)
func.func @binary_dynamic(%a: tensor<?x16xf32>, %b: tensor<16xf32>, %c: tensor<8x1xf32>)
    -> (tensor<?x16xf32>, tensor<8x16xf32>, tensor<4x16xf32>) {
  // CHECK: nn.sub %[[A]], %[[B]] : (tensor<?x16xf32>, tensor<16xf32>) -> tensor<?x16xf32>
  %0 = nn.sub %a, %b : (tensor<?x16xf32>, tensor<16xf32>) -> tensor<?x16xf32>
  // CHECK: nn.add %[[A]], %[[C]] : (tensor<?x16xf32>, tensor<8x1xf32>) -> tensor<8x16xf32>
  %1 = nn.add %a, %c : (tensor<?x16xf32>, tensor<8x1xf32>) -> tensor<8x16xf32>
  // CHECK: nn.div %[[A]], %[[B]] : (tensor<?x16xf32>, tensor<16xf32>) -> tensor<4x16xf32>
  %2 = nn.div %a, %b : (tensor<?x16xf32>, tensor<16xf32>) -> tensor<4x16xf32>
  return %0, %1, %2 : tensor<?x16xf32>, tensor<8x16xf32>, tensor<4x16xf32>
}

// CHECK-LABEL: func.func @softmax
// CHECK-SAME: (%[[X:.+]]: tensor<8x10xf32>)
func.func @softmax(%x: tensor<8x10xf32>) -> (tensor<8x10xf32>, tensor<8x10xf32>) {
  // CHECK: nn.softmax %[[X]] {axis = -1 : i64} : tensor<8x10xf32>
  %0 = nn.softmax %x {axis = -1 : i64} : tensor<8x10xf32>
  // CHECK: nn.softmax %[[X]] {axis = 0 : i64} : tensor<8x10xf32>
  %1 = nn.softmax %x {axis = 0 : i64} : tensor<8x10xf32>
  return %0, %1 : tensor<8x10xf32>, tensor<8x10xf32>
}

// CHECK-LABEL: func.func @matmul_2d
// CHECK-SAME: (%[[A:.+]]: tensor<8x16xf32>, %[[B:.+]]: tensor<16x4xf32>, %[[I:.+]]: tensor<2x3xi8>, %[[J:.+]]: tensor<3x5xi8>)
func.func @matmul_2d(%a: tensor<8x16xf32>, %b: tensor<16x4xf32>, %i: tensor<2x3xi8>, %j: tensor<3x5xi8>)
    -> (tensor<8x4xf32>, tensor<2x5xi8>) {
  // CHECK: nn.matmul %[[A]], %[[B]] : (tensor<8x16xf32>, tensor<16x4xf32>) -> tensor<8x4xf32>
  %0 = nn.matmul %a, %b : (tensor<8x16xf32>, tensor<16x4xf32>) -> tensor<8x4xf32>
  // CHECK: nn.matmul %[[I]], %[[J]] : (tensor<2x3xi8>, tensor<3x5xi8>) -> tensor<2x5xi8>
  %1 = nn.matmul %i, %j : (tensor<2x3xi8>, tensor<3x5xi8>) -> tensor<2x5xi8>
  return %0, %1 : tensor<8x4xf32>, tensor<2x5xi8>
}

// CHECK-LABEL: func.func @matmul_batched
// CHECK-SAME: (%[[A:.+]]: tensor<2x1x8x16xf32>, %[[B:.+]]: tensor<3x16x4xf32>, %[[W:.+]]: tensor<16x4xf32>, %[[D:.+]]: tensor<?x8x16xf32>)
func.func @matmul_batched(%a: tensor<2x1x8x16xf32>, %b: tensor<3x16x4xf32>, %w: tensor<16x4xf32>, %d: tensor<?x8x16xf32>)
    -> (tensor<2x3x8x4xf32>, tensor<2x1x8x4xf32>, tensor<?x8x4xf32>) {
  // CHECK: nn.matmul %[[A]], %[[B]] : (tensor<2x1x8x16xf32>, tensor<3x16x4xf32>) -> tensor<2x3x8x4xf32>
  %0 = nn.matmul %a, %b : (tensor<2x1x8x16xf32>, tensor<3x16x4xf32>) -> tensor<2x3x8x4xf32>
  // CHECK: nn.matmul %[[A]], %[[W]] : (tensor<2x1x8x16xf32>, tensor<16x4xf32>) -> tensor<2x1x8x4xf32>
  %1 = nn.matmul %a, %w : (tensor<2x1x8x16xf32>, tensor<16x4xf32>) -> tensor<2x1x8x4xf32>
  // CHECK: nn.matmul %[[D]], %[[W]] : (tensor<?x8x16xf32>, tensor<16x4xf32>) -> tensor<?x8x4xf32>
  %2 = nn.matmul %d, %w : (tensor<?x8x16xf32>, tensor<16x4xf32>) -> tensor<?x8x4xf32>
  return %0, %1, %2 : tensor<2x3x8x4xf32>, tensor<2x1x8x4xf32>, tensor<?x8x4xf32>
}

// Rank-1 operands are promoted and the added dimension is dropped.
// CHECK-LABEL: func.func @matmul_vector
// CHECK-SAME: (%[[V:.+]]: tensor<16xf32>, %[[M:.+]]: tensor<16x4xf32>, %[[N:.+]]: tensor<8x16xf32>, %[[B:.+]]: tensor<2x16x4xf32>)
func.func @matmul_vector(%v: tensor<16xf32>, %m: tensor<16x4xf32>, %n: tensor<8x16xf32>, %b: tensor<2x16x4xf32>)
    -> (tensor<4xf32>, tensor<8xf32>, tensor<f32>, tensor<2x4xf32>) {
  // CHECK: nn.matmul %[[V]], %[[M]] : (tensor<16xf32>, tensor<16x4xf32>) -> tensor<4xf32>
  %0 = nn.matmul %v, %m : (tensor<16xf32>, tensor<16x4xf32>) -> tensor<4xf32>
  // CHECK: nn.matmul %[[N]], %[[V]] : (tensor<8x16xf32>, tensor<16xf32>) -> tensor<8xf32>
  %1 = nn.matmul %n, %v : (tensor<8x16xf32>, tensor<16xf32>) -> tensor<8xf32>
  // CHECK: nn.matmul %[[V]], %[[V]] : (tensor<16xf32>, tensor<16xf32>) -> tensor<f32>
  %2 = nn.matmul %v, %v : (tensor<16xf32>, tensor<16xf32>) -> tensor<f32>
  // CHECK: nn.matmul %[[V]], %[[B]] : (tensor<16xf32>, tensor<2x16x4xf32>) -> tensor<2x4xf32>
  %3 = nn.matmul %v, %b : (tensor<16xf32>, tensor<2x16x4xf32>) -> tensor<2x4xf32>
  return %0, %1, %2, %3 : tensor<4xf32>, tensor<8xf32>, tensor<f32>, tensor<2x4xf32>
}

// Default-valued attributes (alpha = beta = 1, no transposes) are elided.
// CHECK-LABEL: func.func @gemm
// CHECK-SAME: (%[[A:.+]]: tensor<8x784xf32>, %[[W:.+]]: tensor<512x784xf32>, %[[C:.+]]: tensor<512xf32>, %[[AT:.+]]: tensor<784x8xf32>, %[[WT:.+]]: tensor<784x512xf32>, %[[C2:.+]]: tensor<8x1xf32>)
func.func @gemm(%a: tensor<8x784xf32>, %w: tensor<512x784xf32>, %c: tensor<512xf32>,
                %at: tensor<784x8xf32>, %wt: tensor<784x512xf32>, %c2: tensor<8x1xf32>)
    -> (tensor<8x512xf32>, tensor<8x512xf32>, tensor<8x512xf32>, tensor<8x512xf32>) {
  // CHECK: nn.gemm %[[A]], %[[W]], %[[C]] {trans_b = true} : (tensor<8x784xf32>, tensor<512x784xf32>, tensor<512xf32>) -> tensor<8x512xf32>
  %0 = nn.gemm %a, %w, %c {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = true}
      : (tensor<8x784xf32>, tensor<512x784xf32>, tensor<512xf32>) -> tensor<8x512xf32>
  // CHECK: nn.gemm %[[A]], %[[WT]] : (tensor<8x784xf32>, tensor<784x512xf32>) -> tensor<8x512xf32>
  %1 = nn.gemm %a, %wt : (tensor<8x784xf32>, tensor<784x512xf32>) -> tensor<8x512xf32>
  // CHECK: nn.gemm %[[AT]], %[[WT]], %[[C2]] {alpha = 5.000000e-01 : f32, beta = 2.000000e+00 : f32, trans_a = true}
  // CHECK-SAME: : (tensor<784x8xf32>, tensor<784x512xf32>, tensor<8x1xf32>) -> tensor<8x512xf32>
  %2 = nn.gemm %at, %wt, %c2 {alpha = 0.5 : f32, beta = 2.0 : f32, trans_a = true}
      : (tensor<784x8xf32>, tensor<784x512xf32>, tensor<8x1xf32>) -> tensor<8x512xf32>
  // CHECK: nn.gemm %[[AT]], %[[W]] {trans_a = true, trans_b = true} : (tensor<784x8xf32>, tensor<512x784xf32>) -> tensor<8x512xf32>
  %3 = nn.gemm %at, %w {trans_a = true, trans_b = true} : (tensor<784x8xf32>, tensor<512x784xf32>) -> tensor<8x512xf32>
  return %0, %1, %2, %3 : tensor<8x512xf32>, tensor<8x512xf32>, tensor<8x512xf32>, tensor<8x512xf32>
}

// CHECK-LABEL: func.func @reshape
// CHECK-SAME: (%[[X:.+]]: tensor<2x3x4xf32>, %[[D:.+]]: tensor<?x4xi32>)
func.func @reshape(%x: tensor<2x3x4xf32>, %d: tensor<?x4xi32>)
    -> (tensor<6x4xf32>, tensor<24xf32>, tensor<2x2xi32>) {
  // CHECK: nn.reshape %[[X]] : tensor<2x3x4xf32> -> tensor<6x4xf32>
  %0 = nn.reshape %x : tensor<2x3x4xf32> -> tensor<6x4xf32>
  // CHECK: nn.reshape %[[X]] : tensor<2x3x4xf32> -> tensor<24xf32>
  %1 = nn.reshape %x : tensor<2x3x4xf32> -> tensor<24xf32>
  // CHECK: nn.reshape %[[D]] : tensor<?x4xi32> -> tensor<2x2xi32>
  %2 = nn.reshape %d : tensor<?x4xi32> -> tensor<2x2xi32>
  return %0, %1, %2 : tensor<6x4xf32>, tensor<24xf32>, tensor<2x2xi32>
}

// CHECK-LABEL: func.func @flatten
// CHECK-SAME: (%[[X:.+]]: tensor<4x16x5x5xf32>, %[[D:.+]]: tensor<?x3x2xf32>)
func.func @flatten(%x: tensor<4x16x5x5xf32>, %d: tensor<?x3x2xf32>)
    -> (tensor<1x1600xf32>, tensor<4x400xf32>, tensor<320x5xf32>, tensor<1600x1xf32>, tensor<?x6xf32>) {
  // CHECK: nn.flatten %[[X]] {axis = 0 : i64} : (tensor<4x16x5x5xf32>) -> tensor<1x1600xf32>
  %0 = nn.flatten %x {axis = 0 : i64} : (tensor<4x16x5x5xf32>) -> tensor<1x1600xf32>
  // CHECK: nn.flatten %[[X]] {axis = 1 : i64} : (tensor<4x16x5x5xf32>) -> tensor<4x400xf32>
  %1 = nn.flatten %x {axis = 1 : i64} : (tensor<4x16x5x5xf32>) -> tensor<4x400xf32>
  // CHECK: nn.flatten %[[X]] {axis = -1 : i64} : (tensor<4x16x5x5xf32>) -> tensor<320x5xf32>
  %2 = nn.flatten %x {axis = -1 : i64} : (tensor<4x16x5x5xf32>) -> tensor<320x5xf32>
  // CHECK: nn.flatten %[[X]] {axis = 4 : i64} : (tensor<4x16x5x5xf32>) -> tensor<1600x1xf32>
  %3 = nn.flatten %x {axis = 4 : i64} : (tensor<4x16x5x5xf32>) -> tensor<1600x1xf32>
  // CHECK: nn.flatten %[[D]] {axis = 1 : i64} : (tensor<?x3x2xf32>) -> tensor<?x6xf32>
  %4 = nn.flatten %d {axis = 1 : i64} : (tensor<?x3x2xf32>) -> tensor<?x6xf32>
  return %0, %1, %2, %3, %4 : tensor<1x1600xf32>, tensor<4x400xf32>, tensor<320x5xf32>, tensor<1600x1xf32>, tensor<?x6xf32>
}

// CHECK-LABEL: func.func @conv_2d
// CHECK-SAME: (%[[X:.+]]: tensor<4x1x28x28xf32>, %[[W:.+]]: tensor<6x1x5x5xf32>, %[[B:.+]]: tensor<6xf32>)
func.func @conv_2d(%x: tensor<4x1x28x28xf32>, %w: tensor<6x1x5x5xf32>, %b: tensor<6xf32>)
    -> (tensor<4x6x28x28xf32>, tensor<4x6x11x7xf32>) {
  // CHECK: nn.conv %[[X]], %[[W]], %[[B]] {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 2, 2, 2, 2>, strides = array<i64: 1, 1>}
  // CHECK-SAME: : (tensor<4x1x28x28xf32>, tensor<6x1x5x5xf32>, tensor<6xf32>) -> tensor<4x6x28x28xf32>
  %0 = nn.conv %x, %w, %b {dilations = array<i64: 1, 1>, group = 1 : i64,
                           pads = array<i64: 2, 2, 2, 2>, strides = array<i64: 1, 1>}
      : (tensor<4x1x28x28xf32>, tensor<6x1x5x5xf32>, tensor<6xf32>) -> tensor<4x6x28x28xf32>
  // Stride 2x3, dilation 2, asymmetric padding, no bias:
  // H: (28 + 1 + 0 - 8 - 1) / 2 + 1 = 11, W: (28 + 0 + 1 - 8 - 1) / 3 + 1 = 7.
  // CHECK: nn.conv %[[X]], %[[W]] {dilations = array<i64: 2, 2>, group = 1 : i64, pads = array<i64: 1, 0, 0, 1>, strides = array<i64: 2, 3>}
  // CHECK-SAME: : (tensor<4x1x28x28xf32>, tensor<6x1x5x5xf32>) -> tensor<4x6x11x7xf32>
  %1 = nn.conv %x, %w {dilations = array<i64: 2, 2>, group = 1 : i64,
                       pads = array<i64: 1, 0, 0, 1>, strides = array<i64: 2, 3>}
      : (tensor<4x1x28x28xf32>, tensor<6x1x5x5xf32>) -> tensor<4x6x11x7xf32>
  return %0, %1 : tensor<4x6x28x28xf32>, tensor<4x6x11x7xf32>
}

// CHECK-LABEL: func.func @conv_grouped
// CHECK-SAME: (%[[X:.+]]: tensor<1x4x8x8xf32>, %[[W:.+]]: tensor<6x2x3x3xf32>, %[[DW:.+]]: tensor<4x1x3x3xf32>)
func.func @conv_grouped(%x: tensor<1x4x8x8xf32>, %w: tensor<6x2x3x3xf32>, %dw: tensor<4x1x3x3xf32>)
    -> (tensor<1x6x6x6xf32>, tensor<1x4x8x8xf32>) {
  // CHECK: nn.conv %[[X]], %[[W]] {dilations = array<i64: 1, 1>, group = 2 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
  // CHECK-SAME: : (tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x6x6xf32>
  %0 = nn.conv %x, %w {dilations = array<i64: 1, 1>, group = 2 : i64,
                       pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
      : (tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x6x6xf32>
  // Depthwise.
  // CHECK: nn.conv %[[X]], %[[DW]] {dilations = array<i64: 1, 1>, group = 4 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>}
  // CHECK-SAME: : (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x8x8xf32>
  %1 = nn.conv %x, %dw {dilations = array<i64: 1, 1>, group = 4 : i64,
                        pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>}
      : (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x8x8xf32>
  return %0, %1 : tensor<1x6x6x6xf32>, tensor<1x4x8x8xf32>
}

// CHECK-LABEL: func.func @conv_1d
// CHECK-SAME: (%[[X:.+]]: tensor<2x3x10xf32>, %[[W:.+]]: tensor<8x3x3xf32>, %[[B:.+]]: tensor<8xf32>)
func.func @conv_1d(%x: tensor<2x3x10xf32>, %w: tensor<8x3x3xf32>, %b: tensor<8xf32>) -> tensor<2x8x5xf32> {
  // CHECK: nn.conv %[[X]], %[[W]], %[[B]] {dilations = array<i64: 1>, group = 1 : i64, pads = array<i64: 1, 1>, strides = array<i64: 2>}
  // CHECK-SAME: : (tensor<2x3x10xf32>, tensor<8x3x3xf32>, tensor<8xf32>) -> tensor<2x8x5xf32>
  %0 = nn.conv %x, %w, %b {dilations = array<i64: 1>, group = 1 : i64,
                           pads = array<i64: 1, 1>, strides = array<i64: 2>}
      : (tensor<2x3x10xf32>, tensor<8x3x3xf32>, tensor<8xf32>) -> tensor<2x8x5xf32>
  return %0 : tensor<2x8x5xf32>
}

// ceil_mode = false is the default and is elided.
// CHECK-LABEL: func.func @max_pool
// CHECK-SAME: (%[[X:.+]]: tensor<1x64x112x112xf32>, %[[Y:.+]]: tensor<1x2x5x5xf32>)
func.func @max_pool(%x: tensor<1x64x112x112xf32>, %y: tensor<1x2x5x5xf32>)
    -> (tensor<1x64x56x56xf32>, tensor<1x2x3x3xf32>) {
  // CHECK: nn.max_pool %[[X]] {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
  // CHECK-SAME: : (tensor<1x64x112x112xf32>) -> tensor<1x64x56x56xf32>
  %0 = nn.max_pool %x {ceil_mode = false, dilations = array<i64: 1, 1>,
                       kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>,
                       strides = array<i64: 2, 2>}
      : (tensor<1x64x112x112xf32>) -> tensor<1x64x56x56xf32>
  // CHECK: nn.max_pool %[[Y]] {ceil_mode = true, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>}
  // CHECK-SAME: : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32>
  %1 = nn.max_pool %y {ceil_mode = true, dilations = array<i64: 1, 1>,
                       kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>,
                       strides = array<i64: 2, 2>}
      : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32>
  return %0, %1 : tensor<1x64x56x56xf32>, tensor<1x2x3x3xf32>
}

// CHECK-LABEL: func.func @average_pool
// CHECK-SAME: (%[[X:.+]]: tensor<4x6x28x28xf32>, %[[Y:.+]]: tensor<1x2x5x5xf32>, %[[Z:.+]]: tensor<1x3x9xf32>)
func.func @average_pool(%x: tensor<4x6x28x28xf32>, %y: tensor<1x2x5x5xf32>, %z: tensor<1x3x9xf32>)
    -> (tensor<4x6x14x14xf32>, tensor<1x2x3x3xf32>, tensor<1x3x4xf32>) {
  // CHECK: nn.average_pool %[[X]] {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>}
  // CHECK-SAME: : (tensor<4x6x28x28xf32>) -> tensor<4x6x14x14xf32>
  %0 = nn.average_pool %x {ceil_mode = false, count_include_pad = false,
                           dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>,
                           pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>}
      : (tensor<4x6x28x28xf32>) -> tensor<4x6x14x14xf32>
  // ceil_mode: (5 - 2) / 2 rounded up, plus 1, is 3 windows (2 without it).
  // CHECK: nn.average_pool %[[Y]] {ceil_mode = true, count_include_pad = true, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>}
  // CHECK-SAME: : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32>
  %1 = nn.average_pool %y {ceil_mode = true, count_include_pad = true,
                           dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>,
                           pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>}
      : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32>
  // 1-D window.
  // CHECK: nn.average_pool %[[Z]] {dilations = array<i64: 1>, kernel_shape = array<i64: 3>, pads = array<i64: 0, 0>, strides = array<i64: 2>}
  // CHECK-SAME: : (tensor<1x3x9xf32>) -> tensor<1x3x4xf32>
  %2 = nn.average_pool %z {dilations = array<i64: 1>, kernel_shape = array<i64: 3>,
                           pads = array<i64: 0, 0>, strides = array<i64: 2>}
      : (tensor<1x3x9xf32>) -> tensor<1x3x4xf32>
  return %0, %1, %2 : tensor<4x6x14x14xf32>, tensor<1x2x3x3xf32>, tensor<1x3x4xf32>
}

// CHECK: dialect_resources
// CHECK: weight: "0x040000000000803F000000400000404000008040"
{-#
  dialect_resources: {
    builtin: {
      weight: "0x040000000000803F000000400000404000008040"
    }
  }
#-}
