#!/usr/bin/env python3
"""Writes ONNX DFT, STFT and MelWeightMatrix models for cases ONNX's backend
tests leave out: complex input, inverse with onesided off, dft_length
shorter and longer than the axis (int64 and int32, run-time and constant),
negative axes (an attribute, and DFT-20's run-time axis input taking
several values with one compiled model), lengths that are not powers of
two, float64 and float16, a dynamic batch, STFT with a run-time
frame_length, with a window, with both, on a complex signal and with
neither, and MelWeightMatrix with other parameters and output types.

Valid models go to OUT_DIR/valid/NAME/ (model.onnx plus test_data_set_N),
those whose data sets differ in batch size to OUT_DIR/dynamic/NAME/.

References: the transforms are computed by numpy (np.fft in complex128,
rounded once to the model's type), and onnxruntime is run on every model
it accepts as a check of the semantics (dft_length, onesided, axes,
framing): the generator stops unless onnxruntime agrees to within float32
accuracy (rtol 1e-4, atol 1e-4; 1e-2 for float16). onnxruntime itself is not the reference
for the transforms because its float32 FFT leaves errors of 1e-7 to 2e-5
where the exact value is 0 (the imaginary part of bin 0 of a real signal,
for instance), above ONNX's atol of 1e-7, where Kiln's f64 sums give 0.
Where onnxruntime is wrong or refuses what ONNX defines, numpy alone is
the reference, checked against ONNX's reference implementation instead:

- DFT with inverse and onesided on real input: onnxruntime rejects it
  ("inverse one-sided DFT requires complex input": it reads onesided
  inverse as a complex-to-real transform); ONNX's reference keeps the
  first n/2 + 1 values of the inverse, as the operator's text reads.
- STFT of a complex signal: onnxruntime 1.30 returns garbage (values near
  1e28).
- STFT without window and frame_length: onnxruntime fails ("Tensor
  shape.Size() must be >= 0"); ONNX's reference takes one frame of the
  signal's length.

MelWeightMatrix's reference is onnxruntime (it agrees with ONNX's
reference implementation exactly).
Inputs the compiled model must reject go to OUT_DIR/bad/NAME/; models Kiln
must reject at import go to OUT_DIR/NAME.onnx.
"""
import sys

import numpy as np
from onnx import TensorProto, helper, numpy_helper

import modelgen
from modelgen import vi

OUT = sys.argv[1]
rng = np.random.default_rng(17)
F, D, H, I32, I64 = (TensorProto.FLOAT, TensorProto.DOUBLE, TensorProto.FLOAT16,
                     TensorProto.INT32, TensorProto.INT64)
N = helper.make_node


def rand(*shape, dtype=np.float32):
    return rng.standard_normal(shape).astype(dtype)


def scalar(v, dtype=np.int64):
    return np.array(v, dtype=dtype)


def init(name, value):
    return numpy_helper.from_array(np.asarray(value), name)


def model(nodes, inputs, outputs, opset=17, initializers=()):
    return modelgen.model(nodes, inputs, outputs, initializers, opset)


def save_valid(name, m, *feed_sets, reference="ort", folder="valid"):
    if callable(reference) and reference.__name__ == "reference":
        reference = reference(m)
    modelgen.save_valid(OUT, name, m, *feed_sets, reference=reference, folder=folder)


def save_bad_inputs(name, valid, feeds):
    """Inputs model `valid` must reject at run time, as OUT_DIR/bad/NAME/."""
    modelgen.save_bad_inputs(OUT, name, valid, feeds)


def save_invalid(name, m):
    modelgen.save_invalid(OUT, name, m)


def checked(fn, against="ort"):
    """A numpy reference `fn` (feeds -> outputs), checked against
    onnxruntime or ONNX's reference implementation on the same feeds."""
    def reference(m):
        if against == "ort":
            import onnxruntime as ort
            run = ort.InferenceSession(m.SerializeToString(),
                                       providers=["CPUExecutionProvider"]).run
        else:
            from onnx.reference import ReferenceEvaluator
            run = ReferenceEvaluator(m).run

        def compute(**feeds):
            ours = fn(**feeds)
            for a, b in zip(ours, run(None, feeds)):
                assert a.shape == b.shape, (a.shape, b.shape)
                tol = 1e-2 if a.dtype == np.float16 else 1e-4
                np.testing.assert_allclose(a.astype(np.float64), b.astype(np.float64),
                                           rtol=tol, atol=tol)
            return ours
        return compute
    return reference


def numpy_dft(x, axis, n=None, inverse=False, onesided=False):
    """ONNX DFT in complex128: x is [..., 1] or [..., 2]; the result [..., 2]
    in x's type."""
    c = x[..., 0].astype(np.float64)
    if x.shape[-1] == 2:
        c = c + 1j * x[..., 1]
    y = (np.fft.ifft if inverse else np.fft.fft)(c, n=n, axis=axis)
    if onesided:
        index = [slice(None)] * y.ndim
        index[axis] = slice(0, y.shape[axis] // 2 + 1)
        y = y[tuple(index)]
    return np.stack([y.real, y.imag], -1).astype(x.dtype)


def numpy_stft(s, step, w=None, n=None, onesided=True):
    """ONNX STFT in complex128: frames of n values every `step`, times the
    window, transformed along the frame."""
    step = int(step)
    n = int(n) if n is not None else len(w) if w is not None else s.shape[1]
    w = np.ones(n) if w is None else w.astype(np.float64)
    frames = [s[:, f * step:f * step + n, :].astype(np.float64) * w[None, :, None]
              for f in range((s.shape[1] - n) // step + 1)]
    return numpy_dft(np.stack(frames, 1), 2, onesided=onesided).astype(s.dtype)


# --- DFT ---------------------------------------------------------------------
# Complex input along axis 1 of length 7 (not a power of two).
x = rand(2, 7, 3, 2)
m = model([N("DFT", ["x"], ["y"], axis=1, name="dft")], [vi("x", [2, 7, 3, 2])],
          [vi("y", None)])
save_valid("dft_complex", m, {"x": x}, reference=checked(lambda x: [numpy_dft(x, 1)]))

# DFT-20, inverse with onesided off, complex input, the axis a run-time
# input: one compiled model transforms along axis -2 (= 2), 0 and 1.
m = model([N("DFT", ["x", "", "axis"], ["y"], inverse=1, name="dft")],
          [vi("x", [2, 7, 3, 2]), vi("axis", [], I64)], [vi("y", None)], opset=20)
save_valid("dft20_inverse_runtime_axis", m,
           {"x": x, "axis": scalar(-2)}, {"x": x, "axis": scalar(0)},
           {"x": x, "axis": scalar(1)},
           reference=checked(lambda x, axis: [numpy_dft(x, int(axis) % x.ndim, inverse=True)]))
# The parts axis and one below -rank are out of range.
save_bad_inputs("dft20_axis_parts", "dft20_inverse_runtime_axis", {"x": x, "axis": scalar(3)})
save_bad_inputs("dft20_axis_below", "dft20_inverse_runtime_axis", {"x": x, "axis": scalar(-5)})

# DFT-20 without the axis input: -2, the last signal axis.
xr = rand(3, 5, 6, 1)
m = model([N("DFT", ["x"], ["y"], name="dft")], [vi("x", [3, 5, 6, 1])], [vi("y", None)],
          opset=20)
save_valid("dft20_default_axis", m, {"x": xr}, reference=checked(lambda x: [numpy_dft(x, 2)]))

# dft_length shorter than the axis (only the first values are used), as an
# int64 run-time input.
xr = rand(3, 10, 1)
m = model([N("DFT", ["x", "n"], ["y"], axis=1, name="dft")],
          [vi("x", [3, 10, 1]), vi("n", [], I64)], [vi("y", None)])
save_valid("dft_length_shorter", m, {"x": xr, "n": scalar(6)}, {"x": xr, "n": scalar(9)},
           {"x": xr, "n": scalar(1)},
           reference=checked(lambda x, n: [numpy_dft(x, 1, n=int(n))]))
save_bad_inputs("dft_length_zero", "dft_length_shorter", {"x": xr, "n": scalar(0)})

# dft_length longer than the axis (zero padding), int32, onesided: 16 and
# 15 give 9 and 8 bins from one compiled model.
m = model([N("DFT", ["x", "n"], ["y"], axis=1, onesided=1, name="dft")],
          [vi("x", [3, 10, 1]), vi("n", [], I32)], [vi("y", None)])
save_valid("dft_length_longer_onesided", m,
           {"x": xr, "n": scalar(16, np.int32)}, {"x": xr, "n": scalar(15, np.int32)},
           reference=checked(lambda x, n: [numpy_dft(x, 1, n=int(n), onesided=True)]))

# dft_length as a one-element int32 vector (onnxruntime accepts it too).
m = model([N("DFT", ["x", "n"], ["y"], axis=1, name="dft")],
          [vi("x", [3, 10, 1]), vi("n", [1], I32)], [vi("y", None)])
save_valid("dft_length_vector", m, {"x": xr, "n": np.array([7], np.int32)},
           reference=checked(lambda x, n: [numpy_dft(x, 1, n=int(n[0]))]))

# A constant dft_length along a negative axis: a static result type.
xr = rand(2, 5, 4, 1)
m = model([N("DFT", ["x", "n"], ["y"], axis=-2, name="dft")], [vi("x", [2, 5, 4, 1])],
          [vi("y", None)], initializers=[init("n", scalar(12))])
save_valid("dft_length_constant", m, {"x": xr},
           reference=checked(lambda x: [numpy_dft(x, 2, n=12)]))

# A negative axis attribute: -3 of rank 4 is axis 1.
m = model([N("DFT", ["x"], ["y"], axis=-3, name="dft")], [vi("x", [2, 5, 4, 1])],
          [vi("y", None)])
save_valid("dft_negative_axis", m, {"x": xr}, reference=checked(lambda x: [numpy_dft(x, 1)]))

# float64, inverse, complex, along axis 0 of length 9.
x64 = rand(9, 4, 2, dtype=np.float64)
m = model([N("DFT", ["x"], ["y"], axis=0, inverse=1, name="dft")],
          [vi("x", [9, 4, 2], D)], [vi("y", None, D)])
save_valid("dft_float64_inverse", m, {"x": x64},
           reference=checked(lambda x: [numpy_dft(x, 0, inverse=True)]))

# Inverse and onesided on real input: the first n/2 + 1 values of the
# inverse (onnxruntime rejects it: onnx.reference).
xr = rand(2, 8, 1)
m = model([N("DFT", ["x"], ["y"], axis=1, inverse=1, onesided=1, name="dft")],
          [vi("x", [2, 8, 1])], [vi("y", None)])
save_valid("dft_inverse_onesided_real", m, {"x": xr},
           reference=checked(lambda x: [numpy_dft(x, 1, inverse=True, onesided=True)],
                             against="onnx"))

# float16 (computed in complex128, rounded once).
x16 = rand(2, 6, 1, dtype=np.float16)
m = model([N("DFT", ["x"], ["y"], axis=1, name="dft")], [vi("x", [2, 6, 1], H)],
          [vi("y", None, H)])
save_valid("dft_float16", m, {"x": x16}, reference=checked(lambda x: [numpy_dft(x, 1)]))

# Every dimension named: with the model's shapes (--model-shapes) the
# parts are known only at run time, where 3 parts, or 2 with onesided, are
# rejected.
m = model([N("DFT", ["x"], ["y"], axis=1, name="dft")], [vi("x", ["a", "b", "c"])],
          [vi("y", None)])
save_valid("dft_named_dims", m, {"x": rand(2, 5, 2)},
           reference=checked(lambda x: [numpy_dft(x, 1)]))
save_bad_inputs("dft_three_parts", "dft_named_dims", {"x": rand(2, 5, 3)})
m = model([N("DFT", ["x"], ["y"], axis=1, onesided=1, name="dft")],
          [vi("x", ["a", "b", "c"])], [vi("y", None)])
save_valid("dft_named_dims_onesided", m, {"x": rand(2, 5, 1)},
           reference=checked(lambda x: [numpy_dft(x, 1, onesided=True)]))
save_bad_inputs("dft_onesided_complex", "dft_named_dims_onesided", {"x": rand(2, 5, 2)})

# A dynamic batch.
m = model([N("DFT", ["x"], ["y"], axis=1, name="dft")], [vi("x", ["batch", 6, 1])],
          [vi("y", None)])
save_valid("dft_dynamic_batch", m, {"x": rand(1, 6, 1)}, {"x": rand(3, 6, 1)},
           reference=checked(lambda x: [numpy_dft(x, 1)]), folder="dynamic")

# Import errors.
save_invalid("dft_axis_parts", model([N("DFT", ["x"], ["y"], axis=2, name="dft")],
                                     [vi("x", [2, 5, 1])], [vi("y", None)]))
save_invalid("dft_three_parts", model([N("DFT", ["x"], ["y"], axis=1, name="dft")],
                                      [vi("x", [2, 5, 3])], [vi("y", None)]))
save_invalid("dft_onesided_complex", model([N("DFT", ["x"], ["y"], onesided=1, name="dft")],
                                           [vi("x", [2, 5, 2])], [vi("y", None)]))
save_invalid("dft20_axis_attribute",
             model([N("DFT", ["x"], ["y"], axis=1, name="dft")], [vi("x", [2, 5, 1])],
                   [vi("y", None)], opset=20))
save_invalid("dft_zero_length",
             model([N("DFT", ["x", "n"], ["y"], name="dft")], [vi("x", [2, 5, 1])],
                   [vi("y", None)], initializers=[init("n", scalar(0))]))
save_invalid("dft_float_length",
             model([N("DFT", ["x", "n"], ["y"], name="dft")],
                   [vi("x", [2, 5, 1]), vi("n", [], F)], [vi("y", None)]))
save_invalid("dft_onesided_two",
             model([N("DFT", ["x"], ["y"], onesided=2, name="dft")], [vi("x", [2, 5, 1])],
                   [vi("y", None)]))


# --- STFT --------------------------------------------------------------------
# Run-time frame_step and frame_length, no window, onesided off.
s = rand(2, 40, 1)
m = model([N("STFT", ["s", "step", "", "n"], ["y"], onesided=0, name="stft")],
          [vi("s", [2, 40, 1]), vi("step", [], I64), vi("n", [], I64)], [vi("y", None)])
save_valid("stft_frame_length", m, {"s": s, "step": scalar(5), "n": scalar(12)},
           {"s": s, "step": scalar(7), "n": scalar(9)},
           reference=checked(lambda s, step, n: [numpy_stft(s, step, n=n, onesided=False)]))
save_bad_inputs("stft_zero_step", "stft_frame_length",
                {"s": s, "step": scalar(0), "n": scalar(12)})
save_bad_inputs("stft_frame_too_long", "stft_frame_length",
                {"s": s, "step": scalar(5), "n": scalar(41)})

# A Hann window as a run-time input, onesided (the default).
w = np.hanning(10).astype(np.float32)
m = model([N("STFT", ["s", "step", "w"], ["y"], name="stft")],
          [vi("s", [2, 40, 1]), vi("step", [], I64), vi("w", [10])], [vi("y", None)])
save_valid("stft_window", m, {"s": s, "step": scalar(3), "w": w},
           reference=checked(lambda s, step, w: [numpy_stft(s, step, w)]))

# A complex signal with a window and frame_length (int32), onesided off
# (onnxruntime's complex STFT is wrong: onnx.reference).
sc = rand(1, 33, 2)
m = model([N("STFT", ["s", "step", "w", "n"], ["y"], onesided=0, name="stft")],
          [vi("s", [1, 33, 2]), vi("step", [], I32), vi("w", [8]), vi("n", [], I32)],
          [vi("y", None)])
save_valid("stft_complex_window_length", m,
           {"s": sc, "step": scalar(4, np.int32), "w": np.hamming(8).astype(np.float32),
            "n": scalar(8, np.int32)},
           reference=checked(lambda s, step, w, n: [numpy_stft(s, step, w, n, onesided=False)],
                             against="onnx"))
save_bad_inputs("stft_window_length_differs", "stft_complex_window_length",
                {"s": sc, "step": scalar(4, np.int32), "w": np.hamming(8).astype(np.float32),
                 "n": scalar(6, np.int32)})

# Neither window nor frame_length: one frame of the whole signal
# (onnxruntime fails: onnx.reference).
m = model([N("STFT", ["s", "step"], ["y"], name="stft")],
          [vi("s", [2, 21, 1]), vi("step", [], I64)], [vi("y", None)])
save_valid("stft_whole_signal", m, {"s": rand(2, 21, 1), "step": scalar(4)},
           reference=checked(lambda s, step: [numpy_stft(s, step)], against="onnx"))

# Constant step and window: a static result type.
w16 = np.hamming(16).astype(np.float32)
m = model([N("STFT", ["s", "step", "w"], ["y"], name="stft")], [vi("s", [1, 50, 1])],
          [vi("y", None)], initializers=[init("step", scalar(6)), init("w", w16)])
save_valid("stft_constant", m, {"s": rand(1, 50, 1)},
           reference=checked(lambda s: [numpy_stft(s, 6, w16)]))

# A dynamic batch.
w8 = np.hanning(8).astype(np.float32)
m = model([N("STFT", ["s", "step", "w"], ["y"], name="stft")], [vi("s", ["batch", 30, 1])],
          [vi("y", None)], initializers=[init("step", scalar(5)), init("w", w8)])
save_valid("stft_dynamic_batch", m, {"s": rand(2, 30, 1)}, {"s": rand(1, 30, 1)},
           reference=checked(lambda s: [numpy_stft(s, 5, w8)]), folder="dynamic")

# Import errors.
save_invalid("stft_zero_step", model([N("STFT", ["s", "step"], ["y"], name="stft")],
                                     [vi("s", [1, 16, 1])], [vi("y", None)],
                                     initializers=[init("step", scalar(0))]))
save_invalid("stft_window_length",
             model([N("STFT", ["s", "step", "w", "n"], ["y"], name="stft")],
                   [vi("s", [1, 64, 1]), vi("step", [], I64)], [vi("y", None)],
                   initializers=[init("w", np.ones(16, np.float32)), init("n", scalar(32))]))
save_invalid("stft_rank2", model([N("STFT", ["s", "step"], ["y"], name="stft")],
                                 [vi("s", [64, 1]), vi("step", [], I64)], [vi("y", None)]))


# --- MelWeightMatrix -----------------------------------------------------------
def mel_model(t=I64, **attrs):
    return model([N("MelWeightMatrix", ["m", "n", "sr", "lo", "hi"], ["y"], name="mel",
                    **attrs)],
                 [vi("m", [], t), vi("n", [], t), vi("sr", [], t), vi("lo", []), vi("hi", [])],
                 [vi("y", None, attrs.get("output_datatype", F))])


mel = {"m": scalar(10), "n": scalar(64), "sr": scalar(16000),
       "lo": scalar(20, np.float32), "hi": scalar(8000, np.float32)}
save_valid("mel_float64", mel_model(output_datatype=D), mel,
           {"m": scalar(5), "n": scalar(31), "sr": scalar(8000),
            "lo": scalar(0, np.float32), "hi": scalar(3000, np.float32)})
save_bad_inputs("mel_zero_rate", "mel_float64", dict(mel, sr=scalar(0)))
save_valid("mel_int32_inputs", mel_model(t=I32),
           {"m": scalar(24, np.int32), "n": scalar(256, np.int32),
            "sr": scalar(22050, np.int32), "lo": scalar(60, np.float32),
            "hi": scalar(7600, np.float32)})

save_invalid("mel_bool_output", mel_model(output_datatype=TensorProto.BOOL))
