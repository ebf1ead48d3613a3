/*===- dtype.c - Element types, shapes and allocation helpers ----*- C -*-===*
 *
 * dtype sizes and names, element counts, "float32[2,3]" formatting,
 * aligned allocation and float16/bfloat16 conversions.
 *
 *===----------------------------------------------------------------------===*/
#include "kiln_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t kiln_dtype_size(int32_t dtype) {
  switch (dtype) {
  case KILN_DTYPE_U8: case KILN_DTYPE_I8: case KILN_DTYPE_BOOL: return 1;
  case KILN_DTYPE_U16: case KILN_DTYPE_I16: case KILN_DTYPE_F16:
  case KILN_DTYPE_BF16: return 2;
  case KILN_DTYPE_F32: case KILN_DTYPE_I32: case KILN_DTYPE_U32: return 4;
  case KILN_DTYPE_I64: case KILN_DTYPE_F64: case KILN_DTYPE_U64: return 8;
  default: return 0;
  }
}

const char *kiln_dtype_name(int32_t dtype) {
  switch (dtype) {
  case KILN_DTYPE_F32: return "float32";
  case KILN_DTYPE_U8: return "uint8";
  case KILN_DTYPE_I8: return "int8";
  case KILN_DTYPE_U16: return "uint16";
  case KILN_DTYPE_I16: return "int16";
  case KILN_DTYPE_I32: return "int32";
  case KILN_DTYPE_I64: return "int64";
  case KILN_DTYPE_BOOL: return "bool";
  case KILN_DTYPE_F16: return "float16";
  case KILN_DTYPE_F64: return "float64";
  case KILN_DTYPE_U32: return "uint32";
  case KILN_DTYPE_U64: return "uint64";
  case KILN_DTYPE_BF16: return "bfloat16";
  default: return "unknown";
  }
}

int64_t kiln_num_elements(int32_t rank, const int64_t *shape) {
  int64_t n = 1;
  if (rank < 0 || (rank > 0 && !shape))
    return -1;
  for (int32_t i = 0; i < rank; ++i) {
    if (shape[i] < 0 || (shape[i] > 0 && n > INT64_MAX / shape[i]))
      return -1;
    n *= shape[i];
  }
  return n;
}

void kiln_internal_format_type(char *buf, size_t size, int32_t dtype,
                               int32_t rank, const int64_t *shape) {
  size_t len = (size_t)snprintf(buf, size, "%s[", kiln_dtype_name(dtype));
  for (int32_t i = 0; i < rank && shape && len < size; ++i)
    len += (size_t)snprintf(buf + len, size - len, "%s%lld", i ? "," : "",
                            (long long)shape[i]);
  if (len < size)
    snprintf(buf + len, size - len, "]");
}

void *kiln_internal_aligned_alloc(size_t size) {
  const size_t a = KILN_SCRATCH_ALIGNMENT;
  if (size > SIZE_MAX - a)
    return NULL;
  size = size ? (size + a - 1) / a * a : a;
  return aligned_alloc(a, size);
}

float kiln_internal_f16_to_f32(uint16_t h) {
  uint32_t sign = (uint32_t)(h & 0x8000) << 16, exp = (h >> 10) & 0x1f;
  uint32_t man = h & 0x3ff, x;
  float f;
  if (exp == 0) { /* zero or subnormal: man * 2^-24 */
    f = ldexpf((float)man, -24);
    return sign ? -f : f;
  }
  x = exp == 0x1f ? sign | 0x7f800000u | (man << 13)
                  : sign | ((exp + 112) << 23) | (man << 13);
  memcpy(&f, &x, sizeof f);
  return f;
}

uint16_t kiln_internal_f32_to_f16(float f) {
  uint32_t x, h, rem, half;
  memcpy(&x, &f, sizeof x);
  uint32_t sign = (x >> 16) & 0x8000, man = x & 0x7fffff;
  int32_t exp = (int32_t)((x >> 23) & 0xff);
  if (exp == 0xff) /* inf or NaN (kept quiet) */
    return (uint16_t)(sign | 0x7c00 | (man ? 0x200 : 0));
  exp -= 127 - 15;
  if (exp >= 31)
    return (uint16_t)(sign | 0x7c00);
  if (exp <= 0) { /* subnormal result */
    if (exp < -10)
      return (uint16_t)sign;
    uint32_t shift = (uint32_t)(14 - exp);
    man |= 0x800000;
    h = man >> shift;
    rem = man & ((1u << shift) - 1);
    half = 1u << (shift - 1);
  } else {
    h = ((uint32_t)exp << 10) | (man >> 13);
    rem = man & 0x1fff;
    half = 0x1000;
  }
  if (rem > half || (rem == half && (h & 1)))
    ++h; /* may carry into the exponent, which is the right answer */
  return (uint16_t)(sign | h);
}

float kiln_internal_bf16_to_f32(uint16_t h) {
  uint32_t x = (uint32_t)h << 16;
  float f;
  memcpy(&f, &x, sizeof f);
  return f;
}

uint16_t kiln_internal_f32_to_bf16(float f) {
  uint32_t x;
  memcpy(&x, &f, sizeof x);
  if ((x & 0x7fffffff) > 0x7f800000) /* NaN */
    return (uint16_t)((x >> 16) | 0x40);
  return (uint16_t)((x + 0x7fff + ((x >> 16) & 1)) >> 16);
}
