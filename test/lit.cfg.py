# -*- Python -*-  lit configuration for Kiln.
import os
import lit.formats

config.name = "Kiln"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".mlir", ".test"]
config.excludes = ["Inputs", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.kiln_obj_root, "test")

config.environment["PATH"] = os.pathsep.join(
    [config.kiln_tools_dir, config.llvm_tools_dir, config.environment.get("PATH", os.environ["PATH"])])
config.environment["FILECHECK_OPTS"] = "-enable-var-scope"
for var in ("HOME", "TMPDIR", "CCACHE_DIR", "KILN_JOBS"):
    if var in os.environ:
        config.environment[var] = os.environ[var]

config.substitutions.append(("%python", config.python))
config.substitutions.append(("%shared_models", config.shared_models))
config.substitutions.append(("%kiln_src", config.kiln_src_root))
config.substitutions.append(("%kiln_obj", config.kiln_obj_root))
config.substitutions.append(("%cc", config.c_compiler))
config.substitutions.append(("%kiln_include", os.path.join(config.kiln_src_root, "runtime", "include")))
config.substitutions.append(("%kiln_rt", os.path.join(config.kiln_lib_dir, "libkiln_rt.a")))
# The importer's libFuzzer target lives in its own clang build dir
# (scripts/build-fuzzer.sh BUILD_DIR; fuzz-import.test builds it there).
config.substitutions.append(("%kiln_fuzz_build", os.path.join(config.kiln_obj_root, "fuzz")))

if os.path.isdir(config.shared_models):
    config.available_features.add("shared-models")
if os.path.exists(config.python):
    config.available_features.add("python-refs")

# ONNX's backend test data: Debian's libonnx-testdata and the newer set in
# the pinned onnx wheel.
onnx_debian = "/usr/share/libonnx-testdata/data"
onnx_pypi = os.path.join(os.path.dirname(os.path.dirname(config.python)), "lib",
                         "python3.11", "site-packages", "onnx", "backend", "test", "data")
config.substitutions.append(("%onnx_debian", onnx_debian))
config.substitutions.append(("%onnx_pypi", onnx_pypi))
if os.path.isdir(onnx_debian):
    config.available_features.add("onnx-testdata")
if os.path.isdir(onnx_pypi):
    config.available_features.add("onnx-pypi-testdata")
