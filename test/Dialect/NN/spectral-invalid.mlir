// RUN: kiln-opt %s -split-input-file -verify-diagnostics

// Verifier errors of nn.dft, nn.stft and nn.mel_weight_matrix.

func.func @dft_rank(%x: tensor<8xf32>) {
  // expected-error @below {{'nn.dft' op input [8] needs rank >= 2 (the signal dimensions, then the real and imaginary parts)}}
  %y = nn.dft %x {axis = 0 : i64} : (tensor<8xf32>) -> tensor<8xf32>
  return
}

// -----

func.func @dft_parts(%x: tensor<4x8x3xf32>) {
  // expected-error @below {{'nn.dft' op input [4,8,3] must end in 1 (real values) or 2 (real and imaginary parts)}}
  %y = nn.dft %x {axis = 1 : i64} : (tensor<4x8x3xf32>) -> tensor<4x8x2xf32>
  return
}

// -----

func.func @dft_axis_is_parts(%x: tensor<4x8x2xf32>) {
  // expected-error @below {{'nn.dft' op axis 2 is out of range [0, 1] for input [4,8,2]}}
  %y = nn.dft %x {axis = 2 : i64} : (tensor<4x8x2xf32>) -> tensor<4x8x2xf32>
  return
}

// -----

func.func @dft_onesided_complex(%x: tensor<4x8x2xf32>) {
  // expected-error @below {{'nn.dft' op a onesided result needs real input (last dimension 1), got input [4,8,2]}}
  %y = nn.dft %x {axis = 1 : i64, onesided = true} : (tensor<4x8x2xf32>) -> tensor<4x5x2xf32>
  return
}

// -----

func.func @dft_zero_length(%x: tensor<4x8x1xf32>) {
  %n = nn.constant dense<0> : tensor<i64>
  // expected-error @below {{'nn.dft' op the DFT length is 0; it must be at least 1}}
  %y = nn.dft %x, %n {axis = 1 : i64} : (tensor<4x8x1xf32>, tensor<i64>) -> tensor<4x0x2xf32>
  return
}

// -----

func.func @dft_onesided_size(%x: tensor<4x8x1xf32>) {
  // expected-error @below {{'nn.dft' op result shape [4,8,2] differs from the inferred [4,5,2]}}
  %y = nn.dft %x {axis = 1 : i64, onesided = true} : (tensor<4x8x1xf32>) -> tensor<4x8x2xf32>
  return
}

// -----

func.func @dft_constant_length(%x: tensor<4x8x1xf32>) {
  %n = nn.constant dense<12> : tensor<i64>
  // expected-error @below {{'nn.dft' op result shape [4,8,2] differs from the inferred [4,12,2]}}
  %y = nn.dft %x, %n {axis = 1 : i64} : (tensor<4x8x1xf32>, tensor<i64>) -> tensor<4x8x2xf32>
  return
}

// -----

func.func @dft_result_parts(%x: tensor<4x8x2xf32>) {
  // expected-error @below {{'nn.dft' op result shape [4,8,1] differs from the inferred [4,8,2]}}
  %y = nn.dft %x {axis = 1 : i64} : (tensor<4x8x2xf32>) -> tensor<4x8x1xf32>
  return
}

// -----

func.func @dft_element_type(%x: tensor<4x8x1xf32>) {
  // expected-error @below {{'nn.dft' op element type changes from 'f32' to 'f64'}}
  %y = nn.dft %x {axis = 1 : i64} : (tensor<4x8x1xf32>) -> tensor<4x8x2xf64>
  return
}

// -----

func.func @dft_integer_input(%x: tensor<4x8x1xi32>) {
  // expected-error @below {{operand #0 must be ranked tensor of floating-point values}}
  %y = nn.dft %x {axis = 1 : i64} : (tensor<4x8x1xi32>) -> tensor<4x8x2xi32>
  return
}

// -----

func.func @dft_length_type(%x: tensor<4x8x1xf32>, %n: tensor<i32>) {
  // expected-error @below {{operand #1 must be 0D tensor of 64-bit signless integer values}}
  %y = nn.dft %x, %n {axis = 1 : i64} : (tensor<4x8x1xf32>, tensor<i32>) -> tensor<4x?x2xf32>
  return
}

// -----

func.func @stft_rank(%x: tensor<128x1xf32>, %s: tensor<i64>) {
  // expected-error @below {{'nn.stft' op signal [128,1] must have rank 3 (batch, length, real and imaginary parts)}}
  %y = nn.stft %x, %s : (tensor<128x1xf32>, tensor<i64>) -> tensor<1x?x?x2xf32>
  return
}

// -----

func.func @stft_parts(%x: tensor<1x128x4xf32>, %s: tensor<i64>) {
  // expected-error @below {{'nn.stft' op signal [1,128,4] must end in 1 (real values) or 2 (real and imaginary parts)}}
  %y = nn.stft %x, %s : (tensor<1x128x4xf32>, tensor<i64>) -> tensor<1x?x?x2xf32>
  return
}

// -----

func.func @stft_onesided_complex(%x: tensor<1x128x2xf32>, %s: tensor<i64>) {
  // expected-error @below {{'nn.stft' op a onesided result needs real input (last dimension 1), got signal [1,128,2]}}
  %y = nn.stft %x, %s : (tensor<1x128x2xf32>, tensor<i64>) -> tensor<1x?x65x2xf32>
  return
}

// -----

func.func @stft_zero_step(%x: tensor<1x128x1xf32>) {
  %s = nn.constant dense<0> : tensor<i64>
  // expected-error @below {{'nn.stft' op frame_step is 0; it must be at least 1}}
  %y = nn.stft %x, %s : (tensor<1x128x1xf32>, tensor<i64>) -> tensor<1x?x?x2xf32>
  return
}

// -----

func.func @stft_long_frame(%x: tensor<1x128x1xf32>, %s: tensor<i64>) {
  %n = nn.constant dense<129> : tensor<i64>
  // expected-error @below {{'nn.stft' op the frame length is 129; it must lie in [1, 128], the signal's length}}
  %y = nn.stft %x, %s frame_length %n : (tensor<1x128x1xf32>, tensor<i64>, tensor<i64>) -> tensor<1x?x65x2xf32>
  return
}

// -----

func.func @stft_long_window(%x: tensor<1x8x1xf32>, %s: tensor<i64>, %w: tensor<9xf32>) {
  // expected-error @below {{'nn.stft' op the frame length is 9; it must lie in [1, 8], the signal's length}}
  %y = nn.stft %x, %s window %w : (tensor<1x8x1xf32>, tensor<i64>, tensor<9xf32>) -> tensor<1x?x5x2xf32>
  return
}

// -----

func.func @stft_window_length(%x: tensor<1x128x1xf32>, %s: tensor<i64>, %w: tensor<16xf32>) {
  %n = nn.constant dense<32> : tensor<i64>
  // expected-error @below {{'nn.stft' op the window has 16 entries but frame_length is 32}}
  %y = nn.stft %x, %s window %w frame_length %n : (tensor<1x128x1xf32>, tensor<i64>, tensor<16xf32>, tensor<i64>) -> tensor<1x?x17x2xf32>
  return
}

// -----

func.func @stft_window_type(%x: tensor<1x128x1xf32>, %s: tensor<i64>, %w: tensor<16xf64>) {
  // expected-error @below {{'nn.stft' op the window has element type 'f64' but the signal 'f32'}}
  %y = nn.stft %x, %s window %w : (tensor<1x128x1xf32>, tensor<i64>, tensor<16xf64>) -> tensor<1x?x9x2xf32>
  return
}

// -----

func.func @stft_frames(%x: tensor<1x128x1xf32>, %w: tensor<16xf32>) {
  %s = nn.constant dense<8> : tensor<i64>
  // expected-error @below {{'nn.stft' op result shape [1,16,9,2] differs from the inferred [1,15,9,2]}}
  %y = nn.stft %x, %s window %w : (tensor<1x128x1xf32>, tensor<i64>, tensor<16xf32>) -> tensor<1x16x9x2xf32>
  return
}

// -----

func.func @stft_batch(%x: tensor<2x128x1xf32>, %s: tensor<i64>) {
  // expected-error @below {{'nn.stft' op result shape [3,?,?,2] differs from the inferred [2,?,65,2]}}
  %y = nn.stft %x, %s : (tensor<2x128x1xf32>, tensor<i64>) -> tensor<3x?x?x2xf32>
  return
}

// -----

func.func @mel_negative_bins(%n: tensor<i64>, %sr: tensor<i64>, %lo: tensor<f32>, %hi: tensor<f32>) {
  %m = nn.constant dense<-1> : tensor<i64>
  // expected-error @below {{'nn.mel_weight_matrix' op num_mel_bins is -1; it must not be negative}}
  %w = nn.mel_weight_matrix %m, %n, %sr, %lo, %hi : (tensor<i64>, tensor<i64>, tensor<i64>, tensor<f32>, tensor<f32>) -> tensor<?x?xf32>
  return
}

// -----

func.func @mel_rows(%m: tensor<i64>, %sr: tensor<i64>, %lo: tensor<f32>, %hi: tensor<f32>) {
  %n = nn.constant dense<16> : tensor<i64>
  // expected-error @below {{'nn.mel_weight_matrix' op result shape [8,?] differs from the inferred [9,?]}}
  %w = nn.mel_weight_matrix %m, %n, %sr, %lo, %hi : (tensor<i64>, tensor<i64>, tensor<i64>, tensor<f32>, tensor<f32>) -> tensor<8x?xf32>
  return
}

// -----

func.func @mel_rank(%m: tensor<i64>, %n: tensor<i64>, %sr: tensor<i64>, %lo: tensor<f32>, %hi: tensor<f32>) {
  // expected-error @below {{'nn.mel_weight_matrix' op result shape [?] differs from the inferred [?,?]}}
  %w = nn.mel_weight_matrix %m, %n, %sr, %lo, %hi : (tensor<i64>, tensor<i64>, tensor<i64>, tensor<f32>, tensor<f32>) -> tensor<?xf32>
  return
}

// -----

func.func @mel_edge_types(%m: tensor<i64>, %n: tensor<i64>, %sr: tensor<i64>, %lo: tensor<f32>, %hi: tensor<f64>) {
  // expected-error @below {{'nn.mel_weight_matrix' op lower_edge_hertz has element type 'f32' but upper_edge_hertz 'f64'}}
  %w = nn.mel_weight_matrix %m, %n, %sr, %lo, %hi : (tensor<i64>, tensor<i64>, tensor<i64>, tensor<f32>, tensor<f64>) -> tensor<?x?xf32>
  return
}
