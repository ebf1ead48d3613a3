/*===- kiln.h - Kiln runtime public interface --------------------*- C -*-===*
 *
 * The plain C11 interface between a program and models compiled by kilnc.
 * Nothing here depends on MLIR, LLVM or C++.
 *
 * A compiled model exports a descriptor (`kiln_model_desc`) and a run
 * function `<prefix>_run` declared in the header kilnc writes next to the
 * object. Both end up in `kiln_model_run`, which validates the caller's
 * tensors against the descriptor before any generated code touches them.
 *
 *===----------------------------------------------------------------------===*/
#ifndef KILN_KILN_H
#define KILN_KILN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** ABI version of `kiln_model_desc`; bumped on any layout change. */
#define KILN_ABI_VERSION 2

/** Element types. The values are those of ONNX's TensorProto.DataType. */
typedef enum kiln_dtype {
  KILN_DTYPE_UNDEFINED = 0,
  KILN_DTYPE_F32 = 1,
  KILN_DTYPE_U8 = 2,
  KILN_DTYPE_I8 = 3,
  KILN_DTYPE_U16 = 4,
  KILN_DTYPE_I16 = 5,
  KILN_DTYPE_I32 = 6,
  KILN_DTYPE_I64 = 7,
  KILN_DTYPE_BOOL = 9,
  KILN_DTYPE_F16 = 10,
  KILN_DTYPE_F64 = 11,
  KILN_DTYPE_U32 = 12,
  KILN_DTYPE_U64 = 13,
  KILN_DTYPE_BF16 = 16
} kiln_dtype;

/** Status codes returned by every fallible runtime and model entry point. */
typedef enum kiln_status {
  KILN_OK = 0,
  KILN_ERR_INVALID_ARGUMENT = 1, /**< null pointer, wrong count, bad desc */
  KILN_ERR_DTYPE = 2,            /**< a tensor has the wrong element type */
  KILN_ERR_RANK = 3,             /**< a tensor has the wrong rank */
  KILN_ERR_SHAPE = 4,            /**< a dimension does not match */
  KILN_ERR_SCRATCH = 5,          /**< caller's scratch buffer too small */
  KILN_ERR_OUT_OF_MEMORY = 6,    /**< an allocation failed */
  KILN_ERR_IO = 7,               /**< a file could not be read */
  KILN_ERR_PARSE = 8,            /**< a serialized tensor is malformed */
  KILN_ERR_UNSUPPORTED = 9       /**< valid request the runtime cannot do */
} kiln_status;

/** A caller-owned tensor: dense, row-major, no padding. */
typedef struct kiln_tensor {
  void *data;           /**< first element; must be non-null */
  int32_t dtype;        /**< a kiln_dtype value */
  int32_t rank;         /**< number of dimensions */
  const int64_t *shape; /**< `rank` dimensions (may be null when rank 0) */
} kiln_tensor;

/** Static description of one model input or output. */
typedef struct kiln_tensor_info {
  const char *name;     /**< the ONNX graph's name for it */
  int64_t dtype;        /**< a kiln_dtype value */
  int64_t rank;
  const int64_t *shape; /**< `rank` dims; -1 marks a dynamic dimension */
  /** Null, or `rank` entries: the model's name for each dynamic dimension
   *  ("batch", "seq"), or null where it has none. Inputs whose dimensions
   *  share a name must agree on its size at run time. */
  const char *const *dim_params;
} kiln_tensor_info;

/** Maximum rank of a tensor the runtime handles (owned tensors, outputs of
 *  models with dynamic shapes). */
#define KILN_MAX_RANK 8

/** An output buffer allocated by generated code (models whose descriptor
 *  has KILN_MODEL_RETURNS_OUTPUTS). */
typedef struct kiln_result_buffer {
  void *allocated;                /**< the block kiln_rt_malloc returned */
  void *data;                     /**< first element */
  int64_t shape[KILN_MAX_RANK];   /**< the run-time shape */
} kiln_result_buffer;

/** Generated entry point. `args` holds the data pointers of all inputs and,
 *  unless the model returns its outputs, then all outputs; `shapes` holds
 *  every input's shape (the same order); `scratch` is at least
 *  `scratch_size` bytes aligned to 64 (or null when scratch_size is 0);
 *  `results` receives the outputs of a model that returns them. It must be
 *  called by kiln_model_run, which catches the model's run-time checks. */
typedef void (*kiln_invoke_fn)(void *const *args, const int64_t *const *shapes,
                               void *scratch, kiln_result_buffer *results);

/** kiln_model_desc.flags: the generated code allocates its outputs (their
 *  shapes depend on the inputs' run-time sizes) and kiln_model_run copies
 *  them into the caller's tensors, checking their shapes. */
#define KILN_MODEL_RETURNS_OUTPUTS 1

/** Everything the runtime needs to know about a compiled model. The layout
 *  is emitted by kilnc; all fields are pointer- or 8-byte-sized. */
typedef struct kiln_model_desc {
  int64_t abi_version;      /**< KILN_ABI_VERSION */
  const char *name;         /**< the model's symbol prefix */
  int64_t num_inputs;
  const kiln_tensor_info *inputs;
  int64_t num_outputs;
  const kiln_tensor_info *outputs;
  int64_t scratch_size;     /**< bytes of intermediate storage needed */
  kiln_invoke_fn invoke;
  int64_t flags;            /**< KILN_MODEL_* bits */
} kiln_model_desc;

/** Alignment, in bytes, that scratch buffers must have. */
#define KILN_SCRATCH_ALIGNMENT 64

/** Validates the tensors against `desc` and runs the model. Outputs are
 *  caller-allocated with the shapes the descriptor gives; a dynamic output
 *  dimension (-1) must be given the size the model computes for these
 *  inputs (checked after the run: KILN_ERR_SHAPE names both), or use
 *  kiln_model_run_alloc. If `scratch` is null, the runtime allocates (and
 *  frees) the scratch arena itself; otherwise it must be
 *  `KILN_SCRATCH_ALIGNMENT`-aligned and at least `desc->scratch_size`
 *  bytes. The model's own run-time checks (sizes that must agree between
 *  dynamic dimensions) fail with KILN_ERR_SHAPE. On failure the outputs'
 *  contents are unspecified and kiln_last_error() describes the problem. */
kiln_status kiln_model_run(const kiln_model_desc *desc,
                           const kiln_tensor *inputs, size_t num_inputs,
                           kiln_tensor *outputs, size_t num_outputs,
                           void *scratch, size_t scratch_size);

struct kiln_owned_tensor;

/** Like kiln_model_run, but the runtime allocates every output with the
 *  shape the run produced and fills `outputs[i]` (free each with
 *  kiln_owned_tensor_free; on failure they are left empty). */
kiln_status kiln_model_run_alloc(const kiln_model_desc *desc,
                                 const kiln_tensor *inputs, size_t num_inputs,
                                 struct kiln_owned_tensor *outputs,
                                 size_t num_outputs, void *scratch,
                                 size_t scratch_size);

/** Short fixed description of a status code ("ok", "shape mismatch", ...). */
const char *kiln_status_string(kiln_status status);

/** Message for the last failure on this thread (empty string if none).
 *  Names the model, the tensor and what was expected vs. given. */
const char *kiln_last_error(void);

/** Size in bytes of one element of `dtype`, or 0 if unknown. */
size_t kiln_dtype_size(int32_t dtype);

/** Name of a dtype ("float32", "int64", ...), "unknown" otherwise. */
const char *kiln_dtype_name(int32_t dtype);

/** Number of elements of a shape (1 for rank 0); -1 if a dimension is
 *  negative or the count overflows int64_t. */
int64_t kiln_num_elements(int32_t rank, const int64_t *shape);

/*--- Owned tensors and ONNX TensorProto files (.pb) -----------------------*/

/** A tensor that owns its data and shape (allocated by the runtime). */
typedef struct kiln_owned_tensor {
  kiln_tensor tensor;
  int64_t shape_storage[8]; /**< tensor.shape points here */
  char name[128];           /**< TensorProto.name, truncated, may be empty */
} kiln_owned_tensor;

/** Reads a serialized ONNX TensorProto (raw_data or the typed repeated
 *  fields). On success fills `out` (free with kiln_owned_tensor_free). */
kiln_status kiln_tensor_load_pb(const char *path, kiln_owned_tensor *out);

/** Same, from memory. */
kiln_status kiln_tensor_parse_pb(const void *bytes, size_t size,
                                 kiln_owned_tensor *out);

/** Allocates a zero-filled tensor of the given type and shape. */
kiln_status kiln_owned_tensor_alloc(kiln_owned_tensor *out, int32_t dtype,
                                    int32_t rank, const int64_t *shape);

void kiln_owned_tensor_free(kiln_owned_tensor *t);

/** Prints "name: dtype[d0,d1,...] = v0 v1 ..." (at most `max_values`
 *  values, then "...") to stdout. */
void kiln_tensor_print(const char *name, const kiln_tensor *t,
                       size_t max_values);

/** The main() of executables written by `kilnc --emit=exe`:
 *  `prog [--help] [--all] [input_0.pb ...]` loads each input (or, when
 *  none are given, fills every input with a fixed deterministic pattern),
 *  runs the model and prints every output: its first 16 values, or all of
 *  them with --all. Returns the process exit code: 0 on
 *  success, 1 on a load or run error, 2 on a usage error. */
int kiln_exe_main(const kiln_model_desc *desc, int argc, char **argv);

/*--- Called by generated code only -----------------------------------------*/

/** Heap blocks for buffers whose size is only known at run time; freed by
 *  the runtime when the run ends, whichever way it ends. */
void *kiln_rt_malloc(size_t size);
void kiln_rt_free(void *ptr);

/** A run-time check in the generated code failed: ends the current
 *  kiln_model_run call with KILN_ERR_SHAPE and `message`. */
#if defined(__GNUC__)
__attribute__((noreturn))
#endif
void kiln_rt_check_failed(const char *message);

#ifdef __cplusplus
}
#endif

#endif /* KILN_KILN_H */
