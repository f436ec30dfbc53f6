/*
 * Fuzz target for the chart archive reader. Input starting with the gzip
 * magic is read as a .tgz, so the gzip layer is exercised; anything else is
 * taken as a raw tar stream and wrapped in a stored (uncompressed) gzip
 * member first, so the fuzzer reaches the tar parser without having to
 * invent valid deflate data. Small limits keep each run fast, and every
 * archive that is accepted is checked against the reader's promises.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "gzip_wrap.h"

#include "archive/archive.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What an accepted archive must satisfy. */
static void check(const cc_archive *ar, const cc_archive_limits *lim)
{
	size_t total = 0;
	if (ar->n > lim->max_entries)
		abort();
	for (size_t i = 0; i < ar->n; i++) {
		const cc_archive_entry *e = &ar->entries[i];
		const char *n = e->name;
		if (e->type != '0' && e->type != '5')
			abort();
		if (n[0] == '/' || n[0] == '\\' || strncmp(n, "../", 3) == 0 || strcmp(n, "..") == 0)
			abort();
		if (e->type == '0' && (!e->data || e->data[e->size] != 0 || e->size > lim->max_file))
			abort();
		total += e->size;
	}
	if (total > lim->max_total)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cc_archive_limits lim = { 1 << 20, 4 << 20, 1000 };
	unsigned char *owned;
	size_t len;
	const uint8_t *in = as_tgz(data, size, &len, &owned);
	cc_archive *ar = NULL;
	cc_error err;
	int rc = cc_archive_read_tgz(&ar, in, len, "fuzz.tgz", &lim, &err);
	if (rc == CC_OK)
		check(ar, &lim);
	else if (ar || rc > 0 || !err.msg[0])
		abort();
	cc_archive_free(ar);
	free(owned);
	return 0;
}
