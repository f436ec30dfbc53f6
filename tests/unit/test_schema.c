/*
 * Unit tests for src/schema: every keyword on small cases, helm's exact
 * message shapes (checked against helm v4.1.4's output), number exactness,
 * $ref cycles and the depth bound, catastrophic regular expressions,
 * helm's urn: rule, remote references refused, mapped and allow-listed,
 * meta-schema failures, and every values.schema.json of the shared chart
 * corpus against its chart's values.yaml (agreement with SCHEMAS.tsv).
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "schema/schema.h"
#include "yaml/yaml.h"

/* ---- helpers ---- */

static json_t *parse(const char *text)
{
	json_error_t jerr;
	json_t *j = json_loads(text, JSON_DECODE_ANY, &jerr);
	if (!j)
		fail_msg("bad test JSON (%s): %s", jerr.text, text);
	return j;
}

static cc_schema *compile_opts(const char *schema, const cc_schema_opts *o)
{
	json_t *s = parse(schema);
	cc_schema *sc = NULL;
	cc_error err;
	cc_error_clear(&err);
	int rc = cc_schema_compile(&sc, s, NULL, o, &err);
	json_decref(s);
	if (rc != 0)
		fail_msg("compile failed (%d): %s\n--- schema: %s", rc, err.msg, schema);
	return sc;
}

static cc_schema *compile(const char *schema)
{
	return compile_opts(schema, NULL);
}

/* Validates and returns helm's text ("" when valid); caller frees. */
static char *run(const cc_schema *sc, const char *instance, int *valid, int *rc)
{
	json_t *v = parse(instance);
	cc_schema_result r;
	*rc = cc_schema_validate(sc, v, &r);
	*valid = r.valid;
	cc_buf b = CC_BUF_INIT;
	cc_schema_result_format(&r, CC_SCHEMA_TEXT_HELM, &b);
	cc_schema_result_free(&r);
	json_decref(v);
	return cc_buf_detach(&b);
}

/* Checks the verdict and, when want is given, helm's text exactly. */
static void expect(const char *schema, const char *instance, int valid, const char *want)
{
	cc_schema *sc = compile(schema);
	int got, rc;
	char *text = run(sc, instance, &got, &rc);
	if (got != valid || (want && strcmp(text, want) != 0))
		fail_msg("schema %s\ninstance %s\nwant valid=%d\n%s\ngot valid=%d\n%s", schema, instance,
			 valid, want ? want : "", got, text);
	free(text);
	cc_schema_free(sc);
}

static int compile_fails(const char *schema, const cc_schema_opts *o, const char *msg_part)
{
	json_t *s = parse(schema);
	cc_schema *sc = NULL;
	cc_error err;
	cc_error_clear(&err);
	int rc = cc_schema_compile(&sc, s, NULL, o, &err);
	json_decref(s);
	if (rc == 0) {
		cc_schema_free(sc);
		fail_msg("compile succeeded, wanted a failure: %s", schema);
	}
	if (msg_part && !strstr(err.msg, msg_part))
		fail_msg("compile error %s\n lacks: %s", err.msg, msg_part);
	assert_null(sc);
	return rc;
}

/* ---- helm's message shapes ---- */

static void test_helm_shapes(void **state)
{
	(void)state;
	expect("{\"properties\":{\"foo\":{\"type\":\"string\"}},\"required\":[\"bar\"]}", "{\"foo\":1}", 0,
	       "- at '': missing property 'bar'\n- at '/foo': got number, want string\n");
	expect("{\"properties\":{\"c\":{\"additionalProperties\":false,\"properties\":{\"x\":{}}}}}",
	       "{\"c\":{\"x\":1,\"y\":2,\"z\":3}}", 0, "- at '/c': additional properties 'y', 'z' not allowed\n");
	expect("{\"properties\":{\"n\":{\"allOf\":[{\"type\":\"string\"},{\"minimum\":2}]}}}", "{\"n\":1}", 0,
	       "- at '/n': 'allOf' failed\n  - at '/n': got number, want string\n"
	       "  - at '/n': minimum: got 1, want 2\n");
	expect("{\"exclusiveMinimum\":5}", "5", 0, "- at '': exclusiveMinimum: got 5, want 5\n");
	expect("{\"required\":[\"p\",\"q\"]}", "{}", 0, "- at '': missing properties 'p', 'q'\n");
	expect("{\"type\":[\"string\",\"null\"]}", "1", 0, "- at '': got number, want null or string\n");
	expect("{\"type\":\"integer\"}", "1.5", 0, "- at '': got number, want integer\n");
	expect("{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"boolean\"}]}", "1", 0,
	       "- at '': 'anyOf' failed\n  - at '': got number, want string\n"
	       "  - at '': got number, want boolean\n");
	expect("{\"oneOf\":[{\"type\":\"number\"},{\"type\":\"integer\"}]}", "1", 0,
	       "- at '': 'oneOf' failed, subschemas 0, 1 matched\n");
	expect("{\"not\":{\"type\":\"number\"}}", "1", 0, "- at '': 'not' failed\n");
	expect("{\"enum\":[\"x\",1,true,null,2.5]}", "\"y\"", 0,
	       "- at '': value must be one of 'x', 1, true, <nil>, 2.5\n");
	expect("{\"enum\":[[1],{\"a\":1}]}", "3", 0, "- at '': 'enum' failed\n");
	expect("{\"const\":{\"k\":1}}", "1", 0, "- at '': 'const' failed\n");
	expect("{\"const\":\"it's \\\"q\\\"\\n\\u00e9\\u00a0\"}", "1", 0,
	       "- at '': value must be 'it\\'s \"q\"\\n\xc3\xa9\\u00a0'\n");
	expect("{\"pattern\":\"^[a-z]+$\"}", "\"ABC\"", 0, "- at '': 'ABC' does not match pattern '^[a-z]+$'\n");
	expect("{\"properties\":{\"a/b\":{\"type\":\"string\"}}}", "{\"a/b\":1}", 0,
	       "- at '/a~1b': got number, want string\n");
}

static void test_nested_causes(void **state)
{
	(void)state;
	/* a group inside allOf, a $ref with one cause (not printed itself) and one with two */
	expect("{\"properties\":{\"a\":{\"allOf\":[{\"required\":[\"x\",\"y\"],\"properties\":{\"z\":{\"type\":"
	       "\"string\"}}}]}}}",
	       "{\"a\":{\"z\":1}}", 0,
	       "- at '/a': 'allOf' failed\n  - at '/a': validation failed\n"
	       "    - at '/a': missing properties 'x', 'y'\n    - at '/a/z': got number, want string\n");
	expect("{\"$defs\":{\"s\":{\"type\":\"string\"}},\"properties\":{\"a\":{\"$ref\":\"#/$defs/s\"}}}",
	       "{\"a\":1}", 0, "- at '/a': got number, want string\n");
	expect("{\"$defs\":{\"s\":{\"required\":[\"a\",\"b\"],\"properties\":{\"c\":{\"type\":\"string\"}}}},"
	       "\"properties\":{\"x\":{\"$ref\":\"#/$defs/s\"}}}",
	       "{\"x\":{\"c\":1}}", 0,
	       "- at '/x': validation failed\n  - at '/x': missing properties 'a', 'b'\n"
	       "  - at '/x/c': got number, want string\n");
}

static void test_numbers_printed_as_helm(void **state)
{
	(void)state;
	expect("{\"maximum\":1000000}", "123456789", 0,
	       "- at '': maximum: got 1.23456789\xc3\x97" "10\xe2\x81\xb0\xe2\x81\xb8, want 1\xc3\x97" "10\xe2\x81\xb0\xe2\x81\xb6\n");
	expect("{\"minimum\":5000.5}", "1234.5", 0, "- at '': minimum: got 1,234.5, want 5,000.5\n");
	expect("{\"maximum\":-1e-7}", "0", 0,
	       "- at '': maximum: got 0, want -1\xc3\x97" "10\xe2\x81\xbb\xe2\x81\xb0\xe2\x81\xb7\n");
	expect("{\"minItems\":1234}", "[]", 0, "- at '': minItems: got 0, want 1,234\n");
	expect("{\"multipleOf\":0.01}", "0.123", 0, "- at '': multipleOf: got 0.123, want 0.01\n");
}

/* ---- numbers compare as JSON numbers ---- */

static void test_number_exactness(void **state)
{
	(void)state;
	expect("{\"multipleOf\":0.0001}", "0.0075", 1, NULL);
	expect("{\"multipleOf\":0.01}", "19.99", 1, NULL);
	expect("{\"multipleOf\":0.002}", "0.0075", 0, NULL);
	expect("{\"multipleOf\":1e-8}", "0.00000003", 1, NULL);
	expect("{\"multipleOf\":7}", "1e300", 0, NULL);
	expect("{\"const\":1}", "1.0", 1, NULL);
	expect("{\"enum\":[2.0]}", "2", 1, NULL);
	expect("{\"uniqueItems\":true}", "[1, 1.0]", 0, "- at '': items at 0 and 1 are equal\n");
	expect("{\"uniqueItems\":true}", "[{\"a\":1,\"b\":[1]},{\"b\":[1.0],\"a\":1}]", 0, NULL);
	expect("{\"type\":\"integer\"}", "2.0", 1, NULL);
	expect("{\"maximum\":9007199254740993}", "9007199254740992", 1, NULL);
	expect("{\"minimum\":0.1}", "0.1", 1, NULL);
	expect("{\"exclusiveMaximum\":0.3}", "0.30000000000000004", 0, NULL);
}

static void test_unique_items_large(void **state)
{
	(void)state;
	cc_buf b = CC_BUF_INIT;
	cc_buf_puts(&b, "[");
	for (int i = 0; i < 20000; i++)
		cc_buf_printf(&b, "%s{\"k\":%d}", i ? "," : "", i);
	cc_buf_puts(&b, ",{\"k\":17}]");
	expect("{\"uniqueItems\":true}", b.ptr, 0, "- at '': items at 17 and 20,000 are equal\n");
	cc_buf_free(&b);
}

/* ---- keywords, one group each ---- */

typedef struct kcase {
	const char *schema, *instance;
	int valid;
} kcase;

static void run_cases(const kcase *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		expect(c[i].schema, c[i].instance, c[i].valid, NULL);
}

#define RUN(cases) run_cases(cases, sizeof(cases) / sizeof(cases[0]))

static void test_assertions(void **state)
{
	(void)state;
	static const kcase cases[] = {
		{ "{\"minLength\":2}", "\"\xc3\xa9\"", 0 }, /* one code point, two bytes */
		{ "{\"maxLength\":1}", "\"\xf0\x9f\x98\x80\"", 1 },
		{ "{\"minimum\":1,\"maximum\":3}", "2", 1 },
		{ "{\"minimum\":1}", "\"x\"", 1 },
		{ "{\"exclusiveMaximum\":3}", "3", 0 },
		{ "{\"$schema\":\"http://json-schema.org/draft-04/schema#\",\"maximum\":3,\"exclusiveMaximum\":true}", "3", 0 },
		{ "{\"$schema\":\"http://json-schema.org/draft-04/schema#\",\"minimum\":3,\"exclusiveMinimum\":true}", "3.5", 1 },
		{ "{\"maxItems\":1}", "[1,2]", 0 },
		{ "{\"maxProperties\":1}", "{\"a\":1,\"b\":2}", 0 },
		{ "{\"minProperties\":1}", "{}", 0 },
		{ "{\"dependentRequired\":{\"a\":[\"b\"]}}", "{\"a\":1}", 0 },
		{ "{\"dependentRequired\":{\"a\":[\"b\"]}}", "{\"c\":1}", 1 },
		{ "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"dependencies\":{\"a\":[\"b\"]}}", "{\"a\":1}", 0 },
		{ "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"dependencies\":{\"a\":{\"required\":[\"c\"]}}}", "{\"a\":1}", 0 },
		{ "{\"const\":null}", "null", 1 },
		{ "{\"enum\":[\"a\",\"b\"]}", "\"b\"", 1 },
		{ "{\"pattern\":\"\\\\d\"}", "\"\xd9\xa3\"", 0 },  /* \d is ASCII */
		{ "{\"pattern\":\"^a$\"}", "\"a\\n\"", 0 },         /* $ only at the very end */
		{ "{\"pattern\":\"\\\\u00e9\"}", "\"\xc3\xa9\"", 1 }, /* \u escapes */
		{ "{\"pattern\":\"^\\\\s$\"}", "\"\\u00a0\"", 1 },  /* ECMA white space */
		{ "{\"pattern\":\"^\\\\p{Letter}+$\"}", "\"\xc3\xa9t\xc3\xa9\"", 1 },
		{ "{\"pattern\":\"[^]\"}", "\"x\"", 1 },
	};
	RUN(cases);
}

static void test_applicators(void **state)
{
	(void)state;
	static const kcase cases[] = {
		{ "{\"allOf\":[{\"minimum\":1},{\"maximum\":3}]}", "2", 1 },
		{ "{\"anyOf\":[{\"type\":\"string\"},{\"minimum\":2}]}", "3", 1 },
		{ "{\"oneOf\":[{\"type\":\"string\"},{\"minimum\":2}]}", "1", 0 },
		{ "{\"if\":{\"minimum\":5},\"then\":{\"multipleOf\":5},\"else\":{\"maximum\":2}}", "7", 0 },
		{ "{\"if\":{\"minimum\":5},\"then\":{\"multipleOf\":5},\"else\":{\"maximum\":2}}", "3", 0 },
		{ "{\"if\":{\"minimum\":5},\"then\":{\"multipleOf\":5},\"else\":{\"maximum\":2}}", "10", 1 },
		{ "{\"dependentSchemas\":{\"a\":{\"required\":[\"b\"]}}}", "{\"a\":1}", 0 },
		{ "{\"prefixItems\":[{\"type\":\"string\"}],\"items\":false}", "[\"a\",1]", 0 },
		{ "{\"prefixItems\":[{\"type\":\"string\"}],\"items\":false}", "[\"a\"]", 1 },
		{ "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"items\":[{\"type\":\"string\"}],\"additionalItems\":false}", "[\"a\",1]", 0 },
		{ "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"prefixItems\":[{\"type\":\"string\"}]}", "[1]", 1 },
		{ "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"dependentRequired\":{\"a\":[\"b\"]}}", "{\"a\":1}", 1 },
		{ "{\"contains\":{\"type\":\"string\"}}", "[1,\"x\"]", 1 },
		{ "{\"contains\":{\"type\":\"string\"},\"minContains\":2}", "[1,\"x\"]", 0 },
		{ "{\"contains\":{\"type\":\"string\"},\"maxContains\":1}", "[\"y\",\"x\"]", 0 },
		{ "{\"contains\":{\"type\":\"string\"},\"minContains\":0}", "[]", 1 },
		{ "{\"propertyNames\":{\"pattern\":\"^[a-z]+$\"}}", "{\"Foo\":1}", 0 },
		{ "{\"patternProperties\":{\"^x-\":{\"type\":\"string\"}},\"additionalProperties\":false}", "{\"x-a\":\"s\"}", 1 },
		{ "{\"patternProperties\":{\"^x-\":{\"type\":\"string\"}},\"additionalProperties\":false}", "{\"y\":\"s\"}", 0 },
		{ "{\"properties\":{\"a\":{}},\"allOf\":[{\"properties\":{\"b\":{}}}],\"unevaluatedProperties\":false}", "{\"a\":1,\"b\":2}", 1 },
		{ "{\"properties\":{\"a\":{}},\"allOf\":[{\"properties\":{\"b\":{}}}],\"unevaluatedProperties\":false}", "{\"a\":1,\"c\":2}", 0 },
		{ "{\"prefixItems\":[true],\"contains\":{\"type\":\"string\"},\"unevaluatedItems\":false}", "[1,\"a\"]", 1 },
		{ "{\"prefixItems\":[true],\"unevaluatedItems\":false}", "[1,2]", 0 },
		{ "{\"anyOf\":[{\"properties\":{\"a\":{}}},{\"properties\":{\"b\":{}}}],\"unevaluatedProperties\":false}", "{\"a\":1,\"b\":1}", 1 },
		{ "false", "1", 0 },
		{ "true", "{}", 1 },
	};
	RUN(cases);
}

static void test_references(void **state)
{
	(void)state;
	static const kcase cases[] = {
		{ "{\"$defs\":{\"p\":{\"type\":\"integer\"}},\"properties\":{\"a\":{\"$ref\":\"#/$defs/p\"}}}", "{\"a\":\"x\"}", 0 },
		{ "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"definitions\":{\"p\":{\"type\":\"integer\"}},\"properties\":{\"a\":{\"$ref\":\"#/definitions/p\"}}}", "{\"a\":1}", 1 },
		/* before 2019-09, $ref hides its siblings */
		{ "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"definitions\":{\"p\":{}},\"properties\":{\"a\":{\"$ref\":\"#/definitions/p\",\"type\":\"string\"}}}", "{\"a\":1}", 1 },
		{ "{\"$defs\":{\"p\":{}},\"properties\":{\"a\":{\"$ref\":\"#/$defs/p\",\"type\":\"string\"}}}", "{\"a\":1}", 0 },
		{ "{\"$defs\":{\"p\":{\"$anchor\":\"pos\",\"minimum\":0}},\"$ref\":\"#pos\"}", "-1", 0 },
		{ "{\"$id\":\"http://example.com/root.json\",\"$defs\":{\"a\":{\"$id\":\"item.json\",\"type\":\"string\"}},\"$ref\":\"item.json\"}", "1", 0 },
		{ "{\"$schema\":\"http://json-schema.org/draft-04/schema#\",\"definitions\":{\"a\":{\"id\":\"#foo\",\"type\":\"string\"}},\"$ref\":\"#foo\"}", "1", 0 },
		{ "{\"$schema\":\"https://json-schema.org/draft/2019-09/schema\",\"$recursiveAnchor\":true,\"properties\":{\"c\":{\"$recursiveRef\":\"#\"},\"n\":{\"type\":\"string\"}}}", "{\"c\":{\"c\":{\"n\":1}}}", 0 },
		{ "{\"$id\":\"https://example.com/tree\",\"$dynamicAnchor\":\"node\",\"type\":\"object\",\"properties\":{\"children\":{\"type\":\"array\",\"items\":{\"$dynamicRef\":\"#node\"}}}}", "{\"children\":[{\"children\":5}]}", 0 },
		{ "{\"$defs\":{\"n\":{\"type\":\"object\",\"properties\":{\"next\":{\"$ref\":\"#/$defs/n\"},\"v\":{\"type\":\"integer\"}}}},\"$ref\":\"#/$defs/n\"}", "{\"next\":{\"next\":{\"v\":\"x\"}}}", 0 },
		{ "{\"$ref\":\"http://json-schema.org/draft-07/schema#\"}", "{\"type\":\"strin\"}", 0 },
	};
	RUN(cases);
}

/* ---- bounds ---- */

static void test_ref_cycle(void **state)
{
	(void)state;
	const char *schema = "{\"$defs\":{\"a\":{\"$ref\":\"#/$defs/b\"},\"b\":{\"$ref\":\"#/$defs/a\"}},"
			     "\"properties\":{\"x\":{\"$ref\":\"#/$defs/a\"}}}";
	cc_schema *sc = compile(schema);
	int valid, rc;
	char *text = run(sc, "{\"x\":1}", &valid, &rc);
	assert_int_equal(valid, 0);
	assert_non_null(strstr(text, "causing reference cycle"));
	free(text);
	text = run(sc, "{\"y\":1}", &valid, &rc);
	assert_int_equal(valid, 1);
	free(text);
	cc_schema_free(sc);
	/* the same schema at a new instance location is progress, not a cycle */
	expect("{\"$defs\":{\"t\":{\"items\":{\"$ref\":\"#/$defs/t\"}}},\"$ref\":\"#/$defs/t\"}", "[[[[]]]]", 1, NULL);
}

static void test_depth_bound(void **state)
{
	(void)state;
	cc_buf b = CC_BUF_INIT;
	for (int i = 0; i < 1500; i++)
		cc_buf_puts(&b, "[");
	for (int i = 0; i < 1500; i++)
		cc_buf_puts(&b, "]");
	cc_schema_opts o = { 0 };
	o.max_depth = 200;
	cc_schema *sc = compile_opts("{\"$defs\":{\"t\":{\"items\":{\"$ref\":\"#/$defs/t\"}}},\"$ref\":\"#/$defs/t\"}", &o);
	int valid, rc;
	char *text = run(sc, b.ptr, &valid, &rc);
	assert_int_equal(rc, CC_ELIMIT);
	assert_int_equal(valid, 0);
	assert_non_null(strstr(text, "deeper than the limit"));
	free(text);
	cc_schema_free(sc);
	cc_buf_free(&b);
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* A patternProperties key alone, so the first bound hit is its own. */
static void test_catastrophic_pattern_properties(void **state)
{
	(void)state;
	cc_schema *sc = compile("{\"patternProperties\":{\"^(a|a)*$\":true}}");
	cc_buf b = CC_BUF_INIT;
	cc_buf_puts(&b, "{\"");
	for (int i = 0; i < 40; i++)
		cc_buf_putc(&b, 'a');
	cc_buf_puts(&b, "!\":1}");
	int valid, rc;
	char *text = run(sc, b.ptr, &valid, &rc);
	assert_int_equal(rc, CC_ELIMIT);
	assert_non_null(strstr(text, "the patternProperties expression '^(a|a)*$' hit the regular expression match limit"));
	free(text);
	cc_buf_free(&b);
	cc_schema_free(sc);
}

static void test_catastrophic_regex(void **state)
{
	(void)state;
	cc_schema *sc = compile("{\"properties\":{\"a\":{\"pattern\":\"^(a+)+$\"},"
				"\"b\":{\"patternProperties\":{\"^(x+x+)+y$\":true}}}}");
	cc_buf b = CC_BUF_INIT;
	cc_buf_puts(&b, "{\"a\":\"");
	for (int i = 0; i < 40; i++)
		cc_buf_putc(&b, 'a');
	cc_buf_puts(&b, "!\",\"b\":{\"");
	for (int i = 0; i < 40; i++)
		cc_buf_putc(&b, 'x');
	cc_buf_puts(&b, "\":1}}");
	double t0 = now_ms();
	int valid, rc;
	char *text = run(sc, b.ptr, &valid, &rc);
	double ms = now_ms() - t0;
	assert_int_equal(rc, CC_ELIMIT);
	assert_int_equal(valid, 0);
	/* the catastrophic pattern is named */
	assert_non_null(strstr(text, "the pattern '^(a+)+$' hit the regular expression match limit"));
	if (ms > 5000)
		fail_msg("catastrophic pattern took %.0f ms", ms);
	free(text);
	cc_buf_free(&b);
	cc_schema_free(sc);
}

/* ---- formats: asserted in drafts 4-7 only ---- */

static void test_formats(void **state)
{
	(void)state;
	expect("{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"format\":\"email\"}", "\"notanemail\"", 0,
	       "- at '': 'notanemail' is not valid email: missing @\n");
	expect("{\"format\":\"email\"}", "\"notanemail\"", 1, "");
	expect("{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"format\":\"date\"}", "\"2021-02-30\"", 0,
	       "- at '': '2021-02-30' is not valid date: parsing time \"2021-02-30\": day out of range\n");
	expect("{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"format\":\"ipv6\"}", "\"1::2::3\"", 0,
	       "- at '': '1::2::3' is not valid ipv6: ParseAddr(\"1::2::3\"): multiple :: in address (at \":3\")\n");
	expect("{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"format\":\"uri\"}", "\"http://a b\"", 0,
	       "- at '': 'http://a b' is not valid uri: parse \"http://a b\": invalid character \" \" in host name\n");
	expect("{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"format\":\"duration\"}", "\"P1Y2D3M\"", 0,
	       "- at '': 'P1Y2D3M' is not valid duration: unit 'M' out of order\n");
	expect("{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"format\":\"hostname\"}", "\"a_b\"", 0,
	       "- at '': 'a_b' is not valid hostname: invalid character '_'\n");
	static const kcase valid[] = {
		{ "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"format\":\"date-time\"}", "\"2021-01-01T10:00:00.5+01:00\"", 1 },
		{ "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"format\":\"time\"}", "\"23:59:60Z\"", 1 },
		{ "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"format\":\"ipv4\"}", "\"192.168.0.1\"", 1 },
		{ "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"format\":\"uuid\"}", "\"2EB8AA08-AA98-11EA-B4AA-73B441D16380\"", 1 },
		{ "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"format\":\"regex\"}", "\"(\"", 0 },
		{ "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"format\":\"semver\"}", "\"1.2.3-rc.1+b5\"", 1 },
		{ "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"format\":\"idn-email\"}", "\"x\"", 1 },
		{ "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"format\":\"email\"}", "12", 1 },
	};
	RUN(valid);
}

/* ---- remote references ---- */

static void test_remote_refused(void **state)
{
	(void)state;
	compile_fails("{\"$ref\":\"https://example.invalid/x.json\"}", NULL,
		      "failing loading \"https://example.invalid/x.json\"");
	compile_fails("{\"$ref\":\"defs.json\"}", NULL, "failing loading \"file:///defs.json\"");
}

static void test_remote_mapped(void **state)
{
	(void)state;
	char *dir = tu_mkdtemp();
	tu_write(dir, "schemas/port.json", "{\"type\":\"integer\",\"maximum\":65535}", (size_t)-1);
	cc_schema_mapping map = { "https://example.com/", dir };
	cc_schema_opts o = { 0 };
	o.mappings = &map;
	o.nmappings = 1;
	const char *schema = "{\"properties\":{\"p\":{\"$ref\":\"https://example.com/schemas/port.json\"}}}";
	cc_schema *sc = compile_opts(schema, &o);
	int valid, rc;
	char *text = run(sc, "{\"p\":70000}", &valid, &rc);
	assert_string_equal(text, "- at '/p': maximum: got 70,000, want 65,535\n");
	free(text);
	cc_schema_free(sc);
	/* the allow-list is checked before any mapping */
	const char *allow[] = { "https://other.example/" };
	o.allow = allow;
	o.nallow = 1;
	assert_int_equal(compile_fails(schema, &o, "allow-list"), CC_EUNSAFE);
	o.allow = NULL, o.nallow = 0;
	/* a mapped URI may not climb out of its directory */
	compile_fails("{\"$ref\":\"https://example.com/a/../../etc/passwd\"}", &o, NULL);
	compile_fails("{\"$ref\":\"https://example.com/%2e%2e/x.json\"}", &o, "leaves");
	tu_rmtree(dir);
	free(dir);
}

static int fixture_loader(void *ctx, const char *uri, json_t **doc, cc_error *err)
{
	(void)err;
	++*(int *)ctx;
	if (strcmp(uri, "https://cache.example/s.json") != 0)
		return CC_ENOTFOUND;
	*doc = json_loads("{\"type\":\"string\"}", 0, NULL);
	return 0;
}

static void test_remote_loader(void **state)
{
	(void)state;
	int calls = 0;
	cc_schema_opts o = { 0 };
	o.loader = fixture_loader;
	o.loader_ctx = &calls;
	expect("{}", "1", 1, NULL);
	cc_schema *sc = compile_opts("{\"$ref\":\"https://cache.example/s.json\"}", &o);
	int valid, rc;
	char *text = run(sc, "1", &valid, &rc);
	assert_string_equal(text, "- at '': got number, want string\n");
	assert_int_equal(calls, 1);
	free(text);
	cc_schema_free(sc);
}

static void test_urn_rule(void **state)
{
	(void)state;
	cc_schema *sc = compile("{\"properties\":{\"a\":{\"$ref\":\"urn:example:thing\"}}}");
	assert_int_equal(cc_schema_nwarnings(sc), 1);
	assert_non_null(strstr(cc_schema_warning(sc, 0), "unresolved URN reference ignored"));
	assert_non_null(strstr(cc_schema_warning(sc, 0), "urn:example:thing"));
	int valid, rc;
	char *text = run(sc, "{\"a\":[1,2]}", &valid, &rc);
	assert_int_equal(valid, 1);
	free(text);
	cc_schema_free(sc);
	cc_schema_opts o = { 0 };
	o.strict_urn = 1;
	compile_fails("{\"$ref\":\"urn:example:thing\"}", &o, "urn:example:thing");
}

/* ---- compiling ---- */

static void test_metaschema_failures(void **state)
{
	(void)state;
	cc_buf diag = CC_BUF_INIT;
	cc_schema_opts o = { 0 };
	o.diag = &diag;
	compile_fails("{\"properties\":{\"a\":{\"type\":\"strin\"}}}", &o,
		      "\"file:///values.schema.json#\" is not valid against metaschema: jsonschema validation "
		      "failed with 'https://json-schema.org/draft/2020-12/schema#'\n- at '': 'allOf' failed");
	assert_non_null(strstr(diag.ptr, "- at '/properties/a/type': 'anyOf' failed"));
	cc_buf_free(&diag);
	compile_fails("{\"pattern\":\"(\"}", NULL,
		      "'(' is not valid regex: error parsing regexp: missing closing ): `(`");
	compile_fails("{\"properties\":{\"a\":{\"$ref\":\"#/$defs/nope\"}}}", NULL,
		      "json-pointer in \"file:///values.schema.json#/$defs/nope\" not found");
	compile_fails("{\"$ref\":\"#nope\"}", NULL, "anchor in \"file:///values.schema.json#nope\" not found");
	compile_fails("{\"$schema\":\"http://json-schema.org/draft-04/schema#\",\"minLength\":-1}", NULL,
		      "is not valid against metaschema");
}

static void test_drafts_and_vocabularies(void **state)
{
	(void)state;
	static const struct {
		const char *schema;
		int draft;
	} d[] = {
		{ "{}", 2020 },
		{ "{\"$schema\":\"http://json-schema.org/schema#\"}", 2020 },
		{ "{\"$schema\":\"https://json-schema.org/draft/2019-09/schema\"}", 2019 },
		{ "{\"$schema\":\"https://json-schema.org/draft-07/schema#\"}", 7 },
		{ "{\"$schema\":\"http://json-schema.org/draft-06/schema\"}", 6 },
		{ "{\"$schema\":\"http://json-schema.org/draft-04/schema#\"}", 4 },
	};
	for (size_t i = 0; i < sizeof(d) / sizeof(d[0]); i++) {
		cc_schema *sc = compile(d[i].schema);
		assert_int_equal(cc_schema_draft(sc), d[i].draft);
		cc_schema_free(sc);
	}
	cc_schema_opts o = { 0 };
	o.default_draft = CC_SCHEMA_DRAFT7;
	cc_schema *sc = compile_opts("{\"format\":\"ipv4\"}", &o);
	int valid, rc;
	char *text = run(sc, "\"1.2.3\"", &valid, &rc);
	assert_int_equal(valid, 0);
	free(text);
	cc_schema_free(sc);
	o.default_draft = 3;
	compile_fails("{}", &o, "default draft");
	/* a regex helm's Go engine rejects compiles here, with a warning */
	sc = compile("{\"pattern\":\"^(?=a)\"}");
	assert_int_equal(cc_schema_nwarnings(sc), 1);
	assert_non_null(strstr(cc_schema_warning(sc, 0), "lookahead"));
	cc_schema_free(sc);
}

static void test_full_text(void **state)
{
	(void)state;
	cc_schema *sc = compile("{\"required\":[\"bar\"]}");
	json_t *v = parse("{}");
	cc_schema_result r;
	assert_int_equal(cc_schema_validate(sc, v, &r), 0);
	assert_int_equal(r.nerrors, 1);
	assert_string_equal(r.errors[0].keyword, "required");
	assert_string_equal(r.errors[0].instance, "");
	assert_string_equal(r.errors[0].keyword_path, "/required");
	assert_string_equal(r.errors[0].keyword_uri, "file:///values.schema.json#/required");
	cc_buf b = CC_BUF_INIT;
	cc_schema_result_format(&r, CC_SCHEMA_TEXT_FULL, &b);
	assert_string_equal(b.ptr, "jsonschema validation failed with 'file:///values.schema.json#'\n"
				   "- at '': missing property 'bar'");
	cc_buf_free(&b);
	cc_schema_result_free(&r);
	json_decref(v);
	cc_schema_free(sc);
}

/* ---- the shared chart corpus ---- */

static json_t *values_of(const char *chart)
{
	char *path = cc_path_join(chart, "values.yaml");
	cc_yaml_doc *doc = NULL;
	cc_error err;
	json_t *v = NULL;
	if (cc_yaml_load_file(&doc, path, 64u << 20, NULL, &err) == 0 &&
	    cc_yaml_to_json(cc_yaml_doc_root(doc), path, &v, &err) == 0 && (!v || json_is_null(v))) {
		json_decref(v);
		v = json_object();
	}
	cc_yaml_doc_free(doc);
	free(path);
	return v;
}

/* One corpus row: 1 agrees, 0 disagrees, -1 has no verdict to compare. */
static int corpus_row(const char *charts, const char *rel, const char *verdict, char *why, size_t whysz)
{
	int want = strcmp(verdict, "valid") == 0 ? 1 : strcmp(verdict, "INVALID") == 0 ? 0 : -1;
	if (want < 0)
		return -1;
	char *dir = cc_path_join(charts, rel);
	char *sp = cc_path_join(dir, "values.schema.json");
	json_error_t jerr;
	json_t *s = json_load_file(sp, 0, &jerr);
	json_t *v = values_of(dir);
	cc_schema *sc = NULL;
	cc_error err;
	int got = -2;
	if (s && v && cc_schema_compile(&sc, s, NULL, NULL, &err) == 0) {
		cc_schema_result r;
		cc_schema_validate(sc, v, &r);
		got = r.valid;
		cc_schema_result_free(&r);
	} else {
		snprintf(why, whysz, "%s: %s", rel, s ? err.msg : jerr.text);
	}
	if (got >= 0 && got != want)
		snprintf(why, whysz, "%s: helm-style verdict %s, SCHEMAS.tsv says %s", rel,
			 got ? "valid" : "invalid", verdict);
	cc_schema_free(sc);
	json_decref(s);
	json_decref(v);
	free(sp);
	free(dir);
	return got == want;
}

static void test_corpus_agreement(void **state)
{
	(void)state;
	char *tsv = tu_shared("corpora/charts/SCHEMAS.tsv");
	char *charts = tu_shared("corpora/charts");
	if (!tsv || !charts) {
		free(tsv);
		free(charts);
		skip();
	}
	size_t len = 0, rows = 0, compared = 0, agree = 0;
	char *text = tu_slurp(tsv, &len);
	assert_non_null(text);
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		char *col[8] = { 0 };
		char *p = line;
		for (int i = 0; i < 8 && p; i++) {
			col[i] = p;
			p = strchr(p, '\t');
			if (p)
				*p++ = '\0';
		}
		if (!col[7] || strcmp(col[0], "path") == 0)
			continue;
		char why[1200] = "";
		rows++;
		int r = corpus_row(charts, col[0], col[7], why, sizeof(why));
		compared += r >= 0;
		agree += r == 1;
		if (r == 0)
			print_message("disagrees: %s\n", why);
	}
	print_message("schema corpus: %zu schemas, %zu with a verdict, %zu agree\n", rows, compared, agree);
	assert_true(rows >= 59);
	assert_int_equal(agree, compared);
	free(text);
	free(tsv);
	free(charts);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_helm_shapes),
		cmocka_unit_test(test_nested_causes),
		cmocka_unit_test(test_numbers_printed_as_helm),
		cmocka_unit_test(test_number_exactness),
		cmocka_unit_test(test_unique_items_large),
		cmocka_unit_test(test_assertions),
		cmocka_unit_test(test_applicators),
		cmocka_unit_test(test_references),
		cmocka_unit_test(test_ref_cycle),
		cmocka_unit_test(test_depth_bound),
		cmocka_unit_test(test_catastrophic_regex),
		cmocka_unit_test(test_catastrophic_pattern_properties),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_remote_refused),
		cmocka_unit_test(test_remote_mapped),
		cmocka_unit_test(test_remote_loader),
		cmocka_unit_test(test_urn_rule),
		cmocka_unit_test(test_metaschema_failures),
		cmocka_unit_test(test_drafts_and_vocabularies),
		cmocka_unit_test(test_full_text),
		cmocka_unit_test(test_corpus_agreement),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
