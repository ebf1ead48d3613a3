/*===- status.c - Status strings and the per-thread error message -*- C -*-===*
 *
 * Every failing runtime entry point records a message naming the model,
 * the tensor and what was expected; kiln_last_error() returns it.
 *
 *===----------------------------------------------------------------------===*/
#include "kiln_internal.h"

#include <stdio.h>

static _Thread_local char last_error[1024];

const char *kiln_status_string(kiln_status status) {
  switch (status) {
  case KILN_OK: return "ok";
  case KILN_ERR_INVALID_ARGUMENT: return "invalid argument";
  case KILN_ERR_DTYPE: return "dtype mismatch";
  case KILN_ERR_RANK: return "rank mismatch";
  case KILN_ERR_SHAPE: return "shape mismatch";
  case KILN_ERR_SCRATCH: return "bad scratch buffer";
  case KILN_ERR_OUT_OF_MEMORY: return "out of memory";
  case KILN_ERR_IO: return "i/o error";
  case KILN_ERR_PARSE: return "parse error";
  case KILN_ERR_UNSUPPORTED: return "unsupported";
  }
  return "unknown status";
}

const char *kiln_last_error(void) { return last_error; }

void kiln_internal_clear_error(void) { last_error[0] = '\0'; }

kiln_status kiln_internal_fail(kiln_status status, const char *fmt, ...) {
  /* Format into a temporary so that the old message may be an argument. */
  char buf[sizeof last_error];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  snprintf(last_error, sizeof last_error, "%s", buf);
  return status;
}
