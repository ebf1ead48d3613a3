//===- EinsumHandlers.cpp - ONNX Einsum -----------------------------------===//
//
// Einsum (12) decomposed at import into nn ops, the equation being an
// attribute:
//   1. each operand's repeated labels become its diagonal (the two
//      dimensions moved last, merged, and sliced with stride n + 1; with
//      run-time sizes, where(i == j, x, 0) summed over j);
//   2. labels no other operand and not the output use are summed out;
//   3. operands are combined left to right by one batched nn.matmul each:
//      [batch, left, contracted] x [batch, contracted, right];
//   4. the result is transposed into the output's label order.
// Ellipsis dimensions are labels of their own, aligned from the right.
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/ImporterImpl.h"
#include "dialects/NN/IR/DataMovementShapes.h"
#include "dialects/NN/IR/NNOps.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

#include <map>

using namespace mlir;

namespace kiln::onnx_frontend {
namespace {

using Labels = SmallVector<int>;

/// One operand of the contraction: its value and a label per dimension.
struct Term {
  Value v;
  Labels labels;
};

/// Parses one side of the equation ("ab...c") into labels; ellipsis dims
/// get 256 + k, aligned right against `maxEllipsis`. `rank` (or -1 for the
/// output) sizes the ellipsis.
FailureOr<Labels> parseTerm(NodeContext &nc, StringRef term, int64_t rank, int64_t maxEllipsis,
                            int64_t *ellipsisRank = nullptr) {
  Labels out;
  size_t dots = term.find("...");
  if (dots != StringRef::npos && term.find("...", dots + 3) != StringRef::npos)
    return nc.fail("equation term '" + term + "' has more than one ellipsis");
  StringRef before = dots == StringRef::npos ? term : term.take_front(dots);
  StringRef after = dots == StringRef::npos ? StringRef() : term.drop_front(dots + 3);
  for (StringRef part : {before, after})
    for (char c : part)
      if (!llvm::isAlpha(c))
        return nc.fail("equation term '" + term + "' has the character '" + Twine(c) +
                       "' (labels are letters)");
  int64_t letters = before.size() + after.size();
  int64_t e = 0;
  if (dots != StringRef::npos)
    e = rank >= 0 ? rank - letters : maxEllipsis;
  if (rank >= 0 && (e < 0 || (dots == StringRef::npos && letters != rank)))
    return nc.fail("equation term '" + term + "' does not match an operand of rank " +
                   Twine(rank));
  if (ellipsisRank)
    *ellipsisRank = e;
  for (char c : before)
    out.push_back(c);
  for (int64_t k = 0; k < e; ++k)
    out.push_back(256 + int(maxEllipsis - e + k));
  for (char c : after)
    out.push_back(c);
  return out;
}

Value transposeTo(NodeContext &nc, Term &t, ArrayRef<int> order) {
  SmallVector<int64_t> perm;
  for (int l : order)
    perm.push_back(llvm::find(t.labels, l) - t.labels.begin());
  bool identity = llvm::equal(perm, llvm::seq<int64_t>(0, perm.size()));
  if (identity)
    return t.v;
  auto tt = nc.tensorType(t.v);
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(tt.getDimSize(p));
  return nn::TransposeOp::create(nc.b, nc.loc, RankedTensorType::get(shape, tt.getElementType()),
                                 t.v, nc.b.getDenseI64ArrayAttr(perm));
}

/// Replaces each repeated label of `t` by the diagonal.
LogicalResult takeDiagonals(NodeContext &nc, Term &t) {
  for (;;) {
    int p = -1, q = -1;
    for (size_t i = 0; i < t.labels.size() && p < 0; ++i)
      for (size_t j = i + 1; j < t.labels.size(); ++j)
        if (t.labels[i] == t.labels[j]) {
          p = i;
          q = j;
          break;
        }
    if (p < 0)
      return success();
    auto tt = nc.tensorType(t.v);
    int64_t n = tt.getDimSize(p), n2 = tt.getDimSize(q);
    bool dynamic = ShapedType::isDynamic(n) || ShapedType::isDynamic(n2);
    if (!dynamic && n2 != n)
      return nc.fail("a repeated label needs equal sizes, got " +
                     nn::formatShape(tt.getShape()));
    int64_t square;
    if (!dynamic && llvm::MulOverflow(n, n, square))
      return nc.fail("a repeated label of size " + llvm::Twine(n) +
                     " is too large to take the diagonal of");
    Labels others;
    SmallVector<int64_t> perm, shape, sources;
    for (size_t i = 0; i < t.labels.size(); ++i)
      if ((int)i != p && (int)i != q) {
        others.push_back(t.labels[i]);
        perm.push_back(i);
      }
    int label = t.labels[p];
    // Give the two copies distinct names for the transpose.
    Term tmp{t.v, t.labels};
    tmp.labels[q] = -1;
    Labels order = others;
    order.push_back(label);
    order.push_back(-1);
    Value moved = transposeTo(nc, tmp, order);
    if (dynamic) {
      // Sizes known only at run time: checked equal, then the diagonal of
      // the last two dimensions is where(i == j, x, 0) summed over j.
      auto &b = nc.b;
      Type i64 = b.getI64Type();
      int64_t r = tt.getRank();
      Value d = dimScalar(nc, moved, r - 2);
      checkSameAtRunTime(nc, d, dimScalar(nc, moved, r - 1),
                         "the sizes of a repeated label differ");
      Value idx = nn::DynamicRangeOp::create(
          b, nc.loc, RankedTensorType::get({ShapedType::kDynamic}, i64),
          scalarConstant(nc, i64, 0), d, scalarConstant(nc, i64, 1));
      Value mask = buildBinary<nn::EqualOp>(nc, reshapeTo(nc, idx, {ShapedType::kDynamic, 1}),
                                            reshapeTo(nc, idx, {1, ShapedType::kDynamic}),
                                            b.getI1Type());
      Value zero = scalarConstant(nc, tt.getElementType(), 0.0);
      Value kept = mask ? buildWhere(nc, mask, moved, zero) : Value();
      t.v = kept ? buildReduce(nc, kept, nn::ReduceKind::Sum, {r - 1}, /*keepdims=*/false)
                 : Value();
      if (!t.v)
        return failure();
      others.push_back(label);
      t.labels = others;
      continue;
    }
    for (size_t i = 0; i < others.size(); ++i) {
      shape.push_back(tt.getDimSize(perm[i]));
      sources.push_back(i);
    }
    shape.push_back(n * n);
    sources.push_back(-1);
    Value merged = reshapeTo(nc, moved, shape, sources);
    auto mt = nc.tensorType(merged);
    SmallVector<int64_t> offsets(shape.size(), 0), strides(shape.size(), 1);
    strides.back() = n + 1;
    shape.back() = n;
    t.v = nn::SliceOp::create(nc.b, nc.loc, RankedTensorType::get(shape, mt.getElementType()),
                              merged, nc.b.getDenseI64ArrayAttr(offsets),
                              nc.b.getDenseI64ArrayAttr(strides));
    others.push_back(label);
    t.labels = others;
  }
}

/// Sums out the labels of `t` that `keep` does not contain.
LogicalResult sumOut(NodeContext &nc, Term &t, const llvm::SmallDenseSet<int> &keep) {
  SmallVector<int64_t> axes;
  Labels rest;
  for (auto [i, l] : llvm::enumerate(t.labels)) {
    if (keep.contains(l))
      rest.push_back(l);
    else
      axes.push_back(i);
  }
  if (axes.empty())
    return success();
  Value r = buildReduce(nc, t.v, nn::ReduceKind::Sum, axes, /*keepdims=*/false);
  if (!r)
    return failure();
  t.v = r;
  t.labels = rest;
  return success();
}

/// [d...] of `v`'s dimensions for `labels` (in `t`'s order).
int64_t dimOf(NodeContext &nc, const Term &t, int label) {
  return nc.tensorType(t.v).getDimSize(llvm::find(t.labels, label) - t.labels.begin());
}

/// `group` merged into one dimension of `t` (after a transpose that made
/// them adjacent): a product of static sizes, or the one size itself.
FailureOr<int64_t> groupSize(NodeContext &nc, const Term &t, ArrayRef<int> group) {
  if (group.size() == 1)
    return dimOf(nc, t, group[0]);
  int64_t n = 1;
  for (int l : group) {
    int64_t d = dimOf(nc, t, l);
    if (ShapedType::isDynamic(d))
      return nc.fail("several labels merged into one matmul dimension need static sizes");
    n *= d;
  }
  return n;
}

/// a x b by one batched matmul: [batch, left, contracted] x
/// [batch, contracted, right] -> labels batch + left + right.
FailureOr<Term> combine(NodeContext &nc, Term a, Term b, const llvm::SmallDenseSet<int> &needed) {
  Labels batch, left, contracted, right;
  for (int l : a.labels) {
    bool inB = llvm::is_contained(b.labels, l);
    if (inB && needed.contains(l))
      batch.push_back(l);
    else if (inB)
      contracted.push_back(l);
    else
      left.push_back(l);
  }
  for (int l : b.labels)
    if (!llvm::is_contained(a.labels, l))
      right.push_back(l);
  for (int l : batch)
    if (dimOf(nc, a, l) != dimOf(nc, b, l) && !ShapedType::isDynamic(dimOf(nc, a, l)) &&
        !ShapedType::isDynamic(dimOf(nc, b, l)))
      return nc.fail("label sizes differ between operands (" + Twine(dimOf(nc, a, l)) +
                     " and " + Twine(dimOf(nc, b, l)) + ")");
  Labels aOrder = batch, bOrder = batch;
  aOrder.append(left.begin(), left.end());
  aOrder.append(contracted.begin(), contracted.end());
  bOrder.append(contracted.begin(), contracted.end());
  bOrder.append(right.begin(), right.end());
  Value av = transposeTo(nc, a, aOrder), bv = transposeTo(nc, b, bOrder);
  Term at{av, aOrder}, bt{bv, bOrder};

  // [batch..., L, K] and [batch..., K, R]; absent groups are size 1.
  auto matrix = [&](Term &t, ArrayRef<int> g1, ArrayRef<int> g2) -> FailureOr<Value> {
    SmallVector<int64_t> shape, sources;
    for (auto [i, l] : llvm::enumerate(batch)) {
      shape.push_back(dimOf(nc, t, l));
      sources.push_back(i);
    }
    for (ArrayRef<int> g : {g1, g2}) {
      if (g.empty()) {
        shape.push_back(1);
        sources.push_back(-1);
        continue;
      }
      auto n = groupSize(nc, t, g);
      if (failed(n))
        return failure();
      shape.push_back(*n);
      sources.push_back(g.size() == 1 ? int64_t(llvm::find(t.labels, g[0]) - t.labels.begin())
                                      : -1);
    }
    return reshapeTo(nc, t.v, shape, sources);
  };
  auto am = matrix(at, left, contracted);
  if (failed(am))
    return failure();
  auto bm = matrix(bt, contracted, right);
  if (failed(bm))
    return failure();
  std::string err;
  auto mt = resultType(nc, nn::inferMatMulShape(nc.tensorType(*am).getShape(),
                                                nc.tensorType(*bm).getShape(), err),
                       err, nc.tensorType(*am).getElementType());
  if (!mt)
    return failure();
  Value prod = nn::MatMulOp::create(nc.b, nc.loc, mt, *am, *bm);
  // Back to batch + left + right dimensions.
  SmallVector<int64_t> shape, sources;
  Labels labels;
  for (auto [i, l] : llvm::enumerate(batch)) {
    shape.push_back(mt.getDimSize(i));
    sources.push_back(i);
    labels.push_back(l);
  }
  auto unpack = [&](ArrayRef<int> g, Term &t, int64_t at) {
    for (int l : g) {
      shape.push_back(dimOf(nc, t, l));
      sources.push_back(g.size() == 1 ? at : -1);
      labels.push_back(l);
    }
  };
  unpack(left, at, batch.size());
  unpack(right, bt, batch.size() + 1);
  return Term{reshapeTo(nc, prod, shape, sources), labels};
}

LogicalResult einsum(NodeContext &nc) {
  std::string eq = nc.getString("equation", "");
  eq.erase(llvm::remove_if(eq, [](char c) { return c == ' '; }), eq.end());
  if (eq.empty())
    return nc.fail("missing required attribute 'equation'");
  StringRef lhs = eq, rhs;
  bool explicitOut = false;
  if (size_t arrow = lhs.find("->"); arrow != StringRef::npos) {
    rhs = lhs.drop_front(arrow + 2);
    lhs = lhs.take_front(arrow);
    explicitOut = true;
  }
  SmallVector<StringRef> termText;
  lhs.split(termText, ',');
  if ((int64_t)termText.size() != nc.numInputs())
    return nc.fail("equation '" + eq + "' names " + Twine(termText.size()) +
                   " operands, the node has " + Twine(nc.numInputs()));
  SmallVector<Term> terms;
  int64_t maxE = 0;
  for (auto [i, text] : llvm::enumerate(termText)) {
    Value v = nc.input(i);
    if (!v)
      return failure();
    if (i > 0 && nc.tensorType(v).getElementType() != nc.tensorType(terms[0].v).getElementType())
      return nc.fail("operands have different element types");
    int64_t e = 0;
    if (failed(parseTerm(nc, text, nc.tensorType(v).getRank(), 0, &e)))
      return failure();
    maxE = std::max(maxE, e);
    terms.push_back({v, {}});
  }
  for (auto [i, text] : llvm::enumerate(termText)) {
    auto labels = parseTerm(nc, text, nc.tensorType(terms[i].v).getRank(), maxE);
    if (failed(labels))
      return failure();
    terms[i].labels = *labels;
  }
  Labels out;
  if (explicitOut) {
    auto labels = parseTerm(nc, rhs, -1, maxE);
    if (failed(labels))
      return failure();
    out = *labels;
    for (int l : out) {
      if (llvm::count(out, l) > 1)
        return nc.fail("output label '" + Twine(char(l)) + "' repeats");
      if (llvm::none_of(terms, [&](const Term &t) { return llvm::is_contained(t.labels, l); }))
        return nc.fail("output label '" + Twine(char(l)) + "' is not in any operand");
    }
  } else {
    for (int k = 0; k < maxE; ++k)
      out.push_back(256 + k);
    std::map<int, int> count;
    for (const Term &t : terms)
      for (int l : t.labels)
        if (l < 256)
          ++count[l];
    for (auto [l, c] : count)
      if (c == 1)
        out.push_back(l);
  }
  for (Term &t : terms)
    if (failed(takeDiagonals(nc, t)))
      return failure();

  auto neededAfter = [&](size_t i) {
    llvm::SmallDenseSet<int> s(out.begin(), out.end());
    for (size_t j = i; j < terms.size(); ++j)
      s.insert(terms[j].labels.begin(), terms[j].labels.end());
    return s;
  };
  Term acc = terms[0];
  if (terms.size() > 1 && failed(sumOut(nc, acc, neededAfter(1))))
    return failure();
  for (size_t i = 1; i < terms.size(); ++i) {
    Term next = terms[i];
    llvm::SmallDenseSet<int> keepNext = neededAfter(i + 1);
    keepNext.insert(acc.labels.begin(), acc.labels.end());
    if (failed(sumOut(nc, next, keepNext)))
      return failure();
    auto r = combine(nc, acc, next, neededAfter(i + 1));
    if (failed(r))
      return failure();
    acc = *r;
  }
  llvm::SmallDenseSet<int> outSet(out.begin(), out.end());
  if (failed(sumOut(nc, acc, outSet)))
    return failure();
  nc.setOutput(0, transposeTo(nc, acc, out));
  return success();
}

} // namespace

void addEinsumOps(std::vector<OpEntry> &table) {
  table.push_back({"Einsum", {12}, {12}, {"equation"},
                   "decomposed into diagonals, sums, transposes and batched matmuls; several "
                   "labels contracted together need static sizes",
                   einsum});
}

} // namespace kiln::onnx_frontend
