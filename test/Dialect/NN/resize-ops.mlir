// RUN: kiln-opt %s | FileCheck %s
// RUN: kiln-opt %s | kiln-opt | FileCheck %s
// RUN: kiln-opt %s --mlir-print-op-generic | kiln-opt | FileCheck %s

// Round trip of nn.resize: scales or sizes, constant or run-time, a roi for
// tf_crop_and_resize, and dynamic dimensions. Attributes at their default
// values are not printed.

// CHECK-LABEL: func.func @scales
// CHECK-SAME: (%[[X:.+]]: tensor<1x3x4x4xf32>)
// CHECK: %[[S:.+]] = nn.constant
// CHECK: nn.resize %[[X]] scales %[[S]] {axes = array<i64: 2, 3>, mode = "linear"} : (tensor<1x3x4x4xf32>, tensor<2xf32>) -> tensor<1x3x8x8xf32>
func.func @scales(%x: tensor<1x3x4x4xf32>) -> tensor<1x3x8x8xf32> {
  %s = nn.constant dense<2.0> : tensor<2xf32>
  %y = nn.resize %x scales %s {axes = array<i64: 2, 3>, mode = "linear"}
      : (tensor<1x3x4x4xf32>, tensor<2xf32>) -> tensor<1x3x8x8xf32>
  return %y : tensor<1x3x8x8xf32>
}

// Run-time sizes leave the resized dimensions dynamic; the axes may come in
// any order.
// CHECK-LABEL: func.func @runtime_sizes
// CHECK-SAME: (%[[X:.+]]: tensor<?x2x5xi32>, %[[N:.+]]: tensor<2xi64>)
// CHECK: nn.resize %[[X]] sizes %[[N]] {axes = array<i64: 2, 0>, coordinate_transformation_mode = "asymmetric", nearest_mode = "floor"} : (tensor<?x2x5xi32>, tensor<2xi64>) -> tensor<?x2x?xi32>
func.func @runtime_sizes(%x: tensor<?x2x5xi32>, %n: tensor<2xi64>) -> tensor<?x2x?xi32> {
  %y = nn.resize %x sizes %n {axes = array<i64: 2, 0>, coordinate_transformation_mode = "asymmetric",
                              nearest_mode = "floor"}
      : (tensor<?x2x5xi32>, tensor<2xi64>) -> tensor<?x2x?xi32>
  return %y : tensor<?x2x?xi32>
}

// Constant sizes with a keep-aspect policy: one scale, min(7/2, 8/2) = 3.5.
// CHECK-LABEL: func.func @keep_aspect
// CHECK: nn.resize %{{.+}} sizes %{{.+}} {axes = array<i64: 2, 3>, keep_aspect_ratio_policy = "not_larger"} : (tensor<1x1x2x2xf32>, tensor<2xi64>) -> tensor<1x1x7x7xf32>
func.func @keep_aspect(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x7x7xf32> {
  %n = nn.constant dense<[7, 8]> : tensor<2xi64>
  %y = nn.resize %x sizes %n {axes = array<i64: 2, 3>, keep_aspect_ratio_policy = "not_larger"}
      : (tensor<1x1x2x2xf32>, tensor<2xi64>) -> tensor<1x1x7x7xf32>
  return %y : tensor<1x1x7x7xf32>
}

// CHECK-LABEL: func.func @crop
// CHECK-SAME: (%[[X:.+]]: tensor<4x4xf32>, %[[N:.+]]: tensor<2xi64>, %[[R:.+]]: tensor<4xf32>)
// CHECK: nn.resize %[[X]] sizes %[[N]] roi %[[R]] {antialias = true, axes = array<i64: 0, 1>, coordinate_transformation_mode = "tf_crop_and_resize", cubic_coeff_a = -5.000000e-01 : f64, exclude_outside = true, extrapolation_value = 1.000000e+01 : f64, mode = "cubic"} : (tensor<4x4xf32>, tensor<2xi64>, tensor<4xf32>) -> tensor<?x?xf32>
func.func @crop(%x: tensor<4x4xf32>, %n: tensor<2xi64>, %r: tensor<4xf32>) -> tensor<?x?xf32> {
  %y = nn.resize %x sizes %n roi %r {axes = array<i64: 0, 1>, mode = "cubic", antialias = true,
                                     coordinate_transformation_mode = "tf_crop_and_resize",
                                     cubic_coeff_a = -0.5 : f64, exclude_outside = true,
                                     extrapolation_value = 10.0 : f64}
      : (tensor<4x4xf32>, tensor<2xi64>, tensor<4xf32>) -> tensor<?x?xf32>
  return %y : tensor<?x?xf32>
}

// A dynamic input dimension with a constant scale: the result dimension is
// known only at run time, and a declared static one is accepted.
// CHECK-LABEL: func.func @dynamic_scales
// CHECK: nn.resize %{{.+}} scales %{{.+}} {axes = array<i64: 1>} : (tensor<2x?xf16>, tensor<1xf32>) -> tensor<2x?xf16>
// CHECK: nn.resize %{{.+}} scales %{{.+}} {axes = array<i64: 1>} : (tensor<2x?xf16>, tensor<1xf32>) -> tensor<2x9xf16>
func.func @dynamic_scales(%x: tensor<2x?xf16>) -> (tensor<2x?xf16>, tensor<2x9xf16>) {
  %s = nn.constant dense<1.5> : tensor<1xf32>
  %y = nn.resize %x scales %s {axes = array<i64: 1>} : (tensor<2x?xf16>, tensor<1xf32>) -> tensor<2x?xf16>
  %z = nn.resize %x scales %s {axes = array<i64: 1>} : (tensor<2x?xf16>, tensor<1xf32>) -> tensor<2x9xf16>
  return %y, %z : tensor<2x?xf16>, tensor<2x9xf16>
}
