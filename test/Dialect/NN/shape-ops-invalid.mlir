// RUN: kiln-opt %s -split-input-file -verify-diagnostics

// Verifier errors of the run-time shape ops.

func.func @shape_bad_range(%x: tensor<?x4xf32>) {
  // expected-error @below {{start 1 and end 3 must satisfy 0 <= start <= end <= rank (2)}}
  // expected-error @below {{'nn.shape' op failed to infer returned types}}
  %0 = nn.shape %x {start = 1 : i64, end = 3 : i64} : tensor<?x4xf32> -> tensor<2xi64>
  return
}

// -----

func.func @shape_wrong_length(%x: tensor<?x4xf32>) {
  // expected-error @below {{'nn.shape' op inferred type(s) 'tensor<2xi64>' are incompatible with return type(s) of operation 'tensor<1xi64>'}}
  // expected-error @below {{'nn.shape' op failed to infer returned types}}
  %0 = nn.shape %x {start = 0 : i64, end = 2 : i64} : tensor<?x4xf32> -> tensor<1xi64>
  return
}

// -----

func.func @reshape_shape_length(%x: tensor<?x4xf32>, %s: tensor<3xi64>) {
  // expected-error @below {{'nn.dynamic_reshape' op the shape operand has 3 entries, expected 2}}
  %0 = nn.dynamic_reshape %x, %s : (tensor<?x4xf32>, tensor<3xi64>) -> tensor<?x?xf32>
  return
}

// -----

func.func @reshape_dynamic_shape_length(%x: tensor<?x4xf32>, %s: tensor<?xi64>) {
  // expected-error @below {{'nn.dynamic_reshape' op the shape operand must be a 1-D tensor of static length, got shape [?]}}
  %0 = nn.dynamic_reshape %x, %s : (tensor<?x4xf32>, tensor<?xi64>) -> tensor<?x?xf32>
  return
}

// -----

func.func @reshape_count(%x: tensor<3x4xf32>, %s: tensor<2xi64>) {
  // expected-error @below {{'nn.dynamic_reshape' op cannot reshape [3,4] (12 elements) to [5,2] (10 elements)}}
  %0 = nn.dynamic_reshape %x, %s : (tensor<3x4xf32>, tensor<2xi64>) -> tensor<5x2xf32>
  return
}

// -----

func.func @reshape_element_type(%x: tensor<?x4xf32>, %s: tensor<2xi64>) {
  // expected-error @below {{'nn.dynamic_reshape' op element type changes from 'f32' to 'i32'}}
  %0 = nn.dynamic_reshape %x, %s : (tensor<?x4xf32>, tensor<2xi64>) -> tensor<?x?xi32>
  return
}

// -----

func.func @expand_rank(%x: tensor<?x4xf32>, %s: tensor<3xi64>) {
  // expected-error @below {{'nn.dynamic_expand' op the result has rank 2, expected 3 (the larger of the input's rank and the shape's length)}}
  %0 = nn.dynamic_expand %x, %s : (tensor<?x4xf32>, tensor<3xi64>) -> tensor<?x4xf32>
  return
}

// -----

func.func @expand_static_mismatch(%x: tensor<?x4xf32>, %s: tensor<2xi64>) {
  // expected-error @below {{'nn.dynamic_expand' op cannot expand [?,4] to [?,5] (dimension 1 is 4, neither 1 nor 5)}}
  %0 = nn.dynamic_expand %x, %s : (tensor<?x4xf32>, tensor<2xi64>) -> tensor<?x5xf32>
  return
}

// -----

func.func @fill_value_type(%s: tensor<2xi64>) {
  // expected-error @below {{'nn.dynamic_fill' op value 1 : i32 must have the result's element type 'f32'}}
  %0 = nn.dynamic_fill %s {value = 1 : i32} : tensor<2xi64> -> tensor<?x?xf32>
  return
}

// -----

func.func @fill_rank(%s: tensor<2xi64>) {
  // expected-error @below {{'nn.dynamic_fill' op the shape operand has 2 entries, expected 3}}
  %0 = nn.dynamic_fill %s {value = 1.0 : f32} : tensor<2xi64> -> tensor<?x?x?xf32>
  return
}

// -----

func.func @range_types(%a: tensor<i64>, %b: tensor<i32>) {
  // expected-error @below {{'nn.dynamic_range' op start, limit and delta must have the result's element type 'i64', got 'tensor<i32>'}}
  %0 = nn.dynamic_range %a, %b, %a : tensor<i64>, tensor<i32>, tensor<i64> -> tensor<?xi64>
  return
}

// -----

func.func @range_rank(%a: tensor<i64>) {
  // expected-error @below {{'nn.dynamic_range' op result must be 1-D, got 'tensor<?x?xi64>'}}
  %0 = nn.dynamic_range %a, %a, %a : tensor<i64>, tensor<i64>, tensor<i64> -> tensor<?x?xi64>
  return
}

// -----

func.func @slice_axes(%x: tensor<?x4xf32>, %s: tensor<2xi64>) {
  // expected-error @below {{'nn.dynamic_slice' op axes [1,1] must be unique and in [0, 2)}}
  %0 = nn.dynamic_slice %x, %s, %s {axes = array<i64: 1, 1>, steps = array<i64: 1, 1>}
      : (tensor<?x4xf32>, tensor<2xi64>, tensor<2xi64>) -> tensor<?x?xf32>
  return
}

// -----

func.func @slice_zero_step(%x: tensor<?x4xf32>, %s: tensor<1xi64>) {
  // expected-error @below {{'nn.dynamic_slice' op step is 0 for axis 0}}
  %0 = nn.dynamic_slice %x, %s, %s {axes = array<i64: 0>, steps = array<i64: 0>}
      : (tensor<?x4xf32>, tensor<1xi64>, tensor<1xi64>) -> tensor<?x4xf32>
  return
}

// -----

func.func @slice_starts_length(%x: tensor<?x4xf32>, %s: tensor<2xi64>, %e: tensor<1xi64>) {
  // expected-error @below {{'nn.dynamic_slice' op the starts operand has 2 entries, expected 1}}
  %0 = nn.dynamic_slice %x, %s, %e {axes = array<i64: 0>, steps = array<i64: 1>}
      : (tensor<?x4xf32>, tensor<2xi64>, tensor<1xi64>) -> tensor<?x4xf32>
  return
}

// -----

func.func @slice_kept_dim(%x: tensor<?x4xf32>, %s: tensor<1xi64>) {
  // expected-error @below {{'nn.dynamic_slice' op result dimension 1 (3) does not fit the input [?,4]}}
  %0 = nn.dynamic_slice %x, %s, %s {axes = array<i64: 0>, steps = array<i64: 1>}
      : (tensor<?x4xf32>, tensor<1xi64>, tensor<1xi64>) -> tensor<?x3xf32>
  return
}
