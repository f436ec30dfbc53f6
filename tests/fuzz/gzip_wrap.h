/*
 * For fuzz targets whose input is a chart archive: a raw tar stream wrapped
 * in a stored (uncompressed) gzip member, so the fuzzer reaches the tar
 * layer and what lies behind it without having to invent valid deflate
 * data. Shared by fuzz_archive and fuzz_chartload.
 */
#ifndef CC_FUZZ_GZIP_WRAP_H
#define CC_FUZZ_GZIP_WRAP_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static unsigned char *wrap_gzip(const uint8_t *data, size_t size, size_t *outlen)
{
	z_stream zs;
	memset(&zs, 0, sizeof(zs));
	if (deflateInit2(&zs, 0, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		abort();
	size_t cap = deflateBound(&zs, (uLong)size) + 64;
	unsigned char *out = malloc(cap);
	zs.next_in = (unsigned char *)(uintptr_t)data;
	zs.avail_in = (uInt)size;
	zs.next_out = out;
	zs.avail_out = (uInt)cap;
	if (deflate(&zs, Z_FINISH) != Z_STREAM_END)
		abort();
	*outlen = cap - zs.avail_out;
	deflateEnd(&zs);
	return out;
}

/*
 * The input as a .tgz: itself when it starts with the gzip magic (so the
 * gzip layer is fuzzed too), else wrapped; *owned is what to free.
 */
static const uint8_t *as_tgz(const uint8_t *data, size_t size, size_t *len, unsigned char **owned)
{
	*owned = NULL;
	*len = size;
	if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b)
		return data;
	*owned = wrap_gzip(data, size, len);
	return *owned;
}

#endif
