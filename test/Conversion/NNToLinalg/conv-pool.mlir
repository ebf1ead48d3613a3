// RUN: kiln-opt %s -kiln-convert-nn-to-linalg -split-input-file | FileCheck %s

// nn.conv: zero tensor.pad, then linalg.conv_2d_nchw_fchw (group = 1) or
// linalg.conv_2d_ngchw_gfchw (group > 1) accumulating into the broadcast
// bias or zeros. Pooling: tensor.pad with the neutral element, then
// linalg.pooling_nchw_{max,sum}; the average divides by a constant
// per-position count.

// CHECK-DAG: #[[$CHAN:map[0-9]*]] = affine_map<(d0, d1, d2, d3) -> (d1)>
// CHECK-DAG: #[[$ID:map[0-9]*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @conv_bias_asymmetric_pads
// CHECK-SAME: (%[[X:.+]]: tensor<4x1x28x28xf32>, %[[W:.+]]: tensor<6x1x5x5xf32>, %[[B:.+]]: tensor<6xf32>)
// CHECK: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[PAD:.+]] = tensor.pad %[[X]] low[0, 0, 2, 1] high[0, 0, 2, 3]
// CHECK: tensor.yield %[[ZERO]] : f32
// CHECK: } : tensor<4x1x28x28xf32> to tensor<4x1x32x32xf32>
// CHECK: %[[EMPTY:.+]] = tensor.empty() : tensor<4x6x28x28xf32>
// CHECK: %[[INIT:.+]] = linalg.generic {indexing_maps = [#[[$CHAN]], #[[$ID]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
// CHECK-SAME: ins(%[[B]] : tensor<6xf32>) outs(%[[EMPTY]] : tensor<4x6x28x28xf32>)
// CHECK: %[[R:.+]] = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
// CHECK-SAME: ins(%[[PAD]], %[[W]] : tensor<4x1x32x32xf32>, tensor<6x1x5x5xf32>) outs(%[[INIT]] : tensor<4x6x28x28xf32>)
// CHECK: return %[[R]] : tensor<4x6x28x28xf32>
func.func @conv_bias_asymmetric_pads(%x: tensor<4x1x28x28xf32>, %w: tensor<6x1x5x5xf32>, %b: tensor<6xf32>) -> tensor<4x6x28x28xf32> {
  %0 = nn.conv %x, %w, %b {dilations = array<i64: 1, 1>, group = 1 : i64,
                           pads = array<i64: 2, 1, 2, 3>, strides = array<i64: 1, 1>}
      : (tensor<4x1x28x28xf32>, tensor<6x1x5x5xf32>, tensor<6xf32>) -> tensor<4x6x28x28xf32>
  return %0 : tensor<4x6x28x28xf32>
}

// -----

// No padding: no tensor.pad. No bias: zero-filled accumulator.
// CHECK-LABEL: func.func @conv_no_bias_strided_dilated
// CHECK-SAME: (%[[X:.+]]: tensor<1x3x9x9xf32>, %[[W:.+]]: tensor<4x3x3x3xf32>)
// CHECK-NOT: tensor.pad
// CHECK: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[INIT:.+]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.+}} : tensor<1x4x3x3xf32>)
// CHECK: linalg.conv_2d_nchw_fchw {dilations = dense<[1, 2]> : vector<2xi64>, strides = dense<[3, 2]> : vector<2xi64>}
// CHECK-SAME: ins(%[[X]], %[[W]] : tensor<1x3x9x9xf32>, tensor<4x3x3x3xf32>) outs(%[[INIT]] : tensor<1x4x3x3xf32>)
func.func @conv_no_bias_strided_dilated(%x: tensor<1x3x9x9xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x3x3xf32> {
  %0 = nn.conv %x, %w {dilations = array<i64: 1, 2>, group = 1 : i64,
                       pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 3, 2>}
      : (tensor<1x3x9x9xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x3x3xf32>
  return %0 : tensor<1x4x3x3xf32>
}

// -----

// group = 2: input N,C,H,W -> N,G,C/G,H,W; weight M,C/G,KH,KW ->
// G,M/G,C/G,KH,KW; the result is reshaped back to N,M,OH,OW.
// CHECK-LABEL: func.func @conv_grouped
// CHECK-SAME: (%[[X:.+]]: tensor<1x4x8x8xf32>, %[[W:.+]]: tensor<6x2x3x3xf32>)
// CHECK-NOT: linalg.conv_2d_nchw_fchw
// CHECK: %[[INIT:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : tensor<1x6x6x6xf32>)
// CHECK: %[[XF:.+]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1, 2, 3]] : tensor<1x4x8x8xf32> into tensor<256xf32>
// CHECK: %[[XG:.+]] = tensor.expand_shape %[[XF]] {{\[\[}}0, 1, 2, 3, 4]] output_shape [1, 2, 2, 8, 8] : tensor<256xf32> into tensor<1x2x2x8x8xf32>
// CHECK: %[[WF:.+]] = tensor.collapse_shape %[[W]] {{\[\[}}0, 1, 2, 3]] : tensor<6x2x3x3xf32> into tensor<108xf32>
// CHECK: %[[WG:.+]] = tensor.expand_shape %[[WF]] {{\[\[}}0, 1, 2, 3, 4]] output_shape [2, 3, 2, 3, 3] : tensor<108xf32> into tensor<2x3x2x3x3xf32>
// CHECK: %[[IF:.+]] = tensor.collapse_shape %[[INIT]] {{\[\[}}0, 1, 2, 3]] : tensor<1x6x6x6xf32> into tensor<216xf32>
// CHECK: %[[IG:.+]] = tensor.expand_shape %[[IF]] {{\[\[}}0, 1, 2, 3, 4]] output_shape [1, 2, 3, 6, 6] : tensor<216xf32> into tensor<1x2x3x6x6xf32>
// CHECK: %[[R:.+]] = linalg.conv_2d_ngchw_gfchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
// CHECK-SAME: ins(%[[XG]], %[[WG]] : tensor<1x2x2x8x8xf32>, tensor<2x3x2x3x3xf32>) outs(%[[IG]] : tensor<1x2x3x6x6xf32>)
// CHECK: %[[RF:.+]] = tensor.collapse_shape %[[R]] {{\[\[}}0, 1, 2, 3, 4]] : tensor<1x2x3x6x6xf32> into tensor<216xf32>
// CHECK: %[[OUT:.+]] = tensor.expand_shape %[[RF]] {{\[\[}}0, 1, 2, 3]] output_shape [1, 6, 6, 6] : tensor<216xf32> into tensor<1x6x6x6xf32>
// CHECK: return %[[OUT]] : tensor<1x6x6x6xf32>
func.func @conv_grouped(%x: tensor<1x4x8x8xf32>, %w: tensor<6x2x3x3xf32>) -> tensor<1x6x6x6xf32> {
  %0 = nn.conv %x, %w {dilations = array<i64: 1, 1>, group = 2 : i64,
                       pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
      : (tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x6x6xf32>
  return %0 : tensor<1x6x6x6xf32>
}

// -----

// A 1-D convolution is a 2-D one with a unit height: [N,C,W] -> [N,C,1,W],
// padding and strides apply to the last dimension only.
// CHECK-LABEL: func.func @conv_1d
// CHECK-SAME: (%[[X:.+]]: tensor<2x3x10xf32>, %[[W:.+]]: tensor<8x3x3xf32>, %[[B:.+]]: tensor<8xf32>)
// CHECK: %[[X4:.+]] = tensor.expand_shape %{{.+}} {{\[\[}}0, 1, 2, 3]] output_shape [2, 3, 1, 10] : tensor<60xf32> into tensor<2x3x1x10xf32>
// CHECK: %[[W4:.+]] = tensor.expand_shape %{{.+}} {{\[\[}}0, 1, 2, 3]] output_shape [8, 3, 1, 3] : tensor<72xf32> into tensor<8x3x1x3xf32>
// CHECK: %[[PAD:.+]] = tensor.pad %[[X4]] low[0, 0, 0, 1] high[0, 0, 0, 1]
// CHECK: } : tensor<2x3x1x10xf32> to tensor<2x3x1x12xf32>
// CHECK: %[[INIT:.+]] = linalg.generic
// CHECK-SAME: ins(%[[B]] : tensor<8xf32>) outs(%{{.+}} : tensor<2x8x1x5xf32>)
// CHECK: %[[R:.+]] = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<[1, 2]> : vector<2xi64>}
// CHECK-SAME: ins(%[[PAD]], %[[W4]] : tensor<2x3x1x12xf32>, tensor<8x3x1x3xf32>) outs(%[[INIT]] : tensor<2x8x1x5xf32>)
// CHECK: %[[RF:.+]] = tensor.collapse_shape %[[R]] {{\[\[}}0, 1, 2, 3]] : tensor<2x8x1x5xf32> into tensor<80xf32>
// CHECK: %[[OUT:.+]] = tensor.expand_shape %[[RF]] {{\[\[}}0, 1, 2]] output_shape [2, 8, 5] : tensor<80xf32> into tensor<2x8x5xf32>
// CHECK: return %[[OUT]]
func.func @conv_1d(%x: tensor<2x3x10xf32>, %w: tensor<8x3x3xf32>, %b: tensor<8xf32>) -> tensor<2x8x5xf32> {
  %0 = nn.conv %x, %w, %b {dilations = array<i64: 1>, group = 1 : i64,
                           pads = array<i64: 1, 1>, strides = array<i64: 2>}
      : (tensor<2x3x10xf32>, tensor<8x3x3xf32>, tensor<8xf32>) -> tensor<2x8x5xf32>
  return %0 : tensor<2x8x5xf32>
}

// -----

// Max pooling pads with -inf and starts from -inf.
// CHECK-LABEL: func.func @max_pool
// CHECK-SAME: (%[[X:.+]]: tensor<1x64x112x112xf32>)
// CHECK: %[[NEGINF:.+]] = arith.constant 0xFF800000 : f32
// CHECK: %[[PAD:.+]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: tensor.yield %[[NEGINF]] : f32
// CHECK: } : tensor<1x64x112x112xf32> to tensor<1x64x114x114xf32>
// CHECK: %[[INITV:.+]] = arith.constant 0xFF800000 : f32
// CHECK: %[[INIT:.+]] = linalg.fill ins(%[[INITV]] : f32) outs(%{{.+}} : tensor<1x64x56x56xf32>)
// CHECK: %[[WIN:.+]] = tensor.empty() : tensor<3x3xf32>
// CHECK: %[[R:.+]] = linalg.pooling_nchw_max {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>}
// CHECK-SAME: ins(%[[PAD]], %[[WIN]] : tensor<1x64x114x114xf32>, tensor<3x3xf32>) outs(%[[INIT]] : tensor<1x64x56x56xf32>)
// CHECK: return %[[R]]
func.func @max_pool(%x: tensor<1x64x112x112xf32>) -> tensor<1x64x56x56xf32> {
  %0 = nn.max_pool %x {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>,
                       pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
      : (tensor<1x64x112x112xf32>) -> tensor<1x64x56x56xf32>
  return %0 : tensor<1x64x56x56xf32>
}

// -----

// ceil_mode adds end padding so that the last (partial) window fits.
// CHECK-LABEL: func.func @max_pool_ceil_mode
// CHECK-SAME: (%[[X:.+]]: tensor<1x2x5x5xf32>)
// CHECK: %[[NEGINF:.+]] = arith.constant 0xFF800000 : f32
// CHECK: %[[PAD:.+]] = tensor.pad %[[X]] low[0, 0, 0, 0] high[0, 0, 1, 1]
// CHECK: tensor.yield %[[NEGINF]] : f32
// CHECK: } : tensor<1x2x5x5xf32> to tensor<1x2x6x6xf32>
// CHECK: linalg.pooling_nchw_max {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>}
// CHECK-SAME: ins(%[[PAD]], %{{.+}} : tensor<1x2x6x6xf32>, tensor<2x2xf32>) outs(%{{.+}} : tensor<1x2x3x3xf32>)
func.func @max_pool_ceil_mode(%x: tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32> {
  %0 = nn.max_pool %x {ceil_mode = true, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>,
                       pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>}
      : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

// Without padding every window is full: a splat divisor.
// CHECK-DAG: #[[$ID:map[0-9]*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[$HW:map[0-9]*]] = affine_map<(d0, d1, d2, d3) -> (d2, d3)>
// CHECK-LABEL: func.func @average_pool
// CHECK-SAME: (%[[X:.+]]: tensor<1x1x4x4xf32>)
// CHECK-NOT: tensor.pad
// CHECK: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[INIT:.+]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.+}} : tensor<1x1x2x2xf32>)
// CHECK: %[[WIN:.+]] = tensor.empty() : tensor<2x2xf32>
// CHECK: %[[SUM:.+]] = linalg.pooling_nchw_sum {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>}
// CHECK-SAME: ins(%[[X]], %[[WIN]] : tensor<1x1x4x4xf32>, tensor<2x2xf32>) outs(%[[INIT]] : tensor<1x1x2x2xf32>)
// CHECK: %[[COUNT:.+]] = arith.constant dense<4.000000e+00> : tensor<2x2xf32>
// CHECK: %[[R:.+]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$HW]], #[[$ID]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
// CHECK-SAME: ins(%[[SUM]], %[[COUNT]] : tensor<1x1x2x2xf32>, tensor<2x2xf32>)
// CHECK: ^bb0(%[[S:.+]]: f32, %[[C:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: %[[D:.+]] = arith.divf %[[S]], %[[C]] : f32
// CHECK-NEXT: linalg.yield %[[D]] : f32
// CHECK: return %[[R]]
func.func @average_pool(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32> {
  %0 = nn.average_pool %x {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>,
                           pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>}
      : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32>
  return %0 : tensor<1x1x2x2xf32>
}

// -----

// count_include_pad = false: zero padding, and windows that overlap the
// padding divide by the taps inside the input only (corner 2x2 = 4, edge
// 2x3 = 6, interior 3x3 = 9).
// CHECK-LABEL: func.func @average_pool_exclude_pad
// CHECK-SAME: (%[[X:.+]]: tensor<1x1x4x4xf32>)
// CHECK: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[PAD:.+]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: tensor.yield %[[ZERO]] : f32
// CHECK: } : tensor<1x1x4x4xf32> to tensor<1x1x6x6xf32>
// CHECK: %[[SUM:.+]] = linalg.pooling_nchw_sum
// CHECK-SAME: ins(%[[PAD]], %{{.+}} : tensor<1x1x6x6xf32>, tensor<3x3xf32>)
// CHECK: %[[COUNT:.+]] = arith.constant dense<{{\[\[}}4.000000e+00, 6.000000e+00], [6.000000e+00, 9.000000e+00]]> : tensor<2x2xf32>
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[SUM]], %[[COUNT]] : tensor<1x1x2x2xf32>, tensor<2x2xf32>)
// CHECK: arith.divf
func.func @average_pool_exclude_pad(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32> {
  %0 = nn.average_pool %x {count_include_pad = false, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>,
                           pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
      : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32>
  return %0 : tensor<1x1x2x2xf32>
}

// -----

// Same windows with count_include_pad = true: every divisor is 9.
// CHECK-LABEL: func.func @average_pool_include_pad
// CHECK: %[[SUM:.+]] = linalg.pooling_nchw_sum
// CHECK: %[[COUNT:.+]] = arith.constant dense<9.000000e+00> : tensor<2x2xf32>
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[SUM]], %[[COUNT]] : tensor<1x1x2x2xf32>, tensor<2x2xf32>)
func.func @average_pool_include_pad(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32> {
  %0 = nn.average_pool %x {count_include_pad = true, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>,
                           pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
      : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32>
  return %0 : tensor<1x1x2x2xf32>
}

// -----

// ceil_mode with count_include_pad: the extra end padding (high 1 + 1) is
// never counted, so the last window row/column divides by 2 x 3 = 6 and the
// corner by 2 x 2 = 4.
// CHECK-LABEL: func.func @average_pool_ceil_include_pad
// CHECK-SAME: (%[[X:.+]]: tensor<1x1x6x6xf32>)
// CHECK: %[[PAD:.+]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 2, 2]
// CHECK: } : tensor<1x1x6x6xf32> to tensor<1x1x9x9xf32>
// CHECK: linalg.pooling_nchw_sum
// CHECK-SAME: ins(%[[PAD]], %{{.+}} : tensor<1x1x9x9xf32>, tensor<3x3xf32>) outs(%{{.+}} : tensor<1x1x4x4xf32>)
// CHECK: arith.constant dense<{{\[\[}}9.000000e+00, 9.000000e+00, 9.000000e+00, 6.000000e+00],
// CHECK-SAME: [6.000000e+00, 6.000000e+00, 6.000000e+00, 4.000000e+00]]> : tensor<4x4xf32>
func.func @average_pool_ceil_include_pad(%x: tensor<1x1x6x6xf32>) -> tensor<1x1x4x4xf32> {
  %0 = nn.average_pool %x {ceil_mode = true, count_include_pad = true, dilations = array<i64: 1, 1>,
                           kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
      : (tensor<1x1x6x6xf32>) -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

// 1-D f16 average: the divisor constant has the element type.
// CHECK-LABEL: func.func @average_pool_1d_f16
// CHECK: %[[SUM:.+]] = linalg.pooling_nchw_sum {dilations = dense<1> : vector<2xi64>, strides = dense<[1, 2]> : vector<2xi64>}
// CHECK-SAME: tensor<1x3x1x9xf16>, tensor<1x3xf16>) outs(%{{.+}} : tensor<1x3x1x4xf16>)
// CHECK: %[[COUNT:.+]] = arith.constant dense<3.000000e+00> : tensor<1x4xf16>
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[SUM]], %[[COUNT]] : tensor<1x3x1x4xf16>, tensor<1x4xf16>)
// CHECK: ^bb0(%[[S:.+]]: f16, %[[C:.+]]: f16, %{{.+}}: f16):
// CHECK-NEXT: %[[D:.+]] = arith.divf %[[S]], %[[C]] : f16
// CHECK: tensor.expand_shape %{{.+}} {{\[\[}}0, 1, 2]] output_shape [1, 3, 4] : tensor<12xf16> into tensor<1x3x4xf16>
func.func @average_pool_1d_f16(%x: tensor<1x3x9xf16>) -> tensor<1x3x4xf16> {
  %0 = nn.average_pool %x {dilations = array<i64: 1>, kernel_shape = array<i64: 3>,
                           pads = array<i64: 0, 0>, strides = array<i64: 2>}
      : (tensor<1x3x9xf16>) -> tensor<1x3x4xf16>
  return %0 : tensor<1x3x4xf16>
}

// -----

// f64 average: divisor and division in f64.
// CHECK-LABEL: func.func @average_pool_f64
// CHECK: %[[COUNT:.+]] = arith.constant dense<4.000000e+00> : tensor<2x2xf64>
// CHECK: ^bb0(%[[S:.+]]: f64, %[[C:.+]]: f64, %{{.+}}: f64):
// CHECK-NEXT: arith.divf %[[S]], %[[C]] : f64
func.func @average_pool_f64(%x: tensor<1x2x4x4xf64>) -> tensor<1x2x2x2xf64> {
  %0 = nn.average_pool %x {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>,
                           pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>}
      : (tensor<1x2x4x4xf64>) -> tensor<1x2x2x2xf64>
  return %0 : tensor<1x2x2x2xf64>
}

// -----

// nn.max_pool_indices: one generic over [N, C, O..., K...] carrying the
// best value and its flat index; taps outside the unpadded input (here the
// padding) do not count; the index is (n * C + c) * H * W + h * W + w.
// CHECK-LABEL: func.func @max_pool_indices
// CHECK: linalg.generic {{.+}} iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]
// CHECK: arith.cmpi slt
// CHECK: tensor.extract
// CHECK: arith.cmpf ogt
// CHECK: arith.index_cast %{{.+}} : index to i64
// CHECK: linalg.yield
// CHECK-NOT: nn.max_pool_indices
func.func @max_pool_indices(%x: tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xi64> {
  %0 = nn.max_pool_indices %x {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>,
                               pads = array<i64: 1, 1, 0, 0>, strides = array<i64: 2, 2>}
      : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xi64>
  return %0 : tensor<1x2x3x3xi64>
}
