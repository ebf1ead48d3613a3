// RUN: kiln-opt %s -kiln-convert-nn-to-linalg -canonicalize -cse -split-input-file | FileCheck %s

// nn.dft and nn.stft: a generic tabulating cos and sin of 2 pi t / n in
// f64, a reduction generic over (result position..., t) reading the table
// at (j * t) mod n (reduced in integers) and accumulating the real and
// imaginary sums in f64, and a generic writing them as the [..., 2] result
// in the element type. nn.mel_weight_matrix: a generic computing the bin
// of every band edge, then one over the matrix.

// Real input, static: only the real parts are read (a rank-reducing slice
// drops the parts dimension); the forward transform negates the sine term.
// CHECK-DAG: #[[$T:.+]] = affine_map<(d0) -> (d0)>
// CHECK-DAG: #[[$IN:.+]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-DAG: #[[$SUM:.+]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[$ID3:.+]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @dft_real
// CHECK-SAME: (%[[X:.+]]: tensor<6x3x1xf32>)
// CHECK-DAG: %[[TWOPI:.+]] = arith.constant 6.2831853071795862 : f64
// CHECK-DAG: %[[N:.+]] = arith.constant 6.000000e+00 : f64
// CHECK-DAG: %[[NI:.+]] = arith.constant 6 : i64
// CHECK-NOT: cf.assert
// CHECK: %[[RE:.+]] = tensor.extract_slice %[[X]][0, 0, 0] [6, 3, 1] [1, 1, 1] : tensor<6x3x1xf32> to tensor<6x3xf32>
// CHECK: %[[TE:.+]] = tensor.empty() : tensor<6xf64>
// CHECK: %[[TAB:.+]]:2 = linalg.generic {indexing_maps = [#[[$T]], #[[$T]]], iterator_types = ["parallel"]} outs(%[[TE]], %[[TE]] : tensor<6xf64>, tensor<6xf64>)
// CHECK: %[[A:.+]] = arith.mulf %{{.+}}, %[[TWOPI]] : f64
// CHECK: %[[ANGLE:.+]] = arith.divf %[[A]], %[[N]] : f64
// CHECK: %[[COS:.+]] = math.cos %[[ANGLE]] : f64
// CHECK: %[[SIN:.+]] = math.sin %[[ANGLE]] : f64
// CHECK: linalg.yield %[[COS]], %[[SIN]] : f64, f64
// CHECK: %[[FILL:.+]] = linalg.fill ins(%{{.+}} : f64) outs(%{{.+}} : tensor<6x3xf64>)
// CHECK: %[[SUMS:.+]]:2 = linalg.generic {indexing_maps = [#[[$IN]], #[[$SUM]], #[[$SUM]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[RE]] : tensor<6x3xf32>) outs(%[[FILL]], %[[FILL]] : tensor<6x3xf64>, tensor<6x3xf64>)
// CHECK-NEXT: ^bb0(%[[XV:.+]]: f32, %[[ACCR:.+]]: f64, %[[ACCI:.+]]: f64):
// CHECK-DAG: %[[J:.+]] = linalg.index 0 : index
// CHECK-DAG: %[[K:.+]] = linalg.index 2 : index
// CHECK-DAG: %[[KI:.+]] = arith.index_cast %[[K]] : index to i64
// CHECK-DAG: %[[JI:.+]] = arith.index_cast %[[J]] : index to i64
// CHECK: %[[P:.+]] = arith.muli %[[JI]], %[[KI]] : i64
// CHECK: %[[R:.+]] = arith.remsi %[[P]], %[[NI]] : i64
// CHECK: %[[RI:.+]] = arith.index_cast %[[R]] : i64 to index
// CHECK: %[[C:.+]] = tensor.extract %[[TAB]]#0[%[[RI]]] : tensor<6xf64>
// CHECK: %[[S:.+]] = tensor.extract %[[TAB]]#1[%[[RI]]] : tensor<6xf64>
// CHECK: %[[XF:.+]] = arith.extf %[[XV]] : f32 to f64
// CHECK: %[[XC:.+]] = arith.mulf %[[XF]], %[[C]] : f64
// CHECK: %[[XS:.+]] = arith.mulf %[[XF]], %[[S]] : f64
// CHECK: %[[NEG:.+]] = arith.negf %[[XS]] : f64
// CHECK: %[[NR:.+]] = arith.addf %[[ACCR]], %[[XC]] : f64
// CHECK: %[[NIM:.+]] = arith.addf %[[ACCI]], %[[NEG]] : f64
// CHECK: linalg.yield %[[NR]], %[[NIM]] : f64, f64
// CHECK: %[[OUT:.+]] = tensor.empty() : tensor<6x3x2xf32>
// CHECK: %[[Y:.+]] = linalg.generic {indexing_maps = [#[[$SUM]], #[[$SUM]], #[[$ID3]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[SUMS]]#0, %[[SUMS]]#1 : tensor<6x3xf64>, tensor<6x3xf64>) outs(%[[OUT]] : tensor<6x3x2xf32>)
// CHECK: %[[PART:.+]] = linalg.index 2 : index
// CHECK: %[[ISRE:.+]] = arith.cmpi eq, %[[PART]], %{{.+}} : index
// CHECK: %[[V:.+]] = arith.select %[[ISRE]], %{{.+}}, %{{.+}} : f64
// CHECK: %[[T:.+]] = arith.truncf %[[V]] : f64 to f32
// CHECK: linalg.yield %[[T]] : f32
// CHECK: return %[[Y]]
func.func @dft_real(%x: tensor<6x3x1xf32>) -> tensor<6x3x2xf32> {
  %y = nn.dft %x {axis = 0 : i64} : (tensor<6x3x1xf32>) -> tensor<6x3x2xf32>
  return %y : tensor<6x3x2xf32>
}

// -----

// Complex input, inverse, a run-time length: the length is read and
// checked, the result's declared size 5 checked against it before
// anything is computed, the samples sliced to min(n, size of the axis),
// the imaginary parts read from part 1, the sums divided by n.
// CHECK-LABEL: func.func @dft_complex_inverse
// CHECK-SAME: (%[[X:.+]]: tensor<2x8x2xf64>, %[[L:.+]]: tensor<i64>)
// CHECK: %[[N:.+]] = tensor.extract %[[L]][] : tensor<i64>
// CHECK: %[[OK:.+]] = arith.cmpi sge, %[[N]], %{{.+}} : i64
// CHECK: cf.assert %[[OK]], "nn.dft: the DFT length is less than 1"
// CHECK: %[[NIDX:.+]] = arith.index_cast %[[N]] : i64 to index
// CHECK: %[[USED:.+]] = arith.minsi %[[NIDX]], %{{.+}} : index
// CHECK: %[[RE:.+]] = tensor.extract_slice %[[X]][0, 0, 0] [2, %[[USED]], 1] [1, 1, 1] : tensor<2x8x2xf64> to tensor<2x?xf64>
// CHECK: %[[IM:.+]] = tensor.extract_slice %[[X]][0, 0, 1] [2, %[[USED]], 1] [1, 1, 1] : tensor<2x8x2xf64> to tensor<2x?xf64>
// CHECK: %[[SAME:.+]] = arith.cmpi eq, %[[NIDX]], %{{.+}} : index
// CHECK: cf.assert %[[SAME]], "nn.dft: result dimension 1 differs from its declared size 5"
// CHECK: %[[NF:.+]] = arith.sitofp %[[N]] : i64 to f64
// CHECK: tensor.empty(%[[NIDX]]) : tensor<?xf64>
// CHECK: math.cos
// CHECK: %[[SUMS:.+]]:2 = linalg.generic {{.*}} ins(%[[RE]], %[[IM]] : tensor<2x?xf64>, tensor<2x?xf64>) outs({{.*}} : tensor<2x5xf64>, tensor<2x5xf64>)
// CHECK-NEXT: ^bb0(%[[XR:.+]]: f64, %[[XI:.+]]: f64, %[[ACCR:.+]]: f64, %[[ACCI:.+]]: f64):
// CHECK: %[[C:.+]] = tensor.extract %{{.+}}#0
// CHECK: %[[S:.+]] = tensor.extract %{{.+}}#1
// CHECK: %[[RC:.+]] = arith.mulf %[[XR]], %[[C]] : f64
// CHECK: %[[RS:.+]] = arith.mulf %[[XR]], %[[S]] : f64
// CHECK: %[[IS:.+]] = arith.mulf %[[XI]], %[[S]] : f64
// CHECK: %[[IC:.+]] = arith.mulf %[[XI]], %[[C]] : f64
// CHECK: %[[NR:.+]] = arith.subf %[[RC]], %[[IS]] : f64
// CHECK: %[[NIM:.+]] = arith.addf %[[RS]], %[[IC]] : f64
// CHECK: arith.addf %[[ACCR]], %[[NR]] : f64
// CHECK: arith.addf %[[ACCI]], %[[NIM]] : f64
// CHECK: %[[Y:.+]] = linalg.generic {{.*}} ins(%[[SUMS]]#0, %[[SUMS]]#1 : tensor<2x5xf64>, tensor<2x5xf64>) outs(%{{.+}} : tensor<2x5x2xf64>)
// CHECK: %[[V:.+]] = arith.select
// CHECK: %[[D:.+]] = arith.divf %[[V]], %[[NF]] : f64
// CHECK: linalg.yield %[[D]] : f64
// CHECK: return %[[Y]]
func.func @dft_complex_inverse(%x: tensor<2x8x2xf64>, %l: tensor<i64>) -> tensor<2x5x2xf64> {
  %y = nn.dft %x, %l {axis = 1 : i64, inverse = true} : (tensor<2x8x2xf64>, tensor<i64>) -> tensor<2x5x2xf64>
  return %y : tensor<2x5x2xf64>
}

// -----

// Parts known only at run time: checked to be 1 or 2; the imaginary parts
// are read from part min(1, C - 1) and scaled by (C == 2).
// CHECK-LABEL: func.func @dft_dynamic_parts
// CHECK-SAME: (%[[X:.+]]: tensor<?x?x?xf16>)
// CHECK: %[[C:.+]] = tensor.dim %[[X]], %c2 : tensor<?x?x?xf16>
// CHECK: %[[TWO:.+]] = arith.cmpi eq, %[[C]], %c2 : index
// CHECK: %[[ONE:.+]] = arith.cmpi eq, %[[C]], %c1 : index
// CHECK: %[[EITHER:.+]] = arith.ori %[[ONE]], %[[TWO]] : i1
// CHECK: cf.assert %[[EITHER]], "nn.dft: the input's last dimension (real, or real and imaginary parts) is neither 1 nor 2"
// CHECK: cf.assert %{{.+}}, "nn.dft: the DFT length is less than 1"
// CHECK: %[[LAST:.+]] = arith.subi %[[C]], %c1 : index
// CHECK: %[[PART:.+]] = arith.minsi %[[LAST]], %c1 : index
// CHECK: %[[IM:.+]] = tensor.extract_slice %[[X]][0, 0, %[[PART]]]
// CHECK: %[[SCALE:.+]] = arith.select %[[TWO]], %{{.+}}, %{{.+}} : f64
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-NEXT: ^bb0(%{{.+}}: f16, %[[XIN:.+]]: f16, %{{.+}}: f64, %{{.+}}: f64):
// CHECK: %[[XI:.+]] = arith.extf %[[XIN]] : f16 to f32
// CHECK: %[[XI64:.+]] = arith.extf %[[XI]] : f32 to f64
// CHECK: arith.mulf %[[XI64]], %[[SCALE]] : f64
// CHECK: linalg.generic
// CHECK: %[[T32:.+]] = arith.truncf %{{.+}} : f64 to f32
// CHECK: %[[T16:.+]] = arith.truncf %[[T32]] : f32 to f16
// CHECK: linalg.yield %[[T16]] : f16
func.func @dft_dynamic_parts(%x: tensor<?x?x?xf16>) -> tensor<?x?x2xf16> {
  %y = nn.dft %x {axis = 1 : i64} : (tensor<?x?x?xf16>) -> tensor<?x?x2xf16>
  return %y : tensor<?x?x2xf16>
}

// -----

// Onesided with parts known only at run time: they must be 1 (real input).
// CHECK-LABEL: func.func @dft_onesided_dynamic_parts
// CHECK: %[[C:.+]] = tensor.dim %{{.+}}, %c1 : tensor<?x?xf32>
// CHECK: %[[REAL:.+]] = arith.cmpi eq, %[[C]], %c1 : index
// CHECK: cf.assert %[[REAL]], "nn.dft: a onesided result needs real input, but the input's last dimension is not 1"
// CHECK-COUNT-1: tensor.extract_slice
// CHECK-NOT: tensor.extract_slice
func.func @dft_onesided_dynamic_parts(%x: tensor<?x?xf32>) -> tensor<?x2xf32> {
  %y = nn.dft %x {axis = 0 : i64, onesided = true} : (tensor<?x?xf32>) -> tensor<?x2xf32>
  return %y : tensor<?x2xf32>
}

// -----

// STFT with a window and a run-time step: the step is checked, the frame
// count is (128 - 16) / step + 1; the window gives the reduction's extent
// and each sample is read at f * step + t.
// CHECK-DAG: #[[$W:.+]] = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-DAG: #[[$SUM4:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @stft_window
// CHECK-SAME: (%[[X:.+]]: tensor<1x128x1xf32>, %[[STEP:.+]]: tensor<i64>, %[[W:.+]]: tensor<16xf32>)
// CHECK-DAG: %[[C112:.+]] = arith.constant 112 : i64
// CHECK-DAG: %[[C16:.+]] = arith.constant 16 : i64
// CHECK: %[[S:.+]] = tensor.extract %[[STEP]][] : tensor<i64>
// CHECK: cf.assert %{{.+}}, "nn.stft: frame_step is less than 1"
// CHECK: %[[Q:.+]] = arith.divsi %[[C112]], %[[S]] : i64
// CHECK: %[[F:.+]] = arith.addi %[[Q]], %{{.+}} : i64
// CHECK: %[[FI:.+]] = arith.index_cast %[[F]] : i64 to index
// CHECK: %[[SI:.+]] = arith.index_cast %[[S]] : i64 to index
// CHECK: %[[TAB:.+]]:2 = linalg.generic {{.*}} outs(%{{.+}}, %{{.+}} : tensor<16xf64>, tensor<16xf64>)
// CHECK: tensor.empty(%[[FI]]) : tensor<1x?x9xf64>
// CHECK: %[[SUMS:.+]]:2 = linalg.generic {indexing_maps = [#[[$W]], #[[$SUM4]], #[[$SUM4]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%[[W]] : tensor<16xf32>)
// CHECK-NEXT: ^bb0(%[[WV:.+]]: f32, %{{.+}}: f64, %{{.+}}: f64):
// CHECK-DAG: %[[FR:.+]] = linalg.index 1 : index
// CHECK-DAG: %[[T:.+]] = linalg.index 3 : index
// CHECK: arith.remsi %{{.+}}, %[[C16]] : i64
// CHECK: %[[WF:.+]] = arith.extf %[[WV]] : f32 to f64
// CHECK: %[[OFF:.+]] = arith.muli %[[FR]], %[[SI]] : index
// CHECK: %[[POS:.+]] = arith.addi %[[OFF]], %[[T]] : index
// CHECK: %[[XV:.+]] = tensor.extract %[[X]][%c0, %[[POS]], %c0] : tensor<1x128x1xf32>
// CHECK: %[[XF:.+]] = arith.extf %[[XV]] : f32 to f64
// CHECK: arith.mulf %[[XF]], %[[WF]] : f64
// CHECK: linalg.generic {{.*}} ins(%[[SUMS]]#0, %[[SUMS]]#1 : tensor<1x?x9xf64>, tensor<1x?x9xf64>) outs(%{{.+}} : tensor<1x?x9x2xf32>)
func.func @stft_window(%x: tensor<1x128x1xf32>, %s: tensor<i64>, %w: tensor<16xf32>) -> tensor<1x?x9x2xf32> {
  %y = nn.stft %x, %s window %w : (tensor<1x128x1xf32>, tensor<i64>, tensor<16xf32>) -> tensor<1x?x9x2xf32>
  return %y : tensor<1x?x9x2xf32>
}

// -----

// STFT without a window, a run-time frame length: checked to lie in
// [1, length]; a ones window of that length gives the extent.
// CHECK-LABEL: func.func @stft_frame_length
// CHECK-SAME: (%[[X:.+]]: tensor<2x?x2xf32>, %[[STEP:.+]]: tensor<i64>, %[[FL:.+]]: tensor<i64>)
// CHECK: cf.assert %{{.+}}, "nn.stft: frame_step is less than 1"
// CHECK: %[[N:.+]] = tensor.extract %[[FL]][] : tensor<i64>
// CHECK: cf.assert %{{.+}}, "nn.stft: the frame length is less than 1 or larger than the signal's length"
// CHECK: %[[NI:.+]] = arith.index_cast %[[N]] : i64 to index
// CHECK: %[[ONES:.+]] = linalg.fill ins(%{{.+}} : f64) outs(%{{.+}} : tensor<?xf64>)
// CHECK: linalg.generic {{.*}} ins(%[[ONES]] : tensor<?xf64>) outs(%{{.+}}, %{{.+}} : tensor<2x?x?xf64>, tensor<2x?x?xf64>)
// CHECK: tensor.extract %[[X]][%{{.+}}, %{{.+}}, %c0] : tensor<2x?x2xf32>
// CHECK: tensor.extract %[[X]][%{{.+}}, %{{.+}}, %c1] : tensor<2x?x2xf32>
func.func @stft_frame_length(%x: tensor<2x?x2xf32>, %s: tensor<i64>, %fl: tensor<i64>) -> tensor<2x?x?x2xf32> {
  %y = nn.stft %x, %s frame_length %fl {onesided = false} : (tensor<2x?x2xf32>, tensor<i64>, tensor<i64>) -> tensor<2x?x?x2xf32>
  return %y : tensor<2x?x?x2xf32>
}

// -----

// A window and a run-time frame length must agree.
// CHECK-LABEL: func.func @stft_window_and_length
// CHECK: cf.assert %{{.+}}, "nn.stft: the window's length differs from frame_length"
func.func @stft_window_and_length(%x: tensor<1x64x1xf32>, %s: tensor<i64>, %w: tensor<8xf32>, %fl: tensor<i64>) -> tensor<1x?x?x2xf32> {
  %y = nn.stft %x, %s window %w frame_length %fl : (tensor<1x64x1xf32>, tensor<i64>, tensor<8xf32>, tensor<i64>) -> tensor<1x?x?x2xf32>
  return %y : tensor<1x?x?x2xf32>
}

// -----

// The bins of the M + 2 band edges, then the triangles; the three integer
// inputs are checked.
// CHECK-LABEL: func.func @mel_weight_matrix
// CHECK-SAME: (%[[M:.+]]: tensor<i64>, %[[N:.+]]: tensor<i64>, %[[SR:.+]]: tensor<i64>, %[[LO:.+]]: tensor<f32>, %[[HI:.+]]: tensor<f32>)
// CHECK: cf.assert %{{.+}}, "nn.mel_weight_matrix: num_mel_bins is negative"
// CHECK: cf.assert %{{.+}}, "nn.mel_weight_matrix: dft_length is negative"
// CHECK: cf.assert %{{.+}}, "nn.mel_weight_matrix: sample_rate is less than 1"
// CHECK: math.log10 %{{.+}} : f32
// CHECK: math.log10 %{{.+}} : f32
// CHECK: %[[BINS:.+]] = linalg.generic {{.*}} outs(%{{.+}} : tensor<?xi64>)
// CHECK: math.powf %{{.+}}, %{{.+}} : f64
// CHECK: arith.remf
// CHECK: math.floor
// CHECK: arith.fptosi %{{.+}} : f64 to i64
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]} outs(%{{.+}} : tensor<?x?xf32>)
// CHECK: tensor.extract %[[BINS]]
// CHECK: tensor.extract %[[BINS]]
// CHECK: tensor.extract %[[BINS]]
// CHECK: arith.truncf %{{.+}} : f64 to f32
func.func @mel_weight_matrix(%m: tensor<i64>, %n: tensor<i64>, %sr: tensor<i64>, %lo: tensor<f32>, %hi: tensor<f32>) -> tensor<?x?xf32> {
  %w = nn.mel_weight_matrix %m, %n, %sr, %lo, %hi : (tensor<i64>, tensor<i64>, tensor<i64>, tensor<f32>, tensor<f32>) -> tensor<?x?xf32>
  return %w : tensor<?x?xf32>
}
