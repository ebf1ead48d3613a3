// RUN: kiln-opt %s -canonicalize -split-input-file | FileCheck %s

// Folders of the data movement ops: no-op forms fold to their input,
// constant operands fold to constants.

// CHECK-LABEL: func.func @identities
// CHECK-SAME: (%[[X:.+]]: tensor<2x3xf32>)
// CHECK-NEXT: return %[[X]], %[[X]], %[[X]], %[[X]]
func.func @identities(%x: tensor<2x3xf32>)
    -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %0 = nn.transpose %x {permutation = array<i64: 0, 1>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = nn.slice %x {offsets = array<i64: 0, 0>, strides = array<i64: 1, 1>} : tensor<2x3xf32> -> tensor<2x3xf32>
  %2 = nn.concat %x {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %3 = nn.expand %x : tensor<2x3xf32> -> tensor<2x3xf32>
  return %0, %1, %2, %3 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @constants
// CHECK-DAG: %[[T:.+]] = nn.constant dense<{{\[\[}}1, 4], [2, 5], [3, 6]]> : tensor<3x2xi64>
// CHECK-DAG: %[[S:.+]] = nn.constant dense<{{\[\[}}6, 4], [3, 1]]> : tensor<2x2xi64>
// CHECK-DAG: %[[C:.+]] = nn.constant dense<[1, 2, 3, 4, 5, 6, 7]> : tensor<7xi64>
// CHECK-DAG: %[[G:.+]] = nn.constant dense<{{\[\[}}4, 5, 6], [1, 2, 3]]> : tensor<2x3xi64>
// CHECK-DAG: %[[E:.+]] = nn.constant dense<{{\[\[}}7, 7], [8, 8]]> : tensor<2x2xi64>
// CHECK-DAG: %[[P:.+]] = nn.constant dense<2.500000e+00> : tensor<64x64xf32>
// CHECK: return %[[T]], %[[S]], %[[C]], %[[G]], %[[E]], %[[P]]
func.func @constants() -> (tensor<3x2xi64>, tensor<2x2xi64>, tensor<7xi64>, tensor<2x3xi64>,
                           tensor<2x2xi64>, tensor<64x64xf32>) {
  %m = nn.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi64>
  %0 = nn.transpose %m {permutation = array<i64: 1, 0>} : (tensor<2x3xi64>) -> tensor<3x2xi64>
  // Backwards in both dimensions, every other column.
  %1 = nn.slice %m {offsets = array<i64: 1, 2>, strides = array<i64: -1, -2>} : tensor<2x3xi64> -> tensor<2x2xi64>
  %a = nn.constant dense<[1, 2, 3]> : tensor<3xi64>
  %b = nn.constant dense<[4]> : tensor<1xi64>
  %c = nn.constant dense<[5, 6, 7]> : tensor<3xi64>
  %e = nn.constant dense<> : tensor<0xi64>
  %2 = nn.concat %a, %e, %b, %c {axis = 0 : i64} : (tensor<3xi64>, tensor<0xi64>, tensor<1xi64>, tensor<3xi64>) -> tensor<7xi64>
  // Negative indices count from the back.
  %i = nn.constant dense<[-1, 0]> : tensor<2xi64>
  %3 = nn.gather %m, %i {axis = 0 : i64} : (tensor<2x3xi64>, tensor<2xi64>) -> tensor<2x3xi64>
  %v = nn.constant dense<[[7], [8]]> : tensor<2x1xi64>
  %4 = nn.expand %v : tensor<2x1xi64> -> tensor<2x2xi64>
  // Splats fold whatever their size.
  %s = nn.constant dense<2.5> : tensor<64x1xf32>
  %5 = nn.expand %s : tensor<64x1xf32> -> tensor<64x64xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<3x2xi64>, tensor<2x2xi64>, tensor<7xi64>, tensor<2x3xi64>,
                                   tensor<2x2xi64>, tensor<64x64xf32>
}

// -----

// An exporter's shape computation: dimensions picked with gather,
// unsqueezed (a reshape) and concatenated become one constant.
// CHECK-LABEL: func.func @shape_chain
// CHECK-NEXT: %[[S:.+]] = nn.constant dense<[2, 12]> : tensor<2xi64>
// CHECK-NEXT: return %[[S]]
func.func @shape_chain() -> tensor<2xi64> {
  %shape = nn.constant dense<[2, 3, 4]> : tensor<3xi64>
  %i0 = nn.constant dense<0> : tensor<i64>
  %d0 = nn.gather %shape, %i0 {axis = 0 : i64} : (tensor<3xi64>, tensor<i64>) -> tensor<i64>
  %u0 = nn.reshape %d0 : tensor<i64> -> tensor<1xi64>
  %rest = nn.constant dense<[12]> : tensor<1xi64>
  %0 = nn.concat %u0, %rest {axis = 0 : i64} : (tensor<1xi64>, tensor<1xi64>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// Out-of-range constant indices and run-time operands are left alone.
// CHECK-LABEL: func.func @not_folded
// CHECK: nn.gather
// CHECK: nn.transpose
func.func @not_folded(%x: tensor<2x3xf32>) -> (tensor<1xi64>, tensor<3x2xf32>) {
  %m = nn.constant dense<[1, 2, 3]> : tensor<3xi64>
  %i = nn.constant dense<[5]> : tensor<1xi64>
  %0 = nn.gather %m, %i {axis = 0 : i64} : (tensor<3xi64>, tensor<1xi64>) -> tensor<1xi64>
  %1 = nn.transpose %x {permutation = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0, %1 : tensor<1xi64>, tensor<3x2xf32>
}
