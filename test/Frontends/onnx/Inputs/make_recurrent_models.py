#!/usr/bin/env python3
"""Writes small ONNX models exercising LSTM, GRU and RNN.

Valid models go to OUT_DIR/valid/NAME/ (model.onnx plus test_data_set_0
with onnxruntime's outputs, the reference); models Kiln must reject go to
OUT_DIR/NAME.onnx. Weights are initializers (as exporters write them);
X, initial states and sequence_lens are inputs unless a test says
otherwise.
"""
import os
import sys

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

OUT = sys.argv[1]
rng = np.random.default_rng(7)
F, I32 = TensorProto.FLOAT, TensorProto.INT32
N = helper.make_node
GATES = {"LSTM": 4, "GRU": 3, "RNN": 1}


def rand(*shape, scale=0.5):
    return (rng.standard_normal(shape) * scale).astype(np.float32)


def vi(name, shape, t=F):
    return helper.make_tensor_value_info(name, t, shape)


def save(path, nodes, inputs, outputs, inits, opset):
    g = helper.make_graph(nodes, "g", inputs, outputs,
                          [numpy_helper.from_array(a, n) for n, a in inits])
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = 8 if opset >= 14 else 7
    onnx.save(m, path)


def recurrent(name, op, seq=4, batch=3, inp=5, hidden=6, opset=14, outputs=("y", "yh", "yc"),
              bias=True, init_h=False, init_c=False, peep=False, seq_lens=None,
              const_seq_lens=False, invalid=False, x_shape=None, **attrs):
    """One recurrent node; outputs named "" are not requested."""
    dirs = 2 if attrs.get("direction") == "bidirectional" else 1
    layout = attrs.get("layout", 0)
    g = GATES[op]
    feeds, inits = {}, []
    x = rand(batch, seq, inp) if layout else rand(seq, batch, inp)
    feeds["x"] = x
    inits += [("w", rand(dirs, g * hidden, inp)), ("r", rand(dirs, g * hidden, hidden))]
    ins = ["x", "w", "r"]
    ins.append("b" if bias else "")
    if bias:
        inits.append(("b", rand(dirs, 2 * g * hidden)))
    state = [batch, dirs, hidden] if layout else [dirs, batch, hidden]
    if seq_lens is not None:
        ins.append("sl")
        sl = np.array(seq_lens, dtype=np.int32)
        if const_seq_lens:
            inits.append(("sl", sl))
        else:
            feeds["sl"] = sl
    else:
        ins.append("")
    ins.append("h0" if init_h else "")
    if init_h:
        feeds["h0"] = rand(*state)
    if op == "LSTM":
        ins.append("c0" if init_c else "")
        if init_c:
            feeds["c0"] = rand(*state)
        ins.append("p" if peep else "")
        if peep:
            inits.append(("p", rand(dirs, 3 * hidden)))
    while ins and ins[-1] == "":
        ins.pop()
    outs = list(outputs) if op == "LSTM" else list(outputs)[:2]
    while outs and outs[-1] == "":
        outs.pop()
    node = N(op, ins, outs, hidden_size=hidden, **attrs)
    x_vi = vi("x", x_shape or list(x.shape))
    graph_inputs = [x_vi] + [vi(k, list(v.shape), I32 if k == "sl" else F)
                             for k, v in feeds.items() if k != "x"]
    graph_outputs = [vi(o, None) for o in outs if o]
    if invalid:
        save(os.path.join(OUT, name + ".onnx"), [node], graph_inputs, graph_outputs, inits, opset)
        return
    d = os.path.join(OUT, "valid", name)
    os.makedirs(os.path.join(d, "test_data_set_0"), exist_ok=True)
    path = os.path.join(d, "model.onnx")
    save(path, [node], graph_inputs, graph_outputs, inits, opset)
    if layout:
        # onnxruntime runs only layout 0: the reference is the same node on
        # transposed inputs, its outputs transposed back.
        os.makedirs(os.path.join(OUT, "reference"), exist_ok=True)
        ref_path = os.path.join(OUT, "reference", name + "_layout0.onnx")
        ref_node = N(op, ins, outs, hidden_size=hidden,
                     **{k: v for k, v in attrs.items() if k != "layout"})
        ref_feeds = {k: (v.transpose(1, 0, 2) if k in ("x", "h0", "c0") else v)
                     for k, v in feeds.items()}
        ref_inputs = [vi(k, list(v.shape), I32 if k == "sl" else F) for k, v in ref_feeds.items()]
        save(ref_path, [ref_node], ref_inputs, graph_outputs, inits, opset)
        results = ort.InferenceSession(ref_path, providers=["CPUExecutionProvider"]).run(
            None, ref_feeds)
        results = [v.transpose(2, 0, 1, 3) if v.ndim == 4 else v.transpose(1, 0, 2)
                   for v in results]
    else:
        results = ort.InferenceSession(path, providers=["CPUExecutionProvider"]).run(
            None, feeds)
    for i, (k, v) in enumerate(feeds.items()):
        with open(os.path.join(d, "test_data_set_0", f"input_{i}.pb"), "wb") as f:
            f.write(numpy_helper.from_array(v, k).SerializeToString())
    for i, v in enumerate(results):
        with open(os.path.join(d, "test_data_set_0", f"output_{i}.pb"), "wb") as f:
            f.write(numpy_helper.from_array(v).SerializeToString())


os.makedirs(os.path.join(OUT, "valid"), exist_ok=True)

# --- LSTM ---------------------------------------------------------------------
recurrent("lstm_forward", "LSTM", init_h=True, init_c=True, peep=True)
recurrent("lstm_reverse", "LSTM", init_h=True, init_c=True, peep=True, direction="reverse",
          outputs=("", "yh", "yc"))
recurrent("lstm_bidirectional", "LSTM", init_h=True, init_c=True, peep=True,
          direction="bidirectional")
recurrent("lstm_no_bias_no_state", "LSTM", bias=False, outputs=("y", "", "yc"))
recurrent("lstm_layout", "LSTM", init_h=True, init_c=True, peep=True, layout=1,
          direction="bidirectional")
recurrent("lstm_clip_input_forget", "LSTM", init_h=True, init_c=True, clip=0.4,
          input_forget=1, outputs=("y", "yh", "yc"))
recurrent("lstm_activations", "LSTM", init_h=True, init_c=True, direction="bidirectional",
          activations=["HardSigmoid", "ScaledTanh", "Affine",
                       "Sigmoid", "Softsign", "Elu"],
          activation_alpha=[0.3, 0.9, 1.5, 0.7], activation_beta=[0.4, 1.2, 0.1])
recurrent("lstm_v7", "LSTM", opset=7, init_h=True, direction="reverse")
# Varying lengths: steps past an entry's length keep its state, Y is zero
# there, and the reverse direction starts at each entry's own last step.
recurrent("lstm_seq_lens", "LSTM", seq_lens=[4, 1, 3], init_h=True, init_c=True,
          direction="bidirectional")
recurrent("lstm_seq_lens_full", "LSTM", seq_lens=[4, 4, 4], const_seq_lens=True, init_h=True)

# --- GRU ----------------------------------------------------------------------
recurrent("gru_lbr0", "GRU", init_h=True, direction="bidirectional")
recurrent("gru_lbr1", "GRU", init_h=True, linear_before_reset=1)
recurrent("gru_lbr1_reverse_no_state", "GRU", linear_before_reset=1, direction="reverse")
recurrent("gru_layout_clip", "GRU", init_h=True, layout=1, clip=0.3, linear_before_reset=1)
recurrent("gru_activations", "GRU", init_h=True, activations=["LeakyRelu", "Softplus"],
          activation_alpha=[0.2])
recurrent("gru_seq_lens", "GRU", seq_lens=[2, 4, 0], init_h=True, direction="bidirectional",
          linear_before_reset=1)
recurrent("gru_v7", "GRU", opset=7, outputs=("", "yh"))

# --- RNN ----------------------------------------------------------------------
recurrent("rnn_relu", "RNN", init_h=True, activations=["Relu", "Relu"],
          direction="bidirectional")
recurrent("rnn_layout", "RNN", init_h=True, layout=1, direction="bidirectional")
recurrent("rnn_clip", "RNN", init_h=True, clip=0.25, direction="reverse")
recurrent("rnn_thresholded", "RNN", init_h=True, activations=["ThresholdedRelu"],
          activation_alpha=[0.1])
recurrent("rnn_seq_lens", "RNN", seq_lens=[1, 3, 4], const_seq_lens=True, init_h=True,
          direction="reverse")
recurrent("rnn_v7_sigmoid", "RNN", opset=7, activations=["Sigmoid"], outputs=("y", ""))

# A sequence length known only at run time: a loop over the steps.
recurrent("lstm_dynamic_seq", "LSTM", x_shape=["seq", 3, 5], init_h=True, init_c=True,
          direction="bidirectional")
recurrent("gru_dynamic_seq_lens", "GRU", x_shape=["seq", 3, 5], seq_lens=[2, 4, 0],
          init_h=True, direction="bidirectional")

# Weights given as inputs of symbolic shape: their sizes are checked at run
# time against hidden_size and X.
def rnn_weight_inputs():
    import modelgen
    x, w, r = rand(4, 3, 5), rand(1, 6, 5), rand(1, 6, 6)
    m = modelgen.model([N("RNN", ["x", "w", "r"], ["y", "yh"], hidden_size=6)],
                       [vi("x", ["t", "n", "i"]), vi("w", ["d", "g", "i"]),
                        vi("r", ["d", "g", "h"])],
                       [vi("y", None), vi("yh", None)], opset=14)
    modelgen.save_valid(OUT, "rnn_weight_inputs", m, {"x": x, "w": w, "r": r})
    modelgen.save_bad_inputs(OUT, "rnn_weight_inputs_bad_r", "rnn_weight_inputs",
                             {"x": x, "w": w, "r": rand(1, 6, 7)})


rnn_weight_inputs()

# --- Models Kiln rejects, each with one clear line ----------------------------
recurrent("gru_bad_activation", "GRU", activations=["Sigmoid", "Swish"], invalid=True)
recurrent("rnn_bad_direction", "RNN", direction="sideways", invalid=True)
recurrent("rnn_activation_count", "RNN", direction="bidirectional",
          activations=["Tanh", "Relu", "Relu"], invalid=True)
print("wrote recurrent test models to", OUT)
