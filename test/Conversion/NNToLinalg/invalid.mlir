// RUN: kiln-opt %s -kiln-convert-nn-to-linalg -split-input-file -verify-diagnostics

// Dynamic shapes are rejected up front, with the reason, by ops whose
// lowering does not handle them yet.

func.func @expand_unsourced(%x: tensor<4xf32>) -> tensor<?x4xf32> {
  // expected-error @below {{'nn.expand' has dynamic shape 'tensor<?x4xf32>'; the CPU lowering needs static shapes (pin the model's inputs with --shape NAME=D0xD1x...)}}
  %0 = nn.expand %x : tensor<4xf32> -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// Every dynamic op is reported, not just the first.
func.func @two_dynamic(%x: tensor<4xf32>) -> (tensor<?x4xf32>, tensor<?x2x4xf32>) {
  // expected-error @below {{'nn.expand' has dynamic shape}}
  %0 = nn.expand %x : tensor<4xf32> -> tensor<?x4xf32>
  // expected-error @below {{'nn.expand' has dynamic shape}}
  %1 = nn.expand %x : tensor<4xf32> -> tensor<?x2x4xf32>
  return %0, %1 : tensor<?x4xf32>, tensor<?x2x4xf32>
}

// -----

// A reshape's types determine at most one dynamic result size (from the
// element count).
func.func @reshape_two_dynamic(%x: tensor<?x?x64xf32>) -> tensor<?x?x8x8xf32> {
  // expected-error @below {{'nn.reshape' from 'tensor<?x?x64xf32>' to 'tensor<?x?x8x8xf32>': the result's dynamic sizes cannot be derived from the element count (at most one dynamic dimension with nonzero static sizes can); pin the model's inputs with --shape NAME=D0xD1x...}}
  %0 = nn.reshape %x : tensor<?x?x64xf32> -> tensor<?x?x8x8xf32>
  return %0 : tensor<?x?x8x8xf32>
}
