/*
 * lockfile.c: Chart.lock as helm re-writes it into an archive.
 *
 * helm decodes the lock into its Lock struct and marshals it again, so the
 * file in the archive is cc_lock_format's output. Only `generated` needs
 * care: Go parsed it into a time.Time, which keeps the instant and the
 * offset but not the spelling, so the fraction loses its trailing zeros
 * and a zero offset prints as "Z". A lock without it holds Go's zero time.
 */
#include "package/package_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lock/lock.h"

static int digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* RFC 3339 with Go's output rules, or NULL when `s` is not one. */
static char *go_time_text(const char *s)
{
	size_t n = strlen(s);
	if (n < 20 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' || !digits(s + 8, 2) ||
	    s[10] != 'T' || !digits(s + 11, 2) || s[13] != ':' || !digits(s + 14, 2) || s[16] != ':' ||
	    !digits(s + 17, 2))
		return NULL;
	const char *p = s + 19, *frac = p;
	size_t nfrac = 0;
	if (*p == '.') {
		frac = ++p;
		while (isdigit((unsigned char)*p))
			p++;
		nfrac = (size_t)(p - frac);
		if (nfrac == 0)
			return NULL;
	}
	if (nfrac > 9)
		nfrac = 9;
	while (nfrac > 0 && frac[nfrac - 1] == '0')
		nfrac--;
	const char *zone;
	if (!strcmp(p, "Z") || !strcmp(p, "+00:00") || !strcmp(p, "-00:00"))
		zone = "Z";
	else if ((p[0] == '+' || p[0] == '-') && strlen(p) == 6 && digits(p + 1, 2) && p[3] == ':' && digits(p + 4, 2))
		zone = p;
	else
		return NULL;
	return cc_asprintf("%.19s%s%.*s%s", s, nfrac ? "." : "", (int)nfrac, frac, zone);
}

int cc_package_lockfile(const cc_chart *c, cc_buf *out, cc_error *err)
{
	cc_lock *l = NULL;
	int rc = cc_lock_read(c, &l, err);
	if (rc != 0)
		return rc;
	char *gen = l->generated ? go_time_text(l->generated) : cc_strdup("0001-01-01T00:00:00Z");
	if (!gen)
		rc = cc_error_set(err, CC_EINVALID, l->file, l->line, l->col,
				  "cannot load Chart.lock: generated \"%s\" is not an RFC 3339 time", l->generated);
	else
		rc = cc_lock_format(l->entries, l->n, l->digest, gen, out, err);
	free(gen);
	cc_lock_free(l);
	return rc;
}
