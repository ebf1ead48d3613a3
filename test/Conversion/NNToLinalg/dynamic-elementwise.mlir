// RUN: kiln-opt %s -kiln-convert-nn-to-linalg -split-input-file | FileCheck %s
// RUN: kiln-opt %s -kiln-convert-nn-to-linalg -one-shot-bufferize="bufferize-function-boundaries" -split-input-file | FileCheck %s --check-prefix=BUF

// Elementwise ops and softmax with dynamic dimensions: sizes come from
// tensor.dim, facts the types cannot prove are checked with cf.assert, and
// an operand whose dynamic size may be 1 where the result's is not is
// copied out to full size under scf.if, only when it is not already.
// Everything bufferizes.
// BUF-NOT: tensor<

// A unary op: one tensor.dim, identity maps, no check.
// CHECK-DAG: #[[$ID:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @relu
// CHECK-SAME: (%[[X:.+]]: tensor<?x16xf32>)
// CHECK: %[[C0:.+]] = arith.constant 0 : index
// CHECK: %[[D0:.+]] = tensor.dim %[[X]], %[[C0]] : tensor<?x16xf32>
// CHECK: %[[INIT:.+]] = tensor.empty(%[[D0]]) : tensor<?x16xf32>
// CHECK: %[[R:.+]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%[[X]] : tensor<?x16xf32>) outs(%[[INIT]] : tensor<?x16xf32>)
// CHECK: arith.maximumf
// CHECK: return %[[R]]
// CHECK-NOT: cf.assert
func.func @relu(%x: tensor<?x16xf32>) -> tensor<?x16xf32> {
  %0 = nn.relu %x : tensor<?x16xf32>
  return %0 : tensor<?x16xf32>
}

// -----

// A dynamic batch against a static row: the dynamic operand alone fixes
// the result's size there, so nothing is checked or broadcast at run time.
// CHECK-DAG: #[[$ID:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$ROW:map[0-9]*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @add_static_row
// CHECK-SAME: (%[[A:.+]]: tensor<?x16xf32>, %[[B:.+]]: tensor<16xf32>)
// CHECK-NOT: cf.assert
// CHECK-NOT: scf.if
// CHECK: %[[D0:.+]] = tensor.dim %[[A]], %{{.+}} : tensor<?x16xf32>
// CHECK: %[[INIT:.+]] = tensor.empty(%[[D0]]) : tensor<?x16xf32>
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$ROW]], #[[$ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%[[A]], %[[B]] : tensor<?x16xf32>, tensor<16xf32>) outs(%[[INIT]] : tensor<?x16xf32>)
// CHECK: arith.addf
func.func @add_static_row(%a: tensor<?x16xf32>, %b: tensor<16xf32>) -> tensor<?x16xf32> {
  %0 = nn.add %a, %b : (tensor<?x16xf32>, tensor<16xf32>) -> tensor<?x16xf32>
  return %0 : tensor<?x16xf32>
}

// -----

// Static 1s broadcast through constant map entries whatever the result's
// size; each result size comes from the one dynamic operand there.
// CHECK-DAG: #[[$COL:map[0-9]*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-DAG: #[[$ROW:map[0-9]*]] = affine_map<(d0, d1) -> (0, d1)>
// CHECK-DAG: #[[$ID:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @outer
// CHECK-SAME: (%[[A:.+]]: tensor<?x1xf32>, %[[B:.+]]: tensor<1x?xf32>)
// CHECK-NOT: cf.assert
// CHECK: %[[M:.+]] = tensor.dim %[[A]], %{{.+}} : tensor<?x1xf32>
// CHECK: %[[N:.+]] = tensor.dim %[[B]], %{{.+}} : tensor<1x?xf32>
// CHECK: %[[INIT:.+]] = tensor.empty(%[[M]], %[[N]]) : tensor<?x?xf32>
// CHECK: linalg.generic {indexing_maps = [#[[$COL]], #[[$ROW]], #[[$ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%[[A]], %[[B]] : tensor<?x1xf32>, tensor<1x?xf32>)
func.func @outer(%a: tensor<?x1xf32>, %b: tensor<1x?xf32>) -> tensor<?x?xf32> {
  %0 = nn.mul %a, %b : (tensor<?x1xf32>, tensor<1x?xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// Two dynamic sizes in one dimension: the result's is the first that is
// not 1, both are checked to be 1 or that size, and each operand is used
// as is when its size is the result's, else copied out with index 0 along
// the size-1 dimension.
// CHECK-DAG: #[[$ID:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$COL:map[0-9]*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-LABEL: func.func @add_both_dynamic
// CHECK-SAME: (%[[A:.+]]: tensor<?x?xf32>, %[[B:.+]]: tensor<?x1xf32>)
// CHECK: %[[A0:.+]] = tensor.dim %[[A]], %{{.+}} : tensor<?x?xf32>
// CHECK: %[[B0:.+]] = tensor.dim %[[B]], %{{.+}} : tensor<?x1xf32>
// CHECK: %[[ONE:.+]] = arith.constant 1 : index
// CHECK: %[[A0ONE:.+]] = arith.cmpi eq, %[[A0]], %[[ONE]] : index
// CHECK: %[[SIZE:.+]] = arith.select %[[A0ONE]], %[[B0]], %[[A0]] : index
// CHECK: %[[AFULL:.+]] = arith.cmpi eq, %[[A0]], %[[SIZE]] : index
// CHECK: %[[AONE:.+]] = arith.cmpi eq, %[[A0]], %[[ONE]] : index
// CHECK: %[[AOK:.+]] = arith.ori %[[AONE]], %[[AFULL]] : i1
// CHECK: cf.assert %[[AOK]], "nn.add: operand 0 dimension 0 does not broadcast (its size must be 1 or that of the other operands)"
// CHECK: %[[BFULL:.+]] = arith.cmpi eq, %[[B0]], %[[SIZE]] : index
// CHECK: %[[BONE:.+]] = arith.cmpi eq, %[[B0]], %[[ONE]] : index
// CHECK: %[[BOK:.+]] = arith.ori %[[BONE]], %[[BFULL]] : i1
// CHECK: cf.assert %[[BOK]], "nn.add: operand 1 dimension 0 does not broadcast (its size must be 1 or that of the other operands)"
// CHECK: %[[A1:.+]] = tensor.dim %[[A]], %{{.+}} : tensor<?x?xf32>
// CHECK: %[[AF:.+]] = scf.if %[[AFULL]] -> (tensor<?x?xf32>) {
// CHECK-NEXT: scf.yield %[[A]] : tensor<?x?xf32>
// CHECK-NEXT: } else {
// CHECK-NEXT: %[[AE:.+]] = tensor.empty(%[[SIZE]], %[[A1]]) : tensor<?x?xf32>
// CHECK-NEXT: %[[AC:.+]] = linalg.generic {indexing_maps = [#[[$ID]]], iterator_types = ["parallel", "parallel"]} outs(%[[AE]] : tensor<?x?xf32>)
// CHECK: %[[Z:.+]] = arith.constant 0 : index
// CHECK-NEXT: %[[I0:.+]] = linalg.index 0 : index
// CHECK-NEXT: %[[J0:.+]] = arith.select %[[AONE]], %[[Z]], %[[I0]] : index
// CHECK-NEXT: %[[I1:.+]] = linalg.index 1 : index
// CHECK-NEXT: %[[V:.+]] = tensor.extract %[[A]][%[[J0]], %[[I1]]] : tensor<?x?xf32>
// CHECK-NEXT: linalg.yield %[[V]] : f32
// CHECK: scf.yield %[[AC]] : tensor<?x?xf32>
// CHECK: %[[BF:.+]] = scf.if %[[BFULL]] -> (tensor<?x1xf32>) {
// CHECK-NEXT: scf.yield %[[B]] : tensor<?x1xf32>
// CHECK-NEXT: } else {
// CHECK-NEXT: tensor.empty(%[[SIZE]]) : tensor<?x1xf32>
// CHECK: tensor.extract %[[B]]
// CHECK: %[[INIT:.+]] = tensor.empty(%[[SIZE]], %[[A1]]) : tensor<?x?xf32>
// CHECK: %[[R:.+]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$COL]], #[[$ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%[[AF]], %[[BF]] : tensor<?x?xf32>, tensor<?x1xf32>) outs(%[[INIT]] : tensor<?x?xf32>)
// CHECK: arith.addf
// CHECK: return %[[R]]
func.func @add_both_dynamic(%a: tensor<?x?xf32>, %b: tensor<?x1xf32>) -> tensor<?x?xf32> {
  %0 = nn.add %a, %b : (tensor<?x?xf32>, tensor<?x1xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// A static size elsewhere fixes the result's; the message names the ONNX
// node.
// CHECK-LABEL: func.func @sub_static_result
// CHECK-SAME: (%[[A:.+]]: tensor<?x16xf32>, %[[B:.+]]: tensor<8x1xf32>)
// CHECK: %[[C8:.+]] = arith.constant 8 : index
// CHECK: %[[A0:.+]] = tensor.dim %[[A]], %{{.+}} : tensor<?x16xf32>
// CHECK: %[[FULL:.+]] = arith.cmpi eq, %[[A0]], %[[C8]] : index
// CHECK: %[[ONE:.+]] = arith.cmpi eq, %[[A0]], %{{.+}} : index
// CHECK: %[[OK:.+]] = arith.ori %[[ONE]], %[[FULL]] : i1
// CHECK: cf.assert %[[OK]], "node 'sub_node' (nn.sub): operand 0 dimension 0 must be 1 or 8 to broadcast with the other operands"
// CHECK: %[[AF:.+]] = scf.if %[[FULL]] -> (tensor<?x16xf32>)
// CHECK: %[[INIT:.+]] = tensor.empty() : tensor<8x16xf32>
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[AF]], %[[B]] : tensor<?x16xf32>, tensor<8x1xf32>) outs(%[[INIT]] : tensor<8x16xf32>)
// CHECK: arith.subf
func.func @sub_static_result(%a: tensor<?x16xf32>, %b: tensor<8x1xf32>) -> tensor<8x16xf32> {
  %0 = nn.sub %a, %b : (tensor<?x16xf32>, tensor<8x1xf32>) -> tensor<8x16xf32> loc("sub_node")
  return %0 : tensor<8x16xf32>
}

// -----

// Where: operands of three ranks; the condition's one dimension lines up
// with the result's last.
// CHECK-DAG: #[[$LAST:map[0-9]*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[$ID:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$SCALAR:map[0-9]*]] = affine_map<(d0, d1) -> ()>
// CHECK-LABEL: func.func @where
// CHECK-SAME: (%[[C:.+]]: tensor<?xi1>, %[[X:.+]]: tensor<?x?xf32>, %[[Y:.+]]: tensor<f32>)
// CHECK: cf.assert %{{.+}}, "nn.where: operand 0 dimension 0 does not broadcast (its size must be 1 or that of the other operands)"
// CHECK: cf.assert %{{.+}}, "nn.where: operand 1 dimension 1 does not broadcast (its size must be 1 or that of the other operands)"
// CHECK: %[[CF:.+]] = scf.if %{{.+}} -> (tensor<?xi1>)
// CHECK: %[[XF:.+]] = scf.if %{{.+}} -> (tensor<?x?xf32>)
// CHECK: linalg.generic {indexing_maps = [#[[$LAST]], #[[$ID]], #[[$SCALAR]], #[[$ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%[[CF]], %[[XF]], %[[Y]] : tensor<?xi1>, tensor<?x?xf32>, tensor<f32>)
// CHECK: arith.select
func.func @where(%c: tensor<?xi1>, %x: tensor<?x?xf32>, %y: tensor<f32>) -> tensor<?x?xf32> {
  %0 = nn.where %c, %x, %y : (tensor<?xi1>, tensor<?x?xf32>, tensor<f32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// CHECK-LABEL: func.func @less
// CHECK-SAME: (%[[A:.+]]: tensor<?x4xi64>, %[[B:.+]]: tensor<4xi64>)
// CHECK-NOT: cf.assert
// CHECK: %[[D0:.+]] = tensor.dim %[[A]], %{{.+}} : tensor<?x4xi64>
// CHECK: %[[INIT:.+]] = tensor.empty(%[[D0]]) : tensor<?x4xi1>
// CHECK: linalg.generic
// CHECK-SAME: outs(%[[INIT]] : tensor<?x4xi1>)
// CHECK: arith.cmpi slt
func.func @less(%a: tensor<?x4xi64>, %b: tensor<4xi64>) -> tensor<?x4xi1> {
  %0 = nn.less %a, %b : (tensor<?x4xi64>, tensor<4xi64>) -> tensor<?x4xi1>
  return %0 : tensor<?x4xi1>
}

// -----

// A result type more static than the operand: its size is checked.
// CHECK-LABEL: func.func @cast
// CHECK-SAME: (%[[A:.+]]: tensor<?x4xf32>)
// CHECK: %[[D0:.+]] = tensor.dim %[[A]], %{{.+}} : tensor<?x4xf32>
// CHECK: tensor.empty(%[[D0]]) : tensor<?x4xi64>
// CHECK: arith.fptosi
// CHECK: %[[E0:.+]] = tensor.dim %[[A]], %{{.+}} : tensor<?x4xf32>
// CHECK: %[[C3:.+]] = arith.constant 3 : index
// CHECK: %[[OK:.+]] = arith.cmpi eq, %[[E0]], %[[C3]] : index
// CHECK: cf.assert %[[OK]], "nn.cast: result dimension 0 must be 3 (the result type's size)"
// CHECK: tensor.empty() : tensor<3x4xi64>
// CHECK: arith.fptosi
func.func @cast(%a: tensor<?x4xf32>) -> (tensor<?x4xi64>, tensor<3x4xi64>) {
  %0 = nn.cast %a : tensor<?x4xf32> -> tensor<?x4xi64>
  %1 = nn.cast %a : tensor<?x4xf32> -> tensor<3x4xi64>
  return %0, %1 : tensor<?x4xi64>, tensor<3x4xi64>
}

// -----

// Softmax over a dynamic axis: the reductions' accumulators and the
// results take the input's dynamic sizes.
// CHECK-DAG: #[[$ID:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[$RED:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-LABEL: func.func @softmax
// CHECK-SAME: (%[[X:.+]]: tensor<?x?x3xf32>)
// CHECK: %[[D0:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?x3xf32>
// CHECK: %[[D1:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x?x3xf32>
// CHECK: %[[E0:.+]] = tensor.empty(%[[D0]]) : tensor<?x3xf32>
// CHECK: %[[MAXINIT:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%[[E0]] : tensor<?x3xf32>)
// CHECK: %[[MAX:.+]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$RED]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK-SAME: ins(%[[X]] : tensor<?x?x3xf32>) outs(%[[MAXINIT]] : tensor<?x3xf32>)
// CHECK: %[[E1:.+]] = tensor.empty(%[[D0]], %[[D1]]) : tensor<?x?x3xf32>
// CHECK: %[[EXP:.+]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$RED]], #[[$ID]]]
// CHECK-SAME: ins(%[[X]], %[[MAX]] : tensor<?x?x3xf32>, tensor<?x3xf32>) outs(%[[E1]] : tensor<?x?x3xf32>)
// CHECK: %[[E2:.+]] = tensor.empty(%[[D0]]) : tensor<?x3xf32>
// CHECK: %[[SUMINIT:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%[[E2]] : tensor<?x3xf32>)
// CHECK: %[[SUM:.+]] = linalg.generic
// CHECK-SAME: ins(%[[EXP]] : tensor<?x?x3xf32>) outs(%[[SUMINIT]] : tensor<?x3xf32>)
// CHECK: %[[E3:.+]] = tensor.empty(%[[D0]], %[[D1]]) : tensor<?x?x3xf32>
// CHECK: %[[R:.+]] = linalg.generic
// CHECK-SAME: ins(%[[EXP]], %[[SUM]] : tensor<?x?x3xf32>, tensor<?x3xf32>) outs(%[[E3]] : tensor<?x?x3xf32>)
// CHECK: arith.divf
// CHECK: return %[[R]]
func.func @softmax(%x: tensor<?x?x3xf32>) -> tensor<?x?x3xf32> {
  %0 = nn.softmax %x {axis = 1 : i64} : tensor<?x?x3xf32>
  return %0 : tensor<?x?x3xf32>
}
