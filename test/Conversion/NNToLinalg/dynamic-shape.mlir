// RUN: kiln-opt %s -kiln-convert-nn-to-linalg -split-input-file | FileCheck %s
// RUN: kiln-opt %s -kiln-convert-nn-to-linalg -one-shot-bufferize="bufferize-function-boundaries" -split-input-file | FileCheck %s --check-prefix=BUF

// Reshape and flatten with dynamic dimensions. A reshape goes through 1-D
// (collapse_shape, expand_shape); its one dynamic result size is derived
// from the element count, which is checked at run time where the types
// cannot prove it divides. Flatten collapses its two groups directly.
// Everything bufferizes (to views).
// BUF-NOT: tensor<

// [?,16,64] -> [?,1024]: 16*64 is a multiple of 1024, so the result's
// size is the input's dynamic size times 1, and nothing is checked.
// CHECK-LABEL: func.func @reshape_batch
// CHECK-SAME: (%[[X:.+]]: tensor<?x16x64xf32>)
// CHECK-NOT: cf.assert
// CHECK: %[[F:.+]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1, 2]] : tensor<?x16x64xf32> into tensor<?xf32>
// CHECK: %[[D0:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x16x64xf32>
// CHECK: %[[R:.+]] = tensor.expand_shape %[[F]] {{\[\[}}0, 1]] output_shape [%[[D0]], 1024] : tensor<?xf32> into tensor<?x1024xf32>
// CHECK: return %[[R]]
func.func @reshape_batch(%x: tensor<?x16x64xf32>) -> tensor<?x1024xf32> {
  %0 = nn.reshape %x : tensor<?x16x64xf32> -> tensor<?x1024xf32>
  return %0 : tensor<?x1024xf32>
}

// -----

// [?,6] -> [?,4]: the count must be a multiple of 4; the size is count/4.
// CHECK-LABEL: func.func @reshape_divide
// CHECK-SAME: (%[[X:.+]]: tensor<?x6xf32>)
// CHECK: %[[D0:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x6xf32>
// CHECK: %[[C6:.+]] = arith.constant 6 : index
// CHECK: %[[N:.+]] = arith.muli %[[D0]], %[[C6]] : index
// CHECK: %[[C4:.+]] = arith.constant 4 : index
// CHECK: %[[REM:.+]] = arith.remui %[[N]], %[[C4]] : index
// CHECK: %[[OK:.+]] = arith.cmpi eq, %[[REM]], %{{.+}} : index
// CHECK: cf.assert %[[OK]], "node 'r' (nn.reshape): the input's element count is not a multiple of 4 (the result's static sizes)"
// CHECK: %[[F:.+]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1]] : tensor<?x6xf32> into tensor<?xf32>
// CHECK: %[[S:.+]] = arith.divui %[[N]], %{{.+}} : index
// CHECK: %[[R:.+]] = tensor.expand_shape %[[F]] {{\[\[}}0, 1]] output_shape [%[[S]], 4] : tensor<?xf32> into tensor<?x4xf32>
// CHECK: return %[[R]]
func.func @reshape_divide(%x: tensor<?x6xf32>) -> tensor<?x4xf32> {
  %0 = nn.reshape %x : tensor<?x6xf32> -> tensor<?x4xf32> loc("r")
  return %0 : tensor<?x4xf32>
}

// -----

// A static result: the count must equal it; the 1-D value is cast to its
// static size before the expand.
// CHECK-LABEL: func.func @reshape_to_static
// CHECK-SAME: (%[[X:.+]]: tensor<?x?xf32>)
// CHECK: %[[D0:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?xf32>
// CHECK: %[[D1:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?xf32>
// CHECK: %[[N:.+]] = arith.muli %[[D0]], %[[D1]] : index
// CHECK: %[[C6:.+]] = arith.constant 6 : index
// CHECK: %[[OK:.+]] = arith.cmpi eq, %[[N]], %[[C6]] : index
// CHECK: cf.assert %[[OK]], "nn.reshape: the input's element count differs from the result's (6)"
// CHECK: %[[F:.+]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1]] : tensor<?x?xf32> into tensor<?xf32>
// CHECK: %[[C:.+]] = tensor.cast %[[F]] : tensor<?xf32> to tensor<6xf32>
// CHECK: %[[R:.+]] = tensor.expand_shape %[[C]] {{\[\[}}0, 1]] output_shape [2, 3] : tensor<6xf32> into tensor<2x3xf32>
// CHECK: return %[[R]]
func.func @reshape_to_static(%x: tensor<?x?xf32>) -> tensor<2x3xf32> {
  %0 = nn.reshape %x : tensor<?x?xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// To 1-D and to rank 0.
// CHECK-LABEL: func.func @reshape_1d_and_scalar
// CHECK-SAME: (%[[X:.+]]: tensor<?x?xf32>, %[[V:.+]]: tensor<?xf32>)
// CHECK: %[[R0:.+]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1]] : tensor<?x?xf32> into tensor<?xf32>
// CHECK: %[[D:.+]] = tensor.dim %[[V]], %{{.+}} : tensor<?xf32>
// CHECK: %[[OK:.+]] = arith.cmpi eq, %[[D]], %{{.+}} : index
// CHECK: cf.assert %[[OK]], "nn.reshape: the input's element count differs from the result's (1)"
// CHECK: %[[C:.+]] = tensor.cast %[[V]] : tensor<?xf32> to tensor<1xf32>
// CHECK: %[[R1:.+]] = tensor.collapse_shape %[[C]] [] : tensor<1xf32> into tensor<f32>
// CHECK: return %[[R0]], %[[R1]]
func.func @reshape_1d_and_scalar(%x: tensor<?x?xf32>, %v: tensor<?xf32>) -> (tensor<?xf32>, tensor<f32>) {
  %0 = nn.reshape %x : tensor<?x?xf32> -> tensor<?xf32>
  %1 = nn.reshape %v : tensor<?xf32> -> tensor<f32>
  return %0, %1 : tensor<?xf32>, tensor<f32>
}

// -----

// A static input with a dynamic result type: the size is a constant.
// CHECK-LABEL: func.func @reshape_static_input
// CHECK-SAME: (%[[X:.+]]: tensor<4x6xf32>)
// CHECK-NOT: cf.assert
// CHECK: %[[F:.+]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1]] : tensor<4x6xf32> into tensor<24xf32>
// CHECK: %[[C:.+]] = tensor.cast %[[F]] : tensor<24xf32> to tensor<?xf32>
// CHECK: %[[C8:.+]] = arith.constant 8 : index
// CHECK: tensor.expand_shape %[[C]] {{\[\[}}0, 1]] output_shape [%[[C8]], 3] : tensor<?xf32> into tensor<?x3xf32>
func.func @reshape_static_input(%x: tensor<4x6xf32>) -> tensor<?x3xf32> {
  %0 = nn.reshape %x : tensor<4x6xf32> -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

// Flatten: both groups collapse directly whatever is dynamic; axis 0 and
// axis = rank put a constant 1 on one side and go through 1-D.
// CHECK-LABEL: func.func @flatten
// CHECK-SAME: (%[[X:.+]]: tensor<?x?x5x5xf32>)
// CHECK-NOT: cf.assert
// CHECK: %[[R0:.+]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1], [2, 3]] : tensor<?x?x5x5xf32> into tensor<?x25xf32>
// CHECK: %[[R1:.+]] = tensor.collapse_shape %[[X]] {{\[\[}}0], [1, 2, 3]] : tensor<?x?x5x5xf32> into tensor<?x?xf32>
// CHECK: %[[F2:.+]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1, 2, 3]] : tensor<?x?x5x5xf32> into tensor<?xf32>
// CHECK: %[[A:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?x5x5xf32>
// CHECK: %[[B:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?x5x5xf32>
// CHECK: %[[AB:.+]] = arith.muli %[[A]], %[[B]] : index
// CHECK: %[[N:.+]] = arith.muli %[[AB]], %{{.+}} : index
// CHECK: %[[R2:.+]] = tensor.expand_shape %[[F2]] {{\[\[}}0, 1]] output_shape [1, %[[N]]] : tensor<?xf32> into tensor<1x?xf32>
// CHECK: %[[F3:.+]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1, 2, 3]] : tensor<?x?x5x5xf32> into tensor<?xf32>
// CHECK: %[[R3:.+]] = tensor.expand_shape %[[F3]] {{\[\[}}0, 1]] output_shape [%{{.+}}, 1] : tensor<?xf32> into tensor<?x1xf32>
// CHECK: return %[[R0]], %[[R1]], %[[R2]], %[[R3]]
func.func @flatten(%x: tensor<?x?x5x5xf32>)
    -> (tensor<?x25xf32>, tensor<?x?xf32>, tensor<1x?xf32>, tensor<?x1xf32>) {
  %0 = nn.flatten %x {axis = 2 : i64} : (tensor<?x?x5x5xf32>) -> tensor<?x25xf32>
  %1 = nn.flatten %x {axis = 1 : i64} : (tensor<?x?x5x5xf32>) -> tensor<?x?xf32>
  %2 = nn.flatten %x {axis = 0 : i64} : (tensor<?x?x5x5xf32>) -> tensor<1x?xf32>
  %3 = nn.flatten %x {axis = 4 : i64} : (tensor<?x?x5x5xf32>) -> tensor<?x1xf32>
  return %0, %1, %2, %3 : tensor<?x25xf32>, tensor<?x?xf32>, tensor<1x?xf32>, tensor<?x1xf32>
}

// -----

// A flatten result type more static than the input's: checked, then cast.
// CHECK-LABEL: func.func @flatten_refined
// CHECK-SAME: (%[[X:.+]]: tensor<?x4x?xf32>)
// CHECK: %[[F:.+]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1], [2]] : tensor<?x4x?xf32> into tensor<?x?xf32>
// CHECK: %[[D0:.+]] = tensor.dim %[[F]], %{{.+}} : tensor<?x?xf32>
// CHECK: %[[OK:.+]] = arith.cmpi eq, %[[D0]], %{{.+}} : index
// CHECK: cf.assert %[[OK]], "nn.flatten: result dimension 0 must be 8 (the result type's size)"
// CHECK: %[[R:.+]] = tensor.cast %[[F]] : tensor<?x?xf32> to tensor<8x?xf32>
// CHECK: return %[[R]]
func.func @flatten_refined(%x: tensor<?x4x?xf32>) -> tensor<8x?xf32> {
  %0 = nn.flatten %x {axis = 2 : i64} : (tensor<?x4x?xf32>) -> tensor<8x?xf32>
  return %0 : tensor<8x?xf32>
}
