//===- NNDataMovementOps.td - nn data movement (transpose, concat, slice, gather, ...) -*- tablegen -*-===//
//
// Included at the end of NNOps.td. Ops that move elements without computing
// on them. Shape-only ONNX operators (Squeeze, Unsqueeze, Shape, Size,
// ConstantOfShape, Range, Split, Tile, Dropout, DepthToSpace, SpaceToDepth)
// have no op of their own: the importer builds them from these, nn.reshape
// and nn.constant. Every op here folds when its operands are constants, so
// the shape computations exporters emit (Shape -> Gather -> Unsqueeze ->
// Concat -> Reshape) become constants at import.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_NN_DATAMOVEMENT_OPS
#define KILN_NN_DATAMOVEMENT_OPS

/// Gather indices: ONNX allows int32 and int64.
def NN_IndexTensor : RankedTensorOf<[I32, I64]>;

def NN_TransposeOp : NN_Op<"transpose", [Pure, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "permute dimensions (ONNX Transpose)";
  let description = [{
    Result dimension `i` is input dimension `permutation[i]`:
    `output[i_0, ..., i_n] = input[j]` with `j[permutation[k]] = i_k`.
    `permutation` must be a permutation of `0 .. rank-1`. Serves ONNX
    `Transpose` (versions 1, 13, 21, 23, 24; the importer fills in the
    default reversed permutation).

    ```mlir
    %y = nn.transpose %x {permutation = array<i64: 0, 2, 1>}
        : (tensor<2x3x4xf32>) -> tensor<2x4x3xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, DenseI64ArrayAttr:$permutation);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def NN_ConcatOp : NN_Op<"concat", [Pure, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "join tensors along an axis (ONNX Concat)";
  let description = [{
    Concatenates one or more tensors of the same rank and element type along
    `axis` (negative counts from the back); every other dimension must
    agree. Serves ONNX `Concat` (versions 1, 4, 11, 13).

    ```mlir
    %y = nn.concat %a, %b {axis = 1 : i64}
        : (tensor<2x3xf32>, tensor<2x5xf32>) -> tensor<2x8xf32>
    ```
  }];
  let arguments = (ins Variadic<NN_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$inputs attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def NN_SliceOp : NN_Op<"slice", [Pure]> {
  let summary = "strided slice, steps of either sign (ONNX Slice, Split)";
  let description = [{
    Reads `output[i_0, ..., i_n] = input[offsets[0] + strides[0] * i_0, ...]`
    with one offset and one non-zero stride per dimension; the result type
    gives the number of elements read along each dimension. A negative
    stride walks backwards from `offsets[d]`. Every index read must lie in
    the input. A dynamic result dimension must read the whole input
    dimension (offset 0, stride 1).

    The importer normalizes ONNX `Slice` (versions 1, 10, 11, 13: negative
    and out-of-range starts and ends are clamped as the spec says) and each
    output of `Split` (versions 1, 2, 11, 13, 18) to this form.

    ```mlir
    %y = nn.slice %x {offsets = array<i64: 0, 4>, strides = array<i64: 1, -2>}
        : tensor<2x5xf32> -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, DenseI64ArrayAttr:$offsets,
                   DenseI64ArrayAttr:$strides);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def NN_GatherOp : NN_Op<"gather", [Pure, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "take entries along an axis by index (ONNX Gather)";
  let description = [{
    With `data` of rank r and `indices` of rank q, the result has rank
    `q + r - 1`: `output[a..., i..., b...] = data[a..., indices[i...], b...]`
    where `a` spans the dimensions before `axis` and `b` those after.
    Negative indices count from the back of `axis`; an index still out of
    range after that is clamped into range at run time (ONNX leaves it
    undefined). Serves ONNX `Gather` (versions 1, 11, 13).

    ```mlir
    %y = nn.gather %x, %i {axis = 0 : i64}
        : (tensor<5x4xf32>, tensor<2x3xi64>) -> tensor<2x3x4xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$data, NN_IndexTensor:$indices, I64Attr:$axis);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$data `,` $indices attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def NN_GatherElementsOp : NN_Op<"gather_elements",
    [Pure, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "take entries elementwise by index (ONNX GatherElements)";
  let description = [{
    `indices` has the rank of `data` and gives the result its shape;
    `output[i...] = data[i...]` except that the index along `axis` is
    `indices[i...]` (negative counts from the back, out of range is clamped
    at run time). Along the other dimensions `indices` may be smaller than
    `data`. Serves ONNX `GatherElements` (versions 11, 13).

    ```mlir
    %y = nn.gather_elements %x, %i {axis = 1 : i64}
        : (tensor<2x2xf32>, tensor<2x2xi64>) -> tensor<2x2xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$data, NN_IndexTensor:$indices, I64Attr:$axis);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$data `,` $indices attr-dict `:` functional-type(operands, results)";
}

def NN_ExpandOp : NN_Op<"expand", [Pure]> {
  let summary = "broadcast to the result type (ONNX Expand, Tile)";
  let description = [{
    Broadcasts `input` (numpy rules: aligned on the right, a dimension of 1
    stretches) to the result type's shape, which must be exactly the
    broadcast of the two. The importer resolves ONNX `Expand`'s constant
    shape operand (versions 8, 13) into the result type, and builds `Tile`
    from an expand between two reshapes.

    ```mlir
    %y = nn.expand %x : tensor<3x1xf32> -> tensor<2x3x4xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def NN_PadOp : NN_Op<"pad", [Pure, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "pad or crop each dimension (ONNX Pad)";
  let description = [{
    `pads` holds the begin amounts for every dimension, then the end
    amounts; a negative amount removes elements. Result dimension `d` is
    `input[d] + pads[d] + pads[rank + d]`. `mode` says what new elements
    hold:

    - `constant`: `value`, a rank-0 tensor of the element type (required);
    - `edge`: the nearest input element along each dimension;
    - `reflect`: the input mirrored at its border, border excluded;
    - `wrap`: the input repeated periodically.

    Serves ONNX `Pad` (versions 2, 11, 13, 18, 19, 21, 23, 24) once the
    importer has resolved constant `pads` and `axes`.

    ```mlir
    %y = nn.pad %x, %zero {mode = "constant", pads = array<i64: 0, 1, 0, 2>}
        : (tensor<3x4xf32>, tensor<f32>) -> tensor<3x7xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, Optional<NN_Tensor>:$value,
                   DenseI64ArrayAttr:$pads,
                   DefaultValuedStrAttr<StrAttr, "constant">:$mode);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = [{
    $input (`,` $value^)? attr-dict `:` functional-type(operands, results)
  }];
}

def NN_TriluOp : NN_Op<"trilu", [Pure, AllTypesMatch<["input", "output"]>]> {
  let summary = "keep the upper or lower triangle (ONNX Trilu)";
  let description = [{
    Over the last two dimensions (row `i`, column `j`), keeps the elements
    with `j - i >= k` when `upper` is set and `j - i <= k` otherwise, and
    writes zero elsewhere. `k` is a rank-0 i64 tensor (ONNX allows a
    run-time diagonal offset). Serves ONNX `Trilu` (version 14).

    ```mlir
    %y = nn.trilu %x, %k {upper = true} : tensor<3x4xf32>, tensor<i64>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, 0DTensorOf<[I64]>:$k, BoolAttr:$upper);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input `,` $k attr-dict `:` type($input) `,` type($k)";
  let hasVerifier = 1;
}

#endif // KILN_NN_DATAMOVEMENT_OPS
