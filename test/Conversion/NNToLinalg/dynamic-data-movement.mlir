// RUN: kiln-opt %s -kiln-convert-nn-to-linalg -split-input-file | FileCheck %s
// RUN: kiln-opt %s -kiln-convert-nn-to-linalg -one-shot-bufferize="bufferize-function-boundaries" -split-input-file | FileCheck %s --check-prefix=BUF

// Data movement with dynamic dimensions: results are created with sizes
// computed from the operands' run-time sizes, and what the types cannot
// prove is checked (cf.assert) before anything is read.

// CHECK-LABEL: func.func @transpose
// CHECK-SAME: (%[[X:.+]]: tensor<?x3x?xf32>)
// CHECK: %[[D0:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x3x?xf32>
// CHECK: %[[D2:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x3x?xf32>
// CHECK: %[[EMPTY:.+]] = tensor.empty(%[[D2]], %[[D0]]) : tensor<?x?x3xf32>
// CHECK: linalg.transpose ins(%[[X]] : tensor<?x3x?xf32>) outs(%[[EMPTY]] : tensor<?x?x3xf32>) permutation = [2, 0, 1]
// BUF-LABEL: func.func @transpose
// BUF: memref.alloc(%{{.+}}, %{{.+}}) {{.*}}: memref<?x?x3xf32>
func.func @transpose(%x: tensor<?x3x?xf32>) -> tensor<?x?x3xf32> {
  %0 = nn.transpose %x {permutation = array<i64: 2, 0, 1>} : (tensor<?x3x?xf32>) -> tensor<?x?x3xf32>
  return %0 : tensor<?x?x3xf32>
}

// -----

// A static result dimension fed by a dynamic one is checked; the input is
// then cast to the shape linalg.transpose expects.
// CHECK-LABEL: func.func @transpose_static_result
// CHECK-SAME: (%[[X:.+]]: tensor<?x3xf32>)
// CHECK: %[[D0:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x3xf32>
// CHECK: %[[TWO:.+]] = arith.constant 2 : index
// CHECK: %[[OK:.+]] = arith.cmpi eq, %[[D0]], %[[TWO]] : index
// CHECK: cf.assert %[[OK]], "nn.transpose: result dimension 1 is 2 but the operands give another size"
// CHECK: %[[EMPTY:.+]] = tensor.empty() : tensor<3x2xf32>
// CHECK: %[[CAST:.+]] = tensor.cast %[[X]] : tensor<?x3xf32> to tensor<2x3xf32>
// CHECK: linalg.transpose ins(%[[CAST]] : tensor<2x3xf32>) outs(%[[EMPTY]] : tensor<3x2xf32>)
func.func @transpose_static_result(%x: tensor<?x3xf32>) -> tensor<3x2xf32> {
  %0 = nn.transpose %x {permutation = array<i64: 1, 0>} : (tensor<?x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// The result's axis size is the run-time sum; off the axis, inputs are
// checked against one that is static there; offsets are index arithmetic.
// CHECK-LABEL: func.func @concat
// CHECK-SAME: (%[[A:.+]]: tensor<?x?xf32>, %[[B:.+]]: tensor<2x?xf32>, %[[C:.+]]: tensor<?x4xf32>)
// CHECK: %[[A0:.+]] = tensor.dim %[[A]], %{{.+}} : tensor<?x?xf32>
// CHECK: %[[A1:.+]] = tensor.dim %[[A]], %{{.+}} : tensor<?x?xf32>
// CHECK: %[[B1:.+]] = tensor.dim %[[B]], %{{.+}} : tensor<2x?xf32>
// CHECK: %[[C0:.+]] = tensor.dim %[[C]], %{{.+}} : tensor<?x4xf32>
// CHECK: %[[TWO:.+]] = arith.constant 2 : index
// CHECK: %[[OKA:.+]] = arith.cmpi eq, %[[A0]], %[[TWO]] : index
// CHECK: cf.assert %[[OKA]], "nn.concat: input 0 differs from input 1 in dimension 0 (off the concatenation axis 1)"
// CHECK: %[[OKC:.+]] = arith.cmpi eq, %[[C0]], %{{.+}} : index
// CHECK: cf.assert %[[OKC]], "nn.concat: input 2 differs from input 1 in dimension 0 (off the concatenation axis 1)"
// CHECK: %[[AB:.+]] = arith.addi %[[A1]], %[[B1]] : index
// CHECK: %[[FOUR:.+]] = arith.constant 4 : index
// CHECK: %[[N:.+]] = arith.addi %[[AB]], %[[FOUR]] : index
// CHECK: %[[EMPTY:.+]] = tensor.empty(%[[N]]) : tensor<2x?xf32>
// CHECK: %[[R0:.+]] = tensor.insert_slice %[[A]] into %[[EMPTY]][0, 0] [%[[A0]], %[[A1]]] [1, 1] : tensor<?x?xf32> into tensor<2x?xf32>
// CHECK: %[[R1:.+]] = tensor.insert_slice %[[B]] into %[[R0]][0, %[[A1]]] [2, %[[B1]]] [1, 1] : tensor<2x?xf32> into tensor<2x?xf32>
// CHECK: %[[AT:.+]] = arith.addi %[[A1]], %[[B1]] : index
// CHECK: %[[R2:.+]] = tensor.insert_slice %[[C]] into %[[R1]][0, %[[AT]]] [%[[C0]], 4] [1, 1] : tensor<?x4xf32> into tensor<2x?xf32>
// CHECK: return %[[R2]]
// BUF-LABEL: func.func @concat
// BUF: memref.alloc(%{{.+}}) {{.*}}: memref<2x?xf32>
func.func @concat(%a: tensor<?x?xf32>, %b: tensor<2x?xf32>, %c: tensor<?x4xf32>) -> tensor<2x?xf32> {
  %0 = nn.concat %a, %b, %c {axis = 1 : i64} : (tensor<?x?xf32>, tensor<2x?xf32>, tensor<?x4xf32>) -> tensor<2x?xf32>
  return %0 : tensor<2x?xf32>
}

// -----

// A dynamic result dimension reads its input dimension whole; a static
// count read from a dynamic dimension is checked to stay inside it.
// CHECK-LABEL: func.func @slice
// CHECK-SAME: (%[[X:.+]]: tensor<?x?xf32>)
// CHECK: %[[D0:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?xf32>
// CHECK: %[[D1:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?xf32>
// CHECK: %[[LAST:.+]] = arith.constant 1 : index
// CHECK: %[[OK:.+]] = arith.cmpi slt, %[[LAST]], %[[D1]] : index
// CHECK: cf.assert %[[OK]], "nn.slice: reads index 1 of dimension 1, which is past its end"
// CHECK: tensor.extract_slice %[[X]][0, 0] [%[[D0]], 2] [1, 1] : tensor<?x?xf32> to tensor<?x2xf32>
func.func @slice(%x: tensor<?x?xf32>) -> tensor<?x2xf32> {
  %0 = nn.slice %x {offsets = array<i64: 0, 0>, strides = array<i64: 1, 1>} : tensor<?x?xf32> -> tensor<?x2xf32>
  return %0 : tensor<?x2xf32>
}

// -----

// CHECK-DAG: #[[$READ:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1 * -2 + 4)>
// CHECK-LABEL: func.func @slice_backwards
// CHECK-SAME: (%[[X:.+]]: tensor<?x5xf32>)
// CHECK: %[[D0:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x5xf32>
// CHECK: %[[EMPTY:.+]] = tensor.empty(%[[D0]]) : tensor<?x3xf32>
// CHECK: linalg.generic {indexing_maps = [#[[$READ]], #{{.+}}]
// CHECK-SAME: ins(%[[X]] : tensor<?x5xf32>) outs(%[[EMPTY]] : tensor<?x3xf32>)
func.func @slice_backwards(%x: tensor<?x5xf32>) -> tensor<?x3xf32> {
  %0 = nn.slice %x {offsets = array<i64: 0, 4>, strides = array<i64: 1, -2>} : tensor<?x5xf32> -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

// Negative indices wrap with the run-time size of the axis, which must not
// be zero unless nothing is gathered.
// CHECK-LABEL: func.func @gather
// CHECK-SAME: (%[[X:.+]]: tensor<?x?xf32>, %[[I:.+]]: tensor<?xi64>)
// CHECK: %[[D0:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?xf32>
// CHECK: %[[D1:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?xf32>
// CHECK: %[[N:.+]] = tensor.dim %[[I]], %{{.+}} : tensor<?xi64>
// CHECK: %[[ZERO:.+]] = arith.constant 0 : index
// CHECK: %[[NONEMPTY:.+]] = arith.cmpi ne, %[[D1]], %[[ZERO]] : index
// CHECK: %[[COUNT:.+]] = arith.muli %[[D0]], %[[N]] : index
// CHECK: %[[NONE:.+]] = arith.cmpi eq, %[[COUNT]], %[[ZERO]] : index
// CHECK: %[[OK:.+]] = arith.ori %[[NONEMPTY]], %[[NONE]] : i1
// CHECK: cf.assert %[[OK]], "nn.gather: indices select along dimension 1 of the data, which is empty"
// CHECK: %[[EMPTY:.+]] = tensor.empty(%[[D0]], %[[N]]) : tensor<?x?xf32>
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[I]] : tensor<?xi64>) outs(%[[EMPTY]] : tensor<?x?xf32>)
// CHECK: %[[ROW:.+]] = linalg.index 0 : index
// CHECK: %[[IDX:.+]] = arith.index_cast %{{.+}} : i64 to index
// CHECK: %[[WRAPPED:.+]] = arith.addi %[[IDX]], %[[D1]] : index
// CHECK: %[[LO:.+]] = arith.maxsi
// CHECK: %[[ONE:.+]] = arith.constant 1 : index
// CHECK: %[[LAST:.+]] = arith.subi %[[D1]], %[[ONE]] : index
// CHECK: %[[HI:.+]] = arith.minsi %[[LO]], %[[LAST]] : index
// CHECK: tensor.extract %[[X]][%[[ROW]], %[[HI]]] : tensor<?x?xf32>
func.func @gather(%x: tensor<?x?xf32>, %i: tensor<?xi64>) -> tensor<?x?xf32> {
  %0 = nn.gather %x, %i {axis = 1 : i64} : (tensor<?x?xf32>, tensor<?xi64>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// A static gathered axis needs no emptiness check and keeps constant
// bounds; the indices are still checked to lie in [-5, 5).
// CHECK-LABEL: func.func @gather_static_axis
// CHECK-NOT: which is empty
// CHECK: %[[ALL:.+]] = linalg.generic {{.+}} iterator_types = ["reduction", "reduction"]{{.+}} ins(%{{.+}} : tensor<?x2xi32>) outs(%{{.+}} : tensor<i1>)
// CHECK: %[[OK:.+]] = tensor.extract %[[ALL]][] : tensor<i1>
// CHECK: cf.assert %[[OK]], "nn.gather: an index is out of range for dimension 1 of the data (size 5)"
// CHECK: %[[FIVE:.+]] = arith.constant 5 : index
// CHECK: arith.addi %{{.+}}, %[[FIVE]] : index
// CHECK: %[[FOUR:.+]] = arith.constant 4 : index
// CHECK: arith.minsi %{{.+}}, %[[FOUR]] : index
func.func @gather_static_axis(%x: tensor<?x5xf32>, %i: tensor<?x2xi32>) -> tensor<?x?x2xf32> {
  %0 = nn.gather %x, %i {axis = 1 : i64} : (tensor<?x5xf32>, tensor<?x2xi32>) -> tensor<?x?x2xf32>
  return %0 : tensor<?x?x2xf32>
}

// -----

// CHECK-LABEL: func.func @gather_elements
// CHECK-SAME: (%[[X:.+]]: tensor<?x?xf32>, %[[I:.+]]: tensor<?x?xi32>)
// CHECK: %[[D0:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?xf32>
// CHECK: %[[D1:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?xf32>
// CHECK: %[[I0:.+]] = tensor.dim %[[I]], %{{.+}} : tensor<?x?xi32>
// CHECK: %[[I1:.+]] = tensor.dim %[[I]], %{{.+}} : tensor<?x?xi32>
// CHECK: %[[FITS:.+]] = arith.cmpi sle, %[[I1]], %[[D1]] : index
// CHECK: cf.assert %[[FITS]], "nn.gather_elements: the indices are larger than the data in dimension 1"
// CHECK: cf.assert %{{.+}}, "nn.gather_elements: indices select along dimension 0 of the data, which is empty"
// CHECK: %[[EMPTY:.+]] = tensor.empty(%[[I0]], %[[I1]]) : tensor<?x?xf32>
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[I]] : tensor<?x?xi32>) outs(%[[EMPTY]] : tensor<?x?xf32>)
func.func @gather_elements(%x: tensor<?x?xf32>, %i: tensor<?x?xi32>) -> tensor<?x?xf32> {
  %0 = nn.gather_elements %x, %i {axis = 0 : i64} : (tensor<?x?xf32>, tensor<?x?xi32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// A dynamic result dimension has the size of its input dimension; a static
// 1 broadcasts through the map as before.
// CHECK-DAG: #[[$IN:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d1, 0)>
// CHECK-LABEL: func.func @expand
// CHECK-SAME: (%[[X:.+]]: tensor<?x1xf32>)
// CHECK-NOT: cf.assert
// CHECK: %[[D0:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x1xf32>
// CHECK: %[[EMPTY:.+]] = tensor.empty(%[[D0]]) : tensor<2x?x4xf32>
// CHECK: linalg.generic {indexing_maps = [#[[$IN]], #{{.+}}]
// CHECK-SAME: ins(%[[X]] : tensor<?x1xf32>) outs(%[[EMPTY]] : tensor<2x?x4xf32>)
func.func @expand(%x: tensor<?x1xf32>) -> tensor<2x?x4xf32> {
  %0 = nn.expand %x : tensor<?x1xf32> -> tensor<2x?x4xf32>
  return %0 : tensor<2x?x4xf32>
}

// -----

// A dynamic input dimension under a static one must be 1 or equal to it;
// which one is only known at run time, so the read index is selected.
// CHECK-LABEL: func.func @expand_either
// CHECK-SAME: (%[[X:.+]]: tensor<?x?xf32>)
// CHECK: %[[D0:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?xf32>
// CHECK: %[[D1:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?xf32>
// CHECK: %[[ONE0:.+]] = arith.cmpi eq, %[[D0]], %{{.+}} : index
// CHECK: %[[EQ0:.+]] = arith.cmpi eq, %[[D0]], %{{.+}} : index
// CHECK: %[[OK0:.+]] = arith.ori %[[ONE0]], %[[EQ0]] : i1
// CHECK: cf.assert %[[OK0]], "nn.expand: dimension 0 of the input is neither 1 nor 3"
// CHECK: %[[ONE1:.+]] = arith.cmpi eq, %[[D1]], %{{.+}} : index
// CHECK: cf.assert %{{.+}}, "nn.expand: dimension 1 of the input is neither 1 nor 4"
// CHECK: %[[EMPTY:.+]] = tensor.empty() : tensor<3x4xf32>
// CHECK: linalg.generic
// CHECK-SAME: outs(%[[EMPTY]] : tensor<3x4xf32>)
// CHECK: %[[I:.+]] = linalg.index 0 : index
// CHECK: %[[Z0:.+]] = arith.constant 0 : index
// CHECK: %[[R:.+]] = arith.select %[[ONE0]], %[[Z0]], %[[I]] : index
// CHECK: %[[J:.+]] = linalg.index 1 : index
// CHECK: %[[Z1:.+]] = arith.constant 0 : index
// CHECK: %[[C:.+]] = arith.select %[[ONE1]], %[[Z1]], %[[J]] : index
// CHECK: tensor.extract %[[X]][%[[R]], %[[C]]] : tensor<?x?xf32>
func.func @expand_either(%x: tensor<?x?xf32>) -> tensor<3x4xf32> {
  %0 = nn.expand %x : tensor<?x?xf32> -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// Negative pads on a dynamic dimension: checked, then cropped by an
// extract_slice of run-time size before tensor.pad.
// CHECK-LABEL: func.func @pad_constant
// CHECK-SAME: (%[[X:.+]]: tensor<?x?xf32>, %[[V:.+]]: tensor<f32>)
// CHECK: %[[D0:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?xf32>
// CHECK: %[[D1:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?xf32>
// CHECK: %[[OK:.+]] = arith.cmpi sge, %[[D0]], %{{.+}} : index
// CHECK: cf.assert %[[OK]], "nn.pad: pads remove more elements than dimension 0 has"
// CHECK: %[[N:.+]] = arith.addi %[[D0]], %{{.+}} : index
// CHECK: %[[CROP:.+]] = tensor.extract_slice %[[X]][0, 0] [%[[N]], %[[D1]]] [1, 1] : tensor<?x?xf32> to tensor<?x?xf32>
// CHECK: %[[S:.+]] = tensor.extract %[[V]][] : tensor<f32>
// CHECK: %[[P:.+]] = tensor.pad %[[CROP]] low[0, 1] high[0, 2]
// CHECK: tensor.yield %[[S]] : f32
// CHECK: } : tensor<?x?xf32> to tensor<?x?xf32>
// CHECK: return %[[P]]
// BUF-LABEL: func.func @pad_constant
// BUF: memref.alloc(%{{.+}}, %{{.+}}) {{.*}}: memref<?x?xf32>
func.func @pad_constant(%x: tensor<?x?xf32>, %v: tensor<f32>) -> tensor<?x?xf32> {
  %0 = nn.pad %x, %v {pads = array<i64: 0, 1, -1, 2>} : (tensor<?x?xf32>, tensor<f32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// reflect on a dynamic dimension: the period 2 * (n - 1) is computed at run
// time (at least 1, so that n = 1 reads index 0); an empty dimension is
// refused unless the result is empty. Dimension 0 reads in place.
// CHECK-LABEL: func.func @pad_reflect
// CHECK-SAME: (%[[X:.+]]: tensor<?x?xf32>)
// CHECK: %[[D0:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?xf32>
// CHECK: %[[D1:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?xf32>
// CHECK: %[[N1:.+]] = arith.addi %[[D1]], %{{.+}} : index
// CHECK: %[[ZERO:.+]] = arith.constant 0 : index
// CHECK: %[[COUNT:.+]] = arith.muli %[[D0]], %[[N1]] : index
// CHECK: %[[EMPTYRES:.+]] = arith.cmpi eq, %[[COUNT]], %[[ZERO]] : index
// CHECK: %[[HAS:.+]] = arith.cmpi ne, %[[D1]], %[[ZERO]] : index
// CHECK: %[[OK:.+]] = arith.ori %[[HAS]], %[[EMPTYRES]] : i1
// CHECK: cf.assert %[[OK]], "nn.pad: cannot pad the empty dimension 1 in reflect mode"
// CHECK: %[[EMPTY:.+]] = tensor.empty(%[[D0]], %[[N1]]) : tensor<?x?xf32>
// CHECK: linalg.generic
// CHECK-SAME: outs(%[[EMPTY]] : tensor<?x?xf32>)
// CHECK: %[[I:.+]] = linalg.index 0 : index
// CHECK: %[[NM1:.+]] = arith.subi %[[D1]], %{{.+}} : index
// CHECK: %[[PERIOD:.+]] = arith.muli %{{.+}}, %[[NM1]] : index
// CHECK: %[[SAFE:.+]] = arith.maxsi %[[PERIOD]], %{{.+}} : index
// CHECK: arith.remsi %{{.+}}, %[[SAFE]] : index
// CHECK: %[[FIRST:.+]] = arith.cmpi slt, %{{.+}}, %[[D1]] : index
// CHECK: %[[SRC:.+]] = arith.select %[[FIRST]]
// CHECK: tensor.extract %[[X]][%[[I]], %[[SRC]]] : tensor<?x?xf32>
func.func @pad_reflect(%x: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = nn.pad %x {mode = "reflect", pads = array<i64: 0, 1, 0, 1>} : (tensor<?x?xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// edge on a dynamic dimension clamps to [0, n - 1]; wrap takes the index
// modulo n.
// CHECK-LABEL: func.func @pad_edge_wrap
// CHECK-SAME: (%[[X:.+]]: tensor<?xf32>)
// CHECK: %[[N:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?xf32>
// CHECK: cf.assert %{{.+}}, "nn.pad: cannot pad the empty dimension 0 in edge mode"
// CHECK: linalg.generic
// CHECK: %[[LO:.+]] = arith.maxsi
// CHECK: %[[LAST:.+]] = arith.subi %[[N]], %{{.+}} : index
// CHECK: arith.minsi %[[LO]], %[[LAST]] : index
// CHECK: %[[M:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?xf32>
// CHECK: cf.assert %{{.+}}, "nn.pad: cannot pad the empty dimension 0 in wrap mode"
// CHECK: linalg.generic
// CHECK: arith.remsi %{{.+}}, %[[M]] : index
func.func @pad_edge_wrap(%x: tensor<?xf32>) -> (tensor<?xf32>, tensor<?xf32>) {
  %0 = nn.pad %x {mode = "edge", pads = array<i64: 1, 1>} : (tensor<?xf32>) -> tensor<?xf32>
  %1 = nn.pad %x {mode = "wrap", pads = array<i64: 2, -1>} : (tensor<?xf32>) -> tensor<?xf32>
  return %0, %1 : tensor<?xf32>, tensor<?xf32>
}

// -----

// CHECK-LABEL: func.func @trilu
// CHECK-SAME: (%[[X:.+]]: tensor<?x?xi32>, %[[K:.+]]: tensor<i64>)
// CHECK: %[[D0:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?xi32>
// CHECK: %[[D1:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?xi32>
// CHECK: %[[EMPTY:.+]] = tensor.empty(%[[D0]], %[[D1]]) : tensor<?x?xi32>
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[X]] : tensor<?x?xi32>) outs(%[[EMPTY]] : tensor<?x?xi32>)
// BUF-LABEL: func.func @trilu
// BUF: memref.alloc(%{{.+}}, %{{.+}}) {{.*}}: memref<?x?xi32>
func.func @trilu(%x: tensor<?x?xi32>, %k: tensor<i64>) -> tensor<?x?xi32> {
  %0 = nn.trilu %x, %k {upper = false} : tensor<?x?xi32>, tensor<i64>
  return %0 : tensor<?x?xi32>
}
