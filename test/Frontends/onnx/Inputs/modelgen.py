"""Shared pieces of the make_*_models.py generators: building a model and
writing the ONNX backend-test layout that kiln-test and kiln-run read.

    OUT/valid/NAME/model.onnx + test_data_set_N/{input,output}_I.pb
    OUT/bad/NAME/{input,output}_I.pb     inputs the compiled model must reject
    OUT/NAME.onnx                        models the importer must reject

Reference outputs come from onnxruntime ("ort"), ONNX's reference
evaluator ("onnx"), or a callable taking the feeds as keyword arguments
(numpy): never from Kiln.
"""
import os
import shutil

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def vi(name, shape, t=TensorProto.FLOAT):
    return helper.make_tensor_value_info(name, t, shape)


def model(nodes, inputs, outputs, inits=(), opset=17, ir_version=8):
    """A one-graph model; `inits` holds (name, array) pairs or TensorProtos."""
    g = helper.make_graph(nodes, "g", inputs, outputs,
                          [numpy_helper.from_array(np.asarray(a[1]), a[0]) if isinstance(a, tuple) else a
                           for a in inits])
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = ir_version
    return m


def _write(path, array, name=None):
    with open(path, "wb") as f:
        f.write(numpy_helper.from_array(np.asarray(array), name).SerializeToString())


def _runner(m, path, reference):
    if reference == "ort":
        import onnxruntime as ort
        return ort.InferenceSession(path, providers=["CPUExecutionProvider"]).run
    if reference == "onnx":
        from onnx.reference import ReferenceEvaluator
        return ReferenceEvaluator(m).run
    return lambda _, feeds: reference(**feeds)


def save_valid(out, name, m, *feed_sets, reference="ort", folder="valid"):
    """OUT/FOLDER/NAME/model.onnx with one test_data_set_N per feed set."""
    d = os.path.join(out, folder, name)
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "model.onnx")
    onnx.save(m, path)
    run = _runner(m, path, reference)
    for n, feeds in enumerate(feed_sets):
        ds = os.path.join(d, f"test_data_set_{n}")
        os.makedirs(ds, exist_ok=True)
        for i, (k, v) in enumerate(feeds.items()):
            _write(os.path.join(ds, f"input_{i}.pb"), v, k)
        for i, v in enumerate(run(None, feeds)):
            _write(os.path.join(ds, f"output_{i}.pb"), v)


def save_bad_inputs(out, name, valid, feeds, folder="valid"):
    """OUT/bad/NAME: inputs model OUT/FOLDER/`valid` must reject at run time,
    with the valid set's outputs (the run fails before they are compared)."""
    d = os.path.join(out, "bad", name)
    os.makedirs(d, exist_ok=True)
    for i, (k, v) in enumerate(feeds.items()):
        _write(os.path.join(d, f"input_{i}.pb"), v, k)
    ref = os.path.join(out, folder, valid, "test_data_set_0")
    for f in os.listdir(ref):
        if f.startswith("output_"):
            shutil.copy(os.path.join(ref, f), d)


def save_invalid(out, name, m):
    """OUT/NAME.onnx: a model the importer must reject."""
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, name + ".onnx"), "wb") as f:
        f.write(m.SerializeToString())
