//===- ModelABI.cpp - descriptor, entry points and C header ---------------===//

#include "compiler/Target/ModelABI.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace kiln {

StringRef dtypeName(int64_t dtype) {
  switch (dtype) {
  case 1: return "float32";
  case 2: return "uint8";
  case 3: return "int8";
  case 4: return "uint16";
  case 5: return "int16";
  case 6: return "int32";
  case 7: return "int64";
  case 9: return "bool";
  case 10: return "float16";
  case 11: return "float64";
  case 12: return "uint32";
  case 13: return "uint64";
  case 16: return "bfloat16";
  default: return "unknown";
  }
}

static StringRef dtypeEnum(int64_t dtype) {
  switch (dtype) {
  case 1: return "KILN_DTYPE_F32";
  case 2: return "KILN_DTYPE_U8";
  case 3: return "KILN_DTYPE_I8";
  case 4: return "KILN_DTYPE_U16";
  case 5: return "KILN_DTYPE_I16";
  case 6: return "KILN_DTYPE_I32";
  case 7: return "KILN_DTYPE_I64";
  case 9: return "KILN_DTYPE_BOOL";
  case 10: return "KILN_DTYPE_F16";
  case 11: return "KILN_DTYPE_F64";
  case 12: return "KILN_DTYPE_U32";
  case 13: return "KILN_DTYPE_U64";
  case 16: return "KILN_DTYPE_BF16";
  default: return "KILN_DTYPE_UNDEFINED";
  }
}

bool isCIdentifier(StringRef s) {
  if (s.empty() || isDigit(s.front()))
    return false;
  return all_of(s, [](char c) { return isAlnum(c) || c == '_'; });
}

void emitModelABI(Module &m, Function *kernel, const ModelSignature &sig,
                  const ABIOptions &options) {
  LLVMContext &ctx = m.getContext();
  IRBuilder<> b(ctx);
  Type *i64 = b.getInt64Ty(), *i32 = b.getInt32Ty();
  PointerType *ptr = b.getPtrTy();
  // Layouts mirror kiln_tensor_info and kiln_model_desc.
  StructType *infoTy = StructType::get(ctx, {ptr, i64, i64, ptr});
  StructType *descTy =
      StructType::get(ctx, {i64, ptr, i64, ptr, i64, ptr, i64, ptr});
  const std::string &p = sig.prefix;

  auto privateConst = [&](Constant *init, const Twine &name) {
    return new GlobalVariable(m, init->getType(), /*isConstant=*/true,
                              GlobalValue::PrivateLinkage, init, name);
  };
  auto infos = [&](const std::vector<TensorSignature> &ts, StringRef kind) {
    std::vector<Constant *> elems;
    for (auto [i, t] : enumerate(ts)) {
      Constant *name = b.CreateGlobalString(t.name, p + "_" + kind + "_name_" + Twine(i),
                                            0, &m);
      Constant *shape = privateConst(
          ConstantDataArray::get(ctx, ArrayRef<int64_t>(t.shape.empty()
                                                            ? std::vector<int64_t>{0}
                                                            : t.shape)),
          p + "_" + kind + "_shape_" + Twine(i));
      elems.push_back(ConstantStruct::get(
          infoTy, {name, ConstantInt::get(i64, t.dtype),
                   ConstantInt::get(i64, t.shape.size()), shape}));
    }
    return privateConst(ConstantArray::get(ArrayType::get(infoTy, elems.size()), elems),
                        p + "_" + kind + "s");
  };

  // void <p>_invoke(void *const *args, void *scratch)
  kernel->setLinkage(GlobalValue::InternalLinkage);
  auto *invokeTy = FunctionType::get(b.getVoidTy(), {ptr, ptr}, false);
  Function *invoke = Function::Create(invokeTy, GlobalValue::InternalLinkage,
                                      p + "_invoke", m);
  b.SetInsertPoint(BasicBlock::Create(ctx, "entry", invoke));
  std::vector<Value *> args;
  size_t n = sig.inputs.size() + sig.outputs.size();
  for (size_t i = 0; i < n; ++i)
    args.push_back(b.CreateLoad(
        ptr, b.CreateConstGEP1_64(ptr, invoke->getArg(0), i), "arg" + Twine(i)));
  args.push_back(invoke->getArg(1));
  b.CreateCall(kernel, args);
  b.CreateRetVoid();

  Constant *modelName = b.CreateGlobalString(p, p + "_model_name", 0, &m);
  Constant *descInit = ConstantStruct::get(
      descTy, {ConstantInt::get(i64, 1), modelName,
               ConstantInt::get(i64, sig.inputs.size()), infos(sig.inputs, "input"),
               ConstantInt::get(i64, sig.outputs.size()), infos(sig.outputs, "output"),
               ConstantInt::get(i64, sig.scratchSize), invoke});
  auto *desc = new GlobalVariable(m, descTy, true, GlobalValue::ExternalLinkage,
                                  descInit, p + "_desc");

  // kiln_status <p>_run(inputs, n_in, outputs, n_out, scratch, scratch_size)
  FunctionCallee runtimeRun = m.getOrInsertFunction(
      "kiln_model_run", FunctionType::get(i32, {ptr, ptr, i64, ptr, i64, ptr, i64}, false));
  Function *run = Function::Create(
      FunctionType::get(i32, {ptr, i64, ptr, i64, ptr, i64}, false),
      GlobalValue::ExternalLinkage, p + "_run", m);
  b.SetInsertPoint(BasicBlock::Create(ctx, "entry", run));
  std::vector<Value *> fwd{desc};
  for (Argument &a : run->args())
    fwd.push_back(&a);
  b.CreateRet(b.CreateCall(runtimeRun, fwd));

  if (options.exportDescriptorGetter) {
    Function *get = Function::Create(FunctionType::get(ptr, {}, false),
                                     GlobalValue::ExternalLinkage,
                                     "kiln_model_descriptor", m);
    b.SetInsertPoint(BasicBlock::Create(ctx, "entry", get));
    b.CreateRet(desc);
  }
  if (options.addMain) {
    FunctionCallee exeMain = m.getOrInsertFunction(
        "kiln_exe_main", FunctionType::get(i32, {ptr, i32, ptr}, false));
    Function *mainFn = Function::Create(FunctionType::get(i32, {i32, ptr}, false),
                                        GlobalValue::ExternalLinkage, "main", m);
    b.SetInsertPoint(BasicBlock::Create(ctx, "entry", mainFn));
    b.CreateRet(b.CreateCall(exeMain, {desc, mainFn->getArg(0), mainFn->getArg(1)}));
  }
}

/// `s` as the body of a C string literal.
static std::string cString(StringRef s) {
  std::string out;
  for (unsigned char c : s) {
    if (c == '"' || c == '\\')
      out += '\\', out += c;
    else if (c < 0x20 || c >= 0x7f)
      out += formatv("\\{0:o3}", (unsigned)c).str();
    else
      out += c;
  }
  return out;
}

/// `s` safe inside a C block comment.
static std::string cComment(StringRef s) {
  std::string out = s.str();
  for (size_t p; (p = out.find("*/")) != std::string::npos;)
    out.replace(p, 2, "* /");
  return out;
}

std::string generateHeader(const ModelSignature &sig) {
  std::string s;
  raw_string_ostream os(s);
  std::string P = StringRef(sig.prefix).upper();
  const std::string &p = sig.prefix;
  os << "/* Generated by kilnc from " << cComment(sig.source) << ". Do not edit.\n"
     << " *\n"
     << " * Link with the object kilnc wrote and libkiln_rt.a (and -lm).\n"
     << " * Outputs are caller-allocated with the shapes below; scratch may be\n"
     << " * NULL (the runtime then allocates " << P << "_SCRATCH_SIZE bytes per\n"
     << " * call) or a KILN_SCRATCH_ALIGNMENT-aligned buffer of at least that\n"
     << " * size. Every call validates its tensors and returns a kiln_status;\n"
     << " * kiln_last_error() explains a failure. */\n"
     << "#ifndef KILN_MODEL_" << P << "_H\n#define KILN_MODEL_" << P << "_H\n\n"
     << "#include <kiln/kiln.h>\n\n#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n"
     << "#define " << P << "_NUM_INPUTS " << sig.inputs.size() << "\n"
     << "#define " << P << "_NUM_OUTPUTS " << sig.outputs.size() << "\n"
     << "#define " << P << "_SCRATCH_SIZE " << sig.scratchSize << "\n\n";
  auto describe = [&](const std::vector<TensorSignature> &ts, StringRef kind) {
    std::string K = kind.upper();
    for (auto [i, t] : enumerate(ts)) {
      int64_t count = 1;
      std::string dims;
      for (int64_t d : t.shape) {
        count *= d;
        dims += (dims.empty() ? "" : ", ") + std::to_string(d);
      }
      std::string pre = P + "_" + K + "_" + std::to_string(i);
      os << "/* " << kind << " " << i << " \"" << cComment(t.name) << "\": "
         << dtypeName(t.dtype) << "[" << dims << "] */\n"
         << "#define " << pre << "_NAME \"" << cString(t.name) << "\"\n"
         << "#define " << pre << "_DTYPE " << dtypeEnum(t.dtype) << "\n"
         << "#define " << pre << "_RANK " << t.shape.size() << "\n"
         << "#define " << pre << "_SHAPE {" << (dims.empty() ? "0" : dims) << "}\n"
         << "#define " << pre << "_NUM_ELEMENTS " << count << "\n\n";
    }
  };
  describe(sig.inputs, "input");
  describe(sig.outputs, "output");
  os << "/** The model's descriptor (names, dtypes, shapes, scratch size). */\n"
     << "extern const kiln_model_desc " << p << "_desc;\n\n"
     << "/** Runs the model: " << sig.inputs.size() << " input(s), "
     << sig.outputs.size() << " output(s), in the order above. */\n"
     << "kiln_status " << p << "_run(const kiln_tensor *inputs, size_t num_inputs,\n"
     << "    kiln_tensor *outputs, size_t num_outputs,\n"
     << "    void *scratch, size_t scratch_size);\n\n"
     << "#ifdef __cplusplus\n}\n#endif\n\n#endif /* KILN_MODEL_" << P << "_H */\n";
  return s;
}

} // namespace kiln
