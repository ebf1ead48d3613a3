/*===- print.c - Printing tensors ---------------------------------*- C -*-===*
 *
 * kiln_tensor_print: "name: float32[2,3] = 0.1 0.2 ...".
 *
 *===----------------------------------------------------------------------===*/
#include "kiln_internal.h"

#include <stdio.h>
#include <string.h>

/* Prints element `i` of `t`, whose dtype is known to be valid. */
static void print_value(const kiln_tensor *t, size_t i) {
  const char *p = (const char *)t->data + i * kiln_dtype_size(t->dtype);
  union {
    float f32; double f64; int8_t i8; uint8_t u8; int16_t i16; uint16_t u16;
    int32_t i32; uint32_t u32; int64_t i64; uint64_t u64;
  } v;
  memcpy(&v, p, kiln_dtype_size(t->dtype));
  switch (t->dtype) {
  case KILN_DTYPE_F32: printf("%.6g", v.f32); break;
  case KILN_DTYPE_F64: printf("%.6g", v.f64); break;
  case KILN_DTYPE_F16: printf("%.6g", kiln_internal_f16_to_f32(v.u16)); break;
  case KILN_DTYPE_BF16:
    printf("%.6g", kiln_internal_bf16_to_f32(v.u16));
    break;
  case KILN_DTYPE_BOOL: printf("%d", v.u8 != 0); break;
  case KILN_DTYPE_I8: printf("%lld", (long long)v.i8); break;
  case KILN_DTYPE_U8: printf("%lld", (long long)v.u8); break;
  case KILN_DTYPE_I16: printf("%lld", (long long)v.i16); break;
  case KILN_DTYPE_U16: printf("%lld", (long long)v.u16); break;
  case KILN_DTYPE_I32: printf("%lld", (long long)v.i32); break;
  case KILN_DTYPE_U32: printf("%lld", (long long)v.u32); break;
  case KILN_DTYPE_I64: printf("%lld", (long long)v.i64); break;
  case KILN_DTYPE_U64: printf("%llu", (unsigned long long)v.u64); break;
  }
}

void kiln_tensor_print(const char *name, const kiln_tensor *t,
                       size_t max_values) {
  name = name ? name : "";
  if (!t || !t->data || kiln_dtype_size(t->dtype) == 0 ||
      kiln_num_elements(t->rank, t->shape) < 0) {
    printf("%s: <invalid tensor>\n", name);
    return;
  }
  char type[256];
  kiln_internal_format_type(type, sizeof type, t->dtype, t->rank, t->shape);
  printf("%s: %s =", name, type);
  size_t n = (size_t)kiln_num_elements(t->rank, t->shape);
  for (size_t i = 0; i < n && i < max_values; ++i) {
    putchar(' ');
    print_value(t, i);
  }
  if (n > max_values)
    printf(" ...");
  putchar('\n');
}
