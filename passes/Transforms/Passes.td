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

    Precondition: a bufferized single-block function (a multi-block body is
    reported as an error). Allocations the arena cannot hold are left as
    they are, for the buffer deallocation pipeline that runs next: those
    with a dynamic shape, a non-identity layout or a memory space, those
    inside a region, and buffers returned from the function (a model with
    dynamic output shapes returns its outputs). With static shapes and
    results turned into out-parameters, every allocation is placed. Buffer
    sizes come from the data layout.

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

def LowerChecks : Pass<"kiln-lower-checks", "mlir::ModuleOp"> {
  let summary = "Turn cf.assert into calls of the runtime's check failure";
  let description = [{
    Run-time shape checks are emitted as `cf.assert` by the nn lowering.
    Upstream lowers them to a message on stderr and `abort()`; a compiled
    model must instead report the failure to its caller. This pass splits
    the block at each assert and branches, when the condition is false, to
    a block that calls `kiln_rt_check_failed(message)` (which never
    returns: the runtime unwinds to `kiln_model_run` and returns
    KILN_ERR_SHAPE with the message). Run it after structured control flow
    is lowered to `cf`.

    Before:
    ```mlir
    cf.assert %ok, "node 'Add_1' (nn.add): ..."
    ```
    After:
    ```mlir
    cf.cond_br %ok, ^cont, ^fail
    ^fail:
      %msg = llvm.mlir.addressof @kiln_check_0 : !llvm.ptr
      ...
      llvm.call @kiln_rt_check_failed(%p) : (!llvm.ptr) -> ()
      llvm.unreachable
    ^cont:
    ```
  }];
  let dependentDialects = ["mlir::LLVM::LLVMDialect",
                           "mlir::cf::ControlFlowDialect"];
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

def ExpandBF16 : Pass<"kiln-expand-bf16", "mlir::ModuleOp"> {
  let summary = "Expand bf16 extf/truncf into integer arithmetic";
  let description = [{
    LLVM lowers a float-to-bf16 `fptrunc` on x86-64 CPUs without AVX512-BF16
    to a call to `__truncsfbf2`, a compiler-runtime routine that compiled
    models cannot count on being linked. Every `arith.truncf` to bf16 (round
    to nearest even, NaN kept quiet) and `arith.extf` from bf16 becomes
    shifts, adds and bitcasts on i32 (upstream's bf16 expansion patterns),
    so no runtime routine is needed. Runs before `convert-arith-to-llvm`.

    Before:
    ```mlir
    %y = arith.truncf %x : f32 to bf16
    ```
    After: `%x` bitcast to i32, rounded to even on bit 16, shifted right by
    16, truncated to i16 and bitcast to bf16.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect"];
}

def DistinctResults : Pass<"kiln-distinct-results", "mlir::func::FuncOp"> {
  let summary = "Give every returned buffer its own allocation";
  let description = [{
    After bufferization a function may return the same buffer twice (two
    graph outputs that CSE found equal) or one of its arguments (a graph
    output that is a graph input). Each output must be a buffer of its own:
    `buffer-results-to-out-params` replaces a returned allocation by its
    out-parameter (returning one twice crashed it), and in the returning
    convention the caller owns, and frees, each output. Every repeated
    operand of `func.return`, and every returned argument, becomes a fresh
    `memref.alloc` filled by `memref.copy`.

    Before:
    ```mlir
    return %0, %0 : memref<2xf32>, memref<2xf32>
    ```
    After:
    ```mlir
    %1 = memref.alloc() : memref<2xf32>
    memref.copy %0, %1 : memref<2xf32> to memref<2xf32>
    return %0, %1 : memref<2xf32>, memref<2xf32>
    ```
  }];
  let dependentDialects = ["mlir::memref::MemRefDialect"];
}

#endif // KILN_TRANSFORMS_PASSES
