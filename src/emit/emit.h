/*
 * emit: helm's serialisation, byte for byte.
 *
 * Every file helm writes goes Go struct -> encoding/json -> (for YAML)
 * sigs.k8s.io/yaml.JSONToYAML, which re-reads the JSON with go-yaml v2 and
 * marshals it again. chartci builds the same JSON as a jansson value and
 * writes it here, so its Chart.lock, index.yaml and packaged Chart.yaml are
 * the files helm would write, and its digests the digests helm computes.
 *
 * Object key order: jansson (2.8 and later, this project needs 2.14) keeps
 * an object's keys in insertion order, json_object_set on an existing key
 * keeps its place, and json_object_foreach walks that order whatever
 * JSON_PRESERVE_ORDER says (the flag is a no-op since 2.8). So a caller
 * that builds an object field by field in Go struct order gets Go's field
 * order from cc_emit_json; for a Go map, which encoding/json writes with
 * sorted keys, use cc_emit_json_sorted or cc_emit_sort_keys.
 *
 * Numbers: encoding/json decodes every number into interface{} as float64,
 * so integers are written as the float64 they become (exact below 2^53,
 * rounded beyond); reals as Go writes float64. Strings may be any bytes
 * (json_stringn_nocheck): invalid UTF-8 becomes U+FFFD, as Go does.
 *
 * Nesting deeper than CC_EMIT_MAX_DEPTH is refused with CC_ELIMIT (that
 * also ends a value that contains itself).
 */
#ifndef CC_EMIT_H
#define CC_EMIT_H

#include <stdint.h>
#include <jansson.h>
#include "base/base.h"

#define CC_EMIT_MAX_DEPTH 1000

/*
 * Go's json.Marshal: compact, object keys in the value's own order, HTML
 * escaping (< > & as \u003c \u003e \u0026), U+2028/U+2029 escaped,
 * \b \f \n \r \t, other controls as \u00XX, invalid UTF-8 as \ufffd,
 * numbers as encoding/json formats float64. Appends to out.
 */
int cc_emit_json(const json_t *v, cc_buf *out, cc_error *err);
/* The same with every object's keys sorted bytewise, as Go writes a map. */
int cc_emit_json_sorted(const json_t *v, cc_buf *out, cc_error *err);
/* A deep copy whose objects have their keys in Go's map order (bytewise);
   NULL when v is NULL or nested too deep. */
json_t *cc_emit_sort_keys(const json_t *v);

/*
 * Go's json.MarshalIndent(v, "", indent): cc_emit_json's bytes laid out
 * as json.Indent does (a newline and one indent per level, ": " after a
 * key, {} and [] kept closed), with no newline at the end.
 */
int cc_emit_json_indent(const json_t *v, const char *indent, cc_buf *out, cc_error *err);

/*
 * sigs.k8s.io/yaml.JSONToYAML of cc_emit_json's output: go-yaml v2's
 * emitter with 2-space indentation, block sequences not indented under a
 * key, mapping keys in go-yaml's order (see emit_yaml.c: not plain bytewise
 * order: "a9" sorts before "a10", "_" before "Z"), strings quoted only when
 * plain style would change their meaning or cannot hold them, plain and
 * double-quoted scalars folded at 80 columns, strings with a newline as
 * literal blocks, {} and [] for empty collections. Appends to out; the
 * output ends with a newline and has no "---".
 */
int cc_emit_yaml(const json_t *v, cc_buf *out, cc_error *err);

/*
 * Go's time.Time as encoding/json writes it (RFC 3339 with nanoseconds,
 * trailing zeros trimmed, "Z" for UTC, else the offset), for the instant
 * `sec`.`nsec` in the process's local time zone (TZ). Into out, which
 * needs CC_EMIT_TIME_MAX bytes. Returns 0, or CC_EINVALID when the time
 * cannot be represented.
 */
#define CC_EMIT_TIME_MAX 48
int cc_emit_go_time(long long sec, long nsec, char *out, size_t outsz, cc_error *err);

/*
 * Go's utf8.DecodeRune on s[0..n) (n > 0), the rule encoding/json and
 * strings.Map apply: the rune and its length, or U+FFFD and length 1 for
 * an invalid, overlong, surrogate or cut-off sequence, so each bad byte is
 * replaced on its own.
 */
size_t cc_emit_decode_rune(const unsigned char *s, size_t n, uint32_t *r);

#endif
