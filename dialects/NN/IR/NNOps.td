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

// Integers are signless (signed semantics, i1 for bool) or unsigned (ONNX
// UINT8..UINT64). Unsigned types live only between the importer and
// kiln-lower-unsigned, which makes them signless and marks the ops whose
// meaning depends on the sign (docs/architecture.md).
def NN_Tensor : RankedTensorOf<[AnyFloat, AnySignlessInteger, AnyUnsignedInteger]>;
def NN_FloatTensor : RankedTensorOf<[AnyFloat]>;
def NN_BoolTensor : RankedTensorOf<[I1]>;
def NN_IntTensor : RankedTensorOf<[AnySignlessInteger, AnyUnsignedInteger]>;

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

class NN_MathOp<string mnemonic, string onnx, string semantics, string versions,
                Type tensorType = NN_FloatTensor>
    : NN_Op<mnemonic, [Pure, SameOperandsAndResultType]> {
  let summary = "elementwise " # mnemonic # " (ONNX " # onnx # ")";
  let description = semantics # [{ elementwise. Serves ONNX `}] # onnx #
                    [{` (versions }] # versions # [{).

    ```mlir
    %y = nn.}] # mnemonic # [{ %x : tensor<8x16xf32>
    ```
  }];
  let arguments = (ins tensorType:$input);
  let results = (outs tensorType:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def NN_AbsOp : NN_MathOp<"abs", "Abs", "`|x|`", "6, 13", NN_Tensor>;
def NN_NegOp : NN_MathOp<"neg", "Neg", "`-x`", "6, 13", NN_Tensor>;
def NN_SignOp : NN_MathOp<"sign", "Sign", "-1, 0 or 1 by the sign of x", "9, 13", NN_Tensor>;
def NN_NotOp : NN_MathOp<"not", "Not, BitwiseNot",
                        "Logical (i1) or bitwise (wider integers) negation",
                        "1; BitwiseNot 18", NN_IntTensor>;
def NN_ExpOp : NN_MathOp<"exp", "Exp", "`e^x`", "6, 13">;
def NN_LogOp : NN_MathOp<"log", "Log", "Natural logarithm", "6, 13">;
def NN_SqrtOp : NN_MathOp<"sqrt", "Sqrt", "Square root", "6, 13">;
def NN_ReciprocalOp : NN_MathOp<"reciprocal", "Reciprocal", "`1 / x`", "6, 13">;
def NN_FloorOp : NN_MathOp<"floor", "Floor", "Round down", "6, 13">;
def NN_CeilOp : NN_MathOp<"ceil", "Ceil", "Round up", "6, 13">;
def NN_RoundOp : NN_MathOp<"round", "Round", "Round half to even", "11, 22">;
def NN_SinOp : NN_MathOp<"sin", "Sin", "Sine", "7, 22">;
def NN_CosOp : NN_MathOp<"cos", "Cos", "Cosine", "7, 22">;
def NN_TanOp : NN_MathOp<"tan", "Tan", "Tangent", "7, 22">;
def NN_AsinOp : NN_MathOp<"asin", "Asin", "Arcsine", "7, 22">;
def NN_AcosOp : NN_MathOp<"acos", "Acos", "Arccosine", "7, 22">;
def NN_AtanOp : NN_MathOp<"atan", "Atan", "Arctangent", "7, 22">;
def NN_SinhOp : NN_MathOp<"sinh", "Sinh", "Hyperbolic sine", "9, 22">;
def NN_CoshOp : NN_MathOp<"cosh", "Cosh", "Hyperbolic cosine", "9, 22">;
def NN_AsinhOp : NN_MathOp<"asinh", "Asinh", "Inverse hyperbolic sine", "9, 22">;
def NN_AcoshOp : NN_MathOp<"acosh", "Acosh", "Inverse hyperbolic cosine", "9, 22">;
def NN_AtanhOp : NN_MathOp<"atanh", "Atanh", "Inverse hyperbolic tangent", "9, 22">;
def NN_ErfOp : NN_MathOp<"erf", "Erf", "Gauss error function", "9, 13">;
def NN_SoftsignOp : NN_MathOp<"softsign", "Softsign", "`x / (1 + |x|)`", "1, 22">;
def NN_SoftplusOp : NN_MathOp<"softplus", "Softplus", "`log(exp(x) + 1)`", "1, 22">;
def NN_HardSwishOp : NN_MathOp<"hard_swish", "HardSwish",
                               "`x * max(0, min(1, x / 6 + 1 / 2))`", "14, 22">;
def NN_MishOp : NN_MathOp<"mish", "Mish", "`x * tanh(softplus(x))`", "18, 22">;

class NN_ParamActivationOp<string mnemonic, string onnx, string semantics,
                           string versions, dag params>
    : NN_Op<mnemonic, [Pure, SameOperandsAndResultType]> {
  let summary = "elementwise " # mnemonic # " (ONNX " # onnx # ")";
  let description = semantics # [{ elementwise. Serves ONNX `}] # onnx #
                    [{` (versions }] # versions # [{); the attributes are
    ONNX's, with ONNX's defaults filled in by the importer.
  }];
  let arguments = !con((ins NN_FloatTensor:$input), params);
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def NN_LeakyReluOp : NN_ParamActivationOp<"leaky_relu", "LeakyRelu",
    "`x >= 0 ? x : alpha * x`", "6, 16", (ins F32Attr:$alpha)>;
def NN_EluOp : NN_ParamActivationOp<"elu", "Elu",
    "`x >= 0 ? x : alpha * (exp(x) - 1)`", "6, 22", (ins F32Attr:$alpha)>;
def NN_SeluOp : NN_ParamActivationOp<"selu", "Selu",
    "`gamma * (x > 0 ? x : alpha * (exp(x) - 1))`", "6, 22",
    (ins F32Attr:$alpha, F32Attr:$gamma)>;
def NN_CeluOp : NN_ParamActivationOp<"celu", "Celu",
    "`max(0, x) + min(0, alpha * (exp(x / alpha) - 1))`", "12",
    (ins F32Attr:$alpha)>;
def NN_HardSigmoidOp : NN_ParamActivationOp<"hard_sigmoid", "HardSigmoid",
    "`max(0, min(1, alpha * x + beta))`", "6, 22",
    (ins F32Attr:$alpha, F32Attr:$beta)>;
def NN_ThresholdedReluOp : NN_ParamActivationOp<"thresholded_relu",
    "ThresholdedRelu", "`x > alpha ? x : 0`", "10, 22", (ins F32Attr:$alpha)>;
def NN_ShrinkOp : NN_ParamActivationOp<"shrink", "Shrink",
    "`x < -lambd ? x + bias : (x > lambd ? x - bias : 0)`", "9",
    (ins F32Attr:$bias, F32Attr:$lambd)>;
def NN_GeluOp : NN_ParamActivationOp<"gelu", "Gelu",
    "`0.5 * x * (1 + erf(x / sqrt(2)))`, or the tanh approximation when "
    "`approximate` is \"tanh\"", "20", (ins StrAttr:$approximate)>;

class NN_FloatClassOp<string mnemonic, string onnx, string semantics,
                      string versions, dag params>
    : NN_Op<mnemonic, [Pure, SameOperandsAndResultShape]> {
  let summary = "elementwise " # mnemonic # " test returning i1 (ONNX " # onnx # ")";
  let description = semantics # [{. Serves ONNX `}] # onnx #
                    [{` (versions }] # versions # [{).
  }];
  let arguments = !con((ins NN_FloatTensor:$input), params);
  let results = (outs NN_BoolTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

def NN_IsNaNOp : NN_FloatClassOp<"is_nan", "IsNaN", "True where x is NaN",
                                 "9, 13, 20", (ins)>;
def NN_IsInfOp : NN_FloatClassOp<"is_inf", "IsInf",
    "True where x is +inf (if detect_positive) or -inf (if detect_negative)",
    "10, 20", (ins BoolAttr:$detect_positive, BoolAttr:$detect_negative)>;

class NN_BinaryOp<string mnemonic, string onnx, string versions = "7, 13, 14",
                  Type operandType = NN_Tensor, dag extraArgs = (ins)>
    : NN_Op<mnemonic, [Pure, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "broadcasting elementwise " # mnemonic # " (ONNX " # onnx # ")";
  let description = [{
    Elementwise `}] # mnemonic # [{` with ONNX multidirectional (numpy)
    broadcasting: shapes are aligned on the right and a dimension of 1
    stretches to the other operand's size. Both operands have the same
    element type. Serves ONNX `}] # onnx # [{` (versions }] # versions # [{).

    ```mlir
    %y = nn.}] # mnemonic # [{ %a, %b : (tensor<8x16xf32>, tensor<16xf32>) -> tensor<8x16xf32>
    ```
  }];
  let arguments = !con((ins operandType:$lhs, operandType:$rhs), extraArgs);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat =
      "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def NN_AddOp : NN_BinaryOp<"add", "Add">;
def NN_SubOp : NN_BinaryOp<"sub", "Sub">;
def NN_MulOp : NN_BinaryOp<"mul", "Mul">;
def NN_DivOp : NN_BinaryOp<"div", "Div (integer division truncates toward zero)">;
def NN_PowOp : NN_BinaryOp<"pow", "Pow", "7, 12, 13, 15", NN_FloatTensor>;
def NN_MaxOp : NN_BinaryOp<"max", "Max, pairwise; NaN propagates", "8, 12, 13">;
def NN_MinOp : NN_BinaryOp<"min", "Min, pairwise; NaN propagates", "8, 12, 13">;
def NN_ModOp : NN_BinaryOp<"mod", "Mod: with fmod the sign of the dividend, else of the divisor",
                           "10, 13", NN_Tensor,
                           (ins DefaultValuedAttr<BoolAttr, "false">:$fmod)>;
def NN_AndOp : NN_BinaryOp<"and", "And, BitwiseAnd", "7; BitwiseAnd 18", NN_IntTensor>;
def NN_OrOp : NN_BinaryOp<"or", "Or, BitwiseOr", "7; BitwiseOr 18", NN_IntTensor>;
def NN_XorOp : NN_BinaryOp<"xor", "Xor, BitwiseXor", "7; BitwiseXor 18", NN_IntTensor>;
def NN_ShiftLeftOp : NN_BinaryOp<"shift_left", "BitShift LEFT; a shift by the width or more gives 0",
                                 "11", NN_IntTensor>;
def NN_ShiftRightOp : NN_BinaryOp<"shift_right",
                                  "BitShift RIGHT: logical for unsigned, arithmetic for signless; "
                                  "a shift by the width or more gives 0 (or -1 for a negative signless value)",
                                  "11", NN_IntTensor>;

class NN_CompareOp<string mnemonic, string onnx, string versions>
    : NN_BinaryOp<mnemonic, onnx, versions> {
  let summary = "broadcasting elementwise comparison " # mnemonic #
                " returning i1 (ONNX " # onnx # ")";
  let results = (outs NN_BoolTensor:$output);
}

def NN_EqualOp : NN_CompareOp<"equal", "Equal", "7, 11, 13, 19">;
def NN_LessOp : NN_CompareOp<"less", "Less", "7, 9, 13">;
def NN_LessOrEqualOp : NN_CompareOp<"less_or_equal", "LessOrEqual", "12, 16">;
def NN_GreaterOp : NN_CompareOp<"greater", "Greater", "7, 9, 13">;
def NN_GreaterOrEqualOp : NN_CompareOp<"greater_or_equal", "GreaterOrEqual", "12, 16">;

def NN_WhereOp : NN_Op<"where", [Pure, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "broadcasting elementwise select (ONNX Where)";
  let description = [{
    `condition ? x : y` elementwise, all three operands broadcast together
    (numpy rules). Serves ONNX `Where` (versions 9, 16).

    ```mlir
    %y = nn.where %c, %a, %b : (tensor<4x1xi1>, tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
    ```
  }];
  let arguments = (ins NN_BoolTensor:$condition, NN_Tensor:$x, NN_Tensor:$y);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat =
      "$condition `,` $x `,` $y attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def NN_CastOp : NN_Op<"cast", [Pure, SameOperandsAndResultShape]> {
  let summary = "elementwise conversion to the result's element type (ONNX Cast)";
  let description = [{
    Converts each element: float to float rounds to nearest, float to
    integer truncates toward zero, integer to float rounds, integers
    sign-extend or truncate, i1 is 0 or 1, and anything to i1 is
    `x != 0`. Serves ONNX `Cast` (versions 6, 9, 13, 19, 21) and
    `CastLike` (versions 15, 19, 21) for numeric and bool types.

    ```mlir
    %y = nn.cast %x : tensor<4xf32> -> tensor<4xi64>
    ```
  }];
  let arguments = (ins NN_Tensor:$input);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasFolder = 1;
}

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

def NN_DetOp : NN_Op<"det", [Pure, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "determinants of square matrices (ONNX Det)";
  let description = [{
    The determinant of each `[M, M]` matrix in the last two dimensions of
    `input` `[*, M, M]`; the result has the leading dimensions `[*]`. The
    determinant of a 0 x 0 matrix is 1. Serves ONNX `Det` (versions 11,
    22).

    ```mlir
    %d = nn.det %x : (tensor<3x4x4xf32>) -> tensor<3xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input);
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
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
    constant. A dynamic result dimension is the input's element count over
    the other result dimensions, so the importer gives this op at most one;
    with more it uses `nn.dynamic_reshape` and a run-time shape.

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

def NN_ConvTransposeOp : NN_Op<"conv_transpose",
    [Pure, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "N-D grouped transposed convolution (ONNX ConvTranspose)";
  let description = [{
    The gradient of `nn.conv` with respect to its input: `input`
    `[N, C, D1..Dk]`, `weight` `[C, M/group, K1..Kk]`, optional `bias` `[M]`.
    Output size per spatial dim:
    `stride * (D - 1) + output_padding + dil * (K - 1) + 1 - pb - pe`;
    negative pads enlarge the output.
    Serves ONNX `ConvTranspose` (versions 1, 11, 22) after the importer
    resolves `auto_pad` and `output_shape` into `pads` (or, when they
    depend on sizes known only at run time, into a crop of the full
    result). The weight's sizes may be dynamic (a graph input); the output
    sizes then are too. The CPU lowering handles any k.

    ```mlir
    %y = nn.conv_transpose %x, %w {dilations = array<i64: 1, 1>, group = 1 : i64,
                                   output_padding = array<i64: 1, 1>,
                                   pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
        : (tensor<2x16x7x7xf32>, tensor<16x8x3x3xf32>) -> tensor<2x8x14x14xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, NN_FloatTensor:$weight,
                   Optional<NN_FloatTensor>:$bias,
                   DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                   DenseI64ArrayAttr:$dilations,
                   DenseI64ArrayAttr:$output_padding, I64Attr:$group);
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

class NN_PoolOp<string mnemonic, string onnx, dag extraArgs,
                Type tensorType = NN_FloatTensor>
    : NN_Op<mnemonic, [Pure, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = mnemonic # " over N-D windows, NCHW (ONNX " # onnx # ")";
  let arguments = !con((ins tensorType:$input,
                        DenseI64ArrayAttr:$kernel_shape,
                        DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                        DenseI64ArrayAttr:$dilations,
                        DefaultValuedAttr<BoolAttr, "false">:$ceil_mode),
                       extraArgs);
  let results = (outs tensorType:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

/// Floats and integers other than i1 (whose signed maximum would rank
/// true below false).
def NN_MaxPoolTensor : RankedTensorOf<[AnyFloat, I8, I16, I32, I64, UI8, UI16, UI32, UI64]>;

def NN_MaxPoolOp : NN_PoolOp<"max_pool", "MaxPool", (ins), NN_MaxPoolTensor> {
  let description = [{
    Maximum over each window of `input` `[N, C, D1..Dk]`; padded positions
    never win. `pads` is begin paddings then end paddings. With `ceil_mode`
    the output size rounds up (a window must still start inside the input
    or its begin padding). Floats and integers (signed or unsigned: ONNX
    allows int8 and uint8 from version 12). Serves ONNX `MaxPool`
    (versions 8, 10, 11, 12, 22; single output).

    ```mlir
    %y = nn.max_pool %x {ceil_mode = false, dilations = array<i64: 1, 1>,
                         kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>,
                         strides = array<i64: 2, 2>}
        : (tensor<1x64x112x112xf32>) -> tensor<1x64x56x56xf32>
    ```
  }];
}

def NN_MaxPoolIndicesOp : NN_Op<"max_pool_indices",
    [Pure, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "where each window's maximum lies (ONNX MaxPool's Indices)";
  let description = [{
    For each window of `nn.max_pool` with the same attributes, the position
    of its maximum in `input` `[N, C, D1..Dk]` as one flat i64 index over
    the whole input, padding not counted: row-major
    (`((n * C + c) * D1 + d1) * D2 + d2 ...`), or with `storage_order = 1`
    column-major within each `[D1..Dk]` block
    (`(n * C + c) * D1 * ... * Dk + d1 + D1 * (d2 + D2 * ...)`). The first
    position of the maximum wins a tie; a NaN never replaces an earlier
    value. Serves ONNX `MaxPool`'s second output (versions 8, 10, 11, 12,
    22).

    ```mlir
    %i = nn.max_pool_indices %x {dilations = array<i64: 1, 1>,
                                 kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>,
                                 storage_order = 0 : i64, strides = array<i64: 2, 2>}
        : (tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xi64>
    ```
  }];
  let arguments = (ins NN_MaxPoolTensor:$input,
                   DenseI64ArrayAttr:$kernel_shape,
                   DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                   DenseI64ArrayAttr:$dilations,
                   DefaultValuedAttr<BoolAttr, "false">:$ceil_mode,
                   DefaultValuedAttr<I64Attr, "0">:$storage_order);
  let results = (outs RankedTensorOf<[I64]>:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
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
include "dialects/NN/IR/NNShapeOps.td"
include "dialects/NN/IR/NNResizeOps.td"
include "dialects/NN/IR/NNScatterOps.td"
include "dialects/NN/IR/NNGridOps.td"
include "dialects/NN/IR/NNCropOps.td"
include "dialects/NN/IR/NNSortOps.td"
include "dialects/NN/IR/NNSpectralOps.td"
include "dialects/NN/IR/NNDetectionOps.td"

#endif // KILN_NN_OPS
