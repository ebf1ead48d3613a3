// RUN: kiln-opt %s -canonicalize -split-input-file | FileCheck %s

// The constant shape arithmetic exporters emit folds away, broadcasting
// included (BERT's position-id chain: Mul, Equal, Where feeding Expand).

// CHECK-LABEL: func.func @shape_chain
// CHECK-NEXT: %[[C:.+]] = nn.constant dense<[1, 64]> : tensor<2xi64>
// CHECK-NEXT: return %[[C]]
func.func @shape_chain() -> tensor<2xi64> {
  %shape = nn.constant dense<[1, 64]> : tensor<2xi64>
  %ones = nn.constant dense<1> : tensor<2xi64>
  %minus = nn.constant dense<-1> : tensor<i64>
  %m = nn.mul %ones, %minus : (tensor<2xi64>, tensor<i64>) -> tensor<2xi64>
  %eq = nn.equal %shape, %m : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi1>
  %w = nn.where %eq, %ones, %shape : (tensor<2xi1>, tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  return %w : tensor<2xi64>
}

// -----

// CHECK-LABEL: func.func @broadcast_add
// CHECK-NEXT: %[[C:.+]] = nn.constant dense<{{\[\[}}11, 21, 31], [12, 22, 32]]> : tensor<2x3xi32>
func.func @broadcast_add() -> tensor<2x3xi32> {
  %a = nn.constant dense<[[1], [2]]> : tensor<2x1xi32>
  %b = nn.constant dense<[10, 20, 30]> : tensor<3xi32>
  %0 = nn.add %a, %b : (tensor<2x1xi32>, tensor<3xi32>) -> tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}

// -----

// NaN compares unordered: less and equal are false.
// CHECK-LABEL: func.func @float_compare
// CHECK: nn.constant dense<[true, false, false]> : tensor<3xi1>
// CHECK: nn.constant dense<[false, true, false]> : tensor<3xi1>
func.func @float_compare() -> (tensor<3xi1>, tensor<3xi1>) {
  %a = nn.constant dense<[1.0, 2.0, 0x7FC00000]> : tensor<3xf32>
  %b = nn.constant dense<[2.0, 2.0, 1.0]> : tensor<3xf32>
  %0 = nn.less %a, %b : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xi1>
  %1 = nn.equal %a, %b : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xi1>
  return %0, %1 : tensor<3xi1>, tensor<3xi1>
}

// -----

// Integer division by zero is left for run time.
// CHECK-LABEL: func.func @div_by_zero
// CHECK: nn.div
func.func @div_by_zero() -> tensor<2xi64> {
  %a = nn.constant dense<[4, 5]> : tensor<2xi64>
  %b = nn.constant dense<[2, 0]> : tensor<2xi64>
  %0 = nn.div %a, %b : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}
