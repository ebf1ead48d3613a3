//===- NNScatterOps.td - nn gather_nd, scatter_elements, scatter_nd -*- tablegen -*-===//
//
// Index-driven reads (gather_nd) and writes (scatter_elements, scatter_nd).
// Included from NNOps.td.
//
//===----------------------------------------------------------------------===//

def NN_GatherNDOp : NN_Op<"gather_nd", [Pure, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "take slices by index tuples (ONNX GatherND)";
  let description = [{
    With `data` of rank r, `indices` of rank q whose last dimension k is
    static, and `batch_dims` b: the first b dimensions of both are batch
    dimensions and must agree; each k-tuple of `indices` picks the slice
    `data[batch..., i0, ..., ik-1, :...]`. The result has shape
    `indices.shape[:-1] + data.shape[b+k:]`. Negative indices count from the
    back; out-of-range indices stop the run with a shape error. Serves ONNX
    `GatherND` (versions 11, 12, 13).

    ```mlir
    %y = nn.gather_nd %x, %i {batch_dims = 0 : i64}
        : (tensor<2x2xf32>, tensor<2x2xi64>) -> tensor<2xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$data, NN_IndexTensor:$indices,
                   DefaultValuedAttr<I64Attr, "0">:$batch_dims);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$data `,` $indices attr-dict `:` functional-type(operands, results)";
}

def NN_ScatterElementsOp : NN_Op<"scatter_elements",
    [Pure, AllTypesMatch<["data", "output"]>]> {
  let summary = "write entries elementwise by index (ONNX ScatterElements)";
  let description = [{
    The result is `data` with, for every position `p` of `updates`
    (whose shape `indices` shares), the entry at `p` with its `axis`
    coordinate replaced by `indices[p]` combined with `updates[p]`:
    replaced (`reduction = "none"`) or combined by `add`, `mul`, `max` or
    `min`. Indices and updates have the rank of `data` and are no larger
    outside `axis`. Negative indices count from the back; out-of-range
    indices stop the run with a shape error. Writes happen in row-major
    order of `updates` (with `none`, the last duplicate wins). Serves ONNX
    `ScatterElements` (11, 13, 16, 18) and `Scatter` (9, 11).

    ```mlir
    %y = nn.scatter_elements %x, %i, %u {axis = 1 : i64, reduction = "add"}
        : (tensor<1x5xf32>, tensor<1x2xi64>, tensor<1x2xf32>) -> tensor<1x5xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$data, NN_IndexTensor:$indices, NN_Tensor:$updates,
                   I64Attr:$axis, DefaultValuedAttr<StrAttr, "\"none\"">:$reduction);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat =
      "$data `,` $indices `,` $updates attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_ScatterNDOp : NN_Op<"scatter_nd", [Pure, AllTypesMatch<["data", "output"]>]> {
  let summary = "write slices by index tuples (ONNX ScatterND)";
  let description = [{
    With `data` of rank r and `indices` of rank q whose last dimension k
    (<= r) is static or implied by the ranks, `updates` has shape `indices.shape[:-1] +
    data.shape[k:]`; each k-tuple of `indices` selects the slice
    `data[i0, ..., ik-1, :...]` that the matching slice of `updates`
    replaces (`reduction = "none"`) or is combined into (`add`, `mul`,
    `max`, `min`). Negative indices count from the back; out-of-range
    indices stop the run with a shape error. Writes happen in row-major
    order of `updates` (with `none`, the last duplicate wins). Serves ONNX
    `ScatterND` (versions 11, 13, 16, 18).

    ```mlir
    %y = nn.scatter_nd %x, %i, %u {reduction = "none"}
        : (tensor<8xf32>, tensor<4x1xi64>, tensor<4xf32>) -> tensor<8xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$data, NN_IndexTensor:$indices, NN_Tensor:$updates,
                   DefaultValuedAttr<StrAttr, "\"none\"">:$reduction);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat =
      "$data `,` $indices `,` $updates attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}
