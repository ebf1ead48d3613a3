//===- Passes.td - Kiln conversion passes -------------------*- tablegen -*-===//
#ifndef KILN_CONVERSION_PASSES
#define KILN_CONVERSION_PASSES

include "mlir/Pass/PassBase.td"

def ConvertNNToLinalg : Pass<"kiln-convert-nn-to-linalg", "mlir::ModuleOp"> {
  let summary = "Lower nn ops to linalg, tensor, arith and math on tensors";
  let description = [{
    Rewrites every `nn` op into upstream ops on tensors: broadcasting
    elementwise ops and reductions become `linalg.generic`, contractions
    (`nn.matmul`, `nn.gemm`) become `linalg.generic` contractions whose
    indexing maps absorb transposes and broadcasts, `nn.conv` becomes
    `tensor.pad` + `linalg.conv_2d_nchw_fchw` (or the grouped `ngchw`
    form), pooling becomes `linalg.pooling_nchw_{max,sum}` (with three or
    more spatial dimensions both become a `linalg.generic` with the same
    loops), reshapes become
    `tensor.collapse_shape`/`expand_shape`, constants become
    `arith.constant`. Index-driven writes (the scatters) and the sorting
    and selecting ops (`nn.top_k`, `nn.unique` by a merge sort,
    `nn.nonzero`) become `scf` loops threading tensors; the loop-carried
    scratch and result tensors of the latter are
    `bufferization.alloc_tensor`s, so each bufferizes to its own buffer.

    Dynamic dimensions (`?`) are lowered for the ops whose lowering
    handles them (`lowering::supportsDynamicShapes`: the elementwise ops,
    `nn.softmax`, `nn.flatten`, and `nn.reshape` when at most one result
    size is dynamic, derived from the element count). Sizes are read with
    `tensor.dim`; facts the types cannot prove (a dynamic size is 1 or the
    broadcast size, element counts agree) are checked with `cf.assert`
    whose message names the node and the op. A dynamic operand that may
    need broadcasting at run time is copied to full size under `scf.if`
    only when it does. Static shapes lower without any of this.

    Precondition: ops outside that list have static shapes (the importer
    pins them with `--shape`). An op that cannot be lowered is reported
    with its location and the reason, before anything else runs.

    Before:
    ```mlir
    %y = nn.relu %x : tensor<8x16xf32>
    ```
    After:
    ```mlir
    %e = tensor.empty() : tensor<8x16xf32>
    %y = linalg.generic {...} ins(%x : tensor<8x16xf32>) outs(%e : tensor<8x16xf32>) {
    ^bb0(%in: f32, %out: f32):
      %c0 = arith.constant 0.0 : f32
      %m = arith.maximumf %in, %c0 : f32
      linalg.yield %m : f32
    } -> tensor<8x16xf32>
    ```
  }];
  let dependentDialects = [
    "mlir::arith::ArithDialect", "mlir::bufferization::BufferizationDialect",
    "mlir::cf::ControlFlowDialect", "mlir::linalg::LinalgDialect",
    "mlir::math::MathDialect", "mlir::scf::SCFDialect",
    "mlir::tensor::TensorDialect"
  ];
}

def LowerUnsigned : Pass<"kiln-lower-unsigned", "mlir::ModuleOp"> {
  let summary = "Make unsigned nn tensors signless, marking sign-dependent ops";
  let description = [{
    ONNX's UINT8..UINT64 tensors are imported as unsigned integer types
    (`ui8`..`ui64`). Upstream arith, linalg and the rest take signless
    integers only, so this pass, run just before
    `kiln-convert-nn-to-linalg`, gives every unsigned value (function
    arguments, op results, constants) the signless type of the same
    width. The bits do not change; what changes is who knows the sign:

    - ops whose meaning depends on it and whose operand (or, for
      `nn.cast`, result) was unsigned get the unit attribute
      `nn.unsigned` (`nn.unsigned_result` for a cast to an unsigned type),
      and their lowering picks the unsigned arith operation (`divui`,
      `remui`, `maxui`, `cmpi ult`, `shrui`, `uitofp`, `extui`,
      `fptoui`, unsigned neutral elements): `nn.div`, `nn.mod`,
      `nn.max`, `nn.min`, the ordered comparisons, `nn.abs`, `nn.sign`,
      `nn.shift_right`, `nn.cast`, `nn.reduce` (sum, prod, max, min,
      mean), `nn.arg_max`, `nn.arg_min`;
    - ops whose meaning does not depend on it (data movement, `add`,
      `sub`, `mul`, bitwise ops, `equal`, `where`, `matmul`, ...) are
      left as they are;
    - any other op on an unsigned tensor is an error naming the op, so
      no op silently computes with signed semantics.

    Before:
    ```mlir
    %q = nn.div %a, %b : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
    ```
    After:
    ```mlir
    %q = nn.div %a, %b {nn.unsigned} : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
    ```
  }];
}

#endif // KILN_CONVERSION_PASSES
