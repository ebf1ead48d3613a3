#!/usr/bin/env python3
"""ort_latency.py MODEL_DIR RUNS: median onnxruntime CPU latency in ms."""
import glob
import os
import statistics
import sys
import time

import onnxruntime as ort
from onnx import TensorProto, numpy_helper

d, runs = sys.argv[1], int(sys.argv[2])
opts = ort.SessionOptions()
opts.intra_op_num_threads = 2
opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
sess = ort.InferenceSession(os.path.join(d, "model.onnx"), opts, providers=["CPUExecutionProvider"])
feeds = {}
for i, inp in enumerate(sess.get_inputs()):
    t = TensorProto()
    t.ParseFromString(open(os.path.join(d, "test_data_set_0", f"input_{i}.pb"), "rb").read())
    feeds[inp.name] = numpy_helper.to_array(t)
for _ in range(10):
    sess.run(None, feeds)
times = []
for _ in range(runs):
    t0 = time.perf_counter()
    sess.run(None, feeds)
    times.append((time.perf_counter() - t0) * 1e3)
print(f"{statistics.median(times):.3f}")
