// RUN: kiln-opt %s -kiln-lower-unsigned -kiln-convert-nn-to-linalg -split-input-file | FileCheck %s
// RUN: kiln-opt %s -kiln-lower-unsigned -kiln-convert-nn-to-linalg -split-input-file -one-shot-bufferize="bufferize-function-boundaries allow-return-allocs-from-loops" | FileCheck %s --check-prefix=BUF

// The importer puts If/Loop/Scan bodies in scf regions at the nn level:
// the nn ops inside are converted like any others, and the loop-carried
// tensors bufferize (a stack that grows is a new buffer each iteration).

// CHECK-LABEL: func.func @loop
// CHECK: scf.while
// CHECK-NOT: nn.
// CHECK: linalg.generic
// CHECK: scf.yield
// BUF-LABEL: func.func @loop
// BUF: scf.while {{.*}} : (i64, memref<?xf32
func.func @loop(%x: tensor<3xf32>, %n: i64) -> tensor<?xf32> {
  %c0 = arith.constant 0 : i64
  %e = nn.constant dense<> : tensor<0xf32>
  %init = tensor.cast %e : tensor<0xf32> to tensor<?xf32>
  %r:2 = scf.while (%i = %c0, %v = %init) : (i64, tensor<?xf32>) -> (i64, tensor<?xf32>) {
    %go = arith.cmpi slt, %i, %n : i64
    scf.condition(%go) %i, %v : i64, tensor<?xf32>
  } do {
  ^bb0(%i: i64, %v: tensor<?xf32>):
    %a = nn.add %x, %x : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
    %g = nn.concat %v, %a {axis = 0 : i64} : (tensor<?xf32>, tensor<3xf32>) -> tensor<?xf32>
    %c1 = arith.constant 1 : i64
    %j = arith.addi %i, %c1 : i64
    scf.yield %j, %g : i64, tensor<?xf32>
  }
  return %r#1 : tensor<?xf32>
}

// -----

// Unsigned tensors pass through scf.if and tensor.cast; the sign-dependent
// op inside is marked as everywhere else.
// CHECK-LABEL: func.func @if_unsigned
// CHECK: scf.if %{{.+}} -> (tensor<?xi8>)
// CHECK: arith.divui
func.func @if_unsigned(%c: i1, %x: tensor<3xui8>) -> tensor<?xui8> {
  %r = scf.if %c -> (tensor<?xui8>) {
    %d = nn.div %x, %x : (tensor<3xui8>, tensor<3xui8>) -> tensor<3xui8>
    %k = tensor.cast %d : tensor<3xui8> to tensor<?xui8>
    scf.yield %k : tensor<?xui8>
  } else {
    %k = tensor.cast %x : tensor<3xui8> to tensor<?xui8>
    scf.yield %k : tensor<?xui8>
  }
  return %r : tensor<?xui8>
}
