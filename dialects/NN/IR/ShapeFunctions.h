//===- ShapeFunctions.h - nn shape rules --------------------------*- C++ -*-===//
//
// The one definition of every nn op's shape rule. Verifiers, result-type
// inference and the ONNX importer all call these, so an error reads the
// same wherever it is found. Dynamic dimensions are ShapedType::kDynamic.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_DIALECTS_NN_IR_SHAPEFUNCTIONS_H
#define KILN_DIALECTS_NN_IR_SHAPEFUNCTIONS_H

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>

namespace kiln::nn {

using Shape = llvm::SmallVector<int64_t, 6>;

/// Multidirectional (numpy) broadcast of two shapes.
mlir::FailureOr<Shape> inferBroadcastShape(mlir::ArrayRef<int64_t> a,
                                           mlir::ArrayRef<int64_t> b,
                                           std::string &error);

/// True if `from` broadcasts to exactly `to` (unidirectional).
bool isUnidirectionallyBroadcastable(mlir::ArrayRef<int64_t> from,
                                     mlir::ArrayRef<int64_t> to);

/// numpy.matmul: rank-1 promotion, broadcast batch dimensions.
/// nn.det: [*, M, M] -> [*].
mlir::FailureOr<Shape> inferDetShape(mlir::ArrayRef<int64_t> input, std::string &error);

mlir::FailureOr<Shape> inferMatMulShape(mlir::ArrayRef<int64_t> a,
                                        mlir::ArrayRef<int64_t> b,
                                        std::string &error);

/// ONNX Gemm: A, B 2-D; C (if any) broadcasts to [M, N].
mlir::FailureOr<Shape>
inferGemmShape(mlir::ArrayRef<int64_t> a, mlir::ArrayRef<int64_t> b,
               std::optional<mlir::ArrayRef<int64_t>> c, bool transA,
               bool transB, std::string &error);

/// ONNX Flatten: [prod(dims[:axis]), prod(dims[axis:])].
mlir::FailureOr<Shape> inferFlattenShape(mlir::ArrayRef<int64_t> input,
                                         int64_t axis, std::string &error);

/// `axis` in [-rank, rank) made non-negative; `what` names it in the error.
mlir::FailureOr<int64_t> normalizeAxis(int64_t axis, int64_t rank,
                                       std::string &error,
                                       llvm::StringRef what = "axis");

/// Every entry of `axes` normalized as above, in the given order (axes
/// paired with other lists, like Slice's, keep their pairing); a repeated
/// axis is an error.
mlir::FailureOr<llvm::SmallVector<int64_t>>
normalizeAxes(mlir::ArrayRef<int64_t> axes, int64_t rank, std::string &error);

/// normalizeAxes, then sorted (reductions).
mlir::FailureOr<llvm::SmallVector<int64_t>>
normalizeSortedAxes(mlir::ArrayRef<int64_t> axes, int64_t rank,
                    std::string &error);

/// Checks that a softmax-like axis is in range for `rank`.
mlir::LogicalResult checkAxis(int64_t axis, int64_t rank, std::string &error);

/// ONNX Conv (N-D, grouped), NCHW input and OIHW weight.
mlir::FailureOr<Shape>
inferConvShape(mlir::ArrayRef<int64_t> input, mlir::ArrayRef<int64_t> weight,
               std::optional<mlir::ArrayRef<int64_t>> bias,
               mlir::ArrayRef<int64_t> strides, mlir::ArrayRef<int64_t> pads,
               mlir::ArrayRef<int64_t> dilations, int64_t group,
               std::string &error);

/// ONNX ConvTranspose (N-D, grouped): input [N,C,D...], weight
/// [C,M/g,K...].
mlir::FailureOr<Shape> inferConvTransposeShape(
    mlir::ArrayRef<int64_t> input, mlir::ArrayRef<int64_t> weight,
    std::optional<mlir::ArrayRef<int64_t>> bias, mlir::ArrayRef<int64_t> strides,
    mlir::ArrayRef<int64_t> pads, mlir::ArrayRef<int64_t> dilations,
    mlir::ArrayRef<int64_t> outputPadding, int64_t group, std::string &error);

/// ONNX MaxPool/AveragePool (N-D), NCHW.
mlir::FailureOr<Shape>
inferPoolShape(mlir::ArrayRef<int64_t> input, mlir::ArrayRef<int64_t> kernel,
               mlir::ArrayRef<int64_t> strides, mlir::ArrayRef<int64_t> pads,
               mlir::ArrayRef<int64_t> dilations, bool ceilMode,
               std::string &error);

/// True if `declared` may stand for `inferred`: same rank and every
/// dimension equal or dynamic on either side.
bool isCompatibleShape(mlir::ArrayRef<int64_t> inferred,
                       mlir::ArrayRef<int64_t> declared);

/// "2x?x4" (for messages).
std::string formatShape(mlir::ArrayRef<int64_t> shape);

} // namespace kiln::nn

#endif // KILN_DIALECTS_NN_IR_SHAPEFUNCTIONS_H
