// RUN: kiln-opt %s -kiln-convert-nn-to-linalg -split-input-file | FileCheck %s
// RUN: kiln-opt %s -kiln-convert-nn-to-linalg -one-shot-bufferize="bufferize-function-boundaries" -split-input-file | FileCheck %s --check-prefix=BUF

// Reductions and normalizations with dynamic dimensions: tensors are
// created with the input's run-time sizes, and the group size that mean
// divides by is computed at run time.

// CHECK-LABEL: func.func @reduce_mean
// CHECK-SAME: (%[[X:.+]]: tensor<?x3x?xf32>)
// CHECK: %[[C0:.+]] = arith.constant 0 : index
// CHECK: %[[D0:.+]] = tensor.dim %[[X]], %[[C0]] : tensor<?x3x?xf32>
// CHECK: %[[C2:.+]] = arith.constant 2 : index
// CHECK: %[[D2:.+]] = tensor.dim %[[X]], %[[C2]] : tensor<?x3x?xf32>
// CHECK: %[[EMPTY:.+]] = tensor.empty(%[[D0]]) : tensor<?xf32>
// CHECK: %[[INIT:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%[[EMPTY]] : tensor<?xf32>)
// CHECK: %[[SUM:.+]] = linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "reduction", "reduction"]
// CHECK-SAME: ins(%[[X]] : tensor<?x3x?xf32>) outs(%[[INIT]] : tensor<?xf32>)
// CHECK: %[[THREE:.+]] = arith.constant 3 : index
// CHECK: %[[N:.+]] = arith.muli %[[THREE]], %[[D2]] : index
// CHECK: %[[NI:.+]] = arith.index_cast %[[N]] : index to i64
// CHECK: %[[NF:.+]] = arith.uitofp %[[NI]] : i64 to f32
// CHECK: %[[OUT:.+]] = tensor.empty(%[[D0]]) : tensor<?xf32>
// CHECK: %[[MEAN:.+]] = linalg.generic
// CHECK-SAME: ins(%[[SUM]] : tensor<?xf32>) outs(%[[OUT]] : tensor<?xf32>)
// CHECK: ^bb0(%[[S:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: %[[D:.+]] = arith.divf %[[S]], %[[NF]] : f32
// CHECK-NEXT: linalg.yield %[[D]] : f32
// CHECK: %[[R:.+]] = tensor.expand_shape %[[MEAN]] {{\[\[}}0, 1, 2]] output_shape [%[[D0]], 1, 1] : tensor<?xf32> into tensor<?x1x1xf32>
// CHECK: return %[[R]]
// BUF-LABEL: func.func @reduce_mean
// BUF: memref.alloc(%{{.+}}) {{.*}}: memref<?xf32>
func.func @reduce_mean(%x: tensor<?x3x?xf32>) -> tensor<?x1x1xf32> {
  %0 = nn.reduce "mean" %x {axes = array<i64: 1, 2>, keepdims = true} : (tensor<?x3x?xf32>) -> tensor<?x1x1xf32>
  return %0 : tensor<?x1x1xf32>
}

// -----

// An integer mean divides by max(n, 1): an empty group gives 0.
// CHECK-LABEL: func.func @reduce_mean_int
// CHECK-SAME: (%[[X:.+]]: tensor<?x?xi32>)
// CHECK: %[[D0:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?xi32>
// CHECK: %[[D1:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?xi32>
// CHECK: tensor.empty(%[[D1]]) : tensor<?xi32>
// CHECK: arith.addi
// CHECK: %[[ONE:.+]] = arith.constant 1 : index
// CHECK: %[[N:.+]] = arith.maxui %[[D0]], %[[ONE]] : index
// CHECK: %[[N64:.+]] = arith.index_cast %[[N]] : index to i64
// CHECK: %[[N32:.+]] = arith.trunci %[[N64]] : i64 to i32
// CHECK: arith.divsi %{{.+}}, %[[N32]] : i32
func.func @reduce_mean_int(%x: tensor<?x?xi32>) -> tensor<?xi32> {
  %0 = nn.reduce "mean" %x {axes = array<i64: 0>} : (tensor<?x?xi32>) -> tensor<?xi32>
  return %0 : tensor<?xi32>
}

// -----

// A static group size stays a constant in the body; a result type more
// static than the input is reached through the reduced tensor's own type.
// CHECK-LABEL: func.func @reduce_sum_static_result
// CHECK: %[[EMPTY:.+]] = tensor.empty() : tensor<4xf32>
// CHECK: %[[SUM:.+]] = linalg.generic
// CHECK-SAME: ins(%{{.+}} : tensor<?x4xf32>) outs(%{{.+}} : tensor<4xf32>)
// CHECK: tensor.expand_shape %[[SUM]] {{\[\[}}0, 1]] output_shape [1, 4] : tensor<4xf32> into tensor<1x4xf32>
func.func @reduce_sum_static_result(%x: tensor<?x4xf32>) -> tensor<1x4xf32> {
  %0 = nn.reduce "sum" %x {axes = array<i64: 0>, keepdims = true} : (tensor<?x4xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

// log_sum_exp: every intermediate has the run-time size of the kept axis.
// CHECK-LABEL: func.func @reduce_log_sum_exp
// CHECK-SAME: (%[[X:.+]]: tensor<?x?xf16>)
// CHECK: %[[D0:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?xf16>
// CHECK: tensor.empty(%[[D0]]) : tensor<?xf32>
// CHECK: arith.maximumf
// CHECK: tensor.empty(%[[D0]]) : tensor<?xf32>
// CHECK: tensor.empty(%[[D0]]) : tensor<?xf32>
// CHECK: math.exp
// CHECK: %[[OUT:.+]] = tensor.empty(%[[D0]]) : tensor<?xf16>
// CHECK: linalg.generic
// CHECK-SAME: outs(%[[OUT]] : tensor<?xf16>)
// CHECK: math.log
// CHECK: arith.truncf
func.func @reduce_log_sum_exp(%x: tensor<?x?xf16>) -> tensor<?xf16> {
  %0 = nn.reduce "log_sum_exp" %x {axes = array<i64: 1>} : (tensor<?x?xf16>) -> tensor<?xf16>
  return %0 : tensor<?xf16>
}

// -----

// CHECK-LABEL: func.func @arg_max
// CHECK-SAME: (%[[X:.+]]: tensor<?x?xf32>)
// CHECK: %[[D0:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?xf32>
// CHECK: tensor.empty(%[[D0]]) : tensor<?xf32>
// CHECK: tensor.empty(%[[D0]]) : tensor<?xi64>
// CHECK: %[[R:.+]]:2 = linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "reduction"]
// CHECK: tensor.expand_shape %[[R]]#1 {{\[\[}}0, 1]] output_shape [%[[D0]], 1] : tensor<?xi64> into tensor<?x1xi64>
// BUF-LABEL: func.func @arg_max
// BUF: memref.alloc(%{{.+}}) {{.*}}: memref<?xi64>
func.func @arg_max(%x: tensor<?x?xf32>) -> tensor<?x1xi64> {
  %0 = nn.arg_max %x {axis = 1 : i64, keepdims = true, select_last_index = false} : (tensor<?x?xf32>) -> tensor<?x1xi64>
  return %0 : tensor<?x1xi64>
}

// -----

// CHECK-LABEL: func.func @hardmax
// CHECK-SAME: (%[[X:.+]]: tensor<?x?xf32>)
// CHECK: %[[D0:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?xf32>
// CHECK: %[[D1:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?xf32>
// CHECK: %[[IDX:.+]]:2 = linalg.generic
// CHECK: %[[OUT:.+]] = tensor.empty(%[[D0]], %[[D1]]) : tensor<?x?xf32>
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[IDX]]#1 : tensor<?xi64>) outs(%[[OUT]] : tensor<?x?xf32>)
func.func @hardmax(%x: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = nn.hardmax %x {axis = 1 : i64} : tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// CHECK-LABEL: func.func @log_softmax
// CHECK-SAME: (%[[X:.+]]: tensor<?x?xf32>)
// CHECK: %[[D0:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?xf32>
// CHECK: %[[D1:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?xf32>
// CHECK: %[[MAX:.+]] = linalg.generic
// CHECK: %[[SUM:.+]] = linalg.generic
// CHECK: %[[OUT:.+]] = tensor.empty(%[[D0]], %[[D1]]) : tensor<?x?xf32>
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[X]], %[[MAX]], %[[SUM]] : tensor<?x?xf32>, tensor<?xf32>, tensor<?xf32>) outs(%[[OUT]] : tensor<?x?xf32>)
func.func @log_softmax(%x: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = nn.log_softmax %x {axis = -1 : i64} : tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// CHECK-LABEL: func.func @cumsum
// CHECK-SAME: (%[[X:.+]]: tensor<?x?xf32>)
// CHECK: %[[D0:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?xf32>
// CHECK: %[[D1:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?xf32>
// CHECK: %[[EMPTY:.+]] = tensor.empty(%[[D0]], %[[D1]]) : tensor<?x?xf32>
// CHECK: %[[INIT:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%[[EMPTY]] : tensor<?x?xf32>)
// CHECK: linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-SAME: ins(%[[X]] : tensor<?x?xf32>) outs(%[[INIT]] : tensor<?x?xf32>)
// BUF-LABEL: func.func @cumsum
// BUF: memref.alloc(%{{.+}}, %{{.+}}) {{.*}}: memref<?x?xf32>
func.func @cumsum(%x: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = nn.cumsum %x {axis = 1 : i64, exclusive = false, reverse = false} : tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// Per-channel operands not known to match the channel dimension are
// checked at run time; a static one against a static channel is not.
// CHECK-LABEL: func.func @batch_norm
// CHECK-SAME: (%[[X:.+]]: tensor<?x?x?x?xf32>, %[[S:.+]]: tensor<?xf32>, %[[B:.+]]: tensor<3xf32>
// CHECK: %[[D0:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?x?x?xf32>
// CHECK: %[[D1:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?x?x?xf32>
// CHECK: %[[D2:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?x?x?xf32>
// CHECK: %[[D3:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?x?x?xf32>
// CHECK: %[[NS:.+]] = tensor.dim %[[S]], %{{.+}} : tensor<?xf32>
// CHECK: %[[OKS:.+]] = arith.cmpi eq, %[[NS]], %[[D1]] : index
// CHECK: cf.assert %[[OKS]], "nn.batch_norm: the size of 'scale' differs from the channel dimension (1) of the input"
// CHECK: %[[THREE:.+]] = arith.constant 3 : index
// CHECK: %[[OKB:.+]] = arith.cmpi eq, %[[THREE]], %[[D1]] : index
// CHECK: cf.assert %[[OKB]], "nn.batch_norm: the size of 'bias' differs from the channel dimension (1) of the input"
// CHECK: cf.assert %{{.+}}, "nn.batch_norm: the size of 'mean' differs
// CHECK: cf.assert %{{.+}}, "nn.batch_norm: the size of 'var' differs
// CHECK: %[[OUT:.+]] = tensor.empty(%[[D0]], %[[D1]], %[[D2]], %[[D3]]) : tensor<?x?x?x?xf32>
// CHECK: linalg.generic
// CHECK-SAME: outs(%[[OUT]] : tensor<?x?x?x?xf32>)
func.func @batch_norm(%x: tensor<?x?x?x?xf32>, %s: tensor<?xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<?x?x?x?xf32> {
  %0 = nn.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-05 : f32} : (tensor<?x?x?x?xf32>, tensor<?xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<?x?x?x?xf32>
  return %0 : tensor<?x?x?x?xf32>
}

// -----

// A static channel dimension and static per-channel operands: no checks.
// CHECK-LABEL: func.func @batch_norm_static_channels
// CHECK-NOT: cf.assert
// CHECK: linalg.generic
func.func @batch_norm_static_channels(%x: tensor<?x3x?xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<?x3x?xf32> {
  %0 = nn.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-05 : f32} : (tensor<?x3x?xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<?x3x?xf32>
  return %0 : tensor<?x3x?xf32>
}

// -----

// The group size is computed once and divides in both statistics.
// CHECK-LABEL: func.func @standardize
// CHECK-SAME: (%[[X:.+]]: tensor<?x?x?xf32>)
// CHECK: %[[D0:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?x?xf32>
// CHECK: %[[D1:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?x?xf32>
// CHECK: %[[D2:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?x?xf32>
// CHECK: %[[NI:.+]] = arith.index_cast %[[D2]] : index to i64
// CHECK: %[[NF:.+]] = arith.uitofp %[[NI]] : i64 to f32
// CHECK: %[[SUM:.+]] = linalg.generic
// CHECK: %[[MEAN:.+]] = linalg.generic
// CHECK-SAME: ins(%[[SUM]] : tensor<?x?xf32>)
// CHECK: arith.divf %{{.+}}, %[[NF]] : f32
// CHECK: %[[SQ:.+]] = linalg.generic
// CHECK: %[[INV:.+]] = linalg.generic
// CHECK-SAME: ins(%[[SQ]] : tensor<?x?xf32>)
// CHECK: arith.divf %{{.+}}, %[[NF]] : f32
// CHECK: %[[OUT:.+]] = tensor.empty(%[[D0]], %[[D1]], %[[D2]]) : tensor<?x?x?xf32>
// CHECK: %[[Y:.+]] = linalg.generic
// CHECK-SAME: outs(%[[OUT]] : tensor<?x?x?xf32>)
// CHECK: %[[M:.+]] = tensor.expand_shape %[[MEAN]] {{\[\[}}0], [1, 2]] output_shape [%[[D0]], %[[D1]], 1] : tensor<?x?xf32> into tensor<?x?x1xf32>
// CHECK: %[[I:.+]] = tensor.expand_shape %[[INV]] {{\[\[}}0], [1, 2]] output_shape [%[[D0]], %[[D1]], 1] : tensor<?x?xf32> into tensor<?x?x1xf32>
// CHECK: return %[[Y]], %[[M]], %[[I]]
func.func @standardize(%x: tensor<?x?x?xf32>) -> (tensor<?x?x?xf32>, tensor<?x?x1xf32>, tensor<?x?x1xf32>) {
  %y, %mean, %inv = nn.standardize %x {axes = array<i64: 2>, epsilon = 1.0e-05 : f32} : (tensor<?x?x?xf32>) -> (tensor<?x?x?xf32>, tensor<?x?x1xf32>, tensor<?x?x1xf32>)
  return %y, %mean, %inv : tensor<?x?x?xf32>, tensor<?x?x1xf32>, tensor<?x?x1xf32>
}
