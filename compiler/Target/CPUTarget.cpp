//===- CPUTarget.cpp - x86-64 code generation -----------------------------===//

#include "compiler/Target/CPUTarget.h"

#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/TargetParser/SubtargetFeature.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

using namespace llvm;

namespace kiln {

std::unique_ptr<TargetMachine>
createCPUTargetMachine(const CPUTargetOptions &options, std::string &error) {
  InitializeNativeTarget();
  InitializeNativeTargetAsmPrinter();
  Triple triple(sys::getDefaultTargetTriple());
  if (triple.getArch() != Triple::x86_64) {
    error = "the CPU target supports x86-64 only (host triple " + triple.str() + ")";
    return nullptr;
  }
  const Target *target = TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return nullptr;
  std::string cpu = options.mcpu;
  std::string features;
  if (cpu.empty() || cpu == "native") {
    cpu = sys::getHostCPUName().str();
    SubtargetFeatures f;
    for (const auto &[name, enabled] : sys::getHostCPUFeatures())
      f.AddFeature(name, enabled);
    features = f.getString();
  } else {
    // Reject unknown CPU names instead of silently generating generic code.
    std::unique_ptr<MCSubtargetInfo> sti(
        target->createMCSubtargetInfo(triple, "", ""));
    if (!sti || !sti->isCPUStringValid(cpu)) {
      error = "unknown CPU '" + cpu + "' for --mcpu (try native, x86-64, "
              "x86-64-v2, x86-64-v3, x86-64-v4, skylake-avx512, znver4)";
      return nullptr;
    }
  }
  TargetOptions to;
  std::unique_ptr<TargetMachine> tm(target->createTargetMachine(
      triple, cpu, features, to, Reloc::PIC_, std::nullopt, CodeGenOptLevel::Aggressive));
  if (!tm)
    error = "cannot create a target machine for " + triple.str() + " / " + cpu;
  return tm;
}

void optimizeModule(Module &module, TargetMachine &tm) {
  LoopAnalysisManager lam;
  FunctionAnalysisManager fam;
  CGSCCAnalysisManager cgam;
  ModuleAnalysisManager mam;
  PipelineTuningOptions pto;
  pto.LoopVectorization = true;
  pto.SLPVectorization = true;
  PassBuilder pb(&tm, pto);
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  ModulePassManager mpm = pb.buildPerModuleDefaultPipeline(OptimizationLevel::O3);
  mpm.run(module, mam);
}

mlir::LogicalResult emitObject(Module &module, TargetMachine &tm,
                               raw_pwrite_stream &os, std::string &error) {
  legacy::PassManager pm;
  if (tm.addPassesToEmitFile(pm, os, nullptr, CodeGenFileType::ObjectFile)) {
    error = "the target cannot emit object files";
    return mlir::failure();
  }
  pm.run(module);
  return mlir::success();
}

} // namespace kiln
