// RUN: kiln-opt %s -kiln-convert-nn-to-linalg -split-input-file | FileCheck %s

// Reductions become a linalg.generic with `reduction` iterators on the
// reduced axes into a tensor filled with the neutral element, a parallel
// finish on the reduced shape when the kind needs one, and an expand_shape
// for keepdims. Half-precision floats accumulate in f32.

// CHECK-DAG: #[[$IN:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[$OUT:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-LABEL: func.func @reduce_sum_keepdims
// CHECK-SAME: (%[[X:.+]]: tensor<2x3x4xf32>)
// CHECK: %[[EMPTY:.+]] = tensor.empty() : tensor<2x4xf32>
// CHECK: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[INIT:.+]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[EMPTY]] : tensor<2x4xf32>)
// CHECK: %[[SUM:.+]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$OUT]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK-SAME: ins(%[[X]] : tensor<2x3x4xf32>) outs(%[[INIT]] : tensor<2x4xf32>)
// CHECK: ^bb0(%[[IN:.+]]: f32, %[[ACC:.+]]: f32):
// CHECK-NEXT: %[[ADD:.+]] = arith.addf %[[ACC]], %[[IN]] : f32
// CHECK-NEXT: linalg.yield %[[ADD]] : f32
// CHECK: %[[R:.+]] = tensor.expand_shape %[[SUM]] {{\[\[}}0], [1, 2]] output_shape [2, 1, 4] : tensor<2x4xf32> into tensor<2x1x4xf32>
// CHECK: return %[[R]]
func.func @reduce_sum_keepdims(%x: tensor<2x3x4xf32>) -> tensor<2x1x4xf32> {
  %0 = nn.reduce "sum" %x {axes = array<i64: 1>, keepdims = true} : (tensor<2x3x4xf32>) -> tensor<2x1x4xf32>
  return %0 : tensor<2x1x4xf32>
}

// -----

// Mean divides by the group size in a finish on the reduced shape.
// CHECK-DAG: #[[$IN:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[$OUT:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d1)>
// CHECK-DAG: #[[$ID1:map[0-9]*]] = affine_map<(d0) -> (d0)>
// CHECK-LABEL: func.func @reduce_mean_two_axes
// CHECK: %[[SUM:.+]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$OUT]]], iterator_types = ["reduction", "parallel", "reduction"]}
// CHECK: arith.addf
// CHECK: %[[MEAN:.+]] = linalg.generic {indexing_maps = [#[[$ID1]], #[[$ID1]]], iterator_types = ["parallel"]}
// CHECK-SAME: ins(%[[SUM]] : tensor<3xf32>)
// CHECK: ^bb0(%[[S:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: %[[N:.+]] = arith.constant 8.000000e+00 : f32
// CHECK-NEXT: %[[D:.+]] = arith.divf %[[S]], %[[N]] : f32
// CHECK-NEXT: linalg.yield %[[D]] : f32
// CHECK: return %[[MEAN]]
func.func @reduce_mean_two_axes(%x: tensor<2x3x4xf32>) -> tensor<3xf32> {
  %0 = nn.reduce "mean" %x {axes = array<i64: 0, 2>} : (tensor<2x3x4xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// All axes of an integer tensor: a rank-0 accumulator, truncating division,
// and an expand_shape with no groups.
// CHECK-DAG: #[[$OUT:map[0-9]*]] = affine_map<(d0, d1) -> ()>
// CHECK-DAG: #[[$SCALAR:map[0-9]*]] = affine_map<() -> ()>
// CHECK-LABEL: func.func @reduce_mean_int_all
// CHECK: arith.constant 0 : i32
// CHECK: %[[SUM:.+]] = linalg.generic {indexing_maps = [#{{.+}}, #[[$OUT]]], iterator_types = ["reduction", "reduction"]}
// CHECK: arith.addi
// CHECK: %[[MEAN:.+]] = linalg.generic {indexing_maps = [#[[$SCALAR]], #[[$SCALAR]]], iterator_types = []}
// CHECK: %[[N:.+]] = arith.constant 6 : i32
// CHECK-NEXT: arith.divsi %{{.+}}, %[[N]] : i32
// CHECK: tensor.expand_shape %[[MEAN]] [] output_shape [1, 1] : tensor<i32> into tensor<1x1xi32>
func.func @reduce_mean_int_all(%x: tensor<2x3xi32>) -> tensor<1x1xi32> {
  %0 = nn.reduce "mean" %x {axes = array<i64: 0, 1>, keepdims = true} : (tensor<2x3xi32>) -> tensor<1x1xi32>
  return %0 : tensor<1x1xi32>
}

// -----

// max/min start at -inf/+inf and propagate NaN (maximumf/minimumf).
// CHECK-LABEL: func.func @reduce_max_min
// CHECK: %[[NEGINF:.+]] = arith.constant 0xFF800000 : f32
// CHECK: linalg.fill ins(%[[NEGINF]] : f32)
// CHECK: iterator_types = ["parallel", "reduction"]
// CHECK: arith.maximumf
// CHECK: %[[INF:.+]] = arith.constant 0x7F800000 : f32
// CHECK: linalg.fill ins(%[[INF]] : f32)
// CHECK: arith.minimumf
func.func @reduce_max_min(%x: tensor<2x3xf32>) -> (tensor<2xf32>, tensor<2xf32>) {
  %0 = nn.reduce "max" %x {axes = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2xf32>
  %1 = nn.reduce "min" %x {axes = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0, %1 : tensor<2xf32>, tensor<2xf32>
}

// -----

// Signed integer min/max start at the type's extremes; i1 max is an
// unsigned max (or) from false.
// CHECK-LABEL: func.func @reduce_int_extremes
// CHECK: arith.constant 2147483647 : i32
// CHECK: arith.minsi
// CHECK: arith.constant -128 : i8
// CHECK: arith.maxsi
// CHECK: arith.constant false
// CHECK: arith.maxui %{{.+}}, %{{.+}} : i1
func.func @reduce_int_extremes(%x: tensor<2x3xi32>, %y: tensor<4xi8>, %b: tensor<4xi1>)
    -> (tensor<2xi32>, tensor<i8>, tensor<i1>) {
  %0 = nn.reduce "min" %x {axes = array<i64: 1>} : (tensor<2x3xi32>) -> tensor<2xi32>
  %1 = nn.reduce "max" %y {axes = array<i64: 0>} : (tensor<4xi8>) -> tensor<i8>
  %2 = nn.reduce "max" %b {axes = array<i64: 0>} : (tensor<4xi1>) -> tensor<i1>
  return %0, %1, %2 : tensor<2xi32>, tensor<i8>, tensor<i1>
}

// -----

// prod starts at 1; sum_square, l1 and l2 square or take |x| per element;
// l2 and log_sum finish with sqrt and log.
// CHECK-LABEL: func.func @reduce_per_element
// CHECK: arith.constant 1 : i64
// CHECK: ^bb0(%[[P:.+]]: i64, %[[PA:.+]]: i64):
// CHECK-NEXT: arith.muli %[[PA]], %[[P]] : i64
// CHECK: ^bb0(%[[Q:.+]]: f32, %[[QA:.+]]: f32):
// CHECK-NEXT: %[[SQ:.+]] = arith.mulf %[[Q]], %[[Q]] : f32
// CHECK-NEXT: arith.addf %[[QA]], %[[SQ]] : f32
// CHECK: ^bb0(%[[A:.+]]: f32, %[[AA:.+]]: f32):
// CHECK-NEXT: %[[ABS:.+]] = math.absf %[[A]] : f32
// CHECK-NEXT: arith.addf %[[AA]], %[[ABS]] : f32
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: ^bb0(%[[L2:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: math.sqrt %[[L2]] : f32
// CHECK: arith.addf
// CHECK: ^bb0(%[[LS:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: math.log %[[LS]] : f32
func.func @reduce_per_element(%i: tensor<2x3xi64>, %x: tensor<2x3xf32>)
    -> (tensor<2xi64>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) {
  %0 = nn.reduce "prod" %i {axes = array<i64: 1>} : (tensor<2x3xi64>) -> tensor<2xi64>
  %1 = nn.reduce "sum_square" %x {axes = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2xf32>
  %2 = nn.reduce "l1" %x {axes = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2xf32>
  %3 = nn.reduce "l2" %x {axes = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2xf32>
  %4 = nn.reduce "log_sum" %x {axes = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0, %1, %2, %3, %4 : tensor<2xi64>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>
}

// -----

// No axes: all loops parallel, each element reduced alone.
// CHECK-DAG: #[[$ID:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @reduce_no_axes
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK: arith.mulf
// CHECK-NOT: tensor.expand_shape
func.func @reduce_no_axes(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = nn.reduce "sum_square" %x {axes = array<i64>, keepdims = true} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// log_sum_exp on f16: the max in f32, a shift that is the max when finite
// and 0 otherwise, the sum of exp(x - shift), then log(sum) + shift
// truncated back to f16.
// CHECK-DAG: #[[$IN:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$RED:map[0-9]*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[$ID1:map[0-9]*]] = affine_map<(d0) -> (d0)>
// CHECK-LABEL: func.func @reduce_log_sum_exp_f16
// CHECK-SAME: (%[[X:.+]]: tensor<2x3xf16>)
// CHECK: %[[MAX:.+]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$RED]]], iterator_types = ["parallel", "reduction"]}
// CHECK-SAME: ins(%[[X]] : tensor<2x3xf16>) outs(%{{.+}} : tensor<2xf32>)
// CHECK: ^bb0(%[[M_IN:.+]]: f16, %[[M_ACC:.+]]: f32):
// CHECK-NEXT: %[[M_EXT:.+]] = arith.extf %[[M_IN]] : f16 to f32
// CHECK-NEXT: arith.maximumf %[[M_ACC]], %[[M_EXT]] : f32
// CHECK: %[[SHIFT:.+]] = linalg.generic {indexing_maps = [#[[$ID1]], #[[$ID1]]], iterator_types = ["parallel"]} ins(%[[MAX]] : tensor<2xf32>)
// CHECK: ^bb0(%[[S_IN:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: %[[INF:.+]] = arith.constant 0x7F800000 : f32
// CHECK-NEXT: %[[ABS:.+]] = math.absf %[[S_IN]] : f32
// CHECK-NEXT: %[[FINITE:.+]] = arith.cmpf one, %[[ABS]], %[[INF]] : f32
// CHECK-NEXT: %[[Z:.+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: arith.select %[[FINITE]], %[[S_IN]], %[[Z]] : f32
// CHECK: %[[SUM:.+]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$RED]], #[[$RED]]], iterator_types = ["parallel", "reduction"]}
// CHECK-SAME: ins(%[[X]], %[[SHIFT]] : tensor<2x3xf16>, tensor<2xf32>)
// CHECK: ^bb0(%[[E_IN:.+]]: f16, %[[E_SHIFT:.+]]: f32, %[[E_ACC:.+]]: f32):
// CHECK-NEXT: %[[E_EXT:.+]] = arith.extf %[[E_IN]] : f16 to f32
// CHECK-NEXT: %[[E_SUB:.+]] = arith.subf %[[E_EXT]], %[[E_SHIFT]] : f32
// CHECK-NEXT: %[[E_EXP:.+]] = math.exp %[[E_SUB]] : f32
// CHECK-NEXT: arith.addf %[[E_ACC]], %[[E_EXP]] : f32
// CHECK: %[[R:.+]] = linalg.generic {indexing_maps = [#[[$ID1]], #[[$ID1]], #[[$ID1]]], iterator_types = ["parallel"]}
// CHECK-SAME: ins(%[[SUM]], %[[SHIFT]] : tensor<2xf32>, tensor<2xf32>) outs(%{{.+}} : tensor<2xf16>)
// CHECK: ^bb0(%[[F_SUM:.+]]: f32, %[[F_SHIFT:.+]]: f32, %{{.+}}: f16):
// CHECK-NEXT: %[[LOG:.+]] = math.log %[[F_SUM]] : f32
// CHECK-NEXT: %[[ADD:.+]] = arith.addf %[[LOG]], %[[F_SHIFT]] : f32
// CHECK-NEXT: %[[TRUNC:.+]] = arith.truncf %[[ADD]] : f32 to f16
// CHECK-NEXT: linalg.yield %[[TRUNC]] : f16
// CHECK: return %[[R]]
func.func @reduce_log_sum_exp_f16(%x: tensor<2x3xf16>) -> tensor<2xf16> {
  %0 = nn.reduce "log_sum_exp" %x {axes = array<i64: 1>} : (tensor<2x3xf16>) -> tensor<2xf16>
  return %0 : tensor<2xf16>
}

// -----

// arg_max: a value and an index accumulator; the extreme wins, NaN counts
// as the extreme, ties go to the smaller index.
// CHECK-DAG: #[[$IN:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$RED:map[0-9]*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @arg_max_keepdims
// CHECK-SAME: (%[[X:.+]]: tensor<2x3xf32>)
// CHECK: %[[VINIT:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : tensor<3xf32>)
// CHECK: %[[IINIT:.+]] = linalg.fill ins(%{{.+}} : i64) outs(%{{.+}} : tensor<3xi64>)
// CHECK: %[[R:.+]]:2 = linalg.generic {indexing_maps = [#[[$IN]], #[[$RED]], #[[$RED]]], iterator_types = ["reduction", "parallel"]}
// CHECK-SAME: ins(%[[X]] : tensor<2x3xf32>) outs(%[[VINIT]], %[[IINIT]] : tensor<3xf32>, tensor<3xi64>)
// CHECK: ^bb0(%[[IN:.+]]: f32, %[[V:.+]]: f32, %[[I:.+]]: i64):
// CHECK-NEXT: %[[POS:.+]] = linalg.index 0 : index
// CHECK-NEXT: %[[POS64:.+]] = arith.index_cast %[[POS]] : index to i64
// CHECK-NEXT: %[[XNAN:.+]] = arith.cmpf uno, %[[IN]], %[[IN]] : f32
// CHECK-NEXT: %[[VNAN:.+]] = arith.cmpf uno, %[[V]], %[[V]] : f32
// CHECK: %[[GT:.+]] = arith.cmpf ogt, %[[IN]], %[[V]] : f32
// CHECK: %[[EQ:.+]] = arith.cmpf oeq, %[[IN]], %[[V]] : f32
// CHECK: %[[TIE:.+]] = arith.cmpi slt, %[[POS64]], %[[I]] : i64
// CHECK: %[[TAKE:.+]] = arith.ori
// CHECK-NEXT: %[[NV:.+]] = arith.select %[[TAKE]], %[[IN]], %[[V]] : f32
// CHECK-NEXT: %[[NI:.+]] = arith.select %[[TAKE]], %[[POS64]], %[[I]] : i64
// CHECK-NEXT: linalg.yield %[[NV]], %[[NI]] : f32, i64
// CHECK: tensor.expand_shape %[[R]]#1 {{\[\[}}0, 1]] output_shape [1, 3] : tensor<3xi64> into tensor<1x3xi64>
func.func @arg_max_keepdims(%x: tensor<2x3xf32>) -> tensor<1x3xi64> {
  %0 = nn.arg_max %x {axis = 0 : i64, keepdims = true} : (tensor<2x3xf32>) -> tensor<1x3xi64>
  return %0 : tensor<1x3xi64>
}

// -----

// arg_min of integers with select_last_index: starts at the largest value,
// ties go to the larger index.
// CHECK-LABEL: func.func @arg_min_last_int
// CHECK: arith.constant 2147483647 : i32
// CHECK: iterator_types = ["parallel", "reduction"]
// CHECK: ^bb0(%[[IN:.+]]: i32, %[[V:.+]]: i32, %[[I:.+]]: i64):
// CHECK: %[[POS64:.+]] = arith.index_cast
// CHECK: arith.cmpi slt, %[[IN]], %[[V]] : i32
// CHECK: arith.cmpi eq, %[[IN]], %[[V]] : i32
// CHECK: arith.cmpi sgt, %[[POS64]], %[[I]] : i64
// CHECK-NOT: tensor.expand_shape
func.func @arg_min_last_int(%x: tensor<2x3xi32>) -> tensor<2xi64> {
  %0 = nn.arg_min %x {axis = 1 : i64, select_last_index = true} : (tensor<2x3xi32>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// hardmax: the first arg-max, then 1 where the axis position matches it.
// CHECK-DAG: #[[$ID:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$RED:map[0-9]*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @hardmax
// CHECK: %[[ARG:.+]]:2 = linalg.generic {indexing_maps = [#[[$ID]], #[[$RED]], #[[$RED]]], iterator_types = ["parallel", "reduction"]}
// CHECK: arith.cmpi slt
// CHECK: %[[R:.+]] = linalg.generic {indexing_maps = [#[[$RED]], #[[$ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%[[ARG]]#1 : tensor<3xi64>) outs(%{{.+}} : tensor<3x4xf32>)
// CHECK: ^bb0(%[[IDX:.+]]: i64, %{{.+}}: f32):
// CHECK-NEXT: %[[POS:.+]] = linalg.index 1 : index
// CHECK-NEXT: %[[POS64:.+]] = arith.index_cast %[[POS]] : index to i64
// CHECK-NEXT: %[[HIT:.+]] = arith.cmpi eq, %[[POS64]], %[[IDX]] : i64
// CHECK-NEXT: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: %[[ONE:.+]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT: %[[SEL:.+]] = arith.select %[[HIT]], %[[ONE]], %[[ZERO]] : f32
// CHECK-NEXT: linalg.yield %[[SEL]] : f32
// CHECK: return %[[R]]
func.func @hardmax(%x: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %0 = nn.hardmax %x {axis = -1 : i64} : tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// log_softmax: max-reduce, sum of exp(x - max), then x - max - log(sum).
// CHECK-DAG: #[[$ID:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$RED:map[0-9]*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @log_softmax
// CHECK-SAME: (%[[X:.+]]: tensor<3x4xf32>)
// CHECK: %[[MAX:.+]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$RED]]], iterator_types = ["reduction", "parallel"]}
// CHECK: arith.maximumf
// CHECK: %[[SUM:.+]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$RED]], #[[$RED]]], iterator_types = ["reduction", "parallel"]}
// CHECK-SAME: ins(%[[X]], %[[MAX]] : tensor<3x4xf32>, tensor<4xf32>)
// CHECK: arith.subf
// CHECK-NEXT: math.exp
// CHECK-NEXT: arith.addf
// CHECK: %[[R:.+]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$RED]], #[[$RED]], #[[$ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%[[X]], %[[MAX]], %[[SUM]] : tensor<3x4xf32>, tensor<4xf32>, tensor<4xf32>)
// CHECK: ^bb0(%[[IN:.+]]: f32, %[[M:.+]]: f32, %[[S:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: %[[D:.+]] = arith.subf %[[IN]], %[[M]] : f32
// CHECK-NEXT: %[[LOG:.+]] = math.log %[[S]] : f32
// CHECK-NEXT: %[[Y:.+]] = arith.subf %[[D]], %[[LOG]] : f32
// CHECK-NEXT: linalg.yield %[[Y]] : f32
// CHECK: return %[[R]]
func.func @log_softmax(%x: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %0 = nn.log_softmax %x {axis = 0 : i64} : tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// cumsum: an extra reduction loop d2 runs along the axis; output d0 takes
// x[d2] where d2 is in its range (here reverse exclusive: d2 > d0).
// CHECK-DAG: #[[$IN:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-DAG: #[[$OUT:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @cumsum_reverse_exclusive
// CHECK-SAME: (%[[X:.+]]: tensor<5x3xf32>)
// CHECK: %[[INIT:.+]] = linalg.fill
// CHECK: %[[R:.+]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$OUT]]], iterator_types = ["parallel", "parallel", "reduction"]}
// CHECK-SAME: ins(%[[X]] : tensor<5x3xf32>) outs(%[[INIT]] : tensor<5x3xf32>)
// CHECK: ^bb0(%[[IN:.+]]: f32, %[[ACC:.+]]: f32):
// CHECK-NEXT: %[[I:.+]] = linalg.index 0 : index
// CHECK-NEXT: %[[J:.+]] = linalg.index 2 : index
// CHECK-NEXT: %[[C:.+]] = arith.cmpi ugt, %[[J]], %[[I]] : index
// CHECK-NEXT: %[[Z:.+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: %[[V:.+]] = arith.select %[[C]], %[[IN]], %[[Z]] : f32
// CHECK-NEXT: %[[S:.+]] = arith.addf %[[ACC]], %[[V]] : f32
// CHECK-NEXT: linalg.yield %[[S]] : f32
// CHECK: return %[[R]]
func.func @cumsum_reverse_exclusive(%x: tensor<5x3xf32>) -> tensor<5x3xf32> {
  %0 = nn.cumsum %x {axis = 0 : i64, exclusive = true, reverse = true} : tensor<5x3xf32>
  return %0 : tensor<5x3xf32>
}

// -----

// CHECK-DAG: #[[$IN:map[0-9]*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @cumsum_int
// CHECK: linalg.generic {indexing_maps = [#[[$IN]], #{{.+}}], iterator_types = ["parallel", "reduction"]}
// CHECK: arith.cmpi ule
// CHECK: arith.addi
func.func @cumsum_int(%x: tensor<4xi32>) -> tensor<4xi32> {
  %0 = nn.cumsum %x {axis = 0 : i64} : tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

// batch_norm: one generic, the per-channel operands read at d1.
// CHECK-DAG: #[[$ID:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[$CH:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d1)>
// CHECK-LABEL: func.func @batch_norm
// CHECK-SAME: (%[[X:[^:]+]]: tensor<2x3x4xf32>, %[[S:[^:]+]]: tensor<3xf32>, %[[B:[^:]+]]: tensor<3xf32>, %[[M:[^:]+]]: tensor<3xf32>, %[[V:[^:]+]]: tensor<3xf32>)
// CHECK: %[[R:.+]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$CH]], #[[$CH]], #[[$CH]], #[[$CH]], #[[$ID]]], iterator_types = ["parallel", "parallel", "parallel"]}
// CHECK-SAME: ins(%[[X]], %[[S]], %[[B]], %[[M]], %[[V]] :
// CHECK: ^bb0(%[[XI:.+]]: f32, %[[SI:.+]]: f32, %[[BI:.+]]: f32, %[[MI:.+]]: f32, %[[VI:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: %[[C:.+]] = arith.subf %[[XI]], %[[MI]] : f32
// CHECK-NEXT: %[[EPS:.+]] = arith.constant 1.000000e-03 : f32
// CHECK-NEXT: %[[VE:.+]] = arith.addf %[[VI]], %[[EPS]] : f32
// CHECK-NEXT: %[[STD:.+]] = math.sqrt %[[VE]] : f32
// CHECK-NEXT: %[[SC:.+]] = arith.mulf %[[SI]], %[[C]] : f32
// CHECK-NEXT: %[[N:.+]] = arith.divf %[[SC]], %[[STD]] : f32
// CHECK-NEXT: %[[Y:.+]] = arith.addf %[[N]], %[[BI]] : f32
// CHECK-NEXT: linalg.yield %[[Y]] : f32
// CHECK: return %[[R]]
func.func @batch_norm(%x: tensor<2x3x4xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<2x3x4xf32> {
  %0 = nn.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-3 : f32}
      : (tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// standardize: sum -> mean, sum of squared deviations -> 1/sqrt(var + eps),
// the normalized output, and the statistics with the axes kept.
// CHECK-DAG: #[[$ID:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[$RED:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d0)>
// CHECK-LABEL: func.func @standardize
// CHECK-SAME: (%[[X:.+]]: tensor<2x3x4xf32>)
// CHECK: %[[SUM:.+]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$RED]]], iterator_types = ["parallel", "reduction", "reduction"]}
// CHECK: %[[MEAN:.+]] = linalg.generic
// CHECK-SAME: ins(%[[SUM]] : tensor<2xf32>)
// CHECK: arith.constant 1.200000e+01 : f32
// CHECK: arith.divf
// CHECK: %[[SQ:.+]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$RED]], #[[$RED]]], iterator_types = ["parallel", "reduction", "reduction"]}
// CHECK-SAME: ins(%[[X]], %[[MEAN]] : tensor<2x3x4xf32>, tensor<2xf32>)
// CHECK: ^bb0(%[[Q_IN:.+]]: f32, %[[Q_MEAN:.+]]: f32, %[[Q_ACC:.+]]: f32):
// CHECK-NEXT: %[[Q_D:.+]] = arith.subf %[[Q_IN]], %[[Q_MEAN]] : f32
// CHECK-NEXT: %[[Q_SQ:.+]] = arith.mulf %[[Q_D]], %[[Q_D]] : f32
// CHECK-NEXT: arith.addf %[[Q_ACC]], %[[Q_SQ]] : f32
// CHECK: %[[INV:.+]] = linalg.generic
// CHECK-SAME: ins(%[[SQ]] : tensor<2xf32>)
// CHECK: ^bb0(%[[I_SQ:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: %[[I_N:.+]] = arith.constant 1.200000e+01 : f32
// CHECK-NEXT: %[[I_VAR:.+]] = arith.divf %[[I_SQ]], %[[I_N]] : f32
// CHECK-NEXT: %[[I_EPS:.+]] = arith.constant 9.99999974E-6 : f32
// CHECK-NEXT: %[[I_VE:.+]] = arith.addf %[[I_VAR]], %[[I_EPS]] : f32
// CHECK-NEXT: %[[I_STD:.+]] = math.sqrt %[[I_VE]] : f32
// CHECK-NEXT: %[[I_ONE:.+]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT: arith.divf %[[I_ONE]], %[[I_STD]] : f32
// CHECK: %[[Y:.+]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$RED]], #[[$RED]], #[[$ID]]], iterator_types = ["parallel", "parallel", "parallel"]}
// CHECK-SAME: ins(%[[X]], %[[MEAN]], %[[INV]] :
// CHECK: ^bb0(%[[Y_IN:.+]]: f32, %[[Y_MEAN:.+]]: f32, %[[Y_INV:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: %[[Y_D:.+]] = arith.subf %[[Y_IN]], %[[Y_MEAN]] : f32
// CHECK-NEXT: arith.mulf %[[Y_D]], %[[Y_INV]] : f32
// CHECK: %[[MEAN_OUT:.+]] = tensor.expand_shape %[[MEAN]] {{\[\[}}0, 1, 2]] output_shape [2, 1, 1] : tensor<2xf32> into tensor<2x1x1xf32>
// CHECK: %[[INV_OUT:.+]] = tensor.expand_shape %[[INV]] {{\[\[}}0, 1, 2]] output_shape [2, 1, 1]
// CHECK: return %[[Y]], %[[MEAN_OUT]], %[[INV_OUT]]
func.func @standardize(%x: tensor<2x3x4xf32>) -> (tensor<2x3x4xf32>, tensor<2x1x1xf32>, tensor<2x1x1xf32>) {
  %y, %mean, %inv = nn.standardize %x {axes = array<i64: 1, 2>, epsilon = 1.0e-5 : f32}
      : (tensor<2x3x4xf32>) -> (tensor<2x3x4xf32>, tensor<2x1x1xf32>, tensor<2x1x1xf32>)
  return %y, %mean, %inv : tensor<2x3x4xf32>, tensor<2x1x1xf32>, tensor<2x1x1xf32>
}

// -----

// Half precision: the statistics are computed in f32 and truncated.
// CHECK-LABEL: func.func @standardize_f16
// CHECK: arith.extf %{{.+}} : f16 to f32
// CHECK: arith.truncf %{{.+}} : f32 to f16
// CHECK: tensor.expand_shape %{{.+}} : tensor<4xf16> into tensor<4x1xf16>
func.func @standardize_f16(%x: tensor<4x8xf16>) -> (tensor<4x8xf16>, tensor<4x1xf16>) {
  %y:3 = nn.standardize %x {axes = array<i64: 1>}
      : (tensor<4x8xf16>) -> (tensor<4x8xf16>, tensor<4x1xf16>, tensor<4x1xf16>)
  return %y#0, %y#1 : tensor<4x8xf16>, tensor<4x1xf16>
}
