// RUN: kiln-opt %s -kiln-convert-nn-to-linalg -split-input-file | FileCheck %s

// center_crop_pad: tensor.extract_slice (the centered window) then
// tensor.pad with zero; constant targets give static ops and no check.
// reverse_sequence: a range check of the lengths, then a generic reading
// the input at the reversed time index. col2im: checks of the run-time
// image and block shapes, then a generic over the image whose body loops
// over the block offsets. max_unpool: an index range check, then an
// scf.for nest over the input inserting into a zero tensor.

// CHECK-LABEL: func.func @center_crop_pad_static
// CHECK-SAME: (%[[X:.+]]: tensor<7x4x3xf32>)
// CHECK-NOT: cf.assert
// CHECK: %[[S:.+]] = tensor.extract_slice %[[X]][1, 0, 0] [4, 4, 3] [1, 1, 1] : tensor<7x4x3xf32> to tensor<4x4x3xf32>
// CHECK: %[[P:.+]] = tensor.pad %[[S]] low[0, 1, 0] high[0, 2, 0]
// CHECK: } : tensor<4x4x3xf32> to tensor<4x7x3xf32>
// CHECK: return %[[P]]
func.func @center_crop_pad_static(%x: tensor<7x4x3xf32>) -> tensor<4x7x3xf32> {
  %s = nn.constant dense<[4, 7]> : tensor<2xi64>
  %0 = nn.center_crop_pad %x, %s {axes = array<i64: 0, 1>} : (tensor<7x4x3xf32>, tensor<2xi64>) -> tensor<4x7x3xf32>
  return %0 : tensor<4x7x3xf32>
}

// -----

// CHECK-LABEL: func.func @center_crop_pad_runtime
// CHECK-SAME: (%[[X:.+]]: tensor<?x4xf32>, %[[T:.+]]: tensor<1xi64>)
// CHECK: %[[E:.+]] = tensor.extract %[[T]]
// CHECK: %[[N:.+]] = arith.index_cast %[[E]] : i64 to index
// CHECK: %[[OK:.+]] = arith.cmpi sge, %[[N]]
// CHECK: cf.assert %[[OK]], "nn.center_crop_pad: target size 0 (axis 1) is negative"
// CHECK: %[[KEPT:.+]] = arith.minsi %{{.+}}, %[[N]] : index
// CHECK: %[[S:.+]] = tensor.extract_slice %[[X]][0, %{{.+}}] [%{{.+}}, %[[KEPT]]] [1, 1] : tensor<?x4xf32> to tensor<?x?xf32>
// CHECK: tensor.pad %[[S]] low[0, %{{.+}}] high[0, %{{.+}}]
func.func @center_crop_pad_runtime(%x: tensor<?x4xf32>, %s: tensor<1xi64>) -> tensor<?x?xf32> {
  %0 = nn.center_crop_pad %x, %s {axes = array<i64: 1>} : (tensor<?x4xf32>, tensor<1xi64>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// CHECK-DAG: #[[$BATCH:.+]] = affine_map<(d0, d1, d2) -> (d1)>
// CHECK-LABEL: func.func @reverse_sequence
// CHECK-SAME: (%[[X:.+]]: tensor<4x3x2xf32>, %[[L:.+]]: tensor<3xi64>)
// CHECK: linalg.generic {{.*}}iterator_types = ["reduction"]{{.*}} ins(%[[L]] : tensor<3xi64>)
// CHECK: arith.cmpi sle
// CHECK: cf.assert %{{.+}}, "nn.reverse_sequence: a sequence length is negative or larger than the time dimension (4)"
// CHECK: linalg.generic {indexing_maps = [#[[$BATCH]], #{{.+}}]{{.*}} ins(%[[L]] : tensor<3xi64>) outs(%{{.+}} : tensor<4x3x2xf32>)
// CHECK: %[[T:.+]] = linalg.index 0
// CHECK: %[[B:.+]] = linalg.index 1
// CHECK: %[[C:.+]] = linalg.index 2
// CHECK: %[[REV:.+]] = arith.cmpi slt, %[[T]], %{{.+}} : index
// CHECK: %[[SRC:.+]] = arith.select %[[REV]]
// CHECK: %[[LO:.+]] = arith.maxsi %[[SRC]]
// CHECK: %[[AT:.+]] = arith.minsi %[[LO]]
// CHECK: tensor.extract %[[X]][%[[AT]], %[[B]], %[[C]]] : tensor<4x3x2xf32>
func.func @reverse_sequence(%x: tensor<4x3x2xf32>, %l: tensor<3xi64>) -> tensor<4x3x2xf32> {
  %0 = nn.reverse_sequence %x, %l {batch_axis = 1 : i64, time_axis = 0 : i64} : (tensor<4x3x2xf32>, tensor<3xi64>) -> tensor<4x3x2xf32>
  return %0 : tensor<4x3x2xf32>
}

// -----

// CHECK-LABEL: func.func @col2im_static
// CHECK-SAME: (%[[X:.+]]: tensor<1x6x9xf32>)
// CHECK-NOT: cf.assert
// CHECK: linalg.generic {{.*}} outs(%{{.+}} : tensor<1x2x5x6xf32>)
// CHECK: scf.for %[[KF:.+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%[[ACC:.+]] = %{{.+}}) -> (f32)
// CHECK: arith.remsi %{{.+}}, %{{.+}} : index
// CHECK: scf.if %{{.+}} -> (f32)
// CHECK: %[[V:.+]] = tensor.extract %[[X]][%{{.+}}, %{{.+}}, %{{.+}}] : tensor<1x6x9xf32>
// CHECK: arith.addf %[[ACC]], %[[V]] : f32
func.func @col2im_static(%x: tensor<1x6x9xf32>) -> tensor<1x2x5x6xf32> {
  %i = nn.constant dense<[5, 6]> : tensor<2xi64>
  %b = nn.constant dense<[1, 3]> : tensor<2xi64>
  %0 = nn.col2im %x, %i, %b {dilations = array<i64: 1, 2>, pads = array<i64: 1, 0, 0, 1>, strides = array<i64: 2, 1>} : (tensor<1x6x9xf32>, tensor<2xi64>, tensor<2xi64>) -> tensor<1x2x5x6xf32>
  return %0 : tensor<1x2x5x6xf32>
}

// -----

// CHECK-LABEL: func.func @col2im_runtime
// CHECK: cf.assert %{{.+}}, "nn.col2im: block_shape entry 0 is less than 1"
// CHECK: cf.assert %{{.+}}, "nn.col2im: image_shape entry 0 is negative"
// CHECK: cf.assert %{{.+}}, "nn.col2im: block_shape entry 1 is less than 1"
// CHECK: cf.assert %{{.+}}, "nn.col2im: image_shape entry 1 is negative"
// CHECK: cf.assert %{{.+}}, "nn.col2im: the input's column count is not a multiple of prod(block_shape)"
// CHECK: cf.assert %{{.+}}, "nn.col2im: the block does not fit the padded image along spatial dimension 0"
// CHECK: cf.assert %{{.+}}, "nn.col2im: the block does not fit the padded image along spatial dimension 1"
// CHECK: cf.assert %{{.+}}, "nn.col2im: the input's block count differs from the number of block positions that image_shape and block_shape give"
// CHECK: tensor.empty(%{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}) : tensor<?x?x?x?xf32>
// CHECK: scf.for
// CHECK: arith.remui
// CHECK: arith.divui
// CHECK: scf.if
func.func @col2im_runtime(%x: tensor<?x?x?xf32>, %i: tensor<2xi64>, %b: tensor<2xi64>) -> tensor<?x?x?x?xf32> {
  %0 = nn.col2im %x, %i, %b {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<?x?x?xf32>, tensor<2xi64>, tensor<2xi64>) -> tensor<?x?x?x?xf32>
  return %0 : tensor<?x?x?x?xf32>
}

// -----

// CHECK-LABEL: func.func @max_unpool
// CHECK-SAME: (%[[X:.+]]: tensor<1x1x2x2xf32>, %[[I:.+]]: tensor<1x1x2x2xi64>)
// CHECK: %[[TOTAL:.+]] = arith.constant 16 : index
// CHECK: linalg.generic {{.*}}iterator_types = ["reduction", "reduction", "reduction", "reduction"]{{.*}} ins(%[[I]] : tensor<1x1x2x2xi64>)
// CHECK: arith.cmpi slt, %{{.+}}, %[[TOTAL]] : index
// CHECK: cf.assert %{{.+}}, "nn.max_unpool: an index is out of range for the unpooled shape"
// CHECK: %[[Z:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : tensor<1x1x4x4xf32>)
// CHECK: scf.for {{.+}} iter_args(%{{.+}} = %[[Z]])
// CHECK: scf.for
// CHECK: scf.for
// CHECK: scf.for {{.+}} iter_args(%[[ACC:.+]] = %{{.+}})
// CHECK: tensor.extract %[[I]]
// CHECK: %[[W:.+]] = arith.remui
// CHECK: %[[V:.+]] = tensor.extract %[[X]]
// CHECK: tensor.insert %[[V]] into %[[ACC]][%{{.+}}, %{{.+}}, %{{.+}}, %[[W]]] : tensor<1x1x4x4xf32>
func.func @max_unpool(%x: tensor<1x1x2x2xf32>, %i: tensor<1x1x2x2xi64>) -> tensor<1x1x4x4xf32> {
  %0 = nn.max_unpool %x, %i {kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>) -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

// CHECK-LABEL: func.func @max_unpool_output_shape
// CHECK: cf.assert %{{.+}}, "nn.max_unpool: the indices and the input differ in dimension 0"
// CHECK: cf.assert %{{.+}}, "nn.max_unpool: output_shape entry 0 is smaller than the unpooled size"
// CHECK: cf.assert %{{.+}}, "nn.max_unpool: output_shape entry 1 is smaller than the unpooled size"
// CHECK: cf.assert %{{.+}}, "nn.max_unpool: output_shape entry 2 is smaller than the unpooled size"
// CHECK: cf.assert %{{.+}}, "nn.max_unpool: an index is out of range for the unpooled shape"
// CHECK: tensor.empty(%{{.+}}, %{{.+}}, %{{.+}}) : tensor<?x?x?xf32>
// CHECK: tensor.insert {{.+}} : tensor<?x?x?xf32>
func.func @max_unpool_output_shape(%x: tensor<?x2x3xf32>, %i: tensor<?x2x3xi64>, %s: tensor<3xi64>) -> tensor<?x?x?xf32> {
  %0 = nn.max_unpool %x, %i, %s {kernel_shape = array<i64: 2>, pads = array<i64: 1, 0>, strides = array<i64: 2>} : (tensor<?x2x3xf32>, tensor<?x2x3xi64>, tensor<3xi64>) -> tensor<?x?x?xf32>
  return %0 : tensor<?x?x?xf32>
}
