// RUN: kiln-opt %s | FileCheck %s
// RUN: kiln-opt %s | kiln-opt | FileCheck %s
// RUN: kiln-opt %s --mlir-print-op-generic | kiln-opt | FileCheck %s

// Round trip of nn.center_crop_pad, nn.reverse_sequence, nn.col2im and
// nn.max_unpool, static and with dynamic dimensions.

// CHECK-LABEL: func.func @center_crop_pad
func.func @center_crop_pad(%x: tensor<20x8x3xf32>, %s: tensor<2xi64>, %d: tensor<?x?xi32>,
                           %t: tensor<1xi64>) -> (tensor<?x?x3xf32>, tensor<10x9x3xf32>, tensor<?x5xi32>) {
  // CHECK: nn.center_crop_pad %{{.+}}, %{{.+}} {axes = array<i64: 0, 1>} : (tensor<20x8x3xf32>, tensor<2xi64>) -> tensor<?x?x3xf32>
  %0 = nn.center_crop_pad %x, %s {axes = array<i64: 0, 1>} : (tensor<20x8x3xf32>, tensor<2xi64>) -> tensor<?x?x3xf32>
  // CHECK: nn.center_crop_pad %{{.+}}, %{{.+}} {axes = array<i64: 1, 0>} : (tensor<20x8x3xf32>, tensor<2xi64>) -> tensor<10x9x3xf32>
  %1 = nn.center_crop_pad %x, %s {axes = array<i64: 1, 0>} : (tensor<20x8x3xf32>, tensor<2xi64>) -> tensor<10x9x3xf32>
  // CHECK: nn.center_crop_pad %{{.+}}, %{{.+}} {axes = array<i64: 1>} : (tensor<?x?xi32>, tensor<1xi64>) -> tensor<?x5xi32>
  %2 = nn.center_crop_pad %d, %t {axes = array<i64: 1>} : (tensor<?x?xi32>, tensor<1xi64>) -> tensor<?x5xi32>
  return %0, %1, %2 : tensor<?x?x3xf32>, tensor<10x9x3xf32>, tensor<?x5xi32>
}

// CHECK-LABEL: func.func @reverse_sequence
func.func @reverse_sequence(%x: tensor<4x3x2xf32>, %l: tensor<3xi64>, %d: tensor<?x?xi8>,
                            %m: tensor<?xi64>) -> (tensor<4x3x2xf32>, tensor<?x?xi8>) {
  // CHECK: nn.reverse_sequence %{{.+}}, %{{.+}} {batch_axis = 1 : i64, time_axis = 0 : i64} : (tensor<4x3x2xf32>, tensor<3xi64>) -> tensor<4x3x2xf32>
  %0 = nn.reverse_sequence %x, %l {batch_axis = 1 : i64, time_axis = 0 : i64} : (tensor<4x3x2xf32>, tensor<3xi64>) -> tensor<4x3x2xf32>
  // CHECK: nn.reverse_sequence %{{.+}}, %{{.+}} {batch_axis = 0 : i64, time_axis = 1 : i64} : (tensor<?x?xi8>, tensor<?xi64>) -> tensor<?x?xi8>
  %1 = nn.reverse_sequence %d, %m {batch_axis = 0 : i64, time_axis = 1 : i64} : (tensor<?x?xi8>, tensor<?xi64>) -> tensor<?x?xi8>
  return %0, %1 : tensor<4x3x2xf32>, tensor<?x?xi8>
}

// CHECK-LABEL: func.func @col2im
func.func @col2im(%x: tensor<1x5x5xf32>, %i: tensor<2xi64>, %b: tensor<2xi64>, %d: tensor<?x?x?xf64>,
                  %j: tensor<3xi64>, %c: tensor<3xi64>) -> (tensor<1x?x?x?xf32>, tensor<1x1x5x5xf32>, tensor<?x?x?x?x?xf64>) {
  // CHECK: nn.col2im %{{.+}}, %{{.+}}, %{{.+}} {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x5x5xf32>, tensor<2xi64>, tensor<2xi64>) -> tensor<1x?x?x?xf32>
  %0 = nn.col2im %x, %i, %b {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x5x5xf32>, tensor<2xi64>, tensor<2xi64>) -> tensor<1x?x?x?xf32>
  // CHECK: nn.col2im {{.+}} -> tensor<1x1x5x5xf32>
  %1 = nn.col2im %x, %i, %b {dilations = array<i64: 1, 1>, pads = array<i64: 0, 1, 0, 1>, strides = array<i64: 1, 1>} : (tensor<1x5x5xf32>, tensor<2xi64>, tensor<2xi64>) -> tensor<1x1x5x5xf32>
  // CHECK: nn.col2im {{.+}} : (tensor<?x?x?xf64>, tensor<3xi64>, tensor<3xi64>) -> tensor<?x?x?x?x?xf64>
  %2 = nn.col2im %d, %j, %c {dilations = array<i64: 1, 2, 1>, pads = array<i64: 0, 0, 0, 0, 0, 0>, strides = array<i64: 2, 1, 1>} : (tensor<?x?x?xf64>, tensor<3xi64>, tensor<3xi64>) -> tensor<?x?x?x?x?xf64>
  return %0, %1, %2 : tensor<1x?x?x?xf32>, tensor<1x1x5x5xf32>, tensor<?x?x?x?x?xf64>
}

// CHECK-LABEL: func.func @max_unpool
func.func @max_unpool(%x: tensor<1x1x2x2xf32>, %i: tensor<1x1x2x2xi64>, %s: tensor<4xi64>,
                      %d: tensor<?x3x?xf16>, %j: tensor<?x3x?xi64>) -> (tensor<1x1x4x4xf32>, tensor<1x1x?x?xf32>, tensor<?x3x?xf16>) {
  // CHECK: nn.max_unpool %{{.+}}, %{{.+}} {kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>) -> tensor<1x1x4x4xf32>
  %0 = nn.max_unpool %x, %i {kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>) -> tensor<1x1x4x4xf32>
  // CHECK: nn.max_unpool %{{.+}}, %{{.+}}, %{{.+}} {{.+}} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>, tensor<4xi64>) -> tensor<1x1x?x?xf32>
  %1 = nn.max_unpool %x, %i, %s {kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>, tensor<4xi64>) -> tensor<1x1x?x?xf32>
  // CHECK: nn.max_unpool {{.+}} : (tensor<?x3x?xf16>, tensor<?x3x?xi64>) -> tensor<?x3x?xf16>
  %2 = nn.max_unpool %d, %j {kernel_shape = array<i64: 3>, pads = array<i64: 1, 1>, strides = array<i64: 1>} : (tensor<?x3x?xf16>, tensor<?x3x?xi64>) -> tensor<?x3x?xf16>
  return %0, %1, %2 : tensor<1x1x4x4xf32>, tensor<1x1x?x?xf32>, tensor<?x3x?xf16>
}
