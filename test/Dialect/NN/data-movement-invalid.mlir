// RUN: kiln-opt %s -split-input-file -verify-diagnostics

// Verifier errors of the data movement ops. Shape-function failures are
// reported twice: the reason, then "failed to infer returned types".

//===----------------------------------------------------------------------===//
// nn.transpose
//===----------------------------------------------------------------------===//

func.func @transpose_short_permutation(%x: tensor<2x3x4xf32>) {
  // expected-error @below {{permutation [1,0] has 2 entries but the input has rank 3}}
  // expected-error @below {{'nn.transpose' op failed to infer returned types}}
  %0 = nn.transpose %x {permutation = array<i64: 1, 0>} : (tensor<2x3x4xf32>) -> tensor<3x2xf32>
  return
}

// -----

func.func @transpose_not_a_permutation(%x: tensor<2x3xf32>) {
  // expected-error @below {{permutation [1,1] is not a permutation of 0..1}}
  // expected-error @below {{'nn.transpose' op failed to infer returned types}}
  %0 = nn.transpose %x {permutation = array<i64: 1, 1>} : (tensor<2x3xf32>) -> tensor<3x3xf32>
  return
}

// -----

func.func @transpose_wrong_result(%x: tensor<2x3xf32>) {
  // expected-error @below {{'nn.transpose' op inferred type(s) 'tensor<3x2xf32>' are incompatible with return type(s) of operation 'tensor<2x3xf32>'}}
  // expected-error @below {{'nn.transpose' op failed to infer returned types}}
  %0 = nn.transpose %x {permutation = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// nn.concat
//===----------------------------------------------------------------------===//

func.func @concat_no_inputs() {
  // expected-error @below {{concat needs at least one input}}
  // expected-error @below {{'nn.concat' op failed to infer returned types}}
  %0 = nn.concat {axis = 0 : i64} : () -> tensor<2xf32>
  return
}

// -----

func.func @concat_ranks(%a: tensor<2x3xf32>, %b: tensor<2xf32>) {
  // expected-error @below {{input 1 has rank 1 but input 0 has rank 2}}
  // expected-error @below {{'nn.concat' op failed to infer returned types}}
  %0 = nn.concat %a, %b {axis = 0 : i64} : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @concat_other_dims(%a: tensor<2x3xf32>, %b: tensor<2x4xf32>) {
  // expected-error @below {{input 1 has shape [2,4], which differs from [2,3] outside the concatenation axis 0}}
  // expected-error @below {{'nn.concat' op failed to infer returned types}}
  %0 = nn.concat %a, %b {axis = 0 : i64} : (tensor<2x3xf32>, tensor<2x4xf32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @concat_axis(%a: tensor<2x3xf32>) {
  // expected-error @below {{axis -3 is out of range for rank 2}}
  // expected-error @below {{'nn.concat' op failed to infer returned types}}
  %0 = nn.concat %a, %a {axis = -3 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @concat_element_types(%a: tensor<2xf32>, %b: tensor<2xi32>) {
  // expected-error @below {{operands must have the same element type, got 'tensor<2xf32>' and 'tensor<2xi32>'}}
  // expected-error @below {{'nn.concat' op failed to infer returned types}}
  %0 = nn.concat %a, %b {axis = 0 : i64} : (tensor<2xf32>, tensor<2xi32>) -> tensor<4xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// nn.slice
//===----------------------------------------------------------------------===//

func.func @slice_zero_stride(%x: tensor<4xf32>) {
  // expected-error @below {{'nn.slice' op stride is 0 in dimension 0}}
  %0 = nn.slice %x {offsets = array<i64: 0>, strides = array<i64: 0>} : tensor<4xf32> -> tensor<2xf32>
  return
}

// -----

func.func @slice_past_the_end(%x: tensor<4x5xf32>) {
  // expected-error @below {{'nn.slice' op reads indices 1 to 5 in dimension 1 of size 5}}
  %0 = nn.slice %x {offsets = array<i64: 0, 1>, strides = array<i64: 1, 2>} : tensor<4x5xf32> -> tensor<4x3xf32>
  return
}

// -----

func.func @slice_backwards_before_start(%x: tensor<5xf32>) {
  // expected-error @below {{'nn.slice' op reads indices 2 to -2 in dimension 0 of size 5}}
  %0 = nn.slice %x {offsets = array<i64: 2>, strides = array<i64: -2>} : tensor<5xf32> -> tensor<3xf32>
  return
}

// -----

func.func @slice_dynamic_part(%x: tensor<?x5xf32>) {
  // expected-error @below {{'nn.slice' op a dynamic dimension must be read whole (offset 0, stride 1) in dimension 0}}
  %0 = nn.slice %x {offsets = array<i64: 1, 0>, strides = array<i64: 1, 1>} : tensor<?x5xf32> -> tensor<?x5xf32>
  return
}

// -----

func.func @slice_rank(%x: tensor<4x5xf32>) {
  // expected-error @below {{'nn.slice' op slice of rank 2 needs 2 offsets and strides and a result of that rank; got 1 offsets, 2 strides and a result of rank 2}}
  %0 = nn.slice %x {offsets = array<i64: 0>, strides = array<i64: 1, 1>} : tensor<4x5xf32> -> tensor<4x5xf32>
  return
}

// -----

func.func @slice_element_type(%x: tensor<4xf32>) {
  // expected-error @below {{'nn.slice' op element type changes from 'f32' to 'f16'}}
  %0 = nn.slice %x {offsets = array<i64: 0>, strides = array<i64: 1>} : tensor<4xf32> -> tensor<4xf16>
  return
}

// -----

//===----------------------------------------------------------------------===//
// nn.gather / nn.gather_elements
//===----------------------------------------------------------------------===//

func.func @gather_axis(%x: tensor<5x4xf32>, %i: tensor<3xi64>) {
  // expected-error @below {{axis 2 is out of range for rank 2}}
  // expected-error @below {{'nn.gather' op failed to infer returned types}}
  %0 = nn.gather %x, %i {axis = 2 : i64} : (tensor<5x4xf32>, tensor<3xi64>) -> tensor<5x4xf32>
  return
}

// -----

func.func @gather_scalar_data(%x: tensor<f32>, %i: tensor<3xi64>) {
  // expected-error @below {{gather needs data of rank >= 1}}
  // expected-error @below {{'nn.gather' op failed to infer returned types}}
  %0 = nn.gather %x, %i {axis = 0 : i64} : (tensor<f32>, tensor<3xi64>) -> tensor<3xf32>
  return
}

// -----

func.func @gather_float_indices(%x: tensor<5xf32>, %i: tensor<3xf32>) {
  // expected-error @below {{'nn.gather' op operand #1 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<3xf32>'}}
  %0 = nn.gather %x, %i {axis = 0 : i64} : (tensor<5xf32>, tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @gather_wrong_result(%x: tensor<5x4xf32>, %i: tensor<3xi64>) {
  // expected-error @below {{'nn.gather' op inferred type(s) 'tensor<3x4xf32>' are incompatible with return type(s) of operation 'tensor<4x3xf32>'}}
  // expected-error @below {{'nn.gather' op failed to infer returned types}}
  %0 = nn.gather %x, %i {axis = 0 : i64} : (tensor<5x4xf32>, tensor<3xi64>) -> tensor<4x3xf32>
  return
}

// -----

func.func @gather_elements_rank(%x: tensor<3x3xf32>, %i: tensor<3xi64>) {
  // expected-error @below {{indices [3] must have the rank of the data [3,3]}}
  // expected-error @below {{'nn.gather_elements' op failed to infer returned types}}
  %0 = nn.gather_elements %x, %i {axis = 0 : i64} : (tensor<3x3xf32>, tensor<3xi64>) -> tensor<3xf32>
  return
}

// -----

func.func @gather_elements_larger(%x: tensor<3x3xf32>, %i: tensor<2x4xi64>) {
  // expected-error @below {{indices [2,4] are larger than the data [3,3] in dimension 1}}
  // expected-error @below {{'nn.gather_elements' op failed to infer returned types}}
  %0 = nn.gather_elements %x, %i {axis = 0 : i64} : (tensor<3x3xf32>, tensor<2x4xi64>) -> tensor<2x4xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// nn.expand
//===----------------------------------------------------------------------===//

func.func @expand_mismatch(%x: tensor<3x2xf32>) {
  // expected-error @below {{'nn.expand' op cannot expand [3,2] to [3,4] (dimension 1 is 2, neither 1 nor 4)}}
  %0 = nn.expand %x : tensor<3x2xf32> -> tensor<3x4xf32>
  return
}

// -----

func.func @expand_lower_rank(%x: tensor<1x3xf32>) {
  // expected-error @below {{'nn.expand' op cannot expand [1,3] to the lower rank [3]}}
  %0 = nn.expand %x : tensor<1x3xf32> -> tensor<3xf32>
  return
}

// -----

func.func @expand_element_type(%x: tensor<3xf32>) {
  // expected-error @below {{'nn.expand' op element type changes from 'f32' to 'i32'}}
  %0 = nn.expand %x : tensor<3xf32> -> tensor<2x3xi32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// nn.pad
//===----------------------------------------------------------------------===//

func.func @pad_count(%x: tensor<3x4xf32>, %v: tensor<f32>) {
  // expected-error @below {{pads [1,1] must have 4 entries for rank 2}}
  // expected-error @below {{'nn.pad' op failed to infer returned types}}
  %0 = nn.pad %x, %v {pads = array<i64: 1, 1>} : (tensor<3x4xf32>, tensor<f32>) -> tensor<3x4xf32>
  return
}

// -----

func.func @pad_crop_too_much(%x: tensor<3x4xf32>, %v: tensor<f32>) {
  // expected-error @below {{pads [-2,0,-2,0] remove more than the 3 elements of dimension 0}}
  // expected-error @below {{'nn.pad' op failed to infer returned types}}
  %0 = nn.pad %x, %v {pads = array<i64: -2, 0, -2, 0>} : (tensor<3x4xf32>, tensor<f32>) -> tensor<0x4xf32>
  return
}

// -----

func.func @pad_mode(%x: tensor<3xf32>) {
  // expected-error @below {{pad mode 'mirror' is not one of constant, edge, reflect, wrap}}
  // expected-error @below {{'nn.pad' op failed to infer returned types}}
  %0 = nn.pad %x {mode = "mirror", pads = array<i64: 1, 1>} : (tensor<3xf32>) -> tensor<5xf32>
  return
}

// -----

func.func @pad_constant_without_value(%x: tensor<3xf32>) {
  // expected-error @below {{constant mode needs a padding value}}
  // expected-error @below {{'nn.pad' op failed to infer returned types}}
  %0 = nn.pad %x {pads = array<i64: 1, 1>} : (tensor<3xf32>) -> tensor<5xf32>
  return
}

// -----

func.func @pad_value_in_edge_mode(%x: tensor<3xf32>, %v: tensor<f32>) {
  // expected-error @below {{a padding value is only used in constant mode, not in edge mode}}
  // expected-error @below {{'nn.pad' op failed to infer returned types}}
  %0 = nn.pad %x, %v {mode = "edge", pads = array<i64: 1, 1>} : (tensor<3xf32>, tensor<f32>) -> tensor<5xf32>
  return
}

// -----

func.func @pad_value_type(%x: tensor<3xf32>, %v: tensor<1xf32>) {
  // expected-error @below {{the padding value must be a rank-0 tensor of 'f32', got 'tensor<1xf32>'}}
  // expected-error @below {{'nn.pad' op failed to infer returned types}}
  %0 = nn.pad %x, %v {pads = array<i64: 1, 1>} : (tensor<3xf32>, tensor<1xf32>) -> tensor<5xf32>
  return
}

// -----

func.func @pad_reflect_empty(%x: tensor<0x2xf32>) {
  // expected-error @below {{cannot pad the empty dimension 0 in reflect mode}}
  // expected-error @below {{'nn.pad' op failed to infer returned types}}
  %0 = nn.pad %x {mode = "reflect", pads = array<i64: 1, 0, 1, 0>} : (tensor<0x2xf32>) -> tensor<2x2xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// nn.trilu
//===----------------------------------------------------------------------===//

func.func @trilu_rank(%x: tensor<4xf32>, %k: tensor<i64>) {
  // expected-error @below {{'nn.trilu' op needs an input of rank >= 2, got 'tensor<4xf32>'}}
  %0 = nn.trilu %x, %k {upper = true} : tensor<4xf32>, tensor<i64>
  return
}

// -----

func.func @trilu_k_type(%x: tensor<4x4xf32>, %k: tensor<i32>) {
  // expected-error @below {{'nn.trilu' op operand #1 must be 0D tensor of 64-bit signless integer values, but got 'tensor<i32>'}}
  %0 = nn.trilu %x, %k {upper = true} : tensor<4x4xf32>, tensor<i32>
  return
}
