// RUN: kiln-opt %s -kiln-convert-nn-to-linalg -split-input-file | FileCheck %s

// non_max_suppression: iou_threshold read and checked in [0, 1]; the
// per-class limit min(max(max_output, 0), N); per (batch, class) an i1
// `alive` tensor of candidates (score > score_threshold), an scf.while
// that scans for the alive box of highest score (strictly greater wins:
// the lowest index on ties; a NaN score loses to every number), writes it
// to the [B, C, limit] scratch and clears it and the boxes it suppresses;
// then a second nest writes one (b, c, box) row per kept box into the
// [total, 3] result. Loop-carried tensors are bufferization.alloc_tensor.

// CHECK-LABEL: func.func @nms
// CHECK-SAME: (%[[BOXES:.+]]: tensor<1x6x4xf32>, %[[SCORES:.+]]: tensor<1x2x6xf32>, %[[MAX:.+]]: tensor<i64>, %[[IOU:.+]]: tensor<f32>, %[[THR:.+]]: tensor<f32>)
// CHECK-NOT: differ in the number
// CHECK: %[[IOUV:.+]] = tensor.extract %[[IOU]][] : tensor<f32>
// CHECK: %[[LE:.+]] = arith.cmpf ole, %[[IOUV]]
// CHECK: %[[GE:.+]] = arith.cmpf oge, %[[IOUV]]
// CHECK: %[[OK:.+]] = arith.andi %[[GE]], %[[LE]] : i1
// CHECK: cf.assert %[[OK]], "nn.non_max_suppression: iou_threshold is outside [0, 1]"
// CHECK: %[[THRV:.+]] = tensor.extract %[[THR]][] : tensor<f32>
// CHECK: %[[MAXV:.+]] = tensor.extract %[[MAX]][] : tensor<i64>
// CHECK: %[[POS:.+]] = arith.maxsi %[[MAXV]], %{{.+}} : i64
// CHECK: %[[LIM64:.+]] = arith.minsi %[[POS]], %{{.+}} : i64
// CHECK: %[[LIM:.+]] = arith.index_cast %[[LIM64]] : i64 to index
// CHECK: %[[KEPT0:.+]] = bufferization.alloc_tensor(%[[LIM]]) : tensor<1x2x?xi64>
// CHECK: %[[COUNTS0:.+]] = bufferization.alloc_tensor() : tensor<1x2xi64>
// CHECK: %[[ALIVE0:.+]] = bufferization.alloc_tensor() : tensor<6xi1>
// CHECK: %[[SEL:.+]]:4 = scf.for %[[B:[a-z0-9_]+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%{{.+}} = %[[KEPT0]], %{{.+}} = %[[COUNTS0]], %{{.+}} = %[[ALIVE0]], %{{.+}} = %{{.+}})
// CHECK: scf.for %[[C:[a-z0-9_]+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%[[KEPT:.+]] = %{{.+}}, %[[COUNTS:.+]] = %{{.+}}, %{{.+}} = %{{.+}}, %[[TOTAL:.+]] = %{{.+}})
// The candidates.
// CHECK: %[[CAND:.+]] = scf.for %[[I:[a-z0-9_]+]] =
// CHECK: %[[S:.+]] = tensor.extract %[[SCORES]][%[[B]], %[[C]], %[[I]]] : tensor<1x2x6xf32>
// CHECK: %[[GT:.+]] = arith.cmpf ogt, %[[S]], %[[THRV]] : f32
// CHECK: tensor.insert %[[GT]] into %{{.+}}[%[[I]]] : tensor<6xi1>
// The best alive box while fewer than the limit are kept.
// CHECK: %[[LOOP:.+]]:4 = scf.while (%[[N:.+]] = %{{.+}}, %{{.+}} = %[[KEPT]], %[[ALIVE:.+]] = %[[CAND]])
// CHECK: %[[ROOM:.+]] = arith.cmpi slt, %[[N]], %[[LIM]] : index
// CHECK: %[[BEST:.+]] = scf.if %[[ROOM]] -> (index) {
// CHECK: scf.for {{.*}} iter_args(%{{.+}} = %c-1, %{{.+}} = %{{.+}}) -> (index, f32)
// CHECK: arith.cmpf ogt
// CHECK: tensor.extract %[[ALIVE]]
// CHECK: } else {
// CHECK: %[[FOUND:.+]] = arith.cmpi sge, %[[BEST]], %{{.+}} : index
// CHECK: scf.condition(%[[FOUND]])
// Kept: recorded, then it and the boxes it suppresses are cleared.
// CHECK: ^bb0(%[[KN:.+]]: index, %[[KK:.+]]: tensor<1x2x?xi64>, %[[KA:.+]]: tensor<6xi1>, %[[TOP:.+]]: index):
// CHECK: %[[TOP64:.+]] = arith.index_cast %[[TOP]] : index to i64
// CHECK: %[[REC:.+]] = tensor.insert %[[TOP64]] into %[[KK]][%[[B]], %[[C]], %[[KN]]] : tensor<1x2x?xi64>
// CHECK: tensor.extract %[[BOXES]][%[[B]], %[[TOP]], %{{.+}}] : tensor<1x6x4xf32>
// CHECK: %[[CLEARED:.+]] = scf.for %[[J:[a-z0-9_]+]] = {{.*}} iter_args(%[[T:.+]] = %[[KA]]) -> (tensor<6xi1>)
// CHECK: tensor.extract %[[BOXES]][%[[B]], %[[J]], %{{.+}}] : tensor<1x6x4xf32>
// CHECK: arith.mulf
// CHECK: arith.divf
// CHECK: %[[OVER:.+]] = arith.cmpf ogt, %{{.+}}, %[[IOUV]] : f32
// CHECK: %[[SUP:.+]] = arith.andi %{{.+}}, %[[OVER]] : i1
// CHECK: %[[SELF:.+]] = arith.cmpi eq, %[[J]], %[[TOP]] : index
// CHECK: %[[GONE:.+]] = arith.ori %[[SELF]], %[[SUP]] : i1
// CHECK: tensor.insert %{{.+}} into %[[T]][%[[J]]] : tensor<6xi1>
// CHECK: %[[NEXT:.+]] = arith.addi %[[KN]], %{{.+}} : index
// CHECK: scf.yield %[[NEXT]], %[[REC]], %[[CLEARED]]
// CHECK: %[[N64:.+]] = arith.index_cast %[[LOOP]]#0 : index to i64
// CHECK: tensor.insert %[[N64]] into %[[COUNTS]][%[[B]], %[[C]]] : tensor<1x2xi64>
// CHECK: arith.addi %[[TOTAL]], %[[LOOP]]#0 : index
// The rows.
// CHECK: %[[OUT0:.+]] = bufferization.alloc_tensor(%[[SEL]]#3) : tensor<?x3xi64>
// CHECK: %[[FILL:.+]]:2 = scf.for %[[FB:[a-z0-9_]+]] = {{.*}} iter_args(%{{.+}} = %[[OUT0]], %{{.+}} = %{{.+}})
// CHECK: scf.for %[[FC:[a-z0-9_]+]] =
// CHECK: %[[CNT:.+]] = tensor.extract %[[SEL]]#1[%[[FB]], %[[FC]]] : tensor<1x2xi64>
// CHECK: %[[CNTI:.+]] = arith.index_cast %[[CNT]] : i64 to index
// CHECK: scf.for %[[K:[a-z0-9_]+]] = %{{.+}} to %[[CNTI]] step %{{.+}} iter_args(%[[ROWS:.+]] = %{{.+}}, %[[ROW:.+]] = %{{.+}})
// CHECK: %[[BOX:.+]] = tensor.extract %[[SEL]]#0[%[[FB]], %[[FC]], %[[K]]] : tensor<1x2x?xi64>
// CHECK: %[[R0:.+]] = tensor.insert %{{.+}} into %[[ROWS]][%[[ROW]], %{{.+}}] : tensor<?x3xi64>
// CHECK: %[[R1:.+]] = tensor.insert %{{.+}} into %[[R0]][%[[ROW]], %{{.+}}] : tensor<?x3xi64>
// CHECK: tensor.insert %[[BOX]] into %[[R1]][%[[ROW]], %{{.+}}] : tensor<?x3xi64>
// CHECK: return %[[FILL]]#0 : tensor<?x3xi64>
func.func @nms(%boxes: tensor<1x6x4xf32>, %scores: tensor<1x2x6xf32>, %max: tensor<i64>,
               %iou: tensor<f32>, %thr: tensor<f32>) -> tensor<?x3xi64> {
  %0 = nn.non_max_suppression %boxes, %scores, %max, %iou, %thr
      : (tensor<1x6x4xf32>, tensor<1x2x6xf32>, tensor<i64>, tensor<f32>, tensor<f32>) -> tensor<?x3xi64>
  return %0 : tensor<?x3xi64>
}

// -----

// Dynamic sizes: batch and box counts of boxes and scores, and the boxes'
// last dimension, are checked at run time. Without a score threshold every
// box is a candidate; center_point_box = 1 takes the extents as the centre
// -/+ half the size.

// CHECK-LABEL: func.func @nms_dynamic
// CHECK-SAME: (%[[BOXES:.+]]: tensor<?x?x?xf32>, %[[SCORES:.+]]: tensor<?x?x?xf32>
// CHECK-DAG: %[[B0:.+]] = tensor.dim %[[BOXES]], %c0
// CHECK-DAG: %[[N0:.+]] = tensor.dim %[[BOXES]], %c1
// CHECK-DAG: %[[D4:.+]] = tensor.dim %[[BOXES]], %c2
// CHECK-DAG: %[[B1:.+]] = tensor.dim %[[SCORES]], %c0
// CHECK-DAG: %[[N1:.+]] = tensor.dim %[[SCORES]], %c2
// CHECK: %[[SAMEB:.+]] = arith.cmpi eq, %[[B0]], %[[B1]] : index
// CHECK: cf.assert %[[SAMEB]], "nn.non_max_suppression: boxes and scores differ in the number of batches"
// CHECK: %[[SAMEN:.+]] = arith.cmpi eq, %[[N0]], %[[N1]] : index
// CHECK: cf.assert %[[SAMEN]], "nn.non_max_suppression: boxes and scores differ in the number of boxes"
// CHECK: %[[FOUR:.+]] = arith.cmpi eq, %[[D4]], %c4 : index
// CHECK: cf.assert %[[FOUR]], "nn.non_max_suppression: the last dimension of boxes is not 4"
// CHECK: cf.assert %{{.+}}, "nn.non_max_suppression: iou_threshold is outside [0, 1]"
// CHECK: bufferization.alloc_tensor(%[[N1]]) : tensor<?xi1>
// CHECK: scf.for
// CHECK: scf.for
// CHECK: scf.for %[[I:[a-z0-9_]+]] = {{.*}} -> (tensor<?xi1>)
// CHECK: tensor.insert %true into %{{.+}}[%[[I]]] : tensor<?xi1>
// CHECK: scf.while
// CHECK: ^bb0(
// CHECK: %[[W:.+]] = tensor.extract %[[BOXES]][%{{.+}}, %{{.+}}, %c2{{.*}}]
// CHECK: %[[HALF:.+]] = arith.divf %[[W]], %cst{{.*}} : f32
// CHECK: arith.subf %{{.+}}, %[[HALF]] : f32
// CHECK: arith.addf %{{.+}}, %[[HALF]] : f32
func.func @nms_dynamic(%boxes: tensor<?x?x?xf32>, %scores: tensor<?x?x?xf32>, %max: tensor<i64>,
                       %iou: tensor<f32>) -> tensor<?x3xi64> {
  %0 = nn.non_max_suppression %boxes, %scores, %max, %iou {center_point_box = 1 : i64}
      : (tensor<?x?x?xf32>, tensor<?x?x?xf32>, tensor<i64>, tensor<f32>) -> tensor<?x3xi64>
  return %0 : tensor<?x3xi64>
}

// -----

// A constant iou_threshold in [0, 1] needs no check; a declared static row
// count is checked against the number kept before the cast.

// CHECK-LABEL: func.func @nms_constant_iou
// CHECK-NOT: iou_threshold is outside
// CHECK: %[[SEL:[0-9]+]]:2 = scf.for {{.*}} -> (tensor<?x3xi64>, index)
// CHECK: cf.assert %{{.+}}, "nn.non_max_suppression: result dimension 0 differs from its declared size 4"
// CHECK: %[[CAST:.+]] = tensor.cast %[[SEL]]#0 : tensor<?x3xi64> to tensor<4x3xi64>
// CHECK: return %[[CAST]] : tensor<4x3xi64>
func.func @nms_constant_iou(%boxes: tensor<2x5x4xf32>, %scores: tensor<2x1x5xf32>,
                            %max: tensor<i64>) -> tensor<4x3xi64> {
  %iou = arith.constant dense<0.5> : tensor<f32>
  %0 = nn.non_max_suppression %boxes, %scores, %max, %iou
      : (tensor<2x5x4xf32>, tensor<2x1x5xf32>, tensor<i64>, tensor<f32>) -> tensor<4x3xi64>
  return %0 : tensor<4x3xi64>
}
