/* Runs the dynamic-batch model dyn_add (y = relu(a + b)) at several sizes,
 * with caller- and runtime-allocated outputs, and feeds it sizes that do
 * not fit to show the errors. */
#include "dyn_add.h"

#include <stdio.h>

static void report(const char *what, kiln_status st) {
  printf("%s: %s%s%s\n", what, kiln_status_string(st), st ? ": " : "",
         st ? kiln_last_error() : "");
}

int main(void) {
  float a[12], b[12], y[12];
  for (int i = 0; i < 12; ++i)
    a[i] = (float)(i - 5), b[i] = (float)(i % 4);
  int64_t a3[] = {3, 4}, a2[] = {2, 4}, b1[] = {1, 4}, b2[] = {2, 4},
          b3[] = {3, 4}, y3[] = {3, 4}, y2[] = {2, 4};
  kiln_tensor in[2] = {{a, KILN_DTYPE_F32, 2, a3}, {b, KILN_DTYPE_F32, 2, b1}};
  kiln_tensor out = {y, KILN_DTYPE_F32, 2, y3};

  /* b broadcast along the batch at run time. */
  report("batch 3, b 1x4", dyn_add_run(in, 2, &out, 1, NULL, 0));
  kiln_tensor_print("y", &out, 12);
  /* Same sizes: no broadcast. */
  in[1].shape = b3;
  report("batch 3, b 3x4", dyn_add_run(in, 2, &out, 1, NULL, 0));
  kiln_tensor_print("y", &out, 12);
  /* Another batch size, runtime-allocated output. */
  in[0].shape = a2, in[1].shape = b2;
  kiln_owned_tensor owned;
  report("batch 2, alloc",
         kiln_model_run_alloc(&dyn_add_desc, in, 2, &owned, 1, NULL, 0));
  kiln_tensor_print("y", &owned.tensor, 12);
  kiln_owned_tensor_free(&owned);
  /* b's 2 rows cannot broadcast against 3: the model's own check. */
  in[0].shape = a3;
  report("batch 3, b 2x4", dyn_add_run(in, 2, &out, 1, NULL, 0));
  /* The caller's output does not have the computed shape. */
  in[0].shape = a2;
  report("batch 2, y 3x4", dyn_add_run(in, 2, &out, 1, NULL, 0));
  out.shape = y2;
  report("batch 2, y 2x4", dyn_add_run(in, 2, &out, 1, NULL, 0));
  return 0;
}
