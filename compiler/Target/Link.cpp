//===- Link.cpp - linking objects into libraries and executables ----------===//
//
// Code generation happens in-process; only the final link uses the system
// compiler driver, which knows the platform's crt files and libc.
//
//===----------------------------------------------------------------------===//

#include "compiler/Target/Link.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

using namespace llvm;

namespace kiln {

std::string runtimeLibraryDir() {
  if (const char *env = std::getenv("KILN_RUNTIME_DIR"))
    return env;
  static int anchor;
  std::string exe = sys::fs::getMainExecutable("kilnc", &anchor);
  SmallString<256> dir(sys::path::parent_path(sys::path::parent_path(exe)));
  sys::path::append(dir, "lib");
  SmallString<256> lib(dir);
  sys::path::append(lib, "libkiln_rt.a");
  if (sys::fs::exists(lib))
    return std::string(dir);
  return KILN_RUNTIME_LIB_DIR;
}

mlir::LogicalResult linkOutput(StringRef object, StringRef output, bool shared,
                               std::string &error) {
  const char *cc = std::getenv("KILN_CC");
  auto driver = sys::findProgramByName(cc ? cc : "cc");
  if (!driver) {
    error = std::string("cannot find the C compiler driver '") + (cc ? cc : "cc") +
            "' used for linking (set KILN_CC)";
    return mlir::failure();
  }
  SmallString<256> rt(runtimeLibraryDir());
  sys::path::append(rt, "libkiln_rt.a");
  if (!sys::fs::exists(rt)) {
    error = "runtime library not found at '" + std::string(rt) +
            "' (set KILN_RUNTIME_DIR)";
    return mlir::failure();
  }
  std::vector<std::string> argv{*driver};
  if (shared)
    argv.push_back("-shared");
  argv.insert(argv.end(), {"-o", output.str(), object.str(), std::string(rt), "-lm"});
  std::vector<StringRef> args(argv.begin(), argv.end());
  std::string msg;
  int rc = sys::ExecuteAndWait(*driver, args, std::nullopt, {}, 0, 0, &msg);
  if (rc != 0) {
    error = "linking '" + output.str() + "' failed (" + *driver + " exited with " +
            std::to_string(rc) + (msg.empty() ? "" : ": " + msg) + ")";
    return mlir::failure();
  }
  return mlir::success();
}

} // namespace kiln
