// RUN: kiln-opt %s -split-input-file -verify-diagnostics

// Verifier errors of nn.gather_nd, nn.scatter_elements and nn.scatter_nd.
// Shape-function failures of gather_nd are reported twice: the reason,
// then "failed to infer returned types".

func.func @gather_nd_tuple_too_long(%x: tensor<4xf32>, %i: tensor<1x2xi64>) {
  // expected-error @below {{index tuples of length 2 do not fit data of shape [4] with batch_dims 0}}
  // expected-error @below {{'nn.gather_nd' op failed to infer returned types}}
  %0 = nn.gather_nd %x, %i : (tensor<4xf32>, tensor<1x2xi64>) -> tensor<1xf32>
  return
}

// -----

func.func @gather_nd_dynamic_tuple(%x: tensor<4x4xf32>, %i: tensor<1x?xi64>) {
  // expected-error @below {{the last dimension of the indices must be static}}
  // expected-error @below {{'nn.gather_nd' op failed to infer returned types}}
  %0 = nn.gather_nd %x, %i : (tensor<4x4xf32>, tensor<1x?xi64>) -> tensor<1xf32>
  return
}

// -----

func.func @gather_nd_batch_mismatch(%x: tensor<2x4xf32>, %i: tensor<3x1xi64>) {
  // expected-error @below {{batch dimension 0 differs: data [2,4], indices [3,1]}}
  // expected-error @below {{'nn.gather_nd' op failed to infer returned types}}
  %0 = nn.gather_nd %x, %i {batch_dims = 1 : i64} : (tensor<2x4xf32>, tensor<3x1xi64>) -> tensor<3xf32>
  return
}

// -----

func.func @gather_nd_wrong_result(%x: tensor<3x4xf32>, %i: tensor<2x1xi64>) {
  // expected-error @below {{'nn.gather_nd' op inferred type(s) 'tensor<2x4xf32>' are incompatible with return type(s) of operation 'tensor<2x3xf32>'}}
  // expected-error @below {{'nn.gather_nd' op failed to infer returned types}}
  %0 = nn.gather_nd %x, %i : (tensor<3x4xf32>, tensor<2x1xi64>) -> tensor<2x3xf32>
  return
}

// -----

func.func @scatter_elements_reduction(%x: tensor<4xf32>, %i: tensor<2xi64>, %u: tensor<2xf32>) {
  // expected-error @below {{'nn.scatter_elements' op unknown reduction 'sum' (expected none, add, mul, max or min)}}
  %0 = nn.scatter_elements %x, %i, %u {axis = 0 : i64, reduction = "sum"} : (tensor<4xf32>, tensor<2xi64>, tensor<2xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @scatter_elements_shapes(%x: tensor<4x3xf32>, %i: tensor<2x3xi64>, %u: tensor<2x2xf32>) {
  // expected-error @below {{'nn.scatter_elements' op indices [2,3] and updates [2,2] differ in shape}}
  %0 = nn.scatter_elements %x, %i, %u {axis = 0 : i64} : (tensor<4x3xf32>, tensor<2x3xi64>, tensor<2x2xf32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @scatter_elements_larger(%x: tensor<4x3xf32>, %i: tensor<2x4xi64>, %u: tensor<2x4xf32>) {
  // expected-error @below {{'nn.scatter_elements' op updates [2,4] are larger than the data [4,3] in dimension 1}}
  %0 = nn.scatter_elements %x, %i, %u {axis = 0 : i64} : (tensor<4x3xf32>, tensor<2x4xi64>, tensor<2x4xf32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @scatter_elements_axis(%x: tensor<4xf32>, %i: tensor<2xi64>, %u: tensor<2xf32>) {
  // expected-error @below {{'nn.scatter_elements' op axis 1 is out of range for rank 1}}
  %0 = nn.scatter_elements %x, %i, %u {axis = 1 : i64} : (tensor<4xf32>, tensor<2xi64>, tensor<2xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @scatter_elements_element_type(%x: tensor<4xf32>, %i: tensor<2xi64>, %u: tensor<2xf16>) {
  // expected-error @below {{'nn.scatter_elements' op updates have element type 'f16' but the data 'f32'}}
  %0 = nn.scatter_elements %x, %i, %u {axis = 0 : i64} : (tensor<4xf32>, tensor<2xi64>, tensor<2xf16>) -> tensor<4xf32>
  return
}

// -----

func.func @scatter_nd_updates(%x: tensor<4x3xf32>, %i: tensor<2x1xi64>, %u: tensor<2x4xf32>) {
  // expected-error @below {{'nn.scatter_nd' op updates [2,4] must have shape [2,3] (indices [2,1], data [4,3])}}
  %0 = nn.scatter_nd %x, %i, %u : (tensor<4x3xf32>, tensor<2x1xi64>, tensor<2x4xf32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @scatter_nd_tuple(%x: tensor<4xf32>, %i: tensor<2x2xi64>, %u: tensor<2xf32>) {
  // expected-error @below {{'nn.scatter_nd' op index tuples of length 2 do not fit data of shape [4]}}
  %0 = nn.scatter_nd %x, %i, %u : (tensor<4xf32>, tensor<2x2xi64>, tensor<2xf32>) -> tensor<4xf32>
  return
}
