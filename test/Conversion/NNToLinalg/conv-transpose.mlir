// RUN: kiln-opt %s -kiln-convert-nn-to-linalg | FileCheck %s

// Zero insertion with the stride, padding by K-1-pad (plus output_padding
// at the end), the weight flipped with channels swapped, then a stride-1
// convolution.
// CHECK-DAG: #[[$FLIP:.+]] = affine_map<(d0, d1, d2, d3) -> ((d0 floordiv 4) * 2 + d1, d0 mod 4, -d2 + 2, -d3 + 2)>
// CHECK-LABEL: func.func @conv_transpose
// CHECK-SAME: (%[[X:.+]]: tensor<1x2x3x3xf32>, %[[W:.+]]: tensor<2x4x3x3xf32>)
// CHECK: %[[Z:.+]] = linalg.fill {{.*}} -> tensor<1x2x5x5xf32>
// CHECK: %[[UP:.+]] = tensor.insert_slice %[[X]] into %[[Z]][0, 0, 0, 0] [1, 2, 3, 3] [1, 1, 2, 2]
// CHECK: %[[P:.+]] = tensor.pad %[[UP]] low[0, 0, 1, 1] high[0, 0, 2, 2]
// CHECK: %[[WT:.+]] = linalg.generic {indexing_maps = [#[[$FLIP]], {{.+}}]{{.*}} ins(%[[W]] : tensor<2x4x3x3xf32>) outs(%{{.+}} : tensor<4x2x3x3xf32>)
// CHECK: linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%[[P]], %[[WT]] : tensor<1x2x8x8xf32>, tensor<4x2x3x3xf32>) outs(%{{.+}} : tensor<1x4x6x6xf32>)
func.func @conv_transpose(%x: tensor<1x2x3x3xf32>, %w: tensor<2x4x3x3xf32>) -> tensor<1x4x6x6xf32> {
  %0 = nn.conv_transpose %x, %w {dilations = array<i64: 1, 1>, group = 1 : i64,
                                 output_padding = array<i64: 1, 1>,
                                 pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
      : (tensor<1x2x3x3xf32>, tensor<2x4x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}
