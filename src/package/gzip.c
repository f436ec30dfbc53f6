/*
 * gzip.c: the gzip layer of a chart archive, with helm's header.
 *
 * helm sets Extra and Comment on Go's gzip.Writer, so its archives start
 * with FLG = FEXTRA|FCOMMENT, MTIME 0, XFL 0 and OS 255; readers that look
 * at the header (and people comparing archives) see the same thing from
 * chartci. The extra bytes are v4.0-v4.1's (not RFC 1952 subfields; that
 * is what the reference helm writes). The deflate stream is zlib's at
 * level 6: Go's flate gives other bytes for the same input, and the tar
 * stream inside is what is compared.
 */
#include "package/package.h"

#include <string.h>
#include <zlib.h>

static const char helm_extra[] = "+aHR0cHM6Ly95b3V0dS5iZS96OVV6MWljandyTQo=";

static void put_le32(cc_buf *out, unsigned long v)
{
	unsigned char b[4] = { (unsigned char)(v & 0xff), (unsigned char)((v >> 8) & 0xff),
			       (unsigned char)((v >> 16) & 0xff), (unsigned char)((v >> 24) & 0xff) };
	cc_buf_put(out, b, 4);
}

static void put_header(cc_buf *out)
{
	size_t xlen = sizeof(helm_extra) - 1;
	const unsigned char head[] = { 0x1f, 0x8b, 8, 0x04 | 0x10, 0, 0, 0, 0, 0, 0xff,
				       (unsigned char)(xlen & 0xff), (unsigned char)(xlen >> 8) };
	cc_buf_put(out, head, sizeof(head));
	cc_buf_put(out, helm_extra, xlen);
	cc_buf_put(out, "Helm", 5); /* with its NUL */
}

static int deflate_raw(const void *data, size_t len, cc_buf *out, cc_error *err)
{
	z_stream z;
	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return cc_error_set(err, CC_ERROR, "", 0, 0, "deflateInit2 failed");
	uLong bound = deflateBound(&z, (uLong)len);
	cc_buf_grow(out, bound);
	z.next_in = (Bytef *)data;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)out->ptr + out->len;
	z.avail_out = (uInt)bound;
	int rc = deflate(&z, Z_FINISH);
	if (rc == Z_STREAM_END)
		out->len += z.total_out;
	deflateEnd(&z);
	if (rc != Z_STREAM_END)
		return cc_error_set(err, CC_ERROR, "", 0, 0, "deflate failed (%d)", rc);
	out->ptr[out->len] = '\0';
	return 0;
}

int cc_package_gzip(const void *data, size_t len, cc_buf *out, cc_error *err)
{
	if (len > 0xffffffffu)
		return cc_error_set(err, CC_ELIMIT, "", 0, 0, "archive too large to compress in one pass");
	put_header(out);
	int rc = deflate_raw(data, len, out, err);
	if (rc != 0)
		return rc;
	put_le32(out, crc32(crc32(0L, Z_NULL, 0), (const Bytef *)data, (uInt)len));
	put_le32(out, (unsigned long)len);
	return 0;
}
