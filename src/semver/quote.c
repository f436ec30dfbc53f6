/*
 * Go's strconv.Quote, which Masterminds' "%q" applies to the text of a bad
 * constraint: chartci's messages must match helm's to the byte, including
 * how a tab or a stray byte in a Chart.yaml constraint is shown.
 *
 * Invalid UTF-8 bytes become \xNN, control characters their C escapes,
 * printable characters stay as they are. Go decides "printable" for
 * non-ASCII from the Unicode tables; here the non-printable ranges that
 * occur in practice (C1 controls, the odd spaces, format characters,
 * private use, noncharacters) are listed instead, which differs from Go
 * only for unassigned code points.
 */
#include "semver/semver_int.h"

static const char hexdigits[] = "0123456789abcdef";

/* One code point from s[0..n): its length, or 0 for an invalid or overlong sequence. */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 0;
	if (len == 0 || len > n || s[0] > 0xF4)
		return 0;
	uint32_t c = s[0] & (0x7F >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	static const uint32_t min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	if (c < min[len] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

/* unicode.IsPrint for code points at or above 0x80 (see the comment at the top). */
static int printable(uint32_t c)
{
	static const uint32_t not_print[][2] = {
		{ 0x80, 0xA0 }, { 0xAD, 0xAD }, { 0x600, 0x605 }, { 0x61C, 0x61C },
		{ 0x6DD, 0x6DD }, { 0x70F, 0x70F }, { 0x1680, 0x1680 }, { 0x180E, 0x180E },
		{ 0x2000, 0x200F }, { 0x2028, 0x202F }, { 0x205F, 0x206F }, { 0x3000, 0x3000 },
		{ 0xD800, 0xF8FF }, { 0xFEFF, 0xFEFF }, { 0xFFF0, 0xFFFB }, { 0xFFFE, 0xFFFF },
		{ 0x3134B, 0xDFFFF }, /* unassigned planes, as of Go 1.19's Unicode 13 */
		{ 0xE0000, 0xE00FF }, { 0xE01F0, 0xEFFFF }, { 0xF0000, 0x10FFFF },
	};
	for (size_t i = 0; i < sizeof(not_print) / sizeof(not_print[0]); i++)
		if (c >= not_print[i][0] && c <= not_print[i][1])
			return 0;
	return (c & 0xFFFF) < 0xFFFE;
}

static void put_hex(cc_buf *out, const char *prefix, uint32_t v, int digits)
{
	cc_buf_puts(out, prefix);
	for (int i = digits - 1; i >= 0; i--)
		cc_buf_putc(out, hexdigits[(v >> (4 * i)) & 0xF]);
}

static void put_ascii(cc_buf *out, unsigned char c)
{
	static const char *const esc[] = { ['\a'] = "\\a", ['\b'] = "\\b", ['\f'] = "\\f",
					   ['\n'] = "\\n", ['\r'] = "\\r", ['\t'] = "\\t",
					   ['\v'] = "\\v" };
	if (c == '"' || c == '\\') {
		cc_buf_putc(out, '\\');
		cc_buf_putc(out, (char)c);
	} else if (c >= 0x20 && c < 0x7F) {
		cc_buf_putc(out, (char)c);
	} else if (c < sizeof(esc) / sizeof(esc[0]) && esc[c]) {
		cc_buf_puts(out, esc[c]);
	} else {
		put_hex(out, "\\x", c, 2);
	}
}

void sv_goquote(cc_buf *out, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	cc_buf_putc(out, '"');
	for (size_t i = 0; i < n;) {
		uint32_t cp = 0;
		size_t len = u[i] < 0x80 ? 1 : utf8_decode(u + i, n - i, &cp);
		if (u[i] < 0x80)
			put_ascii(out, u[i]);
		else if (len == 0)
			put_hex(out, "\\x", u[i], 2);
		else if (printable(cp))
			cc_buf_put(out, s + i, len);
		else
			put_hex(out, cp < 0x10000 ? "\\u" : "\\U", cp, cp < 0x10000 ? 4 : 8);
		i += len ? len : 1;
	}
	cc_buf_putc(out, '"');
}
