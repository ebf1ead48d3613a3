#!/usr/bin/env python3
"""compare_printed.py OUTPUT_0.pb [OUTPUT_1.pb ...] < program output

Reads the lines `name: dtype[d0,d1] = v0 v1 ...` that compiled executables
print (with --all) and compares each, in order, with the reference
TensorProto files. Prints `output N: max_abs_err=E OK|MISMATCH` and exits 1
on any mismatch (absolute tolerance 1e-4; values are printed with 6
significant digits).
"""
import re
import sys

import numpy as np
from onnx import TensorProto, numpy_helper

line_re = re.compile(r"^(\S+): (\w+)\[([\d,]*)\] = (.*)$")
printed = [m for m in (line_re.match(l.rstrip("\n")) for l in sys.stdin) if m]
refs = sys.argv[1:]
ok = len(printed) == len(refs)
if not ok:
    print(f"expected {len(refs)} printed outputs, got {len(printed)}")
for i, (m, path) in enumerate(zip(printed, refs)):
    t = TensorProto()
    t.ParseFromString(open(path, "rb").read())
    ref = numpy_helper.to_array(t).astype(np.float64)
    shape = [int(d) for d in m.group(3).split(",") if d]
    vals = np.array([float(v) for v in m.group(4).split() if v != "..."])
    if list(ref.shape) != shape or vals.size != ref.size:
        print(f"output {i}: shape {shape} ({vals.size} values) vs reference {list(ref.shape)}: MISMATCH")
        ok = False
        continue
    err = float(np.max(np.abs(vals - ref.ravel()))) if ref.size else 0.0
    good = err <= 1e-4
    ok &= good
    print(f"output {i}: max_abs_err={err:.3g} {'OK' if good else 'MISMATCH'}")
sys.exit(0 if ok else 1)
