/*
 * archive: reading chart archives (gzip-compressed tar) into memory.
 *
 * A .tgz arrives from whoever published the chart, so this reader trusts
 * nothing in it. It accepts what Go's archive/tar and compress/gzip (the
 * readers behind `helm install` and `helm pull`) accept, and refuses what
 * could hurt a tool that later writes the files out: absolute paths, ".."
 * that climbs out, Windows drive paths, links, devices, FIFOs and types it
 * does not know are CC_EUNSAFE, naming the member.
 *
 * Size is bounded while inflating, not after: every decompressed byte of the
 * tar stream (headers and padding included) counts against max_total, and
 * inflation never runs more than one byte past it, so a gzip bomb costs at
 * most max_total bytes of work. For the same reason the stream is inflated
 * to its end even after the tar end-of-archive blocks: a bomb hidden behind
 * them still counts. Bytes that follow a complete gzip member and are not
 * another member are ignored there, as helm never reads that far.
 *
 * Where Go is lenient, so is this reader: a tar stream may stop at a header
 * boundary without its two zero blocks, anything after those blocks is
 * ignored, and a second gzip member continues the stream. Go's rules for
 * what a header means are followed too: checksum accepted as signed or
 * unsigned, USTAR prefix only under the "ustar\0" magic, PAX records checked
 * the way Go parses them, a GNU long name winning over a PAX path, a
 * type '\0' member ending in '/' being a directory, and directories never
 * carrying data whatever their size field says.
 */
#include "archive/archive.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ZLIB_CONST
#include <zlib.h>

#define BLOCK 512
#define SPECIAL_MAX ((size_t)1 << 20) /* Go's maxSpecialFileSize for PAX and GNU long names */
#define SCRATCH 65536

/* What the extension headers before a member say about it. */
typedef struct pending {
	char *long_name; /* GNU 'L' */
	char *long_link; /* GNU 'K' */
	char *pax_path;  /* PAX "path"; "" keeps the header's name, as in Go */
	char *pax_link;  /* PAX "linkpath" */
	int has_size;    /* PAX "size" */
	long long size;
	int sparse;      /* GNU.sparse.* records: a sparse file */
} pending;

typedef struct rd {
	z_stream zs;
	const unsigned char *in;
	size_t in_len;
	size_t fed;   /* input bytes handed to zlib so far */
	size_t total; /* decompressed bytes so far */
	int done;     /* the gzip stream has ended */
	int garbage;  /* ...followed by bytes that are not a gzip member */
	size_t max_file, max_total, max_entries;
	const char *name;
	cc_error *err;
	size_t member; /* 1-based number of the member being read */
	pending ext;
	cc_archive *ar;
	size_t cap;
	unsigned char scratch[SCRATCH];
} rd;

/* Parsed header fields that decide what a member is. */
typedef struct hdr {
	char *name;
	char *link;
	long long size;
	long long mtime;
	unsigned mode;
	char type;
} hdr;

/* ---------------------------------------------------------------- messages */

/*
 * A member name fit for a message: quoted, control and non-ASCII bytes
 * escaped (names land in CI logs), long names shortened.
 */
static const char *shown(const char *s, char *buf, size_t sz)
{
	size_t o = 0;
	buf[o++] = '"';
	for (; *s && o + 12 < sz; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\')
			o += (size_t)snprintf(buf + o, sz - o, "\\x%02x", c);
		else
			buf[o++] = (char)c;
	}
	if (*s)
		o += (size_t)snprintf(buf + o, sz - o, "...");
	snprintf(buf + o, sz - o, "\"");
	return buf;
}

static int fail(rd *r, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(rd *r, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cc_error_setv(r->err, code, r->name, 0, 0, fmt, ap);
	va_end(ap);
	return code;
}

static int truncated(rd *r, const char *where)
{
	return fail(r, CC_EINVALID, "unexpected end of archive in the %s of member %zu", where,
		    r->member);
}

/* ---------------------------------------------------------------- gzip */

static size_t pos_in(const rd *r)
{
	return (size_t)(r->zs.next_in - r->in);
}

static void feed(rd *r)
{
	if (r->zs.avail_in > 0 || r->fed == r->in_len)
		return;
	size_t n = r->in_len - r->fed;
	if (n > UINT_MAX)
		n = UINT_MAX;
	r->zs.next_in = r->in + r->fed;
	r->zs.avail_in = (uInt)n;
	r->fed += n;
}

static int zfail(rd *r, int zr)
{
	if (zr == Z_MEM_ERROR)
		return fail(r, CC_ERROR, "out of memory inflating");
	if (zr == Z_BUF_ERROR)
		return fail(r, CC_EINVALID, "unexpected end of archive: gzip stream is truncated");
	return fail(r, CC_EINVALID, "corrupt gzip data: %s",
		    r->zs.msg ? r->zs.msg : "invalid stream");
}

/*
 * A gzip member ended. Another may follow (Go's reader continues into it).
 * Bytes that are not a gzip member are only an error if the tar reader
 * asks for more data (Go's gzip reader fails on its next read); behind the
 * end of the tar they are trailing garbage helm never reads.
 */
static int member_end(rd *r)
{
	size_t at = pos_in(r), left = r->in_len - at;
	const unsigned char *p = r->in + at;
	if (left < 3 || p[0] != 0x1f || p[1] != 0x8b || p[2] != 8) {
		r->done = 1;
		r->garbage = left > 0;
		return CC_OK;
	}
	if (inflateReset(&r->zs) != Z_OK)
		return fail(r, CC_ERROR, "cannot reset the inflater");
	return CC_OK;
}

/* How much may be inflated now: one byte past max_total at most. */
static size_t room_for(const rd *r, size_t want)
{
	size_t room = r->max_total - r->total + 1;
	if (want < room)
		room = want;
	return room > UINT_MAX ? UINT_MAX : room;
}

/* Inflates up to `want` bytes into dst; *got < want only at the stream's end. */
static int gz_read(rd *r, unsigned char *dst, size_t want, size_t *got, int draining)
{
	*got = 0;
	while (*got < want && !r->done) {
		size_t room = room_for(r, want - *got);
		feed(r);
		r->zs.next_out = dst + *got;
		r->zs.avail_out = (uInt)room;
		int zr = inflate(&r->zs, Z_NO_FLUSH);
		size_t made = room - r->zs.avail_out;
		*got += made;
		r->total += made;
		if (r->total > r->max_total)
			return fail(r, CC_ELIMIT,
				    "archive decompresses to more than the limit of %zu bytes",
				    r->max_total);
		if (zr == Z_STREAM_END) {
			int rc = member_end(r);
			if (rc != CC_OK)
				return rc;
		} else if (zr != Z_OK) {
			return zfail(r, zr);
		}
	}
	if (*got < want && r->garbage && !draining)
		return fail(r, CC_EINVALID, "data after the gzip stream at byte %zu is not gzip",
			    pos_in(r));
	return CC_OK;
}

/* Exactly n bytes, or "unexpected end of archive" naming `where`. */
static int read_full(rd *r, unsigned char *dst, size_t n, const char *where)
{
	size_t got;
	int rc = gz_read(r, dst, n, &got, 0);
	if (rc != CC_OK)
		return rc;
	return got < n ? truncated(r, where) : CC_OK;
}

static int skip(rd *r, size_t n, const char *where)
{
	while (n > 0) {
		size_t k = n < SCRATCH ? n : SCRATCH;
		int rc = read_full(r, r->scratch, k, where);
		if (rc != CC_OK)
			return rc;
		n -= k;
	}
	return CC_OK;
}

static size_t padding(unsigned long long size)
{
	return (size_t)((BLOCK - size % BLOCK) % BLOCK);
}

/* The rest of the stream after the end of the tar: only counted and checked. */
static int drain(rd *r)
{
	size_t got;
	do {
		int rc = gz_read(r, r->scratch, SCRATCH, &got, 1);
		if (rc != CC_OK)
			return rc;
	} while (!r->done);
	return CC_OK;
}

/* ---------------------------------------------------------------- numbers */

/* Go's parseOctal: spaces and NULs trimmed, text up to the first NUL, base 8. */
static int parse_octal(const unsigned char *f, size_t n, unsigned long long *out)
{
	while (n > 0 && (f[0] == ' ' || f[0] == 0)) {
		f++;
		n--;
	}
	while (n > 0 && (f[n - 1] == ' ' || f[n - 1] == 0))
		n--;
	const unsigned char *nul = memchr(f, 0, n);
	if (nul)
		n = (size_t)(nul - f);
	unsigned long long v = 0;
	for (size_t i = 0; i < n; i++) {
		if (f[i] < '0' || f[i] > '7' || v > (ULLONG_MAX >> 3))
			return -1;
		v = v << 3 | (unsigned)(f[i] - '0');
	}
	*out = v;
	return 0;
}

/* Go's parseNumeric: base-256 two's complement when the top bit is set, else octal. */
static int parse_numeric(const unsigned char *f, size_t n, long long *out)
{
	if (n == 0 || !(f[0] & 0x80)) {
		unsigned long long v = 0;
		if (parse_octal(f, n, &v) < 0 || v > (unsigned long long)LLONG_MAX)
			return -1;
		*out = (long long)v;
		return 0;
	}
	unsigned char inv = (f[0] & 0x40) ? 0xff : 0;
	unsigned long long x = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = f[i] ^ inv;
		if (i == 0)
			c &= 0x7f;
		if (x >> 56)
			return -1;
		x = x << 8 | c;
	}
	if (x >> 63)
		return -1;
	*out = inv ? -(long long)x - 1 : (long long)x;
	return 0;
}

/* strconv.ParseInt(s, 10, 64): optional sign, digits only, no overflow. */
static int parse_dec(const char *s, size_t n, long long *out)
{
	int neg = 0;
	if (n > 0 && (s[0] == '+' || s[0] == '-')) {
		neg = s[0] == '-';
		s++;
		n--;
	}
	if (n == 0)
		return -1;
	unsigned long long v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9' || v > (ULLONG_MAX - 9) / 10)
			return -1;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	if (v > (unsigned long long)LLONG_MAX + (unsigned long long)neg)
		return -1;
	*out = neg ? (long long)(0 - v) : (long long)v;
	return 0;
}

/* ---------------------------------------------------------------- headers */

static int all_zero(const unsigned char *b)
{
	for (size_t i = 0; i < BLOCK; i++)
		if (b[i])
			return 0;
	return 1;
}

/* Go accepts the stored checksum as either the unsigned or the signed byte sum. */
static int checksum_ok(const unsigned char *b)
{
	unsigned long long stored;
	if (parse_octal(b + 148, 8, &stored) < 0)
		return 0;
	long long u = 0, s = 0;
	for (size_t i = 0; i < BLOCK; i++) {
		unsigned char c = i >= 148 && i < 156 ? ' ' : b[i];
		u += c;
		s += (signed char)c;
	}
	return (long long)stored == u || (long long)stored == s;
}

static char *field_str(const unsigned char *f, size_t n)
{
	const unsigned char *nul = memchr(f, 0, n);
	return cc_strndup((const char *)f, nul ? (size_t)(nul - f) : n);
}

/* name, or prefix "/" name where the magic says a prefix field exists. */
static char *header_name(const unsigned char *b)
{
	char *name = field_str(b, 100);
	size_t plen = 0;
	if (memcmp(b + 257, "ustar\0", 6) == 0)
		plen = memcmp(b + 508, "tar\0", 4) == 0 ? 131 : 155; /* star or ustar */
	if (plen == 0 || b[345] == 0)
		return name;
	char *prefix = field_str(b + 345, plen);
	char *full = cc_asprintf("%s/%s", prefix, name);
	free(prefix);
	free(name);
	return full;
}

static int parse_header(rd *r, const unsigned char *b, hdr *h)
{
	if (!checksum_ok(b))
		return fail(r, CC_EINVALID, "bad tar header checksum at member %zu", r->member);
	long long mode, uid, gid;
	if (parse_numeric(b + 100, 8, &mode) < 0 || parse_numeric(b + 108, 8, &uid) < 0 ||
	    parse_numeric(b + 116, 8, &gid) < 0 || parse_numeric(b + 124, 12, &h->size) < 0 ||
	    parse_numeric(b + 136, 12, &h->mtime) < 0)
		return fail(r, CC_EINVALID, "bad numeric field in tar header of member %zu",
			    r->member);
	h->mode = (unsigned)(mode & 07777);
	h->type = (char)b[156];
	h->name = header_name(b);
	h->link = field_str(b + 157, 100);
	return CC_OK;
}

static void hdr_free(hdr *h)
{
	free(h->name);
	free(h->link);
}

static void pending_clear(pending *p)
{
	free(p->long_name);
	free(p->long_link);
	free(p->pax_path);
	free(p->pax_link);
	memset(p, 0, sizeof(*p));
}

/* ---------------------------------------------------------------- extension headers */

/* The data of a PAX or GNU long-name header, NUL-terminated, padding skipped. */
static int read_special(rd *r, const hdr *h, char **out)
{
	*out = NULL;
	if (h->size < 0)
		return fail(r, CC_EINVALID, "negative size in tar header of member %zu", r->member);
	if ((unsigned long long)h->size > SPECIAL_MAX)
		return fail(r, CC_ELIMIT,
			    "extended header of member %zu is %lld bytes, more than %zu", r->member,
			    h->size, SPECIAL_MAX);
	size_t n = (size_t)h->size;
	char *buf = cc_malloc(n + 1);
	int rc = read_full(r, (unsigned char *)buf, n, "extended header");
	if (rc == CC_OK)
		rc = skip(r, padding(n), "extended header");
	if (rc != CC_OK) {
		free(buf);
		return rc;
	}
	buf[n] = '\0';
	*out = buf;
	return CC_OK;
}

typedef struct paxrec {
	const char *key, *val;
	size_t klen, vlen;
} paxrec;

/* One "%d key=value\n" record at the start of *p, checked as Go's parsePAXRecord. */
static int pax_record(const char **p, size_t *n, paxrec *rec)
{
	const char *s = *p;
	const char *sp = memchr(s, ' ', *n);
	long long len;
	if (!sp || parse_dec(s, (size_t)(sp - s), &len) < 0 || len < 5 ||
	    (unsigned long long)len > *n)
		return -1;
	size_t nlen = (size_t)(sp - s) + 1;
	if ((size_t)len <= nlen || s[len - 1] != '\n')
		return -1;
	const char *body = sp + 1, *end = s + len - 1;
	const char *eq = memchr(body, '=', (size_t)(end - body));
	if (!eq || eq == body)
		return -1;
	rec->key = body;
	rec->klen = (size_t)(eq - body);
	rec->val = eq + 1;
	rec->vlen = (size_t)(end - eq - 1);
	*p += len;
	*n -= (size_t)len;
	return 0;
}

static int key_is(const paxrec *rec, const char *k)
{
	return rec->klen == strlen(k) && memcmp(rec->key, k, rec->klen) == 0;
}

/* Go refuses NUL in the value of path-like keys and in any other key. */
static int pax_valid(const paxrec *rec)
{
	if (key_is(rec, "path") || key_is(rec, "linkpath") || key_is(rec, "uname") ||
	    key_is(rec, "gname"))
		return memchr(rec->val, 0, rec->vlen) == NULL;
	return memchr(rec->key, 0, rec->klen) == NULL;
}

static int pax_apply(rd *r, const paxrec *rec)
{
	pending *e = &r->ext;
	if (key_is(rec, "path")) {
		free(e->pax_path);
		e->pax_path = cc_strndup(rec->val, rec->vlen);
	} else if (key_is(rec, "linkpath")) {
		free(e->pax_link);
		e->pax_link = cc_strndup(rec->val, rec->vlen);
	} else if (key_is(rec, "size")) {
		e->has_size = rec->vlen > 0; /* empty keeps the header's size, as in Go */
		if (e->has_size && (parse_dec(rec->val, rec->vlen, &e->size) < 0 || e->size < 0))
			return fail(r, CC_EINVALID, "bad PAX size record in member %zu", r->member);
	} else if (rec->klen > 11 && memcmp(rec->key, "GNU.sparse.", 11) == 0) {
		e->sparse = 1;
	}
	return CC_OK;
}

/* A PAX 'x' header (global = 0) or a 'g' header, whose records are only checked. */
static int read_pax(rd *r, const hdr *h, int global)
{
	char *buf;
	int rc = read_special(r, h, &buf);
	if (rc != CC_OK)
		return rc;
	/* A new 'x' replaces the records of an earlier one; a 'g' consumes them. */
	free(r->ext.pax_path);
	free(r->ext.pax_link);
	r->ext.pax_path = r->ext.pax_link = NULL;
	r->ext.has_size = r->ext.sparse = 0;
	const char *p = buf;
	size_t n = (size_t)h->size;
	while (n > 0 && rc == CC_OK) {
		paxrec rec;
		if (pax_record(&p, &n, &rec) < 0 || !pax_valid(&rec))
			rc = fail(r, CC_EINVALID, "malformed PAX record in member %zu", r->member);
		else if (!global)
			rc = pax_apply(r, &rec);
	}
	free(buf);
	if (global)
		pending_clear(&r->ext);
	return rc;
}

static int read_long(rd *r, const hdr *h, char **slot)
{
	char *buf;
	int rc = read_special(r, h, &buf);
	if (rc != CC_OK)
		return rc;
	free(*slot);
	*slot = buf; /* Go keeps the text up to the first NUL, as C does */
	return CC_OK;
}

/* ---------------------------------------------------------------- member checks */

static int refuse_type(rd *r, const hdr *h)
{
	char nb[256], lb[256];
	const char *n = shown(h->name, nb, sizeof(nb));
	switch (h->type) {
	case '1':
		return fail(r, CC_EUNSAFE, "member %s is a hard link to %s; links are not allowed",
			    n, shown(h->link, lb, sizeof(lb)));
	case '2':
		return fail(r, CC_EUNSAFE,
			    "member %s is a symbolic link to %s; links are not allowed", n,
			    shown(h->link, lb, sizeof(lb)));
	case '3':
		return fail(r, CC_EUNSAFE, "member %s is a character device", n);
	case '4':
		return fail(r, CC_EUNSAFE, "member %s is a block device", n);
	case '6':
		return fail(r, CC_EUNSAFE, "member %s is a FIFO", n);
	case 'S':
		return fail(r, CC_EUNSAFE, "member %s is a sparse file, which is not supported", n);
	default:
		if (h->type >= 0x20 && h->type < 0x7f)
			return fail(r, CC_EUNSAFE, "member %s has unsupported type '%c'", n, h->type);
		return fail(r, CC_EUNSAFE, "member %s has unsupported type 0x%02x", n,
			    (unsigned char)h->type);
	}
}

static int is_drive(const char *c, size_t n)
{
	return n >= 2 && ((c[0] >= 'a' && c[0] <= 'z') || (c[0] >= 'A' && c[0] <= 'Z')) &&
	       c[1] == ':';
}

/*
 * Walks the components ('/' or '\\', since helm splits on backslashes too)
 * as path.Clean would resolve them. Returns the depth left, -1 when ".."
 * climbs out; kept[0..1] are the first two components after cleaning.
 */
static long clean_depth(const char *name, const char **kept, size_t *klen)
{
	size_t cap = 8, depth = 0;
	const char **st = cc_malloc(cap * sizeof(*st));
	size_t *sl = cc_malloc(cap * sizeof(*sl));
	for (const char *p = name; *p;) {
		size_t n = strcspn(p, "/\\");
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (depth == 0) {
				free(st);
				free(sl);
				return -1;
			}
			depth--;
		} else if (n > 0 && !(n == 1 && p[0] == '.')) {
			if (depth == cap) {
				cap *= 2;
				st = cc_realloc(st, cap * sizeof(*st));
				sl = cc_realloc(sl, cap * sizeof(*sl));
			}
			st[depth] = p;
			sl[depth++] = n;
		}
		p += n;
		if (*p)
			p++;
	}
	for (size_t i = 0; i < 2; i++) {
		kept[i] = i < depth ? st[i] : "";
		klen[i] = i < depth ? sl[i] : 0;
	}
	free(st);
	free(sl);
	return (long)depth;
}

static int check_path(rd *r, const char *name, int is_dir)
{
	char nb[256];
	if (name[0] == '/' || name[0] == '\\')
		return fail(r, CC_EUNSAFE, "member %s has an absolute path",
			    shown(name, nb, sizeof(nb)));
	const char *kept[2];
	size_t klen[2];
	long depth = clean_depth(name, kept, klen);
	if (depth < 0)
		return fail(r, CC_EUNSAFE, "member %s climbs out of the archive with \"..\"",
			    shown(name, nb, sizeof(nb)));
	/* The loader drops the top directory, so "top/C:/x" starts with a drive there. */
	if (is_drive(kept[0], klen[0]) || (klen[1] == 2 && is_drive(kept[1], klen[1]) && depth > 2))
		return fail(r, CC_EUNSAFE, "member %s has a Windows drive path",
			    shown(name, nb, sizeof(nb)));
	if (depth == 0 && !is_dir)
		return fail(r, CC_EUNSAFE, "member %zu (%s) does not name a file inside the archive",
			    r->member, shown(name, nb, sizeof(nb)));
	return CC_OK;
}

/* ---------------------------------------------------------------- members */

static cc_archive_entry *new_entry(rd *r)
{
	if (r->ar->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->ar->entries = cc_realloc(r->ar->entries, r->cap * sizeof(cc_archive_entry));
	}
	cc_archive_entry *e = &r->ar->entries[r->ar->n++];
	memset(e, 0, sizeof(*e));
	return e;
}

/* The extension headers' say over name, link and size, in Go's order. */
static void merge_pending(rd *r, hdr *h)
{
	pending *e = &r->ext;
	if (e->pax_path && *e->pax_path) {
		free(h->name);
		h->name = cc_strdup(e->pax_path);
	}
	if (e->pax_link && *e->pax_link) {
		free(h->link);
		h->link = cc_strdup(e->pax_link);
	}
	if (e->has_size)
		h->size = e->size;
	if (e->long_name && *e->long_name) {
		free(h->name);
		h->name = cc_strdup(e->long_name);
	}
	if (e->long_link && *e->long_link) {
		free(h->link);
		h->link = cc_strdup(e->long_link);
	}
	size_t n = strlen(h->name);
	if (h->type == '\0')
		h->type = n > 0 && h->name[n - 1] == '/' ? '5' : '0';
}

static int check_size(rd *r, const hdr *h)
{
	char nb[256];
	if (h->size < 0)
		return fail(r, CC_EINVALID, "negative size in tar header of member %zu", r->member);
	if ((unsigned long long)h->size > r->max_file)
		return fail(r, CC_ELIMIT, "member %s is %lld bytes, larger than the limit of %zu",
			    shown(h->name, nb, sizeof(nb)), h->size, r->max_file);
	if ((unsigned long long)h->size > r->max_total - r->total)
		return fail(r, CC_ELIMIT,
			    "archive decompresses to more than the limit of %zu bytes (member %s)",
			    r->max_total, shown(h->name, nb, sizeof(nb)));
	return CC_OK;
}

/* A real member (file or directory) once its extension headers are merged. */
static int take_member(rd *r, hdr *h)
{
	merge_pending(r, h);
	int rc = CC_OK;
	if (r->ext.sparse)
		h->type = 'S';
	if (h->type != '0' && h->type != '5')
		return refuse_type(r, h);
	if ((rc = check_path(r, h->name, h->type == '5')) != CC_OK)
		return rc;
	if (h->type == '0' && (rc = check_size(r, h)) != CC_OK)
		return rc;
	if (r->ar->n >= r->max_entries)
		return fail(r, CC_ELIMIT, "archive has more than the limit of %zu members",
			    r->max_entries);
	cc_archive_entry *e = new_entry(r);
	e->name = h->name;
	h->name = NULL;
	e->mode = h->mode;
	e->mtime = h->mtime;
	e->type = h->type;
	if (h->type == '5')
		return CC_OK; /* Go never reads data for a directory */
	e->size = (size_t)h->size;
	e->data = cc_malloc(e->size + 1);
	e->data[e->size] = 0;
	if ((rc = read_full(r, e->data, e->size, "data")) != CC_OK)
		return rc;
	return skip(r, padding(e->size), "data padding");
}

/* One header block: an extension header for what follows, or a member. */
static int take_header(rd *r, const unsigned char *b)
{
	hdr h = { NULL, NULL, 0, 0, 0, 0 };
	int rc = parse_header(r, b, &h);
	if (rc == CC_OK) {
		switch (h.type) {
		case 'x': rc = read_pax(r, &h, 0); break;
		case 'g': rc = read_pax(r, &h, 1); break;
		case 'L': rc = read_long(r, &h, &r->ext.long_name); break;
		case 'K': rc = read_long(r, &h, &r->ext.long_link); break;
		default:
			rc = take_member(r, &h);
			pending_clear(&r->ext);
			r->member++;
			break;
		}
	}
	hdr_free(&h);
	return rc;
}

/* Two zero blocks end the archive; one zero block and then EOF does too. */
static int at_zero_block(rd *r, int *end)
{
	unsigned char b[BLOCK];
	size_t got;
	int rc = gz_read(r, b, BLOCK, &got, 0);
	if (rc != CC_OK)
		return rc;
	if (got > 0 && got < BLOCK)
		return truncated(r, "end-of-archive blocks");
	if (got == BLOCK && !all_zero(b))
		return fail(r, CC_EINVALID, "bad tar header: data after a zero block at member %zu",
			    r->member);
	*end = 1;
	return got == 0 ? CC_OK : drain(r);
}

static int read_tar(rd *r)
{
	unsigned char b[BLOCK];
	for (int end = 0; !end;) {
		size_t got;
		int rc = gz_read(r, b, BLOCK, &got, 0);
		if (rc != CC_OK)
			return rc;
		if (got == 0)
			return CC_OK; /* EOF at a header boundary: Go accepts it */
		if (got < BLOCK)
			return truncated(r, "header");
		rc = all_zero(b) ? at_zero_block(r, &end) : take_header(r, b);
		if (rc != CC_OK)
			return rc;
	}
	return CC_OK;
}

/* ---------------------------------------------------------------- entry points */

void cc_archive_free(cc_archive *ar)
{
	if (!ar)
		return;
	for (size_t i = 0; i < ar->n; i++) {
		free(ar->entries[i].name);
		free(ar->entries[i].data);
	}
	free(ar->entries);
	free(ar);
}

static void set_limits(rd *r, const cc_archive_limits *l)
{
	r->max_file = l && l->max_file ? l->max_file : CC_ARCHIVE_MAX_FILE;
	r->max_total = l && l->max_total ? l->max_total : CC_ARCHIVE_MAX_TOTAL;
	r->max_entries = l && l->max_entries ? l->max_entries : CC_ARCHIVE_MAX_ENTRIES;
	if (r->max_total == SIZE_MAX)
		r->max_total--; /* room_for adds one */
}

static int start(rd *r, const void *data, size_t len)
{
	const unsigned char *p = data;
	if (len == 0)
		return fail(r, CC_EINVALID, "empty file, not a gzip-compressed archive");
	if (len < 2 || p[0] != 0x1f || p[1] != 0x8b)
		return fail(r, CC_EINVALID, "not a gzip-compressed archive");
	r->in = p;
	r->in_len = len;
	if (inflateInit2(&r->zs, 15 + 16) != Z_OK)
		return fail(r, CC_ERROR, "cannot initialise the inflater");
	return CC_OK;
}

int cc_archive_read_tgz(cc_archive **out, const void *data, size_t len, const char *name,
			const cc_archive_limits *limits, cc_error *err)
{
	*out = NULL;
	rd *r = cc_calloc(1, sizeof(*r));
	r->name = name ? name : "";
	r->err = err;
	r->member = 1;
	set_limits(r, limits);
	int rc = start(r, data, len);
	if (rc != CC_OK) {
		free(r);
		return rc;
	}
	r->ar = cc_calloc(1, sizeof(cc_archive));
	rc = read_tar(r);
	inflateEnd(&r->zs);
	pending_clear(&r->ext);
	if (rc == CC_OK)
		*out = r->ar;
	else
		cc_archive_free(r->ar);
	free(r);
	return rc;
}

int cc_archive_read_tgz_file(cc_archive **out, const char *path,
			     const cc_archive_limits *limits, cc_error *err)
{
	*out = NULL;
	size_t max = limits && limits->max_total ? limits->max_total : CC_ARCHIVE_MAX_TOTAL;
	cc_buf b = CC_BUF_INIT;
	int rc = cc_file_read(path, max, &b, err);
	if (rc == CC_OK)
		rc = cc_archive_read_tgz(out, b.ptr, b.len, path, limits, err);
	cc_buf_free(&b);
	return rc;
}
