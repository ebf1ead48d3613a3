/*===- tensor_pb.c - ONNX TensorProto reader and owned tensors ---*- C -*-===*
 *
 * A hand-written protobuf wire-format decoder for onnx.TensorProto; no
 * protobuf library. The message is scanned twice: the first pass validates
 * everything and counts elements, the second decodes the typed repeated
 * field into the freshly allocated buffer (raw_data is copied directly).
 * Every read is bounds-checked, so malformed input yields KILN_ERR_PARSE.
 *
 *===----------------------------------------------------------------------===*/
#include "kiln_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* TensorProto field numbers. */
enum {
  F_DIMS = 1, F_DATA_TYPE = 2, F_SEGMENT = 3, F_FLOAT = 4, F_INT32 = 5,
  F_STRING = 6, F_INT64 = 7, F_NAME = 8, F_RAW = 9, F_DOUBLE = 10,
  F_UINT64 = 11, F_DOC = 12, F_EXTERNAL = 13, F_LOCATION = 14
};
/* Wire types. */
enum { W_VARINT = 0, W_FIXED64 = 1, W_LEN = 2, W_FIXED32 = 5 };

static const char *field_name(int field) {
  switch (field) {
  case F_FLOAT: return "float_data";
  case F_INT32: return "int32_data";
  case F_INT64: return "int64_data";
  case F_DOUBLE: return "double_data";
  case F_UINT64: return "uint64_data";
  default: return "field";
  }
}

typedef struct reader {
  const uint8_t *p, *end;
} reader;

static int read_varint(reader *r, uint64_t *v) {
  uint64_t x = 0;
  for (unsigned shift = 0; shift < 64; shift += 7) {
    if (r->p >= r->end)
      return 0;
    uint8_t b = *r->p++;
    x |= (uint64_t)(b & 0x7f) << shift;
    if (!(b & 0x80)) {
      *v = x;
      return 1;
    }
  }
  return 0; /* more than 10 bytes */
}

static uint64_t load_le(const uint8_t *p, unsigned n) {
  uint64_t v = 0;
  while (n--)
    v = (v << 8) | p[n];
  return v;
}

/* State of one scan over the message. */
typedef struct pb_scan {
  const uint8_t *begin;
  int64_t dims[KILN_MAX_RANK];
  int32_t rank;
  uint64_t data_type;
  char name[128];
  const uint8_t *raw;
  size_t raw_len;
  int has_raw;
  uint64_t count[16]; /* elements seen per field number */
  /* Second pass only: where the target field's elements go. */
  int target;
  void *dst;
  int32_t dtype;
  uint64_t capacity;
} pb_scan;

KILN_PRINTF(3, 4)
static kiln_status pb_fail(const pb_scan *s, kiln_status st, const char *fmt,
                           ...) {
  char msg[768];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (s->name[0])
    return kiln_internal_fail(st, "tensor '%s': %s", s->name, msg);
  return kiln_internal_fail(st, "TensorProto: %s", msg);
}

/* Stores element `i` (given as raw bits or an integer) into `dst`. */
static void store(void *dst, int32_t dtype, uint64_t i, uint64_t v) {
  switch (dtype) {
  case KILN_DTYPE_F32: case KILN_DTYPE_I32: case KILN_DTYPE_U32: {
    uint32_t b = (uint32_t)v;
    memcpy((char *)dst + 4 * i, &b, 4);
    break;
  }
  case KILN_DTYPE_F64: case KILN_DTYPE_I64: case KILN_DTYPE_U64:
    memcpy((char *)dst + 8 * i, &v, 8);
    break;
  case KILN_DTYPE_I16: case KILN_DTYPE_U16: case KILN_DTYPE_F16:
  case KILN_DTYPE_BF16: {
    uint16_t b = (uint16_t)v;
    memcpy((char *)dst + 2 * i, &b, 2);
    break;
  }
  case KILN_DTYPE_BOOL:
    ((uint8_t *)dst)[i] = v != 0;
    break;
  default: /* int8, uint8 */
    ((uint8_t *)dst)[i] = (uint8_t)v;
    break;
  }
}

static kiln_status add_element(pb_scan *s, int field, uint64_t v) {
  if (field == F_DIMS) {
    if (s->rank == KILN_MAX_RANK)
      return pb_fail(s, KILN_ERR_UNSUPPORTED,
                     "more than %d dimensions", KILN_MAX_RANK);
    if ((int64_t)v < 0)
      return pb_fail(s, KILN_ERR_PARSE, "dimension %d is negative (%lld)",
                     (int)s->rank, (long long)(int64_t)v);
    s->dims[s->rank++] = (int64_t)v;
    return KILN_OK;
  }
  if (s->dst && field == s->target && s->count[field] < s->capacity)
    store(s->dst, s->dtype, s->count[field], v);
  s->count[field]++;
  return KILN_OK;
}

/* A repeated numeric field: one element, or a packed run of them. */
static kiln_status repeated(pb_scan *s, int field, unsigned wire, uint64_t v,
                            const uint8_t *payload, size_t len, size_t at) {
  unsigned elem = field == F_FLOAT ? W_FIXED32
                  : field == F_DOUBLE ? W_FIXED64 : W_VARINT;
  if (wire == elem)
    return add_element(s, field, v);
  if (wire != W_LEN)
    return pb_fail(s, KILN_ERR_PARSE,
                   "field %d has wire type %u, expected %u or 2 (byte %zu)",
                   field, wire, elem, at);
  kiln_status st = KILN_OK;
  reader r = {payload, payload + len};
  if (elem == W_VARINT) {
    while (!st && r.p < r.end) {
      if (!read_varint(&r, &v))
        return pb_fail(s, KILN_ERR_PARSE,
                       "truncated varint in packed field %d (byte %zu)",
                       field, (size_t)(r.p - s->begin));
      st = add_element(s, field, v);
    }
    return st;
  }
  unsigned width = elem == W_FIXED32 ? 4 : 8;
  if (len % width)
    return pb_fail(s, KILN_ERR_PARSE,
                   "packed field %d is %zu bytes, not a multiple of %u "
                   "(byte %zu)", field, len, width, at);
  for (; !st && r.p < r.end; r.p += width)
    st = add_element(s, field, load_le(r.p, width));
  return st;
}

/* Handles one decoded field; `v` is the value of a varint or fixed field,
 * `payload`/`len` the bytes of a length-delimited one. */
static kiln_status on_field(pb_scan *s, int field, unsigned wire, uint64_t v,
                            const uint8_t *payload, size_t len, size_t at) {
  unsigned want = W_LEN; /* the wire type a singular field must have */
  switch (field) {
  case F_DIMS: case F_FLOAT: case F_INT32: case F_INT64: case F_DOUBLE:
  case F_UINT64:
    return repeated(s, field, wire, v, payload, len, at);
  case F_DATA_TYPE: case F_LOCATION:
    want = W_VARINT;
    break;
  case F_NAME: case F_RAW: case F_EXTERNAL: case F_SEGMENT: case F_STRING:
  case F_DOC:
    break;
  default: /* unknown field: already skipped */
    return KILN_OK;
  }
  if (wire != want)
    return pb_fail(s, KILN_ERR_PARSE,
                   "field %d has wire type %u, expected %u (byte %zu)", field,
                   wire, want, at);
  switch (field) {
  case F_DATA_TYPE:
    s->data_type = v;
    break;
  case F_LOCATION:
    if (v != 0)
      return pb_fail(s, KILN_ERR_UNSUPPORTED,
                     "external data (data_location = %llu) is not supported",
                     (unsigned long long)v);
    break;
  case F_EXTERNAL:
    return pb_fail(s, KILN_ERR_UNSUPPORTED, "external data is not supported");
  case F_NAME:
    len = len < sizeof s->name - 1 ? len : sizeof s->name - 1;
    memcpy(s->name, payload, len);
    s->name[len] = '\0';
    break;
  case F_RAW:
    s->raw = payload;
    s->raw_len = len;
    s->has_raw = 1;
    break;
  }
  return KILN_OK;
}

static kiln_status scan(pb_scan *s, const uint8_t *buf, size_t size) {
  reader r = {buf, buf + size};
  s->begin = buf;
  while (r.p < r.end) {
    size_t at = (size_t)(r.p - buf);
    uint64_t key, v = 0;
    const uint8_t *payload = NULL;
    size_t len = 0;
    if (!read_varint(&r, &key))
      return pb_fail(s, KILN_ERR_PARSE, "truncated field key at byte %zu",
                     at);
    uint64_t field = key >> 3;
    unsigned wire = (unsigned)(key & 7);
    if (field == 0 || field > 0x1fffffff)
      return pb_fail(s, KILN_ERR_PARSE,
                     "invalid field number %llu at byte %zu",
                     (unsigned long long)field, at);
    switch (wire) {
    case W_VARINT:
      if (!read_varint(&r, &v))
        return pb_fail(s, KILN_ERR_PARSE,
                       "truncated varint in field %d at byte %zu", (int)field,
                       at);
      break;
    case W_FIXED64: case W_FIXED32: {
      unsigned width = wire == W_FIXED64 ? 8 : 4;
      if ((size_t)(r.end - r.p) < width)
        return pb_fail(s, KILN_ERR_PARSE,
                       "truncated fixed%u field %d at byte %zu", width * 8,
                       (int)field, at);
      v = load_le(r.p, width);
      r.p += width;
      break;
    }
    case W_LEN:
      if (!read_varint(&r, &v))
        return pb_fail(s, KILN_ERR_PARSE,
                       "truncated length of field %d at byte %zu", (int)field,
                       at);
      if (v > (uint64_t)(r.end - r.p))
        return pb_fail(s, KILN_ERR_PARSE,
                       "field %d at byte %zu has length %llu but only %zu "
                       "bytes remain", (int)field, at, (unsigned long long)v,
                       (size_t)(r.end - r.p));
      payload = r.p;
      len = (size_t)v;
      r.p += len;
      break;
    default:
      return pb_fail(s, KILN_ERR_PARSE,
                     "unsupported wire type %u (field %d) at byte %zu", wire,
                     (int)field, at);
    }
    kiln_status st = on_field(s, (int)field, wire, v, payload, len, at);
    if (st)
      return st;
  }
  return KILN_OK;
}

/* The typed repeated field that holds elements of `dtype`. */
static int typed_field(int32_t dtype) {
  switch (dtype) {
  case KILN_DTYPE_F32: return F_FLOAT;
  case KILN_DTYPE_I64: return F_INT64;
  case KILN_DTYPE_F64: return F_DOUBLE;
  case KILN_DTYPE_U32: case KILN_DTYPE_U64: return F_UINT64;
  default: return F_INT32; /* int32 and all narrower types */
  }
}

/* Copies little-endian elements into host order. */
static void copy_le(void *dst, const uint8_t *src, size_t n, size_t width) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  for (size_t i = 0; i < n; ++i)
    for (size_t b = 0; b < width; ++b)
      ((uint8_t *)dst)[i * width + b] = src[i * width + width - 1 - b];
#else
  memcpy(dst, src, n * width);
#endif
}

kiln_status kiln_tensor_parse_pb(const void *bytes, size_t size,
                                 kiln_owned_tensor *out) {
  if (!out || (!bytes && size))
    return kiln_internal_fail(KILN_ERR_INVALID_ARGUMENT,
                              "kiln_tensor_parse_pb: null argument");
  memset(out, 0, sizeof *out);
  static const uint8_t empty[1];
  const uint8_t *buf = size ? bytes : empty;

  pb_scan s;
  memset(&s, 0, sizeof s);
  kiln_status st = scan(&s, buf, size);
  if (st)
    return st;

  if (s.data_type == 0)
    return pb_fail(&s, KILN_ERR_PARSE, "data_type is missing");
  int32_t dtype = s.data_type > INT32_MAX ? -1 : (int32_t)s.data_type;
  size_t width = kiln_dtype_size(dtype);
  if (!width)
    return pb_fail(&s, KILN_ERR_UNSUPPORTED, "data_type %llu is not supported",
                   (unsigned long long)s.data_type);
  char type[160];
  kiln_internal_format_type(type, sizeof type, dtype, s.rank, s.dims);
  int64_t n = kiln_num_elements(s.rank, s.dims);
  if (n < 0 || (uint64_t)n > SIZE_MAX / width)
    return pb_fail(&s, KILN_ERR_PARSE, "%s is too large", type);
  size_t bytes_needed = (size_t)n * width;

  int target = typed_field(dtype);
  static const int typed[] = {F_FLOAT, F_INT32, F_INT64, F_DOUBLE, F_UINT64};
  for (size_t i = 0; i < sizeof typed / sizeof *typed; ++i) {
    int f = typed[i];
    if (s.count[f] && f != target)
      return pb_fail(&s, KILN_ERR_PARSE, "%s is set for a %s tensor",
                     field_name(f), kiln_dtype_name(dtype));
    if (s.count[f] && s.has_raw)
      return pb_fail(&s, KILN_ERR_PARSE, "both raw_data and %s are set",
                     field_name(f));
  }
  if (s.has_raw && s.raw_len != bytes_needed)
    return pb_fail(&s, KILN_ERR_PARSE,
                   "raw_data has %zu bytes, expected %zu for %s", s.raw_len,
                   bytes_needed, type);
  if (!s.has_raw && s.count[target] != (uint64_t)n) {
    if (s.count[target] == 0)
      return pb_fail(&s, KILN_ERR_PARSE,
                     "no data (neither raw_data nor %s), expected %lld "
                     "elements for %s", field_name(target), (long long)n,
                     type);
    return pb_fail(&s, KILN_ERR_PARSE, "%s has %llu elements, expected %lld "
                   "for %s", field_name(target),
                   (unsigned long long)s.count[target], (long long)n, type);
  }

  void *data = kiln_internal_aligned_alloc(bytes_needed);
  if (!data)
    return pb_fail(&s, KILN_ERR_OUT_OF_MEMORY, "cannot allocate %zu bytes",
                   bytes_needed);
  if (s.has_raw) {
    copy_le(data, s.raw, (size_t)n, width);
  } else if (n > 0) {
    pb_scan second;
    memset(&second, 0, sizeof second);
    second.target = target;
    second.dst = data;
    second.dtype = dtype;
    second.capacity = (uint64_t)n;
    scan(&second, buf, size); /* cannot fail: the same bytes passed above */
  }
  out->tensor.data = data;
  out->tensor.dtype = dtype;
  out->tensor.rank = s.rank;
  out->tensor.shape = out->shape_storage;
  memcpy(out->shape_storage, s.dims, sizeof s.dims);
  memcpy(out->name, s.name, sizeof out->name);
  kiln_internal_clear_error();
  return KILN_OK;
}

kiln_status kiln_tensor_load_pb(const char *path, kiln_owned_tensor *out) {
  if (!path || !out)
    return kiln_internal_fail(KILN_ERR_INVALID_ARGUMENT,
                              "kiln_tensor_load_pb: null argument");
  memset(out, 0, sizeof *out);
  FILE *f = fopen(path, "rb");
  if (!f)
    return kiln_internal_fail(KILN_ERR_IO, "%s: cannot open: %s", path,
                              strerror(errno));
  size_t size = 0, cap = 0;
  uint8_t *buf = NULL;
  for (;;) { /* read in growing chunks: works for pipes too */
    if (size == cap) {
      size_t new_cap = cap ? cap * 2 : 1 << 16;
      uint8_t *grown = new_cap > cap ? realloc(buf, new_cap) : NULL;
      if (!grown) {
        free(buf);
        fclose(f);
        return kiln_internal_fail(KILN_ERR_OUT_OF_MEMORY,
                                  "%s: file too large", path);
      }
      buf = grown;
      cap = new_cap;
    }
    size_t got = fread(buf + size, 1, cap - size, f);
    size += got;
    if (got == 0)
      break;
  }
  int failed = ferror(f);
  fclose(f);
  if (failed) {
    free(buf);
    return kiln_internal_fail(KILN_ERR_IO, "%s: read error", path);
  }
  kiln_status st = kiln_tensor_parse_pb(buf, size, out);
  free(buf);
  if (st)
    kiln_internal_fail(st, "%s: %s", path, kiln_last_error());
  return st;
}

kiln_status kiln_owned_tensor_alloc(kiln_owned_tensor *out, int32_t dtype,
                                    int32_t rank, const int64_t *shape) {
  if (!out || (rank > 0 && !shape))
    return kiln_internal_fail(KILN_ERR_INVALID_ARGUMENT,
                              "kiln_owned_tensor_alloc: null argument");
  memset(out, 0, sizeof *out);
  size_t width = kiln_dtype_size(dtype);
  if (!width)
    return kiln_internal_fail(KILN_ERR_UNSUPPORTED,
                              "cannot allocate a tensor of dtype %d", dtype);
  if (rank < 0 || rank > KILN_MAX_RANK)
    return kiln_internal_fail(KILN_ERR_UNSUPPORTED,
                              "cannot allocate a tensor of rank %d (at most "
                              "%d)", rank, KILN_MAX_RANK);
  char type[160];
  kiln_internal_format_type(type, sizeof type, dtype, rank, shape);
  int64_t n = kiln_num_elements(rank, shape);
  if (n < 0)
    return kiln_internal_fail(KILN_ERR_INVALID_ARGUMENT,
                              "cannot allocate %s: invalid shape", type);
  if ((uint64_t)n > SIZE_MAX / width)
    return kiln_internal_fail(KILN_ERR_OUT_OF_MEMORY,
                              "cannot allocate %s: too large", type);
  void *data = kiln_internal_aligned_alloc((size_t)n * width);
  if (!data)
    return kiln_internal_fail(KILN_ERR_OUT_OF_MEMORY,
                              "cannot allocate %s", type);
  memset(data, 0, (size_t)n * width);
  out->tensor.data = data;
  out->tensor.dtype = dtype;
  out->tensor.rank = rank;
  out->tensor.shape = out->shape_storage;
  for (int32_t i = 0; i < rank; ++i)
    out->shape_storage[i] = shape[i];
  return KILN_OK;
}

void kiln_owned_tensor_free(kiln_owned_tensor *t) {
  if (!t)
    return;
  free(t->tensor.data);
  memset(t, 0, sizeof *t);
}
