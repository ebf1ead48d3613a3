/*===- model_run.c - Validating entry point for compiled models --*- C -*-===*
 *
 * kiln_model_run checks every tensor against the model descriptor, sets up
 * the scratch arena and only then calls the generated code.
 *
 *===----------------------------------------------------------------------===*/
#include "kiln_internal.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *model_name(const kiln_model_desc *desc) {
  return desc->name ? desc->name : "?";
}

/* Checks one caller tensor against its descriptor entry. */
static kiln_status check_tensor(const kiln_model_desc *desc, const char *kind,
                                size_t index, const kiln_tensor_info *info,
                                const kiln_tensor *t) {
  const char *m = model_name(desc);
  const char *n = info->name ? info->name : "";
  unsigned long i = (unsigned long)index;
  if (info->rank > 0 && !info->shape)
    return kiln_internal_fail(KILN_ERR_INVALID_ARGUMENT,
                              "model '%s': %s %lu '%s': descriptor has no "
                              "shape", m, kind, i, n);
  if (!t->data)
    return kiln_internal_fail(KILN_ERR_INVALID_ARGUMENT,
                              "model '%s': %s %lu '%s': data is null", m,
                              kind, i, n);
  if (t->dtype != info->dtype)
    return kiln_internal_fail(KILN_ERR_DTYPE,
                              "model '%s': %s %lu '%s': dtype is %s, "
                              "expected %s", m, kind, i, n,
                              kiln_dtype_name(t->dtype),
                              kiln_dtype_name((int32_t)info->dtype));
  if (t->rank != info->rank)
    return kiln_internal_fail(KILN_ERR_RANK,
                              "model '%s': %s %lu '%s': rank is %d, "
                              "expected %lld", m, kind, i, n, (int)t->rank,
                              (long long)info->rank);
  if (t->rank > 0 && !t->shape)
    return kiln_internal_fail(KILN_ERR_INVALID_ARGUMENT,
                              "model '%s': %s %lu '%s': shape is null", m,
                              kind, i, n);
  for (int32_t d = 0; d < t->rank; ++d) {
    long long given = (long long)t->shape[d];
    long long want = (long long)info->shape[d];
    if (want >= 0 && given != want)
      return kiln_internal_fail(KILN_ERR_SHAPE,
                                "model '%s': %s %lu '%s': dimension %d is "
                                "%lld, expected %lld", m, kind, i, n, (int)d,
                                given, want);
    if (given < 0)
      return kiln_internal_fail(KILN_ERR_SHAPE,
                                "model '%s': %s %lu '%s': dimension %d is "
                                "%lld, expected a size >= 0", m, kind, i, n,
                                (int)d, given);
  }
  return KILN_OK;
}

/* Returns "2x3" style text for a shape into buf. */
static const char *shape_text(char *buf, size_t size, int32_t rank,
                              const int64_t *shape) {
  size_t used = 0;
  buf[0] = '\0';
  if (rank == 0)
    snprintf(buf, size, "scalar");
  for (int32_t d = 0; d < rank && used < size; ++d)
    used += (size_t)snprintf(buf + used, size - used, "%s%lld", d ? "x" : "",
                             (long long)shape[d]);
  return buf;
}

/* Inputs whose dynamic dimensions share a name must agree. */
static kiln_status check_dim_params(const kiln_model_desc *desc,
                                    const kiln_tensor *inputs,
                                    size_t num_inputs) {
  for (size_t i = 0; i < num_inputs; ++i) {
    const kiln_tensor_info *a = &desc->inputs[i];
    if (!a->dim_params)
      continue;
    for (int64_t d = 0; d < a->rank; ++d) {
      const char *name = a->dim_params[d];
      if (!name)
        continue;
      /* Compare with the first earlier occurrence of the same name. */
      for (size_t j = 0; j <= i; ++j) {
        const kiln_tensor_info *b = &desc->inputs[j];
        if (!b->dim_params)
          continue;
        int64_t end = j == i ? d : b->rank;
        for (int64_t e = 0; e < end; ++e) {
          if (!b->dim_params[e] || strcmp(b->dim_params[e], name))
            continue;
          if (inputs[i].shape[d] != inputs[j].shape[e])
            return kiln_internal_fail(
                KILN_ERR_SHAPE,
                "model '%s': input %lu '%s' dimension %d ('%s') is %lld, but "
                "input %lu '%s' dimension %d ('%s') is %lld",
                model_name(desc), (unsigned long)i, a->name ? a->name : "",
                (int)d, name, (long long)inputs[i].shape[d], (unsigned long)j,
                b->name ? b->name : "", (int)e, name,
                (long long)inputs[j].shape[e]);
          goto next_dim;
        }
      }
    next_dim:;
    }
  }
  return KILN_OK;
}

/*--- Heap blocks and run-time checks of the generated code ----------------*/

/* Each block starts with a header linking it into the current run's list,
 * so that a failed check (which longjmps out of the generated code) or a
 * missed free still releases everything. */
typedef struct kiln_block {
  struct kiln_block *prev, *next;
} kiln_block;

typedef struct kiln_run_ctx {
  jmp_buf jump;
  kiln_block blocks; /* sentinel of a circular list */
  kiln_status status;
  const char *message;
} kiln_run_ctx;

static _Thread_local kiln_run_ctx *current_run;

void *kiln_rt_malloc(size_t size) {
  kiln_run_ctx *ctx = current_run;
  kiln_block *b = NULL;
  if (size <= SIZE_MAX - sizeof *b)
    b = malloc(sizeof *b + (size ? size : 1));
  if (!b) {
    if (!ctx) {
      fprintf(stderr, "kiln: out of memory outside a model run\n");
      abort();
    }
    ctx->status = KILN_ERR_OUT_OF_MEMORY;
    ctx->message = "cannot allocate an intermediate buffer";
    longjmp(ctx->jump, 1);
  }
  if (ctx) {
    b->next = ctx->blocks.next;
    b->prev = &ctx->blocks;
    ctx->blocks.next->prev = b;
    ctx->blocks.next = b;
  } else {
    b->prev = b->next = b;
  }
  return b + 1;
}

void kiln_rt_free(void *ptr) {
  if (!ptr)
    return;
  kiln_block *b = (kiln_block *)ptr - 1;
  b->prev->next = b->next;
  b->next->prev = b->prev;
  free(b);
}

void kiln_rt_check_failed(const char *message) {
  kiln_run_ctx *ctx = current_run;
  if (!ctx) {
    fprintf(stderr, "kiln: run-time check failed outside a model run: %s\n",
            message ? message : "");
    abort();
  }
  ctx->status = KILN_ERR_SHAPE;
  ctx->message = message;
  longjmp(ctx->jump, 1);
}

static void free_blocks(kiln_run_ctx *ctx) {
  while (ctx->blocks.next != &ctx->blocks)
    kiln_rt_free(ctx->blocks.next + 1);
}

/* Runs the generated code with `ctx` as the current run. Returns 0, or 1
 * when a check or an allocation failed (ctx->status says which). */
static int guarded_invoke(kiln_run_ctx *ctx, const kiln_model_desc *desc,
                          void *const *args, const int64_t *const *shapes,
                          void *scratch, kiln_result_buffer *results) {
  kiln_run_ctx *outer = current_run;
  current_run = ctx;
  if (setjmp(ctx->jump)) {
    current_run = outer;
    return 1;
  }
  desc->invoke(args, shapes, scratch, results);
  current_run = outer;
  return 0;
}

/* Checks the descriptor and the argument counts. */
static kiln_status check_call(const kiln_model_desc *desc, const void *inputs,
                              size_t num_inputs, const void *outputs,
                              size_t num_outputs) {
  if (!desc)
    return kiln_internal_fail(KILN_ERR_INVALID_ARGUMENT,
                              "model descriptor is null");
  const char *m = model_name(desc);
  if (desc->abi_version != KILN_ABI_VERSION)
    return kiln_internal_fail(KILN_ERR_INVALID_ARGUMENT,
                              "model '%s': descriptor ABI version is %lld, "
                              "expected %d (recompile the model with this "
                              "release's kilnc)", m,
                              (long long)desc->abi_version, KILN_ABI_VERSION);
  if (!desc->invoke || desc->num_inputs < 0 || desc->num_outputs < 0 ||
      desc->scratch_size < 0 || (desc->num_inputs && !desc->inputs) ||
      (desc->num_outputs && !desc->outputs))
    return kiln_internal_fail(KILN_ERR_INVALID_ARGUMENT,
                              "model '%s': malformed descriptor", m);
  for (int64_t i = 0; i < desc->num_outputs; ++i)
    if (desc->outputs[i].rank < 0 || desc->outputs[i].rank > KILN_MAX_RANK)
      return kiln_internal_fail(KILN_ERR_INVALID_ARGUMENT,
                                "model '%s': malformed descriptor", m);
  if ((uint64_t)desc->num_inputs != num_inputs ||
      (uint64_t)desc->num_outputs != num_outputs)
    return kiln_internal_fail(KILN_ERR_INVALID_ARGUMENT,
                              "model '%s': given %lu inputs and %lu outputs, "
                              "expected %lld and %lld", m,
                              (unsigned long)num_inputs,
                              (unsigned long)num_outputs,
                              (long long)desc->num_inputs,
                              (long long)desc->num_outputs);
  if ((num_inputs && !inputs) || (num_outputs && !outputs))
    return kiln_internal_fail(KILN_ERR_INVALID_ARGUMENT,
                              "model '%s': %s array is null", m,
                              num_inputs && !inputs ? "input" : "output");
  return KILN_OK;
}

/* Everything after validation. `outputs` are caller tensors (checked), or
 * null when `owned` is to be filled with runtime-allocated outputs. */
static kiln_status run_checked(const kiln_model_desc *desc,
                               const kiln_tensor *inputs, size_t num_inputs,
                               kiln_tensor *outputs, kiln_owned_tensor *owned,
                               size_t num_outputs, void *scratch,
                               size_t scratch_size) {
  const char *m = model_name(desc);
  int returns = (desc->flags & KILN_MODEL_RETURNS_OUTPUTS) != 0;
  size_t needed = (size_t)desc->scratch_size;
  void *owned_scratch = NULL;
  if (scratch) {
    if ((uintptr_t)scratch % KILN_SCRATCH_ALIGNMENT)
      return kiln_internal_fail(KILN_ERR_SCRATCH,
                                "model '%s': scratch buffer %p is not "
                                "%d-byte aligned", m, scratch,
                                KILN_SCRATCH_ALIGNMENT);
    if (scratch_size < needed)
      return kiln_internal_fail(KILN_ERR_SCRATCH,
                                "model '%s': scratch buffer is %lu bytes, "
                                "expected at least %lu", m,
                                (unsigned long)scratch_size,
                                (unsigned long)needed);
  } else if (needed > 0) {
    if (!(scratch = owned_scratch = kiln_internal_aligned_alloc(needed)))
      return kiln_internal_fail(KILN_ERR_OUT_OF_MEMORY,
                                "model '%s': cannot allocate %lu bytes of "
                                "scratch", m, (unsigned long)needed);
  }

  /* One allocation for the argument, shape and result arrays. */
  size_t num_args = num_inputs + (returns ? 0 : num_outputs);
  size_t bytes = num_args * sizeof(void *) +
                 num_inputs * sizeof(const int64_t *) +
                 (returns ? num_outputs : 0) * sizeof(kiln_result_buffer) + 1;
  void **args = malloc(bytes);
  if (!args) {
    free(owned_scratch);
    return kiln_internal_fail(KILN_ERR_OUT_OF_MEMORY,
                              "model '%s': cannot allocate the argument "
                              "arrays", m);
  }
  const int64_t **shapes = (const int64_t **)(args + num_args);
  kiln_result_buffer *results = (kiln_result_buffer *)(shapes + num_inputs);
  for (size_t i = 0; i < num_inputs; ++i) {
    args[i] = inputs[i].data;
    shapes[i] = inputs[i].shape;
  }
  if (!returns)
    for (size_t i = 0; i < num_outputs; ++i)
      args[num_inputs + i] = outputs[i].data;
  if (returns)
    memset(results, 0, num_outputs * sizeof *results);

  kiln_run_ctx ctx;
  ctx.blocks.prev = ctx.blocks.next = &ctx.blocks;
  ctx.status = KILN_OK;
  ctx.message = NULL;
  kiln_status st = KILN_OK;
  if (guarded_invoke(&ctx, desc, args, (const int64_t *const *)shapes,
                     scratch, results)) {
    st = kiln_internal_fail(ctx.status, "model '%s': %s", m,
                            ctx.message ? ctx.message : "run-time check "
                                                        "failed");
  } else if (returns) {
    /* Hand the returned buffers over: check or allocate, then copy. */
    for (size_t i = 0; i < num_outputs && !st; ++i) {
      const kiln_tensor_info *info = &desc->outputs[i];
      int32_t rank = (int32_t)info->rank;
      const int64_t *got = results[i].shape;
      int64_t count = kiln_num_elements(rank, got);
      size_t width = kiln_dtype_size((int32_t)info->dtype);
      if (count < 0 || !width) {
        st = kiln_internal_fail(KILN_ERR_SHAPE,
                                "model '%s': output %lu '%s' has an invalid "
                                "run-time shape", m, (unsigned long)i,
                                info->name ? info->name : "");
        break;
      }
      kiln_tensor *dst = outputs ? &outputs[i] : &owned[i].tensor;
      if (outputs) {
        int same = 1;
        for (int32_t d = 0; d < rank; ++d)
          same &= outputs[i].shape[d] == got[d];
        if (!same) {
          char want[160], have[160];
          st = kiln_internal_fail(
              KILN_ERR_SHAPE,
              "model '%s': output %lu '%s' is %s for these inputs, but the "
              "caller's tensor is %s", m, (unsigned long)i,
              info->name ? info->name : "",
              shape_text(have, sizeof have, rank, got),
              shape_text(want, sizeof want, rank, outputs[i].shape));
          break;
        }
      } else if ((st = kiln_owned_tensor_alloc(&owned[i], (int32_t)info->dtype,
                                               rank, got))) {
        break;
      }
      if (count)
        memcpy(dst->data, results[i].data, (size_t)count * width);
    }
  }
  free_blocks(&ctx);
  free(args);
  free(owned_scratch);
  if (!st)
    kiln_internal_clear_error();
  return st;
}

kiln_status kiln_model_run(const kiln_model_desc *desc,
                           const kiln_tensor *inputs, size_t num_inputs,
                           kiln_tensor *outputs, size_t num_outputs,
                           void *scratch, size_t scratch_size) {
  kiln_status st;
  if ((st = check_call(desc, inputs, num_inputs, outputs, num_outputs)))
    return st;
  for (size_t i = 0; i < num_inputs; ++i)
    if ((st = check_tensor(desc, "input", i, &desc->inputs[i], &inputs[i])))
      return st;
  if ((st = check_dim_params(desc, inputs, num_inputs)))
    return st;
  for (size_t i = 0; i < num_outputs; ++i)
    if ((st = check_tensor(desc, "output", i, &desc->outputs[i],
                           &outputs[i])))
      return st;
  return run_checked(desc, inputs, num_inputs, outputs, NULL, num_outputs,
                     scratch, scratch_size);
}

kiln_status kiln_model_run_alloc(const kiln_model_desc *desc,
                                 const kiln_tensor *inputs, size_t num_inputs,
                                 kiln_owned_tensor *outputs,
                                 size_t num_outputs, void *scratch,
                                 size_t scratch_size) {
  kiln_status st;
  if ((st = check_call(desc, inputs, num_inputs, outputs, num_outputs)))
    return st;
  for (size_t i = 0; i < num_outputs; ++i)
    memset(&outputs[i], 0, sizeof outputs[i]);
  for (size_t i = 0; i < num_inputs; ++i)
    if ((st = check_tensor(desc, "input", i, &desc->inputs[i], &inputs[i])))
      return st;
  if ((st = check_dim_params(desc, inputs, num_inputs)))
    return st;
  if (desc->flags & KILN_MODEL_RETURNS_OUTPUTS) {
    st = run_checked(desc, inputs, num_inputs, NULL, outputs, num_outputs,
                     scratch, scratch_size);
  } else {
    /* Static outputs: allocate them from the descriptor, then run. */
    kiln_tensor stack_views[16], *views = stack_views;
    if (num_outputs > 16 && !(views = malloc(num_outputs * sizeof *views)))
      return kiln_internal_fail(KILN_ERR_OUT_OF_MEMORY,
                                "model '%s': cannot allocate %lu outputs",
                                model_name(desc), (unsigned long)num_outputs);
    for (size_t i = 0; i < num_outputs && !st; ++i) {
      const kiln_tensor_info *info = &desc->outputs[i];
      for (int64_t d = 0; d < info->rank && !st; ++d)
        if (info->shape[d] < 0)
          st = kiln_internal_fail(KILN_ERR_INVALID_ARGUMENT,
                                  "model '%s': malformed descriptor (output "
                                  "%lu has a dynamic dimension)",
                                  model_name(desc), (unsigned long)i);
      if (!st)
        st = kiln_owned_tensor_alloc(&outputs[i], (int32_t)info->dtype,
                                     (int32_t)info->rank, info->shape);
      views[i] = outputs[i].tensor;
    }
    if (!st)
      st = run_checked(desc, inputs, num_inputs, views, NULL, num_outputs,
                       scratch, scratch_size);
    if (views != stack_views)
      free(views);
  }
  if (st)
    for (size_t i = 0; i < num_outputs; ++i)
      kiln_owned_tensor_free(&outputs[i]);
  return st;
}
