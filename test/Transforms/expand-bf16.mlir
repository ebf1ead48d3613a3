// RUN: kiln-opt %s -split-input-file -kiln-expand-bf16 | FileCheck %s
// RUN: kiln-opt %s -split-input-file -kiln-expand-bf16 -convert-arith-to-llvm | FileCheck %s --check-prefix=LLVM

// A truncation to bf16 becomes i32 arithmetic: round to nearest even on bit
// 16, keep NaNs quiet, take the high half. No float-to-bf16 conversion is
// left for LLVM to turn into a __truncsfbf2 call.

// CHECK-LABEL: func.func @trunc
// CHECK-NOT: arith.truncf
// CHECK: arith.bitcast %{{.*}} : f32 to i32
// CHECK: arith.shrui
// CHECK: arith.trunci %{{.*}} : i32 to i16
// CHECK: arith.bitcast %{{.*}} : i16 to bf16
// LLVM-LABEL: func.func @trunc
// LLVM-NOT: llvm.fptrunc
func.func @trunc(%x: f32) -> bf16 {
  %y = arith.truncf %x : f32 to bf16
  return %y : bf16
}

// -----

// A widening from bf16 is a shift into the high half of an i32.
// CHECK-LABEL: func.func @ext
// LLVM-LABEL: func.func @ext
// LLVM-NOT: llvm.fpext
// CHECK-NOT: arith.extf
// CHECK: arith.bitcast %{{.*}} : bf16 to i16
// CHECK: arith.extui %{{.*}} : i16 to i32
// CHECK: arith.shli
// CHECK: arith.bitcast %{{.*}} : i32 to f32
func.func @ext(%x: bf16) -> f32 {
  %y = arith.extf %x : bf16 to f32
  return %y : f32
}

// -----

// Other float conversions are left alone.
// CHECK-LABEL: func.func @f16
// LLVM-LABEL: func.func @f16
// LLVM: llvm.fptrunc %{{.*}} : f32 to f16
// CHECK: arith.truncf %{{.*}} : f32 to f16
func.func @f16(%x: f32) -> f16 {
  %y = arith.truncf %x : f32 to f16
  return %y : f16
}
