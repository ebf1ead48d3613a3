/*===- model_run.c - Validating entry point for compiled models --*- C -*-===*
 *
 * kiln_model_run checks every tensor against the model descriptor, sets up
 * the scratch arena and only then calls the generated code.
 *
 *===----------------------------------------------------------------------===*/
#include "kiln_internal.h"

#include <stdlib.h>

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

kiln_status kiln_model_run(const kiln_model_desc *desc,
                           const kiln_tensor *inputs, size_t num_inputs,
                           kiln_tensor *outputs, size_t num_outputs,
                           void *scratch, size_t scratch_size) {
  if (!desc)
    return kiln_internal_fail(KILN_ERR_INVALID_ARGUMENT,
                              "model descriptor is null");
  const char *m = model_name(desc);
  if (desc->abi_version != KILN_ABI_VERSION)
    return kiln_internal_fail(KILN_ERR_INVALID_ARGUMENT,
                              "model '%s': descriptor ABI version is %lld, "
                              "expected %d", m, (long long)desc->abi_version,
                              KILN_ABI_VERSION);
  if (!desc->invoke || desc->num_inputs < 0 || desc->num_outputs < 0 ||
      desc->scratch_size < 0 || (desc->num_inputs && !desc->inputs) ||
      (desc->num_outputs && !desc->outputs))
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

  kiln_status st;
  for (size_t i = 0; i < num_inputs; ++i)
    if ((st = check_tensor(desc, "input", i, &desc->inputs[i], &inputs[i])))
      return st;
  for (size_t i = 0; i < num_outputs; ++i)
    if ((st = check_tensor(desc, "output", i, &desc->outputs[i],
                           &outputs[i])))
      return st;

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

  void *stack_args[64];
  void **args = stack_args;
  size_t num_args = num_inputs + num_outputs;
  if (num_args > sizeof stack_args / sizeof *stack_args &&
      !(args = malloc(num_args * sizeof *args))) {
    free(owned_scratch);
    return kiln_internal_fail(KILN_ERR_OUT_OF_MEMORY,
                              "model '%s': cannot allocate %lu arguments", m,
                              (unsigned long)num_args);
  }
  for (size_t i = 0; i < num_inputs; ++i)
    args[i] = inputs[i].data;
  for (size_t i = 0; i < num_outputs; ++i)
    args[num_inputs + i] = outputs[i].data;

  desc->invoke(args, scratch);

  if (args != stack_args)
    free(args);
  free(owned_scratch);
  kiln_internal_clear_error();
  return KILN_OK;
}
