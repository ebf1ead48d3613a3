//===- kiln-fuzz-import.cpp - libFuzzer target for the ONNX importer ------===//
//
// Feeds arbitrary bytes to the ONNX importer as a serialized model, twice:
// with the model's own shapes, and with every input dimension dynamic and
// every initializer referenced as a resource. The importer must either
// return a module that verifies and prints, or fail with exactly one
// non-empty line of error and no other diagnostic. Anything else (a crash,
// a sanitizer report, an empty or multi-line message, a stray diagnostic,
// a module that does not verify) aborts, which libFuzzer reports as a
// finding. Built by scripts/build-fuzzer.sh; see docs/testing.md.
//
// Most mutations are structure-aware: the input is parsed as a ModelProto,
// one to three of its fields change (a dimension, an attribute value, an
// element type, a name swapped for another of the model's names or an
// operator's, a node or initializer dropped, duplicated or moved, a graph
// input made an initializer) and it is serialized again. The rest are
// libFuzzer's byte-level mutations, which also reach the protobuf parser
// with broken input.
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/Importer.h"

#include <onnx/onnx_pb.h>

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <random>
#include <vector>

using namespace mlir;

namespace {
[[noreturn]] void finding(const std::string &what, const std::string &detail) {
  llvm::errs() << "kiln-fuzz-import: " << what << "\n" << detail << "\n";
  llvm::errs().flush();
  std::abort();
}

/// One context serves many inputs (making one per input would take most of
/// the time); a fresh one every 256 inputs bounds what it accumulates
/// (uniqued attributes, resource blobs).
MLIRContext &context() {
  static std::unique_ptr<MLIRContext> ctx;
  static unsigned uses = 0;
  if (!ctx || ++uses % 256 == 0)
    ctx = std::make_unique<MLIRContext>(MLIRContext::Threading::DISABLED);
  return *ctx;
}

void importOnce(llvm::StringRef bytes, bool dynamic) {
  MLIRContext &ctx = context();
  std::string stray;
  ScopedDiagnosticHandler handler(&ctx, [&](Diagnostic &d) {
    if (d.getSeverity() == DiagnosticSeverity::Error && stray.empty())
      stray = d.str();
    return success();
  });
  kiln::onnx_frontend::ImportOptions options;
  options.forceDynamicInputs = dynamic;
  options.resourceThresholdBytes = dynamic ? 0 : 1024;
  std::string error;
  // A directory that does not exist: external data never resolves.
  OwningOpRef<ModuleOp> module = kiln::onnx_frontend::importModelBytes(
      ctx, bytes, "/nonexistent-kiln-fuzz/model.onnx", options, error);
  if (!stray.empty())
    finding("a diagnostic escaped the importer", stray);
  if (!module) {
    if (error.empty())
      finding("import failed without a message", "");
    if (error.find('\n') != std::string::npos)
      finding("the error message has more than one line", error);
    return;
  }
  if (!error.empty())
    finding("import succeeded but set an error", error);
  if (failed(verify(*module)))
    finding("the imported module does not verify", stray);
  module->print(llvm::nulls());
}
} // namespace

//===----------------------------------------------------------------------===//
// Structure-aware mutation
//===----------------------------------------------------------------------===//

extern "C" size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t maxSize);

namespace {
namespace pb = google::protobuf;
using Rng = std::minstd_rand;

/// One scalar field (an element of a repeated one when index >= 0).
struct Slot {
  pb::Message *msg;
  const pb::FieldDescriptor *field;
  int index;
};
/// A repeated field (of messages or scalars).
struct List {
  pb::Message *msg;
  const pb::FieldDescriptor *field;
};

struct Fields {
  std::vector<Slot> scalars;
  std::vector<List> lists;
  std::vector<std::string> strings; ///< every string in the model
};

void collect(pb::Message *m, Fields &out, int depth = 0) {
  const pb::Reflection *r = m->GetReflection();
  const pb::Descriptor *d = m->GetDescriptor();
  for (int i = 0; i < d->field_count(); ++i) {
    const pb::FieldDescriptor *f = d->field(i);
    bool isMsg = f->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE;
    if (f->is_repeated()) {
      out.lists.push_back({m, f});
      int n = r->FieldSize(*m, f);
      for (int j = 0; j < n; ++j) {
        if (isMsg) {
          if (depth < 8)
            collect(r->MutableRepeatedMessage(m, f, j), out, depth + 1);
        } else {
          out.scalars.push_back({m, f, j});
          if (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_STRING)
            out.strings.push_back(r->GetRepeatedString(*m, f, j));
        }
      }
    } else if (isMsg) {
      if (r->HasField(*m, f) && depth < 8)
        collect(r->MutableMessage(m, f), out, depth + 1);
    } else {
      out.scalars.push_back({m, f, -1});
      if (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_STRING && r->HasField(*m, f))
        out.strings.push_back(r->GetString(*m, f));
    }
  }
}

int64_t interestingInt(Rng &rng, int64_t old) {
  static const int64_t values[] = {
      0, 1, -1, 2, 3, 4, 7, 8, 16, 255, 256, 65536, -2, -3, -65536,
      int64_t(1) << 31, (int64_t(1) << 31) - 1, int64_t(1) << 32,
      int64_t(1) << 40, int64_t(1) << 62, std::numeric_limits<int64_t>::max(),
      std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::min() + 1};
  auto u = static_cast<uint64_t>(old); // wrapping arithmetic
  switch (rng() % 6) {
  case 0: return static_cast<int64_t>(u + 1);
  case 1: return static_cast<int64_t>(u - 1);
  case 2: return static_cast<int64_t>(0 - u);
  case 3: return static_cast<int64_t>(rng() % 40) - 10;
  default: return values[rng() % std::size(values)];
  }
}

double interestingFloat(Rng &rng, double old) {
  static const double values[] = {0.0, -0.0, 1.0, -1.0, 0.5, 1e-30, 1e30, 3.4e38,
                                  std::numeric_limits<double>::infinity(),
                                  -std::numeric_limits<double>::infinity(),
                                  std::numeric_limits<double>::quiet_NaN()};
  if (rng() % 3 == 0)
    return old * 2;
  return values[rng() % std::size(values)];
}

std::string interestingString(Rng &rng, const Fields &f, const std::string &old) {
  static const std::vector<std::string> ops = [] {
    std::vector<std::string> v;
    for (const auto &op : kiln::onnx_frontend::supportedOps())
      v.push_back(op.opType);
    return v;
  }();
  switch (rng() % 6) {
  case 0: return "";
  case 1: return ops[rng() % ops.size()];
  case 2: return old + old;
  case 3: return old.empty() ? old : old.substr(0, rng() % old.size());
  default:
    return f.strings.empty() ? old : f.strings[rng() % f.strings.size()];
  }
}

void mutateScalar(Rng &rng, const Fields &f, const Slot &s) {
  using FD = pb::FieldDescriptor;
  const pb::Reflection *r = s.msg->GetReflection();
  bool rep = s.index >= 0;
  switch (s.field->cpp_type()) {
  case FD::CPPTYPE_INT32: {
    int64_t old = rep ? r->GetRepeatedInt32(*s.msg, s.field, s.index)
                      : r->GetInt32(*s.msg, s.field);
    auto v = static_cast<int32_t>(rng() % 3 == 0 ? static_cast<int64_t>(rng() % 30)
                                                 : interestingInt(rng, old));
    rep ? r->SetRepeatedInt32(s.msg, s.field, s.index, v) : r->SetInt32(s.msg, s.field, v);
    break;
  }
  case FD::CPPTYPE_INT64: {
    int64_t old = rep ? r->GetRepeatedInt64(*s.msg, s.field, s.index)
                      : r->GetInt64(*s.msg, s.field);
    int64_t v = interestingInt(rng, old);
    rep ? r->SetRepeatedInt64(s.msg, s.field, s.index, v) : r->SetInt64(s.msg, s.field, v);
    break;
  }
  case FD::CPPTYPE_UINT32:
  case FD::CPPTYPE_UINT64: {
    uint64_t v = static_cast<uint64_t>(interestingInt(rng, 0));
    if (s.field->cpp_type() == FD::CPPTYPE_UINT32)
      rep ? r->SetRepeatedUInt32(s.msg, s.field, s.index, static_cast<uint32_t>(v))
          : r->SetUInt32(s.msg, s.field, static_cast<uint32_t>(v));
    else
      rep ? r->SetRepeatedUInt64(s.msg, s.field, s.index, v) : r->SetUInt64(s.msg, s.field, v);
    break;
  }
  case FD::CPPTYPE_FLOAT:
  case FD::CPPTYPE_DOUBLE: {
    bool isFloat = s.field->cpp_type() == FD::CPPTYPE_FLOAT;
    double old = isFloat ? (rep ? r->GetRepeatedFloat(*s.msg, s.field, s.index)
                                : r->GetFloat(*s.msg, s.field))
                         : (rep ? r->GetRepeatedDouble(*s.msg, s.field, s.index)
                                : r->GetDouble(*s.msg, s.field));
    double v = interestingFloat(rng, old);
    if (isFloat)
      rep ? r->SetRepeatedFloat(s.msg, s.field, s.index, static_cast<float>(v))
          : r->SetFloat(s.msg, s.field, static_cast<float>(v));
    else
      rep ? r->SetRepeatedDouble(s.msg, s.field, s.index, v)
          : r->SetDouble(s.msg, s.field, v);
    break;
  }
  case FD::CPPTYPE_BOOL:
    if (!rep)
      r->SetBool(s.msg, s.field, !r->GetBool(*s.msg, s.field));
    break;
  case FD::CPPTYPE_ENUM: {
    const pb::EnumDescriptor *e = s.field->enum_type();
    const pb::EnumValueDescriptor *v = e->value(rng() % e->value_count());
    rep ? r->SetRepeatedEnum(s.msg, s.field, s.index, v) : r->SetEnum(s.msg, s.field, v);
    break;
  }
  case FD::CPPTYPE_STRING: {
    std::string old = rep ? r->GetRepeatedString(*s.msg, s.field, s.index)
                          : r->GetString(*s.msg, s.field);
    std::string v;
    if (s.field->type() == FD::TYPE_BYTES) {
      // Tensor bytes: libFuzzer's mutations, length changes included.
      v = old;
      size_t max = old.size() + 16;
      v.resize(max);
      v.resize(LLVMFuzzerMutate(reinterpret_cast<uint8_t *>(v.data()), old.size(), max));
    } else {
      v = interestingString(rng, f, old);
    }
    rep ? r->SetRepeatedString(s.msg, s.field, s.index, v) : r->SetString(s.msg, s.field, v);
    break;
  }
  case FD::CPPTYPE_MESSAGE:
    break;
  }
}

void mutateList(Rng &rng, const List &l) {
  const pb::Reflection *r = l.msg->GetReflection();
  int n = r->FieldSize(*l.msg, l.field);
  bool isMsg = l.field->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE;
  switch (n == 0 ? 1 : rng() % 3) {
  case 0: { // remove one element
    r->SwapElements(l.msg, l.field, rng() % n, n - 1);
    r->RemoveLast(l.msg, l.field);
    break;
  }
  case 1: { // duplicate one (or add a default element)
    if (isMsg) {
      pb::Message *added = r->AddMessage(l.msg, l.field);
      if (n)
        added->CopyFrom(r->GetRepeatedMessage(*l.msg, l.field, rng() % n));
      break;
    }
    using FD = pb::FieldDescriptor;
    int from = n ? static_cast<int>(rng() % n) : -1;
    switch (l.field->cpp_type()) {
    case FD::CPPTYPE_INT32:
      r->AddInt32(l.msg, l.field, from < 0 ? 1 : r->GetRepeatedInt32(*l.msg, l.field, from));
      break;
    case FD::CPPTYPE_INT64:
      r->AddInt64(l.msg, l.field, from < 0 ? 1 : r->GetRepeatedInt64(*l.msg, l.field, from));
      break;
    case FD::CPPTYPE_UINT64:
      r->AddUInt64(l.msg, l.field, from < 0 ? 1 : r->GetRepeatedUInt64(*l.msg, l.field, from));
      break;
    case FD::CPPTYPE_FLOAT:
      r->AddFloat(l.msg, l.field, from < 0 ? 1 : r->GetRepeatedFloat(*l.msg, l.field, from));
      break;
    case FD::CPPTYPE_DOUBLE:
      r->AddDouble(l.msg, l.field, from < 0 ? 1 : r->GetRepeatedDouble(*l.msg, l.field, from));
      break;
    case FD::CPPTYPE_STRING:
      r->AddString(l.msg, l.field, from < 0 ? "" : r->GetRepeatedString(*l.msg, l.field, from));
      break;
    default:
      break;
    }
    break;
  }
  default: // move one (nodes out of order)
    r->SwapElements(l.msg, l.field, rng() % n, rng() % n);
    break;
  }
}
/// Turns a small graph input into an initializer of interesting values, so
/// that the paths for constant operands (shapes, axes, indices) are reached
/// from models that pass everything as inputs.
void inputToInitializer(Rng &rng, onnx::ModelProto &model) {
  onnx::GraphProto *g = model.mutable_graph();
  if (g->input_size() == 0)
    return;
  int which = static_cast<int>(rng() % g->input_size());
  const onnx::ValueInfoProto &in = g->input(which);
  const auto &tt = in.type().tensor_type();
  int64_t n = 1;
  onnx::TensorProto t;
  t.set_name(in.name());
  t.set_data_type(tt.elem_type());
  for (const auto &d : tt.shape().dim()) {
    if (!d.has_dim_value() || d.dim_value() < 0 || d.dim_value() > 64)
      return;
    n *= d.dim_value();
    t.add_dims(d.dim_value());
  }
  if (n > 64)
    return;
  for (int64_t i = 0; i < n; ++i) {
    switch (tt.elem_type()) {
    case onnx::TensorProto::INT64:
      t.add_int64_data(interestingInt(rng, i));
      break;
    case onnx::TensorProto::INT32:
    case onnx::TensorProto::BOOL:
      t.add_int32_data(static_cast<int32_t>(interestingInt(rng, i)));
      break;
    case onnx::TensorProto::FLOAT:
      t.add_float_data(static_cast<float>(interestingFloat(rng, i)));
      break;
    default:
      return;
    }
  }
  *g->add_initializer() = std::move(t);
  if (rng() % 2) { // and no longer an input
    g->mutable_input()->SwapElements(which, g->input_size() - 1);
    g->mutable_input()->RemoveLast();
  }
}
} // namespace

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t maxSize,
                                          unsigned int seed) {
  Rng rng(seed);
  onnx::ModelProto model;
  if (rng() % 5 == 0 || !model.ParseFromArray(data, static_cast<int>(size)))
    return LLVMFuzzerMutate(data, size, maxSize);
  if (rng() % 8 == 0)
    inputToInitializer(rng, model);
  for (int i = 0, n = 1 + rng() % 3; i < n; ++i) {
    Fields f;
    collect(&model, f);
    if (rng() % 4 == 0 && !f.lists.empty())
      mutateList(rng, f.lists[rng() % f.lists.size()]);
    else if (!f.scalars.empty())
      mutateScalar(rng, f, f.scalars[rng() % f.scalars.size()]);
  }
  std::string out = model.SerializeAsString();
  if (out.size() > maxSize)
    return LLVMFuzzerMutate(data, size, maxSize);
  std::memcpy(data, out.data(), out.size());
  return out.size();
}

// The shared context keeps what each input uniques, which libFuzzer's
// per-input leak check would take for a leak (and stop the world for).
extern "C" const char *__asan_default_options() { return "detect_leaks=0"; }

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef bytes(reinterpret_cast<const char *>(data), size);
  importOnce(bytes, /*dynamic=*/false);
  importOnce(bytes, /*dynamic=*/true);
  return 0;
}
