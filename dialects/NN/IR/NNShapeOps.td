//===- NNShapeOps.td - nn ops on run-time shapes -------------*- tablegen -*-===//
//
// Included at the end of NNOps.td. Ops whose result shape depends on values
// only known at run time: the shape of a tensor with dynamic dimensions,
// and ONNX Reshape, Expand, ConstantOfShape, Range and Slice whose shape
// operands are computed. A shape operand is a 1-D i64 tensor of static
// length (one entry per result dimension). The result types carry every
// dimension the importer can prove static and `?` for the others; the
// lowering checks at run time that the computed shape agrees with them.
// When a shape operand is a constant the importer uses the static ops
// (nn.reshape, nn.expand, nn.slice, nn.constant) instead.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_NN_SHAPE_OPS
#define KILN_NN_SHAPE_OPS

/// A run-time shape or index list: a 1-D i64 tensor (its length is checked
/// to be static by the verifiers).
def NN_ShapeTensor : 1DTensorOf<[I64]>;

/// A rank-0 number (Range's start, limit, delta).
def NN_ScalarTensor : 0DTensorOf<[AnyFloat, I16, I32, I64]>;

def NN_ShapeOp : NN_Op<"shape", [Pure, InferTypeOpAdaptor]> {
  let summary = "the dimensions of a tensor as a 1-D i64 tensor (ONNX Shape)";
  let description = [{
    Produces dimensions `start` to `end - 1` of `input`'s shape as i64
    values; `0 <= start <= end <= rank` (the importer clamps ONNX Shape-15's
    negative and out-of-range `start`/`end`). Static dimensions fold to
    constants; dynamic ones are read at run time. Serves ONNX `Shape`
    (versions 1, 13, 15, 19, 21, 23, 24) on tensors with dynamic dimensions.

    ```mlir
    %s = nn.shape %x {end = 3 : i64, start = 0 : i64} : tensor<?x?x128xf32> -> tensor<3xi64>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, I64Attr:$start, I64Attr:$end);
  let results = (outs NN_ShapeTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasFolder = 1;
}

def NN_DynamicReshapeOp : NN_Op<"dynamic_reshape", [Pure]> {
  let summary = "reshape to a run-time shape (ONNX Reshape)";
  let description = [{
    Reinterprets the row-major element sequence of `input` with the shape
    held in `shape`, one entry per result dimension, with ONNX semantics:
    an entry of `0` copies the input's dimension at the same index (unless
    `allowzero` is set, when it means a dimension of size 0), one entry may
    be `-1` and is inferred from the element count. Dimensions the result
    type gives statically must match the computed ones; the element counts
    must agree. Serves ONNX `Reshape` (versions 5, 13, 14, 19, 21) when the
    shape operand is computed at run time.

    ```mlir
    %y = nn.dynamic_reshape %x, %s : (tensor<?x?x128xf32>, tensor<4xi64>) -> tensor<?x?x2x64xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, NN_ShapeTensor:$shape,
                   DefaultValuedAttr<BoolAttr, "false">:$allowzero);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input `,` $shape attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_DynamicExpandOp : NN_Op<"dynamic_expand", [Pure]> {
  let summary = "broadcast to a run-time shape (ONNX Expand)";
  let description = [{
    Broadcasts `input` and the shape held in `shape` against each other
    with numpy rules (aligned on the right; a dimension of 1 stretches) and
    fills the result, whose rank is the larger of the two. A pair of
    dimensions that are neither equal nor 1 is an error at run time.
    Serves ONNX `Expand` (versions 8, 13) when the shape operand is
    computed at run time.

    ```mlir
    %y = nn.dynamic_expand %x, %s : (tensor<?x1x?xi1>, tensor<4xi64>) -> tensor<?x1x?x?xi1>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, NN_ShapeTensor:$shape);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input `,` $shape attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_DynamicFillOp : NN_Op<"dynamic_fill", [Pure]> {
  let summary = "a tensor of a run-time shape filled with one value (ONNX ConstantOfShape)";
  let description = [{
    A tensor whose shape is held in `shape` (non-negative entries), every
    element `value` (a scalar attribute of the result's element type).
    Serves ONNX `ConstantOfShape` (versions 9, 20, 21, 23, 24) when the
    shape operand is computed at run time.

    ```mlir
    %y = nn.dynamic_fill %s {value = 0.000000e+00 : f32} : tensor<3xi64> -> tensor<2x?x128xf32>
    ```
  }];
  let arguments = (ins NN_ShapeTensor:$shape, TypedAttrInterface:$value);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$shape attr-dict `:` type($shape) `->` type($output)";
  let hasVerifier = 1;
}

def NN_DynamicRangeOp : NN_Op<"dynamic_range", [Pure]> {
  let summary = "an arithmetic sequence of run-time length (ONNX Range)";
  let description = [{
    `output[i] = start + i * delta` for `i` in
    `0 .. max(ceil((limit - start) / delta), 0) - 1`. The three operands
    are rank-0 tensors of the result's element type (float, i16, i32 or
    i64); `delta` must not be 0 (checked at run time). Serves ONNX `Range`
    (version 11) when its operands are computed at run time.

    ```mlir
    %r = nn.dynamic_range %start, %limit, %delta : tensor<i64>, tensor<i64>, tensor<i64> -> tensor<?xi64>
    ```
  }];
  let arguments = (ins NN_ScalarTensor:$start, NN_ScalarTensor:$limit,
                   NN_ScalarTensor:$delta);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = [{
    $start `,` $limit `,` $delta attr-dict `:` type($start) `,` type($limit) `,`
    type($delta) `->` type($output)
  }];
  let hasVerifier = 1;
}

def NN_DynamicSliceOp : NN_Op<"dynamic_slice", [Pure]> {
  let summary = "strided slice with run-time starts and ends (ONNX Slice)";
  let description = [{
    Slices `input` along `axes` (non-negative, unique) with ONNX semantics:
    `starts[i]` and `ends[i]` (run-time i64 values) count from the back
    when negative and are clamped into the dimension (`[0, dim]` for a
    positive step, `[0, dim-1]` and `[-1, dim-1]` for a negative one), and
    `steps[i]` (non-zero, static) is the stride. Other dimensions are kept
    whole. Serves ONNX `Slice` (versions 10, 11, 13) when starts or ends
    are computed at run time, or when a sliced dimension is dynamic.

    ```mlir
    %y = nn.dynamic_slice %x, %starts, %ends {axes = array<i64: 1>, steps = array<i64: 1>}
        : (tensor<1x128xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<1x?xi64>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, NN_ShapeTensor:$starts,
                   NN_ShapeTensor:$ends, DenseI64ArrayAttr:$axes,
                   DenseI64ArrayAttr:$steps);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $starts `,` $ends attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

#endif // KILN_NN_SHAPE_OPS
