// RUN: kiln-opt %s -kiln-convert-nn-to-linalg -canonicalize -cse -split-input-file | FileCheck %s

// nn.resize: per resized axis, a 1-D linalg.generic tabulates each output
// index's input indices and weights (from f64 coordinates); the
// linalg.generic over the result reads the tables through maps on the
// axis' loop dimension and the input with tensor.extract. Sizes and scales
// fold when constant; run-time ones are checked before the loops.

// Nearest, asymmetric, floor: index floor(x / 2), clamped, tabulated per
// axis. The dimensions outside `axes` read the loop index.
// CHECK-DAG: #[[$ID1:.+]] = affine_map<(d0) -> (d0)>
// CHECK-DAG: #[[$ONH:.+]] = affine_map<(d0, d1, d2, d3) -> (d2)>
// CHECK-DAG: #[[$ONW:.+]] = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-DAG: #[[$ID4:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @nearest
// CHECK-SAME: (%[[X:.+]]: tensor<1x2x2x3xf32>)
// CHECK-DAG: %[[TWO:.+]] = arith.constant 2.000000e+00 : f64
// CHECK: %[[HT:.+]] = linalg.generic {indexing_maps = [#[[$ID1]]], iterator_types = ["parallel"]} outs(%{{.+}} : tensor<4xindex>)
// CHECK: %[[H:.+]] = linalg.index 0 : index
// CHECK: %[[HI:.+]] = arith.index_cast %[[H]] : index to i64
// CHECK: %[[HF:.+]] = arith.sitofp %[[HI]] : i64 to f64
// CHECK: %[[HO:.+]] = arith.divf %[[HF]], %[[TWO]] : f64
// CHECK: math.floor %[[HO]] : f64
// CHECK: arith.fptosi
// CHECK: arith.minsi
// CHECK: arith.maxsi
// CHECK: %[[WT:.+]] = linalg.generic {{.*}} outs(%{{.+}} : tensor<6xindex>)
// CHECK: %[[EMPTY:.+]] = tensor.empty() : tensor<1x2x4x6xf32>
// CHECK: linalg.generic {indexing_maps = [#[[$ONH]], #[[$ONW]], #[[$ID4]]], {{.*}} ins(%[[HT]], %[[WT]] : tensor<4xindex>, tensor<6xindex>) outs(%[[EMPTY]] : tensor<1x2x4x6xf32>)
// CHECK-NEXT: ^bb0(%[[HIDX:.+]]: index, %[[WIDX:.+]]: index, %{{.+}}: f32):
// CHECK: %[[C:.+]] = linalg.index 1 : index
// CHECK: %[[V:.+]] = tensor.extract %[[X]][%{{.+}}, %[[C]], %[[HIDX]], %[[WIDX]]] : tensor<1x2x2x3xf32>
// CHECK: linalg.yield %[[V]] : f32
func.func @nearest(%x: tensor<1x2x2x3xf32>) -> tensor<1x2x4x6xf32> {
  %s = nn.constant dense<2.0> : tensor<2xf32>
  %y = nn.resize %x scales %s {axes = array<i64: 2, 3>, coordinate_transformation_mode = "asymmetric",
                               nearest_mode = "floor"}
      : (tensor<1x2x2x3xf32>, tensor<2xf32>) -> tensor<1x2x4x6xf32>
  return %y : tensor<1x2x4x6xf32>
}

// -----

// A dynamic input dimension: the output length floor(in * 1.5) is computed
// at run time; growing an empty dimension is refused. round_prefer_ceil
// rounds up from a fraction of 0.5.
// CHECK-LABEL: func.func @dynamic
// CHECK-SAME: (%[[X:.+]]: tensor<?x5xf32>)
// CHECK-DAG: %[[S:.+]] = arith.constant 1.500000e+00 : f64
// CHECK-DAG: %[[HALF:.+]] = arith.constant 5.000000e-01 : f64
// CHECK: %[[D:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x5xf32>
// CHECK: %[[DI:.+]] = arith.index_cast %[[D]] : index to i64
// CHECK: %[[DF:.+]] = arith.sitofp %[[DI]] : i64 to f64
// CHECK: %[[P:.+]] = arith.mulf %[[DF]], %[[S]] : f64
// CHECK: %[[FL:.+]] = math.floor %[[P]] : f64
// CHECK: %[[OUT:.+]] = arith.fptosi %[[FL]] : f64 to i64
// CHECK: cf.assert %{{.+}}, "nn.resize: dimension 0 is empty and cannot be resized to a non-empty one"
// CHECK: %[[OUTI:.+]] = arith.index_cast %[[OUT]] : i64 to index
// CHECK: %[[TE:.+]] = tensor.empty(%[[OUTI]]) : tensor<?xindex>
// CHECK: %[[T:.+]] = linalg.generic {{.*}} outs(%[[TE]] : tensor<?xindex>)
// CHECK: arith.cmpf oge, %{{.+}}, %[[HALF]] : f64
// CHECK: %[[EMPTY:.+]] = tensor.empty(%[[OUTI]]) : tensor<?x5xf32>
// CHECK: linalg.generic {{.*}} ins(%[[T]] : tensor<?xindex>) outs(%[[EMPTY]] : tensor<?x5xf32>)
// CHECK: tensor.extract %[[X]]
func.func @dynamic(%x: tensor<?x5xf32>) -> tensor<?x5xf32> {
  %s = nn.constant dense<1.5> : tensor<1xf32>
  %y = nn.resize %x scales %s {axes = array<i64: 0>, nearest_mode = "round_prefer_ceil"}
      : (tensor<?x5xf32>, tensor<1xf32>) -> tensor<?x5xf32>
  return %y : tensor<?x5xf32>
}

// -----

// Run-time sizes: checked non-negative, the scale is size / in. Cubic with
// exclude_outside: the table holds four taps, their weights 0 outside the
// input and divided by their sum.
// CHECK-LABEL: func.func @cubic_sizes
// CHECK-SAME: (%[[X:.+]]: tensor<4x4xf32>, %[[N:.+]]: tensor<1xi64>)
// CHECK: %[[SIZE:.+]] = tensor.extract %[[N]][%{{.+}}] : tensor<1xi64>
// CHECK: cf.assert %{{.+}}, "nn.resize: the size of dimension 1 is negative"
// CHECK: %[[SF:.+]] = arith.sitofp %[[SIZE]] : i64 to f64
// CHECK: %[[SCALE:.+]] = arith.divf %[[SF]], %{{.+}} : f64
// CHECK: %[[T:.+]]:8 = linalg.generic {{.*}} : tensor<?xindex>, tensor<?xf32>, tensor<?xindex>, tensor<?xf32>, tensor<?xindex>, tensor<?xf32>, tensor<?xindex>, tensor<?xf32>)
// CHECK: arith.divf %{{.+}}, %[[SCALE]] : f64
// CHECK-COUNT-4: arith.divf %{{.+}}, %[[SUM:.+]] : f64
// CHECK: %[[EMPTY:.+]] = tensor.empty(%{{.+}}) : tensor<4x?xf32>
// CHECK: linalg.generic {{.*}} outs(%[[EMPTY]] : tensor<4x?xf32>)
// CHECK-COUNT-4: tensor.extract %[[X]]
// CHECK-NOT: tensor.extract
// CHECK-NOT: arith.divf
// CHECK: linalg.yield %{{.+}} : f32
func.func @cubic_sizes(%x: tensor<4x4xf32>, %n: tensor<1xi64>) -> tensor<4x?xf32> {
  %y = nn.resize %x sizes %n {axes = array<i64: 1>, mode = "cubic", exclude_outside = true}
      : (tensor<4x4xf32>, tensor<1xi64>) -> tensor<4x?xf32>
  return %y : tensor<4x?xf32>
}

// -----

// Bilinear: two taps per axis, 2 x 2 reads; both axes have the same table.
// CHECK-LABEL: func.func @bilinear
// CHECK: %[[T:.+]]:4 = linalg.generic {{.*}} : tensor<4xindex>, tensor<4xf32>, tensor<4xindex>, tensor<4xf32>)
// CHECK: linalg.generic {{.*}} ins(%[[T]]#0, %[[T]]#1, %[[T]]#2, %[[T]]#3, %[[T]]#0, %[[T]]#1, %[[T]]#2, %[[T]]#3 :
// CHECK-COUNT-4: tensor.extract
// CHECK-NOT: scf.for
// CHECK: linalg.yield
func.func @bilinear(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32> {
  %s = nn.constant dense<2.0> : tensor<2xf32>
  %y = nn.resize %x scales %s {axes = array<i64: 2, 3>, mode = "linear"}
      : (tensor<1x1x2x2xf32>, tensor<2xf32>) -> tensor<1x1x4x4xf32>
  return %y : tensor<1x1x4x4xf32>
}

// -----

// Antialias with a run-time scale: the number of taps, 2 * ceil(1 /
// min(s, 1)), is known only at run time, so the coordinate is computed in
// the body and the taps are an scf.for; a static result length is checked
// against floor(8 * s).
// CHECK-LABEL: func.func @antialias
// CHECK-SAME: (%[[X:.+]]: tensor<8xf32>, %[[S:.+]]: tensor<1xf32>)
// CHECK: %[[S32:.+]] = tensor.extract %[[S]][%{{.+}}] : tensor<1xf32>
// CHECK: %[[S64:.+]] = arith.extf %[[S32]] : f32 to f64
// CHECK: cf.assert %{{.+}}, "nn.resize: the scale of dimension 0 is not a positive number"
// CHECK: cf.assert %{{.+}}, "nn.resize: result dimension 0 differs from 3, the size its type gives"
// CHECK: %[[KS:.+]] = arith.minnumf %[[S64]], %{{.+}} : f64
// CHECK: %[[K:.+]] = math.ceil %{{.+}} : f64
// CHECK: linalg.generic
// CHECK: %[[SUMS:.+]]:2 = scf.for {{.*}} iter_args(%{{.+}} = %{{.+}}, %{{.+}} = %{{.+}}) -> (f32, f32)
// CHECK: arith.mulf %{{.+}}, %[[KS]] : f64
// CHECK: tensor.extract %[[X]]
// CHECK: scf.yield
// CHECK: %[[R:.+]] = arith.divf %[[SUMS]]#0, %[[SUMS]]#1 : f32
// CHECK: linalg.yield %[[R]] : f32
func.func @antialias(%x: tensor<8xf32>, %s: tensor<1xf32>) -> tensor<3xf32> {
  %y = nn.resize %x scales %s {axes = array<i64: 0>, mode = "linear", antialias = true}
      : (tensor<8xf32>, tensor<1xf32>) -> tensor<3xf32>
  return %y : tensor<3xf32>
}

// -----

// tf_crop_and_resize: the roi is read before the loops; the table flags
// coordinates outside [0, in - 1], which select the extrapolation value.
// CHECK-LABEL: func.func @crop
// CHECK-SAME: (%[[X:.+]]: tensor<4x4xf32>, %[[R:.+]]: tensor<2xf32>)
// CHECK-DAG: %[[E:.+]] = arith.constant 1.000000e+01 : f32
// CHECK: tensor.extract %[[R]]
// CHECK: tensor.extract %[[R]]
// CHECK: %[[T:.+]]:5 = linalg.generic
// CHECK: %[[LO:.+]] = arith.cmpf olt, %{{.+}}, %{{.+}} : f64
// CHECK: %[[OUT:.+]] = arith.ori %[[LO]], %{{.+}} : i1
// CHECK: linalg.yield {{.*}}, %[[OUT]] : index, f32, index, f32, i1
// CHECK: linalg.generic {{.*}} ins(%[[T]]#0, %[[T]]#1, %[[T]]#2, %[[T]]#3, %[[T]]#4 :
// CHECK-NEXT: ^bb0({{.*}}, %[[FLAG:.+]]: i1, %{{.+}}: f32):
// CHECK: %[[V:.+]] = arith.select %[[FLAG]], %[[E]], %{{.+}} : f32
// CHECK: linalg.yield %[[V]] : f32
func.func @crop(%x: tensor<4x4xf32>, %r: tensor<2xf32>) -> tensor<4x3xf32> {
  %n = nn.constant dense<3> : tensor<1xi64>
  %y = nn.resize %x sizes %n roi %r {axes = array<i64: 1>, mode = "linear",
                                     coordinate_transformation_mode = "tf_crop_and_resize",
                                     extrapolation_value = 10.0 : f64}
      : (tensor<4x4xf32>, tensor<1xi64>, tensor<2xf32>) -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}

// -----

// Integers resize by nearest; a crop's extrapolation value is converted.
// CHECK-LABEL: func.func @integers
// CHECK-DAG: %[[E:.+]] = arith.constant -3 : i8
// CHECK: linalg.generic
// CHECK: linalg.generic
// CHECK: %[[V:.+]] = tensor.extract %{{.+}} : tensor<3xi8>
// CHECK: arith.select %{{.+}}, %[[E]], %[[V]] : i8
func.func @integers(%x: tensor<3xi8>) -> tensor<5xi8> {
  %n = nn.constant dense<5> : tensor<1xi64>
  %r = nn.constant dense<[-0.5, 1.5]> : tensor<2xf32>
  %y = nn.resize %x sizes %n roi %r {axes = array<i64: 0>,
                                     coordinate_transformation_mode = "tf_crop_and_resize",
                                     extrapolation_value = -3.0 : f64}
      : (tensor<3xi8>, tensor<1xi64>, tensor<2xf32>) -> tensor<5xi8>
  return %y : tensor<5xi8>
}
