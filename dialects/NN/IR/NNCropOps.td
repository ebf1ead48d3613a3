//===- NNCropOps.td - nn center_crop_pad, reverse_sequence, col2im, max_unpool -*- tablegen -*-===//
//
// Included at the end of NNOps.td. Ops that move elements by positions
// computed from run-time values: target sizes, sequence lengths, image and
// block shapes, unpooling indices. Their shape rules are in CropShapes.h;
// the types carry what is known statically and the lowering checks the
// run-time values before anything is read or written.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_NN_CROP_OPS
#define KILN_NN_CROP_OPS

def NN_CenterCropPadOp : NN_Op<"center_crop_pad", [Pure]> {
  let summary = "center crop or zero-pad to run-time sizes (ONNX CenterCropPad)";
  let description = [{
    Along each dimension `axes[k]` (distinct, non-negative) the result has
    `shape[k]` elements (a run-time value, at least 0); every other
    dimension is kept. With input size `n` and target `t`: when `t < n` the
    window `[floor((n - t) / 2), floor((n - t) / 2) + t)` is kept; when
    `t > n` the input lands at offset `floor((t - n) / 2)` and the rest is
    zero (the odd element goes to the end). A result dimension the type
    gives statically is checked against `shape` at run time. Serves ONNX
    `CenterCropPad` (version 18).

    ```mlir
    %y = nn.center_crop_pad %x, %shape {axes = array<i64: 0, 1>}
        : (tensor<20x8x3xf32>, tensor<2xi64>) -> tensor<?x?x3xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, NN_ShapeTensor:$shape, DenseI64ArrayAttr:$axes);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input `,` $shape attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_ReverseSequenceOp : NN_Op<"reverse_sequence",
    [Pure, AllTypesMatch<["input", "output"]>]> {
  let summary = "reverse the first lengths[b] steps of each sequence (ONNX ReverseSequence)";
  let description = [{
    `input` has rank >= 2; `batch_axis` and `time_axis` are 0 and 1 in
    either order. For each batch index `b`, the first `lengths[b]` entries
    along `time_axis` come out reversed and the rest are copied:
    `output[.., b, t, ..] = input[.., b, t < lengths[b] ? lengths[b] - 1 - t : t, ..]`
    (shown for `batch_axis = 0`, `time_axis = 1`). `lengths` has one entry
    per batch index; each must lie in `[0, T]`, T the time dimension, which
    the lowering checks at run time before reading. Serves ONNX
    `ReverseSequence` (version 10).

    ```mlir
    %y = nn.reverse_sequence %x, %lens {batch_axis = 1 : i64, time_axis = 0 : i64}
        : (tensor<4x4xf32>, tensor<4xi64>) -> tensor<4x4xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, NN_ShapeTensor:$lengths, I64Attr:$batch_axis,
                   I64Attr:$time_axis);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input `,` $lengths attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_Col2ImOp : NN_Op<"col2im", [Pure]> {
  let summary = "sum column blocks back into an image (ONNX Col2Im)";
  let description = [{
    `input` is `[N, C * prod(block_shape), L]`; `image_shape` and
    `block_shape` (run-time values, one entry per spatial dimension, k >= 1
    of them) give the image `[D1..Dk]` and the block `[K1..Kk]`. With
    `pads` (begin amounts, then end amounts), `strides` and `dilations`,
    dimension i has `B_i = (D_i + pb_i + pe_i - dil_i * (K_i - 1) - 1) /
    s_i + 1` block positions and `L = prod(B_i)`. Column
    `c * prod(K) + kappa` (kappa the row-major index of a block offset
    `o`) at block position `p` (row-major in `L`) adds into
    `output[n, c, p_i * s_i - pb_i + o_i * dil_i, ...]` when that lies in
    the image; the result is `[N, C, D1..Dk]`. Block entries must be at
    least 1, image entries at least 0, the column count divisible by
    `prod(K)`, every `B_i` at least 1 and `L` their product: the lowering
    checks these at run time, and every result dimension the type gives
    statically. Serves ONNX `Col2Im` (version 18).

    ```mlir
    %y = nn.col2im %x, %image, %block {dilations = array<i64: 1, 1>,
                                       pads = array<i64: 0, 0, 0, 0>,
                                       strides = array<i64: 1, 1>}
        : (tensor<1x5x5xf32>, tensor<2xi64>, tensor<2xi64>) -> tensor<1x?x?x?xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, NN_ShapeTensor:$image_shape,
                   NN_ShapeTensor:$block_shape, DenseI64ArrayAttr:$dilations,
                   DenseI64ArrayAttr:$pads, DenseI64ArrayAttr:$strides);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $image_shape `,` $block_shape attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def NN_MaxUnpoolOp : NN_Op<"max_unpool", [Pure]> {
  let summary = "scatter pooled values back to their positions (ONNX MaxUnpool)";
  let description = [{
    `input` is `[N, C, D1..Dk]` and `indices` (i64, the same shape) holds,
    for each element, its row-major position in the unpooled shape
    `[N, C, U1..Uk]`, `U_i = (D_i - 1) * strides_i - pb_i - pe_i +
    kernel_shape_i` (`pads`: begin amounts, then end amounts). The result is
    zero except that each input element is written at its position, later
    elements (row-major) winning over earlier ones at the same position.
    Without `output_shape` the result is the unpooled shape; with it (a
    run-time shape, one entry per dimension, each at least the unpooled
    size) the unpooled block sits at the start of a larger zero tensor, as
    in ONNX's reference implementation. Indices must lie in
    `[0, N * C * prod(U))`, which the lowering checks at run time before
    writing. Serves ONNX `MaxUnpool` (versions 9, 11, 22).

    ```mlir
    %y = nn.max_unpool %x, %i {kernel_shape = array<i64: 2, 2>,
                               pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>}
        : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>) -> tensor<1x1x4x4xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, RankedTensorOf<[I64]>:$indices,
                   Optional<NN_ShapeTensor>:$output_shape,
                   DenseI64ArrayAttr:$kernel_shape, DenseI64ArrayAttr:$pads,
                   DenseI64ArrayAttr:$strides);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $indices (`,` $output_shape^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

#endif // KILN_NN_CROP_OPS
