// RUN: kiln-opt %s -kiln-convert-nn-to-linalg -split-input-file | FileCheck %s

// Three or more spatial dimensions: the same lowering as 2-D (padding,
// bias accumulator, group split, pooling counts, transposed convolution
// by zero insertion), with a linalg.generic in place of the named 2-D op.
// Its loops are those of the named ops: [N, (G,) M, O..., C, K...] for a
// convolution, [N, C, O..., K...] for pooling; input position
// o * stride + k * dilation per spatial dimension.

// CHECK-DAG: #[[$CHAN:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4) -> (d1)>
// CHECK-DAG: #[[$ID:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>
// CHECK-DAG: #[[$IN:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7, d8) -> (d0, d5, d2 * 2 + d6, d3 + d7 * 2, d4 * 3 + d8)>
// CHECK-DAG: #[[$W:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7, d8) -> (d1, d5, d6, d7, d8)>
// CHECK-DAG: #[[$OUT:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7, d8) -> (d0, d1, d2, d3, d4)>
// CHECK-LABEL: func.func @conv_3d
// CHECK-SAME: (%[[X:.+]]: tensor<1x2x5x6x7xf32>, %[[WT:.+]]: tensor<4x2x3x2x3xf32>, %[[B:.+]]: tensor<4xf32>)
// CHECK: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[PAD:.+]] = tensor.pad %[[X]] low[0, 0, 1, 1, 0] high[0, 0, 0, 1, 1]
// CHECK: tensor.yield %[[ZERO]] : f32
// CHECK: } : tensor<1x2x5x6x7xf32> to tensor<1x2x6x8x8xf32>
// CHECK: %[[EMPTY:.+]] = tensor.empty() : tensor<1x4x2x6x2xf32>
// CHECK: %[[INIT:.+]] = linalg.generic {indexing_maps = [#[[$CHAN]], #[[$ID]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]}
// CHECK-SAME: ins(%[[B]] : tensor<4xf32>) outs(%[[EMPTY]] : tensor<1x4x2x6x2xf32>)
// CHECK: %[[R:.+]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$W]], #[[$OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "reduction"]}
// CHECK-SAME: ins(%[[PAD]], %[[WT]] : tensor<1x2x6x8x8xf32>, tensor<4x2x3x2x3xf32>) outs(%[[INIT]] : tensor<1x4x2x6x2xf32>)
// CHECK: ^bb0(%[[I:.+]]: f32, %[[K:.+]]: f32, %[[ACC:.+]]: f32):
// CHECK: %[[P:.+]] = arith.mulf %[[I]], %[[K]] : f32
// CHECK: %[[S:.+]] = arith.addf %[[ACC]], %[[P]] : f32
// CHECK: linalg.yield %[[S]] : f32
// CHECK: return %[[R]] : tensor<1x4x2x6x2xf32>
func.func @conv_3d(%x: tensor<1x2x5x6x7xf32>, %w: tensor<4x2x3x2x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x2x6x2xf32> {
  %0 = nn.conv %x, %w, %b {dilations = array<i64: 1, 2, 1>, group = 1 : i64,
                           pads = array<i64: 1, 1, 0, 0, 1, 1>, strides = array<i64: 2, 1, 3>}
      : (tensor<1x2x5x6x7xf32>, tensor<4x2x3x2x3xf32>, tensor<4xf32>) -> tensor<1x4x2x6x2xf32>
  return %0 : tensor<1x4x2x6x2xf32>
}

// -----

// group = 2: input, weight and accumulator split as in 2-D; the generic
// carries the group loop (d1) on all three operands.
// CHECK-DAG: #[[$GIN:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7, d8, d9) -> (d0, d1, d6, d3 + d7, d4 + d8, d5 + d9)>
// CHECK-DAG: #[[$GW:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7, d8, d9) -> (d1, d2, d6, d7, d8, d9)>
// CHECK-DAG: #[[$GOUT:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7, d8, d9) -> (d0, d1, d2, d3, d4, d5)>
// CHECK-LABEL: func.func @conv_3d_grouped
// CHECK-SAME: (%[[X:.+]]: tensor<1x4x4x4x4xf32>, %[[WT:.+]]: tensor<6x2x2x2x2xf32>)
// CHECK: %[[INIT:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : tensor<1x6x3x3x3xf32>)
// CHECK: %[[XG:.+]] = tensor.expand_shape %{{.+}} output_shape [1, 2, 2, 4, 4, 4] : tensor<256xf32> into tensor<1x2x2x4x4x4xf32>
// CHECK: %[[WG:.+]] = tensor.expand_shape %{{.+}} output_shape [2, 3, 2, 2, 2, 2] : tensor<96xf32> into tensor<2x3x2x2x2x2xf32>
// CHECK: %[[IG:.+]] = tensor.expand_shape %{{.+}} output_shape [1, 2, 3, 3, 3, 3] : tensor<162xf32> into tensor<1x2x3x3x3x3xf32>
// CHECK: %[[R:.+]] = linalg.generic {indexing_maps = [#[[$GIN]], #[[$GW]], #[[$GOUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "reduction"]}
// CHECK-SAME: ins(%[[XG]], %[[WG]] : tensor<1x2x2x4x4x4xf32>, tensor<2x3x2x2x2x2xf32>) outs(%[[IG]] : tensor<1x2x3x3x3x3xf32>)
// CHECK: %[[RF:.+]] = tensor.collapse_shape %[[R]] {{\[\[}}0, 1, 2, 3, 4, 5]] : tensor<1x2x3x3x3x3xf32> into tensor<162xf32>
// CHECK: %[[OUT:.+]] = tensor.expand_shape %[[RF]] {{\[\[}}0, 1, 2, 3, 4]] output_shape [1, 6, 3, 3, 3] : tensor<162xf32> into tensor<1x6x3x3x3xf32>
// CHECK: return %[[OUT]] : tensor<1x6x3x3x3xf32>
func.func @conv_3d_grouped(%x: tensor<1x4x4x4x4xf32>, %w: tensor<6x2x2x2x2xf32>) -> tensor<1x6x3x3x3xf32> {
  %0 = nn.conv %x, %w {dilations = array<i64: 1, 1, 1>, group = 2 : i64,
                       pads = array<i64: 0, 0, 0, 0, 0, 0>, strides = array<i64: 1, 1, 1>}
      : (tensor<1x4x4x4x4xf32>, tensor<6x2x2x2x2xf32>) -> tensor<1x6x3x3x3xf32>
  return %0 : tensor<1x6x3x3x3xf32>
}

// -----

// Four spatial dimensions take the same path.
// CHECK-DAG: #[[$IN4:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7, d8, d9, d10) -> (d0, d6, d2 + d7, d3 + d8, d4 + d9, d5 + d10)>
// CHECK-LABEL: func.func @conv_4d
// CHECK: linalg.generic {indexing_maps = [#[[$IN4]], #{{.+}}, #{{.+}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "reduction", "reduction"]}
// CHECK-SAME: ins(%{{.+}}, %{{.+}} : tensor<1x2x3x3x3x3xf32>, tensor<2x2x2x2x2x2xf32>) outs(%{{.+}} : tensor<1x2x2x2x2x2xf32>)
func.func @conv_4d(%x: tensor<1x2x3x3x3x3xf32>, %w: tensor<2x2x2x2x2x2xf32>) -> tensor<1x2x2x2x2x2xf32> {
  %0 = nn.conv %x, %w {dilations = array<i64: 1, 1, 1, 1>, group = 1 : i64,
                       pads = array<i64: 0, 0, 0, 0, 0, 0, 0, 0>, strides = array<i64: 1, 1, 1, 1>}
      : (tensor<1x2x3x3x3x3xf32>, tensor<2x2x2x2x2x2xf32>) -> tensor<1x2x2x2x2x2xf32>
  return %0 : tensor<1x2x2x2x2x2xf32>
}

// -----

// Max pooling: -inf padding and start, arith.maximumf over the window
// loops (d5..d7), whose sizes come from the tensor.empty window operand.
// CHECK-DAG: #[[$PIN:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2 * 2 + d5, d3 * 2 + d6, d4 * 2 + d7)>
// CHECK-DAG: #[[$WIN:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d5, d6, d7)>
// CHECK-DAG: #[[$POUT:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d3, d4)>
// CHECK-LABEL: func.func @max_pool_3d
// CHECK-SAME: (%[[X:.+]]: tensor<1x2x5x5x5xf32>)
// CHECK: %[[NEGINF:.+]] = arith.constant 0xFF800000 : f32
// CHECK: %[[PAD:.+]] = tensor.pad %[[X]] low[0, 0, 0, 0, 0] high[0, 0, 1, 1, 1]
// CHECK: tensor.yield %[[NEGINF]] : f32
// CHECK: } : tensor<1x2x5x5x5xf32> to tensor<1x2x6x6x6xf32>
// CHECK: %[[INIT:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : tensor<1x2x3x3x3xf32>)
// CHECK: %[[WT:.+]] = tensor.empty() : tensor<2x2x2xf32>
// CHECK: %[[R:.+]] = linalg.generic {indexing_maps = [#[[$PIN]], #[[$WIN]], #[[$POUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
// CHECK-SAME: ins(%[[PAD]], %[[WT]] : tensor<1x2x6x6x6xf32>, tensor<2x2x2xf32>) outs(%[[INIT]] : tensor<1x2x3x3x3xf32>)
// CHECK: ^bb0(%[[I:.+]]: f32, %{{.+}}: f32, %[[ACC:.+]]: f32):
// CHECK: %[[M:.+]] = arith.maximumf %[[ACC]], %[[I]] : f32
// CHECK: linalg.yield %[[M]] : f32
// CHECK: return %[[R]]
func.func @max_pool_3d(%x: tensor<1x2x5x5x5xf32>) -> tensor<1x2x3x3x3xf32> {
  %0 = nn.max_pool %x {ceil_mode = true, dilations = array<i64: 1, 1, 1>, kernel_shape = array<i64: 2, 2, 2>,
                       pads = array<i64: 0, 0, 0, 0, 0, 0>, strides = array<i64: 2, 2, 2>}
      : (tensor<1x2x5x5x5xf32>) -> tensor<1x2x3x3x3xf32>
  return %0 : tensor<1x2x3x3x3xf32>
}

// -----

// Average pooling: a sum, then a division by the constant [OD, OH, OW]
// count of taps inside the input (pads not counted): 1 or 2 taps along D
// (begin pad 1), 2 or 1 along H (end pad 1), 2 along W.
// CHECK-DAG: #[[$ID:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>
// CHECK-DAG: #[[$DHW:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4) -> (d2, d3, d4)>
// CHECK-LABEL: func.func @average_pool_3d
// CHECK-SAME: (%[[X:.+]]: tensor<1x1x2x2x3xf32>)
// CHECK: %[[PAD:.+]] = tensor.pad %[[X]] low[0, 0, 1, 0, 0] high[0, 0, 0, 1, 0]
// CHECK: %[[SUM:.+]] = linalg.generic
// CHECK-SAME: ins(%[[PAD]], %{{.+}} : tensor<1x1x3x3x3xf32>, tensor<2x2x2xf32>) outs(%{{.+}} : tensor<1x1x2x2x2xf32>)
// CHECK: arith.addf
// CHECK: %[[COUNT:.+]] = arith.constant dense<{{\[\[\[}}4.000000e+00, 4.000000e+00], [2.000000e+00, 2.000000e+00]], {{\[\[}}8.000000e+00, 8.000000e+00], [4.000000e+00, 4.000000e+00]]]> : tensor<2x2x2xf32>
// CHECK: %[[R:.+]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$DHW]], #[[$ID]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]}
// CHECK-SAME: ins(%[[SUM]], %[[COUNT]] : tensor<1x1x2x2x2xf32>, tensor<2x2x2xf32>)
// CHECK: arith.divf
// CHECK: return %[[R]]
func.func @average_pool_3d(%x: tensor<1x1x2x2x3xf32>) -> tensor<1x1x2x2x2xf32> {
  %0 = nn.average_pool %x {count_include_pad = false, dilations = array<i64: 1, 1, 1>, kernel_shape = array<i64: 2, 2, 2>,
                           pads = array<i64: 1, 0, 0, 0, 1, 0>, strides = array<i64: 1, 1, 1>}
      : (tensor<1x1x2x2x3xf32>) -> tensor<1x1x2x2x2xf32>
  return %0 : tensor<1x1x2x2x2xf32>
}

// -----

// Transposed: zero insertion along D (stride 2), padding by K-1, the weight
// flipped along all three spatial dimensions, a stride-1 convolution.
// CHECK-DAG: #[[$FLIP:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4) -> ((d0 floordiv 3) * 2 + d1, d0 mod 3, -d2 + 1, -d3 + 1, -d4 + 1)>
// CHECK-LABEL: func.func @conv_transpose_3d
// CHECK-SAME: (%[[X:.+]]: tensor<1x2x2x2x2xf32>, %[[WT:.+]]: tensor<2x3x2x2x2xf32>)
// CHECK: %[[Z:.+]] = linalg.fill {{.*}} -> tensor<1x2x3x2x2xf32>
// CHECK: %[[UP:.+]] = tensor.insert_slice %[[X]] into %[[Z]][0, 0, 0, 0, 0] [1, 2, 2, 2, 2] [1, 1, 2, 1, 1]
// CHECK: %[[P:.+]] = tensor.pad %[[UP]] low[0, 0, 1, 1, 1] high[0, 0, 1, 1, 1]
// CHECK: %[[F:.+]] = linalg.generic {indexing_maps = [#[[$FLIP]], {{.+}}]{{.*}} ins(%[[WT]] : tensor<2x3x2x2x2xf32>) outs(%{{.+}} : tensor<3x2x2x2x2xf32>)
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[P]], %[[F]] : tensor<1x2x5x4x4xf32>, tensor<3x2x2x2x2xf32>) outs(%{{.+}} : tensor<1x3x4x3x3xf32>)
func.func @conv_transpose_3d(%x: tensor<1x2x2x2x2xf32>, %w: tensor<2x3x2x2x2xf32>) -> tensor<1x3x4x3x3xf32> {
  %0 = nn.conv_transpose %x, %w {dilations = array<i64: 1, 1, 1>, group = 1 : i64,
                                 output_padding = array<i64: 0, 0, 0>,
                                 pads = array<i64: 0, 0, 0, 0, 0, 0>, strides = array<i64: 2, 1, 1>}
      : (tensor<1x2x2x2x2xf32>, tensor<2x3x2x2x2xf32>) -> tensor<1x3x4x3x3xf32>
  return %0 : tensor<1x3x4x3x3xf32>
}
