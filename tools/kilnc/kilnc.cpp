//===- kilnc.cpp - the Kiln compiler driver -------------------------------===//

#include "compiler/Compiler.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

static cl::OptionCategory cat("kilnc options");
static cl::opt<std::string> input(cl::Positional, cl::desc("MODEL.onnx"),
                                  cl::cat(cat));
static cl::opt<bool> listOps("list-ops",
                             cl::desc("Print the supported ONNX operators as a "
                                      "markdown table (docs/ops.md; to OUT with -o) and exit"),
                             cl::cat(cat));
static cl::opt<std::string> output("o", cl::desc("Output file (- for stdout, "
                                                 "text forms only)"),
                                   cl::value_desc("OUT"), cl::cat(cat));
static cl::opt<kiln::EmitKind> emit(
    "emit", cl::desc("What to write"), cl::init(kiln::EmitKind::Object),
    cl::values(
        clEnumValN(kiln::EmitKind::NN, "nn", "MLIR after import (nn dialect)"),
        clEnumValN(kiln::EmitKind::Linalg, "linalg", "MLIR: linalg on tensors"),
        clEnumValN(kiln::EmitKind::Bufferized, "bufferized",
                   "MLIR: bufferized, memory planned"),
        clEnumValN(kiln::EmitKind::LLVMDialect, "llvm-dialect", "MLIR: LLVM dialect"),
        clEnumValN(kiln::EmitKind::NN, "mlir", "alias of nn"),
        clEnumValN(kiln::EmitKind::LLVMIR, "llvm", "optimized LLVM IR"),
        clEnumValN(kiln::EmitKind::Object, "obj",
                   "object file OUT plus header (OUT with extension .h)"),
        clEnumValN(kiln::EmitKind::Shared, "shared", "shared library (for kiln-run)"),
        clEnumValN(kiln::EmitKind::Exe, "exe", "executable: OUT [input_0.pb ...]")),
    cl::cat(cat));
static cl::opt<std::string> target("target", cl::desc("Target (cpu)"),
                                   cl::init("cpu"), cl::cat(cat));
static cl::opt<std::string> mcpu("mcpu", cl::desc("CPU to generate code for "
                                                  "(default: this host)"),
                                 cl::init("native"), cl::cat(cat));
static cl::opt<std::string> prefix("prefix", cl::desc("Symbol prefix (default: "
                                                      "the output file's name)"),
                                   cl::cat(cat));
static cl::opt<bool> forceDynamic(
    "force-dynamic", cl::desc("Treat every input dimension as unknown (then "
                              "--shape pins the named inputs)"),
    cl::cat(cat));
static cl::list<std::string> shapes("shape", cl::desc("Pin an input's shape, "
                                                      "e.g. --shape x=8x784"),
                                    cl::value_desc("NAME=D0xD1x..."), cl::cat(cat));

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(cat);
  cl::ParseCommandLineOptions(argc, argv, "Kiln: ONNX to native code\n");
  if (listOps) {
    if (output.empty() || output == "-") {
      outs() << kiln::opTableMarkdown();
      return 0;
    }
    std::error_code ec;
    raw_fd_ostream os(output, ec, sys::fs::OF_Text);
    if (ec) {
      errs() << "kilnc: error: cannot write " << output << ": " << ec.message() << "\n";
      return 1;
    }
    os << kiln::opTableMarkdown();
    return 0;
  }
  if (input.empty()) {
    errs() << "kilnc: error: no input model (usage: kilnc MODEL.onnx -o OUT)\n";
    return 1;
  }

  kiln::CompileOptions opts;
  opts.inputPath = input;
  opts.emit = emit;
  opts.target = target;
  opts.mcpu = mcpu;
  opts.prefix = prefix;
  opts.forceDynamic = forceDynamic;
  bool textual = emit == kiln::EmitKind::NN || emit == kiln::EmitKind::Linalg ||
                 emit == kiln::EmitKind::Bufferized ||
                 emit == kiln::EmitKind::LLVMDialect || emit == kiln::EmitKind::LLVMIR;
  opts.outputPath = output.empty() ? std::string(textual ? "-" : "") : std::string(output);
  if (opts.outputPath.empty()) {
    errs() << "kilnc: error: -o OUT is required for --emit=obj/shared/exe\n";
    return 1;
  }
  for (const std::string &s : shapes) {
    auto [name, dims] = StringRef(s).split('=');
    std::vector<int64_t> parsed;
    SmallVector<StringRef> parts;
    dims.split(parts, 'x');
    bool ok = !name.empty() && !dims.empty();
    for (StringRef p : parts) {
      int64_t d;
      if (p.getAsInteger(10, d) || d < 0)
        ok = false;
      else
        parsed.push_back(d);
    }
    if (!ok) {
      errs() << "kilnc: error: --shape '" << s << "' is not NAME=D0xD1x... "
             << "with non-negative integer dimensions\n";
      return 1;
    }
    opts.shapes[name] = parsed;
  }
  return kiln::compile(opts);
}
