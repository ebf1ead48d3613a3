// RUN: kiln-opt %s -kiln-convert-nn-to-linalg -split-input-file | FileCheck %s
// RUN: kiln-opt %s -kiln-convert-nn-to-linalg -one-shot-bufferize="bufferize-function-boundaries" -split-input-file | FileCheck %s --check-prefix=BUF

// nn.matmul and nn.gemm with dynamic dimensions: sizes come from
// tensor.dim, and what the types cannot prove is checked with cf.assert
// before the contraction reads anything.

// A dynamic batch against a rank-2 weight needs no check: the same
// contraction as the static case, into a dynamically sized accumulator.
// CHECK-DAG: #[[$A:map[0-9]*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
// CHECK-DAG: #[[$B:map[0-9]*]] = affine_map<(d0, d1, d2, d3) -> (d3, d2)>
// CHECK-DAG: #[[$C:map[0-9]*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @matmul_dynamic_batch
// CHECK-SAME: (%[[LHS:.+]]: tensor<?x8x16xf32>, %[[RHS:.+]]: tensor<16x4xf32>)
// CHECK-NOT: cf.assert
// CHECK: %[[C0:.+]] = arith.constant 0 : index
// CHECK: %[[N:.+]] = tensor.dim %[[LHS]], %[[C0]] : tensor<?x8x16xf32>
// CHECK: %[[EMPTY:.+]] = tensor.empty(%[[N]]) : tensor<?x8x4xf32>
// CHECK: %[[INIT:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%[[EMPTY]] : tensor<?x8x4xf32>) -> tensor<?x8x4xf32>
// CHECK: %[[R:.+]] = linalg.generic {indexing_maps = [#[[$A]], #[[$B]], #[[$C]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
// CHECK-SAME: ins(%[[LHS]], %[[RHS]] : tensor<?x8x16xf32>, tensor<16x4xf32>) outs(%[[INIT]] : tensor<?x8x4xf32>)
// CHECK: return %[[R]] : tensor<?x8x4xf32>
// BUF-LABEL: func.func @matmul_dynamic_batch
// BUF-SAME: (%{{.+}}: memref<?x8x16xf32{{.*}}>, %{{.+}}: memref<16x4xf32{{.*}}>) -> memref<?x8x4xf32>
// BUF: memref.alloc(%{{.+}}) {{.*}}: memref<?x8x4xf32>
// BUF: linalg.generic
func.func @matmul_dynamic_batch(%a: tensor<?x8x16xf32>, %b: tensor<16x4xf32>) -> tensor<?x8x4xf32> {
  %0 = nn.matmul %a, %b : (tensor<?x8x16xf32>, tensor<16x4xf32>) -> tensor<?x8x4xf32>
  return %0 : tensor<?x8x4xf32>
}

// -----

// Everything dynamic: the contraction dimensions and the batch dimensions
// are checked; the result takes M from the lhs and N from the rhs.
// CHECK-LABEL: func.func @matmul_all_dynamic
// CHECK-SAME: (%[[LHS:.+]]: tensor<?x?x?xf32>, %[[RHS:.+]]: tensor<?x?x?xf32>)
// CHECK-DAG: %[[K0:.+]] = tensor.dim %[[LHS]], %{{.+}} : tensor<?x?x?xf32>
// CHECK-DAG: %[[K1:.+]] = tensor.dim %[[RHS]], %{{.+}} : tensor<?x?x?xf32>
// CHECK: %[[KEQ:.+]] = arith.cmpi eq, %[[K0]], %[[K1]] : index
// CHECK: cf.assert %[[KEQ]], "nn.matmul: contraction dimension of operand 0 (dim 2) differs from operand 1 (dim 1)"
// CHECK: %[[B0:.+]] = tensor.dim %[[LHS]], %{{.+}} : tensor<?x?x?xf32>
// CHECK: %[[B1:.+]] = tensor.dim %[[RHS]], %{{.+}} : tensor<?x?x?xf32>
// CHECK: %[[BEQ:.+]] = arith.cmpi eq, %[[B0]], %[[B1]] : index
// CHECK: cf.assert %[[BEQ]], "nn.matmul: batch dimension of operand 0 (dim 0) differs from operand 1 (dim 0); only a static 1 broadcasts"
// CHECK: %[[B:.+]] = tensor.dim %[[LHS]], %{{.+}} : tensor<?x?x?xf32>
// CHECK: %[[M:.+]] = tensor.dim %[[LHS]], %{{.+}} : tensor<?x?x?xf32>
// CHECK: %[[N:.+]] = tensor.dim %[[RHS]], %{{.+}} : tensor<?x?x?xf32>
// CHECK: tensor.empty(%[[B]], %[[M]], %[[N]]) : tensor<?x?x?xf32>
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[LHS]], %[[RHS]] : tensor<?x?x?xf32>, tensor<?x?x?xf32>) outs(%{{.+}} : tensor<?x?x?xf32>)
// BUF-LABEL: func.func @matmul_all_dynamic
// BUF: cf.assert
// BUF: cf.assert
// BUF: memref.alloc(%{{.+}}, %{{.+}}, %{{.+}}) {{.*}}: memref<?x?x?xf32>
func.func @matmul_all_dynamic(%a: tensor<?x?x?xf32>, %b: tensor<?x?x?xf32>) -> tensor<?x?x?xf32> {
  %0 = nn.matmul %a, %b : (tensor<?x?x?xf32>, tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  return %0 : tensor<?x?x?xf32>
}

// -----

// A static 1 still broadcasts (map reads index 0) against a dynamic size,
// with no check; a dynamic batch dimension against a static 3 must be 3.
// CHECK-DAG: #[[$A:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4) -> (0, d1, d2, d4)>
// CHECK-DAG: #[[$B:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d4, d3)>
// CHECK-LABEL: func.func @matmul_broadcast_static_one
// CHECK-SAME: (%[[LHS:.+]]: tensor<1x?x8x16xf32>, %[[RHS:.+]]: tensor<?x3x16x4xf32>)
// CHECK: %[[N:.+]] = tensor.dim %[[RHS]], %{{.+}} : tensor<?x3x16x4xf32>
// CHECK: %[[B:.+]] = tensor.dim %[[LHS]], %{{.+}} : tensor<1x?x8x16xf32>
// CHECK: %[[C3:.+]] = arith.constant 3 : index
// CHECK: %[[EQ:.+]] = arith.cmpi eq, %[[B]], %[[C3]] : index
// CHECK: cf.assert %[[EQ]], "nn.matmul: batch dimension of operand 0 (dim 1) differs from operand 1 (dim 1); only a static 1 broadcasts"
// CHECK: %[[EMPTY:.+]] = tensor.empty(%[[N]]) : tensor<?x3x8x4xf32>
// CHECK: linalg.generic {indexing_maps = [#[[$A]], #[[$B]], #{{.+}}]
// CHECK-SAME: ins(%[[LHS]], %[[RHS]] : tensor<1x?x8x16xf32>, tensor<?x3x16x4xf32>) outs(%{{.+}} : tensor<?x3x8x4xf32>)
func.func @matmul_broadcast_static_one(%a: tensor<1x?x8x16xf32>, %b: tensor<?x3x16x4xf32>) -> tensor<?x3x8x4xf32> {
  %0 = nn.matmul %a, %b : (tensor<1x?x8x16xf32>, tensor<?x3x16x4xf32>) -> tensor<?x3x8x4xf32>
  return %0 : tensor<?x3x8x4xf32>
}

// -----

// A dynamic rank-1 lhs is expanded to 1xK with its run-time size and the
// unit dimension is collapsed away at the end.
// CHECK-LABEL: func.func @matmul_vector_matrix
// CHECK-SAME: (%[[V:.+]]: tensor<?xf32>, %[[M:.+]]: tensor<?x?xf32>)
// CHECK: %[[K:.+]] = tensor.dim %[[V]], %{{.+}} : tensor<?xf32>
// CHECK: %[[LHS:.+]] = tensor.expand_shape %[[V]] {{\[\[}}0, 1]] output_shape [1, %[[K]]] : tensor<?xf32> into tensor<1x?xf32>
// CHECK: cf.assert %{{.+}}, "nn.matmul: contraction dimension of operand 0 (dim 0) differs from operand 1 (dim 0)"
// CHECK: %[[R:.+]] = linalg.generic
// CHECK-SAME: ins(%[[LHS]], %[[M]] : tensor<1x?xf32>, tensor<?x?xf32>) outs(%{{.+}} : tensor<1x?xf32>)
// CHECK: %[[OUT:.+]] = tensor.collapse_shape %[[R]] {{\[\[}}0, 1]] : tensor<1x?xf32> into tensor<?xf32>
// CHECK: return %[[OUT]] : tensor<?xf32>
func.func @matmul_vector_matrix(%v: tensor<?xf32>, %m: tensor<?x?xf32>) -> tensor<?xf32> {
  %0 = nn.matmul %v, %m : (tensor<?xf32>, tensor<?x?xf32>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// A result type that declares a size the operands leave dynamic: checked,
// then cast. The message carries the ONNX node name.
// CHECK-LABEL: func.func @matmul_declared_static
// CHECK: %[[R:.+]] = linalg.generic
// CHECK: } -> tensor<?x4xf32>
// CHECK: %[[M:.+]] = tensor.dim %[[R]], %{{.+}} : tensor<?x4xf32>
// CHECK: %[[C8:.+]] = arith.constant 8 : index
// CHECK: %[[EQ:.+]] = arith.cmpi eq, %[[M]], %[[C8]] : index
// CHECK: cf.assert %[[EQ]], "node 'MatMul_3' (nn.matmul): result dimension 0 differs from its declared size 8"
// CHECK: %[[CAST:.+]] = tensor.cast %[[R]] : tensor<?x4xf32> to tensor<8x4xf32>
// CHECK: return %[[CAST]] : tensor<8x4xf32>
func.func @matmul_declared_static(%a: tensor<?x16xf32>, %b: tensor<16x4xf32>) -> tensor<8x4xf32> {
  %0 = nn.matmul %a, %b : (tensor<?x16xf32>, tensor<16x4xf32>) -> tensor<8x4xf32> loc("MatMul_3")
  return %0 : tensor<8x4xf32>
}

// -----

// The MLP layer with a symbolic batch: the bias broadcast is the static
// one, into a dynamically sized tensor; no check.
// CHECK-DAG: #[[$BIAS:map[0-9]*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @gemm_dynamic_batch
// CHECK-SAME: (%[[A:.+]]: tensor<?x784xf32>, %[[W:.+]]: tensor<512x784xf32>, %[[BIAS:.+]]: tensor<512xf32>)
// CHECK-NOT: cf.assert
// CHECK: %[[N:.+]] = tensor.dim %[[A]], %{{.+}} : tensor<?x784xf32>
// CHECK: %[[EMPTY:.+]] = tensor.empty(%[[N]]) : tensor<?x512xf32>
// CHECK: %[[INIT:.+]] = linalg.generic {indexing_maps = [#[[$BIAS]], #{{.+}}]
// CHECK-SAME: ins(%[[BIAS]] : tensor<512xf32>) outs(%[[EMPTY]] : tensor<?x512xf32>)
// CHECK: %[[R:.+]] = linalg.generic
// CHECK-SAME: ins(%[[A]], %[[W]] : tensor<?x784xf32>, tensor<512x784xf32>) outs(%[[INIT]] : tensor<?x512xf32>)
// CHECK: return %[[R]] : tensor<?x512xf32>
// BUF-LABEL: func.func @gemm_dynamic_batch
// BUF: memref.alloc(%{{.+}}) {{.*}}: memref<?x512xf32>
func.func @gemm_dynamic_batch(%a: tensor<?x784xf32>, %w: tensor<512x784xf32>, %c: tensor<512xf32>) -> tensor<?x512xf32> {
  %0 = nn.gemm %a, %w, %c {trans_b = true} : (tensor<?x784xf32>, tensor<512x784xf32>, tensor<512xf32>) -> tensor<?x512xf32>
  return %0 : tensor<?x512xf32>
}

// -----

// Everything dynamic, both transposed: the inner dimensions are checked;
// each dimension of C must be 1 or the result's, and is read through an
// index clamped to 0 where it is 1 at run time.
// CHECK-LABEL: func.func @gemm_all_dynamic
// CHECK-SAME: (%[[A:.+]]: tensor<?x?xf32>, %[[B:.+]]: tensor<?x?xf32>, %[[C:.+]]: tensor<?x?xf32>)
// CHECK: %[[KA:.+]] = tensor.dim %[[A]], %{{.+}} : tensor<?x?xf32>
// CHECK: %[[KB:.+]] = tensor.dim %[[B]], %{{.+}} : tensor<?x?xf32>
// CHECK: %[[KEQ:.+]] = arith.cmpi eq, %[[KA]], %[[KB]] : index
// CHECK: cf.assert %[[KEQ]], "nn.gemm: inner dimension of A (dim 0) differs from B (dim 1)"
// CHECK: %[[M:.+]] = tensor.dim %[[A]], %{{.+}} : tensor<?x?xf32>
// CHECK: %[[N:.+]] = tensor.dim %[[B]], %{{.+}} : tensor<?x?xf32>
// CHECK: %[[C0:.+]] = tensor.dim %[[C]], %{{.+}} : tensor<?x?xf32>
// CHECK: %[[ONE0:.+]] = arith.cmpi eq, %[[C0]], %{{.+}} : index
// CHECK: %[[EQ0:.+]] = arith.cmpi eq, %[[C0]], %[[M]] : index
// CHECK: %[[OK0:.+]] = arith.ori %[[ONE0]], %[[EQ0]] : i1
// CHECK: cf.assert %[[OK0]], "nn.gemm: dimension 0 of operand C is neither 1 nor dimension 0 of the result"
// CHECK: %[[C1:.+]] = tensor.dim %[[C]], %{{.+}} : tensor<?x?xf32>
// CHECK: %[[ONE1:.+]] = arith.cmpi eq, %[[C1]], %{{.+}} : index
// CHECK: %[[EQ1:.+]] = arith.cmpi eq, %[[C1]], %[[N]] : index
// CHECK: %[[OK1:.+]] = arith.ori %[[ONE1]], %[[EQ1]] : i1
// CHECK: cf.assert %[[OK1]], "nn.gemm: dimension 1 of operand C is neither 1 nor dimension 1 of the result"
// CHECK: %[[EMPTY:.+]] = tensor.empty(%[[M]], %[[N]]) : tensor<?x?xf32>
// CHECK: %[[ZERO:.+]] = arith.constant 0 : index
// CHECK: %[[INIT:.+]] = linalg.generic {{{.+}}} outs(%[[EMPTY]] : tensor<?x?xf32>)
// CHECK: %[[I:.+]] = linalg.index 0 : index
// CHECK: %[[II:.+]] = arith.select %[[ONE0]], %[[ZERO]], %[[I]] : index
// CHECK: %[[J:.+]] = linalg.index 1 : index
// CHECK: %[[JJ:.+]] = arith.select %[[ONE1]], %[[ZERO]], %[[J]] : index
// CHECK: %[[X:.+]] = tensor.extract %[[C]][%[[II]], %[[JJ]]] : tensor<?x?xf32>
// CHECK: %[[BETA:.+]] = arith.constant 2.000000e+00 : f32
// CHECK: %[[Y:.+]] = arith.mulf %[[X]], %[[BETA]] : f32
// CHECK: linalg.yield %[[Y]] : f32
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[A]], %[[B]] : tensor<?x?xf32>, tensor<?x?xf32>) outs(%[[INIT]] : tensor<?x?xf32>)
// BUF-LABEL: func.func @gemm_all_dynamic
// BUF: memref.load
func.func @gemm_all_dynamic(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>, %c: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = nn.gemm %a, %b, %c {alpha = 0.5 : f32, beta = 2.0 : f32, trans_a = true, trans_b = true}
      : (tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// A static C dimension other than 1 fixes the result's dynamic N (after a
// check), so the result needs no cast.
// CHECK-DAG: #[[$BIAS:map[0-9]*]] = affine_map<(d0, d1) -> (0, d1)>
// CHECK-LABEL: func.func @gemm_static_c
// CHECK-SAME: (%[[A:.+]]: tensor<?x?xf32>, %[[B:.+]]: tensor<?x?xf32>, %[[C:.+]]: tensor<1x4xf32>)
// CHECK: cf.assert %{{.+}}, "nn.gemm: inner dimension of A (dim 1) differs from B (dim 0)"
// CHECK: %[[M:.+]] = tensor.dim %[[A]], %{{.+}} : tensor<?x?xf32>
// CHECK: %[[N:.+]] = tensor.dim %[[B]], %{{.+}} : tensor<?x?xf32>
// CHECK: %[[C4:.+]] = arith.constant 4 : index
// CHECK: %[[EQ:.+]] = arith.cmpi eq, %[[C4]], %[[N]] : index
// CHECK: cf.assert %[[EQ]], "nn.gemm: dimension 1 of operand C differs from dimension 1 of the result"
// CHECK: %[[EMPTY:.+]] = tensor.empty(%[[M]]) : tensor<?x4xf32>
// CHECK: %[[INIT:.+]] = linalg.generic {indexing_maps = [#[[$BIAS]], #{{.+}}]
// CHECK-SAME: ins(%[[C]] : tensor<1x4xf32>) outs(%[[EMPTY]] : tensor<?x4xf32>)
// CHECK: %[[R:.+]] = linalg.generic
// CHECK-SAME: outs(%[[INIT]] : tensor<?x4xf32>)
// CHECK-NOT: tensor.cast
// CHECK: return %[[R]] : tensor<?x4xf32>
func.func @gemm_static_c(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>, %c: tensor<1x4xf32>) -> tensor<?x4xf32> {
  %0 = nn.gemm %a, %b, %c : (tensor<?x?xf32>, tensor<?x?xf32>, tensor<1x4xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}
