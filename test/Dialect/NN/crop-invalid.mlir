// RUN: kiln-opt %s -split-input-file -verify-diagnostics

// Verifier errors of nn.center_crop_pad, nn.reverse_sequence, nn.col2im
// and nn.max_unpool.

func.func @center_crop_pad_repeated_axis(%x: tensor<4x4xf32>, %s: tensor<2xi64>) {
  // expected-error @below {{'nn.center_crop_pad' op axes [1,1] must be distinct and in [0, 2)}}
  %0 = nn.center_crop_pad %x, %s {axes = array<i64: 1, 1>} : (tensor<4x4xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  return
}

// -----

func.func @center_crop_pad_shape_length(%x: tensor<4x4xf32>, %s: tensor<2xi64>) {
  // expected-error @below {{'nn.center_crop_pad' op the shape operand has 2 entries, expected 1}}
  %0 = nn.center_crop_pad %x, %s {axes = array<i64: 0>} : (tensor<4x4xf32>, tensor<2xi64>) -> tensor<?x4xf32>
  return
}

// -----

func.func @center_crop_pad_kept_dim(%x: tensor<4x4xf32>, %s: tensor<1xi64>) {
  // expected-error @below {{'nn.center_crop_pad' op result shape [?,5] differs from the inferred [?,4]}}
  %0 = nn.center_crop_pad %x, %s {axes = array<i64: 0>} : (tensor<4x4xf32>, tensor<1xi64>) -> tensor<?x5xf32>
  return
}

// -----

func.func @center_crop_pad_element_type(%x: tensor<4x4xf32>, %s: tensor<1xi64>) {
  // expected-error @below {{'nn.center_crop_pad' op element type changes from 'f32' to 'f16'}}
  %0 = nn.center_crop_pad %x, %s {axes = array<i64: 0>} : (tensor<4x4xf32>, tensor<1xi64>) -> tensor<?x4xf16>
  return
}

// -----

func.func @reverse_sequence_axes(%x: tensor<4x4x2xf32>, %l: tensor<4xi64>) {
  // expected-error @below {{'nn.reverse_sequence' op batch_axis 2 and time_axis 0 must be 0 and 1 in either order}}
  %0 = nn.reverse_sequence %x, %l {batch_axis = 2 : i64, time_axis = 0 : i64} : (tensor<4x4x2xf32>, tensor<4xi64>) -> tensor<4x4x2xf32>
  return
}

// -----

func.func @reverse_sequence_rank(%x: tensor<4xf32>, %l: tensor<4xi64>) {
  // expected-error @below {{'nn.reverse_sequence' op the input must have rank >= 2, got shape [4]}}
  %0 = nn.reverse_sequence %x, %l {batch_axis = 1 : i64, time_axis = 0 : i64} : (tensor<4xf32>, tensor<4xi64>) -> tensor<4xf32>
  return
}

// -----

func.func @reverse_sequence_lengths(%x: tensor<4x3xf32>, %l: tensor<4xi64>) {
  // expected-error @below {{'nn.reverse_sequence' op there are 4 sequence lengths but the batch dimension is 3}}
  %0 = nn.reverse_sequence %x, %l {batch_axis = 1 : i64, time_axis = 0 : i64} : (tensor<4x3xf32>, tensor<4xi64>) -> tensor<4x3xf32>
  return
}

// -----

func.func @col2im_rank(%x: tensor<5x5xf32>, %i: tensor<2xi64>, %b: tensor<2xi64>) {
  // expected-error @below {{'nn.col2im' op the input must have rank 3 [N, C * prod(block), L], got shape [5,5]}}
  %0 = nn.col2im %x, %i, %b {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<5x5xf32>, tensor<2xi64>, tensor<2xi64>) -> tensor<1x?x?x?xf32>
  return
}

// -----

func.func @col2im_block_length(%x: tensor<1x5x5xf32>, %i: tensor<2xi64>, %b: tensor<3xi64>) {
  // expected-error @below {{'nn.col2im' op the block_shape operand has 3 entries, expected 2}}
  %0 = nn.col2im %x, %i, %b {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x5x5xf32>, tensor<2xi64>, tensor<3xi64>) -> tensor<1x?x?x?xf32>
  return
}

// -----

func.func @col2im_strides(%x: tensor<1x5x5xf32>, %i: tensor<2xi64>, %b: tensor<2xi64>) {
  // expected-error @below {{'nn.col2im' op strides [1,0] must be at least 1}}
  %0 = nn.col2im %x, %i, %b {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 0>} : (tensor<1x5x5xf32>, tensor<2xi64>, tensor<2xi64>) -> tensor<1x?x?x?xf32>
  return
}

// -----

func.func @col2im_pads(%x: tensor<1x5x5xf32>, %i: tensor<2xi64>, %b: tensor<2xi64>) {
  // expected-error @below {{'nn.col2im' op pads [0,0] must have 4 entries}}
  %0 = nn.col2im %x, %i, %b {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x5x5xf32>, tensor<2xi64>, tensor<2xi64>) -> tensor<1x?x?x?xf32>
  return
}

// -----

func.func @col2im_huge_dilation(%x: tensor<1x5x5xf32>, %i: tensor<2xi64>, %b: tensor<2xi64>) {
  // expected-error @below {{'nn.col2im' op dilations [1,4294967296] must be at most 2147483647}}
  %0 = nn.col2im %x, %i, %b {dilations = array<i64: 1, 4294967296>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x5x5xf32>, tensor<2xi64>, tensor<2xi64>) -> tensor<1x?x?x?xf32>
  return
}

// -----

func.func @col2im_result_rank(%x: tensor<1x5x5xf32>, %i: tensor<2xi64>, %b: tensor<2xi64>) {
  // expected-error @below {{'nn.col2im' op result shape [1,?,?] differs from the inferred [1,?,?,?]}}
  %0 = nn.col2im %x, %i, %b {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x5x5xf32>, tensor<2xi64>, tensor<2xi64>) -> tensor<1x?x?xf32>
  return
}

// -----

func.func @max_unpool_indices(%x: tensor<1x1x2x2xf32>, %i: tensor<1x1x2x3xi64>) {
  // expected-error @below {{'nn.max_unpool' op the indices [1,1,2,3] must have the shape of the input [1,1,2,2]}}
  %0 = nn.max_unpool %x, %i {kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x1x2x2xf32>, tensor<1x1x2x3xi64>) -> tensor<1x1x4x4xf32>
  return
}

// -----

func.func @max_unpool_kernel(%x: tensor<1x1x2x2xf32>, %i: tensor<1x1x2x2xi64>) {
  // expected-error @below {{'nn.max_unpool' op kernel_shape [2] must have 2 entries}}
  %0 = nn.max_unpool %x, %i {kernel_shape = array<i64: 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>) -> tensor<1x1x4x4xf32>
  return
}

// -----

func.func @max_unpool_negative(%x: tensor<1x1x1x2xf32>, %i: tensor<1x1x1x2xi64>) {
  // expected-error @below {{'nn.max_unpool' op the unpooled size -2 of spatial dimension 0 is out of range}}
  %0 = nn.max_unpool %x, %i {kernel_shape = array<i64: 1, 1>, pads = array<i64: 1, 0, 2, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x1x2xf32>, tensor<1x1x1x2xi64>) -> tensor<1x1x?x2xf32>
  return
}

// -----

func.func @max_unpool_wrong_result(%x: tensor<1x1x2x2xf32>, %i: tensor<1x1x2x2xi64>) {
  // expected-error @below {{'nn.max_unpool' op result shape [1,1,4,5] differs from the inferred [1,1,4,4]}}
  %0 = nn.max_unpool %x, %i {kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>) -> tensor<1x1x4x5xf32>
  return
}

// -----

func.func @max_unpool_output_smaller(%x: tensor<1x1x2x2xf32>, %i: tensor<1x1x2x2xi64>, %s: tensor<4xi64>) {
  // expected-error @below {{'nn.max_unpool' op result shape [1,1,3,?] is smaller than the unpooled shape [1,1,4,4]}}
  %0 = nn.max_unpool %x, %i, %s {kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>, tensor<4xi64>) -> tensor<1x1x3x?xf32>
  return
}

// -----

func.func @max_unpool_output_shape_length(%x: tensor<1x1x2x2xf32>, %i: tensor<1x1x2x2xi64>, %s: tensor<2xi64>) {
  // expected-error @below {{'nn.max_unpool' op the output_shape operand has 2 entries, expected 4}}
  %0 = nn.max_unpool %x, %i, %s {kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>, tensor<2xi64>) -> tensor<1x1x?x?xf32>
  return
}
