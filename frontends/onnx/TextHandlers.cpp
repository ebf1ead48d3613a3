//===- TextHandlers.cpp - ONNX TfIdfVectorizer ------------------------------===//
//
// TfIdfVectorizer (9) on int32/int64 token ids, decomposed into existing nn
// ops (no dedicated op): for each n-gram length n of the pool in
// [min_gram_length, max_gram_length] and each skip distance d (1 for
// unigrams, 1 .. max_skip_count + 1 otherwise, as ONNX's reference and
// onnxruntime count them), the windows X[.., i + k*d] (k < n) of the
// positions i < L - (n-1)*d are gathered (L known only at run time is
// fine), compared with every pool n-gram of that length and the matches
// summed over the positions. Each output column then adds the counts of
// the pool n-grams that ngram_indexes maps to it (a gather per level of
// sharing). The mode weighs them: TF, the counts; TFIDF, each n-gram's
// count times its weight; IDF, where a column's count is positive, the
// weight of its n-grams (or 1). Weights belong to the pool's n-grams, as
// the specification and onnxruntime have it (ONNX's reference reads them
// by output column; the two agree when ngram_indexes is 0, 1, 2, ...).
//
// The comparison holds [batch, positions, pool n-grams of one length]
// booleans at a time. String pools (pool_strings) are not supported.
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/ImporterImpl.h"
#include "dialects/NN/IR/NNOps.h"

#include "llvm/ADT/DenseMap.h"

using namespace mlir;

namespace kiln::onnx_frontend {
namespace {

constexpr int64_t kDyn = ShapedType::kDynamic;

/// Output columns are built as constants of this many entries at most,
/// one per level of sharing, and at most this many n-grams share a column.
constexpr int64_t kMaxColumns = int64_t(1) << 20;
constexpr int64_t kMaxSharing = 64;
/// The decomposition gathers one window column per n-gram position, skip
/// distance and counted length: at most this many.
constexpr int64_t kMaxWindowColumns = 1 << 14;

LogicalResult tfIdfVectorizer(NodeContext &nc) {
  Value x = nc.input(0);
  if (!x)
    return failure();
  auto xt = nc.tensorType(x);
  Type et = xt.getElementType();
  if (!(et.isInteger(32) || et.isInteger(64)))
    return nc.fail("X must be an int32 or int64 tensor (string tokens are not supported), got " +
                   typeName(xt));
  int64_t rank = xt.getRank();
  if (rank != 1 && rank != 2)
    return nc.fail("X must have rank 1 ([C]) or 2 ([N, C]), got " + typeName(xt));
  if (nc.attr("pool_strings"))
    return nc.fail("pool_strings is not supported (string tensors are not); give pool_int64s");

  std::string mode = nc.getString("mode", "");
  if (mode != "TF" && mode != "IDF" && mode != "TFIDF")
    return nc.fail("mode must be TF, IDF or TFIDF, got '" + mode + "'");
  int64_t minGram = nc.getInt("min_gram_length", -1);
  int64_t maxGram = nc.getInt("max_gram_length", -1);
  int64_t maxSkip = nc.getInt("max_skip_count", -1);
  if (minGram < 1 || maxGram < minGram)
    return nc.fail("min_gram_length and max_gram_length must satisfy 1 <= min <= max, got " +
                   llvm::Twine(minGram) + " and " + llvm::Twine(maxGram));
  if (maxSkip < 0)
    return nc.fail("max_skip_count must be >= 0, got " + llvm::Twine(maxSkip));
  auto pool = nc.getInts("pool_int64s");
  auto counts = nc.getInts("ngram_counts");
  auto indexes = nc.getInts("ngram_indexes");
  if (!pool || !counts || !indexes)
    return nc.fail("needs the pool_int64s, ngram_counts and ngram_indexes attributes");
  SmallVector<float> weights;
  if (const auto *w = nc.attr("weights", onnx::AttributeProto::FLOATS))
    weights.assign(w->floats().begin(), w->floats().end());
  if (!nc.attrError.empty())
    return failure();

  // The pool's n-grams: group g (0-based) holds (g+1)-grams from
  // ngram_counts[g] to the next entry (or the pool's end).
  int64_t poolSize = pool->size();
  struct Group {
    int64_t n, start, count; ///< length, first pool entry, number of n-grams
    int64_t firstId;         ///< index of its first n-gram in ngram_indexes
  };
  SmallVector<Group> groups;
  int64_t ids = 0;
  for (size_t g = 0; g < counts->size(); ++g) {
    int64_t start = (*counts)[g];
    int64_t end = g + 1 < counts->size() ? (*counts)[g + 1] : poolSize;
    int64_t n = static_cast<int64_t>(g) + 1;
    if (start < 0 || end < start || end > poolSize)
      return nc.fail("ngram_counts " + nn::formatShape(*counts) +
                     " must be non-decreasing offsets into the pool of " +
                     llvm::Twine(poolSize) + " entries");
    if ((end - start) % n != 0)
      return nc.fail("the pool holds " + llvm::Twine(end - start) + " entries for " +
                     llvm::Twine(n) + "-grams, not a multiple of " + llvm::Twine(n));
    groups.push_back({n, start, (end - start) / n, ids});
    ids += (end - start) / n;
  }
  if (static_cast<int64_t>(indexes->size()) != ids)
    return nc.fail("ngram_indexes has " + llvm::Twine(indexes->size()) +
                   " entries, but the pool holds " + llvm::Twine(ids) + " n-grams");
  if (indexes->empty())
    return nc.fail("ngram_indexes is empty (the output would have no columns)");
  int64_t columns = 0;
  for (int64_t c : *indexes) {
    if (c < 0 || c >= kMaxColumns)
      return nc.fail("ngram_indexes entry " + llvm::Twine(c) + " is outside [0, " +
                     llvm::Twine(kMaxColumns) + ")");
    columns = std::max(columns, c + 1);
  }
  if (!weights.empty() && static_cast<int64_t>(weights.size()) != ids)
    return nc.fail("weights has " + llvm::Twine(weights.size()) + " entries, but the pool holds " +
                   llvm::Twine(ids) + " n-grams");
  // IDF gives a column the weight of an n-gram seen; n-grams that share a
  // column must then agree on it (onnxruntime takes the last one seen in
  // the text, which the counts here do not keep).
  SmallVector<float> columnWeight(columns, 1.0f);
  if (mode == "IDF" && !weights.empty()) {
    SmallVector<bool> set(columns, false);
    for (auto [j, c] : llvm::enumerate(*indexes)) {
      if (set[c] && columnWeight[c] != weights[j])
        return nc.fail("in IDF mode, n-grams that share output column " + llvm::Twine(c) +
                       " must have the same weight");
      columnWeight[c] = weights[j];
      set[c] = true;
    }
  }

  // Skip distances whose windows are longer than a static row count
  // nothing; the rest each cost a gather per n-gram position.
  int64_t rowLength = xt.getShape()[rank - 1];
  int64_t skips = maxSkip;
  if (!ShapedType::isDynamic(rowLength))
    skips = std::min<int64_t>(skips, std::max<int64_t>(rowLength - 1, 0));
  int64_t work = 0;
  for (const Group &g : groups)
    if (g.n >= minGram && g.n <= maxGram && g.count > 0)
      work += g.n == 1 ? 1 : g.n * std::min<int64_t>(skips + 1, kMaxWindowColumns + 1);
  if (work > kMaxWindowColumns)
    return nc.fail("the n-gram lengths and max_skip_count " + llvm::Twine(maxSkip) +
                   " need more than " + llvm::Twine(kMaxWindowColumns) +
                   " window gathers, the most Kiln builds");

  OpBuilder &b = nc.b;
  Type i64 = b.getI64Type(), f32 = b.getF32Type(), i1 = b.getI1Type();
  Value x64 = castTo(nc, x, i64);
  int64_t last = rank - 1;
  auto i64Vec = [&](ArrayRef<int64_t> v) {
    return nn::ConstantOp::create(
        b, nc.loc,
        DenseElementsAttr::get(RankedTensorType::get({static_cast<int64_t>(v.size())}, i64), v));
  };
  Value length = dimScalar(nc, x, last);

  // Counts of the pool n-grams whose length is counted, in pool order.
  SmallVector<Value> groupCounts;
  SmallVector<int64_t> countedIds; // their positions in ngram_indexes
  for (const Group &g : groups) {
    if (g.n < minGram || g.n > maxGram || g.count == 0)
      continue;
    Value total;
    for (int64_t d = 1; d <= (g.n == 1 ? 1 : skips + 1); ++d) {
      int64_t span;
      if (llvm::MulOverflow(g.n - 1, d, span))
        return nc.fail("max_skip_count " + llvm::Twine(maxSkip) + " is too large");
      // Window starts i in [0, L - (n-1)*d): empty when the row is shorter.
      Value limit = buildBinary<nn::SubOp>(nc, length, intConstant(nc, i64, span));
      Value starts = nn::DynamicRangeOp::create(b, nc.loc, RankedTensorType::get({kDyn}, i64),
                                                intConstant(nc, i64, 0), limit,
                                                intConstant(nc, i64, 1));
      Value matched;
      for (int64_t k = 0; k < g.n; ++k) {
        Value at = k == 0 ? starts
                          : buildBinary<nn::AddOp>(nc, starts, intConstant(nc, i64, k * d));
        SmallVector<int64_t> colShape(xt.getShape());
        colShape[last] = kDyn;
        Value col = nn::GatherOp::create(b, nc.loc, RankedTensorType::get(colShape, i64), x64, at,
                                         b.getI64IntegerAttr(last));
        SmallVector<int64_t> expanded(colShape), sources;
        expanded.push_back(1);
        for (int64_t i = 0; i < rank; ++i)
          sources.push_back(i);
        sources.push_back(-1);
        col = reshapeTo(nc, col, expanded, sources);
        SmallVector<int64_t> tokens;
        for (int64_t j = 0; j < g.count; ++j)
          tokens.push_back((*pool)[g.start + j * g.n + k]);
        Value eq = buildBinary<nn::EqualOp>(nc, col, i64Vec(tokens), i1);
        matched = matched && eq ? buildBinary<nn::AndOp>(nc, matched, eq) : eq;
        if (!matched)
          return failure();
      }
      // [.., positions, n-grams] -> [.., n-grams]
      Value count = buildReduce(nc, castTo(nc, matched, f32), nn::ReduceKind::Sum, {rank - 1},
                                /*keepdims=*/false);
      total = total && count ? buildBinary<nn::AddOp>(nc, total, count) : count;
      if (!total)
        return failure();
    }
    // TFIDF weighs each n-gram's count before the columns add them up.
    if (mode == "TFIDF" && !weights.empty()) {
      Value w = nn::ConstantOp::create(
          b, nc.loc,
          DenseElementsAttr::get(RankedTensorType::get({g.count}, f32),
                                 ArrayRef<float>(weights).slice(g.firstId, g.count)));
      total = buildBinary<nn::MulOp>(nc, total, w);
      if (!total)
        return failure();
    }
    groupCounts.push_back(total);
    for (int64_t j = 0; j < g.count; ++j)
      countedIds.push_back(g.firstId + j);
  }

  // Zeros of shape [.., 1] (from X, so a batch known only at run time is
  // kept), to which each column's counts are added.
  Value zero = buildReduce(nc, castTo(nc, x, f32), nn::ReduceKind::Sum, {last}, true);
  Value out = zero ? buildBinary<nn::MulOp>(nc, zero, scalarConstant(nc, f32, 0.0)) : Value();
  if (!out)
    return failure();
  if (!groupCounts.empty()) {
    Value all = groupCounts.front();
    if (groupCounts.size() > 1) {
      SmallVector<int64_t> shape(nc.tensorType(all).getShape());
      shape[last] = countedIds.size();
      all = nn::ConcatOp::create(b, nc.loc, RankedTensorType::get(shape, f32), groupCounts,
                                 b.getI64IntegerAttr(last));
    }
    // Level l holds, for each column, the l-th counted n-gram mapped to it.
    SmallVector<SmallVector<int64_t>> levels;
    llvm::DenseMap<int64_t, int64_t> seen;
    for (auto [pos, id] : llvm::enumerate(countedIds)) {
      int64_t c = (*indexes)[id];
      int64_t l = seen[c]++;
      if (l == kMaxSharing)
        return nc.fail("more than " + llvm::Twine(kMaxSharing) +
                       " counted n-grams share output column " + llvm::Twine(c));
      if (l == static_cast<int64_t>(levels.size()))
        levels.emplace_back(columns, -1);
      levels[l][c] = pos;
    }
    for (ArrayRef<int64_t> level : levels) {
      SmallVector<int64_t> from;
      SmallVector<bool> present;
      for (int64_t p : level) {
        from.push_back(std::max<int64_t>(p, 0));
        present.push_back(p >= 0);
      }
      SmallVector<int64_t> shape(xt.getShape());
      shape[last] = columns;
      Value picked = nn::GatherOp::create(b, nc.loc, RankedTensorType::get(shape, f32), all,
                                          i64Vec(from), b.getI64IntegerAttr(last));
      if (llvm::is_contained(present, false)) {
        Value mask = nn::ConstantOp::create(
            b, nc.loc, DenseElementsAttr::get(RankedTensorType::get({columns}, i1), present));
        picked = buildWhere(nc, mask, picked, scalarConstant(nc, f32, 0.0));
      }
      out = picked ? buildBinary<nn::AddOp>(nc, out, picked) : Value();
      if (!out)
        return failure();
    }
  } else {
    // No n-gram is counted: the [.., 1] zeros widened to every column.
    Value widen = nn::ConstantOp::create(
        b, nc.loc,
        DenseElementsAttr::get(RankedTensorType::get({columns}, f32), b.getF32FloatAttr(0.0)));
    out = buildBinary<nn::AddOp>(nc, out, widen);
    if (!out)
      return failure();
  }

  if (mode == "IDF") {
    Value w = weights.empty() ? scalarConstant(nc, f32, 1.0)
                              : nn::ConstantOp::create(
                                    b, nc.loc,
                                    DenseElementsAttr::get(RankedTensorType::get({columns}, f32),
                                                           ArrayRef<float>(columnWeight)));
    Value seenAny = buildBinary<nn::GreaterOp>(nc, out, scalarConstant(nc, f32, 0.0), i1);
    out = seenAny ? buildWhere(nc, seenAny, w, scalarConstant(nc, f32, 0.0)) : Value();
    if (!out)
      return failure();
  }
  nc.setOutput(0, out);
  return success();
}

} // namespace

void addTextOps(std::vector<OpEntry> &table) {
  table.push_back({"TfIdfVectorizer", {9}, {9},
                   {"max_gram_length", "max_skip_count", "min_gram_length", "mode",
                    "ngram_counts", "ngram_indexes", "pool_int64s", "pool_strings", "weights"},
                   "int32/int64 tokens with pool_int64s (no strings); counts as ONNX's "
                   "reference does; memory grows with batch x length x pool n-grams of one length",
                   tfIdfVectorizer});
}

} // namespace kiln::onnx_frontend
