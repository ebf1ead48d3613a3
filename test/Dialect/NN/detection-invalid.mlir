// RUN: kiln-opt %s -split-input-file -verify-diagnostics

// Verifier errors of nn.non_max_suppression.

func.func @boxes_rank(%b: tensor<6x4xf32>, %s: tensor<1x1x6xf32>, %m: tensor<i64>, %i: tensor<f32>) {
  // expected-error @below {{'nn.non_max_suppression' op boxes must have rank 3 ([num_batches, num_boxes, 4]), got [6,4]}}
  %0 = nn.non_max_suppression %b, %s, %m, %i : (tensor<6x4xf32>, tensor<1x1x6xf32>, tensor<i64>, tensor<f32>) -> tensor<?x3xi64>
  return
}

// -----

func.func @scores_rank(%b: tensor<1x6x4xf32>, %s: tensor<1x6xf32>, %m: tensor<i64>, %i: tensor<f32>) {
  // expected-error @below {{'nn.non_max_suppression' op scores must have rank 3 ([num_batches, num_classes, num_boxes]), got [1,6]}}
  %0 = nn.non_max_suppression %b, %s, %m, %i : (tensor<1x6x4xf32>, tensor<1x6xf32>, tensor<i64>, tensor<f32>) -> tensor<?x3xi64>
  return
}

// -----

func.func @last_dim(%b: tensor<1x6x5xf32>, %s: tensor<1x1x6xf32>, %m: tensor<i64>, %i: tensor<f32>) {
  // expected-error @below {{'nn.non_max_suppression' op the last dimension of boxes must be 4, got [1,6,5]}}
  %0 = nn.non_max_suppression %b, %s, %m, %i : (tensor<1x6x5xf32>, tensor<1x1x6xf32>, tensor<i64>, tensor<f32>) -> tensor<?x3xi64>
  return
}

// -----

func.func @batches(%b: tensor<2x6x4xf32>, %s: tensor<3x1x6xf32>, %m: tensor<i64>, %i: tensor<f32>) {
  // expected-error @below {{'nn.non_max_suppression' op boxes [2,6,4] and scores [3,1,6] differ in the number of batches (2 and 3)}}
  %0 = nn.non_max_suppression %b, %s, %m, %i : (tensor<2x6x4xf32>, tensor<3x1x6xf32>, tensor<i64>, tensor<f32>) -> tensor<?x3xi64>
  return
}

// -----

func.func @boxes_count(%b: tensor<?x6x4xf32>, %s: tensor<1x1x5xf32>, %m: tensor<i64>, %i: tensor<f32>) {
  // expected-error @below {{'nn.non_max_suppression' op boxes [?,6,4] and scores [1,1,5] differ in the number of boxes (6 and 5)}}
  %0 = nn.non_max_suppression %b, %s, %m, %i : (tensor<?x6x4xf32>, tensor<1x1x5xf32>, tensor<i64>, tensor<f32>) -> tensor<?x3xi64>
  return
}

// -----

func.func @scores_type(%b: tensor<1x6x4xf32>, %s: tensor<1x1x6xf16>, %m: tensor<i64>, %i: tensor<f32>) {
  // expected-error @below {{'nn.non_max_suppression' op scores have element type 'f16' but the boxes 'f32'}}
  %0 = nn.non_max_suppression %b, %s, %m, %i : (tensor<1x6x4xf32>, tensor<1x1x6xf16>, tensor<i64>, tensor<f32>) -> tensor<?x3xi64>
  return
}

// -----

func.func @iou_type(%b: tensor<1x6x4xf32>, %s: tensor<1x1x6xf32>, %m: tensor<i64>, %i: tensor<f64>) {
  // expected-error @below {{'nn.non_max_suppression' op iou_threshold has element type 'f64' but the boxes 'f32'}}
  %0 = nn.non_max_suppression %b, %s, %m, %i : (tensor<1x6x4xf32>, tensor<1x1x6xf32>, tensor<i64>, tensor<f64>) -> tensor<?x3xi64>
  return
}

// -----

func.func @threshold_type(%b: tensor<1x6x4xf32>, %s: tensor<1x1x6xf32>, %m: tensor<i64>, %i: tensor<f32>, %t: tensor<f16>) {
  // expected-error @below {{'nn.non_max_suppression' op score_threshold has element type 'f16' but the boxes 'f32'}}
  %0 = nn.non_max_suppression %b, %s, %m, %i, %t : (tensor<1x6x4xf32>, tensor<1x1x6xf32>, tensor<i64>, tensor<f32>, tensor<f16>) -> tensor<?x3xi64>
  return
}

// -----

func.func @center_point_box(%b: tensor<1x6x4xf32>, %s: tensor<1x1x6xf32>, %m: tensor<i64>, %i: tensor<f32>) {
  // expected-error @below {{'nn.non_max_suppression' op center_point_box must be 0 or 1, got 2}}
  %0 = nn.non_max_suppression %b, %s, %m, %i {center_point_box = 2 : i64} : (tensor<1x6x4xf32>, tensor<1x1x6xf32>, tensor<i64>, tensor<f32>) -> tensor<?x3xi64>
  return
}

// -----

func.func @result_columns(%b: tensor<1x6x4xf32>, %s: tensor<1x1x6xf32>, %m: tensor<i64>, %i: tensor<f32>) {
  // expected-error @below {{'nn.non_max_suppression' op result shape [?,4] must be [num_selected, 3]}}
  %0 = nn.non_max_suppression %b, %s, %m, %i : (tensor<1x6x4xf32>, tensor<1x1x6xf32>, tensor<i64>, tensor<f32>) -> tensor<?x4xi64>
  return
}

// -----

func.func @result_rows(%b: tensor<1x6x4xf32>, %s: tensor<1x2x6xf32>, %m: tensor<i64>, %i: tensor<f32>) {
  // expected-error @below {{'nn.non_max_suppression' op result has 13 rows, more than the 12 (batch, class, box) triples}}
  %0 = nn.non_max_suppression %b, %s, %m, %i : (tensor<1x6x4xf32>, tensor<1x2x6xf32>, tensor<i64>, tensor<f32>) -> tensor<13x3xi64>
  return
}

// -----

func.func @result_type(%b: tensor<1x6x4xf32>, %s: tensor<1x1x6xf32>, %m: tensor<i64>, %i: tensor<f32>) {
  // expected-error @below {{'nn.non_max_suppression' op result #0 must be ranked tensor of 64-bit signless integer values}}
  %0 = nn.non_max_suppression %b, %s, %m, %i : (tensor<1x6x4xf32>, tensor<1x1x6xf32>, tensor<i64>, tensor<f32>) -> tensor<?x3xi32>
  return
}

// -----

func.func @max_output_type(%b: tensor<1x6x4xf32>, %s: tensor<1x1x6xf32>, %m: tensor<1xi64>, %i: tensor<f32>) {
  // expected-error @below {{'nn.non_max_suppression' op operand #2 must be 0D tensor of 64-bit signless integer values}}
  %0 = nn.non_max_suppression %b, %s, %m, %i : (tensor<1x6x4xf32>, tensor<1x1x6xf32>, tensor<1xi64>, tensor<f32>) -> tensor<?x3xi64>
  return
}
