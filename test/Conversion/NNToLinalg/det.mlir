// RUN: kiln-opt %s -kiln-convert-nn-to-linalg -split-input-file | FileCheck %s

// nn.det: [*, M, M] collapsed to [B, M, M], copied to f64, then per matrix
// an scf.for over the columns k: the pivot search (largest |a[i, k]|), an
// scf.if that swaps rows k and p, the determinant times pivot and sign,
// and the elimination with factor 0 for a zero pivot; the result is
// rounded back and expanded to [*].
// CHECK-LABEL: func.func @det_batch
// CHECK: tensor.expand_shape %{{.+}} output_shape [6, 4, 4] : tensor<96xf32> into tensor<6x4x4xf32>
// CHECK: linalg.generic
// CHECK: arith.extf %{{.+}} : f32 to f64
// CHECK: scf.for
// CHECK: scf.for
// CHECK: math.absf
// CHECK: arith.cmpf ogt
// CHECK: arith.cmpi ne
// CHECK: scf.if
// CHECK: arith.cmpf oeq
// CHECK: arith.divf
// CHECK: arith.select
// CHECK: arith.truncf %{{.+}} : f64 to f32
// CHECK: tensor.expand_shape %{{.+}} {{\[\[}}0, 1]] output_shape [2, 3] : tensor<6xf32> into tensor<2x3xf32>
func.func @det_batch(%x: tensor<2x3x4x4xf32>) -> tensor<2x3xf32> {
  %0 = nn.det %x : (tensor<2x3x4x4xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Dynamic sizes: the two matrix sizes are checked to agree at run time.
// CHECK-LABEL: func.func @det_dynamic
// CHECK: cf.assert %{{.+}}, "node 'det' (nn.det): the matrices are not square"
// CHECK: scf.for
func.func @det_dynamic(%x: tensor<?x?x?xf32>) -> tensor<?xf32> {
  %0 = nn.det %x : (tensor<?x?x?xf32>) -> tensor<?xf32> loc("det")
  return %0 : tensor<?xf32>
}
