#!/usr/bin/env bash
# Builds Kiln (installing what is missing) and runs the whole test suite:
# every lit test under test/ (dialect, transforms, conversion, frontend,
# target, runtime, end-to-end, and a replay of the importer's fuzzing corpus). Ends
# with "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# The importer's libFuzzer target (test/Frontends/onnx/fuzz-import.test),
# built here with every core rather than inside one lit job. If it does not
# build, that test builds it again and fails, counted with the rest.
scripts/build-fuzzer.sh build/fuzz || echo "test: the fuzzer did not build (fuzz-import.test will fail)"
RESULTS=build/test/results.json
rm -f "$RESULTS"
set +e
/usr/lib/llvm-22/bin/lit -sv -j"${KILN_JOBS:-2}" -o "$RESULTS" build/test "$@"
lit_rc=$?
set -e
[ -f "$RESULTS" ] || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }
.venv/bin/python - "$RESULTS" "$lit_rc" <<'PY'
import json, sys
tests = json.load(open(sys.argv[1]))["tests"]
passed = sum(t["code"] in ("PASS", "XFAIL") for t in tests)
skipped = sum(t["code"] in ("UNSUPPORTED", "SKIPPED", "EXCLUDED") for t in tests)
failed = len(tests) - passed - skipped
for t in tests:
    if t["code"] in ("UNSUPPORTED", "SKIPPED"):
        print(f"skipped: {t['name']} ({t['code']})")
if not tests:
    failed = 1
if int(sys.argv[2]) != 0 and failed == 0:
    failed = 1  # lit itself failed (configuration error)
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed else 0)
PY
