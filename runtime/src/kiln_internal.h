/*===- kiln_internal.h - Helpers shared by the runtime sources ---*- C -*-===*
 *
 * Not installed and not part of the public interface.
 *
 *===----------------------------------------------------------------------===*/
#ifndef KILN_INTERNAL_H
#define KILN_INTERNAL_H

#include "kiln/kiln.h"

#include <stdarg.h>

#if defined(__GNUC__)
#define KILN_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define KILN_PRINTF(fmt, args)
#endif

/** Formats the thread's last-error message and returns `status`. */
kiln_status kiln_internal_fail(kiln_status status, const char *fmt, ...)
    KILN_PRINTF(2, 3);
void kiln_internal_clear_error(void);

/** Writes e.g. "float32[2,3]" into `buf` (always NUL-terminated). */
void kiln_internal_format_type(char *buf, size_t size, int32_t dtype,
                               int32_t rank, const int64_t *shape);

/** Allocates `size` bytes (at least 1) aligned to KILN_SCRATCH_ALIGNMENT;
 *  release with free(). Returns null on overflow or failure. */
void *kiln_internal_aligned_alloc(size_t size);

/** Half-precision conversions (round to nearest even). */
float kiln_internal_f16_to_f32(uint16_t h);
uint16_t kiln_internal_f32_to_f16(float f);
float kiln_internal_bf16_to_f32(uint16_t h);
uint16_t kiln_internal_f32_to_bf16(float f);

#endif /* KILN_INTERNAL_H */
