// RUN: kiln-opt %s -split-input-file -verify-diagnostics -allow-unregistered-dialect \
// RUN:   -pass-pipeline='builtin.module(func.func(kiln-plan-memory))' | FileCheck %s
// RUN: kiln-opt %s -split-input-file -verify-diagnostics -allow-unregistered-dialect \
// RUN:   -pass-pipeline='builtin.module(func.func(kiln-plan-memory{alignment=16}))' | FileCheck %s --check-prefix=ALIGN16

// Buffers whose live ranges do not overlap share offset 0; deallocs are
// erased; the arena is a trailing i8 argument whose size is recorded in
// kiln.scratch_size.

// CHECK-LABEL: func.func @disjoint_live_ranges
// CHECK-SAME: (%[[IN:.+]]: memref<16xf32>, %[[OUT:.+]]: memref<16xf32>, %[[ARENA:.+]]: memref<64xi8>)
// CHECK-SAME: attributes {kiln.scratch_size = 64 : i64}
// CHECK-NOT: memref.alloc
// CHECK: %[[OFF_A:.+]] = arith.constant 0 : index
// CHECK: %[[A:.+]] = memref.view %[[ARENA]][%[[OFF_A]]][] : memref<64xi8> to memref<16xf32>
// CHECK: linalg.copy ins(%[[IN]] : memref<16xf32>) outs(%[[A]] : memref<16xf32>)
// CHECK: linalg.copy ins(%[[A]] : memref<16xf32>) outs(%[[OUT]] : memref<16xf32>)
// CHECK: %[[OFF_B:.+]] = arith.constant 0 : index
// CHECK: %[[B:.+]] = memref.view %[[ARENA]][%[[OFF_B]]][] : memref<64xi8> to memref<16xf32>
// CHECK: linalg.copy ins(%[[OUT]] : memref<16xf32>) outs(%[[B]] : memref<16xf32>)
// CHECK: linalg.copy ins(%[[B]] : memref<16xf32>) outs(%[[OUT]] : memref<16xf32>)
// CHECK-NOT: memref.dealloc
// CHECK: return
func.func @disjoint_live_ranges(%in: memref<16xf32>, %out: memref<16xf32>) {
  %a = memref.alloc() : memref<16xf32>
  linalg.copy ins(%in : memref<16xf32>) outs(%a : memref<16xf32>)
  linalg.copy ins(%a : memref<16xf32>) outs(%out : memref<16xf32>)
  memref.dealloc %a : memref<16xf32>
  %b = memref.alloc() : memref<16xf32>
  linalg.copy ins(%out : memref<16xf32>) outs(%b : memref<16xf32>)
  linalg.copy ins(%b : memref<16xf32>) outs(%out : memref<16xf32>)
  memref.dealloc %b : memref<16xf32>
  return
}

// -----

// Three buffers live at once get distinct aligned offsets, largest first:
// c (100 bytes) at 0, a (40 bytes) at 128, b (10 bytes) at 192; the arena is
// rounded up to 256. With alignment 16: 0, 112, 160 and 176.
// CHECK-LABEL: func.func @overlapping_live_ranges
// CHECK-SAME: %[[ARENA:[^:]+]]: memref<256xi8>) attributes {kiln.scratch_size = 256 : i64}
// CHECK: %[[OFF_A:.+]] = arith.constant 128 : index
// CHECK: %[[A:.+]] = memref.view %[[ARENA]][%[[OFF_A]]][] : memref<256xi8> to memref<10xf32>
// CHECK: %[[OFF_B:.+]] = arith.constant 192 : index
// CHECK: %[[B:.+]] = memref.view %[[ARENA]][%[[OFF_B]]][] : memref<256xi8> to memref<5xf16>
// CHECK: %[[OFF_C:.+]] = arith.constant 0 : index
// CHECK: %[[C:.+]] = memref.view %[[ARENA]][%[[OFF_C]]][] : memref<256xi8> to memref<25xf32>
// CHECK: "test.use"(%[[A]], %[[B]], %[[C]])

// ALIGN16-LABEL: func.func @overlapping_live_ranges
// ALIGN16-SAME: %[[ARENA:[^:]+]]: memref<176xi8>) attributes {kiln.scratch_size = 176 : i64}
// ALIGN16: arith.constant 112 : index
// ALIGN16: memref.view %[[ARENA]][%{{.+}}][] : memref<176xi8> to memref<10xf32>
// ALIGN16: arith.constant 160 : index
// ALIGN16: memref.view %[[ARENA]][%{{.+}}][] : memref<176xi8> to memref<5xf16>
// ALIGN16: arith.constant 0 : index
// ALIGN16: memref.view %[[ARENA]][%{{.+}}][] : memref<176xi8> to memref<25xf32>
func.func @overlapping_live_ranges() {
  %a = memref.alloc() : memref<10xf32>
  %b = memref.alloc() : memref<5xf16>
  %c = memref.alloc() : memref<25xf32>
  "test.use"(%a, %b, %c) : (memref<10xf32>, memref<5xf16>, memref<25xf32>) -> ()
  return
}

// -----

// A use of a view (collapse_shape, then subview) keeps the viewed buffer
// alive: %a is last used through %s after %b is allocated, so they must not
// share storage.
// CHECK-LABEL: func.func @view_extends_live_range
// CHECK-SAME: %[[ARENA:[^:]+]]: memref<128xi8>) attributes {kiln.scratch_size = 128 : i64}
// CHECK: %[[OFF_A:.+]] = arith.constant 0 : index
// CHECK: %[[A:.+]] = memref.view %[[ARENA]][%[[OFF_A]]][] : memref<128xi8> to memref<2x8xf32>
// CHECK: %[[V:.+]] = memref.collapse_shape %[[A]] {{\[\[}}0, 1]]
// CHECK: %[[S:.+]] = memref.subview %[[V]]
// CHECK: %[[OFF_B:.+]] = arith.constant 64 : index
// CHECK: %[[B:.+]] = memref.view %[[ARENA]][%[[OFF_B]]][] : memref<128xi8> to memref<16xf32>
// CHECK: memref.copy %[[S]], %{{.+}} : memref<4xf32, strided<[1]>> to memref<4xf32>
func.func @view_extends_live_range(%in: memref<2x8xf32>, %out: memref<16xf32>, %out2: memref<4xf32>) {
  %a = memref.alloc() : memref<2x8xf32>
  memref.copy %in, %a : memref<2x8xf32> to memref<2x8xf32>
  %v = memref.collapse_shape %a [[0, 1]] : memref<2x8xf32> into memref<16xf32>
  %s = memref.subview %v[0] [4] [1] : memref<16xf32> to memref<4xf32, strided<[1]>>
  %b = memref.alloc() : memref<16xf32>
  memref.copy %out, %b : memref<16xf32> to memref<16xf32>
  memref.copy %b, %out : memref<16xf32> to memref<16xf32>
  memref.copy %s, %out2 : memref<4xf32, strided<[1]>> to memref<4xf32>
  return
}

// -----

// A use nested in a region counts at its top-level ancestor: %a is read in
// the loop after %b is allocated.
// CHECK-LABEL: func.func @nested_use
// CHECK-SAME: %[[ARENA:[^:]+]]: memref<128xi8>) attributes {kiln.scratch_size = 128 : i64}
// CHECK: arith.constant 0 : index
// CHECK: memref.view %[[ARENA]][%{{.+}}][] : memref<128xi8> to memref<16xf32>
// CHECK: arith.constant 64 : index
// CHECK: memref.view %[[ARENA]][%{{.+}}][] : memref<128xi8> to memref<16xf32>
// CHECK: scf.for
func.func @nested_use(%in: memref<16xf32>, %out: memref<16xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %a = memref.alloc() : memref<16xf32>
  memref.copy %in, %a : memref<16xf32> to memref<16xf32>
  %b = memref.alloc() : memref<16xf32>
  memref.copy %in, %b : memref<16xf32> to memref<16xf32>
  scf.for %i = %c0 to %n step %c1 {
    memref.copy %a, %out : memref<16xf32> to memref<16xf32>
  }
  return
}

// -----

// Without allocations the arena is empty but still appended.
// CHECK-LABEL: func.func @no_allocs
// CHECK-SAME: (%{{.+}}: memref<4xf32>, %{{.+}}: memref<0xi8>) attributes {kiln.scratch_size = 0 : i64}
func.func @no_allocs(%out: memref<4xf32>) {
  return
}

// -----

// Declarations are left alone.
// CHECK-LABEL: func.func private @external(memref<4xf32>)
// CHECK-NOT: kiln.scratch_size
func.func private @external(memref<4xf32>)

// -----

// Buffers the arena cannot hold stay heap allocations (the deallocation
// pipeline frees them); the static one beside them is still placed.
// CHECK-LABEL: func.func @dynamic_alloc
// CHECK: memref.view
// CHECK: memref.alloc(%{{.+}}) : memref<?xf32>
func.func @dynamic_alloc(%n: index) {
  %s = memref.alloc() : memref<4xf32>
  %a = memref.alloc(%n) : memref<?xf32>
  "test.use"(%s, %a) : (memref<4xf32>, memref<?xf32>) -> ()
  return
}

// -----

// CHECK-LABEL: func.func @alloc_in_region
// CHECK: scf.for
// CHECK: memref.alloc() : memref<4xf32>
func.func @alloc_in_region(%n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    %a = memref.alloc() : memref<4xf32>
    "test.use"(%a) : (memref<4xf32>) -> ()
  }
  return
}

// -----

// CHECK-LABEL: func.func @non_identity_layout
// CHECK: memref.alloc() : memref<4xf32, strided<[2]>>
func.func @non_identity_layout() {
  %a = memref.alloc() : memref<4xf32, strided<[2]>>
  "test.use"(%a) : (memref<4xf32, strided<[2]>>) -> ()
  return
}

// -----

// Uses in other blocks cannot be ordered: multi-block bodies are rejected
// rather than risking two live buffers at one offset.
// expected-error @below {{kiln-plan-memory: expects a single-block function body}}
func.func @multi_block(%in: memref<4xf32>) {
  %a = memref.alloc() : memref<4xf32>
  cf.br ^bb1
^bb1:
  "test.use"(%a) : (memref<4xf32>) -> ()
  return
}

// -----

// A returned buffer (also through a view) would point into the arena: it
// stays a heap allocation, owned by the caller.
// CHECK-LABEL: func.func @escaping
// CHECK-SAME: kiln.scratch_size = 0
// CHECK: memref.alloc() : memref<4xf32>
// CHECK: memref.alloc() : memref<2x2xf32>
func.func @escaping() -> (memref<4xf32>, memref<4xf32>) {
  %a = memref.alloc() : memref<4xf32>
  %b = memref.alloc() : memref<2x2xf32>
  %c = memref.collapse_shape %b [[0, 1]] : memref<2x2xf32> into memref<4xf32>
  return %a, %c : memref<4xf32>, memref<4xf32>
}

// -----

// Element sizes come from the data layout (index is 8 bytes).
// CHECK-LABEL: func.func @index_elements
// CHECK-SAME: %{{.*}}: memref<64xi8>
// CHECK-SAME: kiln.scratch_size = 64 : i64
// ALIGN16-LABEL: func.func @index_elements
// ALIGN16-SAME: kiln.scratch_size = 32 : i64
func.func @index_elements() {
  %a = memref.alloc() : memref<4xindex>
  "test.use"(%a) : (memref<4xindex>) -> ()
  return
}
