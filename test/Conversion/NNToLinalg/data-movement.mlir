// RUN: kiln-opt %s -kiln-convert-nn-to-linalg -split-input-file | FileCheck %s

// Data movement ops: linalg.transpose, insert_slice chains, extract_slice,
// and generics that compute their source index (slices with backward
// steps, gathers, pads other than constant, trilu).

// CHECK-LABEL: func.func @transpose
// CHECK-SAME: (%[[X:.+]]: tensor<2x3x4xf32>)
// CHECK: %[[E:.+]] = tensor.empty() : tensor<4x2x3xf32>
// CHECK: %[[T:.+]] = linalg.transpose ins(%[[X]] : tensor<2x3x4xf32>) outs(%[[E]] : tensor<4x2x3xf32>) permutation = [2, 0, 1]
// CHECK: return %[[T]]
func.func @transpose(%x: tensor<2x3x4xf32>) -> tensor<4x2x3xf32> {
  %0 = nn.transpose %x {permutation = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  return %0 : tensor<4x2x3xf32>
}

// -----

// Empty inputs are skipped.
// CHECK-LABEL: func.func @concat
// CHECK-SAME: (%[[A:.+]]: tensor<2x3xf32>, %[[B:.+]]: tensor<2x0xf32>, %[[C:.+]]: tensor<2x5xf32>)
// CHECK: %[[E:.+]] = tensor.empty() : tensor<2x8xf32>
// CHECK: %[[I0:.+]] = tensor.insert_slice %[[A]] into %[[E]][0, 0] [2, 3] [1, 1] : tensor<2x3xf32> into tensor<2x8xf32>
// CHECK-NOT: %[[B]]
// CHECK: %[[I1:.+]] = tensor.insert_slice %[[C]] into %[[I0]][0, 3] [2, 5] [1, 1] : tensor<2x5xf32> into tensor<2x8xf32>
// CHECK: return %[[I1]]
func.func @concat(%a: tensor<2x3xf32>, %b: tensor<2x0xf32>, %c: tensor<2x5xf32>) -> tensor<2x8xf32> {
  %0 = nn.concat %a, %b, %c {axis = -1 : i64} : (tensor<2x3xf32>, tensor<2x0xf32>, tensor<2x5xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

// CHECK-DAG: #[[$BACK:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1 * -4 + 9)>
// CHECK-DAG: #[[$ID:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @slice
// CHECK-SAME: (%[[X:.+]]: tensor<4x10xf32>)
// CHECK: %[[S0:.+]] = tensor.extract_slice %[[X]][1, 2] [2, 3] [1, 3] : tensor<4x10xf32> to tensor<2x3xf32>
// CHECK: %[[E:.+]] = tensor.empty() : tensor<4x3xf32>
// CHECK: %[[S1:.+]] = linalg.generic {indexing_maps = [#[[$BACK]], #[[$ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%[[X]] : tensor<4x10xf32>) outs(%[[E]] : tensor<4x3xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: linalg.yield %[[IN]] : f32
// CHECK: %[[S2:.+]] = tensor.empty() : tensor<0x10xf32>
// CHECK: return %[[S0]], %[[S1]], %[[S2]]
func.func @slice(%x: tensor<4x10xf32>) -> (tensor<2x3xf32>, tensor<4x3xf32>, tensor<0x10xf32>) {
  %0 = nn.slice %x {offsets = array<i64: 1, 2>, strides = array<i64: 1, 3>} : tensor<4x10xf32> -> tensor<2x3xf32>
  %1 = nn.slice %x {offsets = array<i64: 0, 9>, strides = array<i64: 1, -4>} : tensor<4x10xf32> -> tensor<4x3xf32>
  %2 = nn.slice %x {offsets = array<i64: 0, 0>, strides = array<i64: 1, 1>} : tensor<4x10xf32> -> tensor<0x10xf32>
  return %0, %1, %2 : tensor<2x3xf32>, tensor<4x3xf32>, tensor<0x10xf32>
}

// -----

// The index wraps (negative counts from the back) and is clamped to
// [0, 3] before the read.
// CHECK-DAG: #[[$IDX:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d1)>
// CHECK-DAG: #[[$ID3:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @gather
// CHECK-SAME: (%[[X:.+]]: tensor<5x4x3xf32>, %[[I:.+]]: tensor<2xi32>)
// CHECK: linalg.generic {indexing_maps = [#[[$IDX]], #[[$ID3]]], iterator_types = ["parallel", "parallel", "parallel"]}
// CHECK-SAME: ins(%[[I]] : tensor<2xi32>)
// CHECK-NEXT: ^bb0(%[[IN:.+]]: i32, %{{.+}}: f32):
// CHECK-NEXT: %[[D0:.+]] = linalg.index 0 : index
// CHECK-NEXT: linalg.index 1 : index
// CHECK-NEXT: %[[D2:.+]] = linalg.index 2 : index
// CHECK-NEXT: %[[C:.+]] = arith.index_cast %[[IN]] : i32 to index
// CHECK-NEXT: %[[Z:.+]] = arith.constant 0 : index
// CHECK-NEXT: %[[NEG:.+]] = arith.cmpi slt, %[[C]], %[[Z]] : index
// CHECK-NEXT: %[[N:.+]] = arith.constant 4 : index
// CHECK-NEXT: %[[W:.+]] = arith.addi %[[C]], %[[N]] : index
// CHECK-NEXT: %[[S:.+]] = arith.select %[[NEG]], %[[W]], %[[C]] : index
// CHECK-NEXT: %[[LO:.+]] = arith.maxsi %[[S]], %[[Z]] : index
// CHECK-NEXT: %[[M:.+]] = arith.constant 3 : index
// CHECK-NEXT: %[[HI:.+]] = arith.minsi %[[LO]], %[[M]] : index
// CHECK-NEXT: %[[V:.+]] = tensor.extract %[[X]][%[[D0]], %[[HI]], %[[D2]]] : tensor<5x4x3xf32>
// CHECK-NEXT: linalg.yield %[[V]] : f32
func.func @gather(%x: tensor<5x4x3xf32>, %i: tensor<2xi32>) -> tensor<5x2x3xf32> {
  %0 = nn.gather %x, %i {axis = 1 : i64} : (tensor<5x4x3xf32>, tensor<2xi32>) -> tensor<5x2x3xf32>
  return %0 : tensor<5x2x3xf32>
}

// -----

// CHECK-DAG: #[[$ID:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @gather_elements
// CHECK-SAME: (%[[X:.+]]: tensor<3x3xf32>, %[[I:.+]]: tensor<2x3xi64>)
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%[[I]] : tensor<2x3xi64>)
// CHECK-NEXT: ^bb0(%[[IN:.+]]: i64, %{{.+}}: f32):
// CHECK-NEXT: linalg.index 0 : index
// CHECK-NEXT: %[[D1:.+]] = linalg.index 1 : index
// CHECK-NEXT: arith.index_cast %[[IN]] : i64 to index
// CHECK: %[[HI:.+]] = arith.minsi
// CHECK-NEXT: %[[V:.+]] = tensor.extract %[[X]][%[[HI]], %[[D1]]] : tensor<3x3xf32>
// CHECK-NEXT: linalg.yield %[[V]] : f32
func.func @gather_elements(%x: tensor<3x3xf32>, %i: tensor<2x3xi64>) -> tensor<2x3xf32> {
  %0 = nn.gather_elements %x, %i {axis = 0 : i64} : (tensor<3x3xf32>, tensor<2x3xi64>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-DAG: #[[$IN:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d1, 0)>
// CHECK-DAG: #[[$ID:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @expand
// CHECK-SAME: (%[[X:.+]]: tensor<3x1xi1>)
// CHECK: linalg.generic {indexing_maps = [#[[$IN]], #[[$ID]]], iterator_types = ["parallel", "parallel", "parallel"]}
// CHECK-SAME: ins(%[[X]] : tensor<3x1xi1>) outs(%{{.+}} : tensor<2x3x4xi1>)
// CHECK-NEXT: ^bb0(%[[A:.+]]: i1, %{{.+}}: i1):
// CHECK-NEXT: linalg.yield %[[A]] : i1
func.func @expand(%x: tensor<3x1xi1>) -> tensor<2x3x4xi1> {
  %0 = nn.expand %x : tensor<3x1xi1> -> tensor<2x3x4xi1>
  return %0 : tensor<2x3x4xi1>
}

// -----

// Negative pads crop first; the value is read from its rank-0 tensor.
// CHECK-LABEL: func.func @pad_constant
// CHECK-SAME: (%[[X:.+]]: tensor<3x4xf32>, %[[V:.+]]: tensor<f32>)
// CHECK: %[[C:.+]] = tensor.extract_slice %[[X]][0, 0] [2, 4] [1, 1] : tensor<3x4xf32> to tensor<2x4xf32>
// CHECK: %[[S:.+]] = tensor.extract %[[V]][] : tensor<f32>
// CHECK: %[[P:.+]] = tensor.pad %[[C]] low[0, 1] high[0, 2]
// CHECK: tensor.yield %[[S]] : f32
// CHECK: } : tensor<2x4xf32> to tensor<2x7xf32>
// CHECK: return %[[P]]
func.func @pad_constant(%x: tensor<3x4xf32>, %v: tensor<f32>) -> tensor<2x7xf32> {
  %0 = nn.pad %x, %v {pads = array<i64: 0, 1, -1, 2>} : (tensor<3x4xf32>, tensor<f32>) -> tensor<2x7xf32>
  return %0 : tensor<2x7xf32>
}

// -----

// reflect: period 2 * (4 - 1) = 6, mirrored in its second half. Dimension
// 0 is not padded and reads the loop index directly.
// CHECK-LABEL: func.func @pad_reflect
// CHECK-SAME: (%[[X:.+]]: tensor<3x4xf32>)
// CHECK: linalg.generic
// CHECK-SAME: outs(%{{.+}} : tensor<3x6xf32>)
// CHECK-NEXT: ^bb0(%{{.+}}: f32):
// CHECK-NEXT: %[[I:.+]] = linalg.index 0 : index
// CHECK-NEXT: %[[J:.+]] = linalg.index 1 : index
// CHECK-NEXT: %[[ONE:.+]] = arith.constant 1 : index
// CHECK-NEXT: %[[P:.+]] = arith.subi %[[J]], %[[ONE]] : index
// CHECK-NEXT: %[[Z:.+]] = arith.constant 0 : index
// CHECK-NEXT: %[[SIX:.+]] = arith.constant 6 : index
// CHECK-NEXT: %[[R:.+]] = arith.remsi %[[P]], %[[SIX]] : index
// CHECK-NEXT: %[[NEG:.+]] = arith.cmpi slt, %[[R]], %[[Z]] : index
// CHECK-NEXT: %[[RA:.+]] = arith.addi %[[R]], %[[SIX]] : index
// CHECK-NEXT: %[[M:.+]] = arith.select %[[NEG]], %[[RA]], %[[R]] : index
// CHECK-NEXT: %[[SIX2:.+]] = arith.constant 6 : index
// CHECK-NEXT: %[[MIR:.+]] = arith.subi %[[SIX2]], %[[M]] : index
// CHECK-NEXT: %[[FOUR:.+]] = arith.constant 4 : index
// CHECK-NEXT: %[[FIRST:.+]] = arith.cmpi slt, %[[M]], %[[FOUR]] : index
// CHECK-NEXT: %[[SRC:.+]] = arith.select %[[FIRST]], %[[M]], %[[MIR]] : index
// CHECK-NEXT: %[[V:.+]] = tensor.extract %[[X]][%[[I]], %[[SRC]]] : tensor<3x4xf32>
// CHECK-NEXT: linalg.yield %[[V]] : f32
func.func @pad_reflect(%x: tensor<3x4xf32>) -> tensor<3x6xf32> {
  %0 = nn.pad %x {mode = "reflect", pads = array<i64: 0, 1, 0, 1>} : (tensor<3x4xf32>) -> tensor<3x6xf32>
  return %0 : tensor<3x6xf32>
}

// -----

// edge clamps to [0, 3]; wrap takes the index modulo 4.
// CHECK-LABEL: func.func @pad_edge_wrap
// CHECK: linalg.generic
// CHECK: %[[E:.+]] = arith.subi %{{.+}}, %{{.+}} : index
// CHECK-NEXT: %[[Z:.+]] = arith.constant 0 : index
// CHECK-NEXT: %[[LO:.+]] = arith.maxsi %[[E]], %[[Z]] : index
// CHECK-NEXT: %[[THREE:.+]] = arith.constant 3 : index
// CHECK-NEXT: %[[HI:.+]] = arith.minsi %[[LO]], %[[THREE]] : index
// CHECK-NEXT: tensor.extract %{{.+}}[%{{.+}}, %[[HI]]]
// CHECK: linalg.generic
// CHECK: %[[W:.+]] = arith.subi %{{.+}}, %{{.+}} : index
// CHECK-NEXT: arith.constant 0 : index
// CHECK-NEXT: %[[FOUR:.+]] = arith.constant 4 : index
// CHECK-NEXT: arith.remsi %[[W]], %[[FOUR]] : index
func.func @pad_edge_wrap(%x: tensor<3x4xf32>) -> (tensor<3x6xf32>, tensor<3x6xf32>) {
  %0 = nn.pad %x {mode = "edge", pads = array<i64: 0, 1, 0, 1>} : (tensor<3x4xf32>) -> tensor<3x6xf32>
  %1 = nn.pad %x {mode = "wrap", pads = array<i64: 0, 1, 0, 1>} : (tensor<3x4xf32>) -> tensor<3x6xf32>
  return %0, %1 : tensor<3x6xf32>, tensor<3x6xf32>
}

// -----

// Lower triangle: keep where column - row <= k.
// CHECK-LABEL: func.func @trilu
// CHECK-SAME: (%[[X:.+]]: tensor<3x4xi32>, %[[K:.+]]: tensor<i64>)
// CHECK: %[[KS:.+]] = tensor.extract %[[K]][] : tensor<i64>
// CHECK: %[[KI:.+]] = arith.index_cast %[[KS]] : i64 to index
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[X]] : tensor<3x4xi32>)
// CHECK-NEXT: ^bb0(%[[IN:.+]]: i32, %{{.+}}: i32):
// CHECK-NEXT: %[[R:.+]] = linalg.index 0 : index
// CHECK-NEXT: %[[C:.+]] = linalg.index 1 : index
// CHECK-NEXT: %[[D:.+]] = arith.subi %[[C]], %[[R]] : index
// CHECK-NEXT: %[[KEEP:.+]] = arith.cmpi sle, %[[D]], %[[KI]] : index
// CHECK-NEXT: %[[Z:.+]] = arith.constant 0 : i32
// CHECK-NEXT: %[[V:.+]] = arith.select %[[KEEP]], %[[IN]], %[[Z]] : i32
// CHECK-NEXT: linalg.yield %[[V]] : i32
func.func @trilu(%x: tensor<3x4xi32>, %k: tensor<i64>) -> tensor<3x4xi32> {
  %0 = nn.trilu %x, %k {upper = false} : tensor<3x4xi32>, tensor<i64>
  return %0 : tensor<3x4xi32>
}
