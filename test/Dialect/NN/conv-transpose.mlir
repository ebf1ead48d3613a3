// RUN: kiln-opt %s -split-input-file -verify-diagnostics | FileCheck %s
// RUN: kiln-opt %s -split-input-file -verify-diagnostics | kiln-opt -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @conv_transpose
// CHECK: nn.conv_transpose %{{.+}}, %{{.+}}, %{{.+}} {dilations = array<i64: 1, 1>, group = 1 : i64, output_padding = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<2x16x7x7xf32>, tensor<16x8x3x3xf32>, tensor<8xf32>) -> tensor<2x8x14x14xf32>
func.func @conv_transpose(%x: tensor<2x16x7x7xf32>, %w: tensor<16x8x3x3xf32>, %b: tensor<8xf32>) -> tensor<2x8x14x14xf32> {
  %0 = nn.conv_transpose %x, %w, %b {dilations = array<i64: 1, 1>, group = 1 : i64,
                                     output_padding = array<i64: 1, 1>,
                                     pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
      : (tensor<2x16x7x7xf32>, tensor<16x8x3x3xf32>, tensor<8xf32>) -> tensor<2x8x14x14xf32>
  return %0 : tensor<2x8x14x14xf32>
}

// -----

// Grouped: M = group * weight dim 1; negative pads enlarge the output.
// CHECK-LABEL: func.func @grouped_negative_pad
// CHECK: -> tensor<1x6x8x8xf32>
func.func @grouped_negative_pad(%x: tensor<1x4x3x3xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x6x8x8xf32> {
  %0 = nn.conv_transpose %x, %w {dilations = array<i64: 1, 1>, group = 2 : i64,
                                 output_padding = array<i64: 0, 0>,
                                 pads = array<i64: 0, 0, -1, -1>, strides = array<i64: 2, 2>}
      : (tensor<1x4x3x3xf32>, tensor<4x3x3x3xf32>) -> tensor<1x6x8x8xf32>
  return %0 : tensor<1x6x8x8xf32>
}

// -----

func.func @channels_mismatch(%x: tensor<1x4x3x3xf32>, %w: tensor<5x3x3x3xf32>) {
  // expected-error @below {{input channels 4 != weight dimension 0 (5)}}
  // expected-error @below {{'nn.conv_transpose' op failed to infer returned types}}
  %0 = nn.conv_transpose %x, %w {dilations = array<i64: 1, 1>, group = 1 : i64,
                                 output_padding = array<i64: 0, 0>,
                                 pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
      : (tensor<1x4x3x3xf32>, tensor<5x3x3x3xf32>) -> tensor<1x3x5x5xf32>
  return
}

// -----

func.func @output_padding_too_large(%x: tensor<1x4x3x3xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @below {{output_padding must be smaller than the stride or dilation}}
  // expected-error @below {{'nn.conv_transpose' op failed to infer returned types}}
  %0 = nn.conv_transpose %x, %w {dilations = array<i64: 1, 1>, group = 1 : i64,
                                 output_padding = array<i64: 2, 0>,
                                 pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>}
      : (tensor<1x4x3x3xf32>, tensor<4x3x3x3xf32>) -> tensor<1x3x9x7xf32>
  return
}

// -----

// A weight of run-time size (a graph input): the output's spatial sizes
// are left to run time.
// CHECK-LABEL: func.func @dynamic_kernel
// CHECK: -> tensor<1x?x?x?xf32>
func.func @dynamic_kernel(%x: tensor<1x4x3x3xf32>, %w: tensor<?x?x?x?xf32>) -> tensor<1x?x?x?xf32> {
  %0 = nn.conv_transpose %x, %w {dilations = array<i64: 1, 1>, group = 2 : i64,
                                 output_padding = array<i64: 0, 0>,
                                 pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>}
      : (tensor<1x4x3x3xf32>, tensor<?x?x?x?xf32>) -> tensor<1x?x?x?xf32>
  return %0 : tensor<1x?x?x?xf32>
}

// -----

func.func @empty_kernel(%x: tensor<1x4x3x3xf32>, %w: tensor<4x3x0x3xf32>) {
  // expected-error @below {{conv_transpose kernel sizes must be >= 1}}
  // expected-error @below {{'nn.conv_transpose' op failed to infer returned types}}
  %0 = nn.conv_transpose %x, %w {dilations = array<i64: 1, 1>, group = 1 : i64,
                                 output_padding = array<i64: 0, 0>,
                                 pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
      : (tensor<1x4x3x3xf32>, tensor<4x3x0x3xf32>) -> tensor<1x3x1x5xf32>
  return
}
