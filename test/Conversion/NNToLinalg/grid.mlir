// RUN: kiln-opt %s -kiln-convert-nn-to-linalg -canonicalize -cse -split-input-file | FileCheck %s

// nn.grid_sample: a linalg.generic over (N, O1..Or) tabulates, per spatial
// axis and tap, the input index and weight (or nearest's inside flag); the
// linalg.generic over the result reads the tables through maps that skip
// the channel dimension and the input with tensor.extract.

// Linear, zeros: 2 taps per axis, indices clamped into the input and
// weights zeroed outside it. Grid component 1 belongs to H (length 3),
// component 0 to W (length 4).
// CHECK-DAG: #[[$T3:.+]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[$SKIPC:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>
// CHECK-DAG: #[[$ID4:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @linear
// CHECK-SAME: (%[[X:.+]]: tensor<1x2x3x4xf32>, %[[G:.+]]: tensor<1x5x6x2xf32>)
// CHECK-DAG: %[[C0:.+]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.+]] = arith.constant 1 : index
// CHECK-DAG: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[TABLE:.+]]:8 = linalg.generic {indexing_maps = [#[[$T3]], #[[$T3]], #[[$T3]], #[[$T3]], #[[$T3]], #[[$T3]], #[[$T3]], #[[$T3]]], iterator_types = ["parallel", "parallel", "parallel"]}
// CHECK-SAME: outs(%{{.+}} : tensor<1x5x6xindex>, tensor<1x5x6xf32>,
// CHECK: %[[Y:.+]] = tensor.extract %[[G]][%[[C0]], %{{.+}}, %{{.+}}, %[[C1]]] : tensor<1x5x6x2xf32>
// CHECK: math.floor
// CHECK: arith.fptosi
// CHECK: %[[IN:.+]] = arith.andi
// CHECK: arith.select %[[IN]], %{{.+}}, %[[ZERO]] : f32
// CHECK: tensor.extract %[[G]][%[[C0]], %{{.+}}, %{{.+}}, %[[C0]]] : tensor<1x5x6x2xf32>
// CHECK: linalg.yield {{.*}} : index, f32, index, f32, index, f32, index, f32
// CHECK: %[[EMPTY:.+]] = tensor.empty() : tensor<1x2x5x6xf32>
// CHECK: linalg.generic {indexing_maps = [#[[$SKIPC]], #[[$SKIPC]], #[[$SKIPC]], #[[$SKIPC]], #[[$SKIPC]], #[[$SKIPC]], #[[$SKIPC]], #[[$SKIPC]], #[[$ID4]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[TABLE]]#0, {{.*}}) outs(%[[EMPTY]] : tensor<1x2x5x6xf32>)
// CHECK-NEXT: ^bb0(%[[H0:.+]]: index, %[[HW0:.+]]: f32, %[[H1:.+]]: index, %[[HW1:.+]]: f32, %[[W0:.+]]: index, %[[WW0:.+]]: f32, %[[W1:.+]]: index, %[[WW1:.+]]: f32, %{{.+}}: f32):
// CHECK: %[[C:.+]] = linalg.index 1 : index
// CHECK: %[[P:.+]] = arith.mulf %[[WW0]], %[[HW0]] : f32
// CHECK: %[[V:.+]] = tensor.extract %[[X]][%[[C0]], %[[C]], %[[H0]], %[[W0]]] : tensor<1x2x3x4xf32>
// CHECK: arith.mulf %[[P]], %[[V]] : f32
// CHECK: tensor.extract %[[X]][%[[C0]], %[[C]], %[[H0]], %[[W1]]]
// CHECK: tensor.extract %[[X]][%[[C0]], %[[C]], %[[H1]], %[[W0]]]
// CHECK: tensor.extract %[[X]][%[[C0]], %[[C]], %[[H1]], %[[W1]]]
// CHECK: linalg.yield %{{.+}} : f32
func.func @linear(%x: tensor<1x2x3x4xf32>, %g: tensor<1x5x6x2xf32>) -> tensor<1x2x5x6xf32> {
  %y = nn.grid_sample %x, %g : (tensor<1x2x3x4xf32>, tensor<1x5x6x2xf32>) -> tensor<1x2x5x6xf32>
  return %y : tensor<1x2x5x6xf32>
}

// -----

// Nearest on integers with dynamic dimensions: equal batch sizes, the
// grid's last dimension and a non-empty input are checked at run time;
// the coordinate is rounded half to even; outside the input reads 0.
// CHECK-LABEL: func.func @nearest_dynamic
// CHECK-SAME: (%[[X:.+]]: tensor<?x2x?x4xi32>, %[[G:.+]]: tensor<?x5x6x?xf32>)
// CHECK-DAG: %[[ZERO:.+]] = arith.constant 0 : i32
// CHECK: cf.assert %{{.+}}, "nn.grid_sample: the input and the grid have different batch sizes"
// CHECK: cf.assert %{{.+}}, "nn.grid_sample: the grid's last dimension is not 2, the number of spatial dimensions"
// CHECK: cf.assert %{{.+}}, "nn.grid_sample: spatial dimension 2 of the input is empty"
// CHECK: %[[TABLE:.+]]:4 = linalg.generic
// CHECK-SAME: outs(%{{.+}} : tensor<?x5x6xindex>, tensor<?x5x6xi1>, tensor<?x5x6xindex>, tensor<?x5x6xi1>)
// CHECK: math.roundeven
// CHECK: linalg.yield %{{.+}} : index, i1, index, i1
// CHECK: linalg.generic
// CHECK-NEXT: ^bb0(%[[H:.+]]: index, %[[HIN:.+]]: i1, %[[W:.+]]: index, %[[WIN:.+]]: i1, %{{.+}}: i32):
// CHECK: %[[IN:.+]] = arith.andi %[[HIN]], %[[WIN]] : i1
// CHECK: %[[V:.+]] = tensor.extract %[[X]][%{{.+}}, %{{.+}}, %[[H]], %[[W]]] : tensor<?x2x?x4xi32>
// CHECK: %[[R:.+]] = arith.select %[[IN]], %[[V]], %[[ZERO]] : i32
// CHECK: linalg.yield %[[R]] : i32
// CHECK: -> tensor<?x2x5x6xi32>
func.func @nearest_dynamic(%x: tensor<?x2x?x4xi32>, %g: tensor<?x5x6x?xf32>) -> tensor<?x2x5x6xi32> {
  %y = nn.grid_sample %x, %g {mode = "nearest"}
      : (tensor<?x2x?x4xi32>, tensor<?x5x6x?xf32>) -> tensor<?x2x5x6xi32>
  return %y : tensor<?x2x5x6xi32>
}

// -----

// Cubic with reflection: 4 taps per axis (16 reads); the coordinate and
// each tap index are reflected (no zeroed weights).
// CHECK-LABEL: func.func @cubic_reflection
// CHECK: linalg.generic
// CHECK-SAME: outs(%{{.+}} : tensor<1x2x2xindex>, tensor<1x2x2xf32>, tensor<1x2x2xindex>, tensor<1x2x2xf32>, tensor<1x2x2xindex>, tensor<1x2x2xf32>, tensor<1x2x2xindex>, tensor<1x2x2xf32>, tensor<1x2x2xindex>, tensor<1x2x2xf32>,
// CHECK-NOT: arith.andi
// CHECK: linalg.yield
// CHECK-COUNT-16: tensor.extract %arg0
// CHECK-NOT: tensor.extract %arg0
// CHECK: -> tensor<1x1x2x2xf32>
func.func @cubic_reflection(%x: tensor<1x1x3x4xf32>, %g: tensor<1x2x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %y = nn.grid_sample %x, %g {mode = "cubic", padding_mode = "reflection"}
      : (tensor<1x1x3x4xf32>, tensor<1x2x2x2xf32>) -> tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}

// -----

// nn.affine_grid with a run-time size: its entries are read before the
// loops (size[0] must match theta's maps, the sizes must not be negative)
// and give the result's dynamic sizes. The body computes the base point
// from the loop indices (align_corners: 2i / (L - 1) - 1, -1 for L = 1)
// and multiplies out its row of theta.
// CHECK-LABEL: func.func @affine_runtime_size
// CHECK-SAME: (%[[T:.+]]: tensor<2x2x3xf32>, %[[S:.+]]: tensor<4xi64>)
// CHECK-DAG: %[[C0:.+]] = arith.constant 0 : index
// CHECK-DAG: %[[C2:.+]] = arith.constant 2 : index
// CHECK-DAG: %[[C3:.+]] = arith.constant 3 : index
// CHECK: %[[N:.+]] = tensor.extract %[[S]][%[[C0]]] : tensor<4xi64>
// CHECK: cf.assert %{{.+}}, "nn.affine_grid: size[0] differs from the number of maps in theta"
// CHECK: %[[H:.+]] = tensor.extract %[[S]][%[[C2]]] : tensor<4xi64>
// CHECK: cf.assert %{{.+}}, "nn.affine_grid: size[2] is negative"
// CHECK: %[[HI:.+]] = arith.index_cast %[[H]] : i64 to index
// CHECK: %[[W:.+]] = tensor.extract %[[S]][%[[C3]]] : tensor<4xi64>
// CHECK: cf.assert %{{.+}}, "nn.affine_grid: size[3] is negative"
// CHECK: %[[WI:.+]] = arith.index_cast %[[W]] : i64 to index
// CHECK: %[[E:.+]] = tensor.empty(%[[HI]], %[[WI]]) : tensor<2x?x?x2xf32>
// CHECK: linalg.generic {{.*}} outs(%[[E]] : tensor<2x?x?x2xf32>)
// CHECK: %[[B:.+]] = linalg.index 0 : index
// CHECK: %[[R:.+]] = linalg.index 3 : index
// CHECK: tensor.extract %[[T]][%[[B]], %[[R]], %[[C2]]] : tensor<2x2x3xf32>
// CHECK: linalg.index 2 : index
// CHECK: arith.divf
// CHECK: arith.select
// CHECK: tensor.extract %[[T]][%[[B]], %[[R]], %[[C0]]] : tensor<2x2x3xf32>
// CHECK: linalg.index 1 : index
// CHECK: linalg.yield %{{.+}} : f32
func.func @affine_runtime_size(%t: tensor<2x2x3xf32>, %s: tensor<4xi64>) -> tensor<2x?x?x2xf32> {
  %y = nn.affine_grid %t, %s {align_corners = true}
      : (tensor<2x2x3xf32>, tensor<4xi64>) -> tensor<2x?x?x2xf32>
  return %y : tensor<2x?x?x2xf32>
}

// -----

// A constant size folds: static result, no checks.
// CHECK-LABEL: func.func @affine_constant_size
// CHECK-NOT: cf.assert
// CHECK: tensor.empty() : tensor<3x4x5x2xf32>
// CHECK: linalg.generic
// CHECK: -> tensor<3x4x5x2xf32>
func.func @affine_constant_size(%t: tensor<3x2x3xf32>) -> tensor<3x4x5x2xf32> {
  %s = nn.constant dense<[3, 1, 4, 5]> : tensor<4xi64>
  %y = nn.affine_grid %t, %s : (tensor<3x2x3xf32>, tensor<4xi64>) -> tensor<3x4x5x2xf32>
  return %y : tensor<3x4x5x2xf32>
}

// -----

// nn.roi_align: the batch indices checked in range (an scf.for folding
// them), then one generic over (R, C, OH, OW) with an scf.for nest over
// each bin's samples, in f64.
// CHECK-LABEL: func.func @roi_align
// CHECK: scf.for
// CHECK: cf.assert %{{.+}}, "node 'roi' (nn.roi_align): a batch index is out of range for the input"
// CHECK: linalg.generic {{.+}} iterator_types = ["parallel", "parallel", "parallel", "parallel"]
// CHECK: math.ceil
// CHECK: scf.for
// CHECK: scf.for
// CHECK: tensor.extract
// CHECK: arith.divf
// CHECK: arith.truncf %{{.+}} : f64 to f32
func.func @roi_align(%x: tensor<2x3x10x10xf32>, %r: tensor<4x4xf32>, %i: tensor<4xi64>) -> tensor<4x3x2x2xf32> {
  %0 = nn.roi_align %x, %r, %i {output_height = 2 : i64, output_width = 2 : i64}
      : (tensor<2x3x10x10xf32>, tensor<4x4xf32>, tensor<4xi64>) -> tensor<4x3x2x2xf32> loc("roi")
  return %0 : tensor<4x3x2x2xf32>
}
