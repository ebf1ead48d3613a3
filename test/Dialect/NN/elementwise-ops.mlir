// RUN: kiln-opt %s | FileCheck %s
// RUN: kiln-opt %s | kiln-opt | FileCheck %s
// RUN: kiln-opt %s --mlir-print-op-generic | kiln-opt | FileCheck %s

// Round trip of the elementwise math, activation, comparison, logical,
// select and cast ops.

// CHECK-LABEL: func.func @float_math(
// CHECK-SAME: %[[X:.+]]: tensor<2x3xf32>
func.func @float_math(%x: tensor<2x3xf32>) {
  // CHECK: nn.exp %[[X]] : tensor<2x3xf32>
  %0 = nn.exp %x : tensor<2x3xf32>
  // CHECK: nn.log %[[X]] : tensor<2x3xf32>
  %1 = nn.log %x : tensor<2x3xf32>
  // CHECK: nn.sqrt %[[X]] : tensor<2x3xf32>
  %2 = nn.sqrt %x : tensor<2x3xf32>
  // CHECK: nn.reciprocal %[[X]] : tensor<2x3xf32>
  %3 = nn.reciprocal %x : tensor<2x3xf32>
  // CHECK: nn.floor %[[X]] : tensor<2x3xf32>
  %4 = nn.floor %x : tensor<2x3xf32>
  // CHECK: nn.ceil %[[X]] : tensor<2x3xf32>
  %5 = nn.ceil %x : tensor<2x3xf32>
  // CHECK: nn.round %[[X]] : tensor<2x3xf32>
  %6 = nn.round %x : tensor<2x3xf32>
  // CHECK: nn.sin %[[X]] : tensor<2x3xf32>
  %7 = nn.sin %x : tensor<2x3xf32>
  // CHECK: nn.cos %[[X]] : tensor<2x3xf32>
  %8 = nn.cos %x : tensor<2x3xf32>
  // CHECK: nn.tan %[[X]] : tensor<2x3xf32>
  %9 = nn.tan %x : tensor<2x3xf32>
  // CHECK: nn.asin %[[X]] : tensor<2x3xf32>
  %10 = nn.asin %x : tensor<2x3xf32>
  // CHECK: nn.acos %[[X]] : tensor<2x3xf32>
  %11 = nn.acos %x : tensor<2x3xf32>
  // CHECK: nn.atan %[[X]] : tensor<2x3xf32>
  %12 = nn.atan %x : tensor<2x3xf32>
  // CHECK: nn.sinh %[[X]] : tensor<2x3xf32>
  %13 = nn.sinh %x : tensor<2x3xf32>
  // CHECK: nn.cosh %[[X]] : tensor<2x3xf32>
  %14 = nn.cosh %x : tensor<2x3xf32>
  // CHECK: nn.asinh %[[X]] : tensor<2x3xf32>
  %15 = nn.asinh %x : tensor<2x3xf32>
  // CHECK: nn.acosh %[[X]] : tensor<2x3xf32>
  %16 = nn.acosh %x : tensor<2x3xf32>
  // CHECK: nn.atanh %[[X]] : tensor<2x3xf32>
  %17 = nn.atanh %x : tensor<2x3xf32>
  // CHECK: nn.erf %[[X]] : tensor<2x3xf32>
  %18 = nn.erf %x : tensor<2x3xf32>
  // CHECK: nn.softsign %[[X]] : tensor<2x3xf32>
  %19 = nn.softsign %x : tensor<2x3xf32>
  // CHECK: nn.softplus %[[X]] : tensor<2x3xf32>
  %20 = nn.softplus %x : tensor<2x3xf32>
  // CHECK: nn.hard_swish %[[X]] : tensor<2x3xf32>
  %21 = nn.hard_swish %x : tensor<2x3xf32>
  // CHECK: nn.mish %[[X]] : tensor<2x3xf32>
  %22 = nn.mish %x : tensor<2x3xf32>
  return
}

// CHECK-LABEL: func.func @numeric_math(
// CHECK-SAME: %[[I:.+]]: tensor<4xi32>, %[[B:.+]]: tensor<4xi1>
func.func @numeric_math(%i: tensor<4xi32>, %b: tensor<4xi1>) {
  // CHECK: nn.abs %[[I]] : tensor<4xi32>
  %0 = nn.abs %i : tensor<4xi32>
  // CHECK: nn.neg %[[I]] : tensor<4xi32>
  %1 = nn.neg %i : tensor<4xi32>
  // CHECK: nn.sign %[[I]] : tensor<4xi32>
  %2 = nn.sign %i : tensor<4xi32>
  // CHECK: nn.not %[[B]] : tensor<4xi1>
  %n = nn.not %b : tensor<4xi1>
  return
}

// CHECK-LABEL: func.func @activations(
// CHECK-SAME: %[[X:.+]]: tensor<?x3xf32>
func.func @activations(%x: tensor<?x3xf32>) {
  // CHECK: nn.leaky_relu %[[X]] {alpha = 0.00999999977 : f32} : tensor<?x3xf32>
  %0 = nn.leaky_relu %x {alpha = 0.01 : f32} : tensor<?x3xf32>
  // CHECK: nn.elu %[[X]] {alpha = 1.000000e+00 : f32}
  %1 = nn.elu %x {alpha = 1.0 : f32} : tensor<?x3xf32>
  // CHECK: nn.selu %[[X]] {alpha = 1.500000e+00 : f32, gamma = 2.000000e+00 : f32}
  %2 = nn.selu %x {alpha = 1.5 : f32, gamma = 2.0 : f32} : tensor<?x3xf32>
  // CHECK: nn.celu %[[X]] {alpha = 2.000000e+00 : f32}
  %3 = nn.celu %x {alpha = 2.0 : f32} : tensor<?x3xf32>
  // CHECK: nn.hard_sigmoid %[[X]] {alpha = 2.000000e-01 : f32, beta = 5.000000e-01 : f32}
  %4 = nn.hard_sigmoid %x {alpha = 0.2 : f32, beta = 0.5 : f32} : tensor<?x3xf32>
  // CHECK: nn.thresholded_relu %[[X]] {alpha = 1.000000e+00 : f32}
  %5 = nn.thresholded_relu %x {alpha = 1.0 : f32} : tensor<?x3xf32>
  // CHECK: nn.shrink %[[X]] {bias = 0.000000e+00 : f32, lambd = 5.000000e-01 : f32}
  %6 = nn.shrink %x {bias = 0.0 : f32, lambd = 0.5 : f32} : tensor<?x3xf32>
  // CHECK: nn.gelu %[[X]] {approximate = "tanh"}
  %7 = nn.gelu %x {approximate = "tanh"} : tensor<?x3xf32>
  // CHECK: nn.is_nan %[[X]] : tensor<?x3xf32> -> tensor<?x3xi1>
  %8 = nn.is_nan %x : tensor<?x3xf32> -> tensor<?x3xi1>
  // CHECK: nn.is_inf %[[X]] {detect_negative = false, detect_positive = true} : tensor<?x3xf32> -> tensor<?x3xi1>
  %9 = nn.is_inf %x {detect_negative = false, detect_positive = true} : tensor<?x3xf32> -> tensor<?x3xi1>
  return
}

// CHECK-LABEL: func.func @binary(
// CHECK-SAME: %[[A:.+]]: tensor<2x3xf32>, %[[B:.+]]: tensor<3xf32>, %[[I:.+]]: tensor<2x1xi64>, %[[J:.+]]: tensor<4xi64>, %[[P:.+]]: tensor<2xi1>, %[[Q:.+]]: tensor<2xi1>
func.func @binary(%a: tensor<2x3xf32>, %b: tensor<3xf32>, %i: tensor<2x1xi64>, %j: tensor<4xi64>,
                  %p: tensor<2xi1>, %q: tensor<2xi1>) {
  // CHECK: nn.pow %[[A]], %[[B]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %0 = nn.pow %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: nn.max %[[I]], %[[J]] : (tensor<2x1xi64>, tensor<4xi64>) -> tensor<2x4xi64>
  %1 = nn.max %i, %j : (tensor<2x1xi64>, tensor<4xi64>) -> tensor<2x4xi64>
  // CHECK: nn.min %[[A]], %[[B]]
  %2 = nn.min %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: nn.mod %[[I]], %[[J]] : (tensor<2x1xi64>, tensor<4xi64>) -> tensor<2x4xi64>
  %3 = nn.mod %i, %j : (tensor<2x1xi64>, tensor<4xi64>) -> tensor<2x4xi64>
  // CHECK: nn.mod %[[A]], %[[B]] {fmod = true}
  %4 = nn.mod %a, %b {fmod = true} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: nn.and %[[P]], %[[Q]] : (tensor<2xi1>, tensor<2xi1>) -> tensor<2xi1>
  %5 = nn.and %p, %q : (tensor<2xi1>, tensor<2xi1>) -> tensor<2xi1>
  // CHECK: nn.or %[[P]], %[[Q]]
  %6 = nn.or %p, %q : (tensor<2xi1>, tensor<2xi1>) -> tensor<2xi1>
  // CHECK: nn.xor %[[P]], %[[Q]]
  %7 = nn.xor %p, %q : (tensor<2xi1>, tensor<2xi1>) -> tensor<2xi1>
  // CHECK: nn.equal %[[A]], %[[B]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %8 = nn.equal %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  // CHECK: nn.less %[[I]], %[[J]] : (tensor<2x1xi64>, tensor<4xi64>) -> tensor<2x4xi1>
  %9 = nn.less %i, %j : (tensor<2x1xi64>, tensor<4xi64>) -> tensor<2x4xi1>
  // CHECK: nn.less_or_equal %[[A]], %[[B]]
  %10 = nn.less_or_equal %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  // CHECK: nn.greater %[[A]], %[[B]]
  %11 = nn.greater %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  // CHECK: nn.greater_or_equal %[[A]], %[[B]]
  %12 = nn.greater_or_equal %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  return
}

// CHECK-LABEL: func.func @where_cast(
// CHECK-SAME: %[[C:.+]]: tensor<4x1xi1>, %[[X:.+]]: tensor<4x8xf32>, %[[Y:.+]]: tensor<8xf32>
func.func @where_cast(%c: tensor<4x1xi1>, %x: tensor<4x8xf32>, %y: tensor<8xf32>) -> tensor<4x8xi64> {
  // CHECK: %[[W:.+]] = nn.where %[[C]], %[[X]], %[[Y]] : (tensor<4x1xi1>, tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  %0 = nn.where %c, %x, %y : (tensor<4x1xi1>, tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  // CHECK: nn.cast %[[W]] : tensor<4x8xf32> -> tensor<4x8xi64>
  %1 = nn.cast %0 : tensor<4x8xf32> -> tensor<4x8xi64>
  return %1 : tensor<4x8xi64>
}
