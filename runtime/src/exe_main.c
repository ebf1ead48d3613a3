/*===- exe_main.c - main() of executables from kilnc --emit=exe --*- C -*-===*
 *
 * `prog [--help] [--all] [input_0.pb ...]`: loads every input from a TensorProto
 * file, or fills them all with a fixed pattern when no file is given, runs
 * the model and prints every output.
 *
 *===----------------------------------------------------------------------===*/
#include "kiln_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f, const char *prog, const kiln_model_desc *desc) {
  fprintf(f, "usage: %s [--help] [--all] [input_0.pb ...]\n", prog);
  fprintf(f, "Runs model '%s' on the given ONNX TensorProto inputs (all %lld "
             "of them),\nor on a fixed pattern when none are given, and "
             "prints its outputs\n(the first 16 values of each, or all of them with "
             "--all).\n", desc->name ? desc->name : "?",
          (long long)desc->num_inputs);
}

/* Deterministic input: sin(0.1 i) for floats, i % 7 for ints, i % 2 for
 * bools. */
static void fill_pattern(kiln_tensor *t) {
  size_t n = (size_t)kiln_num_elements(t->rank, t->shape);
  for (size_t i = 0; i < n; ++i) {
    float f = sinf(0.1f * (float)i);
    uint64_t k = i % 7;
    switch (t->dtype) {
    case KILN_DTYPE_F32: ((float *)t->data)[i] = f; break;
    case KILN_DTYPE_F64: ((double *)t->data)[i] = sin(0.1 * (double)i); break;
    case KILN_DTYPE_F16:
      ((uint16_t *)t->data)[i] = kiln_internal_f32_to_f16(f);
      break;
    case KILN_DTYPE_BF16:
      ((uint16_t *)t->data)[i] = kiln_internal_f32_to_bf16(f);
      break;
    case KILN_DTYPE_BOOL: ((uint8_t *)t->data)[i] = (uint8_t)(i % 2); break;
    case KILN_DTYPE_I8: case KILN_DTYPE_U8:
      ((uint8_t *)t->data)[i] = (uint8_t)k;
      break;
    case KILN_DTYPE_I16: case KILN_DTYPE_U16:
      ((uint16_t *)t->data)[i] = (uint16_t)k;
      break;
    case KILN_DTYPE_I32: case KILN_DTYPE_U32:
      ((uint32_t *)t->data)[i] = (uint32_t)k;
      break;
    case KILN_DTYPE_I64: case KILN_DTYPE_U64:
      ((uint64_t *)t->data)[i] = k;
      break;
    }
  }
}

/* Allocates an input tensor for `info`, with dynamic dimensions set to 1. */
static kiln_status alloc_for(const kiln_model_desc *desc, const char *kind,
                             size_t index, const kiln_tensor_info *info,
                             kiln_owned_tensor *out) {
  const char *m = desc->name ? desc->name : "?";
  const char *n = info->name ? info->name : "";
  int64_t shape[KILN_MAX_RANK];
  int dynamic = 0;
  if (info->rank < 0 || info->rank > KILN_MAX_RANK ||
      (info->rank > 0 && !info->shape))
    return kiln_internal_fail(KILN_ERR_UNSUPPORTED,
                              "model '%s': %s %lu '%s' has rank %lld "
                              "(at most %d supported)", m, kind,
                              (unsigned long)index, n, (long long)info->rank,
                              KILN_MAX_RANK);
  for (int64_t d = 0; d < info->rank; ++d) {
    shape[d] = info->shape[d];
    if (shape[d] < 0) {
      shape[d] = 1;
      dynamic = 1;
    }
  }
  if (dynamic)
    fprintf(stderr, "note: %s %lu '%s' has dynamic dimensions; using 1 for "
                    "each\n", kind, (unsigned long)index, n);
  return kiln_owned_tensor_alloc(out, (int32_t)info->dtype,
                                 (int32_t)info->rank, shape);
}

int kiln_exe_main(const kiln_model_desc *desc, int argc, char **argv) {
  const char *prog = argc > 0 && argv[0] ? argv[0] : "kiln-model";
  if (!desc || desc->abi_version != KILN_ABI_VERSION ||
      desc->num_inputs < 0 || desc->num_outputs < 0 ||
      (desc->num_inputs && !desc->inputs) ||
      (desc->num_outputs && !desc->outputs)) {
    fprintf(stderr, "error: %s: missing or incompatible model descriptor\n",
            prog);
    return 1;
  }
  int first_file = 1; /* options come first; "--" ends them */
  size_t max_values = 16;
  for (; first_file < argc && argv[first_file][0] == '-' &&
         argv[first_file][1] != '\0'; ++first_file) {
    const char *arg = argv[first_file];
    if (!strcmp(arg, "--")) {
      ++first_file;
      break;
    }
    if (!strcmp(arg, "--all")) {
      max_values = SIZE_MAX;
      continue;
    }
    if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
      usage(stdout, prog, desc);
      return 0;
    }
    fprintf(stderr, "%s: unknown option '%s'\n", prog, arg);
    usage(stderr, prog, desc);
    return 2;
  }
  size_t num_files = (size_t)(argc - first_file > 0 ? argc - first_file : 0);
  size_t num_in = (size_t)desc->num_inputs, num_out = (size_t)desc->num_outputs;
  if (num_files != 0 && num_files != num_in) {
    fprintf(stderr, "%s: expected %lu input files, got %lu\n", prog,
            (unsigned long)num_in, (unsigned long)num_files);
    usage(stderr, prog, desc);
    return 2;
  }

  kiln_owned_tensor *owned = calloc(num_in + num_out + 1, sizeof *owned);
  kiln_tensor *tensors = calloc(num_in + num_out + 1, sizeof *tensors);
  kiln_status st = owned && tensors ? KILN_OK : KILN_ERR_OUT_OF_MEMORY;
  if (st)
    kiln_internal_fail(st, "model '%s': out of memory",
                       desc->name ? desc->name : "?");
  for (size_t i = 0; !st && i < num_in; ++i) {
    if (num_files) {
      st = kiln_tensor_load_pb(argv[first_file + (int)i], &owned[i]);
    } else {
      st = alloc_for(desc, "input", i, &desc->inputs[i], &owned[i]);
      if (!st)
        fill_pattern(&owned[i].tensor);
    }
    if (!st)
      tensors[i] = owned[i].tensor;
  }
  /* Outputs come back with the shapes this run produced. */
  if (!st)
    st = kiln_model_run_alloc(desc, tensors, num_in, owned + num_in, num_out,
                              NULL, 0);
  for (size_t i = 0; !st && i < num_out; ++i)
    tensors[num_in + i] = owned[num_in + i].tensor;
  for (size_t i = 0; !st && i < num_out; ++i) {
    char label[32];
    const char *name = desc->outputs[i].name;
    if (!name || !name[0]) {
      snprintf(label, sizeof label, "output_%lu", (unsigned long)i);
      name = label;
    }
    kiln_tensor_print(name, &tensors[num_in + i], max_values);
  }
  if (st)
    fprintf(stderr, "error: %s\n", kiln_last_error());
  for (size_t i = 0; owned && i < num_in + num_out; ++i)
    kiln_owned_tensor_free(&owned[i]);
  free(owned);
  free(tensors);
  return st ? 1 : 0;
}
