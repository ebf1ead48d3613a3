//===- NNSpectralOps.td - nn Fourier transforms ------------*- tablegen -*-===//
//
// Included at the end of NNOps.td. The discrete Fourier transform along an
// axis (dft), the short-time Fourier transform of framed signals (stft)
// and the mel filter bank applied to their spectra (mel_weight_matrix).
// Their shape rules are in SpectralShapes.h.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_NN_SPECTRAL_OPS
#define KILN_NN_SPECTRAL_OPS

def NN_DFTOp : NN_Op<"dft", [Pure]> {
  let summary = "discrete Fourier transform along an axis (ONNX DFT)";
  let description = [{
    `input` has shape `(D0, ..., Dr-2, C)`: real values (`C = 1`) or
    complex ones (`C = 2`, real then imaginary part). Along `axis` (in
    `[0, r - 2]`; the last dimension holds the parts) the sequence of `n`
    values, `n` being `length` when given (a rank-0 i64 tensor, possibly
    computed at run time) and otherwise the size of the axis, is
    transformed:

    ```
    y[k] = sum_{t < n} x[t] * e^(-2 pi i k t / n)        (forward)
    y[k] = 1/n * sum_{t < n} x[t] * e^(+2 pi i k t / n)   (inverse)
    ```

    where `x[t]` is zero past the end of the axis (a longer `length` pads
    with zeros; a shorter one uses only the first `n` values). The result
    has the input's shape with 2 in the last dimension (real and imaginary
    parts) and, along the axis, `n` entries, or with `onesided` the first
    `n / 2 + 1` (rounded down), which for real input hold every distinct
    value (the rest are their complex conjugates). `onesided` needs real
    input, as ONNX specifies (onnxruntime and ONNX's reference
    implementation disagree on complex input); with `inverse` it keeps the
    first `n / 2 + 1` values of the inverse transform, as ONNX's reference
    does. `n` must be at least 1 and `C` 1 or 2, or 1 with `onesided`
    (checked at run time when not known). Serves ONNX `DFT` (versions 17 and 20; the importer turns
    an axis known only at run time into axis 1 of a reshaped input).

    ```mlir
    %y = nn.dft %x {axis = 1 : i64, onesided = true}
        : (tensor<2x10x1xf32>) -> tensor<2x6x2xf32>
    %z = nn.dft %x, %n {axis = 1 : i64, inverse = true}
        : (tensor<2x10x1xf32>, tensor<i64>) -> tensor<2x?x2xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, Optional<0DTensorOf<[I64]>>:$length,
                   I64Attr:$axis,
                   DefaultValuedAttr<BoolAttr, "false">:$inverse,
                   DefaultValuedAttr<BoolAttr, "false">:$onesided);
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat = [{
    $input (`,` $length^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def NN_STFTOp : NN_Op<"stft", [Pure, AttrSizedOperandSegments]> {
  let summary = "short-time Fourier transform (ONNX STFT)";
  let description = [{
    `signal` has shape `(B, L, C)`: B signals of length L, real (`C = 1`) or
    complex (`C = 2`). Frame `f` of signal `b` is its `frame_length`
    values from position `f * frame_step`, multiplied elementwise by
    `window` when given; the result holds the discrete Fourier transform
    (as nn.dft, forward, of length `frame_length`) of every frame:

    ```
    y[b, f, k] = sum_{t < n} signal[b, f * s + t] * window[t] * e^(-2 pi i k t / n)
    ```

    with `s = frame_step` and `n = frame_length`. `frame_step` and
    `frame_length` are rank-0 i64 tensors (possibly computed at run time);
    without `frame_length`, it is the window's length, or without a window
    `L`. The result has shape `(B, F, K, 2)` with `F = (L - n) / s + 1`
    frames (rounded down) and `K = n` bins, or with `onesided` (the
    default; real signals only) `n / 2 + 1`. `frame_step` must be at least
    1, `frame_length` in `[1, L]`, a window's length equal to
    `frame_length`, and `C` 1 or 2, or 1 with `onesided` (checked at run
    time where not known). Serves ONNX `STFT` (version 17).

    ```mlir
    %y = nn.stft %x, %step window %w
        : (tensor<1x128x1xf32>, tensor<i64>, tensor<16xf32>) -> tensor<1x?x9x2xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$signal, 0DTensorOf<[I64]>:$frame_step,
                   Optional<1DTensorOf<[AnyFloat]>>:$window,
                   Optional<0DTensorOf<[I64]>>:$frame_length,
                   DefaultValuedAttr<BoolAttr, "true">:$onesided);
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat = [{
    $signal `,` $frame_step (`window` $window^)? (`frame_length` $frame_length^)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def NN_MelWeightMatrixOp : NN_Op<"mel_weight_matrix", [Pure]> {
  let summary = "triangular mel filter bank (ONNX MelWeightMatrix)";
  let description = [{
    The `(dft_length / 2 + 1, num_mel_bins)` matrix that maps the bins of a
    onesided spectrum of length `dft_length` (sampled at `sample_rate`) to
    `num_mel_bins` bands equally spaced on the mel scale
    `mel(f) = 2595 * log10(1 + f / 700)` between `lower_edge_hertz` and
    `upper_edge_hertz`. With `M = num_mel_bins`, the band edges are
    `m_k = mel(lower) + k * (mel(upper) - mel(lower)) / (M + 2)` for
    `k < M + 2` (the mel values and their step in the type of the edges,
    f32 for 16-bit types; the rest in f64), and their bins
    `b_k = int(((dft_length + 1) * 700 * (10^(m_k / 2595) - 1)) // sample_rate)`
    (numpy's floor division). Column `i` is the triangle rising from
    `b_i` to 1 at `b_{i+1}` and falling to `b_{i+2}`: entry `(j, i)` is
    `(j - b_i) / (b_{i+1} - b_i)` for `b_i <= j <= b_{i+1}` (1 when the two
    are equal), `(b_{i+2} - j) / (b_{i+2} - b_{i+1})` for
    `b_{i+1} < j < b_{i+2}`, else 0; this is ONNX's reference
    implementation, whose writes outside the matrix are dropped here. The
    result is converted to its element type (integers truncate). The three
    integer operands are rank-0 i64 tensors, possibly known only at run
    time; `num_mel_bins` and `dft_length` must not be negative and
    `sample_rate` must be at least 1 (checked at run time when not known).
    Serves ONNX `MelWeightMatrix` (version 17).

    ```mlir
    %w = nn.mel_weight_matrix %m, %n, %sr, %lo, %hi
        : (tensor<i64>, tensor<i64>, tensor<i64>, tensor<f32>, tensor<f32>) -> tensor<?x?xf32>
    ```
  }];
  let arguments = (ins 0DTensorOf<[I64]>:$num_mel_bins, 0DTensorOf<[I64]>:$dft_length,
                   0DTensorOf<[I64]>:$sample_rate, 0DTensorOf<[AnyFloat]>:$lower_edge_hertz,
                   0DTensorOf<[AnyFloat]>:$upper_edge_hertz);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = [{
    $num_mel_bins `,` $dft_length `,` $sample_rate `,` $lower_edge_hertz `,` $upper_edge_hertz
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

#endif // KILN_NN_SPECTRAL_OPS
