// RUN: kiln-opt %s -kiln-convert-nn-to-linalg -split-input-file | FileCheck %s

// gather_nd: a range check over the index tuples (entry j against data
// dimension j), then a generic reading through the wrapped tuple. The
// scatters: the same check, then an scf.for nest over the updates
// threading the data, one tensor.insert per update.

// CHECK-LABEL: func.func @gather_nd
// CHECK-SAME: (%[[X:.+]]: tensor<3x4x5xf32>, %[[I:.+]]: tensor<2x2xi64>)
// CHECK: linalg.generic {{.*}}iterator_types = ["reduction", "reduction"]{{.*}} ins(%[[I]] : tensor<2x2xi64>)
// CHECK: linalg.index 1
// CHECK: arith.select
// CHECK: cf.assert %{{.+}}, "nn.gather_nd: an index is out of range for the data"
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]{{.*}} outs(%{{.+}} : tensor<2x5xf32>)
// CHECK: %[[R:.+]] = linalg.index 0
// CHECK: %[[C:.+]] = linalg.index 1
// CHECK: tensor.extract %[[I]][%[[R]], %{{.+}}] : tensor<2x2xi64>
// CHECK: %[[A:.+]] = arith.minsi
// CHECK: tensor.extract %[[I]][%[[R]], %{{.+}}] : tensor<2x2xi64>
// CHECK: %[[B:.+]] = arith.minsi
// CHECK: tensor.extract %[[X]][%[[A]], %[[B]], %[[C]]] : tensor<3x4x5xf32>
func.func @gather_nd(%x: tensor<3x4x5xf32>, %i: tensor<2x2xi64>) -> tensor<2x5xf32> {
  %0 = nn.gather_nd %x, %i : (tensor<3x4x5xf32>, tensor<2x2xi64>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// CHECK-LABEL: func.func @scatter_elements
// CHECK-SAME: (%[[X:.+]]: tensor<3x5xf32>, %[[I:.+]]: tensor<2x3xi64>, %[[U:.+]]: tensor<2x3xf32>)
// CHECK: cf.assert %{{.+}}, "nn.scatter_elements: an index is out of range for the data"
// CHECK: %[[R:.+]] = scf.for %[[P:.+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%[[ACC0:.+]] = %[[X]]) -> (tensor<3x5xf32>)
// CHECK: scf.for %[[Q:.+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%[[ACC:.+]] = %[[ACC0]]) -> (tensor<3x5xf32>)
// CHECK: %[[UV:.+]] = tensor.extract %[[U]][%[[P]], %[[Q]]]
// CHECK: tensor.extract %[[I]][%[[P]], %[[Q]]]
// CHECK: %[[COL:.+]] = arith.minsi
// CHECK: %[[OLD:.+]] = tensor.extract %[[ACC]][%[[P]], %[[COL]]]
// CHECK: %[[NEW:.+]] = arith.addf %[[OLD]], %[[UV]] : f32
// CHECK: %[[INS:.+]] = tensor.insert %[[NEW]] into %[[ACC]][%[[P]], %[[COL]]]
// CHECK: scf.yield %[[INS]]
// CHECK: return %[[R]]
func.func @scatter_elements(%x: tensor<3x5xf32>, %i: tensor<2x3xi64>, %u: tensor<2x3xf32>) -> tensor<3x5xf32> {
  %0 = nn.scatter_elements %x, %i, %u {axis = 1 : i64, reduction = "add"} : (tensor<3x5xf32>, tensor<2x3xi64>, tensor<2x3xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

// A dynamic data dimension: indices wrap against its run-time size.
// CHECK-LABEL: func.func @scatter_nd_dynamic
// CHECK-SAME: (%[[X:.+]]: tensor<?x3xi32>, %[[I:.+]]: tensor<2x1xi64>, %[[U:.+]]: tensor<2x3xi32>)
// CHECK: %[[DIM:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x3xi32>
// CHECK: cf.assert %{{.+}}, "nn.scatter_nd: an index is out of range for the data"
// CHECK: scf.for {{.*}} iter_args(%{{.+}} = %[[X]]) -> (tensor<?x3xi32>)
// CHECK: scf.for %[[Q:.+]] = {{.*}} iter_args(%[[ACC:.+]] = %{{.+}}) -> (tensor<?x3xi32>)
// CHECK: arith.addi %{{.+}}, %[[DIM]] : index
// CHECK: %[[ROW:.+]] = arith.minsi
// CHECK: %[[OLD:.+]] = tensor.extract %[[ACC]][%[[ROW]], %[[Q]]]
// CHECK: arith.maxsi %[[OLD]], %{{.+}} : i32
// CHECK: tensor.insert %{{.+}} into %[[ACC]][%[[ROW]], %[[Q]]] : tensor<?x3xi32>
func.func @scatter_nd_dynamic(%x: tensor<?x3xi32>, %i: tensor<2x1xi64>, %u: tensor<2x3xi32>) -> tensor<?x3xi32> {
  %0 = nn.scatter_nd %x, %i, %u {reduction = "max"} : (tensor<?x3xi32>, tensor<2x1xi64>, tensor<2x3xi32>) -> tensor<?x3xi32>
  return %0 : tensor<?x3xi32>
}

// -----

// Reduction none: the update replaces the entry (nothing is read first).
// CHECK-LABEL: func.func @scatter_nd_none
// CHECK: scf.for
// CHECK-NOT: arith.addf
// CHECK: tensor.insert
func.func @scatter_nd_none(%x: tensor<4xf32>, %i: tensor<2x1xi64>, %u: tensor<2xf32>) -> tensor<4xf32> {
  %0 = nn.scatter_nd %x, %i, %u : (tensor<4xf32>, tensor<2x1xi64>, tensor<2xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
