// RUN: kiln-opt %s -kiln-lower-unsigned -split-input-file -verify-diagnostics | FileCheck %s
// RUN: kiln-opt %s -kiln-lower-unsigned -kiln-convert-nn-to-linalg -split-input-file -verify-diagnostics | FileCheck %s --check-prefix=LIN

// Unsigned tensors become signless; the sign-dependent ops are marked and
// lower to the unsigned arith operations, the others are left alone.

// CHECK-LABEL: func.func @ops
// CHECK-SAME: (%[[A:.+]]: tensor<4xi8>, %[[B:.+]]: tensor<4xi8>) -> (tensor<4xi8>, tensor<4xi8>, tensor<4xi1>, tensor<4xf32>, tensor<4xi8>, tensor<i8>, tensor<4xi8>)
// CHECK: %[[C:.+]] = nn.constant dense<[-1, 1, -128, 0]> : tensor<4xi8>
// CHECK: nn.div %[[A]], %[[B]] {nn.unsigned} : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
// CHECK: nn.add %[[A]], %[[C]] : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
// CHECK: nn.less %[[A]], %[[B]] {nn.unsigned}
// CHECK: nn.cast %[[A]] {nn.unsigned} : tensor<4xi8> -> tensor<4xf32>
// CHECK: nn.cast %{{.+}} {nn.unsigned_result} : tensor<4xf32> -> tensor<4xi8>
// CHECK: nn.reduce "max" %[[A]] {axes = array<i64: 0>, nn.unsigned}
// CHECK: nn.shift_right %[[A]], %[[B]] {nn.unsigned}
// LIN-LABEL: func.func @ops
// LIN: arith.divui
// LIN: arith.addi
// LIN: arith.cmpi ult
// LIN: arith.uitofp
// LIN: arith.fptoui
// LIN: arith.maxui
// LIN: arith.shrui
func.func @ops(%a: tensor<4xui8>, %b: tensor<4xui8>)
    -> (tensor<4xui8>, tensor<4xui8>, tensor<4xi1>, tensor<4xf32>, tensor<4xui8>, tensor<ui8>, tensor<4xui8>) {
  %c = nn.constant dense<[255, 1, 128, 0]> : tensor<4xui8>
  %0 = nn.div %a, %b : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %1 = nn.add %a, %c : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %2 = nn.less %a, %b : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xi1>
  %3 = nn.cast %a : tensor<4xui8> -> tensor<4xf32>
  %4 = nn.cast %3 : tensor<4xf32> -> tensor<4xui8>
  %5 = nn.reduce "max" %a {axes = array<i64: 0>} : (tensor<4xui8>) -> tensor<ui8>
  %6 = nn.shift_right %a, %b : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<4xui8>, tensor<4xui8>, tensor<4xi1>, tensor<4xf32>, tensor<4xui8>, tensor<ui8>, tensor<4xui8>
}

// -----

// Signless integers keep their signed lowering.
// CHECK-LABEL: func.func @signless
// CHECK: nn.div %{{.+}}, %{{.+}} : (tensor<4xi8>
// CHECK-NOT: nn.unsigned
// LIN-LABEL: func.func @signless
// LIN: arith.divsi
func.func @signless(%a: tensor<4xi8>, %b: tensor<4xi8>) -> tensor<4xi8> {
  %0 = nn.div %a, %b : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

// An op with no unsigned lowering is an error rather than a signed result.
func.func @scatter_max(%x: tensor<3x5xui8>, %i: tensor<2x3xi64>, %u: tensor<2x3xui8>) -> tensor<3x5xui8> {
  // expected-error @+1 {{'nn.scatter_elements' on an unsigned integer tensor is not supported}}
  %0 = nn.scatter_elements %x, %i, %u {axis = 1 : i64, reduction = "max"} : (tensor<3x5xui8>, tensor<2x3xi64>, tensor<2x3xui8>) -> tensor<3x5xui8>
  return %0 : tensor<3x5xui8>
}

// -----

// MaxPool on ui8: marked, padded with 0 (the unsigned minimum) and pooled
// by a generic taking the unsigned maximum; an i8 max pool keeps linalg's
// named op, padded with -128.
// CHECK-LABEL: func.func @max_pool_bytes
// CHECK: nn.max_pool %{{.+}} {{{.+}}nn.unsigned{{.+}}} : (tensor<1x1x4x4xi8>) -> tensor<1x1x3x3xi8>
// CHECK: nn.max_pool %{{.+}} {{{[^}]+}}} : (tensor<1x1x4x4xi8>) -> tensor<1x1x3x3xi8>
// LIN-LABEL: func.func @max_pool_bytes
// LIN: %[[ZERO:.+]] = arith.constant 0 : i8
// LIN: tensor.pad
// LIN: tensor.yield %[[ZERO]] : i8
// LIN: linalg.generic
// LIN: arith.maxui
// LIN: %[[MIN:.+]] = arith.constant -128 : i8
// LIN: tensor.pad
// LIN: tensor.yield %[[MIN]] : i8
// LIN: linalg.pooling_nchw_max
func.func @max_pool_bytes(%u: tensor<1x1x4x4xui8>, %s: tensor<1x1x4x4xi8>)
    -> (tensor<1x1x3x3xui8>, tensor<1x1x3x3xi8>) {
  %0 = nn.max_pool %u {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>,
                       pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
      : (tensor<1x1x4x4xui8>) -> tensor<1x1x3x3xui8>
  %1 = nn.max_pool %s {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>,
                       pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
      : (tensor<1x1x4x4xi8>) -> tensor<1x1x3x3xi8>
  return %0, %1 : tensor<1x1x3x3xui8>, tensor<1x1x3x3xi8>
}
