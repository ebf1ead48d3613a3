// RUN: kiln-opt %s -kiln-convert-nn-to-linalg -split-input-file | FileCheck %s

// Unary and broadcasting binary ops become one parallel linalg.generic;
// softmax becomes max-reduce, exp(x - max), sum-reduce and divide.

// CHECK-DAG: #[[$ID:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @relu
// CHECK-SAME: (%[[X:.+]]: tensor<8x16xf32>)
// CHECK: %[[INIT:.+]] = tensor.empty() : tensor<8x16xf32>
// CHECK: %[[R:.+]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%[[X]] : tensor<8x16xf32>) outs(%[[INIT]] : tensor<8x16xf32>)
// CHECK: ^bb0(%[[IN:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: %[[MAX:.+]] = arith.maximumf %[[IN]], %[[ZERO]] : f32
// CHECK-NEXT: linalg.yield %[[MAX]] : f32
// CHECK: return %[[R]]
func.func @relu(%x: tensor<8x16xf32>) -> tensor<8x16xf32> {
  %0 = nn.relu %x : tensor<8x16xf32>
  return %0 : tensor<8x16xf32>
}

// -----

// CHECK-DAG: #[[$ID:map[0-9]*]] = affine_map<(d0) -> (d0)>
// CHECK-LABEL: func.func @sigmoid_f16
// CHECK-SAME: (%[[X:.+]]: tensor<4xf16>)
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$ID]]], iterator_types = ["parallel"]}
// CHECK-SAME: ins(%[[X]] : tensor<4xf16>)
// CHECK: ^bb0(%[[IN:.+]]: f16, %{{.+}}: f16):
// CHECK-NEXT: %[[ONE:.+]] = arith.constant 1.000000e+00 : f16
// CHECK-NEXT: %[[NEG:.+]] = arith.negf %[[IN]] : f16
// CHECK-NEXT: %[[EXP:.+]] = math.exp %[[NEG]] : f16
// CHECK-NEXT: %[[DEN:.+]] = arith.addf %[[ONE]], %[[EXP]] : f16
// CHECK-NEXT: %[[DIV:.+]] = arith.divf %[[ONE]], %[[DEN]] : f16
// CHECK-NEXT: linalg.yield %[[DIV]] : f16
func.func @sigmoid_f16(%x: tensor<4xf16>) -> tensor<4xf16> {
  %0 = nn.sigmoid %x : tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

// CHECK-DAG: #[[$ID:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @tanh
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$ID]]], iterator_types = ["parallel", "parallel", "parallel"]}
// CHECK: ^bb0(%[[IN:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: %[[T:.+]] = math.tanh %[[IN]] : f32
// CHECK-NEXT: linalg.yield %[[T]] : f32
func.func @tanh(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = nn.tanh %x : tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// Size-1 dimensions that stretch read index 0; missing leading dimensions
// are dropped from the operand's map.
// CHECK-DAG: #[[$LHS:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d0, 0, d2)>
// CHECK-DAG: #[[$RHS:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d1, 0)>
// CHECK-DAG: #[[$ID:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @add_broadcast
// CHECK-SAME: (%[[A:.+]]: tensor<2x1x16xf32>, %[[B:.+]]: tensor<8x1xf32>)
// CHECK: %[[INIT:.+]] = tensor.empty() : tensor<2x8x16xf32>
// CHECK: %[[R:.+]] = linalg.generic {indexing_maps = [#[[$LHS]], #[[$RHS]], #[[$ID]]], iterator_types = ["parallel", "parallel", "parallel"]}
// CHECK-SAME: ins(%[[A]], %[[B]] : tensor<2x1x16xf32>, tensor<8x1xf32>) outs(%[[INIT]] : tensor<2x8x16xf32>)
// CHECK: ^bb0(%[[L:.+]]: f32, %[[RV:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: %[[SUM:.+]] = arith.addf %[[L]], %[[RV]] : f32
// CHECK-NEXT: linalg.yield %[[SUM]] : f32
// CHECK: return %[[R]] : tensor<2x8x16xf32>
func.func @add_broadcast(%a: tensor<2x1x16xf32>, %b: tensor<8x1xf32>) -> tensor<2x8x16xf32> {
  %0 = nn.add %a, %b : (tensor<2x1x16xf32>, tensor<8x1xf32>) -> tensor<2x8x16xf32>
  return %0 : tensor<2x8x16xf32>
}

// -----

// A size-1 dimension facing another size-1 dimension keeps its loop index.
// CHECK-DAG: #[[$ID:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @float_sub_mul_div
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$ID]], #[[$ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK: arith.subf
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$ID]], #[[$ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK: arith.mulf
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$ID]], #[[$ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK: arith.divf
func.func @float_sub_mul_div(%a: tensor<1x16xf32>, %b: tensor<1x16xf32>)
    -> (tensor<1x16xf32>, tensor<1x16xf32>, tensor<1x16xf32>) {
  %0 = nn.sub %a, %b : (tensor<1x16xf32>, tensor<1x16xf32>) -> tensor<1x16xf32>
  %1 = nn.mul %a, %b : (tensor<1x16xf32>, tensor<1x16xf32>) -> tensor<1x16xf32>
  %2 = nn.div %a, %b : (tensor<1x16xf32>, tensor<1x16xf32>) -> tensor<1x16xf32>
  return %0, %1, %2 : tensor<1x16xf32>, tensor<1x16xf32>, tensor<1x16xf32>
}

// -----

// Integer element types use the integer arith ops (signed division); a
// rank-0 operand broadcasts through an empty map.
// CHECK-DAG: #[[$ID:map[0-9]*]] = affine_map<(d0) -> (d0)>
// CHECK-DAG: #[[$SCALAR:map[0-9]*]] = affine_map<(d0) -> ()>
// CHECK-LABEL: func.func @integer
// CHECK-SAME: (%[[A:.+]]: tensor<4xi32>, %[[S:.+]]: tensor<i32>)
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$SCALAR]], #[[$ID]]], iterator_types = ["parallel"]}
// CHECK-SAME: ins(%[[A]], %[[S]] : tensor<4xi32>, tensor<i32>)
// CHECK: arith.addi
// CHECK: linalg.generic {indexing_maps = [#[[$SCALAR]], #[[$ID]], #[[$ID]]], iterator_types = ["parallel"]}
// CHECK-SAME: ins(%[[S]], %[[A]] : tensor<i32>, tensor<4xi32>)
// CHECK: arith.subi
// CHECK: linalg.generic
// CHECK: arith.muli
// CHECK: linalg.generic
// CHECK: arith.divsi
func.func @integer(%a: tensor<4xi32>, %s: tensor<i32>)
    -> (tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>) {
  %0 = nn.add %a, %s : (tensor<4xi32>, tensor<i32>) -> tensor<4xi32>
  %1 = nn.sub %s, %a : (tensor<i32>, tensor<4xi32>) -> tensor<4xi32>
  %2 = nn.mul %a, %s : (tensor<4xi32>, tensor<i32>) -> tensor<4xi32>
  %3 = nn.div %a, %s : (tensor<4xi32>, tensor<i32>) -> tensor<4xi32>
  return %0, %1, %2, %3 : tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>
}

// -----

// Softmax over the middle axis (-2 of rank 3): reductions drop d1.
// CHECK-DAG: #[[$ID:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[$RED:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-LABEL: func.func @softmax
// CHECK-SAME: (%[[X:.+]]: tensor<2x5x3xf32>)
// CHECK: %[[E0:.+]] = tensor.empty() : tensor<2x3xf32>
// CHECK: %[[NEGINF:.+]] = arith.constant 0xFF800000 : f32
// CHECK: %[[MAXINIT:.+]] = linalg.fill ins(%[[NEGINF]] : f32) outs(%[[E0]] : tensor<2x3xf32>)
// CHECK: %[[MAX:.+]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$RED]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK-SAME: ins(%[[X]] : tensor<2x5x3xf32>) outs(%[[MAXINIT]] : tensor<2x3xf32>)
// CHECK: arith.maximumf
// CHECK: %[[EXP:.+]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$RED]], #[[$ID]]], iterator_types = ["parallel", "parallel", "parallel"]}
// CHECK-SAME: ins(%[[X]], %[[MAX]] : tensor<2x5x3xf32>, tensor<2x3xf32>)
// CHECK: ^bb0(%[[V:.+]]: f32, %[[M:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: %[[D:.+]] = arith.subf %[[V]], %[[M]] : f32
// CHECK-NEXT: %[[EX:.+]] = math.exp %[[D]] : f32
// CHECK-NEXT: linalg.yield %[[EX]] : f32
// CHECK: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[SUMINIT:.+]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.+}} : tensor<2x3xf32>)
// CHECK: %[[SUM:.+]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$RED]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK-SAME: ins(%[[EXP]] : tensor<2x5x3xf32>) outs(%[[SUMINIT]] : tensor<2x3xf32>)
// CHECK: arith.addf
// CHECK: %[[R:.+]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$RED]], #[[$ID]]], iterator_types = ["parallel", "parallel", "parallel"]}
// CHECK-SAME: ins(%[[EXP]], %[[SUM]] : tensor<2x5x3xf32>, tensor<2x3xf32>)
// CHECK: arith.divf
// CHECK: return %[[R]] : tensor<2x5x3xf32>
func.func @softmax(%x: tensor<2x5x3xf32>) -> tensor<2x5x3xf32> {
  %0 = nn.softmax %x {axis = -2 : i64} : tensor<2x5x3xf32>
  return %0 : tensor<2x5x3xf32>
}
