#!/usr/bin/env python3
"""Rewrites an expected-failures list from a kiln-test log.

    kiln-test DIRS... > log; scripts/update-expected-failures.py log LIST

Every FAIL or XFAIL line becomes an entry "suite/test  # reason"; entries
for tests that now pass (XPASS) disappear. Run it only after a change that
really fixed or knowingly broke tests, and review the diff.
"""
import re
import sys

log, out = sys.argv[1], sys.argv[2]
entries = []
for line in open(log):
    m = re.match(r"^(FAIL|XFAIL) (\S+?)(?:: (.*))?$", line.rstrip("\n"))
    if not m:
        continue
    reason = m.group(3) or ""
    reason = re.sub(r"^compile: \S+model\.onnx: ", "", reason)
    reason = re.sub(r"\s*\(see docs/ops\.md.*\)$", "", reason)
    entries.append(f"{m.group(2)}  # {reason[:160]}")
header = (
    "# Tests kiln-test expects to fail, with the reason seen when the list was\n"
    "# last regenerated (scripts/update-expected-failures.py). A listed test\n"
    "# that passes is reported as XPASS and fails the run: remove it.\n")
open(out, "w").write(header + "\n".join(sorted(entries)) + "\n")
print(f"{len(entries)} expected failures written to {out}")
