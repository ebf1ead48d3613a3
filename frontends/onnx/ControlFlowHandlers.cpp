//===- ControlFlowHandlers.cpp - If, Loop, Scan ---------------------------===//
//
// The subgraphs of control-flow nodes are imported in place, inside scf
// regions, so their nodes go through the same handlers as the main graph's
// and see its values:
//
//  - If with a condition known at import time imports only the branch
//    taken; otherwise an scf.if runs one branch. Branch results of the same
//    rank but different sizes become one type with those sizes dynamic.
//  - Loop and Scan become one scf.while that counts iterations. Loop-
//    carried values keep their type when the body preserves it; where the
//    body changes a size, the body is imported again with that size
//    dynamic. Per-iteration (scan) outputs are stacked along a new leading
//    axis as the loop runs.
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/ControlFlow.h"
#include "dialects/NN/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
namespace kiln::onnx_frontend {
namespace {

using AttrType = onnx::AttributeProto::AttributeType;

/// `v` as `type` (a tensor.cast when they differ; `type` is `v`'s type with
/// some static sizes made dynamic).
Value castTo(OpBuilder &b, Location loc, Value v, Type type) {
  if (v.getType() == type)
    return v;
  return tensor::CastOp::create(b, loc, type, v);
}

/// The type both `a` and `b` fit: their sizes where they agree, dynamic
/// where they differ. Null if element types or ranks differ.
RankedTensorType join(RankedTensorType a, RankedTensorType b) {
  if (a.getElementType() != b.getElementType() || a.getRank() != b.getRank())
    return {};
  SmallVector<int64_t> shape;
  for (auto [x, y] : llvm::zip(a.getShape(), b.getShape()))
    shape.push_back(x == y ? x : ShapedType::kDynamic);
  return RankedTensorType::get(shape, a.getElementType());
}

/// The scalar in a one-element tensor `v` (input `i`, `what` in messages)
/// of element type `et`; null after recording an error.
Value scalarOf(NodeContext &nc, Value v, int i, Type et, StringRef what) {
  auto t = nc.tensorType(v);
  if (t.getElementType() != et || (t.hasStaticShape() && t.getNumElements() != 1)) {
    (void)nc.fail("input " + Twine(i) + " (" + what + ") must be a one-element " +
                  typeName(et) + " tensor, got " + typeName(t));
    return {};
  }
  // A dynamic shape is reshaped to rank 0, which checks at run time that
  // it holds one element.
  Value r = reshapeTo(nc, v, {});
  return tensor::ExtractOp::create(nc.b, nc.loc, r, ValueRange{});
}

/// Whether a value of type `out` may flow into `carried` (same element type
/// and rank; every static size of `carried` is `out`'s).
bool fits(RankedTensorType out, RankedTensorType carried) {
  if (out.getElementType() != carried.getElementType() || out.getRank() != carried.getRank())
    return false;
  for (auto [o, c] : llvm::zip(out.getShape(), carried.getShape()))
    if (!ShapedType::isDynamic(c) && o != c)
      return false;
  return true;
}

//===----------------------------------------------------------------------===//
// If
//===----------------------------------------------------------------------===//

LogicalResult importIf(NodeContext &nc) {
  Value cond = nc.input(0);
  if (!cond)
    return failure();
  const auto *thenAttr = nc.attr("then_branch", onnx::AttributeProto::GRAPH);
  const auto *elseAttr = nc.attr("else_branch", onnx::AttributeProto::GRAPH);
  if (!thenAttr || !elseAttr)
    return nc.fail("needs both then_branch and else_branch graphs");
  const onnx::GraphProto &thenG = thenAttr->g(), &elseG = elseAttr->g();
  int n = nc.node.output_size();
  if (thenG.output_size() != n || elseG.output_size() != n)
    return nc.fail("then_branch has " + Twine(thenG.output_size()) + " outputs and else_branch " +
                   Twine(elseG.output_size()) + ", but the node has " + Twine(n));

  auto ct = nc.tensorType(cond);
  if (!ct.getElementType().isInteger(1) || (ct.hasStaticShape() && ct.getNumElements() != 1))
    return nc.fail("the condition must be a one-element bool tensor, got " + typeName(ct));

  // A condition known now: only the branch taken is imported (the other
  // may not even be valid for these shapes, as in the expanded functions).
  DenseElementsAttr known;
  if (matchPattern(cond, m_Constant(&known))) {
    bool taken = known.getValues<bool>()[0];
    auto outs = nc.importSubgraph(taken ? thenG : elseG, taken ? "then_branch" : "else_branch",
                                  {});
    if (failed(outs))
      return failure();
    for (auto [i, v] : llvm::enumerate(*outs))
      nc.setOutput(i, v);
    return success();
  }

  Value c = scalarOf(nc, cond, 0, nc.b.getI1Type(), "cond");
  if (!c)
    return failure();
  OpBuilder &b = nc.b;
  // The branches are imported into an scf.if without results; once their
  // types are known, its regions move to one that has them.
  auto draft = scf::IfOp::create(b, nc.loc, TypeRange{}, c, /*withElseRegion=*/true);
  SmallVector<Value> outs[2];
  for (int k = 0; k < 2; ++k) {
    OpBuilder::InsertionGuard guard(b);
    Block *block = k == 0 ? draft.thenBlock() : draft.elseBlock();
    b.setInsertionPoint(block->getTerminator());
    auto r = nc.importSubgraph(k == 0 ? thenG : elseG, k == 0 ? "then_branch" : "else_branch", {});
    if (failed(r))
      return failure();
    outs[k] = *r;
  }
  SmallVector<Type> types;
  for (int i = 0; i < n; ++i) {
    auto a = nc.tensorType(outs[0][i]), e = nc.tensorType(outs[1][i]);
    auto t = join(a, e);
    if (!t)
      return nc.fail("output " + Twine(i) + " is " + typeName(a) + " in then_branch but " +
                     typeName(e) + " in else_branch (element type and rank must agree)");
    types.push_back(t);
  }
  auto ifOp = scf::IfOp::create(b, nc.loc, types, c, /*withElseRegion=*/true);
  for (int k = 0; k < 2; ++k) {
    Region &from = k == 0 ? draft.getThenRegion() : draft.getElseRegion();
    Region &to = k == 0 ? ifOp.getThenRegion() : ifOp.getElseRegion();
    to.takeBody(from);
    Block &block = to.front();
    OpBuilder::InsertionGuard guard(b);
    Operation *oldYield = block.getTerminator();
    b.setInsertionPoint(oldYield);
    SmallVector<Value> yielded;
    for (int i = 0; i < n; ++i)
      yielded.push_back(castTo(b, nc.loc, outs[k][i], types[i]));
    scf::YieldOp::create(b, nc.loc, yielded);
    oldYield->erase();
  }
  draft->erase();
  for (int i = 0; i < n; ++i)
    nc.setOutput(i, ifOp.getResult(i));
  return success();
}

//===----------------------------------------------------------------------===//
// Loops (Loop and Scan)
//===----------------------------------------------------------------------===//

/// The static sizes a graph declares for its output `i` (-1 where it
/// declares none).
SmallVector<int64_t> declaredShape(const onnx::GraphProto &g, int i) {
  SmallVector<int64_t> shape;
  if (i < g.output_size() && g.output(i).type().has_tensor_type() &&
      g.output(i).type().tensor_type().has_shape())
    for (const auto &d : g.output(i).type().tensor_type().shape().dim())
      shape.push_back(d.has_dim_value() ? d.dim_value() : -1);
  return shape;
}

} // namespace

FailureOr<LoopResult> buildLoop(NodeContext &nc, Value tripCount, Value cond,
                                ArrayRef<Value> init, ArrayRef<bool> prepend,
                                const BodyBuilder &body,
                                ArrayRef<SmallVector<int64_t>> declared) {
  OpBuilder &b = nc.b;
  Location loc = nc.loc;
  Type i64 = b.getI64Type(), i1 = b.getI1Type();
  Value zero = arith::ConstantIntOp::create(b, loc, i64, 0);
  Value one = arith::ConstantIntOp::create(b, loc, i64, 1);
  Value trueV = arith::ConstantIntOp::create(b, loc, i1, 1);
  size_t numCarried = init.size(), numStacked = prepend.size();

  SmallVector<RankedTensorType> carriedTypes;
  for (Value v : init)
    carriedTypes.push_back(nc.tensorType(v));

  for (int attempt = 0;; ++attempt) {
    SmallVector<Type> types{i64, i1};
    SmallVector<Value> inits{zero, cond ? cond : trueV};
    for (auto [v, t] : llvm::zip(init, carriedTypes)) {
      types.push_back(t);
      inits.push_back(castTo(b, loc, v, t));
    }
    SmallVector<Location> locs(types.size(), loc);
    OpBuilder::InsertionGuard guard(b);
    auto draft = scf::WhileOp::create(b, loc, types, inits);
    Block *after = b.createBlock(&draft.getAfter(), {}, types, locs);
    auto it = body(after->getArgument(0), after->getArgument(1),
                   after->getArguments().drop_front(2));
    if (failed(it))
      return failure();
    if (it->carried.size() != numCarried || it->stacked.size() != numStacked)
      return nc.fail("the body returns " + Twine(it->carried.size()) + " loop-carried and " +
                     Twine(it->stacked.size()) + " scan outputs, expected " +
                     Twine(numCarried) + " and " + Twine(numStacked));
    // Loop-carried types must hold every iteration's values: where the body
    // changes a size, import it again with that size dynamic (after two
    // tries, every size).
    bool stable = true;
    SmallVector<RankedTensorType> next;
    for (size_t j = 0; j < numCarried; ++j) {
      auto out = nc.tensorType(it->carried[j]);
      auto joined = join(carriedTypes[j], out);
      if (!joined)
        return nc.fail("loop-carried value " + Twine(j) + " enters the body as " +
                       typeName(carriedTypes[j]) + " but leaves it as " + typeName(out) +
                       " (element type and rank must stay the same)");
      if (!fits(out, carriedTypes[j])) {
        stable = false;
        if (attempt >= 2)
          joined = RankedTensorType::get(
              SmallVector<int64_t>(out.getRank(), ShapedType::kDynamic), out.getElementType());
      }
      next.push_back(joined);
    }
    if (!stable) {
      if (attempt >= 3)
        return nc.fail("the loop-carried types do not settle");
      nc.discard(draft);
      carriedTypes = next;
      continue;
    }

    // Stacked outputs: the slices so far, [iterations, slice dims...].
    SmallVector<RankedTensorType> accTypes;
    SmallVector<Value> accInits;
    {
      OpBuilder::InsertionGuard g2(b);
      b.setInsertionPoint(draft);
      for (auto [k, s] : llvm::enumerate(it->stacked)) {
        auto st = nc.tensorType(s);
        SmallVector<int64_t> shape{ShapedType::kDynamic};
        llvm::append_range(shape, st.getShape());
        auto accType = RankedTensorType::get(shape, st.getElementType());
        SmallVector<int64_t> emptyShape{0};
        for (auto [d, size] : llvm::enumerate(st.getShape())) {
          int64_t given = k < declared.size() && declared[k].size() == st.getShape().size()
                              ? declared[k][d]
                              : -1;
          emptyShape.push_back(!ShapedType::isDynamic(size) ? size : given >= 0 ? given : 0);
        }
        auto emptyType = RankedTensorType::get(emptyShape, st.getElementType());
        Value empty = nn::ConstantOp::create(
            b, loc, DenseElementsAttr::get(emptyType, ArrayRef<Attribute>{}));
        accTypes.push_back(accType);
        accInits.push_back(castTo(b, loc, empty, accType));
      }
    }
    SmallVector<Value> yielded;
    Value iter = after->getArgument(0);
    Value isFirst = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, iter, zero);
    yielded.push_back(arith::AddIOp::create(b, loc, iter, one));
    yielded.push_back(cond && it->cond ? it->cond : trueV);
    for (size_t j = 0; j < numCarried; ++j)
      yielded.push_back(castTo(b, loc, it->carried[j], carriedTypes[j]));
    for (size_t k = 0; k < numStacked; ++k) {
      Value acc = after->addArgument(accTypes[k], loc);
      Value s = it->stacked[k];
      auto st = nc.tensorType(s);
      // The slice with a leading 1, then the stack so far with it added.
      SmallVector<ReassociationIndices> groups;
      SmallVector<OpFoldResult> sizes{b.getIndexAttr(1)};
      for (int64_t d = 0; d < st.getRank(); ++d) {
        groups.push_back({d + 1});
        sizes.push_back(st.isDynamicDim(d) ? OpFoldResult(tensor::DimOp::create(b, loc, s, d))
                                           : OpFoldResult(b.getIndexAttr(st.getDimSize(d))));
      }
      if (!groups.empty())
        groups.front().insert(groups.front().begin(), 0);
      SmallVector<int64_t> unitShape{1};
      llvm::append_range(unitShape, accTypes[k].getShape().drop_front());
      SmallVector<int64_t> sliceShape{1};
      llvm::append_range(sliceShape, st.getShape());
      Value unit = tensor::ExpandShapeOp::create(
          b, loc, RankedTensorType::get(sliceShape, st.getElementType()), s, groups, sizes);
      unit = castTo(b, loc, unit, RankedTensorType::get(unitShape, st.getElementType()));
      auto pick = scf::IfOp::create(b, loc, TypeRange{accTypes[k]}, isFirst, true);
      {
        OpBuilder::InsertionGuard g3(b);
        b.setInsertionPointToStart(pick.thenBlock());
        scf::YieldOp::create(b, loc, castTo(b, loc, unit, accTypes[k]));
        b.setInsertionPointToStart(pick.elseBlock());
        SmallVector<Value> parts = prepend[k] ? SmallVector<Value>{unit, acc}
                                              : SmallVector<Value>{acc, unit};
        Value cat = nn::ConcatOp::create(b, loc, accTypes[k], parts, b.getI64IntegerAttr(0));
        scf::YieldOp::create(b, loc, cat);
      }
      yielded.push_back(pick.getResult(0));
    }
    scf::YieldOp::create(b, loc, yielded);

    // The final loop: the draft's body, with the stacks added to what the
    // loop carries, and the test before each iteration.
    b.setInsertionPoint(draft);
    llvm::append_range(types, accTypes);
    llvm::append_range(inits, accInits);
    locs.assign(types.size(), loc);
    auto loop = scf::WhileOp::create(b, loc, types, inits);
    loop.getAfter().takeBody(draft.getAfter());
    draft->erase();
    Block *before = b.createBlock(&loop.getBefore(), {}, types, locs);
    Value go = before->getArgument(1);
    if (tripCount) {
      Value below = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt,
                                          before->getArgument(0), tripCount);
      go = arith::AndIOp::create(b, loc, go, below);
    }
    scf::ConditionOp::create(b, loc, go, before->getArguments());

    LoopResult result;
    for (size_t j = 0; j < numCarried; ++j)
      result.carried.push_back(loop.getResult(2 + j));
    for (size_t k = 0; k < numStacked; ++k)
      result.stacked.push_back(loop.getResult(2 + numCarried + k));
    // The guard restores the insertion point the loop was built at, which
    // is after it.
    return result;
  }
}

namespace {

/// A rank-0 tensor holding the scalar `v`.
Value scalarTensor(OpBuilder &b, Location loc, Value v) {
  return tensor::FromElementsOp::create(b, loc, RankedTensorType::get({}, v.getType()), v);
}

LogicalResult importLoop(NodeContext &nc) {
  const auto *bodyAttr = nc.attr("body", onnx::AttributeProto::GRAPH);
  if (!bodyAttr)
    return nc.fail("needs a body graph");
  const onnx::GraphProto &body = bodyAttr->g();
  if (nc.numInputs() < 2)
    return nc.fail("needs the inputs M and cond (either may be empty)");
  int numCarried = nc.numInputs() - 2;
  if (body.input_size() != numCarried + 2)
    return nc.fail("the body has " + Twine(body.input_size()) + " inputs, expected " +
                   Twine(numCarried + 2) + " (iteration number, condition, " +
                   Twine(numCarried) + " loop-carried values)");
  int numStacked = body.output_size() - 1 - numCarried;
  if (numStacked < 0)
    return nc.fail("the body has " + Twine(body.output_size()) + " outputs, expected at least " +
                   Twine(numCarried + 1) + " (condition and loop-carried values)");
  if (nc.node.output_size() > numCarried + numStacked)
    return nc.fail("the node has " + Twine(nc.node.output_size()) + " outputs, but the body " +
                   "gives " + Twine(numCarried + numStacked));
  if (!nc.hasInput(0) && !nc.hasInput(1))
    return nc.fail("with neither a trip count M nor a condition the loop never ends");

  Value tripCount, cond;
  if (nc.hasInput(0)) {
    Value m = nc.input(0);
    if (!m || !(tripCount = scalarOf(nc, m, 0, nc.b.getI64Type(), "M")))
      return failure();
  }
  if (nc.hasInput(1)) {
    Value c = nc.input(1);
    if (!c || !(cond = scalarOf(nc, c, 1, nc.b.getI1Type(), "cond")))
      return failure();
  }
  SmallVector<Value> init;
  for (int i = 2; i < nc.numInputs(); ++i) {
    Value v = nc.input(i);
    if (!v)
      return failure();
    init.push_back(v);
  }
  SmallVector<bool> prepend(numStacked, false);
  SmallVector<SmallVector<int64_t>> declared;
  for (int k = 0; k < numStacked; ++k)
    declared.push_back(declaredShape(body, 1 + numCarried + k));
  auto result = buildLoop(
      nc, tripCount, cond, init, prepend,
      [&](Value iter, Value c, ValueRange carried) -> FailureOr<IterationResult> {
        SmallVector<Value> in{scalarTensor(nc.b, nc.loc, iter), scalarTensor(nc.b, nc.loc, c)};
        llvm::append_range(in, carried);
        auto outs = nc.importSubgraph(body, "body", in);
        if (failed(outs))
          return failure();
        IterationResult r;
        Value condOut = scalarOf(nc, (*outs)[0], 0, nc.b.getI1Type(), "the body's condition");
        if (!condOut)
          return failure();
        r.cond = condOut;
        r.carried.assign(outs->begin() + 1, outs->begin() + 1 + numCarried);
        r.stacked.assign(outs->begin() + 1 + numCarried, outs->end());
        return r;
      },
      declared);
  if (failed(result))
    return failure();
  for (int j = 0; j < numCarried; ++j)
    nc.setOutput(j, result->carried[j]);
  for (int k = 0; k < numStacked; ++k)
    nc.setOutput(numCarried + k, result->stacked[k]);
  return success();
}

} // namespace

Value sliceAt(NodeContext &nc, Value v, int64_t axis, Value i) {
  OpBuilder &b = nc.b;
  auto t = nc.tensorType(v);
  SmallVector<OpFoldResult> offsets, sizes, strides;
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < t.getRank(); ++d) {
    strides.push_back(b.getIndexAttr(1));
    if (d == axis) {
      offsets.push_back(
          arith::IndexCastOp::create(b, nc.loc, b.getIndexType(), i).getResult());
      sizes.push_back(b.getIndexAttr(1));
      continue;
    }
    offsets.push_back(b.getIndexAttr(0));
    shape.push_back(t.getDimSize(d));
    sizes.push_back(t.isDynamicDim(d) ? OpFoldResult(tensor::DimOp::create(b, nc.loc, v, d))
                                      : OpFoldResult(b.getIndexAttr(t.getDimSize(d))));
  }
  return tensor::ExtractSliceOp::create(b, nc.loc,
                                        RankedTensorType::get(shape, t.getElementType()), v,
                                        offsets, sizes, strides);
}

namespace {

/// `v` (stacked along axis 0) with that axis moved to `axis`.
Value moveLeadingAxis(NodeContext &nc, Value v, int64_t axis) {
  if (axis == 0)
    return v;
  auto t = nc.tensorType(v);
  SmallVector<int64_t> perm, shape;
  for (int64_t d = 1; d < t.getRank(); ++d) {
    if (static_cast<int64_t>(perm.size()) == axis)
      perm.push_back(0);
    perm.push_back(d);
  }
  if (static_cast<int64_t>(perm.size()) == axis)
    perm.push_back(0);
  for (int64_t p : perm)
    shape.push_back(t.getDimSize(p));
  return nn::TransposeOp::create(nc.b, nc.loc, RankedTensorType::get(shape, t.getElementType()),
                                 v, nc.b.getDenseI64ArrayAttr(perm));
}

/// Scan's attribute `name` (one entry per input or output, default 0),
/// or an error.
FailureOr<SmallVector<int64_t>> perEntry(NodeContext &nc, StringRef name, size_t n) {
  auto v = nc.getInts(name);
  if (!v)
    return SmallVector<int64_t>(n, 0);
  if (v->size() != n)
    return nc.fail("attribute '" + name + "' has " + Twine(v->size()) + " entries, expected " +
                   Twine(n));
  return *v;
}

/// The states and scan outputs of one scan over `inputs` along `axes`.
FailureOr<LoopResult> buildScan(NodeContext &nc, const onnx::GraphProto &body,
                                ArrayRef<Value> states, ArrayRef<Value> inputs,
                                ArrayRef<int64_t> axes, ArrayRef<int64_t> directions,
                                ArrayRef<int64_t> outDirections) {
  OpBuilder &b = nc.b;
  // The number of iterations: the length of the first input's axis; the
  // others must agree (checked at run time when not known here).
  Value length = dimScalar(nc, inputs[0], axes[0]);
  Value len = tensor::ExtractOp::create(b, nc.loc, length, ValueRange{});
  for (size_t k = 1; k < inputs.size(); ++k) {
    int64_t a = nc.tensorType(inputs[0]).getDimSize(axes[0]);
    int64_t o = nc.tensorType(inputs[k]).getDimSize(axes[k]);
    if (!ShapedType::isDynamic(a) && !ShapedType::isDynamic(o)) {
      if (a != o)
        return nc.fail("scan input " + Twine(k) + " has " + Twine(o) +
                       " entries along its scan axis, but scan input 0 has " + Twine(a));
      continue;
    }
    Value other = tensor::ExtractOp::create(b, nc.loc, dimScalar(nc, inputs[k], axes[k]),
                                            ValueRange{});
    Value same = arith::CmpIOp::create(b, nc.loc, arith::CmpIPredicate::eq, len, other);
    cf::AssertOp::create(b, nc.loc, same,
                         "node '" + nc.node.name() + "' (Scan): scan input " +
                             std::to_string(k) +
                             " has a different length along its scan axis than scan input 0");
  }
  SmallVector<bool> prepend;
  for (int64_t d : outDirections)
    prepend.push_back(d != 0);
  SmallVector<SmallVector<int64_t>> declared;
  for (size_t k = 0; k < outDirections.size(); ++k)
    declared.push_back(declaredShape(body, states.size() + k));
  return buildLoop(
      nc, len, Value(), states, prepend,
      [&](Value iter, Value, ValueRange carried) -> FailureOr<IterationResult> {
        SmallVector<Value> in(carried.begin(), carried.end());
        Value reversed;
        for (auto [k, v] : llvm::enumerate(inputs)) {
          Value at = iter;
          if (directions[k] != 0) {
            if (!reversed) {
              Value last = arith::SubIOp::create(
                  b, nc.loc, len, arith::ConstantIntOp::create(b, nc.loc, b.getI64Type(), 1));
              reversed = arith::SubIOp::create(b, nc.loc, last, iter);
            }
            at = reversed;
          }
          in.push_back(sliceAt(nc, v, axes[k], at));
        }
        auto outs = nc.importSubgraph(body, "body", in);
        if (failed(outs))
          return failure();
        IterationResult r;
        r.carried.assign(outs->begin(), outs->begin() + states.size());
        r.stacked.assign(outs->begin() + states.size(), outs->end());
        return r;
      },
      declared);
}

LogicalResult importScan(NodeContext &nc) {
  const auto *bodyAttr = nc.attr("body", onnx::AttributeProto::GRAPH);
  if (!bodyAttr)
    return nc.fail("needs a body graph");
  const onnx::GraphProto &body = bodyAttr->g();
  int64_t numScan = nc.getInt("num_scan_inputs", 0);
  bool v8 = nc.version == 8;
  int first = v8 ? 1 : 0; // Scan 8 starts with sequence_lens
  if (numScan < 1 || numScan > nc.numInputs() - first)
    return nc.fail("num_scan_inputs is " + Twine(numScan) + ", but must be at least 1 and at "
                   "most the number of inputs (" + Twine(nc.numInputs() - first) + ")");
  int64_t numStates = nc.numInputs() - first - numScan;
  if (body.input_size() != numStates + numScan)
    return nc.fail("the body has " + Twine(body.input_size()) + " inputs, expected " +
                   Twine(numStates + numScan) + " (" + Twine(numStates) + " states, " +
                   Twine(numScan) + " scan inputs)");
  int64_t numOut = body.output_size() - numStates;
  if (numOut < 0)
    return nc.fail("the body has " + Twine(body.output_size()) + " outputs, fewer than the " +
                   Twine(numStates) + " states");
  if (nc.node.output_size() > numStates + numOut)
    return nc.fail("the node has " + Twine(nc.node.output_size()) + " outputs, but the body "
                   "gives " + Twine(numStates + numOut));
  if (v8 && nc.hasInput(0))
    return nc.fail("sequence_lens is not supported (every batch entry scans the whole "
                   "sequence when it is omitted)");

  SmallVector<Value> states, inputs;
  for (int i = first; i < nc.numInputs(); ++i) {
    Value v = nc.input(i);
    if (!v)
      return failure();
    (i < first + numStates ? states : inputs).push_back(v);
  }
  // Scan 8: a batch axis 0 on every state and input, the scan axis 1.
  int64_t batch = v8 ? 1 : 0;
  auto inAxes = perEntry(nc, "scan_input_axes", numScan);
  auto dirs = perEntry(nc, v8 ? "directions" : "scan_input_directions", numScan);
  auto outAxes = perEntry(nc, "scan_output_axes", numOut);
  auto outDirs = perEntry(nc, "scan_output_directions", numOut);
  if (failed(inAxes) || failed(dirs) || failed(outAxes) || failed(outDirs))
    return failure();
  for (auto [k, v] : llvm::enumerate(inputs)) {
    int64_t rank = nc.tensorType(v).getRank() - batch;
    int64_t &a = (*inAxes)[k];
    if (a < -rank || a >= rank)
      return nc.fail("scan_input_axes[" + Twine(k) + "] = " + Twine(a) +
                     " is out of range for scan input " + Twine(k) + " of rank " + Twine(rank));
    a = a < 0 ? a + rank : a;
  }
  for (auto [k, v] : llvm::enumerate(states))
    if (v8 && nc.tensorType(v).getRank() < 1)
      return nc.fail("state " + Twine(k) + " has no batch axis");

  if (!v8) {
    auto result = buildScan(nc, body, states, inputs, *inAxes, *dirs, *outDirs);
    if (failed(result))
      return failure();
    for (int64_t j = 0; j < numStates; ++j)
      nc.setOutput(j, result->carried[j]);
    for (int64_t k = 0; k < numOut; ++k) {
      Value s = result->stacked[k];
      int64_t rank = nc.tensorType(s).getRank();
      int64_t a = (*outAxes)[k];
      if (a < -rank || a >= rank)
        return nc.fail("scan_output_axes[" + Twine(k) + "] = " + Twine(a) +
                       " is out of range for scan output " + Twine(k) + " of rank " +
                       Twine(rank));
      nc.setOutput(numStates + k, moveLeadingAxis(nc, s, a < 0 ? a + rank : a));
    }
    return success();
  }

  // Scan 8: a scan per batch entry, the final states and scan outputs of
  // each stacked along the batch axis.
  Value batchSize = tensor::ExtractOp::create(
      nc.b, nc.loc, dimScalar(nc, states.empty() ? inputs[0] : states[0], 0), ValueRange{});
  SmallVector<bool> prepend(numStates + numOut, false);
  auto result = buildLoop(
      nc, batchSize, Value(), {}, prepend,
      [&](Value iter, Value, ValueRange) -> FailureOr<IterationResult> {
        SmallVector<Value> s, in;
        for (Value v : states)
          s.push_back(sliceAt(nc, v, 0, iter));
        for (Value v : inputs)
          in.push_back(sliceAt(nc, v, 0, iter));
        auto inner = buildScan(nc, body, s, in, *inAxes, *dirs, *outDirs);
        if (failed(inner))
          return failure();
        IterationResult r;
        r.stacked = inner->carried;
        llvm::append_range(r.stacked, inner->stacked);
        return r;
      });
  if (failed(result))
    return failure();
  for (int64_t k = 0; k < numStates + numOut; ++k)
    nc.setOutput(k, result->stacked[k]);
  return success();
}

} // namespace

void addControlFlowOps(std::vector<OpEntry> &table) {
  table.push_back({"If", {1, 11, 13, 16, 19, 21, 23, 24}, {1, 11, 13, 16, 19, 21, 23, 24},
                   {"then_branch", "else_branch"},
                   "a condition known at import imports only the branch taken; otherwise "
                   "scf.if. Branch outputs must agree in element type and rank (sizes may "
                   "differ); tensor outputs only",
                   importIf});
  table.push_back({"Loop", {1, 11, 13, 16, 19, 21, 23, 24}, {1, 11, 13, 16, 19, 21, 23, 24},
                   {"body"},
                   "loop-carried values keep element type and rank (sizes may change); scan "
                   "outputs are stacked by concatenation (quadratic in the iteration count); "
                   "tensor values only",
                   importLoop});
  table.push_back({"Scan", {8, 9, 11, 16, 19, 21, 23, 24}, {8, 9, 11, 16, 19, 21, 23, 24},
                   {"body", "num_scan_inputs", "directions", "scan_input_axes",
                    "scan_input_directions", "scan_output_axes", "scan_output_directions"},
                   "Scan 8 without sequence_lens; scan outputs are stacked by concatenation "
                   "(quadratic in the sequence length)",
                   importScan});
}

} // namespace kiln::onnx_frontend
