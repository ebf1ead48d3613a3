// RUN: kiln-opt %s -canonicalize -split-input-file | FileCheck %s

// nn.shape folds to a constant when the dimensions it reads are static.

// CHECK-LABEL: func.func @shape_static
// CHECK-SAME: (%[[X:.+]]: tensor<?x4x5xf32>)
// CHECK-DAG: %[[C:.+]] = nn.constant dense<[4, 5]> : tensor<2xi64>
// CHECK-DAG: %[[E:.+]] = nn.constant dense<> : tensor<0xi64>
// CHECK-DAG: %[[S:.+]] = nn.shape %[[X]] {end = 1 : i64, start = 0 : i64}
// CHECK: return %[[C]], %[[E]], %[[S]]
func.func @shape_static(%x: tensor<?x4x5xf32>) -> (tensor<2xi64>, tensor<0xi64>, tensor<1xi64>) {
  %0 = nn.shape %x {start = 1 : i64, end = 3 : i64} : tensor<?x4x5xf32> -> tensor<2xi64>
  %1 = nn.shape %x {start = 3 : i64, end = 3 : i64} : tensor<?x4x5xf32> -> tensor<0xi64>
  %2 = nn.shape %x {start = 0 : i64, end = 1 : i64} : tensor<?x4x5xf32> -> tensor<1xi64>
  return %0, %1, %2 : tensor<2xi64>, tensor<0xi64>, tensor<1xi64>
}
