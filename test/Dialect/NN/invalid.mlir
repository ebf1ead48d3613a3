// RUN: kiln-opt %s -split-input-file -verify-diagnostics

// Shape-function failures are reported twice: the reason, then the generic
// "failed to infer returned types" of the InferTypeOpInterface verifier.

//===----------------------------------------------------------------------===//
// nn.constant
//===----------------------------------------------------------------------===//

func.func @constant_not_a_tensor() {
  // expected-error @below {{'nn.constant' op result #0 must be ranked tensor of floating-point or signless integer or unsigned integer values, but got 'vector<2xf32>'}}
  %0 = nn.constant dense<1.0> : vector<2xf32>
  return
}

// -----

func.func @constant_complex() {
  // expected-error @below {{result #0 must be ranked tensor of floating-point or signless integer or unsigned integer values, but got 'tensor<2xcomplex<f32>>'}}
  %0 = nn.constant dense<(1.0, 2.0)> : tensor<2xcomplex<f32>>
  return
}

// -----

func.func @constant_wrong_result_type() {
  // expected-error @below {{'nn.constant' op inferred type(s) 'tensor<2xf32>' are incompatible with return type(s) of operation 'tensor<3xf32>'}}
  // expected-error @below {{'nn.constant' op failed to infer returned types}}
  %0 = "nn.constant"() <{value = dense<1.0> : tensor<2xf32>}> : () -> tensor<3xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Unary ops
//===----------------------------------------------------------------------===//

func.func @relu_integer(%a: tensor<8x16xi32>) {
  // expected-error @below {{'nn.relu' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<8x16xi32>'}}
  %0 = nn.relu %a : tensor<8x16xi32>
  return
}

// -----

func.func @sigmoid_result_shape(%a: tensor<8x16xf32>) {
  // expected-error @below {{'nn.sigmoid' op requires the same type for all operands and results}}
  %0 = "nn.sigmoid"(%a) : (tensor<8x16xf32>) -> tensor<8x15xf32>
  return
}

// -----

func.func @tanh_unranked(%a: tensor<*xf32>) {
  // expected-error @below {{'nn.tanh' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<*xf32>'}}
  %0 = "nn.tanh"(%a) : (tensor<*xf32>) -> tensor<*xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Broadcasting binary ops
//===----------------------------------------------------------------------===//

func.func @add_not_broadcastable(%a: tensor<8x16xf32>, %b: tensor<8x15xf32>) {
  // expected-error @below {{shapes [8,16] and [8,15] do not broadcast (dimension 1: 16 vs 15)}}
  // expected-error @below {{'nn.add' op failed to infer returned types}}
  %0 = nn.add %a, %b : (tensor<8x16xf32>, tensor<8x15xf32>) -> tensor<8x16xf32>
  return
}

// -----

func.func @sub_element_types(%a: tensor<8x16xf32>, %b: tensor<8x16xf16>) {
  // expected-error @below {{operands must have the same element type, got 'tensor<8x16xf32>' and 'tensor<8x16xf16>'}}
  // expected-error @below {{'nn.sub' op failed to infer returned types}}
  %0 = nn.sub %a, %b : (tensor<8x16xf32>, tensor<8x16xf16>) -> tensor<8x16xf32>
  return
}

// -----

func.func @mul_wrong_result_shape(%a: tensor<8x16xf32>, %b: tensor<16xf32>) {
  // expected-error @below {{'nn.mul' op inferred type(s) 'tensor<8x16xf32>' are incompatible with return type(s) of operation 'tensor<16xf32>'}}
  // expected-error @below {{'nn.mul' op failed to infer returned types}}
  %0 = nn.mul %a, %b : (tensor<8x16xf32>, tensor<16xf32>) -> tensor<16xf32>
  return
}

// -----

func.func @div_wrong_result_element_type(%a: tensor<8x16xf32>, %b: tensor<16xf32>) {
  // expected-error @below {{'nn.div' op inferred type(s) 'tensor<8x16xf32>' are incompatible with return type(s) of operation 'tensor<8x16xf16>'}}
  // expected-error @below {{'nn.div' op failed to infer returned types}}
  %0 = nn.div %a, %b : (tensor<8x16xf32>, tensor<16xf32>) -> tensor<8x16xf16>
  return
}

// -----

// A declared static dimension must agree with a static inferred one.
func.func @add_dynamic_wrong_result(%a: tensor<?x16xf32>, %b: tensor<8x1xf32>) {
  // expected-error @below {{'nn.add' op inferred type(s) 'tensor<8x16xf32>' are incompatible with return type(s) of operation 'tensor<4x16xf32>'}}
  // expected-error @below {{'nn.add' op failed to infer returned types}}
  %0 = nn.add %a, %b : (tensor<?x16xf32>, tensor<8x1xf32>) -> tensor<4x16xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// nn.softmax
//===----------------------------------------------------------------------===//

func.func @softmax_axis_too_large(%a: tensor<8x10xf32>) {
  // expected-error @below {{'nn.softmax' op axis 2 is out of range for rank 2}}
  %0 = nn.softmax %a {axis = 2 : i64} : tensor<8x10xf32>
  return
}

// -----

func.func @softmax_axis_too_small(%a: tensor<8x10xf32>) {
  // expected-error @below {{'nn.softmax' op axis -3 is out of range for rank 2}}
  %0 = nn.softmax %a {axis = -3 : i64} : tensor<8x10xf32>
  return
}

// -----

func.func @softmax_integer(%a: tensor<8x10xi32>) {
  // expected-error @below {{'nn.softmax' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<8x10xi32>'}}
  %0 = nn.softmax %a {axis = 1 : i64} : tensor<8x10xi32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// nn.matmul
//===----------------------------------------------------------------------===//

func.func @matmul_contraction_mismatch(%a: tensor<8x16xf32>, %b: tensor<15x4xf32>) {
  // expected-error @below {{matmul contraction dimensions differ: [8,16] x [15,4]}}
  // expected-error @below {{'nn.matmul' op failed to infer returned types}}
  %0 = nn.matmul %a, %b : (tensor<8x16xf32>, tensor<15x4xf32>) -> tensor<8x4xf32>
  return
}

// -----

func.func @matmul_vector_contraction_mismatch(%a: tensor<8x16xf32>, %b: tensor<8xf32>) {
  // expected-error @below {{matmul contraction dimensions differ: [8,16] x [8]}}
  // expected-error @below {{'nn.matmul' op failed to infer returned types}}
  %0 = nn.matmul %a, %b : (tensor<8x16xf32>, tensor<8xf32>) -> tensor<8xf32>
  return
}

// -----

func.func @matmul_batch_not_broadcastable(%a: tensor<2x8x16xf32>, %b: tensor<3x16x4xf32>) {
  // expected-error @below {{shapes [2] and [3] do not broadcast (dimension 0: 2 vs 3)}}
  // expected-error @below {{'nn.matmul' op failed to infer returned types}}
  %0 = nn.matmul %a, %b : (tensor<2x8x16xf32>, tensor<3x16x4xf32>) -> tensor<2x8x4xf32>
  return
}

// -----

func.func @matmul_wrong_result(%a: tensor<8x16xf32>, %b: tensor<16x4xf32>) {
  // expected-error @below {{'nn.matmul' op inferred type(s) 'tensor<8x4xf32>' are incompatible with return type(s) of operation 'tensor<4x8xf32>'}}
  // expected-error @below {{'nn.matmul' op failed to infer returned types}}
  %0 = nn.matmul %a, %b : (tensor<8x16xf32>, tensor<16x4xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @matmul_scalar_operand(%a: tensor<f32>, %b: tensor<16x4xf32>) {
  // expected-error @below {{matmul operands must have rank >= 1}}
  // expected-error @below {{'nn.matmul' op failed to infer returned types}}
  %0 = nn.matmul %a, %b : (tensor<f32>, tensor<16x4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @matmul_element_types(%a: tensor<8x16xf32>, %b: tensor<16x4xi32>) {
  // expected-error @below {{operands must have the same element type, got 'tensor<8x16xf32>' and 'tensor<16x4xi32>'}}
  // expected-error @below {{'nn.matmul' op failed to infer returned types}}
  %0 = nn.matmul %a, %b : (tensor<8x16xf32>, tensor<16x4xi32>) -> tensor<8x4xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// nn.gemm
//===----------------------------------------------------------------------===//

func.func @gemm_inner_mismatch(%a: tensor<8x16xf32>, %b: tensor<4x16xf32>) {
  // expected-error @below {{gemm inner dimensions differ: A [8,16], B [4,16]}}
  // expected-error @below {{'nn.gemm' op failed to infer returned types}}
  %0 = nn.gemm %a, %b : (tensor<8x16xf32>, tensor<4x16xf32>) -> tensor<8x4xf32>
  return
}

// -----

func.func @gemm_inner_mismatch_transposed(%a: tensor<8x16xf32>, %b: tensor<16x4xf32>) {
  // expected-error @below {{gemm inner dimensions differ: A [8,16] (transposed), B [16,4] (transposed)}}
  // expected-error @below {{'nn.gemm' op failed to infer returned types}}
  %0 = nn.gemm %a, %b {trans_a = true, trans_b = true} : (tensor<8x16xf32>, tensor<16x4xf32>) -> tensor<16x16xf32>
  return
}

// -----

func.func @gemm_c_not_broadcastable(%a: tensor<8x16xf32>, %b: tensor<4x16xf32>, %c: tensor<8xf32>) {
  // expected-error @below {{gemm operand C [8] does not broadcast to [8,4]}}
  // expected-error @below {{'nn.gemm' op failed to infer returned types}}
  %0 = nn.gemm %a, %b, %c {trans_b = true} : (tensor<8x16xf32>, tensor<4x16xf32>, tensor<8xf32>) -> tensor<8x4xf32>
  return
}

// -----

func.func @gemm_c_rank_too_high(%a: tensor<8x16xf32>, %b: tensor<16x4xf32>, %c: tensor<1x8x4xf32>) {
  // expected-error @below {{gemm operand C [1,8,4] does not broadcast to [8,4]}}
  // expected-error @below {{'nn.gemm' op failed to infer returned types}}
  %0 = nn.gemm %a, %b, %c : (tensor<8x16xf32>, tensor<16x4xf32>, tensor<1x8x4xf32>) -> tensor<8x4xf32>
  return
}

// -----

func.func @gemm_not_2d(%a: tensor<2x8x16xf32>, %b: tensor<16x4xf32>) {
  // expected-error @below {{gemm operands A and B must be 2-D, got [2,8,16] and [16,4]}}
  // expected-error @below {{'nn.gemm' op failed to infer returned types}}
  %0 = nn.gemm %a, %b : (tensor<2x8x16xf32>, tensor<16x4xf32>) -> tensor<8x4xf32>
  return
}

// -----

func.func @gemm_c_element_type(%a: tensor<8x16xf32>, %b: tensor<16x4xf32>, %c: tensor<4xf16>) {
  // expected-error @below {{operands must have the same element type, got 'tensor<8x16xf32>' and 'tensor<4xf16>'}}
  // expected-error @below {{'nn.gemm' op failed to infer returned types}}
  %0 = nn.gemm %a, %b, %c : (tensor<8x16xf32>, tensor<16x4xf32>, tensor<4xf16>) -> tensor<8x4xf32>
  return
}

// -----

func.func @gemm_integer(%a: tensor<8x16xi32>, %b: tensor<16x4xi32>) {
  // expected-error @below {{'nn.gemm' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<8x16xi32>'}}
  %0 = nn.gemm %a, %b : (tensor<8x16xi32>, tensor<16x4xi32>) -> tensor<8x4xi32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// nn.reshape / nn.flatten
//===----------------------------------------------------------------------===//

func.func @reshape_element_count(%a: tensor<2x3x4xf32>) {
  // expected-error @below {{'nn.reshape' op cannot reshape 24 elements [2,3,4] into 25 elements [5,5]}}
  %0 = nn.reshape %a : tensor<2x3x4xf32> -> tensor<5x5xf32>
  return
}

// -----

func.func @reshape_element_type(%a: tensor<2x3x4xf32>) {
  // expected-error @below {{'nn.reshape' op element type changes from 'f32' to 'i32'}}
  %0 = nn.reshape %a : tensor<2x3x4xf32> -> tensor<24xi32>
  return
}

// -----

func.func @flatten_axis_too_large(%a: tensor<2x3x4xf32>) {
  // expected-error @below {{flatten axis 4 is out of range for rank 3}}
  // expected-error @below {{'nn.flatten' op failed to infer returned types}}
  %0 = nn.flatten %a {axis = 4 : i64} : (tensor<2x3x4xf32>) -> tensor<24x1xf32>
  return
}

// -----

func.func @flatten_axis_too_small(%a: tensor<2x3x4xf32>) {
  // expected-error @below {{flatten axis -4 is out of range for rank 3}}
  // expected-error @below {{'nn.flatten' op failed to infer returned types}}
  %0 = nn.flatten %a {axis = -4 : i64} : (tensor<2x3x4xf32>) -> tensor<1x24xf32>
  return
}

// -----

func.func @flatten_wrong_result(%a: tensor<2x3x4xf32>) {
  // expected-error @below {{'nn.flatten' op inferred type(s) 'tensor<2x12xf32>' are incompatible with return type(s) of operation 'tensor<6x4xf32>'}}
  // expected-error @below {{'nn.flatten' op failed to infer returned types}}
  %0 = nn.flatten %a {axis = 1 : i64} : (tensor<2x3x4xf32>) -> tensor<6x4xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// nn.conv
//===----------------------------------------------------------------------===//

func.func @conv_channel_mismatch(%x: tensor<1x4x8x8xf32>, %w: tensor<6x3x3x3xf32>) {
  // expected-error @below {{input channels 4 != weight channels 3 x group 1}}
  // expected-error @below {{'nn.conv' op failed to infer returned types}}
  %0 = nn.conv %x, %w {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
      : (tensor<1x4x8x8xf32>, tensor<6x3x3x3xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @conv_group_channel_mismatch(%x: tensor<1x4x8x8xf32>, %w: tensor<6x2x3x3xf32>) {
  // expected-error @below {{input channels 4 != weight channels 2 x group 3}}
  // expected-error @below {{'nn.conv' op failed to infer returned types}}
  %0 = nn.conv %x, %w {dilations = array<i64: 1, 1>, group = 3 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
      : (tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @conv_output_channels_not_divisible(%x: tensor<1x4x8x8xf32>, %w: tensor<5x2x3x3xf32>) {
  // expected-error @below {{output channels 5 are not divisible by group 2}}
  // expected-error @below {{'nn.conv' op failed to infer returned types}}
  %0 = nn.conv %x, %w {dilations = array<i64: 1, 1>, group = 2 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
      : (tensor<1x4x8x8xf32>, tensor<5x2x3x3xf32>) -> tensor<1x5x6x6xf32>
  return
}

// -----

func.func @conv_group_zero(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error @below {{group must be >= 1}}
  // expected-error @below {{'nn.conv' op failed to infer returned types}}
  %0 = nn.conv %x, %w {dilations = array<i64: 1, 1>, group = 0 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
      : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @conv_bias_size(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>, %b: tensor<4xf32>) {
  // expected-error @below {{bias [4] must be [6]}}
  // expected-error @below {{'nn.conv' op failed to infer returned types}}
  %0 = nn.conv %x, %w, %b {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
      : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>, tensor<4xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @conv_bias_rank(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>, %b: tensor<1x6xf32>) {
  // expected-error @below {{bias [1,6] must be [6]}}
  // expected-error @below {{'nn.conv' op failed to infer returned types}}
  %0 = nn.conv %x, %w, %b {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
      : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>, tensor<1x6xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @conv_num_strides(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error @below {{expected 2 strides and dilations and 4 pads for 2 spatial dimensions}}
  // expected-error @below {{'nn.conv' op failed to infer returned types}}
  %0 = nn.conv %x, %w {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1>}
      : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @conv_num_pads(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error @below {{expected 2 strides and dilations and 4 pads for 2 spatial dimensions}}
  // expected-error @below {{'nn.conv' op failed to infer returned types}}
  %0 = nn.conv %x, %w {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0>, strides = array<i64: 1, 1>}
      : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @conv_zero_stride(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error @below {{strides and dilations must be >= 1}}
  // expected-error @below {{'nn.conv' op failed to infer returned types}}
  %0 = nn.conv %x, %w {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 0, 1>}
      : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @conv_negative_pad(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error @below {{pads must be >= 0}}
  // expected-error @below {{'nn.conv' op failed to infer returned types}}
  %0 = nn.conv %x, %w {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, -1, 0, 0>, strides = array<i64: 1, 1>}
      : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @conv_window_too_large(%x: tensor<1x4x2x2xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error @below {{conv window larger than padded input [1,4,2,2]}}
  // expected-error @below {{'nn.conv' op failed to infer returned types}}
  %0 = nn.conv %x, %w {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
      : (tensor<1x4x2x2xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x1x1xf32>
  return
}

// -----

func.func @conv_weight_rank(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3xf32>) {
  // expected-error @below {{conv expects input [N,C,D...] and weight [M,C/g,K...] of the same rank >= 3, got [1,4,8,8] and [6,4,3]}}
  // expected-error @below {{'nn.conv' op failed to infer returned types}}
  %0 = nn.conv %x, %w {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
      : (tensor<1x4x8x8xf32>, tensor<6x4x3xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @conv_wrong_result(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error @below {{'nn.conv' op inferred type(s) 'tensor<1x6x6x6xf32>' are incompatible with return type(s) of operation 'tensor<1x6x7x7xf32>'}}
  // expected-error @below {{'nn.conv' op failed to infer returned types}}
  %0 = nn.conv %x, %w {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
      : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x7x7xf32>
  return
}

// -----

func.func @conv_element_types(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf16>) {
  // expected-error @below {{operands must have the same element type, got 'tensor<1x4x8x8xf32>' and 'tensor<6x4x3x3xf16>'}}
  // expected-error @below {{'nn.conv' op failed to infer returned types}}
  %0 = nn.conv %x, %w {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
      : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf16>) -> tensor<1x6x6x6xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

func.func @max_pool_kernel_too_large(%x: tensor<1x2x4x4xf32>) {
  // expected-error @below {{pooling window larger than padded input [1,2,4,4]}}
  // expected-error @below {{'nn.max_pool' op failed to infer returned types}}
  %0 = nn.max_pool %x {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 5, 5>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
      : (tensor<1x2x4x4xf32>) -> tensor<1x2x1x1xf32>
  return
}

// -----

func.func @max_pool_pad_not_smaller_than_kernel(%x: tensor<1x2x4x4xf32>) {
  // expected-error @below {{pads must be smaller than the kernel}}
  // expected-error @below {{'nn.max_pool' op failed to infer returned types}}
  %0 = nn.max_pool %x {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 2, 0, 0, 0>, strides = array<i64: 1, 1>}
      : (tensor<1x2x4x4xf32>) -> tensor<1x2x5x3xf32>
  return
}

// -----

// max_pool takes integers (ONNX MaxPool 12 on); average_pool does not.
func.func @average_pool_integer(%x: tensor<1x2x4x4xi32>) {
  // expected-error @below {{'nn.average_pool' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<1x2x4x4xi32>'}}
  %0 = nn.average_pool %x {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>}
      : (tensor<1x2x4x4xi32>) -> tensor<1x2x2x2xi32>
  return
}

// -----

func.func @max_pool_bool(%x: tensor<1x2x4x4xi1>) {
  // expected-error @below {{but got 'tensor<1x2x4x4xi1>'}}
  %0 = nn.max_pool %x {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>}
      : (tensor<1x2x4x4xi1>) -> tensor<1x2x2x2xi1>
  return
}

// -----

func.func @average_pool_kernel_rank(%x: tensor<1x2x4x4xf32>) {
  // expected-error @below {{kernel_shape has 1 entries for 2 spatial dimensions}}
  // expected-error @below {{'nn.average_pool' op failed to infer returned types}}
  %0 = nn.average_pool %x {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
      : (tensor<1x2x4x4xf32>) -> tensor<1x2x3x3xf32>
  return
}

// -----

func.func @average_pool_num_strides(%x: tensor<1x2x4x4xf32>) {
  // expected-error @below {{expected 2 strides and dilations and 4 pads for 2 spatial dimensions}}
  // expected-error @below {{'nn.average_pool' op failed to infer returned types}}
  %0 = nn.average_pool %x {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1, 1>}
      : (tensor<1x2x4x4xf32>) -> tensor<1x2x3x3xf32>
  return
}

// -----

func.func @average_pool_zero_kernel(%x: tensor<1x2x4x4xf32>) {
  // expected-error @below {{kernel_shape entries must be >= 1}}
  // expected-error @below {{'nn.average_pool' op failed to infer returned types}}
  %0 = nn.average_pool %x {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 0, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
      : (tensor<1x2x4x4xf32>) -> tensor<1x2x3x3xf32>
  return
}

// -----

func.func @average_pool_input_rank(%x: tensor<2x4xf32>) {
  // expected-error @below {{pooling expects input [N,C,D...], got [2,4]}}
  // expected-error @below {{'nn.average_pool' op failed to infer returned types}}
  %0 = nn.average_pool %x {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
      : (tensor<2x4xf32>) -> tensor<2x3xf32>
  return
}

// -----

// Without ceil_mode a 4-wide input with kernel 2, stride 2 gives 2 windows.
func.func @average_pool_floor_result(%x: tensor<1x2x4x4xf32>) {
  // expected-error @below {{'nn.average_pool' op inferred type(s) 'tensor<1x2x2x2xf32>' are incompatible with return type(s) of operation 'tensor<1x2x3x3xf32>'}}
  // expected-error @below {{'nn.average_pool' op failed to infer returned types}}
  %0 = nn.average_pool %x {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>}
      : (tensor<1x2x4x4xf32>) -> tensor<1x2x3x3xf32>
  return
}

// -----

func.func @softmax_rank0(%a: tensor<f32>) -> tensor<f32> {
  // expected-error @below {{'nn.softmax' op axis 0 is out of range for rank 0}}
  %0 = nn.softmax %a {axis = 0 : i64} : tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @conv_empty_kernel(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x0x3xf32>) -> tensor<1x6x9x6xf32> {
  // expected-error @below {{conv kernel [6,4,0,3] has an empty spatial dimension}}
  // expected-error @below {{'nn.conv' op failed to infer returned types}}
  %0 = nn.conv %x, %w {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>,
                       strides = array<i64: 1, 1>} : (tensor<1x4x8x8xf32>, tensor<6x4x0x3xf32>) -> tensor<1x6x9x6xf32>
  return %0 : tensor<1x6x9x6xf32>
}

// -----

func.func @conv_bias_dynamic_channels(%x: tensor<1x4x8x8xf32>, %w: tensor<?x4x3x3xf32>, %b: tensor<2x6xf32>) -> tensor<1x?x6x6xf32> {
  // expected-error @below {{bias [2,6] must be [?]}}
  // expected-error @below {{'nn.conv' op failed to infer returned types}}
  %0 = nn.conv %x, %w, %b {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>,
                           strides = array<i64: 1, 1>} : (tensor<1x4x8x8xf32>, tensor<?x4x3x3xf32>, tensor<2x6xf32>) -> tensor<1x?x6x6xf32>
  return %0 : tensor<1x?x6x6xf32>
}

// -----

func.func @reshape_dynamic_not_multiple(%a: tensor<?x5xf32>) -> tensor<7xf32> {
  // expected-error @below {{'nn.reshape' op cannot reshape [?,5] into [7]: 7 elements are not a multiple of 5}}
  %0 = nn.reshape %a : tensor<?x5xf32> -> tensor<7xf32>
  return %0 : tensor<7xf32>
}
