//===- NNOps.td - nn dialect operations --------------------*- tablegen -*-===//
//
// Shape-carrying ops declare `InferTypeOpAdaptorWithIsCompatible`: their
// result type is computed by the shared shape functions and the verifier
// checks the declared type against it (a declared static dimension may
// refine an inferred dynamic one).
//
//===----------------------------------------------------------------------===//
#ifndef KILN_NN_OPS
#define KILN_NN_OPS

include "dialects/NN/IR/NNDialect.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def NN_Tensor : RankedTensorOf<[AnyFloat, AnySignlessInteger]>;
def NN_FloatTensor : RankedTensorOf<[AnyFloat]>;

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

def NN_ConstantOp : NN_Op<"constant",
    [ConstantLike, Pure, InferTypeOpAdaptor]> {
  let summary = "tensor constant (ONNX Constant, initializers)";
  let description = [{
    Produces a constant tensor. Large weights use `dense_resource` so the
    importer can reference them without copying; small ones use `dense`.
    Serves ONNX `Constant` (versions 13, 19, 21) and graph
    initializers.

    ```mlir
    %w = nn.constant dense<[1.0, 2.0]> : tensor<2xf32>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

class NN_UnaryOp<string mnemonic, string onnx, list<Trait> traits = []>
    : NN_Op<mnemonic, !listconcat(traits, [Pure, SameOperandsAndResultType])> {
  let summary = "elementwise " # mnemonic # " (ONNX " # onnx # ")";
  let arguments = (ins NN_FloatTensor:$input);
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def NN_ReluOp : NN_UnaryOp<"relu", "Relu"> {
  let description = [{
    `max(x, 0)` elementwise. Serves ONNX `Relu` (versions 6, 13, 14).

    ```mlir
    %y = nn.relu %x : tensor<8x16xf32>
    ```
  }];
}
def NN_SigmoidOp : NN_UnaryOp<"sigmoid", "Sigmoid"> {
  let description = [{
    `1 / (1 + exp(-x))` elementwise. Serves ONNX `Sigmoid` (versions 6, 13).

    ```mlir
    %y = nn.sigmoid %x : tensor<8x16xf32>
    ```
  }];
}
def NN_TanhOp : NN_UnaryOp<"tanh", "Tanh"> {
  let description = [{
    Hyperbolic tangent elementwise. Serves ONNX `Tanh` (versions 6, 13).

    ```mlir
    %y = nn.tanh %x : tensor<8x16xf32>
    ```
  }];
}

class NN_BinaryOp<string mnemonic, string onnx>
    : NN_Op<mnemonic, [Pure, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "broadcasting elementwise " # mnemonic # " (ONNX " # onnx # ")";
  let description = [{
    Elementwise `}] # mnemonic # [{` with ONNX multidirectional (numpy)
    broadcasting: shapes are aligned on the right and a dimension of 1
    stretches to the other operand's size. Both operands have the same
    element type. Serves ONNX `}] # onnx # [{` (versions 7, 13, 14).

    ```mlir
    %y = nn.}] # mnemonic # [{ %a, %b : (tensor<8x16xf32>, tensor<16xf32>) -> tensor<8x16xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$lhs, NN_Tensor:$rhs);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat =
      "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
}

def NN_AddOp : NN_BinaryOp<"add", "Add">;
def NN_SubOp : NN_BinaryOp<"sub", "Sub">;
def NN_MulOp : NN_BinaryOp<"mul", "Mul">;
def NN_DivOp : NN_BinaryOp<"div", "Div">;

def NN_SoftmaxOp : NN_Op<"softmax", [Pure, SameOperandsAndResultType]> {
  let summary = "softmax along one axis (ONNX Softmax, opset 13+)";
  let description = [{
    `exp(x - max(x)) / sum(exp(x - max(x)))` along `axis` (negative counts
    from the back). Serves ONNX `Softmax` from opset 13, where the reduction
    is over the single axis (older opsets coerce to 2-D and are rejected by
    the importer).

    ```mlir
    %y = nn.softmax %x {axis = -1 : i64} : tensor<8x10xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, I64Attr:$axis);
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Linear algebra
//===----------------------------------------------------------------------===//

def NN_MatMulOp : NN_Op<"matmul", [Pure, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "numpy-style matrix product (ONNX MatMul)";
  let description = [{
    Matrix product with numpy semantics: rank-1 operands are promoted
    (and the added dimension removed from the result), leading batch
    dimensions broadcast. Serves ONNX `MatMul` (versions 9, 13).

    ```mlir
    %y = nn.matmul %a, %b : (tensor<2x8x16xf32>, tensor<16x4xf32>) -> tensor<2x8x4xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$lhs, NN_Tensor:$rhs);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat =
      "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
}

def NN_GemmOp : NN_Op<"gemm", [Pure, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "general matrix multiply (ONNX Gemm)";
  let description = [{
    `alpha * op(A) * op(B) + beta * C` where `op` transposes when
    `trans_a`/`trans_b` is set; A and B are 2-D and the optional C
    broadcasts (unidirectionally) to the `M x N` result. Serves ONNX `Gemm`
    (versions 11, 13).

    ```mlir
    %y = nn.gemm %x, %w, %b {alpha = 1.0 : f32, beta = 1.0 : f32,
                             trans_a = false, trans_b = true}
        : (tensor<8x784xf32>, tensor<512x784xf32>, tensor<512xf32>) -> tensor<8x512xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$a, NN_FloatTensor:$b,
                   Optional<NN_FloatTensor>:$c,
                   DefaultValuedAttr<F32Attr, "1.0">:$alpha,
                   DefaultValuedAttr<F32Attr, "1.0">:$beta,
                   DefaultValuedAttr<BoolAttr, "false">:$trans_a,
                   DefaultValuedAttr<BoolAttr, "false">:$trans_b);
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat = [{
    $a `,` $b (`,` $c^)? attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Shape manipulation
//===----------------------------------------------------------------------===//

def NN_ReshapeOp : NN_Op<"reshape", [Pure]> {
  let summary = "row-major reshape to the result type (ONNX Reshape)";
  let description = [{
    Reinterprets the row-major element sequence of `input` with the result
    type's shape; the element counts must agree. The target shape is the
    result type: the importer resolves ONNX `Reshape`'s shape operand
    (versions 5, 13, 14, 19, 21; `0` and `-1` entries) when it is a
    constant.

    ```mlir
    %y = nn.reshape %x : tensor<2x3x4xf32> -> tensor<6x4xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def NN_FlattenOp : NN_Op<"flatten", [Pure, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "collapse to 2-D around an axis (ONNX Flatten)";
  let description = [{
    Reshapes to `[prod(shape[:axis]), prod(shape[axis:])]`; `axis` may be
    negative. Serves ONNX `Flatten` (versions 9, 11, 13, 21).

    ```mlir
    %y = nn.flatten %x {axis = 1 : i64} : (tensor<4x16x5x5xf32>) -> tensor<4x400xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, I64Attr:$axis);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Convolution and pooling
//===----------------------------------------------------------------------===//

def NN_ConvOp : NN_Op<"conv", [Pure, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "N-D grouped convolution, NCHW/OIHW (ONNX Conv)";
  let description = [{
    Cross-correlation of `input` `[N, C, D1..Dk]` with `weight`
    `[M, C/group, K1..Kk]` plus the optional `bias` `[M]`. `pads` holds the
    k begin paddings then the k end paddings (zero padding). Output size
    per spatial dim: `floor((D + pb + pe - dil*(K-1) - 1) / stride) + 1`.
    Serves ONNX `Conv` (versions 11, 22) after the importer resolves
    `auto_pad`. The CPU lowering handles k = 1 and 2.

    ```mlir
    %y = nn.conv %x, %w, %b {dilations = array<i64: 1, 1>, group = 1 : i64,
                             pads = array<i64: 2, 2, 2, 2>, strides = array<i64: 1, 1>}
        : (tensor<4x1x28x28xf32>, tensor<6x1x5x5xf32>, tensor<6xf32>) -> tensor<4x6x28x28xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, NN_FloatTensor:$weight,
                   Optional<NN_FloatTensor>:$bias,
                   DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                   DenseI64ArrayAttr:$dilations, I64Attr:$group);
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

class NN_PoolOp<string mnemonic, string onnx, dag extraArgs>
    : NN_Op<mnemonic, [Pure, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = mnemonic # " over N-D windows, NCHW (ONNX " # onnx # ")";
  let arguments = !con((ins NN_FloatTensor:$input,
                        DenseI64ArrayAttr:$kernel_shape,
                        DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                        DenseI64ArrayAttr:$dilations,
                        DefaultValuedAttr<BoolAttr, "false">:$ceil_mode),
                       extraArgs);
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def NN_MaxPoolOp : NN_PoolOp<"max_pool", "MaxPool", (ins)> {
  let description = [{
    Maximum over each window of `input` `[N, C, D1..Dk]`; padded positions
    never win. `pads` is begin paddings then end paddings. With `ceil_mode`
    the output size rounds up (a window must still start inside the input
    or its begin padding). Serves ONNX `MaxPool` (versions 8, 10, 11,
    12, 22; single output).

    ```mlir
    %y = nn.max_pool %x {ceil_mode = false, dilations = array<i64: 1, 1>,
                         kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>,
                         strides = array<i64: 2, 2>}
        : (tensor<1x64x112x112xf32>) -> tensor<1x64x56x56xf32>
    ```
  }];
}

def NN_AveragePoolOp : NN_PoolOp<"average_pool", "AveragePool",
    (ins DefaultValuedAttr<BoolAttr, "false">:$count_include_pad)> {
  let description = [{
    Mean over each window of `input` `[N, C, D1..Dk]`. Padded positions
    count in the divisor only when `count_include_pad` is set. Serves ONNX
    `AveragePool` (versions 7, 10, 11, 19, 22).

    ```mlir
    %y = nn.average_pool %x {ceil_mode = false, count_include_pad = false,
                             dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>,
                             pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>}
        : (tensor<4x6x28x28xf32>) -> tensor<4x6x14x14xf32>
    ```
  }];
}

include "dialects/NN/IR/NNDataMovementOps.td"
include "dialects/NN/IR/NNReductionOps.td"

#endif // KILN_NN_OPS
