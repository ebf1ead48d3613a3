// RUN: kiln-opt %s -split-input-file -verify-diagnostics | FileCheck %s
// RUN: kiln-opt %s -split-input-file -verify-diagnostics | kiln-opt -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @det
// CHECK: nn.det %{{.+}} : (tensor<3x4x4xf32>) -> tensor<3xf32>
// CHECK: nn.det %{{.+}} : (tensor<5x5xf64>) -> tensor<f64>
// CHECK: nn.det %{{.+}} : (tensor<?x?x?xf32>) -> tensor<?xf32>
func.func @det(%a: tensor<3x4x4xf32>, %b: tensor<5x5xf64>, %c: tensor<?x?x?xf32>)
    -> (tensor<3xf32>, tensor<f64>, tensor<?xf32>) {
  %0 = nn.det %a : (tensor<3x4x4xf32>) -> tensor<3xf32>
  %1 = nn.det %b : (tensor<5x5xf64>) -> tensor<f64>
  %2 = nn.det %c : (tensor<?x?x?xf32>) -> tensor<?xf32>
  return %0, %1, %2 : tensor<3xf32>, tensor<f64>, tensor<?xf32>
}

// -----

func.func @det_not_square(%a: tensor<2x3x4xf32>) {
  // expected-error @below {{det expects square matrices, got [2,3,4]}}
  // expected-error @below {{'nn.det' op failed to infer returned types}}
  %0 = nn.det %a : (tensor<2x3x4xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @det_rank1(%a: tensor<4xf32>) {
  // expected-error @below {{det expects [*, M, M], got [4]}}
  // expected-error @below {{'nn.det' op failed to infer returned types}}
  %0 = nn.det %a : (tensor<4xf32>) -> tensor<f32>
  return
}

// -----

func.func @det_integer(%a: tensor<2x2xi32>) {
  // expected-error @below {{operand #0 must be ranked tensor of floating-point values}}
  %0 = nn.det %a : (tensor<2x2xi32>) -> tensor<i32>
  return
}
