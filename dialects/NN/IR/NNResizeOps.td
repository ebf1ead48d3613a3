//===- NNResizeOps.td - nn resampling (resize) -------------*- tablegen -*-===//
//
// Included at the end of NNOps.td. Resampling of a tensor along some of its
// dimensions by interpolation. Its shape rules are in ResizeShapes.h.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_NN_RESIZE_OPS
#define KILN_NN_RESIZE_OPS

def NN_ResizeOp : NN_Op<"resize", [Pure, AttrSizedOperandSegments]> {
  let summary = "resample by interpolation (ONNX Resize, Upsample)";
  let description = [{
    Resamples `input` along the dimensions listed in `axes` (distinct, in
    any order); every other dimension is copied. Entry `i` of `scales` or
    `sizes` (exactly one is given; its length is the number of axes)
    belongs to dimension `axes[i]`. Both may be run-time values.

    Sizes and the scale `s` used to map coordinates, per resized dimension
    of input length `in`:

    - `scales`: `out = floor(in * s)`;
    - `sizes` with `keep_aspect_ratio_policy = "stretch"`: `out = sizes[i]`,
      `s = out / in`;
    - `sizes` with `"not_larger"` / `"not_smaller"`: one `s` for all axes,
      the minimum / maximum of `sizes[i] / in`, and
      `out = floor(s * in + 0.5)`.

    Output coordinate `x` maps to `x_original` by
    `coordinate_transformation_mode` (`w = s * in`, the possibly
    fractional output length):

    - `half_pixel`: `(x + 0.5) / s - 0.5`;
    - `half_pixel_symmetric`: the same plus `in / 2 * (1 - out / w)`;
    - `pytorch_half_pixel`: as `half_pixel`, but `-0.5` when `w == 1`;
    - `align_corners`: `x * (in - 1) / (w - 1)`, `0` when `w == 1`;
    - `asymmetric`: `x / s`;
    - `tf_half_pixel_for_nn`: `(x + 0.5) / s`;
    - `tf_crop_and_resize`: `roi` (starts then ends, one of each per
      axis, in input-normalized coordinates) crops first; an `x_original`
      outside `[0, in - 1]` in any axis gives `extrapolation_value`.

    `mode` says how the element at `x_original` is read:

    - `nearest`: one element, rounded by `nearest_mode`
      (`round_prefer_floor`, `round_prefer_ceil`, `floor`, `ceil`);
    - `linear`: N-linear interpolation of the 2^k nearest elements;
    - `cubic`: N-cubic (Keys) interpolation of the 4^k nearest elements,
      coefficient `cubic_coeff_a`.

    Indices outside the input read its edge elements, unless
    `exclude_outside` is set: those then weigh 0 and the weights are
    renormalized. With `antialias` (linear and cubic), a downscaling axis
    stretches its filter by `1 / s`, so more input elements contribute, and
    the weights are normalized. `linear` and `cubic` need a floating-point
    element type. A result dimension the type gives statically is checked
    at run time where the operands do not prove it.

    Serves ONNX `Resize` (versions 10, 11, 13, 18, 19) and `Upsample`
    (7, 9); the importer drops the axes a constant scale of 1 leaves
    unchanged.

    ```mlir
    %y = nn.resize %x scales %s {axes = array<i64: 2, 3>, mode = "linear"}
        : (tensor<1x3x4x4xf32>, tensor<2xf32>) -> tensor<1x3x8x8xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input,
                   Optional<1DTensorOf<[AnyFloat]>>:$scales,
                   Optional<1DTensorOf<[I64]>>:$sizes,
                   Optional<1DTensorOf<[AnyFloat]>>:$roi,
                   DenseI64ArrayAttr:$axes,
                   DefaultValuedStrAttr<StrAttr, "nearest">:$mode,
                   DefaultValuedStrAttr<StrAttr, "half_pixel">:$coordinate_transformation_mode,
                   DefaultValuedStrAttr<StrAttr, "round_prefer_floor">:$nearest_mode,
                   DefaultValuedAttr<F64Attr, "-0.75">:$cubic_coeff_a,
                   DefaultValuedAttr<BoolAttr, "false">:$exclude_outside,
                   DefaultValuedAttr<F64Attr, "0.0">:$extrapolation_value,
                   DefaultValuedStrAttr<StrAttr, "stretch">:$keep_aspect_ratio_policy,
                   DefaultValuedAttr<BoolAttr, "false">:$antialias);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = [{
    $input (`scales` $scales^)? (`sizes` $sizes^)? (`roi` $roi^)? attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

#endif // KILN_NN_RESIZE_OPS
