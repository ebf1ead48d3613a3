#!/usr/bin/env bash
# Explores the ONNX importer with kiln-fuzz-import for a while, with a random
# seed, from the same seed corpus as fuzz-import.test (docs/testing.md).
# Run it before landing importer changes; CI only replays the corpus.
# Findings land in build/fuzz/findings/ (crash-*, timeout-*, oom-*).
#
#   scripts/fuzz.sh [SECONDS] [JOBS]     # default 600 s, 1 job
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN=${1:-600}
JOBS=${2:-1}
PY=${KILN_PYTHON:-.venv/bin/python}
scripts/build-fuzzer.sh build/fuzz
W=build/fuzz/work
rm -rf "$W/seeds" && mkdir -p "$W/seeds" "$W/corpus" build/fuzz/findings
"$PY" tools/kiln-fuzz-import/make_seed_corpus.py "$W/seeds"
"$PY" test/Frontends/onnx/Inputs/make_malformed_models.py "$W/seeds" >/dev/null
cp test/Frontends/onnx/Inputs/fuzz-regressions/* "$W/seeds/"
ARGS=(-max_total_time="$SECONDS_TO_RUN" -timeout=10 -rss_limit_mb=4096
      -malloc_limit_mb=4096 -print_final_stats=1
      -artifact_prefix=build/fuzz/findings/ "$W/corpus" "$W/seeds")
if [ "$JOBS" -gt 1 ]; then
  build/fuzz/bin/kiln-fuzz-import -jobs="$JOBS" -workers="$JOBS" "${ARGS[@]}"
else
  build/fuzz/bin/kiln-fuzz-import "${ARGS[@]}"
fi
