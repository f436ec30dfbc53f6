/*
 * regex: JSON Schema's `pattern`, `patternProperties` and `format: regex`
 * on PCRE2, the project's one regular expression engine.
 *
 * JSON Schema specifies ECMA-262 regular expressions; PCRE2 differs by
 * default in a few ways a schema notices, so patterns compile in UTF mode
 * with: `$` only at the very end (PCRE2_DOLLAR_ENDONLY, not before a final
 * newline); `\uXXXX` and `\u{...}` escapes (ALT_BSUX, EXTRA_ALT_BSUX);
 * `[]` and `[^]` as ECMA reads them (ALLOW_EMPTY_CLASS); `\d`, `\w`, `\b`
 * ASCII (no PCRE2_UCP); and `\s` widened to ECMA's Unicode white space by
 * rewriting it before compiling.
 *
 * Patterns come from schemas we do not control, so every match runs under
 * a match limit and a depth limit: a catastrophic pattern such as
 * `(a+)+$` stops with an error instead of taking the process down.
 */
#include "schema/schema_int.h"

#include <stdlib.h>
#include <string.h>

/* ECMA's white space and line terminators beyond ASCII, in ALT_BSUX syntax. */
#define ECMA_SPACE "\\s\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"

/* ECMA-262 spells general categories out; PCRE2 10.42 knows the short names. */
static const char *const categories[][2] = {
	{ "Letter", "L" }, { "Cased_Letter", "LC" }, { "Uppercase_Letter", "Lu" },
	{ "Lowercase_Letter", "Ll" }, { "Titlecase_Letter", "Lt" }, { "Modifier_Letter", "Lm" },
	{ "Other_Letter", "Lo" }, { "Mark", "M" }, { "Combining_Mark", "M" },
	{ "Nonspacing_Mark", "Mn" }, { "Spacing_Mark", "Mc" }, { "Enclosing_Mark", "Me" },
	{ "Number", "N" }, { "Decimal_Number", "Nd" }, { "digit", "Nd" }, { "Letter_Number", "Nl" },
	{ "Other_Number", "No" }, { "Punctuation", "P" }, { "punct", "P" },
	{ "Connector_Punctuation", "Pc" }, { "Dash_Punctuation", "Pd" },
	{ "Open_Punctuation", "Ps" }, { "Close_Punctuation", "Pe" },
	{ "Initial_Punctuation", "Pi" }, { "Final_Punctuation", "Pf" },
	{ "Other_Punctuation", "Po" }, { "Symbol", "S" }, { "Math_Symbol", "Sm" },
	{ "Currency_Symbol", "Sc" }, { "Modifier_Symbol", "Sk" }, { "Other_Symbol", "So" },
	{ "Separator", "Z" }, { "Space_Separator", "Zs" }, { "Line_Separator", "Zl" },
	{ "Paragraph_Separator", "Zp" }, { "Other", "C" }, { "Control", "Cc" }, { "cntrl", "Cc" },
	{ "Format", "Cf" }, { "Surrogate", "Cs" }, { "Private_Use", "Co" }, { "Unassigned", "Cn" },
};

/* Copies the braces of \p{...} at pat[i] (i at '{'), renaming a long
 * category name or a General_Category= / gc= form; returns the index of '}'. */
static size_t property(cc_buf *b, const char *pat, size_t len, size_t i)
{
	size_t end = i + 1;
	while (end < len && pat[end] != '}')
		end++;
	if (end >= len) {
		cc_buf_put(b, pat + i, len - i);
		return len - 1;
	}
	const char *name = pat + i + 1;
	size_t n = end - i - 1;
	for (const char *pre = "General_Category=\0gc=\0"; *pre; pre += strlen(pre) + 1)
		if (n > strlen(pre) && strncmp(name, pre, strlen(pre)) == 0)
			name += strlen(pre), n -= strlen(pre);
	for (size_t k = 0; k < sizeof(categories) / sizeof(categories[0]); k++)
		if (strlen(categories[k][0]) == n && strncmp(categories[k][0], name, n) == 0) {
			cc_buf_printf(b, "{%s}", categories[k][1]);
			return end;
		}
	cc_buf_putc(b, '{');
	cc_buf_put(b, name, n);
	cc_buf_putc(b, '}');
	return end;
}

/* Rewrites \s and \S (outside a class also wrapped in one) and long
 * \p{...} names; everything else is copied, escapes kept whole so "\\s"
 * is not mistaken for \s. */
static char *ecma_rewrite(const char *pat, size_t len, size_t *outlen)
{
	cc_buf b = CC_BUF_INIT;
	int in_class = 0;
	for (size_t i = 0; i < len; i++) {
		char c = pat[i];
		if (c == '\\' && i + 1 < len) {
			char e = pat[++i];
			if (e == 's')
				cc_buf_puts(&b, in_class ? ECMA_SPACE : "[" ECMA_SPACE "]");
			else if (e == 'S' && !in_class)
				cc_buf_puts(&b, "[^" ECMA_SPACE "]");
			else if ((e == 'p' || e == 'P') && i + 1 < len && pat[i + 1] == '{')
				cc_buf_putc(&b, '\\'), cc_buf_putc(&b, e), i = property(&b, pat, len, i + 1);
			else
				cc_buf_putc(&b, '\\'), cc_buf_putc(&b, e);
			continue;
		}
		if (c == '[' && !in_class) {
			in_class = 1;
			cc_buf_putc(&b, c);
			if (i + 1 < len && pat[i + 1] == '^')
				cc_buf_putc(&b, pat[++i]);
			continue;
		}
		if (c == ']' && in_class)
			in_class = 0;
		cc_buf_putc(&b, c);
	}
	*outlen = b.len;
	return cc_buf_detach(&b);
}

/* The reason in Go's words where the fault is one Go names the same way,
 * since helm users know regexp's messages; PCRE2's words otherwise. */
static void go_reason(cc_buf *why, int code, const char *pat, size_t len, const char *src,
		      size_t off)
{
	const char *what = NULL;
	size_t from = 0, n = len;
	if (code == PCRE2_ERROR_MISSING_CLOSING_PARENTHESIS) {
		what = "missing closing )";
	} else if (code == PCRE2_ERROR_UNMATCHED_CLOSING_PARENTHESIS) {
		what = "unexpected )";
	} else if (code == PCRE2_ERROR_MISSING_SQUARE_BRACKET) {
		what = "missing closing ]";
		for (size_t i = 0; i < len; i++)
			if (pat[i] == '[')
				from = i, n = len - i;
	} else if (code == PCRE2_ERROR_QUANTIFIER_INVALID && off > 0 && src[off] &&
		   strchr("*+?", src[off]) && strchr("*+?", src[off - 1])) {
		cc_buf_printf(why, "error parsing regexp: invalid nested repetition operator: `%c%c`",
			      src[off - 1], src[off]);
		return;
	} else if (code == PCRE2_ERROR_QUANTIFIER_INVALID) {
		char q = strchr("*+?{", src[off]) && src[off] ? src[off] : off > 0 ? src[off - 1] : '?';
		cc_buf_printf(why, "error parsing regexp: missing argument to repetition operator: `%c`", q);
		return;
	}
	if (what) {
		cc_buf_printf(why, "error parsing regexp: %s: `", what);
		cc_buf_put(why, pat + from, n);
		cc_buf_putc(why, '`');
		return;
	}
	PCRE2_UCHAR msg[256];
	pcre2_get_error_message(code, msg, sizeof(msg));
	cc_buf_printf(why, "error parsing regexp: %s at offset %zu", (const char *)msg, off);
}

int cs_regex_compile(const char *pat, size_t len, cs_regex **out, cc_buf *why)
{
	size_t rlen;
	char *src = ecma_rewrite(pat, len, &rlen);
	pcre2_compile_context *cc = pcre2_compile_context_create(NULL);
	if (!cc)
		abort(); /* as cc_malloc does: allocation failure is not recovered from */
	pcre2_set_compile_extra_options(cc, PCRE2_EXTRA_ALT_BSUX);
	int errcode = 0;
	PCRE2_SIZE erroff = 0;
	pcre2_code *code = pcre2_compile((PCRE2_SPTR)src, rlen,
					 PCRE2_UTF | PCRE2_DOLLAR_ENDONLY | PCRE2_ALT_BSUX |
						 PCRE2_ALLOW_EMPTY_CLASS,
					 &errcode, &erroff, cc);
	pcre2_compile_context_free(cc);
	*out = NULL;
	if (!code) {
		go_reason(why, errcode, pat, len, src, erroff);
		free(src);
		return -1;
	}
	free(src);
	cs_regex *re = cc_calloc(1, sizeof(*re));
	re->code = code;
	re->src = cc_strndup(pat, len);
	*out = re;
	return 0;
}

void cs_regex_free(cs_regex *re)
{
	if (!re)
		return;
	pcre2_code_free(re->code);
	free(re->src);
	free(re);
}

int cs_rematch_init(cs_rematch *m, unsigned match_limit, unsigned depth_limit)
{
	m->md = pcre2_match_data_create(1, NULL);
	m->mc = pcre2_match_context_create(NULL);
	if (!m->md || !m->mc) {
		cs_rematch_free(m);
		return CC_ERROR;
	}
	pcre2_set_match_limit(m->mc, match_limit);
	pcre2_set_depth_limit(m->mc, depth_limit);
	return 0;
}

void cs_rematch_free(cs_rematch *m)
{
	pcre2_match_data_free(m->md);
	pcre2_match_context_free(m->mc);
	m->md = NULL;
	m->mc = NULL;
}

int cs_regex_match(const cs_regex *re, const char *s, size_t len, cs_rematch *m)
{
	int rc = pcre2_match(re->code, (PCRE2_SPTR)s, len, 0, 0, m->md, m->mc);
	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	return -1;
}

static int is_quant(char c)
{
	return c == '*' || c == '+' || c == '?' || c == '}';
}

/* One escape at pat[i] ('\\'): what Go's regexp would not accept in it. */
static const char *go_escape_gap(const char *pat, size_t len, size_t i)
{
	char e = i + 1 < len ? pat[i + 1] : '\0', next = i + 2 < len ? pat[i + 2] : '\0';
	/* Go reads \12 as octal, but a lone \1 is a backreference it refuses */
	if (e == '8' || e == '9' || (e >= '1' && e <= '7' && !(next >= '0' && next <= '7')))
		return "a backreference";
	if (e == 'k')
		return "a named backreference";
	if (e == 'u')
		return "a \\u escape (Go writes \\x{...})";
	if (e == 'c')
		return "a \\c control escape";
	if (e == 'Z')
		return "\\Z";
	if ((e == 'p' || e == 'P') && i + 2 < len && pat[i + 2] == '{') {
		size_t end = i + 3;
		while (end < len && pat[end] != '}')
			end++;
		for (size_t k = 0; k < sizeof(categories) / sizeof(categories[0]); k++)
			if (strlen(categories[k][0]) > 2 && strlen(categories[k][0]) == end - i - 3 &&
			    strncmp(categories[k][0], pat + i + 3, end - i - 3) == 0)
				return "a long Unicode category name";
	}
	return NULL;
}

/* What in pat Go's regexp (RE2 syntax, which helm compiles patterns with)
 * rejects, or NULL: helm fails on such a schema where chartci, reading
 * ECMA-262 patterns, would go on. */
const char *cs_regex_go_gap(const char *pat, size_t len)
{
	int in_class = 0;
	for (size_t i = 0; i < len; i++) {
		if (pat[i] == '\\') {
			const char *gap = go_escape_gap(pat, len, i);
			if (gap)
				return gap;
			i++;
			continue;
		}
		if (in_class) {
			in_class = pat[i] != ']';
			continue;
		}
		if (pat[i] == '[') {
			in_class = 1;
			i += i + 1 < len && pat[i + 1] == '^';
			i += i + 1 < len && pat[i + 1] == ']';
		} else if (pat[i] == '(' && i + 2 < len && pat[i + 1] == '?') {
			const char *p = pat + i + 2;
			if (*p == '=' || *p == '!')
				return "a lookahead";
			if (*p == '<' && i + 3 < len && (p[1] == '=' || p[1] == '!'))
				return "a lookbehind";
			if (*p == '>')
				return "an atomic group";
		} else if (is_quant(pat[i]) && i + 1 < len && pat[i + 1] == '+' &&
			   !(pat[i] == '+' && i > 0 && pat[i - 1] == '\\')) {
			return "a possessive quantifier";
		}
	}
	return NULL;
}
