/*
 * Internal to src/emit: Go's float64 formatting, shared by the JSON and the
 * YAML writers, and Go's UTF-8 decoding rule.
 */
#ifndef CC_EMIT_INT_H
#define CC_EMIT_INT_H

#include <stdint.h>
#include "emit/emit.h"

/* encoding/json's float64: 'f' shortest, 'e' below 1e-6 or from 1e21 on, "e-07" as "e-7".
   Returns CC_EINVALID for NaN and infinities, which Go refuses. */
int cc_emit_json_float(double f, cc_buf *out);
/* The float64 encoding/json would hold for a jansson number (integers past 2^53 round). */
double cc_emit_number_value(const json_t *v);
/* strconv.FormatFloat(f, 'g', -1, 64), as go-yaml v2 writes a float64. */
void cc_emit_go_float_g(double f, cc_buf *out);

/* Appends s with every invalid byte replaced by U+FFFD. */
void cc_emit_utf8_valid(const char *s, size_t n, cc_buf *out);

#endif
