// RUN: kiln-opt %s | FileCheck %s
// RUN: kiln-opt %s | kiln-opt | FileCheck %s
// RUN: kiln-opt %s --mlir-print-op-generic | kiln-opt | FileCheck %s

// Round trip of nn.non_max_suppression: with and without a score
// threshold, center_point_box 0 (the default, not printed) and 1, dynamic
// sizes, and a declared static row count.

// CHECK-LABEL: func.func @nms
func.func @nms(%boxes: tensor<1x6x4xf32>, %scores: tensor<1x2x6xf32>, %max: tensor<i64>,
               %iou: tensor<f32>, %thr: tensor<f32>) -> (tensor<?x3xi64>, tensor<?x3xi64>) {
  // CHECK: nn.non_max_suppression %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}} : (tensor<1x6x4xf32>, tensor<1x2x6xf32>, tensor<i64>, tensor<f32>, tensor<f32>) -> tensor<?x3xi64>
  %0 = nn.non_max_suppression %boxes, %scores, %max, %iou, %thr
      : (tensor<1x6x4xf32>, tensor<1x2x6xf32>, tensor<i64>, tensor<f32>, tensor<f32>) -> tensor<?x3xi64>
  // CHECK: nn.non_max_suppression %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}} {center_point_box = 1 : i64} : (tensor<1x6x4xf32>, tensor<1x2x6xf32>, tensor<i64>, tensor<f32>) -> tensor<?x3xi64>
  %1 = nn.non_max_suppression %boxes, %scores, %max, %iou {center_point_box = 1 : i64}
      : (tensor<1x6x4xf32>, tensor<1x2x6xf32>, tensor<i64>, tensor<f32>) -> tensor<?x3xi64>
  return %0, %1 : tensor<?x3xi64>, tensor<?x3xi64>
}

// CHECK-LABEL: func.func @nms_dynamic
func.func @nms_dynamic(%boxes: tensor<?x?x?xf64>, %scores: tensor<?x?x?xf64>, %max: tensor<i64>,
                       %iou: tensor<f64>) -> tensor<2x3xi64> {
  // CHECK: nn.non_max_suppression %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}} : (tensor<?x?x?xf64>, tensor<?x?x?xf64>, tensor<i64>, tensor<f64>) -> tensor<2x3xi64>
  %0 = nn.non_max_suppression %boxes, %scores, %max, %iou
      : (tensor<?x?x?xf64>, tensor<?x?x?xf64>, tensor<i64>, tensor<f64>) -> tensor<2x3xi64>
  return %0 : tensor<2x3xi64>
}
