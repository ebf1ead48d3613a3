// RUN: kiln-opt %s -kiln-convert-nn-to-linalg -canonicalize -cse -split-input-file | FileCheck %s
// RUN: kiln-opt %s -kiln-convert-nn-to-linalg -one-shot-bufferize="bufferize-function-boundaries" -split-input-file | FileCheck %s --check-prefix=BUF

// The run-time shape ops: sizes computed with arith from the shape operands
// and tensor.dim, checked against the result type with cf.assert (the
// message names the ONNX node when the location carries one), then
// tensor/linalg ops with dynamic sizes. Every function bufferizes.

// CHECK-LABEL: func.func @shape
// CHECK-SAME: (%[[X:.+]]: tensor<?x4x?xf32>)
// CHECK-DAG: %[[C4:.+]] = arith.constant 4 : i64
// CHECK-DAG: %[[C2:.+]] = arith.constant 2 : index
// CHECK: %[[D:.+]] = tensor.dim %[[X]], %[[C2]] : tensor<?x4x?xf32>
// CHECK: %[[D64:.+]] = arith.index_cast %[[D]] : index to i64
// CHECK: %[[S:.+]] = tensor.from_elements %[[C4]], %[[D64]] : tensor<2xi64>
// CHECK: return %[[S]]
// BUF-LABEL: func.func @shape
// BUF: memref.alloc() {{.*}} : memref<2xi64>
func.func @shape(%x: tensor<?x4x?xf32>) -> tensor<2xi64> {
  %0 = nn.shape %x {start = 1 : i64, end = 3 : i64} : tensor<?x4x?xf32> -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// 0 copies the input dimension, -1 is inferred from the element count; the
// static result dimensions and the count are checked.
// CHECK-LABEL: func.func @dynamic_reshape
// CHECK-SAME: (%[[X:.+]]: tensor<?x?x128xf32>, %[[S:.+]]: tensor<4xi64>)
// CHECK: %[[E0:.+]] = tensor.extract %[[S]][%{{.+}}] : tensor<4xi64>
// CHECK: %[[Z0:.+]] = arith.cmpi eq, %[[E0]], %{{.+}} : i64
// CHECK: %[[D0:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?x128xf32>
// CHECK: %[[D064:.+]] = arith.index_cast %[[D0]] : index to i64
// CHECK: arith.select %[[Z0]], %[[D064]], %[[E0]] : i64
// CHECK: cf.assert %{{.+}}, "node 'reshape_node' (nn.dynamic_reshape): shape entry 3 is 0 (copy a dimension) but the input has rank 3"
// CHECK: cf.assert %{{.+}}, "node 'reshape_node' (nn.dynamic_reshape): the shape has an entry below -1"
// CHECK: cf.assert %{{.+}}, "node 'reshape_node' (nn.dynamic_reshape): the shape has more than one -1 entry"
// CHECK: arith.divsi
// CHECK: cf.assert %{{.+}}, "node 'reshape_node' (nn.dynamic_reshape): the shape's element count differs from the input's"
// CHECK: cf.assert %{{.+}}, "node 'reshape_node' (nn.dynamic_reshape): result dimension 2 differs from 2, the size its type gives"
// CHECK: cf.assert %{{.+}}, "node 'reshape_node' (nn.dynamic_reshape): result dimension 3 differs from 64, the size its type gives"
// CHECK: %[[SHAPE:.+]] = tensor.from_elements %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}} : tensor<4xi64>
// CHECK: %[[R:.+]] = tensor.reshape %[[X]](%[[SHAPE]]) : (tensor<?x?x128xf32>, tensor<4xi64>) -> tensor<?x?x2x64xf32>
// CHECK: return %[[R]]
// BUF-LABEL: func.func @dynamic_reshape
// BUF: memref.reshape %{{.+}}(%{{.+}}) : (memref<?x?x128xf32>, memref<4xi64>) -> memref<?x?x2x64xf32>
func.func @dynamic_reshape(%x: tensor<?x?x128xf32>, %s: tensor<4xi64>) -> tensor<?x?x2x64xf32> {
  %0 = nn.dynamic_reshape %x, %s : (tensor<?x?x128xf32>, tensor<4xi64>) -> tensor<?x?x2x64xf32> loc("reshape_node")
  return %0 : tensor<?x?x2x64xf32>
}

// -----

// A dynamic input dimension may be 1 and stretch: the generic reads the
// input with tensor.extract at index 0 where it is 1.
// CHECK-LABEL: func.func @dynamic_expand
// CHECK-SAME: (%[[X:.+]]: tensor<?x1x?xi1>, %[[S:.+]]: tensor<4xi64>)
// CHECK-DAG: %[[C1:.+]] = arith.constant 1 : index
// CHECK: cf.assert %{{.+}}, "nn.dynamic_expand: shape entry 0 is negative"
// CHECK: cf.assert %{{.+}}, "nn.dynamic_expand: input dimension 0 and shape entry 1 are neither equal nor 1"
// CHECK: cf.assert %{{.+}}, "nn.dynamic_expand: input dimension 2 and shape entry 3 are neither equal nor 1"
// CHECK: cf.assert %{{.+}}, "nn.dynamic_expand: result dimension 1 differs from 1, the size its type gives"
// CHECK: %[[INIT:.+]] = tensor.empty(%{{.+}}, %{{.+}}, %{{.+}}) : tensor<?x1x?x?xi1>
// CHECK: %[[ONE:.+]] = arith.cmpi eq, %{{.+}}, %[[C1]] : index
// CHECK: %[[G:.+]] = linalg.generic
// CHECK-SAME: outs(%[[INIT]] : tensor<?x1x?x?xi1>)
// CHECK: %[[I3:.+]] = linalg.index 3 : index
// CHECK: %[[SEL:.+]] = arith.select %[[ONE]], %{{.+}}, %[[I3]] : index
// CHECK: tensor.extract %[[X]][%{{.+}}, %{{.+}}, %[[SEL]]] : tensor<?x1x?xi1>
// CHECK: return %[[G]]
// BUF-LABEL: func.func @dynamic_expand
// BUF: memref.alloc(%{{.+}}, %{{.+}}, %{{.+}}) {{.*}} : memref<?x1x?x?xi1>
func.func @dynamic_expand(%x: tensor<?x1x?xi1>, %s: tensor<4xi64>) -> tensor<?x1x?x?xi1> {
  %0 = nn.dynamic_expand %x, %s : (tensor<?x1x?xi1>, tensor<4xi64>) -> tensor<?x1x?x?xi1>
  return %0 : tensor<?x1x?x?xi1>
}

// -----

// A static input broadcasts through the generic's maps.
// CHECK-DAG: affine_map<(d0, d1, d2) -> (d1, 0)>
// CHECK-DAG: affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @dynamic_expand_static_input
// CHECK-SAME: (%[[X:.+]]: tensor<3x1xf32>, %[[S:.+]]: tensor<3xi64>)
// CHECK: cf.assert %{{.+}}, "nn.dynamic_expand: input dimension 0 and shape entry 1 are neither equal nor 1"
// CHECK: %[[INIT:.+]] = tensor.empty(%{{.+}}, %{{.+}}) : tensor<?x3x?xf32>
// CHECK: linalg.generic {indexing_maps = [#{{.+}}, #{{.+}}]
// CHECK-SAME: ins(%[[X]] : tensor<3x1xf32>) outs(%[[INIT]] : tensor<?x3x?xf32>)
func.func @dynamic_expand_static_input(%x: tensor<3x1xf32>, %s: tensor<3xi64>) -> tensor<?x3x?xf32> {
  %0 = nn.dynamic_expand %x, %s : (tensor<3x1xf32>, tensor<3xi64>) -> tensor<?x3x?xf32>
  return %0 : tensor<?x3x?xf32>
}

// -----

// CHECK-LABEL: func.func @dynamic_fill
// CHECK-SAME: (%[[S:.+]]: tensor<3xi64>)
// CHECK-DAG: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK: cf.assert %{{.+}}, "nn.dynamic_fill: shape entry 1 is negative"
// CHECK: cf.assert %{{.+}}, "nn.dynamic_fill: result dimension 0 differs from 2, the size its type gives"
// CHECK: cf.assert %{{.+}}, "nn.dynamic_fill: result dimension 2 differs from 128, the size its type gives"
// CHECK: %[[N:.+]] = arith.index_cast %{{.+}} : i64 to index
// CHECK: %[[INIT:.+]] = tensor.empty(%[[N]]) : tensor<2x?x128xf32>
// CHECK: %[[F:.+]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[INIT]] : tensor<2x?x128xf32>)
// CHECK: return %[[F]]
// BUF-LABEL: func.func @dynamic_fill
// BUF: linalg.fill
func.func @dynamic_fill(%s: tensor<3xi64>) -> tensor<2x?x128xf32> {
  %0 = nn.dynamic_fill %s {value = 0.0 : f32} : tensor<3xi64> -> tensor<2x?x128xf32>
  return %0 : tensor<2x?x128xf32>
}

// -----

// CHECK-LABEL: func.func @dynamic_range
// CHECK-SAME: (%[[A:.+]]: tensor<i64>, %[[B:.+]]: tensor<i64>, %[[C:.+]]: tensor<i64>)
// CHECK-DAG: %[[ZERO:.+]] = arith.constant 0 : i64
// CHECK: %[[START:.+]] = tensor.extract %[[A]][] : tensor<i64>
// CHECK: %[[LIMIT:.+]] = tensor.extract %[[B]][] : tensor<i64>
// CHECK: %[[DELTA:.+]] = tensor.extract %[[C]][] : tensor<i64>
// CHECK: cf.assert %{{.+}}, "nn.dynamic_range: delta is 0"
// CHECK: %[[SPAN:.+]] = arith.subi %[[LIMIT]], %[[START]] : i64
// CHECK: %[[Q:.+]] = arith.ceildivsi %[[SPAN]], %[[DELTA]] : i64
// CHECK: %[[N:.+]] = arith.maxsi %[[Q]], %[[ZERO]] : i64
// CHECK: %[[NI:.+]] = arith.index_cast %[[N]] : i64 to index
// CHECK: %[[INIT:.+]] = tensor.empty(%[[NI]]) : tensor<?xi64>
// CHECK: linalg.generic
// CHECK-SAME: outs(%[[INIT]] : tensor<?xi64>)
// CHECK: %[[I:.+]] = linalg.index 0 : index
// CHECK: %[[I64:.+]] = arith.index_cast %[[I]] : index to i64
// CHECK: %[[M:.+]] = arith.muli %[[I64]], %[[DELTA]] : i64
// CHECK: %[[V:.+]] = arith.addi %[[START]], %[[M]] : i64
// CHECK: linalg.yield %[[V]] : i64
func.func @dynamic_range(%a: tensor<i64>, %b: tensor<i64>, %c: tensor<i64>) -> tensor<?xi64> {
  %0 = nn.dynamic_range %a, %b, %c : tensor<i64>, tensor<i64>, tensor<i64> -> tensor<?xi64>
  return %0 : tensor<?xi64>
}

// -----

// CHECK-LABEL: func.func @dynamic_range_float
// CHECK: cf.assert %{{.+}}, "nn.dynamic_range: delta is 0"
// CHECK: %[[Q:.+]] = arith.divf
// CHECK: %[[CEIL:.+]] = math.ceil %[[Q]] : f32
// CHECK: arith.fptosi %[[CEIL]] : f32 to i64
// CHECK: linalg.generic
// CHECK: arith.sitofp %{{.+}} : i64 to f32
// CHECK: arith.mulf
// CHECK: arith.addf
func.func @dynamic_range_float(%a: tensor<f32>, %b: tensor<f32>, %c: tensor<f32>) -> tensor<?xf32> {
  %0 = nn.dynamic_range %a, %b, %c : tensor<f32>, tensor<f32>, tensor<f32> -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// Positive steps: ONNX's clamping, then tensor.extract_slice.
// CHECK-LABEL: func.func @dynamic_slice
// CHECK-SAME: (%[[X:.+]]: tensor<1x128xi64>, %[[S:.+]]: tensor<1xi64>, %[[E:.+]]: tensor<1xi64>)
// CHECK-DAG: %[[C128:.+]] = arith.constant 128 : i64
// CHECK: arith.minsi %{{.+}}, %[[C128]] : i64
// CHECK: arith.minsi %{{.+}}, %[[C128]] : i64
// CHECK: %[[OFF:.+]] = arith.index_cast %{{.+}} : i64 to index
// CHECK: %[[SIZE:.+]] = arith.index_cast %{{.+}} : i64 to index
// CHECK: %[[R:.+]] = tensor.extract_slice %[[X]][0, %[[OFF]]] [1, %[[SIZE]]] [1, 1] : tensor<1x128xi64> to tensor<1x?xi64>
// CHECK: return %[[R]]
// BUF-LABEL: func.func @dynamic_slice
// BUF: memref.subview
func.func @dynamic_slice(%x: tensor<1x128xi64>, %s: tensor<1xi64>, %e: tensor<1xi64>) -> tensor<1x?xi64> {
  %0 = nn.dynamic_slice %x, %s, %e {axes = array<i64: 1>, steps = array<i64: 1>}
      : (tensor<1x128xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<1x?xi64>
  return %0 : tensor<1x?xi64>
}

// -----

// A negative step: a generic reading `start + step * i`.
// CHECK-LABEL: func.func @dynamic_slice_negative_step
// CHECK-SAME: (%[[X:.+]]: tensor<?x5xf32>, %[[S:.+]]: tensor<2xi64>, %[[E:.+]]: tensor<2xi64>)
// CHECK: cf.assert %{{.+}}, "nn.dynamic_slice: result dimension 1 differs from 2, the size its type gives"
// CHECK: %[[INIT:.+]] = tensor.empty(%{{.+}}) : tensor<?x2xf32>
// CHECK: linalg.generic
// CHECK-SAME: outs(%[[INIT]] : tensor<?x2xf32>)
// CHECK: %[[I0:.+]] = linalg.index 0 : index
// CHECK: %[[I1:.+]] = linalg.index 1 : index
// CHECK: %[[R0:.+]] = arith.subi %{{.+}}, %[[I0]] : index
// CHECK: %[[R1:.+]] = arith.addi
// CHECK: tensor.extract %[[X]][%[[R0]], %[[R1]]] : tensor<?x5xf32>
func.func @dynamic_slice_negative_step(%x: tensor<?x5xf32>, %s: tensor<2xi64>, %e: tensor<2xi64>) -> tensor<?x2xf32> {
  %0 = nn.dynamic_slice %x, %s, %e {axes = array<i64: 0, 1>, steps = array<i64: -1, 2>}
      : (tensor<?x5xf32>, tensor<2xi64>, tensor<2xi64>) -> tensor<?x2xf32>
  return %0 : tensor<?x2xf32>
}
