#!/usr/bin/env python3
"""Test folders for the shared models at other batch sizes and lengths.

    make_dynamic_sets.py SHARED_MODELS_DIR OUT_DIR

For every model in SHARED_MODELS_DIR, writes OUT_DIR/<model>/model.onnx (a
copy) and two data sets, test_data_set_0 and test_data_set_1, whose inputs
differ in their symbolic dimensions (batch; also seq for bert_tiny) and
whose outputs come from onnxruntime. kiln-test compiles each model once and
runs both sets, so one compiled model must handle both sizes.
"""
import os
import shutil
import sys

import numpy as np
import onnx
import onnxruntime as ort
from onnx import numpy_helper

src, out = sys.argv[1], sys.argv[2]
# Sizes per symbolic dimension name, one per data set.
SIZES = {"batch": (1, 3), "seq": (9, 24)}

rng = np.random.default_rng(20261122)


def make_input(vi, sizes, model):
    tt = vi.type.tensor_type
    shape = [d.dim_value if d.HasField("dim_value") else sizes[d.dim_param]
             for d in tt.shape.dim]
    dtype = onnx.helper.tensor_dtype_to_np_dtype(tt.elem_type)
    if vi.name == "input_ids":
        vocab = next(init.dims[0] for init in model.graph.initializer
                     if init.name.endswith("word_embeddings.weight"))
        return rng.integers(0, vocab, size=shape, dtype=dtype)
    if vi.name == "attention_mask":
        mask = np.ones(shape, dtype=dtype)
        mask[..., shape[-1] - shape[-1] // 3:] = 0  # padded tail
        mask[0, :] = 1  # one row without padding
        return mask
    return rng.standard_normal(shape).astype(dtype)


for name in sorted(os.listdir(src)):
    path = os.path.join(src, name, "model.onnx")
    if not os.path.isfile(path):
        continue
    model = onnx.load(path)
    dst = os.path.join(out, name)
    os.makedirs(dst, exist_ok=True)
    shutil.copy(path, os.path.join(dst, "model.onnx"))
    sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    for k in range(2):
        sizes = {p: v[k] for p, v in SIZES.items()}
        feeds = {vi.name: make_input(vi, sizes, model) for vi in model.graph.input}
        outs = sess.run(None, feeds)
        ds = os.path.join(dst, f"test_data_set_{k}")
        os.makedirs(ds, exist_ok=True)
        for i, vi in enumerate(model.graph.input):
            t = numpy_helper.from_array(feeds[vi.name], vi.name)
            open(os.path.join(ds, f"input_{i}.pb"), "wb").write(t.SerializeToString())
        for i, (vo, arr) in enumerate(zip(model.graph.output, outs)):
            t = numpy_helper.from_array(arr, vo.name)
            open(os.path.join(ds, f"output_{i}.pb"), "wb").write(t.SerializeToString())
print("wrote", out)
