//===- LossHandlers.cpp - ONNX loss operators -----------------------------===//
//
// NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss, decomposed into nn
// ops the way ONNX's own function bodies define them: each target's score
// is gathered along the class axis, negated, weighted (ignore_index weighs
// 0) and reduced ("none", "sum", or "mean" = sum / sum of the weights).
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/ImporterImpl.h"
#include "dialects/NN/IR/NNOps.h"

using namespace mlir;

namespace kiln::onnx_frontend {
namespace {

/// The loss of log-probabilities `x` [N, C, d1..dk] against class indices
/// `target` [N, d1..dk] with optional class weights `weight` [C]; sets
/// output 0.
LogicalResult nllLoss(NodeContext &nc, Value x, Value target, Value weight) {
  auto xt = nc.tensorType(x), tt = nc.tensorType(target);
  Type et = xt.getElementType(), it = tt.getElementType();
  if (xt.getRank() < 2)
    return nc.fail("input 0 must have rank 2 or more (N, C, d1..dk), got " +
                   typeName(xt));
  if (!it.isInteger(32) && !it.isInteger(64))
    return nc.fail("input 1 (target) must be an int32 or int64 tensor, got " + typeName(tt));
  if (tt.getRank() != xt.getRank() - 1)
    return nc.fail("input 1 (target) " + typeName(tt) + " must have rank " +
                   std::to_string(xt.getRank() - 1) + " to match input 0 " + typeName(xt));
  for (int64_t i = 0; i < tt.getRank(); ++i) {
    int64_t xd = xt.getDimSize(i == 0 ? 0 : i + 1), td = tt.getDimSize(i);
    if (!ShapedType::isDynamic(xd) && !ShapedType::isDynamic(td) && xd != td)
      return nc.fail("input 1 (target) " + typeName(tt) + " does not match input 0 " +
                     typeName(xt) + " (target dimension " + std::to_string(i) + ")");
  }
  if (weight) {
    auto wt = nc.tensorType(weight);
    if (wt.getRank() != 1 || wt.getElementType() != et)
      return nc.fail("input 2 (weight) must be a 1-D tensor of " + typeName(et) + ", got " +
                     typeName(wt));
    int64_t c = xt.getDimSize(1), wc = wt.getDimSize(0);
    if (!ShapedType::isDynamic(c) && !ShapedType::isDynamic(wc) && c != wc)
      return nc.fail("input 2 (weight) " + typeName(wt) + " must have one entry per class (" +
                     std::to_string(c) + ")");
  }
  std::string reduction = nc.getString("reduction", "mean");
  if (reduction != "none" && reduction != "sum" && reduction != "mean")
    return nc.fail("reduction must be 'none', 'sum' or 'mean', got '" + reduction + "'");

  auto &b = nc.b;
  Type i1 = b.getI1Type();
  // Ignored positions gather class 0 (any valid index) and are zeroed.
  Value safeTarget = target, ignored;
  const onnx::AttributeProto *ii = nc.attr("ignore_index");
  // An ignore_index the target type cannot hold matches no target.
  if (ii && !llvm::isIntN(it.getIntOrFloatBitWidth(), ii->i()))
    ii = nullptr;
  if (ii) {
    ignored = buildBinary<nn::EqualOp>(nc, target, intConstant(nc, it, ii->i()), i1);
    if (!ignored)
      return failure();
    safeTarget = buildWhere(nc, ignored, scalarConstant(nc, it, 0), target);
    if (!safeTarget)
      return failure();
  }

  // x[n, target[n, d...], d...] by a gather along the class axis.
  SmallVector<int64_t> idxShape(tt.getShape());
  idxShape.insert(idxShape.begin() + 1, 1);
  Value idx = reshapeTo(nc, safeTarget, idxShape);
  Value gathered = nn::GatherElementsOp::create(b, nc.loc, RankedTensorType::get(idxShape, et),
                                                x, idx, b.getI64IntegerAttr(1));
  SmallVector<int64_t> lossShape(tt.getShape());
  Value picked = reshapeTo(nc, gathered, lossShape);
  auto lossType = RankedTensorType::get(lossShape, et);
  Value loss = nn::NegOp::create(b, nc.loc, lossType, picked);

  // The per-position weight: weight[target], 0 where ignored; none at all
  // when there are neither class weights nor an ignore_index.
  Value w;
  Value zero = scalarConstant(nc, et, 0.0);
  if (weight)
    w = nn::GatherOp::create(b, nc.loc, lossType, weight, safeTarget, b.getI64IntegerAttr(0));
  if (ignored) {
    loss = buildWhere(nc, ignored, zero, loss);
    w = buildWhere(nc, ignored, zero, w ? w : scalarConstant(nc, et, 1.0));
    if (!loss || !w)
      return failure();
  }
  if (w) {
    loss = buildBinary<nn::MulOp>(nc, loss, w);
    if (!loss)
      return failure();
  }
  if (reduction == "none") {
    nc.setOutput(0, loss);
    return success();
  }
  SmallVector<int64_t> all;
  for (int64_t i = 0; i < (int64_t)lossShape.size(); ++i)
    all.push_back(i);
  Value out;
  if (reduction == "sum") {
    out = buildReduce(nc, loss, nn::ReduceKind::Sum, all, /*keepdims=*/false);
  } else if (!w) {
    out = buildReduce(nc, loss, nn::ReduceKind::Mean, all, /*keepdims=*/false);
  } else {
    Value num = buildReduce(nc, loss, nn::ReduceKind::Sum, all, false);
    Value den = buildReduce(nc, w, nn::ReduceKind::Sum, all, false);
    out = num && den ? buildBinary<nn::DivOp>(nc, num, den) : Value();
  }
  if (!out)
    return failure();
  nc.setOutput(0, out);
  return success();
}

LogicalResult negativeLogLikelihoodLoss(NodeContext &nc) {
  Value x = nc.input(0), target = nc.input(1);
  if (!x || !target || failed(requireFloat(nc, x, 0)))
    return failure();
  Value weight = nc.optionalInput(2);
  if (nc.hasInput(2) && !weight)
    return failure();
  return nllLoss(nc, x, target, weight);
}

/// The loss of log_softmax(scores) along the class axis; output 1, when
/// asked for, is that log-probability tensor.
LogicalResult softmaxCrossEntropyLoss(NodeContext &nc) {
  Value scores = nc.input(0), labels = nc.input(1);
  if (!scores || !labels || failed(requireFloat(nc, scores, 0)))
    return failure();
  auto st = nc.tensorType(scores);
  if (st.getRank() < 2)
    return nc.fail("input 0 must have rank 2 or more (N, C, d1..dk), got " +
                   typeName(st));
  Value logProb = nn::LogSoftmaxOp::create(nc.b, nc.loc, st, scores, nc.b.getI64IntegerAttr(1));
  Value weight = nc.optionalInput(2);
  if ((nc.hasInput(2) && !weight) || failed(nllLoss(nc, logProb, labels, weight)))
    return failure();
  if (nc.node.output_size() > 1 && !nc.node.output(1).empty())
    nc.setOutput(1, logProb);
  return success();
}

} // namespace

void addLossOps(std::vector<OpEntry> &table) {
  table.push_back({"NegativeLogLikelihoodLoss", {12, 13, 22}, {12, 13, 22},
                   {"ignore_index", "reduction"},
                   "gather along the class axis, weighted, reduced", negativeLogLikelihoodLoss});
  table.push_back({"SoftmaxCrossEntropyLoss", {12, 13}, {12, 13},
                   {"ignore_index", "reduction"},
                   "log_softmax over the class axis, then NegativeLogLikelihoodLoss; "
                   "optional log_prob output",
                   softmaxCrossEntropyLoss});
}

} // namespace kiln::onnx_frontend
