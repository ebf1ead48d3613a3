//===- NNReductionOps.td - nn reductions and normalizations -*- tablegen -*-===//
//
// Included at the end of NNOps.td. Axes are normalized here: non-negative,
// sorted and unique (the importer wraps ONNX's negative axes), except for
// the softmax-like ops, which count a negative `axis` from the back like
// nn.softmax.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_NN_REDUCTION_OPS
#define KILN_NN_REDUCTION_OPS

def NN_ReduceKindAttr : ConfinedAttr<StrAttr, [AttrConstraint<
    CPred<"::llvm::is_contained(::llvm::ArrayRef<::llvm::StringRef>{"
          "\"sum\", \"mean\", \"max\", \"min\", \"prod\", \"sum_square\", "
          "\"l1\", \"l2\", \"log_sum\", \"log_sum_exp\"}, "
          "::llvm::cast<::mlir::StringAttr>($_self).getValue())">,
    "one of sum, mean, max, min, prod, sum_square, l1, l2, log_sum, "
    "log_sum_exp">]>;

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

def NN_ReduceOp : NN_Op<"reduce", [Pure, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "reduction over a set of axes (ONNX Reduce*)";
  let description = [{
    Reduces `input` over `axes` (non-negative, sorted, unique; an empty list
    reduces over nothing, so each output element is the reduction of one
    element). With `keepdims` the reduced dimensions stay as size 1,
    otherwise they are dropped. `kind` selects the reduction:

    | kind | result | element types |
    |---|---|---|
    | `sum` | `sum(x)` | float, integer |
    | `mean` | `sum(x) / n` (integers: truncating division) | float, integer |
    | `max`, `min` | `max(x)`, `min(x)`; a NaN propagates; `i1`: or, and | float, integer, `i1` |
    | `prod` | `prod(x)` | float, integer |
    | `sum_square` | `sum(x * x)` | float, integer |
    | `l1` | `sum(abs(x))` | float, integer |
    | `l2` | `sqrt(sum(x * x))` | float |
    | `log_sum` | `log(sum(x))` | float |
    | `log_sum_exp` | `log(sum(exp(x)))`, computed as `m + log(sum(exp(x - m)))` with `m` the largest finite maximum | float |

    "integer" means signless integers other than `i1`, which only `max` and
    `min` accept. An empty reduction yields the neutral element (0, 1, -inf for `max`,
    +inf for `min`, -inf for `log_sum` and `log_sum_exp`). Half-precision
    floats accumulate in f32.

    Serves ONNX `ReduceSum` (1, 11, 13), `ReduceMean`, `ReduceProd`,
    `ReduceSumSquare`, `ReduceL1`, `ReduceL2`, `ReduceLogSum`,
    `ReduceLogSumExp` (1, 11, 13, 18), `ReduceMax` and `ReduceMin` (1, 11,
    12, 13, 18, 20) with constant axes: the importer normalizes the axes,
    turns "no axes" into all axes, and with `noop_with_empty_axes` keeps
    the empty list (onnxruntime's reading: the per-element part of the
    reduction still applies). It also serves `GlobalAveragePool` and
    `GlobalMaxPool` (`mean`/`max` over the spatial axes, `keepdims`).

    ```mlir
    %y = nn.reduce "mean" %x {axes = array<i64: 2, 3>, keepdims = true}
        : (tensor<1x64x7x7xf32>) -> tensor<1x64x1x1xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, NN_ReduceKindAttr:$kind,
                   DenseI64ArrayAttr:$axes,
                   DefaultValuedAttr<BoolAttr, "false">:$keepdims);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat =
      "$kind $input attr-dict `:` functional-type(operands, results)";
}

class NN_ArgReduceOp<string mnemonic, string onnx, string what>
    : NN_Op<mnemonic, [Pure, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "index of the " # what # " along an axis (ONNX " # onnx # ")";
  let description = [{
    The index (i64) of the }] # what # [{ element of `input` along `axis`
    (in `[0, rank)`): the first one, or the last one with
    `select_last_index`. A NaN counts as the }] # what # [{ (like numpy).
    With `keepdims` the axis stays as size 1, otherwise it is dropped.
    Serves ONNX `}] # onnx # [{` (versions 1, 11, 12, 13; the importer wraps
    a negative axis).

    ```mlir
    %i = nn.}] # mnemonic # [{ %x {axis = 1 : i64, keepdims = true, select_last_index = false}
        : (tensor<2x3x4xf32>) -> tensor<2x1x4xi64>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, I64Attr:$axis,
                   DefaultValuedAttr<BoolAttr, "false">:$keepdims,
                   DefaultValuedAttr<BoolAttr, "false">:$select_last_index);
  let results = (outs RankedTensorOf<[I64]>:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def NN_ArgMaxOp : NN_ArgReduceOp<"arg_max", "ArgMax", "largest">;
def NN_ArgMinOp : NN_ArgReduceOp<"arg_min", "ArgMin", "smallest">;

def NN_CumSumOp : NN_Op<"cumsum", [Pure, SameOperandsAndResultType]> {
  let summary = "cumulative sum along an axis (ONNX CumSum)";
  let description = [{
    `y[.., i, ..] = sum(x[.., j, ..])` along `axis` (in `[0, rank)`) over
    `j <= i`, or `j < i` when `exclusive`; `reverse` sums from the other end
    (`j >= i`, or `j > i` when also `exclusive`). Serves ONNX `CumSum`
    (versions 11, 14) with a constant axis operand.

    ```mlir
    %y = nn.cumsum %x {axis = 0 : i64, exclusive = false, reverse = true} : tensor<5xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, I64Attr:$axis,
                   DefaultValuedAttr<BoolAttr, "false">:$exclusive,
                   DefaultValuedAttr<BoolAttr, "false">:$reverse);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Softmax relatives
//===----------------------------------------------------------------------===//

def NN_LogSoftmaxOp : NN_Op<"log_softmax", [Pure, SameOperandsAndResultType]> {
  let summary = "log of softmax along one axis (ONNX LogSoftmax)";
  let description = [{
    `x - max(x) - log(sum(exp(x - max(x))))` along `axis` (negative counts
    from the back). Serves ONNX `LogSoftmax` 13 directly, and versions 1
    and 11 (which coerce the input to 2-D around `axis`) through
    `nn.flatten`, a `log_softmax` over axis 1 and `nn.reshape`.

    ```mlir
    %y = nn.log_softmax %x {axis = -1 : i64} : tensor<8x10xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, I64Attr:$axis);
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def NN_HardmaxOp : NN_Op<"hardmax", [Pure, SameOperandsAndResultType]> {
  let summary = "one-hot of the first maximum along an axis (ONNX Hardmax)";
  let description = [{
    1 at the first largest element along `axis` (negative counts from the
    back; a NaN counts as the largest), 0 elsewhere. Serves ONNX `Hardmax`
    13 directly, and versions 1 and 11 (coerced to 2-D around `axis`)
    through `nn.flatten`, a `hardmax` over axis 1 and `nn.reshape`.

    ```mlir
    %y = nn.hardmax %x {axis = 1 : i64} : tensor<3x4xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, I64Attr:$axis);
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Normalizations
//===----------------------------------------------------------------------===//

def NN_BatchNormOp : NN_Op<"batch_norm", [Pure, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "inference-mode batch normalization, NCHW (ONNX BatchNormalization)";
  let description = [{
    `scale[c] * (x - mean[c]) / sqrt(var[c] + epsilon) + bias[c]` for
    `input` `[N, C, D1...]` (rank >= 2), with the channel axis 1 and every
    per-channel operand `[C]`. Serves ONNX `BatchNormalization` (versions
    6, 7, 9, 14, 15) in inference mode (`is_test = 1` before 7,
    `spatial = 1`, `training_mode = 0`); `momentum` plays no part in it.

    ```mlir
    %y = nn.batch_norm %x, %scale, %bias, %mean, %var {epsilon = 1.0e-05 : f32}
        : (tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>,
           tensor<3xf32>) -> tensor<2x3x4x5xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, NN_FloatTensor:$scale,
                   NN_FloatTensor:$bias, NN_FloatTensor:$mean,
                   NN_FloatTensor:$var,
                   DefaultValuedAttr<F32Attr, "1.0e-5">:$epsilon);
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat = [{
    $input `,` $scale `,` $bias `,` $mean `,` $var attr-dict `:`
    functional-type(operands, results)
  }];
}

def NN_StandardizeOp : NN_Op<"standardize", [Pure, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "zero mean, unit variance over a set of axes";
  let description = [{
    With `mean = mean(x)` and `var = mean((x - mean)^2)` over `axes`
    (non-negative, sorted, unique, not empty), returns
    `output = (x - mean) * inv_std_dev` where
    `inv_std_dev = 1 / sqrt(var + epsilon)`, together with `mean` and
    `inv_std_dev` themselves, shaped like `x` with the reduced axes kept as
    size 1. Half-precision inputs compute in f32.

    The normalization part of ONNX `LayerNormalization` 17 (axes
    `[axis, rank)`; its Mean and InvStdDev outputs are the second and
    third results, scale and bias follow as `nn.mul`/`nn.add`),
    `InstanceNormalization` 1, 6, 22 (axes `[2, rank)`) and
    `MeanVarianceNormalization` 9, 13 (its `1e-9` added to the standard
    deviation becomes `epsilon = 1e-18` under the square root).

    ```mlir
    %y, %mean, %inv = nn.standardize %x {axes = array<i64: 2>, epsilon = 1.0e-05 : f32}
        : (tensor<2x3x4xf32>) -> (tensor<2x3x4xf32>, tensor<2x3x1xf32>, tensor<2x3x1xf32>)
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, DenseI64ArrayAttr:$axes,
                   DefaultValuedAttr<F32Attr, "1.0e-5">:$epsilon);
  let results = (outs NN_FloatTensor:$output, NN_FloatTensor:$mean,
                  NN_FloatTensor:$inv_std_dev);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

#endif // KILN_NN_REDUCTION_OPS
