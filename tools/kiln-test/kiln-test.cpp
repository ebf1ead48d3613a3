//===- kiln-test.cpp - run ONNX backend-style test folders ----------------===//
//
// kiln-test [options] DIR...
//
// Each test is a folder with model.onnx and test_data_set_N/{input_i.pb,
// output_i.pb}. A DIR without model.onnx is searched one level down. Every
// test is compiled (input shapes pinned from test_data_set_0) into a shared
// library and run in a child process, so a crash fails one test only.
// Prints one line per test and ends with "N passed, N failed, N skipped".
//
//===----------------------------------------------------------------------===//

#include "compiler/Compiler.h"

#include "kiln/kiln.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/raw_ostream.h"

#include <onnx/onnx_pb.h>

#include <cmath>
#include <cstring>
#include <dlfcn.h>
#include <map>
#include <set>
#include <sys/wait.h>
#include <unistd.h>

using namespace llvm;

static cl::OptionCategory cat("kiln-test options");
static cl::list<std::string> dirs(cl::Positional, cl::desc("DIR..."), cl::OneOrMore,
                                  cl::cat(cat));
static cl::opt<std::string> expectedFile(
    "expected-failures",
    cl::desc("File listing tests expected to fail, one name per line "
             "(text after '#' is a comment)"),
    cl::cat(cat));
static cl::opt<double> relTol("rtol", cl::desc("Relative tolerance"), cl::init(1e-3),
                            cl::cat(cat));
static cl::opt<double> absTol("atol", cl::desc("Absolute tolerance"), cl::init(1e-7),
                            cl::cat(cat));
static cl::opt<unsigned> jobs("j", cl::desc("Tests run at once"), cl::init(2), cl::Prefix,
                              cl::cat(cat));
static cl::opt<unsigned> timeout("timeout", cl::desc("Seconds per test"),
                                 cl::init(120), cl::cat(cat));
static cl::opt<std::string> filter("filter", cl::desc("Run tests whose name "
                                                      "matches this regex"),
                                   cl::cat(cat));
static cl::opt<bool> quiet("quiet", cl::desc("Print only failures and the summary"),
                           cl::cat(cat));
static cl::list<std::string> requireCoverage(
    "require-coverage",
    cl::desc("SUITE=PERCENT: fail unless at least PERCENT of the in-scope tests "
             "of SUITE (the folder above each test, e.g. node) pass; repeatable"),
    cl::cat(cat));
static cl::opt<bool> forceDynamic(
    "force-dynamic",
    cl::desc("Compile every test with all input dimensions unknown"), cl::cat(cat));
static cl::opt<bool> modelShapes(
    "model-shapes",
    cl::desc("Keep the model's own input shapes (symbolic dimensions stay "
             "dynamic) instead of pinning them to the first data set's"),
    cl::cat(cat));

namespace {

struct Test {
  std::string dir;  ///< folder holding model.onnx
  std::string name; ///< suite/test (last two path components)
};

enum class Outcome { Pass, Fail, Unsupported, XFail, XPass };

struct Result {
  Outcome outcome;
  std::string message;
};

std::string joinPath(StringRef a, StringRef b) {
  SmallString<256> p(a);
  sys::path::append(p, b);
  return std::string(p);
}

/// Reasons a test is out of scope: non-numeric tensors, non-tensor values,
/// ML or training domain operators.
std::string unsupportedReason(const onnx::ModelProto &m) {
  using TP = onnx::TensorProto;
  auto checkValue = [](const onnx::ValueInfoProto &v, const char *role) -> std::string {
    const auto &t = v.type();
    if (t.has_sequence_type())
      return std::string("sequence graph ") + role + " '" + v.name() +
             "' (Kiln unrolls sequences inside the graph; graph inputs and outputs are tensors)";
    if (t.has_optional_type())
      return "optional value '" + v.name() + "'";
    if (t.has_map_type())
      return "map value '" + v.name() + "'";
    if (t.has_sparse_tensor_type())
      return "sparse tensor '" + v.name() + "'";
    if (t.has_tensor_type()) {
      // Numbers as in onnx.proto: STRING 8, COMPLEX64/128 14/15, and the
      // float8, 4-bit and later types from 17 on (newer than libonnx 1.12).
      int et = t.tensor_type().elem_type();
      if (et == TP::STRING || et == TP::COMPLEX64 || et == TP::COMPLEX128 || et >= 17)
        return "non-numeric tensor '" + v.name() + "' (" +
               (TP::DataType_IsValid(et) ? TP::DataType_Name((TP::DataType)et)
                                         : "data type " + std::to_string(et)) + ")";
    }
    return "";
  };
  for (const auto &v : m.graph().input())
    if (auto r = checkValue(v, "input"); !r.empty())
      return r;
  for (const auto &v : m.graph().output())
    if (auto r = checkValue(v, "output"); !r.empty())
      return r;
  for (const auto &n : m.graph().node()) {
    if (n.domain() == "ai.onnx.ml")
      return "ML-domain operator " + n.op_type();
    if (n.domain() == "ai.onnx.preview.training")
      return "training-domain operator " + n.op_type();
  }
  return "";
}

/// Files named PREFIX<i>.pb in `dir`, in index order.
std::vector<std::string> numberedFiles(StringRef dir, StringRef prefix) {
  std::vector<std::string> out;
  for (int i = 0;; ++i) {
    std::string p = joinPath(dir, (prefix + Twine(i) + ".pb").str());
    if (!sys::fs::exists(p))
      return out;
    out.push_back(p);
  }
}

/// IEEE half and bfloat16 bits to float.
static double halfToDouble(uint16_t h) {
  int exp = (h >> 10) & 0x1f, mant = h & 0x3ff;
  double sign = (h & 0x8000) ? -1.0 : 1.0;
  if (exp == 0)
    return sign * std::ldexp(mant, -24);
  if (exp == 31)
    return mant ? NAN : sign * INFINITY;
  return sign * std::ldexp(mant + 1024, exp - 25);
}
static double bf16ToDouble(uint16_t h) {
  uint32_t bits = (uint32_t)h << 16;
  float f;
  memcpy(&f, &bits, sizeof f);
  return f;
}

/// Compares one output; returns "" on a match, else a description.
std::string compare(const kiln_tensor &got, const kiln_tensor &want) {
  if (got.dtype != want.dtype)
    return std::string("dtype ") + kiln_dtype_name(got.dtype) + ", expected " +
           kiln_dtype_name(want.dtype);
  auto shapeText = [](const kiln_tensor &t) {
    std::string s = "[";
    for (int32_t d = 0; d < t.rank; ++d)
      s += (d ? "," : "") + std::to_string(t.shape[d]);
    return s + "]";
  };
  if (got.rank != want.rank ||
      !std::equal(got.shape, got.shape + got.rank, want.shape))
    return "shape " + shapeText(got) + ", expected " + shapeText(want);
  int64_t n = kiln_num_elements(want.rank, want.shape);
  double maxErr = 0;
  int64_t bad = 0, first = -1;
  double firstGot = 0, firstWant = 0;
  for (int64_t i = 0; i < n; ++i) {
    double g, w;
    bool isFloat = true;
    switch (want.dtype) {
    case KILN_DTYPE_F32: g = ((float *)got.data)[i]; w = ((float *)want.data)[i]; break;
    case KILN_DTYPE_F64: g = ((double *)got.data)[i]; w = ((double *)want.data)[i]; break;
    case KILN_DTYPE_F16:
      g = halfToDouble(((uint16_t *)got.data)[i]);
      w = halfToDouble(((uint16_t *)want.data)[i]);
      break;
    case KILN_DTYPE_BF16:
      g = bf16ToDouble(((uint16_t *)got.data)[i]);
      w = bf16ToDouble(((uint16_t *)want.data)[i]);
      break;
    case KILN_DTYPE_I64: g = ((int64_t *)got.data)[i]; w = ((int64_t *)want.data)[i]; isFloat = false; break;
    case KILN_DTYPE_I32: g = ((int32_t *)got.data)[i]; w = ((int32_t *)want.data)[i]; isFloat = false; break;
    case KILN_DTYPE_I16: g = ((int16_t *)got.data)[i]; w = ((int16_t *)want.data)[i]; isFloat = false; break;
    case KILN_DTYPE_I8: g = ((int8_t *)got.data)[i]; w = ((int8_t *)want.data)[i]; isFloat = false; break;
    case KILN_DTYPE_U8: case KILN_DTYPE_BOOL:
      g = ((uint8_t *)got.data)[i]; w = ((uint8_t *)want.data)[i]; isFloat = false; break;
    case KILN_DTYPE_U16: g = ((uint16_t *)got.data)[i]; w = ((uint16_t *)want.data)[i]; isFloat = false; break;
    case KILN_DTYPE_U32: g = ((uint32_t *)got.data)[i]; w = ((uint32_t *)want.data)[i]; isFloat = false; break;
    case KILN_DTYPE_U64: g = (double)((uint64_t *)got.data)[i]; w = (double)((uint64_t *)want.data)[i]; isFloat = false; break;
    default:
      return std::string("comparing ") + kiln_dtype_name(want.dtype) +
             " outputs is not implemented";
    }
    bool ok;
    if (!isFloat) // exact: 64-bit integers do not fit a double
      ok = memcmp((const char *)got.data + i * kiln_dtype_size(want.dtype),
                  (const char *)want.data + i * kiln_dtype_size(want.dtype),
                  kiln_dtype_size(want.dtype)) == 0;
    else if (std::isnan(w))
      ok = std::isnan(g);
    else if (std::isinf(w))
      ok = g == w;
    else
      ok = std::fabs(g - w) <= absTol + relTol * std::fabs(w);
    if (!std::isnan(g) && !std::isnan(w) && !std::isinf(w))
      maxErr = std::max(maxErr, std::fabs(g - w));
    if (!ok && bad++ == 0) {
      first = i;
      firstGot = g;
      firstWant = w;
    }
  }
  if (!bad)
    return "";
  std::string s;
  raw_string_ostream os(s);
  os << bad << " of " << n << " elements differ, max abs err " << maxErr
     << "; first at " << first << ": got " << firstGot << " expected " << firstWant;
  return s;
}

/// Compiles and runs one test (in the child process).
Result runTest(const Test &t, const std::string &workDir) {
  std::string modelPath = joinPath(t.dir, "model.onnx");
  auto buf = MemoryBuffer::getFile(modelPath);
  onnx::ModelProto model;
  if (!buf || !model.ParseFromArray((*buf)->getBufferStart(),
                                    (int)(*buf)->getBufferSize()))
    return {Outcome::Fail, "cannot parse " + modelPath};
  if (std::string r = unsupportedReason(model); !r.empty())
    return {Outcome::Unsupported, r};

  std::vector<std::string> sets;
  std::error_code ec;
  for (sys::fs::directory_iterator it(t.dir, ec), end; it != end && !ec; it.increment(ec))
    if (StringRef(sys::path::filename(it->path())).starts_with("test_data_set_"))
      sets.push_back(it->path());
  llvm::sort(sets);
  if (sets.empty())
    return {Outcome::Fail, "no test_data_set_* folder"};

  // Graph inputs that are not initializers, in order: input_i.pb is the i-th.
  std::set<std::string> inits;
  for (const auto &i : model.graph().initializer())
    inits.insert(i.name());
  std::vector<std::string> inputNames;
  for (const auto &i : model.graph().input())
    if (!inits.count(i.name()))
      inputNames.push_back(i.name());

  kiln::CompileOptions opts;
  opts.inputPath = modelPath;
  opts.outputPath = joinPath(workDir, "t.so");
  opts.emit = kiln::EmitKind::Shared;
  opts.prefix = "t";
  std::string error;
  opts.errorMessage = &error;
  opts.forceDynamic = forceDynamic;
  if (!forceDynamic && !modelShapes) {
    auto files = numberedFiles(sets[0], "input_");
    for (size_t i = 0; i < files.size() && i < inputNames.size(); ++i) {
      kiln_owned_tensor in;
      if (kiln_tensor_load_pb(files[i].c_str(), &in))
        return {Outcome::Fail, kiln_last_error()};
      opts.shapes[inputNames[i]] =
          std::vector<int64_t>(in.tensor.shape, in.tensor.shape + in.tensor.rank);
      kiln_owned_tensor_free(&in);
    }
  }
  if (kiln::compile(opts))
    return {Outcome::Fail, "compile: " + error};

  void *lib = dlopen(opts.outputPath.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!lib)
    return {Outcome::Fail, std::string("dlopen: ") + dlerror()};
  // The library carries its own copy of the runtime, which the generated
  // code reports failed checks and heap blocks to: run through it.
  auto runAlloc = (decltype(&kiln_model_run_alloc))dlsym(lib, "kiln_model_run_alloc");
  auto lastError = (decltype(&kiln_last_error))dlsym(lib, "kiln_last_error");
  if (!runAlloc || !lastError)
    return {Outcome::Fail, "no kiln_model_run_alloc/kiln_last_error in the library"};
  auto getDesc = (const kiln_model_desc *(*)())dlsym(lib, "kiln_model_descriptor");
  const kiln_model_desc *desc = getDesc ? getDesc() : nullptr;
  if (!desc)
    return {Outcome::Fail, "no kiln_model_descriptor in the library"};

  for (const std::string &set : sets) {
    std::string label = sys::path::filename(set).str() + ": ";
    auto inFiles = numberedFiles(set, "input_");
    auto outFiles = numberedFiles(set, "output_");
    if ((int64_t)inFiles.size() != desc->num_inputs ||
        (int64_t)outFiles.size() != desc->num_outputs)
      return {Outcome::Fail, label + std::to_string(inFiles.size()) + " inputs and " +
                                 std::to_string(outFiles.size()) +
                                 " outputs in the data, model has " +
                                 std::to_string(desc->num_inputs) + " and " +
                                 std::to_string(desc->num_outputs)};
    std::vector<kiln_owned_tensor> ins(inFiles.size()), refs(outFiles.size()),
        outs(outFiles.size());
    std::vector<kiln_tensor> inT;
    // ONNX 1.12's test data (Debian's libonnx-testdata) stores bfloat16
    // tensors with data_type UINT16, the same 16 bits: where the model
    // says bfloat16, such a file is read as bfloat16.
    auto bf16Bits = [](kiln_tensor &t, int64_t modelDtype) {
      if (t.dtype == KILN_DTYPE_U16 && modelDtype == KILN_DTYPE_BF16)
        t.dtype = KILN_DTYPE_BF16;
    };
    for (size_t i = 0; i < inFiles.size(); ++i) {
      if (kiln_tensor_load_pb(inFiles[i].c_str(), &ins[i]))
        return {Outcome::Fail, label + kiln_last_error()};
      bf16Bits(ins[i].tensor, desc->inputs[i].dtype);
      inT.push_back(ins[i].tensor);
    }
    for (size_t i = 0; i < outFiles.size(); ++i) {
      if (kiln_tensor_load_pb(outFiles[i].c_str(), &refs[i]))
        return {Outcome::Fail, label + kiln_last_error()};
      bf16Bits(refs[i].tensor, desc->outputs[i].dtype);
    }
    // The outputs come back with the shapes the model computed; compare
    // checks them against the references'.
    if (runAlloc(desc, inT.data(), inT.size(), outs.data(), outs.size(), nullptr, 0))
      return {Outcome::Fail, label + "run: " + lastError()};
    for (size_t i = 0; i < outFiles.size(); ++i)
      if (std::string d = compare(outs[i].tensor, refs[i].tensor); !d.empty())
        return {Outcome::Fail, label + "output " + std::to_string(i) + ": " + d};
    for (auto &x : ins) kiln_owned_tensor_free(&x);
    for (auto &x : refs) kiln_owned_tensor_free(&x);
    for (auto &x : outs) kiln_owned_tensor_free(&x);
  }
  return {Outcome::Pass, ""};
}

std::vector<Test> discover() {
  std::vector<Test> tests;
  auto add = [&](StringRef dir) {
    SmallString<256> abs(dir);
    sys::fs::make_absolute(abs);
    sys::path::remove_dots(abs, true);
    StringRef leaf = sys::path::filename(abs);
    StringRef parent = sys::path::filename(sys::path::parent_path(abs));
    tests.push_back({std::string(abs), (parent + "/" + leaf).str()});
  };
  for (const std::string &d : dirs) {
    if (sys::fs::exists(joinPath(d, "model.onnx"))) {
      add(d);
      continue;
    }
    std::vector<std::string> subs;
    std::error_code ec;
    for (sys::fs::directory_iterator it(d, ec), end; it != end && !ec; it.increment(ec))
      if (sys::fs::exists(joinPath(it->path(), "model.onnx")))
        subs.push_back(it->path());
    if (ec || subs.empty()) {
      errs() << "kiln-test: error: '" << d << "' holds no model.onnx tests\n";
      exit(2);
    }
    llvm::sort(subs);
    for (const auto &s : subs)
      add(s);
  }
  if (!filter.empty()) {
    Regex re(filter);
    llvm::erase_if(tests, [&](const Test &t) { return !re.match(t.name); });
  }
  return tests;
}

/// name -> reason, from the expected-failures file.
std::map<std::string, std::string> readExpected() {
  std::map<std::string, std::string> out;
  if (expectedFile.empty())
    return out;
  auto buf = MemoryBuffer::getFile(expectedFile);
  if (!buf) {
    errs() << "kiln-test: error: cannot read " << expectedFile << "\n";
    exit(2);
  }
  SmallVector<StringRef> lines;
  (*buf)->getBuffer().split(lines, '\n');
  for (StringRef line : lines) {
    auto [name, comment] = line.split('#');
    name = name.trim();
    if (!name.empty())
      out[name.str()] = comment.trim().str();
  }
  return out;
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(cat);
  cl::ParseCommandLineOptions(argc, argv, "Run ONNX backend-style tests with Kiln\n");
  std::vector<Test> tests = discover();
  std::map<std::string, std::string> expected = readExpected();

  SmallString<128> work;
  if (sys::fs::createUniqueDirectory("kiln-test", work)) {
    errs() << "kiln-test: error: cannot create a temporary directory\n";
    return 2;
  }

  struct Running {
    size_t index;
    int fd;
  };
  std::map<pid_t, Running> running;
  std::vector<Result> results(tests.size());
  std::vector<bool> done(tests.size());
  size_t next = 0, printed = 0;
  unsigned maxJobs = std::max(1u, (unsigned)jobs);

  auto classify = [&](size_t i, Result r) {
    auto it = expected.find(tests[i].name);
    bool listed = it != expected.end();
    if (listed && r.outcome == Outcome::Fail)
      r.outcome = Outcome::XFail;
    else if (listed && r.outcome == Outcome::Pass) {
      r.outcome = Outcome::XPass;
      r.message = "passes but is listed in " + expectedFile + "; remove it";
    }
    return r;
  };
  auto print = [&](size_t i) {
    const Result &r = results[i];
    static const char *names[] = {"PASS", "FAIL", "UNSUPPORTED", "XFAIL", "XPASS"};
    if (quiet && r.outcome != Outcome::Fail && r.outcome != Outcome::XPass)
      return;
    outs() << names[(int)r.outcome] << " " << tests[i].name;
    if (!r.message.empty())
      outs() << ": " << r.message;
    outs() << "\n";
    outs().flush();
  };

  while (printed < tests.size()) {
    while (next < tests.size() && running.size() < maxJobs) {
      int fds[2];
      if (pipe(fds)) {
        perror("pipe");
        return 2;
      }
      outs().flush();
      pid_t pid = fork();
      if (pid == 0) {
        close(fds[0]);
        alarm(timeout);
        std::string dir = joinPath(work, std::to_string(next));
        sys::fs::create_directories(dir);
        Result r = runTest(tests[next], dir);
        std::string msg = std::to_string((int)r.outcome) + "\n" + r.message.substr(0, 2000);
        (void)!write(fds[1], msg.data(), msg.size());
        close(fds[1]);
        sys::fs::remove_directories(dir);
        _exit(0);
      }
      close(fds[1]);
      running[pid] = {next++, fds[0]};
    }
    int status;
    pid_t pid = wait(&status);
    auto it = running.find(pid);
    if (it == running.end())
      continue;
    size_t i = it->second.index;
    std::string msg;
    char buf[4096];
    for (ssize_t n; (n = read(it->second.fd, buf, sizeof buf)) > 0;)
      msg.append(buf, n);
    close(it->second.fd);
    running.erase(it);
    Result r;
    if (WIFSIGNALED(status))
      r = {Outcome::Fail, WTERMSIG(status) == SIGALRM
                              ? "timed out after " + std::to_string(timeout) + " s"
                              : std::string("crashed: ") + strsignal(WTERMSIG(status))};
    else if (msg.empty())
      r = {Outcome::Fail, "the test process exited without a result"};
    else {
      auto [code, text] = StringRef(msg).split('\n');
      r = {(Outcome)std::stoi(code.str()), text.str()};
    }
    results[i] = classify(i, r);
    done[i] = true;
    while (printed < tests.size() && done[printed])
      print(printed++);
  }
  sys::fs::remove_directories(work);

  size_t counts[5] = {};
  for (const Result &r : results)
    ++counts[(int)r.outcome];
  size_t pass = counts[0], fail = counts[1] + counts[4],
         skip = counts[2] + counts[3];
  size_t inScope = tests.size() - counts[2];
  outs() << "PASS " << counts[0] << ", FAIL " << counts[1] << ", XFAIL " << counts[3]
         << ", XPASS " << counts[4] << ", UNSUPPORTED " << counts[2] << "\n";
  outs() << format("coverage: %zu of %zu in-scope tests pass (%.1f%%)\n", pass, inScope,
                   inScope ? 100.0 * pass / inScope : 0.0);
  // Per suite (the folder above each test: node, simple, ...), in order of
  // first appearance, when there is more than one: the coverage targets
  // are stated per suite.
  std::vector<std::string> suites;
  std::map<std::string, std::pair<size_t, size_t>> perSuite; // pass, in scope
  for (size_t i = 0; i < tests.size(); ++i) {
    std::string suite = StringRef(tests[i].name).split('/').first.str();
    if (!perSuite.count(suite))
      suites.push_back(suite);
    auto &[p, n] = perSuite[suite];
    p += results[i].outcome == Outcome::Pass;
    n += results[i].outcome != Outcome::Unsupported;
  }
  if (suites.size() > 1)
    for (const std::string &suite : suites) {
      auto [p, n] = perSuite[suite];
      outs() << format("coverage %s: %zu of %zu in-scope tests pass (%.1f%%)\n",
                       suite.c_str(), p, n, n ? 100.0 * p / n : 0.0);
    }
  // Targets: compared in integers (100 * pass >= percent * in scope).
  bool missed = false;
  for (StringRef req : requireCoverage) {
    auto [suite, pct] = req.split('=');
    unsigned percent;
    if (pct.getAsInteger(10, percent) || percent > 100 || !perSuite.count(suite.str())) {
      errs() << "kiln-test: --require-coverage " << req
             << ": expected SUITE=PERCENT (0-100) naming a suite that ran\n";
      return 2;
    }
    auto [p, n] = perSuite[suite.str()];
    bool met = n && 100 * p >= percent * n;
    missed |= !met;
    outs() << "coverage target " << suite << " >= " << percent << "%: "
           << (met ? "met" : "MISSED") << "\n";
  }
  outs() << pass << " passed, " << fail << " failed, " << skip << " skipped\n";
  return fail || missed ? 1 : 0;
}
