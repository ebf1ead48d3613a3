// RUN: kiln-opt %s -kiln-convert-nn-to-linalg -split-input-file | FileCheck %s

// nn.matmul and nn.gemm become a single linalg.generic contraction whose
// indexing maps encode batch broadcasting and transposes; the last loop is
// the reduction.

// CHECK-DAG: #[[$A:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[$B:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-DAG: #[[$C:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @matmul_2d
// CHECK-SAME: (%[[LHS:.+]]: tensor<8x16xf32>, %[[RHS:.+]]: tensor<16x4xf32>)
// CHECK: %[[EMPTY:.+]] = tensor.empty() : tensor<8x4xf32>
// CHECK: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[INIT:.+]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[EMPTY]] : tensor<8x4xf32>) -> tensor<8x4xf32>
// CHECK: %[[R:.+]] = linalg.generic {indexing_maps = [#[[$A]], #[[$B]], #[[$C]]], iterator_types = ["parallel", "parallel", "reduction"]}
// CHECK-SAME: ins(%[[LHS]], %[[RHS]] : tensor<8x16xf32>, tensor<16x4xf32>) outs(%[[INIT]] : tensor<8x4xf32>)
// CHECK: ^bb0(%[[X:.+]]: f32, %[[Y:.+]]: f32, %[[ACC:.+]]: f32):
// CHECK-NEXT: %[[P:.+]] = arith.mulf %[[X]], %[[Y]] fastmath<reassoc,contract> : f32
// CHECK-NEXT: %[[S:.+]] = arith.addf %[[ACC]], %[[P]] fastmath<reassoc,contract> : f32
// CHECK-NEXT: linalg.yield %[[S]] : f32
// CHECK: return %[[R]] : tensor<8x4xf32>
func.func @matmul_2d(%a: tensor<8x16xf32>, %b: tensor<16x4xf32>) -> tensor<8x4xf32> {
  %0 = nn.matmul %a, %b : (tensor<8x16xf32>, tensor<16x4xf32>) -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}

// -----

// Loops (b0, b1, m, n, k). The lhs batch dim of size 1 against 3 reads index
// 0; the rank-3 rhs has no b0.
// CHECK-DAG: #[[$A:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, 0, d2, d4)>
// CHECK-DAG: #[[$B:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4) -> (d1, d4, d3)>
// CHECK-DAG: #[[$C:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @matmul_batched_broadcast
// CHECK-SAME: (%[[LHS:.+]]: tensor<2x1x8x16xf32>, %[[RHS:.+]]: tensor<3x16x4xf32>)
// CHECK: %[[INIT:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : tensor<2x3x8x4xf32>)
// CHECK: %[[R:.+]] = linalg.generic {indexing_maps = [#[[$A]], #[[$B]], #[[$C]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
// CHECK-SAME: ins(%[[LHS]], %[[RHS]] : tensor<2x1x8x16xf32>, tensor<3x16x4xf32>) outs(%[[INIT]] : tensor<2x3x8x4xf32>)
// CHECK: return %[[R]] : tensor<2x3x8x4xf32>
func.func @matmul_batched_broadcast(%a: tensor<2x1x8x16xf32>, %b: tensor<3x16x4xf32>) -> tensor<2x3x8x4xf32> {
  %0 = nn.matmul %a, %b : (tensor<2x1x8x16xf32>, tensor<3x16x4xf32>) -> tensor<2x3x8x4xf32>
  return %0 : tensor<2x3x8x4xf32>
}

// -----

// A rank-1 lhs is expanded to 1xK and the unit dimension is collapsed away.
// CHECK-LABEL: func.func @matmul_vector_matrix
// CHECK-SAME: (%[[V:.+]]: tensor<16xf32>, %[[M:.+]]: tensor<16x4xf32>)
// CHECK: %[[LHS:.+]] = tensor.expand_shape %[[V]] {{\[\[}}0, 1]] output_shape [1, 16] : tensor<16xf32> into tensor<1x16xf32>
// CHECK: %[[R:.+]] = linalg.generic
// CHECK-SAME: ins(%[[LHS]], %[[M]] : tensor<1x16xf32>, tensor<16x4xf32>) outs(%{{.+}} : tensor<1x4xf32>)
// CHECK: %[[OUT:.+]] = tensor.collapse_shape %[[R]] {{\[\[}}0, 1]] : tensor<1x4xf32> into tensor<4xf32>
// CHECK: return %[[OUT]] : tensor<4xf32>
func.func @matmul_vector_matrix(%v: tensor<16xf32>, %m: tensor<16x4xf32>) -> tensor<4xf32> {
  %0 = nn.matmul %v, %m : (tensor<16xf32>, tensor<16x4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Two rank-1 operands: a dot product producing a rank-0 tensor, with integer
// multiply-accumulate.
// CHECK-LABEL: func.func @matmul_dot_integer
// CHECK-SAME: (%[[V:.+]]: tensor<16xi32>, %[[W:.+]]: tensor<16xi32>)
// CHECK: %[[LHS:.+]] = tensor.expand_shape %[[V]] {{\[\[}}0, 1]] output_shape [1, 16] : tensor<16xi32> into tensor<1x16xi32>
// CHECK: %[[RHS:.+]] = tensor.expand_shape %[[W]] {{\[\[}}0, 1]] output_shape [16, 1] : tensor<16xi32> into tensor<16x1xi32>
// CHECK: %[[ZERO:.+]] = arith.constant 0 : i32
// CHECK: %[[INIT:.+]] = linalg.fill ins(%[[ZERO]] : i32) outs(%{{.+}} : tensor<1x1xi32>)
// CHECK: %[[R:.+]] = linalg.generic
// CHECK-SAME: ins(%[[LHS]], %[[RHS]] : tensor<1x16xi32>, tensor<16x1xi32>) outs(%[[INIT]] : tensor<1x1xi32>)
// CHECK: ^bb0(%[[X:.+]]: i32, %[[Y:.+]]: i32, %[[ACC:.+]]: i32):
// CHECK-NEXT: %[[P:.+]] = arith.muli %[[X]], %[[Y]] : i32
// CHECK-NEXT: %[[S:.+]] = arith.addi %[[ACC]], %[[P]] : i32
// CHECK: %[[FLAT:.+]] = tensor.collapse_shape %[[R]] {{\[\[}}0, 1]] : tensor<1x1xi32> into tensor<1xi32>
// CHECK: %[[OUT:.+]] = tensor.collapse_shape %[[FLAT]] [] : tensor<1xi32> into tensor<i32>
// CHECK: return %[[OUT]] : tensor<i32>
func.func @matmul_dot_integer(%v: tensor<16xi32>, %w: tensor<16xi32>) -> tensor<i32> {
  %0 = nn.matmul %v, %w : (tensor<16xi32>, tensor<16xi32>) -> tensor<i32>
  return %0 : tensor<i32>
}

// -----

// trans_b swaps B's map to (n, k); C [N] broadcasts along rows into the
// accumulator (beta = 1 copies it unscaled).
// CHECK-DAG: #[[$BIAS:map[0-9]*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[$ID2:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$A:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[$BT:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[$C:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @gemm_trans_b_bias
// CHECK-SAME: (%[[A:.+]]: tensor<8x784xf32>, %[[W:.+]]: tensor<512x784xf32>, %[[BIAS:.+]]: tensor<512xf32>)
// CHECK: %[[EMPTY:.+]] = tensor.empty() : tensor<8x512xf32>
// CHECK: %[[INIT:.+]] = linalg.generic {indexing_maps = [#[[$BIAS]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%[[BIAS]] : tensor<512xf32>) outs(%[[EMPTY]] : tensor<8x512xf32>)
// CHECK: ^bb0(%[[IN:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: linalg.yield %[[IN]] : f32
// CHECK: %[[R:.+]] = linalg.generic {indexing_maps = [#[[$A]], #[[$BT]], #[[$C]]], iterator_types = ["parallel", "parallel", "reduction"]}
// CHECK-SAME: ins(%[[A]], %[[W]] : tensor<8x784xf32>, tensor<512x784xf32>) outs(%[[INIT]] : tensor<8x512xf32>)
// CHECK: ^bb0(%[[X:.+]]: f32, %[[Y:.+]]: f32, %[[ACC:.+]]: f32):
// CHECK-NEXT: %[[P:.+]] = arith.mulf %[[X]], %[[Y]] fastmath<reassoc,contract> : f32
// CHECK-NEXT: %[[S:.+]] = arith.addf %[[ACC]], %[[P]] fastmath<reassoc,contract> : f32
// CHECK-NEXT: linalg.yield %[[S]] : f32
// CHECK: return %[[R]] : tensor<8x512xf32>
func.func @gemm_trans_b_bias(%a: tensor<8x784xf32>, %w: tensor<512x784xf32>, %c: tensor<512xf32>) -> tensor<8x512xf32> {
  %0 = nn.gemm %a, %w, %c {trans_b = true} : (tensor<8x784xf32>, tensor<512x784xf32>, tensor<512xf32>) -> tensor<8x512xf32>
  return %0 : tensor<8x512xf32>
}

// -----

// trans_a swaps A's map to (k, m); C [M, 1] broadcasts along columns and is
// scaled by beta; every product is scaled by alpha.
// CHECK-DAG: #[[$BIAS:map[0-9]*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-DAG: #[[$ID2:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$AT:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d2, d0)>
// CHECK-DAG: #[[$B:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-DAG: #[[$C:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @gemm_trans_a_alpha_beta
// CHECK-SAME: (%[[A:.+]]: tensor<16x8xf32>, %[[B:.+]]: tensor<16x4xf32>, %[[BIAS:.+]]: tensor<8x1xf32>)
// CHECK: %[[INIT:.+]] = linalg.generic {indexing_maps = [#[[$BIAS]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%[[BIAS]] : tensor<8x1xf32>)
// CHECK: ^bb0(%[[IN:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: %[[BETA:.+]] = arith.constant 2.000000e+00 : f32
// CHECK-NEXT: %[[SC:.+]] = arith.mulf %[[IN]], %[[BETA]] : f32
// CHECK-NEXT: linalg.yield %[[SC]] : f32
// CHECK: linalg.generic {indexing_maps = [#[[$AT]], #[[$B]], #[[$C]]], iterator_types = ["parallel", "parallel", "reduction"]}
// CHECK-SAME: ins(%[[A]], %[[B]] : tensor<16x8xf32>, tensor<16x4xf32>) outs(%[[INIT]] : tensor<8x4xf32>)
// CHECK: ^bb0(%[[X:.+]]: f32, %[[Y:.+]]: f32, %[[ACC:.+]]: f32):
// CHECK-NEXT: %[[P:.+]] = arith.mulf %[[X]], %[[Y]] fastmath<reassoc,contract> : f32
// CHECK-NEXT: %[[ALPHA:.+]] = arith.constant 5.000000e-01 : f32
// CHECK-NEXT: %[[PS:.+]] = arith.mulf %[[P]], %[[ALPHA]] fastmath<reassoc,contract> : f32
// CHECK-NEXT: %[[S:.+]] = arith.addf %[[ACC]], %[[PS]] fastmath<reassoc,contract> : f32
// CHECK-NEXT: linalg.yield %[[S]] : f32
func.func @gemm_trans_a_alpha_beta(%at: tensor<16x8xf32>, %b: tensor<16x4xf32>, %c: tensor<8x1xf32>) -> tensor<8x4xf32> {
  %0 = nn.gemm %at, %b, %c {alpha = 0.5 : f32, beta = 2.0 : f32, trans_a = true}
      : (tensor<16x8xf32>, tensor<16x4xf32>, tensor<8x1xf32>) -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}

// -----

// Both transposed, no C: the accumulator is zero-filled.
// CHECK-DAG: #[[$AT:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d2, d0)>
// CHECK-DAG: #[[$BT:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[$C:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @gemm_both_transposed_no_c
// CHECK-SAME: (%[[A:.+]]: tensor<16x8xf32>, %[[B:.+]]: tensor<4x16xf32>)
// CHECK: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[INIT:.+]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.+}} : tensor<8x4xf32>)
// CHECK: linalg.generic {indexing_maps = [#[[$AT]], #[[$BT]], #[[$C]]], iterator_types = ["parallel", "parallel", "reduction"]}
// CHECK-SAME: ins(%[[A]], %[[B]] : tensor<16x8xf32>, tensor<4x16xf32>) outs(%[[INIT]] : tensor<8x4xf32>)
func.func @gemm_both_transposed_no_c(%a: tensor<16x8xf32>, %b: tensor<4x16xf32>) -> tensor<8x4xf32> {
  %0 = nn.gemm %a, %b {trans_a = true, trans_b = true} : (tensor<16x8xf32>, tensor<4x16xf32>) -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}

// -----

// beta = 0 drops C: the accumulator is zero-filled and C is unused.
// CHECK-LABEL: func.func @gemm_beta_zero
// CHECK-SAME: (%[[A:.+]]: tensor<8x16xf32>, %[[B:.+]]: tensor<16x4xf32>, %[[C:.+]]: tensor<8x4xf32>)
// CHECK-NOT: %[[C]]
// CHECK: %[[INIT:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : tensor<8x4xf32>)
// CHECK-NOT: %[[C]]
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[A]], %[[B]] : tensor<8x16xf32>, tensor<16x4xf32>) outs(%[[INIT]] : tensor<8x4xf32>)
// CHECK-NOT: %[[C]]
// CHECK: return
func.func @gemm_beta_zero(%a: tensor<8x16xf32>, %b: tensor<16x4xf32>, %c: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %0 = nn.gemm %a, %b, %c {beta = 0.0 : f32} : (tensor<8x16xf32>, tensor<16x4xf32>, tensor<8x4xf32>) -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}
