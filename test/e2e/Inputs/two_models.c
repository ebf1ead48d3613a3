/* Links the mlp and lenet objects into one program, runs each on its
 * test data through its own <prefix>_run, compares with the reference
 * outputs, then checks that bad calls are rejected with a status. */
#include "lenet.h"
#include "mlp.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

typedef kiln_status (*run_fn)(const kiln_tensor *, size_t, kiln_tensor *,
                              size_t, void *, size_t);

static int check(const char *label, run_fn run, const int64_t *shape, int rank,
                 size_t count, const char *dir) {
  char path[1024];
  kiln_owned_tensor in, ref;
  snprintf(path, sizeof path, "%s/input_0.pb", dir);
  if (kiln_tensor_load_pb(path, &in)) {
    printf("%s: %s\n", label, kiln_last_error());
    return 1;
  }
  snprintf(path, sizeof path, "%s/output_0.pb", dir);
  if (kiln_tensor_load_pb(path, &ref)) {
    printf("%s: %s\n", label, kiln_last_error());
    return 1;
  }
  float *out = malloc(count * sizeof *out);
  kiln_tensor o = {out, KILN_DTYPE_F32, rank, shape};
  kiln_status st = run(&in.tensor, 1, &o, 1, NULL, 0);
  double err = 0;
  for (size_t i = 0; st == KILN_OK && i < count; ++i)
    err = fmax(err, fabs((double)out[i] - ((float *)ref.tensor.data)[i]));
  int ok = st == KILN_OK && err <= 1e-4;
  if (st)
    printf("%s: %s\n", label, kiln_last_error());
  else
    printf("%s: max_abs_err=%.3g %s\n", label, err, ok ? "OK" : "MISMATCH");
  free(out);
  kiln_owned_tensor_free(&in);
  kiln_owned_tensor_free(&ref);
  return !ok;
}

int main(int argc, char **argv) {
  if (argc != 3)
    return 2;
  static const int64_t mlp_out[] = MLP_OUTPUT_0_SHAPE;
  static const int64_t lenet_out[] = LENET_OUTPUT_0_SHAPE;
  int fails = check("mlp", mlp_run, mlp_out, MLP_OUTPUT_0_RANK,
                    MLP_OUTPUT_0_NUM_ELEMENTS, argv[1]);
  fails += check("lenet", lenet_run, lenet_out, LENET_OUTPUT_0_RANK,
                 LENET_OUTPUT_0_NUM_ELEMENTS, argv[2]);

  /* Wrong dtype: an int64 tensor where float32 is expected. */
  static int64_t ints[MLP_INPUT_0_NUM_ELEMENTS];
  static float outs[MLP_OUTPUT_0_NUM_ELEMENTS];
  static const int64_t in_shape[] = MLP_INPUT_0_SHAPE;
  kiln_tensor bad = {ints, KILN_DTYPE_I64, MLP_INPUT_0_RANK, in_shape};
  kiln_tensor o = {outs, KILN_DTYPE_F32, MLP_OUTPUT_0_RANK, mlp_out};
  kiln_status st = mlp_run(&bad, 1, &o, 1, NULL, 0);
  printf("mlp wrong dtype: %s: %s\n", kiln_status_string(st), kiln_last_error());
  fails += st != KILN_ERR_DTYPE;

  /* Caller scratch smaller than the model needs. */
  static float lin[LENET_INPUT_0_NUM_ELEMENTS];
  static float lout[LENET_OUTPUT_0_NUM_ELEMENTS];
  static const int64_t lin_shape[] = LENET_INPUT_0_SHAPE;
  static _Alignas(KILN_SCRATCH_ALIGNMENT) unsigned char scratch[64];
  kiln_tensor li = {lin, KILN_DTYPE_F32, LENET_INPUT_0_RANK, lin_shape};
  kiln_tensor lo = {lout, KILN_DTYPE_F32, LENET_OUTPUT_0_RANK, lenet_out};
  st = lenet_run(&li, 1, &lo, 1, scratch, sizeof scratch);
  printf("lenet small scratch: %s: %s\n", kiln_status_string(st), kiln_last_error());
  fails += st != KILN_ERR_SCRATCH;
  return fails ? 1 : 0;
}
