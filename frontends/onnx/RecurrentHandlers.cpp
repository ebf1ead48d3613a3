//===- RecurrentHandlers.cpp - ONNX LSTM, GRU and RNN ---------------------===//
//
// The recurrent operators are imported as decompositions into existing nn
// ops, unrolled over the (static) sequence length. Per direction, the input
// projection of every time step is one nn.matmul (X x W^T plus the biases);
// each step then adds the recurrence (nn.gemm of the hidden state with R,
// transposed), splits the gates with nn.slice, applies the activations and
// updates the hidden (and cell) state. The per-step hidden states are
// concatenated into Y; Y_h (and Y_c) are the final states.
//
// Varying sequence lengths are handled by masking: at step t an entry whose
// length is <= t keeps its previous state and writes zeros to Y. The reverse
// direction walks t from the end, so each entry starts at its own last step.
// An entry of length 0 gets zero final states, as onnxruntime gives.
//
// Every op is built with createOrFold, so the slices, transposes and bias
// sums of constant weights fold at import.
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/ControlFlow.h"
#include "frontends/onnx/ImporterImpl.h"
#include "dialects/NN/IR/DataMovementShapes.h"
#include "dialects/NN/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/ADT/StringSwitch.h"

#include <map>

using namespace mlir;

namespace kiln::onnx_frontend {
namespace {

constexpr int64_t kDyn = ShapedType::kDynamic;

enum class Cell { RNN, GRU, LSTM };

/// One activation function of the `activations` attribute with its
/// parameters.
struct Activation {
  enum Kind {
    Relu, Tanh, Sigmoid, Affine, LeakyRelu, ThresholdedRelu, ScaledTanh,
    HardSigmoid, Elu, Softsign, Softplus, Unknown
  } kind;
  float alpha = 0, beta = 0;
};

/// Builds nn ops for one node. Every helper returns null once an error has
/// been recorded (and passes null operands through), so a decomposition
/// checks for failure once at the end.
class RecurrentBuilder {
public:
  RecurrentBuilder(NodeContext &nc, Type et) : nc(nc), et(et) {}

  NodeContext &nc;
  Type et;

  RankedTensorType type(Value v) const { return nc.tensorType(v); }

  Value fail(const Twine &msg) {
    if (!hadError)
      (void)nc.fail(msg);
    hadError = true;
    return {};
  }
  bool hasFailed() const { return hadError; }

  /// A rank-0 constant of the element type (one per value and node).
  Value scalar(double v) {
    Value &cst = scalars[v];
    if (!cst) {
      auto t = RankedTensorType::get({}, et);
      cst = nn::ConstantOp::create(nc.b, nc.loc,
                                   DenseElementsAttr::get(t, nc.b.getFloatAttr(et, v)));
    }
    return cst;
  }

  template <typename OpTy>
  Value binary(Value l, Value r, Type resultElement = {}) {
    if (!l || !r)
      return {};
    std::string err;
    auto shape = nn::inferBroadcastShape(type(l).getShape(), type(r).getShape(), err);
    if (failed(shape))
      return fail(err);
    auto t = RankedTensorType::get(*shape, resultElement ? resultElement
                                                         : type(l).getElementType());
    return nc.b.createOrFold<OpTy>(nc.loc, t, l, r);
  }
  Value add(Value l, Value r) { return binary<nn::AddOp>(l, r); }
  Value sub(Value l, Value r) { return binary<nn::SubOp>(l, r); }
  Value mul(Value l, Value r) { return binary<nn::MulOp>(l, r); }

  Value where(Value c, Value x, Value y) {
    if (!c || !x || !y)
      return {};
    std::string err;
    auto xy = nn::inferBroadcastShape(type(x).getShape(), type(y).getShape(), err);
    if (failed(xy))
      return fail(err);
    auto shape = nn::inferBroadcastShape(type(c).getShape(), *xy, err);
    if (failed(shape))
      return fail(err);
    auto t = RankedTensorType::get(*shape, type(x).getElementType());
    return nc.b.createOrFold<nn::WhereOp>(nc.loc, t, c, x, y);
  }

  template <typename OpTy>
  Value unary(Value x) {
    if (!x)
      return {};
    return nc.b.createOrFold<OpTy>(nc.loc, x.getType(), x);
  }

  /// `size` elements of dimension `dim` from `start`.
  Value slice(Value v, int64_t dim, int64_t start, int64_t size) {
    if (!v)
      return {};
    std::string err;
    auto p = nn::resolveOnnxSlice(type(v).getShape(), {start}, {start + size},
                                  ArrayRef<int64_t>{dim}, std::nullopt, err);
    if (failed(p))
      return fail(err);
    auto t = RankedTensorType::get(p->sizes, type(v).getElementType());
    return nc.b.createOrFold<nn::SliceOp>(nc.loc, t, v,
                                          nc.b.getDenseI64ArrayAttr(p->offsets),
                                          nc.b.getDenseI64ArrayAttr(p->strides));
  }

  /// Reshape that only adds or drops unit dimensions (so dynamic
  /// dimensions carry over).
  Value reshape(Value v, ArrayRef<int64_t> shape) {
    return v ? reshapeTo(nc, v, shape) : Value();
  }

  Value transpose(Value v, ArrayRef<int64_t> perm) {
    if (!v)
      return {};
    std::string err;
    auto shape = nn::inferTransposeShape(type(v).getShape(), perm, err);
    if (failed(shape))
      return fail(err);
    auto t = RankedTensorType::get(*shape, type(v).getElementType());
    return nc.b.createOrFold<nn::TransposeOp>(nc.loc, t, v,
                                              nc.b.getDenseI64ArrayAttr(perm));
  }

  Value concat(ArrayRef<Value> vs, int64_t axis) {
    SmallVector<ArrayRef<int64_t>> shapes;
    for (Value v : vs) {
      if (!v)
        return {};
      shapes.push_back(type(v).getShape());
    }
    if (vs.size() == 1)
      return vs[0];
    std::string err;
    auto shape = nn::inferConcatShape(shapes, axis, err);
    if (failed(shape))
      return fail(err);
    auto t = RankedTensorType::get(*shape, type(vs[0]).getElementType());
    return nc.b.createOrFold<nn::ConcatOp>(nc.loc, t, vs, nc.b.getI64IntegerAttr(axis));
  }

  Value matmul(Value a, Value b) {
    if (!a || !b)
      return {};
    std::string err;
    auto shape = nn::inferMatMulShape(type(a).getShape(), type(b).getShape(), err);
    if (failed(shape))
      return fail(err);
    auto t = RankedTensorType::get(*shape, et);
    return nc.b.createOrFold<nn::MatMulOp>(nc.loc, t, a, b);
  }

  /// a x b^T + c (c optional).
  Value gemmTransB(Value a, Value b, Value c) {
    if (!a || !b)
      return {};
    std::optional<ArrayRef<int64_t>> cShape;
    if (c)
      cShape = type(c).getShape();
    std::string err;
    auto shape = nn::inferGemmShape(type(a).getShape(), type(b).getShape(), cShape,
                                    /*transA=*/false, /*transB=*/true, err);
    if (failed(shape))
      return fail(err);
    auto t = RankedTensorType::get(*shape, et);
    auto &bld = nc.b;
    return nn::GemmOp::create(bld, nc.loc, t, a, b, c, bld.getF32FloatAttr(1.0f),
                              bld.getF32FloatAttr(1.0f), bld.getBoolAttr(false),
                              bld.getBoolAttr(true));
  }

  /// The clip attribute: x clamped to [-clip, clip].
  Value clip(Value x, std::optional<float> bound) {
    if (!x || !bound)
      return x;
    return binary<nn::MinOp>(binary<nn::MaxOp>(x, scalar(-*bound)), scalar(*bound));
  }

  Value activate(const Activation &a, Value x) {
    if (!x)
      return {};
    auto f32 = [&](float v) { return nc.b.getF32FloatAttr(v); };
    Type t = x.getType();
    switch (a.kind) {
    case Activation::Relu:
      return unary<nn::ReluOp>(x);
    case Activation::Tanh:
      return unary<nn::TanhOp>(x);
    case Activation::Sigmoid:
      return unary<nn::SigmoidOp>(x);
    case Activation::Softsign:
      return unary<nn::SoftsignOp>(x);
    case Activation::Softplus:
      return unary<nn::SoftplusOp>(x);
    case Activation::Affine:
      return add(mul(x, scalar(a.alpha)), scalar(a.beta));
    case Activation::ScaledTanh:
      return mul(unary<nn::TanhOp>(mul(x, scalar(a.beta))), scalar(a.alpha));
    case Activation::LeakyRelu:
      return nn::LeakyReluOp::create(nc.b, nc.loc, t, x, f32(a.alpha));
    case Activation::ThresholdedRelu:
      return nn::ThresholdedReluOp::create(nc.b, nc.loc, t, x, f32(a.alpha));
    case Activation::Elu:
      return nn::EluOp::create(nc.b, nc.loc, t, x, f32(a.alpha));
    case Activation::HardSigmoid:
      return nn::HardSigmoidOp::create(nc.b, nc.loc, t, x, f32(a.alpha), f32(a.beta));
    case Activation::Unknown:
      break;
    }
    return fail("unknown activation function");
  }

private:
  bool hadError = false;
  std::map<double, Value> scalars;
};

std::string shapeString(Value v) {
  return nn::formatShape(cast<RankedTensorType>(v.getType()).getShape());
}

/// True if `v` is a constant whose every element is zero.
bool isZeroConstant(Value v) {
  auto cst = v ? v.getDefiningOp<nn::ConstantOp>() : nn::ConstantOp();
  auto attr = cst ? dyn_cast<DenseElementsAttr>(cst.getValue()) : DenseElementsAttr();
  if (!attr || !attr.isSplat())
    return false;
  if (isa<FloatType>(attr.getElementType()))
    return attr.getSplatValue<APFloat>().isZero();
  return false;
}

/// Checks `v` against `expected` (kDyn entries match anything; a dynamic
/// dimension of `v` matches anything).
LogicalResult checkShape(NodeContext &nc, Value v, StringRef what,
                         ArrayRef<int64_t> expected) {
  auto shape = nc.tensorType(v).getShape();
  bool ok = shape.size() == expected.size();
  for (size_t i = 0; ok && i < shape.size(); ++i)
    ok = expected[i] == kDyn || shape[i] == kDyn || shape[i] == expected[i];
  if (ok)
    return success();
  return nc.fail(what + " has shape " + shapeString(v) + ", expected " +
                 nn::formatShape(expected));
}

/// The `activations` attribute (or the defaults) with activation_alpha and
/// activation_beta, `perDirection` functions for each of `numDirections`.
/// As onnxruntime does: names are case-insensitive; a single direction's
/// list serves both directions; the parameters are taken in order by the
/// functions that use them, others get defaults.
FailureOr<SmallVector<Activation>> parseActivations(NodeContext &nc,
                                                    ArrayRef<StringRef> defaults,
                                                    int64_t numDirections) {
  SmallVector<std::string> names;
  if (const auto *a = nc.attr("activations", onnx::AttributeProto::STRINGS))
    for (const auto &s : a->strings())
      names.push_back(s);
  if (names.empty())
    for (StringRef d : defaults)
      names.push_back(d.str());
  size_t perDirection = defaults.size();
  if (numDirections == 2 && names.size() == perDirection)
    names.append(SmallVector<std::string>(names));
  if (names.size() != perDirection * numDirections)
    return nc.fail("activations must list " + Twine(perDirection * numDirections) +
                   " functions (" + Twine(perDirection) + " per direction), got " +
                   Twine(names.size()));
  SmallVector<float> alphas, betas;
  if (const auto *a = nc.attr("activation_alpha", onnx::AttributeProto::FLOATS))
    alphas.assign(a->floats().begin(), a->floats().end());
  if (const auto *a = nc.attr("activation_beta", onnx::AttributeProto::FLOATS))
    betas.assign(a->floats().begin(), a->floats().end());
  size_t nextAlpha = 0, nextBeta = 0;
  SmallVector<Activation> acts;
  for (const std::string &name : names) {
    Activation act;
    act.kind = llvm::StringSwitch<Activation::Kind>(StringRef(name).lower())
                   .Case("relu", Activation::Relu)
                   .Case("tanh", Activation::Tanh)
                   .Case("sigmoid", Activation::Sigmoid)
                   .Case("affine", Activation::Affine)
                   .Case("leakyrelu", Activation::LeakyRelu)
                   .Case("thresholdedrelu", Activation::ThresholdedRelu)
                   .Case("scaledtanh", Activation::ScaledTanh)
                   .Case("hardsigmoid", Activation::HardSigmoid)
                   .Case("elu", Activation::Elu)
                   .Case("softsign", Activation::Softsign)
                   .Case("softplus", Activation::Softplus)
                   .Default(Activation::Unknown);
    bool usesAlpha = false, usesBeta = false;
    switch (act.kind) {
    case Activation::Unknown:
      return nc.fail("activation function '" + name + "' is not supported");
    case Activation::Affine:
    case Activation::ScaledTanh:
      usesAlpha = usesBeta = true;
      break;
    case Activation::HardSigmoid:
      usesAlpha = usesBeta = true;
      act.alpha = 0.2f;
      act.beta = 0.5f;
      break;
    case Activation::LeakyRelu:
      usesAlpha = true;
      act.alpha = 0.01f;
      break;
    case Activation::Elu:
      usesAlpha = true;
      act.alpha = 1.0f;
      break;
    case Activation::ThresholdedRelu:
      usesAlpha = true;
      break;
    default:
      break;
    }
    if (usesAlpha && nextAlpha < alphas.size())
      act.alpha = alphas[nextAlpha++];
    if (usesBeta && nextBeta < betas.size())
      act.beta = betas[nextBeta++];
    acts.push_back(act);
  }
  return acts;
}

/// Everything a cell step needs for one direction.
struct DirectionWeights {
  Value r;      ///< [G*H, H]
  Value rzr, rh; ///< GRU: the rows of R for z and r, and for h
  Value rbh;    ///< GRU with linear_before_reset: the recurrence bias of h
  Value pi, po, pf; ///< LSTM peepholes, [H] each (null if absent)
};

LogicalResult importRecurrent(NodeContext &nc, Cell cell) {
  const int64_t numGates = cell == Cell::LSTM ? 4 : cell == Cell::GRU ? 3 : 1;
  Value x = nc.input(0), w = nc.input(1), r = nc.input(2);
  if (!x || !w || !r)
    return failure();
  auto inputOr = [&](int i) -> std::pair<Value, bool> {
    Value v = nc.optionalInput(i);
    return {v, nc.hasInput(i) && !v};
  };
  auto [bias, badB] = inputOr(3);
  auto [seqLens, badS] = inputOr(4);
  auto [initH, badH] = inputOr(5);
  auto [initC, badC] = cell == Cell::LSTM ? inputOr(6) : std::pair<Value, bool>{};
  auto [peep, badP] = cell == Cell::LSTM ? inputOr(7) : std::pair<Value, bool>{};
  if (badB || badS || badH || badC || badP)
    return failure();

  Type et = nc.tensorType(x).getElementType();
  if (!isa<FloatType>(et))
    return nc.fail("X must have a floating-point element type");
  for (Value v : {w, r, bias, initH, initC, peep})
    if (v && nc.tensorType(v).getElementType() != et)
      return nc.fail("W, R, B, initial_h, initial_c and P must have X's element type");

  // Attributes.
  std::string direction = nc.getString("direction", "forward");
  if (direction != "forward" && direction != "reverse" && direction != "bidirectional")
    return nc.fail("direction must be forward, reverse or bidirectional, got '" +
                   direction + "'");
  const int64_t numDirections = direction == "bidirectional" ? 2 : 1;
  const int64_t layout = nc.getInt("layout", 0);
  if (layout != 0 && layout != 1)
    return nc.fail("layout must be 0 or 1, got " + Twine(layout));
  std::optional<float> clipBound;
  if (nc.attr("clip")) {
    clipBound = nc.getFloat("clip", 0);
    if (!(*clipBound > 0))
      return nc.fail("clip must be positive");
  }
  const bool inputForget = cell == Cell::LSTM && nc.getInt("input_forget", 0) != 0;
  const bool linearBeforeReset =
      cell == Cell::GRU && nc.getInt("linear_before_reset", 0) != 0;
  SmallVector<StringRef, 3> defaultActs;
  if (cell == Cell::LSTM)
    defaultActs = {"Sigmoid", "Tanh", "Tanh"};
  else if (cell == Cell::GRU)
    defaultActs = {"Sigmoid", "Tanh"};
  else
    defaultActs = {"Tanh"};
  auto acts = parseActivations(nc, defaultActs, numDirections);
  if (failed(acts))
    return failure();

  // Shapes: X is [T, N, I] ([N, T, I] with layout 1).
  auto xt = nc.tensorType(x);
  if (xt.getRank() != 3)
    return nc.fail("X must have rank 3, got shape " + shapeString(x));
  const int64_t seqLen = xt.getDimSize(layout ? 1 : 0);
  const int64_t batch = xt.getDimSize(layout ? 0 : 1);
  // The input size from W when X's is dynamic (W is usually a constant).
  const int64_t inputSize = xt.getDimSize(2) != kDyn || nc.tensorType(w).getRank() != 3
                                ? xt.getDimSize(2)
                                : nc.tensorType(w).getDimSize(2);
  // A static sequence is unrolled: every step becomes its own ops. One
  // known only at run time becomes a loop over the steps.
  const bool loopSteps = seqLen == kDyn;
  if (seqLen == 0)
    return nc.fail("the sequence length must not be 0");
  constexpr int64_t kMaxSteps = 1 << 14;
  if (!loopSteps && seqLen > kMaxSteps)
    return nc.fail("the sequence length " + Twine(seqLen) + " is longer than the " +
                   Twine(kMaxSteps) + " steps Kiln unrolls");
  if (nc.tensorType(r).getRank() != 3)
    return nc.fail("R must have rank 3, got shape " + shapeString(r));
  int64_t hidden = nc.tensorType(r).getDimSize(2);
  if (nc.attr("hidden_size")) {
    int64_t attrHidden = nc.getInt("hidden_size", 0);
    if (attrHidden <= 0 || attrHidden > (int64_t(1) << 56) ||
        (hidden != kDyn && hidden != attrHidden))
      return nc.fail("hidden_size " + Twine(attrHidden) + " does not match R of shape " +
                     shapeString(r));
    hidden = attrHidden;
  }
  if (hidden == kDyn)
    return nc.fail("the hidden size must be static (R has shape " + shapeString(r) + ")");
  const int64_t gh = numGates * hidden;
  if (failed(checkShape(nc, w, "W", {numDirections, gh, inputSize})) ||
      failed(checkShape(nc, r, "R", {numDirections, gh, hidden})) ||
      (bias && failed(checkShape(nc, bias, "B", {numDirections, 2 * gh}))))
    return failure();
  SmallVector<int64_t> stateShape =
      layout ? SmallVector<int64_t>{batch, numDirections, hidden}
             : SmallVector<int64_t>{numDirections, batch, hidden};
  if ((initH && failed(checkShape(nc, initH, "initial_h", stateShape))) ||
      (initC && failed(checkShape(nc, initC, "initial_c", stateShape))) ||
      (peep && failed(checkShape(nc, peep, "P", {numDirections, 3 * hidden}))))
    return failure();
  w = pinShape(nc, w, "W", {numDirections, gh, inputSize});
  r = pinShape(nc, r, "R", {numDirections, gh, hidden});
  bias = pinShape(nc, bias, "B", {numDirections, 2 * gh});
  initH = pinShape(nc, initH, "initial_h", stateShape);
  initC = pinShape(nc, initC, "initial_c", stateShape);
  peep = pinShape(nc, peep, "P", {numDirections, 3 * hidden});
  // All-zero initial states (exporters build them with ConstantOfShape) are
  // the same as absent ones, which spares the first step's recurrence.
  if (isZeroConstant(initH))
    initH = {};
  if (isZeroConstant(initC))
    initC = {};

  // sequence_lens: ignored when every entry is the sequence length,
  // otherwise a mask per step.
  if (seqLens) {
    auto st = nc.tensorType(seqLens);
    if (!st.getElementType().isInteger(32) && !st.getElementType().isInteger(64))
      return nc.fail("sequence_lens must be an integer tensor");
    if (failed(checkShape(nc, seqLens, "sequence_lens", {batch})))
      return failure();
    if (auto lens = nc.constantInts(4);
        lens && !loopSteps && llvm::all_of(*lens, [&](int64_t l) { return l == seqLen; }))
      seqLens = {};
  }

  RecurrentBuilder rb(nc, et);
  // X as [T, N, I].
  Value xs = layout ? rb.transpose(x, {1, 0, 2}) : x;
  // States as [D, N, H].
  if (layout) {
    initH = initH ? rb.transpose(initH, {1, 0, 2}) : Value();
    initC = initC ? rb.transpose(initC, {1, 0, 2}) : Value();
  }
  Value zero = rb.scalar(0.0);

  // Per-step masks [N, 1]: t < sequence_lens (`t` a rank-0 tensor).
  auto maskAt = [&](Value t) {
    Value tv = castTo(nc, t, nc.tensorType(seqLens).getElementType());
    // sequence_lens' own size: a constant one keeps the mask constant.
    int64_t n = nc.tensorType(seqLens).getDimSize(0);
    return rb.reshape(rb.binary<nn::LessOp>(tv, seqLens, nc.b.getI1Type()),
                      {n == kDyn ? batch : n, 1});
  };
  SmallVector<Value> masks;
  Value firstMask;
  if (seqLens) {
    for (int64_t t = 0; t < (loopSteps ? 1 : seqLen); ++t)
      masks.push_back(maskAt(i64Tensor(nc, {}, {t})));
    firstMask = masks[0];
  }

  SmallVector<Value> ys, yhs, ycs;
  const size_t actsPerDirection = defaultActs.size();
  for (int64_t d = 0; d < numDirections; ++d) {
    bool reverse = direction == "reverse" || d == 1;
    ArrayRef<Activation> act = ArrayRef<Activation>(*acts).slice(d * actsPerDirection,
                                                                  actsPerDirection);
    auto perDirection = [&](Value v, ArrayRef<int64_t> shape) {
      return v ? rb.reshape(rb.slice(v, 0, d, 1), shape) : Value();
    };
    Value wd = perDirection(w, {gh, inputSize});
    DirectionWeights dw;
    dw.r = perDirection(r, {gh, hidden});
    if (cell == Cell::GRU) {
      dw.rzr = rb.slice(dw.r, 0, 0, 2 * hidden);
      dw.rh = rb.slice(dw.r, 0, 2 * hidden, hidden);
    }
    // The biases that add to the input projection.
    Value xBias;
    if (Value bd = perDirection(bias, {2 * gh})) {
      Value wb = rb.slice(bd, 0, 0, gh), rbias = rb.slice(bd, 0, gh, gh);
      if (linearBeforeReset) {
        xBias = rb.concat({rb.add(rb.slice(wb, 0, 0, 2 * hidden),
                                  rb.slice(rbias, 0, 0, 2 * hidden)),
                           rb.slice(wb, 0, 2 * hidden, hidden)},
                          0);
        dw.rbh = rb.slice(rbias, 0, 2 * hidden, hidden);
      } else {
        xBias = rb.add(wb, rbias);
      }
    }
    if (Value pd = perDirection(peep, {3 * hidden})) {
      dw.pi = rb.slice(pd, 0, 0, hidden);
      dw.po = rb.slice(pd, 0, hidden, hidden);
      dw.pf = rb.slice(pd, 0, 2 * hidden, hidden);
    }
    // Input projection of all steps: [T, N, G*H].
    Value xw = rb.matmul(xs, rb.transpose(wd, {1, 0}));
    if (xBias)
      xw = rb.add(xw, xBias);

    Value h = perDirection(initH, {batch, hidden});
    Value c = perDirection(initC, {batch, hidden});
    // One step: the new states from the old ones (null: zero) and the
    // step's input projection xt [N, G*H].
    auto step = [&](Value h, Value c, Value xt) -> std::pair<Value, Value> {
      Value hNew, cNew;
      switch (cell) {
      case Cell::RNN:
        hNew = rb.activate(act[0],
                           rb.clip(h ? rb.gemmTransB(h, dw.r, xt) : xt, clipBound));
        break;
      case Cell::GRU: {
        Value xzr = rb.slice(xt, 1, 0, 2 * hidden);
        Value xh = rb.slice(xt, 1, 2 * hidden, hidden);
        Value zr = h ? rb.gemmTransB(h, dw.rzr, xzr) : xzr;
        Value z = rb.activate(act[0], rb.clip(rb.slice(zr, 1, 0, hidden), clipBound));
        Value rg = rb.activate(act[0],
                               rb.clip(rb.slice(zr, 1, hidden, hidden), clipBound));
        Value pre;
        if (!h)
          pre = linearBeforeReset && dw.rbh ? rb.add(xh, rb.mul(rg, dw.rbh)) : xh;
        else if (linearBeforeReset)
          pre = rb.add(xh, rb.mul(rg, rb.gemmTransB(h, dw.rh, dw.rbh)));
        else
          pre = rb.gemmTransB(rb.mul(rg, h), dw.rh, xh);
        Value cand = rb.activate(act[1], rb.clip(pre, clipBound));
        // (1 - z) * cand + z * h = cand + z * (h - cand)
        hNew = h ? rb.add(cand, rb.mul(z, rb.sub(h, cand)))
                 : rb.sub(cand, rb.mul(z, cand));
        break;
      }
      case Cell::LSTM: {
        Value gates = h ? rb.gemmTransB(h, dw.r, xt) : xt;
        Value gi = rb.slice(gates, 1, 0, hidden);
        Value go = rb.slice(gates, 1, hidden, hidden);
        Value gf = rb.slice(gates, 1, 2 * hidden, hidden);
        Value gc = rb.slice(gates, 1, 3 * hidden, hidden);
        if (c && dw.pi) {
          gi = rb.add(gi, rb.mul(dw.pi, c));
          gf = rb.add(gf, rb.mul(dw.pf, c));
        }
        Value iv = rb.activate(act[0], rb.clip(gi, clipBound));
        Value fv = inputForget ? rb.sub(rb.scalar(1.0), iv)
                               : rb.activate(act[0], rb.clip(gf, clipBound));
        Value cv = rb.activate(act[1], rb.clip(gc, clipBound));
        cNew = c ? rb.add(rb.mul(fv, c), rb.mul(iv, cv)) : rb.mul(iv, cv);
        if (dw.po)
          go = rb.add(go, rb.mul(dw.po, cNew));
        Value ov = rb.activate(act[0], rb.clip(go, clipBound));
        hNew = rb.mul(ov, rb.activate(act[2], cNew));
        break;
      }
      }
      return {hNew, cNew};
    };

    SmallVector<Value> steps;
    if (rb.hasFailed())
      return failure();
    if (loopSteps) {
      // Carried states start at zero when absent.
      Value zeros = nn::DynamicFillOp::create(
          nc.b, nc.loc, RankedTensorType::get({batch, hidden}, et),
          buildShapeVector(nc, {batch == kDyn ? DimSource{0, xs, 1} : DimSource{batch},
                                DimSource{hidden}}),
          cast<TypedAttr>(nc.b.getFloatAttr(et, 0.0)));
      SmallVector<Value> init{h ? h : zeros};
      if (cell == Cell::LSTM)
        init.push_back(c ? c : zeros);
      Value len = tensor::ExtractOp::create(nc.b, nc.loc, dimScalar(nc, xs, 0), ValueRange{});
      auto loop = buildLoop(
          nc, len, Value(), init, {reverse},
          [&](Value iter, Value, ValueRange carried) -> FailureOr<IterationResult> {
            Value t = iter;
            if (reverse) {
              Value last = arith::SubIOp::create(
                  nc.b, nc.loc, len,
                  arith::ConstantIntOp::create(nc.b, nc.loc, nc.b.getI64Type(), 1));
              t = arith::SubIOp::create(nc.b, nc.loc, last, iter);
            }
            Value hOld = carried[0], cOld = cell == Cell::LSTM ? carried[1] : Value();
            auto [hNew, cNew] = step(hOld, cOld, sliceAt(nc, xw, 0, t));
            if (rb.hasFailed())
              return failure();
            Value y = hNew;
            if (seqLens) {
              Value m = maskAt(tensor::FromElementsOp::create(
                  nc.b, nc.loc, RankedTensorType::get({}, nc.b.getI64Type()), t));
              y = rb.where(m, hNew, zero);
              hNew = rb.where(m, hNew, hOld);
              if (cNew)
                cNew = rb.where(m, cNew, cOld);
            }
            IterationResult r;
            r.carried.push_back(hNew);
            if (cNew)
              r.carried.push_back(cNew);
            r.stacked.push_back(y);
            return r;
          });
      if (failed(loop))
        return failure();
      h = loop->carried[0];
      c = cell == Cell::LSTM ? loop->carried[1] : Value();
      steps.push_back(loop->stacked[0]); // [T, N, H]
    }
    for (int64_t i = 0; i < (loopSteps ? 0 : seqLen); ++i) {
      int64_t t = reverse ? seqLen - 1 - i : i;
      Value xt = rb.reshape(rb.slice(xw, 0, t, 1), {batch, gh});
      auto [hNew, cNew] = step(h, c, xt);
      if (steps.empty())
        steps.resize(seqLen);
      if (!masks.empty()) {
        Value m = masks[t];
        steps[t] = rb.where(m, hNew, zero);
        hNew = rb.where(m, hNew, h ? h : zero);
        if (cNew)
          cNew = rb.where(m, cNew, c ? c : zero);
      } else {
        steps[t] = hNew;
      }
      h = hNew;
      c = cNew;
    }
    if (rb.hasFailed())
      return failure();
    // An entry of length 0 has zero final states (as in onnxruntime).
    if (firstMask) {
      h = rb.where(firstMask, h, zero);
      if (c)
        c = rb.where(firstMask, c, zero);
    }
    if (loopSteps) {
      ys.push_back(rb.reshape(steps[0], {kDyn, 1, batch, hidden}));
    } else {
      for (Value &s : steps)
        s = rb.reshape(s, {1, 1, batch, hidden});
      ys.push_back(rb.concat(steps, 0));
    }
    yhs.push_back(rb.reshape(h, {1, batch, hidden}));
    if (cell == Cell::LSTM)
      ycs.push_back(rb.reshape(c, {1, batch, hidden}));
  }

  auto wanted = [&](int i) { return i < nc.node.output_size() && !nc.node.output(i).empty(); };
  if (wanted(0)) {
    Value y = rb.concat(ys, 1); // [T, D, N, H]
    nc.setOutput(0, layout ? rb.transpose(y, {2, 0, 1, 3}) : y);
  }
  auto states = [&](ArrayRef<Value> vs) {
    Value s = rb.concat(vs, 0); // [D, N, H]
    return layout ? rb.transpose(s, {1, 0, 2}) : s;
  };
  if (wanted(1))
    nc.setOutput(1, states(yhs));
  if (cell == Cell::LSTM && wanted(2))
    nc.setOutput(2, states(ycs));
  return failure(rb.hasFailed());
}

} // namespace

void addRecurrentOps(std::vector<OpEntry> &table) {
  const char *notes = "unrolled over a static sequence length, a loop over the steps when it "
                      "is known only at run time; sequence_lens masks";
  std::vector<OpEntry> ops = {
      {"GRU", {1, 3, 7, 14, 22}, {1, 3, 7, 14, 22},
       {"activation_alpha", "activation_beta", "activations", "clip", "direction",
        "hidden_size", "layout", "linear_before_reset", "output_sequence"},
       notes, [](NodeContext &nc) { return importRecurrent(nc, Cell::GRU); }},
      {"LSTM", {1, 7, 14, 22}, {1, 7, 14, 22},
       {"activation_alpha", "activation_beta", "activations", "clip", "direction",
        "hidden_size", "input_forget", "layout", "output_sequence"},
       notes, [](NodeContext &nc) { return importRecurrent(nc, Cell::LSTM); }},
      {"RNN", {1, 7, 14, 22}, {1, 7, 14, 22},
       {"activation_alpha", "activation_beta", "activations", "clip", "direction",
        "hidden_size", "layout", "output_sequence"},
       notes, [](NodeContext &nc) { return importRecurrent(nc, Cell::RNN); }},
  };
  table.insert(table.end(), ops.begin(), ops.end());
}

} // namespace kiln::onnx_frontend
