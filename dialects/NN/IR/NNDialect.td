//===- NNDialect.td - the nn dialect -----------------------*- tablegen -*-===//
//
// Graph-level neural-network operations on tensors.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_NN_DIALECT
#define KILN_NN_DIALECT

include "mlir/IR/OpBase.td"

def NN_Dialect : Dialect {
  let name = "nn";
  let cppNamespace = "::kiln::nn";
  let summary = "Graph-level neural-network operations";
  let description = [{
    The `nn` dialect holds the graph semantics of neural-network operators
    on ranked tensors of builtin types. Each op states which ONNX operator
    (and opset) it serves. Ops are value-semantic and side-effect free;
    shapes are checked by verifiers that share one set of shape functions
    with result-type inference (`dialects/NN/IR/ShapeFunctions.h`), so the
    importer, the verifier and every pass agree on what a shape means.

    Elementwise ops broadcast with numpy/ONNX multidirectional rules.
    Layouts follow ONNX: images are NCHW, weights are OIHW.
  }];
  let hasConstantMaterializer = 1;
  let usePropertiesForAttributes = 1;
}

class NN_Op<string mnemonic, list<Trait> traits = []>
    : Op<NN_Dialect, mnemonic, traits>;

#endif // KILN_NN_DIALECT
