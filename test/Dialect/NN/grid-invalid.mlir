// RUN: kiln-opt %s -split-input-file -verify-diagnostics

// Verifier errors of nn.grid_sample and nn.affine_grid. Shape-function
// failures of grid_sample are reported twice: the reason, then "failed to
// infer returned types".

func.func @bad_mode(%x: tensor<1x1x4x4xf32>, %g: tensor<1x2x2x2xf32>) {
  // expected-error @below {{'nn.grid_sample' op mode 'bilinear' is not one of nearest, linear, cubic}}
  %y = nn.grid_sample %x, %g {mode = "bilinear"} : (tensor<1x1x4x4xf32>, tensor<1x2x2x2xf32>) -> tensor<1x1x2x2xf32>
  return
}

// -----

func.func @bad_padding(%x: tensor<1x1x4x4xf32>, %g: tensor<1x2x2x2xf32>) {
  // expected-error @below {{padding_mode 'wrap' is not one of zeros, border, reflection}}
  %y = nn.grid_sample %x, %g {padding_mode = "wrap"} : (tensor<1x1x4x4xf32>, tensor<1x2x2x2xf32>) -> tensor<1x1x2x2xf32>
  return
}

// -----

func.func @linear_on_integers(%x: tensor<1x1x4x4xi32>, %g: tensor<1x2x2x2xf32>) {
  // expected-error @below {{mode 'linear' needs a floating-point input, got i32}}
  %y = nn.grid_sample %x, %g : (tensor<1x1x4x4xi32>, tensor<1x2x2x2xf32>) -> tensor<1x1x2x2xi32>
  return
}

// -----

func.func @grid_rank(%x: tensor<1x1x4x4xf32>, %g: tensor<1x2x2xf32>) {
  // expected-error @below {{grid [1,2,2] must have the rank of the input [1,1,4,4]}}
  // expected-error @below {{'nn.grid_sample' op failed to infer returned types}}
  %y = nn.grid_sample %x, %g : (tensor<1x1x4x4xf32>, tensor<1x2x2xf32>) -> tensor<1x1x2xf32>
  return
}

// -----

func.func @grid_tuple(%x: tensor<1x1x4x4xf32>, %g: tensor<1x2x2x3xf32>) {
  // expected-error @below {{grid [1,2,2,3] must end in 2 (one coordinate per spatial dimension of the input [1,1,4,4])}}
  // expected-error @below {{'nn.grid_sample' op failed to infer returned types}}
  %y = nn.grid_sample %x, %g : (tensor<1x1x4x4xf32>, tensor<1x2x2x3xf32>) -> tensor<1x1x2x2xf32>
  return
}

// -----

func.func @batch(%x: tensor<2x1x4x4xf32>, %g: tensor<3x2x2x2xf32>) {
  // expected-error @below {{batch sizes differ: input [2,1,4,4], grid [3,2,2,2]}}
  // expected-error @below {{'nn.grid_sample' op failed to infer returned types}}
  %y = nn.grid_sample %x, %g : (tensor<2x1x4x4xf32>, tensor<3x2x2x2xf32>) -> tensor<2x1x2x2xf32>
  return
}

// -----

func.func @result_shape(%x: tensor<1x3x4x4xf32>, %g: tensor<1x2x5x2xf32>) {
  // expected-error @below {{'nn.grid_sample' op inferred type(s) 'tensor<1x3x2x5xf32>' are incompatible with return type(s) of operation 'tensor<1x3x5x2xf32>'}}
  // expected-error @below {{'nn.grid_sample' op failed to infer returned types}}
  %y = nn.grid_sample %x, %g : (tensor<1x3x4x4xf32>, tensor<1x2x5x2xf32>) -> tensor<1x3x5x2xf32>
  return
}

// -----

func.func @theta_shape(%t: tensor<2x3x3xf32>, %s: tensor<4xi64>) {
  // expected-error @below {{'nn.affine_grid' op theta [2,3,3] must have shape (N, 2, 3) for a size of 4 entries}}
  %y = nn.affine_grid %t, %s : (tensor<2x3x3xf32>, tensor<4xi64>) -> tensor<2x?x?x2xf32>
  return
}

// -----

func.func @short_size(%t: tensor<2x2x3xf32>, %s: tensor<2xi64>) {
  // expected-error @below {{size has 2 entries; it needs (N, C) and at least one spatial size}}
  %y = nn.affine_grid %t, %s : (tensor<2x2x3xf32>, tensor<2xi64>) -> tensor<2x2xf32>
  return
}

// -----

func.func @negative_size(%t: tensor<2x2x3xf32>) {
  %s = nn.constant dense<[2, 1, -1, 4]> : tensor<4xi64>
  // expected-error @below {{size entry 2 is -1; sizes must not be negative}}
  %y = nn.affine_grid %t, %s : (tensor<2x2x3xf32>, tensor<4xi64>) -> tensor<2x?x4x2xf32>
  return
}

// -----

func.func @size_batch(%t: tensor<2x2x3xf32>) {
  %s = nn.constant dense<[3, 1, 5, 4]> : tensor<4xi64>
  // expected-error @below {{size[0] is 3 but theta [2,2,3] holds 2 maps}}
  %y = nn.affine_grid %t, %s : (tensor<2x2x3xf32>, tensor<4xi64>) -> tensor<2x5x4x2xf32>
  return
}

// -----

func.func @result_size(%t: tensor<2x2x3xf32>) {
  %s = nn.constant dense<[2, 1, 5, 4]> : tensor<4xi64>
  // expected-error @below {{result shape [2,4,5,2] differs from the inferred [2,5,4,2]}}
  %y = nn.affine_grid %t, %s : (tensor<2x2x3xf32>, tensor<4xi64>) -> tensor<2x4x5x2xf32>
  return
}

// -----

func.func @element_type(%t: tensor<2x2x3xf32>, %s: tensor<4xi64>) {
  // expected-error @below {{element type changes from 'f32' to 'f16'}}
  %y = nn.affine_grid %t, %s : (tensor<2x2x3xf32>, tensor<4xi64>) -> tensor<2x?x?x2xf16>
  return
}

// -----

func.func @roi_align_rois(%x: tensor<1x1x4x4xf32>, %r: tensor<2x5xf32>, %i: tensor<2xi64>) {
  // expected-error @below {{rois [2,5] must be (R, 4)}}
  // expected-error @below {{'nn.roi_align' op failed to infer returned types}}
  %0 = nn.roi_align %x, %r, %i : (tensor<1x1x4x4xf32>, tensor<2x5xf32>, tensor<2xi64>) -> tensor<2x1x1x1xf32>
  return
}

// -----

func.func @roi_align_mode(%x: tensor<1x1x4x4xf32>, %r: tensor<2x4xf32>, %i: tensor<2xi64>) {
  // expected-error @below {{coordinate_transformation_mode 'edge' is not half_pixel or output_half_pixel}}
  // expected-error @below {{'nn.roi_align' op failed to infer returned types}}
  %0 = nn.roi_align %x, %r, %i {coordinate_transformation_mode = "edge"}
      : (tensor<1x1x4x4xf32>, tensor<2x4xf32>, tensor<2xi64>) -> tensor<2x1x1x1xf32>
  return
}

// -----

func.func @roi_align_indices(%x: tensor<1x1x4x4xf32>, %r: tensor<2x4xf32>, %i: tensor<3xi64>) {
  // expected-error @below {{batch_indices [3] must be (R) for rois [2,4]}}
  // expected-error @below {{'nn.roi_align' op failed to infer returned types}}
  %0 = nn.roi_align %x, %r, %i : (tensor<1x1x4x4xf32>, tensor<2x4xf32>, tensor<3xi64>) -> tensor<2x1x1x1xf32>
  return
}
