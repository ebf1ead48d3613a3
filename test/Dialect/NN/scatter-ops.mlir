// RUN: kiln-opt %s | FileCheck %s
// RUN: kiln-opt %s | kiln-opt | FileCheck %s
// RUN: kiln-opt %s --mlir-print-op-generic | kiln-opt | FileCheck %s

// Round trip of nn.gather_nd, nn.scatter_elements and nn.scatter_nd, with
// dynamic dimensions where the shape rules allow them.

// CHECK-LABEL: func.func @gather_nd
func.func @gather_nd(%x: tensor<2x3x4xf32>, %i: tensor<2x5x1xi64>, %d: tensor<?x3x4xf32>,
                     %j: tensor<?x2xi32>) -> (tensor<2x5x4xf32>, tensor<?x4xf32>) {
  // CHECK: nn.gather_nd %{{.+}}, %{{.+}} {batch_dims = 1 : i64} : (tensor<2x3x4xf32>, tensor<2x5x1xi64>) -> tensor<2x5x4xf32>
  %0 = nn.gather_nd %x, %i {batch_dims = 1 : i64} : (tensor<2x3x4xf32>, tensor<2x5x1xi64>) -> tensor<2x5x4xf32>
  // CHECK: nn.gather_nd %{{.+}}, %{{.+}} : (tensor<?x3x4xf32>, tensor<?x2xi32>) -> tensor<?x4xf32>
  %1 = nn.gather_nd %d, %j : (tensor<?x3x4xf32>, tensor<?x2xi32>) -> tensor<?x4xf32>
  return %0, %1 : tensor<2x5x4xf32>, tensor<?x4xf32>
}

// CHECK-LABEL: func.func @scatter
func.func @scatter(%x: tensor<?x5xf32>, %i: tensor<?x2xi64>, %u: tensor<?x2xf32>,
                   %j: tensor<3x1xi32>, %v: tensor<3x5xf32>) -> (tensor<?x5xf32>, tensor<?x5xf32>) {
  // CHECK: nn.scatter_elements %{{.+}}, %{{.+}}, %{{.+}} {axis = -1 : i64, reduction = "max"} : (tensor<?x5xf32>, tensor<?x2xi64>, tensor<?x2xf32>) -> tensor<?x5xf32>
  %0 = nn.scatter_elements %x, %i, %u {axis = -1 : i64, reduction = "max"} : (tensor<?x5xf32>, tensor<?x2xi64>, tensor<?x2xf32>) -> tensor<?x5xf32>
  // CHECK: nn.scatter_nd %{{.+}}, %{{.+}}, %{{.+}} : (tensor<?x5xf32>, tensor<3x1xi32>, tensor<3x5xf32>) -> tensor<?x5xf32>
  %1 = nn.scatter_nd %x, %j, %v : (tensor<?x5xf32>, tensor<3x1xi32>, tensor<3x5xf32>) -> tensor<?x5xf32>
  return %0, %1 : tensor<?x5xf32>, tensor<?x5xf32>
}
