/*
 * tar.c: tar members as Go's archive/tar Writer writes helm's headers.
 *
 * Byte-identity with helm's tar stream is the point, so each choice below
 * is Go's: octal fields zero-padded with a NUL in the last byte, the
 * checksum as six digits, NUL, space; devmajor/devminor written as zeros
 * in a USTAR header but left NUL in a PAX 'x' header (writeRawFile never
 * sets them); names that are not ASCII or do not fit go to a PAX path
 * record, and the header itself keeps only their ASCII bytes.
 */
#include "package/package.h"

#include <stdio.h>
#include <string.h>

#define BLOCK 512

enum {
	OFF_NAME = 0, OFF_MODE = 100, OFF_UID = 108, OFF_GID = 116, OFF_SIZE = 124, OFF_MTIME = 136,
	OFF_CHKSUM = 148, OFF_TYPE = 156, OFF_MAGIC = 257, OFF_VERSION = 263, OFF_DEVMAJOR = 329,
	OFF_DEVMINOR = 337, OFF_PREFIX = 345
};
#define NAME_SIZE 100
#define PREFIX_SIZE 155

/* Go's formatOctal: zero-padded to width-1 digits, then NUL. */
static void put_octal(unsigned char *b, size_t width, unsigned long long v)
{
	char tmp[32];
	snprintf(tmp, sizeof(tmp), "%0*llo", (int)(width - 1), v);
	memcpy(b, tmp, width - 1);
	b[width - 1] = '\0';
}

/* Go's formatString: as much as fits, NUL after it when there is room. */
static void put_string(unsigned char *b, size_t width, const char *s, size_t n)
{
	memcpy(b, s, n < width ? n : width);
}

static void put_checksum(unsigned char *h)
{
	memset(h + OFF_CHKSUM, ' ', 8);
	unsigned sum = 0;
	for (size_t i = 0; i < BLOCK; i++)
		sum += h[i];
	char tmp[8];
	snprintf(tmp, sizeof(tmp), "%06o", sum & 0777777);
	memcpy(h + OFF_CHKSUM, tmp, 6);
	h[OFF_CHKSUM + 6] = '\0';
	h[OFF_CHKSUM + 7] = ' ';
}

static void header_common(unsigned char *h, unsigned mode, size_t size, long long mtime, char type)
{
	put_octal(h + OFF_MODE, 8, mode);
	put_octal(h + OFF_UID, 8, 0);
	put_octal(h + OFF_GID, 8, 0);
	put_octal(h + OFF_SIZE, 12, size);
	put_octal(h + OFF_MTIME, 12, (unsigned long long)mtime);
	h[OFF_TYPE] = type;
	memcpy(h + OFF_MAGIC, "ustar\0", 6);
	memcpy(h + OFF_VERSION, "00", 2);
}

static int is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

/* Go's toASCII: the ASCII bytes of s. Caller frees. */
static char *to_ascii(const char *s)
{
	char *o = cc_malloc(strlen(s) + 1), *p = o;
	for (; *s; s++)
		if ((unsigned char)*s < 0x80)
			*p++ = *s;
	*p = '\0';
	return o;
}

/* Go's splitUSTARPath: the prefix length, or 0 when the name cannot be split. */
static size_t split_ustar(const char *name)
{
	size_t len = strlen(name), n = len;
	if (len <= NAME_SIZE || !is_ascii(name))
		return 0;
	if (n > PREFIX_SIZE + 1)
		n = PREFIX_SIZE + 1;
	else if (name[n - 1] == '/')
		n--;
	size_t i = n;
	while (i > 0 && name[i - 1] != '/')
		i--;
	if (i == 0)
		return 0;
	size_t at = i - 1, nlen = len - at - 1;
	if (at == 0 || nlen > NAME_SIZE || nlen == 0 || at > PREFIX_SIZE)
		return 0;
	return at;
}

static void put_zeros(cc_buf *tar, size_t n)
{
	cc_buf_grow(tar, n);
	memset(tar->ptr + tar->len, 0, n + 1);
	tar->len += n;
}

static void put_data(cc_buf *tar, const void *data, size_t len)
{
	cc_buf_put(tar, data, len);
	put_zeros(tar, (BLOCK - len % BLOCK) % BLOCK);
}

static void put_block(cc_buf *tar, const unsigned char *h)
{
	put_checksum((unsigned char *)h);
	cc_buf_put(tar, h, BLOCK);
}

/* Go's formatPAXRecord: "<len> key=value\n", len counting itself. */
static char *pax_record(const char *key, const char *value)
{
	size_t size = strlen(key) + strlen(value) + 3;
	char digits[24];
	size += (size_t)snprintf(digits, sizeof(digits), "%zu", size);
	char *rec = cc_asprintf("%zu %s=%s\n", size, key, value);
	if (strlen(rec) != size) {
		size = strlen(rec);
		free(rec);
		rec = cc_asprintf("%zu %s=%s\n", size, key, value);
	}
	return rec;
}

/* path.Join(dir, "PaxHeaders.0", file) of a clean relative name. */
static char *pax_header_name(const char *name)
{
	const char *slash = strrchr(name, '/');
	char *full = slash ? cc_asprintf("%.*s/PaxHeaders.0/%s", (int)(slash - name), name, slash + 1)
			   : cc_asprintf("PaxHeaders.0/%s", name);
	char *ascii = to_ascii(full);
	free(full);
	if (strlen(ascii) > NAME_SIZE)
		ascii[NAME_SIZE] = '\0';
	for (size_t n = strlen(ascii); n > 0 && ascii[n - 1] == '/'; n--)
		ascii[n - 1] = '\0';
	return ascii;
}

static void add_pax_header(cc_buf *tar, const char *name)
{
	unsigned char h[BLOCK] = { 0 };
	char *rec = pax_record("path", name);
	char *hname = pax_header_name(name);
	put_string(h + OFF_NAME, NAME_SIZE, hname, strlen(hname));
	header_common(h, 0, strlen(rec), 0, 'x');
	put_block(tar, h);
	put_data(tar, rec, strlen(rec));
	free(hname);
	free(rec);
}

int cc_package_tar_add(cc_buf *tar, const char *name, const void *data, size_t len, long long mtime,
		       cc_error *err)
{
	if (!*name)
		return cc_error_set(err, CC_EINVALID, name, 0, 0, "empty archive member name");
	if (mtime < 0 || mtime > CC_PACKAGE_MAX_MTIME)
		return cc_error_set(err, CC_EINVALID, name, 0, 0, "modification time %lld out of range", mtime);
	unsigned char h[BLOCK] = { 0 };
	size_t n = strlen(name);
	size_t split = split_ustar(name);
	int ustar = is_ascii(name) && (n <= NAME_SIZE || split);
	if (ustar && split) {
		put_string(h + OFF_NAME, NAME_SIZE, name + split + 1, n - split - 1);
		put_string(h + OFF_PREFIX, PREFIX_SIZE, name, split);
	} else if (ustar) {
		put_string(h + OFF_NAME, NAME_SIZE, name, n);
	} else {
		add_pax_header(tar, name);
		char *ascii = to_ascii(name);
		put_string(h + OFF_NAME, NAME_SIZE, ascii, strlen(ascii));
		free(ascii);
	}
	header_common(h, 0644, len, mtime, '0');
	put_octal(h + OFF_DEVMAJOR, 8, 0);
	put_octal(h + OFF_DEVMINOR, 8, 0);
	put_block(tar, h);
	put_data(tar, data, len);
	return 0;
}

void cc_package_tar_end(cc_buf *tar)
{
	put_zeros(tar, 2 * BLOCK);
}
