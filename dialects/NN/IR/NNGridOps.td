//===- NNGridOps.td - nn sampling grids --------------------*- tablegen -*-===//
//
// Included at the end of NNOps.td. Sampling an input at the positions a
// grid gives (grid_sample), the grids of affine maps (affine_grid) and
// pooled samples of regions of interest (roi_align).
// Their shape rules are in GridShapes.h.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_NN_GRID_OPS
#define KILN_NN_GRID_OPS

def NN_GridSampleOp : NN_Op<"grid_sample", [Pure, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "sample an input at grid positions (ONNX GridSample)";
  let description = [{
    `input` has shape `(N, C, D1, ..., Dr)` (r >= 1 spatial dimensions),
    `grid` has shape `(N, O1, ..., Or, r)`; the result has shape
    `(N, C, O1, ..., Or)`. Entry `(n, o1, ..., or)` of `grid` holds
    normalized coordinates in [-1, 1], in reverse order of the spatial
    dimensions: component 0 belongs to `Dr` (x, the width), component
    `r - 1` to `D1`. Each is mapped to an input coordinate of dimension
    length `L` by `((g + 1) * L - 1) / 2`, or with `align_corners`, where
    -1 and 1 are the centers of the edge elements, by `(g + 1) / 2 * (L - 1)`.

    `mode` says how the input is read at that coordinate:

    - `nearest`: the element at the coordinate rounded half to even;
    - `linear`: N-linear interpolation of the 2^r nearest elements;
    - `cubic`: N-cubic (Keys, coefficient -0.75) interpolation of the 4^r
      nearest elements.

    `padding_mode` says what lies outside the input, whose extent is
    `[-0.5, L - 0.5]` (`[0, L - 1]` with `align_corners`): `zeros` reads 0
    for every element outside; `border` first clamps a coordinate outside
    the extent into `[0, L - 1]` and then reads the edge element for an
    index outside; `reflection` first reflects a coordinate outside the
    extent at its ends (repeatedly) and reflects indices the same way.
    This is the ONNX reference implementation's order of operations.

    Interpolation sums are f32 (f64 when `input` or `grid` is f64).
    `linear` and `cubic` need a floating-point `input`; `nearest` reads any
    element type. Serves ONNX `GridSample` (versions 16, 20, 22; version 16
    calls the modes `bilinear` and `bicubic` and has only r = 2).

    ```mlir
    %y = nn.grid_sample %x, %g {mode = "cubic", padding_mode = "border"}
        : (tensor<1x3x8x8xf32>, tensor<1x4x5x2xf32>) -> tensor<1x3x4x5xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, NN_FloatTensor:$grid,
                   DefaultValuedStrAttr<StrAttr, "linear">:$mode,
                   DefaultValuedStrAttr<StrAttr, "zeros">:$padding_mode,
                   DefaultValuedAttr<BoolAttr, "false">:$align_corners);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $grid attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def NN_AffineGridOp : NN_Op<"affine_grid", [Pure]> {
  let summary = "sampling grid of affine maps (ONNX AffineGrid)";
  let description = [{
    `theta` has shape `(N, r, r + 1)`: one affine map of r-D space per
    batch entry. `size` (r + 2 entries, possibly a run-time value) is the
    size `(N, C, D1, ..., Dr)` of the image to be sampled; `C` is unused.
    The result has shape `(N, D1, ..., Dr, r)`: at `(n, i1, ..., ir)` the
    image `theta[n] * (x, 1)` of the base point `x` whose components, in
    reverse order of the spatial dimensions (as nn.grid_sample reads
    them), are the normalized coordinates of `ir, ..., i1`. The
    coordinate of index `i` in a dimension of length `L` is
    `(2 * i + 1) / L - 1` (element centers), or with `align_corners`,
    `2 * i / (L - 1) - 1` (-1 when `L` is 1). The first entry of `size`
    must equal `N` and the others must not be negative (checked at run
    time when not known). Serves ONNX `AffineGrid` (version 20, r = 2 or 3).

    ```mlir
    %g = nn.affine_grid %theta, %size {align_corners = true}
        : (tensor<2x2x3xf32>, tensor<4xi64>) -> tensor<2x?x?x2xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$theta, 1DTensorOf<[I64]>:$size,
                   DefaultValuedAttr<BoolAttr, "false">:$align_corners);
  let results = (outs NN_FloatTensor:$grid);
  let assemblyFormat = [{
    $theta `,` $size attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def NN_RoiAlignOp : NN_Op<"roi_align", [Pure, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "pooled bilinear samples of regions of interest (ONNX RoiAlign)";
  let description = [{
    `input` `(N, C, H, W)`, `rois` `(R, 4)` holding `[x1, y1, x2, y2]` per
    region in input coordinates times `1 / spatial_scale`, and
    `batch_indices` `(R)` naming each region's image; the result is
    `(R, C, output_height, output_width)`. Each output bin averages (`avg`)
    or takes the maximum (`max`) of a grid of bilinear samples:
    `sampling_ratio` per side, or when it is 0, `ceil(region / output)`
    samples per side for each region. With `half_pixel` the region's
    corners are shifted by -0.5 and a region may be smaller than 1;
    otherwise (`output_half_pixel`, version 10's only mode) it is at least
    1 x 1. A sample more than one element outside the input reads 0; the
    `max` mode takes the maximum of the four weighted corner values, as
    ONNX's reference implementation does. Coordinates and sums are in f64.
    A batch index outside `[0, N)` stops the run with KILN_ERR_SHAPE.
    Serves ONNX `RoiAlign` (versions 10, 16, 22).

    ```mlir
    %y = nn.roi_align %x, %rois, %idx {coordinate_transformation_mode = "half_pixel",
                                       mode = "avg", output_height = 5 : i64,
                                       output_width = 5 : i64, sampling_ratio = 2 : i64,
                                       spatial_scale = 1.0 : f32}
        : (tensor<1x1x10x10xf32>, tensor<3x4xf32>, tensor<3xi64>) -> tensor<3x1x5x5xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, NN_FloatTensor:$rois,
                   RankedTensorOf<[I64]>:$batch_indices,
                   DefaultValuedStrAttr<StrAttr, "avg">:$mode,
                   DefaultValuedStrAttr<StrAttr, "half_pixel">:$coordinate_transformation_mode,
                   DefaultValuedAttr<I64Attr, "1">:$output_height,
                   DefaultValuedAttr<I64Attr, "1">:$output_width,
                   DefaultValuedAttr<I64Attr, "0">:$sampling_ratio,
                   DefaultValuedAttr<F32Attr, "1.0">:$spatial_scale);
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat = [{
    $input `,` $rois `,` $batch_indices attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

#endif // KILN_NN_GRID_OPS
