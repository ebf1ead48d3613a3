//===- Compiler.cpp - the compiler as a library ---------------------------===//
//
// import -> nn -> linalg -> bufferized memrefs -> LLVM dialect -> LLVM IR
// (+ model ABI) -> object code -> (optionally) a linked .so or executable.
//
//===----------------------------------------------------------------------===//

#include "compiler/Compiler.h"
#include "compiler/Pipelines.h"
#include "compiler/Registration.h"
#include "compiler/Target/CPUTarget.h"
#include "compiler/Target/Link.h"
#include "compiler/Target/ModelABI.h"
#include "frontends/onnx/Importer.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace kiln {

std::string defaultPrefix(llvm::StringRef path) {
  std::string stem = llvm::sys::path::stem(path).str();
  for (char &c : stem)
    if (!llvm::isAlnum(c))
      c = '_';
  if (stem.empty() || llvm::isDigit(stem[0]))
    stem = "m_" + stem;
  return stem;
}

std::string opTableMarkdown() {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << "# Supported ONNX operators\n\n"
     << "Generated from the importer's op table (frontends/onnx/OpHandlers.cpp)"
     << " by `kilnc --list-ops`;\nthe test suite checks that this file is "
     << "current. Versions are ONNX since-versions\nof the default domain; a "
     << "model's opset selects the newest version at or below it.\n\n"
     << "| op | versions | notes |\n|---|---|---|\n";
  for (const auto &op : onnx_frontend::supportedOps()) {
    os << "| " << op.opType << " | ";
    llvm::interleave(op.versions, os, ", ");
    os << " | " << op.notes << " |\n";
  }
  return s;
}

namespace {

/// Collects the first error diagnostic as "location: message".
class ErrorCollector {
public:
  explicit ErrorCollector(MLIRContext &ctx)
      : handler(&ctx, [this](Diagnostic &d) {
          if (d.getSeverity() == DiagnosticSeverity::Error && message.empty()) {
            llvm::raw_string_ostream os(message);
            Location loc = d.getLocation();
            if (auto nl = dyn_cast<NameLoc>(loc))
              os << "node '" << nl.getName().getValue() << "': ";
            else if (auto fl = dyn_cast<FileLineColLoc>(loc))
              os << fl.getFilename().getValue() << ":" << fl.getLine() << ": ";
            os << d.str();
          }
          return success();
        }) {}
  std::string message;

private:
  ScopedDiagnosticHandler handler;
};

struct Compilation {
  const CompileOptions &opts;
  MLIRContext ctx;
  std::string error;

  explicit Compilation(const CompileOptions &o) : opts(o) {
    DialectRegistry registry;
    registerAllDialects(registry);
    ctx.appendDialectRegistry(registry);
    ctx.loadAllAvailableDialects();
  }

  int fail(const llvm::Twine &msg) {
    if (opts.errorMessage)
      *opts.errorMessage = msg.str();
    else
      llvm::errs() << "kilnc: error: " << msg << "\n";
    return 1;
  }

  LogicalResult runStage(ModuleOp module,
                         llvm::function_ref<void(OpPassManager &)> build) {
    PassManager pm(&ctx);
    build(pm);
    ErrorCollector errors(ctx);
    if (succeeded(pm.run(module)))
      return success();
    error = errors.message.empty() ? "a compiler pass failed" : errors.message;
    return failure();
  }

  int writeText(llvm::function_ref<void(llvm::raw_ostream &)> print) {
    std::string err;
    auto out = openOutputFile(opts.outputPath, &err);
    if (!out)
      return fail(err);
    print(out->os());
    out->keep();
    return 0;
  }

  int run();
};

/// The model's interface, read from the imported function.
static ModelSignature signatureOf(func::FuncOp f, const CompileOptions &o,
                                  std::string prefix) {
  ModelSignature sig;
  sig.prefix = std::move(prefix);
  sig.source = llvm::sys::path::filename(o.inputPath).str();
  auto collect = [](TypeRange types, ArrayAttr names, ArrayAttr dtypes,
                    ArrayAttr dimParams) {
    std::vector<TensorSignature> out;
    for (auto [i, t] : llvm::enumerate(types)) {
      TensorSignature ts;
      ts.name = cast<StringAttr>(names[i]).getValue().str();
      ts.dtype = cast<IntegerAttr>(dtypes[i]).getInt();
      for (int64_t d : cast<RankedTensorType>(t).getShape())
        ts.shape.push_back(ShapedType::isDynamic(d) ? -1 : d);
      if (dimParams && i < dimParams.size())
        for (Attribute p : cast<ArrayAttr>(dimParams[i]))
          ts.dimParams.push_back(cast<StringAttr>(p).getValue().str());
      out.push_back(std::move(ts));
    }
    return out;
  };
  using namespace onnx_frontend;
  sig.inputs = collect(f.getArgumentTypes(), f->getAttrOfType<ArrayAttr>(kInputNamesAttr),
                       f->getAttrOfType<ArrayAttr>(kInputDTypesAttr),
                       f->getAttrOfType<ArrayAttr>(kInputDimParamsAttr));
  sig.outputs = collect(f.getResultTypes(), f->getAttrOfType<ArrayAttr>(kOutputNamesAttr),
                        f->getAttrOfType<ArrayAttr>(kOutputDTypesAttr), nullptr);
  // Bare pointers need every interface shape known and no empty inner
  // dimension; anything else uses memref descriptors and returned outputs.
  for (const auto *ts : {&sig.inputs, &sig.outputs})
    for (const TensorSignature &t : *ts)
      for (int64_t d : t.shape)
        sig.returnsOutputs |= d <= 0;
  return sig;
}

int Compilation::run() {
  if (opts.target != "cpu")
    return fail("unknown --target '" + opts.target + "' (supported: cpu)");
  // Default prefix: the output file's name (mlp.o -> mlp, matching mlp.h),
  // or the model's when writing to stdout.
  std::string prefix = !opts.prefix.empty() ? opts.prefix
                       : opts.outputPath != "-" ? defaultPrefix(opts.outputPath)
                                                : defaultPrefix(opts.inputPath);
  if (!isCIdentifier(prefix))
    return fail("--prefix '" + prefix + "' is not a C identifier");

  onnx_frontend::ImportOptions io;
  io.forceDynamicInputs = opts.forceDynamic;
  for (const auto &[name, dims] : opts.shapes)
    io.inputShapes[name] = dims;
  OwningOpRef<ModuleOp> module =
      onnx_frontend::importModelFile(ctx, opts.inputPath, io, error);
  if (!module)
    return fail(error);
  if (opts.emit == EmitKind::NN)
    return writeText([&](llvm::raw_ostream &os) { module->print(os); });

  auto func = cast<func::FuncOp>(module->lookupSymbol("model"));
  ModelSignature sig = signatureOf(func, opts, prefix);
  func.setSymName(prefix + "_kernel");

  if (failed(runStage(*module, buildNNToLinalgPipeline)))
    return fail(error);
  if (opts.emit == EmitKind::Linalg)
    return writeText([&](llvm::raw_ostream &os) { module->print(os); });
  // Inputs belong to the caller: bufferization must copy rather than
  // write into them.
  func = cast<func::FuncOp>(module->lookupSymbol(prefix + "_kernel"));
  for (unsigned i = 0; i < func.getNumArguments(); ++i)
    func.setArgAttr(i, "bufferization.writable", BoolAttr::get(&ctx, false));
  PipelineOptions po;
  po.returnOutputs = sig.returnsOutputs;
  if (failed(runStage(*module, [&](OpPassManager &pm) { buildBufferizePipeline(pm, po); })))
    return fail(error);
  func = cast<func::FuncOp>(module->lookupSymbol(prefix + "_kernel"));
  if (auto size = func->getAttrOfType<IntegerAttr>("kiln.scratch_size"))
    sig.scratchSize = size.getInt();
  if (opts.emit == EmitKind::Bufferized)
    return writeText([&](llvm::raw_ostream &os) { module->print(os); });
  if (failed(runStage(*module, [&](OpPassManager &pm) { buildLowerToLLVMPipeline(pm, po); })))
    return fail(error);
  if (opts.emit == EmitKind::LLVMDialect)
    return writeText([&](llvm::raw_ostream &os) { module->print(os); });

  llvm::LLVMContext llvmCtx;
  std::unique_ptr<llvm::Module> llvmModule;
  {
    ErrorCollector errors(ctx);
    llvmModule = translateModuleToLLVMIR(*module, llvmCtx, prefix);
    if (!llvmModule)
      return fail("translation to LLVM IR failed: " + errors.message);
  }
  llvm::Function *kernel = llvmModule->getFunction(prefix + "_kernel");
  if (!kernel)
    return fail("internal error: kernel function missing after lowering");
  ABIOptions abi;
  abi.exportDescriptorGetter = opts.emit == EmitKind::Shared;
  abi.addMain = opts.emit == EmitKind::Exe;
  if (!emitModelABI(*llvmModule, kernel, sig, abi, error))
    return fail(error);
  // Heap buffers of the generated code (dynamic sizes) come from the
  // runtime, which frees them when a run ends early on a failed check.
  for (auto [from, to] : {std::pair{"malloc", "kiln_rt_malloc"},
                          std::pair{"free", "kiln_rt_free"}})
    if (llvm::Function *fn = llvmModule->getFunction(from))
      fn->setName(to);

  CPUTargetOptions to;
  to.mcpu = opts.mcpu;
  auto tm = createCPUTargetMachine(to, error);
  if (!tm)
    return fail(error);
  llvmModule->setDataLayout(tm->createDataLayout());
  llvmModule->setTargetTriple(tm->getTargetTriple());
  optimizeModule(*llvmModule, *tm);
  if (opts.emit == EmitKind::LLVMIR)
    return writeText([&](llvm::raw_ostream &os) { llvmModule->print(os, nullptr); });

  if (opts.outputPath == "-")
    return fail("binary output cannot go to stdout; give -o FILE");
  if (opts.emit == EmitKind::Object &&
      llvm::sys::path::extension(opts.outputPath) == ".h")
    return fail("-o '" + opts.outputPath + "' would be overwritten by the "
                "header; name the object file (e.g. model.o)");
  std::string objPath = opts.outputPath;
  llvm::SmallString<128> tmpObj;
  if (opts.emit != EmitKind::Object) {
    int fd;
    if (auto ec = llvm::sys::fs::createTemporaryFile("kiln", "o", fd, tmpObj))
      return fail("cannot create a temporary file: " + ec.message());
    llvm::sys::Process::SafelyCloseFileDescriptor(fd);
    objPath = std::string(tmpObj);
  }
  // The temporary object goes away on every path out of here.
  auto removeTmp = llvm::make_scope_exit([&] {
    if (!tmpObj.empty())
      llvm::sys::fs::remove(tmpObj);
  });
  {
    std::string err;
    auto out = openOutputFile(objPath, &err);
    if (!out)
      return fail(err);
    if (failed(emitObject(*llvmModule, *tm, out->os(), error)))
      return fail(error);
    out->keep();
  }
  if (opts.emit == EmitKind::Object) {
    // The header goes next to the object: OUT.o -> OUT.h.
    llvm::SmallString<256> header(opts.outputPath);
    llvm::sys::path::replace_extension(header, "h");
    std::string err;
    auto out = openOutputFile(header, &err);
    if (!out)
      return fail(err);
    out->os() << generateHeader(sig);
    out->keep();
    return 0;
  }
  if (failed(linkOutput(objPath, opts.outputPath, opts.emit == EmitKind::Shared,
                        error)))
    return fail(error);
  return 0;
}

} // namespace

int compile(const CompileOptions &options) {
  // The stage pipelines are textual and resolve passes by name.
  static const bool registered = (registerAllPasses(), true);
  (void)registered;
  Compilation c(options);
  return c.run();
}

} // namespace kiln
