//===- Passes.td - Kiln transformation passes ---------------*- tablegen -*-===//
#ifndef KILN_TRANSFORMS_PASSES
#define KILN_TRANSFORMS_PASSES

include "mlir/Pass/PassBase.td"

def PlanMemory : Pass<"kiln-plan-memory", "mlir::func::FuncOp"> {
  let summary = "Place intermediate buffers in one statically sized arena";
  let description = [{
    Replaces every `memref.alloc` of a static, identity-layout buffer in the
    function body by a `memref.view` into a new trailing function argument,
    the scratch arena `memref<SIZExi8>`. Buffers whose live ranges (from the
    alloc to the last top-level op that uses it or any view of it) do not
    overlap share storage; offsets are 64-byte aligned and assigned
    first-fit, largest buffer first. The arena size is recorded on the
    function as `kiln.scratch_size`. `memref.dealloc` of planned buffers is
    erased.

    Preconditions: bufferized single-block function in destination-passing
    style (results already turned into out-parameters), allocations at the
    top level of the body. A multi-block body, an allocation with a dynamic
    shape, a non-identity layout or inside a region, and a buffer that is
    returned are reported as errors. Buffer sizes come from the data layout.

    Before:
    ```mlir
    func.func @f(%a: memref<4xf32>, %out: memref<4xf32>) {
      %t = memref.alloc() : memref<4xf32>
      ...
    }
    ```
    After:
    ```mlir
    func.func @f(%a: memref<4xf32>, %out: memref<4xf32>, %scratch: memref<64xi8>)
        attributes {kiln.scratch_size = 64 : i64} {
      %c0 = arith.constant 0 : index
      %t = memref.view %scratch[%c0][] : memref<64xi8> to memref<4xf32>
      ...
    }
    ```
  }];
  let options = [
    Option<"alignment", "alignment", "int64_t", /*default=*/"64",
           "Byte alignment of every buffer placed in the arena">
  ];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::memref::MemRefDialect"];
}

def CopyToLinalg : Pass<"kiln-copy-to-linalg", "mlir::func::FuncOp"> {
  let summary = "Rewrite memref.copy as linalg.copy";
  let description = [{
    Bufferization emits `memref.copy`, which the upstream LLVM lowering turns
    into a call to the `memrefCopy` helper of MLIR's C runner library when
    the copy is not contiguous (for example into a padded buffer). Compiled
    models must not depend on that library, so every copy becomes a
    `linalg.copy`, which later lowers to plain loops (and LLVM turns
    contiguous ones back into `memcpy`).

    Before:
    ```mlir
    memref.copy %a, %b : memref<4xf32> to memref<4xf32, strided<[1], offset: 2>>
    ```
    After:
    ```mlir
    linalg.copy ins(%a : memref<4xf32>) outs(%b : memref<4xf32, strided<[1], offset: 2>>)
    ```
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect"];
}

#endif // KILN_TRANSFORMS_PASSES
