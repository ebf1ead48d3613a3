/*===- runtime_tests.c - Unit tests for libkiln_rt ----------------*- C -*-===*
 *
 * A self-contained test program: prints "FAIL: file:line: ..." for every
 * failed check and ends with "N passed, M failed"; exits non-zero on any
 * failure. TensorProto inputs are hand-encoded byte arrays.
 *
 *===----------------------------------------------------------------------===*/
#define _POSIX_C_SOURCE 200809L /* mkstemp */

#include "kiln/kiln.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int passed, failed;

static void check(int ok, const char *what, const char *file, int line) {
  if (ok) {
    ++passed;
    return;
  }
  ++failed;
  printf("FAIL: %s:%d: %s\n", file, line, what);
  if (kiln_last_error()[0])
    printf("      last error: %s\n", kiln_last_error());
}

#define CHECK(cond) check((cond) != 0, #cond, __FILE__, __LINE__)
#define CHECK_STATUS(expr, want)                                              \
  do {                                                                        \
    kiln_status st_ = (expr);                                                 \
    char what_[256];                                                          \
    snprintf(what_, sizeof what_, "%s returned %d (%s), expected %s", #expr,  \
             (int)st_, kiln_status_string(st_), #want);                       \
    check(st_ == (want), what_, __FILE__, __LINE__);                          \
  } while (0)
#define CHECK_ERROR_HAS(text)                                                 \
  check(strstr(kiln_last_error(), text) != NULL,                              \
        "last error contains \"" text "\"", __FILE__, __LINE__)

/*--- Status, dtypes, shapes ------------------------------------------------*/

static void test_status_and_dtypes(void) {
  CHECK(!strcmp(kiln_status_string(KILN_OK), "ok"));
  CHECK(!strcmp(kiln_status_string(KILN_ERR_SHAPE), "shape mismatch"));
  CHECK(!strcmp(kiln_status_string((kiln_status)99), "unknown status"));
  for (int a = KILN_OK; a <= KILN_ERR_UNSUPPORTED; ++a)
    for (int b = a + 1; b <= KILN_ERR_UNSUPPORTED; ++b)
      CHECK(strcmp(kiln_status_string((kiln_status)a),
                   kiln_status_string((kiln_status)b)));

  static const struct { int32_t dtype; size_t size; const char *name; } t[] = {
      {KILN_DTYPE_F32, 4, "float32"}, {KILN_DTYPE_U8, 1, "uint8"},
      {KILN_DTYPE_I8, 1, "int8"},     {KILN_DTYPE_U16, 2, "uint16"},
      {KILN_DTYPE_I16, 2, "int16"},   {KILN_DTYPE_I32, 4, "int32"},
      {KILN_DTYPE_I64, 8, "int64"},   {KILN_DTYPE_BOOL, 1, "bool"},
      {KILN_DTYPE_F16, 2, "float16"}, {KILN_DTYPE_F64, 8, "float64"},
      {KILN_DTYPE_U32, 4, "uint32"},  {KILN_DTYPE_U64, 8, "uint64"},
      {KILN_DTYPE_BF16, 2, "bfloat16"}, {8 /* string */, 0, "unknown"},
      {0, 0, "unknown"},              {-5, 0, "unknown"}};
  for (size_t i = 0; i < sizeof t / sizeof *t; ++i) {
    CHECK(kiln_dtype_size(t[i].dtype) == t[i].size);
    CHECK(!strcmp(kiln_dtype_name(t[i].dtype), t[i].name));
  }

  int64_t s23[] = {2, 3}, s20[] = {2, 0}, sneg[] = {2, -1};
  int64_t sbig[] = {INT64_MAX / 2, 3};
  CHECK(kiln_num_elements(0, NULL) == 1);
  CHECK(kiln_num_elements(2, s23) == 6);
  CHECK(kiln_num_elements(2, s20) == 0);
  CHECK(kiln_num_elements(2, sneg) == -1);
  CHECK(kiln_num_elements(2, sbig) == -1);
}

static void test_owned_tensor(void) {
  kiln_owned_tensor t;
  int64_t shape[] = {3, 5};
  CHECK_STATUS(kiln_owned_tensor_alloc(&t, KILN_DTYPE_I64, 2, shape), KILN_OK);
  CHECK(t.tensor.data && t.tensor.rank == 2 && t.tensor.shape[1] == 5);
  CHECK(t.tensor.dtype == KILN_DTYPE_I64);
  int64_t sum = 0;
  for (int i = 0; i < 15; ++i)
    sum += ((int64_t *)t.tensor.data)[i] != 0;
  CHECK(sum == 0);
  kiln_owned_tensor_free(&t);
  CHECK(t.tensor.data == NULL);
  kiln_owned_tensor_free(&t); /* twice is harmless */

  CHECK_STATUS(kiln_owned_tensor_alloc(&t, KILN_DTYPE_F32, 0, NULL), KILN_OK);
  CHECK(t.tensor.data != NULL);
  kiln_owned_tensor_free(&t);
  int64_t big[9] = {1, 1, 1, 1, 1, 1, 1, 1, 1}, neg[] = {-1};
  CHECK_STATUS(kiln_owned_tensor_alloc(&t, KILN_DTYPE_F32, 9, big),
               KILN_ERR_UNSUPPORTED);
  CHECK_STATUS(kiln_owned_tensor_alloc(&t, 8, 1, big), KILN_ERR_UNSUPPORTED);
  CHECK_STATUS(kiln_owned_tensor_alloc(&t, KILN_DTYPE_F32, 1, neg),
               KILN_ERR_INVALID_ARGUMENT);
  CHECK(t.tensor.data == NULL);
}

/*--- TensorProto parsing ----------------------------------------------------*/

/* A growable buffer with protobuf encoders for building test messages. */
typedef struct pb {
  uint8_t b[512];
  size_t n;
} pb;

static void pb_varint(pb *p, uint64_t v) {
  do {
    p->b[p->n++] = (uint8_t)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
    v >>= 7;
  } while (v);
}
static void pb_key(pb *p, unsigned field, unsigned wire) {
  pb_varint(p, (uint64_t)field << 3 | wire);
}
static void pb_bytes(pb *p, const void *data, size_t n) {
  memcpy(p->b + p->n, data, n);
  p->n += n;
}
static void pb_lenfield(pb *p, unsigned field, const void *data, size_t n) {
  pb_key(p, field, 2);
  pb_varint(p, n);
  pb_bytes(p, data, n);
}
static void pb_float(pb *p, float f) { /* little-endian fixed32 */
  uint32_t x;
  memcpy(&x, &f, 4);
  for (int i = 0; i < 4; ++i)
    p->b[p->n++] = (uint8_t)(x >> (8 * i));
}

static kiln_status parse(const pb *p, kiln_owned_tensor *t) {
  return kiln_tensor_parse_pb(p->b, p->n, t);
}

static void test_pb_valid(void) {
  kiln_owned_tensor t;

  /* raw_data float32[2,2], unpacked dims, named "x". */
  static const uint8_t raw[] = {
      0x08, 0x02, 0x08, 0x02, /* dims: 2, 2 */
      0x10, 0x01,             /* data_type: FLOAT */
      0x42, 0x01, 'x',        /* name: "x" */
      0x4a, 0x10,             /* raw_data: 16 bytes */
      0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0x40,  /* 1, 2 */
      0x00, 0x00, 0x40, 0x40, 0x00, 0x00, 0x80, 0xbf}; /* 3, -1 */
  CHECK_STATUS(kiln_tensor_parse_pb(raw, sizeof raw, &t), KILN_OK);
  CHECK(t.tensor.dtype == KILN_DTYPE_F32 && t.tensor.rank == 2);
  CHECK(t.tensor.shape == t.shape_storage);
  CHECK(t.tensor.shape[0] == 2 && t.tensor.shape[1] == 2);
  CHECK(!strcmp(t.name, "x"));
  const float *f = t.tensor.data;
  CHECK(f[0] == 1.0f && f[1] == 2.0f && f[2] == 3.0f && f[3] == -1.0f);
  CHECK(kiln_last_error()[0] == '\0');
  kiln_owned_tensor_free(&t);

  /* Packed dims and packed float_data, plus one unpacked float. */
  pb p = {{0}, 0};
  pb_key(&p, 1, 2), pb_varint(&p, 1), pb_varint(&p, 3);
  pb_key(&p, 2, 0), pb_varint(&p, KILN_DTYPE_F32);
  pb_key(&p, 4, 2), pb_varint(&p, 8), pb_float(&p, 0.5f), pb_float(&p, -2.f);
  pb_key(&p, 4, 5), pb_float(&p, 1e30f);
  CHECK_STATUS(parse(&p, &t), KILN_OK);
  f = t.tensor.data;
  CHECK(t.tensor.rank == 1 && t.tensor.shape[0] == 3);
  CHECK(f && f[0] == 0.5f && f[1] == -2.f && f[2] == 1e30f);
  CHECK(t.name[0] == '\0');
  kiln_owned_tensor_free(&t);

  /* Unpacked int64_data with a negative value; unknown fields of every
   * wire type, doc_string and segment are skipped. */
  p.n = 0;
  pb_key(&p, 1, 0), pb_varint(&p, 3);
  pb_key(&p, 99, 0), pb_varint(&p, 123456789);
  pb_key(&p, 2, 0), pb_varint(&p, KILN_DTYPE_I64);
  pb_key(&p, 100, 1), pb_bytes(&p, "12345678", 8);
  pb_key(&p, 7, 0), pb_varint(&p, 5);
  pb_lenfield(&p, 12, "doc", 3);
  pb_key(&p, 7, 0), pb_varint(&p, (uint64_t)-7);
  pb_key(&p, 101, 5), pb_bytes(&p, "1234", 4);
  pb_lenfield(&p, 3, "\x08\x01", 2);
  pb_lenfield(&p, 102, "skip me", 7);
  pb_key(&p, 7, 0), pb_varint(&p, (uint64_t)INT64_MAX);
  pb_lenfield(&p, 8, "ints", 4);
  CHECK_STATUS(parse(&p, &t), KILN_OK);
  const int64_t *i64 = t.tensor.data;
  CHECK(t.tensor.dtype == KILN_DTYPE_I64 && !strcmp(t.name, "ints"));
  CHECK(i64 && i64[0] == 5 && i64[1] == -7 && i64[2] == INT64_MAX);
  kiln_owned_tensor_free(&t);

  /* bool from int32_data: one varint per element, nonzero is true. */
  p.n = 0;
  pb_key(&p, 1, 0), pb_varint(&p, 4);
  pb_key(&p, 2, 0), pb_varint(&p, KILN_DTYPE_BOOL);
  pb_key(&p, 5, 2), pb_varint(&p, 3), pb_bytes(&p, "\x00\x01\x02", 3);
  pb_key(&p, 5, 0), pb_varint(&p, 1);
  CHECK_STATUS(parse(&p, &t), KILN_OK);
  const uint8_t *u8 = t.tensor.data;
  CHECK(u8 && u8[0] == 0 && u8[1] == 1 && u8[2] == 1 && u8[3] == 1);
  kiln_owned_tensor_free(&t);

  /* int8 from int32_data: negatives are 10-byte sign-extended varints. */
  p.n = 0;
  pb_key(&p, 1, 0), pb_varint(&p, 2);
  pb_key(&p, 2, 0), pb_varint(&p, KILN_DTYPE_I8);
  pb_key(&p, 5, 0), pb_varint(&p, (uint64_t)(int64_t)-3);
  pb_key(&p, 5, 0), pb_varint(&p, 127);
  CHECK_STATUS(parse(&p, &t), KILN_OK);
  const int8_t *i8 = t.tensor.data;
  CHECK(i8 && i8[0] == -3 && i8[1] == 127);
  kiln_owned_tensor_free(&t);

  /* float16 bit patterns in int32_data. */
  p.n = 0;
  pb_key(&p, 1, 0), pb_varint(&p, 2);
  pb_key(&p, 2, 0), pb_varint(&p, KILN_DTYPE_F16);
  pb_key(&p, 5, 0), pb_varint(&p, 0x3c00);
  pb_key(&p, 5, 0), pb_varint(&p, 0xc000);
  CHECK_STATUS(parse(&p, &t), KILN_OK);
  const uint16_t *u16 = t.tensor.data;
  CHECK(u16 && u16[0] == 0x3c00 && u16[1] == 0xc000);
  kiln_owned_tensor_free(&t);

  /* Packed double_data and uint64_data (for uint32). */
  p.n = 0;
  pb_key(&p, 1, 0), pb_varint(&p, 1);
  pb_key(&p, 2, 0), pb_varint(&p, KILN_DTYPE_F64);
  double d = -0.125;
  uint64_t dbits;
  memcpy(&dbits, &d, 8);
  pb_key(&p, 10, 2), pb_varint(&p, 8);
  for (int i = 0; i < 8; ++i)
    p.b[p.n++] = (uint8_t)(dbits >> (8 * i));
  CHECK_STATUS(parse(&p, &t), KILN_OK);
  CHECK(t.tensor.data && *(double *)t.tensor.data == -0.125);
  kiln_owned_tensor_free(&t);
  p.n = 0;
  pb_key(&p, 1, 0), pb_varint(&p, 2);
  pb_key(&p, 2, 0), pb_varint(&p, KILN_DTYPE_U32);
  pb_key(&p, 11, 2), pb_varint(&p, 6), pb_varint(&p, 7),
      pb_varint(&p, 4000000000u);
  CHECK_STATUS(parse(&p, &t), KILN_OK);
  const uint32_t *u32 = t.tensor.data;
  CHECK(u32 && u32[0] == 7 && u32[1] == 4000000000u);
  kiln_owned_tensor_free(&t);

  /* Scalar (rank 0): one element. */
  static const uint8_t scalar[] = {0x10, 0x01, 0x25, 0x00, 0x00, 0x20, 0x41};
  CHECK_STATUS(kiln_tensor_parse_pb(scalar, sizeof scalar, &t), KILN_OK);
  CHECK(t.tensor.rank == 0 && t.tensor.data && *(float *)t.tensor.data == 10);
  kiln_owned_tensor_free(&t);

  /* Zero elements: dims [2, 0] and no data at all. */
  static const uint8_t empty[] = {0x08, 0x02, 0x08, 0x00, 0x10, 0x01};
  CHECK_STATUS(kiln_tensor_parse_pb(empty, sizeof empty, &t), KILN_OK);
  CHECK(t.tensor.rank == 2 && t.tensor.shape[1] == 0 && t.tensor.data);
  kiln_owned_tensor_free(&t);

  /* Exactly KILN_MAX_RANK dimensions is fine. */
  p.n = 0;
  for (int i = 0; i < KILN_MAX_RANK; ++i)
    pb_key(&p, 1, 0), pb_varint(&p, 1);
  pb_key(&p, 2, 0), pb_varint(&p, KILN_DTYPE_I32);
  pb_key(&p, 5, 0), pb_varint(&p, 42);
  CHECK_STATUS(parse(&p, &t), KILN_OK);
  CHECK(t.tensor.rank == KILN_MAX_RANK && *(int32_t *)t.tensor.data == 42);
  kiln_owned_tensor_free(&t);
}

#define CHECK_PARSE_FAILS(bytes, size, want)                                  \
  do {                                                                        \
    kiln_owned_tensor t_;                                                     \
    CHECK_STATUS(kiln_tensor_parse_pb(bytes, size, &t_), want);               \
    CHECK(t_.tensor.data == NULL && kiln_last_error()[0] != '\0');            \
  } while (0)

static void test_pb_malformed(void) {
  /* Truncated varint (dims value), truncated key. */
  CHECK_PARSE_FAILS((const uint8_t *)"\x08\x80", 2, KILN_ERR_PARSE);
  CHECK_PARSE_FAILS((const uint8_t *)"\x10\x01\x80", 3, KILN_ERR_PARSE);
  /* An 11-byte varint. */
  CHECK_PARSE_FAILS((const uint8_t *)"\x08\xff\xff\xff\xff\xff\xff\xff\xff"
                                     "\xff\xff\x01", 12, KILN_ERR_PARSE);
  /* Length past the end: raw_data claims 16 bytes, 4 present. */
  CHECK_PARSE_FAILS((const uint8_t *)"\x10\x01\x4a\x10\x00\x00\x80\x3f", 8,
                    KILN_ERR_PARSE);
  CHECK_ERROR_HAS("only 4 bytes remain");
  /* Huge length that would wrap a pointer. */
  CHECK_PARSE_FAILS((const uint8_t *)"\x4a\xff\xff\xff\xff\xff\xff\xff\xff"
                                     "\x7f", 10, KILN_ERR_PARSE);
  /* Truncated fixed32 / fixed64. */
  CHECK_PARSE_FAILS((const uint8_t *)"\x10\x01\x25\x00\x00", 5,
                    KILN_ERR_PARSE);
  CHECK_PARSE_FAILS((const uint8_t *)"\x10\x0b\x51\x00\x00\x00\x00", 7,
                    KILN_ERR_PARSE);
  /* Field number 0, groups and wire types 6/7. */
  CHECK_PARSE_FAILS((const uint8_t *)"\x00\x01", 2, KILN_ERR_PARSE);
  CHECK_PARSE_FAILS((const uint8_t *)"\xa3\x01\xa4\x01", 4, KILN_ERR_PARSE);
  CHECK_PARSE_FAILS((const uint8_t *)"\x0f", 1, KILN_ERR_PARSE);

  /* Element count mismatches. */
  pb p = {{0}, 0};
  pb_key(&p, 1, 0), pb_varint(&p, 2);
  pb_key(&p, 1, 0), pb_varint(&p, 2);
  pb_key(&p, 2, 0), pb_varint(&p, KILN_DTYPE_F32);
  pb_lenfield(&p, 8, "x", 1);
  pb_lenfield(&p, 9, "0123456789ab", 12);
  CHECK_PARSE_FAILS(p.b, p.n, KILN_ERR_PARSE);
  CHECK(!strcmp(kiln_last_error(),
                "tensor 'x': raw_data has 12 bytes, expected 16 for "
                "float32[2,2]"));
  p.n -= 14; /* drop raw_data, use three floats instead of four */
  pb_key(&p, 4, 2), pb_varint(&p, 12);
  pb_float(&p, 1), pb_float(&p, 2), pb_float(&p, 3);
  CHECK_PARSE_FAILS(p.b, p.n, KILN_ERR_PARSE);
  CHECK_ERROR_HAS("float_data has 3 elements, expected 4 for float32[2,2]");
  pb_key(&p, 4, 5), pb_float(&p, 4); /* now four: fine */
  kiln_owned_tensor ok;
  CHECK_STATUS(parse(&p, &ok), KILN_OK);
  kiln_owned_tensor_free(&ok);
  pb_lenfield(&p, 9, "0123456789abcdef", 16); /* plus raw_data: ambiguous */
  CHECK_PARSE_FAILS(p.b, p.n, KILN_ERR_PARSE);
  /* No data at all, a scalar without data, data in the wrong field. */
  CHECK_PARSE_FAILS((const uint8_t *)"\x08\x03\x10\x01", 4, KILN_ERR_PARSE);
  CHECK_ERROR_HAS("no data");
  CHECK_PARSE_FAILS((const uint8_t *)"\x10\x01", 2, KILN_ERR_PARSE);
  CHECK_PARSE_FAILS((const uint8_t *)"\x10\x01\x38\x05", 4, KILN_ERR_PARSE);
  CHECK_ERROR_HAS("int64_data");
  /* Packed fixed32 with a length that is not a multiple of 4. */
  CHECK_PARSE_FAILS((const uint8_t *)"\x10\x01\x22\x03\x00\x00\x00", 7,
                    KILN_ERR_PARSE);
  /* Truncated varint inside packed int64_data. */
  CHECK_PARSE_FAILS((const uint8_t *)"\x10\x07\x3a\x02\x01\x80", 6,
                    KILN_ERR_PARSE);

  /* Wrong wire types for known fields. */
  CHECK_PARSE_FAILS((const uint8_t *)"\x12\x00", 2, KILN_ERR_PARSE);
  CHECK_ERROR_HAS("wire type");
  CHECK_PARSE_FAILS((const uint8_t *)"\x0d\x01\x00\x00\x00", 5,
                    KILN_ERR_PARSE);
  CHECK_PARSE_FAILS((const uint8_t *)"\x10\x01\x25\x00\x00\x80\x3f\x40\x01", 9,
                    KILN_ERR_PARSE); /* valid but for a varint name */
  CHECK_PARSE_FAILS((const uint8_t *)"\x10\x01\x20\x01", 4, KILN_ERR_PARSE);
  CHECK_PARSE_FAILS((const uint8_t *)"\x10\x01\x48\x01", 4, KILN_ERR_PARSE);

  /* Missing and unsupported data types. */
  CHECK_PARSE_FAILS((const uint8_t *)"\x08\x01", 2, KILN_ERR_PARSE);
  CHECK_ERROR_HAS("data_type");
  CHECK_PARSE_FAILS((const uint8_t *)"\x10\x08", 2, KILN_ERR_UNSUPPORTED);
  CHECK_PARSE_FAILS((const uint8_t *)"", 0, KILN_ERR_PARSE);

  /* External data. */
  CHECK_PARSE_FAILS((const uint8_t *)"\x10\x01\x6a\x00", 4,
                    KILN_ERR_UNSUPPORTED);
  CHECK_ERROR_HAS("external");
  CHECK_PARSE_FAILS((const uint8_t *)"\x10\x01\x70\x01", 4,
                    KILN_ERR_UNSUPPORTED);

  /* Rank too large, negative dimension, overflowing element count. */
  p.n = 0;
  for (int i = 0; i <= KILN_MAX_RANK; ++i)
    pb_key(&p, 1, 0), pb_varint(&p, 1);
  pb_key(&p, 2, 0), pb_varint(&p, KILN_DTYPE_F32);
  CHECK_PARSE_FAILS(p.b, p.n, KILN_ERR_UNSUPPORTED);
  CHECK_ERROR_HAS("dimensions");
  p.n = 0;
  pb_key(&p, 1, 0), pb_varint(&p, (uint64_t)(int64_t)-2);
  pb_key(&p, 2, 0), pb_varint(&p, KILN_DTYPE_F32);
  CHECK_PARSE_FAILS(p.b, p.n, KILN_ERR_PARSE);
  CHECK_ERROR_HAS("negative");
  p.n = 0;
  pb_key(&p, 1, 0), pb_varint(&p, (uint64_t)1 << 40);
  pb_key(&p, 1, 0), pb_varint(&p, (uint64_t)1 << 40);
  pb_key(&p, 2, 0), pb_varint(&p, KILN_DTYPE_F32);
  pb_lenfield(&p, 9, "abcd", 4);
  CHECK_PARSE_FAILS(p.b, p.n, KILN_ERR_PARSE);
  p.n = 0;
  pb_key(&p, 1, 0), pb_varint(&p, (uint64_t)1 << 62);
  pb_key(&p, 2, 0), pb_varint(&p, KILN_DTYPE_F64);
  CHECK_PARSE_FAILS(p.b, p.n, KILN_ERR_PARSE);

  /* Null arguments. */
  kiln_owned_tensor t;
  CHECK_STATUS(kiln_tensor_parse_pb(NULL, 4, &t), KILN_ERR_INVALID_ARGUMENT);
  CHECK_STATUS(kiln_tensor_parse_pb("\x10\x01", 2, NULL),
               KILN_ERR_INVALID_ARGUMENT);
}

/* Every truncation and many single-byte corruptions of a valid message
 * must be rejected or parsed cleanly; never crash (run under ASan). */
static void test_pb_fuzz(void) {
  pb p = {{0}, 0};
  pb_key(&p, 1, 2), pb_varint(&p, 2), pb_varint(&p, 2), pb_varint(&p, 3);
  pb_key(&p, 2, 0), pb_varint(&p, KILN_DTYPE_F32);
  pb_lenfield(&p, 8, "fuzzed", 6);
  pb_key(&p, 4, 2), pb_varint(&p, 24);
  for (int i = 0; i < 6; ++i)
    pb_float(&p, (float)i);
  pb_lenfield(&p, 12, "documentation", 13);
  int ok = 0, bad = 0;
  for (size_t len = 0; len <= p.n; ++len) {
    uint8_t *copy = malloc(len ? len : 1); /* exact size for ASan */
    memcpy(copy, p.b, len);
    kiln_owned_tensor t;
    kiln_status st = kiln_tensor_parse_pb(copy, len, &t);
    st == KILN_OK ? ++ok : ++bad;
    kiln_owned_tensor_free(&t);
    free(copy);
  }
  CHECK(ok == 2 && bad == (int)p.n - 1); /* whole, or all but doc_string */
  uint32_t seed = 12345;
  int ok_without_data = 0;
  for (int iter = 0; iter < 20000; ++iter) {
    uint8_t copy[sizeof p.b];
    memcpy(copy, p.b, p.n);
    for (int k = 0; k < 1 + iter % 3; ++k) {
      seed = seed * 1103515245u + 12345u;
      copy[(seed >> 8) % p.n] = (uint8_t)(seed >> 20);
    }
    kiln_owned_tensor t;
    if (kiln_tensor_parse_pb(copy, p.n, &t) == KILN_OK && !t.tensor.data)
      ++ok_without_data;
    kiln_owned_tensor_free(&t);
  }
  CHECK(ok_without_data == 0);
}

static void test_pb_files(void) {
  kiln_owned_tensor t;
  CHECK_STATUS(kiln_tensor_load_pb("/nonexistent/dir/input_0.pb", &t),
               KILN_ERR_IO);
  CHECK_ERROR_HAS("/nonexistent/dir/input_0.pb");

  char path[] = "/tmp/kiln-runtime-tests-XXXXXX";
  int fd = mkstemp(path);
  CHECK(fd >= 0);
  if (fd < 0)
    return;
  FILE *f = fdopen(fd, "wb");
  static const uint8_t good[] = {0x08, 0x02, 0x10, 0x06, 0x42, 0x01, 'n',
                                 0x28, 0x07, 0x28, 0x09};
  fwrite(good, 1, sizeof good, f);
  fclose(f);
  CHECK_STATUS(kiln_tensor_load_pb(path, &t), KILN_OK);
  CHECK(t.tensor.dtype == KILN_DTYPE_I32 && !strcmp(t.name, "n"));
  CHECK(t.tensor.data && ((int32_t *)t.tensor.data)[1] == 9);
  kiln_owned_tensor_free(&t);
  f = fopen(path, "wb");
  fwrite(good, 1, sizeof good - 1, f); /* truncated */
  fclose(f);
  CHECK_STATUS(kiln_tensor_load_pb(path, &t), KILN_ERR_PARSE);
  CHECK(!strncmp(kiln_last_error(), path, strlen(path)));
  CHECK_ERROR_HAS("tensor 'n'");
  remove(path);
}

/*--- kiln_model_run ---------------------------------------------------------*/

static int invoke_count;
static void *seen_scratch;

/* y = x + 1, staged through scratch; `len` (dynamic) is only read. */
static void add_one(void *const *args, const int64_t *const *shapes,
                    void *scratch, kiln_result_buffer *results) {
  const float *x = args[0];
  (void)shapes, (void)results;
  float *y = args[2], *tmp = scratch;
  ++invoke_count;
  seen_scratch = scratch;
  for (int i = 0; i < 6; ++i)
    tmp[i] = x[i] + 1;
  for (int i = 0; i < 6; ++i)
    y[i] = tmp[i];
}

static const int64_t x_shape[] = {2, 3}, len_shape[] = {-1};
static const kiln_tensor_info add_one_inputs[] = {
    {"x", KILN_DTYPE_F32, 2, x_shape, NULL},
    {"len", KILN_DTYPE_I64, 1, len_shape, NULL}};
static const kiln_tensor_info add_one_outputs[] = {
    {"y", KILN_DTYPE_F32, 2, x_shape, NULL}};
static const kiln_model_desc add_one_desc = {
    KILN_ABI_VERSION, "addone", 2, add_one_inputs, 1, add_one_outputs,
    6 * sizeof(float), add_one, 0};

static void test_model_run(void) {
  float x[6] = {0, 1, 2, 3, 4, 5}, y[6] = {0};
  int64_t lens[3] = {7, 8, 9}, shape23[] = {2, 3}, shape24[] = {2, 4};
  int64_t len_n[] = {3}, len_zero[] = {0}, len_neg[] = {-1}, shape6[] = {6};
  kiln_tensor in[2] = {{x, KILN_DTYPE_F32, 2, shape23},
                       {lens, KILN_DTYPE_I64, 1, len_n}};
  kiln_tensor out[1] = {{y, KILN_DTYPE_F32, 2, shape23}};
  const kiln_model_desc *d = &add_one_desc;

  /* OK, with runtime-allocated scratch. */
  CHECK_STATUS(kiln_model_run(d, in, 1, out, 1, NULL, 0),
               KILN_ERR_INVALID_ARGUMENT); /* leaves an error behind */
  invoke_count = 0;
  CHECK_STATUS(kiln_model_run(d, in, 2, out, 1, NULL, 0), KILN_OK);
  CHECK(invoke_count == 1 && y[0] == 1 && y[5] == 6);
  CHECK(seen_scratch && (uintptr_t)seen_scratch % KILN_SCRATCH_ALIGNMENT == 0);
  CHECK(kiln_last_error()[0] == '\0');

  /* Caller's scratch: exact size, larger, too small, misaligned. */
  _Alignas(64) unsigned char arena[128];
  CHECK_STATUS(kiln_model_run(d, in, 2, out, 1, arena, 24), KILN_OK);
  CHECK(seen_scratch == arena && invoke_count == 2);
  CHECK_STATUS(kiln_model_run(d, in, 2, out, 1, arena, 128), KILN_OK);
  CHECK_STATUS(kiln_model_run(d, in, 2, out, 1, arena, 23), KILN_ERR_SCRATCH);
  CHECK_ERROR_HAS("model 'addone'");
  CHECK_ERROR_HAS("23");
  CHECK_STATUS(kiln_model_run(d, in, 2, out, 1, arena + 8, 64),
               KILN_ERR_SCRATCH);
  CHECK_ERROR_HAS("aligned");
  CHECK(invoke_count == 3);

  /* A zero-length dynamic dimension is fine. */
  in[1].shape = len_zero;
  CHECK_STATUS(kiln_model_run(d, in, 2, out, 1, NULL, 0), KILN_OK);
  invoke_count = 0;

  /* Tensor mismatches, each naming model, tensor and expectation. */
  in[0].dtype = KILN_DTYPE_I32;
  CHECK_STATUS(kiln_model_run(d, in, 2, out, 1, NULL, 0), KILN_ERR_DTYPE);
  CHECK(!strcmp(kiln_last_error(), "model 'addone': input 0 'x': dtype is "
                                   "int32, expected float32"));
  in[0].dtype = KILN_DTYPE_F32;
  in[0].rank = 1, in[0].shape = shape6;
  CHECK_STATUS(kiln_model_run(d, in, 2, out, 1, NULL, 0), KILN_ERR_RANK);
  CHECK_ERROR_HAS("input 0 'x': rank is 1, expected 2");
  in[0].rank = 2, in[0].shape = shape24;
  CHECK_STATUS(kiln_model_run(d, in, 2, out, 1, NULL, 0), KILN_ERR_SHAPE);
  CHECK(!strcmp(kiln_last_error(), "model 'addone': input 0 'x': dimension 1 "
                                   "is 4, expected 3"));
  in[0].shape = shape23;
  out[0].shape = shape24;
  CHECK_STATUS(kiln_model_run(d, in, 2, out, 1, NULL, 0), KILN_ERR_SHAPE);
  CHECK_ERROR_HAS("output 0 'y'");
  out[0].shape = shape23;
  in[1].shape = len_neg;
  CHECK_STATUS(kiln_model_run(d, in, 2, out, 1, NULL, 0), KILN_ERR_SHAPE);
  CHECK_ERROR_HAS("input 1 'len': dimension 0 is -1");
  in[1].shape = len_n;
  in[1].data = NULL;
  CHECK_STATUS(kiln_model_run(d, in, 2, out, 1, NULL, 0),
               KILN_ERR_INVALID_ARGUMENT);
  CHECK_ERROR_HAS("input 1 'len': data is null");
  in[1].data = lens;
  out[0].data = NULL;
  CHECK_STATUS(kiln_model_run(d, in, 2, out, 1, NULL, 0),
               KILN_ERR_INVALID_ARGUMENT);
  CHECK_ERROR_HAS("output 0 'y'");
  out[0].data = y;
  in[0].shape = NULL;
  CHECK_STATUS(kiln_model_run(d, in, 2, out, 1, NULL, 0),
               KILN_ERR_INVALID_ARGUMENT);
  in[0].shape = shape23;

  /* Counts, null pointers and bad descriptors. */
  CHECK_STATUS(kiln_model_run(d, in, 1, out, 1, NULL, 0),
               KILN_ERR_INVALID_ARGUMENT);
  CHECK_ERROR_HAS("given 1 inputs and 1 outputs, expected 2 and 1");
  CHECK_STATUS(kiln_model_run(d, in, 2, out, 0, NULL, 0),
               KILN_ERR_INVALID_ARGUMENT);
  CHECK_STATUS(kiln_model_run(d, NULL, 2, out, 1, NULL, 0),
               KILN_ERR_INVALID_ARGUMENT);
  CHECK_STATUS(kiln_model_run(NULL, in, 2, out, 1, NULL, 0),
               KILN_ERR_INVALID_ARGUMENT);
  kiln_model_desc bad = add_one_desc;
  bad.abi_version = 1;
  CHECK_STATUS(kiln_model_run(&bad, in, 2, out, 1, NULL, 0),
               KILN_ERR_INVALID_ARGUMENT);
  CHECK_ERROR_HAS("ABI version");
  bad = add_one_desc;
  bad.invoke = NULL;
  CHECK_STATUS(kiln_model_run(&bad, in, 2, out, 1, NULL, 0),
               KILN_ERR_INVALID_ARGUMENT);
  CHECK(invoke_count == 0); /* nothing ran on any failure */
}

/* A model with dynamic shapes, in the returning convention: y = x + 1 for
 * x of shape [n, 3]; `w` of shape [n] must agree on n (checked by the
 * runtime through the dimension names). The generated code's heap blocks
 * come from kiln_rt_malloc; one is "leaked" on purpose (the runtime frees
 * it), and n > 100 fails a run-time check. */
static int rows_freed_scratch;
static void rows(void *const *args, const int64_t *const *shapes,
                 void *scratch, kiln_result_buffer *results) {
  (void)scratch;
  int64_t n = shapes[0][0];
  float *tmp = kiln_rt_malloc(16);
  (void)tmp;
  if (n > 100)
    kiln_rt_check_failed("node 'Rows' (nn.add): too many rows");
  float *y = kiln_rt_malloc((size_t)n * 3 * sizeof *y);
  const float *x = args[0];
  for (int64_t i = 0; i < n * 3; ++i)
    y[i] = x[i] + 1;
  void *freed = kiln_rt_malloc(8);
  kiln_rt_free(freed);
  ++rows_freed_scratch;
  results[0].allocated = y;
  results[0].data = y;
  results[0].shape[0] = n;
  results[0].shape[1] = 3;
}

static const int64_t rows_x_shape[] = {-1, 3}, rows_w_shape[] = {-1};
static const char *const rows_x_dims[] = {"n", NULL};
static const char *const rows_w_dims[] = {"n"};
static const kiln_tensor_info rows_inputs[] = {
    {"x", KILN_DTYPE_F32, 2, rows_x_shape, rows_x_dims},
    {"w", KILN_DTYPE_F32, 1, rows_w_shape, rows_w_dims}};
static const kiln_tensor_info rows_outputs[] = {
    {"y", KILN_DTYPE_F32, 2, rows_x_shape, NULL}};
static const kiln_model_desc rows_desc = {
    KILN_ABI_VERSION, "rows", 2, rows_inputs, 1, rows_outputs, 0, rows,
    KILN_MODEL_RETURNS_OUTPUTS};

static void test_returned_outputs(void) {
  float x[3 * 101], w[101] = {0}, y[6] = {0};
  for (int i = 0; i < 3 * 101; ++i)
    x[i] = (float)i;
  int64_t x2[] = {2, 3}, w2[] = {2}, w3[] = {3}, y2[] = {2, 3}, y3[] = {3, 3};
  int64_t x101[] = {101, 3}, w101[] = {101};
  kiln_tensor in[2] = {{x, KILN_DTYPE_F32, 2, x2}, {w, KILN_DTYPE_F32, 1, w2}};
  kiln_tensor out[1] = {{y, KILN_DTYPE_F32, 2, y2}};

  /* Caller-allocated output of the right shape. */
  CHECK_STATUS(kiln_model_run(&rows_desc, in, 2, out, 1, NULL, 0), KILN_OK);
  CHECK(y[0] == 1 && y[5] == 6);

  /* Runtime-allocated output. */
  kiln_owned_tensor owned;
  CHECK_STATUS(kiln_model_run_alloc(&rows_desc, in, 2, &owned, 1, NULL, 0),
               KILN_OK);
  CHECK(owned.tensor.rank == 2 && owned.tensor.shape[0] == 2 &&
        owned.tensor.shape[1] == 3 && owned.tensor.dtype == KILN_DTYPE_F32);
  CHECK(((float *)owned.tensor.data)[5] == 6);
  kiln_owned_tensor_free(&owned);

  /* A caller's output of another shape is reported after the run. */
  out[0].shape = y3;
  CHECK_STATUS(kiln_model_run(&rows_desc, in, 2, out, 1, NULL, 0),
               KILN_ERR_SHAPE);
  CHECK(!strcmp(kiln_last_error(), "model 'rows': output 0 'y' is 2x3 for "
                                   "these inputs, but the caller's tensor "
                                   "is 3x3"));
  out[0].shape = y2;

  /* Inputs sharing a dimension name must agree. */
  in[1].shape = w3;
  CHECK_STATUS(kiln_model_run(&rows_desc, in, 2, out, 1, NULL, 0),
               KILN_ERR_SHAPE);
  CHECK(!strcmp(kiln_last_error(), "model 'rows': input 1 'w' dimension 0 "
                                   "('n') is 3, but input 0 'x' dimension 0 "
                                   "('n') is 2"));

  /* A failed check in the generated code ends the run with its message. */
  in[0].shape = x101, in[1].shape = w101;
  rows_freed_scratch = 0;
  CHECK_STATUS(kiln_model_run_alloc(&rows_desc, in, 2, &owned, 1, NULL, 0),
               KILN_ERR_SHAPE);
  CHECK(!strcmp(kiln_last_error(), "model 'rows': node 'Rows' (nn.add): too "
                                   "many rows"));
  CHECK(rows_freed_scratch == 0 && owned.tensor.data == NULL);
  /* ... and the next run works. */
  in[0].shape = x2, in[1].shape = w2;
  CHECK_STATUS(kiln_model_run(&rows_desc, in, 2, out, 1, NULL, 0), KILN_OK);
  CHECK(rows_freed_scratch == 1);
}

/* A model with more arguments than fit on the runtime's stack array. */
enum { MANY = 100 };
static void sum_many(void *const *args, const int64_t *const *shapes,
                     void *scratch, kiln_result_buffer *results) {
  float s = 0;
  (void)scratch, (void)shapes, (void)results;
  for (int i = 0; i < MANY; ++i)
    s += *(const float *)args[i];
  *(float *)args[MANY] = s;
}

static void test_many_args(void) {
  kiln_tensor_info infos[MANY + 1];
  kiln_tensor ts[MANY + 1];
  float vals[MANY + 1];
  for (int i = 0; i <= MANY; ++i) {
    infos[i] = (kiln_tensor_info){"v", KILN_DTYPE_F32, 0, NULL, NULL};
    vals[i] = (float)i;
    ts[i] = (kiln_tensor){&vals[i], KILN_DTYPE_F32, 0, NULL};
  }
  kiln_model_desc d = {KILN_ABI_VERSION, "many", MANY, infos, 1,
                       infos + MANY, 0, sum_many, 0};
  CHECK_STATUS(kiln_model_run(&d, ts, MANY, ts + MANY, 1, NULL, 0), KILN_OK);
  CHECK(vals[MANY] == MANY * (MANY - 1) / 2);
  char *argv[] = {"many", NULL};
  fflush(stdout);
  CHECK(kiln_exe_main(&d, 1, argv) == 0); /* prints "v: float32[] = 0" */
  fflush(stdout);
}

/*--- Printing and kiln_exe_main (checked by FileCheck) ----------------------*/

static void test_print_and_exe(void) {
  float f[6] = {0, 0.5f, -1.25f, 1e10f, INFINITY, NAN};
  int64_t s23[] = {2, 3};
  kiln_tensor t = {f, KILN_DTYPE_F32, 2, s23};
  kiln_tensor_print("p", &t, 16);
  kiln_tensor_print("q", &t, 2);
  uint8_t b[3] = {1, 0, 2};
  int64_t s3[] = {3};
  kiln_tensor tb = {b, KILN_DTYPE_BOOL, 1, s3};
  kiln_tensor_print("b", &tb, 16);
  int64_t scalar = -42;
  kiln_tensor ts = {&scalar, KILN_DTYPE_I64, 0, NULL};
  kiln_tensor_print("s", &ts, 16);
  fflush(stdout);

  char *argv[4] = {"addone", NULL, NULL, NULL};
  CHECK(kiln_exe_main(&add_one_desc, 1, argv) == 0);
  fflush(stdout);
  argv[1] = "only_one.pb";
  CHECK(kiln_exe_main(&add_one_desc, 2, argv) == 2);
  argv[1] = "--bogus";
  CHECK(kiln_exe_main(&add_one_desc, 2, argv) == 2);
  argv[1] = "/nonexistent/x.pb", argv[2] = "/nonexistent/len.pb";
  CHECK(kiln_exe_main(&add_one_desc, 3, argv) == 1);

  int64_t dyn[] = {-1, 3};
  kiln_tensor_info dyn_out[] = {{"y", KILN_DTYPE_F32, 2, dyn, NULL}};
  kiln_model_desc d = add_one_desc;
  d.outputs = dyn_out;
  CHECK(kiln_exe_main(&d, 1, argv) == 1);
  CHECK_ERROR_HAS("output 0 has a dynamic dimension");

  /* A model returning its outputs: the executable prints what it got. */
  char *rows_argv[] = {"rows", NULL};
  CHECK(kiln_exe_main(&rows_desc, 1, rows_argv) == 0);
  fflush(stdout);
}

int main(void) {
  test_status_and_dtypes();
  test_owned_tensor();
  test_pb_valid();
  test_pb_malformed();
  test_pb_fuzz();
  test_pb_files();
  test_model_run();
  test_many_args();
  test_returned_outputs();
  test_print_and_exe();
  printf("%d passed, %d failed\n", passed, failed);
  return failed != 0;
}
