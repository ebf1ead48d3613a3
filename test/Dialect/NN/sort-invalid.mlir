// RUN: kiln-opt %s -split-input-file -verify-diagnostics

// Verifier errors of nn.top_k, nn.nonzero and nn.unique.

func.func @top_k_axis(%x: tensor<3x4xf32>, %k: tensor<i64>) {
  // expected-error @below {{'nn.top_k' op axis 2 is out of range for rank 2}}
  %v, %i = nn.top_k %x, %k {axis = 2 : i64} : (tensor<3x4xf32>, tensor<i64>) -> (tensor<3x?xf32>, tensor<3x?xi64>)
  return
}

// -----

func.func @top_k_scalar(%x: tensor<f32>, %k: tensor<i64>) {
  // expected-error @below {{'nn.top_k' op needs an input of rank >= 1}}
  %v, %i = nn.top_k %x, %k {axis = 0 : i64} : (tensor<f32>, tensor<i64>) -> (tensor<f32>, tensor<i64>)
  return
}

// -----

func.func @top_k_k_too_large(%x: tensor<3x4xf32>, %k: tensor<i64>) {
  // expected-error @below {{'nn.top_k' op k = 5 is more than the size of the axis, 4}}
  %v, %i = nn.top_k %x, %k {axis = 1 : i64} : (tensor<3x4xf32>, tensor<i64>) -> (tensor<3x5xf32>, tensor<3x5xi64>)
  return
}

// -----

func.func @top_k_other_dim(%x: tensor<3x4xf32>, %k: tensor<i64>) {
  // expected-error @below {{'nn.top_k' op result shape [2,?] does not match the input [3,4] with k entries along axis 1}}
  %v, %i = nn.top_k %x, %k {axis = 1 : i64} : (tensor<3x4xf32>, tensor<i64>) -> (tensor<2x?xf32>, tensor<2x?xi64>)
  return
}

// -----

func.func @top_k_values_type(%x: tensor<3x4xf32>, %k: tensor<i64>) {
  // expected-error @below {{'nn.top_k' op values have element type 'f16' but the input 'f32'}}
  %v, %i = nn.top_k %x, %k {axis = 1 : i64} : (tensor<3x4xf32>, tensor<i64>) -> (tensor<3x?xf16>, tensor<3x?xi64>)
  return
}

// -----

func.func @top_k_results_differ(%x: tensor<3x4xf32>, %k: tensor<i64>) {
  // expected-error @below {{'nn.top_k' op values [3,2] and indices [3,3] differ in shape}}
  %v, %i = nn.top_k %x, %k {axis = 1 : i64} : (tensor<3x4xf32>, tensor<i64>) -> (tensor<3x2xf32>, tensor<3x3xi64>)
  return
}

// -----

func.func @top_k_k_vector(%x: tensor<3x4xf32>, %k: tensor<1xi64>) {
  // expected-error @below {{operand #1 must be 0D tensor of 64-bit signless integer values}}
  %v, %i = nn.top_k %x, %k {axis = 1 : i64} : (tensor<3x4xf32>, tensor<1xi64>) -> (tensor<3x?xf32>, tensor<3x?xi64>)
  return
}

// -----

func.func @nonzero_rank(%x: tensor<2x3xf32>) {
  // expected-error @below {{'nn.nonzero' op result shape [3,?] must be [2, count]}}
  %0 = nn.nonzero %x : (tensor<2x3xf32>) -> tensor<3x?xi64>
  return
}

// -----

func.func @nonzero_count(%x: tensor<2x3xf32>) {
  // expected-error @below {{'nn.nonzero' op count 7 is more than the 6 entries of the input}}
  %0 = nn.nonzero %x : (tensor<2x3xf32>) -> tensor<2x7xi64>
  return
}

// -----

func.func @nonzero_scalar(%x: tensor<f32>) {
  // expected-error @below {{'nn.nonzero' op needs an input of rank >= 1}}
  %0 = nn.nonzero %x : (tensor<f32>) -> tensor<0x?xi64>
  return
}

// -----

func.func @unique_axis(%x: tensor<6xf32>) {
  // expected-error @below {{'nn.unique' op axis 1 is out of range for rank 1}}
  %u:4 = nn.unique %x {axis = 1 : i64} : (tensor<6xf32>) -> (tensor<?xf32>, tensor<?xi64>, tensor<6xi64>, tensor<?xi64>)
  return
}

// -----

func.func @unique_inverse(%x: tensor<6xf32>) {
  // expected-error @below {{'nn.unique' op inverse_indices must be 1-D of size 6, got [5]}}
  %u:4 = nn.unique %x {axis = 0 : i64} : (tensor<6xf32>) -> (tensor<?xf32>, tensor<?xi64>, tensor<5xi64>, tensor<?xi64>)
  return
}

// -----

func.func @unique_too_many(%x: tensor<6xf32>) {
  // expected-error @below {{'nn.unique' op output has 7 distinct slices, more than the input's 6}}
  %u:4 = nn.unique %x {axis = 0 : i64} : (tensor<6xf32>) -> (tensor<7xf32>, tensor<?xi64>, tensor<6xi64>, tensor<?xi64>)
  return
}

// -----

func.func @unique_counts(%x: tensor<6xf32>) {
  // expected-error @below {{'nn.unique' op counts must be 1-D of size 3, got [2]}}
  %u:4 = nn.unique %x {axis = 0 : i64} : (tensor<6xf32>) -> (tensor<3xf32>, tensor<?xi64>, tensor<6xi64>, tensor<2xi64>)
  return
}

// -----

func.func @unique_slice_shape(%x: tensor<2x3xf32>) {
  // expected-error @below {{'nn.unique' op output shape [?,4] does not match the input [2,3] with the distinct slices along axis 0}}
  %u:4 = nn.unique %x {axis = 0 : i64} : (tensor<2x3xf32>) -> (tensor<?x4xf32>, tensor<?xi64>, tensor<2xi64>, tensor<?xi64>)
  return
}
