//===- NNSortOps.td - nn top_k, nonzero, unique -------------*- tablegen -*-===//
//
// Ops that sort or select, whose results may have a size known only at run
// time (the value of k, the number of non-zero entries, of distinct
// entries). Included from NNOps.td.
//
//===----------------------------------------------------------------------===//

def NN_I64Tensor : RankedTensorOf<[I64]>;

def NN_TopKOp : NN_Op<"top_k", [Pure]> {
  let summary = "the k largest or smallest entries along an axis (ONNX TopK)";
  let description = [{
    Along `axis` (in `[0, rank)`), the `k` largest entries of `input`
    (`largest = false`: the smallest), in order (largest first, or smallest
    first), and their indices along the axis. `k` is a rank-0 i64 tensor,
    possibly computed at run time; a `k` outside `[0, size of the axis]`
    stops the run with a shape error. Equal entries keep their order: the
    lower index comes first. A NaN counts as larger than every number (as
    in ONNX's reference implementation). Both results have the input's
    shape with `k` entries along the axis (a static size there must equal
    `k`). Serves ONNX `TopK` (versions 1, 10, 11, 24; `sorted = 0` gets
    the sorted order too).

    ```mlir
    %v, %i = nn.top_k %x, %k {axis = 1 : i64, largest = true}
        : (tensor<3x4xf32>, tensor<i64>) -> (tensor<3x?xf32>, tensor<3x?xi64>)
    ```
  }];
  let arguments = (ins NN_Tensor:$input, 0DTensorOf<[I64]>:$k, I64Attr:$axis,
                   DefaultValuedAttr<BoolAttr, "true">:$largest);
  let results = (outs NN_Tensor:$values, NN_I64Tensor:$indices);
  let assemblyFormat = "$input `,` $k attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_NonZeroOp : NN_Op<"nonzero", [Pure]> {
  let summary = "coordinates of the non-zero entries (ONNX NonZero)";
  let description = [{
    The coordinates of the entries of `input` (rank >= 1) that are not
    zero, in row-major order: a `[rank, count]` i64 tensor whose column `j`
    holds the coordinates of the `j`-th such entry. A NaN is not zero;
    `-0.0` is. `count` is usually known only at run time. Serves ONNX
    `NonZero` (versions 9, 13; the importer makes a scalar 1-D) and, with
    `nn.gather`, `Compress` (9, 11).

    ```mlir
    %c = nn.nonzero %x : (tensor<2x3xf32>) -> tensor<2x?xi64>
    ```
  }];
  let arguments = (ins NN_Tensor:$input);
  let results = (outs NN_I64Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_UniqueOp : NN_Op<"unique", [Pure]> {
  let summary = "distinct slices along an axis (ONNX Unique)";
  let description = [{
    The distinct slices of `input` along `axis` (in `[0, rank)`; the
    importer flattens the input when ONNX gives no axis). Slices compare
    lexicographically in row-major order; NaNs equal each other and are
    larger than every number, and `-0.0` equals `0.0` (numpy.unique's
    rules). With `sorted` the distinct slices come in ascending order,
    otherwise in the order of their first occurrence. Results: `output`,
    the input with the distinct slices along the axis; `indices`, the
    position of each one's first occurrence; `inverse_indices`, for every
    slice of the input, the position of its value in `output`; `counts`,
    how often each occurs. The number of distinct slices is usually known
    only at run time. Serves ONNX `Unique` (version 11).

    ```mlir
    %y, %i, %inv, %c = nn.unique %x {axis = 0 : i64, sorted = true}
        : (tensor<6xf32>) -> (tensor<?xf32>, tensor<?xi64>, tensor<6xi64>, tensor<?xi64>)
    ```
  }];
  let arguments = (ins NN_Tensor:$input, I64Attr:$axis,
                   DefaultValuedAttr<BoolAttr, "true">:$sorted);
  let results = (outs NN_Tensor:$output, NN_I64Tensor:$indices,
                  NN_I64Tensor:$inverse_indices, NN_I64Tensor:$counts);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}
