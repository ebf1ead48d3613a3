// RUN: kiln-opt %s | FileCheck %s
// RUN: kiln-opt %s | kiln-opt | FileCheck %s
// RUN: kiln-opt %s --mlir-print-op-generic | kiln-opt | FileCheck %s

// Round trip of nn.grid_sample and nn.affine_grid: 2-D and 3-D, dynamic
// dimensions, constant and run-time sizes. Attributes at their default
// values are not printed.

// CHECK-LABEL: func.func @grid_sample
// CHECK-SAME: (%[[X:.+]]: tensor<1x3x8x8xf32>, %[[G:.+]]: tensor<1x4x5x2xf32>
// CHECK: nn.grid_sample %[[X]], %[[G]] : (tensor<1x3x8x8xf32>, tensor<1x4x5x2xf32>) -> tensor<1x3x4x5xf32>
// CHECK: nn.grid_sample %[[X]], %[[G]] {align_corners = true, mode = "cubic", padding_mode = "reflection"}
// CHECK: nn.grid_sample %{{.+}}, %{{.+}} {mode = "nearest", padding_mode = "border"} : (tensor<?x2x3x4x5xi32>, tensor<?x?x?x?x3xf16>) -> tensor<?x2x?x?x?xi32>
func.func @grid_sample(%x: tensor<1x3x8x8xf32>, %g: tensor<1x4x5x2xf32>,
                       %v: tensor<?x2x3x4x5xi32>, %h: tensor<?x?x?x?x3xf16>)
    -> (tensor<1x3x4x5xf32>, tensor<1x3x4x5xf32>, tensor<?x2x?x?x?xi32>) {
  %0 = nn.grid_sample %x, %g : (tensor<1x3x8x8xf32>, tensor<1x4x5x2xf32>) -> tensor<1x3x4x5xf32>
  %1 = nn.grid_sample %x, %g {align_corners = true, mode = "cubic", padding_mode = "reflection"}
      : (tensor<1x3x8x8xf32>, tensor<1x4x5x2xf32>) -> tensor<1x3x4x5xf32>
  %2 = nn.grid_sample %v, %h {mode = "nearest", padding_mode = "border"}
      : (tensor<?x2x3x4x5xi32>, tensor<?x?x?x?x3xf16>) -> tensor<?x2x?x?x?xi32>
  return %0, %1, %2 : tensor<1x3x4x5xf32>, tensor<1x3x4x5xf32>, tensor<?x2x?x?x?xi32>
}

// CHECK-LABEL: func.func @affine_grid
// CHECK: nn.affine_grid %{{.+}}, %{{.+}} : (tensor<2x2x3xf32>, tensor<4xi64>) -> tensor<2x5x6x2xf32>
// CHECK: nn.affine_grid %{{.+}}, %{{.+}} {align_corners = true} : (tensor<?x3x4xf64>, tensor<5xi64>) -> tensor<?x?x?x?x3xf64>
func.func @affine_grid(%t: tensor<2x2x3xf32>, %u: tensor<?x3x4xf64>, %s: tensor<5xi64>)
    -> (tensor<2x5x6x2xf32>, tensor<?x?x?x?x3xf64>) {
  %c = nn.constant dense<[2, 3, 5, 6]> : tensor<4xi64>
  %0 = nn.affine_grid %t, %c : (tensor<2x2x3xf32>, tensor<4xi64>) -> tensor<2x5x6x2xf32>
  %1 = nn.affine_grid %u, %s {align_corners = true} : (tensor<?x3x4xf64>, tensor<5xi64>) -> tensor<?x?x?x?x3xf64>
  return %0, %1 : tensor<2x5x6x2xf32>, tensor<?x?x?x?x3xf64>
}

// -----

// CHECK-LABEL: func.func @roi_align
// CHECK: nn.roi_align %{{.+}}, %{{.+}}, %{{.+}} {mode = "max", output_height = 5 : i64, output_width = 4 : i64, sampling_ratio = 2 : i64, spatial_scale = 5.000000e-01 : f32} : (tensor<2x3x10x10xf32>, tensor<?x4xf32>, tensor<?xi64>) -> tensor<?x3x5x4xf32>
func.func @roi_align(%x: tensor<2x3x10x10xf32>, %r: tensor<?x4xf32>, %i: tensor<?xi64>) -> tensor<?x3x5x4xf32> {
  %0 = nn.roi_align %x, %r, %i {mode = "max", output_height = 5 : i64, output_width = 4 : i64,
                                sampling_ratio = 2 : i64, spatial_scale = 0.5 : f32}
      : (tensor<2x3x10x10xf32>, tensor<?x4xf32>, tensor<?xi64>) -> tensor<?x3x5x4xf32>
  return %0 : tensor<?x3x5x4xf32>
}
