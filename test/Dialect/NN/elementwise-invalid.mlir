// RUN: kiln-opt %s -split-input-file -verify-diagnostics

func.func @compare_result_not_bool(%a: tensor<2xf32>, %b: tensor<2xf32>) {
  // expected-error @below {{'nn.less' op result #0 must be ranked tensor of 1-bit signless integer values}}
  %0 = nn.less %a, %b : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @logical_on_float(%a: tensor<2xf32>, %b: tensor<2xf32>) {
  // expected-error @below {{'nn.and' op operand #0 must be ranked tensor of signless integer or unsigned integer values}}
  %0 = nn.and %a, %b : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xi1>
  return
}

// -----

func.func @where_condition_not_bool(%c: tensor<2xf32>, %a: tensor<2xf32>) {
  // expected-error @below {{'nn.where' op operand #0 must be ranked tensor of 1-bit signless integer values}}
  %0 = nn.where %c, %a, %a : (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @where_bad_broadcast(%c: tensor<3xi1>, %a: tensor<2xf32>) {
  // expected-error @below {{shapes [3] and [2] do not broadcast (dimension 0: 3 vs 2)}}
  // expected-error @below {{'nn.where' op failed to infer returned types}}
  %0 = nn.where %c, %a, %a : (tensor<3xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @where_mixed_types(%c: tensor<2xi1>, %a: tensor<2xf32>, %b: tensor<2xi32>) {
  // expected-error @below {{operands must have the same element type, got 'tensor<2xf32>' and 'tensor<2xi32>'}}
  // expected-error @below {{'nn.where' op failed to infer returned types}}
  %0 = nn.where %c, %a, %b : (tensor<2xi1>, tensor<2xf32>, tensor<2xi32>) -> tensor<2xf32>
  return
}

// -----

func.func @cast_changes_shape(%a: tensor<2xf32>) {
  // expected-error @below {{'nn.cast' op requires the same shape for all operands and results}}
  %0 = nn.cast %a : tensor<2xf32> -> tensor<3xi64>
  return
}

// -----

func.func @exp_on_int(%a: tensor<2xi32>) {
  // expected-error @below {{'nn.exp' op operand #0 must be ranked tensor of floating-point values}}
  %0 = nn.exp %a : tensor<2xi32>
  return
}

// -----

func.func @is_nan_result_type(%a: tensor<2xf32>) {
  // expected-error @below {{'nn.is_nan' op result #0 must be ranked tensor of 1-bit signless integer values}}
  %0 = nn.is_nan %a : tensor<2xf32> -> tensor<2xf32>
  return
}
