/*
 * emit_time.c: time.Time as encoding/json writes it, which is how helm's
 * Chart.lock `generated` and index.yaml `generated`/`created` look.
 *
 * Go's MarshalJSON is RFC 3339 with nanoseconds, trailing zeros trimmed
 * (no fraction at all when they are all zero), in the Time's own zone:
 * time.Now() is local, so the zone is the process's (TZ), and a zero
 * offset is written "Z" whatever the zone is called. Offsets keep hours
 * and minutes only, and a year outside 0..9999 is refused, as Go does.
 */
#include "emit/emit_int.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int cc_emit_go_time(long long sec, long nsec, char *out, size_t outsz, cc_error *err)
{
	struct tm tm;
	time_t t = (time_t)sec;
	if (nsec < 0 || nsec > 999999999 || outsz < CC_EMIT_TIME_MAX || !localtime_r(&t, &tm))
		return cc_error_set(err, CC_EINVALID, "", 0, 0, "Time.MarshalJSON: invalid time");
	long long year = (long long)tm.tm_year + 1900;
	if (year < 0 || year > 9999)
		return cc_error_set(err, CC_EINVALID, "", 0, 0,
				    "Time.MarshalJSON: year outside of range [0,9999]");
	int n = snprintf(out, outsz, "%04lld-%02d-%02dT%02d:%02d:%02d", year, tm.tm_mon + 1,
			 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	if (nsec) {
		char frac[16];
		snprintf(frac, sizeof(frac), ".%09ld", nsec);
		size_t k = strlen(frac);
		while (frac[k - 1] == '0')
			frac[--k] = '\0';
		n += snprintf(out + n, outsz - (size_t)n, "%s", frac);
	}
	long off = tm.tm_gmtoff;
	if (off == 0) {
		snprintf(out + n, outsz - (size_t)n, "Z");
		return 0;
	}
	long zone = (off < 0 ? -off : off) / 60;
	if (zone / 60 >= 24)
		return cc_error_set(err, CC_EINVALID, "", 0, 0,
				    "Time.MarshalJSON: timezone hour outside of range [0,23]");
	snprintf(out + n, outsz - (size_t)n, "%c%02ld:%02ld", off < 0 ? '-' : '+', zone / 60, zone % 60);
	return 0;
}
