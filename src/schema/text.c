/*
 * text: the string handling helm's messages are made of.
 *
 * santhosh-tekuri quotes values with Go's %q and then swaps the quotes
 * (`'a\'b'`), prints JSON pointers inside URLs with Go's url.PathEscape,
 * and decodes fragments with url.PathUnescape. Matching those byte for byte
 * is what lets a chartci message be compared with helm's, so they are
 * reimplemented here from Go's documented rules.
 */
#include "schema/schema_int.h"

#include <string.h>

size_t cs_utf8_next(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n;
	uint32_t c, min;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if ((u[0] & 0xe0) == 0xc0)
		n = 2, c = u[0] & 0x1f, min = 0x80;
	else if ((u[0] & 0xf0) == 0xe0)
		n = 3, c = u[0] & 0x0f, min = 0x800;
	else if ((u[0] & 0xf8) == 0xf0)
		n = 4, c = u[0] & 0x07, min = 0x10000;
	else
		goto bad;
	if (n > len)
		goto bad;
	for (size_t i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80)
			goto bad;
		c = (c << 6) | (u[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		goto bad;
	*cp = c;
	return n;
bad:
	*cp = 0xfffd;
	return 1;
}

size_t cs_utf8_count(const char *s, size_t len)
{
	size_t n = 0;
	uint32_t cp;
	for (size_t i = 0; i < len; n++)
		i += cs_utf8_next(s + i, len - i, &cp);
	return n;
}

/* Ranges Go's unicode.IsPrint rejects beyond ASCII controls: separators
 * other than the space, format characters, surrogates, private use and
 * non-characters. Unassigned code points count as printable here. */
static const uint32_t unprintable[][2] = {
	{ 0x7f, 0xa0 }, { 0xad, 0xad }, { 0x600, 0x605 }, { 0x61c, 0x61c }, { 0x6dd, 0x6dd },
	{ 0x70f, 0x70f }, { 0x1680, 0x1680 }, { 0x180e, 0x180e }, { 0x2000, 0x200f },
	{ 0x2028, 0x202f }, { 0x205f, 0x206f }, { 0x3000, 0x3000 }, { 0xd800, 0xf8ff },
	{ 0xfeff, 0xfeff }, { 0xfff9, 0xfffb }, { 0xfffe, 0xffff }, { 0xe0001, 0xe007f },
	{ 0xf0000, 0x10ffff },
};

int cs_is_print(uint32_t r)
{
	if (r < 0x20)
		return 0;
	for (size_t i = 0; i < sizeof(unprintable) / sizeof(unprintable[0]); i++)
		if (r >= unprintable[i][0] && r <= unprintable[i][1])
			return 0;
	return (r & 0xfffe) != 0xfffe;
}

/* Go's appendEscapedRune for a rune that is neither the quote nor a backslash. */
static void escape_rune(cc_buf *b, uint32_t r)
{
	static const char *const ctl = "a\ab\bf\fn\nr\rt\tv\v";
	if (cs_is_print(r)) {
		char tmp[4];
		size_t n = 0;
		if (r < 0x80)
			tmp[n++] = (char)r;
		else if (r < 0x800)
			tmp[n++] = (char)(0xc0 | (r >> 6)), tmp[n++] = (char)(0x80 | (r & 0x3f));
		else if (r < 0x10000)
			tmp[n++] = (char)(0xe0 | (r >> 12)), tmp[n++] = (char)(0x80 | ((r >> 6) & 0x3f)),
			tmp[n++] = (char)(0x80 | (r & 0x3f));
		else
			tmp[n++] = (char)(0xf0 | (r >> 18)), tmp[n++] = (char)(0x80 | ((r >> 12) & 0x3f)),
			tmp[n++] = (char)(0x80 | ((r >> 6) & 0x3f)), tmp[n++] = (char)(0x80 | (r & 0x3f));
		cc_buf_put(b, tmp, n);
		return;
	}
	for (const char *c = ctl; *c; c += 2)
		if ((uint32_t)(unsigned char)c[1] == r) {
			cc_buf_putc(b, '\\');
			cc_buf_putc(b, c[0]);
			return;
		}
	if (r < 0x20 || r == 0x7f)
		cc_buf_printf(b, "\\x%02x", (unsigned)r);
	else if (r < 0x10000)
		cc_buf_printf(b, "\\u%04x", (unsigned)r);
	else
		cc_buf_printf(b, "\\U%08x", (unsigned)r);
}

/* Go's strconv quoting of s between `q`, escaping `esc` (the quote santhosh
 * keeps escaped) and leaving `raw` (the one it unescapes) as is. */
static void quote_with(cc_buf *b, const char *s, size_t len, char q, char esc, char raw)
{
	cc_buf_putc(b, q);
	for (size_t i = 0; i < len;) {
		uint32_t r;
		size_t n = cs_utf8_next(s + i, len - i, &r);
		if (r == 0xfffd && n == 1 && (unsigned char)s[i] >= 0x80)
			cc_buf_printf(b, "\\x%02x", (unsigned char)s[i]);
		else if (r == (unsigned char)esc || r == '\\')
			cc_buf_putc(b, '\\'), cc_buf_putc(b, (char)r);
		else if (r == (unsigned char)raw)
			cc_buf_putc(b, (char)r);
		else
			escape_rune(b, r);
		i += n;
	}
	cc_buf_putc(b, q);
}

void cs_quote(cc_buf *b, const char *s, size_t len)
{
	quote_with(b, s, len, '\'', '\'', '"');
}

void cs_quote_go(cc_buf *b, const char *s, size_t len)
{
	quote_with(b, s, len, '"', '"', '\'');
}

void cs_quote_rune(cc_buf *b, uint32_t r)
{
	cc_buf_putc(b, '\'');
	if (r == '\'' || r == '\\')
		cc_buf_putc(b, '\\'), cc_buf_putc(b, (char)r);
	else
		escape_rune(b, r);
	cc_buf_putc(b, '\'');
}

void cs_ptr_escape(cc_buf *b, const char *tok, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (tok[i] == '~')
			cc_buf_puts(b, "~0");
		else if (tok[i] == '/')
			cc_buf_puts(b, "~1");
		else
			cc_buf_putc(b, tok[i]);
	}
}

int cs_ptr_unescape(const char *tok, size_t len, cc_buf *out)
{
	cc_buf_clear(out);
	cc_buf_put(out, "", 0);
	for (size_t i = 0; i < len; i++) {
		if (tok[i] != '~') {
			cc_buf_putc(out, tok[i]);
			continue;
		}
		if (i + 1 >= len || (tok[i + 1] != '0' && tok[i + 1] != '1'))
			return -1;
		cc_buf_putc(out, tok[i + 1] == '0' ? '~' : '/');
		i++;
	}
	return 0;
}

/* Go's shouldEscape in path-segment mode. */
static int seg_escape(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return 0;
	if (strchr("-_.~$&+:=@", c) && c)
		return 0;
	return 1;
}

void cs_path_escape(cc_buf *b, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (seg_escape(c))
			cc_buf_printf(b, "%%%02X", c);
		else
			cc_buf_putc(b, (char)c);
	}
}

void cs_frag_encode(cc_buf *b, const char *frag)
{
	const char *p = frag;
	for (;;) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		cs_path_escape(b, p, n);
		if (!slash)
			break;
		cc_buf_putc(b, '/');
		p = slash + 1;
	}
}

int cs_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int cs_pct_decode(const char *s, size_t len, cc_buf *out)
{
	cc_buf_clear(out);
	cc_buf_put(out, "", 0);
	for (size_t i = 0; i < len; i++) {
		if (s[i] != '%') {
			cc_buf_putc(out, s[i]);
			continue;
		}
		if (i + 2 >= len || cs_hexval(s[i + 1]) < 0 || cs_hexval(s[i + 2]) < 0)
			return -1;
		cc_buf_putc(out, (char)(cs_hexval(s[i + 1]) * 16 + cs_hexval(s[i + 2])));
		i += 2;
	}
	return 0;
}
