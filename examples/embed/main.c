/* Embedding two Kiln-compiled models in one C program.
 *
 *   kilnc tiny_mlp/model.onnx --emit=obj --prefix tiny_mlp -o tiny_mlp.o
 *   kilnc tiny_cnn/model.onnx --emit=obj --prefix tiny_cnn -o tiny_cnn.o
 *   cc main.c tiny_mlp.o tiny_cnn.o -I<kiln>/runtime/include -I. \
 *      <kiln>/build/lib/libkiln_rt.a -lm -o embed
 *   ./embed tiny_mlp/test_data_set_0 tiny_cnn/test_data_set_0
 *
 * Each model's header gives its entry point and tensor shapes. The program
 * runs both models on their input_0.pb, prints the outputs, compares them
 * with output_0.pb (computed by onnxruntime) and shows the error a wrong
 * input produces. */
#include "tiny_cnn.h"
#include "tiny_mlp.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

typedef kiln_status (*run_fn)(const kiln_tensor *, size_t, kiln_tensor *,
                              size_t, void *, size_t);

/* Runs one single-input, single-output model on DIR/input_0.pb and
 * compares with DIR/output_0.pb. Returns 0 if within 1e-4. */
static int run_one(const char *label, run_fn run, const int64_t *out_shape,
                   int out_rank, size_t out_count, const char *dir,
                   void *scratch, size_t scratch_size) {
  char path[1024];
  kiln_owned_tensor in, ref;
  snprintf(path, sizeof path, "%s/input_0.pb", dir);
  if (kiln_tensor_load_pb(path, &in) != KILN_OK) {
    fprintf(stderr, "%s: %s\n", label, kiln_last_error());
    return 1;
  }
  float result[64];
  if (out_count > 64)
    return 1;
  kiln_tensor out = {result, KILN_DTYPE_F32, out_rank, out_shape};
  kiln_status st = run(&in.tensor, 1, &out, 1, scratch, scratch_size);
  kiln_owned_tensor_free(&in);
  if (st != KILN_OK) {
    fprintf(stderr, "%s: %s: %s\n", label, kiln_status_string(st),
            kiln_last_error());
    return 1;
  }
  kiln_tensor_print(label, &out, 16);

  snprintf(path, sizeof path, "%s/output_0.pb", dir);
  if (kiln_tensor_load_pb(path, &ref) != KILN_OK) {
    fprintf(stderr, "%s: %s\n", label, kiln_last_error());
    return 1;
  }
  double max_err = 0;
  const float *expect = ref.tensor.data;
  for (size_t i = 0; i < out_count; ++i)
    max_err = fmax(max_err, fabs((double)result[i] - expect[i]));
  kiln_owned_tensor_free(&ref);
  printf("%s: max |kiln - onnxruntime| = %.3g\n", label, max_err);
  return max_err <= 1e-4 ? 0 : 1;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s TINY_MLP_DATA_DIR TINY_CNN_DATA_DIR\n", argv[0]);
    return 2;
  }
  /* One caller-owned scratch arena, big enough for either model. */
  enum { SCRATCH = TINY_MLP_SCRATCH_SIZE > TINY_CNN_SCRATCH_SIZE
                       ? TINY_MLP_SCRATCH_SIZE : TINY_CNN_SCRATCH_SIZE };
  static _Alignas(KILN_SCRATCH_ALIGNMENT) unsigned char scratch[SCRATCH + 1];

  static const int64_t mlp_out[] = TINY_MLP_OUTPUT_0_SHAPE;
  static const int64_t cnn_out[] = TINY_CNN_OUTPUT_0_SHAPE;
  int failures = 0;
  failures += run_one("tiny_mlp", tiny_mlp_run, mlp_out, TINY_MLP_OUTPUT_0_RANK,
                      TINY_MLP_OUTPUT_0_NUM_ELEMENTS, argv[1], scratch, SCRATCH);
  failures += run_one("tiny_cnn", tiny_cnn_run, cnn_out, TINY_CNN_OUTPUT_0_RANK,
                      TINY_CNN_OUTPUT_0_NUM_ELEMENTS, argv[2], NULL, 0);

  /* A wrong input is rejected before any generated code runs. */
  float small[4] = {0};
  static const int64_t bad_shape[] = {2, 2};
  kiln_tensor bad = {small, KILN_DTYPE_F32, 2, bad_shape};
  float out[TINY_MLP_OUTPUT_0_NUM_ELEMENTS];
  kiln_tensor o = {out, KILN_DTYPE_F32, TINY_MLP_OUTPUT_0_RANK, mlp_out};
  kiln_status st = tiny_mlp_run(&bad, 1, &o, 1, NULL, 0);
  printf("wrong input shape -> %s: %s\n", kiln_status_string(st),
         kiln_last_error());
  if (st != KILN_ERR_SHAPE)
    ++failures;
  return failures ? 1 : 0;
}
