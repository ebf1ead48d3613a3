/*===- kiln-run.c - Check a compiled model against ONNX test data -*- C -*-===*
 *
 * kiln-run LIB.so DATA_DIR [--rtol R] [--atol A] [--bench N] [--quiet]
 *
 * Loads a shared library written by `kilnc --emit=shared`, feeds it the
 * input_<i>.pb tensors of an ONNX backend-test data set, and compares every
 * output with output_<i>.pb like numpy.allclose. Exit status: 0 all
 * outputs match, 1 mismatch or run error, 2 usage or I/O error.
 *
 *===----------------------------------------------------------------------===*/
#define _POSIX_C_SOURCE 200809L /* clock_gettime */

#include "kiln/kiln.h"

#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef kiln_status (*kiln_run_fn)(const kiln_model_desc *, const kiln_tensor *,
                                   size_t, kiln_tensor *, size_t, void *,
                                   size_t);
/* The loaded library's runtime entry points. */
static kiln_run_fn run_fn;
static const char *(*last_error_fn)(void);

static const char usage_text[] =
    "usage: kiln-run LIB.so DATA_DIR [--rtol R] [--atol A] [--bench N] "
    "[--quiet]\n"
    "\n"
    "Runs the model in LIB.so (built by `kilnc --emit=shared`) on the\n"
    "input_<i>.pb tensors in DATA_DIR (an ONNX test_data_set_N folder) and\n"
    "compares each output with output_<i>.pb.\n"
    "\n"
    "  --rtol R   relative tolerance (default 1e-3)\n"
    "  --atol A   absolute tolerance (default 1e-4); floats match when\n"
    "             |got - expected| <= atol + rtol * |expected|, NaN matches\n"
    "             NaN, infinities must be equal; integers must be equal\n"
    "  --bench N  then time N more runs (after 3 warm-up runs) and print\n"
    "             the median latency\n"
    "  --quiet    print only mismatches and errors\n"
    "\n"
    "Exit status: 0 all outputs match, 1 mismatch or run error, 2 usage or\n"
    "I/O error.\n";

static int usage_error(const char *msg, const char *arg) {
  fprintf(stderr, "kiln-run: error: %s%s\n", msg, arg ? arg : "");
  fputs(usage_text, stderr);
  return 2;
}

static int parse_double(const char *s, double *out) {
  char *end;
  *out = strtod(s, &end);
  return *s && !*end && *out >= 0 && !isnan(*out);
}

static double half_to_double(uint16_t h) {
  int exp = (h >> 10) & 0x1f, man = h & 0x3ff;
  double v = exp == 0    ? ldexp(man, -24)
             : exp == 31 ? (man ? NAN : INFINITY)
                         : ldexp(man | 0x400, exp - 25);
  return h & 0x8000 ? -v : v;
}

/* Element `i` of a floating-point tensor, as a double. */
static double float_at(const kiln_tensor *t, size_t i) {
  const char *p = (const char *)t->data + i * kiln_dtype_size(t->dtype);
  float f;
  double d;
  uint16_t h;
  uint32_t x;
  switch (t->dtype) {
  case KILN_DTYPE_F32: memcpy(&f, p, 4); return f;
  case KILN_DTYPE_F64: memcpy(&d, p, 8); return d;
  case KILN_DTYPE_F16: memcpy(&h, p, 2); return half_to_double(h);
  default: /* bfloat16 */
    memcpy(&h, p, 2);
    x = (uint32_t)h << 16;
    memcpy(&f, &x, 4);
    return f;
  }
}

/* Element `i` of an integer or bool tensor; `is_unsigned` tells which of
 * the two results to use. */
static void int_at(const kiln_tensor *t, size_t i, int64_t *s, uint64_t *u) {
  const char *p = (const char *)t->data + i * kiln_dtype_size(t->dtype);
  union {
    int8_t i8; uint8_t u8; int16_t i16; uint16_t u16; int32_t i32;
    uint32_t u32; int64_t i64; uint64_t u64;
  } v;
  memcpy(&v, p, kiln_dtype_size(t->dtype));
  switch (t->dtype) {
  case KILN_DTYPE_I8: *s = v.i8; break;
  case KILN_DTYPE_I16: *s = v.i16; break;
  case KILN_DTYPE_I32: *s = v.i32; break;
  case KILN_DTYPE_I64: *s = v.i64; break;
  case KILN_DTYPE_U8: case KILN_DTYPE_BOOL: *u = v.u8; break;
  case KILN_DTYPE_U16: *u = v.u16; break;
  case KILN_DTYPE_U32: *u = v.u32; break;
  default: *u = v.u64; break;
  }
}

static int is_float(int32_t dtype) {
  return dtype == KILN_DTYPE_F32 || dtype == KILN_DTYPE_F64 ||
         dtype == KILN_DTYPE_F16 || dtype == KILN_DTYPE_BF16;
}
static int is_signed_int(int32_t dtype) {
  return dtype == KILN_DTYPE_I8 || dtype == KILN_DTYPE_I16 ||
         dtype == KILN_DTYPE_I32 || dtype == KILN_DTYPE_I64;
}

static void format_type(char *buf, size_t size, const kiln_tensor *t) {
  size_t len = (size_t)snprintf(buf, size, "%s[", kiln_dtype_name(t->dtype));
  for (int32_t i = 0; i < t->rank && len < size; ++i)
    len += (size_t)snprintf(buf + len, size - len, "%s%lld", i ? "," : "",
                            (long long)t->shape[i]);
  if (len < size)
    snprintf(buf + len, size - len, "]");
}

static void format_value(char *buf, size_t size, const kiln_tensor *t,
                         size_t i) {
  int64_t s = 0;
  uint64_t u = 0;
  if (is_float(t->dtype)) {
    snprintf(buf, size, "%.9g", float_at(t, i));
    return;
  }
  int_at(t, i, &s, &u);
  if (is_signed_int(t->dtype))
    snprintf(buf, size, "%lld", (long long)s);
  else
    snprintf(buf, size, "%llu", (unsigned long long)u);
}

/* Compares output `index` with its reference and prints one line; returns
 * nonzero on mismatch. */
static int compare(size_t index, const char *name, const kiln_tensor *got,
                   const kiln_tensor *want, double rtol, double atol,
                   int quiet) {
  char got_type[256], want_type[256];
  format_type(got_type, sizeof got_type, got);
  format_type(want_type, sizeof want_type, want);
  if (strcmp(got_type, want_type)) {
    printf("output %lu '%s': %s MISMATCH (reference is %s)\n",
           (unsigned long)index, name, got_type, want_type);
    return 1;
  }
  size_t n = (size_t)kiln_num_elements(want->rank, want->shape);
  size_t bad = 0, first = 0;
  double max_abs = 0, max_rel = 0;
  for (size_t i = 0; i < n; ++i) {
    int ok;
    double err = 0, rel = 0;
    if (is_float(want->dtype)) {
      double a = float_at(got, i), b = float_at(want, i);
      if (isnan(a) || isnan(b) || isinf(a) || isinf(b)) {
        ok = (isnan(a) && isnan(b)) || a == b;
      } else {
        err = fabs(a - b);
        rel = b != 0 ? err / fabs(b) : 0;
        ok = err <= atol + rtol * fabs(b);
      }
    } else {
      int64_t sa = 0, sb = 0;
      uint64_t ua = 0, ub = 0;
      int_at(got, i, &sa, &ua);
      int_at(want, i, &sb, &ub);
      ok = sa == sb && ua == ub;
      if (is_signed_int(want->dtype))
        err = fabs((double)sa - (double)sb);
      else
        err = fabs((double)ua - (double)ub);
      rel = !ok && (sb || ub) ? err / fabs(sb ? (double)sb : (double)ub) : 0;
    }
    max_abs = err > max_abs ? err : max_abs;
    max_rel = rel > max_rel ? rel : max_rel;
    if (!ok && bad++ == 0)
      first = i;
  }
  if (bad == 0) {
    if (!quiet)
      printf("output %lu '%s': %s max_abs_err=%.3g max_rel_err=%.3g OK\n",
             (unsigned long)index, name, got_type, max_abs, max_rel);
    return 0;
  }
  char g[64], e[64];
  format_value(g, sizeof g, got, first);
  format_value(e, sizeof e, want, first);
  printf("output %lu '%s': %s max_abs_err=%.3g max_rel_err=%.3g MISMATCH "
         "(%lu of %lu elements outside tolerance; first at flat index %lu: "
         "got %s expected %s)\n", (unsigned long)index, name, got_type,
         max_abs, max_rel, (unsigned long)bad, (unsigned long)n,
         (unsigned long)first, g, e);
  return 1;
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

typedef const kiln_model_desc *(*descriptor_fn)(void);

int main(int argc, char **argv) {
  const char *lib = NULL, *dir = NULL;
  double rtol = 1e-3, atol = 1e-4;
  long bench = 0;
  int quiet = 0;
  for (int i = 1; i < argc; ++i) {
    const char *a = argv[i];
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      fputs(usage_text, stdout);
      return 0;
    } else if (!strcmp(a, "--quiet")) {
      quiet = 1;
    } else if (!strcmp(a, "--rtol") || !strcmp(a, "--atol")) {
      if (i + 1 == argc || !parse_double(argv[i + 1], a[2] == 'r' ? &rtol
                                                                  : &atol))
        return usage_error("expected a non-negative number after ", a);
      ++i;
    } else if (!strcmp(a, "--bench")) {
      char *end;
      if (i + 1 == argc || (bench = strtol(argv[i + 1], &end, 10)) <= 0 ||
          *end)
        return usage_error("expected a positive count after ", a);
      ++i;
    } else if (a[0] == '-' && a[1]) {
      return usage_error("unknown option ", a);
    } else if (!lib) {
      lib = a;
    } else if (!dir) {
      dir = a;
    } else {
      return usage_error("unexpected argument ", a);
    }
  }
  if (!lib || !dir)
    return usage_error("expected LIB.so and DATA_DIR", NULL);

  /* dlopen needs a slash to not search the library path. */
  char lib_path[4096];
  snprintf(lib_path, sizeof lib_path, "%s%s", strchr(lib, '/') ? "" : "./",
           lib);
  void *handle = dlopen(lib_path, RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    fprintf(stderr, "kiln-run: error: cannot load %s: %s\n", lib, dlerror());
    return 2;
  }
  descriptor_fn get_desc;
  void *sym = dlsym(handle, "kiln_model_descriptor");
  if (!sym) {
    fprintf(stderr, "kiln-run: error: %s does not export "
                    "kiln_model_descriptor (was it built with "
                    "`kilnc --emit=shared`?)\n", lib);
    dlclose(handle);
    return 2;
  }
  /* The library carries its own copy of the runtime, and the generated
   * code reports failed checks and heap blocks to that copy: run it
   * through the library's kiln_model_run and read its error message. */
  run_fn = (kiln_run_fn)dlsym(handle, "kiln_model_run");
  last_error_fn = (const char *(*)(void))dlsym(handle, "kiln_last_error");
  if (!run_fn || !last_error_fn) {
    fprintf(stderr, "kiln-run: error: %s has no kiln_model_run or "
                    "kiln_last_error (not written by kilnc --emit=shared?)\n",
            lib);
    dlclose(handle);
    return 2;
  }
  memcpy(&get_desc, &sym, sizeof get_desc);
  const kiln_model_desc *desc = get_desc();
  const char *bad = !desc ? "kiln_model_descriptor() returned null"
                    : desc->abi_version != KILN_ABI_VERSION
                        ? "the model descriptor has another ABI version"
                    : desc->num_inputs < 0 || desc->num_outputs < 0 ||
                            (desc->num_inputs && !desc->inputs) ||
                            (desc->num_outputs && !desc->outputs)
                        ? "the model descriptor is malformed"
                        : NULL;
  if (bad) {
    fprintf(stderr, "kiln-run: error: %s: %s (runtime ABI version %d)\n",
            lib, bad, KILN_ABI_VERSION);
    dlclose(handle);
    return 1;
  }

  size_t num_in = (size_t)desc->num_inputs;
  size_t num_out = (size_t)desc->num_outputs;
  kiln_owned_tensor *owned = calloc(num_in + 2 * num_out + 1, sizeof *owned);
  kiln_tensor *args = calloc(num_in + num_out + 1, sizeof *args);
  kiln_owned_tensor *refs = owned + num_in + num_out;
  int rc = owned && args ? 0 : 2;
  if (rc)
    fprintf(stderr, "kiln-run: error: out of memory\n");
  char path[4096];
  for (size_t i = 0; !rc && i < num_in + num_out; ++i) {
    int is_in = i < num_in;
    size_t k = is_in ? i : i - num_in;
    snprintf(path, sizeof path, "%s/%s_%lu.pb", dir, is_in ? "input" : "output",
             (unsigned long)k);
    if (kiln_tensor_load_pb(path, is_in ? &owned[i] : &refs[k])) {
      fprintf(stderr, "kiln-run: error: %s\n", kiln_last_error());
      rc = 2;
    } else if (is_in) {
      args[i] = owned[i].tensor;
    }
  }
  snprintf(path, sizeof path, "%s/input_%lu.pb", dir, (unsigned long)num_in);
  FILE *extra = rc ? NULL : fopen(path, "rb");
  if (extra) {
    fprintf(stderr, "kiln-run: warning: %s exists but model '%s' takes %lu "
                    "inputs\n", path, desc->name ? desc->name : "?",
            (unsigned long)num_in);
    fclose(extra);
  }

  /* Outputs take the descriptor's dtype and shape, with dynamic dimensions
   * from the reference; a reference that disagrees is reported later. */
  for (size_t i = 0; !rc && i < num_out; ++i) {
    const kiln_tensor_info *info = &desc->outputs[i];
    const kiln_tensor *ref = &refs[i].tensor;
    int64_t shape[KILN_MAX_RANK];
    if (info->rank < 0 || info->rank > KILN_MAX_RANK ||
        (info->rank > 0 && !info->shape)) {
      fprintf(stderr, "kiln-run: error: output %lu '%s': unsupported rank "
                      "%lld in the model descriptor\n", (unsigned long)i,
              info->name ? info->name : "", (long long)info->rank);
      rc = 1;
      break;
    }
    for (int64_t d = 0; d < info->rank; ++d) {
      shape[d] = info->shape[d];
      if (shape[d] < 0 && ref->rank == info->rank)
        shape[d] = ref->shape[d];
      else if (shape[d] < 0) {
        fprintf(stderr, "kiln-run: error: output %lu '%s': reference has "
                        "rank %d, expected %lld; cannot size dynamic "
                        "dimension %lld\n", (unsigned long)i,
                info->name ? info->name : "",
                (int)ref->rank, (long long)info->rank, (long long)d);
        rc = 1;
        break;
      }
    }
    if (!rc && kiln_owned_tensor_alloc(&owned[num_in + i],
                                       (int32_t)info->dtype,
                                       (int32_t)info->rank, shape)) {
      fprintf(stderr, "kiln-run: error: %s\n", kiln_last_error());
      rc = 1;
    }
    if (!rc) {
      args[num_in + i] = owned[num_in + i].tensor;
      /* Poison: unwritten outputs show up as NaN / -1 / invalid bools. */
      memset(args[num_in + i].data, 0xff,
             (size_t)kiln_num_elements(args[num_in + i].rank,
                                       args[num_in + i].shape) *
                 kiln_dtype_size(args[num_in + i].dtype));
    }
  }

  /* One scratch arena for every run, so --bench times only the model. */
  size_t scratch_size = desc->scratch_size > 0 ? (size_t)desc->scratch_size : 0;
  void *scratch = NULL;
  if (!rc && scratch_size &&
      !(scratch = aligned_alloc(KILN_SCRATCH_ALIGNMENT,
                                (scratch_size + KILN_SCRATCH_ALIGNMENT - 1) /
                                    KILN_SCRATCH_ALIGNMENT *
                                    KILN_SCRATCH_ALIGNMENT))) {
    fprintf(stderr, "kiln-run: error: cannot allocate %lu bytes of scratch\n",
            (unsigned long)scratch_size);
    rc = 2;
  }
#define RUN()                                                                 \
  run_fn(desc, args, num_in, args + num_in, num_out, scratch, scratch_size)
  /* Inputs belong to the caller: keep a copy to prove the run left them
   * untouched. */
  void **pristine = calloc(num_in + 1, sizeof *pristine);
  for (size_t i = 0; !rc && pristine && i < num_in; ++i) {
    size_t bytes = (size_t)kiln_num_elements(args[i].rank, args[i].shape) *
                   kiln_dtype_size(args[i].dtype);
    if ((pristine[i] = malloc(bytes + 1)))
      memcpy(pristine[i], args[i].data, bytes);
  }
  if (!rc && RUN()) {
    fprintf(stderr, "kiln-run: error: %s\n", last_error_fn());
    rc = 1;
  }
  for (size_t i = 0; !rc && pristine && i < num_in; ++i) {
    size_t bytes = (size_t)kiln_num_elements(args[i].rank, args[i].shape) *
                   kiln_dtype_size(args[i].dtype);
    if (pristine[i] && memcmp(pristine[i], args[i].data, bytes) != 0) {
      fprintf(stderr, "kiln-run: error: the model modified input %lu '%s'\n",
              (unsigned long)i, desc->inputs[i].name ? desc->inputs[i].name : "");
      rc = 1;
    }
  }
  for (size_t i = 0; pristine && i < num_in; ++i)
    free(pristine[i]);
  free(pristine);
  for (size_t i = 0; rc <= 0 && i < num_out; ++i)
    if (compare(i, desc->outputs[i].name ? desc->outputs[i].name : "",
                &args[num_in + i], &refs[i].tensor, rtol, atol, quiet))
      rc = -1; /* keep comparing the other outputs */

  if (rc <= 0 && bench > 0) {
    double *times = malloc((size_t)bench * sizeof *times);
    for (int i = 0; i < 3; ++i)
      RUN();
    for (long i = 0; times && i < bench; ++i) {
      double t0 = now_ms();
      RUN();
      times[i] = now_ms() - t0;
    }
    if (times) {
      qsort(times, (size_t)bench, sizeof *times, cmp_double);
      double median = bench % 2 ? times[bench / 2]
                                : (times[bench / 2 - 1] + times[bench / 2]) / 2;
      printf("median latency: %.4g ms over %ld runs\n", median, bench);
    }
    free(times);
  }
#undef RUN

  free(scratch);
  for (size_t i = 0; owned && i < num_in + 2 * num_out; ++i)
    kiln_owned_tensor_free(&owned[i]);
  free(owned);
  free(args);
  dlclose(handle);
  return rc < 0 ? 1 : rc;
}
