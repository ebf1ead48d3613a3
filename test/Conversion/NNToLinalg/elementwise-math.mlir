// RUN: kiln-opt %s -kiln-convert-nn-to-linalg -split-input-file | FileCheck %s

// Scalar bodies of the elementwise math, activation, comparison, select
// and cast lowerings.

// CHECK-LABEL: func.func @exp
// CHECK: linalg.generic
// CHECK: ^bb0(%[[IN:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: %[[E:.+]] = math.exp %[[IN]] : f32
// CHECK-NEXT: linalg.yield %[[E]]
func.func @exp(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = nn.exp %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @leaky_relu
// CHECK: ^bb0(%[[IN:.+]]: f32, %{{.+}}: f32):
// CHECK: %[[GE:.+]] = arith.cmpf oge, %[[IN]], %{{.+}} : f32
// CHECK: %[[M:.+]] = arith.mulf %[[IN]], %{{.+}} : f32
// CHECK: %[[S:.+]] = arith.select %[[GE]], %[[IN]], %[[M]] : f32
// CHECK: linalg.yield %[[S]]
func.func @leaky_relu(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = nn.leaky_relu %x {alpha = 0.1 : f32} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Floor modulo: remainder, then add the divisor when the signs differ.
// CHECK-LABEL: func.func @mod_int
// CHECK: ^bb0(%[[A:.+]]: i64, %[[B:.+]]: i64, %{{.+}}: i64):
// CHECK: %[[R:.+]] = arith.remsi %[[A]], %[[B]] : i64
// CHECK: %[[NZ:.+]] = arith.cmpi ne, %[[R]], %{{.+}} : i64
// CHECK: %[[X:.+]] = arith.xori
// CHECK: %[[FIX:.+]] = arith.andi %[[NZ]], %[[X]] : i1
// CHECK: %[[ADJ:.+]] = arith.addi %[[R]], %[[B]] : i64
// CHECK: arith.select %[[FIX]], %[[ADJ]], %[[R]] : i64
func.func @mod_int(%a: tensor<4xi64>, %b: tensor<4xi64>) -> tensor<4xi64> {
  %0 = nn.mod %a, %b : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  return %0 : tensor<4xi64>
}

// -----

// CHECK-LABEL: func.func @fmod_float
// CHECK: arith.remf
// CHECK-NOT: arith.select
func.func @fmod_float(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  %0 = nn.mod %a, %b {fmod = true} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Comparisons produce i1; integers compare signed.
// CHECK-LABEL: func.func @compare
// CHECK: %[[E:.+]] = tensor.empty() : tensor<2x3xi1>
// CHECK: linalg.generic {{.*}} outs(%[[E]] : tensor<2x3xi1>)
// CHECK: ^bb0(%[[A:.+]]: f32, %[[B:.+]]: f32, %{{.+}}: i1):
// CHECK-NEXT: %[[C:.+]] = arith.cmpf olt, %[[A]], %[[B]] : f32
// CHECK-NEXT: linalg.yield %[[C]] : i1
// CHECK: arith.cmpi sge, %{{.+}}, %{{.+}} : i32
func.func @compare(%a: tensor<2x3xf32>, %b: tensor<3xf32>, %i: tensor<2xi32>, %j: tensor<2xi32>)
    -> (tensor<2x3xi1>, tensor<2xi1>) {
  %0 = nn.less %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %1 = nn.greater_or_equal %i, %j : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi1>
  return %0, %1 : tensor<2x3xi1>, tensor<2xi1>
}

// -----

// CHECK-DAG: #[[$C:.+]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-DAG: #[[$X:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$Y:.+]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @where
// CHECK: linalg.generic {indexing_maps = [#[[$C]], #[[$X]], #[[$Y]], #[[$X]]]
// CHECK: ^bb0(%[[C:.+]]: i1, %[[A:.+]]: f32, %[[B:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: %[[S:.+]] = arith.select %[[C]], %[[A]], %[[B]] : f32
func.func @where(%c: tensor<4x1xi1>, %x: tensor<4x8xf32>, %y: tensor<8xf32>) -> tensor<4x8xf32> {
  %0 = nn.where %c, %x, %y : (tensor<4x1xi1>, tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

// Bools convert as 0/1 (unsigned); other integers sign-extend; floats
// truncate toward zero; anything to bool is x != 0.
// CHECK-LABEL: func.func @casts
// CHECK: arith.uitofp %{{.+}} : i1 to f32
// CHECK: arith.extsi %{{.+}} : i32 to i64
// CHECK: arith.fptosi %{{.+}} : f32 to i64
// CHECK: arith.cmpf une, %{{.+}}, %{{.+}} : f32
// CHECK: arith.truncf %{{.+}} : f32 to f16
func.func @casts(%b: tensor<2xi1>, %i: tensor<2xi32>, %f: tensor<2xf32>) {
  %0 = nn.cast %b : tensor<2xi1> -> tensor<2xf32>
  %1 = nn.cast %i : tensor<2xi32> -> tensor<2xi64>
  %2 = nn.cast %f : tensor<2xf32> -> tensor<2xi64>
  %3 = nn.cast %f : tensor<2xf32> -> tensor<2xi1>
  %4 = nn.cast %f : tensor<2xf32> -> tensor<2xf16>
  return
}

// -----

// CHECK-LABEL: func.func @is_inf_positive_only
// CHECK: arith.cmpf oeq, %{{.+}}, %{{.+}} : f32
// CHECK: arith.cmpf oeq, %{{.+}}, %{{.+}} : f32
// CHECK: %[[F:.+]] = arith.constant false
// CHECK: arith.ori %{{.+}}, %[[F]] : i1
func.func @is_inf_positive_only(%x: tensor<4xf32>) -> tensor<4xi1> {
  %0 = nn.is_inf %x {detect_negative = false, detect_positive = true} : tensor<4xf32> -> tensor<4xi1>
  return %0 : tensor<4xi1>
}
