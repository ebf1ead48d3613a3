// RUN: kiln-opt %s -kiln-convert-nn-to-linalg -split-input-file | FileCheck %s
// RUN: kiln-opt %s -kiln-convert-nn-to-linalg -one-shot-bufferize="bufferize-function-boundaries" -split-input-file | FileCheck %s --check-prefix=BUF

// Convolution and pooling with dynamic dimensions (pool kernels are
// static; a convolution's weight may have run-time sizes):
// output spatial sizes are computed at run time from the shape formula,
// and channel counts, bias sizes and window fits are checked with
// cf.assert before anything is read.

// A dynamic batch only: the static lowering with a dynamically sized
// accumulator, no check.
// CHECK-LABEL: func.func @conv_dynamic_batch
// CHECK-SAME: (%[[X:.+]]: tensor<?x1x28x28xf32>, %[[W:.+]]: tensor<6x1x5x5xf32>, %[[B:.+]]: tensor<6xf32>)
// CHECK-NOT: cf.assert
// CHECK: %[[N:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x1x28x28xf32>
// CHECK: %[[PAD:.+]] = tensor.pad %[[X]] low[0, 0, 2, 2] high[0, 0, 2, 2]
// CHECK: } : tensor<?x1x28x28xf32> to tensor<?x1x32x32xf32>
// CHECK: %[[EMPTY:.+]] = tensor.empty(%[[N]]) : tensor<?x6x28x28xf32>
// CHECK: %[[INIT:.+]] = linalg.generic
// CHECK-SAME: ins(%[[B]] : tensor<6xf32>) outs(%[[EMPTY]] : tensor<?x6x28x28xf32>)
// CHECK: %[[R:.+]] = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
// CHECK-SAME: ins(%[[PAD]], %[[W]] : tensor<?x1x32x32xf32>, tensor<6x1x5x5xf32>) outs(%[[INIT]] : tensor<?x6x28x28xf32>)
// CHECK: return %[[R]] : tensor<?x6x28x28xf32>
// BUF-LABEL: func.func @conv_dynamic_batch
// BUF: linalg.conv_2d_nchw_fchw
// BUF-SAME: memref<?x6x28x28xf32>
func.func @conv_dynamic_batch(%x: tensor<?x1x28x28xf32>, %w: tensor<6x1x5x5xf32>, %b: tensor<6xf32>) -> tensor<?x6x28x28xf32> {
  %0 = nn.conv %x, %w, %b {dilations = array<i64: 1, 1>, group = 1 : i64,
                           pads = array<i64: 2, 2, 2, 2>, strides = array<i64: 1, 1>}
      : (tensor<?x1x28x28xf32>, tensor<6x1x5x5xf32>, tensor<6xf32>) -> tensor<?x6x28x28xf32>
  return %0 : tensor<?x6x28x28xf32>
}

// -----

// Every input dimension dynamic: channels are checked against the weight;
// per spatial dimension, span = D + pb + pe - dil*(K-1) - 1 must be >= 0
// and the output size is span / stride + 1.
// CHECK-LABEL: func.func @conv_all_dynamic
// CHECK-SAME: (%[[X:.+]]: tensor<?x?x?x?xf32>, %[[W:.+]]: tensor<4x3x3x3xf32>)
// CHECK: %[[C:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?x?x?xf32>
// CHECK: %[[C3:.+]] = arith.constant 3 : index
// CHECK: %[[CEQ:.+]] = arith.cmpi eq, %[[C]], %[[C3]] : index
// CHECK: cf.assert %[[CEQ]], "nn.conv: input channels (dim 1) differ from the weight's channels (dim 1) x group 1"
// CHECK: %[[N:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?x?x?xf32>
// CHECK: %[[H:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?x?x?xf32>
// CHECK: %[[M1:.+]] = arith.constant -1 : index
// CHECK: %[[SPANH:.+]] = arith.addi %[[H]], %[[M1]] : index
// CHECK: %[[FITH:.+]] = arith.cmpi sge, %[[SPANH]], %{{.+}} : index
// CHECK: cf.assert %[[FITH]], "nn.conv: the window (kernel 3, dilation 1) is larger than the padded input along dimension 2"
// CHECK: %[[S3:.+]] = arith.constant 3 : index
// CHECK: %[[QH:.+]] = arith.divsi %[[SPANH]], %[[S3]] : index
// CHECK: %[[OH:.+]] = arith.addi %[[QH]], %{{.+}} : index
// CHECK: %[[W_:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?x?x?xf32>
// CHECK: %[[M5:.+]] = arith.constant -5 : index
// CHECK: %[[SPANW:.+]] = arith.addi %[[W_]], %[[M5]] : index
// CHECK: %[[FITW:.+]] = arith.cmpi sge, %[[SPANW]], %{{.+}} : index
// CHECK: cf.assert %[[FITW]], "nn.conv: the window (kernel 3, dilation 2) is larger than the padded input along dimension 3"
// CHECK: %[[QW:.+]] = arith.divsi %[[SPANW]], %{{.+}} : index
// CHECK: %[[OW:.+]] = arith.addi %[[QW]], %{{.+}} : index
// CHECK: %[[PAD:.+]] = tensor.pad %[[X]] low[0, 0, 1, 0] high[0, 0, 1, 0]
// CHECK: } : tensor<?x?x?x?xf32> to tensor<?x?x?x?xf32>
// CHECK: %[[EMPTY:.+]] = tensor.empty(%[[N]], %[[OH]], %[[OW]]) : tensor<?x4x?x?xf32>
// CHECK: %[[INIT:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%[[EMPTY]] : tensor<?x4x?x?xf32>)
// CHECK: linalg.conv_2d_nchw_fchw {dilations = dense<[1, 2]> : vector<2xi64>, strides = dense<[3, 2]> : vector<2xi64>}
// CHECK-SAME: ins(%[[PAD]], %[[W]] : tensor<?x?x?x?xf32>, tensor<4x3x3x3xf32>) outs(%[[INIT]] : tensor<?x4x?x?xf32>)
// BUF-LABEL: func.func @conv_all_dynamic
// BUF: memref.alloc(%{{.+}}, %{{.+}}, %{{.+}}) {{.*}}: memref<?x4x?x?xf32>
func.func @conv_all_dynamic(%x: tensor<?x?x?x?xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<?x4x?x?xf32> {
  %0 = nn.conv %x, %w {dilations = array<i64: 1, 2>, group = 1 : i64,
                       pads = array<i64: 1, 0, 1, 0>, strides = array<i64: 3, 2>}
      : (tensor<?x?x?x?xf32>, tensor<4x3x3x3xf32>) -> tensor<?x4x?x?xf32>
  return %0 : tensor<?x4x?x?xf32>
}

// -----

// Grouped: the dynamic channel dimension splits into [group, C / group]
// with a run-time size; the static weight takes the static path.
// CHECK-LABEL: func.func @conv_grouped_dynamic
// CHECK-SAME: (%[[X:.+]]: tensor<?x?x8x8xf32>, %[[W:.+]]: tensor<6x2x3x3xf32>)
// CHECK: cf.assert %{{.+}}, "nn.conv: input channels (dim 1) differ from the weight's channels (dim 1) x group 2"
// CHECK: %[[INIT:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : tensor<?x6x6x6xf32>)
// CHECK: %[[N:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?x8x8xf32>
// CHECK: %[[C:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?x8x8xf32>
// CHECK: %[[CG:.+]] = arith.divsi %[[C]], %{{.+}} : index
// CHECK: %[[XG:.+]] = tensor.expand_shape %[[X]] {{\[\[}}0], [1, 2], [3], [4]] output_shape [%[[N]], 2, %[[CG]], 8, 8] : tensor<?x?x8x8xf32> into tensor<?x2x?x8x8xf32>
// CHECK: %[[WG:.+]] = tensor.expand_shape %{{.+}} {{\[\[}}0, 1, 2, 3, 4]] output_shape [2, 3, 2, 3, 3] : tensor<108xf32> into tensor<2x3x2x3x3xf32>
// CHECK: %[[IG:.+]] = tensor.expand_shape %[[INIT]] {{\[\[}}0], [1, 2], [3], [4]] output_shape [%{{.+}}, 2, 3, 6, 6] : tensor<?x6x6x6xf32> into tensor<?x2x3x6x6xf32>
// CHECK: %[[R:.+]] = linalg.conv_2d_ngchw_gfchw
// CHECK-SAME: ins(%[[XG]], %[[WG]] : tensor<?x2x?x8x8xf32>, tensor<2x3x2x3x3xf32>) outs(%[[IG]] : tensor<?x2x3x6x6xf32>)
// CHECK: %[[OUT:.+]] = tensor.collapse_shape %[[R]] {{\[\[}}0], [1, 2], [3], [4]] : tensor<?x2x3x6x6xf32> into tensor<?x6x6x6xf32>
// CHECK: return %[[OUT]] : tensor<?x6x6x6xf32>
// BUF-LABEL: func.func @conv_grouped_dynamic
// BUF: linalg.conv_2d_ngchw_gfchw
func.func @conv_grouped_dynamic(%x: tensor<?x?x8x8xf32>, %w: tensor<6x2x3x3xf32>) -> tensor<?x6x6x6xf32> {
  %0 = nn.conv %x, %w {dilations = array<i64: 1, 1>, group = 2 : i64,
                       pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
      : (tensor<?x?x8x8xf32>, tensor<6x2x3x3xf32>) -> tensor<?x6x6x6xf32>
  return %0 : tensor<?x6x6x6xf32>
}

// -----

// 1-D with a dynamic width and a dynamic bias: [N,C,W] -> [N,C,1,W] by one
// expand_shape, the bias size is checked against the weight.
// CHECK-LABEL: func.func @conv_1d_dynamic
// CHECK-SAME: (%[[X:.+]]: tensor<?x3x?xf32>, %[[W:.+]]: tensor<8x3x3xf32>, %[[B:.+]]: tensor<?xf32>)
// CHECK: %[[N:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x3x?xf32>
// CHECK: %[[L:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x3x?xf32>
// CHECK: %[[X4:.+]] = tensor.expand_shape %[[X]] {{\[\[}}0], [1], [2, 3]] output_shape [%[[N]], 3, 1, %[[L]]] : tensor<?x3x?xf32> into tensor<?x3x1x?xf32>
// CHECK: %[[BS:.+]] = tensor.dim %[[B]], %{{.+}} : tensor<?xf32>
// CHECK: %[[C8:.+]] = arith.constant 8 : index
// CHECK: %[[BEQ:.+]] = arith.cmpi eq, %[[BS]], %[[C8]] : index
// CHECK: cf.assert %[[BEQ]], "nn.conv: bias size differs from the weight's output channels (dim 0)"
// CHECK: cf.assert %{{.+}}, "nn.conv: the window (kernel 3, dilation 1) is larger than the padded input along dimension 2"
// CHECK: %[[PAD:.+]] = tensor.pad %[[X4]] low[0, 0, 0, 1] high[0, 0, 0, 1]
// CHECK: } : tensor<?x3x1x?xf32> to tensor<?x3x1x?xf32>
// CHECK: %[[R:.+]] = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<[1, 2]> : vector<2xi64>}
// CHECK-SAME: ins(%[[PAD]], %{{.+}} : tensor<?x3x1x?xf32>, tensor<8x3x1x3xf32>) outs(%{{.+}} : tensor<?x8x1x?xf32>)
// CHECK: %[[OUT:.+]] = tensor.collapse_shape %[[R]] {{\[\[}}0], [1], [2, 3]] : tensor<?x8x1x?xf32> into tensor<?x8x?xf32>
// CHECK: return %[[OUT]] : tensor<?x8x?xf32>
func.func @conv_1d_dynamic(%x: tensor<?x3x?xf32>, %w: tensor<8x3x3xf32>, %b: tensor<?xf32>) -> tensor<?x8x?xf32> {
  %0 = nn.conv %x, %w, %b {dilations = array<i64: 1>, group = 1 : i64,
                           pads = array<i64: 1, 1>, strides = array<i64: 2>}
      : (tensor<?x3x?xf32>, tensor<8x3x3xf32>, tensor<?xf32>) -> tensor<?x8x?xf32>
  return %0 : tensor<?x8x?xf32>
}

// -----

// Transposed, with pads larger than the kernel span (a crop): zero
// insertion into (D-1)*stride+1, the crop's sizes computed at run time and
// checked to be non-empty.
// CHECK-LABEL: func.func @conv_transpose_dynamic
// CHECK-SAME: (%[[X:.+]]: tensor<?x?x?x?xf32>, %[[W:.+]]: tensor<2x4x3x3xf32>)
// CHECK: %[[N:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?x?x?xf32>
// CHECK: %[[C:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?x?x?xf32>
// CHECK: %[[H:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?x?x?xf32>
// CHECK: %[[W_:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?x?x?xf32>
// CHECK: cf.assert %{{.+}}, "nn.conv_transpose: input channels (dim 1) differ from the weight's dim 0 (2)"
// CHECK: cf.assert %{{.+}}, "nn.conv_transpose: input dimension 2 is empty"
// CHECK: cf.assert %{{.+}}, "nn.conv_transpose: input dimension 3 is empty"
// CHECK: %[[HM1:.+]] = arith.subi %[[H]], %{{.+}} : index
// CHECK: %[[HS:.+]] = arith.muli %[[HM1]], %{{.+}} : index
// CHECK: %[[UPH:.+]] = arith.addi %[[HS]], %{{.+}} : index
// CHECK: %[[UPW:.+]] = arith.addi %{{.+}}, %{{.+}} : index
// CHECK: %[[ZEMPTY:.+]] = tensor.empty(%[[N]], %[[C]], %[[UPH]], %[[UPW]]) : tensor<?x?x?x?xf32>
// CHECK: %[[Z:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%[[ZEMPTY]] : tensor<?x?x?x?xf32>)
// CHECK: %[[UP:.+]] = tensor.insert_slice %[[X]] into %[[Z]][0, 0, 0, 0] [%[[N]], %[[C]], %[[H]], %[[W_]]] [1, 1, 2, 2]
// CHECK-NOT: tensor.pad
// CHECK: %[[WT:.+]] = linalg.generic
// CHECK-SAME: ins(%[[W]] : tensor<2x4x3x3xf32>) outs(%{{.+}} : tensor<4x2x3x3xf32>)
// CHECK: %[[FH:.+]] = arith.addi %[[UPH]], %{{.+}} : index
// CHECK: %[[OH:.+]] = arith.subi %[[FH]], %{{.+}} : index
// CHECK: %[[OKH:.+]] = arith.cmpi sge, %[[OH]], %{{.+}} : index
// CHECK: cf.assert %[[OKH]], "nn.conv_transpose: output dimension 2 would be empty"
// CHECK: %[[FW:.+]] = arith.addi %[[UPW]], %{{.+}} : index
// CHECK: %[[OW:.+]] = arith.subi %[[FW]], %{{.+}} : index
// CHECK: cf.assert %{{.+}}, "nn.conv_transpose: output dimension 3 would be empty"
// CHECK: %[[FEMPTY:.+]] = tensor.empty(%[[N]], %[[FH]], %[[FW]]) : tensor<?x4x?x?xf32>
// CHECK: %[[FULL:.+]] = linalg.conv_2d_nchw_fchw
// CHECK-SAME: ins(%[[UP]], %[[WT]] : tensor<?x?x?x?xf32>, tensor<4x2x3x3xf32>) outs(%{{.+}} : tensor<?x4x?x?xf32>)
// CHECK: %[[OUT:.+]] = tensor.extract_slice %[[FULL]][0, 0, 1, 1] [%[[N]], 4, %[[OH]], %[[OW]]] [1, 1, 1, 1] : tensor<?x4x?x?xf32> to tensor<?x4x?x?xf32>
// CHECK: return %[[OUT]] : tensor<?x4x?x?xf32>
// BUF-LABEL: func.func @conv_transpose_dynamic
// BUF: memref.subview
func.func @conv_transpose_dynamic(%x: tensor<?x?x?x?xf32>, %w: tensor<2x4x3x3xf32>) -> tensor<?x4x?x?xf32> {
  %0 = nn.conv_transpose %x, %w {dilations = array<i64: 1, 1>, group = 1 : i64,
                                 output_padding = array<i64: 0, 0>,
                                 pads = array<i64: 3, 3, 3, 3>, strides = array<i64: 2, 2>}
      : (tensor<?x?x?x?xf32>, tensor<2x4x3x3xf32>) -> tensor<?x4x?x?xf32>
  return %0 : tensor<?x4x?x?xf32>
}

// -----

// ceil_mode with dynamic sizes: out = (span + stride - 1) / stride + 1,
// minus one when the last window would start in the end padding; the extra
// end padding max(pe, (out - 1) * stride + dil*(K-1) + 1 - pb - D) is a
// run-time value of tensor.pad.
// CHECK-LABEL: func.func @max_pool_ceil_dynamic
// CHECK-SAME: (%[[X:.+]]: tensor<?x?x?x?xf32>)
// CHECK: %[[N:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?x?x?xf32>
// CHECK: %[[C:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?x?x?xf32>
// CHECK: %[[H:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?x?x?xf32>
// CHECK: %[[SPAN:.+]] = arith.addi %[[H]], %{{.+}} : index
// CHECK: %[[FIT:.+]] = arith.cmpi sge, %[[SPAN]], %{{.+}} : index
// CHECK: cf.assert %[[FIT]], "nn.max_pool: the window (kernel 2, dilation 1) is larger than the padded input along dimension 2"
// CHECK: %[[UP:.+]] = arith.addi %[[SPAN]], %{{.+}} : index
// CHECK: %[[Q:.+]] = arith.divsi %[[UP]], %{{.+}} : index
// CHECK: %[[O:.+]] = arith.addi %[[Q]], %{{.+}} : index
// CHECK: %[[LAST:.+]] = arith.subi %[[O]], %{{.+}} : index
// CHECK: %[[START:.+]] = arith.muli %[[LAST]], %{{.+}} : index
// CHECK: %[[DROP:.+]] = arith.cmpi sge, %[[START]], %[[H]] : index
// CHECK: %[[SEL:.+]] = arith.select %[[DROP]], %{{.+}}, %{{.+}} : index
// CHECK: %[[OH:.+]] = arith.subi %[[O]], %[[SEL]] : index
// CHECK: cf.assert %{{.+}}, "nn.max_pool: the window (kernel 2, dilation 1) is larger than the padded input along dimension 3"
// CHECK: %[[SELW:.+]] = arith.select %{{.+}}, %{{.+}}, %{{.+}} : index
// CHECK: %[[OW:.+]] = arith.subi %{{.+}}, %[[SELW]] : index
// CHECK: %[[HIH:.+]] = arith.maxsi %{{.+}}, %{{.+}} : index
// CHECK: %[[HIW:.+]] = arith.maxsi %{{.+}}, %{{.+}} : index
// CHECK: %[[NEGINF:.+]] = arith.constant 0xFF800000 : f32
// CHECK: %[[PAD:.+]] = tensor.pad %[[X]] low[0, 0, 0, 0] high[0, 0, %[[HIH]], %[[HIW]]]
// CHECK: tensor.yield %[[NEGINF]] : f32
// CHECK: %[[EMPTY:.+]] = tensor.empty(%[[N]], %[[C]], %[[OH]], %[[OW]]) : tensor<?x?x?x?xf32>
// CHECK: %[[INIT:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%[[EMPTY]] : tensor<?x?x?x?xf32>)
// CHECK: linalg.pooling_nchw_max {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>}
// CHECK-SAME: ins(%[[PAD]], %{{.+}} : tensor<?x?x?x?xf32>, tensor<2x2xf32>) outs(%[[INIT]] : tensor<?x?x?x?xf32>)
// BUF-LABEL: func.func @max_pool_ceil_dynamic
// BUF: linalg.pooling_nchw_max
func.func @max_pool_ceil_dynamic(%x: tensor<?x?x?x?xf32>) -> tensor<?x?x?x?xf32> {
  %0 = nn.max_pool %x {ceil_mode = true, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>,
                       pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>}
      : (tensor<?x?x?x?xf32>) -> tensor<?x?x?x?xf32>
  return %0 : tensor<?x?x?x?xf32>
}

// -----

// Static spatial sizes keep the constant divisor even with a dynamic batch.
// CHECK-LABEL: func.func @average_pool_dynamic_batch
// CHECK-SAME: (%[[X:.+]]: tensor<?x1x4x4xf32>)
// CHECK-NOT: cf.assert
// CHECK: %[[SUM:.+]] = linalg.pooling_nchw_sum
// CHECK-SAME: outs(%{{.+}} : tensor<?x1x2x2xf32>)
// CHECK: %[[COUNT:.+]] = arith.constant dense<{{\[\[}}4.000000e+00, 6.000000e+00], [6.000000e+00, 9.000000e+00]]> : tensor<2x2xf32>
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[SUM]], %[[COUNT]] : tensor<?x1x2x2xf32>, tensor<2x2xf32>)
func.func @average_pool_dynamic_batch(%x: tensor<?x1x4x4xf32>) -> tensor<?x1x2x2xf32> {
  %0 = nn.average_pool %x {count_include_pad = false, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>,
                           pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
      : (tensor<?x1x4x4xf32>) -> tensor<?x1x2x2xf32>
  return %0 : tensor<?x1x2x2xf32>
}

// -----

// A dynamic spatial size: the [OH, OW] divisor is computed by a
// linalg.generic that counts, per output position, the window taps inside
// [-pb, D + pe) (count_include_pad) along each dimension.
// CHECK-DAG: #[[$ID2:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$HW:map[0-9]*]] = affine_map<(d0, d1, d2, d3) -> (d2, d3)>
// CHECK-LABEL: func.func @average_pool_dynamic_spatial
// CHECK-SAME: (%[[X:.+]]: tensor<1x1x?x4xf32>)
// CHECK: %[[H:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<1x1x?x4xf32>
// CHECK: cf.assert %{{.+}}, "nn.average_pool: the window (kernel 2, dilation 1) is larger than the padded input along dimension 2"
// CHECK: %[[Q:.+]] = arith.divsi %[[H]], %{{.+}} : index
// CHECK: %[[OH:.+]] = arith.addi %[[Q]], %{{.+}} : index
// CHECK: %[[SUM:.+]] = linalg.pooling_nchw_sum
// CHECK-SAME: outs(%{{.+}} : tensor<1x1x?x2xf32>)
// CHECK: %[[HI:.+]] = arith.addi %[[H]], %{{.+}} : index
// CHECK: %[[CEMPTY:.+]] = tensor.empty(%[[OH]]) : tensor<?x2xf32>
// CHECK: %[[COUNT:.+]] = linalg.generic {indexing_maps = [#[[$ID2]]], iterator_types = ["parallel", "parallel"]} outs(%[[CEMPTY]] : tensor<?x2xf32>)
// CHECK: %[[Y:.+]] = linalg.index 0 : index
// CHECK: arith.cmpi slt, %{{.+}}, %[[HI]] : index
// CHECK: %[[XI:.+]] = linalg.index 1 : index
// CHECK: %[[TAPS:.+]] = arith.maxsi %{{.+}}, %{{.+}} : index
// CHECK: %[[I64:.+]] = arith.index_cast %[[TAPS]] : index to i64
// CHECK: %[[F:.+]] = arith.sitofp %[[I64]] : i64 to f32
// CHECK: linalg.yield %[[F]] : f32
// CHECK: linalg.generic {indexing_maps = [#{{.+}}, #[[$HW]], #{{.+}}]
// CHECK-SAME: ins(%[[SUM]], %[[COUNT]] : tensor<1x1x?x2xf32>, tensor<?x2xf32>)
// CHECK: arith.divf
// BUF-LABEL: func.func @average_pool_dynamic_spatial
// BUF: linalg.pooling_nchw_sum
func.func @average_pool_dynamic_spatial(%x: tensor<1x1x?x4xf32>) -> tensor<1x1x?x2xf32> {
  %0 = nn.average_pool %x {count_include_pad = true, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>,
                           pads = array<i64: 1, 0, 1, 0>, strides = array<i64: 2, 2>}
      : (tensor<1x1x?x4xf32>) -> tensor<1x1x?x2xf32>
  return %0 : tensor<1x1x?x2xf32>
}

// -----

// Three spatial dimensions, dynamic batch, D and W: the window fit is
// checked and the output size computed per dynamic dimension; the N-D
// generic reads and writes dynamically sized tensors.
// CHECK-LABEL: func.func @conv_3d_dynamic
// CHECK-SAME: (%[[X:.+]]: tensor<?x2x?x6x?xf32>, %[[W:.+]]: tensor<4x2x3x2x3xf32>, %[[B:.+]]: tensor<4xf32>)
// CHECK: %[[N:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x2x?x6x?xf32>
// CHECK: %[[D:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x2x?x6x?xf32>
// CHECK: %[[SPAND:.+]] = arith.addi %[[D]], %{{.+}} : index
// CHECK: cf.assert %{{.+}}, "nn.conv: the window (kernel 3, dilation 1) is larger than the padded input along dimension 2"
// CHECK: %[[QD:.+]] = arith.divsi %[[SPAND]], %{{.+}} : index
// CHECK: %[[OD:.+]] = arith.addi %[[QD]], %{{.+}} : index
// CHECK: cf.assert %{{.+}}, "nn.conv: the window (kernel 3, dilation 1) is larger than the padded input along dimension 4"
// CHECK: %[[OW:.+]] = arith.addi %{{.+}}, %{{.+}} : index
// CHECK: %[[PAD:.+]] = tensor.pad %[[X]] low[0, 0, 1, 1, 0] high[0, 0, 0, 1, 1]
// CHECK: } : tensor<?x2x?x6x?xf32> to tensor<?x2x?x8x?xf32>
// CHECK: %[[EMPTY:.+]] = tensor.empty(%[[N]], %[[OD]], %[[OW]]) : tensor<?x4x?x6x?xf32>
// CHECK: %[[INIT:.+]] = linalg.generic
// CHECK-SAME: ins(%[[B]] : tensor<4xf32>) outs(%[[EMPTY]] : tensor<?x4x?x6x?xf32>)
// CHECK: %[[R:.+]] = linalg.generic
// CHECK-SAME: ins(%[[PAD]], %[[W]] : tensor<?x2x?x8x?xf32>, tensor<4x2x3x2x3xf32>) outs(%[[INIT]] : tensor<?x4x?x6x?xf32>)
// CHECK: return %[[R]] : tensor<?x4x?x6x?xf32>
// BUF-LABEL: func.func @conv_3d_dynamic
// BUF: memref.alloc(%{{.+}}, %{{.+}}, %{{.+}}) {{.*}}: memref<?x4x?x6x?xf32>
func.func @conv_3d_dynamic(%x: tensor<?x2x?x6x?xf32>, %w: tensor<4x2x3x2x3xf32>, %b: tensor<4xf32>) -> tensor<?x4x?x6x?xf32> {
  %0 = nn.conv %x, %w, %b {dilations = array<i64: 1, 2, 1>, group = 1 : i64,
                           pads = array<i64: 1, 1, 0, 0, 1, 1>, strides = array<i64: 2, 1, 3>}
      : (tensor<?x2x?x6x?xf32>, tensor<4x2x3x2x3xf32>, tensor<4xf32>) -> tensor<?x4x?x6x?xf32>
  return %0 : tensor<?x4x?x6x?xf32>
}

// -----

// A 3-D average pool with every dimension dynamic: the [OD, OH, OW]
// divisor is a 3-D generic counting the taps inside the input per
// dimension (pads not counted).
// CHECK-DAG: #[[$ID3:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[$DHW:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4) -> (d2, d3, d4)>
// CHECK-LABEL: func.func @average_pool_3d_dynamic
// CHECK-SAME: (%[[X:.+]]: tensor<?x?x?x?x?xf32>)
// CHECK: %[[N:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?x?x?x?xf32>
// CHECK: %[[C:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?x?x?x?xf32>
// CHECK: %[[D:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?x?x?x?xf32>
// CHECK: %[[H:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?x?x?x?xf32>
// CHECK: %[[W:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?x?x?x?xf32>
// CHECK: tensor.pad %[[X]] low[0, 0, 1, 0, 0] high[0, 0, 0, 1, 0]
// CHECK: tensor.empty(%[[N]], %[[C]], %[[OD:.+]], %[[OH:.+]], %[[OW:.+]]) : tensor<?x?x?x?x?xf32>
// CHECK: %[[SUM:.+]] = linalg.generic
// CHECK: arith.addf
// CHECK: %[[CEMPTY:.+]] = tensor.empty(%[[OD]], %[[OH]], %[[OW]]) : tensor<?x?x?xf32>
// CHECK: %[[COUNT:.+]] = linalg.generic {indexing_maps = [#[[$ID3]]], iterator_types = ["parallel", "parallel", "parallel"]} outs(%[[CEMPTY]] : tensor<?x?x?xf32>)
// CHECK: linalg.index 0 : index
// CHECK: arith.cmpi slt, %{{.+}}, %[[D]] : index
// CHECK: linalg.index 1 : index
// CHECK: arith.cmpi slt, %{{.+}}, %[[H]] : index
// CHECK: linalg.index 2 : index
// CHECK: arith.cmpi slt, %{{.+}}, %[[W]] : index
// CHECK: arith.sitofp
// CHECK: linalg.generic {indexing_maps = [#{{.+}}, #[[$DHW]], #{{.+}}]
// CHECK-SAME: ins(%[[SUM]], %[[COUNT]] : tensor<?x?x?x?x?xf32>, tensor<?x?x?xf32>)
// CHECK: arith.divf
// BUF-LABEL: func.func @average_pool_3d_dynamic
// BUF: memref.alloc(%{{.+}}, %{{.+}}, %{{.+}}) {{.*}}: memref<?x?x?xf32>
func.func @average_pool_3d_dynamic(%x: tensor<?x?x?x?x?xf32>) -> tensor<?x?x?x?x?xf32> {
  %0 = nn.average_pool %x {count_include_pad = false, dilations = array<i64: 1, 1, 1>, kernel_shape = array<i64: 2, 2, 2>,
                           pads = array<i64: 1, 0, 0, 0, 1, 0>, strides = array<i64: 1, 1, 2>}
      : (tensor<?x?x?x?x?xf32>) -> tensor<?x?x?x?x?xf32>
  return %0 : tensor<?x?x?x?x?xf32>
}

// -----

// A weight of run-time size (given as a graph input): the kernel size is
// read from it, checked to be at least 1, and the output size computed
// from it; the named convolution takes the dynamic weight as is.
// CHECK-LABEL: func.func @conv_dynamic_kernel
// CHECK: cf.assert %{{.+}}, "node 'conv' (nn.conv): the kernel is empty along dimension 2"
// CHECK: linalg.conv_2d_nchw_fchw
// CHECK-SAME: tensor<?x?x?x?xf32>) outs(%{{.+}} : tensor<1x?x?x?xf32>)
// CHECK-NOT: nn.conv
func.func @conv_dynamic_kernel(%x: tensor<1x1x5x5xf32>, %w: tensor<?x?x?x?xf32>) -> tensor<1x?x?x?xf32> {
  %0 = nn.conv %x, %w {dilations = array<i64: 1, 1>, group = 1 : i64,
                       pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
      : (tensor<1x1x5x5xf32>, tensor<?x?x?x?xf32>) -> tensor<1x?x?x?xf32> loc("conv")
  return %0 : tensor<1x?x?x?xf32>
}

// -----

// A transposed convolution whose weight has a run-time size: one gather-
// form generic over [N, G, M/G, O..., C/G, K...] reading the input with
// tensor.extract where the tap hits it, after checks of the channels,
// their divisibility by the group, the bias and every size.
// CHECK-LABEL: func.func @conv_transpose_dynamic_weight
// CHECK: cf.assert %{{.+}}, "node 'convt' (nn.conv_transpose): input channels (dim 1) differ from the weight's dim 0"
// CHECK: cf.assert %{{.+}}, "node 'convt' (nn.conv_transpose): the weight's dim 0 is not divisible by group 2"
// CHECK: cf.assert %{{.+}}, "node 'convt' (nn.conv_transpose): bias size differs from the output channels"
// CHECK: cf.assert %{{.+}}, "node 'convt' (nn.conv_transpose): the kernel is empty along dimension 2"
// CHECK: cf.assert %{{.+}}, "node 'convt' (nn.conv_transpose): output dimension 3 would be empty"
// CHECK: linalg.generic {{.+}} iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%{{.+}} : tensor<2x?x?x?x?xf32>) outs(%{{.+}} : tensor<1x2x?x?x?xf32>)
// CHECK: linalg.index 5
// CHECK: arith.remsi
// CHECK: tensor.extract
// CHECK: arith.select
// CHECK: tensor.collapse_shape
// CHECK-NOT: nn.conv_transpose
func.func @conv_transpose_dynamic_weight(%x: tensor<1x4x3x3xf32>, %w: tensor<?x?x?x?xf32>, %b: tensor<?xf32>) -> tensor<1x?x?x?xf32> {
  %0 = nn.conv_transpose %x, %w, %b {dilations = array<i64: 1, 2>, group = 2 : i64,
                                     output_padding = array<i64: 1, 0>,
                                     pads = array<i64: 0, 1, 1, 0>, strides = array<i64: 2, 1>}
      : (tensor<1x4x3x3xf32>, tensor<?x?x?x?xf32>, tensor<?xf32>) -> tensor<1x?x?x?xf32> loc("convt")
  return %0 : tensor<1x?x?x?xf32>
}
