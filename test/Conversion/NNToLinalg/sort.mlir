// RUN: kiln-opt %s -kiln-convert-nn-to-linalg -split-input-file | FileCheck %s

// top_k: k read and checked, results sized by it; per row (an scf.for per
// dimension off the axis) the best k item numbers are kept in order while
// scanning (k <= 16), or all are merge-sorted (ceil(log2 n) passes counted
// with math.ctlz, two per iteration between two scratch tensors); then the
// first k are written. nonzero: a counting
// generic, then an scf.for nest carrying the write position. unique: the
// same merge sort of the slices, then scf.for loops counting and grouping
// equal neighbours. Loop-carried tensors are bufferization.alloc_tensor so
// each stays its own buffer.

// CHECK-LABEL: func.func @top_k
// CHECK-SAME: (%[[X:.+]]: tensor<3x4xf32>, %[[K:.+]]: tensor<i64>)
// CHECK: %[[KV:.+]] = tensor.extract %[[K]][] : tensor<i64>
// CHECK: cf.assert %{{.+}}, "nn.top_k: k is negative or larger than the size of the axis"
// CHECK: %[[KI:.+]] = arith.index_cast %[[KV]] : i64 to index
// CHECK: %[[V0:.+]] = bufferization.alloc_tensor(%[[KI]]) : tensor<3x?xf32>
// CHECK: %[[I0:.+]] = bufferization.alloc_tensor(%[[KI]]) : tensor<3x?xi64>
// CHECK: %[[A0:.+]] = bufferization.alloc_tensor() : tensor<4xi64>
// CHECK: %[[B0:.+]] = bufferization.alloc_tensor() : tensor<4xi64>
// CHECK: %[[ROWS:.+]]:4 = scf.for %[[R:.+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%{{.+}} = %[[V0]], %{{.+}} = %[[I0]], %[[A:.+]] = %[[A0]], %[[B:.+]] = %[[B0]])
// A small k: one scan keeping the best k in order (an scf.while shifts
// the worse ones back).
// CHECK: %[[SMALL:.+]] = arith.cmpi sle, %[[KI]], %c16
// CHECK: %[[SORT:.+]]:2 = scf.if %[[SMALL]] -> (tensor<4xi64>, tensor<4xi64>)
// CHECK: %[[SCAN:.+]]:2 = scf.for {{.*}} iter_args(%{{.+}} = %{{.+}}, %{{.+}} = %[[A]])
// CHECK: scf.if
// CHECK: scf.while
// CHECK: scf.condition
// CHECK: scf.yield %[[SCAN]]#1, %[[B]]
// Otherwise the item numbers are merge-sorted.
// CHECK: } else {
// CHECK: %[[IOTA:.+]] = scf.for {{.*}} iter_args(%{{.+}} = %[[A]])
// CHECK: math.ctlz
// CHECK: %[[MS:.+]]:2 = scf.for {{.*}} iter_args(%[[SA:.+]] = %[[IOTA]], %[[SB:.+]] = %[[B]])
// CHECK: %[[P1:.+]] = scf.for {{.*}} iter_args(%{{.+}} = %[[SB]])
// CHECK: scf.for
// CHECK: tensor.extract %[[SA]]
// CHECK: tensor.extract %[[X]][%[[R]], %{{.+}}] : tensor<3x4xf32>
// CHECK: arith.cmpf olt
// CHECK: arith.cmpf uno
// CHECK: tensor.insert
// CHECK: %[[P2:.+]] = scf.for {{.*}} iter_args(%{{.+}} = %[[SA]])
// CHECK: tensor.extract %[[P1]]
// CHECK: scf.yield %[[P2]], %[[P1]]
// CHECK: scf.yield %[[MS]]#0, %[[MS]]#1
// CHECK: scf.for %[[J:.+]] = %{{.+}} to %[[KI]]
// CHECK: %[[ITEM:.+]] = tensor.extract %[[SORT]]#0[%[[J]]]
// CHECK: tensor.insert %{{.+}} into %{{.+}}[%[[R]], %[[J]]] : tensor<3x?xf32>
// CHECK: tensor.insert %[[ITEM]] into %{{.+}}[%[[R]], %[[J]]] : tensor<3x?xi64>
// CHECK: return %[[ROWS]]#0, %[[ROWS]]#1
func.func @top_k(%x: tensor<3x4xf32>, %k: tensor<i64>) -> (tensor<3x?xf32>, tensor<3x?xi64>) {
  %v, %i = nn.top_k %x, %k {axis = 1 : i64} : (tensor<3x4xf32>, tensor<i64>) -> (tensor<3x?xf32>, tensor<3x?xi64>)
  return %v, %i : tensor<3x?xf32>, tensor<3x?xi64>
}

// -----

// Smallest first on unsigned integers; a static result size is checked
// against k.
// CHECK-LABEL: func.func @top_k_smallest_unsigned
// CHECK: cf.assert %{{.+}}, "nn.top_k: k is negative or larger than the size of the axis"
// CHECK: cf.assert %{{.+}}, "nn.top_k: k differs from the declared result size 2"
// CHECK: bufferization.alloc_tensor(%{{.+}}) : tensor<2x?xi32>
// CHECK: arith.cmpi ult
// CHECK-NOT: tensor.cast
func.func @top_k_smallest_unsigned(%x: tensor<?x?xi32>, %k: tensor<i64>) -> (tensor<2x?xi32>, tensor<2x?xi64>) {
  %v, %i = nn.top_k %x, %k {axis = 0 : i64, largest = false, nn.unsigned} : (tensor<?x?xi32>, tensor<i64>) -> (tensor<2x?xi32>, tensor<2x?xi64>)
  return %v, %i : tensor<2x?xi32>, tensor<2x?xi64>
}

// -----

// CHECK-LABEL: func.func @nonzero
// CHECK-SAME: (%[[X:.+]]: tensor<2x3xf32>)
// CHECK: %[[CNT:.+]] = linalg.generic {{.*}}iterator_types = ["reduction", "reduction"]{{.*}} ins(%[[X]] : tensor<2x3xf32>)
// CHECK: arith.cmpf une
// CHECK: %[[N:.+]] = tensor.extract %[[CNT]][] : tensor<i64>
// CHECK: %[[NI:.+]] = arith.index_cast %[[N]] : i64 to index
// CHECK: %[[OUT:.+]] = bufferization.alloc_tensor(%[[NI]]) : tensor<2x?xi64>
// CHECK: scf.for %[[I:.+]] = {{.*}} iter_args(%{{.+}} = %[[OUT]], %{{.+}} = %{{.+}})
// CHECK: scf.for %[[J:.+]] = {{.*}} iter_args(%[[ACC:.+]] = %{{.+}}, %[[POS:.+]] = %{{.+}})
// CHECK: %[[NZ:.+]] = arith.cmpf une
// CHECK: scf.if %[[NZ]] -> (tensor<2x?xi64>)
// CHECK: tensor.insert %{{.+}} into %[[ACC]][%{{.+}}, %[[POS]]]
// CHECK: tensor.insert %{{.+}} into %{{.+}}[%{{.+}}, %[[POS]]]
// CHECK: } else {
// CHECK: scf.yield %[[ACC]]
func.func @nonzero(%x: tensor<2x3xf32>) -> tensor<2x?xi64> {
  %0 = nn.nonzero %x : (tensor<2x3xf32>) -> tensor<2x?xi64>
  return %0 : tensor<2x?xi64>
}

// -----

// Slices of a 3-D input along axis 1: the axis moved first, the rest
// collapsed into rows compared by an scf.while; unsorted output renumbers
// the groups by first occurrence; the output reads through the indices.
// CHECK-LABEL: func.func @unique_axis
// CHECK-SAME: (%[[X:.+]]: tensor<2x?x3xi64>)
// CHECK: %[[T:.+]] = linalg.transpose ins(%[[X]] : tensor<2x?x3xi64>) outs(%{{.+}} : tensor<?x2x3xi64>) permutation = [1, 0, 2]
// CHECK: %[[ROWS:.+]] = tensor.collapse_shape %[[T]] {{\[}}[0], [1, 2]] : tensor<?x2x3xi64> into tensor<?x6xi64>
// CHECK: scf.while
// CHECK: tensor.extract %[[ROWS]]
// CHECK: arith.cmpi slt
// CHECK: %[[U:.+]] = scf.for {{.*}} -> (index)
// CHECK: bufferization.alloc_tensor(%[[U]]) : tensor<?xi64>
// CHECK: %[[G:.+]]:4 = scf.for
// CHECK: scf.if
// CHECK: %[[NUM:.+]]:2 = scf.for
// CHECK: %[[MOVE:.+]]:2 = scf.for
// CHECK: %[[INV:.+]] = linalg.generic
// CHECK: tensor.extract %[[NUM]]#1
// CHECK: %[[Y:.+]] = linalg.generic {{.*}} outs(%{{.+}} : tensor<2x?x3xi64>)
// CHECK: tensor.extract %[[MOVE]]#0
// CHECK: tensor.extract %[[X]]
// CHECK: return %[[Y]], %[[MOVE]]#0, %[[INV]], %[[MOVE]]#1
func.func @unique_axis(%x: tensor<2x?x3xi64>) -> (tensor<2x?x3xi64>, tensor<?xi64>, tensor<?xi64>, tensor<?xi64>) {
  %w:4 = nn.unique %x {axis = 1 : i64, sorted = false} : (tensor<2x?x3xi64>) -> (tensor<2x?x3xi64>, tensor<?xi64>, tensor<?xi64>, tensor<?xi64>)
  return %w#0, %w#1, %w#2, %w#3 : tensor<2x?x3xi64>, tensor<?xi64>, tensor<?xi64>, tensor<?xi64>
}
