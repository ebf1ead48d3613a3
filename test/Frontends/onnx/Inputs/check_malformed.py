#!/usr/bin/env python3
"""Runs `kilnc MODEL --emit=nn` on every DIR/*.onnx (sorted) and prints one
line per model, "NAME.onnx: MESSAGE", for FileCheck. Fails unless each run
exits with status 1 (not a signal, not a hang) and writes exactly one
line, "kilnc: error: PATH: MESSAGE".

    check_malformed.py DIR
"""
import os
import subprocess
import sys

d = sys.argv[1]
bad = []
for name in sorted(f for f in os.listdir(d) if f.endswith(".onnx")):
    path = os.path.join(d, name)
    try:
        r = subprocess.run(["kilnc", path, "--emit=nn", "-o", os.devnull],
                           capture_output=True, text=True, errors="replace", timeout=120)
    except subprocess.TimeoutExpired:
        bad.append("%s: kilnc did not finish in 120 s" % name)
        continue
    lines = r.stderr.splitlines()
    prefix = "kilnc: error: %s: " % path
    if r.returncode != 1 or len(lines) != 1 or not lines[0].startswith(prefix):
        bad.append("%s: exit status %d, stderr:\n%s" % (name, r.returncode, r.stderr))
        continue
    print("%s: %s" % (name, lines[0][len(prefix):]))
for b in bad:
    print("FAILED", b, file=sys.stderr)
sys.exit(1 if bad else 0)
