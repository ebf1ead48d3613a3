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

/// Bytes per element of a kiln_dtype.
static uint64_t dtypeBytes(int64_t dtype) {
  switch (dtype) {
  case 2: case 3: case 9: return 1;
  case 4: case 5: case 10: case 16: return 2;
  case 1: case 6: case 12: return 4;
  default: return 8;
  }
}

/// The body of `<p>_invoke` for the static convention: bare pointers to
/// every input and output, then the scratch pointer.
static void emitStaticInvoke(IRBuilder<> &b, Function *invoke, Function *kernel,
                             const ModelSignature &sig) {
  PointerType *ptr = b.getPtrTy();
  std::vector<Value *> args;
  size_t n = sig.inputs.size() + sig.outputs.size();
  for (size_t i = 0; i < n; ++i)
    args.push_back(b.CreateLoad(
        ptr, b.CreateConstGEP1_64(ptr, invoke->getArg(0), i), "arg" + Twine(i)));
  args.push_back(invoke->getArg(2));
  b.CreateCall(kernel, args);
  b.CreateRetVoid();
}

/// The body of `<p>_invoke` for the returning convention: a memref
/// descriptor (allocated, aligned, offset, sizes, strides) per input, built
/// from the data pointer and the caller's shape, one for the scratch, and
/// the returned descriptors copied into the kiln_result_buffer array.
static void emitReturningInvoke(IRBuilder<> &b, Function *invoke,
                                Function *kernel, const ModelSignature &sig) {
  PointerType *ptr = b.getPtrTy();
  Type *i64 = b.getInt64Ty();
  std::vector<Value *> args;
  for (auto [i, t] : enumerate(sig.inputs)) {
    Value *data = b.CreateLoad(
        ptr, b.CreateConstGEP1_64(ptr, invoke->getArg(0), i), "in" + Twine(i));
    Value *shape = b.CreateLoad(
        ptr, b.CreateConstGEP1_64(ptr, invoke->getArg(1), i), "shape" + Twine(i));
    size_t rank = t.shape.size();
    std::vector<Value *> sizes(rank), strides(rank);
    for (size_t d = 0; d < rank; ++d)
      sizes[d] = b.CreateLoad(i64, b.CreateConstGEP1_64(i64, shape, d));
    Value *stride = b.getInt64(1);
    for (size_t d = rank; d-- > 0;) {
      strides[d] = stride;
      stride = b.CreateMul(stride, sizes[d]);
    }
    args.insert(args.end(), {data, data, b.getInt64(0)});
    args.insert(args.end(), sizes.begin(), sizes.end());
    args.insert(args.end(), strides.begin(), strides.end());
  }
  Value *scratch = invoke->getArg(2);
  args.insert(args.end(), {scratch, scratch, b.getInt64(0),
                           b.getInt64(sig.scratchSize), b.getInt64(1)});
  Value *ret = b.CreateCall(kernel, args);

  // kiln_result_buffer: {void *allocated; void *data; int64_t shape[8];}
  Value *results = invoke->getArg(3);
  const uint64_t recordBytes = 16 + 8 * 8;
  for (auto [j, t] : enumerate(sig.outputs)) {
    Value *desc = sig.outputs.size() == 1
                      ? ret
                      : b.CreateExtractValue(ret, {(unsigned)j});
    Value *rec = b.CreateConstGEP1_64(b.getInt8Ty(), results, j * recordBytes);
    Value *allocated = b.CreateExtractValue(desc, {0});
    Value *aligned = b.CreateExtractValue(desc, {1});
    Value *offset = b.CreateExtractValue(desc, {2});
    Value *data = b.CreateGEP(b.getInt8Ty(), aligned,
                              b.CreateMul(offset, b.getInt64(dtypeBytes(t.dtype))));
    b.CreateStore(allocated, rec);
    b.CreateStore(data, b.CreateConstGEP1_64(b.getInt8Ty(), rec, 8));
    for (size_t d = 0; d < t.shape.size(); ++d)
      b.CreateStore(b.CreateExtractValue(desc, {3u, (unsigned)d}),
                    b.CreateConstGEP1_64(b.getInt8Ty(), rec, 16 + 8 * d));
  }
  b.CreateRetVoid();
}

bool emitModelABI(Module &m, Function *kernel, const ModelSignature &sig,
                  const ABIOptions &options, std::string &error) {
  LLVMContext &ctx = m.getContext();
  IRBuilder<> b(ctx);
  Type *i64 = b.getInt64Ty(), *i32 = b.getInt32Ty();
  PointerType *ptr = b.getPtrTy();
  // Layouts mirror kiln_tensor_info and kiln_model_desc.
  StructType *infoTy = StructType::get(ctx, {ptr, i64, i64, ptr, ptr});
  StructType *descTy =
      StructType::get(ctx, {i64, ptr, i64, ptr, i64, ptr, i64, ptr, i64});
  const std::string &p = sig.prefix;

  // Check the kernel's type against the convention before using it.
  size_t expectedParams = 1;
  if (sig.returnsOutputs) {
    expectedParams = 5; // the scratch descriptor
    for (const TensorSignature &t : sig.inputs)
      expectedParams += 3 + 2 * t.shape.size();
    for (const TensorSignature &t : sig.outputs)
      if (t.shape.size() > 8) {
        error = "output '" + t.name + "' has rank " +
                std::to_string(t.shape.size()) +
                "; models with dynamic shapes support outputs up to rank 8";
        return false;
      }
  } else {
    expectedParams += sig.inputs.size() + sig.outputs.size();
  }
  if (kernel->arg_size() != expectedParams ||
      (sig.returnsOutputs && kernel->getReturnType()->isVoidTy())) {
    error = "internal error: the lowered kernel has " +
            std::to_string(kernel->arg_size()) + " parameters, expected " +
            std::to_string(expectedParams);
    return false;
  }

  auto privateConst = [&](Constant *init, const Twine &name) {
    return new GlobalVariable(m, init->getType(), /*isConstant=*/true,
                              GlobalValue::PrivateLinkage, init, name);
  };
  auto infos = [&](const std::vector<TensorSignature> &ts, StringRef kind) {
    std::vector<Constant *> elems;
    for (auto [i, t] : enumerate(ts)) {
      std::string base = (p + "_" + kind).str();
      Constant *name = b.CreateGlobalString(t.name, base + "_name_" + Twine(i), 0, &m);
      Constant *shape = privateConst(
          ConstantDataArray::get(ctx, ArrayRef<int64_t>(t.shape.empty()
                                                            ? std::vector<int64_t>{0}
                                                            : t.shape)),
          base + "_shape_" + Twine(i));
      Constant *params = ConstantPointerNull::get(ptr);
      if (any_of(t.dimParams, [](const std::string &s) { return !s.empty(); })) {
        std::vector<Constant *> names;
        for (auto [d, s] : enumerate(t.dimParams))
          names.push_back(s.empty() ? static_cast<Constant *>(ConstantPointerNull::get(ptr))
                                    : b.CreateGlobalString(
                                          s, base + "_dim_" + Twine(i) + "_" + Twine(d),
                                          0, &m));
        params = privateConst(ConstantArray::get(ArrayType::get(ptr, names.size()), names),
                              base + "_dims_" + Twine(i));
      }
      elems.push_back(ConstantStruct::get(
          infoTy, {name, ConstantInt::get(i64, t.dtype),
                   ConstantInt::get(i64, t.shape.size()), shape, params}));
    }
    return privateConst(ConstantArray::get(ArrayType::get(infoTy, elems.size()), elems),
                        p + "_" + kind + "s");
  };

  // void <p>_invoke(void *const *args, const int64_t *const *shapes,
  //                 void *scratch, kiln_result_buffer *results)
  kernel->setLinkage(GlobalValue::InternalLinkage);
  auto *invokeTy = FunctionType::get(b.getVoidTy(), {ptr, ptr, ptr, ptr}, false);
  Function *invoke = Function::Create(invokeTy, GlobalValue::InternalLinkage,
                                      p + "_invoke", m);
  b.SetInsertPoint(BasicBlock::Create(ctx, "entry", invoke));
  if (sig.returnsOutputs)
    emitReturningInvoke(b, invoke, kernel, sig);
  else
    emitStaticInvoke(b, invoke, kernel, sig);

  Constant *modelName = b.CreateGlobalString(p, p + "_model_name", 0, &m);
  Constant *descInit = ConstantStruct::get(
      descTy, {ConstantInt::get(i64, 2), modelName,
               ConstantInt::get(i64, sig.inputs.size()), infos(sig.inputs, "input"),
               ConstantInt::get(i64, sig.outputs.size()), infos(sig.outputs, "output"),
               ConstantInt::get(i64, sig.scratchSize), invoke,
               ConstantInt::get(i64, sig.returnsOutputs ? 1 : 0)});
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
  return true;
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
     << " * Outputs are caller-allocated with the shapes below; -1 marks a\n"
     << " * dimension whose size is known at run time (an output's must match\n"
     << " * what the model computes, or use kiln_model_run_alloc). Scratch may be\n"
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
      std::string dims, named;
      for (auto [d, size] : enumerate(t.shape)) {
        count = size < 0 ? -1 : count < 0 ? count : count * size;
        dims += (dims.empty() ? "" : ", ") + std::to_string(size);
        std::string param = d < t.dimParams.size() ? t.dimParams[d] : "";
        named += (named.empty() ? "" : ", ") +
                 (size >= 0 ? std::to_string(size) : param.empty() ? "?" : param);
      }
      std::string pre = P + "_" + K + "_" + std::to_string(i);
      os << "/* " << kind << " " << i << " \"" << cComment(t.name) << "\": "
         << dtypeName(t.dtype) << "[" << cComment(named) << "] */\n"
         << "#define " << pre << "_NAME \"" << cString(t.name) << "\"\n"
         << "#define " << pre << "_DTYPE " << dtypeEnum(t.dtype) << "\n"
         << "#define " << pre << "_RANK " << t.shape.size() << "\n"
         << "#define " << pre << "_SHAPE {" << (dims.empty() ? "0" : dims) << "}\n";
      if (count >= 0)
        os << "#define " << pre << "_NUM_ELEMENTS " << count << "\n";
      os << "\n";
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
