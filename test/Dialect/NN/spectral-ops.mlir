// RUN: kiln-opt %s | FileCheck %s
// RUN: kiln-opt %s | kiln-opt | FileCheck %s
// RUN: kiln-opt %s --mlir-print-op-generic | kiln-opt | FileCheck %s

// Round trip of nn.dft, nn.stft and nn.mel_weight_matrix: real and complex
// input (onesided on real input only), constant and run-time lengths, optional operands present and
// absent, dynamic dimensions, a declared static size refining one that is
// known only at run time. Attributes at their default values are not
// printed.

// CHECK-LABEL: func.func @dft
// CHECK-SAME: (%[[X:.+]]: tensor<2x10x1xf32>, %[[C:.+]]: tensor<?x?x?x2xf64>, %[[N:.+]]: tensor<i64>, %[[D:.+]]: tensor<?x?xbf16>)
// CHECK: nn.dft %[[X]] {axis = 1 : i64} : (tensor<2x10x1xf32>) -> tensor<2x10x2xf32>
// CHECK: nn.dft %[[X]] {axis = 1 : i64, onesided = true} : (tensor<2x10x1xf32>) -> tensor<2x6x2xf32>
// CHECK: nn.dft %[[X]], %[[N]] {axis = 0 : i64, inverse = true} : (tensor<2x10x1xf32>, tensor<i64>) -> tensor<?x10x2xf32>
// CHECK: %[[L:.+]] = nn.constant dense<7> : tensor<i64>
// CHECK: nn.dft %[[C]], %[[L]] {axis = 2 : i64, inverse = true} : (tensor<?x?x?x2xf64>, tensor<i64>) -> tensor<?x?x7x2xf64>
// CHECK: nn.dft %[[C]] {axis = 0 : i64} : (tensor<?x?x?x2xf64>) -> tensor<3x?x?x2xf64>
// CHECK: nn.dft %[[D]], %[[N]] {axis = 0 : i64, onesided = true} : (tensor<?x?xbf16>, tensor<i64>) -> tensor<?x2xbf16>
func.func @dft(%x: tensor<2x10x1xf32>, %c: tensor<?x?x?x2xf64>, %n: tensor<i64>, %d: tensor<?x?xbf16>)
    -> (tensor<2x10x2xf32>, tensor<2x6x2xf32>, tensor<?x10x2xf32>, tensor<?x?x7x2xf64>,
        tensor<3x?x?x2xf64>, tensor<?x2xbf16>) {
  %0 = nn.dft %x {axis = 1 : i64} : (tensor<2x10x1xf32>) -> tensor<2x10x2xf32>
  %1 = nn.dft %x {axis = 1 : i64, onesided = true} : (tensor<2x10x1xf32>) -> tensor<2x6x2xf32>
  %2 = nn.dft %x, %n {axis = 0 : i64, inverse = true} : (tensor<2x10x1xf32>, tensor<i64>) -> tensor<?x10x2xf32>
  %l = nn.constant dense<7> : tensor<i64>
  %3 = nn.dft %c, %l {axis = 2 : i64, inverse = true} : (tensor<?x?x?x2xf64>, tensor<i64>) -> tensor<?x?x7x2xf64>
  %4 = nn.dft %c {axis = 0 : i64} : (tensor<?x?x?x2xf64>) -> tensor<3x?x?x2xf64>
  %5 = nn.dft %d, %n {axis = 0 : i64, onesided = true} : (tensor<?x?xbf16>, tensor<i64>) -> tensor<?x2xbf16>
  return %0, %1, %2, %3, %4, %5 : tensor<2x10x2xf32>, tensor<2x6x2xf32>, tensor<?x10x2xf32>,
                                  tensor<?x?x7x2xf64>, tensor<3x?x?x2xf64>, tensor<?x2xbf16>
}

// CHECK-LABEL: func.func @stft
// CHECK-SAME: (%[[S:.+]]: tensor<1x128x1xf32>, %[[STEP:.+]]: tensor<i64>, %[[W:.+]]: tensor<16xf32>, %[[FL:.+]]: tensor<i64>, %[[D:.+]]: tensor<?x?x?xf16>, %[[WD:.+]]: tensor<?xf16>)
// CHECK: nn.stft %[[S]], %[[STEP]] window %[[W]] : (tensor<1x128x1xf32>, tensor<i64>, tensor<16xf32>) -> tensor<1x?x9x2xf32>
// CHECK: nn.stft %[[S]], %[[STEP]] frame_length %[[FL]] {onesided = false} : (tensor<1x128x1xf32>, tensor<i64>, tensor<i64>) -> tensor<1x?x?x2xf32>
// CHECK: %[[EIGHT:.+]] = nn.constant dense<8> : tensor<i64>
// CHECK: nn.stft %[[S]], %[[EIGHT]] window %[[W]] frame_length %[[FL]] : (tensor<1x128x1xf32>, tensor<i64>, tensor<16xf32>, tensor<i64>) -> tensor<1x15x9x2xf32>
// CHECK: nn.stft %[[S]], %[[EIGHT]] : (tensor<1x128x1xf32>, tensor<i64>) -> tensor<1x1x65x2xf32>
// CHECK: nn.stft %[[D]], %[[STEP]] window %[[WD]] : (tensor<?x?x?xf16>, tensor<i64>, tensor<?xf16>) -> tensor<?x?x?x2xf16>
func.func @stft(%s: tensor<1x128x1xf32>, %step: tensor<i64>, %w: tensor<16xf32>, %fl: tensor<i64>,
                %d: tensor<?x?x?xf16>, %wd: tensor<?xf16>)
    -> (tensor<1x?x9x2xf32>, tensor<1x?x?x2xf32>, tensor<1x15x9x2xf32>, tensor<1x1x65x2xf32>,
        tensor<?x?x?x2xf16>) {
  %0 = nn.stft %s, %step window %w : (tensor<1x128x1xf32>, tensor<i64>, tensor<16xf32>) -> tensor<1x?x9x2xf32>
  %1 = nn.stft %s, %step frame_length %fl {onesided = false} : (tensor<1x128x1xf32>, tensor<i64>, tensor<i64>) -> tensor<1x?x?x2xf32>
  %eight = nn.constant dense<8> : tensor<i64>
  %2 = nn.stft %s, %eight window %w frame_length %fl : (tensor<1x128x1xf32>, tensor<i64>, tensor<16xf32>, tensor<i64>) -> tensor<1x15x9x2xf32>
  %3 = nn.stft %s, %eight : (tensor<1x128x1xf32>, tensor<i64>) -> tensor<1x1x65x2xf32>
  %4 = nn.stft %d, %step window %wd : (tensor<?x?x?xf16>, tensor<i64>, tensor<?xf16>) -> tensor<?x?x?x2xf16>
  return %0, %1, %2, %3, %4 : tensor<1x?x9x2xf32>, tensor<1x?x?x2xf32>, tensor<1x15x9x2xf32>,
                              tensor<1x1x65x2xf32>, tensor<?x?x?x2xf16>
}

// CHECK-LABEL: func.func @mel_weight_matrix
// CHECK: nn.mel_weight_matrix %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}} : (tensor<i64>, tensor<i64>, tensor<i64>, tensor<f32>, tensor<f32>) -> tensor<?x?xf32>
// CHECK: nn.mel_weight_matrix %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}} : (tensor<i64>, tensor<i64>, tensor<i64>, tensor<f64>, tensor<f64>) -> tensor<9x8xui8>
func.func @mel_weight_matrix(%m: tensor<i64>, %n: tensor<i64>, %sr: tensor<i64>,
                             %lo: tensor<f32>, %hi: tensor<f32>, %lo64: tensor<f64>,
                             %hi64: tensor<f64>) -> (tensor<?x?xf32>, tensor<9x8xui8>) {
  %0 = nn.mel_weight_matrix %m, %n, %sr, %lo, %hi : (tensor<i64>, tensor<i64>, tensor<i64>, tensor<f32>, tensor<f32>) -> tensor<?x?xf32>
  %eight = nn.constant dense<8> : tensor<i64>
  %sixteen = nn.constant dense<16> : tensor<i64>
  %1 = nn.mel_weight_matrix %eight, %sixteen, %sr, %lo64, %hi64 : (tensor<i64>, tensor<i64>, tensor<i64>, tensor<f64>, tensor<f64>) -> tensor<9x8xui8>
  return %0, %1 : tensor<?x?xf32>, tensor<9x8xui8>
}
