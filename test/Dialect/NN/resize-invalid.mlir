// RUN: kiln-opt %s -split-input-file -verify-diagnostics

// Verifier errors of nn.resize.

func.func @bad_mode(%x: tensor<2x4xf32>) {
  %s = nn.constant dense<2.0> : tensor<1xf32>
  // expected-error @below {{'nn.resize' op mode 'bilinear' is not one of nearest, linear, cubic}}
  %y = nn.resize %x scales %s {axes = array<i64: 1>, mode = "bilinear"} : (tensor<2x4xf32>, tensor<1xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @bad_coordinate_mode(%x: tensor<2x4xf32>) {
  %s = nn.constant dense<2.0> : tensor<1xf32>
  // expected-error @below {{coordinate_transformation_mode 'center' is not one of half_pixel, half_pixel_symmetric, pytorch_half_pixel, align_corners, asymmetric, tf_half_pixel_for_nn, tf_crop_and_resize}}
  %y = nn.resize %x scales %s {axes = array<i64: 1>, coordinate_transformation_mode = "center"} : (tensor<2x4xf32>, tensor<1xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @bad_nearest_mode(%x: tensor<2x4xf32>) {
  %s = nn.constant dense<2.0> : tensor<1xf32>
  // expected-error @below {{nearest_mode 'round' is not one of round_prefer_floor, round_prefer_ceil, floor, ceil}}
  %y = nn.resize %x scales %s {axes = array<i64: 1>, nearest_mode = "round"} : (tensor<2x4xf32>, tensor<1xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @bad_policy(%x: tensor<2x4xf32>, %n: tensor<1xi64>) {
  // expected-error @below {{keep_aspect_ratio_policy 'fit' is not one of stretch, not_larger, not_smaller}}
  %y = nn.resize %x sizes %n {axes = array<i64: 1>, keep_aspect_ratio_policy = "fit"} : (tensor<2x4xf32>, tensor<1xi64>) -> tensor<2x?xf32>
  return
}

// -----

func.func @linear_on_integers(%x: tensor<2x4xi32>) {
  %s = nn.constant dense<2.0> : tensor<1xf32>
  // expected-error @below {{mode 'linear' needs a floating-point element type, got i32}}
  %y = nn.resize %x scales %s {axes = array<i64: 1>, mode = "linear"} : (tensor<2x4xi32>, tensor<1xf32>) -> tensor<2x8xi32>
  return
}

// -----

func.func @antialias_nearest(%x: tensor<2x4xf32>) {
  %s = nn.constant dense<0.5> : tensor<1xf32>
  // expected-error @below {{antialias applies to linear and cubic modes, not to nearest}}
  %y = nn.resize %x scales %s {axes = array<i64: 1>, antialias = true} : (tensor<2x4xf32>, tensor<1xf32>) -> tensor<2x2xf32>
  return
}

// -----

func.func @scales_and_sizes(%x: tensor<2x4xf32>, %s: tensor<1xf32>, %n: tensor<1xi64>) {
  // expected-error @below {{needs exactly one of scales and sizes}}
  %y = nn.resize %x scales %s sizes %n {axes = array<i64: 1>} : (tensor<2x4xf32>, tensor<1xf32>, tensor<1xi64>) -> tensor<2x?xf32>
  return
}

// -----

func.func @neither(%x: tensor<2x4xf32>) {
  // expected-error @below {{needs exactly one of scales and sizes}}
  %y = nn.resize %x {axes = array<i64: 1>} : (tensor<2x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @scales_length(%x: tensor<2x4xf32>, %s: tensor<2xf32>) {
  // expected-error @below {{scales must have 1 entries (1 axes), got 'tensor<2xf32>'}}
  %y = nn.resize %x scales %s {axes = array<i64: 1>} : (tensor<2x4xf32>, tensor<2xf32>) -> tensor<2x?xf32>
  return
}

// -----

func.func @crop_without_roi(%x: tensor<2x4xf32>, %n: tensor<1xi64>) {
  // expected-error @below {{coordinate_transformation_mode 'tf_crop_and_resize' needs a roi}}
  %y = nn.resize %x sizes %n {axes = array<i64: 1>, coordinate_transformation_mode = "tf_crop_and_resize"} : (tensor<2x4xf32>, tensor<1xi64>) -> tensor<2x?xf32>
  return
}

// -----

func.func @roi_without_crop(%x: tensor<2x4xf32>, %n: tensor<1xi64>, %r: tensor<2xf32>) {
  // expected-error @below {{roi applies only to coordinate_transformation_mode 'tf_crop_and_resize'}}
  %y = nn.resize %x sizes %n roi %r {axes = array<i64: 1>} : (tensor<2x4xf32>, tensor<1xi64>, tensor<2xf32>) -> tensor<2x?xf32>
  return
}

// -----

func.func @roi_length(%x: tensor<2x4xf32>, %n: tensor<1xi64>, %r: tensor<4xf32>) {
  // expected-error @below {{roi must have 2 entries (1 axes), got 'tensor<4xf32>'}}
  %y = nn.resize %x sizes %n roi %r {axes = array<i64: 1>, coordinate_transformation_mode = "tf_crop_and_resize"} : (tensor<2x4xf32>, tensor<1xi64>, tensor<4xf32>) -> tensor<2x?xf32>
  return
}

// -----

func.func @axis_out_of_range(%x: tensor<2x4xf32>, %s: tensor<1xf32>) {
  // expected-error @below {{axis 2 is out of range for rank 2}}
  %y = nn.resize %x scales %s {axes = array<i64: 2>} : (tensor<2x4xf32>, tensor<1xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @repeated_axis(%x: tensor<2x4xf32>, %s: tensor<2xf32>) {
  // expected-error @below {{axis 1 is given more than once}}
  %y = nn.resize %x scales %s {axes = array<i64: 1, 1>} : (tensor<2x4xf32>, tensor<2xf32>) -> tensor<2x?xf32>
  return
}

// -----

func.func @policy_with_scales(%x: tensor<2x4xf32>, %s: tensor<1xf32>) {
  // expected-error @below {{keep_aspect_ratio_policy 'not_smaller' applies to sizes, not to scales}}
  %y = nn.resize %x scales %s {axes = array<i64: 1>, keep_aspect_ratio_policy = "not_smaller"} : (tensor<2x4xf32>, tensor<1xf32>) -> tensor<2x?xf32>
  return
}

// -----

func.func @negative_scale(%x: tensor<2x4xf32>) {
  %s = nn.constant dense<-2.0> : tensor<1xf32>
  // expected-error @below {{scale 0 is -2; scales must be positive}}
  %y = nn.resize %x scales %s {axes = array<i64: 1>} : (tensor<2x4xf32>, tensor<1xf32>) -> tensor<2x?xf32>
  return
}

// -----

func.func @negative_size(%x: tensor<2x4xf32>) {
  %n = nn.constant dense<-3> : tensor<1xi64>
  // expected-error @below {{size 0 is -3; sizes must not be negative}}
  %y = nn.resize %x sizes %n {axes = array<i64: 1>} : (tensor<2x4xf32>, tensor<1xi64>) -> tensor<2x?xf32>
  return
}

// -----

func.func @grow_empty(%x: tensor<2x0xf32>) {
  %n = nn.constant dense<3> : tensor<1xi64>
  // expected-error @below {{dimension 1 is empty and cannot be resized to 3}}
  %y = nn.resize %x sizes %n {axes = array<i64: 1>} : (tensor<2x0xf32>, tensor<1xi64>) -> tensor<2x3xf32>
  return
}

// -----

// floor(5 * 1.5) = 7.
func.func @wrong_scaled_size(%x: tensor<2x5xf32>) {
  %s = nn.constant dense<1.5> : tensor<1xf32>
  // expected-error @below {{result shape [2,8] differs from the inferred [2,7]}}
  %y = nn.resize %x scales %s {axes = array<i64: 1>} : (tensor<2x5xf32>, tensor<1xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @wrong_kept_dimension(%x: tensor<2x5xf32>, %n: tensor<1xi64>) {
  // expected-error @below {{result shape [3,?] differs from the inferred [2,?]}}
  %y = nn.resize %x sizes %n {axes = array<i64: 1>} : (tensor<2x5xf32>, tensor<1xi64>) -> tensor<3x?xf32>
  return
}

// -----

func.func @element_type_changes(%x: tensor<2x5xf32>, %n: tensor<1xi64>) {
  // expected-error @below {{element type changes from 'f32' to 'f16'}}
  %y = nn.resize %x sizes %n {axes = array<i64: 1>} : (tensor<2x5xf32>, tensor<1xi64>) -> tensor<2x?xf16>
  return
}
