//===- SymbolicShapes.cpp - what the importer knows about run-time sizes --===//

#include "frontends/onnx/SymbolicShapes.h"
#include "frontends/onnx/ImporterImpl.h"
#include "dialects/NN/IR/DataMovementShapes.h"
#include "dialects/NN/IR/NNOps.h"
#include "dialects/NN/IR/RuntimeShapes.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;

namespace kiln::onnx_frontend {

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

SymExpr SymbolicShapes::fresh(bool nonNegative) {
  nonNegative_.push_back(nonNegative);
  return SymExpr::symbol(nonNegative_.size() - 1);
}

SymExpr SymbolicShapes::named(StringRef name) {
  auto [it, inserted] = named_.try_emplace(name, 0);
  if (inserted)
    it->second = fresh(/*nonNegative=*/true).syms[0];
  return SymExpr::symbol(it->second);
}

bool SymbolicShapes::isNonNegative(const SymExpr &e) const {
  if (e.coeff < 0)
    return false;
  return llvm::all_of(e.syms, [&](uint32_t s) { return nonNegative_[s]; });
}

SymExpr SymbolicShapes::mul(const SymExpr &a, const SymExpr &b) {
  if (a.coeff == 0 || b.coeff == 0)
    return SymExpr::constant(0);
  int64_t c;
  if (llvm::MulOverflow(a.coeff, b.coeff, c))
    return opaque("mul", {a, b}, isNonNegative(a) && isNonNegative(b));
  SymExpr r{c, a.syms};
  r.syms.append(b.syms.begin(), b.syms.end());
  llvm::sort(r.syms);
  return r;
}

std::optional<SymExpr> SymbolicShapes::divExact(const SymExpr &a, const SymExpr &b) const {
  if (b.coeff == 0 || a.coeff % b.coeff != 0)
    return std::nullopt;
  SymExpr r{a.coeff / b.coeff, {}};
  // Multiset difference a.syms - b.syms (both sorted).
  size_t j = 0;
  for (uint32_t s : a.syms) {
    if (j < b.syms.size() && b.syms[j] == s) {
      ++j;
      continue;
    }
    r.syms.push_back(s);
  }
  if (j != b.syms.size())
    return std::nullopt;
  return r;
}

SymExpr SymbolicShapes::add(const SymExpr &a, const SymExpr &b) {
  if (a.syms == b.syms) {
    int64_t c;
    if (!llvm::AddOverflow(a.coeff, b.coeff, c))
      return c == 0 ? SymExpr::constant(0) : SymExpr{c, a.syms};
  }
  if (b == SymExpr::constant(0))
    return a;
  if (a == SymExpr::constant(0))
    return b;
  // Keep the operands in a canonical order: a + b and b + a agree.
  bool swap = std::make_pair(a.syms, a.coeff) > std::make_pair(b.syms, b.coeff);
  return opaque("add", swap ? ArrayRef<SymExpr>{b, a} : ArrayRef<SymExpr>{a, b},
                isNonNegative(a) && isNonNegative(b));
}

SymExpr SymbolicShapes::sub(const SymExpr &a, const SymExpr &b) {
  return add(a, mul(SymExpr::constant(-1), b));
}

SymExpr SymbolicShapes::div(const SymExpr &a, const SymExpr &b) {
  if (auto q = divExact(a, b))
    return *q;
  if (a.isConstant() && b.isConstant() && b.coeff != 0)
    return SymExpr::constant(a.coeff / b.coeff);
  return opaque("div", {a, b}, isNonNegative(a) && isNonNegative(b));
}

SymExpr SymbolicShapes::product(ArrayRef<SymExpr> es) {
  SymExpr p = SymExpr::constant(1);
  for (const SymExpr &e : es)
    p = mul(p, e);
  return p;
}

SymExpr SymbolicShapes::opaque(StringRef op, ArrayRef<SymExpr> args, bool nonNegative) {
  std::string key = op.str();
  for (const SymExpr &a : args) {
    key += "(" + std::to_string(a.coeff);
    for (uint32_t s : a.syms)
      key += "*s" + std::to_string(s);
    key += ")";
  }
  auto it = opaque_.find(key);
  if (it != opaque_.end())
    return it->second;
  SymExpr e = fresh(nonNegative);
  opaque_[key] = e;
  return e;
}

//===----------------------------------------------------------------------===//
// Dimensions and elements
//===----------------------------------------------------------------------===//

SymVector SymbolicShapes::dims(Value v) {
  auto t = cast<RankedTensorType>(v.getType());
  SymVector &rec = dims_[v];
  if (rec.size() != static_cast<size_t>(t.getRank())) {
    rec.clear();
    for (int64_t d : t.getShape())
      rec.push_back(ShapedType::isDynamic(d) ? fresh(true) : SymExpr::constant(d));
  }
  SymVector out;
  for (auto [d, e] : llvm::zip(t.getShape(), rec))
    out.push_back(ShapedType::isDynamic(d) ? e : SymExpr::constant(d));
  return out;
}

void SymbolicShapes::setDims(Value v, ArrayRef<SymExpr> dims, bool overwrite) {
  auto t = cast<RankedTensorType>(v.getType());
  if (dims.size() != static_cast<size_t>(t.getRank()))
    return;
  if (!overwrite && dims_.count(v))
    return;
  dims_[v] = SymVector(dims.begin(), dims.end());
}

bool SymbolicShapes::isTracked(Value v) {
  auto t = dyn_cast<RankedTensorType>(v.getType());
  return t && t.getRank() <= 1 && t.hasStaticShape() &&
         t.getNumElements() <= kMaxTrackedElements &&
         isa<IntegerType>(t.getElementType());
}

std::optional<SymVector> SymbolicShapes::elements(Value v) {
  if (!isTracked(v))
    return std::nullopt;
  auto it = elements_.find(v);
  if (it != elements_.end())
    return it->second;
  auto cst = v.getDefiningOp<nn::ConstantOp>();
  auto dense = cst ? dyn_cast<DenseIntElementsAttr>(cst.getValue()) : DenseIntElementsAttr();
  if (!dense)
    return std::nullopt;
  bool isBool = dense.getElementType().isInteger(1);
  SymVector out;
  for (const APInt &x : dense.getValues<APInt>())
    out.push_back(SymExpr::constant(isBool ? (int64_t)x.getZExtValue() : x.getSExtValue()));
  return out;
}

std::optional<SymVector> SymbolicShapes::elementsOrFresh(Value v) {
  if (auto e = elements(v))
    return e;
  if (!isTracked(v))
    return std::nullopt;
  SymVector out;
  for (int64_t i = 0, n = cast<RankedTensorType>(v.getType()).getNumElements(); i < n; ++i)
    out.push_back(fresh(false));
  elements_[v] = out;
  return out;
}

void SymbolicShapes::setElements(Value v, ArrayRef<SymExpr> elements) {
  if (!isTracked(v) ||
      static_cast<int64_t>(elements.size()) !=
          cast<RankedTensorType>(v.getType()).getNumElements())
    return;
  elements_[v] = SymVector(elements.begin(), elements.end());
}

std::optional<SmallVector<int64_t>> SymbolicShapes::constantElements(Value v) {
  auto e = elements(v);
  if (!e)
    return std::nullopt;
  SmallVector<int64_t> out;
  for (const SymExpr &x : *e) {
    if (!x.isConstant())
      return std::nullopt;
    out.push_back(x.coeff);
  }
  return out;
}

SmallVector<int64_t> SymbolicShapes::staticShape(ArrayRef<SymExpr> dims) {
  SmallVector<int64_t> out;
  for (const SymExpr &d : dims)
    out.push_back(d.isConstant() ? d.coeff : ShapedType::kDynamic);
  return out;
}

//===----------------------------------------------------------------------===//
// Propagation through ONNX operators
//===----------------------------------------------------------------------===//

namespace {

/// One node's inputs and outputs as the propagation rules see them.
struct Propagator {
  NodeContext &nc;
  SymbolicShapes &ss;

  StringRef op() const { return nc.node.op_type(); }
  Value in(int i) const { return nc.peekInput(i); }
  Value out(int i) const { return nc.output(i); }
  int64_t rank(Value v) const { return cast<RankedTensorType>(v.getType()).getRank(); }

  /// Constant integers from an attribute or (when absent) a constant input.
  /// The attribute `attr`, or (from the version that made it an input,
  /// `input` >= 0) that input's constant elements; never the attribute
  /// then, which the handler ignored too.
  std::optional<SmallVector<int64_t>> intsFrom(StringRef attr, int input) {
    if (input < 0)
      return nc.getInts(attr);
    if (in(input))
      return ss.constantElements(in(input));
    return std::nullopt;
  }

  void setDims(int i, ArrayRef<SymExpr> dims) {
    if (Value v = out(i))
      ss.setDims(v, dims, /*overwrite=*/false);
  }
  void setElements(int i, ArrayRef<SymExpr> elements) {
    if (Value v = out(i); v && !ss.elements(v))
      ss.setElements(v, elements);
  }

  void run();
  void runElements();
  void runDims();
  SymVector broadcastDims(ArrayRef<SymVector> inputs, ArrayRef<int64_t> outShape);
  SymExpr compare(const SymExpr &a, const SymExpr &b);
};

/// Ops whose result has the shape of input 0.
bool isSameShape(StringRef op) {
  static const llvm::StringSet<> ops = {
      "Abs", "Acos", "Acosh", "Asin", "Asinh", "Atan", "Atanh", "BatchNormalization",
      "Cast", "CastLike", "Ceil", "Celu", "Clip", "Cos", "Cosh", "CumSum", "Dropout",
      "Elu", "Erf", "Exp", "Floor", "Gelu", "HardSigmoid", "HardSwish", "Hardmax",
      "Identity", "InstanceNormalization", "IsInf", "IsNaN", "LRN",
      "LayerNormalization", "LeakyRelu", "Log", "LogSoftmax", "LpNormalization",
      "MeanVarianceNormalization", "Mish", "Neg", "Not", "Reciprocal", "Relu", "Round",
      "Selu", "Shrink", "Sigmoid", "Sign", "Sin", "Sinh", "Softmax", "Softplus",
      "Softsign", "Sqrt", "Swish", "Tan", "Tanh", "ThresholdedRelu", "Trilu", "ReverseSequence"};
  return ops.contains(op);
}

/// Ops that broadcast all their inputs (numpy rules).
bool isBroadcast(StringRef op) {
  static const llvm::StringSet<> ops = {
      "Add", "And", "BitShift", "Div", "Equal", "Greater", "GreaterOrEqual", "Less",
      "LessOrEqual", "Max", "Mean", "Min", "Mod", "Mul", "Or", "PRelu", "Pow", "Sub",
      "Sum", "Where", "Xor"};
  return ops.contains(op);
}

SymVector Propagator::broadcastDims(ArrayRef<SymVector> inputs,
                                    ArrayRef<int64_t> outShape) {
  int64_t r = outShape.size();
  SymVector outDims;
  for (int64_t j = 0; j < r; ++j) {
    if (!ShapedType::isDynamic(outShape[j])) {
      outDims.push_back(SymExpr::constant(outShape[j]));
      continue;
    }
    std::optional<SymExpr> pick;
    bool agree = true;
    for (const SymVector &d : inputs) {
      int64_t k = j - (r - static_cast<int64_t>(d.size()));
      if (k < 0 || d[k] == SymExpr::constant(1))
        continue;
      if (!pick)
        pick = d[k];
      else if (*pick != d[k])
        agree = false;
    }
    outDims.push_back(pick && agree ? *pick : ss.fresh(true));
  }
  return outDims;
}

/// Equal(a, b) as 1, 0 or an unknown value.
SymExpr Propagator::compare(const SymExpr &a, const SymExpr &b) {
  if (a == b)
    return SymExpr::constant(1);
  if (a.isConstant() && b.isConstant())
    return SymExpr::constant(0);
  // A size never equals a negative constant.
  if ((ss.isNonNegative(a) && b.isConstant() && b.coeff < 0) ||
      (ss.isNonNegative(b) && a.isConstant() && a.coeff < 0))
    return SymExpr::constant(0);
  return ss.opaque("eq", {a, b}, true);
}

void Propagator::runElements() {
  auto ins = [&](int i) { return in(i) ? ss.elements(in(i)) : std::nullopt; };
  StringRef o = op();

  if (o == "Shape") {
    Value x = in(0);
    SymVector d = ss.dims(x);
    auto [s, e] = nn::normalizeShapeRange(d.size(), nc.getInt("start", 0),
                                          nc.getInt("end", d.size()));
    setElements(0, ArrayRef<SymExpr>(d).slice(s, e - s));
    return;
  }
  if (o == "Size") {
    setElements(0, ss.product(ss.dims(in(0))));
    return;
  }
  // Element-preserving ops on tracked vectors.
  if (o == "Identity" || o == "Unsqueeze" || o == "Squeeze" || o == "Reshape" ||
      o == "Flatten" || o == "Dropout" ||
      ((o == "Cast" || o == "CastLike") && out(0) &&
       !cast<RankedTensorType>(out(0).getType()).getElementType().isInteger(1))) {
    if (auto e = ins(0))
      setElements(0, *e);
    return;
  }
  if (o == "Cast" || o == "CastLike") { // to bool
    if (auto e = ins(0)) {
      SymVector r;
      for (const SymExpr &x : *e)
        r.push_back(x.isConstant() ? SymExpr::constant(x.coeff != 0)
                                   : ss.opaque("ne0", x, true));
      setElements(0, r);
    }
    return;
  }
  if (o == "Gather") {
    auto data = ins(0);
    auto idx = in(1) ? ss.constantElements(in(1)) : std::nullopt;
    if (!data || !idx || rank(in(0)) != 1)
      return;
    int64_t n = data->size();
    SymVector r;
    for (int64_t i : *idx) {
      if (i < 0)
        i += n;
      if (i < 0 || i >= n)
        return;
      r.push_back((*data)[i]);
    }
    setElements(0, r);
    return;
  }
  if (o == "Concat") {
    SymVector r;
    for (int i = 0; i < nc.numInputs(); ++i) {
      auto e = ins(i);
      if (!e || rank(in(i)) != 1)
        return;
      r.append(e->begin(), e->end());
    }
    setElements(0, r);
    return;
  }
  if (o == "Slice") {
    auto data = ins(0);
    if (!data || rank(in(0)) != 1)
      return;
    auto starts = intsFrom("starts", nc.version >= 10 ? 1 : -1);
    auto ends = intsFrom("ends", nc.version >= 10 ? 2 : -1);
    auto axes = intsFrom("axes", nc.version >= 10 ? 3 : -1);
    auto steps = nc.version >= 10 && in(4) ? ss.constantElements(in(4)) : std::nullopt;
    if (!starts || !ends || (nc.version >= 10 && nc.hasInput(3) && !axes) ||
        (nc.version >= 10 && nc.hasInput(4) && !steps))
      return;
    std::optional<ArrayRef<int64_t>> a, s;
    if (axes)
      a = *axes;
    if (steps)
      s = *steps;
    std::string err;
    int64_t n = data->size();
    auto p = nn::resolveOnnxSlice({n}, *starts, *ends, a, s, err);
    if (failed(p))
      return;
    SymVector r;
    for (int64_t i = 0; i < p->sizes[0]; ++i)
      r.push_back((*data)[p->offsets[0] + i * p->strides[0]]);
    setElements(0, r);
    return;
  }

  // Elementwise ops on vectors of rank <= 1 (numpy broadcasting).
  auto elementwise = [&](int numInputs,
                         function_ref<std::optional<SymExpr>(ArrayRef<SymExpr>)> fn) {
    Value result = out(0);
    if (!result || !SymbolicShapes::isTracked(result))
      return;
    SmallVector<SymVector> args;
    for (int i = 0; i < numInputs; ++i) {
      auto e = ins(i);
      if (!e)
        return;
      args.push_back(*e);
    }
    int64_t n = cast<RankedTensorType>(result.getType()).getNumElements();
    SymVector r;
    for (int64_t k = 0; k < n; ++k) {
      SmallVector<SymExpr> xs;
      for (const SymVector &a : args)
        xs.push_back(a.size() == 1 ? a[0] : a[k]);
      auto v = fn(xs);
      if (!v)
        return;
      r.push_back(*v);
    }
    setElements(0, r);
  };
  auto floatResult = [&] {
    return out(0) && !isa<IntegerType>(
                         cast<RankedTensorType>(out(0).getType()).getElementType());
  };
  if (floatResult())
    return;
  if (o == "Add")
    return elementwise(2, [&](ArrayRef<SymExpr> x) { return ss.add(x[0], x[1]); });
  if (o == "Sub")
    return elementwise(2, [&](ArrayRef<SymExpr> x) { return ss.sub(x[0], x[1]); });
  if (o == "Mul")
    return elementwise(2, [&](ArrayRef<SymExpr> x) { return ss.mul(x[0], x[1]); });
  if (o == "Div")
    return elementwise(2, [&](ArrayRef<SymExpr> x) -> std::optional<SymExpr> {
      if (x[1] == SymExpr::constant(0))
        return std::nullopt;
      return ss.div(x[0], x[1]);
    });
  if (o == "Neg")
    return elementwise(1, [&](ArrayRef<SymExpr> x) {
      return ss.mul(SymExpr::constant(-1), x[0]);
    });
  if (o == "Abs")
    return elementwise(1, [&](ArrayRef<SymExpr> x) -> SymExpr {
      if (x[0].isConstant())
        return SymExpr::constant(std::abs(x[0].coeff));
      return ss.isNonNegative(x[0]) ? x[0] : ss.opaque("abs", x[0], true);
    });
  if (o == "Max" || o == "Min") {
    bool isMax = o == "Max";
    if (nc.numInputs() != 2)
      return;
    return elementwise(2, [&](ArrayRef<SymExpr> x) -> SymExpr {
                         if (x[0] == x[1])
                           return x[0];
                         if (x[0].isConstant() && x[1].isConstant())
                           return SymExpr::constant(isMax ? std::max(x[0].coeff, x[1].coeff)
                                                          : std::min(x[0].coeff, x[1].coeff));
                         return ss.opaque(isMax ? "max" : "min", x,
                                          ss.isNonNegative(x[0]) || ss.isNonNegative(x[1]));
                       });
  }
  if (o == "Mod") {
    bool fmod = nc.getInt("fmod", 0) != 0;
    return elementwise(2, [&](ArrayRef<SymExpr> x) -> std::optional<SymExpr> {
      if (!x[0].isConstant() || !x[1].isConstant())
        return ss.opaque(fmod ? "fmod" : "mod", x, false);
      int64_t a = x[0].coeff, b = x[1].coeff;
      if (b == 0)
        return std::nullopt;
      int64_t r = a % b; // the sign of the dividend (fmod)
      if (!fmod && r != 0 && ((r < 0) != (b < 0)))
        r += b; // the sign of the divisor
      return SymExpr::constant(r);
    });
  }
  if (o == "And" || o == "Or" || o == "Xor") {
    return elementwise(2, [&](ArrayRef<SymExpr> x) -> SymExpr {
      auto c0 = x[0].value(), c1 = x[1].value();
      if (c0 && c1) {
        bool a = *c0 != 0, b = *c1 != 0;
        return SymExpr::constant(o == "And" ? (a && b) : o == "Or" ? (a || b) : (a != b));
      }
      // A constant that decides the result on its own.
      for (auto c : {c0, c1})
        if (c && ((o == "And" && *c == 0) || (o == "Or" && *c != 0)))
          return SymExpr::constant(*c != 0);
      return ss.opaque(o, x, true);
    });
  }
  if (o == "Equal")
    return elementwise(2, [&](ArrayRef<SymExpr> x) { return compare(x[0], x[1]); });
  if (o == "Less" || o == "Greater" || o == "LessOrEqual" || o == "GreaterOrEqual") {
    return elementwise(2, [&](ArrayRef<SymExpr> x) -> SymExpr {
      if (!x[0].isConstant() || !x[1].isConstant())
        return ss.opaque(o, x, true);
      int64_t a = x[0].coeff, b = x[1].coeff;
      bool r = o == "Less" ? a < b : o == "Greater" ? a > b : o == "LessOrEqual" ? a <= b : a >= b;
      return SymExpr::constant(r);
    });
  }
  if (o == "Not")
    return elementwise(1, [&](ArrayRef<SymExpr> x) -> SymExpr {
      return x[0].isConstant() ? SymExpr::constant(x[0].coeff == 0)
                               : ss.opaque("not", x, true);
    });
  if (o == "Where")
    return elementwise(3, [&](ArrayRef<SymExpr> x) -> SymExpr {
      if (x[0].isConstant())
        return x[0].coeff ? x[1] : x[2];
      if (x[1] == x[2])
        return x[1];
      return ss.opaque("where", x, ss.isNonNegative(x[1]) && ss.isNonNegative(x[2]));
    });
}

void Propagator::runDims() {
  StringRef o = op();
  Value x = in(0);
  Value y = out(0);
  if (!x || !y || !isa<RankedTensorType>(y.getType()))
    return;
  auto outShape = cast<RankedTensorType>(y.getType()).getShape();
  if (cast<RankedTensorType>(y.getType()).hasStaticShape())
    return;

  if (isSameShape(o)) {
    if (rank(x) == rank(y))
      setDims(0, ss.dims(x));
    return;
  }
  if (isBroadcast(o)) {
    SmallVector<SymVector> dims;
    for (int i = 0; i < nc.numInputs(); ++i)
      if (Value v = in(i))
        dims.push_back(ss.dims(v));
    setDims(0, broadcastDims(dims, outShape));
    return;
  }
  if (o == "Expand" && in(1)) {
    // The constant-shape form (the run-time one records its own).
    auto shape = ss.constantElements(in(1));
    if (!shape)
      return;
    SymVector target;
    for (int64_t d : *shape)
      target.push_back(SymExpr::constant(d));
    setDims(0, broadcastDims({ss.dims(x), target}, outShape));
    return;
  }
  if (o == "MatMul" && in(1)) {
    SymVector a = ss.dims(x), b = ss.dims(in(1));
    bool vecA = a.size() == 1, vecB = b.size() == 1;
    if (vecA)
      a.insert(a.begin(), SymExpr::constant(1));
    if (vecB)
      b.push_back(SymExpr::constant(1));
    SymVector batchA(a.begin(), a.end() - 2), batchB(b.begin(), b.end() - 2);
    int64_t nb = std::max(batchA.size(), batchB.size());
    SmallVector<int64_t> batchShape(outShape.begin(), outShape.begin() + nb);
    SymVector r = broadcastDims({batchA, batchB}, batchShape);
    if (!vecA)
      r.push_back(a[a.size() - 2]);
    if (!vecB)
      r.push_back(b.back());
    setDims(0, r);
    return;
  }
  if (o == "Gemm" && in(1)) {
    SymVector a = ss.dims(x), b = ss.dims(in(1));
    if (a.size() == 2 && b.size() == 2)
      setDims(0, {a[nc.getInt("transA", 0) ? 1 : 0], b[nc.getInt("transB", 0) ? 0 : 1]});
    return;
  }
  if (o == "Transpose") {
    SymVector d = ss.dims(x), r;
    SmallVector<int64_t> perm;
    if (auto p = nc.getInts("perm"))
      perm = *p;
    else
      for (int64_t i = d.size() - 1; i >= 0; --i)
        perm.push_back(i);
    for (int64_t p : perm) {
      if (p < 0 || p >= (int64_t)d.size())
        return;
      r.push_back(d[p]);
    }
    setDims(0, r);
    return;
  }
  if (o == "Gather" && in(1)) {
    SymVector d = ss.dims(x), idx = ss.dims(in(1));
    int64_t axis = nc.getInt("axis", 0);
    if (axis < 0)
      axis += d.size();
    if (axis < 0 || axis >= (int64_t)d.size())
      return;
    SymVector r(d.begin(), d.begin() + axis);
    r.append(idx.begin(), idx.end());
    r.append(d.begin() + axis + 1, d.end());
    setDims(0, r);
    return;
  }
  if (o == "GatherElements" && in(1)) {
    setDims(0, ss.dims(in(1)));
    return;
  }
  if (o == "Concat") {
    int64_t axis = nc.getInt("axis", 1);
    if (axis < 0)
      axis += rank(y);
    if (axis < 0 || axis >= rank(y))
      return;
    SymVector r = ss.dims(x);
    SymExpr sum = SymExpr::constant(0);
    for (int i = 0; i < nc.numInputs(); ++i) {
      Value v = in(i);
      if (!v || rank(v) != rank(y))
        return;
      sum = ss.add(sum, ss.dims(v)[axis]);
    }
    r[axis] = sum;
    setDims(0, r);
    return;
  }
  if (o == "Squeeze" || o == "Unsqueeze") {
    SymVector d = ss.dims(x);
    auto axes = intsFrom("axes", nc.version >= 13 ? 1 : -1);
    bool squeeze = o == "Squeeze";
    int64_t outRank = rank(y);
    SmallVector<bool> marked(squeeze ? d.size() : outRank, false);
    if (axes) {
      for (int64_t a : *axes) {
        if (a < 0)
          a += marked.size();
        if (a < 0 || a >= (int64_t)marked.size())
          return;
        marked[a] = true;
      }
    } else if (squeeze) {
      for (size_t i = 0; i < d.size(); ++i)
        marked[i] = d[i] == SymExpr::constant(1);
    } else {
      return;
    }
    SymVector r;
    if (squeeze) {
      for (size_t i = 0; i < d.size(); ++i)
        if (!marked[i])
          r.push_back(d[i]);
    } else {
      if (outRank != static_cast<int64_t>(d.size() + llvm::count(marked, true)))
        return;
      size_t next = 0;
      for (int64_t i = 0; i < outRank; ++i)
        r.push_back(marked[i] ? SymExpr::constant(1) : d[next++]);
    }
    setDims(0, r);
    return;
  }
  if (o == "Flatten") {
    SymVector d = ss.dims(x);
    int64_t axis = nc.getInt("axis", 1);
    if (axis < 0)
      axis += d.size();
    if (axis < 0 || axis > (int64_t)d.size())
      return;
    setDims(0, {ss.product(ArrayRef<SymExpr>(d).take_front(axis)),
                ss.product(ArrayRef<SymExpr>(d).drop_front(axis))});
    return;
  }
  if (o == "Slice" || o == "Split") {
    // The static forms keep dynamic dimensions whole.
    if (rank(x) != rank(y))
      return;
    SymVector d = ss.dims(x);
    for (int i = 0; i < static_cast<int>(nc.node.output_size()); ++i)
      if (Value v = out(i)) {
        SymVector r;
        for (auto [k, s] : llvm::enumerate(cast<RankedTensorType>(v.getType()).getShape()))
          r.push_back(ShapedType::isDynamic(s) ? d[k] : SymExpr::constant(s));
        setDims(i, r);
      }
    return;
  }
  if (o == "Pad" && rank(x) == rank(y)) {
    auto pads = intsFrom("pads", nc.version >= 11 ? 1 : -1);
    SymVector d = ss.dims(x);
    int64_t r = d.size();
    if (!pads)
      return;
    if (nc.version >= 18 && nc.hasInput(3)) {
      auto axes = ss.constantElements(in(3));
      if (!axes)
        return;
      SmallVector<int64_t> full(2 * r, 0);
      for (auto [i, a] : llvm::enumerate(*axes)) {
        if (a < 0)
          a += r;
        if (a < 0 || a >= r || 2 * axes->size() != pads->size())
          return;
        full[a] = (*pads)[i];
        full[r + a] = (*pads)[axes->size() + i];
      }
      pads = full;
    }
    if ((int64_t)pads->size() != 2 * r)
      return;
    for (int64_t i = 0; i < r; ++i) {
      int64_t total;
      if (llvm::AddOverflow((*pads)[i], (*pads)[r + i], total))
        return; // sizes out of range: left unknown
      d[i] = ss.add(d[i], SymExpr::constant(total));
    }
    setDims(0, d);
    return;
  }
  if (o == "CenterCropPad" && in(1) && rank(x) == rank(y)) {
    // The target sizes along the axes (they are checked to be >= 0).
    SymVector d = ss.dims(x);
    int64_t r = d.size();
    SmallVector<int64_t> axes = llvm::to_vector(llvm::seq<int64_t>(0, r));
    if (auto a = nc.getInts("axes"))
      axes = *a;
    auto target = ss.elements(in(1));
    for (auto [k, a] : llvm::enumerate(axes)) {
      if (a < 0)
        a += r;
      if (a < 0 || a >= r)
        return;
      d[a] = target && k < target->size() ? (*target)[k] : ss.fresh(true);
    }
    setDims(0, d);
    return;
  }
  if (o == "Col2Im" && in(1) && in(2)) {
    // [N, C, image...] with C the column count over prod(block).
    SymVector d = ss.dims(x);
    auto image = ss.elements(in(1)), block = ss.elements(in(2));
    if (d.size() != 3 || rank(y) < 3)
      return;
    SymVector r{d[0], ss.fresh(true)};
    if (block)
      if (auto c = ss.divExact(d[1], ss.product(*block)))
        r[1] = *c;
    for (int64_t i = 0; i < rank(y) - 2; ++i)
      r.push_back(image && i < (int64_t)image->size() ? (*image)[i] : ss.fresh(true));
    setDims(0, r);
    return;
  }
  if (o == "MaxUnpool") {
    // output_shape when given, else [N, C, (D - 1) * s - pads + kernel...].
    int64_t r = rank(y);
    if (Value shape = in(2)) {
      auto e = ss.elements(shape);
      if (e && (int64_t)e->size() == r)
        setDims(0, *e);
      return;
    }
    SymVector d = ss.dims(x);
    auto kernel = nc.getInts("kernel_shape");
    int64_t k = r - 2;
    auto strides = intsFrom("strides", -1).value_or(SmallVector<int64_t>(k, 1));
    auto pads = intsFrom("pads", -1).value_or(SmallVector<int64_t>(2 * k, 0));
    if ((int64_t)d.size() != r || k < 1 || !kernel || (int64_t)kernel->size() != k ||
        (int64_t)strides.size() != k || (int64_t)pads.size() != 2 * k)
      return;
    SymVector u{d[0], d[1]};
    for (int64_t i = 0; i < k; ++i)
      u.push_back(ss.add(ss.mul(ss.sub(d[2 + i], SymExpr::constant(1)),
                                SymExpr::constant(strides[i])),
                         ss.sub(ss.sub(SymExpr::constant((*kernel)[i]),
                                       SymExpr::constant(pads[i])),
                                SymExpr::constant(pads[k + i]))));
    setDims(0, u);
    return;
  }
  if (o.starts_with("Reduce") || o == "ArgMax" || o == "ArgMin") {
    SymVector d = ss.dims(x);
    int64_t r = d.size();
    bool keep = nc.getInt("keepdims", 1) != 0;
    SmallVector<bool> reduced(r, false);
    if (o == "ArgMax" || o == "ArgMin") {
      int64_t a = nc.getInt("axis", 0);
      if (a < 0)
        a += r;
      if (a < 0 || a >= r)
        return;
      reduced[a] = true;
    } else {
      // The handler rejects an axes attribute from the version that made
      // it an input (13 for ReduceSum, 18 for the others), and an input
      // before it.
      auto axes = intsFrom("axes", nc.attr("axes") ? -1 : 1);
      if (!axes || axes->empty()) {
        if (nc.getInt("noop_with_empty_axes", 0))
          return setDims(0, d);
        reduced.assign(r, true);
      } else {
        for (int64_t a : *axes) {
          if (a < 0)
            a += r;
          if (a < 0 || a >= r)
            return;
          reduced[a] = true;
        }
      }
    }
    SymVector out;
    for (int64_t i = 0; i < r; ++i)
      if (!reduced[i])
        out.push_back(d[i]);
      else if (keep)
        out.push_back(SymExpr::constant(1));
    setDims(0, out);
    return;
  }
  if (o == "Conv" || o == "ConvTranspose" || o == "MaxPool" || o == "AveragePool" ||
      o == "GlobalAveragePool" || o == "GlobalMaxPool" || o == "LpPool") {
    // The batch dimension passes through; the others are computed.
    SymVector r;
    for (auto [k, s] : llvm::enumerate(outShape))
      r.push_back(k == 0 ? ss.dims(x)[0]
                         : ShapedType::isDynamic(s) ? ss.fresh(true) : SymExpr::constant(s));
    setDims(0, r);
    return;
  }
  if (o == "TopK") {
    // Both results: the input's dimensions with k along the axis.
    SymVector d = ss.dims(x);
    int64_t a = nc.getInt("axis", -1);
    if (a < 0)
      a += d.size();
    if (a < 0 || a >= (int64_t)d.size())
      return;
    std::optional<SymVector> k;
    if (nc.version >= 10 && in(1))
      k = ss.elements(in(1));
    d[a] = k && k->size() == 1 ? (*k)[0] : ss.fresh(true);
    setDims(0, d);
    setDims(1, d);
    return;
  }
  if (o == "NonZero") {
    if (rank(y) == 2)
      setDims(0, {SymExpr::constant(outShape[0]), ss.fresh(true)});
    return;
  }
  if (o == "Unique") {
    // The distinct count is shared by Y (along the axis), indices and
    // counts; inverse_indices has one entry per input slice.
    SymVector d = ss.dims(x);
    SymExpr u = ss.fresh(true);
    SymExpr n;
    if (nc.attr("axis")) {
      int64_t a = nc.getInt("axis", 0);
      if (a < 0)
        a += d.size();
      if (a < 0 || a >= (int64_t)d.size())
        return;
      n = d[a];
      d[a] = u;
    } else {
      n = ss.product(d);
      d = {u};
    }
    setDims(0, d);
    setDims(1, {u});
    setDims(2, {n});
    setDims(3, {u});
    return;
  }
  if (o == "LSTM" || o == "GRU" || o == "RNN") {
    SymVector d = ss.dims(x);
    if (d.size() != 3)
      return;
    bool batchFirst = nc.getInt("layout", 0) != 0;
    SymExpr seq = batchFirst ? d[1] : d[0], batch = batchFirst ? d[0] : d[1];
    for (int i = 0; i < static_cast<int>(nc.node.output_size()); ++i) {
      Value v = out(i);
      if (!v)
        continue;
      SymVector r;
      for (auto [k, s] : llvm::enumerate(cast<RankedTensorType>(v.getType()).getShape()))
        r.push_back(ShapedType::isDynamic(s) ? ss.fresh(true) : SymExpr::constant(s));
      // Y: [seq, dirs, batch, hidden] (layout 1: [batch, seq, dirs, hidden]);
      // Y_h, Y_c: [dirs, batch, hidden] (layout 1: [batch, dirs, hidden]).
      if (i == 0 && r.size() == 4) {
        r[batchFirst ? 0 : 0] = batchFirst ? batch : seq;
        r[batchFirst ? 1 : 2] = batchFirst ? seq : batch;
      } else if (r.size() == 3) {
        r[batchFirst ? 0 : 1] = batch;
      }
      setDims(i, r);
    }
    return;
  }
}

void Propagator::run() {
  runElements();
  runDims();
}

} // namespace

void propagateSymbolicShapes(NodeContext &nc) {
  Propagator p{nc, nc.shapes};
  p.run();
}

} // namespace kiln::onnx_frontend
