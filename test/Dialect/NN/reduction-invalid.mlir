// RUN: kiln-opt %s -split-input-file -verify-diagnostics

// Verifier errors of the reductions and normalizations. Shape-function
// failures are reported twice: the reason, then the generic "failed to
// infer returned types" of the InferTypeOpInterface verifier.

//===----------------------------------------------------------------------===//
// nn.reduce
//===----------------------------------------------------------------------===//

func.func @reduce_unknown_kind(%x: tensor<2x3xf32>) {
  // expected-error @below {{'nn.reduce' op attribute 'kind' failed to satisfy constraint: string attribute one of sum, mean, max, min, prod, sum_square, l1, l2, log_sum, log_sum_exp}}
  %0 = nn.reduce "average" %x {axes = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @reduce_axis_out_of_range(%x: tensor<2x3xf32>) {
  // expected-error @below {{axis 2 is out of range [0, 2)}}
  // expected-error @below {{'nn.reduce' op failed to infer returned types}}
  %0 = nn.reduce "sum" %x {axes = array<i64: 2>} : (tensor<2x3xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @reduce_negative_axis(%x: tensor<2x3xf32>) {
  // expected-error @below {{axis -1 is out of range [0, 2)}}
  // expected-error @below {{'nn.reduce' op failed to infer returned types}}
  %0 = nn.reduce "sum" %x {axes = array<i64: -1>} : (tensor<2x3xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @reduce_unsorted_axes(%x: tensor<2x3x4xf32>) {
  // expected-error @below {{axes must be sorted and unique, got [2,0]}}
  // expected-error @below {{'nn.reduce' op failed to infer returned types}}
  %0 = nn.reduce "sum" %x {axes = array<i64: 2, 0>} : (tensor<2x3x4xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @reduce_repeated_axes(%x: tensor<2x3x4xf32>) {
  // expected-error @below {{axes must be sorted and unique, got [1,1]}}
  // expected-error @below {{'nn.reduce' op failed to infer returned types}}
  %0 = nn.reduce "sum" %x {axes = array<i64: 1, 1>} : (tensor<2x3x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @reduce_float_kind_on_integers(%x: tensor<2x3xi32>) {
  // expected-error @below {{reduction 'log_sum_exp' is not defined on element type i32 (it needs a floating-point type)}}
  // expected-error @below {{'nn.reduce' op failed to infer returned types}}
  %0 = nn.reduce "log_sum_exp" %x {axes = array<i64: 1>} : (tensor<2x3xi32>) -> tensor<2xi32>
  return
}

// -----

func.func @reduce_sum_of_bools(%x: tensor<2x3xi1>) {
  // expected-error @below {{reduction 'sum' is not defined on element type i1}}
  // expected-error @below {{'nn.reduce' op failed to infer returned types}}
  %0 = nn.reduce "sum" %x {axes = array<i64: 1>} : (tensor<2x3xi1>) -> tensor<2xi1>
  return
}

// -----

func.func @reduce_wrong_result_shape(%x: tensor<2x3xf32>) {
  // expected-error @below {{'nn.reduce' op inferred type(s) 'tensor<2x1xf32>' are incompatible with return type(s) of operation 'tensor<2xf32>'}}
  // expected-error @below {{'nn.reduce' op failed to infer returned types}}
  %0 = nn.reduce "sum" %x {axes = array<i64: 1>, keepdims = true} : (tensor<2x3xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @reduce_wrong_element_type(%x: tensor<2x3xf32>) {
  // expected-error @below {{'nn.reduce' op inferred type(s) 'tensor<2xf32>' are incompatible with return type(s) of operation 'tensor<2xf16>'}}
  // expected-error @below {{'nn.reduce' op failed to infer returned types}}
  %0 = nn.reduce "max" %x {axes = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2xf16>
  return
}

// -----

//===----------------------------------------------------------------------===//
// nn.arg_max / nn.arg_min
//===----------------------------------------------------------------------===//

func.func @arg_max_axis_out_of_range(%x: tensor<2x3xf32>) {
  // expected-error @below {{axis 2 is out of range [0, 2)}}
  // expected-error @below {{'nn.arg_max' op failed to infer returned types}}
  %0 = nn.arg_max %x {axis = 2 : i64} : (tensor<2x3xf32>) -> tensor<2xi64>
  return
}

// -----

func.func @arg_min_negative_axis(%x: tensor<2x3xf32>) {
  // expected-error @below {{axis -1 is out of range [0, 2)}}
  // expected-error @below {{'nn.arg_min' op failed to infer returned types}}
  %0 = nn.arg_min %x {axis = -1 : i64} : (tensor<2x3xf32>) -> tensor<2xi64>
  return
}

// -----

func.func @arg_max_result_not_i64(%x: tensor<2x3xf32>) {
  // expected-error @below {{'nn.arg_max' op result #0 must be ranked tensor of 64-bit signless integer values, but got 'tensor<2xi32>'}}
  %0 = nn.arg_max %x {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2xi32>
  return
}

// -----

func.func @arg_max_keepdims_shape(%x: tensor<2x3xf32>) {
  // expected-error @below {{'nn.arg_max' op inferred type(s) 'tensor<2x1xi64>' are incompatible with return type(s) of operation 'tensor<2xi64>'}}
  // expected-error @below {{'nn.arg_max' op failed to infer returned types}}
  %0 = nn.arg_max %x {axis = 1 : i64, keepdims = true} : (tensor<2x3xf32>) -> tensor<2xi64>
  return
}

// -----

//===----------------------------------------------------------------------===//
// nn.cumsum / nn.log_softmax / nn.hardmax
//===----------------------------------------------------------------------===//

func.func @cumsum_axis_out_of_range(%x: tensor<5xf32>) {
  // expected-error @below {{'nn.cumsum' op axis 1 is out of range [0, 1)}}
  %0 = nn.cumsum %x {axis = 1 : i64} : tensor<5xf32>
  return
}

// -----

func.func @cumsum_result_type(%x: tensor<5xf32>) {
  // expected-error @below {{'nn.cumsum' op requires the same type for all operands and results}}
  %0 = "nn.cumsum"(%x) <{axis = 0 : i64}> : (tensor<5xf32>) -> tensor<5xf16>
  return
}

// -----

func.func @log_softmax_axis_out_of_range(%x: tensor<3x4xf32>) {
  // expected-error @below {{'nn.log_softmax' op axis -3 is out of range for rank 2}}
  %0 = nn.log_softmax %x {axis = -3 : i64} : tensor<3x4xf32>
  return
}

// -----

func.func @log_softmax_integer(%x: tensor<3x4xi32>) {
  // expected-error @below {{'nn.log_softmax' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<3x4xi32>'}}
  %0 = nn.log_softmax %x {axis = 1 : i64} : tensor<3x4xi32>
  return
}

// -----

func.func @hardmax_axis_out_of_range(%x: tensor<3x4xf32>) {
  // expected-error @below {{'nn.hardmax' op axis 2 is out of range for rank 2}}
  %0 = nn.hardmax %x {axis = 2 : i64} : tensor<3x4xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// nn.batch_norm
//===----------------------------------------------------------------------===//

func.func @batch_norm_rank_1(%x: tensor<3xf32>, %c: tensor<3xf32>) {
  // expected-error @below {{input must have rank >= 2 ([N, C, ...]), got [3]}}
  // expected-error @below {{'nn.batch_norm' op failed to infer returned types}}
  %0 = nn.batch_norm %x, %c, %c, %c, %c
      : (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @batch_norm_channel_mismatch(%x: tensor<2x3x4xf32>, %c: tensor<3xf32>, %w: tensor<4xf32>) {
  // expected-error @below {{var must have shape [3] (the input's channel count), got [4]}}
  // expected-error @below {{'nn.batch_norm' op failed to infer returned types}}
  %0 = nn.batch_norm %x, %c, %c, %c, %w
      : (tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  return
}

// -----

func.func @batch_norm_per_channel_rank(%x: tensor<2x3x4xf32>, %c: tensor<3xf32>, %s: tensor<3x1xf32>) {
  // expected-error @below {{scale must have shape [3] (the input's channel count), got [3,1]}}
  // expected-error @below {{'nn.batch_norm' op failed to infer returned types}}
  %0 = nn.batch_norm %x, %s, %c, %c, %c
      : (tensor<2x3x4xf32>, tensor<3x1xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4xf32>
  return
}

// -----

func.func @batch_norm_mixed_types(%x: tensor<2x3xf32>, %c: tensor<3xf32>, %h: tensor<3xf16>) {
  // expected-error @below {{operands must have the same element type, got 'tensor<2x3xf32>' and 'tensor<3xf16>'}}
  // expected-error @below {{'nn.batch_norm' op failed to infer returned types}}
  %0 = nn.batch_norm %x, %c, %h, %c, %c
      : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf16>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// nn.standardize
//===----------------------------------------------------------------------===//

func.func @standardize_no_axes(%x: tensor<2x3xf32>) {
  // expected-error @below {{axes must not be empty}}
  // expected-error @below {{'nn.standardize' op failed to infer returned types}}
  %0:3 = nn.standardize %x {axes = array<i64>}
      : (tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>)
  return
}

// -----

func.func @standardize_axis_out_of_range(%x: tensor<2x3xf32>) {
  // expected-error @below {{axis 5 is out of range [0, 2)}}
  // expected-error @below {{'nn.standardize' op failed to infer returned types}}
  %0:3 = nn.standardize %x {axes = array<i64: 5>}
      : (tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x1xf32>, tensor<2x1xf32>)
  return
}

// -----

func.func @standardize_stats_shape(%x: tensor<2x3xf32>) {
  // expected-error @below {{'nn.standardize' op inferred type(s) 'tensor<2x3xf32>', 'tensor<2x1xf32>', 'tensor<2x1xf32>' are incompatible with return type(s) of operation 'tensor<2x3xf32>', 'tensor<2xf32>', 'tensor<2x1xf32>'}}
  // expected-error @below {{'nn.standardize' op failed to infer returned types}}
  %0:3 = nn.standardize %x {axes = array<i64: 1>}
      : (tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2xf32>, tensor<2x1xf32>)
  return
}
